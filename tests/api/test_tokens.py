"""API tokens: created by a user, shown once, stored hashed, used as
Authorization: Bearer, listable and revocable; token writes are audited."""
from harness import add_user, setup_admin

STATE = {}


def test_create_shows_the_token_once(srv):
    a = setup_admin(srv)
    STATE["admin"] = a
    r = a.post("/api/v1/tokens", {"name": "nightly export", "expires_in_days": 30})
    assert r.status == 201 and r.json["token"].startswith("sbt_"), r
    assert r.json["expires_at"] is not None
    STATE["token"] = r.json["token"]
    STATE["id"] = r.json["id"]
    lst = a.get("/api/v1/tokens").json
    assert lst["total"] == 1
    assert "token" not in lst["items"][0] and "token_hash" not in lst["items"][0]
    assert STATE["token"].startswith(lst["items"][0]["prefix"])


def test_token_is_stored_hashed(srv):
    import sqlite3
    import subprocess
    import tempfile
    from harness import BIN
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([BIN, "--data", srv.data, "backup", d + "/b.db"], check=True, capture_output=True)
        raw = open(d + "/b.db", "rb").read()
        db = sqlite3.connect(d + "/b.db")
        n = db.execute("SELECT length(token_hash) FROM api_tokens").fetchone()[0]
        db.close()
    assert STATE["token"].encode() not in raw and STATE["token"][4:].encode() not in raw
    assert n == 32


def test_bearer_token_authenticates(srv):
    c = srv.client()
    c.token = STATE["token"]
    r = c.get("/api/v1/session")
    assert r.status == 200 and r.json["via"] == f"token:{STATE['id']}", r
    assert c.get("/api/v1/users").status == 200, "acts with the owner's role"


def test_token_writes_need_no_csrf_and_are_audited(srv):
    c = srv.client()
    c.token = STATE["token"]
    r = c.post("/api/v1/users", {"username": "bot-made", "role": "viewer", "password": "long enough pass"})
    assert r.status == 201, r
    audit = STATE["admin"].get("/api/v1/audit?action=token.use").json
    assert audit["total"] >= 1
    e = audit["items"][0]
    assert e["via"] == f"token:{STATE['id']}" and e["target"] == "POST /api/v1/users", e
    created = STATE["admin"].get("/api/v1/audit?action=user.create&q=bot-made").json["items"][0]
    assert created["via"].startswith("token:"), created


def test_last_use_is_recorded(srv):
    item = STATE["admin"].get("/api/v1/tokens").json["items"][0]
    assert item["last_used_at"] and item["last_used_from"] == "127.0.0.1", item


def test_bad_tokens_are_refused(srv):
    for tok in ("sbt_" + "A" * 43, "nonsense", STATE["token"] + "x", ""):
        c = srv.client()
        c.token = tok
        assert c.get("/api/v1/session").status == 401, tok


def test_viewer_cannot_revoke_someone_elses_token(srv):
    v = add_user(STATE["admin"], "vera", "viewer")
    assert v.delete(f"/api/v1/tokens/{STATE['id']}").status == 404
    assert v.get("/api/v1/tokens").json["total"] == 0, "viewers see only their own"
    r = v.post("/api/v1/tokens", {"name": "read only"})
    assert r.status == 201
    t = srv.client()
    t.token = r.json["token"]
    assert t.get("/api/v1/users").status == 403, "a viewer's token is read only"


def test_revoked_token_stops_working(srv):
    r = STATE["admin"].delete(f"/api/v1/tokens/{STATE['id']}")
    assert r.status == 204, r
    c = srv.client()
    c.token = STATE["token"]
    assert c.get("/api/v1/session").status == 401
    assert STATE["admin"].delete(f"/api/v1/tokens/{STATE['id']}").status == 404
    item = [t for t in STATE["admin"].get("/api/v1/tokens").json["items"] if t["id"] == STATE["id"]][0]
    assert item["active"] is False and item["revoked_at"], item


def test_token_name_and_expiry_are_validated(srv):
    a = STATE["admin"]
    assert a.post("/api/v1/tokens", {}).error_field() == "name"
    assert a.post("/api/v1/tokens", {"name": "x", "expires_in_days": 0}).error_field() == "expires_in_days"
    assert a.post("/api/v1/tokens", {"name": "x", "expires_in_days": "7"}).error_field() == "expires_in_days"
    assert a.post("/api/v1/tokens", {"name": "x" * 65}).error_field() == "name"
