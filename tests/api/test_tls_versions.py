"""The TLS versions each HTTPS listener accepts: TLS 1.2 and 1.3 on the
admin port and on the provisioning port; an older client gets the
protocol_version alert (70), which tells it why, not internal_error."""
import socket
import ssl
import subprocess


def s_client(port, flag):
    """openssl s_client's own account of one handshake. The client is let
    down to security level 0 so that it is the server that refuses."""
    out = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", flag,
                          "-cipher", "DEFAULT:@SECLEVEL=0", "-servername", "localhost"],
                         input=b"", capture_output=True, timeout=30)
    return (out.stdout + out.stderr).decode("utf-8", "replace")


def handshake(srv, port, version):
    ctx = ssl.create_default_context(cafile=srv.data + "/tls/server.pem")
    ctx.minimum_version = ctx.maximum_version = version
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname="127.0.0.1") as t:
            return t.version()


def refuses_tls11(out):
    return "alert protocol version" in out and "alert number 70" in out


def test_admin_port_answers_tls11_with_protocol_version(srv):
    out = s_client(srv.port, "-tls1_1")
    assert refuses_tls11(out), out


def test_provisioning_port_answers_tls11_with_protocol_version(srv):
    out = s_client(srv.prov_tls_port, "-tls1_1")
    assert refuses_tls11(out), out


def test_tls10_is_refused_the_same_way(srv):
    for port in (srv.port, srv.prov_tls_port):
        out = s_client(port, "-tls1")
        assert refuses_tls11(out), out


def test_tls12_and_tls13_handshakes_succeed_on_both_ports(srv):
    for port in (srv.port, srv.prov_tls_port):
        assert handshake(srv, port, ssl.TLSVersion.TLSv1_2) == "TLSv1.2"
        assert handshake(srv, port, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
