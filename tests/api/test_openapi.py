"""The OpenAPI document covers every endpoint that exists."""


# Every route of the API, written here by hand (not read from the route
# table the document is generated from): a route added, renamed or dropped
# must be added, renamed or dropped here too, on purpose.
EXPECTED = {
    ("POST", "/api/v1/assistant/imports"),
    ("GET", "/api/v1/assistant/imports/{id}"),
    ("POST", "/api/v1/assistant/imports/{id}/commit"),
    ("GET", "/api/v1/assistant/imports/{id}/problems"),
    ("GET", "/api/v1/assistant/imports/{id}/problem-groups"),
    ("GET", "/api/v1/assistant/imports/{id}/problem-rows"),
    ("GET", "/api/v1/assistant/imports/{id}/phones"),
    ("GET", "/api/v1/assistant/migrations"),
    ("POST", "/api/v1/assistant/migrations"),
    ("POST", "/api/v1/assistant/migrations/upload"),
    ("DELETE", "/api/v1/assistant/migrations/{id}"),
    ("GET", "/api/v1/assistant/migrations/{id}"),
    ("POST", "/api/v1/assistant/migrations/{id}/build"),
    ("POST", "/api/v1/assistant/migrations/{id}/run"),
    ("GET", "/api/v1/assistant/samples/{name}"),
    ("GET", "/api/v1/audit"),
    ("GET", "/api/v1/catalog"),
    ("GET", "/api/v1/catalog/models"),
    ("GET", "/api/v1/catalog/options"),
    ("GET", "/api/v1/custom-files"),
    ("DELETE", "/api/v1/custom-files/{manufacturer}/{name}"),
    ("GET", "/api/v1/custom-files/{manufacturer}/{name}"),
    ("PUT", "/api/v1/custom-files/{manufacturer}/{name}"),
    ("GET", "/api/v1/dashboard"),
    ("GET", "/api/v1/dial-plan-classifications"),
    ("GET", "/api/v1/firmware"),
    ("POST", "/api/v1/firmware"),
    ("DELETE", "/api/v1/firmware/{id}"),
    ("GET", "/api/v1/jobs/{id}"),
    ("GET", "/api/v1/jobs/{id}/events"),
    ("GET", "/api/v1/lines"),
    ("POST", "/api/v1/lines"),
    ("DELETE", "/api/v1/lines/{id}"),
    ("GET", "/api/v1/lines/{id}"),
    ("PUT", "/api/v1/lines/{id}"),
    ("GET", "/api/v1/locations"),
    ("POST", "/api/v1/locations"),
    ("DELETE", "/api/v1/locations/{id}"),
    ("GET", "/api/v1/locations/{id}"),
    ("PUT", "/api/v1/locations/{id}"),
    ("GET", "/api/v1/managed-proxies"),
    ("POST", "/api/v1/managed-proxies"),
    ("DELETE", "/api/v1/managed-proxies/{id}"),
    ("GET", "/api/v1/managed-proxies/{id}"),
    ("PUT", "/api/v1/managed-proxies/{id}"),
    ("GET", "/api/v1/network/dhcp"),
    ("GET", "/api/v1/network/dns"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/phones"),
    ("POST", "/api/v1/phones"),
    ("POST", "/api/v1/phones/bulk-update"),
    ("DELETE", "/api/v1/phones/{id}"),
    ("GET", "/api/v1/phones/{id}"),
    ("PUT", "/api/v1/phones/{id}"),
    ("POST", "/api/v1/phones/{id}/provisioning-reset"),
    ("GET", "/api/v1/phones/{id}/reboots"),
    ("POST", "/api/v1/phones/{id}/stations/{sid}/reveal"),
    ("GET", "/api/v1/phones/{id}/uploads"),
    ("GET", "/api/v1/phones/{id}/uploads/{name}"),
    ("GET", "/api/v1/provisional-phones"),
    ("GET", "/api/v1/provisional-phones/{mac}/candidates"),
    ("POST", "/api/v1/provisional-phones/{mac}/assign"),
    ("GET", "/api/v1/reboots"),
    ("POST", "/api/v1/reboots"),
    ("GET", "/api/v1/reboots/{id}"),
    ("POST", "/api/v1/reboots/{id}/cancel"),
    ("GET", "/api/v1/reboots/{id}/items"),
    ("POST", "/api/v1/reboots/{id}/retry"),
    ("GET", "/api/v1/registration-groups"),
    ("POST", "/api/v1/registration-groups"),
    ("DELETE", "/api/v1/registration-groups/{id}"),
    ("GET", "/api/v1/registration-groups/{id}"),
    ("PUT", "/api/v1/registration-groups/{id}"),
    ("DELETE", "/api/v1/session"),
    ("GET", "/api/v1/session"),
    ("POST", "/api/v1/session"),
    ("PUT", "/api/v1/session/password"),
    ("GET", "/api/v1/settings/business-hours"),
    ("PUT", "/api/v1/settings/business-hours"),
    ("GET", "/api/v1/settings/network"),
    ("PUT", "/api/v1/settings/network"),
    ("GET", "/api/v1/settings/provisioning"),
    ("PUT", "/api/v1/settings/provisioning"),
    ("GET", "/api/v1/setup"),
    ("POST", "/api/v1/setup"),
    ("GET", "/api/v1/simulator"),
    ("GET", "/api/v1/station-licenses"),
    ("POST", "/api/v1/station-licenses"),
    ("PUT", "/api/v1/station-licenses/{name}"),
    ("GET", "/api/v1/stations"),
    ("GET", "/api/v1/system"),
    ("GET", "/api/v1/system/backups"),
    ("POST", "/api/v1/system/backups"),
    ("DELETE", "/api/v1/system/backups/{name}"),
    ("GET", "/api/v1/system/backups/{name}"),
    ("GET", "/api/v1/system/certificate"),
    ("PUT", "/api/v1/system/certificate"),
    ("GET", "/api/v1/templates"),
    ("POST", "/api/v1/templates"),
    ("DELETE", "/api/v1/templates/{id}"),
    ("GET", "/api/v1/templates/{id}"),
    ("PUT", "/api/v1/templates/{id}"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens"),
    ("DELETE", "/api/v1/tokens/{id}"),
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/{id}"),
    ("PATCH", "/api/v1/users/{id}"),
    ("POST", "/api/v1/users/{id}/password"),
    ("GET", "/healthz"),
}


def test_openapi_lists_exactly_the_expected_routes(srv):
    r = srv.client().get("/api/v1/openapi.json")
    assert r.status == 200 and r.json["openapi"].startswith("3."), r
    got = {(m.upper(), p) for p, ops in r.json["paths"].items() for m in ops}
    assert got - EXPECTED == set(), ("documented but not expected", sorted(got - EXPECTED))
    assert EXPECTED - got == set(), ("expected but not documented", sorted(EXPECTED - got))


def test_every_documented_route_answers(srv):
    c = srv.client()
    doc = c.get("/api/v1/openapi.json").json
    for path, ops in doc["paths"].items():
        for method in ops:
            url = path.replace("{id}", "1").replace("{name}", "x.sqlite3")
            r = c.request(method.upper(), url, body={} if method != "get" else None)
            assert r.status != 404 or "{" in path, (method, path, r)
            assert r.status != 405, (method, path, r)
