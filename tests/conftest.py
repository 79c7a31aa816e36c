"""Shared fixtures: paths to the seeds and shared data, and the real models loaded once per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyweave import resources

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "apec-2024"
MULTINEWS = SHARED / "data" / "multinews-sample"

# In CI (.ci/run sets this) tests that need a service (PostgreSQL, Chromium) must run, not skip.
REQUIRE_SERVICES = os.environ.get("STORYWEAVE_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip locally when a service is missing; fail in CI, where .ci/run must make it available."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def gold() -> dict:
    import json

    return json.loads((ROOT / "tests" / "golden" / "seed-story.json").read_text())


@pytest.fixture(scope="session")
def multinews_dir() -> Path:
    if not (MULTINEWS / "clustering.jsonl").exists():
        pytest.skip("../shared/data/multinews-sample is not present")
    return MULTINEWS


@pytest.fixture(scope="session")
def nlp():
    from storyweave import resources

    return resources.nlp()


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the model itself encodes (cache hits left out), in order; the process cache starts empty, as
    in a fresh `storyweave add`."""
    seen: list[str] = []
    real = resources._encode

    def counting(texts, batch_size):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return real(texts, batch_size)

    monkeypatch.setattr(resources, "_encode", counting)
    monkeypatch.setattr(resources, "_embed_cache", {})
    return seen
