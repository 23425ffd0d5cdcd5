"""Benchmark: the Managed IP Phones container view with 100,000 phones.

Fills a fresh database with N phones (one station each) through SQLite
directly (the API would take minutes to create them one by one), starts the
release binary on 127.0.0.1 and times GET /api/v1/phones for the first page
sorted by each column, a filtered page, a deep page, and a CSV export.
Prints a Markdown table; numbers are wall-clock medians of R runs, measured
from a Python client on the same machine (TLS, keep-alive).

Usage: python3 tests/bench/phones_list.py [N] [R]
"""
import http.client
import os
import shutil
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import harness  # noqa: E402
import summary  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
R = int(sys.argv[2]) if len(sys.argv) > 2 else 9
# The release build: benchmarks measure what runs in production.
harness.BIN = os.path.join(harness.ROOT, "build/release/switchboard")


def fill(path, n):
    db = sqlite3.connect(path)
    models = [r[0] for r in db.execute("SELECT id FROM phone_models WHERE family = 'polycom' LIMIT 20")]
    now = int(time.time())
    rows = []
    for i in range(n):
        mac = "0004f2%06x" % i
        rows.append((f"Phone{i:06d}", models[i % len(models)], ":".join(mac[j:j + 2] for j in range(0, 12, 2)),
                     "Up-to-date" if i % 3 else "Not provisioned", now, now))
    db.executemany("INSERT INTO phones (name, type, model_id, address, registration_group_id, location_id, status, "
                   "created_at, updated_at) VALUES (?, 'workstation', ?, ?, 1, 1, ?, ?, ?)", rows)
    db.execute("INSERT INTO stations (phone_id, position, extension, identification_address, station_type, "
               "sip_username, sip_password) SELECT id, 1, 100000 + id, 'sip:' || (100000 + id) || '@pbx:5060', "
               "'Managed Workstation', 100000 + id, 'sb1:x' FROM phones")
    db.commit()
    db.close()


def main():
    tmp = tempfile.mkdtemp(prefix="sb-bench-")
    srv = None
    try:
        srv = harness.Server(data=os.path.join(tmp, "data"))
        harness.setup_admin(srv)
        srv.stop()
        t0 = time.time()
        fill(os.path.join(srv.data, "switchboard.db"), N)
        fill_s = time.time() - t0
        srv.start()
        c = srv.client()
        assert c.login("admin").status == 200
        conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=srv.context(), timeout=120)
        headers = {"Cookie": c.cookie}

        def timed(path, accept="application/json"):
            times = []
            for _ in range(R):
                t = time.perf_counter()
                conn.request("GET", path, headers=dict(headers, Accept=accept))
                r = conn.getresponse()
                body = r.read()
                times.append((time.perf_counter() - t) * 1000)
                assert r.status == 200, (path, r.status, body[:200])
            return statistics.median(times), len(body)

        cases = [(f"first page by {k}", f"/api/v1/phones?sort={k}&limit=50") for k in
                 ("name", "status", "address", "phone", "software_version", "active", "location", "time_zone")]
        cases += [("first page by name, descending", "/api/v1/phones?sort=name&order=desc&limit=50"),
                  ("filter q=Phone0999 (111 rows)", "/api/v1/phones?q=Phone0999&limit=50"),
                  ("deep page offset 99,950", "/api/v1/phones?sort=name&limit=50&offset=99950"),
                  ("station list, first page", "/api/v1/stations?limit=50")]
        print(f"| request ({N:,} phones) | median ms (of {R}) | bytes |")
        print("|---|---:|---:|")
        for label, path in cases:
            ms, size = timed(path)
            print(f"| {label} | {ms:.1f} | {size:,} |")
            if label == "first page by name":
                summary.record(f"first page of {N:,} phones by name, median", ms, "ms", higher_is_better=False)
        ms, size = timed("/api/v1/phones?sort=name", "text/csv")
        print(f"| CSV export of all rows | {ms:.1f} | {size:,} |")
        print(f"\nFilling the database took {fill_s:.1f} s (SQLite executemany, not the API).")
    finally:
        if srv:
            srv.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
