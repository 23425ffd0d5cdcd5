"""Licenses in the Assistant as the seed has them: when a list needs more
licenses than the pools hold, Commit Changes creates every phone all the
same, says "Some or all licenses could not be allocated to each station
appearance" and lists for Review each appearance left without its
license; License Allocation gives them out once the pools hold them."""
from harness import add_user, setup_admin, wait_job

STATE = {}
MESSAGE = "Some or all licenses could not be allocated to each station appearance"
LIST = ("Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address\n"
        "LicA,Workstation,Polycom,VVX 410,,7501,,,\n"
        "LicB,Workstation,Polycom,VVX 410,,7502,,,\n"
        "LicC,Workstation,Polycom,VVX 410,,7503,,,\n"
        "LicD,Workstation,Polycom,VVX 410,,7504,,,\n")


def phones(c):
    out = {}
    for p in c.get("/api/v1/phones?limit=100").json["items"]:
        out[p["name"]] = c.get(f"/api/v1/phones/{p['id']}").json
    return out


def pools(c):
    return {p["name"]: p for p in c.get("/api/v1/station-licenses").json["items"]}


def test_a_list_past_the_pools_creates_every_phone_with_the_seeds_message_and_review(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.put("/api/v1/station-licenses/Client%20Access", {"total": 2}).status == 200
    assert c.put("/api/v1/station-licenses/ACD%20Access", {"total": 1}).status == 200
    r = c.request("POST", "/api/v1/assistant/imports?filename=lic.csv", raw=LIST.encode(), content_type="text/csv")
    assert r.status == 201 and r.json["report"]["accepted"] == 4, r
    r = c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit",
               {"licenses": ["Basic Station", "Client Access", "ACD Access"]})
    assert r.status == 202, r
    j = wait_job(c, r.json["id"])
    assert j["state"] == "done", j
    res = j["result"]
    assert res["created"] == 4 and res["message"] == MESSAGE, res
    review = sorted((x["phone"], x["extension"], x["license"]) for x in res["review"])
    assert review == [("LicB", "7502", "ACD Access"), ("LicC", "7503", "ACD Access"), ("LicC", "7503", "Client Access"),
                      ("LicD", "7504", "ACD Access"), ("LicD", "7504", "Client Access")], review
    assert res["review_total"] == 5
    ph = phones(c)
    assert set(ph) == {"LicA", "LicB", "LicC", "LicD"}, "every phone is created"
    st = {n: p["stations"][0] for n, p in ph.items()}
    assert st["LicA"]["licenses"] == ["Basic Station", "Client Access", "ACD Access"] and st["LicA"]["licenses_missing"] == []
    assert st["LicB"]["licenses"] == ["Basic Station", "Client Access"] and st["LicB"]["licenses_missing"] == ["ACD Access"]
    assert st["LicD"]["licenses"] == ["Basic Station"]
    assert sorted(st["LicD"]["licenses_missing"]) == ["ACD Access", "Client Access"]
    p = pools(c)
    assert p["Client Access"]["used"] == 2 and p["ACD Access"]["used"] == 1, "the pools are full, never past"
    STATE["ph"] = ph


def test_license_allocation_lists_exactly_the_appearances_without_their_license(srv):
    c = STATE["c"]
    a = c.get("/api/v1/station-licenses/allocation").json
    assert a["total"] == 5
    assert sorted((x["phone"], x["license"]) for x in a["items"]) == [
        ("LicB", "ACD Access"), ("LicC", "ACD Access"), ("LicC", "Client Access"),
        ("LicD", "ACD Access"), ("LicD", "Client Access")]
    assert c.get("/api/v1/station-licenses/allocation?q=LicD").json["total"] == 2
    viewer = add_user(c, "vic", "viewer")
    assert viewer.get("/api/v1/station-licenses/allocation").status == 200
    assert viewer.post("/api/v1/station-licenses/allocation", {}).status == 403


def test_saving_a_phone_in_the_editor_keeps_what_it_waits_for(srv):
    c = STATE["c"]
    d = STATE["ph"]["LicD"]
    body = {k: d[k] for k in ("name", "manufacturer", "model", "type", "registration_group", "location")}
    body["stations"] = [{k: d["stations"][0][k] for k in ("id", "extension", "label", "licenses")}]
    r = c.put(f"/api/v1/phones/{d['id']}", body)
    assert r.status == 200, r
    assert sorted(r.json["stations"][0]["licenses_missing"]) == ["ACD Access", "Client Access"]


def test_allocation_while_still_short_is_refused_naming_the_pool_and_changes_nothing(srv):
    c = STATE["c"]
    r = c.post("/api/v1/station-licenses/allocation", {})
    assert r.status == 422 and r.json["error"]["message"] == MESSAGE, r
    named = {x["license"]: x["message"] for x in r.json["error"]["details"]}
    assert set(named) == {"Client Access", "ACD Access"}, named
    assert named["ACD Access"].startswith("ACD Access: 1 of 1 in use, 3 more asked for."), named
    assert c.put("/api/v1/station-licenses/Client%20Access", {"total": 4}).status == 200
    r = c.post("/api/v1/station-licenses/allocation", {})
    assert r.status == 422 and [x["license"] for x in r.json["error"]["details"]] == ["ACD Access"], r
    assert c.get("/api/v1/station-licenses/allocation").json["total"] == 5, "all or none: nothing changed"
    assert pools(c)["Client Access"]["used"] == 2


def test_after_raising_the_pools_allocation_leaves_none_without_its_license(srv):
    c = STATE["c"]
    b = STATE["ph"]["LicB"]["stations"][0]["id"]
    assert c.put("/api/v1/station-licenses/ACD%20Access", {"total": 2}).status == 200
    r = c.post("/api/v1/station-licenses/allocation", {"stations": [b]})
    assert r.status == 200 and r.json["allocated"] == 1, r
    assert c.get("/api/v1/station-licenses/allocation").json["total"] == 4
    r = c.post("/api/v1/station-licenses/allocation", {})
    assert r.status == 422 and "ACD Access: 2 of 2 in use, 2 more asked for." in r.raw.decode(), r
    assert c.put("/api/v1/station-licenses/ACD%20Access", {"total": 4}).status == 200
    r = c.post("/api/v1/station-licenses/allocation", {})
    assert r.status == 200 and r.json["allocated"] == 2, r
    assert c.get("/api/v1/station-licenses/allocation").json["total"] == 0
    for name, p in phones(c).items():
        s = p["stations"][0]
        assert sorted(s["licenses"]) == ["ACD Access", "Basic Station", "Client Access"] and s["licenses_missing"] == [], (name, s)
    p = pools(c)
    assert p["Client Access"]["used"] == 4 and p["ACD Access"]["used"] == 4
    audit = c.get("/api/v1/audit?action=license.allocate").json["items"]
    assert [a["detail"]["stations"] for a in audit] == [2, 1], audit


def test_a_wrong_station_list_is_refused_by_name(srv):
    c = STATE["c"]
    r = c.post("/api/v1/station-licenses/allocation", {"stations": [0]})
    assert r.status == 422 and r.error_field() == "stations", r
