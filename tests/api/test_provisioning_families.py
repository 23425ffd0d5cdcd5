"""Each phone family boots from the provisioning server as the seed
describes: Interaction SIP Station, AudioCodes/Genesys and the SIP Soft
Phone; the firmware repository (checksummed uploads, ranges, the version a
phone selects, files in use cannot be deleted); custom config_files."""
import hashlib
import os
import re

from harness import setup_admin
from test_provisioning import Phone, attrs, wait_for

STATE = {}
AUDC = "00908f602aac"
AUDC_UA = "AUDC-IPPhone/2.2.16.643 (420HDG-Rev0; 00908F602AAC)"
ISS = "0026fd000101"
VVX = "0004f2aabb07"
VVX_UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.7.4477"


def kv(text):
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith(";"))


def upload_firmware(c, man, model, version, filename, data):
    q = f"manufacturer={man}&model={model.replace(' ', '%20')}&version={version.replace(' ', '%20')}&filename={filename}"
    return c.request("POST", f"/api/v1/firmware?{q}", raw=data, content_type="application/octet-stream")


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.1/32"]}).status == 200
    r = c.post("/api/v1/locations", {"name": "Sydney", "time_zone": "Australia/Sydney", "sntp_server": "10.1.1.1",
                                      "codec_preference": ["G.711 A-law"]})
    assert r.status == 201, r
    for name, man, model, mac, extra in (
            ("Desk420", "AudioCodes", "420HD", AUDC, {"firmware_version": "2.2.16.643", "location": "Sydney"}),
            ("DeskISS", "ININ", "Interaction SIP Station", ISS, {}),
            ("DeskVVX", "Polycom", "VVX 410", VVX, {"custom_attributes": {"config_files": "[MACADDRESS]-mb.cfg"}}),
            ("AgentPC1", "ININ", "Soft Phone", "AgentPC1.lab.local", {})):
        body = {"name": name, "manufacturer": man, "model": model, "type": "workstation", "address": mac,
                "stations": [{"extension": str(7100 + len(STATE)), "label": name}]}
        body.update(extra)
        r = c.post("/api/v1/phones", body)
        assert r.status == 201, r
        STATE[name] = r.json


def test_firmware_uploads_are_checksummed_and_validated(srv):
    c = STATE["c"]
    img = os.urandom(300_000)
    STATE["img"] = img
    r = upload_firmware(c, "AudioCodes", "420HD", "2.2.16.643", "420HD.img", img)
    assert r.status == 201 and r.json["sha256"] == hashlib.sha256(img).hexdigest() and r.json["size"] == len(img), r
    STATE["fw_audc"] = r.json["id"]
    assert upload_firmware(c, "AudioCodes", "420HD", "2.2.16.643", "420HD.img", img).status == 409
    assert upload_firmware(c, "AudioCodes", "420HD", "9.9.9", "x.img", img).error_field() == "version"
    assert upload_firmware(c, "AudioCodes", "Nope", "2.2.16.643", "x.img", img).error_field() == "model"
    assert upload_firmware(c, "AudioCodes", "420HD", "2.2.8.61", "../x.img", img).error_field() == "filename"
    assert upload_firmware(c, "AudioCodes", "420HD", "2.2.8.61", "old.img", b"").status == 422, "empty"
    r = upload_firmware(c, "Polycom", "VVX 410", "5.9.7.4477 Rev F", "3111-46135-002.sip.ld", b"polycom image" * 1000)
    assert r.status == 201, r
    STATE["fw_vvx"] = r.json["id"]
    items = c.get("/api/v1/firmware").json["items"]
    assert {(i["model"], i["version"], i["used_by"]) for i in items} == {
        ("420HD", "2.2.16.643", 1), ("VVX 410", "5.9.7.4477 Rev F", 1)}, items
    assert c.delete(f"/api/v1/firmware/{STATE['fw_audc']}").status == 409, "a phone selects it"


