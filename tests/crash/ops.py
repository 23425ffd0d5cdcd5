"""The four operations the crash runner kills the daemon in: an Assistant
import's commit, the Unify Phone Connectivity wizard's commit, a SIP
credential export, and a backup (database and system). Each one prepares
a template data directory once; per kill it starts the operation
(trigger), and after the restart checks, first through the daemon
(check_live) and then in its stopped database and files (check_stopped),
that the operation is wholly there or wholly absent and that its job says
which. Both checks raise AssertionError; check_stopped returns "there" or
"absent"."""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zipfile

from daemon import files_holding, harness, open_ro

PASSWORD = harness.PASSWORD
SEVEN = shutil.which("7z") or shutil.which("7zz")


def job_after_restart(c, meta, box):
    """The operation's job as the restarted daemon reports it, or None
    when the kill came before the request made one. A restart settles
    every job: none may still read queued or running."""
    j = c.get(f"/api/v1/jobs/{meta['jobs_before'] + 1}")
    if "r" in box:
        assert j.status == 200, f"the request was answered {box['r'].status} but its job is gone: {j}"
    if j.status == 404:
        return None
    assert j.status == 200, j
    assert j.json["state"] in ("done", "failed"), f"after a restart the job still reads {j.json['state']}"
    if str(j.json["id"]) in box.get("log_done", ()):
        assert j.json["state"] == "done", f"the job finished done before the kill, it now reads {j.json}"
    return j.json


def accepted(box, status):
    """The response when the request was answered with status, else None."""
    r = box.get("r")
    if r is not None:
        assert r.status == status, f"the request was answered {r}"
    return r


def agree(job, there, result_ok=lambda j: True):
    """A job whose work is there says done (with its result); one whose
    work is absent says failed, interrupted or with its own error."""
    if job is None:
        assert not there, "the work is there without a job"
        return
    if there:
        assert job["state"] == "done", f"the work is there, the job says {job}"
        assert result_ok(job), f"the job's result does not describe the work: {job}"
    else:
        assert job["state"] == "failed", f"the work is absent, the job says {job}"


class Import:
    """Commit Changes of a TMM list of `rows` phones (a job): all of them
    or none."""
    name = "import"
    variants = ("commit",)

    def __init__(self, rows):
        self.rows = rows

    def prepare(self, c, srv):
        lines = ["Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address"]
        models = ["VVX 410", "VVX 411", "IP335", "Trio 8800", "VVX 250"]
        lines += [f"Crash{i:06d},Workstation,Polycom,{models[i % 5]},,{100000 + i},,Desk {i},0004f2{i:06x}"
                  for i in range(self.rows)]
        r = c.request("POST", "/api/v1/assistant/imports?filename=crash.csv",
                      raw=("\n".join(lines) + "\n").encode(), content_type="text/csv")
        assert r.status == 201 and r.json["report"]["accepted"] == self.rows, r
        return {"import": r.json["id"]}

    def before(self, c, meta, variant):
        pass

    def trigger(self, c, meta, variant):
        return c.post(f"/api/v1/assistant/imports/{meta['import']}/commit")

    def wait_done(self, c, meta, r):
        return harness.wait_job(c, r.json["id"], 900)

    def check_live(self, c, meta, box, variant):
        accepted(box, 202)
        return {"job": job_after_restart(c, meta, box),
                "import": c.get(f"/api/v1/assistant/imports/{meta['import']}").json}

    def check_stopped(self, data, meta, box, live, variant):
        db = open_ro(data)
        try:
            (n,) = db.execute("SELECT count(*) FROM phones WHERE name LIKE 'Crash%'").fetchone()
            (state,) = db.execute("SELECT state FROM imports WHERE id = ?", (meta["import"],)).fetchone()
        finally:
            db.close()
        assert n in (0, self.rows), f"all or nothing: {n} of {self.rows} phones"
        there = n == self.rows
        assert state == ("committed" if there else "parsed"), f"{n} phones, the import says {state}"
        assert live["import"]["state"] == state, live["import"]
        agree(live["job"], there, lambda j: j["result"]["created"] == self.rows)
        if live["job"] and not there:
            assert "interrupted" in live["job"]["error"], live["job"]
        return "there" if there else "absent"


