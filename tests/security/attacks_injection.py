"""P6 (SECURITY.md section 7): metacharacters, control characters, long
and invalid text in every field of a phone that reaches its file, set
through the API: refused naming the field, or the file the phone then
fetches parses (XML with expat through xml.etree; key=value with a
strict parser) with exactly the keys of the same phone's file with plain
values, and the injected key nowhere."""
import re
import xml.etree.ElementTree as ET

from estate import Prov

KEY = re.compile(r"^[A-Za-z0-9_./\[\]-]+$")
EVIL = "injected.key"
VALUES = {
    "CR": "\r" + EVIL + "=1", "LF": "\n" + EVIL + "=1", "CRLF": "\r\n" + EVIL + "=1", "NUL": "\x00" + EVIL,
    "<": "<" + EVIL + "/>", "&": "&amp;&" + EVIL + ";", "]]>": "]]><" + EVIL + "/>", "quote": '" ' + EVIL + '="1',
    "=": "=" + EVIL + "=1", "ESC": "\x1b[2J", "DEL": "\x7f", "4 KiB": "A" * 4096,
}
FIELDS = ["name", "stations[0].label", "custom_attributes.note", "external_registrations[0].display_name",
          "external_registrations[0].auth_username", "external_registrations[0].label"]


def keys_of(family, text):
    """The keys a phone's file sets; raises if it does not parse."""
    if family == "polycom":
        root = ET.fromstring(text.encode())
        return {(el.tag, k) for el in root.iter() for k in el.attrib}
    out = set()
    for n, line in enumerate(text.split("\n")):
        if line == "" or line.startswith(";"):
            continue
        k, sep, v = line.partition("=")
        if not sep or not KEY.match(k) or "\r" in v or "\x00" in v:
            raise ValueError(f"line {n + 1} is not key=value: {line[:80]!r}")
        if k in {x for x in out}:
            raise ValueError(f"key {k} twice")
        out.add(k)
    return out


def _set(body, field, value):
    m = re.match(r"(\w+)\[0\]\.(\w+)$", field)
    if m:
        body[m.group(1)][0][m.group(2)] = value
    elif "." in field:
        a, b = field.split(".")
        body[a] = dict(body.get(a) or {}, **{b: value})
    else:
        body[field] = value


def p6_injection(e, families):
    c = e.admin
    assert c.post("/api/v1/registration-groups", {"name": "SecOther", "kind": "external", "registrations": [
        {"type": "manual", "address": "pbx2.example.com", "port": 5060, "transport": "UDP"}]}).status == 201
    refused = parsed = invalid_utf8 = 0
    wrong = []
    for fam in families:
        ph = next(x for x in e.phones if x["family"] == fam)
        p = Prov(e.srv, source="127.0.6.1")
        cur = c.get(f"/api/v1/phones/{ph['id']}").json
        plain = {k: cur[k] for k in ("name", "manufacturer", "model", "type", "address", "advanced_options")
                 if k in cur}
        plain["stations"] = [{"id": s["id"], "extension": s["extension"], "label": s["label"]}
                             for s in cur["stations"]]
        plain["custom_attributes"] = {"note": "plain"}
        fields = FIELDS if fam == "polycom" else [f for f in FIELDS if "external" not in f]
        # Seed 001: external registrations are for Polycom phones only.
        plain["external_registrations"] = [] if fam != "polycom" else [{"label": "ext", "identification_address": "ext100",
                                            "registration_group": "SecOther", "display_name": "Ext",
                                            "use_external_authentication": True, "auth_username": "asst",
                                            "auth_password": "ext-secret-123"}]
        r = c.put(f"/api/v1/phones/{ph['id']}", plain)
        assert r.status == 200, r
        st, _, text = p.get_digest(ph["file"], ph["user"], ph["prov_password"])
        assert st == 200, st
        base = keys_of(fam, text)
        for field in fields:
            for name, v in VALUES.items():
                body = {k: (list(map(dict, x)) if isinstance(x, list) else x) for k, x in plain.items()}
                _set(body, field, "x" + v)
                r = c.put(f"/api/v1/phones/{ph['id']}", body)
                # 422 from the rules; 400 when the JSON itself holds
                # U+0000 (jansson); both name the field.
                if r.status in (400, 422):
                    if r.error_field() != field:
                        wrong.append((fam, field, name, "refused naming", r.error_field()))
                    refused += 1
                    continue
                if r.status != 200:
                    wrong.append((fam, field, name, r.status))
                    continue
                st, _, text = p.get_digest(ph["file"], ph["user"], ph["prov_password"])
                try:
                    got = keys_of(fam, text)
                except (ET.ParseError, ValueError) as ex:
                    wrong.append((fam, field, name, f"does not parse: {ex}"))
                    continue
                if st != 200 or got != base:
                    wrong.append((fam, field, name, st, sorted(got ^ base)[:4]))
                parsed += 1
        # Text that is not UTF-8 never reaches a record.
        raw = ('{"name": "' + plain["name"] + '\xff"}').encode("latin-1")
        r = c.request("PUT", f"/api/v1/phones/{ph['id']}", raw=raw)
        invalid_utf8 += 1
        if r.status != 400 or r.error_field() != "name":
            wrong.append((fam, "invalid UTF-8", r.status, r.error_field()))
        assert c.put(f"/api/v1/phones/{ph['id']}", plain).status == 200
        p.close()
    assert not wrong, f"{len(wrong)} cases: {wrong[:6]}"
    return (f"{len(families)} families ({', '.join(families)}) × {len(FIELDS)} fields (3 outside Polycom) × "
            f"{len(VALUES)} values "
            f"({', '.join(VALUES)}): {refused} refused naming the field, {parsed} accepted and the file "
            f"parsed with exactly the plain file's keys; {invalid_utf8} bodies with invalid UTF-8 refused")


