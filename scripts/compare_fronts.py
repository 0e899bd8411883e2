#!/usr/bin/env python3
"""Compares the networks on two or more pareto.csv fronts, latency band by latency band.

    python3 scripts/compare_fronts.py NAME=DIR/pareto.csv NAME=DIR/pareto.csv [--bands 0,4,7,10]

For each front and GPU-latency band: how many networks, and their median depth (blocks), mean
block width (geometric mean of output channels over blocks), resolution, share of blocks with a
kernel of 5 or more, mean expansion ratio and share of blocks with SE. Reads only the canonical
`arch` strings, so it works on any latnas front. Prints a Markdown table.
"""
import csv
import math
import statistics
import sys


def blocks_of(arch):
    fields = dict(f.split("=", 1) for f in arch.split(";"))
    out = []
    for stage in fields["blocks"].split("|"):
        for block in stage.split():
            keys = block.split("_")
            d = {"type": keys[0], "e": 1.0, "se": 0.0}
            for k in keys[1:]:
                if k.startswith("se"):
                    d["se"] = float(k[2:])
                elif k[0] in "rksc" and k[1:].isdigit():
                    d[k[0]] = int(k[1:])
                elif k[0] == "e":
                    d["e"] = float(k[1:])
            out.extend([d] * d.get("r", 1))
    return int(fields["res"]), out


def describe(rows):
    depth, width, res, k5, exp, se = [], [], [], [], [], []
    for r in rows:
        resolution, blocks = blocks_of(r["arch"])
        depth.append(len(blocks))
        width.append(math.exp(sum(math.log(b["c"]) for b in blocks) / len(blocks)))
        res.append(resolution)
        k5.append(sum(b.get("k", 3) >= 5 for b in blocks) / len(blocks))
        irs = [b["e"] for b in blocks if b["type"] == "ir"]
        exp.append(sum(irs) / len(irs) if irs else 1.0)
        se.append(sum(b["se"] > 0 for b in blocks) / len(blocks))
    med = statistics.median
    return [len(rows), med(depth), med(width), med(res), med(k5), med(exp), med(se)]


def main(argv):
    bands = [0, 4, 7, 10]
    fronts = []
    for a in argv:
        if a.startswith("--bands="):
            bands = [float(x) for x in a.split("=", 1)[1].split(",")]
        else:
            name, path = a.split("=", 1)
            fronts.append((name, list(csv.DictReader(open(path)))))
    print("| front | GPU ms | networks | depth (blocks) | width (geo-mean ch.) | resolution | kernels >= 5 | expansion | SE share |")
    print("|---|---|---|---|---|---|---|---|---|")
    for lo, hi in zip(bands, bands[1:]):
        for name, rows in fronts:
            sel = [r for r in rows if lo <= float(r["gpu_ms"]) < hi]
            if not sel:
                continue
            n, d, w, r, k, e, s = describe(sel)
            print(f"| {name} | {lo:g}-{hi:g} | {n} | {d:.0f} | {w:.0f} | {r:.0f} | {k:.0%} | {e:.2f} | {s:.0%} |")


if __name__ == "__main__":
    main(sys.argv[1:])
