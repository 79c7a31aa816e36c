"""A real PostgreSQL server for the store tests: Debian's postgresql package, initdb/pg_ctl run as the `postgres`
user in a temporary folder, listening on a free port on 127.0.0.1. Missing: skip locally, fail in CI."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

from storyweave.store import open_store
from tests.conftest import skip_or_fail


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + args
    return args


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        skip_or_fail("PostgreSQL server not installed (apt-get install postgresql; tools/system-deps.sh)")
    bindir = Path(bins[-1]).parent
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        skip_or_fail("runuser missing: cannot run initdb as the postgres user")
    tmp = Path(tempfile.mkdtemp(prefix="storyweave-pg-"))
    data = tmp / "data"
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    port = _free_port()
    try:
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                     "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(tmp / "log"), "-w", "-o",
                                     f"-p {port} -h 127.0.0.1 -k {tmp} -F", "start"]), check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        skip_or_fail(f"could not start PostgreSQL: {exc}")
    try:
        for _ in range(50):
            r = subprocess.run(_as_postgres([str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U",
                                             "postgres", "-c", "CREATE DATABASE storyweave_test"]),
                               capture_output=True)
            if r.returncode == 0:
                break
            time.sleep(0.2)
        yield f"postgresql://postgres@127.0.0.1:{port}/storyweave_test"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """An empty store, on SQLite and on the real PostgreSQL server."""
    if request.param == "sqlite":
        st = open_store(tmp_path / "stories.sqlite")
    else:
        url = request.getfixturevalue("postgres_url")
        st = open_store(url)
        from sqlalchemy import text

        with st.engine.begin() as conn:  # a clean slate per test
            conn.execute(text("DELETE FROM documents"))
            conn.execute(text("DELETE FROM stories"))
    yield st
    st.close()
