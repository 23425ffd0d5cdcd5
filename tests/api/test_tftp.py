"""The appliance's read-only TFTP server for phones in recovery mode (seed:
"Enable the TFTP Server"; DHCP options 066 and 067): Debian's tftp-hpa
client and curl fetch the newest uploaded image by the seed's lowercase
name, byte for byte; anything that is not an image, a path, a write, a
mode other than octet, and an image past 65535 blocks of the block size
get a TFTP error; each address holds at most four transfers; transfers
are logged; option 066 names the appliance while it serves TFTP and no
other server is named."""
import hashlib
import os
import shutil
import socket
import struct
import subprocess
import tempfile

from harness import setup_admin
from test_provisioning_families import upload_firmware


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = free_udp_port()
SERVER_ARGS = ("--tftp-listen", f"127.0.0.1:{PORT}")
STATE = {}
NETWORK = {"domain": "lab.voip", "provision_host": "provision", "provision_addresses": ["10.250.1.151"],
           "pbx_hosts": ["vm40ic1.lab.voip"], "subnets": []}


def sha(b):
    return hashlib.sha256(b).hexdigest()


def tftp_hpa(name):
    """tftp-hpa's client, as the brief asks: (its output, the file or None)."""
    d = tempfile.mkdtemp(prefix="sb-tftp-")
    out = os.path.join(d, "got")
    p = subprocess.run(["tftp", "127.0.0.1", str(PORT), "-m", "binary", "-c", "get", name, out],
                       capture_output=True, text=True, timeout=120)
    data = open(out, "rb").read() if os.path.exists(out) and os.path.getsize(out) else None
    shutil.rmtree(d, ignore_errors=True)
    print(f"# tftp -c get {name}: rc={p.returncode} {(p.stdout + p.stderr).strip()!r}")
    return p.stdout + p.stderr, data


def curl(name, *opts):
    p = subprocess.run(["curl", "-sS", *opts, f"tftp://127.0.0.1:{PORT}/{name}"], capture_output=True, timeout=120)
    print(f"# curl {' '.join(opts)} tftp://…/{name}: rc={p.returncode} {p.stderr.decode().strip()!r}")
    return p


