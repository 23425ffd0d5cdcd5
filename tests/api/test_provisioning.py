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

SERVER_ARGS = ["--provision-upload-seconds", "2", "--request-timeout-seconds", "1"]

STATE = {}
MAC = "0004f2aabb01"
UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373"


class Phone:
    """A scripted Polycom phone talking to the provisioning listener."""

    def __init__(self, srv, tls=False, agent=UA, source="127.0.0.1"):
        self.srv, self.tls, self.agent, self.source = srv, tls, agent, source

    def request(self, method, path, headers=None, body=None):
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            h = http.client.HTTPSConnection("127.0.0.1", self.srv.prov_tls_port, timeout=10, context=ctx,
                                            source_address=(self.source, 0))
        else:
            h = http.client.HTTPConnection("127.0.0.1", self.srv.prov_port, timeout=10,
                                           source_address=(self.source, 0))
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
        return self.digest("GET", path, user, password, tamper=tamper)

    def authorization(self, method, path, user, password, challenge, nc="00000001", tamper=False):
        ch = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
        cnonce = "0a4f113b"
        ha1 = hashlib.md5(f"{user}:{ch['realm']}:{password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"{method}:{path}".encode()).hexdigest()
        resp = hashlib.md5(f"{ha1}:{ch['nonce']}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
        if tamper:
            resp = resp[:-1] + ("0" if resp[-1] != "0" else "1")
        return (f'Digest username="{user}", realm="{ch["realm"]}", nonce="{ch["nonce"]}", uri="{path}", '
                f'algorithm=MD5, qop=auth, nc={nc}, cnonce="{cnonce}", response="{resp}"')

    def challenge(self):
        """A fresh challenge, as any request without proof gets one."""
        status, hd, _ = self.get("/phone/00000000000000000000000000000000.cfg")
        assert status == 401, status
        return hd["www-authenticate"]

    def digest(self, method, path, user, password, body=None, tamper=False):
        """A request answered to the digest challenge as a phone does."""
        status, hd, text = self.request(method, path, body=body)
        if status != 401:
            return status, hd, text
        auth = self.authorization(method, path, user, password, hd["www-authenticate"], tamper=tamper)
        return self.request(method, path, headers={"Authorization": auth}, body=body)


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


def without_nonce(hd):
    """A 401's headers with the challenge's nonce and the date blanked."""
    out = dict(hd)
    out["www-authenticate"] = re.sub(r'nonce="[0-9a-f]{56}"', 'nonce="…"', hd["www-authenticate"])
    out.pop("date", None)
    return out


def test_a_known_mac_without_proof_looks_like_an_unknown_one(srv):
    p = Phone(srv)
    known = p.get(f"/{MAC.upper()}.cfg")
    unknown = p.get("/0004f2ee0001.cfg")
    assert known[0] == unknown[0] == 401, (known, unknown)
    assert without_nonce(known[1]) == without_nonce(unknown[1]), (known[1], unknown[1])
    assert known[2] == unknown[2] and "phone/" not in known[2], "nothing names the phone's own file"
    assert known[1]["www-authenticate"] != unknown[1]["www-authenticate"], "each challenge has its own nonce"
    # The same with a made-up digest answer, and for the phone file names.
    for path in (f"/{MAC}.cfg", "/0004f2ee0002.cfg"):
        auth = p.authorization("GET", path, path[1:13], "guess", p.challenge())
        st, hd, body = p.get(path, headers={"Authorization": auth})
        assert (st, body) == (401, "This file is served to its phone only.\n"), (path, st, body)
        assert "stale" not in hd["www-authenticate"]
    time.sleep(0.8)		# contact records are written four times a second
    ph = STATE["c"].get(f"/api/v1/phones/{STATE['phone']['id']}").json
    assert ph["client_address"] in (None, "") and ph["running_firmware"] in (None, ""), \
        "no request without proof has told where the phone is"


def test_the_master_file_lists_the_files_in_the_seeds_order(srv):
    # First contact from the trusted network: the phone has no credentials yet.
    assert STATE["c"].put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.0/8"]}).status == 200
    status, hd, body = Phone(srv).get(f"/{MAC.upper()}.cfg")
    assert status == 200 and "<APPLICATION" in body, (status, body)
    files = [f.strip() for f in attrs(body)["CONFIG_FILES"].split(",")]
    guid = files[1][len("phone/"):-len(".cfg")]
    # The seed: custom files after server/xic.cfg, immediately before phone1.cfg.
    assert files == ["server/cert/ca.cfg", f"phone/{guid}.cfg", "proxy/_Default_Registration_Group_.cfg",
                     "server/xic.cfg", "0004f2aabb01-custom.cfg", "VVX410-site.cfg", "phone1.cfg", "sip.cfg"], files
    assert attrs(body)["OVERRIDES_DIRECTORY"] == "overrides/"
    assert "password" not in body.lower()
    STATE["guid"] = guid
    assert hd["etag"].startswith('"')
    status, _, body = Phone(srv).get(f"/{MAC}.cfg", headers={"If-None-Match": hd["etag"]})
    assert status == 304 and body == "", "an unchanged file is not sent again"
    status, _, body = Phone(srv, source="127.0.0.2").get("/000000000000.cfg")
    assert status == 200 and "phone/" not in body and "APPLICATION" in body, "the fallback master is anyone's"


def test_the_common_files(srv):
    p = Phone(srv)
    status, _, body = p.get("/proxy/_Default_Registration_Group_.cfg")
    a = attrs(body)
    assert status == 200 and a["voIpProt.server.1.address"] == "127.0.0.1", body
    assert a["voIpProt.server.1.port"] == "8060" and a["voIpProt.server.1.transport"] == "UDPOnly", "<Stations-UDP> on 8060"
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
    assert STATE["c"].put("/api/v1/settings/provisioning", {"trusted_networks": []}).status == 200
    p, guid = Phone(srv), STATE["guid"]
    status, hd, body = p.get(f"/phone/{guid}.cfg")
    assert status == 401 and hd["www-authenticate"].startswith("Digest "), (status, hd)
    assert STATE["pw"] not in body
    other = p.get("/phone/00000000000000000000000000000000.cfg")
    assert (other[0], other[2]) == (status, body) and without_nonce(other[1]) == without_nonce(hd), \
        "a file name that is no phone's gets the same answer"


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
    assert status == 401, ("a wrong digest answer", status, body)
    status, _, body = p.get_digest(f"/phone/{guid}.cfg", MAC, STATE["prov_pw"])
    assert status == 200 and attrs(body)["reg.1.auth.password"] == STATE["pw"]
    import base64
    basic = {"Authorization": "Basic " + base64.b64encode(f"{MAC}:{STATE['prov_pw']}".encode()).decode()}
    assert Phone(srv, tls=True).get(f"/phone/{guid}.cfg", headers=basic)[0] == 200, "Basic over HTTPS"
    assert p.get(f"/phone/{guid}.cfg", headers=basic)[0] == 401, "never Basic in the clear"


def test_use_ic_server_gives_the_phone_the_appliances_time_server(srv):
    """A location's SNTP server left empty is the seed's "Use IC server":
    the phone gets the time server set under Network records."""
    c, p, guid = STATE["c"], Phone(srv), STATE["guid"]
    loc = [x for x in c.get("/api/v1/locations").json["items"] if x["name"] == "New York"][0]
    body = {k: loc[k] for k in ("name", "time_zone", "codec_preference") if k in loc}
    assert c.put(f"/api/v1/locations/{loc['id']}", dict(body, sntp_server="")).status == 200
    status, _, xml = p.get_digest(f"/phone/{guid}.cfg", MAC, STATE["prov_pw"])
    assert status == 200 and "tcpIpApp.sntp.address" not in attrs(xml), "no time server anywhere yet"
    net = {"domain": "lab.voip", "provision_host": "provision", "provision_addresses": ["10.0.0.5"],
           "pbx_hosts": ["pbx1.lab.voip"]}
    r = c.put("/api/v1/settings/network", dict(net, time_server="not a host!"))
    assert r.status == 422 and r.error_field() == "time_server", r
    assert c.put("/api/v1/settings/network", dict(net, time_server="ntp.lab.voip")).status == 200
    status, _, xml = p.get_digest(f"/phone/{guid}.cfg", MAC, STATE["prov_pw"])
    assert status == 200 and attrs(xml)["tcpIpApp.sntp.address"] == "ntp.lab.voip", xml[:400]
    # A location that names its own server keeps it.
    assert c.put(f"/api/v1/locations/{loc['id']}", dict(body, sntp_server="ntp.example.com")).status == 200
    status, _, xml = p.get_digest(f"/phone/{guid}.cfg", MAC, STATE["prov_pw"])
    assert attrs(xml)["tcpIpApp.sntp.address"] == "ntp.example.com"


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


def test_use_global_sip_station_transport_settings_follows_the_global_dscp(srv):
    """Seed 001, the QoS setting for SIP: the Default Station
    Configuration's SIP DSCP value reaches every phone that keeps "Use
    Global SIP Station Transport Settings"; a phone that clears it gets
    its own."""
    c, pid = STATE["c"], STATE["phone"]["id"]

    def dscp():
        status, _, xml = Phone(srv).get_digest(f"/phone/{STATE['guid']}.cfg", MAC, STATE["prov_pw"])
        assert status == 200, status
        return attrs(xml)["qos.ip.callControl.dscp"]

    assert c.get("/api/v1/settings/provisioning").json["sip_dscp"] == 24
    assert dscp() == "24", "the global default, 60 hex"
    r = c.put("/api/v1/settings/provisioning", {"sip_dscp": 64})
    assert r.status == 422 and r.error_field() == "sip_dscp", r
    nets = c.get("/api/v1/settings/provisioning").json["trusted_networks"]
    r = c.put("/api/v1/settings/provisioning", {"sip_dscp": 40})
    assert r.status == 200 and r.json == {"trusted_networks": nets, "sip_dscp": 40}, r
    assert dscp() == "40", "the edited global value"
    ph = c.get(f"/api/v1/phones/{pid}").json
    body = {k: ph[k] for k in ("name", "manufacturer", "model", "type", "address", "location", "language",
                               "advanced_options", "custom_attributes")}
    body["stations"] = [{"id": s["id"], "extension": s["extension"], "label": s["label"]} for s in ph["stations"]]
    body["advanced_options"] = dict(body["advanced_options"], use_global_sip_transport_settings=False, sip_dscp=30)
    assert c.put(f"/api/v1/phones/{pid}", body).status == 200
    assert dscp() == "30", "the phone's own, once it no longer uses the global settings"
    body["advanced_options"]["use_global_sip_transport_settings"] = True
    assert c.put(f"/api/v1/phones/{pid}", body).status == 200
    assert dscp() == "40", "back to the global value"


def test_a_factory_reset_phone_can_start_over(srv):
    c, pid, p = STATE["c"], STATE["phone"]["id"], Phone(srv)
    assert c.post(f"/api/v1/phones/{pid}/provisioning-reset").status == 200
    status, _, body = p.get(f"/phone/{STATE['guid']}.cfg")
    assert status == 200 and attrs(body)["device.prov.password"] != STATE["prov_pw"], "a new password"
    STATE["prov_pw"] = attrs(body)["device.prov.password"]


def test_uploads_from_the_phone(srv):
    c, p, pid = STATE["c"], Phone(srv), STATE["phone"]["id"]
    pw = STATE["prov_pw"]
    override = '<PHONE_CONFIG><OVERRIDES voice.volume.persist.handset="1"/></PHONE_CONFIG>'
    # Anyone else: refused, and nothing stored.
    st, hd, _ = p.request("PUT", f"/overrides/{MAC}-phone.cfg", body='<PHONE_CONFIG><OVERRIDES x="evil"/></PHONE_CONFIG>')
    assert st == 401 and hd["www-authenticate"].startswith("Digest "), st
    assert p.request("PUT", f"/logs/{MAC}-app.log", body="forged\n")[0] == 401
    assert p.digest("PUT", f"/overrides/{MAC}-phone.cfg", MAC, pw, body="<x/>", tamper=True)[0] == 401
    assert c.get(f"/api/v1/phones/{pid}/uploads").json["items"] == [], "nothing was stored"
    # The phone itself.
    assert p.digest("PUT", f"/overrides/{MAC}-phone.cfg", MAC, pw, body=override)[0] == 201
    assert p.digest("PUT", f"/logs/{MAC}-app.log", MAC, pw, body="0101000000|so  |4|00|boot\n")[0] == 201
    assert p.get(f"/overrides/{MAC}-phone.cfg")[0] == 401, "reading the overrides back needs the proof too"
    status, _, body = p.digest("GET", f"/overrides/{MAC}-phone.cfg", MAC, pw)
    assert status == 200 and body == override
    assert p.digest("PUT", f"/logs/{MAC}-app.log", MAC, pw, body="x" * (1024 * 1024 + 1))[0] == 413
    assert p.request("PUT", "/phone1.cfg", body="<x/>")[0] == 405
    assert p.request("PUT", "/overrides/0004f2999999-phone.cfg", body="<x/>")[0] == 401, \
        "an unknown MAC gets the answer a known one gets"
    items = c.get(f"/api/v1/phones/{pid}/uploads").json["items"]
    assert {i["name"] for i in items} == {f"{MAC}-phone.cfg", f"{MAC}-app.log"}, items
    r = c.get(f"/api/v1/phones/{pid}/uploads/{MAC}-phone.cfg")
    assert r.status == 200 and r.json["content"] == override


def raw_put(srv, path, head_extra, body_parts, pause=0.0):
    """A PUT over a raw socket: the head, then each part of the body
    (pause seconds apart), then the write side closed. The status line."""
    import socket
    s = socket.create_connection(("127.0.0.1", srv.prov_port), timeout=30)
    try:
        s.sendall((f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {UA}\r\n"
                   + head_extra + "\r\n").encode())
        for part in body_parts:
            s.sendall(part)
            time.sleep(pause)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.split(b"\r\n")[0].decode()
    finally:
        s.close()


def test_a_truncated_or_trickling_upload_is_refused_and_stores_nothing(srv):
    c, p, pid = STATE["c"], Phone(srv), STATE["phone"]["id"]
    path = f"/logs/{MAC}-boot.log"
    auth = p.authorization("PUT", path, MAC, STATE["prov_pw"], p.challenge())
    line = raw_put(srv, path, f"Authorization: {auth}\r\nContent-Length: 1000\r\n", [b"only part"])
    assert " 400 " in line, line
    auth = p.authorization("PUT", path, MAC, STATE["prov_pw"], p.challenge())
    # The test server allows 2 s for a whole upload (SERVER_ARGS).
    line = raw_put(srv, path, f"Authorization: {auth}\r\nContent-Length: 40\r\n", [b"x"] * 40, pause=0.25)
    assert " 408 " in line, line
    names = {i["name"] for i in c.get(f"/api/v1/phones/{pid}/uploads").json["items"]}
    assert f"{MAC}-boot.log" not in names, names
    # The phone's real upload still works.
    assert p.digest("PUT", path, MAC, STATE["prov_pw"], body="booted\n")[0] == 201
    # Even the phone uploads at a bounded rate: 30 in a burst.
    codes = [p.digest("PUT", path, MAC, STATE["prov_pw"], body="again\n") for _ in range(40)]
    statuses = [cd[0] for cd in codes]
    assert 429 in statuses and set(statuses) <= {201, 429}, statuses
    first = statuses.index(429)
    assert 20 <= first <= 30 and int(codes[first][1]["retry-after"]) > 0, (first, statuses)


def test_a_replayed_authorization_is_refused(srv):
    p, guid = Phone(srv), STATE["guid"]
    path = f"/phone/{guid}.cfg"
    auth = p.authorization("GET", path, MAC, STATE["prov_pw"], p.challenge())
    assert p.get(path, headers={"Authorization": auth})[0] == 200
    st, hd, body = p.get(path, headers={"Authorization": auth})
    assert st == 401 and "stale=true" in hd["www-authenticate"] and STATE["pw"] not in body, (st, hd)
    # The same nonce with the next nc is a new request.
    ch = 'realm="{}", nonce="{}"'.format(*re.search(r'realm="([^"]*)", nonce="([^"]*)"', auth).groups())
    assert p.get(path, headers={"Authorization": p.authorization("GET", path, MAC, STATE["prov_pw"], ch,
                                                                   nc="00000002")})[0] == 200


def test_a_request_without_proof_does_not_move_the_phone(srv):
    c, pid = STATE["c"], STATE["phone"]["id"]
    before = wait_for(lambda: (lambda x: x if x["client_address"] == "127.0.0.1" else None)(
        c.get(f"/api/v1/phones/{pid}").json))
    liar = Phone(srv, agent="FileTransport PolycomVVX-VVX_410-UA/9.9.9.9999", source="127.0.0.66")
    for path in (f"/{MAC}.cfg", f"/phone/{STATE['guid']}.cfg", f"/overrides/{MAC}-phone.cfg", "/sip.cfg"):
        liar.get(path)
    time.sleep(0.8)		# contact records are written four times a second
    after = c.get(f"/api/v1/phones/{pid}").json
    assert (after["client_address"], after["running_firmware"], after["user_agent"]) == \
        (before["client_address"], before["running_firmware"], before["user_agent"]), after


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
    # Each option with the parameter that carries it and where it landed.
    o = {(x["key"], x.get("param")): x for x in r.json["options"]}
    nat = o[("nat_keepalive_interval", "nat.keepalive.interval")]
    assert (nat["tab"], nat["section"], nat["value"], nat["written"], nat["file"]) == \
        ("Advanced Options", "NAT", 0, "0", f"/phone/{STATE['guid']}.cfg"), nat
    assert o[("volume_persistence", "voice.volume.persist.headset")]["file"] == f"/phone/{STATE['guid']}.cfg"
    assert "Emergency Information" in o[("emergency_location", None)]["reason"]
    assert o[("dial_plan_digit_map", "dialplan.digitmap")]["file"] == "/server/xic.cfg", \
        "an empty local digit map leaves the appliance's dial plan"
    after = c.get(f"/api/v1/phones/{pid}").json
    assert (after["last_contact"], after["config_fetched_at"]) == (before["last_contact"], before["config_fetched_at"]), \
        "the simulator records nothing"
    assert c.get("/api/v1/simulator?address=not-a-phone").error_field() == "address"


def test_an_unknown_mac_gets_no_credential_and_shows_as_provisional(srv):
    c = STATE["c"]
    p = Phone(srv, agent="FileTransport PolycomVVX-VVX_250-UA/6.4.5.1251")
    status, _, body = p.get("/0004f2cc0001.cfg")
    assert status == 401 and "phone/" not in body and "proxy/" not in body, body
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
    assert c.post("/api/v1/provisional-phones/0004f2cc0002/assign", {"phone_id": STATE["phone"]["id"]}).status == 422, \
        "a phone with a MAC keeps it"
    r = c.post("/api/v1/provisional-phones/0004f2cc0002/assign", {"phone_id": r.json["id"]})
    assert r.status == 200 and r.json["address"] == "00:04:f2:cc:00:02" and r.json["status"] == "Not registered", r


def test_wrong_proofs_are_throttled_per_address_and_the_phone_still_gets_in(srv):
    scanner = Phone(srv, source="127.0.0.7")
    codes = []
    for _ in range(200):
        path = f"/{os.urandom(6).hex()}.cfg"
        auth = scanner.authorization("GET", path, path[1:13], "guess", scanner.challenge())
        codes.append(scanner.get(path, headers={"Authorization": auth})[0])
        if codes[-1] == 429:
            break
    assert codes[-1] == 429 and set(codes[:-1]) == {401} and len(codes) <= 31, (len(codes), codes[-3:])
    path = f"/{MAC}.cfg"
    auth = scanner.authorization("GET", path, MAC, "guess", scanner.challenge())
    status, hd, _ = scanner.get(path, headers={"Authorization": auth})
    assert status == 429 and int(hd["retry-after"]) > 0, "a known MAC gets the same: the address waits"
    assert scanner.get(f"/{MAC}.cfg")[0] == 401, "a request without proof is still asked for it"
    # The phone behind the same address proves itself and is served.
    status, _, body = Phone(srv, source="127.0.0.7").get_digest(f"/phone/{STATE['guid']}.cfg", MAC,
                                                                STATE["prov_pw"])
    assert status == 200 and STATE["pw"] in body, status
    # Another address is not touched by it.
    other = Phone(srv, source="127.0.0.8")
    path = "/0004f2dd0001.cfg"
    auth = other.authorization("GET", path, path[1:13], "guess", other.challenge())
    assert other.get(path, headers={"Authorization": auth})[0] == 401
    assert "provision.throttled" in srv.logs()


def test_one_address_adds_a_bounded_number_of_provisional_phones(srv):
    c = STATE["c"]
    flood = Phone(srv, source="127.0.0.9")
    for i in range(110):
        mac = "0004f2f0%04x" % i
        # A MAC carried in the User-Agent of a shared file, as in the path.
        if i % 2:
            flood.request("GET", "/sip.cfg", headers={"User-Agent": f"FileTransport PolycomVVX-VVX_410-UA/5.9.0_{mac}"})
        else:
            flood.get(f"/{mac}.cfg")
    time.sleep(0.8)
    mine = [i for i in c.get("/api/v1/provisional-phones").json["items"] if i["client_address"] == "127.0.0.9"]
    assert len(mine) == 100, len(mine)
