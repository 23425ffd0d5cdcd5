"""The appliance image booted under qemu-system-x86_64 (software
emulation when there is no KVM), as an admin first meets it: the console
banner with the URL and the certificate fingerprint, a login prompt,
/healthz and the UI's first page through the admin port, and the
certificate served being the one the banner names (the first install's
console is saved to build/image/console.log). The disk is opened with
snapshot=on, so the image stays unbooted.

Then issue 21's "Done when", walked as an admin would: the first install
is set up
through its admin port (an administrator, an operator, a phone with its
sealed SIP password, which the phone then fetches with its own proof);
a system backup with the key is taken there and downloaded; a second
fresh install (the same image booted again, snapshot=on, so it starts
empty) restores it through the UI's API, restarts through
POST /system/restart (the daemon exits 75 and the image's systemd starts
it again: Restart=on-failure), and then has every phone, user and secret:
the phone gets the same SIP password with the proof it learned on the
first install. Prints TAP lines.

Usage: python3 tests/image/walk.py IMAGE
"""
import hashlib
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402
from test_provisioning import Phone, attrs  # noqa: E402

BOOT_SECONDS = int(os.environ.get("BOOT_SECONDS", "900"))
PASSWORD = "first install's admin password"
PASSPHRASE = "the passphrase of the backup key"
MAC = "0004f2aa0101"
n = failed = 0


def tap(ok, what, detail=""):
    global n, failed
    n += 1
    failed += not ok
    print(f"{'ok' if ok else 'not ok'} {n} - image: {what}", flush=True)
    if not ok and detail:
        for line in str(detail).splitlines()[-30:]:
            print(f"#   {line}", flush=True)
    return ok


