"""Wrong JSON types never change anything: walks the OpenAPI document the
server publishes and, for every write endpoint with a JSON body and every
field of its schema (nested ones too), sends a value of the wrong type in
an otherwise good body on an existing record. Each is a 422 naming that
field, and what GET shows afterwards is what it showed before."""
import base64
import copy
import datetime
import http.client
import json
import time

import test_migration as mig
from harness import PASSWORD, add_user, setup_admin

STATE = {}
WRONG = {"string": [7, ["x"]], "integer": ["7", 1.5], "number": ["7", True],
         "boolean": ["true", 0], "array": ["x", {}], "object": ["x", []]}


def created(r):
    assert r.status in (200, 201), r
    return r.json


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    add_user(c, "vera", "viewer")
    users = c.get("/api/v1/users").json["items"]
    STATE["vera"] = [u["id"] for u in users if u["username"] == "vera"][0]
    STATE["loc"] = created(c.post("/api/v1/locations", {"name": "Berlin", "time_zone": "Europe/Berlin",
                                                       "sntp_server": "ntp.example.com",
                                                       "codec_preference": ["G.722", "G.711 A-law"]}))["id"]
    STATE["line"] = created(c.post("/api/v1/lines", {"name": "Line2", "transport": "TCP", "port": 5070,
                                                     "address": "pbx.example.com"}))["id"]
    STATE["proxy"] = created(c.post("/api/v1/managed-proxies", {"name": "Proxy1", "address": "proxy.example.com",
                                                                "port": 5060, "location_id": STATE["loc"]}))["id"]
    STATE["group"] = created(c.post("/api/v1/registration-groups", {"name": "Group1", "kind": "regular", "registrations": [
        {"type": "manual", "address": "pbx.example.com", "port": 5060, "transport": "UDP"}]}))["id"]
    assert c.post("/api/v1/registration-groups", {"name": "Ext", "kind": "external", "registrations": [
        {"type": "manual", "address": "pbx2.example.com", "port": 5060, "transport": "UDP"}]}).status == 201
    STATE["tpl"] = created(c.post("/api/v1/templates", template_body("Tpl1")))["id"]
    boss = created(c.post("/api/v1/phones", {"name": "Boss", "manufacturer": "Polycom", "model": "VVX 410",
                                             "stations": [{"extension": "7000", "sharable": True}]}))
    STATE["shared"] = boss["stations"][0]["id"]
    p = created(c.post("/api/v1/phones", phone_body("Desk1", "0004f2000101", "7001")))
    STATE["phone"], STATE["station"] = p["id"], p["stations"][0]["id"]
    STATE["bare"] = created(c.post("/api/v1/phones", {"name": "Bare", "manufacturer": "Polycom",
                                                      "model": "VVX 410"}))["id"]
    assert c.post("/api/v1/station-licenses", {"name": "Addon1", "total": 5}).status == 201
    r = c.request("POST", "/api/v1/assistant/imports?filename=l.csv", content_type="text/csv",
                  raw=b"Name,Type,Manufacturer,Model,Extension\nImp1,Workstation,Polycom,VVX 410,7801\n")
    STATE["import"] = created(r)["id"]
    r = mig.upload(c, mig.make_zip({k: v for k, v in mig.TREE.items() if "0004f2000001" in k.lower() or "sip.cfg" in k}))
    STATE["mig"] = created(r)["id"]
    assert c.post(f"/api/v1/assistant/migrations/{STATE['mig']}/build",
                  {"default_model": "VVX 410", "items": ["0004f2000001"]}).status == 200
    h = http.client.HTTPConnection("127.0.0.1", srv.prov_port, timeout=10)
    h.request("GET", "/0004f2cc0009.cfg", headers={"User-Agent": "FileTransport PolycomVVX-VVX_410-UA/5.9.0.1"})
    h.getresponse().read()
    h.close()
    deadline = time.time() + 5
    while not any(i["mac"] == "00:04:f2:cc:00:09" for i in c.get("/api/v1/provisional-phones").json["items"]):
        assert time.time() < deadline, "the sighting was not recorded"
        time.sleep(0.1)
    for path, body in settings_bodies().items():
        assert c.put(path, body).status == 200, path
    STATE["trunk"] = created(c.post("/api/v1/unify/trunks", {"name": "ITSP", "config": {"sip_port": 5061}}))["id"]
    STATE["route"] = created(c.post("/api/v1/unify/routes", {"name": "ITSP", "config": {"route_type": "CO"}}))["id"]
    STATE["lcr"] = created(c.post("/api/v1/unify/lcr", {"name": "Emergency", "config": {"dialed_digits": "112"}}))["id"]
    STATE["ustation"] = created(c.post("/api/v1/unify/stations", {"callno": "201", "name": "Desk 201", "type": "IP"}))["id"]
    fr1 = dict(settings_bodies()["/api/v1/unify/system"], software_version="V3R3 FR1")
    assert c.put("/api/v1/unify/system", fr1).status == 200
    assert c.put("/api/v1/unify/licenses", {"mobility_user": 5, "unify_phone": 5}).status == 200
    STATE["uuser"] = created(c.post("/api/v1/unify/users", UNIFY_USER))["id"]
    desk = created(c.post("/api/v1/unify/stations", {"callno": "203", "name": "Desk 203", "type": "IP"}))["id"]
    mulap = created(c.post("/api/v1/unify/users", dict(UNIFY_USER, callno="303", did="", team_user=True,
                                                        email="team.user@example.com")))["id"]
    STATE["team"] = created(c.post("/api/v1/unify/teams", {"callno": "400", "desk_station_id": desk,
                                                           "user_id": mulap}))["id"]
    STATE["team_body"] = {"callno": "400", "name": "Team 400", "desk_station_id": desk, "user_id": mulap}
    STATE["region"] = created(c.post("/api/v1/sip-devices/regions", {"name": "EU", "border_proxy":
                                                                     "sip-eu.provider.example"}))["id"]
    STATE["handler"] = created(c.post("/api/v1/sip-devices/data-handlers", HANDLER))["id"]
    STATE["sipdev"] = created(c.post("/api/v1/sip-devices", SIP_DEVICE))["id"]
    r = c.post("/api/v1/sip-devices/exports", {"devices": [STATE["sipdev"]], "handler_id": STATE["handler"],
                                               "password": PASSWORD})
    assert r.status == 202, r
    STATE["sipexport"] = r.json["export"]["id"]
    deadline = time.time() + 30
    while c.get(f"/api/v1/sip-devices/exports/{STATE['sipexport']}").json["state"] != "ready":
        assert time.time() < deadline, "the export was not built"
        time.sleep(0.1)


