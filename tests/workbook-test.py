#!/usr/bin/env python3
"""workbook-test.py — `report --format xlsx` read back with zipfile and the XML itself.

A store from sample-data/ with a register where one school is named with <script> and
another starts with "=HYPERLINK(": the workbook in Dutch and English. Checked per sheet:
the sheet names, the header row (bold shared strings in the reader's language), a frozen
header row, an autofilter over the data, column widths that fit the longest text, shares
as numbers in [0,1] formatted "0.0%", n as integers formatted "0", text only as strings
and never a formula, and every withheld share empty with its n and a note saying why.
TAP output.
    tests/workbook-test.py BUILD/src/oudermonitor
"""
import os
import re
import subprocess
import sys
import tempfile

from omtest import Tap, sample_store
import shutil
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
EVIL = 'OBS <script>alert("x")</script> & "Kompas"'
FORMULA = '=HYPERLINK("http://example.com") Onder de Linde'

TAP = Tap()
ok = TAP.ok


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Book:
    def __init__(self, path):
        z = zipfile.ZipFile(path)
        self.z = z
        self.strings = []
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        for si in sst.findall("m:si", NS):
            self.strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        st = ET.fromstring(z.read("xl/styles.xml"))
        fmts = {int(f.get("numFmtId")): f.get("formatCode")
                for f in st.findall("m:numFmts/m:numFmt", NS)}
        fonts = st.findall("m:fonts/m:font", NS)
        self.xf = []
        for xf in st.findall("m:cellXfs/m:xf", NS):
            fid = int(xf.get("numFmtId", "0"))
            font = fonts[int(xf.get("fontId", "0"))]
            self.xf.append((fmts.get(fid, "General" if fid == 0 else str(fid)),
                            font.find("m:b", NS) is not None))
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = []
        for s in wb.findall("m:sheets/m:sheet", NS):
            rid = s.get("{%s}id" % NS["r"])
            self.sheets.append((s.get("name"), "xl/" + target[rid]))

    def sheet(self, name):
        path = dict(self.sheets)[name]
        raw = self.z.read(path).decode("utf-8")
        root = ET.fromstring(raw)
        rows = {}
        for c in root.iter("{%s}c" % NS["m"]):
            ref = c.get("r")
            r = int(re.search(r"\d+", ref).group(0)) - 1
            v = c.find("m:v", NS)
            kind = c.get("t", "n")
            val = None
            if v is not None:
                val = self.strings[int(v.text)] if kind == "s" else float(v.text)
            style = self.xf[int(c.get("s", "0"))]
            rows.setdefault(r, {})[col_index(ref)] = {"t": kind, "v": val, "fmt": style[0],
                                                      "bold": style[1],
                                                      "f": c.find("m:f", NS) is not None}
        cols = {}
        for col in root.findall("m:cols/m:col", NS):
            for i in range(int(col.get("min")), int(col.get("max")) + 1):
                cols[i - 1] = {"width": float(col.get("width")),
                               "fmt": self.xf[int(col.get("style", "0"))][0]}
        return raw, root, rows, cols


def check_sheet(book, lang, name, want_headers):
    raw, root, rows, cols = book.sheet(name)
    head = rows.get(0, {})
    headers = [head[i]["v"] for i in sorted(head)]
    ok(all(h in headers for h in want_headers) and all(head[i]["t"] == "s" and head[i]["bold"]
                                                        for i in head),
       "%s/%s: bold header row in the reader's language" % (lang, name), headers)
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    ok(pane is not None and pane.get("ySplit") == "1" and pane.get("state") == "frozen",
       "%s/%s: header row frozen" % (lang, name))
    af = root.find("m:autoFilter", NS)
    nrow = max(rows) + 1
    ok(af is not None and af.get("ref", "").startswith("A1:") and
       af.get("ref").endswith(str(nrow)), "%s/%s: autofilter over %d rows" % (lang, name, nrow),
       af.get("ref") if af is not None else "none")
    ok(not re.search(r"<f[ >]", raw) and not any(c["f"] for r in rows.values() for c in r.values()),
       "%s/%s: no formula" % (lang, name))
    # widths fit the longest text of each column (within a character), at least 6
    narrow = []
    for i in head:
        longest = max([len(r[i]["v"]) for r in list(rows.values())[1:]
                       if i in r and r[i]["t"] == "s"] or [0])
        w = cols.get(i, {}).get("width", 0)
        if w < 6 or w + 1 < min(longest, 68):
            narrow.append((headers[i] if i < len(headers) else i, w, longest))
    ok(not narrow, "%s/%s: column widths fit" % (lang, name), narrow)
    return headers, rows


