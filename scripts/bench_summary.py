"""The compact summary of a ``make bench`` run: one line per measure with its baseline.

Reads the JSON lines the ``bench_*.py`` scripts append with ``--summary FILE`` and the output of
``bench_credit_control.py`` (an Odoo shell script printing ``<label> median <x> ms`` lines;
its baseline is the line about Odoo's own ``credit``), prints a Markdown table and writes it to
``--out`` (``make bench``: ``.build/bench/summary.md``, to update ``BENCHMARKS.md`` from). Plain
Python, no Odoo needed::

    python3 scripts/bench_summary.py .build/bench/results.jsonl \\
        --credit-control-log .build/bench/credit_control.log --out .build/bench/summary.md
"""

import argparse
import json
import re
from pathlib import Path

MEDIAN = re.compile(
    r"^(?P<label>\S.*?)\s+median\s+(?P<value>[\d.]+)\s*ms(\s+p95\s+(?P<p95>[\d.]+)\s*ms)?\s*$"
)
ADDED = re.compile(r"^(?P<label>added by the checks.*?):\s*(?P<value>[\d.]+)\s*ms\s*$")
DECIMALS = {"s": 2, "ms": 1, "queries": 0, "MB": 2, "×": 2}


def credit_control_lines(path):
    """Summary lines of the confirmation benchmark's output."""
    measures = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = MEDIAN.match(line.strip()) or ADDED.match(line.strip())
        if match:
            p95 = match.groupdict().get("p95")
            measures.append((match["label"], float(match["value"]), p95))
    baseline = next(((label, v) for label, v, _p95 in measures if "Odoo's own" in label), None)
    lines = []
    for label, value, p95 in measures:
        is_median = not ADDED.match(f"{label}: {value} ms")
        is_baseline = baseline is not None and label == baseline[0]
        lines.append(
            {
                "bench": "credit control",
                "measure": label,
                "value": value,
                "unit": "ms",
                "baseline": None if is_baseline or baseline is None else baseline[0],
                "baseline_value": None if is_baseline or baseline is None else baseline[1],
                "note": f"median; p95 {p95} ms" if p95 else ("median" if is_median else None),
            }
        )
    return lines


def number(value, unit):
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return "n/a"
    return f"{value:,.{DECIMALS.get(unit, 2)}f}"


def table(lines):
    rows = [
        "| benchmark | measure | value | baseline (same run) | baseline value | ratio |",
        "| --- | --- | ---: | --- | ---: | ---: |",
    ]
    for line in lines:
        unit = line["unit"]
        value, base = line["value"], line.get("baseline_value")
        ratio = ""
        if base:
            ratio = f"{value / base:.2f} ×"
        elif base == 0 and line.get("baseline"):
            ratio = "= baseline" if value == 0 else "∞"
        note = f" ({line['note']})" if line.get("note") else ""
        rows.append(
            f"| {line['bench']} | {line['measure']}{note} | {number(value, unit)} {unit} "
            f"| {line.get('baseline') or ''} "
            f"| {number(base, unit) + ' ' + unit if base is not None else ''} | {ratio} |"
        )
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("results", help="JSON lines written by the bench scripts' --summary")
    parser.add_argument("--credit-control-log", help="output of bench_credit_control.py")
    parser.add_argument("--out", help="also write the summary (Markdown) to this file")
    parser.add_argument("--title", default="Benchmark summary")
    parser.add_argument("--context", action="append", default=[], help="a line under the title")
    args = parser.parse_args()
    lines = []
    if args.credit_control_log and Path(args.credit_control_log).exists():
        lines += credit_control_lines(args.credit_control_log)
    if Path(args.results).exists():
        for raw in Path(args.results).read_text(encoding="utf-8").splitlines():
            if raw.strip():
                lines.append(json.loads(raw))
    text = "\n".join(
        [f"## {args.title}", "", *(f"- {line}" for line in args.context), "", table(lines), ""]
    )
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
