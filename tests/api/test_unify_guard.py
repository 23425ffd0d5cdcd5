"""The backup and cloning guard (seed 003, FAQ 5.3): a configuration with an
active Unify Phone connector, restored with `switchboard restore` into a
fresh data directory or copied to another one, comes up with the connector
disabled and a warning saying why; the wizard cannot run until an admin
re-enables it (audited), optionally with a new system identity. The
original appliance, restarted where it was, stays as it was."""
import os
import shutil
import sqlite3
import subprocess
import tempfile

from harness import BIN, Server, setup_admin

KEY = "UPK-0b2c4d6e8f1a3b5c7d9e-guard"
SYSTEM = {"model": "X5", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3 FR1",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
CONN = {"enabled": True, "api_key": KEY, "circuit_calls": 4, "route_country_code": "49",
        "route_local_area_code": "89", "route_pabx_number": "7007"}
# No watcher: these servers have no cloud to check.
ARGS = ("--unify-check-minutes", "0")
SERVER_ARGS = ARGS
REASON = ("This configuration was restored or copied from another system (another appliance or "
          "data directory). The Unify Phone connector is disabled so that two systems never use "
          "the same Unify Phone connector configuration. Uninstall the connector on the original "
          "system, then re-enable it here.")
STATE = {}


def system_id(data):
    db = sqlite3.connect(os.path.join(data, "switchboard.db"))
    (v,) = db.execute("SELECT json_extract(value, '$.system_id') FROM unify_config "
                      "WHERE key = 'identity'").fetchone()
    db.close()
    return v


def actions(c, prefix):
    items = c.get("/api/v1/audit?limit=200&action=" + prefix).json["items"]
    return [(e["action"], e["actor"]) for e in items]


def restored_copy(srv, work, name):
    """Back up srv, restore the backup into a fresh data directory with a
    copy of secret.key (as the admin keeps it), start a server there."""
    backup = os.path.join(work, name + ".db")
    subprocess.run([BIN, "--data", srv.data, "backup", backup], check=True, capture_output=True)
    fresh = os.path.join(work, name)
    os.mkdir(fresh, 0o700)
    out = subprocess.run([BIN, "--data", fresh, "restore", backup], capture_output=True, text=True)
    assert out.returncode == 0, out
    shutil.copy2(os.path.join(srv.data, "secret.key"), os.path.join(fresh, "secret.key"))
    return Server(ARGS, data=fresh)


def test_the_original_keeps_its_connector_across_restarts(srv):
    c = setup_admin(srv)
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert c.put("/api/v1/unify/connectivity", CONN).status == 200
    assert c.post("/api/v1/unify/connectivity/execute").status == 200
    srv.restart()
    c = srv.client()
    assert c.login("admin").status == 200
    assert c.get("/api/v1/unify/status").json["guard"] is None
    assert c.get("/api/v1/unify/connectivity").json["guard"] is None
    assert c.post("/api/v1/unify/connectivity/execute").status == 200
    assert actions(c, "unify.connector.") == []
    STATE["c"] = c
    STATE["work"] = tempfile.mkdtemp(prefix="sb-guard-")


def test_a_restore_into_a_fresh_data_directory_comes_up_disabled(srv):
    work = STATE["work"]
    other = restored_copy(srv, work, "restored")
    try:
        c = other.client()
        assert c.login("admin").status == 200
        s = c.get("/api/v1/unify/status").json
        assert s["guard"]["reason"] == REASON and s["guard"]["detected_at"], s
        assert s["status"] == "not registered" and s["reason"] == REASON
        r = c.post("/api/v1/unify/status/check")
        assert r.status == 200 and r.json["reason"] == REASON and r.json["sip"] is None
        for page in ("connectivity", "system", "trunks"):
            assert c.get("/api/v1/unify/" + page).json["guard"]["reason"] == REASON, page
        r = c.post("/api/v1/unify/connectivity/execute")
        assert r.status == 409 and r.json["error"]["code"] == "connector_disabled", r
        assert r.json["error"]["message"] == REASON
        assert actions(c, "unify.connector.") == [("unify.connector.guard", "system")]
        itsp = c.get("/api/v1/unify/diagnostics").json["groups"][0]["checks"][0]
        assert itsp["result"] == "fail" and itsp["detail"] == REASON, itsp
        assert "event=unify.guard" in other.logs()
        # Re-enabling needs the admin to say so.
        r = c.post("/api/v1/unify/connector/re-enable", {})
        assert r.status == 422 and r.error_field() == "confirm", r
        assert c.get("/api/v1/unify/status").json["guard"] is not None
        kept = system_id(other.data)
        r = c.post("/api/v1/unify/connector/re-enable", {"confirm": True})
        assert r.status == 200 and r.json["guard"] is None, r
        assert system_id(other.data) == kept      # a replacement keeps the identity
        assert actions(c, "unify.connector.")[0] == ("unify.connector.reenable", "admin")
        assert c.post("/api/v1/unify/connector/re-enable", {"confirm": True}).status == 409
        assert c.post("/api/v1/unify/connectivity/execute").status == 200
        # It now knows itself: a restart leaves it enabled.
        other.restart()
        c = other.client()
        assert c.login("admin").status == 200
        assert c.get("/api/v1/unify/status").json["guard"] is None
    finally:
        other.cleanup()
        shutil.rmtree(other.data, ignore_errors=True)


def test_a_copied_data_directory_comes_up_disabled_and_may_take_a_new_identity(srv):
    work = STATE["work"]
    copy = os.path.join(work, "copied")
    srv.stop()
    shutil.copytree(srv.data, copy)
    srv.start()
    other = Server(ARGS, data=copy)
    try:
        c = other.client()
        assert c.login("admin").status == 200
        assert c.get("/api/v1/unify/status").json["guard"]["reason"] == REASON
        before = system_id(copy)
        assert len(c.get("/api/v1/unify/trunks").json["items"]) == 1
        r = c.post("/api/v1/unify/connector/re-enable", {"confirm": True, "new_identity": True})
        assert r.status == 200 and r.json["guard"] is None, r
        after = system_id(copy)
        assert after != before and len(after) == 16
        # The original's trunk, route and LCR entries are gone; the wizard
        # makes this system's own.
        assert c.get("/api/v1/unify/trunks").json["items"] == []
        r = c.post("/api/v1/unify/connectivity/execute")
        assert r.status == 200 and r.json["results"][0]["result"] == "created", r
        assert c.get("/api/v1/unify/trunks").json["items"][0]["config"]["system_id"] == after
    finally:
        other.cleanup()
    # The original, restarted in place, was never disturbed.
    c = srv.client()
    assert c.login("admin").status == 200
    assert c.get("/api/v1/unify/status").json["guard"] is None
    assert system_id(srv.data) == before


def test_a_system_without_an_enabled_connector_moves_freely(srv):
    c = srv.client()
    assert c.login("admin").status == 200
    r = c.put("/api/v1/unify/connectivity", {"enabled": False})
    assert r.status == 200 and r.json["enabled"] is False, r
    other = restored_copy(srv, STATE["work"], "disabled")
    try:
        c2 = other.client()
        assert c2.login("admin").status == 200
        assert c2.get("/api/v1/unify/status").json["guard"] is None
        assert actions(c2, "unify.connector.") == []
    finally:
        other.cleanup()
        shutil.rmtree(other.data, ignore_errors=True)
        shutil.rmtree(STATE["work"], ignore_errors=True)
