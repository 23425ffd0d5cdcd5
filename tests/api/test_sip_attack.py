"""The credential hand-over under attack: hostile device lists, credentials
changed or devices removed while an export builds, a process killed in
the middle of a build, and the Statement of Work recorded twice at once.
A build is held at its start while DATA/test-hold-handover exists (the
test build's hook), so "while it builds" is a state, not a race."""
import os
import signal
import threading

import http.client

from harness import PASSWORD, add_user, setup_admin, wait_job

ALL_MET = {"supported": True, "tls": True, "border_proxy_fqdn": True, "naptr": True,
           "sip_name_dash": True, "alphanumeric_password": True}
STATEMENTS = {"data_handler": True, "responsibility": True, "toll_fraud": True}
STATE = {}


def hold(srv):
    open(os.path.join(srv.data, "test-hold-handover"), "w").close()


def release(srv):
    os.unlink(os.path.join(srv.data, "test-hold-handover"))


def export(c, ids):
    return c.post("/api/v1/sip-devices/exports", {"devices": ids, "handler_id": STATE["handler"],
                                                  "password": PASSWORD})


def handover_files(srv):
    d = os.path.join(srv.data, "handover")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def test_devices_and_a_data_handler(srv):
    c = setup_admin(srv)
    STATE["c"] = c
    assert c.post("/api/v1/sip-devices/regions", {"name": "EU", "border_proxy": "sip-eu.provider.example"}).status == 201
    ids = []
    for i in range(6):
        r = c.post("/api/v1/sip-devices", {"user_name": f"User {i}", "extension": f"410{i}", "manufacturer": "Acme",
                                           "model": "T1", "region": "EU", "requirements": ALL_MET})
        assert r.status == 201, r
        ids.append(r.json["id"])
    STATE["ids"] = ids
    r = c.post("/api/v1/sip-devices/data-handlers", {"name": "Dana Cole", "phone": "+44 20 7946 0000"})
    assert r.status == 201, r
    STATE["handler"] = r.json["id"]


def test_a_device_list_too_long_or_with_a_bad_id_is_refused_in_the_right_words(srv):
    c = STATE["c"]
    r = export(c, list(range(1, 10002)))
    assert r.status == 422 and r.error_field() == "devices", r
    assert "1 to 10000" in r.json["error"]["details"][0]["message"], r
    r = export(c, [STATE["ids"][0], -1])
    assert r.status == 422 and r.error_field() == "devices[1]", r
    assert "named by its id" in r.json["error"]["details"][0]["message"], r
    assert c.get("/api/v1/sip-devices/exports").json["total"] == 0


def test_a_credential_regenerated_while_its_export_builds_fails_the_export(srv):
    c, ids = STATE["c"], STATE["ids"]
    hold(srv)
    try:
        r = export(c, ids[:3])
        assert r.status == 202, r
        assert c.post(f"/api/v1/sip-devices/{ids[1]}/credential/regenerate").status == 200
    finally:
        release(srv)
    job = wait_job(c, r.json["job"]["id"])
    # The archives would hand over a credential that no longer exists.
    assert job["state"] == "failed" and "4101" in job["error"], job
    assert c.get(f"/api/v1/sip-devices/exports/{r.json['export']['id']}").json["state"] == "failed"
    assert handover_files(srv) == []


def test_a_device_removed_while_its_export_builds_fails_the_export(srv):
    c, ids = STATE["c"], STATE["ids"]
    hold(srv)
    try:
        r = export(c, ids[2:5])
        assert r.status == 202, r
        assert c.delete(f"/api/v1/sip-devices/{ids[4]}").status == 204
        STATE["ids"] = ids[:4]
    finally:
        release(srv)
    job = wait_job(c, r.json["job"]["id"])
    assert job["state"] == "failed" and "4104" in job["error"], job
    assert c.get(f"/api/v1/sip-devices/exports/{r.json['export']['id']}").json["state"] == "failed"
    assert handover_files(srv) == []


def test_an_export_unchanged_while_it_builds_is_ready(srv):
    c, ids = STATE["c"], STATE["ids"]
    hold(srv)
    try:
        r = export(c, ids)
        assert r.status == 202, r
        # A change that leaves the credential as it was is no reason to fail.
        tag = c.get(f"/api/v1/sip-devices/{ids[0]}").header("ETag")
        p = c.put(f"/api/v1/sip-devices/{ids[0]}", {"purpose": "Braille device"}, headers={"If-Match": tag})
        assert p.status == 200, p
    finally:
        release(srv)
    job = wait_job(c, r.json["job"]["id"])
    assert job["state"] == "done", job
    STATE["ready"] = r.json["export"]["id"]


def test_an_export_job_is_shown_to_administrators_only(srv):
    # Administrators only, every route: the job of an export too (its
    # archive names, its devices), by GET and by its event stream.
    c = STATE["c"]
    e = c.get(f"/api/v1/sip-devices/exports/{STATE['ready']}").json
    assert c.get(f"/api/v1/jobs/{e['job_id']}").status == 200
    for role in ("viewer", "operator"):
        u = add_user(c, f"a-{role}", role)
        r = u.get(f"/api/v1/jobs/{e['job_id']}")
        assert r.status == 404 and e["names_file"] not in r.raw.decode(), r
        conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=srv.context(), timeout=10)
        conn.request("GET", f"/api/v1/jobs/{e['job_id']}/events", headers={"Cookie": u.cookie})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        assert resp.status == 404 and e["names_file"].encode() not in body, (resp.status, body)


def test_the_receipt_is_recorded_once_when_two_record_it_at_once(srv):
    c = STATE["c"]
    url = f"/api/v1/sip-devices/exports/{STATE['ready']}/acknowledgement"
    got = []

    def record(ref):
        got.append((ref, c.put(url, {"signed_by": "Dana Cole", "signed_on": "2020-01-02", "reference": ref,
                                    "statements": STATEMENTS}).status))
    ts = [threading.Thread(target=record, args=(f"SOW-{i}",)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    won = [ref for ref, status in got if status == 200]
    assert len(won) == 1 and sorted(s for _, s in got) == [200] + [409] * 7, got
    e = c.get(f"/api/v1/sip-devices/exports/{STATE['ready']}").json
    assert e["acknowledgement"]["reference"] == won[0], e


def test_a_build_killed_leaves_no_archive_and_a_failed_export(srv):
    c, ids = STATE["c"], STATE["ids"]
    hold(srv)
    r = export(c, ids)
    assert r.status == 202, r
    e = r.json["export"]
    # What a kill between writing an archive and renaming it leaves.
    os.makedirs(os.path.join(srv.data, "handover"), exist_ok=True)
    stray = os.path.join(srv.data, "handover", e["names_file"] + ".tmp.4242")
    with open(stray, "wb") as f:
        f.write(b"PK\x03\x04 partial archive")
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    srv.log.close()
    srv.proc = None
    release(srv)
    srv.start()
    c = srv.client()
    assert c.login("admin").status == 200
    STATE["c"] = c
    got = c.get(f"/api/v1/sip-devices/exports/{e['id']}").json
    assert got["state"] == "failed", got
    # The archives of the export still ready stay; nothing else does.
    ready = c.get(f"/api/v1/sip-devices/exports/{STATE['ready']}").json
    assert handover_files(srv) == sorted([ready["names_file"], ready["passwords_file"]]), handover_files(srv)
    r = c.put(f"/api/v1/sip-devices/exports/{e['id']}/acknowledgement",
              {"signed_by": "D", "signed_on": "2020-01-02", "reference": "R", "statements": STATEMENTS})
    assert r.status == 409, r
