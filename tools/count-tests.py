#!/usr/bin/env python3
"""Counts test cases over meson's testlog.json: each TAP line 'ok N' / 'not ok N' is one
case (skips count as passed-and-skipped); a test program that crashed or timed out before
reporting counts as one failure;
a test that prints no TAP (the golden guard) counts as one case. Prints 'N passed, N failed[, N skipped]'."""
import json
import re
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        entry = json.loads(line)
        out = entry.get("stdout") or ""
        cases = 0
        for tap in out.splitlines():
            m = re.match(r"^(not ok|ok)\b(.*)$", tap)
            if not m:
                continue
            cases += 1
            if m.group(1) == "not ok" and "# TODO" not in m.group(2):
                failed += 1
            elif "# SKIP" in m.group(2):
                skipped += 1
            else:
                passed += 1
        result = entry.get("result")
        if cases == 0 and result == "OK":
            passed += 1  # a test that reports no TAP cases (the golden guard) counts once
        elif result not in ("OK", "EXPECTEDFAIL", "SKIP") and (cases == 0 or result in ("TIMEOUT", "ERROR")):
            failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
