"""Reboots pushed over SIP: SIPp (Debian's sip-tester) plays the phones on
loopback. One answers 200; one challenges with 401 and accepts only the
right digest answer; one never answers (retransmissions, then "no
answer"); one answers 481. Then: Reboot pending and the fetch that
follows, cancel, retry, after-hours windows in a location's own time zone,
a scheduled campaign that outlives a restart, and 1,000 SIPp-played phones
paced at a set rate."""
import datetime
import os
import re
import subprocess
import time
import zoneinfo

from harness import ROOT, free_port, setup_admin, wait_job
from test_provisioning import Phone

# T1 = 50 ms: "no answer" comes after 64 x T1 = 3.2 s, not 32 s.
SERVER_ARGS = ("--sip-t1-ms", "50")
SCEN = os.path.join(ROOT, "tests", "sipp")
STATE = {}


class Sipp:
    """A SIPp UAS on a free loopback port playing phones with a scenario."""

    def __init__(self, scenario, calls=1, variables=None, seconds=60):
        self.port = free_port()
        self.trace = f"/tmp/sb-sipp-{self.port}.log"
        cmd = ["sipp", "-sf", os.path.join(SCEN, scenario), "-i", "127.0.0.1", "-p", str(self.port),
               "-m", str(calls), "-nostdin", "-timeout", f"{seconds}s", "-trace_msg", "-message_file",
               self.trace, "-max_recv_loops", "10000"]
        for k, v in (variables or {}).items():
            cmd += ["-set", k, v]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.3)

    def uri(self, user):
        return f"sip:{user}@127.0.0.1:{self.port}"

    def wait(self, seconds=60):
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def notifies(self):
        try:
            with open(self.trace) as f:
                return sum(1 for line in f if line.startswith("NOTIFY sip:"))
        except OSError:
            return 0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            os.unlink(self.trace)
        except OSError:
            pass


def phone(c, name, ext, ident, mac=None, location=None):
    body = {"name": name, "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation",
            "stations": [{"extension": ext, "label": name, "identification_address": ident}]}
    if mac:
        body["address"] = mac
    if location:
        body["location"] = location
    r = c.post("/api/v1/phones", body)
    assert r.status == 201, r
    return r.json


def items(c, cid):
    out, offset = [], 0
    while True:
        r = c.get(f"/api/v1/reboots/{cid}/items?limit=1000&offset={offset}").json
        out += r["items"]
        offset += len(r["items"])
        if offset >= r["total"] or not r["items"]:
            return out


def wait_campaign(c, cid, seconds=60):
    return wait_job(c, c.get(f"/api/v1/reboots/{cid}").json["job_id"], seconds)


def test_setup(srv):
    STATE["c"] = setup_admin(srv)
    assert STATE["c"].get("/api/v1/session").json["user"]["role"] == "admin"