class Backup:
    """A database backup (.sqlite3) or a system backup (.tar) as a job of a
    database holding `rows` phones: a complete backup that verifies and is
    listed, or none, and no partial file in backups/."""
    name = "backup"
    variants = ("database", "system")

    def __init__(self, rows):
        self.rows = rows

    def prepare(self, c, srv):
        meta = Import(self.rows).prepare(c, srv)
        r = c.post(f"/api/v1/assistant/imports/{meta['import']}/commit")
        assert harness.wait_job(c, r.json["id"], 900)["state"] == "done"
        return meta

    def before(self, c, meta, variant):
        pass

    def trigger(self, c, meta, variant):
        return c.post("/api/v1/system/backups", {"kind": variant})

    def wait_done(self, c, meta, r):
        return harness.wait_job(c, r.json["id"], 900)

    def check_live(self, c, meta, box, variant):
        accepted(box, 202)
        job = job_after_restart(c, meta, box)
        listed = [b["name"] for b in c.get("/api/v1/system/backups").json["items"]]
        live = {"job": job, "listed": listed}
        if job and job["state"] == "done" and job["result"]["name"] in listed:
            raw = c.get(f"/api/v1/system/backups/{job['result']['name']}")
            assert raw.status == 200, raw
            live["verified"] = self.verify(variant, raw.raw)
            if variant == "system":
                # The appliance's own restore check: every checksum and
                # integrity_check; then the staged upload is dropped.
                r = c.request("POST", "/api/v1/system/restore/upload", raw=raw.raw,
                              content_type="application/x-tar")
                assert r.status in (200, 201), f"the restore check refused the backup: {r}"
                assert c.delete("/api/v1/system/restore").status == 204
        return live

    def verify(self, variant, raw):
        """The phones in a backup's database, after integrity_check."""
        tmp = tempfile.mkdtemp(prefix="sb-crash-verify-")
        try:
            path = os.path.join(tmp, "b.db")
            if variant == "database":
                with open(path, "wb") as f:
                    f.write(raw)
            else:
                with tarfile.open(fileobj=io.BytesIO(raw)) as t:
                    members = t.getmembers()
                    assert members[0].name == "manifest.json", members[0].name
                    manifest = json.loads(t.extractfile(members[0]).read())
                    listed = {m["path"]: m for m in manifest["members"]}
                    assert {m.name for m in members[1:]} == set(listed), (members, listed)
                    for m in members[1:]:
                        data = t.extractfile(m).read()
                        assert hashlib.sha256(data).hexdigest() == listed[m.name]["sha256"], m.name
                        if m.name == "switchboard.db":
                            with open(path, "wb") as f:
                                f.write(data)
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                (n,) = db.execute("SELECT count(*) FROM phones WHERE name LIKE 'Crash%'").fetchone()
            finally:
                db.close()
            assert n == self.rows, f"the backup holds {n} of {self.rows} phones"
            return True
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def check_stopped(self, data, meta, box, live, variant):
        on_disk = sorted(os.listdir(os.path.join(data, "backups")))
        assert on_disk == sorted(live["listed"]), f"backups/ holds {on_disk}, the list says {live['listed']}"
        assert len(on_disk) <= 1, on_disk
        there = bool(on_disk)
        job = live["job"]
        agree(job, there, lambda j: [j["result"]["name"]] == on_disk and live.get("verified"))
        if job and not there:
            assert "interrupted" in job["error"], job
        return "there" if there else "absent"


UNIFY_SYSTEM = {"model": "X3", "mainboard": "V3", "edition": "advanced", "software_version": "V3R3 FR1",
                "country_code": "49", "local_area_code": "89", "pabx_number": "7007",
                "public_ip": "203.0.113.10", "upstream_kbps": 2000, "software_support_until": "2099-12-31",
                "flavour": "Unify Phone for OpenScape"}
