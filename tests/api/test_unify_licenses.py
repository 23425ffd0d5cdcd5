"""OpenScape Business licenses for Unify Phone (seed 003, 3.5; License
Management - Local User licenses - Mobility User): the pools "IP User
(Mobility User)", "Unify Phone", "IP User (Desk Phone)" and "Voicemail"
with the totals an admin sets (audited, never below their use), Software
Support valid until beside them, each user's licenses activated and
deactivated, an exhausted pool refused by name with nothing changed,
[Apply] giving every user the two required licenses while they last,
removing a user releasing its licenses, and Diagnose's license check."""
from harness import add_user, setup_admin
from test_unify_users import CONN, SYSTEM

NAMES = ["IP User (Mobility User)", "Unify Phone", "IP User (Desk Phone)", "Voicemail"]
NOTICE = ("Unify Phone requires valid OpenScape Business Software Support: the licenses stay activated, "
          "but no calls with the Unify Phone client are possible until it is renewed.")
ALL = {"mobility_user": True, "unify_phone": True, "desk_phone": True, "voicemail": True}
NONE = {"mobility_user": False, "unify_phone": False, "desk_phone": False, "voicemail": False}
STATE = {}


def pools(c):
    return {p["key"]: p for p in c.get("/api/v1/unify/licenses").json["pools"]}


def used(c):
    return {k: p["used"] for k, p in pools(c).items()}


def add(c, callno, first, last):
    r = c.post("/api/v1/unify/users", {"callno": callno, "did": callno, "first_name": first, "last_name": last,
                                       "email": f"{first.lower()}.{last.lower()}@example.com"})
    assert r.status == 201, r
    return r.json["id"]


def licenses_of(c, uid):
    return c.get(f"/api/v1/unify/users/{uid}").json["licenses"]


def activate(c, uid, **flags):
    return c.put(f"/api/v1/unify/users/{uid}/licenses", flags)


def refused_pool(r, field):
    assert r.status == 422, r
    d = [x for x in r.json["error"]["details"] if x["field"] == field]
    assert d, r
    return d[0]["license"], d[0]["message"]


def diagnose(c):
    r = c.get("/api/v1/unify/diagnostics")
    assert r.status == 200, r
    return {x["id"]: x for g in r.json["groups"] for x in g["checks"]}


