"""A yearly rerun is cheap: a new year and a changed definition rerun only what depends on them."""

import re

import pytest
from worlds import REPO, snakemake

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

pytestmark = pytest.mark.e2e


def job_counts(output: str) -> dict[str, int]:
    """The 'Job stats' table of a dry run as {rule: count}."""
    stats = output.split("Job stats:", 1)[1] if "Job stats:" in output else ""
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", stats, re.M) if m[1] != "total"}


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    wd = tmp_path_factory.mktemp("rerun")
    tables = generate_world(
        seed=5, n_residents=20000, years=[2021, 2022, 2023, 2024], survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip
    write_world(tables, wd / "data", "parquet")
    base = {"years": [2021, 2022, 2023], "survey_waves": [2022], "data": {"root": str(wd / "data")}}
    run = snakemake(wd, base)
    assert run.returncode == 0, run.stderr[-4000:]
    return wd, base


def test_nothing_changed(done):
    wd, base = done
    run = snakemake(wd, base, "--dry-run")
    assert "Nothing to be done" in run.stdout + run.stderr
    assert job_counts(run.stdout + run.stderr) == {}


def test_one_year_added(done):
    wd, base = done
    run = snakemake(wd, {**base, "years": [2021, 2022, 2023, 2024]}, "--dry-run")
    counts = job_counts(run.stdout + run.stderr)
    per_year = {
        "ingest_year": 6,  # the five per-year tables and VSLGWBTAB, for 2024 only
        "residents": 1, "conditions": 1, "kopp_children": 1, "kopp_measures": 1,
        "nieuwkomers_persons": 1, "nieuwkomers_measures": 1, "migratie_adults": 1, "migratie_measures": 1,
    }  # fmt: skip
    aggregates = {"linkage_report": 1, "combine_measures": 3, "export_measures": 3, "figure": 7,
                  "comparable_wijken": 3, "manifest": 1, "export_gate": 1, "bundle": 1, "workbook": 1,
                  "report": 3, "factsheets": 1, "dashboard": 1, "all": 1}  # fmt: skip
    assert counts == {**per_year, **aggregates}


def test_one_definition_changed(done):
    wd, base = done
    from worlds import config

    defs = dict(config()["themes"]["kopp"]["definitions"])
    defs["breed"] = {"conditions": ["ggz", "psychofarmaca", "verslaving"]}
    run = snakemake(wd, {**base, "themes": {"kopp": {"definitions": defs}}}, "--dry-run")
    counts = job_counts(run.stdout + run.stderr)
    assert counts == {
        "kopp_children": 3, "kopp_measures": 3, "combine_measures": 1, "export_measures": 1,
        "figure": 3, "comparable_wijken": 1, "manifest": 1, "export_gate": 1, "bundle": 1, "workbook": 1,
        "report": 1, "factsheets": 1, "dashboard": 1, "all": 1,
    }  # fmt: skip