# Two generations of the wizard's input: the trunk's simultaneous calls
# and the route's location number tell which one its entries hold.
GENERATIONS = ({"circuit_calls": 4, "route_pabx_number": "7007"},
               {"circuit_calls": 6, "route_pabx_number": "7101"})


class Wizard:
    """The Unify Phone Connectivity wizard's [Execute Function] (trunk,
    route, three LCR entries, its run and its audit record in one
    transaction) turning the first generation of its input into the
    second: all five entries of one generation, never a mix."""
    name = "wizard"
    variants = ("execute",)

    def prepare(self, c, srv):
        r = c.put("/api/v1/unify/system", UNIFY_SYSTEM)
        assert r.status == 200, r
        return {}

    def conn(self, gen):
        return dict({"enabled": True, "api_key": "UPK-4d5e6f708192a3b4c5d6-crash",
                     "numbering_schema": "international", "route_country_code": "49",
                     "route_local_area_code": "89"}, **GENERATIONS[gen])

    def before(self, c, meta, variant):
        # The connector is enabled in the copy only: a template copied to
        # another directory with it enabled would raise the clone guard.
        assert c.put("/api/v1/unify/connectivity", self.conn(0)).status == 200
        r = c.post("/api/v1/unify/connectivity/execute")
        assert r.status == 200 and r.json["changed"], r
        r = c.put("/api/v1/unify/connectivity", self.conn(1))
        assert r.status == 200, r

    def trigger(self, c, meta, variant):
        return c.post("/api/v1/unify/connectivity/execute")

    def wait_done(self, c, meta, r):
        assert r.status == 200, r

    def check_live(self, c, meta, box, variant):
        trunks = c.get("/api/v1/unify/trunks").json["items"]
        return {"trunks": len(trunks)}

    def check_stopped(self, data, meta, box, live, variant):
        db = open_ro(data)
        try:
            objs = db.execute("SELECT id, kind, config FROM unify_objects WHERE owner = 'wizard' "
                              "ORDER BY id").fetchall()
            (audits,) = db.execute("SELECT count(*) FROM audit_log "
                                   "WHERE action = 'unify.connectivity.execute'").fetchone()
        finally:
            db.close()
        kinds = [k for _, k, _ in objs]
        assert kinds == ["trunk", "route", "lcr", "lcr", "lcr"], kinds
        cfg = {i: json.loads(c) for i, _, c in objs}
        trunk, route = objs[0][0], objs[1][0]
        gens = {[g["circuit_calls"] for g in GENERATIONS].index(cfg[trunk]["simultaneous_calls"]),
                [g["route_pabx_number"] for g in GENERATIONS].index(
                    cfg[route]["location_incoming"]["pabx_number"]),
                audits - 1}
        assert len(gens) == 1, f"a mix of generations: trunk, route, audit say {gens}"
        assert cfg[route]["trunk_id"] == trunk
        assert all(cfg[i]["route_id"] == route for i, k, _ in objs if k == "lcr")
        there = gens == {1}
        r = box.get("r")
        if r is not None and r.status == 200:
            assert there, "the wizard reported success, its entries are the old ones"
        if r is not None and r.status != 200:
            assert not there, f"the wizard reported {r}, its entries are the new ones"
        return "there" if there else "absent"


SIP_HEADER = ("User,E-mail,Extension,DID,Manufacturer,Model,Purpose,Region,Replace by,"
              "Under manufacturer support,TLS 1.2 or later,Accepts the border proxy FQDN,Supports NAPTR,"
              "Alphanumeric SIP names with '-',Alphanumeric SIP passwords\r\n")


