"""A stand-in for the Unify Phone cloud on 127.0.0.1, for the connector
checks: the connector's SIP over TLS (SIPp answering OPTIONS over TCP, with
stunnel in front speaking TLS: Debian's SIPp is built without TLS) and the
REST API over HTTPS (a Python server that records what it was sent and
answers with the status it is told). Certificates are made for "localhost"
with openssl; the appliance trusts them through --unify-ca-file.

As a script (for the browser tests) it starts the lot and prints one JSON
line {"sip_port","rest_port","ca_file"}, answering 200 to both until
killed."""
import http.server
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCEN = os.path.join(HERE, "..", "sipp")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_cert(directory, name):
    """A self-signed certificate for localhost: (cert, key) paths."""
    cert, key = os.path.join(directory, name + ".pem"), os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def wait_listening(port, seconds=5):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class SipConnector:
    """SIPp playing the connector behind stunnel: TLS on tls_port."""

    def __init__(self, workdir, tls_port, cert, key, scenario="uas_options_200.xml", calls=1):
        self.tcp_port = free_port()
        self.trace = os.path.join(workdir, f"sipp-{self.tcp_port}.log")
        conf = os.path.join(workdir, f"stunnel-{tls_port}.conf")
        with open(conf, "w") as f:
            f.write(f"foreground = yes\npid =\nsyslog = no\ndebug = 3\n"
                    f"output = {workdir}/stunnel-{tls_port}.log\n"
                    f"[sip]\naccept = 127.0.0.1:{tls_port}\nconnect = 127.0.0.1:{self.tcp_port}\n"
                    f"cert = {cert}\nkey = {key}\n")
        self.sipp = subprocess.Popen(
            ["sipp", "-t", "t1", "-sf", os.path.join(SCEN, scenario), "-i", "127.0.0.1",
             "-p", str(self.tcp_port), "-m", str(calls), "-nostdin", "-timeout", "120s",
             "-trace_msg", "-message_file", self.trace],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.stunnel = subprocess.Popen(["stunnel", conf], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        if not (wait_listening(self.tcp_port) and wait_listening(tls_port)):
            self.stop()
            raise RuntimeError("the SIP connector stand-in did not start")

    def requests(self):
        """The request lines SIPp received."""
        try:
            with open(self.trace) as f:
                return [line.strip() for line in f if line.startswith("OPTIONS ")]
        except OSError:
            return []

    def stop(self):
        for p in (self.stunnel, self.sipp):
            if p.poll() is None:
                p.kill()
                p.wait()


class RestApi:
    """HTTPS on port answering every request with self.status; it keeps
    (path, Authorization header) of each request."""

    def __init__(self, port, cert, key, status=200):
        self.status = status
        self.seen = []
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                api.seen.append((self.path, self.headers.get("Authorization")))
                body = b'{"ok":true}' if api.status < 400 else b'{"error":"unauthorized"}'
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentListener:
    """Accepts TCP connections on port and never says a word."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)

    def stop(self):
        self.sock.close()


def main():
    work = tempfile.mkdtemp(prefix="sb-cloud-")
    cert, key = make_cert(work, "cloud")
    sip_port, rest_port = free_port(), free_port()
    sip = SipConnector(work, sip_port, cert, key, calls=1000)
    rest = RestApi(rest_port, cert, key)
    print(json.dumps({"sip_port": sip_port, "rest_port": rest_port, "ca_file": cert}), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    signal.signal(signal.SIGINT, lambda *a: done.set())
    done.wait()
    sip.stop()
    rest.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