def _first_fetch(e, family, address):
    """The file a newly imported phone gets on its first fetch from the
    trusted network."""
    p = Prov(e.srv, source="127.0.6.9")
    try:
        st, _, text = p.get(f"/{address}.cfg")
        if family == "polycom" and st == 200:
            st, _, text = p.get("/" + re.search(r"phone/[0-9a-f]+\.cfg", text).group(0))
        return st, text
    finally:
        p.close()


def p6_csv_import(e):
    """P6 through the Assistant: the same values in the Name and Label
    columns of a CSV list (quoted as CSV allows, CR and LF included),
    and bytes that are not UTF-8: each row is rejected naming its row and
    column, or imported, and the file that phone fetches first parses
    with exactly the keys of a plain row's phone of the same model."""
    c = e.admin
    models = (("polycom", "Polycom", "VVX 410", "0004f2"), ("audiocodes", "AudioCodes", "420HD", "00908f"))

    def q(v):
        return b'"' + v.replace(b'"', b'""') + b'"'
    rows, expect, n = [b"Name,Type,Manufacturer,Model,Extension,Label,Address"], {}, 0
    for fam, man, model, oui in models:
        for column in ("Name", "Label"):
            for name, v in list(VALUES.items()) + [("plain", "")] + [("not UTF-8", None)]:
                n += 1
                val = b"x\xff\xfe" if v is None else ("x" + v).encode()
                nm = f"Csv{n:03d}".encode() + (val if column == "Name" else b"")
                label = val if column == "Label" else b"Desk"
                mac = e.new_mac(oui)
                rows.append(b",".join([q(nm), b"Workstation", man.encode(), model.encode(),
                                       str(76000 + n).encode(), q(label), mac.encode()]))
                expect[len(rows)] = (fam, column, name, mac)
    r = c.request("POST", "/api/v1/assistant/imports?filename=sec.csv", raw=b"\r\n".join(rows) + b"\r\n",
                  content_type="text/csv")
    assert r.status == 201, r
    rep = r.json["report"]
    rejected = {x["row"]: x.get("column") for x in rep["rejected"]}
    wrong = [(row, expect[row][1], col) for row, col in rejected.items() if col != expect[row][1]]
    assert not wrong, f"rejected without naming the column: {wrong[:6]}"
    assert all(expect[row][2] != "plain" for row in rejected), "a plain row was rejected"
    assert all(row in rejected for row, x in expect.items() if x[2] == "not UTF-8"), "text that is not UTF-8 passed"
    from harness import wait_job
    r = c.post(f"/api/v1/assistant/imports/{r.json['id']}/commit", {})
    assert r.status in (200, 202), r
    j = wait_job(c, r.json["id"])
    assert j["state"] == "done", j
    assert c.put("/api/v1/settings/provisioning", {"trusted_networks": ["127.0.6.9/32"]}).status == 200
    bad, parsed = [], 0
    try:
        base = {}
        for row, (fam, column, name, mac) in expect.items():
            if name == "plain" and fam not in base:
                st, text = _first_fetch(e, fam, mac)
                assert st == 200, (fam, st)
                base[fam] = keys_of(fam, text)
        for row, (fam, column, name, mac) in expect.items():
            if row in rejected or name == "plain":
                continue
            st, text = _first_fetch(e, fam, mac)
            try:
                got = keys_of(fam, text)
            except (ET.ParseError, ValueError) as ex:
                bad.append((fam, column, name, f"does not parse: {ex}"))
                continue
            if st != 200 or got != base[fam]:
                bad.append((fam, column, name, st, sorted(got ^ base[fam])[:4]))
            parsed += 1
    finally:
        assert c.put("/api/v1/settings/provisioning", {"trusted_networks": []}).status == 200
    assert not bad, f"{len(bad)} files: {bad[:6]}"
    return (f"a CSV list of {len(expect)} rows (Polycom VVX 410 and AudioCodes 420HD; Name and Label × "
            f"{len(VALUES)} values, plain, not UTF-8): {len(rejected)} rejected naming row and column, "
            f"{parsed} imported and the file each fetched first parsed with exactly a plain row's keys")
