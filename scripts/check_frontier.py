#!/usr/bin/env python3
"""Checks fronts against the best ImageNet top-1 ever published at equal or fewer MACs.

usage: check_frontier.py FRONTIER_CSV PARETO_CSV... [--margin 1.0] [--imagenet-1k-only]

For every network of every pareto.csv, the best top-1 of data/calibration/published_frontier.csv
among networks of at most its MACs (supernet- and distillation-trained ones included) is the bound;
a network predicted more than `margin` points above it is reported. Exits 1 if any is.
--imagenet-1k-only drops the results trained with extra data (extra_data = yes, e.g. SSLD's
unlabeled ImageNet-22k images), for a stricter bound.
"""
import csv
import sys


def main(argv):
    margin = 1.0
    only_1k = False
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--imagenet-1k-only":
            only_1k = True
            i += 1
        elif argv[i] == "--margin":
            margin = float(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    frontier = [(float(r["macs_millions"]) * 1e6, float(r["top1"]), r["name"]) for r in csv.DictReader(open(args[0]))
                if not (only_1k and r["extra_data"] == "yes")]
    frontier.sort()
    worst_all = None
    bad = 0
    for path in args[1:]:
        rows = list(csv.DictReader(open(path)))
        worst = None
        for r in rows:
            macs = int(r["macs"])
            acc = float(r.get("accuracy", r["accuracy_proxy"]))
            bound = [f for f in frontier if f[0] <= macs]
            if not bound:
                best = (0.0, "none published at or below")
            else:
                b = max(bound, key=lambda f: f[1])
                best = (b[1], b[2])
            gap = acc - best[0]
            if worst is None or gap > worst[0]:
                worst = (gap, acc, macs, best)
            if gap > margin:
                bad += 1
        if worst is None:
            print(f"{path}: no networks")
            continue
        gap, acc, macs, best = worst
        print(f"{path}: {len(rows)} networks; largest excess {gap:+.2f} points: predicted {acc:.2f} at "
              f"{macs / 1e6:.1f} M MACs vs {best[0]:.2f} ({best[1]})")
        if worst_all is None or gap > worst_all:
            worst_all = gap
    print(f"{bad} networks more than {margin} point(s) above the published frontier; largest excess {worst_all:+.2f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
