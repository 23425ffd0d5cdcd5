"""Failed logins are throttled per account and per client address."""
from harness import PASSWORD, setup_admin

SERVER_ARGS = ["--login-max-failures", "3", "--address-max-failures", "8"]


def test_account_locks_after_repeated_failures(srv):
    setup_admin(srv)
    admin = srv.client()
    admin.login("admin")
    r = admin.post("/api/v1/users", {"username": "victim", "role": "viewer", "password": PASSWORD})
    assert r.status == 201, r
    for _ in range(3):
        assert srv.client().login("victim", "wrong password!").status == 401
    r = srv.client().login("victim", "wrong password!")
    assert r.status == 429, r
    msg = r.json["error"]["message"]
    assert "for this account" in msg and "Try again in" in msg, msg
    assert r.json["error"]["retry_after"] > 0
    r = srv.client().login("victim", PASSWORD)
    assert r.status == 429, "even the right password waits out the lockout"


def test_other_accounts_still_log_in(srv):
    assert srv.client().login("admin").status == 200


def test_address_locks_after_failures_across_accounts(srv):
    n = 0
    status = None
    for i in range(12):
        status = srv.client().login(f"guess{i}", "wrong password!").status
        n += 1
        if status == 429:
            break
    assert status == 429, "the address was never throttled"
    r = srv.client().login("admin")
    assert r.status == 429 and "from this address" in r.json["error"]["message"], r


def test_failed_and_throttled_logins_are_audited(srv):
    # Read the audit log straight from a backup of the database.
    import sqlite3
    import subprocess
    import tempfile
    from harness import BIN
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([BIN, "--data", srv.data, "backup", d + "/b.db"], capture_output=True)
        assert out.returncode == 0, out
        db = sqlite3.connect(d + "/b.db")
        rows = db.execute("SELECT detail FROM audit_log WHERE action = 'session.login_failed'").fetchall()
        db.close()
    reasons = [r[0] for r in rows]
    assert any("wrong password" in r for r in reasons)
    assert any("account locked" in r for r in reasons)
    assert any("address locked" in r for r in reasons)
