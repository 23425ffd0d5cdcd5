"""Failed logins slow the guesser, not the account's owner: per account
and client address a wait that doubles with each failure (429 with
Retry-After), per address a limit across accounts, and per account a
ceiling on failures from addresses it has never logged in from. The
client address is the connection's own (loopback 127.0.0.x here); no
proxy header is believed."""
import time

from harness import PASSWORD, setup_admin

SERVER_ARGS = ["--login-max-failures", "3", "--login-delay-seconds", "2",
               "--address-max-failures", "8", "--account-max-failures", "6"]
STATE = {}
A, B = "127.0.0.2", "127.0.0.3"


def create(admin, name):
    r = admin.post("/api/v1/users", {"username": name, "role": "viewer", "password": PASSWORD})
    assert r.status == 201, r


def held(r, words):
    """A 429 that says how long, in the body and in Retry-After."""
    assert r.status == 429, r
    msg = r.json["error"]["message"]
    assert words in msg and "Try again in" in msg, msg
    wait = r.json["error"]["retry_after"]
    assert r.header("Retry-After") == str(wait) and wait > 0, (r.headers, wait)
    return wait


def test_setup(srv):
    admin = setup_admin(srv)
    STATE["admin"] = admin
    for name in ("victim", "victim3"):
        create(admin, name)
    names = {u["username"] for u in admin.get("/api/v1/users").json["items"]}
    assert {"victim", "victim3"} <= names, names


def test_failures_from_one_address_make_it_wait_longer_each_time(srv):
    a = srv.client(A)
    for _ in range(3):
        assert a.login("victim", "wrong password!").status == 401
    waits = [held(a.login("victim", "wrong password!"), "from this address")]
    assert waits[0] <= 2, "the first wait is the configured one"
    for _ in range(2):
        time.sleep(waits[-1] + 0.3)
        assert a.login("victim", "wrong password!").status == 401, "the wait is over"
        waits.append(held(a.login("victim", "wrong password!"), "from this address"))
    assert waits[0] < waits[1] < waits[2], f"the wait grows: {waits}"
    STATE["waits"] = waits


def test_even_the_right_password_waits_at_the_failing_address(srv):
    r = srv.client(A).login("victim", PASSWORD)
    held(r, "from this address")


def test_a_proxy_header_does_not_make_another_address(srv):
    r = srv.client(A).post("/api/v1/session", {"username": "victim", "password": PASSWORD},
                           headers={"X-Forwarded-For": "10.9.9.9", "X-Real-IP": "10.9.9.9",
                                    "Forwarded": "for=10.9.9.9"})
    held(r, "from this address")


def test_the_right_password_from_another_address_logs_in_meanwhile(srv):
    b = srv.client(B)
    r = b.login("victim", PASSWORD)
    assert r.status == 200, r
    assert b.get("/api/v1/session").json["user"]["username"] == "victim"
    held(srv.client(A).login("victim", PASSWORD), "from this address")


def test_other_accounts_still_log_in(srv):
    assert srv.client(A).login("admin").status == 200, "the wait is for victim only"
    assert srv.client().login("admin").status == 200


def test_many_addresses_are_bounded_per_account_but_a_known_one_gets_in(srv):
    home = "127.0.0.20"
    assert srv.client(home).login("victim3").status == 200, "victim3's usual address"
    for i in range(6):
        assert srv.client(f"127.0.0.{30 + i}").login("victim3", "wrong password!").status == 401
    # The ceiling is reached: addresses victim3 never logged in from wait,
    # whatever they send, so a distributed guesser tries no more.
    wait = held(srv.client("127.0.0.40").login("victim3", "wrong password!"), "for this account")
    assert wait <= 3600 // 6, "the account is paced, not locked for long"
    held(srv.client("127.0.0.41").login("victim3", PASSWORD), "for this account")
    r = srv.client(home).login("victim3")
    assert r.status == 200, f"the owner's own address is never held by others' failures: {r}"


def test_address_locks_after_failures_across_accounts(srv):
    guesser = "127.0.0.9"
    status = None
    for i in range(12):
        r = srv.client(guesser).post("/api/v1/session", {"username": f"guess{i}", "password": "wrong password!"},
                                     headers={"X-Forwarded-For": f"10.0.0.{i}"})
        status = r.status
        if status == 429:
            break
    assert status == 429 and i == 8, f"the address was held at attempt {i + 1}: {r}"
    held(srv.client(guesser).login("admin"), "from this address")
    assert srv.client().login("admin").status == 200, "other addresses are not held"


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
        rows = db.execute("SELECT detail, address FROM audit_log WHERE action = 'session.login_failed'").fetchall()
        db.close()
    reasons = [r[0] for r in rows]
    assert any("wrong password" in r for r in reasons)
    assert any("account held for this address" in r for r in reasons)
    assert any("account held" in r and "for this address" not in r for r in reasons)
    assert any("address held" in r for r in reasons)
    assert {A, "127.0.0.9"} <= {r[1] for r in rows}, "the audit names the real address"
