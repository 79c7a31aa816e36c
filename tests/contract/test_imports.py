"""The command line starts fast: importing it must not import the heavy model libraries."""
from __future__ import annotations

import subprocess
import sys


def test_cli_import_does_not_load_models():
    code = ("import sys, storyweave.cli; heavy = [m for m in ('torch', 'spacy', 'sentence_transformers', 'transformers') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
