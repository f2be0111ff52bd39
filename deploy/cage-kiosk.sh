#!/bin/sh
# Launch line for the Cage kiosk compositor: Cage shows exactly one fullscreen application and
# ends when it ends (systemd then restarts the unit). -d: no client-side decorations.
# No -s: that option lets anyone with a keyboard switch virtual terminals (Ctrl+Alt+F1…),
# away from the kiosk to a login prompt; staff change the kiosk through staff mode or
# kiosk-admin over the network, never by switching terminals.
#
#   cage-kiosk.sh [COMMAND [ARG…]]   (default: the installed kiosk, /opt/wegweiser/.venv/bin/kiosk)
#
# systemd names the unit's main process (Cage, after the exec below) in WATCHDOG_PID, but the
# heartbeats come from the kiosk, Cage's child (NotifyAccess=all lets them through). The kiosk
# ignores a watchdog meant for another process, so the variable must not reach it.
unset WATCHDOG_PID
[ "$#" -gt 0 ] || set -- /opt/wegweiser/.venv/bin/kiosk
exec cage -d -- "$@"
