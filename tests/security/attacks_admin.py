"""Attacks on the admin listener and the secret grep (SECURITY.md section
7: A1, A3, A4, P7). The route list comes from the server's own OpenAPI
document, so a new write route is attacked without editing this file."""
import glob
import os
import re

from estate import RECORDED

RANK = {"none": 0, "viewer": 1, "operator": 2, "admin": 3}
PARAMS = {"{id}": "999999", "{sid}": "999999", "{name}": "no-such-name", "{manufacturer}": "Polycom",
          "{mac}": "0004f2000000"}


def write_routes(e):
    """(method, path template, least role, public) of every write route."""
    doc = e.admin.get("/api/v1/openapi.json").json
    out = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method in ("get", "head"):
                continue
            out.append((method.upper(), path, op.get("x-min-role", "none"), op.get("security") == []))
    assert len(out) >= 50, f"only {len(out)} write routes in the OpenAPI document"
    return out


def concrete(path):
    for k, v in PARAMS.items():
        path = path.replace(k, v)
    assert "{" not in path, f"no value for the parameter in {path}"
    return path


def audit_total(e):
    return e.admin.get("/api/v1/audit?limit=1").json["total"]


def a3_csrf(e):
    """A3: every write route with the admin's session cookie but no CSRF
    token, with a foreign Origin, with Sec-Fetch-Site: cross-site, and as a
    cross-site form (text/plain, no token, foreign Origin): 403 or 415,
    and nothing is written (the audit log does not grow)."""
    routes = write_routes(e)
    before = audit_total(e)
    c = e.srv.client()
    assert c.login("admin").status == 200
    e.sessions.append(c.cookie.split("=", 1)[1])
    bad, tried = [], 0
    evil = {"Origin": "https://evil.example"}
    for method, path, _, public in routes:
        url = concrete(path)
        variants = [("foreign Origin", dict(headers=evil)),
                    ("cross-site fetch", dict(headers={"Sec-Fetch-Site": "cross-site"}, origin=False)),
                    ("cross-site form", dict(headers=evil, csrf=False, raw=b"a=b", content_type="text/plain"))]
        if not public:
            variants.append(("no CSRF token", dict(csrf=False)))
        for name, kw in variants:
            body = None if "raw" in kw else {}
            r = c.request(method, url, body, **kw)
            tried += 1
            if r.status not in (403, 415):
                bad.append((name, method, path, r.status))
    after = audit_total(e)
    assert not bad, f"{len(bad)} of {tried} not refused: {bad[:8]}"
    # The login above is one audit record; the attacks must add none.
    assert after - before <= 1, f"the audit log grew by {after - before - 1} during A3"
    return (f"{len(routes)} write routes from /api/v1/openapi.json × 3-4 variants (no token, foreign Origin, "
            f"Sec-Fetch-Site cross-site, text/plain form) = {tried} requests: 100% 403/415, "
            f"0 audit records written")


# README ("Security model"): admin everything, operator no user or
# credential management, viewer read only but for its own session and
# tokens (and bulk-choices, a read sent as POST).
VIEWER_WRITES = {("DELETE", "/api/v1/session"), ("PUT", "/api/v1/session/password"), ("POST", "/api/v1/tokens"),
                 ("DELETE", "/api/v1/tokens/{id}"), ("POST", "/api/v1/phones/bulk-choices")}
CREDENTIALS = re.compile(r"^/api/v1/users|/reveal$|/regenerate$|/provisioning-reset$|/unify/jwt$")
# Would end the test's own session or restart the server when allowed.
NOT_SENT = {("DELETE", "/api/v1/session"), ("POST", "/api/v1/system/restart")}


