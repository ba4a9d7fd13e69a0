#!/usr/bin/env python3
"""Talks to a running inspectd with the PyPI `varlink` package, as an office's own script would.

Usage: control_client.py SOCKET_PATH
Prints one JSON object: the service info, the interface description's first line, GetStatus,
ListObligations(within_days=10), and the typed error of GetEntity for an unknown id.
Exits 3 when the `varlink` package is missing.
"""
import json
import sys

try:
    import varlink
except ImportError:
    sys.stderr.write("python3 cannot import varlink: pip install varlink\n")
    sys.exit(3)

out = {}
with varlink.Client(address="unix:" + sys.argv[1]) as client:
    with client.open("org.varlink.service") as service:
        out["info"] = service.GetInfo()
    out["interface"] = client.get_interface("io.inspectd.Control").name
    with client.open("io.inspectd.Control", namespaced=False) as ctl:
        out["status"] = ctl.GetStatus()
        out["upcoming"] = ctl.ListObligations(within_days=10)
        try:
            ctl.GetEntity(id="NO-SUCH-ENTITY")
            out["error"] = None
        except varlink.VarlinkError as error:
            out["error"] = {"name": error.error(), "parameters": error.parameters()}
json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
sys.stdout.write("\n")
