"""Managed IP phones: the General tab rules, options, station appearances
with sealed credentials, licenses, the container view and its exports."""
import io
import os
import sqlite3
import urllib.parse
import zipfile

from harness import PASSWORD, add_user, setup_admin

STATE = {}


def station(ext, **kw):
    s = {"extension": ext, "identification_address": f"sip:{ext}@pbx.example.com:5060"}
    s.update(kw)
    return s


def phone(name, man, model, address=None, stations=(), **kw):
    p = {"name": name, "manufacturer": man, "model": model, "stations": list(stations)}
    if address is not None:
        p["address"] = address
    p.update(kw)
    return p


def test_the_seed_estate_of_five_phones(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    estate = [
        phone("PolycomLobby2", "Polycom", "IP330", stations=[station("7102", label="Lobby")]),
        phone("PolycomAgent2", "Polycom", "IP601", "00:04:F2:04:F6:A9", [station("7103")]),
        phone("AgentSSP-PC2", "ININ", "Soft Phone", stations=[station("7104")]),
        phone("AgentISS2", "ININ", "Interaction SIP Station", "00:26:FD:FD:00:20", [station("7105")]),
        phone("Agent420HD", "AudioCodes", "420HD", "00:90:8F:12:34:56", [station("7106")]),
    ]
    for p in estate:
        r = c.post("/api/v1/phones", p)
        assert r.status == 201, (p["name"], r)
        STATE[p["name"]] = r.json
    rows = c.get("/api/v1/phones?sort=name").json
    assert rows["total"] == 5
    by = {x["name"]: x for x in rows["items"]}
    assert by["PolycomAgent2"]["address"] == "00:04:f2:04:f6:a9" and by["PolycomAgent2"]["phone"] == "Polycom IP601"
    assert by["AgentISS2"]["phone"] == "ININ Interaction SIP Station"
    assert by["PolycomLobby2"]["status"] == "Not provisioned" and by["AgentSSP-PC2"]["status"] == "Not provisioned", "no address"
    assert by["PolycomAgent2"]["status"] == "Not registered" and by["Agent420HD"]["status"] == "Not registered", "an address, not yet registered"
    assert by["PolycomLobby2"]["location"] == "<Default Location>" and by["PolycomLobby2"]["active"] is True


def test_station_credentials_are_generated_sealed_and_shown_once(srv):
    c = STATE["c"]
    created = STATE["PolycomAgent2"]
    gen = created["generated_passwords"]
    assert len(gen) == 1 and len(gen[0]["sip_password"]) == 24, gen
    pid = created["id"]
    again = c.get(f"/api/v1/phones/{pid}").json
    assert "sip_password" not in str(again) and gen[0]["sip_password"] not in str(again)
    st = again["stations"][0]
    assert st["sip_username"] == "7103" and st["label"] == "PolycomAgent2", "Polycom label defaults to the phone name"
    assert st["licenses"] == ["Basic Station"] and st["station_type"] == "Managed Workstation"
    db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
    sealed = db.execute("SELECT sip_password FROM stations WHERE id = ?", (st["id"],)).fetchone()[0]
    db.close()
    assert sealed.startswith("sb1:") and gen[0]["sip_password"] not in sealed
    url = f"/api/v1/phones/{pid}/stations/{st['id']}/reveal"
    r = c.post(url)
    assert r.status == 422 and r.error_field() == "password", "the admin's own password first"
    r = c.post(url, {"password": "not mine at all"})
    assert r.status == 422 and r.error_field() == "password" and "sip_password" not in r.json, r
    r = c.post(url, {"password": PASSWORD})
    assert r.status == 200 and r.json["sip_password"] == gen[0]["sip_password"], r
    audit = c.get("/api/v1/audit?action=station.password_reveal").json
    assert [a["outcome"] for a in audit["items"]] == ["success", "failure"], audit
    assert gen[0]["sip_password"] not in str(audit)
    op = add_user(c, "opal", "operator")
    assert op.post(url, {"password": PASSWORD}).status == 403


def test_updates_keep_the_station_password(srv):
    c = STATE["c"]
    pid = STATE["PolycomAgent2"]["id"]
    cur = c.get(f"/api/v1/phones/{pid}").json
    body = phone("PolycomAgent2", "Polycom", "IP601", cur["address"],
                 [dict(station("7103"), id=cur["stations"][0]["id"])], options={"ring_volume": 7})
    r = c.put(f"/api/v1/phones/{pid}", body)
    assert r.status == 200 and r.json["generated_passwords"] == [] and r.json["options"]["ring_volume"] == 7, r
    r = c.post(f"/api/v1/phones/{pid}/stations/{r.json['stations'][0]['id']}/reveal", {"password": PASSWORD})
    assert r.json["sip_password"] == STATE["PolycomAgent2"]["generated_passwords"][0]["sip_password"]


def test_mac_addresses_in_every_written_form(srv):
    c = STATE["c"]
    for i, mac in enumerate(["0004F2AABB01", "00-04-F2-AA-BB-02", "0004.f2aa.bb03", "00.04.f2.aa.bb.04"]):
        r = c.post("/api/v1/phones", phone(f"MacForm{i}", "Polycom", "VVX 410", mac))
        assert r.status == 201 and r.json["address"] == f"00:04:f2:aa:bb:0{i + 1}", (mac, r)
    r = c.post("/api/v1/phones", phone("BadMac", "Polycom", "VVX410", "00:04:f2:aa:bb"))
    assert r.status == 422 and r.error_field() == "address", r
    r = c.post("/api/v1/phones", phone("Dup", "Polycom", "vvx_410", "0004F2AABB01"))
    assert r.status == 422 and r.error_field() == "address", r


def test_mac_prefix_mismatch_is_a_warning_not_an_error(srv):
    r = STATE["c"].post("/api/v1/phones", phone("OddMac", "Polycom", "VVX 410", "00:11:22:33:44:55"))
    assert r.status == 201 and r.json["warnings"][0]["field"] == "address", r
    assert "00:04:f2" in r.json["warnings"][0]["message"]


def test_each_general_tab_rule_names_its_field(srv):
    c = STATE["c"]
    cases = [
        (phone("PolycomLobby2", "Polycom", "IP330"), 422, "name"),
        (phone("X1", "Polycom", "VVX 9999"), 422, "model"),
        (phone("X2", "ININ", "Interaction SIP Station", type="stand-alone"), 422, "type"),
        (phone("X3", "Polycom", "IP601", audio_protocol="SRTP"), 422, "audio_protocol"),
        (phone("X4", "Polycom", "VVX 410", firmware_version="9.9.9"), 422, "firmware_version"),
        (phone("X5", "ININ", "Soft Phone", firmware_version="2.0.4.15.7"), 422, "firmware_version"),
        (phone("X6", "Polycom", "VVX 410", registration_group="nope"), 422, "registration_group"),
        (phone("X7", "Polycom", "VVX 410", location="Atlantis"), 422, "location"),
        (phone("X8", "Polycom", "VVX 410", time_zone="Mars/Base"), 422, "time_zone"),
        (phone("X9", "Polycom", "IP301", language="German, Germany"), 422, "language"),
        (phone("X10", "Polycom", "VVX 410", options={"ring_volume": 12}), 422, "options.ring_volume"),
        (phone("X11", "Polycom", "VVX 410", options={"button1_speed_dial": "911"}), 422, "options.button1_speed_dial"),
        (phone("X12", "ININ", "Soft Phone", "not a host!"), 422, "address"),
        (phone("X13", "Polycom", "VVX 410", custom_attributes={"config_files": "../etc/passwd"}), 422, "custom_attributes.config_files"),
        (phone("X14", "Polycom", "VVX 410", stations=[station("7103")]), 422, "stations[0].extension"),
        (phone("X15", "Polycom", "VVX 410", stations=[station("7201"), station("7201")]), 422, "stations[1].extension"),
        (phone("X16", "Polycom", "VVX 410", stations=[{"extension": "7202", "identification_address": "7202"}]), 422, "stations[0].identification_address"),
        (phone("X17", "AudioCodes", "420HD", stations=[station("7203"), station("7204")]), 422, "stations"),
        (phone("X18", "ININ", "Soft Phone", stations=[station("7205", sharable=True)]), 422, "stations[0].sharable"),
        (phone("X19", "Polycom", "VVX 410", stations=[station("7206", sip_password="short")]), 422, "stations[0].sip_password"),
    ]
    before = c.get("/api/v1/phones").json["total"]
    for body, status, field in cases:
        r = c.post("/api/v1/phones", body)
        assert r.status == status and r.error_field() == field, (body["name"], field, r)
    assert c.get("/api/v1/phones").json["total"] == before, "nothing saved on a refusal"


def test_a_save_with_three_bad_fields_gets_the_three_refusals(srv):
    c = STATE["c"]
    body = phone("PolycomLobby2", "Polycom", "VVX 410", time_zone="Mars/Base",
                 stations=[station("7103"), station("12x")])
    before = c.get("/api/v1/phones").json["total"]
    r = c.post("/api/v1/phones", body)
    assert r.status == 422, r
    details = r.json["error"]["details"]
    assert [d["field"] for d in details] == ["name", "time_zone", "stations[0].extension",
                                            "stations[1].extension"], details
    assert [d["code"] for d in details] == ["duplicate", "invalid_field", "duplicate", "invalid_field"], details
    assert r.json["error"]["message"] == details[0]["message"], "the first refusal sums it up"
    assert c.get("/api/v1/phones").json["total"] == before, "nothing saved on a refusal"
    # The same for a user: name, role and password refused at once.
    r = c.post("/api/v1/users", {"username": "a b", "role": "god", "password": "x"})
    assert r.status == 422 and [d["field"] for d in r.json["error"]["details"]] == [
        "username", "role", "password"], r


def test_registration_group_rules_for_phones(srv):
    c = STATE["c"]
    srv_reg = {"type": "dns_srv", "domain": "voice.example.com", "transport": "UDP"}
    manual = {"type": "manual", "address": "10.0.0.7", "port": 5060, "transport": "UDP"}
    assert c.post("/api/v1/registration-groups", {"name": "Ext", "kind": "external", "registrations": [srv_reg]}).status == 201
    assert c.post("/api/v1/registration-groups", {"name": "Two", "kind": "regular", "registrations": [srv_reg, manual]}).status == 201
    r = c.post("/api/v1/phones", phone("E1", "Polycom", "VVX 410", registration_group="Ext"))
    assert r.status == 422 and "not available for selection as the main" in r.json["error"]["message"], r
    r = c.post("/api/v1/phones", phone("E2", "AudioCodes", "420HD", registration_group="Two"))
    assert r.status == 422 and r.error_field() == "registration_group", r
    r = c.post("/api/v1/phones", phone("E3", "ININ", "Interaction SIP Station", registration_group="Two", firmware_version="2.0.4.15.7"))
    assert r.status == 422, r
    r = c.post("/api/v1/phones", phone("E4", "ININ", "Interaction SIP Station", registration_group="Two", firmware_version="2.2.2.77"))
    assert r.status == 201, "2.2.2.77 or higher removes the constraint"
    r = c.post("/api/v1/phones", phone("E5", "Polycom", "VVX 410", registration_group="Two"))
    assert r.status == 201


def test_license_pools_refuse_allocating_past_their_total(srv):
    c = STATE["c"]
    assert c.put("/api/v1/station-licenses/Client%20Access", {"total": 1}).status == 200
    r = c.post("/api/v1/phones", phone("L1", "Polycom", "VVX 410", stations=[
        station("7301", licenses=["Basic Station", "Client Access"]),
        station("7302", licenses=["Basic Station", "Client Access"])]))
    assert r.status == 422 and r.json["error"]["message"] == "Some or all licenses could not be allocated to each station appearance", r
    assert r.json["error"]["details"][0]["license"] == "Client Access"
    r = c.post("/api/v1/phones", phone("L1", "Polycom", "VVX 410", stations=[
        station("7301", licenses=["Basic Station", "Client Access"]), station("7302")]))
    assert r.status == 201, r
    pools = {p["name"]: p for p in c.get("/api/v1/station-licenses").json["items"]}
    assert pools["Client Access"]["used"] == 1 and pools["Basic Station"]["total"] is None
    r = c.put("/api/v1/station-licenses/Client%20Access", {"total": 0})
    assert r.status == 422 and r.error_field() == "total", r
    assert c.post("/api/v1/station-licenses", {"name": "Interaction Recorder Access", "total": 5}).status == 201


def test_a_change_to_a_phone_that_fetched_its_files_marks_reboot_pending(srv):
    c = STATE["c"]
    pid = STATE["Agent420HD"]["id"]
    db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
    db.execute("UPDATE phones SET last_contact = 1, status = 'Up-to-date' WHERE id = ?", (pid,))
    db.commit()
    db.close()
    cur = c.get(f"/api/v1/phones/{pid}").json
    assert cur["status"] == "Up-to-date"
    body = phone("Agent420HD", "AudioCodes", "420HD", cur["address"], [dict(station("7106"), id=cur["stations"][0]["id"])],
                 options={"ring_volume": 3})
    r = c.put(f"/api/v1/phones/{pid}", body)
    assert r.status == 200 and r.json["status"] == "Reboot pending", r


def test_container_view_sorts_filters_and_pages(srv):
    c = STATE["c"]
    r = c.get("/api/v1/phones?q=Agent&sort=name&order=desc&limit=2")
    assert r.json["total"] == 4 and [x["name"] for x in r.json["items"]] == ["PolycomAgent2", "AgentSSP-PC2"], r
    assert c.get("/api/v1/phones?sort=color").error_field() == "sort"
    r = c.get("/api/v1/stations?q=710")
    assert r.status == 200 and r.json["total"] == 5


def test_export_as_csv_and_xlsx(srv):
    c = STATE["c"]
    r = c.get("/api/v1/phones?sort=name", headers={"Accept": "text/csv"})
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv")
    text = r.raw.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0] == "IP Phone Name,Status,Address,Phone,Software Version,Active,Location,Time Zone"
    assert any(l.startswith("PolycomAgent2,Not registered,00:04:f2:04:f6:a9,Polycom IP601,,Yes,<Default Location>,") for l in lines), lines
    r = c.get("/api/v1/phones", headers={"Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    assert r.status == 200 and r.raw[:2] == b"PK"
    z = zipfile.ZipFile(io.BytesIO(r.raw))
    strings = z.read("xl/sharedStrings.xml").decode()
    assert "PolycomLobby2" in strings and "IP Phone Name" in strings
    assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode(), "no formula cells"
    assert not [f for f in os.listdir(srv.data) if f.startswith(".export-")], "temporary files removed"


def test_a_formula_in_a_name_is_not_a_formula_in_the_export(srv):
    c = STATE["c"]
    assert c.post("/api/v1/phones", phone("=HYPERLINK(1)", "Polycom", "VVX 410")).status == 201
    text = c.get("/api/v1/phones", headers={"Accept": "text/csv"}).raw.decode("utf-8-sig")
    assert "\"'=HYPERLINK(1)\"" in text


def test_delete_a_phone_and_its_stations(srv):
    c = STATE["c"]
    pid = STATE["PolycomLobby2"]["id"]
    assert c.delete(f"/api/v1/phones/{pid}").status == 204
    assert c.get(f"/api/v1/phones/{pid}").status == 404
    assert c.get("/api/v1/stations?q=7102").json["total"] == 0


def test_option_forms_per_family(srv):
    r = STATE["c"].get("/api/v1/catalog/options?family=iss1").json
    keys = [o["key"] for o in r["options"]]
    assert "button1_speed_dial" in keys and "rtp_dscp" in [o["key"] for o in r["advanced_options"]]
    assert STATE["c"].get("/api/v1/catalog/options?family=fax").status == 400


def test_templates_carry_every_setting_to_new_phones(srv):
    c = STATE["c"]
    r = c.post("/api/v1/templates", {"name": "Agents VVX", "type": "workstation", "manufacturer": "Polycom",
                                     "model": "VVX 410", "registration_group": "Two", "audio_protocol": "SRTP",
                                     "language": "German, Germany", "options": {"ring_volume": 8},
                                     "custom_attributes": {"config_files": "[MACADDRESS]-config.cfg"},
                                     "station_defaults": {"line_keys": 2, "calls_per_line_key": 4,
                                                          "licenses": ["Basic Station", "ACD Access"],
                                                          "access_control": ["Emergency", "Local"]}})
    assert r.status == 201 and r.json["model"] == "VVX 410" and r.json["line_keys"] == 2, r
    STATE["tpl"] = r.json["id"]
    r = c.post("/api/v1/templates", {"name": "Bad", "manufacturer": "ININ", "model": "Interaction SIP Station", "type": "stand-alone"})
    assert r.status == 422 and r.error_field() == "type", r
    r = c.post("/api/v1/templates", {"name": "Bad", "manufacturer": "Polycom", "model": "VVX 410", "station_defaults": {"line_keys": 99}})
    assert r.status == 422 and r.error_field() == "station_defaults.line_keys", r
    assert c.put("/api/v1/station-licenses/ACD%20Access", {"total": 10}).status == 200
    r = c.post("/api/v1/phones", {"name": "FromTemplate", "template": "Agents VVX", "address": "0004f2000777",
                                  "stations": [station("7401")]})
    assert r.status == 201, r
    p = r.json
    assert p["template"] == "Agents VVX" and p["audio_protocol"] == "SRTP" and p["registration_group"] == "Two"
    assert p["options"]["ring_volume"] == 8 and p["language"] == "German, Germany"
    assert p["custom_attributes"] == {"config_files": "[MACADDRESS]-config.cfg"}
    st = p["stations"][0]
    assert st["line_keys"] == 2 and st["calls_per_line_key"] == 4 and st["licenses"] == ["Basic Station", "ACD Access"]
    assert st["access_control"] == ["Emergency", "Local"]
    r = c.post("/api/v1/phones", {"name": "FromNowhere", "template": "Missing", "manufacturer": "Polycom", "model": "VVX 410"})
    assert r.status == 422 and r.error_field() == "template", r
    assert c.delete(f"/api/v1/templates/{STATE['tpl']}").status == 409, "phones use it"
    assert c.get("/api/v1/templates").json["items"][0]["phones"] == 1


def test_change_multiple_ip_phones_all_or_nothing(srv):
    c = STATE["c"]
    items = c.get("/api/v1/phones?q=MacForm&limit=10").json["items"]
    ids = [p["id"] for p in items]
    r = c.post("/api/v1/phones/bulk-update", {"phones": ids, "changes": {"firmware_version": "5.9.6.2327",
                                                                         "options": {"ring_volume": 2}}})
    assert r.status == 200 and r.json["updated"] == len(ids), r
    one = c.get(f"/api/v1/phones/{ids[0]}").json
    assert one["firmware_version"] == "5.9.6.2327" and one["options"]["ring_volume"] == 2
    assert one["options"]["sip_receive_port"] == 5060, "other options stay"
    ac = STATE["Agent420HD"]["id"]
    r = c.post("/api/v1/phones/bulk-update", {"phones": ids + [ac], "changes": {"firmware_version": "5.8.0"}})
    assert r.status == 422 and r.error_field() == f"phones[{len(ids)}].firmware_version", r
    assert "Agent420HD" in r.json["error"]["message"]
    assert c.get(f"/api/v1/phones/{ids[0]}").json["firmware_version"] == "5.9.6.2327", "nothing changed"
    r = c.post("/api/v1/phones/bulk-update", {"phones": [ids[0], ac], "changes": {"registration_group": "Two"}})
    assert r.status == 422 and r.error_field() == "phones[1].registration_group", r
    assert c.get(f"/api/v1/phones/{ids[0]}").json["registration_group"] == "<Default Registration Group>"
    assert c.post("/api/v1/phones/bulk-update", {"phones": ids, "changes": {"name": "x"}}).error_field() == "changes"
    assert c.post("/api/v1/phones/bulk-update", {"phones": [999999], "changes": {"active": False}}).status == 404
    r = c.post("/api/v1/phones/bulk-update", {"phones": ids, "changes": {"location": "Berlin-none"}})
    assert r.status == 422 and r.error_field() == "phones[0].location"


def test_a_phone_named_twice_in_a_bulk_update_is_updated_once(srv):
    c = STATE["c"]
    pid = c.get("/api/v1/phones?q=MacForm&limit=1").json["items"][0]["id"]
    r = c.post("/api/v1/phones/bulk-update", {"phones": [pid, pid, pid], "changes": {"active": False}})
    assert r.status == 200 and r.json["updated"] == 1, r
    audit = c.get("/api/v1/audit?action=phone.bulk_update&limit=1").json["items"][0]
    assert len(audit["detail"]["phones"]) == 1, audit
    assert c.get(f"/api/v1/phones/{pid}").json["active"] is False
    r = c.post("/api/v1/phones/bulk-update", {"phones": [pid, "x"], "changes": {"active": True}})
    assert r.status == 422 and r.error_field() == "phones[1]", r
    assert c.get(f"/api/v1/phones/{pid}").json["active"] is False, "nothing changed"
    assert c.post("/api/v1/phones/bulk-update", {"phones": [pid], "changes": {"active": True}}).status == 200


def test_shared_appearances_and_external_registrations_on_polycom(srv):
    c = STATE["c"]
    mgr = c.post("/api/v1/phones", phone("Manager", "Polycom", "VVX 410", stations=[station("7501", sharable=True)])).json
    sid = mgr["stations"][0]["id"]
    ext_group = {"name": "OtherPBX", "kind": "external",
                 "registrations": [{"type": "manual", "address": "pbx2.example.com", "port": 5060, "transport": "UDP"}]}
    assert c.post("/api/v1/registration-groups", ext_group).status == 201
    body = phone("Assistant", "Polycom", "VVX 410", stations=[station("7502")],
                 shared_appearances=[{"station_id": sid, "label": "Boss"}],
                 external_registrations=[{"label": "external_reg", "identification_address": "external_reg",
                                          "registration_group": "OtherPBX", "use_external_authentication": True,
                                          "auth_username": "asst", "auth_password": "ext-secret-123"}])
    r = c.post("/api/v1/phones", body)
    assert r.status == 201, r
    a = r.json
    assert a["shared_appearances"][0]["extension"] == "7501" and a["shared_appearances"][0]["phone"] == "Manager"
    ext = a["external_registrations"][0]
    assert ext["registration_group"] == "OtherPBX" and ext["use_external_authentication"] is True
    assert "ext-secret-123" not in r.raw.decode()
    db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
    sealed = db.execute("SELECT auth_password FROM external_registrations").fetchone()[0]
    db.close()
    assert sealed.startswith("sb1:")
    # An edit of the manager keeps the station id the assistant points at.
    mgr_body = phone("Manager", "Polycom", "VVX 410", stations=[dict(station("7501", sharable=True), id=sid)])
    assert c.put(f"/api/v1/phones/{mgr['id']}", mgr_body).status == 200
    assert c.get(f"/api/v1/phones/{a['id']}").json["shared_appearances"][0]["station_id"] == sid
    mgr_body["stations"][0]["sharable"] = False
    r = c.put(f"/api/v1/phones/{mgr['id']}", mgr_body)
    assert r.status == 422 and r.error_field() == "stations[0].sharable", r
    # The rules.
    cases = [
        (dict(body, name="A2", stations=[], shared_appearances=[{"station_id": a["stations"][0]["id"]}], external_registrations=[]),
         "shared_appearances[0]", "not"),
        (dict(body, name="A3", stations=[], external_registrations=[dict(body["external_registrations"][0], registration_group="Two")],
              shared_appearances=[]), "external_registrations[0].registration_group", "External group"),
        (phone("A4", "AudioCodes", "420HD", shared_appearances=[{"station_id": sid}]), "shared_appearances", "Polycom"),
        (dict(body, name="A5", stations=[], shared_appearances=[],
              external_registrations=[dict(body["external_registrations"][0], auth_password="")]),
         "external_registrations[0].auth_password", "password"),
    ]
    for b, field, words in cases:
        r = c.post("/api/v1/phones", b)
        assert r.status == 422 and r.error_field() == field and words in r.json["error"]["message"], (field, r)
    # Bulk changes keep them.
    assert c.post("/api/v1/phones/bulk-update", {"phones": [a["id"]], "changes": {"active": False}}).status == 200
    again = c.get(f"/api/v1/phones/{a['id']}").json
    assert len(again["shared_appearances"]) == 1 and len(again["external_registrations"]) == 1
    assert again["external_registrations"][0]["use_external_authentication"] is True


def test_the_filter_finds_a_phone_by_any_written_form_of_its_mac_and_by_its_stations(srv):
    c = STATE["c"]
    r = c.post("/api/v1/phones", phone("MacForms", "Polycom", "VVX 410", "00:04:f2:30:00:01",
                                       [station("7391", label="Front desk")]))
    assert r.status == 201, r
    for q in ("0004F2300001", "00-04-f2-30-00-01", "0004.f230.0001", "00 04 F2 30 00 01", "f2:30:00", "7391",
              "Front desk", "sip:7391@pbx"):
        names = [p["name"] for p in c.get(f"/api/v1/phones?q={urllib.parse.quote(q)}").json["items"]]
        assert names == ["MacForms"], (q, names)
    assert c.get("/api/v1/phones?q=0004F2309999").json["total"] == 0


def test_the_stations_view_lists_every_appearance_with_its_phone(srv):
    c = STATE["c"]
    r = c.get("/api/v1/stations?q=0004f2300001")
    assert r.status == 200 and [(s["extension"], s["phone"], s["model"], s["address"]) for s in r.json["items"]] == \
        [("7391", "MacForms", "Polycom VVX 410", "00:04:f2:30:00:01")], r
    all_ = c.get("/api/v1/stations?limit=1000&sort=phone&order=desc").json["items"]
    assert [s["phone"] for s in all_] == sorted((s["phone"] for s in all_), reverse=True)
    assert c.get("/api/v1/stations?sort=color").status == 400
    r = c.get("/api/v1/stations?q=Front%20desk", headers={"Accept": "text/csv"})
    assert r.status == 200 and r.raw.decode("utf-8-sig").splitlines()[0].startswith("Extension,Label,Identification Address"), r
    assert "7391,Front desk" in r.raw.decode()
