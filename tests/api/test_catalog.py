"""The phone catalog: reference data from the seed, read-only."""
from urllib.parse import quote

from harness import setup_admin

STATE = {}


def model(c, manufacturer, name):
    r = c.get(f"/api/v1/catalog/models?manufacturer={quote(manufacturer)}&model={quote(name)}")
    assert r.status == 200 and r.json["total"] == 1, (manufacturer, name, r)
    return r.json["items"][0]


def test_the_four_manufacturers_with_their_mac_prefixes(srv):
    STATE["c"] = setup_admin(srv)
    tree = STATE["c"].get("/api/v1/catalog").json["manufacturers"]
    prefixes = {m["name"]: m["mac_prefixes"] for m in tree}
    assert prefixes == {"AudioCodes": ["00:90:8f"], "Genesys": ["00:90:8f"], "ININ": ["00:26:fd"],
                        "Polycom": ["00:04:f2", "64:16:7f", "48:25:67"]}, prefixes


def test_every_model_the_seed_names(srv):
    c = STATE["c"]
    for man, names in (("Polycom", ["VVX 410", "VVX D60", "Trio 8800", "IP335", "IP6000", "SpectraLink SL8440", "IP330", "IP601", "IP500"]),
                       ("ININ", ["Interaction SIP Station", "Interaction SIP Station II", "Soft Phone"]),
                       ("AudioCodes", ["405", "405HD", "420HD", "430HD", "440HD"]),
                       ("Genesys", ["405", "405HD", "420HD", "430HD", "440HD"])):
        for n in names:
            model(c, man, n)
    r = c.get("/api/v1/catalog/models?manufacturer=Genesys&model=440HD")
    assert r.json["total"] == 1 and r.json["items"][0]["firmware_image"] == "440HD.img", \
        "Genesys 440HD, from the seed's DHCP table"
    for n in ("430HD", "440HD"):
        assert [f["version"] for f in model(c, "Genesys", n)["firmware"]] == \
            [f["version"] for f in model(c, "AudioCodes", n)["firmware"]] != [], \
            f"the Genesys {n} takes the AudioCodes {n}'s firmware"


def test_model_names_match_tolerantly(srv):
    c = STATE["c"]
    ids = {model(c, "Polycom", n)["id"] for n in ("VVX 410", "VVX410", "vvx_410")}
    assert len(ids) == 1, ids


def test_capabilities_per_model(srv):
    c = STATE["c"]
    iss = model(c, "ININ", "Interaction SIP Station")
    assert iss["standalone_allowed"] is False and iss["max_registrations"] == 1, iss
    assert iss["family"] == "iss1" and iss["firmware_image"] == "sip100.img"
    soft = model(c, "ININ", "Soft Phone")
    assert soft["address_kind"] == "computer_name" and soft["selectable_firmware"] is False
    ip601 = model(c, "Polycom", "IP601")
    assert ip601["eol"] is True and ip601["srtp"] is False, ip601
    assert model(c, "Polycom", "IP4000")["srtp"] is True, "Except for the IP4000, does not support SRTP"
    ac = model(c, "AudioCodes", "420HD")
    assert ac["max_registrations"] == 1 and ac["mac_prefixes"] == ["00:90:8f"]
    assert model(c, "Polycom", "IP301")["languages"] == ["English, United States"]
    assert "Japanese, Japan" in model(c, "Polycom", "IP650")["languages"]
    assert "Japanese, Japan" not in model(c, "Polycom", "IP330")["languages"]


def test_firmware_per_model_with_release_and_status(srv):
    c = STATE["c"]
    fw = {f["version"]: f for f in model(c, "Polycom", "VVX 410")["firmware"]}
    assert "5.9.6.2327" in fw and fw["5.9.6.2327"]["status"] == "supported"
    assert "2019 R1 Patch 35" in fw["5.9.6.2327"]["released_in"]
    assert fw["5.4.3.2036"]["status"] == "history"
    assert [f["version"] for f in model(c, "Polycom", "IP500")["firmware"]] == ["2.1.4"]
    assert model(c, "Polycom", "IP500")["firmware"][0]["status"] == "eol"
    ac = [f["version"] for f in model(c, "AudioCodes", "420HD")["firmware"]]
    assert ac[0] == "2.2.16.643" and "2.0.0.18_6" in ac, ac
    iss = [f["version"] for f in model(c, "ININ", "Interaction SIP Station II")["firmware"]]
    assert "2.2.2.77" in iss and "2.0.4.15.7" in iss


def test_catalog_is_read_only(srv):
    c = STATE["c"]
    assert c.post("/api/v1/catalog", {}).status == 405
    assert c.delete("/api/v1/catalog/models").status == 405
