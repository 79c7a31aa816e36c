"""Fixtures for the fetcher's tests: a local HTTP server (fetchserver.Server) and a fast test policy."""
from __future__ import annotations

from typing import Callable, Iterator

import pytest
from fetch.fetchserver import Server

from storyweave.fetch import Policy


@pytest.fixture
def make_server() -> Iterator[Callable[[], Server]]:
    servers: list[Server] = []

    def make() -> Server:
        s = Server().start()
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.stop()


@pytest.fixture
def server(make_server: Callable[[], Server]) -> Server:
    return make_server()


@pytest.fixture
def policy() -> Policy:
    """Fast settings for tests: short timeouts, tiny backoff, no rate-limit wait, no proxies from the environment."""
    return Policy(connect_timeout=1.0, read_timeout=0.5, total_timeout=3.0, retries=2, backoff=0.01,
                  max_backoff=0.05, host_interval=0.0, max_bytes=50_000, trust_env=False)
