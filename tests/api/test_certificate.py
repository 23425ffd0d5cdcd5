"""Replacing the admin certificate with the organisation's own."""
import os
import subprocess
import tempfile

from harness import setup_admin

STATE = {}


def make_cert(d, name):
    key, crt = os.path.join(d, name + ".key"), os.path.join(d, name + ".crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key, "-out", crt, "-days", "30", "-subj", f"/CN={name}",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return open(crt).read(), open(key).read()


def test_certificate_details(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.get("/api/v1/system/certificate")
    assert r.status == 200 and len(r.json["sha256_fingerprint"]) == 95, r


def test_bad_certificate_input_names_the_field(srv):
    c = STATE["c"]
    with tempfile.TemporaryDirectory() as d:
        crt, key = make_cert(d, "one")
        _, key2 = make_cert(d, "two")
    r = c.put("/api/v1/system/certificate", {"certificate": "not a cert", "private_key": key})
    assert r.status == 422 and r.error_field() == "certificate", r
    r = c.put("/api/v1/system/certificate", {"certificate": crt, "private_key": "garbage"})
    assert r.status == 422 and r.error_field() == "private_key", r
    r = c.put("/api/v1/system/certificate", {"certificate": crt, "private_key": key2})
    assert r.status == 422 and r.error_field() == "private_key" and "does not belong" in r.json["error"]["message"], r
    STATE["crt"], STATE["key"] = crt, key


def test_replacement_is_served_after_restart(srv):
    r = STATE["c"].put("/api/v1/system/certificate", {"certificate": STATE["crt"], "private_key": STATE["key"]})
    assert r.status == 200 and r.json["restart_required"] is True and "CN=one" in r.json["subject"], r
    st = os.stat(os.path.join(srv.data, "tls", "server.pem"))
    assert st.st_mode & 0o077 == 0
    srv.restart()
    c = srv.client()
    assert c.login("admin").status == 200, "the new certificate verifies for 127.0.0.1"
    assert "CN=one" in c.get("/api/v1/system/certificate").json["subject"]
    audit = c.get("/api/v1/audit?action=certificate.replace").json
    assert audit["total"] == 4 and sum(e["outcome"] == "success" for e in audit["items"]) == 1, audit
