"""DHCP options and DNS records for the voice network: the seed's table
(002 as two's complement, 004 or 042 and never both, 006, 015, 066, 067
per Vendor Class on option 60 with the seed's lowercase image names, 132,
160) per location, and every rendering passes the DHCP server's own
syntax check (dhcpd -t, kea-dhcp4 -t, dnsmasq --test)."""
import os
import re
import shutil
import subprocess
import tempfile

from harness import setup_admin

STATE = {}
SETTINGS = {
    "domain": "lab.voip", "provision_host": "provision", "provision_port": 8088,
    "provision_addresses": ["10.250.1.151", "10.250.1.152"], "dns_servers": ["10.250.1.5", "10.250.0.2"],
    "pbx_hosts": ["vm40ic1.lab.voip", "vm40ic2.lab.voip"], "sip_ports": {"udp": 8060, "tcp": 8060, "tls": 8061},
    "tftp_server": "10.0.0.11", "voice_vlan": 100,
    "subnets": [
        {"location": "New York", "subnet": "10.250.1.0/24", "range_start": "10.250.1.100",
         "range_end": "10.250.1.200", "router": "10.250.1.1"},
        {"location": "Mumbai", "subnet": "10.251.0.0/16", "range_start": "10.251.1.1", "range_end": "10.251.9.254"}]}


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    for name, tz, ntp in (("New York", "America/New_York", "10.250.1.10"), ("Mumbai", "Asia/Kolkata", "time.example.in")):
        assert c.post("/api/v1/locations", {"name": name, "time_zone": tz, "sntp_server": ntp,
                                            "codec_preference": ["G.711 mu-law"]}).status == 201
    assert c.post("/api/v1/phones", {"name": "A1", "manufacturer": "AudioCodes", "model": "420HD",
                                     "type": "workstation"}).status == 201


def test_records_wait_for_the_settings_and_check_them(srv):
    c = STATE["c"]
    assert c.get("/api/v1/network/dhcp").status == 409
    for change, field in (({"domain": "bad domain"}, "domain"),
                          ({"provision_addresses": ["10.0.0.1", "nope"]}, "provision_addresses[1]"),
                          ({"pbx_hosts": ["vm40ic1"]}, "pbx_hosts[0]"),
                          ({"voice_vlan": 5000}, "voice_vlan"),
                          ({"subnets": [dict(SETTINGS["subnets"][0], location="Nowhere")]}, "subnets[0].location"),
                          ({"subnets": [dict(SETTINGS["subnets"][0], range_end="10.9.9.9")]}, "subnets[0].range_end"),
                          ({"subnets": [dict(SETTINGS["subnets"][0], subnet="10.250.1.7/24")]}, "subnets[0].subnet")):
        r = c.put("/api/v1/settings/network", dict(SETTINGS, **change))
        assert r.status == 422 and r.error_field() == field, (field, r)
    assert c.put("/api/v1/settings/network", SETTINGS).status == 200


def test_isc_dhcpd_accepts_its_configuration(srv):
    r = STATE["c"].get("/api/v1/network/dhcp?format=isc")
    assert r.status == 200, r
    text = r.json["text"]
    assert "option time-offset -18000;  # hex FFFFB9B0" in text
    assert "option time-offset 19800;  # hex 00004D58" in text, "Mumbai +5:30"
    assert 'option prov-url "http://provision.lab.voip:8088";' in text
    assert "option domain-name-servers 10.250.1.5, 10.250.0.2;" in text
    assert "option ntp-servers 10.250.1.10;" in text and "time-servers" not in text, "042 by default, not 004 too"
    assert 'option voice-vlan "100";' in text and 'option tftp-server-name "10.0.0.11";' in text
    # Option 067 by Vendor Class, as the seed's "Multiple Phone Model
    # Recovery" has it: the estate has a 420HD, so one class, lowercase.
    assert ('class "420HD Class" {\n  match if option vendor-class-identifier = "420HD";\n'
            '  option bootfile-name "420hd.img";\n}') in text, text
    assert text.count("bootfile-name") == 1, "no global 067, no class for models the estate lacks"
    assert "substring(hardware, 1, 3) = 00:04:f2" in text
    assert any("time.example.in" in w for w in r.json["warnings"]), "a host name cannot go into option 042"
    check(["dhcpd", "-t", "-cf"], text, "dhcpd.conf")


