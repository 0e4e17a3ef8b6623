#!/usr/bin/env python3
"""Writes a CLIP model folder with small random weights, laid out as Immich's model cache lays
out a real one, so the CLIP code can be tested without the real weights (none can be fetched on
the build machines; see shared/models/MANIFEST.md).

    .tools/ml/bin/python scripts/make-test-clip.py CACHE_ROOT [NAME] [--text-dtype int32|int64]

writes CACHE_ROOT/clip/NAME/ (NAME defaults to ViT-B-32__openai):

    config.json                      open_clip config (embed_dim, vision_cfg, text_cfg)
    visual/model.onnx                float32 [N,3,224,224] -> [N,512]
    visual/preprocess_cfg.json       size, mean, std, interpolation, resize_mode
    textual/model.onnx               int32/int64 token ids [N,77] -> [N,512]
    textual/{tokenizer.json, tokenizer_config.json, special_tokens_map.json, vocab.json, merges.txt}

The models are random but every output depends on every input (pixels, token values and token
positions), so a wrong layout, channel order, normalisation, padding or token id changes the
embedding. Weights come from a fixed seed: the same command writes the same files.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

EMBED_DIM = 512
IMAGE_SIZE = 224
CONTEXT_LENGTH = 77
VOCAB_SIZE = 49408
# Small widths keep the files at a few megabytes.
PATCH = 32
VISUAL_CHANNELS = 16
TEXT_WIDTH = 16
OPSET = 17
IR_VERSION = 8

TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt"]
TOKENIZER_SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "models" / "clip-tokenizer"

# Immich's ViT-B-32__openai files.
CONFIG = {
    "embed_dim": EMBED_DIM,
    "vision_cfg": {"image_size": IMAGE_SIZE, "layers": 12, "width": 768, "patch_size": PATCH},
    "text_cfg": {"context_length": CONTEXT_LENGTH, "vocab_size": VOCAB_SIZE, "width": 512, "heads": 8, "layers": 12},
}
PREPROCESS_CFG = {
    "size": [IMAGE_SIZE, IMAGE_SIZE],
    "mode": "RGB",
    "mean": [0.48145466, 0.4578275, 0.40821073],
    "std": [0.26862954, 0.26130258, 0.27577711],
    "interpolation": "bicubic",
    "resize_mode": "shortest",
    "fill_color": 0,
}


def initializer(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array), name)


def save(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="make-test-clip")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))


def visual_model(rng):
    """A strided convolution (one 32x32 patch per output cell, like ViT's patch embedding), a
    nonlinearity and a dense projection of all 7x7 cells to 512."""
    cells = (IMAGE_SIZE // PATCH) ** 2
    conv_w = rng.normal(0, 0.02, (VISUAL_CHANNELS, 3, PATCH, PATCH)).astype(np.float32)
    conv_b = rng.normal(0, 0.1, (VISUAL_CHANNELS,)).astype(np.float32)
    proj = rng.normal(0, 1 / np.sqrt(VISUAL_CHANNELS * cells), (VISUAL_CHANNELS * cells, EMBED_DIM)).astype(np.float32)
    proj_b = rng.normal(0, 0.1, (EMBED_DIM,)).astype(np.float32)
    nodes = [
        helper.make_node("Conv", ["image", "conv_w", "conv_b"], ["patches"], strides=[PATCH, PATCH]),
        helper.make_node("Tanh", ["patches"], ["activated"]),
        helper.make_node("Flatten", ["activated"], ["flat"], axis=1),
        helper.make_node("MatMul", ["flat", "proj"], ["projected"]),
        helper.make_node("Add", ["projected", "proj_b"], ["embedding"]),
    ]
    graph = helper.make_graph(
        nodes,
        "clip_visual_random",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, IMAGE_SIZE, IMAGE_SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", EMBED_DIM])],
        [initializer("conv_w", conv_w), initializer("conv_b", conv_b), initializer("proj", proj), initializer("proj_b", proj_b)],
    )
    return graph


def textual_model(rng, text_dtype):
    """A token embedding lookup plus a position embedding, a nonlinearity, mean pooling over the
    77 positions (so padding counts) and a dense projection to 512."""
    elem = TensorProto.INT32 if text_dtype == "int32" else TensorProto.INT64
    table = rng.normal(0, 1, (VOCAB_SIZE, TEXT_WIDTH)).astype(np.float32)
    positions = rng.normal(0, 0.5, (CONTEXT_LENGTH, TEXT_WIDTH)).astype(np.float32)
    proj = rng.normal(0, 1 / np.sqrt(TEXT_WIDTH), (TEXT_WIDTH, EMBED_DIM)).astype(np.float32)
    proj_b = rng.normal(0, 0.1, (EMBED_DIM,)).astype(np.float32)
    nodes = [
        helper.make_node("Gather", ["token_table", "text"], ["tokens"], axis=0),
        helper.make_node("Add", ["tokens", "positions"], ["placed"]),
        helper.make_node("Tanh", ["placed"], ["activated"]),
        helper.make_node("ReduceMean", ["activated"], ["pooled"], axes=[1], keepdims=0),
        helper.make_node("MatMul", ["pooled", "proj"], ["projected"]),
        helper.make_node("Add", ["projected", "proj_b"], ["embedding"]),
    ]
    graph = helper.make_graph(
        nodes,
        "clip_textual_random",
        [helper.make_tensor_value_info("text", elem, ["batch", CONTEXT_LENGTH])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", EMBED_DIM])],
        [
            initializer("token_table", table),
            initializer("positions", positions),
            initializer("proj", proj),
            initializer("proj_b", proj_b),
        ],
    )
    return graph


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache_root", type=Path, help="model cache root; the model goes in clip/NAME below it")
    parser.add_argument("name", nargs="?", default="ViT-B-32__openai")
    parser.add_argument("--text-dtype", choices=["int32", "int64"], default="int32")
    parser.add_argument("--tokenizer-dir", type=Path, default=TOKENIZER_SOURCE)
    args = parser.parse_args()

    missing = [f for f in TOKENIZER_FILES if not (args.tokenizer_dir / f).is_file()]
    if missing:
        sys.exit(f"tokenizer files missing in {args.tokenizer_dir}: {', '.join(missing)}")

    folder = args.cache_root / "clip" / args.name
    rng = np.random.default_rng(20240607)
    save(visual_model(rng), folder / "visual" / "model.onnx")
    save(textual_model(rng, args.text_dtype), folder / "textual" / "model.onnx")
    write_json(folder / "config.json", CONFIG)
    write_json(folder / "visual" / "preprocess_cfg.json", PREPROCESS_CFG)
    for name in TOKENIZER_FILES:
        shutil.copyfile(args.tokenizer_dir / name, folder / "textual" / name)
    print(folder)


if __name__ == "__main__":
    main()
