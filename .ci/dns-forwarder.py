#!/usr/bin/env python3
"""The test engine's DNS: forwards the containers' lookups to this machine's own resolver.

On a server, Docker's embedded DNS passes names it does not know (an Immich that was never started, a host on the
internet) to the host's resolver through NAT, and the answer "no such name" comes back at once. The test engine runs
without iptables, so no NAT: a container's lookup of an absent service would go unanswered until it times out. This
listens on one of the machine's addresses (which containers reach through their gateway), and .ci/run gives that
address to dockerd as --dns.

Usage: dns-forwarder.py LISTEN_ADDRESS  (the upstream is the first nameserver in /etc/resolv.conf)
"""
import socket
import sys
import threading


def upstream():
    with open("/etc/resolv.conf", encoding="ascii", errors="replace") as conf:
        for line in conf:
            parts = line.split()
            if len(parts) >= 2 and parts[0] == "nameserver" and ":" not in parts[1]:
                return parts[1]
    return "127.0.0.1"


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Bound to the one address, so that replies leave from the address the container asked (a reply from another
    # of the machine's addresses is dropped by the asker's connected socket).
    server.bind((sys.argv[1], 53))
    resolver = (upstream(), 53)

    def forward(query, asker):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as out:
            out.settimeout(4)
            try:
                out.sendto(query, resolver)
                server.sendto(out.recv(65535), asker)
            except OSError:
                pass  # unanswered upstream: the asker times out, as it would on a server whose resolver is down

    while True:
        query, asker = server.recvfrom(65535)
        threading.Thread(target=forward, args=(query, asker), daemon=True).start()


if __name__ == "__main__":
    main()
