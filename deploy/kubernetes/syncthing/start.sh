#!/bin/sh
# Syncthing's start in Photo Factory. Before Syncthing first listens, its GUI is locked with the user in
# SYNCTHING_GUI_USER and the password in SYNCTHING_GUI_PASSWORD, or in the file SYNCTHING_GUI_PASSWORD_FILE names
# (a Compose secret): `syncthing generate` keeps only a bcrypt hash in config.xml, and on the very first start it also
# makes the keys and the configuration that `serve` would have made. At every start the GUI gets the factory's
# password again, whatever was changed by hand. Then Syncthing starts as the image starts it.
# The image's /bin/entrypoint.sh runs each as PUID:PGID.
set -eu

home=${STHOMEDIR:-/var/syncthing/config}
user=${SYNCTHING_GUI_USER:-}
if [ -z "$user" ]; then
  echo "start.sh: SYNCTHING_GUI_USER is not set; Syncthing is not started with an open GUI" >&2
  exit 1
fi

lock_gui() {
  /bin/entrypoint.sh /bin/syncthing generate --home="$home" --skip-port-probing --gui-user="$user" --gui-password=-
}

if [ -n "${SYNCTHING_GUI_PASSWORD_FILE:-}" ]; then
  if [ ! -s "$SYNCTHING_GUI_PASSWORD_FILE" ]; then
    echo "start.sh: $SYNCTHING_GUI_PASSWORD_FILE (SYNCTHING_GUI_PASSWORD_FILE) is missing or empty; Syncthing is not started with an open GUI" >&2
    exit 1
  fi
  lock_gui < "$SYNCTHING_GUI_PASSWORD_FILE"
elif [ -n "${SYNCTHING_GUI_PASSWORD:-}" ]; then
  printf '%s\n' "$SYNCTHING_GUI_PASSWORD" | lock_gui
else
  echo "start.sh: neither SYNCTHING_GUI_PASSWORD nor SYNCTHING_GUI_PASSWORD_FILE is set; Syncthing is not started with an open GUI" >&2
  exit 1
fi

# Syncthing itself needs neither.
unset SYNCTHING_GUI_PASSWORD SYNCTHING_GUI_PASSWORD_FILE
exec /bin/entrypoint.sh /bin/syncthing "$@"
