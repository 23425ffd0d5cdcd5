"""The daemon's command line, start-up checks, files it creates, refusing
a database newer than the binary, and clean shutdown."""
import os
import socket
import sqlite3
import subprocess
import tempfile

from harness import BIN, Server, setup_admin

NEEDS_SERVER = False


def run(*args):
    return subprocess.run([BIN] + list(args), capture_output=True, text=True, timeout=30)


def test_version_and_help(_):
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("switchboard "), r
    r = run("--help")
    assert r.returncode == 0
    for flag in ("--data", "--config", "--admin-listen", "--provision-listen", "--provision-tls-listen",
                 "--sip-listen", "backup FILE", "restore FILE", "check"):
        assert flag in r.stdout, flag


def test_bad_command_lines_are_explained(_):
    for args, want in ((["--bogus"], "unknown option"), ([], "--data"),
                       (["--data", "/tmp/x", "--admin-listen", "nonsense"], "admin-listen"),
                       (["--data", "/tmp/x", "--threads", "0"], "threads"),
                       (["--data", "/tmp/x", "--tftp-listen", "[::1]:69"], "--tftp-listen: expected IPV4:PORT"),
                       (["--data", "/tmp/x", "--tftp-listen", "69"], "tftp-listen"),
                       (["--data", "/tmp/x", "frobnicate"], "unknown command")):
        r = run(*args)
        assert r.returncode != 0 and want in r.stderr, (args, r)


def test_data_directory_that_cannot_be_written(_):
    r = run("--data", "/proc/switchboard-test", "--admin-listen", "127.0.0.1:1")
    assert r.returncode != 0 and "data directory" in r.stderr, r


def test_port_in_use_is_reported(_):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with tempfile.TemporaryDirectory() as d:
            r = run("--data", d, "--admin-listen", f"127.0.0.1:{port}", "--web-root", "web",
                    "--provision-listen", "off", "--provision-tls-listen", "off")
    assert r.returncode != 0 and "in use" in r.stderr, r


def test_check_on_a_fresh_data_directory(_):
    """Right after a package install the data directory is empty: check
    says so and succeeds; a sealing key without its database fails."""
    with tempfile.TemporaryDirectory() as d:
        r = run("--data", d, "check")
        assert r.returncode == 0 and "check: ok: no database yet" in r.stdout, r
        with open(os.path.join(d, "secret.key"), "wb") as f:
            f.write(b"k" * 32)
        r = run("--data", d, "check")
        assert r.returncode == 1 and "secret.key but no database" in r.stdout, r


def with_udp_port_taken(flag, check):
    """A server whose flag names a UDP port another socket holds: it
    starts all the same, and check(server, admin client) runs on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        srv = Server([flag, f"127.0.0.1:{udp.getsockname()[1]}"])
        try:
            check(srv, setup_admin(srv))
        finally:
            srv.cleanup()


def test_sip_port_taken_leaves_reboots_unavailable_not_the_appliance(_):
    def check(srv, c):
        assert "event=sip.start" in srv.logs()
        r = c.post("/api/v1/reboots", {"phones": [1]})
        assert r.status == 503 and "--sip-listen" in r.json["error"]["message"], r
        assert c.get("/api/v1/phones").status == 200
    with_udp_port_taken("--sip-listen", check)


def test_tftp_port_taken_leaves_tftp_off_not_the_appliance(_):
    def check(srv, c):
        assert "level=error event=tftp.start" in srv.logs() and "cannot bind the TFTP server" in srv.logs()
        net = {"domain": "lab.voip", "provision_host": "provision", "provision_addresses": ["10.0.0.5"],
               "pbx_hosts": ["pbx1.lab.voip"]}
        assert c.put("/api/v1/settings/network", net).status == 200
        assert c.get("/api/v1/network/dhcp").json["tftp"]["source"] == "none"
    with_udp_port_taken("--tftp-listen", check)


def test_first_start_creates_key_and_certificate_private(_):
    srv = Server()
    try:
        for rel in ("secret.key", "tls/server.pem", "switchboard.db"):
            st = os.stat(os.path.join(srv.data, rel))
            assert st.st_mode & 0o077 == 0 or rel == "switchboard.db", (rel, oct(st.st_mode))
        pem = open(os.path.join(srv.data, "tls/server.pem")).read()
        assert "PRIVATE KEY" in pem and "CERTIFICATE" in pem
        info = setup_admin(srv).get("/api/v1/system/certificate").json
        sans = info["subject_alt_names"]
        assert "DNS:localhost" in sans and "IP:127.0.0.1" in sans and f"DNS:{socket.gethostname()}" in sans, sans
        assert info["self_signed"] is True
        db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()
        assert srv.stop() == 0
        assert "server.stopped" in srv.logs()
    finally:
        srv.cleanup()


def test_logs_are_one_structured_line_each(_):
    srv = Server()
    try:
        setup_admin(srv)
        srv.stop()
        lines = [l for l in srv.logs().splitlines() if l.startswith("ts=")]
        assert lines and all(" level=" in l and " event=" in l for l in lines)
        assert any("event=http.request" in l and "path=/api/v1/session" in l for l in lines)
        assert "correct horse" not in srv.logs(), "no password in the logs"
    finally:
        srv.cleanup()


def test_a_second_daemon_on_the_same_data_is_refused(_):
    srv = Server()
    try:
        r = run("--data", srv.data, "--admin-listen", "127.0.0.1:1")
        assert r.returncode != 0 and "another switchboard" in r.stderr, r
    finally:
        srv.cleanup()


def test_database_newer_than_the_binary_is_refused(_):
    srv = Server()
    srv.stop()
    try:
        db = sqlite3.connect(os.path.join(srv.data, "switchboard.db"))
        db.execute("PRAGMA user_version = 999")
        db.commit()
        db.close()
        r = run("--data", srv.data, "--admin-listen", "127.0.0.1:1")
        assert r.returncode != 0 and "newer" in r.stderr, r
    finally:
        srv.cleanup()


def test_config_file_and_flags(_):
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "sb.conf")
        with open(cfg, "w") as f:
            f.write("# comment\nsession_idle_minutes = 7\nadmin_listen = 127.0.0.1:1\n")
        srv = Server(["--config", cfg], data=os.path.join(d, "data"))
        try:
            c = setup_admin(srv)
            assert c.get("/api/v1/session").json["idle_timeout_minutes"] == 7
        finally:
            srv.cleanup()
        with open(cfg, "w") as f:
            f.write("no_such_key = 1\n")
        r = run("--config", cfg, "--data", d)
        assert r.returncode != 0 and "sb.conf:1" in r.stderr, r
