"""Everything an admin sets reaches the phone (issue 20, "Done when"): for
each family a scripted phone boots through the provisioning server the way
the phone does (its User-Agent, its files in its order, its own Digest
proof after the first fetch) and parses every file it gets. Each setting
the admin changed is there with its value, before and after a second
change, and every file still parses: XML for Polycom, key=value for the
others."""
import re
import urllib.parse
import xml.etree.ElementTree as ET

from harness import setup_admin
from test_provisioning import Phone

STATE = {}
POLY_UA = "FileTransport PolycomVVX-VVX_410-UA/5.9.7.4477"
AUDC_UA = "AUDC-IPPhone/2.2.16.643 (420HDG-Rev0; 00908F0B0004)"
GEN_UA = "AUDC-IPPhone/2.2.16.643 (440HDG-Rev0; 00908F0B0005)"
ISS_UA = "Interaction SIP Station/2.2.2.77"
SOFT_UA = "Interaction SIP Soft Phone/23.1"

SRV = {"type": "dns_srv", "domain": "voip.example.com", "transport": "TLS"}
BACKUP = {"type": "manual", "address": "backup.example.com", "port": 5061, "transport": "TLS"}

# family: (manufacturer, model, address, user agent, group, custom files,
#          options, advanced options, expected parameters,
#          second options, second advanced, second expected)
FAMILIES = {
    "polycom": ("Polycom", "VVX 410", "0004f2bb0001", POLY_UA, "SRV Pair", "[MACADDRESS]-extra.cfg",
                {"sip_receive_port": 5070, "volume_persistence": True, "clock_24_hour": True,
                 "pc_port_mode": "100 Mbps Full Duplex"},
                {"nat_ip": "203.0.113.7", "handset_receive_gain": 3, "vqm_enabled": True,
                 "boot_server_type": "Static", "provisioning_url": "https://boot.example.com/",
                 "notify_validation": "Digest", "dial_plan_timeout": 7, "vlan_id": 20,
                 "feature_presence": True, "call_offering_timeout": 45},
                {"voIpProt.local.port": "5070", "voice.volume.persist.handset": "1",
                 "lcl.datetime.time.24HourClock": "1", "device.net.etherModePC": "4",
                 "device.net.etherModePC.set": "1", "nat.ip": "203.0.113.7",
                 "voice.gain.rx.digital.handset": "3", "voice.qualityMonitoring.rtcpxr.enable": "1",
                 "device.dhcp.bootSrvUseOpt": "2", "device.prov.serverName": "https://boot.example.com/",
                 "device.prov.serverType": "7", "voIpProt.SIP.requestValidation.1.request": "NOTIFY",
                 "voIpProt.SIP.requestValidation.1.method": "digest", "dialplan.digitmap.timeOut": "7",
                 "device.net.vlanId": "20", "feature.presence.enabled": "1", "call.offeringTimeOut": "45",
                 "voIpProt.server.1.address": "voip.example.com", "voIpProt.server.1.port": "0",
                 "voIpProt.server.1.transport": "TLS", "voIpProt.server.2.address": "backup.example.com",
                 "voIpProt.server.2.port": "5061", "custom.extra": "yes"},
                {"sip_receive_port": 5080},
                {"nat_ip": "203.0.113.8", "vlan_id": 0, "boot_server_type": "Option 66",
                 "provisioning_url": "", "notify_validation": "None"},
                {"voIpProt.local.port": "5080", "nat.ip": "203.0.113.8", "device.net.vlanId": "",
                 "device.dhcp.bootSrvUseOpt": "0", "voIpProt.SIP.requestValidation.1.method": "",
                 "device.prov.serverName": None}),
    "iss1": ("ININ", "Interaction SIP Station", "0026fd0b0002", ISS_UA, "SRV Only", "",
             {"ring_volume": 8, "enable_pickup": False, "button1_speed_dial": "112"},
             {"rtp_dscp": 40, "provisioning_period": "Hourly", "provisioning_hours_interval": 6,
              "syslog_server": "10.0.0.5", "vlan_id": 30, "headset_transmit_gain": -4},
             {"personal_settings/ring_volume": "8", "voip/services/pickup/enabled": "0",
              "voip/services/speed_dial/0/destination": "112", "voip/media/media_tos": "160",
              "provisioning/period/type": "HOURLY", "provisioning/period/hourly/hours_interval": "6",
              "system/syslog/mode": "SYSLOG", "system/syslog/server_address": "10.0.0.5",
              "network/lan/vlan/mode": "MANUAL", "network/lan/vlan/id": "30",
              "voip/audio/gain/headset_digital_input_gain": "-4",
              "voip/signalling/sip/proxy_address": "voip.example.com",
              "voip/signalling/sip/dns_srv/enabled": "1", "voip/signalling/sip/transport_protocol": "TLS"},
             {"button1_speed_dial": "911"}, {"syslog_server": "", "vlan_id": 0},
             {"voip/services/speed_dial/0/destination": "911", "system/syslog/mode": "NONE",
              "network/lan/vlan/mode": "AUTOMATIC"}),
    "iss2": ("ININ", "Interaction SIP Station II", "0026fd0b0003", ISS_UA, "SRV Pair", "",
             {"lan_port_mode": "100 Mbps Full Duplex", "ring_always": True},
             {"vqm_enabled": True, "vqm_collector": "vq.example.com", "sip_dscp": 26,
              "use_global_sip_transport_settings": False},
             {"network/lan/port_mode": "100_FULL", "voip/services/ring_always/enabled": "1",
              "voip/media/rtcp_xr/enabled": "1", "voip/media/rtcp_xr/collector_address": "vq.example.com",
              "voip/signalling/sip/tos": "104", "voip/signalling/sip/proxy_address": "voip.example.com",
              "voip/signalling/sip/redundant_proxy/enabled": "1",
              "voip/signalling/sip/redundant_proxy/address": "backup.example.com",
              "voip/signalling/sip/redundant_proxy/port": "5061"},
             {"ring_always": False}, {"use_global_sip_transport_settings": True},
             {"voip/services/ring_always/enabled": "0", "voip/signalling/sip/tos": "96"}),
    "audiocodes": ("AudioCodes", "420HD", "00908f0b0004", AUDC_UA, "SRV Only", "[MODEL]-site.cfg",
                   {"media_port_start_range": 6000, "inband_call_waiting_tone": True},
                   {"provisioning_hour": 3, "handsfree_receive_gain": 5, "config_ntp_server_overrides_dhcp": True},
                   {"voip/media/media_port": "6000", "voip/services/call_waiting/inband_tone": "1",
                    "provisioning/period/daily/time": "03:00", "voip/audio/gain/handsfree_digital_output_gain": "5",
                    "system/ntp/primary_server_address/override_dhcp": "1",
                    "voip/signalling/sip/proxy_address": "voip.example.com", "custom/site": "yes"},
                   {"media_port_start_range": 7000}, {"provisioning_hour": 22},
                   {"voip/media/media_port": "7000", "provisioning/period/daily/time": "22:00"}),
    "genesys": ("Genesys", "440HD", "00908f0b0005", GEN_UA, "SRV Only", "",
                {"pc_port_mode": "10 Mbps Half Duplex"}, {"rtp_dscp": 46, "syslog_level": 5},
                {"network/pc/port_mode": "10_HALF", "voip/media/media_tos": "184", "system/syslog/level": "5",
                 "system/type": "440HD"},
                {"pc_port_mode": "Automatic"}, {"syslog_level": 1},
                {"network/pc/port_mode": "AUTOMATIC", "system/syslog/level": "1"}),
    "softphone": ("ININ", "Soft Phone", "BootPC.lab.local", SOFT_UA, "SRV Pair", "",
                  {"qos_enabled": False, "override_port_ranges": "20000-20100"},
                  {"rtp_dscp": 34},
                  {"media/qos": "0", "media/port_ranges": "20000-20100", "media/rtp_dscp": "34",
                   "sip/server/1/srv_domain": "voip.example.com", "sip/server/1/transport": "TLS",
                   "sip/server/2/address": "backup.example.com", "sip/server/2/port": "5061"},
                  {"qos_enabled": True}, {"rtp_dscp": 10},
                  {"media/qos": "1", "media/rtp_dscp": "10"}),
}


