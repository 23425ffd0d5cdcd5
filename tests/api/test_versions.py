"""A working day's data safety: every edited record carries a version
(ETag) and a save from a stale editor is refused with 412 naming who
changed it and when; adoption offers and takes only records that can hold
the MAC; a double Commit Changes starts one job."""
import re
import threading

from harness import add_user, setup_admin, wait_job
from test_provisioning import Phone

STATE = {}


def etag(r):
    v = r.headers_named("ETag")
    return v[0] if v else None


def test_two_admins_and_a_phone(srv):
    c = setup_admin(srv)
    STATE["a"] = c
    STATE["b"] = add_user(c, "bea", "operator")
    r = c.post("/api/v1/phones", {"name": "Desk 1", "manufacturer": "Polycom", "model": "VVX 410",
                                  "stations": [{"extension": "7001"}]})
    assert r.status == 201, r
    STATE["phone"] = r.json


def body_of(p, **changes):
    b = {k: p[k] for k in ("name", "manufacturer", "model", "type", "registration_group", "location",
                           "firmware_version", "audio_protocol", "time_zone", "language")}
    b["stations"] = [{"id": s["id"], "extension": s["extension"], "label": s["label"]} for s in p["stations"]]
    b.update(changes)
    return b


def test_a_stale_save_of_a_phone_is_refused_naming_who_changed_it(srv):
    a, b, pid = STATE["a"], STATE["b"], STATE["phone"]["id"]
    ra, rb = a.get(f"/api/v1/phones/{pid}"), b.get(f"/api/v1/phones/{pid}")
    assert etag(ra) and etag(ra) == etag(rb), (ra.headers, rb.headers)
    # Bea saves first, with the version she read.
    r = b.put(f"/api/v1/phones/{pid}", body_of(rb.json, language="German, Germany"),
              headers={"If-Match": etag(rb)})
    assert r.status == 200 and etag(r) and etag(r) != etag(rb), r
    # The admin's editor was opened before: its save is refused, nothing reverted.
    r = a.put(f"/api/v1/phones/{pid}", body_of(ra.json, time_zone="Europe/Berlin"), headers={"If-Match": etag(ra)})
    assert r.status == 412 and r.json["error"]["code"] == "changed", r
    ch = r.json["error"]["changed"]
    assert ch["by"] == "bea" and ch["at"].endswith("Z") and "bea changed this" in r.json["error"]["message"], r
    now = a.get(f"/api/v1/phones/{pid}")
    assert now.json["language"] == "German, Germany" and now.json["time_zone"] == "", "Bea's change stands"
    assert ch["etag"] == etag(now) == etag(r)
    # Overwrite: the same save with the current version.
    r = a.put(f"/api/v1/phones/{pid}", body_of(ra.json, time_zone="Europe/Berlin"), headers={"If-Match": ch["etag"]})
    assert r.status == 200 and r.json["time_zone"] == "Europe/Berlin" and r.json["language"] != "German, Germany", r
    # A refused save (422) does not move the version on.
    before = etag(a.get(f"/api/v1/phones/{pid}"))
    r = a.put(f"/api/v1/phones/{pid}", body_of(ra.json, time_zone="Mars/Base"), headers={"If-Match": before})
    assert r.status == 422 and etag(a.get(f"/api/v1/phones/{pid}")) == before, r
    # Without If-Match (scripts written before versions) a save still goes through.
    assert a.put(f"/api/v1/phones/{pid}", body_of(ra.json)).status == 200
    # A delete from a stale page is refused too.
    r = a.delete(f"/api/v1/phones/{pid}", headers={"If-Match": before})
    assert r.status == 412 and a.get(f"/api/v1/phones/{pid}").status == 200, r