def check_values(lang, name, headers, rows, share_h, n_h, note_h, withheld_words, need_withheld):
    si, ni, oi = headers.index(share_h), headers.index(n_h), headers.index(note_h)
    derived = [i for i, h in enumerate(headers)
               if h in ("Tevreden", "Satisfied", "Ondergrens", "Bovengrens", "Lower bound",
                        "Upper bound") or h.startswith(("Verschil", "Change"))]
    data = [rows[r] for r in sorted(rows) if r > 0]
    bad_share = [r[si] for r in data if si in r and not (
        r[si]["t"] == "n" and r[si]["fmt"] == "0.0%" and 0 <= r[si]["v"] <= 1)]
    n_shares = sum(1 for r in data if si in r)
    ok(n_shares > 0 and not bad_share, "%s/%s: %d shares are numbers in [0,1] as 0.0%%"
       % (lang, name, n_shares), bad_share[:3])
    bad_n = [r[ni] for r in data if ni in r and not (
        r[ni]["t"] == "n" and r[ni]["fmt"] == "0" and r[ni]["v"] == int(r[ni]["v"]))]
    ok(not bad_n, "%s/%s: n are integers as 0" % (lang, name), bad_n[:3])
    withheld = [r for r in data if oi in r and any(w in r[oi]["v"] for w in withheld_words)]
    leaks = [r for r in withheld if si in r or ni not in r or any(i in r for i in derived)]
    ok((len(withheld) > 0 or not need_withheld) and not leaks, "%s/%s: %d withheld rows: share empty, n and a note"
       % (lang, name, len(withheld)), leaks[:2])
    texts = [c for r in data for c in r.values() if c["t"] not in ("s", "n")]
    ok(not any(h in ("Tevreden", "Satisfied") for h in headers),
       "%s/%s: no count of satisfied answers (it would undo complementary suppression)"
       % (lang, name))
    ok(not texts, "%s/%s: only shared strings and numbers" % (lang, name), texts[:3])
    return data


def check_targets(lang, headers, data, note_h, words):
    """The targets sheet: census count text, the change in procentpunt (0.0) with its
    interval and significance; withheld rows keep all of these empty, the note says why."""
    nl = lang == "nl"
    ci = headers.index(nl and "Telling (instellingenvragenlijst)" or "Count (institutions' survey)")
    di = headers.index(nl and "Verschil met nulmeting (procentpunt)" or
                       "Change since baseline (points)")
    lo, hi = di + 1, di + 2
    si = headers.index(nl and "Verschil significant" or "Change significant")
    oi = headers.index(note_h)
    census = [r[ci]["v"] for r in data if ci in r]
    want = re.compile(r"^\d+ (van de|of) \d+ (instellingen|institutions)$")
    ok(census and all(r_t == "s" for r_t in (r[ci]["t"] for r in data if ci in r))
       and all(want.match(c) for c in census),
       "%s/targets: %d census counts as text ('17 van de 18 instellingen')" % (lang, len(census)),
       census[:3])
    changes = [r for r in data if di in r]
    bad = [r[di] for r in changes if not (
        all(k in r and r[k]["t"] == "n" and r[k]["fmt"] == "0.0" for k in (di, lo, hi))
        and r[lo]["v"] <= r[di]["v"] <= r[hi]["v"] and -100 <= r[lo]["v"] and r[hi]["v"] <= 100)]
    ok(len(changes) > 10 and not bad,
       "%s/targets: %d changes in procentpunt as numbers (0.0) inside their interval"
       % (lang, len(changes)), bad[:3])
    yes, no = (nl and ("ja", "nee") or ("yes", "no"))
    sig_bad = [r for r in changes if si not in r or r[si]["v"] != (
        yes if r[lo]["v"] > 0 or r[hi]["v"] < 0 else no)]
    ok(not sig_bad and any(r[si]["v"] == yes for r in changes),
       "%s/targets: significance stated beside every change, by its interval" % lang,
       sig_bad[:2])
    withheld = [r for r in data if oi in r and any(w in r[oi]["v"] for w in words)]
    leaks = [r for r in withheld if any(k in r for k in (ci, di, lo, hi, si))]
    ok(withheld and not leaks,
       "%s/targets: %d withheld rows: count and change empty, note says why"
       % (lang, len(withheld)), leaks[:2])


