"""Body limits (413), content types (415), malformed input, the JSON error
shape, security headers on every response, and CivetWeb's known defects
(CVE-2025-55763: a path of hundreds of '/')."""
from harness import raw_request, recv_rest, setup_admin

STATE = {}
SECURITY = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "strict-transport-security": "max-age=",
    "referrer-policy": "no-referrer",
}


def check_security_headers(r, what):
    for name, want in SECURITY.items():
        v = r.header(name)
        assert v and want in v, (what, name, v)


def test_login_first(srv):
    STATE["c"] = setup_admin(srv)
    assert STATE["c"].get("/api/v1/session").json["user"]["username"] == "admin"


def test_oversized_body_gets_413(srv):
    big = b'{"name":"' + b"x" * (200 * 1024) + b'"}'
    r = STATE["c"].request("POST", "/api/v1/tokens", raw=big)
    assert r.status == 413 and r.json["error"]["code"] == "too_large", r
    assert STATE["c"].get("/api/v1/session").status == 200, "server fine after"


def test_wrong_content_type_gets_415(srv):
    r = STATE["c"].request("POST", "/api/v1/tokens", raw=b'{"name":"x"}', content_type="text/plain")
    assert r.status == 415, r
    r = STATE["c"].request("POST", "/api/v1/tokens", raw=b"name=x", content_type="application/x-www-form-urlencoded")
    assert r.status == 415, r
    r = STATE["c"].request("POST", "/api/v1/tokens", raw=b'{"name":"x"}', content_type=None)
    assert r.status == 415, r


def test_malformed_json_gets_400(srv):
    for body in (b"{", b"[1,2]", b'"str"', b'{"name":"a","name":"b"}', b"\x00\xff"):
        r = STATE["c"].request("POST", "/api/v1/tokens", raw=body)
        assert r.status == 400 and r.json["error"]["code"] == "invalid_json", (body, r)


def test_wrong_types_name_the_field(srv):
    r = STATE["c"].post("/api/v1/tokens", {"name": 7})
    assert r.status == 422 and r.error_field() == "name", r
    r = STATE["c"].post("/api/v1/tokens", {"name": "a\nb"})
    assert r.status == 422 and r.error_field() == "name", r


def test_error_shape_is_uniform(srv):
    for r in (STATE["c"].get("/api/v1/nope"), STATE["c"].request("PUT", "/api/v1/users"),
              srv.client().get("/api/v1/users")):
        e = r.json["error"]
        assert isinstance(e["code"], str) and isinstance(e["message"], str), r
    assert STATE["c"].get("/api/v1/nope").status == 404
    assert STATE["c"].request("PUT", "/api/v1/users").status == 405


def test_security_headers_on_every_kind_of_response(srv):
    c = STATE["c"]
    for what, r in (("ui", c.get("/")), ("js", c.get("/js/app.js")), ("api", c.get("/api/v1/session")),
                    ("404", c.get("/no/such/file")), ("api404", c.get("/api/v1/nope")),
                    ("401", srv.client().get("/api/v1/users")), ("health", c.get("/healthz"))):
        check_security_headers(r, what)
    raw = raw_request(srv, b"GET /\x01bad HTTP/1.1\r\nHost: x\r\n\r\n").decode("latin-1")
    assert raw.startswith("HTTP/1.") and raw[9] == "4", raw[:200]
    assert "nosniff" in raw and "frame-ancestors 'none'" in raw, raw[:800]


def test_static_files_come_from_a_fixed_list(srv):
    c = STATE["c"]
    r = c.get("/")
    assert r.status == 200 and b"<html" in r.raw and r.header("Content-Type").startswith("text/html")
    assert c.get("/js/app.js").header("Content-Type").startswith("text/javascript")
    etag = r.header("ETag")
    assert c.get("/", headers={"If-None-Match": etag}).status == 304
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/js/../../Makefile",
                 "/.git/config", "/index.html%00.js", "/web/index.html"):
        r = c.get(path)
        assert r.status in (400, 404), (path, r)
        assert b"root:" not in r.raw and b"[core]" not in r.raw