def test_audiocodes_boots_firmware_range_then_its_file(srv):
    p = Phone(srv, agent=AUDC_UA)
    img = STATE["img"]
    status, hd, body = p.request("GET", "/420HD.img", headers={"Range": "bytes=0-1023"})
    assert status == 206 and hd["content-range"] == f"bytes 0-1023/{len(img)}" and hd["content-length"] == "1024"
    status, hd, _ = p.request("GET", "/420HD.img", headers={"Range": "bytes=-100"})
    assert status == 206 and hd["content-range"] == f"bytes {len(img) - 100}-{len(img) - 1}/{len(img)}"
    assert p.request("GET", "/420HD.img", headers={"Range": f"bytes={len(img)}-"})[0] == 416
    import http.client
    h = http.client.HTTPConnection("127.0.0.1", srv.prov_port, timeout=10)
    h.request("GET", "/420HD.img", headers={"User-Agent": AUDC_UA})
    r = h.getresponse()
    data = r.read()
    h.close()
    assert r.status == 200 and data == img, "the whole image"
    status, _, body = p.get(f"/{AUDC}.cfg")
    assert status == 200, (status, body)
    v = kv(body)
    assert v["system/type"] == "420HD" and v["voip/line/0/id"] == "7101"
    assert v["voip/line/0/auth_password"] == STATE["Desk420"]["generated_passwords"][0]["sip_password"]
    assert v["system/ntp/primary_server_address"] == "10.1.1.1" and v["system/ntp/gmt_offset"] == "+10:00"
    assert v["voip/signalling/sip/proxy_address"] == "127.0.0.1" and v["voip/signalling/sip/transport_protocol"] == "UDP"
    m = re.match(r"http://([0-9a-f]{12}):([^@]+)@127\.0\.0\.1:(\d+)/420HD\.img$", v["provisioning/firmware/url"])
    assert m and m.group(1) == AUDC, v["provisioning/firmware/url"]
    # Its next fetch must prove itself with the credentials in that URL.
    assert p.get(f"/{AUDC}.cfg")[0] == 401
    status, _, body = p.get_digest(f"/{AUDC}.cfg", AUDC, m.group(2))
    assert status == 200 and kv(body)["voip/line/0/id"] == "7101"
    pid = STATE["Desk420"]["id"]
    ph = wait_for(lambda: (lambda x: x if x["client_address"] and x["status"] == "Up-to-date" else None)(
        STATE["c"].get(f"/api/v1/phones/{pid}").json))
    assert ph["running_firmware"] == "2.2.16.643", ph


def test_interaction_sip_station_gets_its_file(srv):
    p = Phone(srv, agent="Interaction SIP Station/2.2.2.77")
    status, _, body = p.get(f"/{ISS.upper()}.cfg")
    assert status == 200 and kv(body)["voip/line/0/id"] == "7102", body
    assert p.get("/sip100.img")[0] == 404, "no image uploaded for it"


def test_polycom_gets_the_selected_firmware_and_custom_files(srv):
    c, p = STATE["c"], Phone(srv, agent=VVX_UA)
    status, _, body = p.get(f"/{VVX}.cfg")
    a = attrs(body)
    assert a["APP_FILE_PATH"] == f"firmware/{STATE['fw_vvx']}/3111-46135-002.sip.ld", a
    assert "0004f2aabb07-mb.cfg" in a["CONFIG_FILES"]
    status, _, body = p.get("/" + a["APP_FILE_PATH"])
    assert status == 200 and body.startswith("polycom image")
    assert p.get(f"/firmware/{STATE['fw_vvx']}/other.sip.ld")[0] == 404
    assert p.get("/0004f2aabb07-mb.cfg")[0] == 404
    mb = '<mb mb.idleDisplay.home="http://intranet.example.com"/>'
    r = c.request("PUT", "/api/v1/custom-files/Polycom/0004f2aabb07-mb.cfg", raw=mb.encode(), content_type="text/plain")
    assert r.status == 200, r
    assert c.request("PUT", "/api/v1/custom-files/Polycom/..%2Fx.cfg", raw=b"x", content_type="text/plain").status in (404, 422)
    assert c.request("PUT", "/api/v1/custom-files/Cisco/x.cfg", raw=b"x", content_type="text/plain").status == 422
    status, _, body = p.get("/0004f2aabb07-mb.cfg")
    assert status == 200 and body == mb
    assert c.get("/api/v1/custom-files").json["items"][0]["name"] == "0004f2aabb07-mb.cfg"
    assert c.delete("/api/v1/custom-files/Polycom/0004f2aabb07-mb.cfg").status == 204
    assert p.get("/0004f2aabb07-mb.cfg")[0] == 404


