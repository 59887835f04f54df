#!/usr/bin/env python3
"""browser-test.py — the HTML report opened in a real browser (headless Chromium), offline.

A store from sample-data/ with a register in which one school is named
'OBS <script>alert("x")</script> & "Kompas"'; `report --format html` in Dutch and English;
Chromium loads each file with the network disabled, dumps the DOM, writes a net log and
takes screenshots at desktop and phone width. Checked: it loaded (the DOM ends in </html>)
with no console message and no request other than the file itself; every <svg> has a text
alternative (role=img, aria-label, <title>) and a table of its numbers beside it; headings
run without a gap from one <h1>; ids are unique; the school's name is text, not an element;
the screenshots are not blank. TAP output; skipped (1..0 # SKIP) only when no Chromium is
installed (tools/setup installs chromium-headless-shell).
    tests/browser-test.py BUILD/src/oudermonitor [KEEP_DIR]
"""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from omtest import Tap, sample_store
import zlib

CHROMES = ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"]
EVIL = 'OBS <script>alert("x")</script> & "Kompas"'

TAP = Tap()
ok = TAP.ok


def find_chrome():
    for c in CHROMES:
        p = shutil.which(c)
        if p:
            return p
    for p in ["/usr/lib/chromium/headless_shell", "/usr/lib/chromium/chromium"]:
        if os.access(p, os.X_OK):
            return p
    return None


class Dom(html.parser.HTMLParser):
    """What the checks need from the dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []  # (level, text)
        self.svgs = []  # dict per <svg>: attrs, has_title
        self.ids = []
        self.tags = {}
        self.lang = None
        self.text = []
        self.in_heading = None
        self.in_svg_title = False
        self.stack_svg = 0
        self.details_tables = 0
        self.in_details = 0
        self.figures = 0
        self.figures_with_table = 0
        self.fig_state = None
        self.captions = []
        self.in_caption = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.in_heading = [int(tag[1]), ""]
        if tag == "svg":
            if self.stack_svg == 0:
                self.svgs.append({"attrs": a, "title": ""})
            self.stack_svg += 1
        if tag == "title" and self.stack_svg:
            self.in_svg_title = True
        if tag == "caption":
            self.in_caption = ""
        if tag == "figure":
            self.figures += 1
            self.fig_state = {"details": False, "table": False}
        if tag == "details" and self.fig_state is not None:
            self.fig_state["details"] = True
        if tag == "table" and self.fig_state is not None and self.fig_state["details"]:
            self.fig_state["table"] = True

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.in_heading:
            self.headings.append((self.in_heading[0], self.in_heading[1].strip()))
            self.in_heading = None
        if tag == "caption" and self.in_caption is not None:
            self.captions.append(self.in_caption.strip())
            self.in_caption = None
        if tag == "svg":
            self.stack_svg -= 1
        if tag == "title":
            self.in_svg_title = False
        if tag == "figure" and self.fig_state is not None:
            if self.fig_state["table"]:
                self.figures_with_table += 1
            self.fig_state = None

    def handle_data(self, data):
        self.text.append(data)
        if self.in_caption is not None:
            self.in_caption += data
        if self.in_heading:
            self.in_heading[1] += data
        if self.in_svg_title and self.svgs:
            self.svgs[-1]["title"] += data


def png_not_blank(path):
    """The share of non-white pixels of an 8-bit RGB(A) PNG (filters undone)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0.0
    pos, idat, w, h, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = 4 if ctype == 6 else 3
    stride = w * bpp
    prev = bytearray(stride)
    dark = 0
    i = 0
    for _ in range(h):
        ft = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        for x in range(0, stride, bpp):
            if line[x] < 200 or line[x + 1] < 200 or line[x + 2] < 200:
                dark += 1
        prev = line
    return dark / float(w * h) if w and h else 0.0


