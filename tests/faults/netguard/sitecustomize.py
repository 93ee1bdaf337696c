"""Network guard for fault tests, loaded into every Python process a test starts.

A test puts this directory on ``PYTHONPATH`` and names a log file in
``NETGUARD_LOG``. An audit hook then sees every ``socket.connect``: each
attempt is appended to the log as ``host port`` (one line), and any address
outside 127.0.0.0/8 (or ::1) is stopped with PermissionError before the
kernel is asked, so a test can show that the crawler never *tries* to reach a
private or link-local address without any packet leaving the machine.
"""

import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("NETGUARD_LOG")


def _hook(event, args):
    if event != "socket.connect" or not _LOG:
        return
    sock, address = args
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host, port = address[0], address[1]
    with open(_LOG, "a") as f:
        f.write(f"{host} {port}\n")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise PermissionError(f"netguard: connection to {host}:{port} blocked in tests")


if _LOG:
    sys.addaudithook(_hook)
