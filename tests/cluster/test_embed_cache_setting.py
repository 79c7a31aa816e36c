"""The lead-embedding cache folder is settings cluster.embed_cache (issue 13): settings.load fills it from
STORYWEAVE_EMBED_CACHE, and cluster reads it from its group, never from the environment."""
from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing

import numpy as np
import pytest

from storyweave import cluster, resources
from storyweave import settings as config
from storyweave.cluster import features
from storyweave.model import Document
from storyweave.settings import DEFAULTS

pytestmark = [pytest.mark.issue(13)]

LEAD = "Rescuers searched collapsed buildings after a strong earthquake struck the coast on Tuesday."


def _rows(folder) -> int:
    path = folder / "embeddings.sqlite"
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT COUNT(*) FROM emb").fetchone()[0]


def test_the_cache_folder_comes_from_the_group(tmp_path, monkeypatch):
    monkeypatch.setattr(features, "_CACHE", {})  # nothing from earlier tests in this process
    by_env, unset = tmp_path / "env", tmp_path / "unset"
    monkeypatch.setenv("STORYWEAVE_EMBED_CACHE", str(unset))
    features.embed_leads([LEAD], ["a"])  # the defaults: no folder, whatever the environment says
    assert not unset.exists()

    cached = config.load(environ={"STORYWEAVE_EMBED_CACHE": str(by_env)}).cluster
    assert cached.embed_cache == str(by_env)
    monkeypatch.setattr(features, "_CACHE", {})
    first = features.embed_leads([LEAD], ["a"], settings=cached)
    assert _rows(by_env) == 1

    # a later run reads the folder: a vector planted under the lead's key comes back instead of the model's
    planted = np.zeros(features.DIM, np.float32)
    planted[0] = 1.0
    key = hashlib.sha1((resources.embedder_id() + LEAD).encode("utf-8", "surrogatepass")).digest()
    with closing(sqlite3.connect(by_env / "embeddings.sqlite")) as db, db:
        db.execute("UPDATE emb SET v = ? WHERE k = ?", (planted.tobytes(), key))
    monkeypatch.setattr(features, "_CACHE", {})
    again = features.embed_leads([LEAD], ["a"], settings=cached)
    assert np.array_equal(again[0], planted) and not np.array_equal(first[0], planted)

    # compute_features hands its group on; the default group never touches the folder
    monkeypatch.setattr(features, "_CACHE", {})
    doc = Document(id="b", body=LEAD + " " + "Officials said hundreds of homes were damaged. " * 5)
    cluster.compute_features([doc], settings=cached)
    assert _rows(by_env) == 2
    monkeypatch.setattr(features, "_CACHE", {})
    other = Document(id="c", body="A different report about a storm that flooded the valley on Monday. " * 4)
    cluster.compute_features([other], settings=DEFAULTS.cluster)
    assert _rows(by_env) == 2 and not unset.exists()
