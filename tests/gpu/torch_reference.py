#!/usr/bin/env python3
"""PyTorch eager reference of ARM-Net, ARM-Net+, AutoInt and AutoInt+ (shared/MODELS.md, eval
mode, float32 like the official code), loaded from a model package (config.json and
weights.safetensors). Used by tests/gpu/check.sh as the baseline the GPU backend is compared with;
it needs only torch.

  torch_reference.py parity <testvectors dir> <models dir>       one JSON line per case
  torch_reference.py throughput [--seconds S] <frappe models dir> <frappe test.libsvm>
                                <adult models dir> <adult libsvm>  JSON lines per model and batch

Throughput covers the four Frappe models on the Frappe test rows and the two bundled Adult models
(adult-armnet_plus, adult-autoint_plus) on the Adult test rows as the GPU check encoded them, at
batches of 4096 and 65536 rows, and counts whole steps: host (pinned) -> device copy of ids and
values, the forward pass, and the copy of the logits back to the host.
"""
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn.functional as fn

DTYPES = {"F32": torch.float32, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = bytearray(data[base + begin:base + end])
        flat = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[info["dtype"]])
        tensors[name] = flat.reshape(info["shape"])
    return tensors


class Reference:
    """One model package on one device; __call__(ids, values) returns (logits, extras)."""

    def __init__(self, package, device):
        with open(os.path.join(package, "config.json")) as f:
            self.cfg = json.load(f)
        self.w = {k: v.to(device) for k, v in read_safetensors(os.path.join(package, "weights.safetensors")).items()}
        self.kind = self.cfg["model_kind"]

    def linear(self, x, name):
        return fn.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def batch_norm(self, x, name):
        return fn.batch_norm(x, self.w[name + ".running_mean"], self.w[name + ".running_var"],
                             self.w[name + ".weight"], self.w[name + ".bias"], training=False, eps=1e-5)

    def mlp(self, x, prefix, layers):
        for i in range(layers):
            x = torch.relu(self.batch_norm(self.linear(x, f"{prefix}.mlp.{4 * i}"), f"{prefix}.mlp.{4 * i + 1}"))
        return self.linear(x, f"{prefix}.mlp.{4 * layers}").squeeze(-1)

    @staticmethod
    def entmax(scores, alpha, iterations=50):
        if alpha == 1.0:
            return torch.softmax(scores, dim=-1)
        am1 = alpha - 1.0
        x = scores * am1
        mx = x.max(dim=-1, keepdim=True).values
        tau_lo = mx - 1.0
        tau_hi = mx - (1.0 / x.shape[-1]) ** am1

        def p(tau):
            return torch.clamp(x - tau, min=0) ** (1.0 / am1)

        f_lo = p(tau_lo).sum(-1, keepdim=True) - 1
        dm = tau_hi - tau_lo
        for _ in range(iterations):
            dm = dm / 2
            tau_m = tau_lo + dm
            p_m = p(tau_m)
            f_m = p_m.sum(-1, keepdim=True) - 1
            tau_lo = torch.where(f_m * f_lo >= 0, tau_m, tau_lo)
        return p_m / p_m.sum(-1, keepdim=True)

    def armnet(self, ids, values):
        c, w = self.cfg, self.w
        batch, emb = ids.shape[0], c["nemb"]
        v = torch.clamp(values, 0.001, 1.0)
        e = w["embedding.embedding.weight"][ids] * v.unsqueeze(-1)
        key = torch.einsum("bfx,kxy->bkfy", e, w["attn_layer.bilinear_w"])
        scores = torch.einsum("bkfy,koy->bkof", key, w["attn_layer.query"]) * (emb ** -0.5)
        gates = self.entmax(scores, c["alpha"])
        weights = gates * w["attn_layer.values"]
        neurons = torch.exp(torch.einsum("bkof,bfj->bkoj", weights, e)).reshape(batch, -1, emb)
        hidden = self.batch_norm(neurons, "arm_bn").reshape(batch, -1)
        logit = self.mlp(hidden, "mlp", c["mlp_nlayer"])
        if self.kind == "armnet_plus":
            deep = (w["deep_embedding.embedding.weight"][ids] * v.unsqueeze(-1)).reshape(batch, -1)
            mix = w["ensemble_layer.weight"][0]
            logit = mix[0] * logit + mix[1] * self.mlp(deep, "deep_mlp", c["deep_nlayer"]) + w["ensemble_layer.bias"][0]
        return logit, {"gates": gates}

    def autoint(self, ids, values):
        c, w = self.cfg, self.w
        batch, fields, heads = ids.shape[0], ids.shape[1], c["nhead"]
        e = w["embedding.embedding.weight"][ids] * values.unsqueeze(-1)
        x, maps = e, []
        for l, d in enumerate(c["attn_dims"]):
            dh = d // heads
            split = lambda t: t.view(batch, fields, heads, dh).transpose(1, 2)
            q, k, vv, r = (torch.relu(self.linear(x, f"attn_layers.{l}.{n}")) for n in ("W_q", "W_k", "W_v", "W_res"))
            attention = torch.softmax(split(q) @ split(k).transpose(-1, -2) / math.sqrt(dh), dim=-1)
            u = (attention @ split(vv)).transpose(1, 2).reshape(batch, fields, d)
            x = fn.layer_norm(torch.relu(u + r), (d,), w[f"attn_layers.{l}.layer_norm.weight"],
                              w[f"attn_layers.{l}.layer_norm.bias"], eps=1e-8)
            maps.append(attention)
        logit = self.linear(x.reshape(batch, -1), "attn_fc").squeeze(-1)
        if self.kind == "autoint_plus":
            logit = logit + self.mlp(e.reshape(batch, -1), "deep_mlp", c["deep_nlayer"])
        return logit, {"attention": maps}

    @torch.inference_mode()
    def __call__(self, ids, values):
        return self.armnet(ids, values) if self.kind.startswith("armnet") else self.autoint(ids, values)


