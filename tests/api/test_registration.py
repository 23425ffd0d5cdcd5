"""Locations, SIP lines, managed proxies and registration groups."""
from harness import add_user, setup_admin

STATE = {}
LINE_UDP = {"type": "line", "line_id": 1}
SRV = {"type": "dns_srv", "domain": "voice.example.com", "transport": "TLS"}
MANUAL = {"type": "manual", "address": "10.20.0.5", "port": 5060, "transport": "UDP"}


def test_defaults_exist_from_the_start(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    locs = c.get("/api/v1/locations").json
    assert [l["name"] for l in locs["items"]] == ["<Default Location>"] and locs["items"][0]["permanent"]
    lines = {l["name"]: l for l in c.get("/api/v1/lines").json["items"]}
    assert lines["<Stations-UDP>"]["transport"] == "UDP" and lines["<Stations-UDP>"]["port"] == 8060
    assert lines["<Stations-TLS>"]["transport"] == "TLS" and lines["<Stations-TLS>"]["port"] == 8061
    groups = {g["name"]: g for g in c.get("/api/v1/registration-groups").json["items"]}
    assert groups["<Default Registration Group>"]["registrations"][0]["line"] == "<Stations-UDP>"
    assert groups["<Default Secure Registration Group>"]["registrations"][0]["line"] == "<Stations-TLS>"


def test_defaults_cannot_be_deleted_or_renamed(srv):
    c = STATE["c"]
    for path in ("/api/v1/locations/1", "/api/v1/lines/1", "/api/v1/lines/2",
                 "/api/v1/registration-groups/1", "/api/v1/registration-groups/2"):
        r = c.delete(path)
        assert r.status == 409 and r.json["error"]["code"] == "permanent", (path, r)
    r = c.put("/api/v1/locations/1", {"name": "HQ", "codec_preference": ["G.711 mu-law"]})
    assert r.status == 422 and r.error_field() == "name", r
    r = c.put("/api/v1/registration-groups/1", {"name": "<Default Registration Group>", "kind": "external",
                                                "registrations": [SRV]})
    assert r.status == 422 and r.error_field() == "kind", r


def test_default_group_settings_can_change(srv):
    c = STATE["c"]
    r = c.put("/api/v1/registration-groups/1", {"name": "<Default Registration Group>", "kind": "regular",
                                                "registrations": [SRV, MANUAL]})
    assert r.status == 200 and [x["type"] for x in r.json["registrations"]] == ["dns_srv", "manual"], r
    r = c.put("/api/v1/registration-groups/1", {"name": "<Default Registration Group>", "kind": "regular",
                                                "registrations": [LINE_UDP]})
    assert r.status == 200


def test_location_fields_are_validated(srv):
    c = STATE["c"]
    r = c.post("/api/v1/locations", {"name": "Branch", "time_zone": "Mars/Olympus", "codec_preference": ["G.711 A-law"]})
    assert r.status == 422 and r.error_field() == "time_zone", r
    r = c.post("/api/v1/locations", {"name": "Branch", "sntp_server": "not a host!", "codec_preference": ["G.711 A-law"]})
    assert r.status == 422 and r.error_field() == "sntp_server", r
    r = c.post("/api/v1/locations", {"name": "Branch", "codec_preference": ["G.711 A-law", "G.711 A-law"]})
    assert r.status == 422 and r.error_field() == "codec_preference", r
    r = c.post("/api/v1/locations", {"name": "<Mine>", "codec_preference": ["G.722"]})
    assert r.status == 422 and r.error_field() == "name", r
    r = c.post("/api/v1/locations", {"name": "<Mine>", "time_zone": "Mars/Olympus", "after_hours_start": "25:00",
                                     "codec_preference": []})
    assert r.status == 422 and [d["field"] for d in r.json["error"]["details"]] == [
        "name", "time_zone", "after_hours_start", "codec_preference"], "every refusal at once"
    r = c.post("/api/v1/managed-proxies", {"name": "", "address": "not a host!", "port": 0})
    assert r.status == 422 and [d["field"] for d in r.json["error"]["details"]] == [
        "name", "address", "port", "location_id"], r
    assert c.get("/api/v1/locations").json["total"] == 1, "nothing saved on a refusal"


def test_location_create_update_delete(srv):
    c = STATE["c"]
    r = c.post("/api/v1/locations", {"name": "Berlin", "time_zone": "Europe/Berlin", "sntp_server": "ntp.example.com",
                                     "codec_preference": ["G.722", "G.711 A-law"]})
    assert r.status == 201 and r.json["codec_preference"] == ["G.722", "G.711 A-law"], r
    lid = r.json["id"]
    STATE["berlin"] = lid
    r = c.put(f"/api/v1/locations/{lid}", {"name": "Berlin HQ", "time_zone": "Europe/Berlin", "codec_preference": ["G.722"]})
    assert r.status == 200 and r.json["name"] == "Berlin HQ" and r.json["sntp_server"] == "", r
    assert c.post("/api/v1/locations", {"name": "berlin hq", "codec_preference": ["G.722"]}).status == 422


def test_lines_and_proxies(srv):
    c = STATE["c"]
    r = c.post("/api/v1/lines", {"name": "Stations-TCP", "transport": "TCP", "port": 5062})
    assert r.status == 201, r
    STATE["tcp_line"] = r.json["id"]
    assert c.post("/api/v1/lines", {"name": "x", "transport": "SCTP", "port": 5060}).error_field() == "transport"
    assert c.post("/api/v1/lines", {"name": "x", "transport": "UDP", "port": 70000}).error_field() == "port"
    r = c.post("/api/v1/managed-proxies", {"name": "Branch proxy", "address": "proxy.branch.example.com", "port": 5060,
                                           "location_id": STATE["berlin"]})
    assert r.status == 201 and r.json["location"] == "Berlin HQ", r
    STATE["proxy"] = r.json["id"]
    r = c.post("/api/v1/managed-proxies", {"name": "p2", "address": "10.0.0.9", "port": 5060, "location_id": 999})
    assert r.status == 422 and r.error_field() == "location_id", r


def test_group_rules_are_refused_naming_the_rule(srv):
    c = STATE["c"]
    cases = [
        ([MANUAL, LINE_UDP], "registrations[1].type", "must be the first entry"),
        ([LINE_UDP, {"type": "line", "line_id": 2}], "registrations[1].type", "more than one SIP Line"),
        ([MANUAL, SRV], "registrations[1].type", "DNS SRV registration, it must be the first"),
        ([], "registrations", "one or more registrations"),
        ([{"type": "line", "line_id": 999}], "registrations[0].line_id", "No such SIP line"),
        ([{"type": "managed_proxy", "proxy_id": 999, "transport": "UDP"}], "registrations[0].proxy_id", "No such managed proxy"),
    ]
    for regs, field, words in cases:
        r = c.post("/api/v1/registration-groups", {"name": "Bad", "kind": "regular", "registrations": regs})
        assert r.status == 422 and r.error_field() == field and words in r.json["error"]["message"], (regs, r)
    r = c.post("/api/v1/registration-groups", {"name": "Ext", "kind": "external", "registrations": [MANUAL, LINE_UDP]})
    assert r.status == 422 and "only Manual and DNS SRV" in r.json["error"]["message"], r
    assert c.get("/api/v1/registration-groups").json["total"] == 2, "nothing saved"


def test_group_with_ordered_registrations_and_reorder(srv):
    c = STATE["c"]
    proxy = {"type": "managed_proxy", "proxy_id": STATE["proxy"], "transport": "UDP"}
    r = c.post("/api/v1/registration-groups", {"name": "Branch group", "kind": "regular",
                                               "registrations": [{"type": "line", "line_id": STATE["tcp_line"]}, MANUAL, proxy]})
    assert r.status == 201, r
    regs = r.json["registrations"]
    assert [x["position"] for x in regs] == [1, 2, 3]
    assert regs[2]["address"] == "proxy.branch.example.com" and regs[2]["port"] == 5060, "address and port from the proxy"
    assert regs[0]["transport"] == "TCP", "transport from the line"
    gid = r.json["id"]
    r = c.put(f"/api/v1/registration-groups/{gid}", {"name": "Branch group", "kind": "regular",
                                                      "registrations": [{"type": "line", "line_id": STATE["tcp_line"]}, proxy, MANUAL]})
    assert r.status == 200 and [x["type"] for x in r.json["registrations"]] == ["line", "managed_proxy", "manual"], r
    STATE["group"] = gid


def test_in_use_lines_and_proxies_cannot_be_deleted(srv):
    c = STATE["c"]
    r = c.delete(f"/api/v1/managed-proxies/{STATE['proxy']}")
    assert r.status == 409 and r.json["error"]["code"] == "in_use", r
    r = c.delete(f"/api/v1/lines/{STATE['tcp_line']}")
    assert r.status == 409, r
    r = c.delete(f"/api/v1/locations/{STATE['berlin']}")
    assert r.status == 409, "the proxy is in that location"


def test_external_group_and_delete(srv):
    c = STATE["c"]
    r = c.post("/api/v1/registration-groups", {"name": "ext", "kind": "external", "registrations": [SRV, MANUAL]})
    assert r.status == 201 and r.json["kind"] == "external", r
    assert c.get("/api/v1/registration-groups?kind=external").json["total"] == 1
    assert c.delete(f"/api/v1/registration-groups/{r.json['id']}").status == 204
    assert c.delete(f"/api/v1/registration-groups/{STATE['group']}").status == 204
    assert c.delete(f"/api/v1/managed-proxies/{STATE['proxy']}").status == 204


def test_viewers_read_operators_write(srv):
    v = add_user(STATE["c"], "vic", "viewer")
    assert v.get("/api/v1/registration-groups").status == 200
    assert v.post("/api/v1/lines", {"name": "x", "transport": "UDP", "port": 5070}).status == 403
    o = add_user(STATE["c"], "ola", "operator")
    assert o.post("/api/v1/lines", {"name": "op line", "transport": "UDP", "port": 5070}).status == 201


def test_changes_are_audited(srv):
    actions = [e["action"] for e in STATE["c"].get("/api/v1/audit?limit=200").json["items"]]
    for a in ("location.create", "location.update", "line.create", "proxy.create", "proxy.delete",
              "registration_group.create", "registration_group.update", "registration_group.delete"):
        assert a in actions, a
