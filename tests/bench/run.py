"""make bench: every benchmark in tests/bench/, one after the other, on
the release build, and BENCHMARKS.md rewritten from this run: the machine,
the date, the commit, a summary of each headline figure beside its
reference from the same run, then each benchmark's own tables.

Nothing else should run on the machine meanwhile (the figures are
wall-clock). BENCH_ONLY=name[,name] runs some (their sections replace
nothing: the file is written only when all ran).

Usage: python3 tests/bench/run.py [output, default BENCHMARKS.md]
"""
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# (name, arguments, what the run is). The notifier sends 100,000 NOTIFYs
# per round, so that one round is seconds of traffic, not noise.
BENCHES = [
    ("phones_list", ["100000", "7"], "container view, 100,000 phones"),
    ("import_tmm", ["100000"], "Assistant import, 100,000 rows"),
    ("provision_wrk", ["10000", "15", "32"], "provisioning storm, 10,000 phones"),
    ("unproven_answers", ["2000"], "answers without proof, known and unknown MACs"),
    ("slow_clients", ["30"], "slow clients on both listeners"),
    ("notify_sipp", ["10000", "3", "10"], "SIP notifier, 100,000 NOTIFYs a round"),
]


def doc(name):
    """The script's docstring, minus its usage line."""
    src = open(os.path.join(HERE, name + ".py")).read()
    text = src.split('"""')[1].strip()
    return text.split("\nUsage:")[0].strip()


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1048576
    osname = "Linux"
    try:
        with open("/etc/os-release") as f:
            osname = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)["PRETTY_NAME"].strip('"')
    except (OSError, KeyError):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {osname}, kernel {platform.release()}"


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float) and v < 100:
        return f"{v:,.2f}"
    return f"{v:,.0f}"


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "BENCHMARKS.md")
    only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
    started = datetime.datetime.now(datetime.timezone.utc)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    summary = tempfile.NamedTemporaryFile(prefix="sb-bench-", suffix=".jsonl", delete=False).name
    env = dict(os.environ, BENCH_SUMMARY=summary)
    sections, failed = [], []
    for name, args, title in BENCHES:
        if only and name not in only:
            continue
        cmd = ["python3", f"tests/bench/{name}.py"] + args
        print(f"bench: {' '.join(cmd)}", flush=True)
        t = time.monotonic()
        p = subprocess.run(cmd, cwd=ROOT, env=dict(env, BENCH_NAME=name), capture_output=True, text=True)
        secs = time.monotonic() - t
        if p.returncode != 0:
            failed.append(name)
            print(p.stdout[-3000:], p.stderr[-3000:], sep="\n", file=sys.stderr)
            continue
        print(p.stdout, flush=True)
        sections.append((name, args, title, p.stdout.strip(), secs))
    rows = [json.loads(l) for l in open(summary)]
    os.unlink(summary)
    if failed:
        print(f"bench: failed: {', '.join(failed)}; {out_path} left as it was", file=sys.stderr)
        sys.exit(1)
    if only:
        print(f"bench: BENCH_ONLY given; {out_path} left as it was")
        return
    total = sum(s[4] for s in sections)
    w = []
    w.append("# Benchmarks\n")
    w.append(f"Written by `make bench` (tests/bench/run.py) on {started:%Y-%m-%d %H:%M} UTC, commit `{commit}`, "
             f"in {total / 60:.1f} minutes. Do not edit by hand: run `make bench` again.\n")
    w.append(f"Machine: {machine()}. Release build (`build/release/switchboard`, `-O2`). "
             "Every figure is wall-clock time on this machine, with the load generator, the reference server "
             "and the appliance sharing its cores; each reference ran in the same run, on the same data. "
             "Tests never assert durations.\n")
    w.append("Earlier hand-run figures, with the analysis that led to each change, are in "
             "[tests/bench/HISTORY.md](tests/bench/HISTORY.md).\n")
    w.append("## Summary\n")
    w.append("| benchmark | figure | Switchboard | reference | reference's figure | Switchboard / reference |")
    w.append("|---|---|---:|---|---:|---:|")
    for r in rows:
        ratio = ""
        if r["reference_value"]:
            x = r["figure"] / r["reference_value"] if r["higher_is_better"] else \
                r["reference_value"] / r["figure"]
            ratio = f"{x:.2f}"
        w.append(f"| {r['bench']} | {r['what']} ({r['unit']}) | {fmt(r['figure'])} | {r['reference'] or '—'} | "
                 f"{fmt(r['reference_value'])} | {ratio or '—'} |")
    w.append("\nThe ratio is Switchboard's speed over the reference's (above 1: faster than the reference); "
             "for times, the reference's time over Switchboard's.\n")
    for name, args, title, body, secs in sections:
        w.append(f"## {title[0].upper() + title[1:]} — `tests/bench/{name}.py`\n")
        w.append(doc(name) + "\n")
        w.append(f"Run: `python3 tests/bench/{name}.py {' '.join(args)}` ({secs:.0f} s).\n")
        w.append(body + "\n")
    with open(out_path + ".tmp", "w") as f:
        f.write("\n".join(w))
    os.replace(out_path + ".tmp", out_path)
    print(f"bench: wrote {out_path} ({len(rows)} figures, {total:.0f} s)")


if __name__ == "__main__":
    main()
