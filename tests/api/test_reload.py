"""SIGHUP ("systemctl reload"): the certificate file and the config file's
log_level are read again while the daemon runs; other changed keys are
named as needing a restart; a file that does not load changes nothing."""
import os
import signal
import socket
import ssl
import tempfile
import time

from harness import Server, setup_admin
from test_certificate import make_cert

NEEDS_SERVER = False
STATE = {}


def config(**keys):
    with open(STATE["conf"], "w") as f:
        f.write("".join(f"{k} = {v}\n" for k, v in keys.items()))


def hup(srv, event):
    """Send SIGHUP and wait until one more line with event is logged."""
    before = srv.logs().count(event)
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 20
    while srv.logs().count(event) == before:
        assert time.time() < deadline and srv.proc.poll() is None, srv.logs()[-2000:]
        time.sleep(0.05)
    logs = srv.logs()
    return logs[logs.rfind("\n", 0, logs.rfind(event)) + 1:]


def handshake_verifies(srv, cafile):
    """Whether a new TLS connection to the admin port presents a
    certificate that cafile vouches for (for 127.0.0.1)."""
    ctx = ssl.create_default_context(cafile=cafile)
    try:
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as raw:
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1"):
                return True
    except ssl.SSLCertVerificationError:
        return False


def start():
    d = tempfile.mkdtemp(prefix="sb-reload-")
    STATE["dir"] = d
    STATE["conf"] = os.path.join(d, "switchboard.conf")
    config(log_level="info")
    return Server(["--config", STATE["conf"]])


def test_sighup_serves_a_replaced_certificate(srv):
    srv = STATE["srv"] = start()
    c = STATE["c"] = setup_admin(srv)
    crt, key = make_cert(STATE["dir"], "reloaded")
    r = c.put("/api/v1/system/certificate", {"certificate": crt, "private_key": key})
    assert r.status == 200, r
    crt_file = os.path.join(STATE["dir"], "reloaded.crt")
    assert not handshake_verifies(srv, crt_file), "served only after the reload"
    pid = srv.proc.pid
    line = hup(srv, "event=tls.reload")
    assert "level=info" in line.splitlines()[0], line
    assert handshake_verifies(srv, crt_file), "new connections get the new certificate"
    assert srv.proc.pid == pid and srv.proc.poll() is None, "the same process, not a restart"


def test_sighup_applies_log_level_and_names_keys_needing_restart(_):
    srv, c = STATE["srv"], STATE["c"]
    config(log_level="warn", provision_threads=64, session_idle_minutes=45)
    line = hup(srv, "event=config.reload").splitlines()[0]
    assert "log_level=warn" in line and "restart_needed=session_idle_minutes,provision_threads" in line, line
    mark = len(srv.logs())
    assert c.get("/api/v1/session").status == 200
    assert "event=http.request" not in srv.logs()[mark:], "info lines are no longer written"
    config(log_level="info")
    hup(srv, "event=config.reload")
    mark = len(srv.logs())
    assert c.get("/api/v1/session").status == 200
    assert "event=http.request" in srv.logs()[mark:], "info lines are written again"


def test_a_file_that_does_not_load_changes_nothing(_):
    srv, c = STATE["srv"], STATE["c"]
    config(log_level="warn", bogus_key=1)
    line = hup(srv, "event=config.reload").splitlines()[0]
    assert "level=error" in line and "unknown key" in line, line
    mark = len(srv.logs())
    assert c.get("/api/v1/session").status == 200
    assert "event=http.request" in srv.logs()[mark:], "the log level stayed info"
    pem = os.path.join(srv.data, "tls", "server.pem")
    with open(pem, "w") as f:
        f.write("not a certificate\n")
    config(log_level="info")
    line = hup(srv, "event=tls.reload").splitlines()[0]
    assert "level=error" in line and "holds no unencrypted private key" in line, line
    assert handshake_verifies(srv, os.path.join(STATE["dir"], "reloaded.crt")), "the last good certificate stays"
    assert srv.stop() == 0


def test_cleanup(_):
    STATE["srv"].cleanup()
