"""Byte-identical releases: the same world in two directories (the second run from the first
release's manifest, as docs/REVIEWING.md step 2 says), the same world with every input table's
rows shuffled (counts never depend on row order), and with the definitions listed in another
order (disclosure control does not depend on it)."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml
from worlds import REPO, snakemake

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.code import workflow_version
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
    shutil.copytree(tmp / "a" / "data", tmp / "d" / "data")
    write_world(shuffled, tmp / "c" / "data", "parquet")
    for name in ("a", "c"):
        # data root relative to the working directory: no absolute path in the release
        run = snakemake(
            tmp / name, {"years": YEARS, "survey_waves": [2022], "data": {"root": "data"}}
        )
        assert run.returncode == 0, run.stderr[-4000:]
    # b: the configuration the release records, as a reviewer reruns it (REVIEWING step 2);
    # d: the same with the kopp and nieuwkomers definitions listed the other way round
    recorded = json.loads((tmp / "a/results/export/manifest.json").read_text())["config"]
    run = from_config(tmp / "b", recorded)
    assert run.returncode == 0, run.stderr[-4000:]
    for theme in ("kopp", "nieuwkomers"):
        defs = recorded["themes"][theme]["definitions"]
        recorded["themes"][theme]["definitions"] = dict(reversed(list(defs.items())))
    run = from_config(tmp / "d", recorded)
    assert run.returncode == 0, run.stderr[-4000:]
    return tmp


def from_config(workdir, cfg: dict) -> subprocess.CompletedProcess:
    """The workflow in `workdir` with `cfg` as its only configuration (in its own order) and
    the repository's job resources, which a release does not record."""
    resources = yaml.safe_load((REPO / "config/config.yaml").read_text())["resources"]
    (workdir / "my.yaml").write_text(
        yaml.safe_dump({**cfg, "resources": resources}, sort_keys=False, allow_unicode=True)
    )
    cmd = [
        sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory",
        str(workdir), "--configfile", str(workdir / "my.yaml"), "--cores", "2",
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=3600)


def test_two_directories_give_byte_identical_exports(releases):
    a, b = releases / "a/results/export", releases / "b/results/export"
    files = _files(a)
    assert files == _files(b)
    assert {f.suffix for f in files} >= {".csv", ".png", ".svg", ".json"}
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_definitions_in_another_order_give_the_same_tables(releases):
    """The pages list the definitions in the configuration's order; what is published does not
    depend on it (U6: 148 nieuwkomers rows of the default world changed status)."""
    a, d = releases / "a/results/export", releases / "d/results/export"
    for theme in ("kopp", "migratie", "nieuwkomers"):
        assert (a / theme / "measures.csv").read_bytes() == (
            d / theme / "measures.csv"
        ).read_bytes()
    recorded = json.loads((d / "manifest.json").read_text())
    assert list(recorded["config"]["themes"]["kopp"]["definitions"])[0] == "breed"  # as given
    # the code that made it: the workflow's own files too (U6)
    assert recorded["code"]["workflow_sha256"] == workflow_version(REPO)
    assert isinstance(recorded["code"]["uncommitted"], list)


def test_shuffled_inputs_give_identical_results(releases):
    a, c = releases / "a/results/export", releases / "c/results/export"
    for f in _files(a):
        if f.name != "manifest.json":  # it records the (shuffled) input hashes
            assert (a / f).read_bytes() == (c / f).read_bytes(), f
    for theme in ("kopp", "migratie", "nieuwkomers"):
        ia = pd.read_parquet(a.parent / f"internal/measures/{theme}.parquet")
        ic = pd.read_parquet(c.parent / f"internal/measures/{theme}.parquet")
        pd.testing.assert_frame_equal(ia, ic)
