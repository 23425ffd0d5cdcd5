"""Runs every tests/api/test_*.py scenario file. Each file gets its own
server (SERVER_ARGS may add flags); its test_* functions run in file order
and share that server. Prints TAP lines; the server is stopped even when a
test fails."""

import importlib.util
import inspect
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402


def main(selected):
    n = failed = 0
    files = sorted(f for f in os.listdir(HERE) if f.startswith("test_") and f.endswith(".py"))
    if selected:
        files = [f for f in files if any(s in f for s in selected)]
    for fname in files:
        spec = importlib.util.spec_from_file_location(fname[:-3], os.path.join(HERE, fname))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        tests = [f for name, f in inspect.getmembers(mod, inspect.isfunction) if name.startswith("test_")]
        tests.sort(key=lambda f: f.__code__.co_firstlineno)
        server = None
        try:
            if getattr(mod, "NEEDS_SERVER", True):
                server = harness.Server(getattr(mod, "SERVER_ARGS", ()))
            for t in tests:
                n += 1
                name = f"{fname[:-3]}: {t.__name__[5:].replace('_', ' ')}"
                harness.CLEANED_LOGS.clear()
                try:
                    t(server)
                    print(f"ok {n} - {name}", flush=True)
                except Exception as e:  # noqa: BLE001
                    failed += 1
                    print(f"not ok {n} - {name}", flush=True)
                    for fr in traceback.extract_tb(e.__traceback__):
                        if fr.filename.startswith(HERE):
                            print(f"#   at {os.path.basename(fr.filename)}:{fr.lineno}: {fr.line}", flush=True)
                    for line in traceback.format_exception(type(e), e, e.__traceback__)[-4:]:
                        for l in line.rstrip().splitlines():
                            print(f"#   {l}", flush=True)
                    for tail in harness.CLEANED_LOGS:
                        print("#   server log: " + tail.replace("\n", "\n#   "), flush=True)
        except Exception as e:  # noqa: BLE001
            n += 1
            failed += 1
            print(f"not ok {n} - {fname}: server: {e}", flush=True)
        finally:
            if server is not None:
                rc = server.stop()
                n += 1
                if rc == 0:
                    print(f"ok {n} - {fname[:-3]}: server stopped cleanly on SIGTERM", flush=True)
                else:
                    failed += 1
                    print(f"not ok {n} - {fname[:-3]}: server exit status {rc}", flush=True)
                    logs = server.logs()
                    at = logs.find("==ERROR")
                    tail = logs[at:at + 6000] if at >= 0 else logs[-3000:]
                    print("#   " + tail.replace("\n", "\n#   "), flush=True)
                server.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
