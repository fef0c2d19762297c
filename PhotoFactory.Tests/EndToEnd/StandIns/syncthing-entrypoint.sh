#!/bin/sh
# Stand-in for the official syncthing image's entrypoint, on Debian's Syncthing: started as root, it makes HOME
# (/var/syncthing, holding config/ and the default folder Sync/) belong to PUID:PGID and runs Syncthing as them.
set -eu
[ -n "${UMASK:-}" ] && umask "$UMASK"
if [ "$(id -u)" = 0 ]; then
  chown "$PUID:$PGID" "$HOME" "$STHOMEDIR" 2>/dev/null || true
  exec setpriv --reuid="$PUID" --regid="$PGID" --clear-groups env HOME="$HOME" "$0" "$@"
fi
exec syncthing serve --home="$STHOMEDIR" --gui-address="$STGUIADDRESS" --no-browser --no-restart "$@"
