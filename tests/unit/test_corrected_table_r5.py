"""A corrected per-year table (a new delivery of MEDICIJNTAB of one year) plans that year's jobs,
the jobs of the year after it that read it, and what puts the years together; not the linkage
model, not any year's links, not the jobs of the years before it (dry runs).

The run before is made without computing anything, as in test_add_year_dag_l2: its jobs'
outputs are written empty and recorded by Snakemake (`--touch`). Before ingest_wide, the job of
a year (ingest_year) wrote that year's columns of VSLGWBTAB too; a corrected MEDICIJNTAB of
that year rewrote them, and train_linkage reads those of its training years: the model, every
year's links and every year's jobs were planned (U10 finding 5: 53 of 60 jobs)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_add_year_dag_l2 import _jobs
from test_add_year_dag_l2 import _snakemake as add_year_snakemake
from worlds import REPO

from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.ingest_jobs import national_tables, wide_tables, year_tables
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.config import input_files
from wijkzicht.synth import generate_world, write_world

YEARS = [2022, 2023]
WAVES = [2022]
UNKEYED = ["GEMBUURTTEAM"]


def _snakemake(wd: Path, *args: str) -> str:
    """A Snakemake run of the two years, the model trained on both (both years' VSLGWBTAB are
    its inputs): test_add_year_dag_l2's."""
    return add_year_snakemake(wd, YEARS, *args, training=YEARS)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> dict[str, list[list[str]]]:
    """The dry run's jobs after MEDICIJNTAB2023 is delivered again, of a run recorded as made."""
    wd = tmp_path_factory.mktemp("corrected")
    world = generate_world(
        seed=3, n_residents=1500, years=YEARS, survey_waves=WAVES,
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), unkeyed=UNKEYED,
    )  # fmt: skip
    write_world(world, wd / "data", "parquet")
    plan = _snakemake(wd, "-n", "--forceall")
    for outputs in _jobs(plan).values():
        for outputs_of_job in outputs:
            for f in outputs_of_job:
                (wd / f).parent.mkdir(parents=True, exist_ok=True)
                (wd / f).touch()
    _snakemake(wd, "--touch", "--forceall")
    # the corrected delivery: other bytes (Snakemake passes over a newer file of the same
    # bytes up to 1 MB), the same rows in another order
    path = wd / "data/MEDICIJNTAB/MEDICIJNTAB2023.parquet"
    pd.read_parquet(path).iloc[::-1].to_parquet(path, index=False)
    return _jobs(_snakemake(wd, "-n"))


def test_a_corrected_table_reruns_its_years_ingest_alone(corrected):
    (job,) = corrected["ingest_year"]
    assert job and all("2023" in f for f in job), job
    for rule in ("ingest", "ingest_wave", "ingest_wide", "ingest_unkeyed"):
        assert rule not in corrected, rule


def test_a_corrected_table_keeps_the_model_and_the_links(corrected):
    for rule in ("train_linkage", "link_unkeyed_year", "link_unkeyed"):
        assert rule not in corrected, rule


def test_a_corrected_table_of_the_last_year_plans_that_years_jobs_only(corrected):
    # 2023 is the last year: no later year reads its tables; 2022's jobs (the first year's
    # rules, the survey wave's) stay as they are
    for rule in ("narrow", "base", "kopp", "migratie", "nieuwkomers"):
        assert len(corrected[rule]) == 1, rule
        assert all("2023" in f for f in corrected[rule][0]), (rule, corrected[rule])
    for rule in ("narrow_first", "base_first", "migratie_wave"):
        assert rule not in corrected, rule


@pytest.mark.parametrize(
    ("years", "waves", "unkeyed"),
    [([2019, 2020, 2021, 2022, 2023], [2020, 2022], ["GEMBUURTTEAM"]), ([2022], [2022], [])],
)
def test_each_year_of_a_wide_table_is_a_job_of_its_own(years, waves, unkeyed):
    # the jobs of the workflow: national, the per-year tables of each year, each year of a wide
    # table, each unkeyed registration; every file read exactly once
    expected: dict[tuple, int] = {}
    for t, y in input_files({"years": years, "survey_waves": waves}):
        for key in [(t, x) for x in years] if TABLES[t].wide_years else [(t, y)]:
            expected[key] = expected.get(key, 0) + 1
    jobs = [[(t, None) for t in national_tables(unkeyed)]]
    jobs += [[(t, y) for t in year_tables(wave=y in waves, wide=False)] for y in years]
    jobs += [[(t, y)] for t in wide_tables() for y in years]
    jobs += [[(t, None)] for t in unkeyed]
    found: dict[tuple, int] = {}
    for job in jobs:
        for key in job:
            found[key] = found.get(key, 0) + 1
    assert found == expected
    # no year's job holds a wide table: a new file of another table of the year leaves it
    assert wide_tables() == ["VSLGWBTAB"]
    for y in years:
        assert not set(year_tables(wave=y in waves, wide=False)) & set(wide_tables())
