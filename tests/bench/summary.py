"""A benchmark's headline figures, for make bench's summary table.

Each script calls record() with its figure and, where it has one, the
reference measured in the same run (nginx, sqlite3 .import, SIPp). When
BENCH_SUMMARY names a file (tests/bench/run.py sets it), one JSON line per
figure is appended to it; run by hand, a script just prints its tables.
"""
import json
import os


def record(what, figure, unit, reference=None, reference_value=None, higher_is_better=True):
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    line = {"bench": os.environ.get("BENCH_NAME", ""), "what": what, "figure": figure, "unit": unit, "reference": reference,
            "reference_value": reference_value, "higher_is_better": higher_is_better}
    with open(path, "a") as f:
        f.write(json.dumps(line) + "\n")
