"""The provisioning server as Polycom phones use it: the master file and
the files it lists in the seed's order, ETag/304, the proof a phone gives
before it gets its SIP passwords (trusted networks for the first fetch,
then HTTP digest with its own credentials), status and last contact,
provisional phones for unknown MACs, uploads, and throttling of MAC
scans."""
import hashlib
import http.client
import os
import re
import ssl
import time

from harness import setup_admin

STATE = {}
MAC = "0004f2aabb01"
UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373"


class Phone:
    """A scripted Polycom phone talking to the provisioning listener."""

    def __init__(self, srv, tls=False, agent=UA):
        self.srv, self.tls, self.agent = srv, tls, agent

    def request(self, method, path, headers=None, body=None):
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            h = http.client.HTTPSConnection("127.0.0.1", self.srv.prov_tls_port, timeout=10, context=ctx)
        else:
            h = http.client.HTTPConnection("127.0.0.1", self.srv.prov_port, timeout=10)
        hd = {"User-Agent": self.agent}
        hd.update(headers or {})
        h.request(method, path, body=body, headers=hd)
        r = h.getresponse()
        data = r.read()
        out = (r.status, {k.lower(): v for k, v in r.getheaders()}, data.decode("utf-8", "replace"))
        h.close()
        return out

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def get_digest(self, path, user, password, tamper=False):
        """GET, answer the digest challenge (qop=auth) as a phone does."""
        status, hd, body = self.get(path)
        if status != 401:
            return status, hd, body
        ch = dict(re.findall(r'(\w+)="([^"]*)"', hd["www-authenticate"]))
        nc, cnonce = "00000001", "0a4f113b"
        ha1 = hashlib.md5(f"{user}:{ch['realm']}:{password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"GET:{path}".encode()).hexdigest()
        resp = hashlib.md5(f"{ha1}:{ch['nonce']}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
        if tamper:
            resp = resp[:-1] + ("0" if resp[-1] != "0" else "1")
        auth = (f'Digest username="{user}", realm="{ch["realm"]}", nonce="{ch["nonce"]}", uri="{path}", '
                f'algorithm=MD5, qop=auth, nc={nc}, cnonce="{cnonce}", response="{resp}"')
        return self.get(path, headers={"Authorization": auth})


def attrs(xml):
    return dict(re.findall(r'\s([\w.]+)="([^"]*)"', xml))


def wait_for(fn, seconds=5):
    deadline = time.time() + seconds
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.post("/api/v1/locations", {"name": "New York", "time_zone": "America/New_York",
                                      "sntp_server": "ntp.example.com", "codec_preference": ["G.711 mu-law"]})
    assert r.status == 201, r
    r = c.post("/api/v1/phones", {
        "name": "Lobby", "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation",
        "address": MAC, "location": "New York", "language": "English, United States",
        "advanced_options": {"rtp_dscp": 40, "config_time_zone_overrides_dhcp": True},
        "custom_attributes": {"CONFIG_FILES": "[MACADDRESS]-custom.cfg, [MODEL]-site.cfg"},
        "stations": [{"extension": "7001", "label": "Lobby desk"}, {"extension": "7002", "label": "Second"}]})
    assert r.status == 201, r
    STATE["phone"] = r.json
    STATE["pw"] = r.json["generated_passwords"][0]["sip_password"]


def test_the_master_file_lists_the_files_in_the_seeds_order(srv):
    status, hd, body = Phone(srv).get(f"/{MAC.upper()}.cfg")
    assert status == 200 and "<APPLICATION" in body, (status, body)
    files = [f.strip() for f in attrs(body)["CONFIG_FILES"].split(",")]
    guid = files[1][len("phone/"):-len(".cfg")]
    assert files == ["server/cert/ca.cfg", f"phone/{guid}.cfg", "proxy/_Default_Registration_Group_.cfg",
                     "0004f2aabb01-custom.cfg", "VVX410-site.cfg", "server/xic.cfg", "phone1.cfg", "sip.cfg"], files
    assert attrs(body)["OVERRIDES_DIRECTORY"] == "overrides/"
    assert "password" not in body.lower()
    STATE["guid"] = guid
    assert hd["etag"].startswith('"')
    status, _, body = Phone(srv).get(f"/{MAC}.cfg", headers={"If-None-Match": hd["etag"]})
    assert status == 304 and body == "", "an unchanged file is not sent again"


def test_the_common_files(srv):
    p = Phone(srv)
    status, _, body = p.get("/proxy/_Default_Registration_Group_.cfg")
    a = attrs(body)
    assert status == 200 and a["voIpProt.server.1.address"] == "127.0.0.1", body
    assert a["voIpProt.server.1.port"] == "5060" and a["voIpProt.server.1.transport"] == "UDPOnly"
    status, _, body = p.get("/server/xic.cfg")
    assert status == 200 and "*901" in body and attrs(body)["call.parkedCallRetrieveString"] == "*903"
    status, _, body = p.get("/server/cert/ca.cfg")
    assert status == 200 and "BEGIN CERTIFICATE" in body and "PRIVATE KEY" not in body
    for f in ("/phone1.cfg", "/sip.cfg"):
        assert p.get(f)[0] == 200
    assert p.get("/0004f2aabb01-license.cfg")[0] == 404
    status, _, body = Phone(srv, tls=True).get(f"/{MAC}.cfg")
    assert status == 200 and STATE["guid"] in body, "the HTTPS listener serves the same"


def test_the_phone_file_needs_a_proof(srv):
    p, guid = Phone(srv), STATE["guid"]
    status, hd, body = p.get(f"/phone/{guid}.cfg")
    assert status == 401 and hd["www-authenticate"].startswith("Digest "), (status, hd)
    assert STATE["pw"] not in body
    assert p.get("/phone/00000000000000000000000000000000.cfg")[0] == 404


def test_first_fetch_from_a_trusted_network_then_digest_only(srv):
    c, p, guid = STATE["c"], Phone(srv), STATE["guid"]
    r = c.put("/api/v1/settings/provisioning", {"trusted_networks": ["10.0.0.0/8", "nonsense"]})
    assert r.status == 422 and r.error_field() == "trusted_networks[1]", r
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.0/8"]}).status == 200
    status, _, body = p.get(f"/phone/{guid}.cfg")
    assert status == 200, (status, body)
    a = attrs(body)
    assert a["reg.1.address"] == "7001" and a["reg.1.auth.password"] == STATE["pw"]
    assert a["reg.1.label"] == "Lobby desk" and a["reg.2.address"] == "7002"
    assert a["tcpIpApp.sntp.address"] == "ntp.example.com"
    assert a["tcpIpApp.sntp.gmtOffset"] == "-18000" and a["tcpIpApp.sntp.gmtOffset.overrideDHCP"] == "1"
    assert (a["tcpIpApp.sntp.daylightSavings.start.month"], a["tcpIpApp.sntp.daylightSavings.start.date"],
            a["tcpIpApp.sntp.daylightSavings.start.dayOfWeek"]) == ("3", "8", "1"), "second Sunday in March"
    assert a["tcpIpApp.sntp.daylightSavings.stop.month"] == "11"
    assert a["qos.ip.rtp.dscp"] == "40" and a["lcl.ml.lang"] == "English_United_States"
    assert a["voIpProt.SIP.specialEvent.checkSync.alwaysReboot"] == "1"
    assert a["device.prov.user"] == MAC and len(a["device.prov.password"]) == 24
    STATE["prov_pw"] = a["device.prov.password"]
    # Fetched once: the address alone is not enough any more.
    status, _, body = p.get(f"/phone/{guid}.cfg")
    assert status == 401 and STATE["pw"] not in body
    status, _, body = p.get_digest(f"/phone/{guid}.cfg", MAC, STATE["prov_pw"], tamper=True)
    assert status == 401, "a wrong digest answer"
    status, _, body = p.get_digest(f"/phone/{guid}.cfg", MAC, STATE["prov_pw"])
    assert status == 200 and attrs(body)["reg.1.auth.password"] == STATE["pw"]
    import base64
    basic = {"Authorization": "Basic " + base64.b64encode(f"{MAC}:{STATE['prov_pw']}".encode()).decode()}
    assert Phone(srv, tls=True).get(f"/phone/{guid}.cfg", headers=basic)[0] == 200, "Basic over HTTPS"
    assert p.get(f"/phone/{guid}.cfg", headers=basic)[0] == 401, "never Basic in the clear"


def test_status_last_contact_and_firmware_from_the_requests(srv):
    c, pid = STATE["c"], STATE["phone"]["id"]
    # Contact records are written a moment later, in one transaction.
    ph = wait_for(lambda: (lambda x: x if x["status"] == "Up-to-date" and x["client_address"] else None)(
        c.get(f"/api/v1/phones/{pid}").json))
    assert ph["user_agent"] == UA and ph["running_firmware"] == "5.9.0.9373" and ph["client_address"] == "127.0.0.1"
    assert ph["last_contact"] and ph["config_fetched_at"]
    # A change makes it "Reboot pending" until it fetches again.
    body = {k: ph[k] for k in ("name", "manufacturer", "model", "type", "address", "location", "language",
                               "advanced_options", "custom_attributes")}
    body["stations"] = [{"id": s["id"], "extension": s["extension"], "label": s["label"]} for s in ph["stations"]]
    # The file is served from memory now; a change must reach the phone.
    status, _, before = Phone(srv).get_digest(f"/phone/{STATE['guid']}.cfg", MAC, STATE["prov_pw"])
    assert status == 200 and attrs(before)["reg.1.label"] == "Lobby desk"
    body["stations"][0]["label"] = "Lobby main"
    body["options"] = {"ring_volume": 9}
    assert c.put(f"/api/v1/phones/{pid}", body).status == 200
    assert c.get(f"/api/v1/phones/{pid}").json["status"] == "Reboot pending"
    status, _, after = Phone(srv).get_digest(f"/phone/{STATE['guid']}.cfg", MAC, STATE["prov_pw"])
    assert status == 200 and attrs(after)["reg.1.label"] == "Lobby main", "a changed phone gets a new file"
    wait_for(lambda: c.get(f"/api/v1/phones/{pid}").json["status"] == "Up-to-date")


def test_a_factory_reset_phone_can_start_over(srv):
    c, pid, p = STATE["c"], STATE["phone"]["id"], Phone(srv)
    assert c.post(f"/api/v1/phones/{pid}/provisioning-reset").status == 200
    status, _, body = p.get(f"/phone/{STATE['guid']}.cfg")
    assert status == 200 and attrs(body)["device.prov.password"] != STATE["prov_pw"], "a new password"
    STATE["prov_pw"] = attrs(body)["device.prov.password"]


def test_uploads_from_the_phone(srv):
    c, p, pid = STATE["c"], Phone(srv), STATE["phone"]["id"]
    override = '<PHONE_CONFIG><OVERRIDES voice.volume.persist.handset="1"/></PHONE_CONFIG>'
    assert p.request("PUT", f"/overrides/{MAC}-phone.cfg", body=override)[0] == 201
    assert p.request("PUT", f"/logs/{MAC}-app.log", body="0101000000|so  |4|00|boot\n")[0] == 201
    status, _, body = p.get(f"/overrides/{MAC}-phone.cfg")
    assert status == 200 and body == override
    assert p.request("PUT", f"/logs/{MAC}-app.log", body="x" * (1024 * 1024 + 1))[0] == 413
    assert p.request("PUT", "/phone1.cfg", body="<x/>")[0] == 405
    assert p.request("PUT", "/overrides/0004f2999999-phone.cfg", body="<x/>")[0] == 404
    items = c.get(f"/api/v1/phones/{pid}/uploads").json["items"]
    assert {i["name"] for i in items} == {f"{MAC}-phone.cfg", f"{MAC}-app.log"}, items
    r = c.get(f"/api/v1/phones/{pid}/uploads/{MAC}-phone.cfg")
    assert r.status == 200 and r.json["content"] == override


def test_the_phone_simulator_shows_each_file_and_where_each_value_came_from(srv):
    c, pid = STATE["c"], STATE["phone"]["id"]
    before = c.get(f"/api/v1/phones/{pid}").json
    import urllib.parse
    r = c.get(f"/api/v1/simulator?address=00-04-F2-AA-BB-01&user_agent={urllib.parse.quote(UA)}")
    assert r.status == 200 and r.json["family"] == "polycom" and r.json["precedence"] == "first", r
    paths = [f["path"] for f in r.json["files"]]
    assert paths[:3] == [f"/{MAC}.cfg", "/server/cert/ca.cfg", f"/phone/{STATE['guid']}.cfg"], paths
    assert paths[-1] == f"/overrides/{MAC}-phone.cfg" and "/sip.cfg" in paths
    a = {x["name"]: x for x in r.json["attributes"]}
    assert a["reg.1.address"] == {"name": "reg.1.address", "value": "7001", "file": f"/phone/{STATE['guid']}.cfg"}
    assert a["reg.1.auth.password"]["value"] == "********" and STATE["pw"] not in r.raw.decode()
    assert a["voIpProt.SIP.specialEvent.checkSync.alwaysReboot"]["file"] == f"/phone/{STATE['guid']}.cfg", \
        "the first file that sets a value wins"
    assert a["voice.volume.persist.handset"]["file"] == f"/phone/{STATE['guid']}.cfg"
    assert a["prov.autoConfigUpload.enabled"]["file"] == "/phone1.cfg"
    after = c.get(f"/api/v1/phones/{pid}").json
    assert (after["last_contact"], after["config_fetched_at"]) == (before["last_contact"], before["config_fetched_at"]), \
        "the simulator records nothing"
    assert c.get("/api/v1/simulator?address=not-a-phone").error_field() == "address"


def test_an_unknown_mac_gets_no_credential_and_shows_as_provisional(srv):
    c = STATE["c"]
    p = Phone(srv, agent="FileTransport PolycomVVX-VVX_250-UA/6.4.5.1251")
    status, _, body = p.get("/0004f2cc0001.cfg")
    assert status == 200 and "phone/" not in body and "proxy/" not in body, body
    items = wait_for(lambda: [i for i in c.get("/api/v1/provisional-phones").json["items"]
                              if i["mac"] == "00:04:f2:cc:00:01"])
    assert items[0]["model"] == "VVX 250" and items[0]["firmware"] == "6.4.5.1251", items
    # Adopting: a phone with that MAC; it leaves the provisional list.
    assert c.post("/api/v1/phones", {"name": "Adopted", "manufacturer": "Polycom", "model": "VVX 250",
                                     "type": "workstation", "address": "0004f2cc0001"}).status == 201
    assert all(i["mac"] != "00:04:f2:cc:00:01" for i in c.get("/api/v1/provisional-phones").json["items"])
    # Or into an existing record without a MAC.
    Phone(srv).get("/0004f2cc0002.cfg")
    wait_for(lambda: any(i["mac"] == "00:04:f2:cc:00:02" for i in c.get("/api/v1/provisional-phones").json["items"]))
    r = c.post("/api/v1/phones", {"name": "Spare", "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation"})
    assert r.json["status"] == "Not provisioned"
    assert c.post("/api/v1/provisional-phones/0004f2cc0002/assign", {"phone_id": STATE["phone"]["id"]}).status == 409, \
        "a phone with a MAC keeps it"
    r = c.post("/api/v1/provisional-phones/0004f2cc0002/assign", {"phone_id": r.json["id"]})
    assert r.status == 200 and r.json["address"] == "00:04:f2:cc:00:02" and r.json["status"] == "Not registered", r


def test_scanning_the_mac_space_is_throttled(srv):
    p = Phone(srv)
    codes = []
    for _ in range(1000):
        mac = os.urandom(6).hex()
        codes.append(p.get(f"/{mac}.cfg")[0])
        if codes[-1] == 429:
            break
    assert codes[-1] == 429 and len(codes) <= 61, (len(codes), codes[-3:])
    status, hd, _ = p.get(f"/{MAC}.cfg")
    assert status == 429 and int(hd["retry-after"]) > 0, "the address is refused for a while"
    assert "provision.throttled" in srv.logs()
