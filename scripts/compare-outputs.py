#!/usr/bin/env python3
"""Compares two builds' JSON Lines outputs, byte for byte and canonically (each line parsed,
objects compared with their keys sorted). Used by scripts/compare-outputs.sh.

Usage: compare-outputs.py MANIFEST OLD_LABEL
MANIFEST: one input a line, tab-separated: label, group, old output, new output, old exit
status, new exit status, old stderr, new stderr.

Outputs run to hundreds of MB and a whole document is one line (all.txt's report is a single
~300 MB line), so files are read line by line, lines that are byte-equal are not parsed, and a
line that differs is walked one top-level value (one array element) at a time: only hashes of
canonical forms are kept, never a whole parsed report. Exits 1 on a canonical difference (or a
different exit status), 0 otherwise.
"""

import decimal
import hashlib
import itertools
import json
import sys

DECODER = json.JSONDecoder(parse_float=decimal.Decimal)
WS = " \t\r\n"


def canonical(value):
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def digest(value):
    return hashlib.blake2b(canonical(value).encode(), digest_size=16).digest()


def skip(s, i):
    while i < len(s) and s[i] in WS:
        i += 1
    return i


def walk(line):
    """Yields (path, value) for a JSON line: for a top-level object, each key's value, and each
    element of a value that is an array; else the whole value. Paths look like `forms[3]`."""
    s = line.decode("utf-8")
    i = skip(s, 0)
    if not s.startswith("{", i):
        value, _ = DECODER.raw_decode(s, i)
        yield "", value
        return
    i = skip(s, i + 1)
    if s.startswith("}", i):
        return
    while True:
        key, i = DECODER.raw_decode(s, i)
        i = skip(s, i)
        assert s[i] == ":", f"':' expected at {i}"
        i = skip(s, i + 1)
        if s.startswith("[", i):
            i = skip(s, i + 1)
            n = 0
            if s.startswith("]", i):
                yield f"{key}[]", None
                i += 1
            else:
                while True:
                    value, i = DECODER.raw_decode(s, i)
                    yield f"{key}[{n}]", value
                    n += 1
                    i = skip(s, i)
                    if s[i] == "]":
                        i += 1
                        break
                    assert s[i] == ",", f"',' expected at {i}"
                    i = skip(s, i + 1)
        else:
            value, i = DECODER.raw_decode(s, i)
            yield key, value
        i = skip(s, i)
        if s[i] == "}":
            return
        assert s[i] == ",", f"',' expected at {i}"
        i = skip(s, i + 1)


def hashes(line):
    """The canonical hash of each top-level value (array elements one by one), by path, and the
    document's name (`source.name`) when there is one."""
    out, name = {}, None
    for path, value in walk(line):
        out[path] = digest(value)
        if path == "source" and isinstance(value, dict):
            name = value.get("name")
    return out, name


def value_at(line, want):
    for path, value in walk(line):
        if path == want:
            return canonical(value)
    return None


def first_byte_difference(a, b):
    step = 1 << 16
    for at in range(0, max(len(a), len(b)), step):
        x, y = a[at : at + step], b[at : at + step]
        if x != y:
            for k in range(min(len(x), len(y))):
                if x[k] != y[k]:
                    return at + k
            return at + min(len(x), len(y))
    return None


