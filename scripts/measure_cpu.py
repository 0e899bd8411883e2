#!/usr/bin/python3
"""Times networks sampled from a latnas space on this machine's CPU with Debian's python3-torch.

Each network is built in PyTorch from its canonical arch string (README "Architecture strings",
spec/arch-strings.md), its parameter count checked against latnas's, then timed at batch 1,
float32, eval mode, torch.inference_mode, one thread: warm-up, then the median of REPEATS
repeats, each the mean of enough forwards to last about 20 ms. Writes a measurement CSV for
`latnas calibrate` (arch,ms plus columns it ignores) and a conditions file beside it.

usage: /usr/bin/python3 scripts/measure_cpu.py [--latnas build/latnas] [--space tiny] [--n 240]
       [--seed 1] [--repeats 7] [-o data/measurements/cpu-tiny.csv]
Not run by CI (the build and the tests do not need torch).
"""
import argparse, csv, io, os, platform, statistics, subprocess, sys, time

import torch
import torch.nn as nn


def make_divisible(v, d=8):
    n = max(d, int(v + d / 2) // d * d)
    return n + d if n < 0.9 * v else n


def act_of(name):
    return {"re": nn.ReLU, "r6": nn.ReLU6, "hs": nn.Hardswish, "sw": nn.SiLU}.get(name, nn.SiLU)


class SE(nn.Module):
    def __init__(self, ch, rd, act):
        super().__init__()
        self.reduce = nn.Conv2d(ch, rd, 1, bias=True)
        self.act = act()
        self.expand = nn.Conv2d(rd, ch, 1, bias=True)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        return x * torch.sigmoid(self.expand(self.act(self.reduce(s))))


def conv_bn(cin, cout, k, s, groups=1, act=None):
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


class Block(nn.Module):
    def __init__(self, kind, cin, cout, k, s, e, se, se_base, skip, act):
        super().__init__()
        layers = []
        mid = cin
        if kind == "ir":
            mid = make_divisible(cin * e)
            layers.append(conv_bn(cin, mid, 1, 1, act=act))
        if kind == "cn":
            layers.append(conv_bn(cin, cout, k, s, act=act))
        else:
            layers.append(conv_bn(mid, mid, k, s, groups=mid, act=act))
            if se > 0:
                rd = round(mid * (se / e)) if se_base == "in" else make_divisible(mid * se)
                layers.append(SE(mid, rd, act))
            layers.append(conv_bn(mid, cout, 1, 1))
        self.body = nn.Sequential(*layers)
        self.residual = kind != "cn" and skip and s == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return y + x if self.residual else y


def build(arch):
    kv = dict(p.split("=", 1) for p in arch.split(";"))
    res = int(kv["res"])
    stem_kind, stem = kv["stem"].split(":")
    if stem_kind != "3x3":
        raise SystemExit("only 3x3 stems are built here: " + arch)
    se_base = kv.get("se", "in")
    act = nn.SiLU
    layers = [conv_bn(3, int(stem), 3, 2, act=act)]
    cin = int(stem)
    for stage in kv["blocks"].split("|"):
        for text in stage.split():
            t = text.split("_")
            kind, keys = t[0], {"r": 1, "k": 3, "s": 1, "e": 1.0, "se": 0.0}
            skip, bact = True, act
            for tok in t[1:]:
                if tok == "noskip":
                    skip = False
                elif tok.startswith("se"):
                    keys["se"] = float(tok[2:])
                elif tok[0] == "n":
                    bact = act_of(tok[1:])
                else:
                    keys[tok[0]] = float(tok[1:]) if tok[0] == "e" else int(tok[1:])
            for i in range(keys["r"]):
                layers.append(Block(kind, cin, keys["c"], keys["k"], keys["s"] if i == 0 else 1, keys["e"],
                                    keys["se"], se_base, skip, bact))
                cin = keys["c"]
    head_kind, head = kv["head"].split(":") if kv["head"] != "none" else ("none", "0")
    classes = int(kv.get("classes", 1000))
    if head_kind == "conv":
        layers += [conv_bn(cin, int(head), 1, 1, act=act), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(int(head), classes)]
    elif head_kind == "pool":
        layers += [nn.AdaptiveAvgPool2d(1), nn.Conv2d(cin, int(head), 1, bias=True), act(), nn.Flatten(),
                   nn.Linear(int(head), classes)]
    else:
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers).eval(), res


def time_forward(model, x, repeats, target_s=0.02):
    with torch.inference_mode():
        for _ in range(3):
            model(x)
        t0 = time.perf_counter()
        model(x)
        one = time.perf_counter() - t0
        inner = max(1, int(target_s / max(one, 1e-6)))
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(inner):
                model(x)
            times.append((time.perf_counter() - t0) / inner * 1e3)
    return statistics.median(times), min(times), inner


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--latnas", default="build/latnas")
    ap.add_argument("--space", default="tiny")
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("-o", "--out", default="data/measurements/cpu-tiny.csv")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    listing = subprocess.run([a.latnas, "space", "--space", a.space, "--sample", str(a.n), "--seed", str(a.seed),
                              "--format", "csv"], check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(listing)))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    start = time.time()
    load0 = os.getloadavg()
    out = []
    for i, r in enumerate(rows):
        model, res = build(r["arch"])
        params = sum(p.numel() for p in model.parameters())
        if params != int(r["params"]):
            raise SystemExit(f"row {i + 1}: PyTorch has {params} parameters, latnas {r['params']}: {r['arch']}")
        x = torch.randn(1, 3, res, res)
        med, best, inner = time_forward(model, x, a.repeats)
        out.append({"arch": r["arch"], "ms": f"{med:.6g}", "min_ms": f"{best:.6g}", "forwards_per_repeat": inner,
                    "macs": r["macs"], "params": r["params"]})
        print(f"{i + 1}/{len(rows)} {med:.3f} ms ({r['macs']} MACs)", file=sys.stderr, flush=True)
    elapsed = time.time() - start
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    with open(os.path.splitext(a.out)[0] + ".conditions.txt", "w") as f:
        f.write(f"machine: {cpu}, {os.cpu_count()} cores (shared), {platform.platform()}\n"
                f"torch {torch.__version__} (Debian python3-torch), threads {torch.get_num_threads()}, float32, batch 1, "
                f"eval, inference_mode\n"
                f"networks: {len(out)} from `latnas space --space {a.space} --sample {a.n} --seed {a.seed}`\n"
                f"timing: 3 warm-up forwards, median of {a.repeats} repeats, each the mean of enough forwards for ~20 ms\n"
                f"load average at start {load0[0]:.2f}, at end {os.getloadavg()[0]:.2f}; elapsed {elapsed:.0f} s\n")


if __name__ == "__main__":
    main()
