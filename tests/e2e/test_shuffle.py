"""Byte-identical releases: the same world in two directories, and the same world with every
input table's rows shuffled (counts never depend on row order)."""

import shutil

import numpy as np
import pandas as pd
import pytest
from worlds import REPO, snakemake

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

pytestmark = pytest.mark.e2e
YEARS = [2021, 2022, 2023]


def _files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("determinism")
    tables = generate_world(
        seed=11, n_residents=20000, years=YEARS, survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    rng = np.random.default_rng(5)
    shuffled = {
        k: v.iloc[rng.permutation(len(v))].reset_index(drop=True) for k, v in tables.items()
    }
    write_world(tables, tmp / "a" / "data", "parquet")
    shutil.copytree(tmp / "a" / "data", tmp / "b" / "data")
    write_world(shuffled, tmp / "c" / "data", "parquet")
    for name in ("a", "b", "c"):
        # data root relative to the working directory: no absolute path in the release
        run = snakemake(
            tmp / name, {"years": YEARS, "survey_waves": [2022], "data": {"root": "data"}}
        )
        assert run.returncode == 0, run.stderr[-4000:]
    return tmp


def test_two_directories_give_byte_identical_exports(releases):
    a, b = releases / "a/results/export", releases / "b/results/export"
    files = _files(a)
    assert files == _files(b)
    assert {f.suffix for f in files} >= {".csv", ".png", ".svg", ".json"}
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_shuffled_inputs_give_identical_results(releases):
    a, c = releases / "a/results/export", releases / "c/results/export"
    for f in _files(a):
        if f.name != "manifest.json":  # it records the (shuffled) input hashes
            assert (a / f).read_bytes() == (c / f).read_bytes(), f
    for theme in ("kopp", "migratie", "nieuwkomers"):
        ia = pd.read_parquet(a.parent / f"internal/measures/{theme}.parquet")
        ic = pd.read_parquet(c.parent / f"internal/measures/{theme}.parquet")
        pd.testing.assert_frame_equal(ia, ic)
