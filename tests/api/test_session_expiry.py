"""Idle expiry: a session unused for longer than the idle time is gone."""
from harness import setup_admin

SERVER_ARGS = ["--session-idle-minutes", "1"]


def test_idle_session_expires(srv):
    c = setup_admin(srv)
    assert c.get("/api/v1/session").status == 200
    srv.advance_clock(62)
    r = c.get("/api/v1/session")
    assert r.status == 401 and r.json["error"]["code"] == "session_expired", r


def test_a_fresh_login_works_after_expiry(srv):
    c = srv.client()
    assert c.login("admin").status == 200
    assert c.get("/api/v1/session").status == 200
