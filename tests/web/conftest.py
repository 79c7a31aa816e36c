"""Fixtures for the web app: a store filled with the hand-built report of webdata.py, an app, a live server."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web.webdata import ARTIFACTS, TOKEN, sample_report


def open_test_store(path: Path):
    """The real store (storyweave.store) on a fresh SQLite file."""
    from storyweave.store import open_store

    return open_store(str(path))


@pytest.fixture
def store(tmp_path: Path):
    s = open_test_store(tmp_path / "stories.sqlite")
    s.save(sample_report())
    yield s
    s.close()


@pytest.fixture
def app(store):
    from storyweave.web import create_app

    return create_app(store, token=TOKEN)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


# ---------------------------------------------------------------- a real server for the browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
