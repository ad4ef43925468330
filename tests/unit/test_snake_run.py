"""A job's imported modules are frozen out of the garbage collector's walks (pipeline.snake.run)."""

import gc
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from wijkzicht import db
from wijkzicht.pipeline.snake import run
from wijkzicht.statistics.area_difference import holm


@pytest.fixture(autouse=True)
def _unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()
    db.job_resources(None, None, None)


def _job(tmp_path: Path) -> SimpleNamespace:
    return SimpleNamespace(log=[str(tmp_path / "job.log")], threads=1, resources={})


def test_what_was_made_before_main_is_frozen(tmp_path):
    before = len(gc.get_objects())
    seen = {}

    def main(snakemake, log):
        seen["frozen"] = gc.get_freeze_count()
        seen["walked"] = len(gc.get_objects())  # what a full collection walks

    run(_job(tmp_path), main)
    assert seen["frozen"] >= 0.9 * before
    assert seen["walked"] < 0.1 * before
    assert gc.get_freeze_count() == 0  # unfrozen after the job


def test_holm_in_a_job_gives_the_same_values(tmp_path):
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    seen = {}
    run(_job(tmp_path), lambda s, log: seen.update(p=holm([0.01, 0.04, np.nan, 0.03, 0.005])))
    np.testing.assert_allclose(seen["p"], [0.03, 0.06, np.nan, 0.06, 0.02])


def test_every_job_gets_one_blas_thread():
    # the small-area model's first fit gave other last bits on two OpenBLAS threads than on
    # one (P2), so the same inputs gave other bytes on a machine with more cores
    from worlds import REPO

    from wijkzicht.pipeline.snake import pin_blas_threads

    env = {"OPENBLAS_NUM_THREADS": "8", "PATH": "/bin"}
    pin_blas_threads(env)
    assert env == {"OPENBLAS_NUM_THREADS": "1", "PATH": "/bin"}
    # the workflow sets it before any job starts (the jobs inherit Snakemake's environment)
    common = (REPO / "workflow/rules/common.smk").read_text(encoding="utf-8")
    assert "\npin_blas_threads()\n" in common
