#!/usr/bin/env python3
"""Derives a plain ARM-Net (or AutoInt) package from an ARM-Net+ (or AutoInt+) package by
keeping only the tensors of the non-"plus" model (dropping the DNN branch and, for ARM-Net+,
the ensemble layer). The result is structurally a valid package of the plain kind; its scores
are those of the "+" model's ARM (or attention) branch alone.

usage: derive_branch_package.py SOURCE_DIR TARGET_DIR KIND
"""
import json
import os
import struct
import sys

DROPPED_PREFIXES = ("deep_embedding.", "deep_mlp.", "ensemble_layer.")


def main(source, target, kind):
    with open(os.path.join(source, "weights.safetensors"), "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        data = f.read()
    metadata = header.pop("__metadata__", None)
    kept = {name: info for name, info in header.items() if not name.startswith(DROPPED_PREFIXES)}
    size = {"F32": 4, "I64": 8, "I32": 4}
    # 8-byte types first, then by name, as the reference writer does.
    order = sorted(kept, key=lambda n: (-size[kept[n]["dtype"]], n))
    new_header, chunks, offset = {}, [], 0
    for name in order:
        info = kept[name]
        begin, end = info["data_offsets"]
        chunks.append(data[begin:end])
        new_header[name] = {"dtype": info["dtype"], "shape": info["shape"],
                            "data_offsets": [offset, offset + end - begin]}
        offset += end - begin
    if metadata is not None:
        new_header["__metadata__"] = metadata
    text = json.dumps(new_header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "weights.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)
    with open(os.path.join(source, "config.json")) as f:
        config = json.load(f)
    config["model_kind"] = kind
    for key in ("deep_nlayer", "deep_nhid"):
        config.pop(key, None)
    config["description"] = "the %s branch of %s, as a plain %s model" % (
        "ARM" if kind == "armnet" else "attention", os.path.basename(source.rstrip("/")), kind)
    with open(os.path.join(target, "config.json"), "w") as f:
        json.dump(config, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
