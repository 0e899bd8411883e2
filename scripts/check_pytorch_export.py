#!/usr/bin/python3
"""Checks `latnas export --format pytorch` against latnas's own counts (needs Debian's python3-torch;
run with /usr/bin/python3; the test suite does not need torch).

For every built-in model (`latnas models --format csv`) and N networks sampled from each shipped
space (`latnas space --space S --sample N --seed 1 --format csv`): exports the network as a .py
file, builds its Net(), and checks that sum(p.numel()) equals latnas's `params`, that the MACs
counted by forward hooks on Conv2d (output elements x C_in/groups x kh x kw) and Linear (in x out)
equal latnas's `macs`, and that a forward pass of 1 x 3 x res x res gives 1 x classes.



usage: /usr/bin/python3 scripts/check_pytorch_export.py [--latnas build/latnas] [--samples 200]
"""
import argparse
import csv
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import time

import torch


def run(latnas, *args):
    return subprocess.run([latnas, *args], check=True, capture_output=True, text=True).stdout


def hooked_macs(net, x):
    macs = [0]

    def conv(m, i, o):
        macs[0] += o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, i, o):
        macs[0] += m.in_features * m.out_features

    for m in net.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.register_forward_hook(conv)
        elif isinstance(m, torch.nn.Linear):
            m.register_forward_hook(linear)
    with torch.no_grad():
        y = net(x)
    return macs[0], tuple(y.shape)


def check(latnas, arch, macs, params, folder, i):
    path = os.path.join(folder, f"net{i}.py")
    run(latnas, "export", "--arch", arch, "--format", "pytorch", "-o", path)
    spec = importlib.util.spec_from_file_location(f"net{i}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    net = mod.Net().eval()
    p = sum(t.numel() for t in net.parameters())
    m, shape = hooked_macs(net, torch.zeros(1, 3, mod.RESOLUTION, mod.RESOLUTION))
    problems = []
    if p != params:
        problems.append(f"params {p} != latnas {params}")
    if m != macs:
        problems.append(f"hooked MACs {m} != latnas {macs}")
    if shape != (1, mod.CLASSES):
        problems.append(f"output {shape} != (1, {mod.CLASSES})")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--latnas", default=os.path.join(os.path.dirname(__file__), "..", "build", "latnas"))
    ap.add_argument("--samples", type=int, default=200)
    args = ap.parse_args()
    torch.set_num_threads(1)
    groups = {"built-in models": list(csv.DictReader(io.StringIO(run(args.latnas, "models", "--format", "csv"))))}
    for space in ("efficientnet", "ofa-mbv3", "tiny"):
        out = run(args.latnas, "space", "--space", space, "--sample", str(args.samples), "--seed", "1", "--format", "csv")
        groups[f"space {space}"] = list(csv.DictReader(io.StringIO(out)))
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        i = 0
        for group, rows in groups.items():
            start, bad = time.time(), 0
            for row in rows:
                i += 1
                problems = check(args.latnas, row["arch"], int(row["macs"]), int(row["params"]), folder, i)
                if problems:
                    bad += 1
                    print(f"FAIL {row.get('model', row['arch'])}: {'; '.join(problems)}")
            failures += bad
            print(f"{group}: {len(rows) - bad} of {len(rows)} networks: parameters, hooked MACs and output shape "
                  f"equal latnas's ({time.time() - start:.0f} s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
