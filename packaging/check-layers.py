#!/usr/bin/env python3
"""Holds the code to README's "Layout": which folder may include which,
where CivetWeb may be named, where SQLite may be called, and that only
handlers see a request (rules take plain data and return refusals). Prints one line
per breach (file:line: what, and what the folder may use) and exits 1 if
there is any; prints "check-layers: clean" otherwise.

Usage: python3 packaging/check-layers.py (from the top of the tree)
"""
import os
import re
import sys

# What each folder may include besides itself (README "Layout").
MAY_USE = {
    "server/lib": set(),
    "db": {"server/lib"},
    "server/system": {"server/lib", "db"},
    "server/phones": {"server/lib", "db", "server/system"},
    "server/assistant": {"server/lib", "db", "server/system", "server/phones"},
    "server/provisioning": {"server/lib", "db", "server/system", "server/phones"},
    "server/reboots": {"server/lib", "db", "server/system", "server/phones"},
    "server/unify": {"server/lib", "db", "server/system"},
    "server/sip_devices": {"server/lib", "db", "server/system"},
    "server/http": {"server/lib", "db", "server/system", "server/phones", "server/assistant",
                    "server/provisioning", "server/reboots", "server/unify",
                    "server/sip_devices"},
}
# A part's handlers (api_*.c) are called with a request: they may use the
# request helpers of server/http, and nothing else of it.
HANDLER_HEADERS = {"server/http/api.h", "server/http/export.h"}
# Rules return refusals, handlers speak HTTP: a request is seen only by
# the HTTP glue, the handlers, and the request helpers and authentication.
REQUEST_OK = ("server/http/", "server/system/req.", "server/system/auth.")
REQUEST = re.compile(r'\bstruct\s+req\b')
# CivetWeb is named only by the HTTP glue and the provisioning listener's.
CIVETWEB_OK = ("server/http/", "server/provisioning/provision_http.c", "server/provisioning/provision_http.h")

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
MG = re.compile(r'\b(mg_[a-z_]+)\s*\(|civetweb\.h')
SQLITE = re.compile(r'\bsqlite3_[a-z_0-9]+\s*\(')


def folder_of(path):
    for f in sorted(MAY_USE, key=len, reverse=True):
        if path.startswith(f + "/"):
            return f
    return None


def sources():
    for top in ("server", "db"):
        for d, _, files in os.walk(top):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


def main():
    breaches = []
    for path in sorted(sources()):
        here = folder_of(path)
        if here is None:
            breaches.append(f"{path}:1: not in any folder of the layout")
            continue
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        in_comment = False
        for n, line in enumerate(lines, 1):
            code = line
            if in_comment:
                if "*/" not in code:
                    continue
                code = code.split("*/", 1)[1]
                in_comment = False
            code = re.sub(r"/\*.*?\*/", "", code)
            if "/*" in code:
                code = code.split("/*", 1)[0]
                in_comment = True
            m = INCLUDE.match(code)
            if m and m.group(1) != "civetweb.h":
                target = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
                there = folder_of(target)
                if there is None:
                    breaches.append(f"{path}:{n}: includes {m.group(1)}, which is in no folder of the layout")
                elif there != here and there not in MAY_USE[here]:
                    if not (os.path.basename(path).startswith("api_") and target in HANDLER_HEADERS):
                        may = ", ".join(sorted(MAY_USE[here])) or "nothing but itself"
                        breaches.append(f"{path}:{n}: includes {target} ({there}); {here} may use {may}")
            if MG.search(code) and not path.startswith(CIVETWEB_OK):
                breaches.append(f"{path}:{n}: names CivetWeb ({MG.search(code).group(0).strip('(').strip()}); "
                                "only server/http/ and the provisioning listener glue may")
            if REQUEST.search(code) and not path.startswith(REQUEST_OK) and \
                    not os.path.basename(path).startswith("api_"):
                breaches.append(f"{path}:{n}: sees a request (struct req); only handlers (api_*.c) and "
                                "server/http/ may: rules take plain data and return refusals")
            if SQLITE.search(code) and here != "db":
                breaches.append(f"{path}:{n}: calls SQLite ({SQLITE.search(code).group(0).strip('(').strip()}); "
                                "only db/ may")
    for b in breaches:
        print(b)
    if breaches:
        print(f"check-layers: {len(breaches)} breaches")
        return 1
    print("check-layers: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
