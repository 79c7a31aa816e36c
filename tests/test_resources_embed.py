"""The sentence embedder (issue 14): each text encoded once per process, vectors given by a store taken as they
are, float16-exact output, and the bf16 path (where the CPU has it) within a hair of fp32 (real MiniLM)."""
from __future__ import annotations

import numpy as np
import pytest

from storyweave import resources

TEXTS = ["The president met the prime minister in Lima on Friday.",
         "Officials said 12 people were hurt when the bridge collapsed.",
         "A court in Paris ordered the company to pay damages to the workers."]


@pytest.mark.issue(14)
def test_each_text_is_encoded_once_and_remembered_vectors_are_not_encoded(encoded: list[str]) -> None:
    first = resources.embed(TEXTS + TEXTS[:1])
    assert first.shape == (4, resources.EMBED_DIM) and first.dtype == np.float32
    assert encoded == TEXTS, "a repeated text is encoded once"
    assert np.array_equal(first, first.astype(np.float16).astype(np.float32)), "float16-exact, as the store keeps"
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=2e-3)
    resources.embed(TEXTS[1:])
    assert encoded == TEXTS, "cached within the process"
    given = np.eye(2, resources.EMBED_DIM, dtype=np.float32)
    resources.remember(["stored one", "stored two"], given)
    assert np.array_equal(resources.embed(["stored two", "stored one"]), given[::-1])
    assert encoded == TEXTS
    with pytest.raises(ValueError):
        resources.remember(["x"], np.zeros((1, 768), np.float32))
    with pytest.raises(ValueError):
        resources.remember(["x", "y"], np.zeros((1, resources.EMBED_DIM), np.float32))


@pytest.mark.issue(14)
def test_the_cache_keeps_its_newest_half_when_full(encoded: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "EMBED_CACHE_SIZE", 4)
    resources.remember([f"t{i}" for i in range(4)], np.zeros((4, resources.EMBED_DIM), np.float32))
    resources.remember(["t4"], np.ones((1, resources.EMBED_DIM), np.float32))
    assert "t4" in resources._embed_cache and "t3" in resources._embed_cache and "t0" not in resources._embed_cache
    assert len(resources._embed_cache) <= 4


@pytest.mark.issue(14)
def test_precision_is_in_the_embedder_id_and_bf16_stays_near_fp32(monkeypatch: pytest.MonkeyPatch,
                                                                  encoded: list[str]) -> None:
    ids = {}
    vecs = {}
    for precision in ("fp32", "bf16"):
        monkeypatch.setenv(resources.PRECISION_ENV, precision)
        resources.embed_precision.cache_clear()
        resources._embed_cache.clear()
        ids[precision] = resources.embedder_id()
        vecs[precision] = resources.embed(TEXTS)
    resources.embed_precision.cache_clear()
    assert ids["fp32"].split(":")[2] == "fp32" and ids["fp32"].endswith(f":{resources.EMBED_DIM}:f16")
    if ids["bf16"].split(":")[2] != "bf16":
        pytest.skip("this CPU has no native bfloat16: bf16 falls back to fp32")
    assert ids["bf16"] != ids["fp32"], "vectors of the two precisions are never mixed in a store"
    cos = (vecs["fp32"] * vecs["bf16"]).sum(axis=1)
    assert cos.min() > 0.999
    sims = {p: v @ v.T for p, v in vecs.items()}
    assert np.abs(sims["fp32"] - sims["bf16"]).max() < 0.01


_WAIT_POLICY = """
import os, sys
import storyweave.pipeline  # how every command starts: resources comes in before any model library
assert "torch" not in sys.modules, "torch loaded before resources could set its OpenMP default"
from storyweave import resources
print(os.environ.get("OMP_WAIT_POLICY"))
"""


@pytest.mark.issue(14)
@pytest.mark.parametrize("given,expected", [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_openmp_threads_sleep_when_idle_unless_the_user_says_otherwise(given: str | None, expected: str) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if given:
        env["OMP_WAIT_POLICY"] = given
    out = subprocess.run([sys.executable, "-c", _WAIT_POLICY], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == expected
