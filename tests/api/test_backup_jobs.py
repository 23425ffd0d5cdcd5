"""Backups as a job: progress over GET and Server-Sent Events, download,
delete; the backup, check and restore commands."""
import http.client
import json
import os
import sqlite3
import subprocess
import tempfile
import time

from harness import BIN, setup_admin, wait_job

STATE = {}




def test_backup_runs_as_a_job(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    r = c.post("/api/v1/system/backups")
    assert r.status == 202 and r.json["kind"] == "backup" and r.json["state"] in ("queued", "running", "done"), r
    j = wait_job(c, r.json["id"])
    assert j["state"] == "done", j
    assert j["progress"]["done"] == j["progress"]["total"] and j["progress"]["total"] > 0, j
    STATE["name"] = j["result"]["name"]


def test_job_events_stream_ends_with_done(srv):
    c = STATE["c"]
    jid = c.post("/api/v1/system/backups").json["id"]
    conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=srv.context(), timeout=20)
    conn.request("GET", f"/api/v1/jobs/{jid}/events", headers={"Cookie": c.cookie})
    r = conn.getresponse()
    assert r.status == 200 and r.getheader("Content-Type") == "text/event-stream"
    body = r.read().decode()
    conn.close()
    events = [l[7:] for l in body.splitlines() if l.startswith("event: ")]
    assert events[-1] in ("done", "failed"), body
    last = json.loads([l[6:] for l in body.splitlines() if l.startswith("data: ")][-1])
    assert last["id"] == jid and last["state"] == events[-1]


def test_unknown_job_is_404(srv):
    assert STATE["c"].get("/api/v1/jobs/999999").status == 404
    assert STATE["c"].get("/api/v1/jobs/abc").status == 404


def test_backups_are_listed_and_downloadable(srv):
    c = STATE["c"]
    lst = c.get("/api/v1/system/backups").json
    assert any(b["name"] == STATE["name"] and b["size"] > 0 for b in lst["items"]), lst
    r = c.get(f"/api/v1/system/backups/{STATE['name']}")
    assert r.status == 200 and r.raw.startswith(b"SQLite format 3\x00"), r.status
    assert "attachment" in r.header("Content-Disposition")
    with tempfile.NamedTemporaryFile(suffix=".db") as f:
        f.write(r.raw)
        f.flush()
        db = sqlite3.connect(f.name)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT username FROM users").fetchone()[0] == "admin"
        db.close()
    st = os.stat(os.path.join(srv.data, "backups", STATE["name"]))
    assert st.st_mode & 0o077 == 0, oct(st.st_mode)


def test_backup_names_cannot_escape_the_folder(srv):
    c = STATE["c"]
    for name in ("..%2fswitchboard.db", "../switchboard.db", "secret.key", ".hidden.sqlite3", "x.sqlite3"):
        assert c.get(f"/api/v1/system/backups/{name}").status == 404, name


def test_delete_a_backup(srv):
    c = STATE["c"]
    assert c.delete(f"/api/v1/system/backups/{STATE['name']}").status == 204
    assert c.get(f"/api/v1/system/backups/{STATE['name']}").status == 404
    assert c.delete(f"/api/v1/system/backups/{STATE['name']}").status == 404


def test_cli_backup_while_running_and_check(srv):
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([BIN, "--data", srv.data, "backup", d + "/b.db"], capture_output=True, text=True)
        assert out.returncode == 0, out
        db = sqlite3.connect(d + "/b.db")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
    out = subprocess.run([BIN, "--data", srv.data, "check"], capture_output=True, text=True)
    assert out.returncode == 0 and "check: ok" in out.stdout, out


def test_restore_is_refused_while_running(srv):
    out = subprocess.run([BIN, "--data", srv.data, "restore", "/nonexistent.db"], capture_output=True, text=True)
    assert out.returncode != 0 and "running" in out.stderr, out


def test_restore_brings_back_a_backup(srv):
    c = STATE["c"]
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([BIN, "--data", srv.data, "backup", d + "/b.db"], check=True, capture_output=True)
        r = c.post("/api/v1/users", {"username": "after-backup", "role": "viewer", "password": "long enough pass"})
        assert r.status == 201
        srv.stop()
        bad = d + "/bad.db"
        open(bad, "w").write("garbage")
        out = subprocess.run([BIN, "--data", srv.data, "restore", bad], capture_output=True, text=True)
        assert out.returncode != 0, out
        out = subprocess.run([BIN, "--data", srv.data, "restore", d + "/b.db"], capture_output=True, text=True)
        assert out.returncode == 0, out
        srv.start()
    c2 = srv.client()
    assert c2.login("admin").status == 200
    assert c2.get("/api/v1/users?q=after-backup").json["total"] == 0
