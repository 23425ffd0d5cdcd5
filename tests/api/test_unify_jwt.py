"""The Unify Phone JWT (seed 003, 2.5 and 6.1): the tenant's JSON Web Token
pasted once, sealed at rest, never shown, logged or audited again; its
status in the seed's words ("Not set", "Active", "Invalid token",
"Expiring", "Expired") judged from its time claims and the clock, so it
turns Expiring and Expired as the test clock moves; a malformed token is
refused naming the part that failed and leaves the stored one as it was;
Diagnose's JWT checks follow the status."""
import base64
import calendar
import datetime
import json
import time

from harness import add_user, database_files_holding, setup_admin, unify_config

STATE = {"offset": 0}
PATH = "/api/v1/unify/jwt"
DAY = 86400


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(payload, header=None, signature=b"\x5a" * 256):
    header = header if header is not None else {"alg": "RS256", "typ": "JWT"}
    enc = lambda v: b64(v if isinstance(v, (str, bytes)) else json.dumps(v))  # noqa: E731
    return f"{enc(header)}.{enc(payload)}.{b64(signature)}"


def server_now():
    """The server's clock: the wall clock plus what the test moved it."""
    return int(time.time()) + STATE["offset"]


def advance(srv, seconds):
    """Move the server's clock; weeks outlast the session, so log in again."""
    srv.advance_clock(seconds)
    STATE["offset"] += seconds
    assert STATE["c"].login("admin").status == 200


