"""Shared pieces of the crash and fault-injection runners: a daemon on a
given data directory that can be killed, a client that authenticates with
an API token (no password hashing per request), templates of prepared data
directories, and read-only checks of a stopped daemon's database."""

import json
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402,F401  (re-exported for the runners)


class Daemon(harness.Server):
    """harness.Server on a data directory the caller owns, plus SIGKILL;
    env adds to the daemon's environment (harness.Server reads extra_env)."""

    def __init__(self, data, env=None):
        self.extra_env = env or {}
        super().__init__(data=data)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log.close()
        self.proc = None

    def token_client(self, token):
        c = self.client()
        c.token = token
        return c


def make_template(prepare):
    """A data directory made by a daemon that ran prepare(client, daemon)
    and was stopped cleanly: (path, what prepare returned). The caller
    removes the path's parent."""
    root = tempfile.mkdtemp(prefix="sb-crash-")
    data = os.path.join(root, "template")
    srv = Daemon(data)
    try:
        c = harness.setup_admin(srv)
        r = c.post("/api/v1/tokens", {"name": "crash test", "expires_in_days": 30})
        assert r.status == 201, r
        meta = prepare(srv.token_client(r.json["token"]), srv) or {}
        meta["token"] = r.json["token"]
    finally:
        rc = srv.stop()
    assert rc == 0, f"template daemon exit status {rc}"
    jobs = new_jobs(data, 0)
    meta["jobs_before"] = jobs[-1]["id"] if jobs else 0
    return data, meta


def new_jobs(data, after):
    """The jobs of the stopped daemon's database with an id above after:
    [{"id","kind","state","result","error"}], oldest first."""
    db = open_ro(data)
    try:
        rows = db.execute("SELECT id, kind, state, result, error FROM jobs WHERE id > ? "
                          "ORDER BY id", (after,)).fetchall()
    finally:
        db.close()
    return [{"id": i, "kind": k, "state": s, "result": json.loads(res) if res else None,
             "error": e} for i, k, s, res, e in rows]


def copy_data(template, dest):
    shutil.copytree(template, dest)
    return dest


def fire(fn):
    """Run fn() on a thread: (thread, box); box gets "r" (its return) or
    "e" (its exception) — a request cut by SIGKILL ends in "e"."""
    box = {}

    def run():
        try:
            box["r"] = fn()
        except Exception as e:  # noqa: BLE001
            box["e"] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def open_ro(data):
    """The stopped daemon's database, read-only, through Python's sqlite3
    (the daemon is not running, so nothing else has it open)."""
    path = os.path.join(data, "switchboard.db")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def db_checks(data):
    """integrity_check and foreign_key_check of the stopped daemon's
    database; raises AssertionError naming the first problem."""
    db = open_ro(data)
    try:
        ic = db.execute("PRAGMA integrity_check").fetchall()
        assert ic == [("ok",)], f"integrity_check: {ic[:5]}"
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        assert not fk, f"foreign_key_check: {fk[:5]}"
    finally:
        db.close()


def files_under(*roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
            continue
        for d, _, names in os.walk(root):
            for n in names:
                yield os.path.join(d, n)


def files_holding(secrets, *roots):
    """(file, secret) for every file under roots that holds one of the
    secrets as it is."""
    hits = []
    for f in files_under(*roots):
        try:
            with open(f, "rb") as fh:
                blob = fh.read()
        except OSError:
            continue
        for s in secrets:
            if s and s.encode() in blob:
                hits.append((f, s))
    return hits
