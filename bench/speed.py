"""Wall time and peak memory of `storyweave weave` on the bundled sample, cold and warm.

cold: a fresh process (imports, model loads, the whole job), as a user runs it.
warm: the same job again inside one process whose models are already loaded (library use, the web app).
Prints figures for the README; asserts nothing.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "apec-2024"

WARM = """
import json, resource, sys, time
from storyweave import pipeline
t = time.perf_counter(); pipeline.weave([sys.argv[1]]); first = time.perf_counter() - t
t = time.perf_counter(); r = pipeline.weave([sys.argv[1]]); warm = time.perf_counter() - t
print(json.dumps({"first": first, "warm": warm, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "stories": len(r.stories), "documents": len(r.documents)}))
"""


def cold(runs: int = 2) -> list[tuple[float, float]]:
    out = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "storyweave", "weave", str(SAMPLE), "--format", "json", "-o",
                            os.path.join(tmp, "o.json")], check=True, capture_output=True)
            wall = time.perf_counter() - t
            peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
            out.append((wall, peak))
    return out


def main() -> None:
    print(f"weave on {SAMPLE.relative_to(ROOT)} ({len(list(SAMPLE.iterdir()))} reports), {os.cpu_count()} cores")
    for i, (wall, peak) in enumerate(cold(), 1):
        print(f"cold run {i}: {wall:6.2f} s wall, peak RSS {peak:7.0f} MB")
    proc = subprocess.run([sys.executable, "-c", WARM, str(SAMPLE)], check=True, capture_output=True, text=True)
    w = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"in-process: first {w['first']:.2f} s (model loads included), warm {w['warm']:.2f} s, "
          f"peak RSS {w['rss_mb']:.0f} MB; {w['documents']} documents, {w['stories']} stories")
    print("targets: cold < 15 s, peak < 2048 MB")


if __name__ == "__main__":
    main()
