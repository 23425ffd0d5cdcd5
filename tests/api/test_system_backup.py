"""Whole-system backup and restore (issue 21, item 3): one archive with a
manifest and checksums (database, firmware, certificate, and the secret key
only when asked, sealed with a passphrase); restored onto a second fresh
appliance with every phone, user and secret intact; damaged, foreign,
newer-version and path-escaping archives refused with a clear message; a
restore without the key refused unless forced; a restore cut short mid-way
leaves the old system whole; nightly backups keep the newest N."""
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time

from harness import BIN, PASSWORD, ROOT, Server, add_user, setup_admin, wait_job
from test_provisioning import Phone, attrs
from test_provisioning_families import upload_firmware

STATE = {}
MAC = "0004f2ee0101"
PASSPHRASE = "a long passphrase for the key"
LATEST = len([f for f in os.listdir(os.path.join(ROOT, "migrations")) if f.endswith(".sql")])


def members(raw):
    with tarfile.open(fileobj=io.BytesIO(raw)) as t:
        return [(m.name, t.extractfile(m).read()) for m in t.getmembers()]


def make_tar(entries):
    """A tar of (name, bytes) in order."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o600
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def system_backup(c, body=None):
    r = c.post("/api/v1/system/backups", dict({"kind": "system"}, **(body or {})))
    assert r.status == 202, r
    j = wait_job(c, r.json["id"], 120)
    assert j["state"] == "done", j
    raw = c.get(f"/api/v1/system/backups/{j['result']['name']}")
    assert raw.status == 200 and raw.header("Content-Type").startswith("application/x-tar"), raw
    return j["result"], raw.raw


def upload(c, raw):
    return c.request("POST", "/api/v1/system/restore/upload", raw=raw, content_type="application/x-tar")


def phone_file_password(srv):
    """The SIP password in the phone's own file, as the phone gets it: the
    first fetch (from a trusted network) hands the phone its provisioning
    password; later ones need HTTP digest with it, which only works while
    its sealed copy opens with the key in place."""
    if "prov_pw" in STATE:
        status, _, master = Phone(srv).get_digest(f"/{MAC}.cfg", MAC, STATE["prov_pw"])
    else:
        status, _, master = Phone(srv).get(f"/{MAC}.cfg")
    assert status == 200, status
    phone_file = [f.strip() for f in attrs(master)["CONFIG_FILES"].split(",")][1]
    if "prov_pw" in STATE:
        status, _, body = Phone(srv).get_digest("/" + phone_file, MAC, STATE["prov_pw"])
    else:
        status, _, body = Phone(srv).get("/" + phone_file)
        STATE["prov_pw"] = attrs(body)["device.prov.password"]
    assert status == 200, status
    return attrs(body)["reg.1.auth.password"]


def restart_for_restore(srv, c):
    """The restart endpoint: the daemon exits 75 (systemd restarts it on
    failure); the test starts it again as systemd would."""
    r = c.post("/api/v1/system/restart", {"confirm": True})
    assert r.status == 202 and r.json["exit_status"] == 75, r
    assert srv.proc.wait(30) == 75
    srv.log.close()
    srv.proc = None
    srv.start()


def test_setup_a_system_with_phones_users_firmware_and_secrets(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    add_user(c, "opsuser", "operator")
    assert c.post("/api/v1/locations", {"name": "Backup Site", "time_zone": "Europe/Berlin",
                                        "sntp_server": "10.9.9.9",
                                        "codec_preference": ["G.711 A-law"]}).status == 201
    assert c.post("/api/v1/registration-groups", {"name": "Backup Group", "kind": "regular",
                                                  "registrations": [{"type": "line", "line_id": 1}]}).status == 201
    r = c.post("/api/v1/phones", {"name": "Backup Phone", "manufacturer": "Polycom", "model": "VVX 410",
                                  "type": "workstation", "address": MAC,
                                  "location": "Backup Site", "registration_group": "Backup Group",
                                  "stations": [{"extension": "7901", "label": "Desk"}]})
    assert r.status == 201, r
    STATE["sip_password"] = r.json["generated_passwords"][0]["sip_password"]
    STATE["firmware"] = os.urandom(200 * 1024)
    assert upload_firmware(c, "AudioCodes", "420HD", "2.2.16.643", "420HD.img", STATE["firmware"]).status == 201
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.1/32"]}).status == 200
    assert phone_file_password(srv) == STATE["sip_password"]


def test_a_system_backup_without_the_key(srv):
    c = STATE["c"]
    result, raw = system_backup(c)
    assert result["name"].startswith("switchboard-system-") and result["name"].endswith(".tar"), result
    assert result["has_key"] is False
    got = members(raw)
    assert got[0][0] == "manifest.json", [n for n, _ in got]
    m = json.loads(got[0][1])
    assert m["format"] == "switchboard-system-backup" and m["format_version"] == 1, m
    assert m["schema_version"] == LATEST and m["product_version"] and m["host"] and m["created_at"], m
    assert m["key"] is None and "custom_files" in m, m
    listed = {e["path"]: e for e in m["members"]}
    files = dict(got[1:])
    assert set(listed) == set(files), (set(listed), set(files))
    for path, data in files.items():
        assert listed[path]["size"] == len(data) and listed[path]["sha256"] == hashlib.sha256(data).hexdigest(), path
    assert "secret.key.sealed" not in files and "secret.key" not in files
    assert files["switchboard.db"].startswith(b"SQLite format 3\x00")
    assert files["firmware/" + hashlib.sha256(STATE["firmware"]).hexdigest()] == STATE["firmware"]
    with open(os.path.join(srv.data, "tls", "server.pem"), "rb") as f:
        assert files["tls/server.pem"] == f.read()
    st = os.stat(os.path.join(srv.data, "backups", result["name"]))
    assert st.st_mode & 0o077 == 0, oct(st.st_mode)
    assert any(b["name"] == result["name"] and b["kind"] == "system"
               for b in c.get("/api/v1/system/backups").json["items"])
    STATE["no_key"] = raw


def test_a_system_backup_with_the_key_needs_a_passphrase_and_the_password(srv):
    c = STATE["c"]
    r = c.post("/api/v1/system/backups", {"kind": "system", "include_key": True,
                                          "passphrase": "too short", "password": PASSWORD})
    assert r.status == 422 and r.error_field() == "passphrase", r
    r = c.post("/api/v1/system/backups", {"kind": "system", "include_key": True,
                                          "passphrase": PASSPHRASE, "password": "not my password"})
    assert r.status == 422 and r.error_field() == "password", r
    result, raw = system_backup(c, {"include_key": True, "passphrase": PASSPHRASE, "password": PASSWORD})
    assert result["has_key"] is True
    got = dict(members(raw))
    m = json.loads(got["manifest.json"])
    k = m["key"]
    assert k["kdf"] == "argon2id13" and k["opslimit"] >= 3 and k["memlimit"] >= 256 * 1024 * 1024, k
    assert len(got["secret.key.sealed"]) == 48
    with open(os.path.join(srv.data, "secret.key"), "rb") as f:
        key = f.read()
    assert key not in raw, "the key is sealed, never in the clear"
    assert PASSPHRASE.encode() not in raw and PASSPHRASE not in srv.logs()
    audit = c.get("/api/v1/audit?action=backup.create").json["items"]
    assert any(a["target"] == "system" and a["detail"].get("include_key") is True for a in audit), audit
    STATE["with_key"] = raw
    print(f"# archive bytes: without the key {len(STATE['no_key'])}, with it {len(raw)}")


def test_restore_onto_a_second_fresh_appliance_with_everything_intact(srv):
    other = Server()
    try:
        c2 = setup_admin(other, password="another admin's password")
        r = upload(c2, STATE["with_key"])
        assert r.status == 200 and r.json["needs_passphrase"] is True, r
        assert r.json["upload"]["firmware_files"] == 1, r
        r = c2.post("/api/v1/system/restore", {"confirm": True, "password": "another admin's password",
                                               "passphrase": "the wrong passphrase"})
        assert r.status == 422 and r.error_field() == "passphrase" and "does not open" in r.json["error"]["message"], r
        assert c2.get("/api/v1/system/restore").json["pending"] is None
        r = c2.post("/api/v1/system/restore", {"confirm": True, "password": "another admin's password",
                                               "passphrase": PASSPHRASE})
        assert r.status == 200 and r.json["pending"]["has_key"] is True and r.json["restart_required"], r
        restart_for_restore(other, c2)
        c = other.client()
        r = c.login("admin", PASSWORD)
        assert r.status == 200 and r.json["restore_result"]["outcome"] == "applied", r
        assert "restore_result" not in c.login("admin", PASSWORD).json, "shown once"
        users = {u["username"]: u["role"] for u in c.get("/api/v1/users").json["items"]}
        assert users == {"admin": "admin", "opsuser": "operator"}, users
        items = c.get("/api/v1/phones?q=Backup").json["items"]
        assert [p["name"] for p in items] == ["Backup Phone"], items
        fw = c.get("/api/v1/firmware").json["items"]
        assert [f["sha256"] for f in fw] == [hashlib.sha256(STATE["firmware"]).hexdigest()], fw
        with open(os.path.join(other.data, "firmware", fw[0]["sha256"]), "rb") as f:
            assert f.read() == STATE["firmware"]
        assert phone_file_password(other) == STATE["sip_password"], "the sealed secret opens with the restored key"
        assert not any(n.startswith("restore-") and n != "restore-result.seen.json" for n in os.listdir(other.data)), \
            os.listdir(other.data)
        audit = c.get("/api/v1/audit?action=system.restore.apply").json["items"]
        assert audit and audit[0]["outcome"] == "success", audit
    finally:
        other.cleanup()


def test_the_unify_connector_guard_applies_to_a_system_restore(srv):
    from test_unify_guard import ARGS, CONN, REASON, SYSTEM
    orig = Server(ARGS)
    copy = None
    try:
        c = setup_admin(orig)
        assert c.put("/api/v1/unify/system", SYSTEM).status == 200
        assert c.put("/api/v1/unify/connectivity", CONN).status == 200
        assert c.post("/api/v1/unify/connectivity/execute").status == 200
        orig.restart()      # it records where it lives
        c = orig.client()
        assert c.login("admin").status == 200
        _, raw = system_backup(c, {"include_key": True, "passphrase": PASSPHRASE, "password": PASSWORD})
        copy = Server(ARGS)
        c2 = setup_admin(copy)
        assert upload(c2, raw).status == 200
        assert c2.post("/api/v1/system/restore", {"confirm": True, "password": PASSWORD,
                                                  "passphrase": PASSPHRASE}).status == 200
        restart_for_restore(copy, c2)
        c2 = copy.client()
        assert c2.login("admin").status == 200
        assert c2.get("/api/v1/unify/status").json["guard"]["reason"] == REASON
        r = c2.post("/api/v1/unify/connectivity/execute")
        assert r.status == 409 and r.json["error"]["code"] == "connector_disabled", r
        assert c.get("/api/v1/unify/status").json["guard"] is None, "the original stays as it was"
    finally:
        orig.cleanup()
        if copy:
            copy.cleanup()


def test_without_the_key_onto_another_appliance_is_refused_then_forced(srv):
    other = Server()
    try:
        c2 = setup_admin(other)
        assert upload(c2, STATE["no_key"]).json["needs_passphrase"] is False
        r = c2.post("/api/v1/system/restore", {"confirm": True, "password": PASSWORD})
        assert r.status == 409 and r.json["error"]["code"] == "key_missing", r
        assert "restore without the key: sealed secrets will be unreadable" in r.json["error"]["message"], r
        assert c2.get("/api/v1/system/restore").json["pending"] is None
        r = c2.post("/api/v1/system/restore", {"confirm": True, "password": PASSWORD, "force_without_key": True})
        assert r.status == 200 and r.json["pending"]["secrets_readable"] is False, r
        r = c2.delete("/api/v1/system/restore")
        assert r.status == 204 and c2.get("/api/v1/system/restore").json["pending"] is None
    finally:
        other.cleanup()


def refused(c, raw):
    r = upload(c, raw)
    assert r.status == 422 and r.error_field() == "file", r
    assert c.get("/api/v1/system/restore").json["upload"] is None
    return r.json["error"]["message"]


def rebuilt(change):
    """The key-less archive's members through change(manifest, files)."""
    got = members(STATE["no_key"])
    m = json.loads(got[0][1])
    files = dict(got[1:])
    change(m, files)
    return make_tar([("manifest.json", json.dumps(m).encode())] + list(files.items()))


