"""The standing attack suite (SECURITY.md section 7): one real switchboard
with an estate of enrolled phones, each attack in turn, a TAP line with
its figure each. python3 tests/security/run.py [--long] [ID…]
  quick (make test): 500 MACs, 10 phones, …; --long (make security-test):
  10,000 MACs, 40 phones, 1,000 wrong passwords, … (the counts are in
  COUNTS). An ID narrows the run to that attack (P1, A3, …)."""
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import attacks_admin as admin  # noqa: E402
import attacks_injection as inj  # noqa: E402
import attacks_provisioning as prov  # noqa: E402
from estate import Estate  # noqa: E402

COUNTS = {
    "quick": {"macs": 500, "phones": 10, "replays": 5, "logins": 100, "addresses": 60, "slow": 50,
              "probes": 20, "families": ["polycom", "audiocodes", "softphone"]},
    "long": {"macs": 10000, "phones": 40, "replays": 50, "logins": 1000, "addresses": 200, "slow": 250,
             "probes": 200, "families": ["polycom", "audiocodes", "iss1", "iss2", "softphone"]},
}


def attacks(n):
    return [
        ("P1", "MAC enumeration", lambda e: prov.p1_mac_enumeration(e, n["macs"])),
        ("P2", "one phone's proof for every other phone's files", prov.p2_cross_phone),
        ("P3", "replayed and stale Digest answers", lambda e: prov.p3_digest_replay(e, n["replays"])),
        ("P5", "path tricks", prov.p5_path_tricks),
        ("P6", "metacharacters and control characters in every field of a phone file",
         lambda e: inj.p6_injection(e, n["families"])),
        ("P6", "the same through a CSV list (Assistant)", inj.p6_csv_import),
        ("A3", "writes without CSRF token, from a foreign origin, as a form", admin.a3_csrf),
        ("A4", "role × write route", admin.a4_roles),
        ("A1", "login brute force", lambda e: admin.a1_login_brute_force(e, n["logins"], n["addresses"])),
        ("R3", "slow clients", lambda e: admin.r3_slow_clients(e, n["slow"], n["probes"])),
        # Last: the grep covers every answer, log line and file the others made.
        ("P7", "known secrets in answers, logs and files", admin.p7_secrets),
    ]


def main(argv):
    mode = "long" if "--long" in argv else "quick"
    only = [a for a in argv if not a.startswith("--")]
    n = COUNTS[mode]
    started = time.time()
    e = Estate(n["phones"])
    print(f"# {mode}: estate of {len(e.phones)} phones and 3 users in {time.time() - started:.1f} s", flush=True)
    i = failed = 0
    try:
        for aid, title, fn in attacks(n):
            if only and aid not in only:
                continue
            i += 1
            t = time.time()
            try:
                figure = fn(e)
                print(f"ok {i} - {aid} {title}: {figure} ({time.time() - t:.1f} s)", flush=True)
            except Exception as ex:  # noqa: BLE001
                failed += 1
                print(f"not ok {i} - {aid} {title}: {ex}", flush=True)
                for line in traceback.format_exception(type(ex), ex, ex.__traceback__)[-6:]:
                    for l in line.rstrip().splitlines():
                        print(f"#   {l}", flush=True)
    finally:
        rc = e.stop()
        i += 1
        if rc == 0:
            print(f"ok {i} - the server stopped cleanly on SIGTERM after the attacks", flush=True)
        else:
            failed += 1
            logs = e.srv.logs()
            at = logs.find("==ERROR")
            print(f"not ok {i} - server exit status {rc}", flush=True)
            print("#   " + (logs[at:at + 6000] if at >= 0 else logs[-3000:]).replace("\n", "\n#   "), flush=True)
        e.srv.cleanup()
    print(f"# {mode}: {time.time() - started:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