def test_change_multiple_ip_phones_moves_the_version_on(srv):
    a, pid = STATE["a"], STATE["phone"]["id"]
    r = a.get(f"/api/v1/phones/{pid}")
    old = etag(r)
    r1 = a.post("/api/v1/phones/bulk-update", {"phones": [pid], "changes": {"audio_protocol": "SRTP"}})
    assert r1.status == 200, r1
    r2 = a.put(f"/api/v1/phones/{pid}", body_of(r.json), headers={"If-Match": old})
    assert r2.status == 412, "an editor opened before a bulk change must not revert it"


def check_record(c, path, body, other):
    """Read, let other save, then save from the stale read: 412."""
    r = c.get(path)
    assert r.status == 200 and etag(r), (path, r)
    r2 = other(path)
    assert r2.status in (200, 204) and etag(r2) != etag(r), (path, r2)
    r3 = c.request("PATCH" if "/users/" in path else "PUT", path, body, headers={"If-Match": etag(r)})
    assert r3.status == 412 and r3.json["error"]["changed"]["by"] in ("admin", "bea"), (path, r3)
    r4 = c.request("PATCH" if "/users/" in path else "PUT", path, body,
                   headers={"If-Match": r3.json["error"]["changed"]["etag"]})
    assert r4.status == 200, (path, r4)


def test_every_edited_record_has_a_version(srv):
    a, b = STATE["a"], STATE["b"]
    loc = a.post("/api/v1/locations", {"name": "Berlin", "codec_preference": ["G.722"]}).json
    line = a.post("/api/v1/lines", {"name": "Line A", "transport": "TCP", "port": 5062}).json
    proxy = a.post("/api/v1/managed-proxies", {"name": "P", "address": "10.0.0.1", "port": 5060,
                                               "location_id": loc["id"]}).json
    grp = a.post("/api/v1/registration-groups", {"name": "G", "kind": "regular",
                                                 "registrations": [{"type": "line", "line_id": line["id"]}]}).json
    tpl = a.post("/api/v1/templates", {"name": "T", "manufacturer": "Polycom", "model": "VVX 410"}).json
    cases = [
        (f"/api/v1/locations/{loc['id']}", {"name": "Berlin", "codec_preference": ["G.711 A-law"]},
         {"name": "Berlin", "codec_preference": ["G.729"]}),
        (f"/api/v1/lines/{line['id']}", {"name": "Line A", "transport": "TLS", "port": 5061},
         {"name": "Line A", "transport": "UDP", "port": 5060}),
        (f"/api/v1/managed-proxies/{proxy['id']}", {"name": "P", "address": "10.0.0.2", "port": 5060,
                                                    "location_id": loc["id"]},
         {"name": "P", "address": "10.0.0.3", "port": 5060, "location_id": loc["id"]}),
        (f"/api/v1/registration-groups/{grp['id']}", {"name": "G2", "kind": "regular",
                                                       "registrations": [{"type": "line", "line_id": line["id"]}]},
         {"name": "G3", "kind": "regular", "registrations": [{"type": "line", "line_id": line["id"]}]}),
        (f"/api/v1/templates/{tpl['id']}", {"name": "T", "manufacturer": "Polycom", "model": "VVX 410",
                                           "language": "German, Germany"},
         {"name": "T", "manufacturer": "Polycom", "model": "VVX 410", "time_zone": "Europe/Berlin"}),
        ("/api/v1/settings/business-hours", {"days": [1, 2, 3], "start": "08:00", "end": "17:00", "time_zone": ""},
         {"days": [1, 2], "start": "09:00", "end": "17:00", "time_zone": ""}),
        ("/api/v1/settings/provisioning", {"trusted_networks": ["10.0.0.0/8"]},
         {"trusted_networks": ["192.168.0.0/16"]}),
    ]
    for path, theirs, mine in cases:
        check_record(a, path, mine, lambda p, t=theirs: (a if "settings" in p else b).put(p, t))
    uid = add_user(a, "cy", "viewer") and [u for u in a.get("/api/v1/users").json["items"] if u["username"] == "cy"][0]["id"]
    check_record(a, f"/api/v1/users/{uid}", {"display_name": "Cy"},
                 lambda p: a.patch(p, {"display_name": "Cyrus"}))
    # A license pool: the list carries no version, its change moves it on.
    r = a.put("/api/v1/station-licenses/Client Access".replace(" ", "%20"), {"total": 5})
    assert r.status == 200 and etag(r), r
    r2 = a.put("/api/v1/station-licenses/Client%20Access", {"total": 6}, headers={"If-Match": etag(r)})
    assert r2.status == 200 and etag(r2) != etag(r)
    r3 = a.put("/api/v1/station-licenses/Client%20Access", {"total": 7}, headers={"If-Match": etag(r)})
    assert r3.status == 412, r3


