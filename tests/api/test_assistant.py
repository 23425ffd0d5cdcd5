"""The Managed IP Phone Assistant: the seed's two CSV lists, hostile
files, Commit Changes all or nothing, license allocation, samples."""
import io
import os
import signal
import time
import urllib.parse
import zipfile

from harness import ROOT, setup_admin, wait_job

STATE = {}
# The seed's two example lists (copied from shared/fixtures).
FIX = os.path.join(ROOT, "tests", "fixtures")


def upload(c, data, filename="list.csv", ctype="text/csv"):
    return c.request("POST", f"/api/v1/assistant/imports?filename={filename}", raw=data, content_type=ctype)




def test_setup_groups_and_templates(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    for name, line in (("Remote Agent SSP - TLS", 2), ("Remote Agent ISS - TCP", 1)):
        assert c.post("/api/v1/registration-groups", {"name": name, "kind": "regular",
                                                      "registrations": [{"type": "line", "line_id": line}]}).status == 201
    for name, man, model, typ in (("My Polycom SA Template", "Polycom", "IP330", "stand-alone"),
                                  ("My Polycom Agent Template", "Polycom", "VVX 410", "workstation"),
                                  ("My Agent SSP Template", "ININ", "Soft Phone", "workstation"),
                                  ("My Agent ISS Template", "ININ", "Interaction SIP Station", "workstation"),
                                  ("My Agent 420HD Template", "AudioCodes", "420HD", "workstation"),
                                  ("My Agent ISS v2 Template", "ININ", "Interaction SIP Station II", "workstation")):
        r = c.post("/api/v1/templates", {"name": name, "manufacturer": man, "model": model, "type": typ})
        assert r.status == 201, r


def test_the_seed_tmm_list_gives_the_phones_and_warnings_it_should(srv):
    c = STATE["c"]
    r = upload(c, open(os.path.join(FIX, "seed-tmm-list.csv"), "rb").read(), "seed-tmm-list.csv")
    assert r.status == 201, r
    rep = r.json["report"]
    assert r.json["kind"] == "tmm" and rep["rows"] == 6 and rep["accepted"] == 4, rep
    rejected = {x["name"]: x for x in rep["rejected"]}
    assert set(rejected) == {"AgentISS1", "AgentISS2"}, rejected
    assert "Stand-alone" in rejected["AgentISS1"]["message"] and rejected["AgentISS1"]["row"] == 5
    warn = {(x["name"], x["column"]) for x in rep["warnings"]}
    assert ("AgentISS1", "Address") in warn, "the 11-digit MAC"
    assert ("AgentISS2", "Address") in warn, "an AudioCodes prefix on an ININ phone"
    assert ("AgentSSP-PC2", "Identification Address") in warn, "an Identification Address that is only a number"
    assert ("Agent420HD", "Identification Address") in warn
    STATE["tmm"] = r.json["id"]
    rows = c.get(f"/api/v1/assistant/imports/{r.json['id']}").json["items"]
    lobby = [x for x in rows if x["phone"]["name"] == "PolycomLobby2"][0]["phone"]
    assert lobby["type"] == "stand-alone" and lobby["registration_group"] == "<Default Registration Group>"
    assert "address" not in lobby, "blank Address: Not provisioned"
    agent = [x for x in rows if x["phone"]["name"] == "PolycomAgent2"][0]["phone"]
    assert agent["address"] == "00:04:f2:04:f6:a9" and agent["type"] == "workstation"
    assert c.get("/api/v1/phones").json["total"] == 0, "nothing is created before Commit Changes"


def test_the_problems_download(srv):
    c = STATE["c"]
    r = c.get(f"/api/v1/assistant/imports/{STATE['tmm']}/problems")
    assert r.status == 200 and r.header("Content-Type").startswith("text/csv")
    text = r.raw.decode("utf-8-sig")
    assert text.startswith("Row,Name,Severity,Column,Message") and "AgentISS1" in text and "rejected" in text


def test_commit_changes_creates_every_accepted_phone(srv):
    c = STATE["c"]
    assert c.put("/api/v1/station-licenses/Client%20Access", {"total": 10}).status == 200
    r = c.post(f"/api/v1/assistant/imports/{STATE['tmm']}/commit",
               {"licenses": ["Basic Station", "Client Access"], "access_control": ["Emergency", "Local"]})
    j = wait_job(c, r.json["id"])
    assert j["state"] == "done" and j["result"]["created"] == 4, j
    audit = c.get("/api/v1/audit?action=assistant.commit").json["items"]
    assert any(a["detail"]["job_id"] == r.json["id"] and a["detail"]["import_id"] == STATE["tmm"] for a in audit), audit
    phones = {p["name"]: p for p in c.get("/api/v1/phones?limit=100").json["items"]}
    assert set(phones) == {"PolycomLobby2", "PolycomAgent2", "AgentSSP-PC2", "Agent420HD"}
    full = c.get(f"/api/v1/phones/{phones['AgentSSP-PC2']['id']}").json
    assert full["registration_group"] == "Remote Agent SSP - TLS" and full["stations"][0]["extension"] == "7302"
    assert full["stations"][0]["identification_address"] == "", "the bad value was not imported"
    assert full["stations"][0]["licenses"] == ["Basic Station", "Client Access"]
    assert full["stations"][0]["access_control"] == ["Emergency", "Local"]
    lobby = c.get(f"/api/v1/phones/{phones['PolycomLobby2']['id']}").json
    assert lobby["stations"][0]["label"] == "Lobby"
    total = c.get("/api/v1/phones").json["total"]
    again = c.post(f"/api/v1/assistant/imports/{STATE['tmm']}/commit")
    assert again.status == 202 and again.json["id"] == r.json["id"], "committed once: the first commit's job"
    assert c.get("/api/v1/phones").json["total"] == total


def test_a_commit_after_the_estate_changed_names_the_row_and_creates_nothing(srv):
    c = STATE["c"]
    lines = ["Name,Type,Manufacturer,Model,Extension"]
    lines += [f"Chg{i:05d},Workstation,Polycom,VVX 410,{40000 + i}" for i in range(300)]
    r = upload(c, ("\n".join(lines) + "\n").encode())
    assert r.status == 201 and r.json["report"]["accepted"] == 300, r
    # After the parse report, an admin creates a phone with the name of
    # the list's row 252 (its 251st phone: the header is row 1).
    made = c.post("/api/v1/phones", {"name": "Chg00250", "manufacturer": "Polycom", "model": "VVX 410"})
    assert made.status == 201, made
    before = c.get("/api/v1/phones").json["total"]
    j = wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"])
    assert j["state"] == "failed" and j["error"].startswith("Row 252: Another managed IP phone has this name"), j
    assert "Nothing was created" in j["error"], j
    assert c.get("/api/v1/phones").json["total"] == before, "the 250 rows before it were rolled back"
    assert c.get(f"/api/v1/assistant/imports/{r.json['id']}").json["state"] == "parsed"
    assert c.delete(f"/api/v1/phones/{made.json['id']}").status in (200, 204)
    j = wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"])
    assert j["state"] == "done" and j["result"]["created"] == 300, j
    assert c.get("/api/v1/phones").json["total"] == before - 1 + 300


def test_the_seed_template_list_against_the_estate(srv):
    c = STATE["c"]
    r = upload(c, open(os.path.join(FIX, "seed-template-list.csv"), "rb").read(), "seed-template-list.csv")
    assert r.status == 201 and r.json["kind"] == "template", r
    rep = r.json["report"]
    rejected = {x["name"]: x["message"] for x in rep["rejected"]}
    assert set(rejected) == {"Agent420HD"} and "name" in rejected["Agent420HD"].lower(), rejected
    assert ("AgentISS2", "Address") in {(x["name"], x["column"]) for x in rep["warnings"]}
    rows = {x["phone"]["name"]: x["phone"] for x in c.get(f"/api/v1/assistant/imports/{r.json['id']}").json["items"]}
    assert rows["AgentSSP-PC1"]["address"] == "AgentPC1.lab.local"
    assert rows["PolycomLobby1"]["registration_group"] == "<Default Registration Group>", "blank Proxy Group: the template's"
    j = wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"])
    assert j["state"] == "done" and j["result"]["created"] == 5, j
    p = c.get("/api/v1/phones?q=PolycomLobby1").json["items"][0]
    full = c.get(f"/api/v1/phones/{p['id']}").json
    assert full["template"] == "My Polycom SA Template" and full["type"] == "stand-alone" and full["model"] == "IP330"


def test_spreadsheet_variants_are_read(srv):
    c = STATE["c"]
    data = ("\ufeffname;TYPE;Manufacturer;model;Extra\r\n"
            "\"Desk, 1\";Workstation;Polycom;vvx_410;x\r\n\r\n;;;;\r\n").encode()
    r = upload(c, data)
    assert r.status == 201 and r.json["report"]["accepted"] == 1, r
    assert any(w["column"] == "Extra" for w in r.json["report"]["warnings"]), "extra columns are reported"


def test_duplicates_within_the_list_are_rejected_in_reading_order(srv):
    c = STATE["c"]
    data = ("Name,Type,Manufacturer,Model,Extension,Address\n"
            "Dup1,Workstation,Polycom,VVX 410,6601,0004f2aa0001\n"    # row 2
            "DUP1,Workstation,Polycom,VVX 410,6602,0004f2aa0002\n"    # 3: name, any case
            "Dup3,Workstation,Polycom,VVX 410,6603,00:04:F2:AA:00:01\n"  # 4: address, any form
            "Dup4,Workstation,Polycom,VVX 410,6601,0004f2aa0004\n"    # 5: extension
            "Dup5,Workstation,Polycom,VVX 410,6602,0004f2aa0002\n"    # 6: row 3 claimed nothing
            ",Workstation,Polycom,VVX 410,6605,0004f2aa0005\n"         # 7: no name
            "Dup7,Workstation,Polycom,VVX 410,6605,0004f2aa0005\n"    # 8: row 7 claimed nothing
            "Dup8,Stand-alone,Polycom,IP335,6608,\n").encode()          # 9: a setting first seen last
    r = upload(c, data)
    assert r.status == 201, r
    rep = r.json["report"]
    rejected = {x["row"]: (x["column"], x["message"]) for x in rep["rejected"]}
    assert rejected == {3: ("Name", "The same name as row 2."), 4: ("Address", "The same address as row 2."),
                        5: ("Extension", "The same extension as row 2."),
                        7: ("Name", "A row needs a Name.")}, rejected
    assert rep["accepted"] == 4, rep
    before = c.get("/api/v1/phones").json["total"]
    j = wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"])
    assert j["state"] == "done" and j["result"]["created"] == 4, j
    assert c.get("/api/v1/phones").json["total"] == before + 4
    made = {p["name"]: p for p in c.get("/api/v1/phones?q=Dup&limit=100").json["items"]}
    assert set(made) == {"Dup1", "Dup5", "Dup7", "Dup8"}, made
    last = c.get(f"/api/v1/phones/{made['Dup8']['id']}").json
    assert last["model"] == "IP335" and last["type"] == "stand-alone", last
    assert last["stations"][0]["station_type"] == "Managed Stand-alone Phone", last
    five = c.get(f"/api/v1/phones/{made['Dup5']['id']}").json
    assert five["model"] == "VVX 410" and five["stations"][0]["extension"] == "6602", five


def paged(c, path, limit=1000):
    """Every item of a paged list, a page at a time, and its total."""
    items, offset = [], 0
    while True:
        sep = "&" if "?" in path else "?"
        page = c.get(f"{path}{sep}limit={limit}&offset={offset}")
        assert page.status == 200, page
        items += page.json["items"]
        offset += limit
        if offset >= page.json["total"]:
            return items, page.json["total"]


def long_list(n=1500, mismatched=1100, repeats=40):
    """A TMM list of n rows: every row a Polycom with its own MAC, except
    `mismatched` rows whose MAC has an AudioCodes prefix (a warning each)
    and `repeats` rows that repeat an earlier row's name (rejected)."""
    lines = ["Name,Type,Manufacturer,Model,Extension,Address,Notes"]
    for i in range(n):
        name = f"Pg{i:05d}" if i < n - repeats else f"Pg{i - (n - repeats):05d}"
        mac = f"00908F{i:06X}" if i < mismatched else f"0004F2{i:06X}"
        lines.append(f"{name},Workstation,Polycom,VVX 410,{60000 + i},{mac},x")
    return ("\n".join(lines) + "\n").encode()


def test_a_long_list_pages_through_every_row_and_counts_identical_warnings(srv):
    c = STATE["c"]
    r = upload(c, long_list())
    assert r.status == 201, r
    iid = r.json["id"]
    STATE["long"] = iid
    rep = r.json["report"]
    assert rep["accepted"] == 1460 and rep["rejected_total"] == 40 and rep["warnings_total"] == 1101, rep
    # The review: every phone to be created, page by page, in row order.
    page = c.get(f"/api/v1/assistant/imports/{iid}?status=accepted&limit=100&offset=1000").json
    assert page["total"] == 1460 and len(page["items"]) == 100, page["total"]
    assert [x["row"] for x in page["items"]] == list(range(1002, 1102)), "rows 1,001-1,100 of the accepted"
    assert all(x["accepted"] for x in page["items"])
    items, total = paged(c, f"/api/v1/assistant/imports/{iid}?status=accepted")
    assert total == 1460 and [x["phone"]["name"] for x in items] == [f"Pg{i:05d}" for i in range(1460)]
    rejected = c.get(f"/api/v1/assistant/imports/{iid}?status=rejected&limit=1000").json
    assert rejected["total"] == 40 and all(not x["accepted"] for x in rejected["items"])
    warned = c.get(f"/api/v1/assistant/imports/{iid}?status=warnings&limit=1").json
    assert warned["total"] == 1100 and warned["items"][0]["problems"][0]["severity"] == "warning", warned
    found = c.get(f"/api/v1/assistant/imports/{iid}?q=pg01234").json
    assert found["total"] == 1 and found["items"][0]["phone"]["name"] == "Pg01234", found
    # Identical warnings counted, the rejections first; the header's own.
    groups = c.get(f"/api/v1/assistant/imports/{iid}/problem-groups").json
    assert groups["total"] == 3, groups
    rej, mac, extra = groups["items"]
    assert rej == {"severity": "rejected", "column": "Name", "message": "The same name as an earlier row.",
                   "rows": 40, "first_row": 1462}, rej
    assert mac["severity"] == "warning" and mac["column"] == "Address" and mac["rows"] == 1100, mac
    assert mac["message"].startswith("The MAC address does not start with a Polycom prefix"), mac
    assert extra["column"] == "Notes" and extra["rows"] == 1 and extra["first_row"] == 1, extra
    # A group opens to its rows, each with its own message, page by page.
    q = urllib.parse.urlencode({"severity": "warning", "column": "Address", "message": mac["message"]})
    rows = c.get(f"/api/v1/assistant/imports/{iid}/problem-rows?{q}&limit=100&offset=1000").json
    assert rows["total"] == 1100 and [x["row"] for x in rows["items"]] == list(range(1002, 1102)), rows["total"]
    assert rows["items"][0]["message"].startswith("00:90:8f:00:03:e8 does not start with a Polycom prefix"), rows
    q = urllib.parse.urlencode({"severity": "rejected", "column": "Name", "message": rej["message"]})
    rows = c.get(f"/api/v1/assistant/imports/{iid}/problem-rows?{q}").json
    assert rows["total"] == 40 and rows["items"][0] == {"row": 1462, "name": "Pg00000", "severity": "rejected",
                                                        "column": "Name", "message": "The same name as row 2."}, rows
    # Bounded inputs.
    for path, field in ((f"{iid}?limit=1001", "limit"), (f"{iid}?offset=-1", "offset"), (f"{iid}?status=some", "status"),
                        (f"{iid}/problem-groups?limit=0", "limit"), (f"{iid}/problem-rows?severity=bad&message=x", "severity"),
                        (f"{iid}/problem-rows?severity=warning", "message"), (f"{iid}/problem-rows?severity=warning&message={'x' * 601}", "message"),
                        (f"{iid}?q={'x' * 101}", "q")):
        r = c.get(f"/api/v1/assistant/imports/{path}")
        assert r.status == 400 and r.error_field() == field, (path, r)
    for path in ("999999", "999999/problem-groups", "999999/problem-rows?severity=warning&message=x", "999999/phones"):
        assert c.get(f"/api/v1/assistant/imports/{path}").status == 404, path
    r = c.get(f"/api/v1/assistant/imports/{iid}/phones")
    assert r.status == 409 and r.json["error"]["code"] == "not_committed", r


def test_the_completed_page_lists_every_created_phone(srv):
    c = STATE["c"]
    iid = STATE["long"]
    j = wait_job(c, c.post(f"/api/v1/assistant/imports/{iid}/commit").json["id"])
    assert j["state"] == "done" and j["result"]["created"] == 1460, j
    page = c.get(f"/api/v1/assistant/imports/{iid}/phones?limit=100&offset=1400").json
    assert page["total"] == 1460 and len(page["items"]) == 60, page["total"]
    last = page["items"][-1]
    assert last["name"] == "Pg01459" and last["row"] == 1461 and last["extension"] == "61459", last
    assert last["status"] == "Not registered" and last["address"] == "00:04:f2:00:05:b3", last
    phone = c.get(f"/api/v1/phones/{last['id']}").json
    assert phone["name"] == "Pg01459", "the id is the phone's"
    items, total = paged(c, f"/api/v1/assistant/imports/{iid}/phones")
    assert total == 1460 and [x["name"] for x in items] == [f"Pg{i:05d}" for i in range(1460)]
    assert items[0]["status"] == "Not provisioned" and items[0]["address"] is None, "its MAC was not imported"
    assert len({x["id"] for x in items}) == 1460
    # A phone deleted since stays in the list, without its id.
    assert c.delete(f"/api/v1/phones/{items[5]['id']}").status in (200, 204)
    again = c.get(f"/api/v1/assistant/imports/{iid}/phones?limit=1&offset=5").json
    assert again["total"] == 1460 and again["items"][0]["id"] is None and again["items"][0]["name"] == "Pg00005", again


def test_hostile_files_are_severe_and_change_nothing(srv):
    c = STATE["c"]
    before = c.get("/api/v1/phones").json["total"]
    imports_before = c.get("/api/v1/audit?action=assistant.import&outcome=success").json["total"]
    cases = [b"", os.urandom(4096), b"a,b,c\n1,2,3\n",
             b"Name,Template\n\"" + b"x" * (1024 * 1024) + b"\"\n",
             b"Name" + b",c" * 10000 + b"\n", b"Name,Type,Model\nx,Workstation,IP330\n"]
    for data in cases:
        r = upload(c, data)
        assert r.status == 422 and r.json["error"]["severity"] == "severe", (data[:40], r)
    r = c.request("POST", "/api/v1/assistant/imports", raw=b"x" * 100, content_type="image/png")
    assert r.status == 415
    assert c.get("/api/v1/phones").json["total"] == before
    assert c.get("/api/v1/audit?action=assistant.import&outcome=success").json["total"] == imports_before


def test_a_100_mb_upload_is_refused_at_once(srv):
    import http.client
    conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=srv.context(), timeout=30)
    conn.putrequest("POST", "/api/v1/assistant/imports")
    for k, v in (("Cookie", STATE["c"].cookie), ("X-CSRF-Token", STATE["c"].csrf), ("Content-Type", "text/csv"),
                 ("Content-Length", str(100 * 1024 * 1024)), ("Origin", f"https://127.0.0.1:{srv.port}")):
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    assert r.status == 413, r.status
    conn.close()


