"""The `batch` command's argument handling (the engines themselves are tested in test_batch_ray.py)."""
from __future__ import annotations

from typer.testing import CliRunner

from storyweave.cli import app


def test_batch_refuses_stdin_and_unknown_engines(tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["batch", "-", "--out", str(tmp_path / "out"), "--engine", "local"])
    assert result.exit_code == 2 and "standard input" in result.output
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--engine", "spark"])
    assert result.exit_code == 2 and "spark" in result.output