HANDLER = {"name": "Dana Cole", "organisation": "Customer Ltd", "phone": "+44 20 7946 0000",
           "email": "dana@example.com"}
SIP_DEVICE = {"user_name": "Ann Berg", "user_email": "", "extension": "2101", "did": "", "manufacturer": "Acme",
              "model": "TTY", "purpose": "", "region": "EU", "replace_by": "",
              "requirements": {"supported": True, "tls": True, "border_proxy_fqdn": True, "naptr": True,
                               "sip_name_dash": True, "alphanumeric_password": True}}
SIP_ACK = {"signed_by": "Dana Cole", "signed_on": "2026-12-01", "reference": "SoW-1",
           "statements": {"data_handler": True, "responsibility": True, "toll_fraud": True}}


UNIFY_USER = {"callno": "301", "did": "301", "first_name": "Wanda", "last_name": "Types",
              "email": "wanda.types@example.com"}


def template_body(name):
    return {"name": name, "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation", "active": True,
            "registration_group": "Group1", "location": "Berlin", "firmware_version": "latest",
            "audio_protocol": "RTP", "time_zone": "Europe/Berlin", "language": "",
            "options": {"ring_volume": 5}, "advanced_options": {}, "custom_attributes": {"note": "n"},
            "station_defaults": {"line_keys": 2, "calls_per_line_key": 2, "licenses": ["Basic Station"],
                                 "access_control": ["Local"], "label": "L", "extension": "", "sharable": False}}


