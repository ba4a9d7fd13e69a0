#!/usr/bin/env python3
"""A TCP proxy between daemons and PostgreSQL that the tests can cut (FencingTests).

    blackhole_proxy.py CONTROL_DIR TARGET_UNIX_SOCKET COUNT

Listens on COUNT ports of 127.0.0.1 (printed on the first line of standard output, separated by
spaces) and forwards each connection to the server's Unix socket. A port is cut while the file
CONTROL_DIR/cut-N exists (N: the port's index from 0): its connections, open or new, are neither
forwarded nor closed — bytes wait in the kernels' buffers as they would behind a partition, new
connections are accepted and never answered, as by a hung server. Removing the file heals the
port: what waited is forwarded, new connections reach the server. While CONTROL_DIR/trip-N
exists, port N is cut by the proxy itself right after it forwarded a client's bytes holding the
file's text (a statement's start): the server has the statement, its answer never comes back —
a host lost between two statements of a transaction, at a point the test chooses. After applying the files the
proxy writes CONTROL_DIR/state ("cut: 0 2"), so a test knows when a cut is in force; and it
counts there, every 0.1 s, each port's connections the client has not closed ("open: 3 1 0"),
read from the kernel (TCP_INFO), as a cut port's connections are not read.
"""
import os
import select
import socket
import sys
import time

control, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
listeners = []
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(128)
    s.setblocking(False)
    listeners.append(s)
print(" ".join(str(s.getsockname()[1]) for s in listeners), flush=True)


class Pair:
    """A client's connection and, once its port is not cut, the server's."""

    def __init__(self, client, port):
        self.client, self.port, self.server = client, port, None
        self.to_server, self.to_client = bytearray(), bytearray()

    def close(self):
        for s in (self.client, self.server):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass


pairs = []
cut = set()


def client_open(p):
    """Whether the client still holds its end (the socket is not in CLOSE_WAIT or past it)."""
    try:
        state = p.client.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0]
    except OSError:
        return False
    return state not in (7, 8, 9)  # TCP_CLOSE, TCP_CLOSE_WAIT, TCP_LAST_ACK


def write_state():
    opened = [sum(1 for p in pairs if p.port == i and client_open(p)) for i in range(count)]
    tmp = os.path.join(control, "state.tmp")
    with open(tmp, "w") as f:
        f.write("cut: %s\nopen: %s\n" % (" ".join(str(i) for i in sorted(cut)), " ".join(str(n) for n in opened)))
    os.replace(tmp, os.path.join(control, "state"))


def read_control():
    now = {i for i in range(count) if os.path.exists(os.path.join(control, "cut-%d" % i))}
    global cut
    if now != cut:
        cut = now
        return True
    return False


def pump(src, dst, buffer):
    """Reads what src has into buffer; returns False at its end (or an error)."""
    try:
        data = src.recv(65536)
    except BlockingIOError:
        return True
    except OSError:
        return False
    if not data:
        return False
    buffer.extend(data)
    return True


def trip(p):
    """Cuts p's port if the client just sent the text that trips it (the bytes are forwarded first)."""
    path = os.path.join(control, "trip-%d" % p.port)
    try:
        with open(path, "rb") as f:
            text = f.read()
    except OSError:
        return False
    if not text or text not in p.to_server:
        return False
    while p.to_server and flush(p.server, p.to_server):
        if p.to_server:
            time.sleep(0.001)
    with open(os.path.join(control, "cut-%d" % p.port), "w"):
        pass
    os.unlink(path)
    cut.add(p.port)
    return True


def flush(dst, buffer):
    if not buffer:
        return True
    try:
        n = dst.send(buffer)
    except BlockingIOError:
        return True
    except OSError:
        return False
    del buffer[:n]
    return True


state_written = 0.0
while True:
    changed = read_control()
    for i, listener in enumerate(listeners):
        while True:
            try:
                c, _ = listener.accept()
            except BlockingIOError:
                break
            c.setblocking(False)
            pairs.append(Pair(c, i))
            changed = True
    # Register what may move now: nothing of a cut port.
    for p in list(pairs):
        if p.port in cut:
            continue
        if p.server is None:
            p.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                p.server.connect(target)
            except OSError:
                p.close()
                pairs.remove(p)
                changed = True
                continue
            p.server.setblocking(False)
    rlist = []
    for p in pairs:
        if p.port not in cut and p.server is not None:
            rlist += [p.client, p.server]
    if changed or time.monotonic() - state_written > 0.1:
        write_state()
        state_written = time.monotonic()
    if not rlist:
        time.sleep(0.02)
        continue
    wlist = [p.server for p in pairs if p.port not in cut and p.server is not None and p.to_server] + \
            [p.client for p in pairs if p.port not in cut and p.server is not None and p.to_client]
    readable, writable, _ = select.select(rlist, wlist, [], 0.02)
    readable, writable = set(readable), set(writable)
    for p in list(pairs):
        if p.port in cut or p.server is None:
            continue  # (also those a trip cut during this round)
        alive = True
        if p.client in readable:
            alive = pump(p.client, p.server, p.to_server) and alive
            if trip(p):
                write_state()
                continue
        if p.server in readable:
            alive = pump(p.server, p.client, p.to_client) and alive
        alive = flush(p.server, p.to_server) and alive
        alive = flush(p.client, p.to_client) and alive
        if not alive:
            # One side ended: what the other side still had to say is given, then both close.
            flush(p.server, p.to_server)
            flush(p.client, p.to_client)
            p.close()
            pairs.remove(p)
            write_state()
