"""Station appearance extras the seed names (Station Configuration: Auto
Conference PIN, Call Forwarding, Station Options; the phone's General tab:
Existing Station…, Move Up / Move Down), in the API and in the Polycom
file the phone fetches."""
from harness import PASSWORD, setup_admin

STATE = {}
A_MAC, B_MAC = "00:04:f2:aa:00:01", "00:04:f2:aa:00:02"


def polycom(name, mac, stations):
    return {"name": name, "manufacturer": "Polycom", "model": "VVX 410", "address": mac, "stations": stations}


def attrs(c, mac):
    r = c.get(f"/api/v1/simulator?address={mac}")
    assert r.status == 200, r
    return {x["name"]: x["value"] for x in r.json["attributes"]}


def body_of(rec):
    b = {k: rec[k] for k in ("name", "manufacturer", "model", "address")}
    b["stations"] = [{k: s[k] for k in ("id", "extension", "label", "auto_conference_pin", "call_forwarding",
                                        "station_options")} for s in rec["stations"]]
    return b


def test_a_phone_with_pin_forwarding_and_options(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.post("/api/v1/phones", polycom("DeskA", A_MAC, [
        {"extension": "7601", "label": "One", "auto_conference_pin": "2468",
         "call_forwarding": {"busy": "7700", "no_answer": "+4989123456", "no_answer_rings": 6},
         "station_options": {"do_not_disturb": True}},
        {"extension": "7602", "label": "Two"}]))
    assert r.status == 201, r
    STATE["a"], STATE["pw2"] = r.json, r.json["generated_passwords"][1]["sip_password"]
    one, two = r.json["stations"]
    assert one["auto_conference_pin"] == "2468"
    assert one["call_forwarding"] == {"all": "", "busy": "7700", "no_answer": "+4989123456", "no_answer_rings": 6}
    assert one["station_options"] == {"call_waiting": True, "do_not_disturb": True, "auto_answer": False}
    assert two["call_forwarding"]["busy"] == "" and two["auto_conference_pin"] == ""
    listed = c.get("/api/v1/stations?q=7601").json["items"][0]
    assert "auto_conference_pin" not in listed, "the PIN stays out of the Stations list and its exports"


def test_wrong_values_are_refused_by_field_and_change_nothing(srv):
    c, a = STATE["c"], STATE["a"]
    for change, field in ((("auto_conference_pin", "12"), "stations[0].auto_conference_pin"),
                          (("call_forwarding", {"busy": "sip:boss@pbx"}), "stations[0].call_forwarding.busy"),
                          (("call_forwarding", {"no_answer_rings": 99}), "stations[0].call_forwarding.no_answer_rings"),
                          (("station_options", {"call_waiting": 1}), "stations[0].station_options.call_waiting")):
        b = body_of(c.get(f"/api/v1/phones/{a['id']}").json)
        b["stations"][0][change[0]] = change[1]
        r = c.put(f"/api/v1/phones/{a['id']}", b)
        assert r.status == 422 and r.error_field() == field, (change, r)
    assert c.get(f"/api/v1/phones/{a['id']}").json["stations"][0]["auto_conference_pin"] == "2468"


def test_the_pin_is_never_in_the_audit_log(srv):
    c, a = STATE["c"], STATE["a"]
    b = body_of(c.get(f"/api/v1/phones/{a['id']}").json)
    b["stations"][0]["auto_conference_pin"] = "135791"
    r = c.put(f"/api/v1/phones/{a['id']}", b)
    assert r.status == 200 and r.json["stations"][0]["auto_conference_pin"] == "135791", r
    audit = c.get("/api/v1/audit?action=phone.update").raw.decode()
    assert "135791" not in audit and "2468" not in audit and "phone.update" in audit


def test_forwarding_reaches_the_polycom_file_on_its_line(srv):
    c = STATE["c"]
    v = attrs(c, A_MAC)
    assert v["reg.1.label"] == "One" and v["reg.1.fwd.busy.status"] == "1" and v["reg.1.fwd.busy.contact"] == "7700"
    assert v["reg.1.fwd.noanswer.contact"] == "+4989123456" and v["reg.1.fwd.noanswer.ringCount"] == "6"
    assert "reg.1.fwdStatus" not in v, "forward all is off"
    assert v["reg.2.label"] == "Two" and "reg.2.fwd.busy.status" not in v


def test_moving_a_line_key_down_renumbers_the_lines_of_the_file(srv):
    c, a = STATE["c"], STATE["a"]
    b = body_of(c.get(f"/api/v1/phones/{a['id']}").json)
    b["stations"].reverse()
    r = c.put(f"/api/v1/phones/{a['id']}", b)
    assert r.status == 200, r
    assert [(s["position"], s["extension"]) for s in r.json["stations"]] == [(1, "7602"), (2, "7601")]
    assert [s["id"] for s in r.json["stations"]] == [s["id"] for s in reversed(a["stations"])], "the same stations"
    v = attrs(c, A_MAC)
    assert v["reg.1.label"] == "Two" and v["reg.2.label"] == "One" and v["reg.2.fwd.busy.contact"] == "7700"
    assert "reg.1.fwd.busy.status" not in v, "the forwarding moved with its station"


def test_an_existing_station_moves_to_another_phone_with_its_settings_and_password(srv):
    c, a = STATE["c"], STATE["a"]
    r = c.post("/api/v1/phones", polycom("DeskB", B_MAC, [{"extension": "7603"}]))
    assert r.status == 201, r
    bid = r.json["id"]
    two = [s for s in a["stations"] if s["extension"] == "7602"][0]
    b = body_of(r.json)
    b["stations"].append({"existing_station": two["id"]})
    r = c.put(f"/api/v1/phones/{bid}", b)
    assert r.status == 200, r
    moved = r.json["stations"][1]
    assert (moved["id"], moved["extension"], moved["label"]) == (two["id"], "7602", "Two"), moved
    assert [s["extension"] for s in c.get(f"/api/v1/phones/{a['id']}").json["stations"]] == ["7601"]
    r = c.post(f"/api/v1/phones/{bid}/stations/{two['id']}/reveal", {"password": PASSWORD})
    assert r.status == 200 and r.json["sip_password"] == STATE["pw2"], "its SIP credentials came with it"
    v = attrs(c, B_MAC)
    assert v["reg.2.label"] == "Two"
    again = body_of(c.get(f"/api/v1/phones/{bid}").json)
    again["stations"].append({"existing_station": two["id"]})
    r = c.put(f"/api/v1/phones/{bid}", again)
    assert r.status == 422 and r.error_field() == "stations[2].existing_station", r
    r = c.put(f"/api/v1/phones/{bid}", dict(body_of(c.get(f"/api/v1/phones/{bid}").json),
                                            stations=[{"existing_station": 999999}]))
    assert r.status == 422 and r.error_field() == "stations[0].existing_station", r
