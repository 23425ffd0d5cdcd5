"""Benchmark: the provisioning server under wrk, beside nginx serving the
same files pre-generated as static files, in the same run.

10,000 Polycom phones are created (Assistant TMM list), each fetched once
from the trusted network to learn its provisioning password and to save
the files nginx will serve. Then wrk (keep-alive, a Lua script walking the
phones' MACs) fetches each phone's master file and its phone/<guid>.cfg
(Basic credentials over HTTPS, as a proven phone) from both servers.
Reports requests/s, p50/p99 latency, the ratio, and the appliance's
resident memory sampled during the run. Wall-clock figures on this machine.

Usage: python3 tests/bench/provision_wrk.py [phones] [seconds] [connections]
"""
import base64
import http.client
import os
import re
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

harness.BIN = os.path.join(harness.ROOT, "build/release/switchboard")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 15
CONNS = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def rss(pid):
    with open(f"/proc/{pid}/status") as f:
        v = {l.split(":")[0]: int(l.split()[1]) // 1024 for l in f if l.startswith(("VmRSS", "VmHWM"))}
    return v.get("VmRSS", 0), v.get("VmHWM", 0)


def reset_peak(pid):
    """Start the kernel's VmHWM afresh (Linux: 5 to clear_refs)."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def lua_script(path, entries):
    with open(path, "w") as f:
        f.write("local reqs = {\n")
        for p, auth in entries:
            f.write(f'  wrk.format("GET", "{p}", {{["Host"] = "127.0.0.1", ["Authorization"] = "{auth}", '
                    f'["User-Agent"] = "FileTransport PolycomVVX-VVX_410-UA/5.9.7.4477"}}),\n')
        f.write("}\nlocal i = 0\nrequest = function()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n"
                "local errors = 0\nresponse = function(status)\n  if status ~= 200 then errors = errors + 1 end\nend\n"
                "done = function(summary, latency, requests)\n"
                "  io.write(string.format('RESULT rps=%.1f p50=%.2f p99=%.2f non200=%d\\n', "
                "summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, "
                "latency:percentile(99) / 1000, summary.errors.status))\nend\n")


def run_wrk(url, script):
    out = subprocess.run(["wrk", "-t2", f"-c{CONNS}", f"-d{SECONDS}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, timeout=SECONDS + 60).stdout
    m = re.search(r"RESULT rps=([\d.]+) p50=([\d.]+) p99=([\d.]+) non200=(\d+)", out)
    if not m:
        raise RuntimeError(out)
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(4))


def main():
    tmp = tempfile.mkdtemp(prefix="sb-bench-prov-")
    srv = nginx = None
    try:
        # wrk's connections all come from 127.0.0.1: let one address hold
        # them all (connections_per_address is 16 by default).
        srv = harness.Server(["--connections-per-address", str(max(64, 2 * CONNS))],
                             data=os.path.join(tmp, "data"))
        c = harness.setup_admin(srv)
        # The login's argon2id hash takes 64 MiB for a moment: admin side,
        # before the phones; peaks are counted from here on.
        reset_peak(srv.proc.pid)
        rows = ["Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address"]
        macs = [f"0004f2{i:06x}" for i in range(N)]
        rows += [f"Bench{i:05d},Workstation,Polycom,VVX 410,,{200000 + i},,Desk {i},{m}" for i, m in enumerate(macs)]
        r = c.request("POST", "/api/v1/assistant/imports", raw=("\n".join(rows) + "\n").encode(), content_type="text/csv")
        assert r.status == 201 and r.json["report"]["accepted"] == N, r
        harness.wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"], 600)
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.0/8"]}).status == 200
        # First fetch of every phone: its files for nginx, its password.
        www = os.path.join(tmp, "www")
        os.makedirs(os.path.join(www, "phone"))
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        h = http.client.HTTPSConnection("127.0.0.1", srv.prov_tls_port, context=ctx)
        entries = []
        for m in macs:
            h.request("GET", f"/{m}.cfg")
            master = h.getresponse().read()
            guid = re.search(rb"phone/([0-9a-f]{32})\.cfg", master).group(1).decode()
            h.request("GET", f"/phone/{guid}.cfg")
            body = h.getresponse().read()
            pw = re.search(rb'device\.prov\.password="([^"]+)"', body).group(1).decode()
            with open(os.path.join(www, f"{m}.cfg"), "wb") as f:
                f.write(master)
            with open(os.path.join(www, "phone", f"{guid}.cfg"), "wb") as f:
                f.write(body)
            auth = "Basic " + base64.b64encode(f"{m}:{pw}".encode()).decode()
            entries += [(f"/{m}.cfg", auth), (f"/phone/{guid}.cfg", auth)]
        h.close()
        script = os.path.join(tmp, "walk.lua")
        lua_script(script, entries)
        # nginx over HTTPS with the appliance's own certificate.
        pem = os.path.join(srv.data, "tls", "server.pem")
        nport = harness.free_port()
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 2; daemon off; pid {tmp}/nginx.pid; error_log {tmp}/nginx.err warn;
events {{ worker_connections 1024; }}
http {{ access_log off; keepalive_requests 100000; default_type application/xml;
  client_body_temp_path {tmp}/nb; proxy_temp_path {tmp}/np; fastcgi_temp_path {tmp}/nf;
  uwsgi_temp_path {tmp}/nu; scgi_temp_path {tmp}/ns;
  server {{ listen 127.0.0.1:{nport} ssl; ssl_certificate {pem}; ssl_certificate_key {pem};
    root {www}; location / {{ etag on; }} }} }}
""")
        # nginx's workers run as an unprivileged user: let them read.
        for d, _, files in os.walk(tmp):
            if d.startswith(os.path.join(tmp, "data")):
                continue
            os.chmod(d, 0o755)
            for fn in files:
                os.chmod(os.path.join(d, fn), 0o644)
        os.chmod(pem, 0o644)
        os.chmod(os.path.dirname(pem), 0o755)
        os.chmod(srv.data, 0o755)
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", tmp], stderr=subprocess.DEVNULL)
        time.sleep(1)
        # Both servers must answer the script's first request with 200.
        for port in (srv.prov_tls_port, nport):
            h = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
            h.request("GET", entries[1][0], headers={"Authorization": entries[1][1]})
            r = h.getresponse()
            r.read()
            h.close()
            if r.status != 200:
                err = open(os.path.join(tmp, "nginx.err")).read()[-2000:] if port == nport else ""
                raise RuntimeError(f"port {port} answered {r.status} {err}")
        rest, setup_peak = rss(srv.proc.pid)
        reset_peak(srv.proc.pid)
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                samples.append(rss(srv.proc.pid)[0])
                time.sleep(0.2)
        t = threading.Thread(target=sample)
        t.start()
        sw = run_wrk(f"https://127.0.0.1:{srv.prov_tls_port}", script)
        stop.set()
        t.join()
        cur, hwm = rss(srv.proc.pid)
        ng = run_wrk(f"https://127.0.0.1:{nport}", script)
        cache = c.get("/api/v1/system").json.get("provisioning_cache", {})
        print(f"| server ({N:,} phones, {SECONDS} s, {CONNS} connections, HTTPS keep-alive) | requests/s | p50 ms | p99 ms | non-200 |")
        print("|---|---:|---:|---:|---:|")
        print(f"| Switchboard (generated, credentials checked) | {sw[0]:,.0f} | {sw[1]:.2f} | {sw[2]:.2f} | {sw[3]} |")
        print(f"| nginx (same files, pre-generated, static) | {ng[0]:,.0f} | {ng[1]:.2f} | {ng[2]:.2f} | {ng[3]} |")
        print(f"\nRatio Switchboard / nginx: {sw[0] / ng[0]:.2f}")
        summary.record(f"{N:,} phones' files, HTTPS keep-alive, {CONNS} connections", sw[0], "requests/s",
                       "nginx, static files", ng[0])
        print(f"Appliance memory: {rest} MiB resident before the load; peak during the wrk load "
              f"{hwm} MiB (kernel VmHWM, reset just before wrk; VmRSS sampled every 0.2 s: max {max(samples)} MiB); "
              f"peak while importing and first-fetching the {N:,} phones {setup_peak} MiB (VmHWM reset after the login).")
        print(f"Generated files held in memory after the run: {cache.get('files')} "
              f"({cache.get('bytes', 0) / 1048576:.1f} MiB compressed).")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        if srv:
            srv.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
