"""The audit log: who, when, from where, what; filters and paging."""
from harness import PASSWORD, add_user, setup_admin

STATE = {}


def test_changes_are_recorded(srv):
    a = setup_admin(srv)
    STATE["a"] = a
    srv.client().login("admin", "wrong password!")
    add_user(a, "otto", "operator")
    uid = a.get("/api/v1/users?q=otto").json["items"][0]["id"]
    a.patch(f"/api/v1/users/{uid}", {"display_name": "Otto O"})
    r = a.get("/api/v1/audit?limit=100")
    assert r.status == 200, r
    actions = [e["action"] for e in r.json["items"]]
    for want in ("setup.admin_create", "session.login", "session.login_failed", "user.create",
                 "user.password_change", "user.update"):
        assert want in actions, (want, actions)
    e = [e for e in r.json["items"] if e["action"] == "user.update"][0]
    assert e["actor"] == "admin" and e["address"] == "127.0.0.1" and e["target"] == "otto"
    assert e["detail"] == {"display_name": "Otto O"} and e["outcome"] == "success"
    assert e["at"] > 1700000000


def test_no_secret_is_ever_in_the_audit_log(srv):
    raw = STATE["a"].get("/api/v1/audit?limit=1000").raw
    assert PASSWORD.encode() not in raw and b"temporary-" not in raw and b"argon2" not in raw


def test_filters(srv):
    a = STATE["a"]
    r = a.get("/api/v1/audit?outcome=failure")
    assert r.json["total"] >= 1 and all(e["outcome"] == "failure" for e in r.json["items"])
    r = a.get("/api/v1/audit?action=session.")
    assert all(e["action"].startswith("session.") for e in r.json["items"])
    r = a.get("/api/v1/audit?actor=otto")
    assert r.json["total"] >= 1 and all(e["actor"] == "otto" for e in r.json["items"])
    r = a.get("/api/v1/audit?q=Otto%20O")
    assert r.json["total"] == 1
    r = a.get("/api/v1/audit?since=2000-01-01&until=2000-01-02")
    assert r.json["total"] == 0
    assert a.get("/api/v1/audit?since=yesterday").error_field() == "since"
    assert a.get("/api/v1/audit?outcome=maybe").error_field() == "outcome"


def test_paging_and_sorting(srv):
    a = STATE["a"]
    full = a.get("/api/v1/audit?limit=1000&sort=at&order=asc").json
    page = a.get("/api/v1/audit?limit=2&offset=1&sort=at&order=asc").json
    assert page["total"] == full["total"] and [e["id"] for e in page["items"]] == [e["id"] for e in full["items"][1:3]]
    r = a.get("/api/v1/audit?sort=detail")
    assert r.status == 400 and r.error_field() == "sort"
