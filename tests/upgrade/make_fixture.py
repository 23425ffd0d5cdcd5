"""Make an upgrade fixture: run a released switchboard binary (of an older
schema) on a fresh data directory, give it the data an appliance holds
(an administrator, an operator, a location, a registration group, a
Polycom phone with a station and its sealed SIP password), stop it, and
keep the data directory with what the upgrade test must find again.

    SWITCHBOARD_BIN=/path/to/old/switchboard \
        python3 tests/upgrade/make_fixture.py OLD_TREE/tests/api OUT.tar.gz

OLD_TREE/tests/api is that release's own test harness (its flags)."""
import json
import os
import sqlite3
import sys
import tarfile

sys.path.insert(0, sys.argv[1])
from harness import Server, add_user, setup_admin, PASSWORD  # noqa: E402


def main():
    out = sys.argv[2]
    srv = Server()
    try:
        c = setup_admin(srv)
        add_user(c, "opsuser", "operator")
        assert c.post("/api/v1/locations", {"name": "Upgrade Site", "time_zone": "Europe/Berlin",
                                            "sntp_server": "10.9.9.9",
                                            "codec_preference": ["G.711 A-law"]}).status == 201
        assert c.post("/api/v1/registration-groups", {"name": "Upgrade Group", "kind": "regular",
                                                      "registrations": [{"type": "line", "line_id": 1}]}).status == 201
        r = c.post("/api/v1/phones", {"name": "Upgrade Phone", "manufacturer": "Polycom", "model": "VVX 410",
                                      "type": "workstation", "address": "0004f2ee0001",
                                      "location": "Upgrade Site", "registration_group": "Upgrade Group",
                                      "stations": [{"extension": "7801", "label": "Desk"}]})
        assert r.status == 201, r
        sip_pw = r.json["generated_passwords"][0]["sip_password"]
    finally:
        srv.stop()
    db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
    schema = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    expected = {"schema": schema, "admin": "admin", "password": PASSWORD, "operator": "opsuser",
                "phone": {"name": "Upgrade Phone", "address": "00:04:f2:ee:00:01", "location": "Upgrade Site",
                          "registration_group": "Upgrade Group", "extension": "7801", "label": "Desk"},
                "sip_password": sip_pw}
    with open(os.path.join(srv.data, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    with tarfile.open(out, "w:gz") as t:
        for name in sorted(os.listdir(srv.data)):
            if name in ("backups", "handover") or name.endswith((".log", "-wal", "-shm")):
                continue
            t.add(os.path.join(srv.data, name), arcname=name)
    print(f"schema {schema}: {out}")


main()