def test_four_phones_answer_as_sipp_plays_them(srv):
    c = STATE["c"]
    ok, chal, silent, rej = (Sipp("uas_200.xml"), None, Sipp("uas_silent.xml", seconds=20),
                             Sipp("uas_481.xml"))
    try:
        a = phone(c, "Accepts", "7101", ok.uri("7101"))
        # The challenging phone checks the line's own credentials.
        pc = c.post("/api/v1/phones", {"name": "Challenges", "manufacturer": "Polycom", "model": "VVX 410",
                                       "type": "workstation", "stations": [{"extension": "7102"}]}).json
        pw = pc["generated_passwords"][0]["sip_password"]
        chal = Sipp("uas_401.xml", variables={"user": "7102", "pass": pw})
        st = pc["stations"][0]
        r = c.put(f"/api/v1/phones/{pc['id']}", {
            "name": "Challenges", "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation",
            "stations": [{"id": st["id"], "extension": "7102", "identification_address": chal.uri("7102")}]})
        assert r.status == 200, r
        s = phone(c, "Silent", "7103", silent.uri("7103"))
        x = phone(c, "Rejects", "7104", rej.uri("7104"))
        n = phone(c, "NoContact", "7105", "")
        ids = [a["id"], pc["id"], s["id"], x["id"], n["id"]]
        r = c.post("/api/v1/reboots", {"phones": ids, "when": "now", "rate": 50})
        assert r.status == 201 and r.json["state"] in ("scheduled", "running"), r
        cid = r.json["id"]
        # The phone that stays silent shows "sent" while it is waited for
        # (T1 = 50 ms here: no answer after 3.2 s).
        seen, deadline = set(), time.time() + 3
        while "sent" not in seen and time.time() < deadline:
            seen |= {i["state"] for i in items(c, cid) if i["phone_name"] == "Silent"}
            time.sleep(0.05)
        assert "sent" in seen, seen
        job = wait_campaign(c, cid, 60)
        assert job["state"] == "done" and job["result"]["total"] == 5, job
        got = {i["phone_name"]: i for i in items(c, cid)}
        assert got["Accepts"]["state"] == "accepted" and got["Accepts"]["status_code"] == 200, got["Accepts"]
        assert got["Accepts"]["target"] == ok.uri("7101") and got["Accepts"]["transport"] == "UDP"
        assert got["Challenges"]["state"] == "accepted" and got["Challenges"]["authenticated"], got["Challenges"]
        assert got["Silent"]["state"] == "no answer" and got["Silent"]["retransmits"] >= 5, got["Silent"]
        assert got["Rejects"]["state"] == "rejected" and got["Rejects"]["status_code"] == 481, got["Rejects"]
        assert got["NoContact"]["state"] == "failed" and "No contact" in got["NoContact"]["reason"]
        counts = c.get(f"/api/v1/reboots/{cid}").json["counts"]
        assert counts["accepted"] == 2 and counts["no answer"] == 1 and counts["rejected"] == 1 \
            and counts["failed"] == 1, counts
        # SIPp's own verdict: the 200 and 481 phones and the digest check.
        assert ok.wait(10) == 0 and rej.wait(10) == 0
        assert chal.wait(10) == 0, chal.proc.stderr.read()[-500:]
        # The silent phone saw the NOTIFY and every retransmission.
        silent.wait(30)
        assert silent.notifies() == got["Silent"]["retransmits"] + 1, (silent.notifies(), got["Silent"])
        STATE.update(campaign=cid, accepts=a["id"], silent=s["id"])
    finally:
        for p in (ok, chal, silent, rej):
            if p:
                p.stop()


def test_the_audit_says_who_rebooted_what_and_the_result(srv):
    c = STATE["c"]
    made = c.get("/api/v1/audit?action=reboot.create").json["items"]
    assert made and made[0]["actor"] == "admin" and "Accepts" in made[0]["detail"]["names"], made
    done = c.get("/api/v1/audit?action=reboot.finish").json["items"]
    assert done and done[0]["detail"]["counts"]["accepted"] == 2, done


def test_the_phone_page_lists_its_reboots(srv):
    c = STATE["c"]
    h = c.get(f"/api/v1/phones/{STATE['accepts']}/reboots").json["items"]
    assert h and h[0]["campaign_id"] == STATE["campaign"] and h[0]["state"] == "accepted", h


def test_retry_takes_the_failed_phones_only(srv):
    c = STATE["c"]
    r = c.post(f"/api/v1/reboots/{STATE['campaign']}/retry")
    assert r.status == 201 and r.json["retry_of"] == STATE["campaign"] and r.json["total"] == 3, r
    job = wait_campaign(c, r.json["id"], 30)
    assert job["state"] == "done"
    names = sorted(i["phone_name"] for i in items(c, r.json["id"]))
    assert names == ["NoContact", "Rejects", "Silent"], names


def test_bad_requests_name_the_field(srv):
    c = STATE["c"]
    for body, field in (({"phones": []}, "phones"), ({"phones": [999999]}, "phones"),
                        ({"phones": ["x"]}, "phones[0]"),
                        ({"phones": [STATE["accepts"]], "when": "tomorrow"}, "when"),
                        ({"phones": [STATE["accepts"]], "when": "2001-01-01T00:00:00Z"}, "when"),
                        ({"phones": [STATE["accepts"]], "rate": 0}, "rate"),
                        ({"phones": [STATE["accepts"]], "max_concurrent": 2.5}, "max_concurrent"),
                        ({"reboot_pending": True}, "phones")):
        r = c.post("/api/v1/reboots", body)
        assert r.status == 422 and r.error_field() == field, (body, r)
    assert c.post("/api/v1/reboots/99999/cancel").status == 404


