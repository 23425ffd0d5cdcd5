"""Fault injection: the release binary under build/faultfs.so (LD_PRELOAD;
ASan's own interposition does not mix with it) fails the k-th write or
fsync the daemon makes on a file of its data directory while a commit
runs, for every k the commit makes, with EIO and with ENOSPC; then the
daemon is killed, started again without the shim, and checked:

- a commit reported successful is wholly there after the restart;
- every failed call is noticed: an error line follows it in the daemon's
  log (SQLite returns SQLITE_IOERR or SQLITE_FULL for it, and the daemon
  logs that), never a silent success;
- integrity_check ok; no partial result (all of the commit's rows or none).

A failure reported for a commit that is there after the restart (the
write failed after SQLite's commit point, or the fault hit only the
response's own bookkeeping) is allowed and counted as "reported failed,
there".

    python3 tests/crash/faults.py quick|long [--commits phone,import,wizard] [--jobs N]

quick: the phone save, fsync and fdatasync, EIO only. long: the phone
save, an Assistant commit of 20 rows and the wizard's commit; write,
pwrite(64), fsync and fdatasync; EIO and ENOSPC. The number of calls a
commit makes (N) is counted first by a run that fails none; each k in
1..N+1 is then failed once (N+1: beyond the commit, so none fails).

Arming: the shim counts only while a file outside the data directory
exists (FAULT_ARM_FILE); it is made right before the commit's request and
removed once its outcome is known, so start-up, the template's setup and
idle work are not counted. Calls are counted only on files whose path is
under the data directory (FAULT_PATH_SUBSTR), which leaves out the log."""

import argparse
import concurrent.futures
import os
import shutil
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from daemon import Daemon, copy_data, db_checks, harness, make_template, open_ro  # noqa: E402
from ops import GENERATIONS, Wizard  # noqa: E402

SHIM = os.path.join(harness.ROOT, "build", "faultfs.so")
# The release build: ASan's interceptors and an LD_PRELOAD shim of the
# same calls do not mix.
harness.BIN = os.path.join(harness.ROOT, os.environ.get("FAULT_BIN", "build/release/switchboard"))
CALLS = {"write": "write,pwrite", "fsync": "fsync,fdatasync"}


class PhoneSave:
    """POST /api/v1/phones: 201 and the phone with its station, or not."""
    name = "phone"

    def prepare(self, c, srv):
        return {}

    def before(self, c, meta):
        pass

    def commit(self, c, meta):
        r = c.post("/api/v1/phones", {"name": "Fault Phone", "manufacturer": "Polycom", "model": "VVX 410",
                                      "type": "workstation", "address": "0004f2fa0001",
                                      "stations": [{"extension": "7901", "label": "Desk"}]})
        return r.status == 201, f"{r.status}"

    def there(self, data, meta):
        db = open_ro(data)
        try:
            (n,) = db.execute("SELECT count(*) FROM phones WHERE name = 'Fault Phone'").fetchone()
            (s,) = db.execute("SELECT count(*) FROM stations WHERE extension = '7901'").fetchone()
        finally:
            db.close()
        assert (n, s) in ((0, 0), (1, 1)), f"a partial phone: {n} phones, {s} stations"
        return n == 1


class ImportCommit:
    """Commit Changes of a 20-row list (a job): success is the job done."""
    name = "import"
    ROWS = 20

    def prepare(self, c, srv):
        lines = ["Name,Type,Manufacturer,Model,Extension"]
        lines += [f"Fault{i:02d},Workstation,Polycom,VVX 410,{8000 + i}" for i in range(self.ROWS)]
        r = c.request("POST", "/api/v1/assistant/imports?filename=f.csv",
                      raw=("\n".join(lines) + "\n").encode(), content_type="text/csv")
        assert r.status == 201 and r.json["report"]["accepted"] == self.ROWS, r
        return {"import": r.json["id"]}

    def before(self, c, meta):
        pass

    def commit(self, c, meta):
        r = c.post(f"/api/v1/assistant/imports/{meta['import']}/commit")
        if r.status != 202:
            return False, f"{r.status}"
        deadline = time.monotonic() + 20
        state = "running"
        while time.monotonic() < deadline:
            j = c.get(f"/api/v1/jobs/{r.json['id']}")
            if j.status != 200:
                return False, f"job {j.status}"
            state = j.json["state"]
            if state in ("done", "failed"):
                break
            time.sleep(0.05)
        return state == "done", f"job {state}"

    def there(self, data, meta):
        db = open_ro(data)
        try:
            (n,) = db.execute("SELECT count(*) FROM phones WHERE name LIKE 'Fault%'").fetchone()
        finally:
            db.close()
        assert n in (0, self.ROWS), f"all or nothing: {n} of {self.ROWS} phones"
        return n == self.ROWS


class WizardCommit(Wizard):
    """[Execute Function] of the Connectivity wizard: 200 and the second
    generation's five entries, or the first's."""
    name = "wizard"

    def before(self, c, meta):
        Wizard.before(self, c, meta, None)

    def commit(self, c, meta):
        r = c.post("/api/v1/unify/connectivity/execute")
        return r.status == 200, f"{r.status}"

    def there(self, data, meta):
        db = open_ro(data)
        try:
            (calls,) = db.execute("SELECT json_extract(config, '$.simultaneous_calls') FROM unify_objects "
                                  "WHERE owner = 'wizard' AND kind = 'trunk'").fetchone()
        finally:
            db.close()
        # Whole or not: the crash runner's check of all five entries.
        Wizard.check_stopped(self, data, meta, {}, None, None)
        return calls == GENERATIONS[1]["circuit_calls"]


