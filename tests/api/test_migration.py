"""Managed IP Phone Assistant: migrating existing Polycom SIP stations from
their configuration directory (uploaded .zip/.tar.gz or a folder on the
appliance), Build Migration Items, backup, the migration job."""
import io
import os
import tarfile
import tempfile
import time
import zipfile

from harness import PASSWORD, add_user, setup_admin, wait_job

STATE = {}

MASTER = """<?xml version="1.0" standalone="yes"?>
<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="[PHONE_MAC_ADDRESS]-user.cfg, sip.cfg"
  MISC_FILES="" LOG_FILE_DIRECTORY="logs/" OVERRIDES_DIRECTORY="overrides/"/>
"""

USER1 = """<?xml version="1.0"?>
<PHONE_CONFIG><ALL reg.1.address="1001" reg.1.displayName="Jane Doe" reg.1.label="Jane"
  reg.1.auth.userId="1001" reg.1.auth.password="Old-Secret-Pass-1001"
  reg.2.address="1002" reg.2.displayName="Sales" reg.2.lineKeys="2"/></PHONE_CONFIG>
"""
USER2 = """<polycomConfig reg.1.address="2001" reg.1.displayName="John Roe"
  reg.1.auth.password="short" reg.1.server.1.address="10.0.0.9" reg.1.server.1.port="5061"
  reg.1.server.1.transport="TLS"/>
"""
# sip.cfg comes second: its reg.1.displayName must lose (first file wins).
SIP = """<polycomConfig reg.1.displayName="Loser" voIpProt.server.1.address="cic.example.local"
  voIpProt.server.1.port="5060" sec.tagSerialNo="1"/>
"""
NOT_APP = '<PHONE_CONFIG><ALL reg.1.address="9"/></PHONE_CONFIG>'
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          '<APPLICATION CONFIG_FILES="&lol2;"/>')