class VM:
    """The image booted under qemu; looks like tests/api's Server to its
    Client and Phone (port, prov_port, context())."""

    def __init__(self, image, name):
        self.dir = tempfile.mkdtemp(prefix=f"sb-vm-{name}-")
        self.log = os.path.join(self.dir, "console.log")
        self.port, self.prov_port = harness.free_ports(2)
        self.prov_tls_port = None
        self.accel = accel = "kvm" if os.access("/dev/kvm", os.W_OK) else "tcg"
        self.proc = subprocess.Popen(
            ["qemu-system-x86_64", "-machine", f"pc,accel={accel}", "-m", "1024", "-smp", "2",
             "-drive", f"file={image},format=raw,if=virtio,snapshot=on",
             "-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{self.port}-:8443,"
                        f"hostfwd=tcp:127.0.0.1:{self.prov_port}-:8088",
             "-device", "virtio-net-pci,netdev=n0", "-display", "none", "-monitor", "none",
             "-serial", f"file:{self.log}", "-no-reboot"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.started = time.monotonic()

    def console(self):
        try:
            return open(self.log, errors="replace").read().replace("\r", "")
        except OSError:
            return ""

    def wait_banner(self):
        while time.monotonic() - self.started < BOOT_SECONDS and self.proc.poll() is None:
            m = re.search(r"fingerprint:\n +([0-9A-F:]{95})\n", self.console())
            if m:
                return m.group(1), time.monotonic() - self.started
            time.sleep(2)
        return None, time.monotonic() - self.started

    def context(self):
        # The certificate is pinned by its fingerprint (checked against
        # the console's banner), not by a CA.
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def served_fingerprint(self):
        pem = ssl.get_server_certificate(("127.0.0.1", self.port))
        der = ssl.PEM_cert_to_DER_cert(pem)
        return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())

    def healthy(self, seconds=120):
        t = time.monotonic() + seconds
        while time.monotonic() < t:
            try:
                r = self.client().get("/healthz")
                if r.status == 200:
                    return r.json
            except OSError:
                pass
            time.sleep(2)
        return None

    def client(self):
        return harness.Client(self)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def boot(image, name):
    vm = VM(image, name)
    fp, secs = vm.wait_banner()
    if not tap(fp is not None, f"{name} install boots ({vm.accel}) to its console banner ({secs:.0f} s)",
               vm.console()):
        raise SystemExit
    tap(vm.served_fingerprint() == fp, f"{name} install serves the certificate its banner names ({fp})")
    h = vm.healthy()
    tap(h is not None and h.get("status") == "ok", f"{name} install answers /healthz: {h}")
    return vm, fp


def first_meeting(vm):
    """What an admin at the box sees before logging in: the URL on the
    console, the login prompt (the getty starts after the banner: a
    minute for it), and the UI's first page."""
    m = re.search(r"^ *Admin UI: (https:\S+)$", vm.console(), re.M)
    url = m.group(1) if m else ""
    tap(re.fullmatch(r"https://\d+\.\d+\.\d+\.\d+:8443/", url) is not None,
        f"the banner names the admin URL: {url}", vm.console())
    t = time.monotonic() + 60
    while "login:" not in vm.console() and time.monotonic() < t:
        time.sleep(2)
    tap("login:" in vm.console(), "the serial console reaches a login prompt", vm.console())
    page = vm.client().get("/")
    tap(page.status == 200 and b"<html" in page.raw.lower(), "the admin UI's first page is served", page)
    out = os.path.join(harness.ROOT, "build", "image", "console.log")
    with open(out, "w") as f:
        f.write(vm.console())


def phone_password(vm, prov=None):
    """The SIP password in the phone's own file, fetched as the phone
    does: the first time from the trusted network (which tells the phone
    its provisioning password), later with HTTP digest and that password."""
    ph = Phone(vm)
    get = (lambda p: ph.get_digest(p, MAC, prov)) if prov else ph.get
    st, _, master = get(f"/{MAC}.cfg")
    assert st == 200, st
    name = [f.strip() for f in attrs(master)["CONFIG_FILES"].split(",")][1]
    st, _, body = get("/" + name)
    assert st == 200, st
    a = attrs(body)
    return a["reg.1.auth.password"], a.get("device.prov.password", prov)


def main():
    image = os.path.abspath(sys.argv[1])
    first = second = None
    try:
        first, fp1 = boot(image, "first")
        first_meeting(first)
        c = harness.setup_admin(first, password=PASSWORD)
        harness.add_user(c, "opsuser", "operator")
        r = c.post("/api/v1/phones", {"name": "Walk Phone", "manufacturer": "Polycom", "model": "VVX 410",
                                      "type": "workstation", "address": MAC,
                                      "stations": [{"extension": "7901", "label": "Desk"}]})
        tap(r.status == 201, "an admin, an operator and a phone are created on the first install", r)
        sip = r.json["generated_passwords"][0]["sip_password"]
        # qemu's user network: the phone's requests come from 10.0.2.2.
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["10.0.2.2/32"]}).status == 200
        got, prov = phone_password(first)
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": []}).status == 200
        again, _ = phone_password(first, prov)
        tap(got == sip and again == sip, "the phone fetches its SIP password, then again with its own proof")
        r = c.post("/api/v1/system/backups", {"kind": "system", "include_key": True, "passphrase": PASSPHRASE,
                                              "password": PASSWORD})
        job = harness.wait_job(c, r.json["id"], 300) if r.status == 202 else {"state": r}
        raw = c.get(f"/api/v1/system/backups/{job['result']['name']}").raw if job["state"] == "done" else b""
        tap(len(raw) > 0, f"a system backup with the key is taken and downloaded ({len(raw):,} bytes)", job)
        first.stop()
        first = None

        second, fp2 = boot(image, "second")
        tap(fp2 != fp1, "the second install made its own certificate")
        c2 = harness.setup_admin(second, password="second install's password")
        r = c2.request("POST", "/api/v1/system/restore/upload", raw=raw, content_type="application/x-tar")
        tap(r.status == 200 and r.json["needs_passphrase"] is True, "the backup is uploaded to the second install", r)
        r = c2.post("/api/v1/system/restore", {"confirm": True, "password": "second install's password",
                                               "passphrase": PASSPHRASE})
        tap(r.status == 200 and r.json.get("restart_required"), "the restore is staged", r)
        r = c2.post("/api/v1/system/restart", {"confirm": True})
        tap(r.status == 202, "restart asked for through the API", r)
        time.sleep(5)
        h = second.healthy(180)
        tap(h is not None, f"systemd started the service again (Restart=on-failure): {h}")
        c3 = second.client()
        r = c3.login("admin", PASSWORD)
        tap(r.status == 200 and r.json.get("restore_result", {}).get("outcome") == "applied",
            "the first install's admin logs in and sees the restore applied", r)
        users = {u["username"]: u["role"] for u in c3.get("/api/v1/users").json["items"]}
        tap(users == {"admin": "admin", "opsuser": "operator"}, f"every user is there: {users}")
        phones = [p["name"] for p in c3.get("/api/v1/phones").json["items"]]
        tap(phones == ["Walk Phone"], f"every phone is there: {phones}")
        got, _ = phone_password(second, prov)
        tap(got == sip, "the phone proves itself with the proof it learned on the first install and "
                        "gets the same SIP password (the sealed secret opens with the restored key)")
        tap(second.served_fingerprint() == fp1, "the restored certificate is served (the first install's)")
    except SystemExit:
        pass
    except Exception as e:  # noqa: BLE001
        tap(False, f"walk stopped: {e!r}", (second or first).console() if (second or first) else "")
    finally:
        for vm in (first, second):
            if vm:
                vm.stop()
    print(f"# image: {n - failed} of {n} passed; the first install's console is in build/image/console.log")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
