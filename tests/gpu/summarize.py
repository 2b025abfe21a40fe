#!/usr/bin/env python3
"""Reads the GPU check's JSON lines (tests/gpu/check.sh) and prints the summary as JSON lines, and
as Markdown tables into a second file when one is named:

  summarize.py <results.jsonl> [summary.md]

- parity: cases and failures per path (synchronous, pipelined) and GEMM (cuBLAS, own SGEMM), and
  the ARM-Net gates and weights whose bits differ from the CPU's (explanations are the CPU's
  exactly when there are none);
- direct: rows/s of each model, batch, caller count and mode on the GPU, against PyTorch eager on
  the same GPU (same model and batch, one caller) and, for frappe-armnet_plus, the CPU backend;
  the issue's target: frappe-armnet_plus, 4096 rows, one caller, pipelined >= 25M rows/s;
- sql: bench-sql rows/s per data set, rows, query and device; GPU over CPU; EXPLAIN_PREDICT over
  PREDICT on the GPU (target <= 1.3); the GPU's PREDICT over DuckDB's own Arrow export of the same
  table (target >= 0.8, or 25M rows/s where that is lower); pipelining on over off;
- sqlparity, golden, junit: pass or fail as reported.
"""
import json
import sys


def load(path):
    lines = []
    for text in open(path):
        if text.startswith("{"):
            try:
                lines.append(json.loads(text))
            except ValueError:
                pass
    return lines


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def millions(rate):
    return "—" if rate is None else "%.2fM" % (rate / 1e6)