def chrome_run(chrome, profile, extra, url):
    args = [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"] + extra + [url]
    return subprocess.run(args, capture_output=True, text=True, timeout=180)


def main():
    om = os.path.abspath(sys.argv[1])
    keep = sys.argv[2] if len(sys.argv) > 2 else None
    chrome = find_chrome()
    if chrome is None:
        print("1..0 # SKIP no Chromium binary (tools/setup installs chromium-headless-shell)")
        return 0
    src = os.environ.get("OM_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
    tmp = keep or tempfile.mkdtemp(prefix="om-browser-")
    os.makedirs(tmp, exist_ok=True)
    om_run = sample_store(om, src, os.path.join(tmp, "b.db"), "tests/data/register/script-name.csv", TAP)
    if om_run is None:
        TAP.plan()
        return 1
    for lang in ("nl", "en"):
        path = os.path.join(tmp, "report-%s.html" % lang)
        r = om_run("report", "--format", "html", "--lang", lang, "--out", path)
        ok(r.returncode == 0 and os.path.getsize(path) > 10000, "%s: report --format html" % lang,
           r.stderr)
        check_page(chrome, tmp, path, lang, 40)
    # a school's own report (the school named with <script>): the same checks
    per = os.path.join(tmp, "scholen")
    r = om_run("report", "--per", "instelling", "--format", "html", "--out", per)
    school = os.path.join(per, "53SB00.html")
    ok(r.returncode == 0 and os.path.exists(school), "report --per instelling --format html",
       r.stderr)
    if os.path.exists(school):
        check_page(chrome, tmp, school, "nl", 1, "school")
    TAP.plan()
    if keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if TAP.failed else 0


# The PDF's sections in the PDF's order (report.c: cover with status key, front pages,
# summary, topic pages, sectors, institutions, method).
SECTIONS = {
    "nl": ["Zo leest u de status van een doel", "Kernboodschappen", "Samenvatting van de doelen",
           "Instellingenvragenlijst", "Respons", "Sectoren", "Instellingen", "Verantwoording"],
    "en": ["How to read a target's status", "Key messages", "Summary of targets",
           "The institutions' survey", "Response", "Sectors", "Institutions", "Method"],
}


def check_sections(dom, tag):
    h2 = [t for lvl, t in dom.headings if lvl == 2]
    pos = [h2.index(t) if t in h2 else -1 for t in SECTIONS[tag]]
    ok(-1 not in pos and pos == sorted(pos), "%s: the PDF's sections in the PDF's order" % tag,
       "h2: %s" % h2[:20])
    text = "".join(dom.text)
    pp = "procentpunt" if tag == "nl" else "percentage point"
    ok(" pp, " in text and pp in text and re.search(r"[+-]\d+[,.]\d pp, ", text),
       "%s: the change since the nulmeting in procentpunt (summary and pages)" % tag)
    census = ("van de 18 instellingen", "Nog niet: ") if tag == "nl" else (
        "of 18 institutions", "Not yet: ")
    ok(all(c in text for c in census),
       "%s: the census as counts and names" % tag, census)
    ok(any("(n=" in t for t in (s["title"] for s in dom.svgs if "Antwoord" in s["title"]
                                or "Answer" in s["title"])),
       "%s: answer bars as SVG with their numbers in <title>" % tag)
    ok(dom.captions.count(SECTIONS[tag][4]) == 1,
       "%s: the response table is a table with a caption" % tag, dom.captions[:5])


def check_page(chrome, tmp, path, lang, min_svgs, tag=None):
    url = "file://" + path
    tag = tag or lang
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)
    netlog = os.path.join(tmp, "netlog-%s.json" % tag)
    r = chrome_run(chrome, profile, ["--dump-dom", "--log-net-log=" + netlog], url)
    dom_text = r.stdout
    ok(r.returncode == 0 and dom_text.rstrip().endswith("</html>"), "%s: loaded" % tag, r.stderr)
    console = [l for l in r.stderr.splitlines() if "CONSOLE" in l]
    ok(not console, "%s: no console message" % tag, "\n".join(console))
    urls = set()
    try:
        with open(netlog) as f:
            log = json.load(f)
        for ev in log.get("events", []):
            p = ev.get("params") or {}
            for k in ("url", "original_url", "new_url"):
                if isinstance(p.get(k), str):
                    urls.add(p[k])
    except (OSError, ValueError) as e:
        urls.add("net log unreadable: %s" % e)
    foreign = sorted(u for u in urls if not u.startswith(("file:", "data:", "about:")))
    ok(not foreign, "%s: no network request" % tag, "\n".join(foreign))
    dom = Dom()
    dom.feed(dom_text)
    ok(dom.lang == lang, "%s: <html lang> is %s" % (tag, lang), dom.lang)
    bad = [s for s in dom.svgs if s["attrs"].get("role") != "img"
           or len(s["attrs"].get("aria-label", "").strip()) < 20
           or re.match(r"(Grafiek|Chart): \.", s["attrs"].get("aria-label", ""))
           or not s["title"].strip()]
    ok(len(dom.svgs) >= min_svgs and not bad, "%s: every <svg> (%d) has a text alternative"
       % (tag, len(dom.svgs)), bad[:3])
    ok(dom.figures == len(dom.svgs) and dom.figures_with_table == dom.figures,
       "%s: every chart has the table of its numbers" % tag,
       "%d figures, %d with a table" % (dom.figures, dom.figures_with_table))
    levels = [h[0] for h in dom.headings]
    gaps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    ok(levels[:1] == [1] and levels.count(1) == 1 and not gaps, "%s: headings in order" % tag,
       "levels %s gaps %s" % (levels[:12], gaps))
    if tag in ("nl", "en"):
        check_sections(dom, tag)
    dup = sorted({i for i in dom.ids if dom.ids.count(i) > 1})
    ok(not dup, "%s: ids unique" % tag, dup[:10])
    text = "".join(dom.text)
    ok(EVIL in text and dom.tags.get("script", 0) == 0,
       "%s: the name with <script> is text, no script element" % tag,
       "script elements: %d" % dom.tags.get("script", 0))
    for name, size in (("desktop", "1280,1800"), ("phone", "390,1600")):
        shot = os.path.join(tmp, "shot-%s-%s.png" % (tag, name))
        r = chrome_run(chrome, profile, ["--window-size=" + size, "--screenshot=" + shot], url)
        share = png_not_blank(shot) if os.path.exists(shot) else 0.0
        ok(r.returncode == 0 and share > 0.01, "%s: %s screenshot shows the page (%.1f%% ink)"
           % (tag, name, share * 100), r.stderr[-2000:])


if __name__ == "__main__":
    sys.exit(main())
