"""The remote-site cache, proven: a real nginx configured exactly as
README's "A provisioning proxy at a remote site" block says, between 1,000
simulated Polycom phones and the provisioning listener. The common files
must come from nginx's cache, each phone must still prove itself to the
appliance for its own file, and no phone may ever receive another phone's
file or credentials through the cache.

nginx's access log records $upstream_cache_status per request (a
log_format around README's server block, which is used unchanged but for
its addresses and cache path)."""
import base64
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import types

import harness
from test_provisioning import Phone

N = int(os.environ.get("SB_CACHE_PHONES", "1000"))
# A phone at the branch can hold the upstream's 16 connections with
# retries; the appliance lets the proxy's one address hold that many.
SERVER_ARGS = ("--connections-per-address", "64")
UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.7.4477"
COMMON = ("sip.cfg", "phone1.cfg", "server/xic.cfg")
state = {}


def readme_nginx_block():
    readme = open(os.path.join(harness.ROOT, "README.md"), encoding="utf-8").read()
    return re.search(r"```nginx\n(.*?)```", readme, re.S).group(1)


def start_nginx(srv, d, port, careless=False):
    conf = readme_nginx_block()
    if careless:
        # An admin's mistake: every path in the cached location.
        conf = re.sub(r"location ~ \^/\(.*?\)\$ \{", "location ~ ^/(.*)$ {", conf)
        assert "location ~ ^/(.*)$ {" in conf
    conf = conf.replace("/var/cache/nginx/provision", f"{d}/cache") \
        .replace("provision.lab.voip:8088", f"127.0.0.1:{srv.prov_port}") \
        .replace("listen 8088;", f"listen 127.0.0.1:{port};")
    temps = " ".join(f"{k}_temp_path {d}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    with open(f"{d}/nginx.conf", "w") as f:
        f.write(f"worker_processes 1; daemon off; pid {d}/pid; error_log {d}/error.log warn;\n"
                f"events {{ worker_connections 1024; }}\n"
                f"http {{ {temps}\n"
                "log_format cachelog '$request_uri $status [$upstream_cache_status] $http_authorization';\n"
                f"access_log {d}/access.log cachelog;\n{conf}}}\n")
    # nginx's worker runs as an unprivileged user when started as root.
    os.chmod(d, 0o777)
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    p = subprocess.Popen([exe, "-c", f"{d}/nginx.conf", "-p", d], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            h = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            h.request("GET", "/healthz-probe")
            h.getresponse().read()
            h.close()
            return p
        except OSError:
            time.sleep(0.05)
    p.kill()
    raise RuntimeError(open(f"{d}/error.log").read()[-2000:])


def ProxiedPhone(srv, port):
    """A phone at the branch: it talks to nginx on port, not to the
    appliance (Phone's provisioning port is the proxy's)."""
    return Phone(types.SimpleNamespace(prov_port=port), agent=UA)


def test_a_thousand_phones_are_enrolled_and_learn_their_credentials_directly(srv):
    c = harness.setup_admin(srv)
    rows = ["Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address"]
    macs = [f"0004f2c0{i:04x}" for i in range(N)]
    rows += [f"Branch{i:04d},Workstation,Polycom,VVX 410,,{40000 + i},,Desk {i},{m}" for i, m in enumerate(macs)]
    r = c.request("POST", "/api/v1/assistant/imports", raw=("\n".join(rows) + "\n").encode(),
                  content_type="text/csv")
    assert r.status == 201 and r.json["report"]["accepted"] == N, r
    job = harness.wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"], 300)
    assert job["state"] == "done", job
    # Each phone's first fetch on the trusted network tells it its
    # provisioning password (as the phone on the bench does before it goes
    # to the branch); then the trust is withdrawn.
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.0/8"]}).status == 200
    direct = Phone(srv, agent=UA)
    phones = []
    for i, m in enumerate(macs):
        st, _, master = direct.get(f"/{m}.cfg")
        assert st == 200, (m, st)
        guid = re.search(r"phone/([0-9a-f]{32})\.cfg", master).group(1)
        st, _, body = direct.get(f"/phone/{guid}.cfg")
        assert st == 200, (m, st)
        phones.append({"mac": m, "guid": guid, "ext": str(40000 + i),
                       "prov": re.search(r'device\.prov\.password="([^"]+)"', body).group(1),
                       "sip": re.search(r'reg\.1\.auth\.password="([^"]+)"', body).group(1)})
    r = c.put("/api/v1/settings/provisioning", {"trusted_networks": []})
    assert r.status == 200, r
    assert len({p["sip"] for p in phones}) == N, "every phone has its own SIP password"
    state.update(c=c, phones=phones, d=tempfile.mkdtemp(prefix="sb-cache-"), port=harness.free_port())
    state["nginx"] = start_nginx(srv, state["d"], state["port"])


def test_every_phone_boots_through_the_cache_proving_itself_for_its_own_file(srv):
    phones, port = state["phones"], state["port"]
    results, errors = [], []
    lock = threading.Lock()

    def boot(p):
        ph = ProxiedPhone(srv, port)
        got = {}
        # The master file names the phone's own file: it takes proof too.
        got["master_unproven"] = ph.get(f"/{p['mac']}.cfg")[0]
        got["master"] = ph.get_digest(f"/{p['mac']}.cfg", p["mac"], p["prov"])[::2]
        for f in COMMON:
            got[f] = ph.get(f"/{f}")[::2]
        # Without proof the phone's own file is refused, through the cache
        # as directly; with its own proof it is served.
        got["unproven"] = ph.get(f"/phone/{p['guid']}.cfg")[0]
        got["own"] = ph.get_digest(f"/phone/{p['guid']}.cfg", p["mac"], p["prov"])[::2]
        return got

    def worker(part):
        for p in part:
            try:
                g = boot(p)
                with lock:
                    results.append((p, g))
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append((p["mac"], repr(e)))

    threads = [threading.Thread(target=worker, args=(phones[k::8],)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]
    assert len(results) == len(phones)
    others = {p["sip"] for p in phones}
    for p, g in results:
        assert g["master_unproven"] == 401, (p["mac"], g["master_unproven"])
        assert g["master"][0] == 200, (p["mac"], g["master"][0])
        assert f"phone/{p['guid']}.cfg" in g["master"][1]
        for f in COMMON:
            st, body = g[f]
            assert st == 200, (f, st)
            assert not any(s in body for s in others), f"{f} holds a SIP password"
        assert g["unproven"] == 401, (p["mac"], g["unproven"])
        st, body = g["own"]
        assert st == 200, (p["mac"], st)
        assert f'reg.1.auth.password="{p["sip"]}"' in body, p["mac"]
        assert f'reg.1.address="{p["ext"]}"' in body or p["ext"] in body, p["mac"]
        found = {s for s in re.findall(r'auth\.password="([^"]*)"', body) if s}
        assert found == {p["sip"]}, (p["mac"], "another phone's password in its file")
    state["results"] = results


def test_the_common_files_came_from_the_cache_and_no_phone_file_was_cached(srv):
    log = open(os.path.join(state["d"], "access.log")).read().splitlines()
    common, per_phone = {}, {}
    for line in log:
        m = re.match(r"(\S+) (\d+) \[([^\]]*)\]", line)
        if not m:
            continue
        uri, status, cache = m.groups()
        name = uri.lstrip("/")
        if name in COMMON:
            common.setdefault(cache, 0)
            common[cache] += 1
        elif name.startswith("phone/") or name.endswith(".cfg"):
            per_phone.setdefault(cache, 0)
            per_phone[cache] += 1
    n = len(state["phones"])
    served_by_cache = common.get("HIT", 0) + common.get("REVALIDATED", 0) + common.get("UPDATING", 0)
    # Each common file crosses to the appliance once per minute of
    # proxy_cache_valid at most (plus a revalidation): nearly every
    # request is answered by nginx.
    assert served_by_cache >= len(COMMON) * n * 0.95, common
    state["figures"] = (common, per_phone)
    # The per-phone files (masters, phone/<guid>.cfg) pass straight
    # through: no cache status at all, never a HIT.
    assert set(per_phone) <= {"", "-"}, per_phone
    # Master: 401, 401, 200 (the digest); own file: 401, 401, 200.
    assert sum(per_phone.values()) == n * 6, per_phone


def test_one_phones_proof_does_not_open_another_phones_file_through_the_cache(srv):
    phones, port = state["phones"], state["port"]
    a, b = phones[0], phones[1]
    ph = ProxiedPhone(srv, port)
    # B's file was fetched through the proxy already; A's proof, and A's
    # Basic credentials, must not open it, nor may the cache answer.
    st, _, body = ph.get_digest(f"/phone/{b['guid']}.cfg", a["mac"], a["prov"])
    assert st in (401, 403), st
    assert b["sip"] not in body
    basic = "Basic " + base64.b64encode(f"{a['mac']}:{a['prov']}".encode()).decode()
    st, _, body = ph.get(f"/phone/{b['guid']}.cfg", headers={"Authorization": basic})
    assert st in (401, 403), st
    assert b["sip"] not in body
    # Nothing in nginx's cache holds any phone's SIP password.
    secrets = {p["sip"].encode() for p in phones}
    hits = 0
    for root, _, files in os.walk(os.path.join(state["d"], "cache")):
        for fn in files:
            data = open(os.path.join(root, fn), "rb").read()
            hits += sum(1 for s in secrets if s in data)
    assert hits == 0, f"{hits} SIP passwords in nginx's cache"


def test_a_proxy_told_to_cache_every_path_still_keeps_no_phone_file(srv):
    """Defence in depth: a phone's own file says Cache-Control: private,
    no-store and Vary: *, so even a proxy that caches every path and
    ignores Cache-Control (README's block with its location widened to
    everything) keeps none, and one phone's proof never opens another
    phone's file through it."""
    phones = state["phones"][:20]
    d = tempfile.mkdtemp(prefix="sb-cache-careless-")
    port = harness.free_port()
    p = start_nginx(srv, d, port, careless=True)
    try:
        for a in phones:
            ph = ProxiedPhone(srv, port)
            st, hd, body = ph.get_digest(f"/phone/{a['guid']}.cfg", a["mac"], a["prov"])
            assert st == 200 and a["sip"] in body, (a["mac"], st)
            assert hd.get("cache-control") == "private, no-store" and hd.get("vary") == "*", hd
        leaked = 0
        for a, b in zip(phones, phones[1:] + phones[:1]):
            st, _, body = ProxiedPhone(srv, port).get_digest(f"/phone/{b['guid']}.cfg", a["mac"], a["prov"])
            leaked += st == 200 or b["sip"] in body
        assert leaked == 0, f"{leaked} of {len(phones)} phones got another phone's file"
        log = open(os.path.join(d, "access.log")).read()
        assert "[HIT]" not in "".join(l for l in log.splitlines() if "/phone/" in l), "a phone file was a HIT"
    finally:
        p.terminate()
        p.wait(10)
        shutil.rmtree(d, ignore_errors=True)


def test_cleanup(srv):
    p = state.get("nginx")
    if p:
        p.terminate()
        p.wait(10)
    shutil.rmtree(state.get("d", ""), ignore_errors=True)
    common, per_phone = state.get("figures", ({}, {}))
    print(f"# remote cache: {len(state.get('phones', []))} phones; common files by cache status {common}; "
          f"per-phone requests {sum(per_phone.values())}, none cached")