def phone_body(name, mac, ext, station_id=None):
    st = {"extension": ext, "label": "Lobby", "identification_address": f"sip:{ext}@pbx.example.com:5060",
          "line_keys": 1, "calls_per_line_key": 2, "sip_username": ext, "sharable": False,
          "licenses": ["Basic Station"], "access_control": ["Local"], "auto_conference_pin": "2468",
          "call_forwarding": {"all": "", "busy": "7200", "no_answer": "+4989123456", "no_answer_rings": 4},
          "station_options": {"call_waiting": True, "do_not_disturb": False, "auto_answer": False}}
    if station_id:
        st["id"] = station_id
    return {"name": name, "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation", "active": True,
            "address": mac, "registration_group": "Group1", "location": "Berlin", "firmware_version": "latest",
            "audio_protocol": "RTP", "time_zone": "", "language": "", "template": None,
            "options": {"ring_volume": 5}, "advanced_options": {}, "custom_attributes": {"note": "n"},
            "stations": [st],
            "shared_appearances": [{"station_id": STATE.get("shared"), "label": "Boss", "line_keys": 1}],
            "external_registrations": [{"label": "ext", "identification_address": "ext100",
                                        "registration_group": "Ext", "line_keys": 1, "calls_per_line_key": 1,
                                        "display_name": "Ext", "use_external_authentication": True,
                                        "auth_username": "asst", "auth_password": "ext-secret-123"}]}


def settings_bodies():
    return {
        "/api/v1/settings/network": {
            "domain": "lab.voip", "provision_host": "provision", "provision_port": 8088,
            "provision_addresses": ["10.0.0.5"], "dns_servers": ["10.0.0.2"], "pbx_hosts": ["pbx1.lab.voip"],
            "sip_ports": {"udp": 5070, "tcp": 5070, "tls": 5071}, "tftp_server": "10.0.0.9", "voice_vlan": 100,
            "time_server_option": "004", "recovery_classes": "all",
            "subnets": [{"location": "Berlin", "subnet": "10.1.0.0/24", "range_start": "10.1.0.10",
                         "range_end": "10.1.0.200", "router": "10.1.0.1"}]},
        "/api/v1/settings/provisioning": {"trusted_networks": ["10.20.0.0/16"]},
        "/api/v1/settings/business-hours": {"days": [1, 2, 3], "start": "08:00", "end": "18:00",
                                            "time_zone": "Europe/Berlin"},
        "/api/v1/unify/system": {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3",
                                 "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
                                 "public_ip": "203.0.113.10", "upstream_kbps": 2000,
                                 "software_support_until": "2099-12-31", "flavour": "Unify Phone for OpenScape"},
        "/api/v1/unify/connectivity": {"enabled": True, "domain": "phoneapp.unify.com",
                                       "api_key": "UPK-wrong-types-0123456789", "circuit_calls": 5,
                                       "numbering_schema": "international", "route_country_code": "49",
                                       "route_local_area_code": "89", "route_pabx_number": "7007"},
    }


def jwt():
    """A well-formed JWT that expires in a year."""
    part = lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part({'alg': 'RS256'})}.{part({'exp': int(time.time()) + 365 * 86400})}.{part('sig')}"


