#!/bin/sh
# Launch line for the Cage kiosk compositor: Cage shows exactly one fullscreen application and
# ends when it ends (systemd then restarts the unit). -d: no client-side decorations,
# -s: allow switching virtual terminals only for administrators with a keyboard.
exec cage -d -s -- /opt/wegweiser/.venv/bin/kiosk