def kv(text, name):
    """key=value lines; ';' comments. A line without '=' or a key twice is
    a file that does not parse."""
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith(";"):
            continue
        assert "=" in line and line.index("=") > 0, f"{name}:{n} is not key=value: {line!r}"
        k, v = line.split("=", 1)
        assert k not in out, f"{name}:{n} sets {k} twice"
        out[k] = v
    return out


def xml_attrs(text, name):
    """Every attribute of every element (the phone reads them all)."""
    try:
        root = ET.fromstring(text.encode())
    except ET.ParseError as e:
        raise AssertionError(f"{name} is not XML: {e}")
    out = {}
    for el in root.iter():
        out.update(el.attrib)
    return out


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.1/32"]}).status == 200
    for name, regs in (("SRV Pair", [SRV, BACKUP]), ("SRV Only", [SRV])):
        r = c.post("/api/v1/registration-groups", {"name": name, "kind": "regular", "registrations": regs})
        assert r.status == 201, r
    for maker, name, text in (("Polycom", "0004f2bb0001-extra.cfg", '<x custom.extra="yes"/>'),
                              ("AudioCodes", "420HD-site.cfg", "custom/site=yes\n")):
        r = c.request("PUT", f"/api/v1/custom-files/{maker}/{name}", raw=text.encode(), content_type="text/plain")
        assert r.status == 200, r
    for i, (family, f) in enumerate(FAMILIES.items()):
        maker, model, address, _, group, custom, opts, adv = f[:8]
        body = {"name": f"Boot-{family}", "manufacturer": maker, "model": model, "type": "workstation",
                "address": address, "registration_group": group,
                "stations": [{"extension": str(7600 + i), "label": f"Boot {family}"}],
                "options": opts, "advanced_options": adv}
        if custom:
            body["custom_attributes"] = {"config_files": custom}
        r = c.post("/api/v1/phones", body)
        assert r.status == 201, (family, r)
        STATE[family] = r.json


