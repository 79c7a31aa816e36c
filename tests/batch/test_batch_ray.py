"""`run_batch` on a tiny local Ray job: Parquet and report.json are written, and Ray groups exactly as the local
engine does (same documents, same ids, same vectors, same stories)."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pyarrow.parquet as pq
import pytest

from storyweave.batch import Stats, run_batch

# Two short reports of one event in other outlets' styles (written for this test), next to the four seeds.
FERRY_WIRE = """Ferry runs aground off Skye, 40 passengers rescued

PORTREE, Scotland (Reuters) - A passenger ferry ran aground in heavy fog off the Isle of Skye on Monday, and all 40
passengers and six crew were taken off safely by lifeboat crews, the coastguard said.

"Conditions were very poor, with visibility down to a few metres," a coastguard spokesperson said. The operator said
the vessel had been on its regular crossing from Mallaig and that an investigation had begun.
"""
FERRY_LOCAL = """Skye ferry aground: all 46 on board safe

By Morag Campbell

A ferry carrying 40 passengers and six crew ran aground in thick fog near Armadale on the Isle of Skye on Monday
morning. Lifeboats from Mallaig and Kyle brought everyone ashore, HM Coastguard said.

The operator said the ship was on its usual crossing from Mallaig and that it was working with investigators.
"""


@pytest.mark.slow
def test_ray_batch_writes_parquet_and_matches_local_grouping(seeds_dir, tmp_path, ray_runtime) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(seeds_dir, inputs / "apec")
    (inputs / "wire-ferry.txt").write_text(FERRY_WIRE, encoding="utf-8")
    (inputs / "local-ferry.txt").write_text(FERRY_LOCAL, encoding="utf-8")
    (inputs / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")  # rejected, not lost
    args = [str(inputs / "apec"), str(inputs / "wire-ferry.txt"), str(inputs / "local-ferry.txt"),
            str(inputs / "broken.html")]

    local_stats, ray_stats = Stats(engine="local"), Stats(engine="ray")
    local = run_batch(args, tmp_path / "local", engine="local", shard_rows=2, stats=local_stats)
    ray = run_batch(args, tmp_path / "ray", engine="ray", shard_rows=2, stats=ray_stats)

    for out in (tmp_path / "local", tmp_path / "ray"):
        table = pq.read_table(out / "documents")
        assert table.num_rows == 6
        vectors = np.asarray(table.column("embedding").to_pylist(), dtype=np.float32)
        assert vectors.shape == (6, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
        assert all(table.column("annotations_json").to_pylist()) and all(table.column("body").to_pylist())
        report = json.loads((out / "report.json").read_text())
        assert len(report["documents"]) == 6 and report["stories"]
        assert json.loads((out / "stats.json").read_text())["documents"] == 6

    assert ray_stats.shards >= 2 and local_stats.shards >= 2  # the work really was split
    assert [d.id for d in ray.documents] == [d.id for d in local.documents]
    assert [d.body for d in ray.documents] == [d.body for d in local.documents]
    assert [r.source for r in ray.rejected] == [r.source for r in local.rejected] and len(ray.rejected) == 1
    assert [(s.id, s.documents) for s in ray.stories] == [(s.id, s.documents) for s in local.stories]
    # the four summit reports form one story, apart from the ferry reports
    apec = {d.id for d in ray.documents if d.source.startswith(str(inputs / "apec"))}
    assert len(apec) == 4 and apec in [set(s.documents) for s in ray.stories]
    local_vecs = np.asarray(pq.read_table(tmp_path / "local" / "documents").column("embedding").to_pylist())
    ray_vecs = np.asarray(pq.read_table(tmp_path / "ray" / "documents").sort_by("seq").column("embedding").to_pylist())
    assert np.allclose(local_vecs, ray_vecs, atol=2e-3)  # bf16 vectors depend on their batch by up to 1.3e-3
    assert set(ray_stats.stage_seconds) == {"read", "clean", "analyse", "embed", "weave"}  # stories in Ray tasks
