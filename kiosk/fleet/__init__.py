"""Statistics and fleet status back to the centre.

Each kiosk PUTs its anonymous hourly counts as one JSON batch per day, and a heartbeat, to a
WebDAV location nginx serves (``deploy/nginx-fleet.conf``), into a folder of its own that its
basic-auth credential alone may write: :mod:`kiosk.fleet.upload`. The centre reads that folder
tree into its database and lists each kiosk's status: :mod:`kiosk.fleet.central`. The format of
both files and their checks: :mod:`kiosk.fleet.batches`. Plain files over HTTP PUT were chosen
as the simplest real part: nginx needs no code of ours, a resend replaces the same file, and
the import is a second, independent step that can be run again at any time.
"""
