#!/usr/bin/env python3
"""Convert a PyTorch nn.Sequential (saved whole with torch.save) into a TensorFlow.js LayersModel.

    python3 scripts/pytorch_to_tfjs.py MODEL.pt OUT_DIR --input-shape C,H,W [--input-range 0,1]

writes OUT_DIR/model.json and OUT_DIR/group1-shard1of1.bin, which the app's "Import model" and
`npm run analyze -- --model OUT_DIR/model.json ...` load. `--input-shape` is one input without
the batch axis, as PyTorch sees it: C,H,W for images, or N for a flat input.

Supported modules: Conv2d (any zero padding, stride; no dilation or groups), Linear, ReLU,
Softplus (beta 1), Tanh, Sigmoid, GELU (exact), MaxPool2d and AvgPool2d (no padding, floor mode),
Flatten, Dropout, and nested nn.Sequential. Anything else is refused by name.

Layout: PyTorch is NCHW, TensorFlow.js NHWC. Conv kernels [out, in, kh, kw] become
[kh, kw, in, out]; Linear weights [out, in] become [in, out]; and because Flatten reads NHWC
activations in (h, w, c) order where PyTorch reads (c, h, w), the first Linear after a Flatten of
an image gets its input columns permuted to match. Padding becomes a ZeroPadding2D layer in front
of a 'valid' Conv2D (TensorFlow's 'same' pads asymmetrically when strided, PyTorch does not).
Only torch and numpy are needed (Debian: python3-torch).
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
from torch import nn

ACTIVATIONS = {nn.ReLU: "relu", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid"}
SUPPORTED = (
    "Conv2d, Linear, ReLU, Softplus, Tanh, Sigmoid, GELU, MaxPool2d, AvgPool2d, Flatten, "
    "Dropout, Sequential"
)


class Refusal(Exception):
    """A module or setting the bridge does not convert; the message names it."""


def pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def flat_modules(module, prefix=""):
    """The leaf modules of (nested) Sequentials, each with its dotted name."""
    for name, child in module.named_children():
        full = f"{prefix}{name}"
        if isinstance(child, nn.Sequential):
            yield from flat_modules(child, f"{full}.")
        else:
            yield full, child


class Converter:
    def __init__(self, input_shape):
        self.layers = []
        self.weights = []  # (name, float32 array)
        self.counts = {}
        # The activation's shape in PyTorch terms: (C, H, W) or (N,).
        self.shape = tuple(input_shape)
        # Set by a Flatten of an image: (C, H, W) before it, until the first Linear uses it.
        self.flattened_from = None

    def name(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}_{self.counts[kind]}"

    def add(self, class_name, kind, **config):
        config["name"] = self.name(kind)
        self.layers.append({"class_name": class_name, "config": config})
        return config["name"]

    def need_image(self, where, module):
        if len(self.shape) != 3:
            raise Refusal(f"module {where} ({type(module).__name__}) needs a C,H,W input, got {self.shape}")

    def conv(self, where, m):
        self.need_image(where, m)
        for setting, value, wanted in (("padding_mode", m.padding_mode, "zeros"),
                                       ("dilation", pair(m.dilation), (1, 1)), ("groups", m.groups, 1)):
            if value != wanted:
                raise Refusal(f"module {where} (Conv2d): {setting}={value!r} is not supported ({wanted!r} only)")
        if isinstance(m.padding, str):
            raise Refusal(f"module {where} (Conv2d): padding={m.padding!r}; give padding as integers")
        (kh, kw), (sh, sw), (ph, pw) = pair(m.kernel_size), pair(m.stride), pair(m.padding)
        c, h, w = self.shape
        if ph or pw:
            self.add("ZeroPadding2D", "zero_padding2d", padding=[[ph, ph], [pw, pw]],
                     data_format="channels_last")
            h, w = h + 2 * ph, w + 2 * pw
        name = self.add("Conv2D", "conv2d", filters=m.out_channels, kernel_size=[kh, kw],
                        strides=[sh, sw], padding="valid", data_format="channels_last",
                        dilation_rate=[1, 1], activation="linear", use_bias=m.bias is not None)
        kernel = m.weight.detach().cpu().numpy().transpose(2, 3, 1, 0)
        self.weights.append((f"{name}/kernel", kernel))
        if m.bias is not None:
            self.weights.append((f"{name}/bias", m.bias.detach().cpu().numpy()))
        self.shape = (m.out_channels, (h - kh) // sh + 1, (w - kw) // sw + 1)

    def pool(self, where, m, class_name, kind):
        self.need_image(where, m)
        ceil = getattr(m, "ceil_mode", False)
        dilation = pair(getattr(m, "dilation", 1))
        for setting, value, wanted in (("padding", pair(m.padding), (0, 0)), ("ceil_mode", ceil, False),
                                       ("dilation", dilation, (1, 1)),
                                       ("divisor_override", getattr(m, "divisor_override", None), None)):
            if value != wanted:
                raise Refusal(f"module {where} ({type(m).__name__}): {setting}={value!r} is not supported ({wanted!r} only)")
        (kh, kw) = pair(m.kernel_size)
        (sh, sw) = pair(m.stride if m.stride is not None else m.kernel_size)
        self.add(class_name, kind, pool_size=[kh, kw], strides=[sh, sw], padding="valid",
                 data_format="channels_last")
        c, h, w = self.shape
        self.shape = (c, (h - kh) // sh + 1, (w - kw) // sw + 1)

    def flatten(self, where, m):
        if m.start_dim != 1 or m.end_dim != -1:
            raise Refusal(f"module {where} (Flatten): only start_dim=1, end_dim=-1 is supported")
        if len(self.shape) == 3:
            self.flattened_from = self.shape
        self.add("Flatten", "flatten", data_format="channels_last")
        self.shape = (int(np.prod(self.shape)),)

    def linear(self, where, m):
        if len(self.shape) != 1:
            raise Refusal(f"module {where} (Linear) needs a flat input, got {self.shape}: add nn.Flatten() before it")
        if self.shape[0] != m.in_features:
            raise Refusal(f"module {where} (Linear): in_features {m.in_features}, but its input has {self.shape[0]}")
        name = self.add("Dense", "dense", units=m.out_features, activation="linear",
                        use_bias=m.bias is not None)
        weight = m.weight.detach().cpu().numpy()  # [out, in], in indexed (c, h, w)
        if self.flattened_from is not None:
            c, h, w = self.flattened_from
            # TF's flat index (h, w, c) reads PyTorch's column (c, h, w).
            order = np.arange(c * h * w).reshape(c, h, w).transpose(1, 2, 0).reshape(-1)
            weight = weight[:, order]
            self.flattened_from = None
        self.weights.append((f"{name}/kernel", weight.T))
        if m.bias is not None:
            self.weights.append((f"{name}/bias", m.bias.detach().cpu().numpy()))
        self.shape = (m.out_features,)

    def activation(self, where, m):
        if isinstance(m, nn.Softplus):
            if m.beta != 1:
                raise Refusal(f"module {where} (Softplus): only beta=1 is supported")
            act = "softplus"
        elif isinstance(m, nn.GELU):
            if getattr(m, "approximate", "none") != "none":
                raise Refusal(f"module {where} (GELU): only the exact GELU (approximate='none') is supported")
            act = "gelu"
        else:
            act = ACTIVATIONS[type(m)]
        self.add("Activation", "activation", activation=act)

    def convert(self, model):
        if not isinstance(model, nn.Sequential):
            raise Refusal(
                f"expected a whole nn.Sequential saved with torch.save(model, path), got {type(model).__name__}"
            )
        modules = list(flat_modules(model))
        if not modules:
            raise Refusal("the nn.Sequential is empty")
        for where, m in modules:
            kind = type(m)
            if kind is nn.Conv2d:
                self.conv(where, m)
            elif kind is nn.Linear:
                self.linear(where, m)
            elif kind is nn.MaxPool2d:
                self.pool(where, m, "MaxPooling2D", "max_pooling2d")
            elif kind is nn.AvgPool2d:
                self.pool(where, m, "AveragePooling2D", "average_pooling2d")
            elif kind is nn.Flatten:
                self.flatten(where, m)
            elif kind is nn.Dropout:
                self.add("Dropout", "dropout", rate=float(m.p))
            elif kind in ACTIVATIONS or kind in (nn.Softplus, nn.GELU):
                self.activation(where, m)
            else:
                raise Refusal(f"module {where} ({kind.__name__}) is not supported (supported: {SUPPORTED})")
        if len(self.shape) != 1:
            raise Refusal(f"the model must end in flat logits [K], but it ends in {self.shape}")


def tf_input_shape(shape):
    """PyTorch's (C, H, W) as TensorFlow's (H, W, C); a flat (N,) stays."""
    return [shape[1], shape[2], shape[0]] if len(shape) == 3 else list(shape)


def convert(model, input_shape, input_range):
    """The model.json dict and the weights' bytes for a PyTorch nn.Sequential."""
    conv = Converter(input_shape)
    conv.convert(model)
    conv.layers[0]["config"]["batch_input_shape"] = [None, *tf_input_shape(input_shape)]
    manifest = [{"name": n, "shape": list(a.shape), "dtype": "float32"} for n, a in conv.weights]
    data = b"".join(np.ascontiguousarray(a, dtype="<f4").tobytes() for _, a in conv.weights)
    model_json = {
        "format": "layers-model",
        "generatedBy": f"PyTorch {torch.__version__}",
        "convertedBy": "curvature-lab scripts/pytorch_to_tfjs.py",
        "modelTopology": {
            "class_name": "Sequential",
            "config": {"name": "pytorch_sequential", "layers": conv.layers},
            "keras_version": "tfjs-layers 4.22.0",
            "backend": "tensor_flow.js",
        },
        "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": manifest}],
        "userDefinedMetadata": {"inputRange": list(input_range)},
    }
    return model_json, data


