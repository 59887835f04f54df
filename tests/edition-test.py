#!/usr/bin/env python3
"""edition-test.py — the council edition and the reports per school, read back.

On a store from sample-data/: `report --edition raad` has the cover, summary, sectors and
method but no institution page (pdftotext); `report --per instelling` writes a PDF and an
HTML for every school that has a chart (`chart --by instelling`), and nothing else; each
school's report names the school, its sector and the municipality, its response and its
change since the nulmeting; and what is withheld stays withheld: every school whose
institution page in the full HTML report shows a withheld wave shows it withheld in its
own report too, and no table row or summary line that says "te weinig respons" carries a
percentage. TAP output.
    tests/edition-test.py BUILD/src/oudermonitor
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from omtest import Tap, sample_store

TAP = Tap()
ok = TAP.ok


def pdftext(path):
    r = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True)
    return r.stdout


WITHHELD = ("te weinig respons", "niet getoond ter bescherming")


def withheld_rows(html, why=WITHHELD):
    """Table rows (<tr>…</tr>) that say a share is withheld (for one of the reasons why)."""
    return [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if any(w in r for w in why)]


def main():
    om = os.path.abspath(sys.argv[1])
    if shutil.which("pdftotext") is None:
        print("1..0 # SKIP pdftotext missing (poppler-utils)")
        return 0
    src = os.environ.get("OM_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
    tmp = tempfile.mkdtemp(prefix="om-edition-")
    om_run = sample_store(om, src, os.path.join(tmp, "e.db"), "sample-data/register.csv", TAP)
    if om_run is None:
        TAP.plan()
        return 1

    full_pdf, raad_pdf = os.path.join(tmp, "full.pdf"), os.path.join(tmp, "raad.pdf")
    full_html = os.path.join(tmp, "full.html")
    r1 = om_run("report", "--out", full_pdf)
    r2 = om_run("report", "--edition", "raad", "--out", raad_pdf)
    r3 = om_run("report", "--format", "html", "--out", full_html)
    ok(r1.returncode == r2.returncode == r3.returncode == 0, "full and council editions",
       r1.stderr + r2.stderr + r3.stderr)
    full, raad = pdftext(full_pdf), pdftext(raad_pdf)
    ok("INSTELLING" in full and "INSTELLING" not in raad,
       "council edition: no institution page (full has them)")
    ok(all(w in raad for w in ("Samenvatting van de doelen", "SECTOR", "Verantwoording",
                               "Primair onderwijs")),
       "council edition: cover, summary, sectors and method")
    ok(not re.search(r"^Instellingen\s+\d+$", raad, re.M),
       "council edition: contents list no institutions")
    ok("instellingspagina" in full and "instellingspagina" not in raad,
       "council edition: no reference to institution pages it does not have")
    order = ["Kernboodschappen", "Samenvatting van de doelen", "Instellingenvragenlijst",
             "Thema A", "Respons", "SECTOR", "Verantwoording"]
    body = raad.split("\f", 1)[-1]  # after the cover (its contents list them too)
    pos = [body.find(w) for w in order[:-1]] + [body.rfind(order[-1])]
    ok(-1 not in pos and pos == sorted(pos),
       "council edition: key messages, summary, topic pages (census, themes, response), "
       "sectors, method, in that order", list(zip(order, pos)))
    raad_html = os.path.join(tmp, "raad.html")
    r = om_run("report", "--edition", "raad", "--format", "html", "--out", raad_html)
    rh = open(raad_html, encoding="utf-8").read() if r.returncode == 0 else ""
    ok(r.returncode == 0 and ">Kernboodschappen</h2>" in rh and ">Respons</h2>" in rh
       and ">Sectoren</h2>" in rh and ">Instellingen</h2>" not in rh
       and 'id="instelling-' not in rh,
       "council edition in HTML: key messages, response, sectors, no institution section",
       r.stderr)
    r = om_run("report", "--edition", "bogus")
    ok(r.returncode == 2 and "--edition" in r.stderr, "--edition bogus: usage error (2)", r.stderr)

    charts = os.path.join(tmp, "charts")
    r = om_run("chart", "-q", "--by", "instelling", "--format", "svg", "--out", charts)
    codes = sorted(f[len("instelling-"):-4] for f in os.listdir(charts))
    ok(r.returncode == 0 and len(codes) > 20, "%d schools have a chart" % len(codes), r.stderr)
    per = os.path.join(tmp, "scholen")
    r = om_run("report", "--per", "instelling", "--out", per)
    ok(r.returncode == 0, "report --per instelling", r.stderr)
    files = sorted(os.listdir(per)) if os.path.isdir(per) else []
    want = sorted([c + ".pdf" for c in codes] + [c + ".html" for c in codes])
    ok(files == want, "a PDF and an HTML for every school, nothing else",
       "missing %s extra %s" % (sorted(set(want) - set(files))[:5],
                                sorted(set(files) - set(want))[:5]))

    full_page = open(full_html, encoding="utf-8").read()
    sections = re.split(r'<section class="page"', full_page)
    expect_withheld, expect_protect, expect_change = {}, {}, {}
    for sec in sections:
        m = re.search(r"\((\w+)\)</h3>", sec)
        if m and m.group(1) in codes:
            expect_withheld[m.group(1)] = len(withheld_rows(sec))
            expect_protect[m.group(1)] = "ter bescherming van een andere groep" in sec
            expect_change[m.group(1)] = re.findall(r"Sinds de nulmeting \(\d+\): [^.]*", sec)
    ok(any(expect_protect.values()),
       "the sample has a school with a wave withheld to protect another group")
    ok(sum(1 for v in expect_withheld.values() if v) > 0,
       "the sample has schools with a withheld wave (%d)"
       % sum(1 for v in expect_withheld.values() if v))

    bad_names, bad_withheld, leaks, missing, bad_reason, bad_change, foreign = \
        [], [], [], [], [], [], []
    for code in codes:
        text = pdftext(os.path.join(per, code + ".pdf"))
        html = open(os.path.join(per, code + ".html"), encoding="utf-8").read()
        if code not in text or "Gemeente" not in text or "Respons" not in text \
                or "nulmeting" not in text:
            missing.append(code)
        if expect_protect.get(code) and "ter bescherming van een andere groep" not in html:
            bad_reason.append(code)
        if any(c not in html for c in expect_change.get(code, [])):
            bad_change.append((code, expect_change.get(code)))
        if "Kernboodschappen" in html or "Alle instellingen:" in html or ">Respons</h2>" in html:
            foreign.append(code)
        rows = withheld_rows(html)
        if len(rows) < expect_withheld.get(code, 0):
            bad_withheld.append((code, len(rows), expect_withheld.get(code)))
        for row in rows:  # the row's number cells: n and the withheld note, no share
            cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', row, re.S)
            if any(re.search(r"\d%", c) for c in cells):
                leaks.append((code, row[:200]))
        for line in text.splitlines():  # summary rows (a chart's status line is no row)
            if "te weinig respons (n=" in line and "Status:" not in line \
                    and re.search(r"\d,\d%", line):
                leaks.append((code, line))
    ok(not missing, "each school report names the school, the municipality, its response and "
       "its change since the nulmeting", missing)
    ok(not bad_withheld, "a wave withheld in the full report is withheld in the school's",
       bad_withheld)
    ok(not leaks, "no withheld row carries a percentage", leaks[:5])
    ok(not bad_reason, "a wave withheld to protect another group says so in the school's "
       "report too", bad_reason)
    ok(not bad_change and sum(1 for v in expect_change.values() if v) > 10,
       "each school's report states its change since the nulmeting as the full report does "
       "(procentpunt, interval, significance)", bad_change[:3])
    ok(not foreign, "a school's report carries none of the municipality's front or topic "
       "pages (key messages, every school's overview, everyone's response)", foreign[:5])
    TAP.plan()
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if TAP.failed else 0


if __name__ == "__main__":
    sys.exit(main())