TREE = {
    "tftproot/0004F2000001.cfg": MASTER,
    "tftproot/0004f2000001-user.cfg": USER1,
    "tftproot/0004f2000002.cfg": MASTER,
    "tftproot/0004f2000002-user.cfg": USER2,
    "tftproot/sip.cfg": SIP,
    "tftproot/000000000000.cfg": MASTER,
    "tftproot/0004f2000003.cfg": NOT_APP,
    "tftproot/0004f2000004.cfg": LAUGHS,
    "tftproot/sip.ld": "firmware image, not read",
}


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def make_tgz(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def upload(c, data, name="tftproot.zip"):
    return c.request("POST", f"/api/v1/assistant/migrations/upload?filename={name}", raw=data,
                     content_type="application/octet-stream")


def test_setup(srv):
    STATE["c"] = setup_admin(srv)
    STATE["op"] = add_user(STATE["c"], "olga", "operator")
    assert STATE["op"].get("/api/v1/session").json["user"]["role"] == "operator"


def test_an_uploaded_zip_gives_one_item_per_master_file(srv):
    c = STATE["c"]
    r = upload(c, make_zip(TREE))
    assert r.status == 201, r
    m = r.json
    items = {i["mac"]: i for i in m["items"]}
    assert set(items) == {"00:04:f2:00:00:01", "00:04:f2:00:00:02"}, items.keys()
    one = items["00:04:f2:00:00:01"]
    assert one["first_display_name"] == "Jane Doe", "first file wins over sip.cfg"
    assert one["found"]["config_files"] == ["tftproot/0004f2000001-user.cfg", "tftproot/sip.cfg"]
    regs = one["found"]["registrations"]
    assert [x["address"] for x in regs] == ["1001", "1002"]
    assert regs[0]["server"] == "cic.example.local" and regs[0]["has_password"] is True
    assert "password_sealed" not in regs[0] and b"Old-Secret" not in r.raw
    why = {x["file"]: x["reason"] for x in m["report"]["not_items"]}
    assert "APPLICATION" in why["tftproot/0004f2000003.cfg"]
    assert "DOCTYPE" in why["tftproot/0004f2000004.cfg"], why
    assert "tftproot/000000000000.cfg" not in why, "the default master file is not a phone"
    assert m["report"]["skipped_other"] >= 1, "sip.ld is not read"
    STATE["mig"] = m["id"]


def test_a_tar_gz_reads_the_same(srv):
    r = upload(STATE["c"], make_tgz(TREE), "tftproot.tar.gz")
    assert r.status == 201, r
    assert len(r.json["items"]) == 2
    assert STATE["c"].delete(f"/api/v1/assistant/migrations/{r.json['id']}").status == 204


def test_hostile_archives_are_refused_and_keep_nothing(srv):
    c = STATE["c"]
    before = c.get("/api/v1/assistant/migrations").json["total"]
    for data, what in ((make_zip({"../evil.cfg": MASTER, "0004f2000009.cfg": MASTER}), "leave"),
                       (make_tgz({"/etc/0004f2000009.cfg": MASTER}), "leave"),
                       (b"this is not an archive at all" * 100, "archive"),
                       (b"", "archive"),
                       (make_zip({"readme.txt": "no phones here"}), "No phone configuration file")):
        r = upload(c, data)
        assert r.status == 422 and what in r.json["error"]["message"], (what, r)
    assert c.get("/api/v1/assistant/migrations").json["total"] == before


def phone_asks(srv, path, agent):
    """A phone's request to the provisioning listener (plain HTTP)."""
    import http.client
    h = http.client.HTTPConnection("127.0.0.1", srv.prov_port, timeout=10)
    h.request("GET", path, headers={"User-Agent": agent})
    r = h.getresponse()
    r.read()
    h.close()
    return r.status


def test_build_migration_items_names_models_and_warnings(srv):
    c, mid = STATE["c"], STATE["mig"]
    # The phone of item 2 asks for its file (no phone has its MAC yet, so
    # it is asked for a proof like any other): its model is learned.
    assert phone_asks(srv, "/0004F2000002.cfg", "FileTransport PolycomVVX-VVX_310-UA/5.9.0.9373") == 401
    # What phones tell is written a moment later: wait until it is.
    deadline = time.time() + 5
    while not any(i["mac"] == "00:04:f2:00:00:02" for i in c.get("/api/v1/provisional-phones").json["items"]):
        assert time.time() < deadline, "the sighting was not recorded"
        time.sleep(0.1)
    macs = ["0004f2000001", "00:04:f2:00:00:02"]
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "Nope", "items": macs})
    assert r.status == 422 and r.error_field() == "default_model", r
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "VVX 410", "items": ["0004f2999999"]})
    assert r.status == 422 and r.error_field() == "items[0]", r
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "VVX 410",
                                                             "name_format": "SecondFloorPhone", "items": macs})
    assert r.status == 200, r
    assert [i["build"]["name"] for i in r.json["items"]] == ["SecondFloorPhone_1", "SecondFloorPhone_2"]
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "VVX 410",
                                                             "name_format": "$FirstPrivateStation$-$MAC$", "items": macs})
    assert [i["build"]["name"] for i in r.json["items"]] == ["Jane Doe-0004f2000001", "John Roe-0004f2000002"]
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "VVX 410", "items": macs})
    assert r.status == 200, r
    b = {i["mac"]: i["build"] for i in r.json["items"]}
    one, two = b["00:04:f2:00:00:01"], b["00:04:f2:00:00:02"]
    assert one["name"] == "Jane Doe" and one["model"] == "VVX 410" and one["errors"] == []
    assert any("default model" in w["message"] for w in one["warnings"]), one
    st = one["phone"]["stations"]
    assert st[0] == {"extension": "1001", "label": "Jane",
                     "identification_address": "sip:1001@cic.example.local:5060"}, st[0]
    assert st[1]["label"] == "Sales" and st[1]["line_keys"] == 2
    assert two["phone"]["stations"][0]["identification_address"] == "sip:2001@10.0.0.9:5061"
    assert two["model"] == "VVX 310" and any("learned from the phone" in d for d in two["details"]), two
    assert any("fewer than 12" in w["message"] for w in two["warnings"]), two
    assert r.json["with_errors"] == 0 and r.json["with_warnings"] == 2
    assert not any("default model" in w["message"] for w in two["warnings"])


