"""Diagnostics (seed 003, 5.3): the FAQ table as live checks. Each cause
the seed names is judged pass or fail from the system, the wizard's input
and entries, the JWT's status and the last connector check (against the
stand-in cloud of unify_cloud.py); causes that need the Unify Phone users
say "not checked yet". The trace settings (5.1) come with it."""
import atexit
import base64
import json
import os
import shutil
import sqlite3
import tempfile
import time

from harness import setup_admin
from unify_cloud import RestApi, SipConnector, free_port, make_cert

WORK = tempfile.mkdtemp(prefix="sb-unify-diag-")
atexit.register(shutil.rmtree, WORK, True)
CERT, CERT_KEY = make_cert(WORK, "cloud")
SIP_PORT, REST_PORT = free_port(), free_port()
SERVER_ARGS = ("--unify-sip-port", str(SIP_PORT), "--unify-rest-port", str(REST_PORT),
               "--unify-ca-file", CERT, "--unify-check-timeout-ms", "1500",
               "--unify-check-minutes", "0")
KEY = "UPK-5e6f7a8b9c0d1e2f3a4b-diagnose"
SYSTEM = {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3 FR1",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
CONN = {"enabled": True, "api_key": KEY, "circuit_calls": 4, "domain": "localhost",
        "route_country_code": "49", "route_local_area_code": "89", "route_pabx_number": "7007"}
LATER = {"user_license", "trusted_external_user", "call_numbers", "alternative_number"}
JWT_CHECKS = ("jwt_configured", "jwt_expired", "jwt_for_provisioning")
STATE = {}


def diagnose(c):
    r = c.get("/api/v1/unify/diagnostics")
    assert r.status == 200, r
    return r.json, {x["id"]: x for g in r.json["groups"] for x in g["checks"]}


def jwt(exp):
    part = lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part({'alg': 'RS256'})}.{part({'exp': exp})}.{part('signature')}"


def checked(c, rest=200, sip="uas_options_200.xml"):
    s = SipConnector(WORK, SIP_PORT, CERT, CERT_KEY, sip) if sip else None
    a = RestApi(REST_PORT, CERT, CERT_KEY, rest) if rest else None
    try:
        assert c.post("/api/v1/unify/status/check").status == 200
    finally:
        if s:
            s.stop()
        if a:
            a.stop()


