"""Faults survived: a run killed with SIGKILL at three points of the DAG, then rerun with the same
command (`python -m wijkzicht.pipeline.run`, what `make run` calls), gives byte-identical
outputs to an uninterrupted run, without any Snakemake flag from the user."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from worlds import REFERENCE, REPO

pytestmark = pytest.mark.e2e

OVERRIDES = {
    "years": [2022, 2023],
    "survey_waves": [2022],
    "synthetic": {"n_residents": 30000, "seed": 3, "format": "parquet"},
    "reference": dict(REFERENCE),
}
# a job of each stage: its log file appears when the job starts
POINTS = {
    "ingest": "results/internal/logs/ingest",
    "disclosure": "results/internal/logs/export",
    "pages": "results/internal/logs/pages",
}


def command(wd: Path) -> list[str]:
    (wd / "test.yaml").write_text(yaml.safe_dump(OVERRIDES))
    return [
        sys.executable, "-m", "wijkzicht.pipeline.run", "-s", str(REPO / "Snakefile"),
        "--directory", str(wd), "--configfile", str(REPO / "config/config.yaml"), str(wd / "test.yaml"),
        "--cores", "2",
    ]  # fmt: skip


def run(wd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command(wd), capture_output=True, text=True, timeout=3600)


def export_files(wd: Path) -> dict[str, bytes]:
    root = wd / "results" / "export"
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    wd = tmp_path_factory.mktemp("clean")
    done = run(wd)
    assert done.returncode == 0, done.stderr[-4000:]
    return export_files(wd)


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_run_reruns_to_the_same_outputs(point, clean, tmp_path):
    wd = tmp_path / "run"
    wd.mkdir()
    proc = subprocess.Popen(
        command(wd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    marker = wd / POINTS[point]
    for _ in range(9000):  # polls for at most about 15 minutes
        if marker.is_dir() and any(marker.rglob("*.log")):
            break
        assert proc.poll() is None, f"the run ended before reaching {point}"
        time.sleep(0.1)
    else:
        pytest.fail(f"the run did not reach {point}")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # the killed run left Snakemake's lock and the job it was writing behind
    assert any((wd / ".snakemake" / "locks").iterdir())
    again = run(wd)
    assert again.returncode == 0, again.stderr[-4000:]
    assert export_files(wd) == clean