def test_a_damaged_archive_is_refused_naming_the_member(srv):
    c = STATE["c"]
    raw = bytearray(STATE["no_key"])
    at = raw.find(b"SQLite format 3\x00") + 2000
    raw[at] ^= 0xff
    assert refused(c, bytes(raw)) == "damaged: switchboard.db does not match its checksum"
    cut = STATE["no_key"][:len(STATE["no_key"]) // 2]
    assert refused(c, cut).startswith("damaged:")


def test_a_foreign_tar_is_refused(srv):
    c = STATE["c"]
    assert refused(c, make_tar([("notes.txt", b"hello")])) == "not a Switchboard system backup"
    assert refused(c, make_tar([("manifest.json", b'{"format":"other-product-backup"}')])) == \
        "not a Switchboard system backup"
    assert refused(c, b"not a tar at all" * 100) == "not a Switchboard system backup"


def test_a_newer_schema_is_refused(srv):
    def newer(m, files):
        m["schema_version"] = LATEST + 5
    assert refused(STATE["c"], rebuilt(newer)) == \
        f"made by a newer Switchboard (schema {LATEST + 5}, this one knows {LATEST})"


def test_paths_that_escape_are_refused(srv):
    c = STATE["c"]

    def escape(m, files):
        m["members"].append({"path": "../escaped", "size": 4, "sha256": hashlib.sha256(b"evil").hexdigest()})
        files["../escaped"] = b"evil"
    assert "../escaped" in refused(c, rebuilt(escape))

    def unlisted(m, files):
        files["../escaped"] = b"evil"
    assert "../escaped" in refused(c, rebuilt(unlisted))
    assert not os.path.exists(os.path.join(os.path.dirname(srv.data), "escaped"))
    # A link in place of a member.
    got = members(STATE["no_key"])
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, data in got:
            info = tarfile.TarInfo(name)
            if name == "tls/server.pem":
                info.type = tarfile.SYMTYPE
                info.linkname = "/etc/passwd"
                t.addfile(info)
                continue
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    assert "link" in refused(c, buf.getvalue())


def test_a_restore_interrupted_midway_leaves_the_old_system_whole(srv):
    c = STATE["c"]
    assert upload(c, STATE["no_key"]).status == 200
    r = c.post("/api/v1/system/restore", {"confirm": True, "password": PASSWORD})
    assert r.status == 200 and r.json["pending"]["secrets_readable"] is True, r
    # Made after the backup: the old system holds it, the backup does not.
    assert c.post("/api/v1/locations", {"name": "After Backup", "time_zone": "Europe/Berlin",
                                        "sntp_server": "10.9.9.9",
                                        "codec_preference": ["G.711 A-law"]}).status == 201
    fail = os.path.join(srv.data, "test-fail-restore-swap")
    open(fail, "w").close()
    try:
        restart_for_restore(srv, c)
    finally:
        os.unlink(fail)
    c = srv.client()
    r = c.login("admin", PASSWORD)
    assert r.status == 200 and r.json["restore_result"]["outcome"] == "failed", r
    assert "put back as it was" in r.json["restore_result"]["message"], r
    STATE["c"] = c
    names = [l["name"] for l in c.get("/api/v1/locations").json["items"]]
    assert "After Backup" in names, names
    assert phone_file_password(srv) == STATE["sip_password"]
    assert c.get("/api/v1/system/restore").json["pending"] is None
    assert not os.path.exists(os.path.join(srv.data, "restore-old"))
    assert "event=system.restore" in srv.logs()


def test_the_cli_backs_up_and_restores_a_stopped_appliance(srv):
    work = tempfile.mkdtemp(prefix="sb-cli-")
    try:
        archive = os.path.join(work, "system.tar")
        pfile = os.path.join(work, "passphrase")
        with open(pfile, "w") as f:
            f.write(PASSPHRASE + "\n")
        r = subprocess.run([BIN, "--data", srv.data, "backup-system", archive, "--include-key",
                            "--passphrase-file", pfile], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0 and "with the secret key" in r.stdout, r
        fresh = os.path.join(work, "fresh")
        r = subprocess.run([BIN, "--data", fresh, "restore-system", archive], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode != 0 and "passphrase" in r.stderr, r
        r = subprocess.run([BIN, "--data", fresh, "restore-system", archive], capture_output=True, text=True,
                           timeout=120, env=dict(os.environ, SWITCHBOARD_BACKUP_PASSPHRASE=PASSPHRASE))
        assert r.returncode == 0, r
        with open(os.path.join(fresh, "secret.key"), "rb") as a, open(os.path.join(srv.data, "secret.key"), "rb") as b:
            assert a.read() == b.read()
        r = subprocess.run([BIN, "--data", fresh, "check"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r
        # Without the key onto a data directory with another key.
        plain = os.path.join(work, "plain.tar")
        with open(plain, "wb") as f:
            f.write(STATE["no_key"])
        other = os.path.join(work, "other")
        r = subprocess.run([BIN, "--data", other, "restore-system", plain], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode != 0 and "sealed secrets will be unreadable" in r.stderr, r
        assert not os.path.exists(os.path.join(other, "switchboard.db")), "nothing changed"
        r = subprocess.run([BIN, "--data", other, "restore-system", plain, "--force-without-key"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_nightly_backups_keep_the_newest_n(srv):
    c = STATE["c"]
    r = c.put("/api/v1/settings/system-backups", {"enabled": True, "hour": 24, "keep": 1})
    assert r.status == 422 and r.error_field() == "hour", r
    r = c.put("/api/v1/settings/system-backups", {"enabled": True, "hour": 3, "keep": 1, "include_key": True})
    assert r.status == 422 and r.error_field() == "include_key", r
    clock = os.path.join(srv.data, "test-clock")
    offset = int(open(clock).read()) if os.path.exists(clock) else 0
    now = time.time() + offset
    hour = time.localtime(now + 3600).tm_hour
    r = c.put("/api/v1/settings/system-backups", {"enabled": True, "hour": hour, "keep": 1})
    assert r.status == 200 and r.json["hour"] == hour and r.json["include_key"] is False, r

    def nightly():
        # A fresh login each time: the moved clock ends sessions.
        a = srv.client()
        assert a.login("admin", PASSWORD).status == 200
        return sorted(b["name"] for b in a.get("/api/v1/system/backups").json["items"] if b["kind"] == "nightly")

    def wait_for_nightly(count_names):
        deadline = time.time() + 60
        while time.time() < deadline:
            names = nightly()
            if count_names(names):
                return names
            time.sleep(0.5)
        raise AssertionError(nightly())

    assert nightly() == []
    # To the start of that hour, then a day later.
    srv.advance_clock(3600 - int(now) % 3600 + 60)
    first = wait_for_nightly(lambda n: len(n) == 1)
    srv.advance_clock(24 * 3600)
    second = wait_for_nightly(lambda n: n and n != first)
    assert len(second) == 1 and second[0] > first[0], (first, second)
    c = srv.client()
    c.login("admin", PASSWORD)
    got = dict(members(c.get(f"/api/v1/system/backups/{second[0]}").raw))
    assert "secret.key.sealed" not in got and json.loads(got["manifest.json"])["key"] is None

