"""Writes with a session cookie need the CSRF token and our own Origin."""
from harness import setup_admin


def test_write_without_csrf_token_is_refused(srv):
    c = setup_admin(srv)
    r = c.post("/api/v1/tokens", {"name": "x"}, csrf=False)
    assert r.status == 403 and r.json["error"]["code"] == "csrf", r


def test_write_with_a_wrong_csrf_token_is_refused(srv):
    c = srv.client()
    c.login("admin")
    c.csrf = "A" * 43
    r = c.post("/api/v1/tokens", {"name": "x"})
    assert r.status == 403, r


def test_write_from_a_foreign_origin_is_refused(srv):
    c = srv.client()
    c.login("admin")
    r = c.post("/api/v1/tokens", {"name": "x"}, headers={"Origin": "https://evil.example"})
    assert r.status == 403 and r.json["error"]["code"] == "bad_origin", r
    r = c.post("/api/v1/tokens", {"name": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status == 403, r


def test_login_from_a_foreign_origin_is_refused(srv):
    r = srv.client().post("/api/v1/session", {"username": "admin", "password": "x" * 12},
                          headers={"Origin": "https://evil.example"})
    assert r.status == 403, r


def test_write_with_token_and_origin_succeeds(srv):
    c = srv.client()
    c.login("admin")
    r = c.post("/api/v1/tokens", {"name": "ok"})
    assert r.status == 201, r


def test_every_write_route_refuses_missing_csrf(srv):
    c = srv.client()
    c.login("admin")
    doc = c.get("/api/v1/openapi.json").json
    checked = 0
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method in ("get", "head") or op.get("security") == []:
                continue
            url = path.replace("{id}", "1").replace("{name}", "x.sqlite3")
            r = c.request(method.upper(), url, body={}, csrf=False)
            assert r.status == 403, (method, path, r)
            checked += 1
    assert checked >= 8, checked