def test_cve_2025_55763_crafted_uri_does_not_kill_the_server(srv):
    for n in (300, 700, 2000):
        raw = raw_request(srv, b"GET /" + b"/" * n + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 "), raw[:100]
        raw = raw_request(srv, b"GET /js" + b"/" * n + b"?q=" + b"a" * 200 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 "), raw[:100]
    assert STATE["c"].get("/healthz").status == 200


def test_oversized_headers_are_refused(srv):
    raw = raw_request(srv, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
    assert raw == b"" or (raw.startswith(b"HTTP/1.") and raw[9:10] == b"4"), raw[:100]
    assert STATE["c"].get("/healthz").status == 200


def test_chunked_and_content_length_together_are_refused(srv):
    req = (b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
    raw = raw_request(srv, req)
    assert raw.startswith(b"HTTP/1.1 400"), raw[:200]
    assert STATE["c"].get("/healthz").status == 200


def test_tls_below_1_2_is_refused(srv):
    import socket
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        return
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
        try:
            with ctx.wrap_socket(s) as t:
                raise AssertionError(f"negotiated {t.version()}")
        except (ssl.SSLError, ConnectionError):
            pass
    good = ssl.create_default_context(cafile=srv.data + "/tls/server.pem")
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
        with good.wrap_socket(s, server_hostname="127.0.0.1") as t:
            assert t.version() in ("TLSv1.2", "TLSv1.3")


def _expect_request(srv, path, body, ctype, headers=()):
    """Send the head of a POST with "Expect: 100-continue", read what the
    server says before the body, then send the body if told to go on.
    Returns (first status line, final response bytes)."""
    import socket
    c = STATE["c"]
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{srv.port}", f"Content-Type: {ctype}",
            f"Content-Length: {len(body)}", f"Origin: https://127.0.0.1:{srv.port}",
            f"Cookie: {c.cookie}", "Connection: close", *headers]
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        with srv.context().wrap_socket(s, server_hostname="127.0.0.1") as t:
            t.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            first = b""
            while b"\r\n\r\n" not in first:
                chunk = t.recv(4096)
                if not chunk:
                    break
                first += chunk
            status, _, rest = first.partition(b"\r\n")
            if status.startswith(b"HTTP/1.1 100"):
                t.sendall(body)
                rest = rest.partition(b"\r\n\r\n")[2]
            return status.decode(), status + b"\r\n" + recv_rest(t, rest)


def test_expect_100_continue_is_answered_once_the_checks_pass(srv):
    """curl sends it for any body over 1 MiB and waits for the answer."""
    csrf = f"X-CSRF-Token: {STATE['c'].csrf}"
    lines = ["Name,Type,Manufacturer,Model"] + [f"Exp{i:05d},Workstation,Polycom,VVX 410" for i in range(100)]
    status, out = _expect_request(srv, "/api/v1/assistant/imports", ("\n".join(lines) + "\n").encode(), "text/csv",
                                  [csrf, "Expect: 100-continue"])
    assert status == "HTTP/1.1 100 Continue", status
    assert b"HTTP/1.1 201" in out and b'"accepted":100' in out, out[:300]
    status, out = _expect_request(srv, "/api/v1/tokens", b'{"name":"expect"}', "application/json",
                                  [csrf, "Expect: 100-continue"])
    assert status == "HTTP/1.1 100 Continue" and b"HTTP/1.1 201" in out, (status, out[:300])
    # A request refused before its body is read gets its answer at once,
    # not a go-ahead: here the CSRF header is missing.
    status, out = _expect_request(srv, "/api/v1/tokens", b'{"name":"x"}', "application/json",
                                  ["Expect: 100-continue"])
    assert status.startswith("HTTP/1.1 403"), status
    status, out = _expect_request(srv, "/api/v1/tokens", b'{"name":"x"}', "application/json",
                                  [csrf, "Expect: a-pony"])
    assert status.startswith("HTTP/1.1 417") and b"expectation_failed" in out, (status, out[:300])
    assert STATE["c"].get("/api/v1/session").status == 200, "server fine after"
