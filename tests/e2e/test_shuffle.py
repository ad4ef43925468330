"""Counts do not depend on the row order of any input table (issue: themes, exactness)."""

import numpy as np
import pandas as pd
import pytest
from test_workflow import snakemake
from worlds import REPO

from wijkzicht.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

pytestmark = pytest.mark.e2e
YEARS = [2021, 2022, 2023]


def test_shuffled_inputs_give_identical_exports(tmp_path):
    tables = generate_world(
        seed=11, n_residents=2500, years=YEARS, survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    rng = np.random.default_rng(5)
    shuffled = {k: v.iloc[rng.permutation(len(v))].reset_index(drop=True) for k, v in tables.items()}
    exports = []
    for name, world in (("a", tables), ("b", shuffled)):
        wd = tmp_path / name
        write_world(world, wd / "data", "parquet")
        run = snakemake(wd, {"years": YEARS, "survey_waves": [2022],
                             "data": {"root": str(wd / "data"), "format": "parquet"}})  # fmt: skip
        assert run.returncode == 0, run.stderr[-4000:]
        exports.append(wd / "results/export")
    a, b = exports
    files = sorted(p.relative_to(a) for p in a.rglob("*.csv"))
    assert len(files) >= 7
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
    for theme in ("kopp", "migratie", "nieuwkomers"):
        ia = pd.read_parquet(a.parent / f"internal/measures/{theme}.parquet")
        ib = pd.read_parquet(b.parent / f"internal/measures/{theme}.parquet")
        pd.testing.assert_frame_equal(ia, ib)
