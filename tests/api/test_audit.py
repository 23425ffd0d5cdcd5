"""The audit log: who, when, from where, what; filters and paging; an
update records what it changed (old and new, never a secret); entries
made with an API token name the token."""
import urllib.parse

from harness import PASSWORD, add_user, setup_admin

STATE = {}


def entry(a, action, target):
    """The newest audit entry of action on target."""
    q = urllib.parse.urlencode({"action": action, "limit": 100})
    items = [e for e in a.get(f"/api/v1/audit?{q}").json["items"] if e["target"] == target]
    assert items, (action, target)
    return items[0]


def test_changes_are_recorded(srv):
    a = setup_admin(srv)
    STATE["a"] = a
    srv.client().login("admin", "wrong password!")
    add_user(a, "otto", "operator")
    uid = a.get("/api/v1/users?q=otto").json["items"][0]["id"]
    a.patch(f"/api/v1/users/{uid}", {"display_name": "Otto O"})
    r = a.get("/api/v1/audit?limit=100")
    assert r.status == 200, r
    actions = [e["action"] for e in r.json["items"]]
    for want in ("setup.admin_create", "session.login", "session.login_failed", "user.create",
                 "user.password_change", "user.update"):
        assert want in actions, (want, actions)
    e = [e for e in r.json["items"] if e["action"] == "user.update"][0]
    assert e["actor"] == "admin" and e["address"] == "127.0.0.1" and e["target"] == "otto"
    assert e["detail"] == {"diff": {"display_name": ["", "Otto O"]}} and e["outcome"] == "success"
    assert e["at"] > 1700000000


def test_no_secret_is_ever_in_the_audit_log(srv):
    raw = STATE["a"].get("/api/v1/audit?limit=1000").raw
    assert PASSWORD.encode() not in raw and b"temporary-" not in raw and b"argon2" not in raw


def test_filters(srv):
    a = STATE["a"]
    r = a.get("/api/v1/audit?outcome=failure")
    assert r.json["total"] >= 1 and all(e["outcome"] == "failure" for e in r.json["items"])
    r = a.get("/api/v1/audit?action=session.")
    assert all(e["action"].startswith("session.") for e in r.json["items"])
    r = a.get("/api/v1/audit?actor=otto")
    assert r.json["total"] >= 1 and all(e["actor"] == "otto" for e in r.json["items"])
    r = a.get("/api/v1/audit?q=Otto%20O")
    assert r.json["total"] == 1 and r.json["items"][0]["action"] == "user.update"
    r = a.get("/api/v1/audit?since=2000-01-01&until=2000-01-02")
    assert r.json["total"] == 0
    assert a.get("/api/v1/audit?since=yesterday").error_field() == "since"
    assert a.get("/api/v1/audit?outcome=maybe").error_field() == "outcome"


def test_paging_and_sorting(srv):
    a = STATE["a"]
    full = a.get("/api/v1/audit?limit=1000&sort=at&order=asc").json
    page = a.get("/api/v1/audit?limit=2&offset=1&sort=at&order=asc").json
    assert page["total"] == full["total"] and [e["id"] for e in page["items"]] == [e["id"] for e in full["items"][1:3]]
    r = a.get("/api/v1/audit?sort=detail")
    assert r.status == 400 and r.error_field() == "sort"


def test_a_phone_update_records_exactly_what_changed_and_no_secret(srv):
    a = STATE["a"]
    body = {"name": "Desk 1", "manufacturer": "Polycom", "model": "VVX 410", "address": "00:04:f2:ab:00:01",
            "stations": [{"extension": "7001", "label": "Lobby", "sip_password": "first secret pass 1"}]}
    r = a.post("/api/v1/phones", body)
    assert r.status == 201, r
    pid = r.json["id"]
    body["stations"][0].update(label="Front desk", sip_password="second secret pass 2")
    body["options"] = {"ring_volume": 7}
    assert a.put(f"/api/v1/phones/{pid}", body).status == 200
    e = entry(a, "phone.update", "Desk 1")
    assert e["detail"] == {"diff": {"stations[0].label": ["Lobby", "Front desk"], "options.ring_volume": [5, 7]}}, e
    raw = a.get("/api/v1/audit?limit=1000").raw
    assert b"secret pass" not in raw, "no SIP password, old or new"
    # Saving what is there changes nothing, and says so.
    assert a.put(f"/api/v1/phones/{pid}", body).status == 200
    assert entry(a, "phone.update", "Desk 1")["detail"] == {"diff": {}}


