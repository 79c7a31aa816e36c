"""Quantity extraction on NewsQuant dev: value, value+unit, value+change and concept F1 from the shared scorer.

    .venv/bin/python bench/quantities.py [--gold PATH] [--out DIR] [--cli] [--diff]

Writes the scorer's input (`score_quantities.py GOLD --write-input`), runs extraction (in-process through
`pipeline.extract`, the code path of `storyweave extract`, or with --cli through `.venv/bin/storyweave extract
--format json`), then runs `../shared/tools/score_quantities.py GOLD DOCS` and prints what it prints. The data is
read from ../shared at run time and never copied into the repository; the files go to --out (default: a temporary
folder).

The scorer's adapter reads a quantity's change only from `qualifier` (it predates the `change` field), so "up" and
"down" can never match there; the bench also prints value+change with the adapter reading `change` when set, marked
as such. It reads a rate's `per` neither ("$58 per barrel" is "dollar" to it, "dollar per barrel" in the gold), so
the bench also prints value+unit with the adapter's unit followed by " per " and `per` when set ("value+unit(per)"),
and with a count's unit read as NewsQuant annotates it, the whole counted phrase ("700 heart transplants" -> "heart
transplant"; the shared adapter keeps "transplant"): "value+unit(fields)".
--diff lists, per sentence, gold values missed and predicted values not in the gold; --misses lists the quantities
whose value matched but whose unit or change did not, grouped by (gold, ours) and most frequent first; `--misses
fields` reads the units as value+unit(fields) does, which leaves the parser's own misses.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "newsquant-dev" / "sentences.jsonl"
SCORER = SHARED / "tools" / "score_quantities.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_quantities", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def extract(inp: Path, docs: Path, cli: bool) -> None:
    if cli:
        with docs.open("w", encoding="utf-8") as f:
            subprocess.run([str(ROOT / ".venv" / "bin" / "storyweave"), "extract", str(inp), "--format", "json"],
                           stdout=f, check=True)
        return
    from storyweave import pipeline
    from storyweave.render import to_jsonable

    report = pipeline.extract([str(inp)])
    for r in report.rejected:
        print(f"rejected: {r}", file=sys.stderr)
    with docs.open("w", encoding="utf-8") as f:
        for d in report.documents:
            f.write(json.dumps(to_jsonable(d), ensure_ascii=False) + "\n")


def _adapters(sc):
    """The shared adapter with one more of storyweave's fields read: `change`; `per`; `per` and a count's unit as
    its whole `counts` phrase."""
    adapt = sc.adapt

    def adapt_change(q):
        t = adapt(q)
        if t is not None and q.get("change"):
            t["change"] = q["change"]
        return t

    def adapt_per(q):
        t = adapt(q)
        if t is not None and q.get("per"):
            t["normalized_unit"] += " per " + sc.UNIT_MAP.get(q["per"], q["per"]).lower()
        return t

    def adapt_fields(q):
        """NewsQuant's convention for a count: its unit is the counted phrase ("heart transplant"), not its last
        word; rates as in adapt_per."""
        t = adapt_per(q)
        if t is not None and not q.get("unit") and q.get("counts"):
            words = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", q["counts"]) if w.lower() not in sc.STOP]
            if words:
                t["normalized_unit"] = " ".join(words[:-1] + [sc.singular(words[-1])])
        return t

    return adapt_change, adapt_per, adapt_fields


def figures(gold: Path, docs: Path) -> dict[str, float]:
    """F1 per row of the scorer's output, plus value+change read from the `change` field ("value+change(field)")."""
    out = subprocess.run([sys.executable, str(SCORER), str(gold), str(docs)], capture_output=True, text=True,
                         check=True).stdout
    print(out, end="")
    fig: dict[str, float] = {}
    for line in out.splitlines():
        parts = line.split()
        if not parts or "F1" not in parts:
            continue
        f1 = float(parts[parts.index("F1") + 1])
        if line.startswith("  "):
            fig[parts[0]] = f1
        elif "headline" in line:
            fig["headline"] = f1
    sc = _scorer()
    adapt_change, adapt_per, adapt_fields = _adapters(sc)
    gold_rows = sc.read_jsonl(str(gold))
    pred = {d["id"]: d.get("quantities") or [] for d in sc.read_jsonl(str(docs))}
    raw_gold = {r["id"]: [{"value": q["value_raw"], "normalized_unit": q["normalized_unit"], "change": q["change"],
                           "referred_concepts": ", ".join(q["referred_concepts"]) or "-"} for q in r["quantities"]]
                for r in gold_rows}
    _, _, m = sc.paper([{"gt": raw_gold[r["id"]], "tags": [t for t in map(adapt_change, pred.get(r["id"], [])) if t]}
                        for r in gold_rows])
    p, r, f1 = m["value+change"]
    print(f"  {'value+change(field)':24s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   (adapter reading `change`)")
    fig["value+change(field)"] = round(f1, 3)
    _, _, m = sc.paper([{"gt": raw_gold[r["id"]], "tags": [t for t in map(adapt_per, pred.get(r["id"], [])) if t]}
                        for r in gold_rows])
    p, r, f1 = m["value+unit"]
    print(f"  {'value+unit(per)':24s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   (adapter adding ' per ' + `per`)")
    fig["value+unit(per)"] = round(f1, 3)
    _, _, m = sc.paper([{"gt": raw_gold[r["id"]], "tags": [t for t in map(adapt_fields, pred.get(r["id"], [])) if t]}
                        for r in gold_rows])
    p, r, f1 = m["value+unit"]
    print(f"  {'value+unit(fields)':24s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   (and a count's unit = its `counts` "
          f"phrase)")
    fig["value+unit(fields)"] = round(f1, 3)
    return fig


