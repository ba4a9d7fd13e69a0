#!/usr/bin/env python3
"""Makes each Varlink call given on standard input (a JSON list of {"method", "parameters"}) on the
socket SOCKET_PATH, one connection, and prints a JSON list of {"method", "error"} (the error name,
or null for a reply): the plain protocol (a JSON object, then a NUL), no package needed.

Usage: call_each.py SOCKET_PATH < calls.json
"""
import json
import socket
import sys

calls = json.load(sys.stdin)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
buffer = b""
out = []
for call in calls:
    message = {"method": "io.inspectd.Control." + call["method"], "parameters": call.get("parameters", {})}
    s.sendall(json.dumps(message).encode() + b"\0")
    while b"\0" not in buffer:
        chunk = s.recv(1 << 16)
        if not chunk:
            raise SystemExit("the daemon closed the connection")
        buffer += chunk
    frame, buffer = buffer.split(b"\0", 1)
    reply = json.loads(frame)
    out.append({"method": call["method"], "error": reply.get("error")})
json.dump(out, sys.stdout)
sys.stdout.write("\n")
