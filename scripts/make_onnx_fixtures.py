#!/usr/bin/python3
"""Writes the ONNX fixtures of tests/fixtures/onnx/: torchvision models exported by torch.onnx.export.

Needs Debian's python3-torch, python3-torchvision and python3-onnx (run with /usr/bin/python3); the
test suite reads the committed files and needs none of them. For each model, two exports at
1 x 3 x 224 x 224, opset 13, in eval mode:
  NAME.folded.onnx  the plain export (BN folded into the convs, which get biases);
  NAME.bn.onnx      training=TrainingMode.PRESERVE, which skips the eval-mode fold: BN kept.
Float weight initializers become graph inputs of the same name and shape, without data (the tests need
shapes, not weights; onnx.checker refuses initializers without data), as `latnas export --no-weights`
writes them; scalar and integer initializers (clip bounds, shapes) are kept. Doc strings
and inferred value_info are dropped, tensors and nodes get short names (t12, n7). Also writes torchvision.csv: each model's MACs (conv and linear,
hook count, as models.csv counts them) and parameter count (sum of p.numel()).

usage: /usr/bin/python3 scripts/make_onnx_fixtures.py [OUT_DIR]
"""
import io
import os
import sys

import onnx
import torch
import torchvision

MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0", "mnasnet1_0"]


def hooked_macs(model, x):
    macs = [0]

    def conv(m, i, o):
        macs[0] += o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, i, o):
        macs[0] += m.in_features * m.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            hooks.append(m.register_forward_hook(conv))
        elif isinstance(m, torch.nn.Linear):
            hooks.append(m.register_forward_hook(linear))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return macs[0]


def strip(model_bytes):
    m = onnx.load_from_string(model_bytes)
    keep = []
    for t in m.graph.initializer:
        if t.data_type == onnx.TensorProto.FLOAT and len(t.dims) > 0:
            # a weight without data: the checker refuses an initializer without data (and external data
            # that is not there), so it becomes a graph input of the same name and shape
            m.graph.input.append(onnx.helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)))
        else:
            keep.append(t)
    del m.graph.initializer[:]
    m.graph.initializer.extend(keep)
    del m.graph.value_info[:]
    # short names: the files are for their shapes and operators, and torch's scoped names are long
    names = {"input": "input", "logits": "logits"}

    def short(name):
        if name == "":
            return name
        if name not in names:
            names[name] = "t%d" % len(names)
        return names[name]

    for v in list(m.graph.input) + list(m.graph.output):
        v.name = short(v.name)
    for t in m.graph.initializer:
        t.name = short(t.name)
    for i, n in enumerate(m.graph.node):
        n.name = "n%d" % i
        for k in range(len(n.input)):
            n.input[k] = short(n.input[k])
        for k in range(len(n.output)):
            n.output[k] = short(n.output[k])
    m.doc_string = ""
    for n in m.graph.node:
        n.doc_string = ""
    onnx.checker.check_model(m)
    onnx.shape_inference.infer_shapes(m, strict_mode=True)
    return m.SerializeToString()


def export(model, x, training):
    f = io.BytesIO()
    torch.onnx.export(model, x, f, opset_version=13, input_names=["input"], output_names=["logits"],
                      training=training, do_constant_folding=True)
    return f.getvalue()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "onnx")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    rows = ["model,macs,params"]
    for name in MODELS:
        model = getattr(torchvision.models, name)().eval()
        x = torch.zeros(1, 3, 224, 224)
        rows.append(f"{name},{hooked_macs(model, x)},{sum(p.numel() for p in model.parameters())}")
        for suffix, training in (("folded", torch.onnx.TrainingMode.EVAL), ("bn", torch.onnx.TrainingMode.PRESERVE)):
            data = strip(export(model, x, training))
            path = os.path.join(out, f"{name}.{suffix}.onnx")
            with open(path, "wb") as f:
                f.write(data)
            bn = sum(1 for n in onnx.load_from_string(data).graph.node if n.op_type == "BatchNormalization")
            print(f"{path}: {len(data)} bytes, {bn} BatchNormalization nodes")
    with open(os.path.join(out, "torchvision.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
