"""Reading an upload from the network never holds the database's write
lock: while a list (or a TFTP archive) is still streaming in, an admin's
phone save goes through. The rows are staged apart and the write
transaction is taken only to store the finished report."""
import io
import json
import socket
import time
import zipfile

from harness import setup_admin

STATE = {}


def slow_upload(srv, c, path, content_type, body):
    """Start an upload, send half its body and stop: the open socket."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    t = srv.context().wrap_socket(s, server_hostname="127.0.0.1")
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nCookie: {c.cookie}\r\n"
            f"X-CSRF-Token: {c.csrf}\r\nOrigin: https://127.0.0.1:{srv.port}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n")
    t.sendall(head.encode() + body[:len(body) // 2])
    return t


def finish(t, body):
    t.sendall(body[len(body) // 2:])
    data = b""
    while b"\r\n\r\n" not in data:
        data += t.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
    while len(rest) < length:
        rest += t.recv(65536)
    t.close()
    return int(head.split()[1]), json.loads(rest)


def save_phone(c, name):
    t0 = time.monotonic()
    r = c.post("/api/v1/phones", {"name": name, "manufacturer": "Polycom", "model": "VVX 410",
                                  "type": "workstation"})
    return r, time.monotonic() - t0


def test_setup(srv):
    STATE["c"] = setup_admin(srv)
    assert STATE["c"].get("/api/v1/phones").json["total"] == 0, "an empty estate to start from"


def test_a_phone_is_saved_while_a_list_is_still_streaming_in(srv):
    c = STATE["c"]
    rows = ["Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address"]
    rows += [f"Slow{i:05d},Workstation,Polycom,VVX 410,,{300000 + i},,Desk {i},0004f2{0x500000 + i:06x}"
             for i in range(20000)]
    body = ("\n".join(rows) + "\n").encode()
    t = slow_upload(srv, c, "/api/v1/assistant/imports?filename=slow.csv", "text/csv", body)
    time.sleep(0.5)		# the server is reading the first half now
    r, _ = save_phone(c, "SavedDuringUpload")
    assert r.status == 201, ("the save waited for the upload's lock", r)
    status, out = finish(t, body)
    assert status == 201 and out["report"]["accepted"] == 20000, (status, out.get("report"))


def test_a_phone_is_saved_while_an_archive_is_still_streaming_in(srv):
    c = STATE["c"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(300):
            mac = f"0004f27{i:05x}"
            z.writestr(f"tftp/{mac}.cfg", '<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="sip.cfg"/>')
        z.writestr("tftp/sip.cfg", '<c voIpProt.server.1.address="pbx.example.com"/>' + " " * 200000)
    body = buf.getvalue()
    t = slow_upload(srv, c, "/api/v1/assistant/migrations/upload?filename=tftp.zip", "application/zip", body)
    time.sleep(0.5)
    r, _ = save_phone(c, "SavedDuringArchive")
    assert r.status == 201, ("the save waited for the archive's lock", r)
    status, out = finish(t, body)
    assert status == 201, (status, out)
