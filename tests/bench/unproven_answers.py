"""Benchmark: how long the provisioning server takes to answer a request
without proof for a MAC it knows and for one it does not (the answers must
not differ in timing class, so that timing cannot enumerate MACs).

100 Polycom phones are created; then, alternating, N requests for their
master files and N for random unknown MACs (no Authorization), and the
same with a made-up digest answer, over keep-alive connections (the
made-up answers from a new address every four rounds, so the per-address
bucket does not turn them into 429s). Prints the median, p90
and p99 of each. Wall-clock figures on this machine; nothing asserted.

Usage: python3 tests/bench/unproven_answers.py [requests]
"""
import hashlib
import http.client
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import harness  # noqa: E402
import summary  # noqa: E402

harness.BIN = os.path.join(harness.ROOT, "build/release/switchboard")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373"


def quantiles(xs):
    xs = sorted(xs)
    return (statistics.median(xs) * 1000, xs[int(len(xs) * 0.9)] * 1000, xs[int(len(xs) * 0.99)] * 1000)


def main():
    tmp = tempfile.mkdtemp(prefix="sb-bench-unproven-")
    srv = None
    try:
        srv = harness.Server(data=os.path.join(tmp, "data"))
        c = harness.setup_admin(srv)
        known = [f"0004f2c0{i:04x}" for i in range(100)]
        for i, mac in enumerate(known):
            r = c.post("/api/v1/phones", {"name": f"T{i}", "manufacturer": "Polycom", "model": "VVX 410",
                                          "type": "workstation", "address": mac})
            assert r.status == 201, r
        conns = {}

        def ask(mac, auth, source):
            h = conns.get(source)
            if h is None:
                h = conns[source] = http.client.HTTPConnection("127.0.0.1", srv.prov_port, timeout=5,
                                                               source_address=(source, 0))
            hd = {"User-Agent": UA}
            if auth:
                hd["Authorization"] = auth
            t0 = time.perf_counter()
            h.request("GET", f"/{mac}.cfg", headers=hd)
            r = h.getresponse()
            r.read()
            dt = time.perf_counter() - t0
            assert r.status == 401, r.status
            return dt, r.getheader("WWW-Authenticate")

        _, ch = ask(known[0], None, "127.0.0.1")
        nonce = re.search(r'nonce="([^"]+)"', ch).group(1)
        times = {"known, no proof": [], "unknown, no proof": [], "known, wrong proof": [],
                 "unknown, wrong proof": []}
        for i in range(N):
            k, u = known[i % len(known)], os.urandom(6).hex()
            times["known, no proof"].append(ask(k, None, "127.0.0.1")[0])
            times["unknown, no proof"].append(ask(u, None, "127.0.0.1")[0])
            for name, mac in (("known, wrong proof", k), ("unknown, wrong proof", u)):
                resp = hashlib.md5(os.urandom(8)).hexdigest()
                auth = (f'Digest username="{mac}", realm="Switchboard provisioning", nonce="{nonce}", '
                        f'uri="/{mac}.cfg", algorithm=MD5, qop=auth, nc=00000001, cnonce="ab", '
                        f'response="{resp}"')
                # 8 wrong proofs per address: inside its bucket of 10
                # (THROTTLE_PROOF_BURST).
                a = i // 4
                times[name].append(ask(mac, auth, f"127.{1 + a // 250}.0.{a % 250 + 1}")[0])
        print(f"{N} requests each, ms (median / p90 / p99):")
        for name, xs in times.items():
            m, p90, p99 = quantiles(xs)
            print(f"  {name:22s} {m:6.3f} / {p90:6.3f} / {p99:6.3f}")
        known = statistics.median(times["known, no proof"]) * 1000
        unknown = statistics.median(times["unknown, no proof"]) * 1000
        summary.record("a known MAC without proof, median", known, "ms", "an unknown MAC without proof",
                       unknown, higher_is_better=False)
    finally:
        if srv:
            srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
