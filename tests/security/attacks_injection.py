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