def excerpt(data, at, width=80):
    return data[max(0, at - width // 2) : at + width // 2].decode("utf-8", "replace")


def compare_line(old, new):
    """None when canonically equal; else (document name, path, old excerpt, new excerpt)."""
    old_h, name = hashes(old)
    new_h, new_name = hashes(new)
    name = new_name or name
    if old_h == new_h:
        return None
    # The first path (in the new output's order) whose value differs or is missing.
    order = list(new_h) + [p for p in old_h if p not in new_h]
    for path in order:
        if old_h.get(path) != new_h.get(path):
            a, b = value_at(old, path), value_at(new, path)
            if a is not None and b is not None:
                at = first_byte_difference(a.encode(), b.encode()) or 0
                a, b = excerpt(a.encode(), at, 200), excerpt(b.encode(), at, 200)
            return name, path, a, b
    return name, "?", None, None


def main():
    manifest, old_label = sys.argv[1], sys.argv[2]
    groups = {}  # group -> [inputs, byte-different inputs, canonically different inputs]
    order = []
    first_bytes = first_canonical = None
    status_diffs, stderr_diffs = [], []
    with open(manifest, encoding="utf-8") as m:
        rows = [line.rstrip("\n").split("\t") for line in m if line.strip()]
    for label, group, old_path, new_path, old_rc, new_rc, old_err, new_err in rows:
        if group not in groups:
            groups[group] = [0, 0, 0]
            order.append(group)
        g = groups[group]
        g[0] += 1
        if old_rc != new_rc:
            status_diffs.append(f"{label}: exit status {old_rc} ({old_label}) → {new_rc} (this build)")
        with open(old_err, "rb") as a, open(new_err, "rb") as b:
            if a.read() != b.read():
                stderr_diffs.append(label)
        byte_diff = canon_diff = False
        with open(old_path, "rb") as a, open(new_path, "rb") as b:
            for n, (x, y) in enumerate(itertools.zip_longest(a, b), start=1):
                if x == y:
                    continue
                if x is not None and y is not None:
                    x_, y_ = x.rstrip(b"\n"), y.rstrip(b"\n")
                else:
                    x_, y_ = x, y
                if not byte_diff:
                    byte_diff = True
                    if first_bytes is None:
                        if x is None or y is None:
                            where = "line missing in " + (old_label if x is None else "this build")
                        else:
                            at = first_byte_difference(x_, y_)
                            where = (f"byte {at} of the line: {old_label}: …{excerpt(x_, at)}… / "
                                     f"this build: …{excerpt(y_, at)}…")
                        first_bytes = f"{label}, output line {n}: {where}"
                if x_ is None or y_ is None:
                    d = (None, "(the whole line)", "missing" if x_ is None else "present",
                         "missing" if y_ is None else "present")
                else:
                    d = compare_line(x_, y_)
                if d is not None:
                    canon_diff = True
                    if first_canonical is None:
                        name, path, a_, b_ = d
                        first_canonical = (
                            f"{label}, output line {n} (document {name or '?'}), at {path or 'the line'}:\n"
                            f"  {old_label}: {a_}\n  this build: {b_}"
                        )
        g[1] += byte_diff
        g[2] += canon_diff

    for group in order:
        n, nb, nc = groups[group]
        what = f"{n} input{'s' if n != 1 else ''}"
        if nb == 0:
            verdict = "byte-for-byte equal (so canonically equal)"
        elif nc == 0:
            verdict = f"canonically equal; bytes differ in {nb} (key order or formatting only)"
        else:
            verdict = f"CANONICALLY DIFFERENT in {nc}; bytes differ in {nb}"
        print(f"{group} ({what}): {verdict}")
    if first_bytes:
        print(f"first byte difference: {first_bytes}")
    if first_canonical:
        print(f"first canonical difference: {first_canonical}")
    for s in status_diffs:
        print(f"different exit status: {s}")
    if stderr_diffs:
        print(f"standard error differs for: {', '.join(stderr_diffs[:10])}"
              + (" …" if len(stderr_diffs) > 10 else ""))
    bytes_equal = all(g[1] == 0 for g in groups.values())
    canon_equal = all(g[2] == 0 for g in groups.values())
    if bytes_equal and not status_diffs:
        print(f"RESULT: equal byte-for-byte to {old_label}")
    elif canon_equal and not status_diffs:
        print(f"RESULT: canonically equal to {old_label}; bytes differ only in key order or formatting")
    else:
        print(f"RESULT: DIFFERENT from {old_label}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
