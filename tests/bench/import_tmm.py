"""Benchmark: the Managed IP Phone Assistant on a generated TMM list.

Generates an N-row TMM list, uploads it to the release binary (parse
report), commits it (job), and reports rows per second for each step and
the daemon's peak resident memory (VmHWM) — beside `sqlite3 .import` of the
same rows into a bare table in the same run, the floor for "read a CSV into
SQLite". Wall-clock figures from a client on the same machine.

Usage: python3 tests/bench/import_tmm.py [N]
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import harness  # noqa: E402
import summary  # noqa: E402

harness.BIN = os.path.join(harness.ROOT, "build/release/switchboard")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000


def vm_hwm(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return 0


def main():
    tmp = tempfile.mkdtemp(prefix="sb-bench-")
    srv = None
    try:
        path = os.path.join(tmp, "list.csv")
        models = ["VVX 410", "VVX 411", "IP335", "Trio 8800", "VVX 250"]
        with open(path, "w") as f:
            f.write("Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address\n")
            for i in range(N):
                f.write(f"Phone{i:06d},Workstation,Polycom,{models[i % 5]},,{100000 + i},,Desk {i},"
                        f"0004f2{i:06x}\n")
        size = os.path.getsize(path)
        t = time.perf_counter()
        subprocess.run(["sqlite3", os.path.join(tmp, "bare.db"), ".mode csv", f".import {path} bare"], check=True)
        bare_s = time.perf_counter() - t
        srv = harness.Server(data=os.path.join(tmp, "data"))
        c = harness.setup_admin(srv)
        before = vm_hwm(srv.proc.pid)
        data = open(path, "rb").read()
        t = time.perf_counter()
        r = c.request("POST", "/api/v1/assistant/imports", raw=data, content_type="text/csv")
        parse_s = time.perf_counter() - t
        assert r.status == 201 and r.json["report"]["accepted"] == N, r
        t = time.perf_counter()
        jid = c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"]
        while True:
            j = c.get(f"/api/v1/jobs/{jid}").json
            if j["state"] in ("done", "failed"):
                break
            time.sleep(0.02)  # 20 ms: the step is about a second long
        commit_s = time.perf_counter() - t
        assert j["state"] == "done", j
        peak = vm_hwm(srv.proc.pid)
        print(f"| step ({N:,} rows, {size / 1e6:.1f} MB) | seconds | rows/s |")
        print("|---|---:|---:|")
        print(f"| `sqlite3 .import` into a bare table | {bare_s:.2f} | {N / bare_s:,.0f} |")
        print(f"| upload + parse report (every row checked) | {parse_s:.2f} | {N / parse_s:,.0f} |")
        print(f"| Commit Changes (job, one transaction) | {commit_s:.2f} | {N / commit_s:,.0f} |")
        print(f"| end to end | {parse_s + commit_s:.2f} | {N / (parse_s + commit_s):,.0f} |")
        print(f"\nDaemon peak resident memory (VmHWM): {before} MiB after start, {peak} MiB after the import.")
        summary.record(f"{N:,}-row list, upload to commit", N / (parse_s + commit_s), "rows/s",
                       "`sqlite3 .import`", N / bare_s)
    finally:
        if srv:
            srv.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
