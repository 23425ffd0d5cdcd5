"""Roles admin, operator and viewer, enforced on every endpoint; user
management by admins."""
from harness import PASSWORD, add_user, setup_admin

STATE = {}

# (method, path, body, least role allowed)
MATRIX = [
    ("GET", "/api/v1/users", None, "admin"),
    ("POST", "/api/v1/users", {"username": "m-{role}", "role": "viewer", "password": PASSWORD}, "admin"),
    ("GET", "/api/v1/users/1", None, "admin"),
    ("PATCH", "/api/v1/users/1", {"display_name": "Ada Admin"}, "admin"),
    ("GET", "/api/v1/audit", None, "operator"),
    ("GET", "/api/v1/tokens", None, "viewer"),
    ("POST", "/api/v1/tokens", {"name": "t-{role}"}, "viewer"),
    ("GET", "/api/v1/tokens?all=1", None, "admin"),
    ("GET", "/api/v1/system", None, "viewer"),
    ("GET", "/api/v1/system/certificate", None, "viewer"),
    ("PUT", "/api/v1/system/certificate", {"certificate": "x", "private_key": "y"}, "admin"),
    ("GET", "/api/v1/system/backups", None, "admin"),
    ("GET", "/api/v1/session", None, "viewer"),
]
RANK = {"viewer": 1, "operator": 2, "admin": 3}


def test_admin_creates_an_operator_and_a_viewer(srv):
    STATE["admin"] = setup_admin(srv)
    STATE["operator"] = add_user(STATE["admin"], "olga", "operator")
    STATE["viewer"] = add_user(STATE["admin"], "victor", "viewer")
    roles = {u["username"]: u["role"] for u in STATE["admin"].get("/api/v1/users").json["items"]}
    assert roles == {"admin": "admin", "olga": "operator", "victor": "viewer"}, roles


def test_a_new_user_must_change_the_temporary_password_first(srv):
    admin = STATE["admin"]
    r = admin.post("/api/v1/users", {"username": "newbie", "role": "viewer", "password": "temporary-password"})
    assert r.status == 201 and r.json["must_change_password"] is True, r
    c = srv.client()
    assert c.login("newbie", "temporary-password").status == 200
    r = c.get("/api/v1/system")
    assert r.status == 403 and r.json["error"]["code"] == "password_change_required", r
    assert c.get("/api/v1/session").json["user"]["must_change_password"] is True


def test_role_matrix_has_no_mismatch(srv):
    mismatches = []
    for role in ("viewer", "operator", "admin"):
        c = STATE[role]
        for method, path, body, least in MATRIX:
            if body is not None:
                body = {k: (v.format(role=role) if isinstance(v, str) else v) for k, v in body.items()}
            r = c.request(method, path, body)
            allowed = RANK[role] >= RANK[least]
            if allowed and r.status in (401, 403):
                mismatches.append((role, method, path, r.status))
            if not allowed and r.status != 403:
                mismatches.append((role, method, path, r.status))
    assert not mismatches, mismatches


def test_forbidden_reply_names_the_role_needed(srv):
    r = STATE["viewer"].get("/api/v1/users")
    assert r.status == 403 and "needs admin" in r.json["error"]["message"], r


def test_duplicate_user_name_is_a_conflict_on_the_field(srv):
    r = STATE["admin"].post("/api/v1/users", {"username": "OLGA", "role": "viewer", "password": PASSWORD})
    assert r.status == 409 and r.error_field() == "username", r


def test_unknown_role_is_refused(srv):
    r = STATE["admin"].post("/api/v1/users", {"username": "x1", "role": "root", "password": PASSWORD})
    assert r.status == 422 and r.error_field() == "role", r


def test_admin_changes_a_role(srv):
    users = STATE["admin"].get("/api/v1/users?q=olga").json["items"]
    r = STATE["admin"].patch(f"/api/v1/users/{users[0]['id']}", {"role": "viewer"})
    assert r.status == 200 and r.json["role"] == "viewer", r
    assert STATE["operator"].get("/api/v1/audit").status == 403, "role applies at once"
    STATE["admin"].patch(f"/api/v1/users/{users[0]['id']}", {"role": "operator"})
    assert STATE["operator"].get("/api/v1/audit").status == 200


def test_admin_cannot_disable_or_demote_themself(srv):
    me = STATE["admin"].get("/api/v1/session").json["user"]["id"]
    r = STATE["admin"].patch(f"/api/v1/users/{me}", {"disabled": True})
    assert r.status == 409 and r.error_field() == "disabled", r
    r = STATE["admin"].patch(f"/api/v1/users/{me}", {"role": "viewer"})
    assert r.status == 409 and r.error_field() == "role", r


def test_disabling_a_user_ends_their_session_and_login(srv):
    vid = STATE["admin"].get("/api/v1/users?q=victor").json["items"][0]["id"]
    r = STATE["admin"].patch(f"/api/v1/users/{vid}", {"disabled": True})
    assert r.status == 200 and r.json["disabled"] is True, r
    assert STATE["viewer"].get("/api/v1/session").status == 401
    r = srv.client().login("victor")
    assert r.status == 403 and "disabled" in r.json["error"]["message"], r
    STATE["admin"].patch(f"/api/v1/users/{vid}", {"disabled": False})
    assert srv.client().login("victor").status == 200


def test_admin_resets_a_password(srv):
    vid = STATE["admin"].get("/api/v1/users?q=victor").json["items"][0]["id"]
    r = STATE["admin"].post(f"/api/v1/users/{vid}/password", {"password": "short"})
    assert r.status == 422 and r.error_field() == "password", r
    r = STATE["admin"].post(f"/api/v1/users/{vid}/password", {"password": "a brand new temp pass"})
    assert r.status == 204, r
    c = srv.client()
    assert c.login("victor", "a brand new temp pass").status == 200
    assert c.get("/api/v1/session").json["user"]["must_change_password"] is True


def test_users_list_sorts_filters_and_pages(srv):
    a = STATE["admin"]
    r = a.get("/api/v1/users?sort=username&order=desc&limit=2")
    assert r.status == 200 and r.json["total"] >= 4 and len(r.json["items"]) == 2, r
    names = [u["username"] for u in r.json["items"]]
    assert names == sorted(names, reverse=True), names
    r2 = a.get("/api/v1/users?sort=username&order=desc&limit=2&offset=2")
    assert not set(u["username"] for u in r2.json["items"]) & set(names)
    r = a.get("/api/v1/users?sort=password_hash")
    assert r.status == 400 and r.error_field() == "sort", r
    r = a.get("/api/v1/users?limit=0")
    assert r.status == 400 and r.error_field() == "limit", r
    r = a.get("/api/v1/users?order=sideways")
    assert r.status == 400 and r.error_field() == "order", r
