#!/bin/sh
# Stand-in for the official syncthing image's /bin/entrypoint.sh, on Debian's Syncthing: called with the binary and its
# arguments, as root it makes HOME (/var/syncthing, holding config/ and the default folder Sync/) belong to PUID:PGID
# and runs the binary as them. Debian's 1.19 reads neither STHOMEDIR nor STGUIADDRESS, which the official 1.27 reads
# from the environment, so `serve` (or no subcommand) gets them as flags; any other subcommand runs as given.
set -eu
[ -n "${UMASK:-}" ] && umask "$UMASK"
if [ "$(id -u)" = 0 ]; then
  chown "$PUID:$PGID" "$HOME" "$STHOMEDIR" 2>/dev/null || true
  exec setpriv --reuid="$PUID" --regid="$PGID" --clear-groups env HOME="$HOME" "$0" "$@"
fi
binary=$1
shift
if [ $# -eq 0 ] || [ "$1" = serve ]; then
  [ $# -eq 0 ] || shift
  exec "$binary" serve --home="$STHOMEDIR" --gui-address="$STGUIADDRESS" --no-browser --no-restart "$@"
fi
exec "$binary" "$@"