class Export:
    """The SIP credential hand-over of `devices` devices (a job): an export
    that is ready with both archives whole, or failed with none; no other
    file in handover/, and no password in plain form anywhere in the data
    directory or the log."""
    name = "export"
    variants = ("export",)

    def __init__(self, devices):
        self.devices = devices

    def prepare(self, c, srv):
        r = c.post("/api/v1/sip-devices/regions", {"name": "EU", "border_proxy": "sip-eu.provider.example"})
        assert r.status == 201, r
        rows = "".join(f"User {i:03d},,{3000 + i},,Acme,T{i},,EU,,yes,yes,yes,yes,yes,yes\r\n"
                       for i in range(self.devices))
        r = c.request("POST", "/api/v1/sip-devices/import", raw=(SIP_HEADER + rows).encode(),
                      content_type="text/csv")
        assert r.status == 200 and r.json["created"] == self.devices, r
        r = c.post("/api/v1/sip-devices/data-handlers", {"name": "Dana Cole", "phone": "+44 20 7946 0000",
                                                         "email": "dana@example.com"})
        assert r.status == 201, r
        handler = r.json["id"]
        items = c.get("/api/v1/sip-devices?limit=1000").json["items"]
        secrets = []
        for d in items:
            r = c.post(f"/api/v1/sip-devices/{d['id']}/credential/reveal", {"password": PASSWORD})
            assert r.status == 200, r
            secrets.append(r.json["sip_password"])
        return {"ids": [d["id"] for d in items], "handler": handler, "secrets": secrets}

    def before(self, c, meta, variant):
        pass

    def trigger(self, c, meta, variant):
        return c.post("/api/v1/sip-devices/exports", {"devices": meta["ids"], "handler_id": meta["handler"],
                                                      "password": PASSWORD})

    def wait_done(self, c, meta, r):
        return harness.wait_job(c, r.json["job"]["id"], 900)

    def check_live(self, c, meta, box, variant):
        accepted(box, 202)
        return {"job": job_after_restart(c, meta, box),
                "exports": c.get("/api/v1/sip-devices/exports").json["items"]}

    def check_stopped(self, data, meta, box, live, variant):
        db = open_ro(data)
        try:
            rows = db.execute("SELECT id, state, names_file, passwords_file, devices FROM sip_exports").fetchall()
        finally:
            db.close()
        assert len(rows) <= 1, rows
        assert [(e["id"], e["state"]) for e in live["exports"]] == [(r[0], r[1]) for r in rows], live
        folder = os.path.join(data, "handover")
        on_disk = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        there = bool(rows) and rows[0][1] == "ready"
        if rows:
            assert rows[0][1] in ("ready", "failed"), f"after a restart the export reads {rows[0][1]}"
        if there:
            _, _, names, passwords, n = rows[0]
            assert n == self.devices, rows[0]
            assert on_disk == sorted([names, passwords]), f"handover/ holds {on_disk}"
            pw = (box["r"].json["passwords"] if "r" in box else {})
            for f, key in ((names, "names_archive"), (passwords, "passwords_archive")):
                self.verify(os.path.join(folder, f), pw.get(key))
        else:
            assert on_disk == [], f"no export is ready, yet handover/ holds {on_disk}"
        agree(live["job"], there, lambda j: j["result"]["devices"] == self.devices)
        secrets = list(meta["secrets"])
        if "r" in box:
            secrets += list(box["r"].json["passwords"].values())
        hits = files_holding(secrets, data, data + ".log")
        assert not hits, f"a password in plain form: {hits[:3]}"
        return "there" if there else "absent"

    def verify(self, path, password):
        """A whole WinZip AES archive of one spreadsheet; tested with its
        password by 7-Zip when the password was shown."""
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
        assert len(infos) == 1 and re.fullmatch(r"[A-Za-z0-9]{20}\.xlsx", infos[0].filename), infos
        assert infos[0].compress_type == 99, "WinZip AES"
        if password and SEVEN:
            out = subprocess.run([SEVEN, "t", f"-p{password}", path], capture_output=True, text=True,
                                 timeout=60)
            assert out.returncode == 0, out.stdout[-500:]
