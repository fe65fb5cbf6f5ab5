#!/usr/bin/env python3
"""Deterministic benchmark corpus built from corpus/: varied speakers, times and errors.

Each generated document is a corpus document with its speaker names swapped for names from a
list, fresh timestamps, and a few of the errors and boilerplate lines the built-in rules fix
injected at random places (seeded), so rules really fire and no two documents are the same.

  gen_corpus.py file  OUT.txt   SIZE_MB      one big file of documents separated by blank lines
  gen_corpus.py tree  OUT_DIR   0 N          N files of one document each, in folders of 100
  gen_corpus.py jsonl OUT.jsonl SIZE_MB      one JSON record per document, field "text"
"""
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "corpus")
NAMES = ["Vladimir Putin", "Joe Biden", "Dmitry Peskov", "Sergey Lavrov", "Matthew Chance",
         "Ann Simmons", "Galina Palovka", "Mikhail Antonov", "Andrei Kolesnikov", "Reporter",
         "Speaker 2", "Tamara Alteresko", "Sophie Shevardnadze", "Evgeny Grabchak"]
ERRORS = ["Dombas", "the Neustadt Treaty", "of of", "attacks attacks", "Unites States", "oanly",
          "Radio Freedom Europe", "Russian confederation", "Alexie Navalny", "\u00a0", "  "]
BOILERPLATE = ["Get short URL", "READ MORE: Putin Names New Weapon", "Listen Live",
               "Subscribe to EIR"]


def documents():
    docs = []
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            docs.append(f.read())
    return docs


def vary(doc, rng):
    labels = {}

    def relabel(m):
        name = labels.setdefault(m.group(1), rng.choice(NAMES))
        return f"{name}: ({rng.randint(0, 59):02d}:{rng.randint(0, 59):02d})"

    doc = re.sub(r"(?m)^([^\n:]{1,40}): \(\d\d:\d\d\)", relabel, doc)
    words = doc.split(" ")
    for _ in range(max(1, len(words) // 150)):
        at = rng.randrange(len(words))
        words[at] = words[at] + " " + rng.choice(ERRORS)
    doc = " ".join(words)
    lines = doc.split("\n")
    for _ in range(rng.randint(0, 2)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(BOILERPLATE))
    return "\n".join(lines) + ("\n" if not doc.endswith("\n") else "")


def generate(size_mb, rng):
    docs = documents()
    total, target = 0, size_mb * 1_000_000
    while total < target:
        doc = vary(rng.choice(docs), rng)
        total += len(doc.encode("utf-8"))
        yield doc


def main():
    mode, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(42)
    if mode == "file":
        with open(out, "w", encoding="utf-8") as f:
            for doc in generate(size, rng):
                f.write(doc + "\n")
    elif mode == "jsonl":
        with open(out, "w", encoding="utf-8") as f:
            for i, doc in enumerate(generate(size, rng)):
                f.write(json.dumps({"id": i, "source": "bench", "text": doc}) + "\n")
    elif mode == "tree":
        # One generated document per file (about 12 KB each on average), in folders of 100.
        count = int(sys.argv[4])
        docs = generate(10**9, rng)
        for i in range(count):
            path = os.path.join(out, f"{i % 100:02d}", f"doc{i:05d}.txt")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(next(docs))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