def parse_numbers(text, kind, what):
    try:
        return [kind(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be comma-separated numbers, got {text!r}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a .pt file holding a whole nn.Sequential (torch.save(model, path))")
    parser.add_argument("out_dir", help="folder for model.json and group1-shard1of1.bin")
    parser.add_argument("--input-shape", required=True,
                        type=lambda t: parse_numbers(t, int, "--input-shape"),
                        help="one input as PyTorch sees it: C,H,W (e.g. 1,28,28) or N (e.g. 784)")
    parser.add_argument("--input-range", default=[0.0, 1.0],
                        type=lambda t: parse_numbers(t, float, "--input-range"),
                        help="the input range the model was trained on (default 0,1; a negative low: --input-range=-1,1)")
    args = parser.parse_args(argv)
    if len(args.input_shape) not in (1, 3) or min(args.input_shape) <= 0:
        parser.error("--input-shape must be C,H,W or N, positive integers")
    if len(args.input_range) != 2 or not args.input_range[0] < args.input_range[1]:
        parser.error("--input-range must be low,high with low < high")
    try:
        model = torch.load(args.model, map_location="cpu")
    except Exception as error:  # a missing file, not a torch file, a class that cannot be imported
        print(f"{args.model}: torch.load cannot read it ({type(error).__name__}: {error})", file=sys.stderr)
        return 2
    try:
        model_json, data = convert(model, args.input_shape, args.input_range)
    except Refusal as refusal:
        print(f"{args.model}: {refusal}", file=sys.stderr)
        return 2
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "model.json"), "w") as f:
        json.dump(model_json, f)
    with open(os.path.join(args.out_dir, "group1-shard1of1.bin"), "wb") as f:
        f.write(data)
    print(f"wrote {args.out_dir}/model.json ({len(model_json['modelTopology']['config']['layers'])} layers, "
          f"{len(data) // 4} parameters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
