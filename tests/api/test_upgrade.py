"""Upgrades (issue 21, item 4): a data directory from each released schema
version (tests/upgrade/fixtures/schema-NNNN.tar.gz, made by that release's
own binary with tests/upgrade/make_fixture.py) is opened by this binary:
the schema is migrated to the latest, a backup of the old database is
taken first, and every user, phone and sealed secret is there as before.
A database from a newer version is refused with a clear message and left
as it was."""
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile

from harness import BIN, ROOT, Server, free_ports
from test_provisioning import Phone, attrs

FIXTURES = sorted(glob.glob(os.path.join(ROOT, "tests/upgrade/fixtures/schema-*.tar.gz")))
LATEST = len(glob.glob(os.path.join(ROOT, "migrations/*.sql")))


def unpack(path):
    d = tempfile.mkdtemp(prefix="sb-upgrade-")
    with tarfile.open(path) as t:
        t.extractall(d, filter="data")
    if os.path.exists(os.path.join(d, "switchboard.lock")):
        os.remove(os.path.join(d, "switchboard.lock"))
    with open(os.path.join(d, "expected.json")) as f:
        return d, json.load(f)


def schema(data):
    db = sqlite3.connect(os.path.join(data, "switchboard.db"))
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def upgrade_one(path):
    data, want = unpack(path)
    assert schema(data) == want["schema"] < LATEST, (path, schema(data))
    srv = Server(data=data)
    try:
        assert schema(data) == LATEST, "migrated to the latest schema"
        kept = glob.glob(os.path.join(data, "backups", f"pre-migration-v{want['schema']}-to-v{LATEST}-*.sqlite3"))
        assert len(kept) == 1, os.listdir(os.path.join(data, "backups"))
        c = srv.client()
        r = c.login(want["admin"], want["password"])
        assert r.status == 200, ("the administrator logs in with the old password", r)
        users = {u["username"]: u["role"] for u in c.get("/api/v1/users").json["items"]}
        assert users.get(want["operator"]) == "operator", users
        items = c.get("/api/v1/phones?q=Upgrade").json["items"]
        assert len(items) == 1, items
        ph = c.get(f"/api/v1/phones/{items[0]['id']}").json
        p = want["phone"]
        assert (ph["name"], ph["address"], ph["location"], ph["registration_group"]) == \
            (p["name"], p["address"], p["location"], p["registration_group"]), ph
        assert (ph["stations"][0]["extension"], ph["stations"][0]["label"]) == (p["extension"], p["label"]), ph
        # The sealed SIP password still opens with the kept key: the phone
        # gets it in its file.
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.1/32"]}).status == 200
        mac12 = p["address"].replace(":", "")
        status, _, master = Phone(srv).get(f"/{mac12}.cfg")
        assert status == 200, status
        phone_file = [f.strip() for f in attrs(master)["CONFIG_FILES"].split(",")][1]
        status, _, body = Phone(srv).get("/" + phone_file)
        assert status == 200 and attrs(body)["reg.1.auth.password"] == want["sip_password"], (status, body[:300])
    finally:
        srv.stop()
        shutil.rmtree(data, ignore_errors=True)


def test_there_is_a_fixture_of_each_released_schema(srv):
    found = sorted(int(os.path.basename(f)[7:11]) for f in FIXTURES)
    assert found == [16, 21, 24], found


def test_schema_16_upgrades_with_its_data(srv):
    upgrade_one(FIXTURES[0])


def test_schema_21_upgrades_with_its_data(srv):
    upgrade_one(FIXTURES[1])


def test_schema_24_upgrades_with_its_data(srv):
    upgrade_one(FIXTURES[2])


def test_a_database_from_a_newer_version_is_refused_and_left_alone(srv):
    data, _ = unpack(FIXTURES[-1])
    try:
        path = os.path.join(data, "switchboard.db")
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA user_version = {LATEST + 5}")
        db.commit()
        db.close()
        before = open(path, "rb").read()
        r = subprocess.run([BIN, "--data", data, "check"], capture_output=True, text=True, timeout=60)
        msg = r.stdout + r.stderr
        assert r.returncode != 0, msg
        assert f"schema version {LATEST + 5}" in msg and f"only up to {LATEST}" in msg, msg
        ports = free_ports(4)
        r = subprocess.run([BIN, "--data", data, "--admin-listen", f"127.0.0.1:{ports[0]}",
                            "--provision-listen", f"127.0.0.1:{ports[1]}",
                            "--provision-tls-listen", f"127.0.0.1:{ports[2]}",
                            "--sip-listen", f"127.0.0.1:{ports[3]}"], capture_output=True, text=True, timeout=60)
        msg = r.stdout + r.stderr
        assert r.returncode != 0 and f"schema version {LATEST + 5}" in msg and "run a newer switchboard" in msg, \
            ("the daemon does not start on it", msg)
        assert open(path, "rb").read() == before, "no silent downgrade: the file is untouched"
    finally:
        shutil.rmtree(data, ignore_errors=True)