def test_adoption_offers_and_takes_only_records_that_can_hold_the_mac(srv):
    a = STATE["a"]
    mac = "0004f2dd0001"
    Phone(srv, agent="FileTransport PolycomVVX-VVX_410-UA/6.4.5.1251").get(f"/{mac}.cfg")
    for _ in range(100):
        if any(i["mac"] == "00:04:f2:dd:00:01" for i in a.get("/api/v1/provisional-phones").json["items"]):
            break
        import time
        time.sleep(0.05)
    spare = a.post("/api/v1/phones", {"name": "Spare Polycom", "manufacturer": "Polycom", "model": "VVX 410"}).json
    other = a.post("/api/v1/phones", {"name": "AudioCodes spare", "manufacturer": "AudioCodes", "model": "420HD"}).json
    soft = a.post("/api/v1/phones", {"name": "A Soft Phone", "manufacturer": "ININ", "model": "Soft Phone"}).json
    has = a.post("/api/v1/phones", {"name": "Has a MAC", "manufacturer": "Polycom", "model": "VVX 410",
                                    "address": "0004f2dd00ff"}).json
    cands = a.get(f"/api/v1/provisional-phones/{mac}/candidates").json
    names = [x["name"] for x in cands["items"]]
    assert "Spare Polycom" in names and names == sorted(names, key=str.lower), names
    assert not {"AudioCodes spare", "A Soft Phone", "Has a MAC"} & set(names), names
    assert [x["name"] for x in a.get(f"/api/v1/provisional-phones/{mac}/candidates?q=spare%20pol").json["items"]] == \
        ["Spare Polycom"], "searchable"
    for p, why in ((soft, "computer name"), (other, "start with"), (has, "already")):
        r = a.post(f"/api/v1/provisional-phones/{mac}/assign", {"phone_id": p["id"]})
        assert r.status == 422 and r.error_field() == "phone_id" and why in r.json["error"]["message"], (p["name"], r)
        assert a.get(f"/api/v1/phones/{p['id']}").json["address"] in (None, "00:04:f2:dd:00:ff"), "unchanged"
    old = etag(a.get(f"/api/v1/phones/{spare['id']}"))
    r = a.post(f"/api/v1/provisional-phones/{mac}/assign", {"phone_id": spare["id"]})
    assert r.status == 200 and r.json["address"] == "00:04:f2:dd:00:01", r
    assert etag(a.get(f"/api/v1/phones/{spare['id']}")) != old, "adoption moves the version on"


TMM = ("Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address\r\n"
       "Twice 1,Workstation,Polycom,VVX 410,,8101,,,\r\n"
       "Twice 2,Workstation,Polycom,VVX 410,,8102,,,\r\n")


