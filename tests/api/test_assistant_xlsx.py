"""The Managed IP Phone Assistant reads lists saved as Excel workbooks
(.xlsx) with the same rules and row numbers as CSV lists."""
import csv
import io
import os
import zipfile
from xml.sax.saxutils import escape

import test_assistant as csv_tests
from harness import ROOT

STATE = {}


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def make_xlsx(rows, shared=True, skip_rows=()):
    """A minimal workbook as spreadsheets write it: shared strings (or
    inline strings), empty cells left out, and empty rows left out."""
    strings, sheet = [], []
    for r, row in enumerate(rows, start=1):
        if r in skip_rows:
            continue
        cells = []
        for c, v in enumerate(row):
            if v == "":
                continue   # spreadsheets leave empty cells out
            ref = f"{col_name(c)}{r}"
            if shared:
                strings.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    buf = io.BytesIO()
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<workbook {ns}><sheets><sheet name="List" sheetId="1"/></sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {ns}><sheetData>{"".join(sheet)}</sheetData></worksheet>')
        if shared:
            z.writestr("xl/sharedStrings.xml", f'<sst {ns} count="{len(strings)}">'
                       + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    return buf.getvalue()


def seed_rows():
    with open(os.path.join(ROOT, "tests", "fixtures", "seed-tmm-list.csv"), newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def upload(c, data, name="list.xlsx"):
    return c.request("POST", f"/api/v1/assistant/imports?filename={name}", raw=data,
                     content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_setup(srv):
    csv_tests.test_setup_groups_and_templates(srv)
    STATE["c"] = csv_tests.STATE["c"]
    assert STATE["c"].get("/api/v1/templates").json["total"] > 0, "the templates the lists name exist"


def test_the_seed_tmm_list_as_xlsx_reads_as_the_csv_does(srv):
    c = STATE["c"]
    for shared in (True, False):
        r = upload(c, make_xlsx(seed_rows(), shared=shared))
        assert r.status == 201, r
        rep = r.json["report"]
        assert r.json["kind"] == "tmm" and rep["rows"] == 6 and rep["accepted"] == 4, rep
        rejected = {x["name"]: x for x in rep["rejected"]}
        assert set(rejected) == {"AgentISS1", "AgentISS2"} and rejected["AgentISS1"]["row"] == 5, rejected
        warn = {(x["name"], x["column"]) for x in rep["warnings"]}
        assert ("AgentISS1", "Address") in warn and ("AgentSSP-PC2", "Identification Address") in warn


def test_empty_rows_keep_the_spreadsheets_row_numbers(srv):
    rows = seed_rows()
    rows = rows[:3] + [[""] * len(rows[0])] + rows[3:]   # a blank row 4
    r = upload(STATE["c"], make_xlsx(rows, skip_rows=(4,)))
    assert r.status == 201, r
    rejected = {x["name"]: x["row"] for x in r.json["report"]["rejected"]}
    assert rejected["AgentISS1"] == 6, rejected


def test_the_appliances_own_sample_workbook_reads_back(srv):
    c = STATE["c"]
    for kind in ("tmm", "template"):
        data = c.get(f"/api/v1/assistant/samples/{kind}.xlsx").raw
        r = upload(c, data, f"{kind}.xlsx")
        assert r.status == 201 and r.json["kind"] == kind and r.json["report"]["rows"] == 1, r


def test_damaged_or_hostile_workbooks_are_severe_and_change_nothing(srv):
    c = STATE["c"]
    before = c.get("/api/v1/phones").json["total"]
    good = make_xlsx(seed_rows())
    bad_ref = make_xlsx([["Name", "Type"], ["x", "y"]]).replace(b"<v>3</v>", b"<v>99</v>")
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as w:
        w.writestr("xl/worksheets/sheet1.xml", '<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')
    wide = make_xlsx([["Name"] + ["x"] * 1200])
    for data, what in ((good[:len(good) // 2], "workbook"), (z.getvalue(), "DOCTYPE"),
                       (wide, "columns"), (b"PK\x03\x04" + b"\x00" * 100, "workbook")):
        r = upload(c, data)
        assert r.status == 422 and r.json["error"]["severity"] == "severe" and what in r.json["error"]["message"], (what, r)
    assert c.get("/api/v1/phones").json["total"] == before
