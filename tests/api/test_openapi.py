"""The OpenAPI document covers every endpoint that exists."""


def test_openapi_lists_every_route(srv):
    r = srv.client().get("/api/v1/openapi.json")
    assert r.status == 200 and r.json["openapi"].startswith("3."), r
    paths = r.json["paths"]
    for path, method in (("/api/v1/setup", "post"), ("/api/v1/session", "post"), ("/api/v1/session", "delete"),
                         ("/api/v1/tokens", "post"), ("/api/v1/tokens/{id}", "delete"), ("/api/v1/users", "get"),
                         ("/api/v1/users/{id}", "patch"), ("/api/v1/audit", "get"), ("/api/v1/jobs/{id}", "get"),
                         ("/api/v1/jobs/{id}/events", "get"), ("/healthz", "get"), ("/api/v1/openapi.json", "get"),
                         ("/api/v1/system/backups", "post"), ("/api/v1/system/certificate", "put")):
        assert method in paths.get(path, {}), (path, method)


def test_every_documented_route_answers(srv):
    c = srv.client()
    doc = c.get("/api/v1/openapi.json").json
    for path, ops in doc["paths"].items():
        for method in ops:
            url = path.replace("{id}", "1").replace("{name}", "x.sqlite3")
            r = c.request(method.upper(), url, body={} if method != "get" else None)
            assert r.status != 404 or "{" in path, (method, path, r)
            assert r.status != 405, (method, path, r)
