"""Crash safety: SIGKILL the real daemon at random moments of an Assistant
import's commit, the Unify Phone Connectivity wizard's commit, a SIP
credential export and a backup; restart it on the same data directory and
check that the operation is wholly there or wholly absent, that its job
says which, and (with the daemon stopped again, through Python's sqlite3
opening the database read-only) that PRAGMA integrity_check and
foreign_key_check pass.

    python3 tests/crash/run.py quick|long [--seed S] [--ops import,backup,wizard,export]
                                          [--kills N] [--rows N] [--only OP:K]

quick (make test): 3 kills per operation, 2,000 rows, 10 devices.
long (make crash-test): 50 kills per operation, 100,000 rows, 50 devices.
Each kill's moment is drawn uniformly over 1.5 times the operation's
duration, measured by an undisturbed run first and again every 10 kills, from a generator seeded
with "SEED:OP:K": the seed is printed, and --seed S --only OP:K replays
one kill (--at S pins its moment). Prints one TAP line per kill and the
totals. Each kill starts
from a copy of a template data directory made once per run."""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from daemon import Daemon, copy_data, db_checks, fire, make_template  # noqa: E402
from ops import Backup, Export, Import, Wizard  # noqa: E402

MODES = {"quick": {"kills": 3, "rows": 2000, "devices": 10},
         "long": {"kills": 50, "rows": 100000, "devices": 50}}


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def line(self, ok, text, detail=None):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} - {text}", flush=True)
        for line in (detail or "").rstrip().splitlines():
            print(f"#   {line}", flush=True)


