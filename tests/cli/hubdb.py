# SPDX-License-Identifier: MIT
"""hubdb: what an attacker holding a hub's database can take out of it.

Reads a node.db with Python's sqlite3 (read-only) and prints a request
body built from the entries exactly as stored, for tests/probe's "post".

  hubdb.py push DB ORG SCOPE
      {"entries": [...]}: every entry of the feed of the key of
      organisation ORG (from the member table) at SCOPE (0-3), in seq
      order, each {"h","s","p"} with base64url (no padding) bytes and
      "p": null where the payload is gone (docs/PROTOCOL.md §10).

  hubdb.py push DB ORG SCOPE AS
      The same with the scope byte of each header (offset 33, §2)
      changed to AS: the hub widens the feed's scope in the bytes it
      relays, signatures left as they were.
"""
import base64
import json
import sqlite3
import sys


def b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def push(db, org, scope, as_scope=None):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = con.execute(
        "SELECT e.header, e.sig, p.body FROM entry e "
        "JOIN feed f ON f.feed = e.feed "
        "LEFT JOIN payload p ON p.n = e.n "
        "WHERE f.author = (SELECT key FROM member WHERE org = ?) "
        "AND f.scope = ? ORDER BY e.seq", (org, scope)).fetchall()
    if not rows:
        sys.exit("hubdb: no entries of %s at scope %d" % (org, scope))
    if as_scope is not None:
        rows = [(h[:33] + bytes([as_scope]) + h[34:], s, p) for h, s, p in rows]
    entries = [{"h": b64(h), "s": b64(s), "p": b64(p) if p is not None else None}
               for h, s, p in rows]
    print(json.dumps({"entries": entries}, separators=(",", ":")))


def main(argv):
    if len(argv) in (5, 6) and argv[1] == "push":
        push(argv[2], argv[3], int(argv[4]),
             int(argv[5]) if len(argv) == 6 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
