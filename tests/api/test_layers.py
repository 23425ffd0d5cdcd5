"""make check-layers finds what README's Layout forbids, naming the file
and line: an include of a folder above, CivetWeb outside the HTTP glue,
SQLite outside db/. Run on a small tree made for it, and on this one."""
import os
import subprocess
import sys
import tempfile

from harness import ROOT

NEEDS_SERVER = False
CHECK = os.path.join(ROOT, "packaging", "check-layers.py")


def run(cwd):
    return subprocess.run([sys.executable, CHECK], cwd=cwd, capture_output=True, text=True)


def write(top, path, text):
    os.makedirs(os.path.dirname(os.path.join(top, path)), exist_ok=True)
    with open(os.path.join(top, path), "w") as f:
        f.write(text)


def test_the_tree_is_clean(_srv):
    r = run(ROOT)
    assert r.returncode == 0 and "check-layers: clean" in r.stdout, r.stdout


def test_each_kind_of_breach_is_named_with_its_file_and_line(_srv):
    with tempfile.TemporaryDirectory() as top:
        write(top, "server/lib/util.h", "/* fine */\n")
        write(top, "server/http/http.h", "/* fine */\n")
        write(top, "server/phones/phone_input.c",
              '#include "../lib/util.h"\n#include "../http/http.h"\n/* mg_read( in a comment */\n'
              'int f(void) { return mg_read(0, 0, 0); }\n')
        write(top, "server/system/jobs.c", 'int g(void) { return sqlite3_step(0); }\n')
        write(top, "server/phones/phone_rules.c", 'int v(struct req *r);\n')
        write(top, "server/phones/api_phones.c", 'int api_phones_get(struct req *r);\n')
        write(top, "db/store.c", '#include "../server/phones/phone_input.h"\nint h(void) { return sqlite3_step(0); }\n')
        write(top, "server/phones/phone_input.h", "\n")
        r = run(top)
    assert r.returncode == 1, r.stdout
    lines = r.stdout.splitlines()
    assert any(l.startswith("server/phones/phone_input.c:2: includes server/http/http.h") for l in lines), lines
    assert any(l.startswith("server/phones/phone_input.c:4: names CivetWeb") for l in lines), lines
    assert not any(l.startswith("server/phones/phone_input.c:3:") for l in lines), "a comment is no breach"
    assert any(l.startswith("server/system/jobs.c:1: calls SQLite") for l in lines), lines
    assert any(l.startswith("db/store.c:1: includes server/phones/phone_input.h") for l in lines), lines
    assert not any(l.startswith("db/store.c:2:") for l in lines), "db/ may call SQLite"
    assert any(l.startswith("server/phones/phone_rules.c:1: sees a request") for l in lines), lines
    assert not any(l.startswith("server/phones/api_phones.c") for l in lines), "a handler sees requests"
    assert lines[-1] == "check-layers: 5 breaches", lines