def cases():
    """(method, documented path) -> (url, good body, GETs that must not
    change, whether the good body is sent first)."""
    s, later = STATE, (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    net = settings_bodies()
    pid = s["phone"]
    out = {
        ("post", "/api/v1/setup"): ("/api/v1/setup", {"username": "second", "password": PASSWORD,
                                                       "display_name": "S"}, ["/api/v1/users"], False),
        ("post", "/api/v1/session"): ("/api/v1/session", {"username": "admin", "password": PASSWORD},
                                      ["/api/v1/users"], False),
        ("put", "/api/v1/session/password"): ("/api/v1/session/password", {
            "current_password": PASSWORD, "new_password": "a brand new passphrase"}, ["/api/v1/users"], False),
        ("post", "/api/v1/users"): ("/api/v1/users", {"username": "newbie", "display_name": "N", "role": "viewer",
                                                      "password": "temporary " + PASSWORD}, ["/api/v1/users"], False),
        ("patch", "/api/v1/users/{id}"): (f"/api/v1/users/{s['vera']}", {"display_name": "Vera",
                                                                        "role": "viewer", "disabled": False},
                                          [f"/api/v1/users/{s['vera']}"], True),
        ("post", "/api/v1/users/{id}/password"): (f"/api/v1/users/{s['vera']}/password", {
            "password": "another " + PASSWORD, "must_change": True}, [f"/api/v1/users/{s['vera']}"], False),
        ("post", "/api/v1/tokens"): ("/api/v1/tokens", {"name": "t", "expires_in_days": 30}, ["/api/v1/tokens"],
                                     False),
        ("post", "/api/v1/locations"): ("/api/v1/locations", {
            "name": "Paris", "time_zone": "Europe/Paris", "sntp_server": "", "after_hours_start": "20:00",
            "after_hours_end": "06:00", "codec_preference": ["G.722"]}, ["/api/v1/locations"], False),
        ("put", "/api/v1/locations/{id}"): (f"/api/v1/locations/{s['loc']}", {
            "name": "Berlin", "time_zone": "Europe/Berlin", "sntp_server": "ntp.example.com",
            "after_hours_start": "21:00", "after_hours_end": "05:00", "codec_preference": ["G.722", "G.711 A-law"]},
            [f"/api/v1/locations/{s['loc']}"], True),
        ("post", "/api/v1/lines"): ("/api/v1/lines", {"name": "Line3", "transport": "UDP", "address": "",
                                                      "port": 5060}, ["/api/v1/lines"], False),
        ("put", "/api/v1/lines/{id}"): (f"/api/v1/lines/{s['line']}", {
            "name": "Line2", "transport": "TCP", "address": "pbx.example.com", "port": 5070},
            [f"/api/v1/lines/{s['line']}"], True),
        ("post", "/api/v1/managed-proxies"): ("/api/v1/managed-proxies", {
            "name": "Proxy2", "address": "p2.example.com", "port": 5060, "location_id": s["loc"]},
            ["/api/v1/managed-proxies"], False),
        ("put", "/api/v1/managed-proxies/{id}"): (f"/api/v1/managed-proxies/{s['proxy']}", {
            "name": "Proxy1", "address": "proxy.example.com", "port": 5060, "location_id": s["loc"]},
            [f"/api/v1/managed-proxies/{s['proxy']}"], True),
        ("post", "/api/v1/registration-groups"): ("/api/v1/registration-groups", {
            "name": "Group2", "kind": "regular", "registrations": [
                {"type": "line", "line_id": s["line"]},
                {"type": "managed_proxy", "proxy_id": s["proxy"], "transport": "UDP"},
                {"type": "manual", "address": "pbx.example.com", "port": 5060, "transport": "UDP"}]},
            ["/api/v1/registration-groups"], False),
        ("put", "/api/v1/registration-groups/{id}"): (f"/api/v1/registration-groups/{s['group']}", {
            "name": "Group1", "kind": "regular", "registrations": [
                {"type": "dns_srv", "domain": "voice.example.com", "transport": "UDP"},
                {"type": "manual", "address": "pbx.example.com", "port": 5060, "transport": "UDP"}]},
            [f"/api/v1/registration-groups/{s['group']}"], True),
        ("post", "/api/v1/templates"): ("/api/v1/templates", template_body("Tpl2"), ["/api/v1/templates"], False),
        ("put", "/api/v1/templates/{id}"): (f"/api/v1/templates/{s['tpl']}", template_body("Tpl1"),
                                            [f"/api/v1/templates/{s['tpl']}"], True),
        ("post", "/api/v1/phones"): ("/api/v1/phones", dict(phone_body("Desk2", "0004f2000102", "7002"),
                                                            external_registrations=[]), ["/api/v1/phones"], False),
        ("put", "/api/v1/phones/{id}"): (f"/api/v1/phones/{pid}", phone_body("Desk1", "0004f2000101", "7001",
                                                                            s["station"]),
                                         [f"/api/v1/phones/{pid}"], True),
        ("post", "/api/v1/phones/bulk-update"): ("/api/v1/phones/bulk-update", {"phones": [pid], "changes": {
            "firmware_version": "latest", "registration_group": "Group1", "location": "Berlin", "active": True,
            "options": {"ring_volume": 5}, "advanced_options": {}, "time_zone": "", "audio_protocol": "RTP"}},
            [f"/api/v1/phones/{pid}"], True),
        ("post", "/api/v1/phones/{id}/stations/{sid}/reveal"): (
            f"/api/v1/phones/{pid}/stations/{s['station']}/reveal", {"password": "correct horse battery"},
            [f"/api/v1/phones/{pid}"], True),
        ("post", "/api/v1/phones/bulk-delete"): ("/api/v1/phones/bulk-delete", {"phones": [pid]},
                                                 [f"/api/v1/phones/{pid}"], False),
        ("post", "/api/v1/phones/bulk-choices"): ("/api/v1/phones/bulk-choices", {"phones": [pid]},
                                                  [f"/api/v1/phones/{pid}"], True),
        ("post", "/api/v1/station-licenses"): ("/api/v1/station-licenses", {"name": "Addon2", "total": 3},
                                               ["/api/v1/station-licenses"], False),
        ("put", "/api/v1/station-licenses/{name}"): ("/api/v1/station-licenses/Addon1", {"total": 5},
                                                     ["/api/v1/station-licenses"], True),
        ("post", "/api/v1/station-licenses/allocation"): ("/api/v1/station-licenses/allocation",
                                                          {"stations": [s["station"]]},
                                                          ["/api/v1/station-licenses/allocation"], False),
        ("post", "/api/v1/assistant/imports/{id}/commit"): (f"/api/v1/assistant/imports/{s['import']}/commit", {
            "licenses": ["Basic Station"], "access_control": ["Local"]},
            [f"/api/v1/assistant/imports/{s['import']}"], False),
        ("post", "/api/v1/assistant/migrations"): ("/api/v1/assistant/migrations", {"directory": "/nonexistent"},
                                                   ["/api/v1/assistant/migrations"], False),
        ("post", "/api/v1/assistant/migrations/{id}/build"): (f"/api/v1/assistant/migrations/{s['mig']}/build", {
            "default_model": "VVX 410", "name_format": "$MAC$", "type": "workstation",
            "registration_group": "Group1", "location": "Berlin", "items": ["0004f2000001"]},
            [f"/api/v1/assistant/migrations/{s['mig']}"], False),
        ("post", "/api/v1/assistant/migrations/{id}/run"): (f"/api/v1/assistant/migrations/{s['mig']}/run", {
            "backup": "none.sqlite3", "without_backup": False}, [f"/api/v1/assistant/migrations/{s['mig']}"],
            False),
        ("post", "/api/v1/provisional-phones/{mac}/assign"): ("/api/v1/provisional-phones/0004f2cc0009/assign",
                                                              {"phone_id": s["bare"]},
                                                              [f"/api/v1/phones/{s['bare']}"], False),
        ("post", "/api/v1/reboots"): ("/api/v1/reboots", {"phones": [pid], "reboot_pending": False, "when": later,
                                                          "rate": 5, "max_concurrent": 10}, ["/api/v1/reboots"],
                                      False),
        ("put", "/api/v1/system/certificate"): ("/api/v1/system/certificate", {"certificate": "x",
                                                                               "private_key": "y"},
                                                ["/api/v1/system/certificate"], False),
        ("post", "/api/v1/unify/trunks"): ("/api/v1/unify/trunks", {"name": "T2", "config": {}},
                                           ["/api/v1/unify/trunks"], False),
        ("put", "/api/v1/unify/trunks/{id}"): (f"/api/v1/unify/trunks/{s['trunk']}", {
            "name": "ITSP", "config": {"sip_port": 5061}}, ["/api/v1/unify/trunks"], True),
        ("post", "/api/v1/unify/routes"): ("/api/v1/unify/routes", {"name": "R2", "config": {}},
                                           ["/api/v1/unify/routes"], False),
        ("put", "/api/v1/unify/routes/{id}"): (f"/api/v1/unify/routes/{s['route']}", {
            "name": "ITSP", "config": {"route_type": "CO"}}, ["/api/v1/unify/routes"], True),
        ("post", "/api/v1/unify/lcr"): ("/api/v1/unify/lcr", {"name": "L", "config": {"dialed_digits": "0C-Z"}},
                                        ["/api/v1/unify/lcr"], False),
        ("put", "/api/v1/unify/lcr/{id}"): (f"/api/v1/unify/lcr/{s['lcr']}", {"name": "Emergency",
                                                                              "config": {"dialed_digits": "112"}},
                                            ["/api/v1/unify/lcr"], True),
        ("post", "/api/v1/unify/stations"): ("/api/v1/unify/stations", {"callno": "202", "name": "Desk 202",
                                                                       "type": "TDM"}, ["/api/v1/unify/stations"],
                                             False),
        ("put", "/api/v1/unify/stations/{id}"): (f"/api/v1/unify/stations/{s['ustation']}", {
            "callno": "201", "name": "Desk 201", "type": "IP", "did": "", "directory_entry": True, "clip_lin": ""},
            [f"/api/v1/unify/stations/{s['ustation']}"], True),
        ("put", "/api/v1/unify/users/{id}/licenses"): (f"/api/v1/unify/users/{s['uuser']}/licenses", {
            "mobility_user": True, "unify_phone": True, "desk_phone": False, "voicemail": False},
            [f"/api/v1/unify/users/{s['uuser']}", "/api/v1/unify/licenses"], True),
        ("put", "/api/v1/unify/licenses"): ("/api/v1/unify/licenses", {
            "mobility_user": 5, "unify_phone": 5, "desk_phone": 1, "voicemail": 2}, ["/api/v1/unify/licenses"], True),
        ("post", "/api/v1/unify/users"): ("/api/v1/unify/users", dict(UNIFY_USER, callno="302", did="302",
                                                                      email="w2@example.com"),
                                          ["/api/v1/unify/users"], False),
        ("put", "/api/v1/unify/users/{id}"): (f"/api/v1/unify/users/{s['uuser']}", UNIFY_USER,
                                              [f"/api/v1/unify/users/{s['uuser']}"], True),
        ("put", "/api/v1/unify/users/{id}/call-destinations"): (
            f"/api/v1/unify/users/{s['uuser']}/call-destinations",
            {"voicemail": "UC Suite", "targets": ["Voicemail", "** User defined", ""], "alternative_number": True},
            [f"/api/v1/unify/users/{s['uuser']}"], True),
        ("post", "/api/v1/unify/teams"): ("/api/v1/unify/teams", dict(s["team_body"], callno="401"),
                                          ["/api/v1/unify/teams"], False),
        ("put", "/api/v1/unify/teams/{id}"): (f"/api/v1/unify/teams/{s['team']}", s["team_body"],
                                              [f"/api/v1/unify/teams/{s['team']}"], True),
        ("put", "/api/v1/unify/jwt"): ("/api/v1/unify/jwt", {"token": jwt()}, ["/api/v1/unify/jwt"], True),
        ("put", "/api/v1/sip-devices/settings"): ("/api/v1/sip-devices/settings", {
            "sip_name_prefix": "acme-", "export_hours": 72}, ["/api/v1/sip-devices/settings"], True),
        ("post", "/api/v1/sip-devices/regions"): ("/api/v1/sip-devices/regions", {
            "name": "US", "border_proxy": "sip-us.provider.example"}, ["/api/v1/sip-devices/regions"], False),
        ("put", "/api/v1/sip-devices/regions/{id}"): (f"/api/v1/sip-devices/regions/{s['region']}", {
            "name": "EU", "border_proxy": "sip-eu.provider.example"}, ["/api/v1/sip-devices/regions"], True),
        ("post", "/api/v1/sip-devices/data-handlers"): ("/api/v1/sip-devices/data-handlers",
                                                        dict(HANDLER, name="Eve Dahl"),
                                                        ["/api/v1/sip-devices/data-handlers"], False),
        ("put", "/api/v1/sip-devices/data-handlers/{id}"): (f"/api/v1/sip-devices/data-handlers/{s['handler']}",
                                                            HANDLER, ["/api/v1/sip-devices/data-handlers"], True),
        ("post", "/api/v1/sip-devices"): ("/api/v1/sip-devices", dict(SIP_DEVICE, extension="2102"),
                                          ["/api/v1/sip-devices"], False),
        ("put", "/api/v1/sip-devices/{id}"): (f"/api/v1/sip-devices/{s['sipdev']}", SIP_DEVICE,
                                              [f"/api/v1/sip-devices/{s['sipdev']}"], True),
        ("post", "/api/v1/sip-devices/{id}/credential/reveal"): (
            f"/api/v1/sip-devices/{s['sipdev']}/credential/reveal", {"password": PASSWORD},
            [f"/api/v1/sip-devices/{s['sipdev']}"], True),
        ("post", "/api/v1/sip-devices/exports"): ("/api/v1/sip-devices/exports", {
            "devices": [s["sipdev"]], "handler_id": s["handler"], "password": PASSWORD},
            ["/api/v1/sip-devices/exports"], False),
        ("put", "/api/v1/sip-devices/exports/{id}/acknowledgement"): (
            f"/api/v1/sip-devices/exports/{s['sipexport']}/acknowledgement", SIP_ACK,
            [f"/api/v1/sip-devices/exports/{s['sipexport']}"], False),
        ("post", "/api/v1/unify/connector/re-enable"): ("/api/v1/unify/connector/re-enable",
                                                        {"confirm": True, "new_identity": False},
                                                        ["/api/v1/unify/status"], False),
        ("post", "/api/v1/system/backups"): ("/api/v1/system/backups", {
            "kind": "system", "include_key": False, "passphrase": "a long passphrase", "password": PASSWORD},
            ["/api/v1/system/backups"], False),
        ("post", "/api/v1/system/restore"): ("/api/v1/system/restore", {
            "confirm": True, "password": PASSWORD, "passphrase": "a long passphrase", "force_without_key": False},
            ["/api/v1/system/restore"], False),
        # Never the good body: it would restart the server.
        ("post", "/api/v1/system/restart"): ("/api/v1/system/restart", {"confirm": True},
                                             ["/api/v1/system/restore"], False),
        ("put", "/api/v1/settings/system-backups"): ("/api/v1/settings/system-backups", {
            "enabled": False, "hour": 2, "keep": 7, "include_key": False},
            ["/api/v1/settings/system-backups"], True),
    }
    for path, body in net.items():
        out[("put", path)] = (path, body, [path], True)
    return out


def wrong_values(schema, name="", path=()):
    """(field as the error names it, path into the body, wrong value) for
    every field of schema, nested ones too."""
    for key, sub in schema.get("properties", {}).items():
        field, at = f"{name}.{key}" if name else key, path + (key,)
        yield from ((field, at, v) for v in WRONG.get(sub.get("type"), []))
        if sub.get("type") == "object":
            yield from wrong_values(sub, field, at)
            extra = sub.get("additionalProperties") or {}
            yield from ((f"{field}.x", at + ("x",), v) for v in WRONG.get(extra.get("type"), []))
        items = sub.get("items") or {}
        if items.get("type") == "object":
            yield from wrong_values(items, f"{field}[0]", at + (0,))
        else:
            yield from ((f"{field}[0]", at + (0,), v) for v in WRONG.get(items.get("type"), []))


def put_at(body, path, value):
    body = copy.deepcopy(body)
    node = body
    for k, nxt in zip(path, path[1:]):
        if isinstance(k, int):
            if not node:
                node.append({} if isinstance(nxt, str) else [])
            node = node[0]
        else:
            if not isinstance(node.get(k), (dict, list)):
                node[k] = {} if isinstance(nxt, str) else []
            node = node[k]
    if isinstance(path[-1], int):
        if node:
            node[0] = value
        else:
            node.append(value)
    else:
        node[path[-1]] = value
    return body


def snapshot(c, urls):
    out = []
    for u in urls:
        j = c.get(u).json
        if isinstance(j, dict):
            j.pop("now_inside", None)
        out.append(j)
    return out


def json_operations(doc):
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            schema = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is not None:
                yield method, path, schema


def test_every_json_body_is_described_field_by_field(srv):
    doc = STATE["c"].get("/api/v1/openapi.json").json
    ops = list(json_operations(doc))
    assert len(ops) > 30, ops
    for method, path, schema in ops:
        assert schema.get("type") == "object" and isinstance(schema.get("properties"), dict), (method, path, schema)
    net = doc["paths"]["/api/v1/settings/network"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert net["properties"]["sip_ports"]["properties"]["udp"]["type"] == "integer", net
    assert net["properties"]["subnets"]["items"]["properties"]["router"]["type"] == "string", net
    ph = doc["paths"]["/api/v1/phones"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert ph["properties"]["custom_attributes"]["additionalProperties"]["type"] == "string", ph


def test_a_wrong_type_in_any_field_is_a_422_naming_it_and_changes_nothing(srv):
    c = STATE["c"]
    doc = c.get("/api/v1/openapi.json").json
    table, failures, sent = cases(), [], 0
    for method, path, schema in json_operations(doc):
        fields = list(wrong_values(schema))
        if not fields:
            continue    # a body with nothing in it to get wrong
        assert (method, path) in table, f"no case for {method.upper()} {path}: add one"
        url, good, gets, send_good = table[(method, path)]
        if send_good:
            r = c.request(method.upper(), url, good)
            assert r.status in (200, 201), (method, path, "the good body", r)
        before = snapshot(c, gets)
        for field, at, value in fields:
            r = c.request(method.upper(), url, put_at(good, at, value))
            sent += 1
            if r.status != 422 or r.error_field() != field:
                failures.append((method.upper(), path, field, value, r.status, r.raw[:160]))
        after = snapshot(c, gets)
        if after != before:
            failures.append((method.upper(), path, "GET changed", gets))
    assert sent > 300, sent
    assert not failures, "\n".join(map(str, failures[:40])) + f"\n({len(failures)} in all)"
    assert c.login("admin").status == 200, "the password was not changed"