def one(commit, tpl, meta, root, tag, call, k, err):
    """Run commit under the shim failing the k-th matching call (0: none;
    count them). Returns (reported success, note, there, failed call line,
    count)."""
    data = copy_data(tpl, os.path.join(root, tag))
    arm = os.path.join(root, tag + ".arm")
    count = os.path.join(root, tag + ".count")
    env = {"LD_PRELOAD": SHIM, "FAULT_CALL": CALLS[call], "FAULT_K": str(k), "FAULT_ERRNO": err,
           "FAULT_PATH_SUBSTR": data + "/", "FAULT_ARM_FILE": arm, "FAULT_COUNT_FILE": count}
    srv = Daemon(data, env)
    try:
        c = srv.token_client(meta["token"])
        commit.before(c, meta)
        open(arm, "w").close()
        try:
            ok, note = commit.commit(c, meta)
        except OSError as e:
            ok, note = False, f"no answer: {e}"
        os.unlink(arm)
        srv.kill()
        logs = srv.logs()
        lines = logs.splitlines()
        at = [i for i, line in enumerate(lines) if line.startswith("faultfs: failing")]
        failed = [lines[i] for i in at]
        # SQLite hands every failed call back as an error, which the
        # daemon logs: a failure no error line follows went unnoticed.
        noticed = bool(at) and any("level=error" in line for line in lines[at[0] + 1:])
        srv.extra_env = {}
        srv.start()
        c = srv.token_client(meta["token"])
        assert c.get("/api/v1/session").status in (200, 401, 404), "the restarted daemon answers"
        rc = srv.stop()
        assert rc == 0, f"the restarted daemon exited {rc}"
        db_checks(data)
        there = commit.there(data, meta)
        n = int(open(count).read()) if os.path.exists(count) else 0
    finally:
        srv.stop()
    shutil.rmtree(data, ignore_errors=True)
    for f in (data + ".log", count):
        if os.path.exists(f):
            os.unlink(f)
    return ok, note, there, failed, noticed, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("quick", "long"))
    ap.add_argument("--commits", default=None)
    ap.add_argument("--jobs", type=int, default=4)
    a = ap.parse_args()
    quick = a.mode == "quick"
    names = (a.commits or ("phone" if quick else "phone,import,wizard")).split(",")
    calls = ["fsync"] if quick else ["fsync", "write"]
    errnos = ["EIO"] if quick else ["EIO", "ENOSPC"]
    all_commits = {"phone": PhoneSave, "import": ImportCommit, "wizard": WizardCommit}
    assert os.path.exists(SHIM), f"{SHIM} is built by make (build/faultfs.so)"
    print(f"# faults {a.mode}: binary {harness.BIN}, shim {SHIM}", flush=True)
    n = failed = 0
    began = time.monotonic()
    summary = []
    for name in names:
        commit = all_commits[name]()
        tpl, meta = make_template(commit.prepare)
        root = os.path.dirname(tpl)
        bad = 0
        try:
            for call in calls:
                ok, note, there, _, _, count = one(commit, tpl, meta, root, f"{call}-count", call, 0, "EIO")
                n += 1
                good = ok and there and count > 0
                bad += not good
                print(f"{'ok' if good else 'not ok'} {n} - {name}: {call} calls counted in the commit: "
                      f"{count} ({note})", flush=True)
                if not good:
                    continue
                runs = [(k, err) for err in errnos for k in range(1, count + 2)]
                tally = {"success, there": 0, "failed, absent": 0, "failed, there": 0}
                with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
                    futs = {pool.submit(one, commit, tpl, meta, root, f"{call}-{k}-{err}", call, k, err):
                            (k, err) for k, err in runs}
                    results = {}
                    for f in concurrent.futures.as_completed(futs):
                        try:
                            results[futs[f]] = f.result()
                        except Exception:  # noqa: BLE001
                            results[futs[f]] = traceback.format_exc()[-2000:]
                for k, err in runs:
                    res = results[(k, err)]
                    n += 1
                    label = f"{name}: {call} #{k} fails with {err}"
                    if isinstance(res, str):
                        bad += 1
                        print(f"not ok {n} - {label}\n#   " + res.replace("\n", "\n#   "), flush=True)
                        continue
                    ok, note, there, hit, noticed, _ = res
                    problem = None
                    if ok and not there:
                        problem = "success reported, the commit is not there after the restart"
                    elif hit and not noticed:
                        problem = f"the daemon did not notice {hit[0]}"
                    tally[("success" if ok else "failed") + (", there" if there else ", absent")] += 1
                    bad += problem is not None
                    print(f"{'not ok' if problem else 'ok'} {n} - {label}: reported {note}, "
                          f"{'there' if there else 'absent'} after the restart"
                          f"{'; ' + problem if problem else ''}"
                          f"{'' if hit else ' (no call failed)'}", flush=True)
                summary.append(f"{name} {call}: N={count}, {len(runs)} runs ({count + 1} k x {len(errnos)} "
                               f"errno): " + ", ".join(f"{v} {k}" for k, v in tally.items()))
        finally:
            if not bad:
                shutil.rmtree(root, ignore_errors=True)
        failed += bad
    print(f"# faults: {n} runs in {time.monotonic() - began:.0f} s, {failed} failed", flush=True)
    for line in summary:
        print(f"#   {line}", flush=True)
    return 1 if failed or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
