"""Switchboard API test harness: starts the real binary on 127.0.0.1 with a
temporary data directory and a free port, and drives it over HTTPS with
certificate verification against the certificate it created."""

import glob
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SWITCHBOARD_BIN", os.path.join(ROOT, "build/san/switchboard"))
if not os.path.isabs(BIN):
    BIN = os.path.join(ROOT, BIN)
PASSWORD = "correct horse battery"

# Log tails of the servers cleaned up since the runner last cleared this
# list: the runner prints them under a failing test, whose own servers are
# gone by then.
CLEANED_LOGS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(n):
    """n distinct free ports (two draws may give the same one)."""
    ports = []
    while len(ports) < n:
        p = free_port()
        if p not in ports:
            ports.append(p)
    return ports


class PortTaken(RuntimeError):
    pass


class Server:
    """One switchboard process. Always call stop() (the runner does)."""

    def __init__(self, args=(), data=None):
        self.own_data = data is None
        self.data = data or tempfile.mkdtemp(prefix="sb-api-")
        self.args = list(args)
        self.proc = None
        self.log_path = os.path.join(os.path.dirname(os.path.abspath(self.data)), os.path.basename(self.data) + ".log")
        # A port chosen free can be taken before the server binds it (the
        # suite's own client connections draw from the same range): then
        # the server exits saying so, and new ports are chosen.
        for attempt in range(3):
            self.port, self.prov_port, self.prov_tls_port, self.sip_port = free_ports(4)
            try:
                self.start()
                return
            except PortTaken:
                if attempt == 2:
                    raise

    def start(self):
        self.log = open(self.log_path, "ab")
        since = self.log.tell()
        self.proc = subprocess.Popen(
            [BIN, "--data", self.data, "--admin-listen", f"127.0.0.1:{self.port}",
             "--provision-listen", f"127.0.0.1:{self.prov_port}",
             "--provision-tls-listen", f"127.0.0.1:{self.prov_tls_port}",
             "--sip-listen", f"127.0.0.1:{self.sip_port}",
             "--web-root", os.path.join(ROOT, "web"), "--threads", "8"] + self.args,
            stdout=self.log, stderr=self.log,
            env=dict(os.environ, **getattr(self, "extra_env", {}),
                     SWITCHBOARD_TEST_CLOCK=os.path.join(self.data, "test-clock")))
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                logs = self.logs()
                self.proc = None
                if "in use by another program" in logs[-2000:]:
                    raise PortTaken(logs[-2000:])
                raise RuntimeError(f"switchboard exited: {logs[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.05)
                continue
            if "event=sip.start" in self.logs()[since:] and "--sip-listen" not in self.args:
                self.stop()
                raise PortTaken("the SIP port was taken")
            return
        raise RuntimeError("switchboard did not start")

    def advance_clock(self, seconds):
        """Move the test build's clock forward (SWITCHBOARD_TEST_CLOCK):
        time is injected, never slept through. The daemon reads the file
        at most ten times a second."""
        path = os.path.join(self.data, "test-clock")
        now = 0
        if os.path.exists(path):
            with open(path) as f:
                now = int(f.read().strip() or 0)
        with open(path, "w") as f:
            f.write(str(now + seconds))
        time.sleep(0.25)

    def logs(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        """SIGTERM, then the exit status (SIGKILL after 15 s)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        rc = self.proc.returncode
        self.proc = None
        return rc

    def restart(self):
        self.stop()
        self.start()

    def cleanup(self):
        self.stop()
        try:
            CLEANED_LOGS.append(self.logs()[-3000:])
        except OSError:
            pass
        if self.own_data:
            shutil.rmtree(self.data, ignore_errors=True)
            try:
                os.unlink(self.log_path)
            except OSError:
                pass

    def context(self):
        ctx = ssl.create_default_context(cafile=os.path.join(self.data, "tls", "server.pem"))
        return ctx

    def client(self, source=None):
        """A new client; source binds its end of each connection to that
        loopback address (127.0.0.2 …), as another machine would be."""
        return Client(self, source)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_named(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def error_field(self):
        d = (self.json or {}).get("error", {}).get("details") or [{}]
        return d[0].get("field")

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


class Client:
    """A browser-like client: keeps the session cookie and CSRF token."""

    def __init__(self, server, source=None):
        self.server = server
        self.source = source
        self.cookie = None
        self.csrf = None
        self.token = None

    def request(self, method, path, body=None, headers=None, raw=None,
                content_type="application/json", csrf=True, origin=True):
        conn = http.client.HTTPSConnection("127.0.0.1", self.server.port,
                                           context=self.server.context(), timeout=30,
                                           source_address=(self.source, 0) if self.source else None)
        h = {"Host": f"127.0.0.1:{self.server.port}"}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        if origin and method not in ("GET", "HEAD") and not self.token:
            h["Origin"] = f"https://127.0.0.1:{self.server.port}"
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type:
            h["Content-Type"] = content_type
        h.update(headers or {})
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        for c in resp.headers_named("Set-Cookie"):
            name, _, rest = c.partition("=")
            value = rest.split(";")[0]
            if name == "__Host-sb_session":
                self.cookie = f"{name}={value}" if value else None
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body if body is not None else {}, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password=PASSWORD):
        r = self.post("/api/v1/session", {"username": username, "password": password})
        if r.status == 200:
            self.csrf = r.json["csrf_token"]
        return r


def setup_admin(server, username="admin", password=PASSWORD):
    """Create the first admin and return a logged-in client."""
    c = server.client()
    r = c.post("/api/v1/setup", {"username": username, "password": password,
                                 "display_name": "Ada Admin"})
    assert r.status == 201, r
    r = c.login(username, password)
    assert r.status == 200, r
    return c


def add_user(admin, username, role, password=PASSWORD):
    """Create a user and return a logged-in client past the forced change."""
    r = admin.post("/api/v1/users", {"username": username, "role": role,
                                     "password": "temporary-" + password})
    assert r.status == 201, r
    c = admin.server.client()
    r = c.login(username, "temporary-" + password)
    assert r.status == 200, r
    r = c.put("/api/v1/session/password", {"current_password": "temporary-" + password,
                                           "new_password": password})
    assert r.status == 204, r
    return c


def database_files_holding(server, text):
    """The files of server's database (the WAL too) that hold text as it
    is: a secret sealed at rest is in none of them."""
    found = []
    for f in glob.glob(os.path.join(server.data, "*.db*")):
        with open(f, "rb") as fh:
            if text.encode() in fh.read():
                found.append(f)
    return found


def unify_config(server, key):
    """What unify_config holds under key, read straight from the database
    as another tool would; None when nothing is."""
    db = sqlite3.connect(os.path.join(server.data, "switchboard.db"))
    try:
        row = db.execute("SELECT value FROM unify_config WHERE key = ?", (key,)).fetchone()
    finally:
        db.close()
    return row[0] if row else None


def wait_job(client, jid, seconds=60):
    """Poll a job until it is done or failed; return it."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        j = client.get(f"/api/v1/jobs/{jid}").json
        if j["state"] in ("done", "failed"):
            return j
        time.sleep(0.05)
    raise AssertionError(f"job {jid} did not finish")


def recv_rest(t, out=b"", read=65536):
    """Append what the TLS socket t sends until it closes, times out, or
    read bytes are in hand; return it all."""
    try:
        while len(out) < read:
            chunk = t.recv(65536)
            if not chunk:
                break
            out += chunk
    except (socket.timeout, ssl.SSLError, ConnectionError):
        pass
    return out


def raw_request(server, data, read=65536):
    """Send raw bytes over TLS and return what comes back."""
    ctx = server.context()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname="127.0.0.1") as t:
            try:
                t.sendall(data)
            except (ssl.SSLError, ConnectionError):
                pass
            return recv_rest(t, read=read)