def request(op, name, mode="octet", opts=()):
    """A raw request; returns (first reply, its address, the socket)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(10)
    pkt = struct.pack("!H", op) + name.encode() + b"\0" + mode.encode() + b"\0"
    for k, v in opts:
        pkt += k.encode() + b"\0" + v.encode() + b"\0"
    s.sendto(pkt, ("127.0.0.1", PORT))
    data, addr = s.recvfrom(70000)
    return data, addr, s


def error_of(data):
    assert data[:2] == b"\0\5", data
    return struct.unpack("!H", data[2:4])[0], data[4:-1].decode()


def test_setup(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    STATE["old"] = os.urandom(200_000)
    STATE["new"] = os.urandom(300_001)
    STATE["even"] = os.urandom(512 * 40)
    for version, data in (("2.2.8.61", STATE["old"]), ("2.2.16.643", STATE["new"])):
        r = upload_firmware(c, "AudioCodes", "420HD", version, "420HD.img", data)
        assert r.status == 201, r
    assert upload_firmware(c, "AudioCodes", "430HD", "2.2.16.643", "430HD.img", STATE["even"]).status == 201


def test_tftp_hpa_gets_the_newest_image_by_the_seeds_lowercase_name(srv):
    out, data = tftp_hpa("420hd.img")
    assert data is not None and sha(data) == sha(STATE["new"]), out
    out, data = tftp_hpa("430hd.img")
    assert data is not None and sha(data) == sha(STATE["even"]), "a size that is a multiple of 512: an empty last block"


def test_curl_negotiates_blksize_and_tsize(srv):
    p = curl("420HD.img", "--tftp-blksize", "1428")
    assert p.returncode == 0 and sha(p.stdout) == sha(STATE["new"]), p
    data, addr, s = request(1, "420hd.img", opts=(("blksize", "1428"), ("tsize", "0"), ("windowsize", "4")))
    assert data == b"\0\6blksize\x001428\0tsize\0" + str(len(STATE["new"])).encode() + b"\0", data
    assert addr[1] != PORT, "the transfer answers from a port of its own"
    s.sendto(b"\0\5\0\0done\0", addr)   # the client gives up: the slot is freed
    s.close()


def test_only_images_are_served(srv):
    for name in ("00908f602aac.cfg", "switchboard.db", "secret.key", "../switchboard.db", "/etc/passwd",
                 "..\\420hd.img", "firmware/420hd.img", "/420hd.img", "../420hd.img"):
        data, _, s = request(1, name)
        s.close()
        assert error_of(data)[0] == 2, (name, data)
    data, _, s = request(1, "sip200.img")
    s.close()
    assert error_of(data) == (1, "No such firmware image."), data
    out, got = tftp_hpa("../secret.key")
    assert got is None and "Only firmware images" in out, out
    data, _, s = request(1, "x" * 100 + ".img")
    s.close()
    assert error_of(data)[0] == 2, "a long name"


def test_writes_and_netascii_are_refused(srv):
    data, _, s = request(2, "420hd.img")
    s.close()
    assert error_of(data) == (2, "This server is read only."), data
    data, _, s = request(1, "420hd.img", mode="netascii")
    s.close()
    assert error_of(data)[0] == 4, data
    p = subprocess.run(["tftp", "127.0.0.1", str(PORT), "-m", "binary", "-c", "put", "/etc/hostname", "x.img"],
                       capture_output=True, text=True, timeout=60)
    print(f"# tftp -c put: {(p.stdout + p.stderr).strip()!r}")
    assert "read only" in p.stdout + p.stderr, p


def test_each_address_holds_at_most_four_transfers(srv):
    held = []
    for _ in range(4):
        data, addr, s = request(1, "420hd.img")
        assert data[:4] == b"\0\3\0\1", "block 1"
        held.append((s, addr))
    data, _, s = request(1, "420hd.img")
    s.close()
    assert error_of(data)[0] == 0 and "Busy" in error_of(data)[1], data
    for s, addr in held:
        s.sendto(b"\0\5\0\0stop\0", addr)
        s.close()
    out, got = tftp_hpa("420hd.img")
    assert got is not None and sha(got) == sha(STATE["new"]), "the slots are free again"


def test_an_image_past_65535_blocks_asks_for_a_larger_blksize(srv):
    big = os.urandom(33 << 20)
    r = upload_firmware(STATE["c"], "AudioCodes", "440HD", "2.2.16.643", "440HD.img", big)
    assert r.status == 201, r
    out, got = tftp_hpa("440hd.img")
    assert got is None and "more than 65535 blocks of 512 bytes" in out and "blksize 529" in out, out
    p = curl("440hd.img", "--tftp-blksize", "1024")
    assert p.returncode == 0 and sha(p.stdout) == sha(big), p.stderr


def test_transfers_and_refusals_are_logged(srv):
    logs = srv.logs()
    assert 'event=tftp.transfer client=127.0.0.1 file=420hd.img version=2.2.16.643 outcome=served bytes=300001' \
        in logs.replace('"', ''), logs[-3000:]
    assert "event=tftp.refused" in logs and "outcome=not_an_image" in logs.replace('"', '')


def test_option_066_names_the_appliance_unless_the_admin_named_another(srv):
    c = STATE["c"]
    assert c.put("/api/v1/settings/network", NETWORK).status == 200
    r = c.get("/api/v1/network/dhcp?format=isc").json
    assert r["tftp"] == {"server": "127.0.0.1", "source": "appliance", "listen": f"127.0.0.1:{PORT}"}, r
    assert 'option tftp-server-name "127.0.0.1";' in r["text"], r["text"]
    assert any(f"port {PORT}" in w for w in r["warnings"]), "phones ask on port 69"
    assert c.put("/api/v1/settings/network", dict(NETWORK, tftp_server="10.0.0.11")).status == 200
    r = c.get("/api/v1/network/dhcp?format=isc").json
    assert r["tftp"]["source"] == "named" and 'option tftp-server-name "10.0.0.11";' in r["text"], r
    assert "127.0.0.1" not in r["text"]
