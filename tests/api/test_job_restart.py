"""A job's state matches what it did, whatever moment the daemon is killed
at: a Commit Changes or a migration whose phones committed says done
after a restart, one whose phones did not says failed, never the other
way round; a backup says done exactly when its file is there."""
import io
import os
import random
import signal
import sqlite3
import time
import zipfile

from harness import setup_admin, wait_job

STATE = {}
ROWS = 3000


def kill_and_restart(srv):
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    srv.log.close()
    srv.proc = None
    srv.start()
    c = srv.client()
    assert c.login("admin").status == 200
    STATE["c"] = c
    return c


def upload_list(c, tag):
    lines = ["Name,Type,Manufacturer,Model,Extension"]
    base = 30000 + 4000 * tag
    lines += [f"K{tag:02d}x{i:05d},Workstation,Polycom,VVX 410,{base + i}" for i in range(ROWS)]
    r = c.request("POST", "/api/v1/assistant/imports?filename=k.csv",
                  raw=("\n".join(lines) + "\n").encode(), content_type="text/csv")
    assert r.status == 201 and r.json["report"]["accepted"] == ROWS, r
    return r.json["id"]


def phones_of(c, tag):
    r = c.get(f"/api/v1/phones?q=K{tag:02d}x&limit=1")
    assert r.status == 200, r
    return r.json["total"]


def import_committed(db, import_id):
    """Read the daemon's database as another process would: the moment the
    commit's transaction is durable, its import says so."""
    try:
        row = db.execute("SELECT state FROM imports WHERE id = ?", (import_id,)).fetchone()
    except sqlite3.OperationalError:
        return False
    return row is not None and row[0] == "committed"


def check_consistent(c, tag, jid, import_id):
    n = phones_of(c, tag)
    j = c.get(f"/api/v1/jobs/{jid}").json
    imp = c.get(f"/api/v1/assistant/imports/{import_id}").json
    assert n in (0, ROWS), f"all or nothing: {n} phones"
    if n:
        assert j["state"] == "done", f"the phones committed, the job says {j}"
        assert j["result"]["created"] == ROWS, j
        assert imp["state"] == "committed", imp
    else:
        assert j["state"] == "failed" and "interrupted" in j["error"], f"no phones, the job says {j}"
        assert imp["state"] == "parsed", imp
    return n > 0