def test_kea_accepts_its_configuration(srv):
    r = STATE["c"].get("/api/v1/network/dhcp?format=kea")
    import json
    cfg = json.loads(r.json["text"])
    opts = {o["name"]: o["data"] for o in cfg["Dhcp4"]["subnet4"][0]["option-data"]}
    assert opts["time-offset"] == "-18000" and opts["prov-url"] == "http://provision.lab.voip:8088"
    assert opts["ntp-servers"] == "10.250.1.10" and "time-servers" not in opts, opts
    classes = {c["name"]: c for c in cfg["Dhcp4"]["client-classes"]}
    assert classes["420HD Class"]["test"] == "option[60].text == '420HD'", classes
    assert classes["420HD Class"]["option-data"] == [{"name": "boot-file-name", "data": "420hd.img"}], classes
    check(["kea-dhcp4", "-t"], r.json["text"], "kea-dhcp4.conf")


def test_dnsmasq_accepts_its_configuration(srv):
    r = STATE["c"].get("/api/v1/network/dhcp?format=dnsmasq")
    text = r.json["text"]
    assert "dhcp-option=tag:loc1,option:time-offset,-18000" in text
    assert "dhcp-mac=set:polycom,00:04:f2:*:*:*" in text
    assert 'dhcp-option=tag:loc1,160,"http://provision.lab.voip:8088"' in text
    assert "dhcp-option=tag:loc1,option:ntp-server,10.250.1.10" in text and "tag:loc1,4," not in text
    assert "dhcp-vendorclass=set:vc-420hd,420HD\ndhcp-option=tag:vc-420hd,option:bootfile-name,420hd.img" in text
    check(["dnsmasq", "--test", "-C"], text, "dnsmasq.conf")


def test_dns_records_for_the_switchover_pair(srv):
    r = STATE["c"].get("/api/v1/network/dns")
    lines = [re.sub(r"\s+", " ", x) for x in r.json["text"].splitlines() if not x.startswith(";")]
    assert lines == ["provision IN A 10.250.1.151", "provision IN A 10.250.1.152",
                     "_sip._udp IN SRV 0 0 8060 vm40ic1.lab.voip.", "_sip._udp IN SRV 0 0 8060 vm40ic2.lab.voip.",
                     "_sip._tcp IN SRV 0 0 8060 vm40ic1.lab.voip.", "_sip._tcp IN SRV 0 0 8060 vm40ic2.lab.voip.",
                     "_sips._tcp IN SRV 0 0 8061 vm40ic1.lab.voip.", "_sips._tcp IN SRV 0 0 8061 vm40ic2.lab.voip."], lines


def test_a_location_that_uses_the_ic_server_gets_the_appliances_time_server(srv):
    c = STATE["c"]
    assert c.post("/api/v1/locations", {"name": "Berlin", "time_zone": "Europe/Berlin", "sntp_server": "",
                                        "codec_preference": ["G.711 A-law"]}).status == 201
    berlin = {"location": "Berlin", "subnet": "10.252.0.0/16", "range_start": "10.252.1.1",
              "range_end": "10.252.9.254"}
    body = dict(SETTINGS, subnets=SETTINGS["subnets"] + [berlin])
    assert c.put("/api/v1/settings/network", body).status == 200
    text = c.get("/api/v1/network/dhcp?format=isc").json["text"]
    berlin_scope = text[text.index("subnet 10.252.0.0"):]
    assert "ntp-servers" not in berlin_scope.split("}")[0], "no time server set: option 042 left out"
    r = c.put("/api/v1/settings/network", dict(body, time_server="10.250.0.123"))
    assert r.status == 200 and r.json["time_server"] == "10.250.0.123", r
    text = c.get("/api/v1/network/dhcp?format=isc").json["text"]
    berlin_scope = text[text.index("subnet 10.252.0.0"):].split("}")[0]
    assert "option ntp-servers 10.250.0.123;" in berlin_scope, berlin_scope
    assert "option ntp-servers 10.250.1.10;" in text, "New York keeps its own"
    check(["dhcpd", "-t", "-cf"], text, "dhcpd.conf")


SEED_067 = {"SIP100": "sip100.img", "SIP200": "sip200.img", "405": "405.img", "405HD": "405hd.img",
            "420HD": "420hd.img", "430HD": "430hd.img", "440HD": "440hd.img"}