def check_response(book, lang, name):
    nl = lang == "nl"
    headers, rows = check_sheet(book, lang, name, [nl and "Respondenten" or "Respondents"])
    data = [rows[k] for k in sorted(rows) if k > 0]
    ri = headers.index(nl and "Respondenten" or "Respondents")
    pi = headers.index(nl and "Populatie (ouders)" or "Population (parents)")
    qi = headers.index(nl and "Respons" or "Response rate")
    bad = [r for r in data if not (
        r[ri]["t"] == "n" and r[ri]["fmt"] == "0" and r[ri]["v"] == int(r[ri]["v"]) > 0
        and (pi not in r or (r[pi]["fmt"] == "0" and qi in r and r[qi]["fmt"] == "0.0%"
                             and abs(r[qi]["v"] - r[ri]["v"] / r[pi]["v"]) < 1e-9)))]
    ok(len(data) > 20 and sum(1 for r in data if qi in r) > 20 and not bad,
       "%s/%s: %d rows: respondents and population as integers, rate as 0.0%%"
       % (lang, name, len(data)), bad[:2])


def main():
    om = os.path.abspath(sys.argv[1])
    src = os.environ.get("OM_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
    tmp = tempfile.mkdtemp(prefix="om-xlsx-")
    om_run = sample_store(om, src, os.path.join(tmp, "x.db"), "tests/data/register/script-name.csv", TAP)
    if om_run is None:
        TAP.plan()
        return 1
    spec = {
        "nl": (["Doelen", "Gemeente", "Sector", "Instelling", "Respons"], "Aandeel tevreden",
               "n (geldige antwoorden)", "Opmerking", ["te weinig respons", "achtergehouden"]),
        "en": (["Targets", "Municipality", "Sector", "Institution", "Response"], "Share satisfied",
               "n (valid answers)", "Note", ["too few responses", "withheld"]),
    }
    for lang, (sheets, share_h, n_h, note_h, words) in spec.items():
        path = os.path.join(tmp, "w-%s.xlsx" % lang)
        r = om_run("report", "--format", "xlsx", "--lang", lang, "--out", path)
        ok(r.returncode == 0 and zipfile.is_zipfile(path), "%s: report --format xlsx" % lang,
           r.stderr)
        if r.returncode != 0:
            continue
        book = Book(path)
        ok([s[0] for s in book.sheets] == sheets, "%s: sheets %s" % (lang, sheets),
           [s[0] for s in book.sheets])
        for name in sheets[1:4]:
            headers, rows = check_sheet(book, lang, name, [share_h, n_h, note_h])
            data = check_values(lang, name, headers, rows, share_h, n_h, note_h, words,
                                name == sheets[3])
            if name == sheets[3]:
                names = {c["v"] for r in data for c in r.values() if c["t"] == "s"}
                ok(EVIL in names and FORMULA in names,
                   "%s: names with <script> and a leading = are plain strings" % lang)
        headers, rows = check_sheet(book, lang, sheets[0], ["Status", n_h.split(" ")[0]])
        data = [rows[k] for k in sorted(rows) if k > 0]
        ti = headers.index(sheets[0] == "Doelen" and "Norm" or "Threshold")
        ok(all(r[ti]["fmt"] == "0.0%" and 0 < r[ti]["v"] <= 1 for r in data),
           "%s: targets' thresholds as percentages" % lang)
        check_targets(lang, headers, data, note_h, words)
        check_response(book, lang, sheets[4])
    TAP.plan()
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if TAP.failed else 0


if __name__ == "__main__":
    sys.exit(main())
