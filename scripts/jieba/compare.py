#!/usr/bin/python3
"""Compares the lab's word segmentation (`swift run -c release segment`) with jieba itself,
`jieba.cut(line, HMM=False)`, line by line. Needs Debian's python3-jieba (scripts/setup installs it), so run it with /usr/bin/python3.

    /usr/bin/python3 scripts/jieba/compare.py DIR            # a text file, or a directory of JSON files
    /usr/bin/python3 scripts/jieba/compare.py FILE.txt [--show 10]

Input as the lab reads --data: UTF-8 text, a JSON array of strings, or a directory of JSON
files (in the natural order of the numbers in their names); each string is split at its line
breaks. Prints how many lines agree, and the first lines that do not.
"""
import argparse, json, os, re, subprocess, sys

import jieba

p = argparse.ArgumentParser()
p.add_argument("path")
p.add_argument("--show", type=int, default=5, help="disagreeing lines to print")
p.add_argument("--segment", default=None, help="the segment binary (default: swift run -c release segment)")
a = p.parse_args()

def documents(path):
    if os.path.isdir(path):
        key = lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)]
        out = []
        for name in sorted((n for n in os.listdir(path) if n.endswith(".json")), key=key):
            out += documents(os.path.join(path, name))
        for name in sorted((n for n in os.listdir(path) if os.path.isdir(os.path.join(path, n))), key=key):
            out += documents(os.path.join(path, name))
        return out
    text = open(path, encoding="utf-8", newline="").read()       # keep "\r\n" as it is
    if path.endswith(".json"):
        return json.loads(text)
    return [text]

lines = [line for doc in documents(a.path) for line in doc.split("\n")]
jieba.setLogLevel(60)
theirs = [" ".join(jieba.cut(line, HMM=False)) for line in lines]
command = [a.segment, a.path] if a.segment else ["swift", "run", "-c", "release", "segment", a.path]
ours = subprocess.run(command, check=True, capture_output=True).stdout.decode("utf-8").split("\n")[:-1]
if len(ours) != len(theirs):
    sys.exit(f"line counts differ: ours {len(ours)}, jieba {len(theirs)}")
bad = [(i, o, t) for i, (o, t) in enumerate(zip(ours, theirs)) if o != t]
print(f"{len(lines) - len(bad)} of {len(lines)} lines agree ({100 * (len(lines) - len(bad)) / max(len(lines), 1):.2f}%) with jieba {jieba.__version__}, HMM off")
for i, o, t in bad[: a.show]:
    print(f"line {i + 1}:\n  ours:  {o}\n  jieba: {t}")