def test_cancel_a_scheduled_campaign(srv):
    c = STATE["c"]
    later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    r = c.post("/api/v1/reboots", {"phones": [STATE["accepts"]], "when": later})
    assert r.status == 201 and r.json["state"] == "scheduled" and r.json["when"] == "at", r
    cid = r.json["id"]
    r = c.post(f"/api/v1/reboots/{cid}/cancel")
    assert r.status == 200 and r.json["state"] == "cancelled" and r.json["cancelled_by"] == "admin", r
    job = c.get(f"/api/v1/reboots/{cid}").json["job"]
    assert job["state"] == "failed" and "Cancelled" in job["error"], job
    assert items(c, cid)[0]["state"] == "cancelled"
    assert c.post(f"/api/v1/reboots/{cid}/cancel").status == 409


def test_a_phone_named_twice_is_one_item_of_the_campaign(srv):
    c = STATE["c"]
    later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    pid = STATE["accepts"]
    r = c.post("/api/v1/reboots", {"phones": [pid, pid, pid], "when": later})
    assert r.status == 201 and r.json["total"] == 1 and r.json["counts"]["pending"] == 1, r
    cid = r.json["id"]
    assert [i["phone_id"] for i in items(c, cid)] == [pid]
    assert c.get(f"/api/v1/reboots/{cid}").json["job"]["progress"]["total"] == 1
    audit = c.get("/api/v1/audit?action=reboot.create&limit=1").json["items"][0]
    assert audit["detail"]["phones"] == 1 and len(audit["detail"]["names"]) == 1, audit
    assert c.post(f"/api/v1/reboots/{cid}/cancel").status == 200


