"""One local Ray runtime for every Ray test of the session (issue 13: each test started and stopped its own, 25-32 s
apiece). `run_batch` joins a runtime that is already up and leaves it running, as it does for a user's cluster."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ray_runtime():
    from storyweave.batch import _start_ray

    ray, started = _start_ray(None, 2)
    yield ray
    if started:
        ray.shutdown()
