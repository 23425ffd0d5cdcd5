"""Text that ends up in a phone file: control characters (U+0000-U+001F but
tab, and U+007F) are refused in every field, by the API, the Assistant's
CSV and XLSX lists and the Polycom migration, naming the field (and row);
text that is not UTF-8 is refused with the row and column (CSV lists) or
as a body that is not JSON, and nothing of it is stored."""
import io
import urllib.parse
import xml.dom.minidom

import test_assistant_xlsx as xlsx
import test_migration as mig
from harness import setup_admin

STATE = {}
UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.0.0001"
CONTROLS = ("\x01", "\x1b", "\x7f")


def phone(name, **kw):
    p = {"name": name, "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation"}
    p.update(kw)
    return p


def upload_csv(c, data):
    return c.request("POST", "/api/v1/assistant/imports?filename=list.csv", raw=data, content_type="text/csv")


def phone_files_parse(c, mac):
    """Every XML file the phone with this MAC fetches parses."""
    r = c.get(f"/api/v1/simulator?address={mac}&user_agent={urllib.parse.quote(UA)}")
    assert r.status == 200, r
    for f in r.json["files"]:
        if f["status"] == 200 and f["path"].endswith(".cfg"):
            xml.dom.minidom.parseString(f["content"].encode())
    return r.json


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.post("/api/v1/phones", phone("Boss", stations=[{"extension": "7000", "sharable": True}]))
    assert r.status == 201, r
    STATE["shared"] = r.json["stations"][0]["id"]
    assert c.post("/api/v1/registration-groups", {"name": "OtherPBX", "kind": "external", "registrations": [
        {"type": "manual", "address": "pbx2.example.com", "port": 5060, "transport": "UDP"}]}).status == 201


def external(**kw):
    e = {"label": "ext", "identification_address": "ext100", "registration_group": "OtherPBX",
         "display_name": "Ext", "use_external_authentication": True, "auth_username": "asst",
         "auth_password": "ext-secret-123"}
    e.update(kw)
    return [e]


def test_control_characters_in_a_phone_are_refused_naming_the_field(srv):
    c = STATE["c"]
    before = c.get("/api/v1/phones").json["total"]
    for ch in CONTROLS:
        cases = [
            ("name", phone(f"Desk{ch}1")),
            ("stations[0].label", phone("D1", stations=[{"extension": "7101", "label": f"Lobby{ch}"}])),
            ("stations[0].sip_password", phone("D2", stations=[{"extension": "7102",
                                                                "sip_password": f"abcdefghijk{ch}lm"}])),
            ("shared_appearances[0].label", phone("D3", stations=[{"extension": "7103"}], shared_appearances=[
                {"station_id": STATE["shared"], "label": f"Boss{ch}"}])),
            ("external_registrations[0].label", phone("D4", external_registrations=external(label=f"e{ch}"))),
            ("external_registrations[0].identification_address",
             phone("D5", external_registrations=external(identification_address=f"e{ch}1"))),
            ("external_registrations[0].display_name",
             phone("D6", external_registrations=external(display_name=f"E{ch}"))),
            ("external_registrations[0].auth_username",
             phone("D7", external_registrations=external(auth_username=f"a{ch}"))),
            ("external_registrations[0].auth_password",
             phone("D8", external_registrations=external(auth_password=f"ext-secret{ch}123"))),
            ("custom_attributes.note", phone("D9", custom_attributes={"note": f"n{ch}"})),
            ("options.emergency_description", phone("D10", options={"emergency_description": f"Floor{ch}2"})),
        ]
        for field, body in cases:
            r = c.post("/api/v1/phones", body)
            assert r.status == 422 and r.error_field() == field, (repr(ch), field, r)
            assert "control character" in r.json["error"]["message"], (field, r)
    assert c.get("/api/v1/phones").json["total"] == before, "nothing saved"


def test_a_tab_is_text_and_the_phone_files_still_parse(srv):
    c = STATE["c"]
    r = c.post("/api/v1/phones", phone("Tabbed", address="0004f2000077", stations=[
        {"extension": "7200", "label": "Front\tDesk"}], custom_attributes={"note": "a\tb"},
        external_registrations=external(label="x\ty")))
    assert r.status == 201, r
    assert r.json["stations"][0]["label"] == "Front\tDesk"
    sim = phone_files_parse(c, "0004f2000077")
    assert any(a["name"] == "reg.1.label" for a in sim["attributes"]), sim["attributes"][:5]


