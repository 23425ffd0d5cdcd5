"""First-run setup, login, logout, cookies and sessions."""
import re

from harness import PASSWORD, setup_admin


def test_setup_is_required_on_a_fresh_appliance(srv):
    r = srv.client().get("/api/v1/setup")
    assert r.status == 200 and r.json == {"required": True}, r


def test_no_default_account_can_log_in(srv):
    for user, pw in (("admin", "admin"), ("admin", "password"), ("root", "root")):
        assert srv.client().login(user, pw).status == 401


def test_setup_validates_fields_by_name(srv):
    c = srv.client()
    r = c.post("/api/v1/setup", {"username": "admin", "password": "short"})
    assert r.status == 422 and r.error_field() == "password", r
    r = c.post("/api/v1/setup", {"username": "bad name!", "password": PASSWORD})
    assert r.status == 422 and r.error_field() == "username", r
    r = c.post("/api/v1/setup", {"password": PASSWORD})
    assert r.status == 422 and r.error_field() == "username", r
    assert c.get("/api/v1/setup").json["required"] is True


def test_setup_creates_the_first_admin_once(srv):
    c = srv.client()
    r = c.post("/api/v1/setup", {"username": "admin", "password": PASSWORD})
    assert r.status == 201 and r.json["role"] == "admin", r
    assert "password_hash" not in r.json
    r = c.post("/api/v1/setup", {"username": "second", "password": PASSWORD})
    assert r.status == 409, r
    assert c.get("/api/v1/setup").json["required"] is False


def test_wrong_password_is_refused_with_a_clear_message(srv):
    r = srv.client().login("admin", "not the password")
    assert r.status == 401 and r.json["error"]["message"] == "Wrong user name or password.", r
    r = srv.client().login("nobody", PASSWORD)
    assert r.status == 401 and r.json["error"]["message"] == "Wrong user name or password.", r


def test_login_sets_a_strict_host_cookie_with_a_long_random_id(srv):
    c = srv.client()
    r = c.login("admin")
    assert r.status == 200, r
    cookie = r.header("Set-Cookie")
    assert cookie.startswith("__Host-sb_session="), cookie
    attrs = [a.strip().lower() for a in cookie.split(";")]
    for want in ("secure", "httponly", "samesite=strict", "path=/"):
        assert want in attrs, cookie
    assert not any(a.startswith("domain") for a in attrs), cookie
    sid = cookie.split(";")[0].split("=", 1)[1]
    # 43 base64url characters carry 256 bits; at least 128 are required.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", sid), sid
    assert len(r.json["csrf_token"]) >= 32
    assert r.json["user"]["username"] == "admin"


def test_every_login_gets_a_new_session_id(srv):
    ids = set()
    for _ in range(3):
        c = srv.client()
        c.login("admin")
        ids.add(c.cookie)
    assert len(ids) == 3


def test_a_preset_session_id_is_not_adopted(srv):
    c = srv.client()
    c.cookie = "__Host-sb_session=" + "A" * 43
    assert c.get("/api/v1/session").status == 401
    r = c.login("admin")
    assert r.status == 200 and c.cookie != "__Host-sb_session=" + "A" * 43


def test_session_shows_the_user_and_role(srv):
    c = setup_admin_client(srv)
    r = c.get("/api/v1/session")
    assert r.status == 200 and r.json["user"]["role"] == "admin", r


def test_logout_ends_the_session_on_the_server(srv):
    c = setup_admin_client(srv)
    old = c.cookie
    r = c.delete("/api/v1/session")
    assert r.status == 204, r
    assert "Max-Age=0" in r.header("Set-Cookie")
    c.cookie = old
    assert c.get("/api/v1/session").status == 401


def test_changing_the_own_password(srv):
    c = setup_admin_client(srv)
    other = setup_admin_client(srv)
    r = c.put("/api/v1/session/password", {"current_password": "wrong one here", "new_password": "another long passphrase"})
    assert r.status == 422 and r.error_field() == "current_password", r
    r = c.put("/api/v1/session/password", {"current_password": PASSWORD, "new_password": "short"})
    assert r.status == 422 and r.error_field() == "new_password", r
    r = c.put("/api/v1/session/password", {"current_password": PASSWORD, "new_password": "another long passphrase"})
    assert r.status == 204, r
    assert c.get("/api/v1/session").status == 200, "this session goes on"
    assert other.get("/api/v1/session").status == 401, "other sessions end"
    assert srv.client().login("admin").status == 401
    assert srv.client().login("admin", "another long passphrase").status == 200
    r = c.put("/api/v1/session/password", {"current_password": "another long passphrase", "new_password": PASSWORD})
    assert r.status == 204, r


def setup_admin_client(srv):
    c = srv.client()
    assert c.login("admin").status == 200
    return c


def test_unauthenticated_calls_get_401(srv):
    for path in ("/api/v1/session", "/api/v1/users", "/api/v1/tokens", "/api/v1/audit", "/api/v1/system"):
        r = srv.client().get(path)
        assert r.status == 401 and r.json["error"]["code"] == "unauthenticated", (path, r)


_ = setup_admin