def test_setup_and_one_commit_undisturbed(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    import_id = upload_list(c, 0)
    started = time.monotonic()
    jid = c.post(f"/api/v1/assistant/imports/{import_id}/commit").json["id"]
    j = wait_job(c, jid, 300)
    # How long a commit runs here: the killing below spreads over it. Not
    # asserted; only used to pick moments.
    STATE["span"] = time.monotonic() - started
    assert j["state"] == "done" and phones_of(c, 0) == ROWS, j


def test_killed_the_moment_the_phones_commit_the_job_says_done(srv):
    """The narrowest moment: the work's transaction is durable and the
    daemon dies at once. Watched from outside through the database file."""
    outcomes = []
    for tag in (1, 2, 3):
        c = STATE["c"]
        import_id = upload_list(c, tag)
        db = sqlite3.connect(f"file:{os.path.join(srv.data, 'switchboard.db')}?mode=ro", uri=True,
                             timeout=0.05)
        jid = c.post(f"/api/v1/assistant/imports/{import_id}/commit").json["id"]
        deadline = time.monotonic() + 300
        while not import_committed(db, import_id) and time.monotonic() < deadline:
            pass
        srv.proc.send_signal(signal.SIGKILL)
        db.close()
        c = kill_and_restart(srv)
        outcomes.append(check_consistent(c, tag, jid, import_id))
    assert any(outcomes), "the kill never came after the phones committed"


def test_killed_at_random_moments_the_job_matches_the_phones(srv):
    rnd = random.Random(14)
    span = STATE["span"]
    outcomes = []
    for tag in range(4, 12):
        c = STATE["c"]
        import_id = upload_list(c, tag)
        jid = c.post(f"/api/v1/assistant/imports/{import_id}/commit").json["id"]
        time.sleep(rnd.uniform(0, span * 1.6))
        c = kill_and_restart(srv)
        outcomes.append(check_consistent(c, tag, jid, import_id))
    print(f"# killed at random: {sum(outcomes)} of {len(outcomes)} commits had committed")


MASTER = ('<APPLICATION APP_FILE_PATH="sip.ld" '
          'CONFIG_FILES="[PHONE_MAC_ADDRESS]-user.cfg, sip.cfg"/>')
SIP = '<polycomConfig voIpProt.server.1.address="cic.example.local"/>'


def migration_zip(tag, n):
    files = {"tftproot/sip.cfg": SIP}
    for i in range(n):
        mac = f"0004f2{tag:02x}{i:04x}"
        files[f"tftproot/{mac}.cfg"] = MASTER
        files[f"tftproot/{mac}-user.cfg"] = (f'<polycomConfig reg.1.address="{7000 + 100 * tag + i}" '
                                             f'reg.1.displayName="M{tag:02d}x{i:03d}"/>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_a_migration_killed_the_moment_its_phones_commit_says_done(srv):
    for tag in (1, 2):
        c, n = STATE["c"], 20
        r = c.request("POST", "/api/v1/assistant/migrations/upload?filename=t.zip",
                      raw=migration_zip(tag, n), content_type="application/octet-stream")
        assert r.status == 201 and len(r.json["items"]) == n, r
        mid = r.json["id"]
        r = c.post(f"/api/v1/assistant/migrations/{mid}/build",
                   {"default_model": "VVX 410", "items": [i["mac"] for i in r.json["items"]]})
        assert r.status == 200 and r.json["with_errors"] == 0, r
        db = sqlite3.connect(f"file:{os.path.join(srv.data, 'switchboard.db')}?mode=ro", uri=True,
                             timeout=0.05)
        jid = c.post(f"/api/v1/assistant/migrations/{mid}/run", {"without_backup": True}).json["id"]
        deadline = time.monotonic() + 120
        state = None
        while state != "done" and time.monotonic() < deadline:
            try:
                state = db.execute("SELECT state FROM polycom_migrations WHERE id = ?", (mid,)).fetchone()[0]
            except sqlite3.OperationalError:
                pass
        srv.proc.send_signal(signal.SIGKILL)
        db.close()
        assert state == "done", "the migration never committed"
        c = kill_and_restart(srv)
        assert c.get(f"/api/v1/phones?q=M{tag:02d}x&limit=1").json["total"] == n
        j = c.get(f"/api/v1/jobs/{jid}").json
        assert j["state"] == "done" and j["result"]["created"] == n, f"the phones committed, the job says {j}"


def test_a_backup_killed_the_moment_its_file_is_in_place_says_done(srv):
    """The backup's work is a file, renamed into place when complete: a
    daemon killed right after that finds it done on restart."""
    folder = os.path.join(srv.data, "backups")
    for _ in range(3):
        c = STATE["c"]
        before = {n for n in os.listdir(folder) if n.endswith(".sqlite3")}
        jid = c.post("/api/v1/system/backups").json["id"]
        deadline = time.monotonic() + 60
        new = set()
        while not new and time.monotonic() < deadline:
            new = {n for n in os.listdir(folder) if n.endswith(".sqlite3")} - before
        srv.proc.send_signal(signal.SIGKILL)
        assert new, "no backup file appeared"
        c = kill_and_restart(srv)
        j = c.get(f"/api/v1/jobs/{jid}").json
        assert j["state"] == "done" and j["result"]["name"] in new, (j, new)
        assert j["result"]["size"] == os.path.getsize(os.path.join(folder, j["result"]["name"])), j
        time.sleep(1.1)  # backups are named by the second


def test_a_backup_killed_midway_is_failed_or_listed(srv):
    """A backup's work is a file: after a restart the job says done exactly
    when its file is in the list, and a half-written copy is not listed."""
    rnd = random.Random(7)
    # The backups the test before left are listed from the start.
    seen = {b["name"] for b in STATE["c"].get("/api/v1/system/backups").json["items"]}
    for _ in range(6):
        c = STATE["c"]
        r = c.post("/api/v1/system/backups")
        assert r.status == 202, r
        jid = r.json["id"]
        time.sleep(rnd.uniform(0, 0.4))
        c = kill_and_restart(srv)
        j = c.get(f"/api/v1/jobs/{jid}").json
        names = {b["name"] for b in c.get("/api/v1/system/backups").json["items"]}
        assert j["state"] in ("done", "failed"), j
        if j["state"] == "done":
            assert j["result"]["name"] in names, (j, names)
            r = c.get(f"/api/v1/system/backups/{j['result']['name']}")
            assert r.status == 200 and r.raw.startswith(b"SQLite format 3\x00")
        else:
            assert "interrupted" in j["error"], j
            assert names <= seen, f"a failed backup left {names - seen} in the list"
        seen |= names
        time.sleep(1.1)  # backups are named by the second