def utc(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text(t):
    """A time as the appliance's sentences write it."""
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def month_before(t):
    """The same time one calendar month earlier, the day clamped."""
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    y, m = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
    day = min(d.day, calendar.monthrange(y, m)[1])
    return calendar.timegm(d.replace(year=y, month=m, day=day).timetuple())


def checks(c):
    r = c.get("/api/v1/unify/diagnostics")
    assert r.status == 200, r
    return {x["id"]: x for g in r.json["groups"] for x in g["checks"]}


def test_not_set_at_first(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.get(PATH)
    assert r.status == 200, r
    assert r.json["status"] == "Not set" and r.json["set"] is False, r
    assert r.json["description"] == "JWT is not set. Unify Phone will not be functional for your tenant."
    assert r.json["expires_at"] is None and r.json["signature_verified"] is False
    assert "cannot verify the issuer's signature" in r.json["signature_note"]
    assert [s["status"] for s in r.json["statuses"]] == ["Not set", "Active", "Invalid token", "Expiring", "Expired"]
    assert r.header("ETag"), r.headers
    d = checks(c)
    assert d["jwt_configured"]["result"] == "fail" and d["jwt_configured"]["detail"] == "No JWT is stored.", d
    assert "JWT creation portal" in d["jwt_configured"]["remedy"]
    assert d["jwt_for_provisioning"]["result"] == "fail"
    assert d["jwt_expired"]["result"] == "fail"


def test_a_pasted_token_is_active_with_its_expiry(srv):
    c = STATE["c"]
    exp = server_now() + 90 * DAY
    iat = server_now() - 60
    token = make_token({"sub": "unify-phone-client", "iat": iat, "exp": exp})
    STATE["token"], STATE["exp"] = token, exp
    r = c.put(PATH, {"token": token})
    assert r.status == 200, r
    assert r.json["status"] == "Active" and r.json["set"] is True, r
    assert r.json["description"] == "JWT is active. Unify Phone will be functional for your tenant."
    assert r.json["expires_at"] == utc(exp) and r.json["issued_at"] == utc(iat)
    assert r.json["expiring_from"] == utc(month_before(exp))
    assert r.json["not_before"] is None and r.json["set_by"] == "admin"
    g = c.get(PATH)
    assert g.json["status"] == "Active" and g.json["expires_at"] == utc(exp), g
    d = checks(c)
    for k in ("jwt_configured", "jwt_expired", "jwt_for_provisioning"):
        assert d[k]["result"] == "pass", d[k]
    assert d["jwt_expired"]["detail"] == f"The JWT is valid until {text(exp)}.", d["jwt_expired"]


def test_the_token_is_never_shown_logged_audited_or_stored_in_plain_text(srv):
    c, token = STATE["c"], STATE["token"]
    payload = token.split(".")[1]
    assert payload not in c.get(PATH).raw.decode()
    audit = c.get("/api/v1/audit?limit=1000")
    assert audit.status == 200 and payload not in audit.raw.decode()
    assert payload not in srv.logs()
    assert database_files_holding(srv, payload) == []
    value = unify_config(srv, "jwt")
    assert json.loads(value)["token_sealed"].startswith("sb1:"), value
    entries = c.get("/api/v1/audit?action=unify.jwt.").json["items"]
    assert [e["action"] for e in entries] == ["unify.jwt.set"], entries
    assert entries[0]["detail"] == {"status": "Active", "expires_at": utc(STATE["exp"])}, entries[0]


def test_a_malformed_token_is_refused_naming_the_part_and_the_stored_one_stays(srv):
    c, good = STATE["c"], STATE["token"]
    h, p, s = good.split(".")
    exp = server_now() + 90 * DAY
    cases = {
        "two parts": (f"{h}.{p}", "three parts"),
        "four parts": (f"{h}.{p}.{s}.{s}", "this one has 4"),
        "not base64url": (f"{h[:4]}+{h[5:]}.{p}.{s}", "header is not base64url"),
        "padding": (f"{h}.{p}.{s}=", "signature is not base64url"),
        "header not JSON": (make_token({"exp": exp}, header="not json"), "header is not a JSON object"),
        "payload not JSON": (make_token("{\"exp\": 1"), "payload is not a JSON object"),
        "payload an array": (make_token([exp]), "payload is not a JSON object"),
        "no alg": (make_token({"exp": exp}, header={"typ": "JWT"}), "(alg)"),
        "no exp": (make_token({"sub": "x"}), "no expiry (exp)"),
        "exp a string": (make_token({"exp": str(exp)}), "(exp) is not a number"),
        "exp in milliseconds": (make_token({"exp": exp * 1000}), "milliseconds"),
        "unsigned": (f"{h}.{p}.", "signature is empty"),
        "a space inside": (f"{h} .{p}.{s}", "a space at character"),
        "a line break": (f"{good}\n", "a line break"),
        "a control character": (f"{h}.\x07{p}.{s}", "a control character"),
        "too long": ("a" * 9000, "longer than 8192"),
    }
    tag = c.get(PATH).header("ETag")
    for name, (token, says) in cases.items():
        r = c.put(PATH, {"token": token})
        assert r.status == 422 and r.error_field() == "token", (name, r)
        assert says in r.json["error"]["details"][0]["message"], (name, r.json)
        assert token not in r.raw.decode() and token not in srv.logs(), name
    r = c.put(PATH, {})
    assert r.status == 422 and r.error_field() == "token", r
    r = c.put(PATH, {"token": 7})
    assert r.status == 422 and r.error_field() == "token", r
    r = c.put(PATH, raw=json.dumps({"token": "a" * 20000}).encode())
    assert r.status == 413, r
    g = c.get(PATH)
    assert g.json["status"] == "Active" and g.json["expires_at"] == utc(STATE["exp"]), g
    assert g.header("ETag") == tag, "a refused paste made no new version"
    assert [e["action"] for e in c.get("/api/v1/audit?action=unify.jwt.").json["items"]] == ["unify.jwt.set"]


def test_a_stale_editor_gets_412(srv):
    c = STATE["c"]
    tag = c.get(PATH).header("ETag")
    r = c.put(PATH, {"token": STATE["token"]}, headers={"If-Match": tag})
    assert r.status == 200, r
    r = c.put(PATH, {"token": STATE["token"]}, headers={"If-Match": tag})
    assert r.status == 412 and r.json["error"]["code"] == "changed", r


def test_a_viewer_reads_the_status_but_cannot_paste(srv):
    c = STATE["c"]
    v = add_user(c, "vera", "viewer")
    r = v.get(PATH)
    assert r.status == 200 and r.json["status"] == "Active", r
    assert STATE["token"].split(".")[1] not in r.raw.decode()
    r = v.put(PATH, {"token": ""})
    assert r.status == 403, r
    assert c.get(PATH).json["status"] == "Active"
    o = add_user(c, "otto", "operator")
    assert o.put(PATH, {"token": ""}).status == 403


def test_a_token_not_valid_yet_is_invalid_until_its_nbf(srv):
    c = STATE["c"]
    nbf = server_now() + 3600
    r = c.put(PATH, {"token": make_token({"nbf": nbf, "exp": nbf + 90 * DAY})})
    assert r.status == 200, r
    assert r.json["status"] == "Invalid token", r
    assert r.json["description"] == ("JWT has invalidated. Unify Phone will not be functional for your tenant "
                                     "as a result.")
    assert r.json["reason"] == f"The token is not valid before {text(nbf)} (nbf).", r
    assert r.json["not_before"] == utc(nbf)
    d = checks(c)
    assert d["jwt_configured"]["result"] == "fail" and "not valid before" in d["jwt_configured"]["detail"]
    assert d["jwt_for_provisioning"]["result"] == "fail"
    advance(srv, 3600 - 30)     # within the 60 s leeway
    assert c.get(PATH).json["status"] == "Active"


def test_active_turns_expiring_then_expired_as_the_clock_moves(srv):
    c = STATE["c"]
    exp = server_now() + 45 * DAY
    r = c.put(PATH, {"token": make_token({"iat": server_now(), "exp": exp})})
    assert r.status == 200 and r.json["status"] == "Active", r
    start = month_before(exp)
    assert r.json["expiring_from"] == utc(start)
    advance(srv, start - server_now() - 120)
    assert c.get(PATH).json["status"] == "Active"
    advance(srv, 240)
    g = c.get(PATH).json
    assert g["status"] == "Expiring", g
    assert g["description"] == ("JWT is about to expire. The JWT status will change to Expiring one month before "
                                "the expiration date.")
    d = checks(c)
    assert d["jwt_expired"]["result"] == "pass" and "Expiring" in d["jwt_expired"]["detail"], d["jwt_expired"]
    advance(srv, exp - server_now() + 120)
    g = c.get(PATH).json
    assert g["status"] == "Expired", g
    assert g["description"] == "JWT has expired. Unify Phone will not be functional for your tenant as a result."
    d = checks(c)
    assert d["jwt_expired"]["result"] == "fail", d["jwt_expired"]
    assert d["jwt_expired"]["detail"] == f"The JWT expired at {text(exp)}.", d["jwt_expired"]
    assert "JWT creation portal" in d["jwt_expired"]["remedy"]
    assert d["jwt_configured"]["result"] == "pass"
    assert d["jwt_for_provisioning"]["result"] == "fail"


def test_clearing_leaves_it_not_set(srv):
    c = STATE["c"]
    r = c.put(PATH, {"token": ""})
    assert r.status == 200 and r.json["status"] == "Not set" and r.json["set"] is False, r
    assert c.get(PATH).json["status"] == "Not set"
    assert unify_config(srv, "jwt") is None
    last = c.get("/api/v1/audit?action=unify.jwt.").json["items"][0]
    assert last["action"] == "unify.jwt.clear", last
    assert c.put(PATH, {"token": ""}).status == 200, "clearing twice is fine"
    assert checks(c)["jwt_configured"]["result"] == "fail"
