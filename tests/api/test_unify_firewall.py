"""Unify Phone firewall rules (seed 003, chapter 4 "Firewall Rules"): the
seed's three tables filled from the system's public IP and media ports and
the wizard's domain; every row in one CSV or XLSX list; and the nftables
rule set for a Linux router in front of OpenScape Business, which Debian's
`nft -c -f` accepts (and which that check can refuse: a broken copy is
refused). Viewers read all of it."""
import csv
import io
import os
import shutil
import subprocess
import tempfile
import zipfile

from harness import add_user, setup_admin

STATE = {}
PATH = "/api/v1/unify/firewall-rules"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SYSTEM = {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
T1 = "Table 1: Client Egress Firewall Rule Table"
T2 = "Table 2: Egress Firewall Rule Table"
T3 = "Table 3: Ingress Firewall Rule Table"
OSB = "203.0.113.10 (OpenScape Business public IP)"
ANY = "any (1024-65535)"
WARNING = "Port 443 must not be opened for incoming data traffic to OpenScape Business."
GCP = "GCP IP source range for Europe-west3"
GCP_NOTE = "GCP IP source range for Europe-west3: https://www.gstatic.com/ipranges/cloud.json"
PROXY_NOTE = ("If your organization's network uses a proxy server, the browser will establish "
              "the connection via the proxy.")
# The seed's rows (table, name, destination IP, destination port, source
# IP, source port, comment) for phoneapp.unify.com, the public IP
# 203.0.113.10 and the media ports 20000-20999.
SEED = [
    (T1, "TURN for clients", "Client IP", ANY, "34.159.228.55", "3478 (TCP/UDP)",
     "SBC should be able to establish connection to TURN server."),
    (T1, "HTTPS for clients", "Client IP", ANY, "34.117.105.255", "443 (TCP)",
     "Web/Mobile/Desktop Clients need to connect to TURN server thus the firewall should allow "
     "connection towards the TURN server."),
    (T2, "Unify Phone client REST API (HTTPS)", "34.117.105.255", "443", OSB, ANY,
     "Unify Phone client connection to provision Unify Phone users in the OpenScape Business. "
     "Hostname is phoneapp.unify.com"),
    (T2, "Unify Phone Connector SIP over TLS", "35.246.178.13", "65061", OSB, ANY,
     "Needed for SIP connectivity over TLS with Unify Phone. (allow Established Connection)"),
    (T2, "Media RTP", GCP, "Media RTP (UDP ports) to GCP nodes (destination): Ports 10000-49999", OSB,
     "20000-20999 (OpenScape Business media ports)",
     "Media Path/RTP configuration to establish media stream."),
    (T2, "TURN/STUN", "34.159.228.55", "3478 (TCP/UDP)", OSB, ANY,
     "OpenScape Business should be able to establish connection to STUN/TURN server."),
    (T3, "OpenScape Business (SIP/CSTA)", GCP, "any (1024-65535) (TCP)", OSB, "OpenScape Business ports",
     "Returned SIP client connection that OpenScape Business has established with Unify Phone."),
    (T3, "OpenScape Business Media RTP", GCP, "Media RTP (UDP) from GCP nodes: ports 10000-49999", OSB,
     "20000-20999 (OpenScape Business Media ports)",
     "Media Path/RTP configuration to establish media stream."),
]
KEYS = ("name", "destination_ip", "destination_port", "source_ip", "source_port", "comment")
HEADER = ["Table", "Name", "Destination IP", "Destination port", "Source IP", "Source port", "Comment"]


def rows_of(answer):
    return [(t["caption"],) + tuple(r[k] for k in KEYS) for t in answer["tables"] for r in t["rows"]]


def nft_check(text):
    """Debian's `nft -c -f FILE` on text: (exit status, what nft said). nft
    asks the kernel even to check, which needs CAP_NET_ADMIN; where the
    tests lack it (an unprivileged CI), the same check runs in a user and
    network namespace of its own (unshare -rn), where they have it."""
    nft = shutil.which("nft") or "/usr/sbin/nft"
    with tempfile.NamedTemporaryFile("w", suffix=".nft", delete=False) as f:
        f.write(text)
    try:
        r = subprocess.run([nft, "-c", "-f", f.name], capture_output=True, text=True, timeout=60)
        if r.returncode != 0 and "Operation not permitted" in r.stderr:
            r = subprocess.run(["unshare", "-rn", nft, "-c", "-f", f.name], capture_output=True,
                               text=True, timeout=60)
        return r.returncode, r.stdout + r.stderr
    finally:
        os.unlink(f.name)


def test_before_anything_is_set_the_rows_say_what_is_missing(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.get(PATH)
    assert r.status == 200, r
    a = r.json
    assert a["domain"] == "phoneapp.unify.com" and a["public_ip"] == "" and a["seed_addresses"] is True
    assert [t["caption"] for t in a["tables"]] == [T1, T2, T3]
    assert [x[1] for x in rows_of(a)] == [s[1] for s in SEED]
    tls = a["tables"][1]["rows"][1]
    assert tls["source_ip"] == ("OpenScape Business public IP (not set yet: enter it under "
                                "OpenScape Business system)"), tls
    assert a["tables"][1]["rows"][2]["source_port"] == "OpenScape Business media ports"


def test_the_system_takes_optional_media_ports(srv):
    c = STATE["c"]
    r = c.put("/api/v1/unify/system", dict(SYSTEM, public_ip="203.0.113.10", media_ports="30000-20000"))
    assert r.status == 422 and r.error_field() == "media_ports", r
    assert "20000-20999" in r.json["error"]["details"][0]["message"]
    assert c.get("/api/v1/unify/system").json["configured"] is False, "nothing saved"
    r = c.put("/api/v1/unify/system", dict(SYSTEM, public_ip="203.0.113.10"))
    assert r.status == 200 and r.json["media_ports"] == "", r
    r = c.put("/api/v1/unify/system", dict(SYSTEM, public_ip="203.0.113.10", media_ports="20000-20999"))
    assert r.status == 200 and r.json["media_ports"] == "20000-20999", r


def test_every_seed_row_with_its_comment_and_the_public_ip(srv):
    a = STATE["c"].get(PATH).json
    assert rows_of(a) == SEED
    assert a["public_ip"] == "203.0.113.10" and a["media_ports"] == "20000-20999"
    assert a["warning"] == WARNING
    assert [t["notes"] for t in a["tables"]] == [[PROXY_NOTE], [GCP_NOTE], [GCP_NOTE]]


def test_csv_lists_every_row_with_its_table(srv):
    c = STATE["c"]
    for r in (c.get(PATH, headers={"Accept": "text/csv"}), c.get(PATH + "?format=csv")):
        assert r.status == 200 and r.header("Content-Type").startswith("text/csv"), r
        assert 'filename="unify-phone-firewall-rules.csv"' in r.header("Content-Disposition")
        got = list(csv.reader(io.StringIO(r.raw.decode("utf-8-sig"))))
        assert got[0] == HEADER, got[0]
        assert [tuple(x) for x in got[1:]] == SEED, got[1:]


def test_xlsx_is_a_workbook_with_the_sheet(srv):
    c = STATE["c"]
    r = c.get(PATH, headers={"Accept": XLSX})
    assert r.status == 200 and r.header("Content-Type") == XLSX, r
    assert 'filename="unify-phone-firewall-rules.xlsx"' in r.header("Content-Disposition")
    z = zipfile.ZipFile(io.BytesIO(r.raw))
    assert 'name="unify-phone-firewall-rules"' in z.read("xl/workbook.xml").decode()
    strings = z.read("xl/sharedStrings.xml").decode()
    for s in (T1, T3, "Unify Phone Connector SIP over TLS", "35.246.178.13", "Destination port"):
        assert s in strings, s
    assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode(), "no formula cells"
    assert not [f for f in os.listdir(srv.data) if f.startswith(".export-")], "temporary files removed"


def test_the_nft_rule_set_is_accepted_by_nft(srv):
    r = STATE["c"].get(PATH + "?format=nft")
    assert r.status == 200 and r.header("Content-Type").startswith("text/plain"), r
    assert 'filename="unify-phone-firewall.nft"' in r.header("Content-Disposition")
    text = r.raw.decode()
    STATE["nft"] = text
    assert "table inet unify_phone {" in text
    for s in ("set unify_rest", "elements = { 34.117.105.255 }", "elements = { 35.246.178.13 }",
              "elements = { 34.159.228.55 }", "elements = { 203.0.113.10 }", "cloud.json",
              "ct original proto-dst 443 counter drop", "policy accept;",
              'ct state established,related counter accept comment "allow Established Connection"'):
        assert s in text, s
    for _, name, *_ in SEED:
        assert f'comment "{name}"' in text, name
    assert "set gcp_europe_west3 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t}" in text
    rc, said = nft_check(text)
    assert rc == 0, said
    assert not [f for f in os.listdir(srv.data) if f.startswith(".export-")], "temporary files removed"


def test_nft_refuses_a_broken_rule_set(srv):
    # The same text with a rule that names a set the table lacks: the
    # check above is a real one.
    broken = STATE["nft"].replace("ip daddr @unify_sip_tls", "ip daddr @unify_sip_tsl", 1)
    assert broken != STATE["nft"]
    rc, said = nft_check(broken)
    assert rc != 0, said
    assert "unify_sip_tsl" in said and "Operation not permitted" not in said, said


def test_another_domain_gets_no_invented_addresses(srv):
    c = STATE["c"]
    r = c.put("/api/v1/unify/connectivity", {"domain": "phone.example.net", "circuit_calls": 10})
    assert r.status == 200, r
    a = c.get(PATH).json
    assert a["domain"] == "phone.example.net" and a["seed_addresses"] is False
    rest = a["tables"][1]["rows"][0]
    assert rest["destination_ip"] == "the Unify Phone REST API (HTTPS) address for phone.example.net (fill in)"
    assert rest["comment"].endswith("Hostname is phone.example.net"), rest
    text = c.get(PATH + "?format=nft").raw.decode()
    for addr in ("34.117.105.255", "35.246.178.13", "34.159.228.55"):
        assert addr not in str(a) and addr not in text, addr
    rc, said = nft_check(text)
    assert rc == 0, said
    # The seed's domain in another letter case, or fully qualified, is still the seed's.
    for spelled in ("PhoneApp.Unify.com", "phoneapp.unify.com."):
        assert c.put("/api/v1/unify/connectivity", {"domain": spelled}).status == 200
        a = c.get(PATH).json
        assert a["seed_addresses"] is True and "35.246.178.13" in str(a), spelled
    assert c.put("/api/v1/unify/connectivity", {"domain": "phoneapp.unify.com"}).status == 200


def test_viewers_read_and_download(srv):
    v = add_user(STATE["c"], "vera", "viewer")
    r = v.get(PATH)
    assert r.status == 200 and rows_of(r.json) == SEED, r
    assert v.get(PATH, headers={"Accept": "text/csv"}).status == 200
    assert v.get(PATH + "?format=nft").raw.decode() == STATE["nft"]
    assert v.put("/api/v1/unify/system", dict(SYSTEM, public_ip="198.51.100.7")).status == 403


def test_an_unknown_format_is_refused_naming_it(srv):
    r = STATE["c"].get(PATH + "?format=pdf")
    assert r.status == 400 and r.error_field() == "format", r
