"""Teams with a desk phone (seed 003, 3.4) and call destination lists
(3.6.3-3.6.4): a Team (MULAP) of exactly one IP or TDM desk phone and one
Unify Phone user whose DID is empty; cordless refused; the Team callno gives
the user its call number; the seed's advice to log off the client; the call
routing modes each user's configuration allows; and the check that target 2
is "** User defined" wherever Alternative Number is wanted."""
from harness import setup_admin

SYSTEM = {"model": "X5", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3 FR1",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
CONN = {"enabled": True, "api_key": "UPK-9a8b7c6d5e4f3a2b1c0d-teams", "circuit_calls": 4,
        "numbering_schema": "international", "route_country_code": "49", "route_local_area_code": "89",
        "route_pabx_number": "7007"}
ADVICE = "Please log off the Unify Phone client before integrating the client into a Team or MULAP."
HINT = 'For the usage of the Unify Phone feature Alternative Number target 2 must be set to "** User defined".'
STATE = {}


def made(r):
    assert r.status == 201, r
    return r.json


def modes(u):
    return {m["mode"]: m["available"] for m in u["routing_modes"]}


def test_a_team_user_leaves_its_did_empty(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert c.put("/api/v1/unify/connectivity", CONN).status == 200
    STATE["ip"] = made(c.post("/api/v1/unify/stations", {"callno": "201", "name": "Desk Anna", "type": "IP"}))["id"]
    STATE["tdm"] = made(c.post("/api/v1/unify/stations", {"callno": "202", "name": "Desk Ben", "type": "TDM"}))["id"]
    STATE["dect"] = made(c.post("/api/v1/unify/stations", {"callno": "203", "name": "Cordless", "type": "cordless"}))["id"]
    r = c.post("/api/v1/unify/users", {"callno": "110", "did": "110", "first_name": "Anna", "last_name": "Berg",
                                       "email": "anna.berg@example.com", "team_user": True})
    assert r.status == 422 and r.error_field() == "did", r
    u = made(c.post("/api/v1/unify/users", {"callno": "110", "did": "", "first_name": "Anna", "last_name": "Berg",
                                            "email": "anna.berg@example.com", "team_user": True}))
    assert u["team_user"] is True and u["team_id"] is None
    STATE["anna"] = u
    STATE["ben"] = made(c.post("/api/v1/unify/users", {"callno": "111", "did": "111", "first_name": "Ben",
                                                       "last_name": "Kurz", "email": "ben.kurz@example.com"}))
    r = c.post("/api/v1/unify/users/validate-numbers")
    by = {x["name"]: x for x in r.json["users"]}
    assert by["Anna Berg"]["problem"].startswith("A Team (MULAP) user waits for its Team"), by
    assert by["Ben Kurz"].get("problem") is None


def test_team_constraints(srv):
    c = STATE["c"]
    anna, ben = STATE["anna"], STATE["ben"]
    r = c.post("/api/v1/unify/teams", {"callno": "300", "desk_station_id": STATE["dect"], "user_id": anna["id"]})
    assert r.status == 422 and r.error_field() == "desk_station_id", r
    assert "Cordless subscribers are not approved" in r.json["error"]["details"][0]["message"]
    # A Unify Phone user's own station is no desk phone.
    r = c.post("/api/v1/unify/teams", {"callno": "300", "desk_station_id": ben["station_id"], "user_id": anna["id"]})
    assert r.status == 422 and r.error_field() == "desk_station_id", r
    r = c.post("/api/v1/unify/teams", {"callno": "300", "desk_station_id": STATE["tdm"], "user_id": ben["id"]})
    assert r.status == 422 and r.error_field() == "user_id" and "DID" in r.json["error"]["details"][0]["message"], r
    r = c.post("/api/v1/unify/teams", {"callno": "201", "desk_station_id": STATE["ip"], "user_id": anna["id"]})
    assert r.status == 422 and r.error_field() == "callno", r
    assert "Desk Anna" in r.json["error"]["details"][0]["message"]
    r = c.post("/api/v1/unify/teams", {"desk_station_id": STATE["ip"]})
    assert r.status == 422 and sorted(d["field"] for d in r.json["error"]["details"]) == ["callno", "user_id"], r


def test_the_team_callno_gives_the_user_its_number(srv):
    c = STATE["c"]
    anna = STATE["anna"]
    t = made(c.post("/api/v1/unify/teams", {"callno": "300", "name": "Team Anna", "desk_station_id": STATE["ip"],
                                            "user_id": anna["id"]}))
    assert t["advice"] == ADVICE and t["desk_type"] == "IP" and t["user_name"] == "Anna Berg"
    assert t["user_call_number"] == "+49897007300"
    STATE["team"] = t["id"]
    u = c.get(f"/api/v1/unify/users/{anna['id']}").json
    assert u["call_number"] == "+49897007300" and u["team_callno"] == "300"
    assert modes(u) == {"Default routing": True, "Desk phone": True, "Unify phone": True, "Alternative number": False}
    assert modes(c.get(f"/api/v1/unify/users/{STATE['ben']['id']}").json)["Desk phone"] is False
    # One desk phone and one user per Team; the Team's callno is taken now.
    r = c.post("/api/v1/unify/teams", {"callno": "301", "desk_station_id": STATE["ip"], "user_id": anna["id"]})
    assert r.status == 422 and sorted(d["field"] for d in r.json["error"]["details"]) == ["desk_station_id", "user_id"]
    # A second desk phone for the same user: refused, one desk phone per Team and user.
    r = c.post("/api/v1/unify/teams", {"callno": "302", "desk_station_id": STATE["tdm"], "user_id": anna["id"]})
    assert r.status == 422 and r.error_field() == "user_id" and "already in another Team" in \
        r.json["error"]["details"][0]["message"], r
    r = c.post("/api/v1/unify/stations", {"callno": "300", "name": "Clash", "type": "IP"})
    assert r.status == 422 and r.error_field() == "callno" and "Team Anna" in r.json["error"]["details"][0]["message"]
    # Callnos and DIDs are one numbering, whichever comes first.
    r = c.post("/api/v1/unify/stations", {"callno": "205", "name": "DID clash", "type": "IP", "did": "300"})
    assert r.status == 422 and r.error_field() == "did" and "Team Anna" in r.json["error"]["details"][0]["message"]
    assert c.post("/api/v1/unify/stations", {"callno": "206", "name": "Fax", "type": "TDM", "did": "777"}).status == 201
    r = c.post("/api/v1/unify/stations", {"callno": "777", "name": "Clash", "type": "IP"})
    assert r.status == 422 and r.error_field() == "callno" and "Fax" in r.json["error"]["details"][0]["message"], r
    r = c.post("/api/v1/unify/teams", {"callno": "777", "desk_station_id": STATE["tdm"], "user_id": anna["id"]})
    assert r.status == 422 and "callno" in [d["field"] for d in r.json["error"]["details"]], r
    # The Team's desk phone stays an IP or TDM one.
    for t in ("cordless", "Trusted External User"):
        r = c.put(f"/api/v1/unify/stations/{STATE['ip']}", {"type": t})
        assert r.status == 422 and r.error_field() == "type", (t, r)
    assert c.get(f"/api/v1/unify/teams/{STATE['team']}").json["desk_type"] == "IP"
    # What is in a Team stays until the Team goes.
    r = c.delete(f"/api/v1/unify/stations/{STATE['ip']}")
    assert r.status == 409 and r.json["error"]["message"] == (
        "Desk Anna is the desk phone in Team Anna (Team callno 300): remove the Team first."), r
    assert c.delete(f"/api/v1/unify/users/{anna['id']}").status == 409
    r = c.post("/api/v1/unify/users/validate-numbers")
    by = {x["name"]: x for x in r.json["users"]}
    assert by["Anna Berg"]["call_number"] == "+49897007300" and by["Anna Berg"].get("problem") is None
    assert r.json["invalid"] == 0


def test_editing_and_removing_a_team_renumbers_the_user(srv):
    c = STATE["c"]
    anna = STATE["anna"]
    tag = c.get(f"/api/v1/unify/teams/{STATE['team']}").header("ETag")
    r = c.put(f"/api/v1/unify/teams/{STATE['team']}", {"callno": "310"}, headers={"If-Match": tag})
    assert r.status == 200 and r.json["callno"] == "310", r
    assert c.get(f"/api/v1/unify/users/{anna['id']}").json["call_number"] == "+49897007310"
    assert c.delete(f"/api/v1/unify/teams/{STATE['team']}").status == 204
    u = c.get(f"/api/v1/unify/users/{anna['id']}").json
    assert u["call_number"] == "+49897007110" and u["team_id"] is None
    acts = [e["action"] for e in c.get("/api/v1/audit?action=unify.team.&limit=20").json["items"]]
    assert acts == ["unify.team.delete", "unify.team.update", "unify.team.create"], acts


def test_alternative_number_needs_target_2_user_defined(srv):
    c = STATE["c"]
    ben = STATE["ben"]
    path = f"/api/v1/unify/users/{ben['id']}/call-destinations"
    r = c.put(path, {"voicemail": "UC Suite", "targets": ["Voicemail", "Mobile", ""], "alternative_number": True})
    assert r.status == 200 and r.json["destinations_problem"] == HINT, r
    assert modes(r.json)["Alternative number"] is False
    assert r.json["call_destinations"]["targets"] == ["Voicemail", "Mobile", ""]
    r = c.put(path, {"voicemail": "UC Suite", "targets": ["Voicemail", "** User defined", ""],
                     "alternative_number": True})
    assert r.status == 200 and r.json["destinations_problem"] is None
    assert modes(r.json)["Alternative number"] is True
    r = c.put(path, {"targets": ["a", "b", "c", "d"]})
    assert r.status == 422 and r.error_field() == "targets", r
    assert any(e["action"] == "unify.user.call_destinations"
               for e in c.get("/api/v1/audit?action=unify.user.&limit=20").json["items"])