def test_template_group_site_and_settings_updates_record_their_changes(srv):
    a = STATE["a"]
    t = a.post("/api/v1/templates", {"name": "Lobby template", "manufacturer": "Polycom", "model": "VVX 410",
                                     "type": "workstation"}).json
    assert a.put(f"/api/v1/templates/{t['id']}", {"name": "Lobby template", "manufacturer": "Polycom",
                                                 "model": "VVX 410", "type": "workstation",
                                                 "audio_protocol": "SRTP"}).status == 200
    assert entry(a, "template.update", "Lobby template")["detail"] == {"diff": {"audio_protocol": ["RTP", "SRTP"]}}

    loc = a.post("/api/v1/locations", {"name": "Berlin", "time_zone": "Europe/Berlin",
                                       "codec_preference": ["G.722", "G.711 A-law"]}).json
    assert a.put(f"/api/v1/locations/{loc['id']}", {"name": "Berlin HQ", "time_zone": "Europe/Berlin",
                                                   "codec_preference": ["G.722"]}).status == 200
    assert entry(a, "location.update", "Berlin HQ")["detail"] == {"diff": {
        "name": ["Berlin", "Berlin HQ"], "codec_preference": [["G.722", "G.711 A-law"], ["G.722"]]}}

    line = a.post("/api/v1/lines", {"name": "Stations-TCP", "transport": "TCP", "port": 5062}).json
    assert a.put(f"/api/v1/lines/{line['id']}", {"name": "Stations-TCP", "transport": "TCP", "port": 5064}).status == 200
    assert entry(a, "line.update", "Stations-TCP")["detail"] == {"diff": {"port": [5062, 5064]}}

    proxy = {"name": "Branch proxy", "address": "proxy.branch.example.com", "port": 5060, "location_id": loc["id"]}
    px = a.post("/api/v1/managed-proxies", proxy).json
    assert a.put(f"/api/v1/managed-proxies/{px['id']}", dict(proxy, address="10.0.0.9")).status == 200
    assert entry(a, "proxy.update", "Branch proxy")["detail"] == {"diff": {
        "address": ["proxy.branch.example.com", "10.0.0.9"]}}

    px2 = a.post("/api/v1/managed-proxies", dict(proxy, name="Branch proxy 2", address="10.0.0.10")).json
    regs = [{"type": "line", "line_id": line["id"]}, {"type": "managed_proxy", "proxy_id": px["id"], "transport": "UDP"},
            {"type": "managed_proxy", "proxy_id": px2["id"], "transport": "UDP"}]
    r = a.post("/api/v1/registration-groups", {"name": "Remote", "kind": "regular", "registrations": regs})
    assert r.status == 201, r
    was = r.json["registrations"]
    r = a.put(f"/api/v1/registration-groups/{r.json['id']}", {"name": "Remote", "kind": "regular",
                                                               "registrations": [regs[0], regs[2], regs[1]]})
    assert r.status == 200, r
    now = r.json["registrations"]
    diff = entry(a, "registration_group.update", "Remote")["detail"]["diff"]
    want = {f"registrations[{i}].{k}": [was[i][k], now[i][k]] for i in (1, 2) for k in now[i]
            if k != "id" and was[i][k] != now[i][k]}
    assert want and diff == want, (diff, want)
    assert any("10.0.0.10" in v for v in diff.values()), diff

    hours = {"days": [1, 2, 3, 4, 5], "start": "08:00", "end": "18:00", "time_zone": "UTC"}
    assert a.put("/api/v1/settings/business-hours", hours).status == 200
    assert a.put("/api/v1/settings/business-hours", dict(hours, end="17:30")).status == 200
    assert entry(a, "settings.business_hours", "business_hours")["detail"] == {"diff": {"end": ["18:00", "17:30"]}}
    assert a.put("/api/v1/settings/provisioning", {"trusted_networks": ["10.20.0.0/16"]}).status == 200
    assert entry(a, "settings.provisioning", "provisioning")["detail"] == {"diff": {
        "trusted_networks": [[], ["10.20.0.0/16"]]}}


def test_entries_made_with_a_token_name_it(srv):
    a = STATE["a"]
    tok = a.post("/api/v1/tokens", {"name": "deploy bot"}).json
    c = srv.client()
    c.token = tok["token"]
    uid = a.get("/api/v1/users?q=otto").json["items"][0]["id"]
    assert c.patch(f"/api/v1/users/{uid}", {"display_name": "Otto Bot"}).status == 200
    e = entry(a, "user.update", "otto")
    assert e["via"] == f"token:{tok['id']}", e
    assert e["via_label"] == "token deploy bot (of admin)", e
    assert e["token"] == {"id": tok["id"], "name": "deploy bot", "user": "admin"}, e
    assert e["detail"] == {"diff": {"display_name": ["Otto O", "Otto Bot"]}}, e
    session = entry(a, "token.create", "deploy bot")
    assert session["via_label"] == "session" and session["token"] is None, session
    found = a.get("/api/v1/audit?q=deploy%20bot&action=user.update").json
    assert found["total"] == 1 and found["items"][0]["id"] == e["id"], "q finds the token's name"
    assert tok["token"].encode() not in a.get("/api/v1/audit?limit=1000").raw
