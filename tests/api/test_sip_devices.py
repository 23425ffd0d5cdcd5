"""Third-party SIP devices (seed 000): a device under the generic hardware
model bound to a user and a phone number, the program's requirements as a
checklist with failing devices flagged, one SIP credential each (generated,
sealed at rest, revealed only after the admin's own password, regenerated
with the old one gone at once), regions with their border proxy FQDN, data
handlers, settings, the list sorted, filtered and exported, a device list
imported all or nothing, and administrators only."""
import csv
import io

from harness import add_user, database_files_holding, setup_admin, PASSWORD

ALL_MET = {"supported": True, "tls": True, "border_proxy_fqdn": True, "naptr": True,
           "sip_name_dash": True, "alphanumeric_password": True}
STATE = {}


def device(ext, user, **kw):
    d = {"user_name": user, "extension": ext, "manufacturer": "Acme", "model": "TTY 2",
         "purpose": "Accessibility device", "region": "EU", "requirements": ALL_MET}
    d.update(kw)
    return d


def test_a_region_with_its_border_proxy_fqdn_comes_first(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.post("/api/v1/sip-devices", device("2101", "Ann Berg"))
    assert r.status == 422 and r.error_field() == "region", r
    assert "no region 'EU'" in r.json["error"]["details"][0]["message"], r
    r = c.post("/api/v1/sip-devices/regions", {"name": "EU", "border_proxy": "192.0.2.10"})
    assert r.status == 422 and r.error_field() == "border_proxy", r
    r = c.post("/api/v1/sip-devices/regions", {"name": "EU", "border_proxy": "sip-eu.provider.example"})
    assert r.status == 201, r
    STATE["eu"] = r.json["id"]
    r = c.post("/api/v1/sip-devices/regions", {"name": "eu", "border_proxy": "x.provider.example"})
    assert r.status == 409, r


def test_a_device_gets_one_credential_of_the_programs_shape(srv):
    c = STATE["c"]
    r = c.put("/api/v1/sip-devices/settings", {"sip_name_prefix": "acme-"})
    assert r.status == 200 and r.json["sip_name_prefix"] == "acme-", r
    r = c.post("/api/v1/sip-devices", device("2101", "Ann Berg", did="+49 89 722-1234",
                                             user_email="ann.berg@example.com"))
    assert r.status == 201, r
    d = r.json
    STATE["ann"] = d["id"]
    assert d["hardware_model"] == "Generic SIP Device", d
    assert d["did"] == "+49897221234", d
    assert d["border_proxy"] == "sip-eu.provider.example" and d["region"] == "EU", d
    assert d["flagged"] is False and d["unmet"] == [], d
    name = d["sip_name"]
    assert name.startswith("acme-") and len(name) == 19, name
    assert all(ch.isalnum() or ch == "-" for ch in name), name
    assert "sip_password" not in d and "password" not in str(d).lower().replace("alphanumeric_password", ""), d
    r = c.get(f"/api/v1/sip-devices/{d['id']}")
    assert r.status == 200 and "sip_password" not in r.json, r


def test_numbers_are_one_devices_each(srv):
    c = STATE["c"]
    r = c.post("/api/v1/sip-devices", device("2101", "Bo Lind"))
    assert r.status == 422 and r.error_field() == "extension", r
    assert "Ann Berg" in r.json["error"]["details"][0]["message"], r
    r = c.post("/api/v1/sip-devices", device("2102", "Bo Lind", did="+4989 7221234"))
    assert r.status == 422 and r.error_field() == "did", r
    r = c.post("/api/v1/sip-devices", device("21x", "Bo Lind", did="0897221234"))
    fields = {x["field"] for x in r.json["error"]["details"]}
    assert r.status == 422 and fields == {"extension", "did"}, r


def test_a_device_failing_a_requirement_is_flagged_with_the_seeds_words(srv):
    c = STATE["c"]
    req = dict(ALL_MET, naptr=False, tls=False)
    r = c.post("/api/v1/sip-devices", device("2102", "Bo Lind", requirements=req, manufacturer="OldCo"))
    assert r.status == 201, r
    assert r.json["flagged"] is True and r.json["unmet"] == ["tls", "naptr"], r
    STATE["bo"] = r.json["id"]
    p = c.get("/api/v1/sip-devices/program").json
    assert "are firm" in p["requirements_firm"], p
    assert [x["key"] for x in p["requirements"]] == list(ALL_MET), p
    assert "Voicemail (Star Code version ONLY)" in p["supported"], p
    assert "Call Transfer will be best effort ONLY" in p["supported"], p
    assert any("directory/contact access" in x for x in p["not_supported"]), p
    # Unconfirmed answers are not met.
    r = c.post("/api/v1/sip-devices", device("2103", "Cy Moe", requirements={}))
    assert r.status == 201 and len(r.json["unmet"]) == 6, r
    STATE["cy"] = r.json["id"]


def test_the_list_sorts_filters_and_exports_without_credentials(srv):
    c = STATE["c"]
    r = c.get("/api/v1/sip-devices?sort=flagged&order=desc")
    assert r.status == 200 and r.json["total"] == 3, r
    assert r.json["items"][-1]["flagged"] is False, r
    r = c.get("/api/v1/sip-devices?q=oldco")
    assert [x["user_name"] for x in r.json["items"]] == ["Bo Lind"], r
    r = c.get("/api/v1/sip-devices?sort=user_name&order=desc")
    assert [x["user_name"] for x in r.json["items"]] == ["Cy Moe", "Bo Lind", "Ann Berg"], r
    r = c.get("/api/v1/sip-devices?sort=extension", headers={"Accept": "text/csv"})
    assert r.status == 200, r
    rows = list(csv.DictReader(io.StringIO(r.raw.decode("utf-8-sig"))))
    assert [x["User"] for x in rows] == ["Ann Berg", "Bo Lind", "Cy Moe"], rows
    assert rows[1]["Requirements not met"] == "TLS 1.2 or later; Supports NAPTR", rows
    assert rows[0]["Hardware model"] == "Generic SIP Device", rows
    assert not any("SIP Name" in k or "Password" in k for k in rows[0]), rows[0].keys()


def test_the_credential_is_revealed_only_after_the_admins_own_password(srv):
    c = STATE["c"]
    url = f"/api/v1/sip-devices/{STATE['ann']}/credential/reveal"
    r = c.post(url, {"password": "not it"})
    assert r.status == 422 and r.error_field() == "password", r
    r = c.post(url, {"password": PASSWORD})
    assert r.status == 200, r
    pw = r.json["sip_password"]
    assert len(pw) >= 20 and pw.isalnum(), pw
    assert r.json["border_proxy"] == "sip-eu.provider.example", r
    STATE["ann_pw"] = pw
    assert database_files_holding(srv, pw) == [], "password sealed at rest"
    assert pw not in srv.logs()
    audit = c.get("/api/v1/audit?q=sip_device.credential_reveal").json["items"]
    assert [a["outcome"] for a in audit][:2] == ["success", "failure"], audit


def test_regenerating_replaces_the_credential_at_once(srv):
    c = STATE["c"]
    before = c.get(f"/api/v1/sip-devices/{STATE['ann']}").json
    r = c.post(f"/api/v1/sip-devices/{STATE['ann']}/credential/regenerate")
    assert r.status == 200, r
    assert r.json["sip_name"] != before["sip_name"] and r.json["sip_name"].startswith("acme-"), r
    r = c.post(f"/api/v1/sip-devices/{STATE['ann']}/credential/reveal", {"password": PASSWORD})
    assert r.json["sip_password"] != STATE["ann_pw"], r
    assert database_files_holding(srv, STATE["ann_pw"]) == [], "the old password is gone"
    a = c.get("/api/v1/audit?q=sip_device.credential_regenerate").json["items"][0]
    assert a["detail"]["old_sip_name"] == before["sip_name"], a


def test_a_change_is_versioned_and_audited(srv):
    c = STATE["c"]
    r = c.get(f"/api/v1/sip-devices/{STATE['cy']}")
    tag = r.header("ETag")
    r = c.put(f"/api/v1/sip-devices/{STATE['cy']}", {"requirements": ALL_MET, "purpose": "Braille device"},
              headers={"If-Match": tag})
    assert r.status == 200 and r.json["flagged"] is False and r.json["purpose"] == "Braille device", r
    r = c.put(f"/api/v1/sip-devices/{STATE['cy']}", {"purpose": "x"}, headers={"If-Match": tag})
    assert r.status == 412, r
    a = c.get("/api/v1/audit?q=sip_device.update").json["items"][0]
    assert a["detail"]["diff"]["purpose"] == ["Accessibility device", "Braille device"], a


LIST = ("User,E-mail,Extension,DID,Manufacturer,Model,Purpose,Region,Replace by,"
        "Under manufacturer support,TLS 1.2 or later,Accepts the border proxy FQDN,Supports NAPTR,"
        "Alphanumeric SIP names with '-',Alphanumeric SIP passwords\r\n")


def test_a_device_list_imports_all_or_nothing_naming_row_and_column(srv):
    c = STATE["c"]
    bad = LIST + ("Dee Ray,,2201,,Acme,T1,,EU,,yes,yes,yes,yes,yes,yes\r\n"
                  "Eli Sato,,2202,,Acme,T1,,Mars,,yes,maybe,yes,yes,yes,yes\r\n"
                  "Fay Ode,,2201,,Acme,T1,,EU,2027-13-01,yes,yes,yes,yes,yes,yes\r\n")
    r = c.request("POST", "/api/v1/sip-devices/import", raw=bad.encode(), content_type="text/csv")
    assert r.status == 422, r
    got = {(x["row"], x["field"]) for x in r.json["error"]["details"]}
    assert got == {(3, "Region"), (3, "TLS 1.2 or later"), (4, "Extension"), (4, "Replace by")}, got
    assert c.get("/api/v1/sip-devices").json["total"] == 3, "nothing imported"
    good = LIST + ("Dee Ray,dee@example.com,2201,+4930123456,Acme,T1,Hearing impaired,EU,2027-06-30,"
                   "yes,yes,yes,yes,yes,yes\r\n"
                   "Bo Lind,,2102,,OldCo,T0,,EU,,yes,yes,yes,yes,yes,yes\r\n")
    r = c.request("POST", "/api/v1/sip-devices/import", raw=good.encode(), content_type="text/csv")
    assert r.status == 200 and r.json == {"created": 1, "updated": 1, "total": 2}, r
    bo = c.get(f"/api/v1/sip-devices/{STATE['bo']}").json
    assert bo["flagged"] is False and bo["model"] == "T0", bo
    dee = c.get("/api/v1/sip-devices?q=Dee").json["items"][0]
    assert dee["sip_name"].startswith("acme-") and dee["replace_by"] == "2027-06-30", dee


def test_regions_in_use_stay_and_handlers_need_a_phone(srv):
    c = STATE["c"]
    r = c.delete(f"/api/v1/sip-devices/regions/{STATE['eu']}")
    assert r.status == 409, r
    r = c.post("/api/v1/sip-devices/data-handlers", {"name": "Dana Cole", "email": "dana@example.com"})
    assert r.status == 422 and r.error_field() == "phone", r
    r = c.post("/api/v1/sip-devices/data-handlers", {"name": "Dana Cole", "organisation": "Customer Ltd",
                                                     "phone": "+44 20 7946 0000", "email": "dana@example.com"})
    assert r.status == 201, r


def test_administrators_only(srv):
    c = STATE["c"]
    for role in ("operator", "viewer"):
        u = add_user(c, f"sip-{role}", role)
        for path in ("/api/v1/sip-devices", f"/api/v1/sip-devices/{STATE['ann']}", "/api/v1/sip-devices/exports",
                     "/api/v1/sip-devices/regions", "/api/v1/sip-devices/settings"):
            r = u.get(path)
            assert r.status == 403, (role, path, r)
        r = u.post(f"/api/v1/sip-devices/{STATE['ann']}/credential/reveal", {"password": PASSWORD})
        assert r.status == 403, r


def test_deleting_a_device_takes_its_credential(srv):
    c = STATE["c"]
    r = c.post(f"/api/v1/sip-devices/{STATE['cy']}/credential/reveal", {"password": PASSWORD})
    pw = r.json["sip_password"]
    r = c.delete(f"/api/v1/sip-devices/{STATE['cy']}")
    assert r.status == 204, r
    assert c.get(f"/api/v1/sip-devices/{STATE['cy']}").status == 404
    assert database_files_holding(srv, pw) == []