def one_run(op, tpl, meta, root, tag, variant, delay):
    """Copy the template, start the daemon, start the operation; with a
    delay, SIGKILL it that many seconds later, restart, check. Without
    one, wait for the operation to finish (the undisturbed run) and check.
    Returns (outcome, seconds the operation ran undisturbed or None)."""
    data = copy_data(tpl, os.path.join(root, tag))
    srv = Daemon(data)
    span = None
    try:
        c = srv.token_client(meta["token"])
        op.before(c, meta, variant)
        started = time.monotonic()
        t, box = fire(lambda: op.trigger(c, meta, variant))
        if delay is None:
            t.join(900)
            assert "r" in box, box.get("e")
            op.wait_done(c, meta, box["r"])
            span = time.monotonic() - started
        else:
            time.sleep(delay)
            srv.kill()
            # What the daemon logged before it died: a job it finished
            # "done" must read done after the restart.
            box["log_done"] = re.findall(r"event=job\.finish id=(\d+) state=done", srv.logs())
            t.join(60)
            srv.start()
        c = srv.token_client(meta["token"])
        live = op.check_live(c, meta, box, variant)
        rc = srv.stop()
        assert rc == 0, f"the restarted daemon exited {rc} on SIGTERM"
        db_checks(data)
        outcome = op.check_stopped(data, meta, box, live, variant)
    except BaseException:
        srv.stop()
        raise
    shutil.rmtree(data, ignore_errors=True)
    for f in (data + ".log",):
        if os.path.exists(f):
            os.unlink(f)
    return outcome, span


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=MODES)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--ops", default="import,backup,wizard,export")
    ap.add_argument("--kills", type=int)
    ap.add_argument("--rows", type=int)
    ap.add_argument("--only", default=None, help="OP:K, one kill to replay")
    ap.add_argument("--at", type=float, default=None, help="kill at this many seconds")
    ap.add_argument("--jobs", type=int, default=4, help="operations run side by side")
    a = ap.parse_args()
    m = dict(MODES[a.mode])
    m["kills"] = a.kills or m["kills"]
    m["rows"] = a.rows or m["rows"]
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1 << 31)
    only = a.only.split(":") if a.only else None
    names = [only[0]] if only else a.ops.split(",")
    all_ops = {"import": lambda: Import(m["rows"]), "backup": lambda: Backup(m["rows"]),
               "wizard": Wizard, "export": lambda: Export(m["devices"])}
    print(f"# crash {a.mode}: seed {seed} (replay one kill: --seed {seed} --only OP:K), "
          f"binary {os.environ.get('SWITCHBOARD_BIN', 'build/san/switchboard')}, {m['kills']} kills per "
          f"operation, {m['rows']} rows, {m['devices']} devices", flush=True)
    tap = Tap()
    totals = {}
    began = time.monotonic()

    def run_op(name):
        lines = []
        op = all_ops[name]()
        tot = totals[name] = {"kills": 0, "there": 0, "absent": 0, "failed": 0}
        t0 = time.monotonic()
        try:
            tpl, meta = make_template(op.prepare)
        except Exception:  # noqa: BLE001
            tot["failed"] += 1
            return lines + [(False, f"{name}: template", traceback.format_exc()[-3000:])]
        root = os.path.dirname(tpl)
        lines.append((None, f"{name}: template made in {time.monotonic() - t0:.1f} s", None))
        try:
            spans = {}

            def calibrate(v, k):
                """An undisturbed run: its duration, the span the next
                kills are drawn over (measured again every 10 kills, as the
                machine's load changes)."""
                try:
                    outcome, spans[v] = one_run(op, tpl, meta, root, f"calibrate-{v}-{k}", v, None)
                    assert outcome == "there", f"an undisturbed {v} left its work {outcome}"
                    lines.append((True, f"{name} {v}: undisturbed run, {spans[v]:.3f} s, {outcome}", None))
                    return True
                except Exception:  # noqa: BLE001
                    tot["failed"] += 1
                    lines.append((False, f"{name} {v}: undisturbed run", traceback.format_exc()[-3000:]))
                    return False
            if not all([calibrate(v, 0) for v in op.variants]):
                return lines
            ks = [int(only[1])] if only else range(1, m["kills"] + 1)
            for k in ks:
                v = op.variants[k % len(op.variants)]
                if k > len(op.variants) and k % 10 in range(1, len(op.variants) + 1) and \
                        not calibrate(v, k):
                    continue
                rnd = random.Random(f"{seed}:{name}:{k}")
                delay = a.at if a.at is not None else rnd.uniform(0, spans[v] * 1.5)
                label = f"{name} {v} kill {k}/{m['kills']} at {delay:.3f} s of {spans[v]:.3f} s"
                tot["kills"] += 1
                try:
                    outcome, _ = one_run(op, tpl, meta, root, f"kill-{k}", v, delay)
                    tot[outcome] += 1
                    lines.append((True, f"{label}: {outcome}", None))
                except Exception:  # noqa: BLE001
                    tot["failed"] += 1
                    lines.append((False, label, traceback.format_exc()[-3000:] +
                                  f"\ndata kept in {os.path.join(root, f'kill-{k}')}\nreplay: "
                                  f"python3 tests/crash/run.py {a.mode} --seed {seed} --only {name}:{k}"))
        finally:
            if not tot["failed"]:
                shutil.rmtree(root, ignore_errors=True)
        lines.append((None, f"{name}: {time.monotonic() - t0:.1f} s", None))
        return lines

    # The operations run side by side (--jobs): a daemon spends most of a
    # restart and a stop waiting, not computing.
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for lines in pool.map(run_op, names):
            for ok, text, detail in lines:
                if ok is None:
                    print(f"# {text}", flush=True)
                else:
                    tap.line(ok, text, detail)
    kills = sum(t["kills"] for t in totals.values())
    print(f"# totals: {kills} kills in {time.monotonic() - began:.0f} s, seed {seed}", flush=True)
    for name, t in totals.items():
        print(f"#   {name}: {t['kills']} kills, {t['there']} there, {t['absent']} absent, "
              f"{t['failed']} failed", flush=True)
    return 1 if tap.failed or tap.n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