def test_a_double_commit_starts_one_job(srv):
    a = STATE["a"]
    r = a.request("POST", "/api/v1/assistant/imports?filename=twice.csv", raw=TMM.encode(), content_type="text/csv")
    assert r.status == 201 and r.json["report"]["accepted"] == 2, r
    path = f"/api/v1/assistant/imports/{r.json['id']}/commit"
    out = []
    threads = [threading.Thread(target=lambda: out.append(a.post(path))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [x.status for x in out] == [202, 202], out
    assert out[0].json["id"] == out[1].json["id"], "both clicks answer with the same job"
    assert wait_job(a, out[0].json["id"])["state"] == "done"
    again = a.post(path)
    assert again.status == 202 and again.json["id"] == out[0].json["id"], again
    names = [p["name"] for p in a.get("/api/v1/phones?q=Twice").json["items"]]
    assert sorted(names) == ["Twice 1", "Twice 2"], names


def test_every_phone_a_filter_matches_can_be_changed_rebooted_and_deleted(srv):
    a = STATE["a"]
    for i in range(30):
        assert a.post("/api/v1/phones", {"name": f"Lot {i:02d}", "manufacturer": "Polycom", "model": "VVX 410",
                                         "stations": [{"extension": f"76{i:02d}",
                                                       "identification_address": f"sip:76{i:02d}@127.0.0.1:5999"}]}
                      ).status == 201
    sel = {"filter": {"q": "Lot "}, "expect": 30}
    r = a.post("/api/v1/phones/bulk-update", {**sel, "changes": {"audio_protocol": "SRTP"}})
    assert r.status == 200 and r.json["updated"] == 30, r
    assert all(a.get(f"/api/v1/phones/{p['id']}").json["audio_protocol"] == "SRTP"
               for p in a.get("/api/v1/phones?q=Lot%20&limit=100").json["items"])
    # The count confirmed must still be the count matched.
    r = a.post("/api/v1/phones/bulk-update", {"filter": {"q": "Lot "}, "expect": 29, "changes": {"active": False}})
    assert r.status == 422 and r.json["error"]["code"] == "stale_selection" and "30" in r.json["error"]["message"], r
    assert a.post("/api/v1/phones/bulk-update", {"filter": {"q": "Lot "}, "changes": {"active": False}}).status == 422, \
        "a filter needs the count confirmed"
    r = a.post("/api/v1/reboots", {**sel, "when": "now"})
    assert r.status == 201 and r.json["total"] == 30, r
    # Delete: some by id, then the rest by the filter.
    ids = [p["id"] for p in a.get("/api/v1/phones?q=Lot%200&limit=100").json["items"]]
    assert len(ids) == 10
    r = a.post("/api/v1/phones/bulk-delete", {"phones": ids})
    assert r.status == 200 and r.json["deleted"] == 10, r
    r = a.post("/api/v1/phones/bulk-delete", {"filter": {"q": "Lot "}, "expect": 30})
    assert r.status == 422 and r.json["error"]["code"] == "stale_selection", r
    assert a.get("/api/v1/phones?q=Lot%20").json["total"] == 20, "nothing deleted by a stale confirmation"
    r = a.post("/api/v1/phones/bulk-delete", {"filter": {"q": "Lot "}, "expect": 20})
    assert r.status == 200 and r.json["deleted"] == 20, r
    assert a.get("/api/v1/phones?q=Lot%20").json["total"] == 0
    audit = a.get("/api/v1/audit?action=phone.bulk_delete").json["items"]
    assert audit and audit[0]["detail"]["count"] == 20, audit
    assert a.post("/api/v1/phones/bulk-delete", {"filter": {"q": "no such phone"}, "expect": 1}).status == 422


def test_change_multiple_offers_the_firmware_of_the_selected_models_and_checks_first(srv):
    a = STATE["a"]
    ids = []
    for name, model in (("Menu A", "VVX 410"), ("Menu B", "VVX 410"), ("Menu C", "VVX 310")):
        r = a.post("/api/v1/phones", {"name": name, "manufacturer": "Polycom", "model": model})
        assert r.status == 201, r
        ids.append(r.json["id"])
    ch = a.post("/api/v1/phones/bulk-choices", {"phones": ids}).json
    assert ch["count"] == 3 and [(m["model"], m["phones"]) for m in ch["models"]] == [("VVX 310", 1), ("VVX 410", 2)], ch
    assert ch["firmware_versions"], "VVX 410 and VVX 310 share firmware versions"
    vs = ch["firmware_versions"]
    def key(v):
        return tuple(int(re.match(r"\d*", p).group() or 0) for p in v.split("."))
    assert vs == sorted(vs, key=key, reverse=True), f"newest first, by number: {vs}"
    soft = a.post("/api/v1/phones", {"name": "Menu Soft", "manufacturer": "ININ", "model": "Soft Phone"}).json["id"]
    ch2 = a.post("/api/v1/phones/bulk-choices", {"phones": ids + [soft]}).json
    assert ch2["firmware_versions"] == [] and any(not m["selectable_firmware"] for m in ch2["models"]), ch2
    # A check changes nothing and says how many phones would need a reboot.
    before = [a.get(f"/api/v1/phones/{i}").json["firmware_version"] for i in ids]
    r = a.post("/api/v1/phones/bulk-update", {"phones": ids, "changes": {"firmware_version": vs[0]}, "check": True})
    assert r.status == 200 and r.json == {"checked": 3, "reboot_pending": 0}, r
    assert [a.get(f"/api/v1/phones/{i}").json["firmware_version"] for i in ids] == before, "a check saves nothing"
    r = a.post("/api/v1/phones/bulk-update", {"phones": ids + [soft], "changes": {"firmware_version": vs[0]},
                                              "check": True})
    assert r.status == 422 and "Menu Soft" in r.json["error"]["message"], r


def test_estate_wide_actions_say_their_reach_before_they_run(srv):
    a = STATE["a"]
    ids = []
    for name, st in (("Reach IP", [{"extension": "7401", "identification_address": "sip:7401@127.0.0.1:5998"}]),
                     ("Reach host", [{"extension": "7402", "identification_address": "sip:7402@pbx.example.com"}]),
                     ("Reach none", [])):
        r = a.post("/api/v1/phones", {"name": name, "manufacturer": "Polycom", "model": "VVX 410", "stations": st})
        assert r.status == 201, r
        ids.append(r.json["id"])
    before = a.get("/api/v1/reboots").json["total"]
    r = a.post("/api/v1/reboots", {"phones": ids, "when": "now", "check": True})
    assert r.status == 200 and r.json["total"] == 3 and r.json["reachable"] == 1, r
    assert sum(u["phones"] for u in r.json["unreachable"]) == 2 and all("No contact" in u["reason"]
                                                                        for u in r.json["unreachable"]), r
    assert a.get("/api/v1/reboots").json["total"] == before, "a check starts no campaign"
    r = a.post("/api/v1/reboots", {"reboot_pending": True, "check": True})
    assert r.status == 200 and r.json["total"] == a.get("/api/v1/phones?q=Reboot%20pending").json["total"], r
    # A firmware upload: how many phones on "latest" it would move.
    r = a.get("/api/v1/firmware/reach?manufacturer=Polycom&model=VVX%20410&version=5.9.6.2327")
    assert r.status == 200 and r.json["becomes_latest"] is True and r.json["latest"] is None, r
    on_latest = r.json["phones_on_latest"]
    assert on_latest >= 3 and r.json["moving"] == on_latest, r
    q = "manufacturer=Polycom&model=VVX%20410&version=5.9.6.2327&filename=sip.ld"
    assert a.request("POST", f"/api/v1/firmware?{q}", raw=b"x" * 1000,
                     content_type="application/octet-stream").status == 201
    r = a.get("/api/v1/firmware/reach?manufacturer=Polycom&model=VVX%20410&version=5.8.0")
    assert r.status == 200 and r.json["latest"] == "5.9.6.2327" and r.json["becomes_latest"] is False \
        and r.json["moving"] == 0, r
    assert a.get("/api/v1/firmware/reach?manufacturer=Polycom&model=VVX%20410&version=9.9").status == 422
