"""Wall time and peak memory of `storyweave weave` on the bundled sample, cold and warm; the embedder's speed.

    .venv/bin/python bench/speed.py [--embedder [--sentences 2000] [--threads]]

cold: a fresh process (imports, model loads, the whole job), as a user runs it.
warm: the same job again inside one process whose models are already loaded (library use, the web app).
--embedder: sentences per CPU-second of resources.embed in each precision (fp32, bf16 where the CPU has it), on
real sentences of the Multi-News sample (../shared, read from there), each precision in a fresh process, and how
far bf16 moves the vectors from fp32 (cosine of each vector to its fp32 one; pairwise similarities of 20,000
random pairs). --embedder --threads: instead, texts per CPU-second and per second of one-text calls and of batches
of 64 (as a story's weaving calls the embedder: many small calls) under each OpenMP wait policy (ACTIVE: idle threads
spin, as torch's runtime does when OMP_WAIT_POLICY is unset; PASSIVE: they sleep, resources' default), each in a
fresh process, alternated twice. Prints figures for the README; asserts nothing.
"""
from __future__ import annotations

import argparse
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
MULTINEWS = ROOT.parent / "shared" / "data" / "multinews-sample" / "clustering.jsonl"

EMBED = """
import json, os, re, resource, sys, time
import numpy as np
from storyweave import resources
texts, seen = [], set()
with open(sys.argv[1], encoding="utf-8") as src:
    for line in src:
        for s in re.split(r"(?<=[.!?])\\s+", json.loads(line)["text"]):
            s = " ".join(s.split())
            if len(s.split()) >= 6 and s not in seen:
                seen.add(s)
                texts.append(s)
        if len(texts) >= int(sys.argv[2]):
            break
texts = texts[:int(sys.argv[2])]
resources.embed(["Warm up the embedder."])
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
t, c = time.perf_counter(), cpu()
vecs = resources.embed(texts)
wall, used = time.perf_counter() - t, cpu() - c
np.save(sys.argv[3], vecs)
print(json.dumps({"precision": resources.embed_precision(), "id": resources.embedder_id(), "n": len(texts),
                  "wall_s": wall, "cpu_s": used}))
"""

CALLS = """
import json, os, re, resource, sys, time
from storyweave import resources
texts = []
with open(sys.argv[1], encoding="utf-8") as src:
    for line in src:
        texts += [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\\s+", json.loads(line)["text"])
                  if len(s.split()) >= 6]
        if len(texts) >= 400:
            break
resources.embed(["Warm up the embedder."])
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
out = {"policy": os.environ.get("OMP_WAIT_POLICY")}
for size, n in ((1, 48), (64, 320)):
    t, c = time.perf_counter(), cpu()
    for i in range(0, n, size):
        resources._encode(texts[i:i + size], 64)
    out[str(size)] = [n / (cpu() - c), n / (time.perf_counter() - t)]
print(json.dumps(out))
"""

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


def embedder(sentences: int) -> None:
    """Each precision in a fresh process (nothing cached), on the same sentences."""
    import numpy as np

    if not MULTINEWS.exists():
        raise SystemExit(f"bench/speed.py: {MULTINEWS} not found")
    print(f"resources.embed on {sentences} Multi-News sentences, {os.cpu_count()} cores")
    vecs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for precision in ("fp32", "bf16"):
            out = os.path.join(tmp, f"{precision}.npy")
            proc = subprocess.run([sys.executable, "-c", EMBED, str(MULTINEWS), str(sentences), out], check=True,
                                  capture_output=True, text=True, env={**os.environ,
                                                                       "STORYWEAVE_EMBED_PRECISION": precision})
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{precision} (ran as {r['precision']}): {r['n'] / r['cpu_s']:6.1f} sentences per CPU-s, "
                  f"{r['n'] / r['wall_s']:6.1f} per s wall  [{r['id']}]")
            if r["precision"] == precision:
                vecs[precision] = np.load(out)
    if len(vecs) == 2:
        a, b = vecs["fp32"], vecs["bf16"]
        cos = (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
        pairs = np.random.default_rng(0).integers(0, len(a), (20_000, 2))
        diff = np.abs((a[pairs[:, 0]] * a[pairs[:, 1]]).sum(1) - (b[pairs[:, 0]] * b[pairs[:, 1]]).sum(1))
        print(f"bf16 vs fp32: cosine to the fp32 vector min {cos.min():.5f} mean {cos.mean():.5f}; pairwise "
              f"similarity moved by mean {diff.mean():.4f}, max {diff.max():.4f}")


def wait_policies(rounds: int = 2) -> None:
    """One-text calls and batches of 64 under each OpenMP wait policy, alternated in fresh processes."""
    if not MULTINEWS.exists():
        raise SystemExit(f"bench/speed.py: {MULTINEWS} not found")
    print(f"resources._encode on Multi-News sentences, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for _ in range(rounds):
        for policy in ("ACTIVE", "PASSIVE"):
            proc = subprocess.run([sys.executable, "-c", CALLS, str(MULTINEWS)], check=True, capture_output=True,
                                  text=True, env={**os.environ, "OMP_WAIT_POLICY": policy})
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"OMP_WAIT_POLICY={policy:<7} one text per call {r['1'][0]:6.1f} per CPU-s {r['1'][1]:6.1f} per s; "
                  f"64 per call {r['64'][0]:6.1f} per CPU-s {r['64'][1]:6.1f} per s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embedder", action="store_true", help="the embedder's speed in each precision instead")
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--threads", action="store_true", help="with --embedder: OpenMP wait policies compared")
    args = ap.parse_args()
    if args.embedder and args.threads:
        wait_policies()
        return
    if args.embedder:
        embedder(args.sentences)
        return
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