def test_after_hours_waits_for_each_locations_window(srv):
    c = STATE["c"]
    tz = zoneinfo.ZoneInfo("Asia/Tokyo")
    now = datetime.datetime.now(tz)
    start = (now + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    end = start + datetime.timedelta(hours=1)
    r = c.post("/api/v1/locations", {"name": "Tokyo", "time_zone": "Asia/Tokyo",
                                     "after_hours_start": start.strftime("%H:%M"),
                                     "after_hours_end": end.strftime("%H:%M"),
                                     "codec_preference": ["G.711 mu-law"]})
    assert r.status == 201 and r.json["after_hours_start"] == start.strftime("%H:%M"), r
    bad = c.post("/api/v1/locations", {"name": "Bad", "after_hours_start": "25:00",
                                       "codec_preference": ["G.711 mu-law"]})
    assert bad.status == 422 and bad.error_field() == "after_hours_start", bad
    p = phone(c, "TokyoDesk", "7201", "sip:7201@127.0.0.1:5999", location="Tokyo")
    r = c.post("/api/v1/reboots", {"phones": [p["id"]], "when": "after-hours"})
    assert r.status == 201 and r.json["state"] == "scheduled", r
    # The window opens at start, Tokyo time: that instant in UTC.
    assert r.json["run_at"] == int(start.timestamp()), (r.json["run_at"], start.timestamp())
    it = items(c, r.json["id"])[0]
    assert it["not_before"] == int(start.timestamp()) and it["state"] == "pending", it
    assert c.post(f"/api/v1/reboots/{r.json['id']}/cancel").status == 200


def test_reboot_pending_then_the_fetch_that_follows(srv):
    c = STATE["c"]
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.1/32"]}).status == 200
    sipp = Sipp("uas_200.xml")
    try:
        mac = "0004f2c0ffee"
        p = phone(c, "Pending", "7301", sipp.uri("7301"), mac=mac)
        ph = Phone(srv)
        status, _, master = ph.get(f"/{mac}.cfg")
        assert status == 200
        guid = master.split("phone/")[1].split(".cfg")[0]
        status, _, own = ph.get(f"/phone/{guid}.cfg")
        assert status == 200
        prov_pw = re.search(r'device\.prov\.password="([^"]+)"', own).group(1)
        deadline = time.time() + 5
        while time.time() < deadline and not c.get(f"/api/v1/phones/{p['id']}").json.get("last_contact"):
            time.sleep(0.1)
        body = {"name": "Pending", "manufacturer": "Polycom", "model": "VVX 410", "type": "workstation",
                "address": mac, "language": "English, United States",
                "stations": [{"id": p["stations"][0]["id"], "extension": "7301",
                              "identification_address": sipp.uri("7301")}]}
        assert c.put(f"/api/v1/phones/{p['id']}", body).status == 200
        assert c.get(f"/api/v1/phones/{p['id']}").json["status"] == "Reboot pending"
        r = c.post("/api/v1/reboots", {"reboot_pending": True, "when": "now"})
        assert r.status == 201 and r.json["total"] == 1, r
        job = wait_campaign(c, r.json["id"], 30)
        it = items(c, r.json["id"])[0]
        assert job["state"] == "done" and it["state"] == "accepted" and not it["fetched_after"], it
        # The phone reboots and fetches its new file: pending is over, and
        # the campaign's row shows the fetch that followed.
        time.sleep(1.1)
        assert ph.get_digest(f"/phone/{guid}.cfg", mac, prov_pw)[0] == 200
        deadline = time.time() + 5
        while time.time() < deadline and c.get(f"/api/v1/phones/{p['id']}").json["status"] == "Reboot pending":
            time.sleep(0.1)
        assert c.get(f"/api/v1/phones/{p['id']}").json["status"] != "Reboot pending"
        # Contact records are written by the provisioning log's queue, a
        # moment after the status shows the fetch: wait for the row.
        deadline = time.time() + 5
        h = c.get(f"/api/v1/phones/{p['id']}/reboots").json["items"]
        while time.time() < deadline and not h[0]["fetched_after"]:
            time.sleep(0.1)
            h = c.get(f"/api/v1/phones/{p['id']}/reboots").json["items"]
        assert h[0]["fetched_after"] is True, h[0]
    finally:
        sipp.stop()


def test_a_scheduled_campaign_runs_after_a_restart(srv):
    c = STATE["c"]
    sipp = Sipp("uas_200.xml")
    try:
        p = phone(c, "AfterRestart", "7401", sipp.uri("7401"))
        soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        r = c.post("/api/v1/reboots", {"phones": [p["id"]], "when": soon})
        assert r.status == 201 and r.json["state"] == "scheduled", r
        cid = r.json["id"]
        srv.restart()
        c.login("admin")
        job = wait_campaign(c, cid, 30)
        assert job["state"] == "done", job
        assert items(c, cid)[0]["state"] == "accepted"
        assert sipp.wait(10) == 0
    finally:
        sipp.stop()


def test_a_thousand_phones_paced_at_the_set_rate(srv):
    c = STATE["c"]
    sipp = Sipp("uas_200.xml", calls=1000, seconds=120)
    try:
        rows = ["Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address"]
        rows += [f"Paced{i:04d},Workstation,Polycom,VVX 410,,{80000 + i},{sipp.uri(80000 + i)},," for i in range(1000)]
        r = c.request("POST", "/api/v1/assistant/imports", raw=("\n".join(rows) + "\n").encode(),
                      content_type="text/csv")
        assert r.status == 201 and r.json["report"]["accepted"] == 1000, r.json["report"]
        assert wait_job(c, c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit").json["id"], 300)["state"] == "done"
        ids = [p["id"] for off in range(0, 2000, 1000)
               for p in c.get(f"/api/v1/phones?q=Paced&limit=1000&offset={off}").json["items"]]
        assert len(ids) == 1000
        rate = 100
        r = c.post("/api/v1/reboots", {"phones": ids, "when": "now", "rate": rate, "max_concurrent": 1000})
        assert r.status == 201, r
        job = wait_campaign(c, r.json["id"], 120)
        assert job["state"] == "done" and job["result"]["counts"]["accepted"] == 1000, job
        sent = sorted(i["sent_at_ms"] for i in items(c, r.json["id"]))
        # The pace: never more than the rate (plus its quarter-second
        # burst) in any one second, and on average close to it.
        j = 0
        for i, t in enumerate(sent):
            while sent[j] <= t - 1000:
                j += 1
            assert i - j + 1 <= rate + rate // 4 + 1, (i - j + 1, "NOTIFYs within one second")
        achieved = (len(sent) - 1) / ((sent[-1] - sent[0]) / 1000)
        assert 0.7 * rate <= achieved <= 1.1 * rate, achieved
        assert sipp.wait(20) == 0
    finally:
        sipp.stop()
