"""The ITSP status of "Unify Phone (Cloud)" (seed 003, 5.3), found by really
connecting: SIP OPTIONS over TLS to the trunk's host and port (SIPp behind
stunnel plays the connector) and HTTPS to the domain with the API key (a
local HTTPS server plays the REST API). Each status — registered, not
registered, no connection to REST API — is produced by what the stand-ins
do, with the time of the check kept; the watcher checks at start-up."""
import atexit
import shutil
import tempfile
import threading
import time

from harness import Server, add_user, setup_admin
from unify_cloud import RestApi, SilentListener, SipConnector, free_port, make_cert

WORK = tempfile.mkdtemp(prefix="sb-unify-cloud-")
atexit.register(shutil.rmtree, WORK, True)
CERT, CERT_KEY = make_cert(WORK, "cloud")
OTHER_CERT, OTHER_KEY = make_cert(WORK, "stranger")   # not trusted by the appliance
SIP_PORT, REST_PORT = free_port(), free_port()
SERVER_ARGS = ("--unify-sip-port", str(SIP_PORT), "--unify-rest-port", str(REST_PORT),
               "--unify-ca-file", CERT, "--unify-check-timeout-ms", "1500",
               "--unify-check-minutes", "60")
KEY = "UPK-77c1d0e4b9a24f7e8c55-status"
SYSTEM = {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3 FR1",
          "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
          "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
          "flavour": "Unify Phone for OpenScape"}
STATE = {}


def check(c):
    r = c.post("/api/v1/unify/status/check")
    assert r.status == 200, r
    return r.json


class Cloud:
    """The stand-ins a test asks for; always stopped."""

    def __init__(self, sip="uas_options_200.xml", rest=200, cert=(CERT, CERT_KEY)):
        self.sip = SipConnector(WORK, SIP_PORT, cert[0], cert[1], sip) if sip else None
        try:
            self.rest = RestApi(REST_PORT, CERT, CERT_KEY, rest) if rest else None
        except Exception:
            self.stop()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.sip:
            self.sip.stop()
        if getattr(self, "rest", None):
            self.rest.stop()