def test_an_item_whose_name_is_taken_has_an_error(srv):
    c, mid = STATE["c"], STATE["mig"]
    assert c.post("/api/v1/phones", {"name": "John Roe", "manufacturer": "Polycom", "model": "VVX 410",
                                     "type": "workstation"}).status == 201
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "VVX 410",
                                                             "items": ["0004f2000001", "0004f2000002"]})
    b = {i["mac"]: i["build"] for i in r.json["items"]}
    assert b["00:04:f2:00:00:02"]["errors"][0]["field"] == "name", b
    assert r.json["with_errors"] == 1


def test_the_migration_needs_a_backup_first_and_then_runs(srv):
    c, mid = STATE["c"], STATE["mig"]
    assert c.post(f"/api/v1/assistant/migrations/{mid}/run", {}).status == 422
    assert c.post(f"/api/v1/assistant/migrations/{mid}/run", {"backup": "nope.sqlite3"}).error_field() == "backup"
    j = wait_job(c, c.post("/api/v1/system/backups").json["id"])
    assert j["state"] == "done", j
    r = c.post(f"/api/v1/assistant/migrations/{mid}/run", {"backup": j["result"]["name"]})
    assert r.status == 202, r
    j = wait_job(c, r.json["id"])
    assert j["state"] == "done" and j["result"]["created"] == 1 and j["result"]["not_created"] == 1, j
    assert j["result"]["backup"].endswith(j["result"]["backup"].split("/")[-1]) and "backups" in j["result"]["backup"]
    m = c.get(f"/api/v1/assistant/migrations/{mid}").json
    assert m["state"] == "done" and m["result"]["created"] == 1
    res = {i["mac"]: i["result"] for i in m["items"]}
    assert res["00:04:f2:00:00:01"]["outcome"] == "created"
    assert any("kept from the old files" in s["message"] for s in res["00:04:f2:00:00:01"]["steps"])
    assert res["00:04:f2:00:00:02"]["outcome"] == "skipped"
    phones = c.get("/api/v1/phones?q=Jane").json["items"]
    assert len(phones) == 1 and phones[0]["address"] == "00:04:f2:00:00:01", phones
    ph = c.get(f"/api/v1/phones/{phones[0]['id']}").json
    assert ph["status"] == "Not registered" and len(ph["stations"]) == 2
    sid = ph["stations"][0]["id"]
    pw = c.post(f"/api/v1/phones/{ph['id']}/stations/{sid}/reveal", {"password": PASSWORD}).json
    assert pw["sip_password"] == "Old-Secret-Pass-1001", "the station keeps its SIP password"
    assert c.post(f"/api/v1/assistant/migrations/{mid}/run", {"without_backup": True}).status == 409
    audit = c.get("/api/v1/audit?q=assistant.migration.run").json["items"]
    assert audit and audit[0]["outcome"] == "success", audit


def test_a_folder_on_the_appliance_admins_only(srv):
    c, op = STATE["c"], STATE["op"]
    d = tempfile.mkdtemp(prefix="sb-tftp-")
    for name, text in TREE.items():
        path = os.path.join(d, name.split("/", 1)[1])
        with open(path, "w") as f:
            f.write(text)
    os.symlink("/etc/passwd", os.path.join(d, "0004f2000005.cfg"))
    assert op.post("/api/v1/assistant/migrations", {"directory": d}).status == 403
    r = c.post("/api/v1/assistant/migrations", {"directory": d})
    assert r.status == 201, r
    assert len(r.json["items"]) == 2 and r.json["source"] == f"directory {d}"
    r = c.post("/api/v1/assistant/migrations", {"directory": d + "/nope"})
    assert r.status == 422 and r.error_field() == "directory", r
    assert c.post("/api/v1/assistant/migrations", {"directory": "relative/dir"}).status == 422