def a4_roles(e):
    """A4: each role (session and API token) × each write route, against
    the documented least role (x-min-role), which must itself follow
    README's rules: 0 mismatches."""
    routes = [r for r in write_routes(e) if not r[3]]
    rules = []
    for method, path, least, _ in routes:
        if (method, path) in VIEWER_WRITES:
            if least != "viewer":
                rules.append((method, path, least, "viewer (own session/tokens)"))
        elif least == "viewer":
            rules.append((method, path, least, "viewer is read only"))
        if CREDENTIALS.search(path) and least != "admin":
            rules.append((method, path, least, "admin (user/credential management)"))
    assert not rules, f"documented roles against README's rules: {rules}"
    mismatches, tried = [], 0
    for role in ("viewer", "operator", "admin"):
        session = e.clients[role]
        token = e.srv.client()
        token.token = e.tokens[role]
        for how, c in (("session", session), ("token", token)):
            for method, path, least, _ in routes:
                allowed = RANK[role] >= RANK[least]
                if allowed and (method, path) in NOT_SENT:
                    continue
                r = c.request(method, concrete(path), {})
                tried += 1
                if allowed and r.status in (401, 403):
                    mismatches.append((role, how, method, path, r.status))
                if not allowed and r.status != 403:
                    mismatches.append((role, how, method, path, r.status))
    assert not mismatches, f"{len(mismatches)} of {tried}: {mismatches[:10]}"
    return (f"{len(routes)} authenticated write routes × 3 roles × (session, API token) = {tried} requests: "
            f"0 mismatches against x-min-role; x-min-role follows README's rules on every route")


def p7_secrets(e):
    """P7: no known secret in any answer (but where it is meant to be),
    any log line, or any file in the data directory."""
    secrets = e.secrets()
    owner = {}
    for ph in e.phones:
        owner[ph["sip_password"]] = ph
        owner[ph["prov_password"]] = ph
    hits, intended, bodies = [], 0, 0
    for where, headers, body in RECORDED:
        bodies += 1
        text = body + b"\n" + b"\n".join(f"{k}: {v}".encode() for k, v in headers
                                        if k.lower() != "set-cookie")
        for s, what in secrets.items():
            if s.encode() not in text:
                continue
            ph = owner.get(s)
            # Meant to be there: a phone's own file (only ever served to its
            # proof: P1/P2/P5 check that), the phone's creation answer (its
            # SIP passwords shown once), a token's creation answer.
            if ph and where.startswith("phone GET") and (ph["file"] in where or ph["address"] in where):
                intended += 1
                continue
            if ph and where == "admin POST /api/v1/phones" and s == ph["sip_password"]:
                intended += 1
                continue
            if what.startswith("API token") and where == "admin POST /api/v1/tokens":
                intended += 1
                continue
            hits.append((where, what))
    logs = e.srv.logs()
    log_hits = [what for s, what in secrets.items() if s in logs]
    files, file_hits = 0, []
    for f in glob.glob(os.path.join(e.srv.data, "**"), recursive=True):
        if not os.path.isfile(f):
            continue
        files += 1
        with open(f, "rb") as fh:
            data = fh.read()
        file_hits += [(os.path.relpath(f, e.srv.data), what) for s, what in secrets.items() if s.encode() in data]
    assert not hits, f"{len(hits)} answers hold a secret: {hits[:6]}"
    assert not log_hits, f"the log holds: {log_hits[:6]}"
    assert not file_hits, f"files hold: {file_hits[:6]}"
    return (f"{len(secrets)} secrets (SIP and provisioning passwords, user passwords, sessions, API tokens) "
            f"in {bodies} answers, {len(logs.splitlines())} log lines, {files} data-directory files "
            f"(database and WAL included): 0 hits outside the {intended} intended ones "
            f"(phones' own files, shown-once creation answers)")


