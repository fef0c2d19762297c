#!/bin/sh
# Stand-in for Tecnativa's docker-socket-proxy, on Debian's HAProxy: the same settings by environment (1 allows a
# family of Docker Engine API calls, 0 refuses it; POST=0 refuses every method but GET and HEAD), the same port
# (2375) and the socket at /var/run/docker.sock. Only the families the factory sets are honoured here: PING, VERSION,
# EVENTS, CONTAINERS, INFO, IMAGES, NETWORKS, VOLUMES, EXEC and POST. Anything not allowed gets 403.
set -eu
allow() { # FAMILY VARIABLE DEFAULT -> an allow rule when the variable is 1
  value=$(eval "echo \${$2:-$3}")
  [ "$value" = 1 ] && printf '  http-request allow if { path,url_dec -m reg -i ^(/v[0-9.]+)?/%s } writes_ok\n' "$1"
  return 0
}
{
  cat <<'CONFIG'
global
  log stdout format raw local0 info
  maxconn 200

defaults
  mode http
  log global
  option httplog
  timeout connect 10s
  timeout client 10m
  timeout server 10m

backend engine
  server socket /var/run/docker.sock

frontend api
  bind :2375
CONFIG
  if [ "${POST:-0}" = 1 ]; then
    echo '  acl writes_ok always_true'
  else
    echo '  acl writes_ok method GET HEAD'
  fi
  allow _ping PING 1
  allow version VERSION 1
  allow events EVENTS 1
  allow containers CONTAINERS 0
  allow info INFO 0
  allow images IMAGES 0
  allow networks NETWORKS 0
  allow volumes VOLUMES 0
  allow exec EXEC 0
  echo '  http-request deny deny_status 403'
  echo '  default_backend engine'
} > /etc/haproxy/socket-proxy.cfg
exec haproxy -W -db -f /etc/haproxy/socket-proxy.cfg
