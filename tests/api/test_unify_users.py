"""Unify Phone on OpenScape Business, part 2 (seed 003, 2.4 and 3.3): the
system's stations (by API and from a station list, all or nothing), the
tenant's users imported from the admin portal's CSV, and the Unify Phone
user instance wizard — [Create] from V3R3 FR1, [Add] a tenant user, [Edit],
the free callno, the DID, the call number composed from the numbering
schema and location with the E.164 limit at 15 and 16 digits, users without
DID, the user bound per model, and [Validate Numbers]."""
from harness import add_user, setup_admin

SYSTEM = {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3 FR1",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
CONN = {"enabled": True, "api_key": "UPK-4d5e6f708192a3b4c5d6-users", "circuit_calls": 4,
        "numbering_schema": "international", "route_country_code": "49", "route_local_area_code": "89",
        "route_pabx_number": "7007"}
HINT = ("Hint: if an existing number schema does not fit into the E.164 format length restriction, please "
        "update the Unify Phone route location number and update the numbering schema by click [Validate Numbers].")
STATE = {}


def fields(r):
    return sorted(d["field"] for d in r.json["error"]["details"])


def details(r):
    return [(d.get("row"), d["field"], d["message"]) for d in r.json["error"]["details"]]


def upload(c, path, text):
    return c.request("POST", path, raw=text.encode("utf-8"), content_type="text/csv")


def user(callno, did, first, last, email, **kw):
    return dict({"callno": callno, "did": did, "first_name": first, "last_name": last, "email": email}, **kw)


def test_stations_by_api_with_free_numbers(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.post("/api/v1/unify/stations", {"callno": "0100", "name": "", "type": "DECT", "did": "12a"})
    assert r.status == 422 and fields(r) == ["callno", "did", "name", "type"], r
    r = c.post("/api/v1/unify/stations", {"callno": "201", "name": "Reception", "type": "IP", "did": "201"})
    assert r.status == 201 and r.json["type"] == "IP" and r.json["directory_entry"] is True, r
    STATE["reception"] = r.json["id"]
    assert c.post("/api/v1/unify/stations", {"callno": "202", "name": "Lab", "type": "tdm"}).json["type"] == "TDM"
    assert c.post("/api/v1/unify/stations", {"callno": "203", "name": "Cordless", "type": "cordless"}).status == 201
    r = c.post("/api/v1/unify/stations", {"callno": "201", "name": "Twice", "type": "IP"})
    assert r.status == 422 and r.error_field() == "callno" and "Reception" in r.json["error"]["details"][0]["message"]
    r = c.post("/api/v1/unify/stations", {"callno": "204", "name": "Clash", "type": "IP", "did": "202"})
    assert r.status == 422 and r.error_field() == "did", r   # a DID may not be another's callno
    assert c.get("/api/v1/unify/stations?q=Recep").json["total"] == 1
    assert [s["callno"] for s in c.get("/api/v1/unify/stations?sort=callno&order=desc").json["items"]] == \
        ["203", "202", "201"]


def test_a_station_list_is_imported_all_or_nothing(srv):
    c = STATE["c"]
    bad = ("CALLNO;Name;Type;DID;Entry in telephone directory\r\n"
           "210;Sales 1;IP;210;yes\r\n"
           "211;;IP;;no\r\n"
           "212;Sales 3;analog;;\r\n"
           "210;Sales again;TDM;;\r\n"
           "213;Fax;TDM;;maybe\r\n")
    r = upload(c, "/api/v1/unify/stations/import", bad)
    assert r.status == 422, r
    got = details(r)
    assert (3, "Name", "Enter the name.") in got
    assert any(row == 4 and f == "Type" for row, f, _ in got)
    assert any(row == 5 and f == "Callno" and "row 2" in m for row, f, m in got)
    assert any(row == 6 and f == "Entry in telephone directory" for row, f, _ in got)
    assert c.get("/api/v1/unify/stations?q=Sales").json["total"] == 0     # nothing was kept
    good = ("\ufeffCallno,Name,Type,DID,Entry in telephone directory,CLIP/LIN\n"
            "210,Sales 1,IP,210,yes,\n211,Sales 2,TDM,,no,4989700700\n202,Lab desk,TDM,,,\n")
    r = upload(c, "/api/v1/unify/stations/import", good)
    assert r.status == 200 and r.json == {"created": 2, "updated": 1, "total": 3}, r
    s = {x["callno"]: x for x in c.get("/api/v1/unify/stations?limit=100").json["items"]}
    assert s["211"]["directory_entry"] is False and s["211"]["clip_lin"] == "4989700700"
    assert s["202"]["name"] == "Lab desk"
    r = upload(c, "/api/v1/unify/stations/import", "Name,Type\nX,IP\n")
    assert r.status == 422 and r.error_field() == "file" and "Callno" in r.json["error"]["message"], r


def test_the_tenants_users_come_from_the_portals_csv(srv):
    c = STATE["c"]
    bad = "firstName,lastName,email\nAnna,Berg,anna.berg@example.com\nBen,Kurz,not-an-address\nAnna,B,ANNA.BERG@example.com\n"
    r = upload(c, "/api/v1/unify/tenant-users/import", bad)
    assert r.status == 422, r
    assert [(row, f) for row, f, _ in details(r)] == [(3, "email"), (4, "email")], details(r)
    assert c.get("/api/v1/unify/tenant-users").json["total"] == 0
    # A quote left open would swallow the rows after it: refused, nothing kept.
    r = upload(c, "/api/v1/unify/tenant-users/import", 'firstName,lastName,email,department\n'
               'Anna,Berg,anna.berg@example.com,"Sales\nBen,Kurz,ben.kurz@example.com,Lab\n')
    assert r.status == 422 and r.error_field() == "file" and "not valid CSV near row 2" in \
        r.json["error"]["message"], r
    assert c.get("/api/v1/unify/tenant-users").json["total"] == 0
    good = ("\ufefffirstName,lastName,email,department\r\nAnna,Berg,anna.berg@example.com,Sales\r\n"
            "Ben,Kurz,ben.kurz@example.com,Lab\r\nCora,Lind,cora.lind@example.com,\r\n")
    r = upload(c, "/api/v1/unify/tenant-users/import", good)
    assert r.status == 200 and r.json == {"added": 3, "updated": 0, "unchanged": 0, "total": 3}, r
    r = upload(c, "/api/v1/unify/tenant-users/import", good.replace("Kurz", "Kurz-Lang"))
    assert r.json == {"added": 0, "updated": 1, "unchanged": 2, "total": 3}, r
    assert [u["name"] for u in c.get("/api/v1/unify/tenant-users?q=ben").json["items"]] == ["Ben Kurz-Lang"]
    assert c.get("/api/v1/unify/tenant-users?q=cora.lind@").json["total"] == 1
    STATE["tenant"] = {u["email"]: u["id"] for u in c.get("/api/v1/unify/tenant-users").json["items"]}


def test_create_composes_the_number_and_makes_a_trusted_external_user(srv):
    c = STATE["c"]
    r = c.post("/api/v1/unify/users", user("100", "123", "Dora", "Ek", "dora.ek@example.com"))
    assert r.status == 422 and r.error_field() == "system", r
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert c.put("/api/v1/unify/connectivity", CONN).status == 200
    r = c.post("/api/v1/unify/users", user("100", "123", "Dora", "Ek", "dora.ek@example.com"))
    assert r.status == 201, r
    u = r.json
    assert u["call_number"] == "+49897007123" and u["name"] == "Dora Ek" and u["needs_validation"] is False
    st = c.get(f"/api/v1/unify/stations/{u['station_id']}").json
    assert st["type"] == "Trusted External User" and st["user_owned"] is True and st["callno"] == "100"
    STATE["dora"] = u["id"]
    # Taken numbers, named with their holder; bad e-mail; missing names.
    r = c.post("/api/v1/unify/users", user("201", "100", "", "", "x"))
    assert r.status == 422 and fields(r) == ["email", "first_name", "last_name"], r
    r = c.post("/api/v1/unify/users", user("201", "100", "Eva", "Fern", "eva.fern@example.com"))
    assert r.status == 422 and fields(r) == ["callno", "did"], r
    assert "Reception" in details(r)[0][2] and "Dora Ek" in details(r)[1][2]
    r = c.post("/api/v1/unify/users", user("101", "124", "Eva", "Fern", "DORA.EK@example.com"))
    assert r.status == 422 and fields(r) == ["email"], r


def test_the_e164_limit_at_15_and_16_digits(srv):
    c = STATE["c"]
    # +49 89 7007 and a 7-digit DID: 15 digits.
    r = c.post("/api/v1/unify/users", user("102", "1234567", "Finn", "Gray", "finn.gray@example.com"))
    assert r.status == 201 and r.json["call_number"] == "+498970071234567", r
    r = c.post("/api/v1/unify/users", user("103", "12345678", "Gus", "Hill", "gus.hill@example.com"))
    assert r.status == 422 and r.error_field() == "did", r
    assert "+4989700712345678 has 16 digits: E.164 allows at most 15." in details(r)[0][2]


def test_add_a_tenant_user_once(srv):
    c = STATE["c"]
    anna = STATE["tenant"]["anna.berg@example.com"]
    r = c.post("/api/v1/unify/users", {"tenant_user_id": anna, "callno": "104", "did": "104",
                                       "email": "someone.else@example.com"})
    assert r.status == 201, r
    assert r.json["email"] == "anna.berg@example.com" and r.json["name"] == "Anna Berg"   # the tenant's
    assert r.json["tenant_user_id"] == anna
    t = {u["email"]: u for u in c.get("/api/v1/unify/tenant-users").json["items"]}
    assert t["anna.berg@example.com"]["assigned"] is True and t["ben.kurz@example.com"]["assigned"] is False
    r = c.post("/api/v1/unify/users", {"tenant_user_id": anna, "callno": "105", "did": "105"})
    assert r.status == 422 and r.error_field() == "tenant_user_id", r
    r = c.post("/api/v1/unify/users", {"tenant_user_id": 99999, "callno": "105", "did": "105",
                                       "first_name": "N", "last_name": "N", "email": "n@example.com"})
    assert r.status == 422 and r.error_field() == "tenant_user_id", r
    STATE["anna"] = c.get("/api/v1/unify/users?q=anna").json["items"][0]["id"]


def test_create_only_from_v3r3_fr1_add_before_it(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", dict(SYSTEM, software_version="V3R3")).status == 200
    r = c.post("/api/v1/unify/users", user("106", "106", "Ida", "Jung", "ida.jung@example.com"))
    assert r.status == 422 and r.error_field() == "tenant_user_id", r
    r = c.post("/api/v1/unify/users", {"tenant_user_id": STATE["tenant"]["ben.kurz@example.com"],
                                       "callno": "106", "did": "106"})
    assert r.status == 201 and r.json["call_number"] == "+49897007106", r   # the gateway location
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200


def test_users_without_did(srv):
    c = STATE["c"]
    r = c.post("/api/v1/unify/users", user("107", "", "Jon", "Kay", "jon.kay@example.com"))
    assert r.status == 422 and r.error_field() == "did", r       # international schema
    assert c.put("/api/v1/unify/connectivity", {"numbering_schema": "internal"}).status == 200
    r = c.post("/api/v1/unify/users", user("107", "", "Jon", "Kay", "jon.kay@example.com"))
    assert r.status == 201 and r.json["call_number"] == "107", r
    assert c.put("/api/v1/unify/system", dict(SYSTEM, flavour="Unify Phone for Unify Video")).status == 200
    r = c.post("/api/v1/unify/users", user("108", "", "Kim", "Lo", "kim.lo@example.com"))
    assert r.status == 422 and r.error_field() == "did", r
    assert "Unify Phone for OpenScape" in details(r)[0][2]
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200


def test_validate_numbers_after_the_schema_changes(srv):
    c = STATE["c"]
    lst = c.get("/api/v1/unify/users").json
    assert lst["numbering"]["schema"] == "internal"
    # Users made on the international schema wait for validation.
    assert lst["needs_validation"] == 4 and lst["count"] == 5, lst
    r = c.post("/api/v1/unify/users/validate-numbers")
    assert r.status == 200 and r.json["hint"] == HINT, r
    assert r.json["valid"] == 5 and r.json["invalid"] == 0
    by = {u["name"]: u for u in r.json["users"]}
    assert by["Dora Ek"]["before"] == "+49897007123" and by["Dora Ek"]["call_number"] == "100"
    assert c.get("/api/v1/unify/users").json["needs_validation"] == 0
    # Back to international with a longer location: Finn's breaks E.164, Jon has no DID.
    assert c.put("/api/v1/unify/connectivity", {"numbering_schema": "international",
                                                "route_pabx_number": "70071"}).status == 200
    assert c.get("/api/v1/unify/users").json["needs_validation"] == 5
    r = c.post("/api/v1/unify/users/validate-numbers")
    by = {u["name"]: u for u in r.json["users"]}
    assert r.json["invalid"] == 2, r.json
    assert by["Finn Gray"]["problem"] == "+4989700711234567 has 16 digits: E.164 allows at most 15."
    assert "internal numbering schema" in by["Jon Kay"]["problem"]
    assert by["Dora Ek"]["call_number"] == "+498970071123" and by["Dora Ek"].get("problem") is None
    shown = {u["name"]: u for u in c.get("/api/v1/unify/users").json["items"]}
    assert shown["Finn Gray"]["number_problem"].endswith("at most 15.")
    # The fix the hint names: the route location number, then validate again.
    assert c.put("/api/v1/unify/connectivity", {"route_pabx_number": "7007"}).status == 200
    assert c.delete(f"/api/v1/unify/users/{shown['Jon Kay']['id']}").status == 204
    r = c.post("/api/v1/unify/users/validate-numbers")
    assert r.json["invalid"] == 0 and r.json["valid"] == 4, r.json


def test_edit_recomposes_and_the_users_station_is_the_wizards(srv):
    c = STATE["c"]
    d = c.get(f"/api/v1/unify/users/{STATE['dora']}").json
    tag = c.get(f"/api/v1/unify/users/{STATE['dora']}").header("ETag")
    r = c.put(f"/api/v1/unify/users/{STATE['dora']}", {"did": "129", "first_name": "Dorothea"},
              headers={"If-Match": tag})
    assert r.status == 200 and r.json["call_number"] == "+49897007129" and r.json["name"] == "Dorothea Ek", r
    assert c.put(f"/api/v1/unify/users/{STATE['dora']}", {"did": "130"}, headers={"If-Match": tag}).status == 412
    st = f"/api/v1/unify/stations/{d['station_id']}"
    r = c.put(st, {"callno": "199"})
    assert r.status == 409 and r.json["error"]["code"] == "wizard_only", r
    r = c.put(st, {"clip_lin": "498970070", "directory_entry": False})
    assert r.status == 200 and r.json["clip_lin"] == "498970070" and r.json["directory_entry"] is False, r
    assert c.delete(st).status == 409
    r = c.put(f"/api/v1/unify/users/{STATE['dora']}", {"did": "131"})
    assert r.status == 200 and c.get(st).json["clip_lin"] == "498970070"    # the admin's CLIP/LIN stays
    acts = [e["action"] for e in c.get("/api/v1/audit?action=unify.user.&limit=50").json["items"]]
    assert "unify.user.update" in acts and "unify.user.create" in acts and "unify.user.add" in acts


def test_removing_a_user_frees_its_number_and_tenant_user(srv):
    c = STATE["c"]
    a = c.get(f"/api/v1/unify/users/{STATE['anna']}").json
    assert c.delete(f"/api/v1/unify/users/{STATE['anna']}").status == 204
    assert c.get(f"/api/v1/unify/stations/{a['station_id']}").status == 404
    t = {u["email"]: u for u in c.get("/api/v1/unify/tenant-users").json["items"]}
    assert t["anna.berg@example.com"]["assigned"] is False
    r = c.post("/api/v1/unify/users", {"tenant_user_id": a["tenant_user_id"], "callno": "104", "did": "104"})
    assert r.status == 201, r


def test_the_user_bound_of_the_model(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", dict(SYSTEM, model="X1W/R", mainboard="V2", edition="basic")).status == 200
    have = c.get("/api/v1/unify/users").json["count"]
    for i in range(50 - have):
        r = c.post("/api/v1/unify/users", user(str(500 + i), str(500 + i), "Bulk", f"User{i}",
                                               f"bulk{i}@example.com"))
        assert r.status == 201, r
    r = c.post("/api/v1/unify/users", user("600", "600", "One", "Toomany", "one.toomany@example.com"))
    assert r.status == 422 and r.error_field() == "users", r
    assert details(r)[0][2] == "This system allows up to 50 Unify Phone users (X1W/R V2, basic)."
    lst = c.get("/api/v1/unify/users").json
    assert lst["count"] == 50 and lst["max_users"] == 50


def test_viewers_read_only(srv):
    c = STATE["c"]
    v = add_user(c, "uview", "viewer")
    assert v.get("/api/v1/unify/users").status == 200 and v.get("/api/v1/unify/stations").status == 200
    assert v.post("/api/v1/unify/users", user("700", "700", "V", "W", "v.w@example.com")).status == 403
    assert v.post("/api/v1/unify/stations", {"callno": "700", "name": "X", "type": "IP"}).status == 403
    assert upload(v, "/api/v1/unify/tenant-users/import", "email\nx@example.com\n").status == 403
    assert v.post("/api/v1/unify/users/validate-numbers").status == 403