def misses(gold: Path, docs: Path, adapter: str = "shared") -> None:
    """Quantities whose value matched a gold one but whose unit or change (read from `change`) did not, grouped.
    adapter "fields": units read as value+unit(fields) reads them, so what is left is the parser's own misses."""
    from collections import Counter, defaultdict

    sc = _scorer()
    adapt = sc.adapt if adapter == "shared" else _adapters(sc)[2]
    pred = {d["id"]: d.get("quantities") or [] for d in sc.read_jsonl(str(docs))}
    groups: Counter = Counter()
    seen: dict[tuple, list[str]] = defaultdict(list)
    for r in sc.read_jsonl(str(gold)):
        for g in r["quantities"]:
            gv = tuple(g["value"]) if isinstance(g["value"], list) else g["value"]
            for q in pred.get(r["id"], []):
                t = adapt(q)
                if t is None or not sc.values_match(gv, t["value"]):
                    continue
                keys = []
                if t["normalized_unit"] != g["normalized_unit"].lower():
                    keys.append(("unit", g["normalized_unit"].lower(), t["normalized_unit"]))
                if (q.get("change") or t["change"]) != g["change"]:
                    keys.append(("change", g["change"], q.get("change") or t["change"]))
                for key in keys:
                    groups[key] += 1
                    seen[key].append(f"{q['text']!r} in {r['text'][:100]!r}")
                break
    for key, count in groups.most_common():
        print(f"{count:3d}  {key[0]:6s} gold {key[1]!r}  ours {key[2]!r}   e.g. {seen[key][0]}")


def diff(gold: Path, docs: Path) -> None:
    sc = _scorer()
    pred = {d["id"]: (d["body"], d.get("quantities") or []) for d in sc.read_jsonl(str(docs))}
    for r in sc.read_jsonl(str(gold)):
        body, qs = pred.get(r["id"], ("", []))
        g = [tuple(q["value"]) if isinstance(q["value"], list) else q["value"] for q in r["quantities"]]
        p = [(q["value"], q["high"]) if q.get("high") is not None else q["value"] for q in qs
             if q.get("value") is not None]

        def same(a, b):
            if isinstance(a, tuple) != isinstance(b, tuple):
                return False
            if isinstance(a, tuple):
                return all(math.isclose(x, y, rel_tol=1e-5) for x, y in zip(a, b))
            return math.isclose(a, b, rel_tol=1e-5)
        missed = [x for x in g if not any(same(x, y) for y in p)]
        extra = [y for y in p if not any(same(x, y) for x in g)]
        if missed or extra:
            print(f"{r['id']}: {r['text'][:160]}")
            if missed:
                print(f"    missed {missed}")
            if extra:
                print(f"    extra  {extra}   " + " | ".join(q["text"] for q in qs if q.get("value") is not None))


def run(gold: Path = GOLD, out: Path | None = None, cli: bool = False, show_diff: bool = False,
        show_misses: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        d = out or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        inp, docs = d / "nq-dev.jsonl", d / "nq-docs.jsonl"
        subprocess.run([sys.executable, str(SCORER), str(gold), "--write-input", str(inp)], check=True,
                       capture_output=True)
        extract(inp, docs, cli)
        if show_diff:
            diff(gold, docs)
        if show_misses:
            misses(gold, docs, show_misses)
        return figures(gold, docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=None, help="keep the input and the extracted docs here")
    ap.add_argument("--cli", action="store_true", help="run .venv/bin/storyweave extract instead of in-process")
    ap.add_argument("--diff", action="store_true", help="list per-sentence misses and extras")
    ap.add_argument("--misses", nargs="?", const="shared", choices=("shared", "fields"), default=None,
                    help="unit and change misses of matched values, grouped; 'fields': units read as "
                         "value+unit(fields) reads them (the parser's own misses)")
    a = ap.parse_args()
    if not a.gold.exists() or not SCORER.exists():
        sys.exit(f"needs {a.gold} and {SCORER}")
    fig = run(a.gold, a.out, a.cli, a.diff, a.misses)
    print("summary  " + "  ".join(f"{k} {v:.3f}" for k, v in fig.items()))


if __name__ == "__main__":
    main()
