"""Unify Phone on OpenScape Business (seed 003, 3.2 and 3.6): the system and
its Unify Phone user bound per model, the Unify Phone Connectivity wizard
(API key sealed and masked, numbering schema and route location number),
[Execute Function] creating trunk, route and LCR once and then "unchanged",
Expert Mode refusing edits of the wizard's entries, and the banner after a
software update."""
import os
import sqlite3

from harness import add_user, database_files_holding, setup_admin, unify_config

STATE = {}
KEY = "UPK-3f9a7c21e5d84b60a1c2-tenant"
SYSTEM = {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
BANNER = ("Software update detected. Please run the Unify Phone Connectivity wizard "
          "without changing the configuration.")
WIZARD_ONLY = ("Only the Unify Phone Connectivity wizard configures and establishes the connection "
               "to the Unify Phone Tenant. Changes via the Expert Mode will either not be handled "
               "or must be reconfigured after the wizard has been executed.")


def fields(r):
    return sorted(d["field"] for d in r.json["error"]["details"])


def test_system_rules_and_the_user_bound_by_model(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.get("/api/v1/unify/system").json["configured"] is False
    bad = dict(SYSTEM, model="X9", edition="gold", software_version="V2R7", country_code="049",
               public_ip="1.2.3", upstream_kbps=-1, software_support_until="31.12.2099", flavour="x")
    r = c.put("/api/v1/unify/system", bad)
    assert r.status == 422, r
    assert fields(r) == ["country_code", "edition", "flavour", "model", "public_ip",
                         "software_support_until", "software_version", "upstream_kbps"]
    assert c.get("/api/v1/unify/system").json["configured"] is False
    r = c.put("/api/v1/unify/system", dict(SYSTEM, model="X5", edition="standard"))
    assert r.status == 422 and r.error_field() == "edition", r
    r = c.put("/api/v1/unify/system", dict(SYSTEM, mainboard="V1"))
    assert r.status == 422 and r.error_field() == "mainboard", r
    for model, board, edition, users in (("X3", "V3", "advanced", 500), ("X3", "V3", "basic", 150),
                                         ("X1W/R", "V2", "basic", 50), ("X8", "V2", "advanced", 150),
                                         ("OpenScape Business S", "", "standard", 300)):
        r = c.put("/api/v1/unify/system", dict(SYSTEM, model=model, mainboard=board, edition=edition))
        assert r.status == 200, r
        assert r.json["max_unify_phone_users"] == users, (model, r.json)
    assert {"model": "X1W/R", "mainboard": "V2", "edition": "any", "max_users": 50} in r.json["users_by_model"]
    r = c.put("/api/v1/unify/system", SYSTEM)
    assert r.status == 200 and r.json["configured"] and r.json["from_v3r3_fr1"] is False
    assert r.json["software_update_detected"] is False


def test_connectivity_rules_and_bandwidth(srv):
    c = STATE["c"]
    g = c.get("/api/v1/unify/connectivity").json
    assert g["domain"] == "phoneapp.unify.com" and g["numbering_schema"] == "international"
    assert g["bandwidth"]["per_call_kbps"] == {"G.711": 90, "G.729": 32}
    assert g["bandwidth"]["max_internet_calls"] == {"G.711": 22, "G.729": 62}
    assert g["bandwidth"]["shared_with"] == ["Unify Phone", "ITSP", "Device@Home"]
    r = c.put("/api/v1/unify/connectivity", {"enabled": True, "circuit_calls": 10})
    assert r.status == 422 and r.error_field() == "api_key", r
    r = c.put("/api/v1/unify/connectivity", {"enabled": True, "api_key": "short key", "circuit_calls": 23,
                                            "domain": "not a domain"})
    assert r.status == 422 and fields(r) == ["api_key", "circuit_calls", "domain"], r
    assert "22 concurrent internet calls" in [d for d in r.json["error"]["details"]
                                              if d["field"] == "circuit_calls"][0]["message"]
    # An address in shorthand is no domain.
    for shorthand in ("127.1", "2130706433", "0x7f.1", "1.2.3.4.5"):
        r = c.put("/api/v1/unify/connectivity", {"domain": shorthand})
        assert r.status == 422 and fields(r) == ["domain"], (shorthand, r)
    # Before V3R3 FR1 the numbering schema is not offered.
    r = c.put("/api/v1/unify/connectivity", {"enabled": True, "api_key": KEY, "circuit_calls": 10,
                                            "numbering_schema": "internal"})
    assert r.status == 422 and r.error_field() == "numbering_schema", r
    r = c.put("/api/v1/unify/connectivity", {"enabled": True, "api_key": KEY, "circuit_calls": 10})
    assert r.status == 200, r
    assert r.json["api_key"] != KEY and r.json["api_key_set"] is True
    assert r.json["numbering_schema_offered"] is False


def test_api_key_is_sealed_masked_and_never_audited(srv):
    c = STATE["c"]
    assert KEY not in c.get("/api/v1/unify/connectivity").raw.decode()
    assert database_files_holding(srv, KEY) == []
    assert '"api_key_sealed":"sb1:' in unify_config(srv, "connectivity")
    assert KEY not in c.get("/api/v1/audit?limit=1000").raw.decode()
    assert KEY not in srv.logs()
    # Sending the mask back keeps the key.
    r = c.put("/api/v1/unify/connectivity", {"api_key": r_mask(c), "circuit_calls": 12})
    assert r.status == 200 and r.json["api_key_set"] and r.json["circuit_calls"] == 12


def r_mask(c):
    return c.get("/api/v1/unify/connectivity").json["api_key"]


def test_execute_creates_then_reports_unchanged(srv):
    c = STATE["c"]
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.status == 200, r
    res = r.json["results"]
    assert [(x["kind"], x["result"]) for x in res] == [("trunk", "created"), ("route", "created"),
                                                        ("lcr", "created"), ("lcr", "created"),
                                                        ("lcr", "created")]
    assert r.json["changed"] is True
    trunks = c.get("/api/v1/unify/trunks").json["items"]
    assert len(trunks) == 1 and trunks[0]["name"] == "Unify Phone (Cloud)" and trunks[0]["wizard_owned"]
    t = trunks[0]["config"]
    assert t["transport"] == "TLS" and t["sip_port"] == 65061 and t["stun_turn_port"] == 3478
    assert t["domain"] == "phoneapp.unify.com" and t["simultaneous_calls"] == 12
    db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
    (identity,) = db.execute("SELECT json_extract(value, '$.system_id') FROM unify_config "
                             "WHERE key = 'identity'").fetchone()
    (wkey,) = db.execute("SELECT wizard_key FROM unify_objects WHERE kind = 'trunk'").fetchone()
    db.close()
    assert t["system_id"] == identity and wkey.endswith(identity) and KEY not in wkey
    routes = c.get("/api/v1/unify/routes").json["items"]
    route = routes[0]["config"]
    assert route["trusted_external_users"] is True and route["trunk_id"] == trunks[0]["id"]
    assert route["route_type"] == "CO" and route["call_number_type"] == "International"
    assert route["location_incoming"] == {"country_code": "49", "local_area_code": "89", "pabx_number": "7007"}
    lcr = c.get("/api/v1/unify/lcr").json["items"]
    assert len(lcr) == 3 and all(x["config"]["route_id"] == routes[0]["id"] for x in lcr)
    assert [x["config"]["dialed_digits"] for x in lcr] == ["0C00-Z", "0C0-Z", "0C-Z"]
    r2 = c.post("/api/v1/unify/connectivity/execute")
    assert r2.status == 200 and r2.json["changed"] is False
    assert [x["result"] for x in r2.json["results"]] == ["unchanged"] * 5
    assert [x["id"] for x in r2.json["results"]] == [x["id"] for x in res]
    assert KEY not in c.get("/api/v1/audit?limit=1000").raw.decode()
    STATE["ids"] = {x["kind"]: x["id"] for x in res}


def test_expert_mode_refuses_edits_of_the_wizards_entries(srv):
    c = STATE["c"]
    for kind in ("trunks", "routes", "lcr"):
        i = STATE["ids"][kind.rstrip("s") if kind != "lcr" else "lcr"]
        r = c.put(f"/api/v1/unify/{kind}/{i}", {"name": "mine", "config": {}})
        assert r.status == 409 and r.json["error"]["message"] == WIZARD_ONLY, r
    assert c.get("/api/v1/unify/trunks").json["items"][0]["name"] == "Unify Phone (Cloud)"
    r = c.post("/api/v1/unify/lcr", {"name": "Emergency", "config": {"dialed_digits": "112"}})
    assert r.status == 201 and r.json["wizard_owned"] is False, r
    r = c.put(f"/api/v1/unify/lcr/{r.json['id']}", {"name": "Emergency 112", "config": {"dialed_digits": "112"}})
    assert r.status == 200 and r.json["name"] == "Emergency 112", r
    assert c.put("/api/v1/unify/lcr/9999", {"name": "x", "config": {}}).status == 404
    r = c.post("/api/v1/unify/trunks", {"name": "ITSP", "config": {"sip_port": 5061}})
    assert r.status == 201, r
    r = c.put(f"/api/v1/unify/trunks/{r.json['id']}", {"name": "ITSP 2", "config": {"sip_port": 5062}})
    assert r.status == 200 and r.json["config"] == {"sip_port": 5062}, r
    assert c.put(f"/api/v1/unify/routes/{r.json['id']}", {"name": "x", "config": {}}).status == 404
    # The wizard keeps to its own entries: a hand-made trunk is not touched.
    r = c.post("/api/v1/unify/connectivity/execute")
    assert [t["name"] for t in c.get("/api/v1/unify/trunks").json["items"]] == ["Unify Phone (Cloud)", "ITSP 2"]


def test_software_update_banner_until_the_wizard_runs_again(srv):
    c = STATE["c"]
    r = c.put("/api/v1/unify/system", dict(SYSTEM, software_version="V3R3 FR1"))
    assert r.status == 200 and r.json["software_update_detected"] is True and r.json["banner"] == BANNER
    for path in ("/api/v1/unify/connectivity", "/api/v1/unify/trunks", "/api/v1/unify/routes", "/api/v1/unify/lcr"):
        assert c.get(path).json["banner"] == BANNER, path
    g = c.get("/api/v1/unify/connectivity").json
    assert g["numbering_schema_offered"] is True
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.status == 422 and r.error_field() == "route_country_code", r
    # The first page alone saves: the route location number is the next page's.
    assert c.put("/api/v1/unify/connectivity", {"circuit_calls": 12}).status == 200
    # From FR1: international needs the route location number's country code.
    r = c.put("/api/v1/unify/connectivity", {"numbering_schema": "international"})
    assert r.status == 422 and r.error_field() == "route_country_code", r
    r = c.put("/api/v1/unify/connectivity", {"route_country_code": "0"})
    assert r.status == 422 and r.error_field() == "route_country_code", r
    r = c.put("/api/v1/unify/connectivity", {"route_country_code": "49", "route_local_area_code": "89",
                                            "route_pabx_number": "7008"})
    assert r.status == 200, r
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.status == 200 and [x["result"] for x in r.json["results"]] == \
        ["unchanged", "updated", "unchanged", "unchanged", "unchanged"], r
    assert c.get("/api/v1/unify/system").json["software_update_detected"] is False
    assert c.get("/api/v1/unify/connectivity").json["banner"] is None
    route = c.get("/api/v1/unify/routes").json["items"][0]["config"]
    assert route["location_incoming"]["pabx_number"] == "7008"
    # Internal numbering: the route parameters follow the schema.
    assert c.put("/api/v1/unify/connectivity", {"numbering_schema": "internal"}).status == 200
    r = c.post("/api/v1/unify/connectivity/execute")
    route = c.get("/api/v1/unify/routes").json["items"][0]["config"]
    assert route["call_number_type"] == "Internal" and route["route_type"] == "PABX"


def test_execute_needs_software_support_and_admin(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", dict(SYSTEM, software_version="V3R3 FR1",
                                               software_support_until="2020-01-01")).status == 200
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.status == 422 and r.error_field() == "software_support_until", r


def test_viewers_read_but_do_not_change(srv):
    c = STATE["c"]
    v = add_user(c, "vicky", "viewer")
    assert v.get("/api/v1/unify/connectivity").status == 200
    assert v.get("/api/v1/unify/trunks").status == 200
    assert v.put("/api/v1/unify/system", SYSTEM).status == 403
    assert v.put("/api/v1/unify/connectivity", {"circuit_calls": 3}).status == 403
    assert v.post("/api/v1/unify/connectivity/execute").status == 403
    assert c.get("/api/v1/unify/connectivity").json["circuit_calls"] == 12


def test_system_and_wizard_input_have_versions(srv):
    c = STATE["c"]
    for path, body in (("/api/v1/unify/system", SYSTEM), ("/api/v1/unify/connectivity", {"circuit_calls": 12})):
        # Back before V3R3 FR1 (SYSTEM), the stored internal schema is international again.
        tag = c.get(path).header("ETag")
        assert tag, path
        r = c.put(path, body, headers={"If-Match": tag})
        assert r.status == 200, (path, r)
        r = c.put(path, body, headers={"If-Match": tag})
        assert r.status == 412, (path, r)
    assert c.get("/api/v1/unify/connectivity").json["numbering_schema"] == "international"


def test_unchecking_enable_unify_phone_deactivates_the_trunk(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert c.post("/api/v1/unify/connectivity/execute").status == 200   # as the earlier tests left it
    assert c.put("/api/v1/unify/connectivity", {"enabled": False}).status == 200
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.status == 200 and r.json["changed"] is True, r
    assert [(x["kind"], x["result"]) for x in r.json["results"]] == [("trunk", "deactivated")]
    trunk = c.get("/api/v1/unify/trunks").json["items"][0]
    assert trunk["config"]["enabled"] is False and trunk["id"] == STATE["ids"]["trunk"]
    assert sum(x["wizard_owned"] for x in c.get("/api/v1/unify/lcr").json["items"]) == 3   # kept
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.json["results"][0]["result"] == "unchanged" and r.json["changed"] is False
    assert c.post("/api/v1/unify/status/check").json["reason"] == (
        "Unify Phone is not enabled in the Unify Phone Connectivity wizard.")
    # Enabled again, the wizard makes it as before.
    assert c.put("/api/v1/unify/connectivity", {"enabled": True}).status == 200
    r = c.post("/api/v1/unify/connectivity/execute")
    assert [x["result"] for x in r.json["results"]] == ["updated"] + ["unchanged"] * 4, r
    assert c.get("/api/v1/unify/trunks").json["items"][0]["config"]["enabled"] is True