def test_nothing_is_checked_until_the_wizard_has_run(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    s = c.get("/api/v1/unify/status").json
    assert s["status"] == "not registered" and s["checked_at"] is None
    assert s["reason"] == "Not checked yet." and s["guard"] is None
    s = check(c)
    assert s["reason"] == "Unify Phone is not enabled in the Unify Phone Connectivity wizard."
    assert s["sip"] is None and s["rest"] is None and s["checked_at"]
    assert c.put("/api/v1/unify/system", SYSTEM).status == 200
    # Saving the domain alone, twice, before the number of calls is known.
    for _ in range(2):
        r = c.put("/api/v1/unify/connectivity", {"domain": "localhost"})
        assert r.status == 200 and "circuit_calls" not in r.json, r
    r = c.put("/api/v1/unify/connectivity", {"enabled": True, "api_key": KEY, "circuit_calls": 4,
                                            "domain": "localhost", "route_country_code": "49",
                                            "route_local_area_code": "89", "route_pabx_number": "7007"})
    assert r.status == 200, r
    s = check(c)
    assert "has not been executed" in s["reason"] and s["sip"] is None, s
    r = c.post("/api/v1/unify/connectivity/execute")
    assert r.status == 200, r
    trunk = c.get("/api/v1/unify/trunks").json["items"][0]["config"]
    assert trunk["sip_port"] == SIP_PORT and trunk["domain"] == "localhost"


def test_registered_when_both_checks_pass(srv):
    c = STATE["c"]
    with Cloud() as cloud:
        s = check(c)
        assert s["status"] == "registered" and s["code"] == "registered", s
        assert s["remedy"] is None and s["reason"] is None
        assert s["sip"]["ok"] is True and s["sip"]["answer"] == "200 OK"
        assert s["sip"]["target"] == f"sips:localhost:{SIP_PORT}" and s["sip"]["address"] == "127.0.0.1"
        assert s["rest"]["ok"] is True and s["rest"]["answer"] == "HTTP 200"
        # The connector really got an OPTIONS, and the REST API the key.
        assert cloud.sip.requests() == [f"OPTIONS sips:localhost:{SIP_PORT} SIP/2.0"]
        assert cloud.rest.seen == [("/", "Bearer " + KEY)]
    last = c.get("/api/v1/unify/status").json
    assert last["status"] == "registered" and last["checked_at"] == s["checked_at"]
    assert last["checking_every_minutes"] == 60
    assert KEY not in srv.logs() and KEY not in c.get("/api/v1/unify/status").raw.decode()
    assert "event=unify.status status=registered" in srv.logs()


def test_not_registered_when_the_connector_cannot_be_reached(srv):
    c = STATE["c"]
    with Cloud(sip=None):
        s = check(c)
    assert s["status"] == "not registered" and s["code"] == "not_registered", s
    assert s["sip"]["ok"] is False and s["sip"]["error"] == "connection refused"
    assert s["remedy"] == "please check for correct firewall settings"
    assert s["rest"]["ok"] is True   # the REST API alone does not register the trunk


def test_not_registered_when_the_connector_never_answers(srv):
    c = STATE["c"]
    silent = SilentListener(SIP_PORT)
    try:
        t0 = time.monotonic()
        s = check(c)
        took = time.monotonic() - t0
    finally:
        silent.stop()
    assert s["status"] == "not registered", s
    assert s["sip"]["error"] == "timed out during the TLS handshake", s
    assert s["sip"]["ms"] >= 1400, s     # the configured deadline was waited out, not skipped
    assert took < 30, took               # and the request came back


def test_not_registered_when_the_connector_answers_with_an_error(srv):
    c = STATE["c"]
    with Cloud(sip="uas_options_503.xml"):
        s = check(c)
    assert s["status"] == "not registered", s
    assert s["sip"]["answer"] == "503 Service Unavailable" and s["sip"]["ok"] is False


def test_not_registered_when_the_certificate_is_not_trusted(srv):
    c = STATE["c"]
    with Cloud(cert=(OTHER_CERT, OTHER_KEY)) as cloud:
        s = check(c)
        assert cloud.sip.requests() == []    # nothing was sent to an untrusted peer
    assert s["status"] == "not registered", s
    assert s["sip"]["error"].startswith("TLS handshake failed"), s
    assert "certificate" in s["sip"]["error"], s


def test_no_connection_to_rest_api_when_the_key_is_refused(srv):
    c = STATE["c"]
    with Cloud(rest=401) as cloud:
        s = check(c)
        assert cloud.rest.seen == [("/", "Bearer " + KEY)]
    assert s["status"] == "no connection to REST API" and s["code"] == "no_rest_api", s
    assert s["sip"]["ok"] is True and s["rest"]["answer"] == "HTTP 401"
    assert s["rest"]["error"] == "the API key was refused: invalid or regenerated"
    assert s["remedy"] == ("API key invalid or regenerated; Unify Phone JWT is not configured; "
                           "Unify Phone JWT expired")


def test_no_connection_to_rest_api_when_it_cannot_be_reached(srv):
    c = STATE["c"]
    with Cloud(rest=None):
        s = check(c)
    assert s["status"] == "no connection to REST API", s
    assert s["rest"]["error"] == "connection refused" and s["sip"]["ok"] is True


def test_checks_asked_for_at_once_share_one_check(srv):
    c = STATE["c"]
    silent = SilentListener(SIP_PORT)
    seen, before = [], srv.logs().count("event=unify.status ")
    try:
        def ask():
            seen.append(c.post("/api/v1/unify/status/check"))
        threads = [threading.Thread(target=ask) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        silent.stop()
    assert [r.status for r in seen] == [200] * 6, seen
    assert len({r.json["checked_at"] for r in seen}) <= 2, [r.json["checked_at"] for r in seen]
    # Six callers, at most two checks: the first, and one that began as it ended.
    assert srv.logs().count("event=unify.status ") - before <= 2


def test_stopping_ends_a_check_under_way(srv):
    c = STATE["c"]
    data = tempfile.mkdtemp(prefix="sb-unify-stop-")
    shutil.rmtree(data)
    shutil.copytree(srv.data, data, ignore=shutil.ignore_patterns("*.lock", "test-clock"))
    args = [a if a != "1500" else "60000" for a in SERVER_ARGS]   # a 60 s deadline
    other = Server(args, data=data)
    silent = SilentListener(SIP_PORT)
    try:
        c2 = other.client()
        assert c2.login("admin").status == 200
        # A copied data directory: the clone guard is up; this test is the original's stand-in.
        assert c2.post("/api/v1/unify/connector/re-enable", {"confirm": True}).status == 200
        done = []
        t = threading.Thread(target=lambda: done.append(c2.post("/api/v1/unify/status/check")))
        t.start()
        time.sleep(1)
        assert other.stop() == 0        # exited by itself, not killed after 15 s
        t.join(20)
    finally:
        silent.stop()
        other.cleanup()
        shutil.rmtree(data, ignore_errors=True)
    assert not t.is_alive()
    assert done and done[0].status == 200, done
    assert done[0].json["sip"]["error"] == "timed out during the TLS handshake", done[0].json


def test_who_may_look_and_who_may_check(srv):
    c = STATE["c"]
    viewer = add_user(c, "status-viewer", "viewer")
    operator = add_user(c, "status-operator", "operator")
    assert viewer.get("/api/v1/unify/status").json["checked_at"] == c.get("/api/v1/unify/status").json["checked_at"]
    assert viewer.post("/api/v1/unify/status/check").status == 403
    assert operator.post("/api/v1/unify/status/check").status == 200


def test_the_watcher_checks_at_start_up(srv):
    c = STATE["c"]
    before = c.get("/api/v1/unify/status").json["checked_at"]
    time.sleep(1.1)     # checked_at has whole seconds
    with Cloud():
        srv.restart()
        c2 = srv.client()
        assert c2.login("admin").status == 200
        deadline = time.time() + 15
        s = None
        while time.time() < deadline:
            s = c2.get("/api/v1/unify/status").json
            if s["checked_at"] != before:
                break
            time.sleep(0.2)
    assert s["checked_at"] != before and s["status"] == "registered", s
    STATE["c"] = c2

