"""The workflow's start-up checks (configuration, definitions, the previous release) run the
package of the checkout whose Snakefile runs, as its jobs do (`expose_package`): not another
checkout's that the environment imports first (an editable install of a second clone, a
PYTHONPATH left set), which would check a release with other code than made it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_start_up_imports_this_checkouts_package(tmp_path):
    other = tmp_path / "other" / "wijkzicht"
    (other / "pipeline").mkdir(parents=True)
    (other / "__init__.py").write_text("")
    (other / "pipeline" / "__init__.py").write_text("")
    (other / "pipeline" / "config.py").write_text(
        "raise ImportError('the start-up imported another checkout of wijkzicht')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "other")}
    done = subprocess.run(
        [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "-d", str(REPO),
         "-n", "--quiet", "rules", "--list-rules"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert "another checkout" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert "export_gate" in done.stdout