def a1_login_brute_force(e, tries, addresses):
    """A1: wrong passwords for one account from one address (held after
    at most 10, then never checked), and from many addresses (the
    account's ceiling); its owner still logs in from his own address."""
    from harness import PASSWORD
    r = e.admin.post("/api/v1/users", {"username": "brute", "role": "viewer", "password": PASSWORD})
    assert r.status == 201, r
    home = e.srv.client("127.0.8.1")
    assert home.login("brute").status == 200, "the owner's usual address"
    e.sessions.append(home.cookie.split("=", 1)[1])
    codes = [e.srv.client("127.0.8.2").login("brute", f"wrong password {i}").status for i in range(tries)]
    assert set(codes) <= {401, 429} and 429 in codes, sorted(set(codes))
    held_at = codes.index(429)
    checked_after = codes[held_at:].count(401)
    assert held_at <= 10, f"one address was held only after {held_at} wrong passwords"
    assert e.srv.client("127.0.8.2").login("brute").status == 429, "the right password waits at that address too"
    # Many addresses, one wrong password each.
    many = [e.srv.client(f"127.0.{9 + i // 250}.{i % 250 + 1}").login("brute", "wrong password!").status
            for i in range(addresses)]
    assert set(many) <= {401, 429}, sorted(set(many))
    first = many.index(429) if 429 in many else None
    assert first is None or first <= 100, first
    r = home.login("brute")
    assert r.status == 200, f"the owner was locked out: {r}"
    if addresses > 50:
        assert first is not None and first <= 50, f"the account was not held after {addresses} addresses"
    spread = (f"held after {held_at + first} failures in the hour ({held_at} + {first} from as many "
              f"addresses)" if first is not None
              else f"{addresses} addresses × 1 wrong password: all checked (the account's ceiling is 50/h)")
    return (f"{tries} wrong passwords from one address: held (429) after {held_at}, {checked_after} checked "
            f"after that, the right password held there too; {addresses} addresses: {spread}, the rest 429; "
            f"the owner still logs in from his own address")


def r3_slow_clients(e, per_kind, probes):
    """R3: one address opens per_kind slow-header and per_kind slow-body
    connections on the admin and the provisioning listener; while they
    are held, an admin's GET and a proven phone's fetch from other
    addresses are served."""
    import socket
    import ssl
    from estate import Prov
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    held, refused = [], 0
    for port, tls in ((e.srv.port, True), (e.srv.prov_port, False)):
        for kind in ("header", "body"):
            for _ in range(per_kind):
                try:
                    s = socket.create_connection(("127.0.0.1", port), timeout=3, source_address=("127.0.20.1", 0))
                    if tls:
                        s = ctx.wrap_socket(s, server_hostname="127.0.0.1")
                    if kind == "header":
                        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                    else:
                        s.sendall(b"PUT /overrides/0004f2000001-phone.cfg HTTP/1.1\r\nHost: x\r\n"
                                  b"Content-Length: 100000\r\n\r\n<x")
                    held.append(s)
                except (OSError, ssl.SSLError):
                    refused += 1
    ph = next(x for x in e.phones if x["family"] == "polycom")
    served = 0
    try:
        for i in range(probes):
            if e.admin.get("/api/v1/phones?limit=1").status == 200:
                served += 1
            p = Prov(e.srv, source="127.0.20.2")
            st, _, body = p.get_digest(ph["file"], ph["user"], ph["prov_password"])
            p.close()
            if st == 200 and ph["sip_password"] in body:
                served += 1
    finally:
        open_now = 0
        for s in held:
            try:
                s.settimeout(0)
                if s.recv(1) != b"":
                    open_now += 1
            except (BlockingIOError, ssl.SSLWantReadError):
                open_now += 1
            except (OSError, ssl.SSLError):
                pass
            s.close()
    total = 4 * per_kind
    # connections_per_address (16) on each of the two listeners.
    assert open_now <= 2 * 16, f"one address held {open_now} connections"
    assert served == 2 * probes, f"only {served} of {2 * probes} normal requests served"
    return (f"{total} slow connections from one address (slow headers and slow bodies, admin and "
            f"provisioning listeners): {len(held)} opened, {open_now} still held by the server at the end "
            f"(the per-address share), {total - open_now} closed; meanwhile {served}/{2 * probes} normal "
            f"requests (admin GET, proven phone fetch) served")