def test_all_recovery_classes_write_the_seeds_whole_list_in_every_format(srv):
    c = STATE["c"]
    r = c.put("/api/v1/settings/network", dict(SETTINGS, recovery_classes="all"))
    assert r.status == 200 and r.json["recovery_classes"] == "all", r
    isc = c.get("/api/v1/network/dhcp?format=isc").json["text"]
    for vc, img in SEED_067.items():
        assert (f'class "{vc} Class" {{\n  match if option vendor-class-identifier = "{vc}";\n'
                f'  option bootfile-name "{img}";\n}}') in isc, (vc, isc)
    assert isc.count("bootfile-name") == 7
    check(["dhcpd", "-t", "-cf"], isc, "dhcpd.conf")
    import json
    kea = c.get("/api/v1/network/dhcp?format=kea").json["text"]
    got = {cl["test"]: cl["option-data"][0]["data"] for cl in json.loads(kea)["Dhcp4"]["client-classes"]
           if cl["name"].endswith(" Class")}
    assert got == {f"option[60].text == '{vc}'": img for vc, img in SEED_067.items()}, got
    check(["kea-dhcp4", "-t"], kea, "kea-dhcp4.conf")
    dm = c.get("/api/v1/network/dhcp?format=dnsmasq").json["text"]
    # dnsmasq matches a vendor class as a substring: "405" is in "405HD".
    assert "dhcp-option=tag:vc-405,tag:!vc-405hd,option:bootfile-name,405.img" in dm, dm
    assert "dhcp-option=tag:vc-sip100,option:bootfile-name,sip100.img" in dm, dm
    check(["dnsmasq", "--test", "-C"], dm, "dnsmasq.conf")
    r = c.put("/api/v1/settings/network", dict(SETTINGS, recovery_classes="some"))
    assert r.status == 422 and r.error_field() == "recovery_classes", r
    assert c.get("/api/v1/settings/network").json["recovery_classes"] == "all", "a refusal changes nothing"


def test_time_server_option_004_or_042_never_both(srv):
    c = STATE["c"]
    for bad in ("43", "004,042", 42):
        r = c.put("/api/v1/settings/network", dict(SETTINGS, time_server_option=bad))
        assert r.status == 422 and r.error_field() == "time_server_option", (bad, r)
    assert c.get("/api/v1/settings/network").json["time_server_option"] == "042"
    r = c.put("/api/v1/settings/network", dict(SETTINGS, time_server_option="004"))
    assert r.status == 200 and r.json["time_server_option"] == "004", r
    audit = [e for e in c.get("/api/v1/audit?action=settings.network").json["items"]]
    assert audit[0]["detail"]["diff"]["time_server_option"] == ["042", "004"], audit[0]
    isc = c.get("/api/v1/network/dhcp?format=isc").json["text"]
    assert "option time-servers 10.250.1.10;" in isc and "ntp-servers" not in isc, isc
    check(["dhcpd", "-t", "-cf"], isc, "dhcpd.conf")
    import json
    kea = c.get("/api/v1/network/dhcp?format=kea").json["text"]
    opts = {o["name"]: o["data"] for o in json.loads(kea)["Dhcp4"]["subnet4"][0]["option-data"]}
    assert opts["time-servers"] == "10.250.1.10" and "ntp-servers" not in opts, opts
    check(["kea-dhcp4", "-t"], kea, "kea-dhcp4.conf")
    dm = c.get("/api/v1/network/dhcp?format=dnsmasq").json["text"]
    assert "dhcp-option=tag:loc1,4,10.250.1.10" in dm and "ntp-server" not in dm, dm
    check(["dnsmasq", "--test", "-C"], dm, "dnsmasq.conf")


def test_no_tftp_server_named_and_none_of_its_own_leaves_066_out(srv):
    c = STATE["c"]
    assert c.put("/api/v1/settings/network", dict(SETTINGS, tftp_server="")).status == 200
    r = c.get("/api/v1/network/dhcp?format=isc").json
    assert "tftp-server-name" not in r["text"] and r["tftp"] == {"server": "", "source": "none", "listen": None}, r


def check(cmd, text, name):
    exe = shutil.which(cmd[0]) or f"/usr/sbin/{cmd[0]}"
    assert os.path.exists(exe), f"{cmd[0]} is not installed"
    d = tempfile.mkdtemp(prefix="sb-dhcp-")
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([exe] + cmd[1:] + [path], capture_output=True, text=True, timeout=30)
    shutil.rmtree(d, ignore_errors=True)
    assert p.returncode == 0, f"{cmd[0]} refused the configuration:\n{p.stdout}\n{p.stderr}\n{text}"