def test_a_polycom_phone_boots_every_file_in_order(srv):
    """The seed's provision sequence: master, firmware (a part, then the
    rest), every CONFIG_FILES entry, then uploads of overrides and logs."""
    p = Phone(srv, agent=VVX_UA)
    status, _, master = p.get(f"/{VVX}.cfg")
    a = attrs(master)
    status, hd, _ = p.request("GET", "/" + a["APP_FILE_PATH"], headers={"Range": "bytes=0-63"})
    assert status == 206 and hd["content-range"].startswith("bytes 0-63/")
    got, pw = {}, None
    for f in [x.strip() for x in a["CONFIG_FILES"].split(",")]:
        status, _, body = p.get("/" + f)
        got[f] = status
        if f.startswith("phone/"):
            assert status == 200 and attrs(body)["reg.1.address"] == "7103", "first fetch: trusted network"
            pw = attrs(body)["device.prov.password"]
    assert all(v == 200 for k, v in got.items() if not k.endswith("-mb.cfg")), got
    # Uploads: with the credentials its own file gave it.
    assert p.request("PUT", f"/overrides/{VVX}-phone.cfg", body='<OVERRIDES x="1"/>')[0] == 401
    assert p.digest("PUT", f"/overrides/{VVX}-phone.cfg", VVX, pw,
                    body='<OVERRIDES up.backlight.idleIntensity="1"/>')[0] == 201
    assert p.digest("PUT", f"/logs/{VVX}-boot.log", VVX, pw, body="boot ok\n")[0] == 201
    status, _, body = p.digest("GET", f"/overrides/{VVX}-phone.cfg", VVX, pw)
    assert status == 200 and "idleIntensity" in body


def test_sip_soft_phone_gets_its_i3sipcfg(srv):
    p = Phone(srv, agent="Interaction SIP Soft Phone/23.1")
    status, _, body = p.get("/agentpc1.lab.local.i3sipcfg")
    assert status == 200, (status, body)
    v = kv(body)
    assert v["sip/line/1/user"] == "7104" and v["provisioning/user"] == "AgentPC1.lab.local"
    status, _, _ = p.get("/AgentPC1.lab.local.i3sipcfg")
    assert status == 401, "the second fetch must prove itself"
    status, _, body = p.get_digest("/AgentPC1.lab.local.i3sipcfg", "AgentPC1.lab.local", v["provisioning/password"])
    assert status == 200
    unknown = p.get("/Unknown-PC.i3sipcfg")
    assert unknown[0] == 401 and unknown[2] == "This file is served to its phone only.\n", \
        "a computer name that is no phone's gets the answer a known one gets"


def test_a_soft_phone_with_an_unknown_computer_name_is_provisional_and_adoptable(srv):
    c = STATE["c"]
    r = c.post("/api/v1/phones", {"name": "AgentPC2", "manufacturer": "ININ", "model": "Soft Phone",
                                  "type": "workstation", "stations": [{"extension": "7150"}]})
    assert r.status == 201 and r.json["status"] == "Not provisioned", r
    spare = r.json["id"]
    p = Phone(srv, agent="Interaction SIP Soft Phone/23.1")
    status, _, body = p.get("/PattyJ.acme.com.i3sipcfg")
    assert status == 401 and body == "This file is served to its phone only.\n", "no oracle for unknown names"
    assert p.get("/bad_name!.i3sipcfg")[0] == 401
    seen = wait_for(lambda: [x for x in c.get("/api/v1/provisional-phones").json["items"]
                             if x["mac"] == "PattyJ.acme.com"])
    assert seen[0]["manufacturer"] == "ININ" and seen[0]["model"] == "Soft Phone", seen
    assert not [x for x in c.get("/api/v1/provisional-phones").json["items"] if x["mac"].startswith("bad")], \
        "a name that is no host name is not recorded"
    cands = c.get("/api/v1/provisional-phones/PattyJ.acme.com/candidates").json["items"]
    assert [x["name"] for x in cands] == ["AgentPC2"], "only soft phones without an address can take a name"
    r = c.post("/api/v1/provisional-phones/PattyJ.acme.com/assign", {"phone_id": STATE["DeskVVX"]["id"]})
    assert r.status == 422 and r.error_field() == "phone_id", r
    assert c.get("/api/v1/provisional-phones/never.seen.example/candidates").status == 404
    r = c.post("/api/v1/provisional-phones/PattyJ.acme.com/assign", {"phone_id": spare})
    assert r.status == 200 and r.json["address"] == "PattyJ.acme.com", r
    assert not [x for x in c.get("/api/v1/provisional-phones").json["items"] if x["mac"] == "PattyJ.acme.com"]
    status, _, body = p.get("/pattyj.acme.com.i3sipcfg")   # trusted network, first fetch
    assert status == 200 and kv(body)["sip/line/1/user"] == "7150", (status, body)


def test_unused_firmware_can_be_deleted(srv):
    c = STATE["c"]
    pid = STATE["Desk420"]["id"]
    assert c.delete(f"/api/v1/phones/{pid}").status == 204
    assert c.delete(f"/api/v1/firmware/{STATE['fw_audc']}").status == 204
    assert Phone(srv, agent=AUDC_UA).get("/420HD.img")[0] == 404