def test_samples_to_start_from(srv):
    c = STATE["c"]
    r = c.get("/api/v1/assistant/samples/tmm.csv")
    assert r.raw.decode("utf-8-sig").startswith("Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address\r\nPolycomAgent2,")
    r = c.get("/api/v1/assistant/samples/template.xlsx")
    z = zipfile.ZipFile(io.BytesIO(r.raw))
    assert "Template" in z.read("xl/sharedStrings.xml").decode()
    assert c.get("/api/v1/assistant/samples/other.csv").status == 404


def test_a_commit_killed_midway_leaves_nothing_behind(srv):
    c = STATE["c"]
    lines = ["Name,Type,Manufacturer,Model,Extension"]
    n = 12000
    lines += [f"Bulk{i:05d},Workstation,Polycom,VVX 410,{20000 + i}" for i in range(n)]
    r = upload(c, ("\n".join(lines) + "\n").encode())
    assert r.status == 201 and r.json["report"]["accepted"] == n, r
    before = c.get("/api/v1/phones").json["total"]
    posted = c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json
    jid = posted["id"]
    # The request wrote its audit record before the job took the write
    # lock: it answers while the job is still to run.
    assert posted["state"] in ("queued", "running") and posted["progress"]["done"] == 0, posted
    # Kill it in the first half: the transaction cannot have committed.
    for _ in range(6000):
        j = c.get(f"/api/v1/jobs/{jid}").json
        if j["progress"]["done"] > 0 or j["state"] not in ("queued", "running"):
            break
        time.sleep(0.01)
    assert j["state"] == "running" and j["progress"]["done"] < n // 2, \
        f"the commit was too quick to interrupt: {j['state']} {j['progress']}"
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    srv.log.close()
    srv.proc = None
    srv.start()
    c2 = srv.client()
    # A restart after a kill may still be settling the killed job's
    # database when the first request comes: "busy" (500 or 503) is an
    # answer to retry.
    for _ in range(50):
        login = c2.login("admin")
        if login.status not in (500, 503):
            break
        time.sleep(0.2)
    assert login.status == 200, login
    assert c2.get("/api/v1/phones").json["total"] == before, "no phone of the killed commit"
    j = c2.get(f"/api/v1/jobs/{jid}").json
    assert j["state"] == "failed" and "interrupted" in j["error"], j
    assert c2.get(f"/api/v1/assistant/imports/{r.json['id']}").json["state"] == "parsed", "it can be committed again"
    STATE["c"] = c2


def test_business_hours(srv):
    c = STATE["c"]
    r = c.put("/api/v1/settings/business-hours", {"days": list(range(7)), "start": "00:00", "end": "24:00", "time_zone": "UTC"})
    assert r.status == 200 and r.json["now_inside"] is True, r
    r = c.put("/api/v1/settings/business-hours", {"days": [], "start": "08:00", "end": "18:00", "time_zone": ""})
    assert r.status == 200 and r.json["now_inside"] is False, r
    for body, field in (({"days": [7], "start": "08:00", "end": "18:00"}, "days"),
                        ({"days": [1], "start": "8am", "end": "18:00"}, "start"),
                        ({"days": [1], "start": "18:00", "end": "08:00"}, "end"),
                        ({"days": [1], "start": "08:00", "end": "18:00", "time_zone": "Moon/Base"}, "time_zone")):
        r = c.put("/api/v1/settings/business-hours", body)
        assert r.status == 422 and r.error_field() == field, (body, r)