def scaled_error(got, expected):
    got, expected = got.double().cpu().flatten(), expected.double().cpu().flatten()
    return float(((got - expected).abs() / expected.abs().clamp(min=1.0)).max())


def parity(vectors, models, device):
    cases = [(os.path.join(vectors, n), "inputs.safetensors", "expected.safetensors") for n in sorted(os.listdir(vectors))]
    cases += [(os.path.join(models, n), "expected_test_head.safetensors", "expected_test_head.safetensors")
              for n in sorted(os.listdir(models))]
    for package, inputs_file, expected_file in cases:
        if not os.path.isfile(os.path.join(package, expected_file)):
            continue
        model = Reference(package, device)
        inputs = read_safetensors(os.path.join(package, inputs_file))
        expected = read_safetensors(os.path.join(package, expected_file))
        logits, extras = model(inputs["ids"].to(device), inputs["values"].to(device))
        line = {"case": "torch_parity", "name": os.path.basename(package), "device": str(device),
                "logit_err_vs_f32": scaled_error(logits, expected["logits"]),
                "logit_err_vs_f64ref": scaled_error(logits, expected["logits_f64ref"])}
        if "gates" in extras:
            name = "gates" if "gates" in expected else "gates_first16"
            line["gate_err"] = scaled_error(extras["gates"].flatten()[:expected[name].numel()], expected[name])
        print(json.dumps(line), flush=True)


def read_libsvm(path, fields):
    ids, values = [], []
    with open(path) as f:
        for line in f:
            pairs = line.split()[1:]
            if len(pairs) != fields:
                continue
            for pair in pairs:
                i, v = pair.split(":")
                ids.append(int(i))
                values.append(float(v))
    return torch.tensor(ids, dtype=torch.int64).view(-1, fields), torch.tensor(values, dtype=torch.float32).view(-1, fields)


def throughput(package, rows_file, device, seconds, total=8 * 65536):
    model = Reference(package, device)
    ids, values = read_libsvm(rows_file, model.cfg["nfield"])
    repeat = (total + ids.shape[0] - 1) // ids.shape[0]
    ids, values = ids.repeat(repeat, 1)[:total], values.repeat(repeat, 1)[:total]
    if device.type == "cuda":
        ids, values = ids.pin_memory(), values.pin_memory()
    name = os.path.basename(os.path.normpath(package))
    for batch in (4096, 65536):
        slices = [(ids[i:i + batch], values[i:i + batch]) for i in range(0, total - batch + 1, batch)]

        def run(limit):
            done, start, k = 0, time.perf_counter(), 0
            while time.perf_counter() - start < limit:
                i, v = slices[k % len(slices)]
                logits, _ = model(i.to(device, non_blocking=True), v.to(device, non_blocking=True))
                logits.cpu()
                done, k = done + batch, k + 1
            return done / (time.perf_counter() - start)

        run(seconds / 3)
        rate = run(seconds)
        print(json.dumps({"case": "throughput", "model": name, "engine": "torch_eager", "batch": batch,
                          "callers": 1, "includes_transfers": device.type == "cuda", "device": str(device),
                          "torch": torch.__version__, "rows_per_s": round(rate)}), flush=True)


FRAPPE = ("frappe-armnet", "frappe-armnet_plus", "frappe-autoint", "frappe-autoint_plus")
ADULT = ("adult-armnet_plus", "adult-autoint_plus")


def main():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    args = sys.argv[1:]
    if args[0] == "parity":
        parity(args[1], args[2], device)
        return
    seconds = 3.0
    if args[1] == "--seconds":
        seconds = float(args[2])
        args = args[:1] + args[3:]
    frappe_models, frappe_rows, adult_models, adult_rows = args[1:5]
    cases = [(os.path.join(frappe_models, n), frappe_rows) for n in FRAPPE]
    cases += [(os.path.join(adult_models, n), adult_rows) for n in ADULT]
    for package, rows in cases:
        if not os.path.isfile(rows) or not os.path.isdir(package):
            print(json.dumps({"case": "throughput", "model": os.path.basename(package), "engine": "torch_eager",
                              "skipped": "no rows at " + rows if not os.path.isfile(rows) else "no package"}),
                  flush=True)
            continue
        throughput(package, rows, device, seconds)


if __name__ == "__main__":
    main()