def test_a_fresh_appliance_fails_what_it_lacks_and_waits_for_part_two(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    d, by = diagnose(c)
    assert [g["symptom"] for g in d["groups"]] == [
        "ITSP Status of Unify Phone (Cloud): not registered", "no connection to REST API",
        "no calls with Unify Phone-Client possible", "provisioning of new users is not possible"]
    assert by["itsp_registered"]["result"] == "not checked yet"
    assert by["api_key"]["result"] == "fail" and by["api_key"]["detail"] == "No API key is stored."
    assert by["software_support"]["detail"] == "The OpenScape Business system is not set."
    for k in ("trunk_lines", "route_flag", "wizard_only"):
        assert by[k]["result"] == "fail", by[k]
    for k in LATER:
        assert by[k]["result"] == "not checked yet" and by[k]["detail"], by[k]
    for k in JWT_CHECKS:
        assert by[k]["result"] == "fail" and "JWT creation portal" in by[k]["remedy"], by[k]
    assert by["jwt_configured"]["detail"] == "No JWT is stored."
    assert d["summary"] == {"pass": 0, "fail": 8, "not_checked": 5}
    assert by["jwt_for_provisioning"]["check"].startswith("a JSON Web Token (JWT) is needed")
    assert d["trace"]["profiles"] == ["Basic", "Voice Fax Connections", "SIP_Interconnection_Subscriber_ITSP",
                                      "SIP_Registration (for registration problems)",
                                      "License_problem (for license issues, e.g. client login)"]
    assert d["trace"]["components"] == ["FP_API-CTI level 9", "FP_API_IWU level 9", "PCC level 9"]
    assert "Wireshark traces" in d["trace"]["additional"]


def test_a_working_connector_passes_every_check_it_can_make(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    assert c.put("/api/v1/unify/connectivity", CONN).status == 200
    assert c.post("/api/v1/unify/connectivity/execute").status == 200
    assert c.put("/api/v1/unify/jwt", {"token": jwt(int(time.time()) + 400 * 86400)}).status == 200
    checked(c)
    d, by = diagnose(c)
    assert d["summary"] == {"pass": 9, "fail": 0, "not_checked": 4}, d
    assert by["jwt_for_provisioning"]["detail"] == "The JWT's status is Active."
    assert by["itsp_registered"]["detail"] == f"sips:localhost:{SIP_PORT} answered 200 OK."
    assert by["software_support"]["detail"] == "Software Support is valid until 2099-12-31."
    assert "has 4 lines" in by["trunk_lines"]["detail"]
    assert d["connector_checked_at"] == c.get("/api/v1/unify/status").json["checked_at"]


def test_the_license_check_follows_the_users_licenses(srv):
    c = STATE["c"]
    r = c.post("/api/v1/unify/users", {"callno": "120", "did": "120", "first_name": "Dora", "last_name": "Ek",
                                       "email": "dora.ek@example.com"})
    assert r.status == 201, r
    d, by = diagnose(c)
    assert by["user_license"]["result"] == "fail", by["user_license"]
    assert by["user_license"]["detail"] == ("1 of 1 Unify Phone users lacks a license: Dora Ek lacks "
                                            "IP User (Mobility User) and Unify Phone.")
    assert d["summary"] == {"pass": 12, "fail": 1, "not_checked": 0}, d
    assert c.put("/api/v1/unify/licenses", {"mobility_user": 1, "unify_phone": 1}).status == 200
    assert [g["name"] for g in c.post("/api/v1/unify/licenses/apply").json["granted"]] == ["Dora Ek"]
    d, by = diagnose(c)
    assert by["user_license"]["result"] == "pass", by["user_license"]
    assert d["summary"] == {"pass": 13, "fail": 0, "not_checked": 0}, d


def test_an_unreachable_connector_points_at_the_firewall(srv):
    c = STATE["c"]
    checked(c, sip=None)
    _, by = diagnose(c)
    assert by["itsp_registered"]["result"] == "fail"
    assert by["itsp_registered"]["remedy"] == "please check for correct firewall settings"
    assert "connection refused" in by["itsp_registered"]["detail"]
    assert by["api_key"]["result"] == "pass"


def test_a_refused_key_says_so(srv):
    c = STATE["c"]
    checked(c, rest=403)
    _, by = diagnose(c)
    assert by["itsp_registered"]["result"] == "pass"
    assert by["api_key"]["result"] == "fail"
    assert "the API key was refused: invalid or regenerated" in by["api_key"]["detail"]
    assert by["api_key"]["remedy"].startswith("Copy the current API key")


def test_input_not_applied_and_a_software_update_fail_the_wizard_check(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/connectivity", {"circuit_calls": 6}).status == 200
    _, by = diagnose(c)
    assert by["wizard_only"]["result"] == "fail"
    assert by["wizard_only"]["detail"] == ('The trunk "Unify Phone (Cloud)" differs from what the wizard '
                                          'makes of its saved input.')
    assert c.post("/api/v1/unify/connectivity/execute").status == 200
    assert diagnose(c)[1]["wizard_only"]["result"] == "pass"
    assert c.put("/api/v1/unify/system", dict(SYSTEM, software_version="V3R3 FR2")).status == 200
    w = diagnose(c)[1]["wizard_only"]
    assert w["result"] == "fail" and w["detail"].startswith("Software update detected.")
    assert c.post("/api/v1/unify/connectivity/execute").status == 200
    assert diagnose(c)[1]["wizard_only"]["result"] == "pass"


def test_a_change_made_outside_the_wizard_is_found(srv):
    c = STATE["c"]
    # As another tool would: straight into the database.
    db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
    db.execute("UPDATE unify_objects SET config = json_set(config, '$.trusted_external_users', json('false')) "
               "WHERE kind = 'route' AND owner = 'wizard'")
    db.commit()
    db.close()
    _, by = diagnose(c)
    assert by["route_flag"]["result"] == "fail"
    assert by["route_flag"]["detail"] == 'The route\'s "Trusted External Users" flag is off.'
    assert by["wizard_only"]["result"] == "fail" and "route" in by["wizard_only"]["detail"]
    assert c.post("/api/v1/unify/connectivity/execute").status == 200
    _, by = diagnose(c)
    assert by["route_flag"]["result"] == "pass" and by["wizard_only"]["result"] == "pass"


def test_expired_software_support_fails_and_says_when(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", dict(SYSTEM, software_version="V3R3 FR2",
                                              software_support_until="2020-01-31")).status == 200
    _, by = diagnose(c)
    assert by["software_support"]["result"] == "fail"
    assert by["software_support"]["detail"] == "Software Support ended on 2020-01-31."
    # The wizard cannot run either, and the check says why.
    assert by["wizard_only"]["detail"].startswith("The wizard cannot run with the input saved: Unify")


def test_the_users_checks(srv):
    c = STATE["c"]
    assert c.put("/api/v1/unify/system", dict(SYSTEM, software_version="V3R3 FR2")).status == 200
    dora = c.get("/api/v1/unify/users?q=dora").json["items"][0]["id"]     # made by the license test
    _, by = diagnose(c)
    assert by["trusted_external_user"]["result"] == "pass"
    assert by["trusted_external_user"]["detail"] == "All 1 Unify Phone users are Trusted External Users."
    assert by["call_numbers"]["result"] == "pass" and by["alternative_number"]["result"] == "pass"
    # A new location: the number waits for [Validate Numbers].
    assert c.put("/api/v1/unify/connectivity", {"route_pabx_number": "7008"}).status == 200
    _, by = diagnose(c)
    assert by["call_numbers"]["result"] == "fail" and by["call_numbers"]["detail"] == (
        "Not validated or not valid: Dora Ek.")
    assert by["call_numbers"]["remedy"].startswith("Click [Validate Numbers]")
    assert c.post("/api/v1/unify/users/validate-numbers").json["invalid"] == 0
    assert diagnose(c)[1]["call_numbers"]["result"] == "pass"
    # Alternative Number wanted without target 2 "** User defined".
    path = f"/api/v1/unify/users/{dora}/call-destinations"
    assert c.put(path, {"targets": ["Voicemail", "Mobile"], "alternative_number": True}).status == 200
    a = diagnose(c)[1]["alternative_number"]
    assert a["result"] == "fail" and a["detail"] == 'Target 2 is not "** User defined" for: Dora Ek.', a
    assert c.put(path, {"targets": ["Voicemail", "** User defined"], "alternative_number": True}).status == 200
    assert diagnose(c)[1]["alternative_number"]["result"] == "pass"