def fetch(p, path, family, creds):
    """One request as the phone makes it: with its Digest proof once it
    has its credentials, from the trusted network before."""
    if creds:
        status, _, body = p.get_digest(path, *creds)
    else:
        status, _, body = p.get(path)
    assert status == 200, (family, path, status, body)
    return body


def boot(srv, family, creds):
    """Boot the phone of family; return (parameters the phone ends up with,
    files in the order fetched, its credentials)."""
    maker, model, address, ua = FAMILIES[family][:4]
    p = Phone(srv, agent=ua)
    files, params = [], {}
    if family == "polycom":
        master = xml_attrs(fetch(p, f"/{address.upper()}.cfg", family, creds), "master")
        for name in [f.strip() for f in master["CONFIG_FILES"].split(",")]:
            got = xml_attrs(fetch(p, "/" + name, family, creds), name)
            files.append(name)
            if name.startswith("phone/"):
                creds = creds or (got["device.prov.user"], got["device.prov.password"])
            for k, v in got.items():
                params.setdefault(k, v)         # the first file that sets it wins
        return params, files, creds
    if family == "softphone":
        got = kv(fetch(p, f"/{address}.i3sipcfg", family, creds), address)
        return got, [f"{address}.i3sipcfg"], creds or (got["provisioning/user"], got["provisioning/password"])
    got = kv(fetch(p, f"/{address}.cfg", family, creds), address)
    files.append(f"{address}.cfg")
    url = urllib.parse.urlsplit(got["provisioning/configuration/url"])
    creds = creds or (url.username, url.password)
    params.update(got)
    for k in sorted(k for k in got if re.fullmatch(r"provisioning/configuration/custom_files/\d+/url", k)):
        u = urllib.parse.urlsplit(got[k])
        assert (u.username, u.password) == creds, "a custom file is fetched with the phone's own credentials"
        params.update(kv(fetch(p, u.path, family, creds), u.path))
        files.append(u.path.lstrip("/"))
    return params, files, creds


def check(params, expected, family, when):
    for k, v in expected.items():
        if v is None:
            assert k not in params, f"{family} ({when}): {k} should not be written, is {params.get(k)!r}"
        else:
            assert params.get(k) == v, f"{family} ({when}): {k} is {params.get(k)!r}, not {v!r}"


def change_and_boot_again(srv, family):
    c = STATE["c"]
    f = FAMILIES[family]
    params, files, creds = boot(srv, family, None)
    check(params, f[8], family, "first boot")
    ph = c.get(f"/api/v1/phones/{STATE[family]['id']}").json
    body = {k: ph[k] for k in ("name", "manufacturer", "model", "type", "address", "registration_group",
                               "custom_attributes", "options", "advanced_options")}
    body["stations"] = [{"id": s["id"], "extension": s["extension"], "label": s["label"]} for s in ph["stations"]]
    body["options"] = dict(body["options"], **f[9])
    body["advanced_options"] = dict(body["advanced_options"], **f[10])
    r = c.put(f"/api/v1/phones/{ph['id']}", body)
    assert r.status == 200, r
    # The address alone no longer suffices: the phone proves itself.
    assert Phone(srv, agent=f[3]).get("/" + (files[1] if family == "polycom" else files[0]))[0] == 401
    again, files2, _ = boot(srv, family, creds)
    check(again, f[11], family, "after the change")
    assert files2 == files, "the same files in the same order"
    return files


