"""Attacks on the phone-facing listeners (SECURITY.md section 7: P1, P2,
P3, P5). Each takes the Estate and the counts, asserts what must hold and
returns its figure."""
import os
import re
import socket
import time

from estate import Prov

NONCE = re.compile(r'nonce="[^"]*"')


def refusal(answer):
    """A 401's status, headers and body with what must differ (the nonce
    of its challenge, the date) blanked: what a scanner can compare."""
    st, hd, body = answer
    hd = dict(hd)
    hd.pop("date", None)
    if "www-authenticate" in hd:
        hd["www-authenticate"] = NONCE.sub('nonce="…"', hd["www-authenticate"])
    return (st, tuple(sorted(hd.items())), body)


def guessed(p, path, user):
    """A digest answer for path made with a guessed password."""
    return p.request("GET", path, headers={"Authorization": p.authorization(
        "GET", path, user, os.urandom(9).hex(), p.challenge())})


def p1_mac_enumeration(e, n):
    """P1: n random MACs in the catalog's OUIs and every enrolled phone's
    file without credentials get one refusal; wrong proofs hold the source."""
    scanner = Prov(e.srv, source="127.0.1.1")
    seen, served, statuses = set(), 0, {}
    macs = [e.new_mac(e.ouis[i % len(e.ouis)]) for i in range(n)]
    paths = [f"/{m}.cfg" for m in macs] + [ph["file"] for ph in e.phones] + \
        [f"/{ph['address']}.cfg" for ph in e.phones if ph["family"] == "polycom"]
    for path in paths:
        a = scanner.get(path)
        statuses[a[0]] = statuses.get(a[0], 0) + 1
        if a[0] == 200:
            served += 1
        seen.add(refusal(a))
    scanner.close()
    assert served == 0, f"{served} files served without a proof"
    assert len(seen) == 1, f"{len(seen)} different refusals: {sorted(seen)[:3]}"
    assert next(iter(seen))[0] == 401
    # Wrong proofs (a guessed digest password) from a fresh address, for
    # random MACs and the enrolled phones' own files.
    guesser = Prov(e.srv, source="127.0.1.2")
    codes = []
    started = time.time()
    for i in range(max(100, n // 10)):
        if i % 2:
            mac = macs[i % len(macs)]
            path, user = f"/{mac}.cfg", mac
        else:
            ph = e.phones[i % len(e.phones)]
            path, user = ph["file"], ph["user"]
        codes.append(guessed(guesser, path, user)[0])
    elapsed = time.time() - started
    guesser.close()
    assert 200 not in codes, "a guessed password was let in"
    assert set(codes) <= {401, 429}, f"answers: {sorted(set(codes))}"
    held_at = codes.index(429) if 429 in codes else None
    assert held_at is not None, f"the guesser was never held ({len(codes)} wrong proofs)"
    after = codes[held_at:]
    # Once held, a token comes back every 2 s: that many more tries.
    let_in = after.count(401)
    assert let_in <= elapsed / 2 + 1, f"{let_in} wrong proofs checked once held, in {elapsed:.0f} s"
    assert held_at <= 10, f"held only after {held_at} wrong proofs (SECURITY.md: at most 10)"
    return (f"{n} random MACs in OUIs {'/'.join(e.ouis)} + {len(paths) - n} enrolled phones' files "
            f"without credentials: 0 files served, {len(paths)} answers byte-identical but the nonce "
            f"(401); {len(codes)} wrong proofs from one address: held (429) after {held_at}, "
            f"the other {len(after)}: {len(after) - let_in} held, {let_in} checked (a token returns every 2 s), "
            f"0 let in")


def p2_cross_phone(e):
    """P2: phone A's credentials for every other phone's file (digest over
    HTTP and Basic over HTTPS): 0 successes; each phone's own: served."""
    import base64
    tries = ok = own = 0
    statuses = {}
    source = 0
    for a in e.phones:
        for b in e.phones:
            # Each pair from its own address: the answer is the
            # credential check's, not the throttle's.
            source += 1
            addr = f"127.0.2.{source % 250 + 1}" if source < 250 else f"127.0.{2 + source // 250}.{source % 250 + 1}"
            p = Prov(e.srv, source=addr)
            t = Prov(e.srv, source=addr, tls=True)
            basic = {"Authorization": "Basic " + base64.b64encode(
                f"{a['user']}:{a['prov_password']}".encode()).decode()}
            answers = [p.get_digest(b["file"], a["user"], a["prov_password"]), t.get(b["file"], headers=basic)]
            p.close()
            t.close()
            if a is b:
                own += sum(1 for x in answers if x[0] == 200 and a["sip_password"] in x[2])
                continue
            for st, _, body in answers:
                tries += 1
                statuses[st] = statuses.get(st, 0) + 1
                if st == 200 or b["sip_password"] in body:
                    ok += 1
    n = len(e.phones)
    assert own == 2 * n, f"only {own} of {2 * n} own-credential fetches were served"
    assert ok == 0, f"{ok} of {tries} cross-phone fetches succeeded"
    return (f"{n} phones ({', '.join(e.families)}), {n}×{n - 1} = {n * (n - 1)} pairs, digest and Basic/TLS: "
            f"{tries} tries, 0 successes ({', '.join(f'{v}×{k}' for k, v in sorted(statuses.items()))}); "
            f"each phone's own credentials: {own}/{2 * n} served")


def p3_digest_replay(e, rounds):
    """P3: a replayed Authorization, a repeated nc with a new cnonce, a
    nonce from before the 5-minute limit, a forged nonce, an answer for
    another path: all refused; the phone's fresh answer is served."""
    ph = next(x for x in e.phones if x["family"] == "polycom")
    p = Prov(e.srv, source="127.0.3.1")
    path, user, pw = ph["file"], ph["user"], ph["prov_password"]
    kinds = {"replayed": 0, "repeated nc": 0, "stale nonce": 0, "forged nonce": 0, "other uri": 0}
    refused = good = 0
    old = []
    for _ in range(rounds):
        ch = p.challenge()
        auth = p.authorization("GET", path, user, pw, ch)
        st, _, body = p.get(path, headers={"Authorization": auth})
        assert st == 200 and ph["sip_password"] in body, ("a fresh answer", st)
        good += 1
        answers = {"replayed": p.get(path, headers={"Authorization": auth})}
        again = auth.replace('cnonce="0a4f113b"', 'cnonce="77aa0011"')
        again = re.sub(r'response="[0-9a-f]+"', 'response="%s"' % _response(auth, path, user, pw, "77aa0011"), again)
        answers["repeated nc"] = p.get(path, headers={"Authorization": again})
        forged = NONCE.sub(lambda m: m.group(0)[:-3] + ("0" if m.group(0)[-2] != "0" else "1") + '"', ch)
        answers["forged nonce"] = p.get(path, headers={"Authorization": p.authorization("GET", path, user, pw, forged)})
        other = p.authorization("GET", "/sip.cfg", user, pw, p.challenge())
        answers["other uri"] = p.get(path, headers={"Authorization": other})
        for k, (st, _, body) in answers.items():
            kinds[k] += 1
            if st in (401, 429) and ph["sip_password"] not in body:
                refused += 1
        old.append(p.challenge())
    e.srv.advance_clock(301)
    for ch in old:
        st, hd, body = p.get(path, headers={"Authorization": p.authorization("GET", path, user, pw, ch)})
        kinds["stale nonce"] += 1
        if st == 401 and "stale=true" in hd.get("www-authenticate", "") and ph["sip_password"] not in body:
            refused += 1
    p.close()
    total = sum(kinds.values())
    assert refused == total, f"{total - refused} of {total} bad answers were accepted"
    return (f"{total} bad digest answers ({', '.join(f'{v} {k}' for k, v in kinds.items())}): "
            f"100% refused; {good} fresh answers served")


def _response(auth, path, user, pw, cnonce):
    import hashlib
    f = dict(re.findall(r'(\w+)="?([^",]*)"?', auth))
    ha1 = hashlib.md5(f"{user}:{f['realm']}:{pw}".encode()).hexdigest()
    ha2 = hashlib.md5(f"GET:{path}".encode()).hexdigest()
    return hashlib.md5(f"{ha1}:{f['nonce']}:{f['nc']}:{cnonce}:auth:{ha2}".encode()).hexdigest()


def _raw(port, data, tls_ctx=None):
    s = socket.create_connection(("127.0.0.1", port), timeout=15, source_address=("127.0.4.1", 0))
    if tls_ctx:
        s = tls_ctx.wrap_socket(s, server_hostname="127.0.0.1")
    out = b""
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if len(out) > 1 << 20:
                break
    except (OSError, socket.timeout):
        pass
    finally:
        s.close()
    return out


def p5_path_tricks(e):
    """P5: path variants on both provisioning listeners and the admin one:
    nothing of the data directory is read, the phone's own file is only
    served to its proof, and the server keeps answering."""
    import ssl
    ph = next(x for x in e.phones if x["family"] == "polycom")
    mac, guid_file = ph["address"], ph["file"]
    colon = ":".join(mac[i:i + 2] for i in range(0, 12, 2))
    data_files = ["switchboard.db", "secret.key", "tls/server.key", "tls/server.pem", "test-clock",
                  "../" + os.path.basename(e.srv.log_path)]
    variants = []
    for f in data_files:
        enc = f.replace("/", "%2f")
        variants += [f"/../{f}", f"/%2e%2e/{f}", f"/%2e%2e%2f{enc}", f"/%252e%252e%252f{enc}",
                     f"/phone/..%2f..%2f{enc}", f"/firmware/../../{f}", f"//{f}", f"/./{f}",
                     f"/overrides/..%2f{enc}", f"/{f}%00.cfg", f"/contacts/../../{f}",
                     f"/..\\{f.replace('/', chr(92))}"]
    own = [f"/{mac.upper()}.cfg", f"/{colon}.cfg", f"/{colon.upper()}.cfg", f"/{mac.replace('', '')}.cfg%00",
           f"/{mac}.cfg%00.txt", f"/phone/../{guid_file[1:]}", f"/x/..{guid_file}", f"/{guid_file[1:].replace('/', '%2f')}",
           f"/{guid_file[1:].upper()}", f"/phone/%2e/{guid_file[7:]}", f"//{guid_file[1:]}",
           f"/overrides/{mac}-phone.cfg/../../{guid_file[1:]}"]
    long_paths = ["/" * 600, "/" + "a" * 8000 + ".cfg", "/phone/" + "0" * 4000 + ".cfg", "/" + "%2e%2e/" * 800,
                  "/" + "../" * 1000 + "secret.key"]
    needles = [b"SQLite format 3", b"PRIVATE KEY", b"BEGIN CERTIFICATE"]
    with open(os.path.join(e.srv.data, "secret.key"), "rb") as f:
        needles.append(f.read())
    checked = leaked = 0
    served_own = []
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    targets = [(e.srv.prov_port, None), (e.srv.prov_tls_port, ctx), (e.srv.port, ctx)]
    for port, tls in targets:
        for path in variants + own + long_paths:
            out = _raw(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {ph['model']}\r\n"
                             f"Connection: close\r\n\r\n".encode(), tls)
            checked += 1
            head, _, body = out.partition(b"\r\n\r\n")
            # ca.cfg carries the server's certificate on purpose; nothing else may.
            if any(n and n in body for n in needles if n != b"BEGIN CERTIFICATE"):
                leaked += 1
            if port != e.srv.port and head.startswith(b"HTTP/1.1 200") and ph["sip_password"].encode() in body:
                served_own.append(path)
            assert out.startswith(b"HTTP/1.1 "), (port, path[:80], out[:200])
    # With the phone's own proof, a variant path for another phone's file is
    # not that file, and never another phone's secrets.
    other = next(x for x in e.phones if x is not ph and x["family"] == "polycom") if \
        sum(1 for x in e.phones if x["family"] == "polycom") > 1 else None
    crossed = 0
    if other:
        p = Prov(e.srv, source="127.0.4.2")
        for path in (f"/phone/../{other['file'][1:]}", f"/{other['file'][1:].upper()}",
                     f"/{other['file'][1:].replace('/', '%2f')}", f"//{other['file'][1:]}"):
            st, _, body = p.get_digest(path, ph["user"], ph["prov_password"])
            checked += 1
            if other["sip_password"] in body:
                crossed += 1
        p.close()
    alive = e.admin.get("/healthz").status == 200 and Prov(e.srv).get("/sip.cfg")[0] == 200
    assert leaked == 0, f"{leaked} answers held data-directory contents"
    assert not served_own, f"the phone's own file went without a proof to {served_own}"
    assert crossed == 0, f"{crossed} variant paths gave another phone's file"
    assert alive and e.srv.proc.poll() is None, "the server stopped answering"
    return (f"{checked} requests ({len(variants)} data-directory escapes, {len(own)} variants of a phone's "
            f"own file, {len(long_paths)} over-long paths; both provisioning listeners and the admin one): "
            f"0 reads outside the device, 0 unproven files, 0 crashes")
