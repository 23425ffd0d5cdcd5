"""Slow clients must not take a listener down: one client address holds at
most its share of connections on each listener (the rest are closed before
they take a worker), a request head that trickles in is cut off at the
request timeout, and everyone else is still answered. The figure under
load (slowhttptest, 1,000 + 1,000 connections) is in tests/bench/ and
BENCHMARKS.md; here the mechanisms are checked one by one."""
import socket
import ssl
import time

from harness import setup_admin

SERVER_ARGS = ["--connections-per-address", "4", "--request-timeout-seconds", "6"]
STATE = {}


def hold(port, source, n, tls=False, srv=None):
    """n connections from source that send half a request head and stop."""
    out = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
        if tls:
            s = srv.context().wrap_socket(s, server_hostname="127.0.0.1")
        s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n")
        out.append(s)
    return out


def closed_by_server(s, wait=5.0):
    """True when the server closes s (EOF or reset) within wait seconds."""
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except (ConnectionError, ssl.SSLError):
        return True
    except socket.timeout:
        return False


def test_setup(srv):
    STATE["c"] = setup_admin(srv)
    assert STATE["c"].get("/api/v1/session").status == 200


def test_one_address_gets_its_share_of_the_provisioning_listener_and_no_more(srv):
    held = hold(srv.prov_port, "127.0.0.21", 4)
    try:
        extra = socket.create_connection(("127.0.0.1", srv.prov_port), timeout=5, source_address=("127.0.0.21", 0))
        assert closed_by_server(extra, 2), "a fifth connection from the same address is closed at once"
        extra.close()
        # Another address is answered while the four are held.
        other = socket.create_connection(("127.0.0.1", srv.prov_port), timeout=5, source_address=("127.0.0.22", 0))
        other.sendall(b"GET /sip.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        other.settimeout(5)
        assert other.recv(64).startswith(b"HTTP/1.1 200"), "another client is served"
        other.close()
    finally:
        for s in held:
            s.close()


def test_a_request_head_that_trickles_in_is_cut_off(srv):
    s = socket.create_connection(("127.0.0.1", srv.prov_port), timeout=5, source_address=("127.0.0.23", 0))
    s.sendall(b"GET /sip.cfg HTTP/1.1\r\n")
    cut = False
    for i in range(40):		# a header line every 0.25 s, for up to 10 s
        try:
            s.sendall(f"X-Slow-{i}: 1\r\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            cut = True
            break
        s.settimeout(0.25)
        try:
            data = s.recv(256)
            if data == b"" or data.startswith(b"HTTP/1.1 4"):
                cut = True
                break
        except socket.timeout:
            pass
    s.close()
    assert cut, "the server kept waiting for the head"


def test_the_admin_listener_keeps_answering_while_one_address_holds_its_share(srv):
    held = hold(srv.port, "127.0.0.24", 4, tls=True, srv=srv)
    try:
        extra = socket.create_connection(("127.0.0.1", srv.port), timeout=5, source_address=("127.0.0.24", 0))
        assert closed_by_server(extra, 2), "past the share: closed before the TLS handshake"
        extra.close()
        r = STATE["c"].get("/api/v1/session")
        assert r.status == 200, r
    finally:
        for s in held:
            s.close()
    # The share comes back when the connections close.
    time.sleep(0.3)
    again = hold(srv.port, "127.0.0.24", 1, tls=True, srv=srv)
    again[0].sendall(b"\r\n")
    again[0].settimeout(5)
    assert again[0].recv(12).startswith(b"HTTP/1.1"), "the address is served again"
    again[0].close()