def test_polycom_boots_with_every_changed_setting(srv):
    files = change_and_boot_again(srv, "polycom")
    assert re.fullmatch(r"phone/[0-9a-f-]{32,36}\.cfg", files[1]), files
    assert files == ["server/cert/ca.cfg", files[1], "proxy/SRV_Pair.cfg", "server/xic.cfg",
                     "0004f2bb0001-extra.cfg", "phone1.cfg", "sip.cfg"], files


def test_interaction_sip_station_i_boots_with_every_changed_setting(srv):
    change_and_boot_again(srv, "iss1")


def test_interaction_sip_station_ii_boots_with_every_changed_setting(srv):
    change_and_boot_again(srv, "iss2")


def test_audiocodes_boots_with_every_changed_setting_and_its_custom_file(srv):
    files = change_and_boot_again(srv, "audiocodes")
    assert files == ["00908f0b0004.cfg", "420HD-site.cfg"], files


def test_genesys_boots_with_every_changed_setting(srv):
    change_and_boot_again(srv, "genesys")


def test_sip_soft_phone_boots_with_every_changed_setting(srv):
    change_and_boot_again(srv, "softphone")


def test_dns_srv_on_the_seeds_minimum_firmware(srv):
    """Seed 001: ISS I registers by DNS SRV from v.1.2.2._p10_build_17, the
    oldest version the catalog offers it; a group with a Line is taken
    on any. (Refusals below the minimum: tests/unit/reg_rules_test.c; the
    catalog offers no older version to choose.)"""
    r = STATE["c"].post("/api/v1/phones", {
        "name": "OldISS", "manufacturer": "ININ", "model": "Interaction SIP Station", "type": "workstation",
        "registration_group": "SRV Only", "firmware_version": "1.2.2_p10_build_17",
        "stations": [{"extension": "7690"}]})
    assert r.status == 201, r


def test_shared_and_external_appearances_reach_polycom_files(srv):
    """Seed 001: a sharable station is mirrored (type shared on its own
    phone and on the phone that shares it); an external registration
    registers with its External group's servers, in the group's order."""
    c = STATE["c"]
    ext = {"name": "OtherPBX", "kind": "external",
           "registrations": [{"type": "manual", "address": "pbx2.example.com", "port": 5070, "transport": "TCP"},
                             {"type": "manual", "address": "pbx3.example.com", "port": 5060, "transport": "UDP"}]}
    assert c.post("/api/v1/registration-groups", ext).status == 201
    mgr = c.post("/api/v1/phones", {"name": "BootManager", "manufacturer": "Polycom", "model": "VVX 410",
                                    "type": "workstation", "address": "0004f2bb0010",
                                    "stations": [{"extension": "7650", "sharable": True}]})
    assert mgr.status == 201, mgr
    st = mgr.json["stations"][0]
    asst = c.post("/api/v1/phones", {
        "name": "BootAssistant", "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation",
        "address": "0004f2bb0011", "stations": [{"extension": "7651"}],
        "shared_appearances": [{"station_id": st["id"], "label": "Boss"}],
        "external_registrations": [{"label": "Other", "identification_address": "sip:4711@pbx2.example.com",
                                    "registration_group": "OtherPBX", "use_external_authentication": True,
                                    "auth_username": "asst", "auth_password": "ext-secret-123"}]})
    assert asst.status == 201, asst
    p = Phone(srv, agent=POLY_UA)
    a, files = {}, []
    for mac in ("0004f2bb0010", "0004f2bb0011"):
        master = xml_attrs(fetch(p, f"/{mac}.cfg", "polycom", None), "master")
        phone_file = [f.strip() for f in master["CONFIG_FILES"].split(",")][1]
        a[mac] = xml_attrs(fetch(p, "/" + phone_file, "polycom", None), phone_file)
    m, s = a["0004f2bb0010"], a["0004f2bb0011"]
    assert m["reg.1.type"] == "shared" and m["reg.1.address"] == st["sip_username"], m
    assert (s["reg.1.type"], s["reg.2.type"], s["reg.2.address"], s["reg.2.label"]) == \
        ("private", "shared", st["sip_username"], "Boss"), s
    assert (s["reg.3.address"], s["reg.3.auth.userId"], s["reg.3.auth.password"]) == ("4711", "asst", "ext-secret-123")
    assert (s["reg.3.server.1.address"], s["reg.3.server.1.port"], s["reg.3.server.1.transport"],
            s["reg.3.server.2.address"], s["reg.3.server.2.port"]) == \
        ("pbx2.example.com", "5070", "TCPOnly", "pbx3.example.com", "5060"), s
