#!/usr/bin/env python3
"""The baseline.sed subset in Python `re`, line by line, for the W1 baseline."""
import re
import sys

SUBS = [
    (re.compile("\u00a0"), " "),
    (re.compile(r"^([^:]{1,60}): \([0-9:]+\)$"), r"\1:"),
    (re.compile(r"\[([^]]*[^] ]) [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\]"), r"[\1]"),
    (re.compile(r"\bDombas\b"), "Donbas"),
    (re.compile(r"\bNeustadt Treaty\b"), "New START Treaty"),
    (re.compile(r"\bUnites States\b"), "United States"),
    (re.compile(r"\boanly\b"), "only"),
    (re.compile(r"\bRadio Freedom Europe\b"), "Radio Free Europe"),
    (re.compile(r"\bRussian confederation\b"), "Russian Federation"),
    (re.compile(r"\bAlexie Navalny\b"), "Alexei Navalny"),
    (re.compile(r"\bof of\b"), "of"),
    (re.compile(r"\battacks attacks\b"), "attacks"),
]
DROP = re.compile(r"^\s*(Get short URL|Listen Live|Subscribe to EIR)\s*$|^\s*READ MORE:")
TIDY = [(re.compile(r"^[ \t]+"), ""), (re.compile(r"[ \t]+$"), ""), (re.compile(r"[ \t]{2,}"), " ")]

out = sys.stdout
for line in sys.stdin:
    line = line.rstrip("\n")
    for pattern, replacement in SUBS:
        line = pattern.sub(replacement, line)
    if DROP.search(line):
        continue
    for pattern, replacement in TIDY:
        line = pattern.sub(replacement, line)
    out.write(line + "\n")