def test_the_pools_by_the_seeds_names_beside_software_support(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.get("/api/v1/unify/licenses")
    assert r.status == 200, r
    lic = r.json
    assert [p["name"] for p in lic["pools"]] == NAMES
    assert [p["required"] for p in lic["pools"]] == [True, True, False, False]
    assert all(p["total"] == 0 and p["used"] == 0 and p["free"] == 0 for p in lic["pools"]), lic
    assert lic["software_support_until"] is None and lic["software_support_valid"] is False
    assert lic["notice"] == NOTICE
    assert "twinned" in pools(c)["desk_phone"]["held_by"]
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert c.put("/api/v1/unify/connectivity", CONN).status == 200
    # Dora is twinned with a desk phone (a Team): the IP User (Desk Phone) license has a phone to go to.
    r = c.post("/api/v1/unify/users", {"callno": "120", "did": "", "team_user": True, "first_name": "Dora",
                                       "last_name": "Ek", "email": "dora.ek@example.com"})
    assert r.status == 201, r
    STATE["dora"] = r.json["id"]
    desk = c.post("/api/v1/unify/stations", {"callno": "220", "name": "Desk Dora", "type": "IP"}).json["id"]
    assert c.post("/api/v1/unify/teams", {"callno": "320", "desk_station_id": desk,
                                          "user_id": STATE["dora"]}).status == 201
    STATE["ben"] = add(c, "121", "Ben", "Kurz")
    STATE["cora"] = add(c, "122", "Cora", "Lind")
    lic = c.get("/api/v1/unify/licenses").json
    assert lic["software_support_until"] == "2099-12-31" and lic["software_support_valid"] is True
    assert lic["notice"] is None
    assert lic["users"] == 3 and lic["users_without"] == 3, lic
    assert licenses_of(c, STATE["dora"]) == NONE


def test_totals_are_set_by_an_admin_and_audited(srv):
    c = STATE["c"]
    r = c.put("/api/v1/unify/licenses", {"mobility_user": 3, "unify_phone": 2, "desk_phone": 1, "voicemail": 1})
    assert r.status == 200, r
    assert {p["key"]: p["total"] for p in r.json["pools"]} == {"mobility_user": 3, "unify_phone": 2,
                                                                 "desk_phone": 1, "voicemail": 1}
    assert pools(c)["mobility_user"]["free"] == 3
    e = c.get("/api/v1/audit?action=unify.licenses.update").json["items"][0]
    assert e["detail"]["diff"]["mobility_user"] == [0, 3], e
    # Partial: only what is named changes; a bad value changes nothing.
    r = c.put("/api/v1/unify/licenses", {"voicemail": -1, "desk_phone": 10001})
    assert r.status == 422 and sorted(d["field"] for d in r.json["error"]["details"]) == ["desk_phone", "voicemail"]
    assert pools(c)["voicemail"]["total"] == 1 and pools(c)["desk_phone"]["total"] == 1
    tag = c.get("/api/v1/unify/licenses").header("ETag")
    assert c.put("/api/v1/unify/licenses", {"voicemail": 1}, headers={"If-Match": tag}).status == 200
    assert c.put("/api/v1/unify/licenses", {"voicemail": 2}, headers={"If-Match": tag}).status == 412
    assert pools(c)["voicemail"]["total"] == 1


def test_licenses_are_activated_and_deactivated_per_user(srv):
    c = STATE["c"]
    r = activate(c, STATE["dora"], **ALL)
    assert r.status == 200, r
    assert r.json["user"]["licenses"] == ALL and r.json["user"]["name"] == "Dora Ek"
    assert {p["key"]: p["used"] for p in r.json["pools"]} == {"mobility_user": 1, "unify_phone": 1,
                                                                "desk_phone": 1, "voicemail": 1}
    assert licenses_of(c, STATE["dora"]) == ALL
    shown = {u["name"]: u for u in c.get("/api/v1/unify/users").json["items"]}
    assert shown["Dora Ek"]["licenses"] == ALL and shown["Ben Kurz"]["licenses"] == NONE
    # What is left out stays as it is.
    r = activate(c, STATE["dora"], desk_phone=False)
    assert r.status == 200 and r.json["user"]["licenses"] == dict(ALL, desk_phone=False), r
    assert used(c)["desk_phone"] == 0
    assert activate(c, STATE["dora"], desk_phone=True).status == 200
    e = c.get("/api/v1/audit?action=unify.user.licenses").json["items"][0]
    assert e["target"] == "Dora Ek" and e["detail"]["diff"]["desk_phone"] == [False, True], e
    assert activate(c, 99999, voicemail=True).status == 404
    r = activate(c, STATE["ben"], voicemail="yes")
    assert r.status == 422 and r.error_field() == "voicemail", r


def test_each_exhausted_pool_is_refused_by_name_and_nothing_changes(srv):
    c = STATE["c"]
    before = used(c)
    assert refused_pool(activate(c, STATE["ben"], voicemail=True), "voicemail")[0] == "Voicemail"
    pool, msg = refused_pool(activate(c, STATE["ben"], desk_phone=True), "desk_phone")
    assert pool == "IP User (Desk Phone)" and "Ben Kurz" in msg and "1 of 1 in use" in msg, msg
    assert used(c) == before and licenses_of(c, STATE["ben"]) == NONE
    assert activate(c, STATE["ben"], mobility_user=True, unify_phone=True).status == 200
    # Cora: a Mobility User license is free, no Unify Phone one: neither is taken.
    r = activate(c, STATE["cora"], mobility_user=True, unify_phone=True)
    assert refused_pool(r, "unify_phone")[0] == "Unify Phone"
    assert r.json["error"]["message"] == "Some or all licenses could not be activated."
    assert [d["field"] for d in r.json["error"]["details"]] == ["unify_phone"]
    assert licenses_of(c, STATE["cora"]) == NONE and used(c)["mobility_user"] == 2
    assert activate(c, STATE["cora"], mobility_user=True).status == 200
    STATE["eva"] = add(c, "123", "Eva", "Fern")
    r = activate(c, STATE["eva"], mobility_user=True)
    assert refused_pool(r, "mobility_user")[0] == "IP User (Mobility User)"
    assert licenses_of(c, STATE["eva"]) == NONE and used(c)["mobility_user"] == 3


def test_a_total_below_its_use_is_refused_by_name(srv):
    c = STATE["c"]
    r = c.put("/api/v1/unify/licenses", {"unify_phone": 1, "mobility_user": 10})
    pool, msg = refused_pool(r, "unify_phone")
    assert pool == "Unify Phone" and msg.startswith("2 Unify Phone licenses are in use"), msg
    assert pools(c)["unify_phone"]["total"] == 2 and pools(c)["mobility_user"]["total"] == 3   # nothing changed
    assert c.put("/api/v1/unify/licenses", {"unify_phone": 2}).status == 200      # down to the use is fine


def test_apply_gives_every_user_the_required_licenses_while_they_last(srv):
    c = STATE["c"]
    # Dora and Ben hold both; Cora only Mobility User; Eva none. One of each free.
    assert c.put("/api/v1/unify/licenses", {"mobility_user": 4, "unify_phone": 3}).status == 200
    r = c.post("/api/v1/unify/licenses/apply")
    assert r.status == 200, r
    a = r.json
    assert [(g["name"], g["pools"]) for g in a["granted"]] == [("Cora Lind", ["unify_phone"])], a
    assert [(s["name"], s["license"], s["missing"]) for s in a["short"]] == [
        ("Eva Fern", "Unify Phone", ["IP User (Mobility User)", "Unify Phone"])], a
    assert a["complete"] == 2
    assert "1 user could not" in a["message"] and "Unify Phone" in a["message"], a["message"]
    # All or nothing per user: Eva did not take the last Mobility User license.
    assert licenses_of(c, STATE["eva"]) == NONE
    assert used(c) == {"mobility_user": 3, "unify_phone": 3, "desk_phone": 1, "voicemail": 1}
    e = c.get("/api/v1/audit?action=unify.licenses.apply").json["items"][0]
    assert e["detail"]["granted"] == 1 and e["detail"]["short"] == 1, e
    assert c.put("/api/v1/unify/licenses", {"unify_phone": 4}).status == 200
    a = c.post("/api/v1/unify/licenses/apply").json
    assert [g["name"] for g in a["granted"]] == ["Eva Fern"] and a["short"] == [], a
    assert licenses_of(c, STATE["eva"]) == {"mobility_user": True, "unify_phone": True, "desk_phone": False,
                                            "voicemail": False}
    a = c.post("/api/v1/unify/licenses/apply").json
    assert a["granted"] == [] and a["complete"] == 4, a
    assert c.get("/api/v1/unify/licenses").json["users_without"] == 0


def test_removing_a_user_releases_its_licenses(srv):
    c = STATE["c"]
    team = c.get("/api/v1/unify/teams").json["items"][0]["id"]
    assert c.delete(f"/api/v1/unify/users/{STATE['dora']}").status == 409     # in a Team
    assert licenses_of(c, STATE["dora"])["desk_phone"] is True
    assert c.delete(f"/api/v1/unify/teams/{team}").status == 204
    assert licenses_of(c, STATE["dora"])["desk_phone"] is False     # no desk phone, no desk phone license
    assert c.delete(f"/api/v1/unify/users/{STATE['dora']}").status == 204
    assert used(c) == {"mobility_user": 3, "unify_phone": 3, "desk_phone": 0, "voicemail": 0}
    e = c.get("/api/v1/audit?action=unify.user.delete").json["items"][0]
    assert sorted(e["detail"]["licenses"]) == ["mobility_user", "unify_phone", "voicemail"], e   # desk phone: went with the Team
    # The freed licenses serve someone else; the desk phone's only a user in a Team.
    assert activate(c, STATE["ben"], voicemail=True).status == 200
    r = activate(c, STATE["ben"], desk_phone=True)
    assert refused_pool(r, "desk_phone")[0] == "IP User (Desk Phone)" and "Team" in refused_pool(r, "desk_phone")[1]


def test_viewers_read_the_licenses_and_cannot_change_them(srv):
    c = STATE["c"]
    v = add_user(c, "lview", "viewer")
    o = add_user(c, "lop", "operator")
    r = v.get("/api/v1/unify/licenses")
    assert r.status == 200 and [p["name"] for p in r.json["pools"]] == NAMES
    assert "licenses" in v.get("/api/v1/unify/users").json["items"][0]
    for who in (v, o):
        assert who.put("/api/v1/unify/licenses", {"voicemail": 5}).status == 403
        assert who.put(f"/api/v1/unify/users/{STATE['eva']}/licenses", {"voicemail": True}).status == 403
        assert who.post("/api/v1/unify/licenses/apply").status == 403
    assert pools(c)["voicemail"]["total"] == 1 and licenses_of(c, STATE["eva"])["voicemail"] is False


def test_diagnose_follows_the_licenses_and_software_support(srv):
    c = STATE["c"]
    assert diagnose(c)["user_license"]["result"] == "pass"
    assert diagnose(c)["user_license"]["detail"] == ("All 3 Unify Phone users have the IP User (Mobility User) "
                                                     "and Unify Phone licenses.")
    add(c, "124", "Finn", "Gray")
    chk = diagnose(c)["user_license"]
    assert chk["result"] == "fail", chk
    assert chk["detail"] == "1 of 4 Unify Phone users lacks a license: Finn Gray lacks IP User (Mobility User) and Unify Phone.", chk
    assert "[Apply]" in chk["remedy"]
    # Both pools are full: Apply reports who is left and which pool ran out.
    assert c.put("/api/v1/unify/licenses", {"mobility_user": 3, "unify_phone": 3}).status == 200
    a = c.post("/api/v1/unify/licenses/apply").json
    assert a["short"][0]["name"] == "Finn Gray" and a["short"][0]["license"] == "IP User (Mobility User)", a
    assert c.put("/api/v1/unify/licenses", {"mobility_user": 4, "unify_phone": 4}).status == 200
    assert [g["name"] for g in c.post("/api/v1/unify/licenses/apply").json["granted"]] == ["Finn Gray"]
    assert diagnose(c)["user_license"]["result"] == "pass"
    # Software Support ends: the licenses stay, the answers say what it means.
    assert c.put("/api/v1/unify/system", dict(SYSTEM, software_support_until="2020-01-31")).status == 200
    lic = c.get("/api/v1/unify/licenses").json
    assert lic["software_support_valid"] is False and lic["notice"] == NOTICE
    assert {p["key"]: p["used"] for p in lic["pools"]}["unify_phone"] == 4
    r = activate(c, STATE["eva"], voicemail=False)
    assert r.status == 200 and r.json["notice"] == NOTICE, r
    chk = diagnose(c)["user_license"]
    assert chk["result"] == "fail" and "Software Support ended on 2020-01-31" in chk["detail"], chk
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert diagnose(c)["user_license"]["result"] == "pass"
