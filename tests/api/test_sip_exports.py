"""The credential hand-over of third-party SIP devices, to the seed's
policy (seed 000, Handling SIP Credentials): an export of 50 devices as a
job after the admin's own password; SIP names and passwords in two
spreadsheets correlated by row, each password-protected to open (ECMA-376
agile encryption, decrypted here by Debian's msoffcrypto-tool) and each in
its own WinZip AES-256 archive (listed by 7-Zip) under a random name; the
three passwords shown once and found nowhere on the appliance; every cell
a string; the archives downloadable until delivery is confirmed or they
expire, then wiped; every step audited; and the signed Statement of Work
recorded against the export and listed until then."""
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from harness import PASSWORD, setup_admin, wait_job

SEVEN = shutil.which("7z") or shutil.which("7zz")
STATE = {}
N = 50
HEADER = ("User,E-mail,Extension,DID,Manufacturer,Model,Purpose,Region,Replace by,"
          "Under manufacturer support,TLS 1.2 or later,Accepts the border proxy FQDN,Supports NAPTR,"
          "Alphanumeric SIP names with '-',Alphanumeric SIP passwords\r\n")


def test_fifty_devices_and_a_data_handler(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.post("/api/v1/sip-devices/regions", {"name": "EU", "border_proxy": "sip-eu.provider.example"}).status == 201
    rows = "".join(f"User {i:02d},,{3000 + i},,Acme,T{i},,EU,,yes,yes,yes,yes,yes,yes\r\n" for i in range(N))
    # A name that starts like a formula must stay text in the spreadsheet.
    rows += '"=HYPERLINK(""http://x"")",,3999,,Acme,T9,,EU,,yes,yes,yes,yes,yes,no\r\n'
    r = c.request("POST", "/api/v1/sip-devices/import", raw=(HEADER + rows).encode(), content_type="text/csv")
    assert r.status == 200 and r.json["created"] == N + 1, r
    r = c.post("/api/v1/sip-devices/data-handlers", {"name": "Dana Cole", "phone": "+44 20 7946 0000",
                                                     "email": "dana@example.com"})
    assert r.status == 201, r
    STATE["handler"] = r.json["id"]
    items = c.get("/api/v1/sip-devices?limit=100&sort=extension").json["items"]
    STATE["ids"] = [d["id"] for d in items if d["extension"] != "3999"]
    STATE["flagged"] = [d["id"] for d in items if d["extension"] == "3999"][0]
    # The expected pairs, read one by one through the audited reveal.
    STATE["pairs"] = {}
    for d in items:
        r = c.post(f"/api/v1/sip-devices/{d['id']}/credential/reveal", {"password": PASSWORD})
        STATE["pairs"][d["sip_name"]] = r.json["sip_password"]


def test_an_export_needs_the_admins_password_a_handler_and_good_devices(srv):
    c = STATE["c"]
    body = {"devices": STATE["ids"], "handler_id": STATE["handler"], "password": "wrong"}
    r = c.post("/api/v1/sip-devices/exports", body)
    assert r.status == 422 and r.error_field() == "password", r
    r = c.post("/api/v1/sip-devices/exports", dict(body, password=PASSWORD, handler_id=999))
    assert r.status == 422 and r.error_field() == "handler_id", r
    r = c.post("/api/v1/sip-devices/exports", dict(body, password=PASSWORD, devices=[STATE["flagged"]]))
    assert r.status == 422 and r.error_field() == "devices[0]", r
    assert "Alphanumeric SIP passwords" in r.json["error"]["details"][0]["message"], r
    assert "are firm" in r.json["error"]["details"][0]["message"], r
    assert c.get("/api/v1/sip-devices/exports").json["total"] == 0


def test_an_export_of_fifty_devices_runs_as_a_job_and_shows_three_passwords_once(srv):
    c = STATE["c"]
    ids = list(reversed(STATE["ids"]))   # the hand-over orders them itself
    r = c.post("/api/v1/sip-devices/exports", {"devices": ids, "handler_id": STATE["handler"], "password": PASSWORD})
    assert r.status == 202, r
    p = r.json["passwords"]
    assert set(p) == {"names_archive", "passwords_archive", "spreadsheets"}, p
    assert all(len(v) >= 20 and v.isalnum() for v in p.values()) and len(set(p.values())) == 3, p
    e = r.json["export"]
    STATE["export"], STATE["pw"] = e, p
    job = wait_job(c, r.json["job"]["id"])
    assert job["state"] == "done", job
    assert not any(v in str(job) for v in p.values()), job
    got = c.get(f"/api/v1/sip-devices/exports/{e['id']}").json
    assert got["state"] == "ready" and got["devices"] == N, got
    assert p["names_archive"] not in str(got), "never shown again"
    # Archives named at random: nothing of their purpose.
    for f in (got["names_file"], got["passwords_file"]):
        assert re.fullmatch(r"[A-Za-z0-9]{20}\.zip", f), f
    STATE["files"] = {}
    for key in ("names_file", "passwords_file"):
        r = c.get(f"/api/v1/sip-devices/exports/{e['id']}/archives/{got[key]}")
        assert r.status == 200 and r.header("Content-Type").startswith("application/zip"), r
        STATE["files"][key] = r.raw


def seven(args, archive):
    return subprocess.run([SEVEN] + args + [archive], capture_output=True, text=True, timeout=60)


def test_each_archive_is_winzip_aes256_and_refuses_a_wrong_password(srv):
    assert SEVEN, "7-Zip (Debian 7zip) is installed by make test"
    tmp = tempfile.mkdtemp()
    STATE["tmp"] = tmp
    pw = {"names_file": STATE["pw"]["names_archive"], "passwords_file": STATE["pw"]["passwords_archive"]}
    for key, data in STATE["files"].items():
        path = os.path.join(tmp, key + ".zip")
        with open(path, "wb") as f:
            f.write(data)
        out = seven(["l", "-slt", f"-p{pw[key]}"], path)
        assert out.returncode == 0, out
        methods = re.findall(r"^Method = (.*)$", out.stdout, re.M)
        assert methods and all(m.startswith("AES-256") for m in methods), methods
        assert "ZipCrypto" not in out.stdout
        names = re.findall(r"^Path = (.*)$", out.stdout, re.M)[1:]
        assert len(names) == 1 and re.fullmatch(r"[A-Za-z0-9]{20}\.xlsx", names[0]), names
        bad = seven(["t", "-pWrongPassword123456789"], path)
        assert bad.returncode != 0, bad
        ok = seven(["x", f"-p{pw[key]}", f"-o{tmp}/{key}", "-y"], path)
        assert ok.returncode == 0, ok
        STATE[key + "_xlsx"] = os.path.join(tmp, key, names[0])


def decrypt(path, password):
    out = path + ".plain.xlsx"
    r = subprocess.run(["msoffcrypto-tool", "-p", password, path, out], capture_output=True, text=True, timeout=120)
    return r, out


def cells(xlsx):
    """The sheet's rows of text, shared or inline strings, and whether any
    cell holds a formula."""
    z = zipfile.ZipFile(xlsx)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = z.read("xl/sharedStrings.xml").decode()
        shared = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    rows = []
    for row in re.findall(r"<row[^>]*>(.*?)</row>", sheet, re.S):
        vals = []
        for attrs, body in re.findall(r"<c([^>]*)>(.*?)</c>", row, re.S):
            v = re.search(r"<v>(.*?)</v>", body)
            t = re.search(r't="(\w+)"', attrs)
            if t and t.group(1) == "s":
                vals.append(shared[int(v.group(1))])
            else:
                vals.append(re.sub(r"<[^>]+>", "", body))
        rows.append(vals)
    return rows, "<f>" in sheet or "<f " in sheet


def unescape(s):
    return s.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_the_spreadsheets_open_with_their_password_only_and_rows_correlate(srv):
    sheets = {}
    for key in ("names_file", "passwords_file"):
        path = STATE[key + "_xlsx"]
        with open(path, "rb") as f:
            assert f.read(8) == bytes.fromhex("d0cf11e0a1b11ae1"), "an encrypted compound file"
        bad, _ = decrypt(path, "WrongPassword")
        assert bad.returncode != 0, bad
        ok, plain = decrypt(path, STATE["pw"]["spreadsheets"])
        assert ok.returncode == 0, ok
        rows, formula = cells(plain)
        assert not formula, "every cell a string"
        sheets[key] = [[unescape(v) for v in r] for r in rows]
    names, passwords = sheets["names_file"], sheets["passwords_file"]
    assert names[0][:2] == ["SIP Name", "Border Proxy"] and passwords[0] == ["SIP Password"], (names[0], passwords[0])
    assert len(names) == len(passwords) == N + 1
    for i in range(1, N + 1):
        assert STATE["pairs"][names[i][0]] == passwords[i][0], f"row {i + 1} correlates"
        assert names[i][1] == "sip-eu.provider.example"
    assert [r[2] for r in names[1:]] == [str(3000 + i) for i in range(N)], "extension order"
    assert all(len(r) == 1 for r in passwords), "the passwords sheet holds passwords only"
    assert not any(p in " ".join(" ".join(r) for r in names) for p in STATE["pairs"].values()), \
        "no password in the names sheet"


def test_no_secret_in_plain_form_on_the_appliance(srv):
    secrets = list(STATE["pairs"].values()) + list(STATE["pw"].values())
    hits = []
    for root, _, files in os.walk(srv.data):
        for f in files:
            path = os.path.join(root, f)
            assert not any(s in f for s in secrets), path
            with open(path, "rb") as fh:
                data = fh.read()
            hits += [path for s in secrets if s.encode() in data]
    assert hits == [], hits
    logs = srv.logs()
    assert not any(s in logs for s in secrets), "no secret in the log"
    c = STATE["c"]
    audit = c.get("/api/v1/audit?limit=500").json["items"]
    assert not any(s in str(audit) for s in secrets), "no secret in the audit log"


def test_every_export_is_audited_who_when_which_devices_which_handler(srv):
    c = STATE["c"]
    a = c.get("/api/v1/audit?q=sip_devices.export").json["items"]
    made = [x for x in a if x["action"] == "sip_devices.export" and x["outcome"] == "success"]
    assert made, a
    d = made[0]["detail"]
    assert made[0]["actor"] == "admin" and made[0]["at"], made[0]
    assert d["handler"] == "Dana Cole" and d["export_id"] == STATE["export"]["id"], d
    assert sorted(x["id"] for x in d["devices"]) == sorted(STATE["ids"]), d
    assert any(x["action"] == "sip_devices.export" and x["outcome"] == "failure" for x in a), "the wrong password too"
    assert any(x["action"] == "sip_devices.export.download" for x in a), a


def test_confirming_delivery_wipes_the_archives(srv):
    c = STATE["c"]
    e = c.get(f"/api/v1/sip-devices/exports/{STATE['export']['id']}").json
    hand = os.path.join(srv.data, "handover")
    assert sorted(os.listdir(hand)) == sorted([e["names_file"], e["passwords_file"]])
    assert oct(os.stat(os.path.join(hand, e["names_file"])).st_mode & 0o777) == "0o600"
    r = c.post(f"/api/v1/sip-devices/exports/{e['id']}/delivered")
    assert r.status == 200 and r.json["state"] == "delivered" and r.json["wiped_at"], r
    assert os.listdir(hand) == []
    r = c.get(f"/api/v1/sip-devices/exports/{e['id']}/archives/{e['names_file']}")
    assert r.status == 409, r


def test_archives_not_delivered_expire_and_are_wiped(srv):
    c = STATE["c"]
    assert c.put("/api/v1/sip-devices/settings", {"export_hours": 1}).status == 200
    r = c.post("/api/v1/sip-devices/exports", {"devices": STATE["ids"][:2], "handler_id": STATE["handler"],
                                               "password": PASSWORD})
    assert r.status == 202, r
    assert wait_job(c, r.json["job"]["id"])["state"] == "done"
    eid = r.json["export"]["id"]
    STATE["second"] = eid
    assert len(os.listdir(os.path.join(srv.data, "handover"))) == 2
    srv.advance_clock(3601)
    assert c.login("admin").status == 200    # the idle session ended meanwhile
    e = c.get(f"/api/v1/sip-devices/exports/{eid}").json
    assert e["state"] == "expired" and e["wiped_at"], e
    assert os.listdir(os.path.join(srv.data, "handover")) == []


def test_exports_await_the_signed_statement_of_work(srv):
    c = STATE["c"]
    open_ = c.get("/api/v1/sip-devices/exports?unacknowledged=1").json
    assert open_["total"] == 2, open_
    eid = STATE["export"]["id"]
    url = f"/api/v1/sip-devices/exports/{eid}/acknowledgement"
    r = c.put(url, {"signed_by": "Dana Cole", "signed_on": "2026-12-01", "reference": "SoW-2026-117",
                    "statements": {"data_handler": True, "responsibility": True}})
    assert r.status == 422 and r.error_field() == "statements.toll_fraud", r
    assert "Toll Fraud" in r.json["error"]["details"][0]["message"], r
    r = c.put(url, {"signed_by": "Dana Cole", "signed_on": "2099-01-01", "reference": "SoW-2026-117",
                    "statements": {"data_handler": True, "responsibility": True, "toll_fraud": True}})
    assert r.status == 422 and r.error_field() == "signed_on", r
    r = c.put(url, {"signed_by": "Dana Cole", "signed_on": "2026-12-01", "reference": "SoW-2026-117",
                    "statements": {"data_handler": True, "responsibility": True, "toll_fraud": True}})
    assert r.status == 200 and r.json["acknowledged"] is True, r
    assert r.json["acknowledgement"]["reference"] == "SoW-2026-117", r
    assert r.json["acknowledgement"]["recorded_by"] == "admin", r
    r = c.put(url, {"signed_by": "X", "signed_on": "2026-12-01", "reference": "Y",
                    "statements": {"data_handler": True, "responsibility": True, "toll_fraud": True}})
    assert r.status == 409, r
    open_ = c.get("/api/v1/sip-devices/exports?unacknowledged=1").json
    assert [x["id"] for x in open_["items"]] == [STATE["second"]], open_
    shutil.rmtree(STATE["tmp"], ignore_errors=True)