def main(path, markdown=None):
    lines = load(path)
    out, md = [], []

    def emit(line):
        out.append(line)
        print(json.dumps(line), flush=True)

    device, gemm = "", ""
    parity, direct, torch_rate, sql = [], [], {}, []
    for line in lines:
        case = line.get("case")
        if case == "device" and line.get("available"):
            device = line.get("device", "")
            gemm = "own SGEMM" if "own SGEMM" in device else "cuBLAS"
        elif case == "parity":
            parity.append(dict(line, gemm=gemm))
        elif case == "throughput" and line.get("engine") == "torch_eager" and "rows_per_s" in line:
            torch_rate[(line["model"], line["batch"])] = line["rows_per_s"]
        elif case == "throughput" and "rows_per_s" in line:
            direct.append(dict(line, gemm=gemm if line["engine"] == "gpu" else "cpu"))
        elif "query" in line and "rows_per_s" in line:
            sql.append(line)
    card = device.split(";")[0]
    emit({"case": "summary_device", "device": device})
    md.append("# GPU check summary\n\nCard: %s\n" % (card or "none (CPU only)"))

    # Parity
    groups = {}
    for p in parity:
        g = groups.setdefault((p.get("path", "forward"), p["gemm"]), {"cases": 0, "failed": [], "not_cpu_bits": 0})
        g["cases"] += 1
        g["not_cpu_bits"] += p.get("gates_and_weights_not_cpu_bits", 0)
        if not p.get("pass"):
            g["failed"].append(p["name"])
    md.append("## Parity\n\n| path | GEMM | cases | failed | ARM-Net gates/weights not the CPU's bits |\n|---|---|---|---|---|")
    for (path_name, g_name), g in sorted(groups.items()):
        emit({"case": "summary_parity", "path": path_name, "gemm": g_name, **g})
        md.append("| %s | %s | %d | %s | %d |" % (path_name, g_name, g["cases"], ", ".join(g["failed"]) or "none",
                                                  g["not_cpu_bits"]))

    # Direct throughput
    md.append("\n## Direct calls (rows/s, transfers included)\n\n| model | batch | callers | mode | GEMM | GPU "
              "| PyTorch eager | vs PyTorch | CPU backend | vs CPU |\n|---|---|---|---|---|---|---|---|---|---|")
    cpu_rate = {(d["model"], d["batch"]): d["rows_per_s"] for d in direct if d["engine"] == "cpu"}
    target = None
    for d in direct:
        if d["engine"] != "gpu":
            continue
        key = (d["model"], d["batch"])
        line = {"case": "summary_direct", "model": d["model"], "batch": d["batch"], "callers": d["callers"],
                "mode": d.get("mode", "sync"), "gemm": d["gemm"], "gpu_rows_per_s": d["rows_per_s"],
                "torch_eager_rows_per_s": torch_rate.get(key), "vs_torch_eager": ratio(d["rows_per_s"], torch_rate.get(key)),
                "cpu_rows_per_s": cpu_rate.get(key), "vs_cpu": ratio(d["rows_per_s"], cpu_rate.get(key))}
        emit(line)
        md.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            d["model"], d["batch"], d["callers"], line["mode"], d["gemm"], millions(d["rows_per_s"]),
            millions(torch_rate.get(key)), line["vs_torch_eager"] or "—", millions(cpu_rate.get(key)),
            line["vs_cpu"] or "—"))
        if (d["model"], d["batch"], d["callers"], line["mode"], d["gemm"]) == (
                "frappe-armnet_plus", 4096, 1, "pipelined", "cuBLAS"):
            target = d["rows_per_s"]
    if target is not None:
        emit({"case": "target_small_batches", "model": "frappe-armnet_plus", "batch": 4096, "callers": 1,
              "rows_per_s": target, "target": 25e6, "met": target >= 25e6})

    # SQL path
    md.append("\n## SQL path (bench-sql, rows/s)\n\n| data | rows | query | device | rows/s | vs CPU | vs Arrow export "
              "| EXPLAIN / PREDICT |\n|---|---|---|---|---|---|---|---|")
    export = {(s["data"], s["rows"]): s["rows_per_s"] for s in sql if s["query"].startswith("DuckDB Arrow export")}
    by_key = {}
    for s in sql:
        by_key.setdefault((s["data"], s["rows"], s["query"], s.get("device", ""), s.get("gpu_pipeline", True)),
                          []).append(s)
    for s in sql:
        dev = s.get("device", "")
        if s["query"].startswith("DuckDB Arrow"):
            md.append("| %s | %d | %s | — | %s | | | |" % (s["data"], s["rows"], s["query"], millions(s["rows_per_s"])))
            continue
        cpu = by_key.get((s["data"], s["rows"], s["query"], "cpu", True), [{}])[0].get("rows_per_s")
        pipelined = s.get("gpu_pipeline", True)
        line = {"case": "summary_sql", "data": s["data"], "rows": s["rows"], "query": s["query"], "device": dev,
                "gpu_pipeline": pipelined if dev != "cpu" else None, "rows_per_s": s["rows_per_s"],
                "vs_cpu": ratio(s["rows_per_s"], cpu) if dev == "gpu" else None,
                "vs_arrow_export": ratio(s["rows_per_s"], export.get((s["data"], s["rows"]))),
                "time_vs_predict": s.get("time_vs_predict")}
        emit(line)
        md.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            s["data"], s["rows"], s["query"], dev + ("" if pipelined or dev == "cpu" else ", pipelining off"),
            millions(s["rows_per_s"]), line["vs_cpu"] or "—", line["vs_arrow_export"] or "—",
            line["time_vs_predict"] or "—"))
        if dev == "gpu" and not pipelined:
            on = by_key.get((s["data"], s["rows"], s["query"], "gpu", True), [{}])[0].get("rows_per_s")
            emit({"case": "summary_pipelining_sql", "data": s["data"], "rows": s["rows"], "query": s["query"],
                  "pipelined_rows_per_s": on, "unpipelined_rows_per_s": s["rows_per_s"],
                  "pipelined_vs_unpipelined": ratio(on, s["rows_per_s"])})
            continue
        if dev in ("gpu", "auto") and s["query"] == "avg(PREDICT)" and (s["data"], s["rows"]) in export:
            bar = min(0.8 * export[(s["data"], s["rows"])], 25e6)
            emit({"case": "target_sql_path", "data": s["data"], "rows": s["rows"], "rows_per_s": s["rows_per_s"],
                  "arrow_export_rows_per_s": export[(s["data"], s["rows"])], "target_rows_per_s": round(bar),
                  "met": s["rows_per_s"] >= bar})
        if dev == "gpu" and s.get("time_vs_predict") is not None:
            emit({"case": "target_explain", "data": s["data"], "rows": s["rows"],
                  "time_vs_predict": s["time_vs_predict"], "target": 1.3, "met": s["time_vs_predict"] <= 1.3})

    # Pass/fail phases
    md.append("\n## Checks\n")
    for line in lines:
        if line.get("case") in ("sql_parity", "explain_parity", "junit", "pipeline_disabled", "phase"):
            if line.get("case") == "phase" and line.get("exit", 0) == 0 and "skipped" not in line:
                continue
            md.append("- `%s`" % json.dumps(line))
    emit({"case": "summary", "parity_cases": len(parity),
          "parity_failed": sorted({p["name"] + "/" + p.get("path", "") + "/" + p["gemm"]
                                   for p in parity if not p.get("pass")}),
          "sql_parity_failed": [l["model"] for l in lines
                                if l.get("case") in ("sql_parity", "explain_parity") and l.get("pass") is False],
          "junit_failed": sum(l.get("failed", 0) for l in lines if l.get("case") == "junit")})
    if markdown:
        with open(markdown, "w") as f:
            f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
