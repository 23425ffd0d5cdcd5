"""Benchmark: slow clients against both listeners (SECURITY.md R3).

Debian's slowhttptest holds 1,000 slow-header and 1,000 slow-body
connections against the admin port and the same again against the
provisioning port (4,000 in all, from 127.0.0.1), while two probes keep
working from other addresses: an admin's authenticated GET /api/v1/phones
(127.0.0.2) and a proven phone's digest fetch of its own file (127.0.0.3),
each every 100 ms. Reports, per probe, how many answers came within 1 s,
the slowest, and the appliance's resident memory (VmRSS, VmHWM) sampled
during the attack. Wall-clock figures on this machine; nothing asserted.

Usage: python3 tests/bench/slow_clients.py [seconds] [binary]
  (release build by default; slowhttptest from Debian: apt-get install
  slowhttptest)
"""
import hashlib
import http.client
import os
import re
import resource
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import harness  # noqa: E402
import summary  # noqa: E402

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 60
harness.BIN = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else \
    os.path.join(harness.ROOT, "build/release/switchboard")
MAC = "0004f2b0b001"
UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373"


def memory(pid):
    with open(f"/proc/{pid}/status") as f:
        v = {l.split(":")[0]: int(l.split()[1]) // 1024 for l in f if l.startswith(("VmRSS", "VmHWM"))}
    return v.get("VmRSS", 0), v.get("VmHWM", 0)


def digest_get(port, path, user, password, source):
    """A proven phone's GET: ask, answer the challenge, read the file."""
    def get(headers):
        h = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(source, 0))
        h.request("GET", path, headers=dict({"User-Agent": UA}, **headers))
        r = h.getresponse()
        body, hd = r.read(), {k.lower(): v for k, v in r.getheaders()}
        h.close()
        return r.status, hd, body
    status, hd, body = get({})
    if status != 401:
        return status, body
    ch = dict(re.findall(r'(\w+)="([^"]*)"', hd["www-authenticate"]))
    ha1 = hashlib.md5(f"{user}:{ch['realm']}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"GET:{path}".encode()).hexdigest()
    resp = hashlib.md5(f"{ha1}:{ch['nonce']}:00000001:c0ffee:auth:{ha2}".encode()).hexdigest()
    auth = (f'Digest username="{user}", realm="{ch["realm"]}", nonce="{ch["nonce"]}", uri="{path}", '
            f'algorithm=MD5, qop=auth, nc=00000001, cnonce="c0ffee", response="{resp}"')
    status, _, body = get({"Authorization": auth})
    return status, body


class Probe(threading.Thread):
    """Calls fn every 100 ms until stopped; keeps each call's time and
    whether it succeeded."""

    def __init__(self, fn):
        super().__init__(daemon=True)
        self.fn, self.times, self.failed, self.stop = fn, [], 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            t0 = time.monotonic()
            try:
                ok = self.fn()
            except Exception:  # noqa: BLE001 a timeout or a refusal
                ok = False
            dt = time.monotonic() - t0
            self.times.append(dt if ok else float("inf"))
            self.stop.wait(max(0.0, 0.1 - dt))

    def report(self, name):
        n = len(self.times)
        fast = sum(1 for t in self.times if t <= 1.0)
        done = [t for t in self.times if t != float("inf")]
        slowest = max(done) if done else float("nan")
        self.within = 100.0 * fast / max(n, 1)
        print(f"  {name}: {n} requests, {fast} answered within 1 s ({100.0 * fast / max(n, 1):.1f} %), "
              f"{n - len(done)} failed, slowest {slowest * 1000:.0f} ms")


def probe_for(seconds, admin, phone, sample=None):
    """Both probes for seconds (sample() every 0.5 s meanwhile); report."""
    probes = [Probe(admin), Probe(phone)]
    for p in probes:
        p.start()
    t_end = time.monotonic() + seconds
    while time.monotonic() < t_end:
        if sample:
            sample()
        time.sleep(0.5)
    for p in probes:
        p.stop.set()
        p.join()
    probes[0].report("admin GET /api/v1/phones")
    probes[1].report("phone digest GET phone/<guid>.cfg")
    return probes


def main():
    # slowhttptest needs a file descriptor per connection.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    tmp = tempfile.mkdtemp(prefix="sb-bench-slow-")
    srv, attackers = None, []
    try:
        srv = harness.Server(["--threads", "32"], data=os.path.join(tmp, "data"))
        c = harness.setup_admin(srv)
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.0/8"]}).status == 200
        r = c.post("/api/v1/phones", {"name": "Probe", "manufacturer": "Polycom", "model": "VVX 410",
                                      "type": "workstation", "address": MAC,
                                      "stations": [{"extension": "7999"}]})
        assert r.status == 201, r
        h = http.client.HTTPConnection("127.0.0.1", srv.prov_port, timeout=5)
        h.request("GET", f"/{MAC}.cfg", headers={"User-Agent": UA})
        guid = re.search(r"phone/([0-9a-f]+)\.cfg", h.getresponse().read().decode()).group(1)
        h.close()
        h = http.client.HTTPConnection("127.0.0.1", srv.prov_port, timeout=5)
        h.request("GET", f"/phone/{guid}.cfg", headers={"User-Agent": UA})
        prov_pw = re.search(r'device\.prov\.password="([^"]+)"', h.getresponse().read().decode()).group(1)
        h.close()
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": []}).status == 200
        ctx = srv.context()

        def admin():
            h = http.client.HTTPSConnection("127.0.0.1", srv.port, context=ctx, timeout=5,
                                            source_address=("127.0.0.2", 0))
            h.request("GET", "/api/v1/phones?limit=50", headers={"Cookie": c.cookie, "Host": "127.0.0.1"})
            r = h.getresponse()
            r.read()
            h.close()
            return r.status == 200

        def phone():
            status, body = digest_get(srv.prov_port, f"/phone/{guid}.cfg", MAC, prov_pw, "127.0.0.3")
            return status == 200 and b"reg.1.auth.password" in body

        assert admin() and phone(), "the probes work before the attack"
        print(f"binary: {harness.BIN}")
        print("baseline, 5 s without attack:")
        calm = probe_for(5, admin, phone)

        common = ["-c", "1000", "-r", "1000", "-i", "5", "-l", str(SECONDS + 10), "-p", "3"]
        for url in (f"https://127.0.0.1:{srv.port}/api/v1/session", f"http://127.0.0.1:{srv.prov_port}/sip.cfg"):
            for mode in (["-H"], ["-B", "-s", "1000000"]):
                attackers.append(subprocess.Popen(["slowhttptest"] + mode + common + ["-u", url],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with open(f"/proc/{srv.proc.pid}/clear_refs", "w") as f:
            f.write("5")	# VmHWM from here: the login's argon2id is past
        time.sleep(2)		# let them open their connections
        print(f"under attack, {SECONDS} s: 4 x slowhttptest -c 1000 -r 1000 -i 5 "
              f"(slow headers and slow body, against each listener):")
        peak = [0]
        attacked = probe_for(SECONDS, admin, phone,
                  lambda: peak.__setitem__(0, max(peak[0], memory(srv.proc.pid)[0])))
        peak_rss = peak[0]
        rss, hwm = memory(srv.proc.pid)
        for i, name in enumerate(("admin requests", "phone fetches")):
            summary.record(f"{name} answered within 1 s under 4,000 slow connections", attacked[i].within,
                           "%", "the same without the attack", calm[i].within)
        print(f"  appliance memory: VmRSS peak sampled {peak_rss} MiB, VmHWM {hwm} MiB")
        lines = len(re.findall(r"http\.connections_refused", srv.logs()))
        print(f"  connections closed at accept for the address's share: "
              f"{'at least ' + str(2 ** (lines - 1)) if lines else 'none'} (logged at each power of two)")
    finally:
        for a in attackers:
            a.kill()
            a.wait()
        if srv:
            srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