def test_every_other_text_of_the_phone_files_refuses_control_characters(srv):
    c = STATE["c"]
    tpl = {"name": "T1", "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation"}
    reg = {"type": "manual", "address": "pbx.example.com", "port": 5060, "transport": "UDP"}
    lists = ("templates", "locations", "lines", "managed-proxies", "registration-groups")
    before = [c.get(f"/api/v1/{x}").json["total"] for x in lists]
    for ch in CONTROLS:
        for path, body, field in (
                ("/api/v1/templates", dict(tpl, name=f"T{ch}"), "name"),
                ("/api/v1/templates", dict(tpl, station_defaults={"label": f"L{ch}"}), "station_defaults.label"),
                ("/api/v1/templates", dict(tpl, options={"emergency_location": f"L{ch}"}),
                 "options.emergency_location"),
                ("/api/v1/locations", {"name": f"Berlin{ch}", "codec_preference": ["G.722"]}, "name"),
                ("/api/v1/locations", {"name": "Berlin", "sntp_server": f"ntp{ch}.example.com",
                                       "codec_preference": ["G.722"]}, "sntp_server"),
                ("/api/v1/lines", {"name": f"L{ch}", "transport": "UDP", "port": 5060}, "name"),
                ("/api/v1/lines", {"name": "L", "transport": "UDP", "port": 5060, "address": f"a{ch}.b"}, "address"),
                ("/api/v1/managed-proxies", {"name": "P", "address": f"p{ch}.example.com", "port": 5060,
                                             "location_id": 1}, "address"),
                ("/api/v1/registration-groups", {"name": f"G{ch}", "kind": "regular", "registrations": [reg]}, "name"),
                ("/api/v1/registration-groups", {"name": "G", "kind": "regular", "registrations": [
                    dict(reg, address=f"pbx{ch}.example.com")]}, "registrations[0].address")):
            r = c.post(path, body)
            assert r.status == 422 and r.error_field() == field, (path, repr(ch), field, r)
    assert [c.get(f"/api/v1/{x}").json["total"] for x in lists] == before, "nothing saved"


def test_a_csv_list_rejects_the_row_naming_row_and_column(srv):
    c = STATE["c"]
    data = ("Name,Type,Manufacturer,Model,Extension,Label\n"
            "Row2,Workstation,Polycom,VVX 410,7301,Lobby\n"
            "Row3,Workstation,Polycom,VVX 410,7302,Lob\x01by\n"
            "Row\x7f4,Workstation,Polycom,VVX 410,7303,\n"
            "Row5,Workstation,Polycom,VVX 410,7304,\"Tab\tbed\"\n").encode()
    r = upload_csv(c, data)
    assert r.status == 201, r
    rep = r.json["report"]
    rejected = {x["row"]: x["column"] for x in rep["rejected"]}
    assert rejected == {3: "Label", 4: "Name"}, rep
    assert all("control character" in x["message"] for x in rep["rejected"]), rep
    assert rep["accepted"] == 2


def test_an_xlsx_list_rejects_the_row_naming_row_and_column(srv):
    c = STATE["c"]
    rows = [["Name", "Type", "Manufacturer", "Model", "Extension", "Label"],
            ["X2", "Workstation", "Polycom", "VVX 410", "7401", "Lobby\x7f"],
            ["X3", "Workstation", "Polycom", "VVX 410", "7402", "Lobby"]]
    r = xlsx.upload(c, xlsx.make_xlsx(rows))
    assert r.status == 201, r
    rep = r.json["report"]
    assert [(x["row"], x["column"]) for x in rep["rejected"]] == [(2, "Label")], rep
    assert rep["accepted"] == 1


def test_the_polycom_migration_names_the_item_and_field(srv):
    c = STATE["c"]
    user = mig.USER1.replace('reg.1.label="Jane"', 'reg.1.label="Ja&#127;ne"')
    tree = {"tftproot/0004f2000051.cfg": mig.MASTER, "tftproot/0004f2000051-user.cfg": user,
            "tftproot/sip.cfg": mig.SIP}
    r = mig.upload(c, mig.make_zip(tree))
    assert r.status == 201, r
    mid = r.json["id"]
    r = c.post(f"/api/v1/assistant/migrations/{mid}/build", {"default_model": "VVX 410", "items": ["0004f2000051"]})
    assert r.status == 200, r
    b = r.json["items"][0]["build"]
    assert r.json["with_errors"] == 1 and b["errors"][0]["field"] == "stations[0].label", b
    assert "control character" in b["errors"][0]["message"], b


# ---- UTF-8.

