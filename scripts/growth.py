#!/usr/bin/env python3
"""Looks for reading whose time grows faster than its input: a super-linear cost hidden in one row.

For fixture documents, each as it is and with its tabs turned to single spaces (text copied from a
PDF viewer), and for every STEP-th line of each: the line grows by K copies of a token (a label, a
figure, a result phrase, plain text), once with K = SMALL and once with K = 4 × SMALL, and the
command line checks both. Time growing by much more than the input (4×) means a cost in the square
of a row's cells; such lines are printed worst first, and the script exits with 1 when one grows
past LIMIT times. Two fuzzed forms showed such costs (a cut result phrase, a fact value's words);
this looks for more of them where the fuzzer's 4 KB inputs cannot show them.

Usage: scripts/growth.py [STEP] [SMALL] [LIMIT]   (defaults 10, 2000, 10: about 6 minutes here,
STEP 5 about 12; release build first:
cargo build --release)
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

STEP = int(sys.argv[1]) if len(sys.argv) > 1 else 10
SMALL = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CLI = os.path.join(ROOT, "target", "release", "jixiao")
TOKENS = ["甲", "项目名称", "主管部门", "达成", "部分达成指", "90%", "≥1次", "15", "分", "（", "年度"]


def seconds(path):
    """The best of two runs of `jixiao check --format json PATH`."""
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run([CLI, "check", "--format", "json", path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - started)
    return best


def main():
    if not os.path.exists(CLI):
        sys.exit("build first: cargo build --release")
    files = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/regions/*.t*"))
                   + glob.glob(os.path.join(ROOT, "tests/fixtures/rules/*.txt")))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        doc = os.path.join(tmp, "doc.txt")
        for f in files:
            text = open(f, encoding="utf-8").read()
            for variant in ("tabs", "spaces"):
                t = text if variant == "tabs" else text.replace("\t", " ")
                sep = "\t" if variant == "tabs" else " "
                lines = t.split("\n")
                for i in range(0, len(lines), STEP):
                    if not lines[i].strip():
                        continue
                    token = TOKENS[i % len(TOKENS)]
                    took = []
                    for k in (SMALL, 4 * SMALL):
                        grown = lines[i] + (sep + token) * k
                        with open(doc, "w", encoding="utf-8") as out:
                            out.write("\n".join(lines[:i] + [grown] + lines[i + 1:]))
                        took.append(seconds(doc))
                    results.append((took[1] / max(took[0], 1e-4), took[1],
                                    os.path.basename(f), variant, i + 1, token))
    results.sort(reverse=True)
    print(f"{len(results)} lines grown by {SMALL} and {4 * SMALL} tokens; worst growth of time "
          f"(input ×4):")
    for ratio, t, name, variant, line, token in results[:10]:
        print(f"  ×{ratio:5.1f}  {t * 1000:7.1f} ms  {name} ({variant}) line {line} + {token!r}")
    if results and results[0][0] > LIMIT:
        sys.exit(1)


if __name__ == "__main__":
    main()
