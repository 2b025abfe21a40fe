#!/usr/bin/env python3
"""Reads the check's JSON lines (argument: the results file) and prints one JSON line per GPU
throughput case with its ratios to PyTorch eager and to the CPU backend at the same batch size,
and whether the issue's targets are met (>= 20M rows/s, >= 3x PyTorch eager, >= 10x CPU)."""
import json
import sys


def main(path):
    lines = [json.loads(l) for l in open(path) if l.startswith("{")]
    gemm = ""
    gpu, torch_rate, cpu_rate = [], {}, {}
    for line in lines:
        if line["case"] == "device":
            gemm = line.get("device", "").split("GEMM: ")[-1]
        elif line["case"] == "throughput":
            if line["engine"] == "gpu":
                gpu.append(dict(line, gemm=gemm))
            elif line["engine"] == "torch_eager":
                torch_rate[line["batch"]] = line["rows_per_s"]
            elif line["engine"] == "cpu":
                cpu_rate[line["batch"]] = line["rows_per_s"]
    for line in gpu:
        batch, rate = line["batch"], line["rows_per_s"]
        out = {"case": "ratio", "model": line["model"], "batch": batch, "callers": line["callers"],
               "gemm": line["gemm"], "gpu_rows_per_s": rate,
               "torch_eager_rows_per_s": torch_rate.get(batch), "cpu_rows_per_s": cpu_rate.get(batch)}
        if batch in torch_rate:
            out["vs_torch_eager"] = round(rate / torch_rate[batch], 2)
        if batch in cpu_rate:
            out["vs_cpu"] = round(rate / cpu_rate[batch], 2)
        out["meets_20M"] = rate >= 20e6
        out["meets_3x_torch"] = out.get("vs_torch_eager", 0) >= 3
        out["meets_10x_cpu"] = out.get("vs_cpu", 0) >= 10
        print(json.dumps(out), flush=True)
    failed = [l for l in lines if l["case"] == "parity" and not l.get("pass")]
    print(json.dumps({"case": "summary", "parity_cases": sum(l["case"] == "parity" for l in lines),
                      "parity_failed": [l["name"] + "/" + l.get("backend", "") for l in failed]}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