BAD_UTF8 = (b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xff")


def test_a_csv_list_rejects_text_that_is_not_utf8_by_row_and_column(srv):
    c = STATE["c"]
    data = b"Name,Type,Manufacturer,Model,Extension,Label\nGood2,Workstation,Polycom,VVX 410,7501,Lobby\n"
    expect = {}
    for i, bad in enumerate(BAD_UTF8):
        row = 3 + i
        if i % 2:
            data += b"N%d,Workstation,Polycom,VVX 410,75%02d,L" % (row, row) + bad + b"x\n"
            expect[row] = "Label"
        else:
            data += b"N" + bad + b"%d,Workstation,Polycom,VVX 410,75%02d,\n" % (row, row)
            expect[row] = "Name"
    data += b"Last,Workstation,Polycom,VVX 410,7599,\xe2\x82"    # truncated at the very end
    expect[3 + len(BAD_UTF8)] = "Label"
    r = upload_csv(c, data)
    assert r.status == 201, r
    rep = r.json["report"]
    assert {x["row"]: x["column"] for x in rep["rejected"]} == expect, rep
    assert all("UTF-8" in x["message"] for x in rep["rejected"]), rep
    assert rep["accepted"] == 1
    got = c.get(f"/api/v1/assistant/imports/{r.json['id']}?limit=100")
    got.raw.decode("utf-8")     # strict: nothing invalid was stored
    names = [x["phone"]["name"] for x in got.json["items"]]
    assert None not in names and names[0] == "Good2" and all(isinstance(n, str) and n for n in names), names
    problems = c.get(f"/api/v1/assistant/imports/{r.json['id']}/problems", headers={"Accept": "text/csv"})
    assert problems.status == 200
    problems.raw.decode("utf-8")
    j = c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json
    from harness import wait_job
    assert wait_job(c, j["id"])["result"]["created"] == 1
    assert c.get("/api/v1/phones?q=N3").json["total"] == 0


def test_an_xlsx_whose_xml_is_not_utf8_is_refused_whole(srv):
    c = STATE["c"]
    data = xlsx.make_xlsx([["Name", "Type", "Manufacturer", "Model"], ["Bad", "Workstation", "Polycom", "VVX 410"]])
    buf = io.BytesIO(data)
    import zipfile
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in src.namelist():
            body = src.read(n)
            if n == "xl/sharedStrings.xml":
                body = body.replace(b"<t>Bad</t>", b"<t>B\xc0\xafd</t>")
            z.writestr(n, body)
    before = c.get("/api/v1/audit?action=assistant.import&outcome=success").json["total"]
    r = xlsx.upload(c, out.getvalue())
    assert r.status == 422 and r.json["error"]["severity"] == "severe", r
    assert c.get("/api/v1/audit?action=assistant.import&outcome=success").json["total"] == before


def test_a_json_body_that_is_not_utf8_is_refused_and_changes_nothing(srv):
    c = STATE["c"]
    before = c.get("/api/v1/phones").json["total"]
    for bad in BAD_UTF8 + (b"\\ud800", b"\\udc00x"):
        raw = b'{"name":"Bad' + bad + b'","manufacturer":"Polycom","model":"VVX 410"}'
        r = c.request("POST", "/api/v1/phones", raw=raw)
        assert r.status == 400 and r.json["error"]["code"] == "invalid_json", (bad, r)
        assert r.error_field() == "name", (bad, r)
    raw = b'{"name":"Ok","stations":[{"extension":"7600","label":"L\xed\xa0\x80"}],"manufacturer":"Polycom","model":"VVX 410"}'
    r = c.request("POST", "/api/v1/phones", raw=raw)
    assert r.status == 400 and r.error_field() == "stations[0].label", r
    assert c.get("/api/v1/phones").json["total"] == before


def test_a_list_or_archive_named_in_text_that_is_not_utf8_is_refused(srv):
    c = STATE["c"]
    csv = b"Name,Type,Manufacturer,Model\nNamed1,Workstation,Polycom,VVX 410\n"
    before = (c.get("/api/v1/audit?action=assistant.import").json["total"],
              c.get("/api/v1/assistant/migrations").json["total"])
    for name in ("x%C0%AF.csv", "x%ED%A0%80.csv", "x%01.csv", "x%7F.csv"):
        r = c.request("POST", f"/api/v1/assistant/imports?filename={name}", raw=csv, content_type="text/csv")
        assert r.status == 400 and r.error_field() == "filename", (name, r)
        r = mig.upload(c, mig.make_zip(mig.TREE), name.replace(".csv", ".zip"))
        assert r.status == 400 and r.error_field() == "filename", (name, r)
    assert (c.get("/api/v1/audit?action=assistant.import").json["total"],
            c.get("/api/v1/assistant/migrations").json["total"]) == before
    r = c.request("POST", "/api/v1/assistant/imports?filename=Liste%20M%C3%BCnchen.csv", raw=csv,
                  content_type="text/csv")
    assert r.status == 201 and r.json["filename"] == "Liste München.csv", r
