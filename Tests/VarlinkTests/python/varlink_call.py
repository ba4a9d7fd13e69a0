#!/usr/bin/env python3
"""Calls a Varlink service with the PyPI `varlink` package and prints what it got as JSON.

Usage: varlink_call.py ADDRESS INTERFACE METHOD [PARAMETERS_JSON]

Prints one JSON object on stdout:
  {"info": <GetInfo reply>, "description": <IDL text of INTERFACE>, "reply": <method reply>}
or, when the method answers with an error:
  {"info": ..., "description": ..., "error": <error name>, "parameters": <error parameters>}
Exits 3 with a message on stderr when the `varlink` package is missing.
"""
import json
import sys

try:
    import varlink
except ImportError:
    sys.stderr.write("python3 cannot import varlink: pip install varlink\n")
    sys.exit(3)


def main():
    address, interface, method = sys.argv[1:4]
    parameters = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    out = {}
    with varlink.Client(address=address) as client:
        with client.open("org.varlink.service") as service:
            out["info"] = service.GetInfo()
        with client.open(interface) as connection:
            out["description"] = client.get_interface(interface).get_description()
            try:
                out["reply"] = getattr(connection, method)(**parameters)
            except varlink.VarlinkError as error:
                out["error"] = error.error()
                out["parameters"] = error.parameters()
    json.dump(out, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
