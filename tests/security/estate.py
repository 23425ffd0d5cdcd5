"""The estate every attack runs against: one real switchboard (tests/api's
harness: 127.0.0.1, free ports, a temporary data directory), an admin, an
operator and a viewer, and enrolled phones of every family the catalog
has, each with its own provisioning credentials. Every answer the suite
gets is kept (RECORDED) for the secret grep (P7)."""
import http.client
import os
import random
import re
import ssl
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402
from harness import PASSWORD, add_user, setup_admin  # noqa: E402
from test_provisioning import Phone  # noqa: E402

# (where, what was asked, headers, body): every answer the suite got.
RECORDED = []
_client_request = harness.Client.request


def _recording_request(self, method, path, *a, **kw):
    r = _client_request(self, method, path, *a, **kw)
    RECORDED.append((f"admin {method} {path}", r.headers, r.raw))
    return r


harness.Client.request = _recording_request


class Prov(Phone):
    """A scripted phone (tests/api's Phone: digest answers as phones give
    them) that keeps its connection open between requests, from a chosen
    loopback source address, and records every answer."""

    def __init__(self, srv, source="127.0.0.1", tls=False, agent="FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373"):
        super().__init__(srv, tls=tls, agent=agent, source=source)
        self.conn = None

    def _connect(self):
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection("127.0.0.1", self.srv.prov_tls_port, timeout=15, context=ctx,
                                               source_address=(self.source, 0))
        return http.client.HTTPConnection("127.0.0.1", self.srv.prov_port, timeout=15,
                                          source_address=(self.source, 0))

    def request(self, method, path, headers=None, body=None):
        hd = {"User-Agent": self.agent}
        hd.update(headers or {})
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = self._connect()
            try:
                self.conn.request(method, path, body=body, headers=hd)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt:
                    raise
        if r.getheader("Connection", "").lower() == "close":
            self.close()
        headers = {k.lower(): v for k, v in r.getheaders()}
        RECORDED.append((f"phone {method} {path}", r.getheaders(), data))
        return r.status, headers, data.decode("utf-8", "replace")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def kv(text):
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith(";"))


def xml_attrs(text):
    return dict(re.findall(r'\s([\w.]+)="([^"]*)"', text))


class Estate:
    """The server and what the attacks need to know about it."""

    def __init__(self, phones, args=()):
        # The default worker count (the harness asks for 8): the
        # per-address share of R3 is a share of the real pool.
        self.srv = harness.Server(["--threads", "32"] + list(args))
        self.rng = random.Random(22)
        self.admin = setup_admin(self.srv)
        self.operator = add_user(self.admin, "olga", "operator")
        self.viewer = add_user(self.admin, "victor", "viewer")
        self.clients = {"admin": self.admin, "operator": self.operator, "viewer": self.viewer}
        self.passwords = {"admin": PASSWORD, "olga": PASSWORD, "victor": PASSWORD,
                          "temporary": "temporary-" + PASSWORD}
        self.tokens = {}
        for role, c in self.clients.items():
            r = c.post("/api/v1/tokens", {"name": f"sec-{role}"})
            assert r.status == 201, r
            self.tokens[role] = r.json["token"]
        cat = self.admin.get("/api/v1/catalog").json
        self.ouis = sorted({p.replace(":", "") for m in cat["manufacturers"] for p in m["mac_prefixes"]})
        models = {}
        for m in cat["manufacturers"]:
            for md in m["models"]:
                if not md.get("eol") and md["family"] not in models:
                    models[md["family"]] = (m["name"], md)
        self.families = sorted(models)
        self.phones = []
        self.sessions = []
        self.enrol(phones, models)

    def new_mac(self, oui):
        return oui + "%06x" % self.rng.randrange(1 << 24)

    def enrol(self, n, models):
        """n phones, the families taken in turn; each fetches its file once
        from the trusted network and so gets its credentials."""
        c = self.admin
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.0.1/32"]}).status == 200
        fams = self.families
        for i in range(n):
            fam = fams[i % len(fams)]
            man, md = models[fam]
            soft = md["address_kind"] != "mac"
            oui = next(p.replace(":", "") for p in md["mac_prefixes"]) if not soft else None
            address = f"agent-pc-{i}.lab.local" if soft else self.new_mac(oui)
            body = {"name": f"Sec{i:03d}", "manufacturer": man, "model": md["name"], "type": "workstation",
                    "address": address, "stations": [{"extension": str(7000 + i), "label": f"Desk {i}"}]}
            r = c.post("/api/v1/phones", body)
            assert r.status == 201, (body, r)
            ph = {"id": r.json["id"], "family": fam, "address": address, "model": md["name"], "manufacturer": man,
                  "sip_password": r.json["generated_passwords"][0]["sip_password"], "user": address}
            p = Prov(self.srv)
            if fam == "polycom":
                st, _, master = p.get(f"/{address}.cfg")
                assert st == 200, (st, master)
                guid = re.search(r"phone/([0-9a-f]+)\.cfg", master).group(1)
                ph["file"] = f"/phone/{guid}.cfg"
                st, _, text = p.get(ph["file"])
                ph["prov_password"] = xml_attrs(text)["device.prov.password"]
            else:
                ph["file"] = f"/{address}.i3sipcfg" if soft else f"/{address}.cfg"
                st, _, text = p.get(ph["file"])
                ph["prov_password"] = self.kv_prov_password(kv(text), address)
            assert st == 200 and ph["sip_password"] in text, (fam, st, text[:300])
            p.close()
            self.phones.append(ph)
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": []}).status == 200

    @staticmethod
    def kv_prov_password(values, user):
        """The provisioning password a key=value file hands its phone: the
        credentials in its provisioning URLs, or its own keys."""
        for k, v in values.items():
            m = re.match(r"https?://([^:@/]+):([^@]+)@", v)
            if m and m.group(1) == user:
                return m.group(2)
        for k, v in values.items():
            if "prov" in k and "password" in k:
                return v
        raise AssertionError(f"no provisioning password in {sorted(values)[:40]}")

    def secrets(self):
        """Every secret the suite knows, by kind."""
        out = {}
        for ph in self.phones:
            out[ph["sip_password"]] = f"SIP password of {ph['address']}"
            out[ph["prov_password"]] = f"provisioning password of {ph['address']}"
        out[PASSWORD] = "the users' password"
        out["temporary-" + PASSWORD] = "a temporary password"
        for role, t in self.tokens.items():
            out[t] = f"API token of {role}"
        for role, c in self.clients.items():
            if c.cookie:
                out[c.cookie.split("=", 1)[1]] = f"session of {role}"
        for s in self.sessions:
            out[s] = "a session"
        return out

    def stop(self):
        return self.srv.stop()
