"""Adding a year to a run with an unkeyed registration (data.unkeyed) plans only that year's jobs
and the jobs of every year that must rerun, not every year's (dry runs).

The run before is made without computing anything: its jobs' outputs are written empty and
recorded by Snakemake (`--touch`: the mtime, the inputs, params and code of each job, as after a
real run), on a world written under data.root with one year more than the run (its tables of
that year are on disk before the year is added, as in `make bench BENCH_ARGS=--add-year`). Then
the dry run of the run with that year says which jobs Snakemake would run. Before the linkage
was trained once and linked per year, its one job read the VSLGWBTAB of every configured year:
the new year reran it and, through the linked registration, every year's jobs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from worlds import REFERENCE, REPO

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

YEARS = [2022, 2023]
NEW = 2024
# the rules with one job per year: the new year's only
PER_YEAR = (
    "ingest_year", "ingest_wave", "ingest_wide", "link_unkeyed_year", "narrow", "narrow_first", "base",
    "base_first", "kopp", "migratie", "migratie_wave", "nieuwkomers",
)  # fmt: skip


def _snakemake(wd: Path, years: list[int], *args: str, training: list[int] | None = None) -> str:
    cfg = {
        "years": years,
        "survey_waves": [2022],
        "data": {"root": "data", "unkeyed": ["GEMBUURTTEAM"]},
        "reference": dict(REFERENCE),
        "linkage": {"training_years": training or []},
    }
    (wd / "test.yaml").write_text(yaml.safe_dump(cfg))
    cmd = [
        sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory", str(wd),
        "--cores", "1", "--configfile", str(REPO / "config/config.yaml"), str(wd / "test.yaml"),
        *args,
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    return run.stdout + run.stderr


def _jobs(output: str) -> dict[str, list[list[str]]]:
    """{rule: the output files of each planned job} of a dry run's job list."""
    found: dict[str, list[list[str]]] = {}
    for block in re.split(r"^rule ", output, flags=re.M)[1:]:
        line = re.search(r"^    output: (.*)$", block, re.M)
        outputs = line.group(1).split(", ") if line else []
        found.setdefault(block.split(":", 1)[0], []).append(outputs)
    return found


def _add_year(wd: Path, training: list[int] | None) -> dict[str, list[list[str]]]:
    """The dry run's jobs after NEW is added to a run of YEARS recorded as made."""
    world = generate_world(
        seed=3, n_residents=1500, years=[*YEARS, NEW], survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"),
        unkeyed=["GEMBUURTTEAM"],
    )  # fmt: skip
    write_world(world, wd / "data", "parquet")
    # the run of YEARS, its outputs written empty and recorded as made (no job computes)
    plan = _snakemake(wd, YEARS, "-n", "--forceall", training=training)
    for outputs in _jobs(plan).values():
        for outputs_of_job in outputs:
            for f in outputs_of_job:
                (wd / f).parent.mkdir(parents=True, exist_ok=True)
                (wd / f).touch()
    # what rule train_linkage records of its model: a run's leftovers, never read for the plan
    record = wd / "results/internal/linkage/GEMBUURTTEAM_training.json"
    record.write_text(json.dumps({"table": "GEMBUURTTEAM", "training_years": YEARS}))
    _snakemake(wd, YEARS, "--touch", "--forceall", training=training)
    return _jobs(_snakemake(wd, [*YEARS, NEW], "-n", training=training))


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> dict[str, list[list[str]]]:
    # the model's training years given (linkage.training_years): a new year keeps it
    return _add_year(tmp_path_factory.mktemp("addyear"), YEARS)


def test_a_new_year_plans_only_its_own_per_year_jobs(added):
    for rule in PER_YEAR:
        for outputs in added.get(rule, []):
            assert all(str(NEW) in f for f in outputs), (rule, outputs)
    # the new year's: ingested, linked with the model made before, narrowed, its residents
    # and conditions, each theme (its newcomers need the year before: also from 2023's tables)
    assert len(added["ingest_year"]) == 1
    assert len(added["ingest_wide"]) == 1  # the new year's columns of VSLGWBTAB
    assert len(added["link_unkeyed_year"]) == 1
    for rule in ("narrow", "base", "kopp", "migratie", "nieuwkomers"):
        assert len(added[rule]) == 1, rule
    for rule in ("narrow_first", "base_first", "migratie_wave", "ingest_wave"):
        assert rule not in added, rule


def test_a_new_year_keeps_the_linkage_model(added):
    # trained once: the model reads no year's table but its training years'
    assert "train_linkage" not in added
    assert "ingest_unkeyed" not in added and "ingest" not in added


def test_the_jobs_of_every_year_that_rerun(added):
    multi_year = {
        # the years' links together: read by the input check and the linkage tables
        "link_unkeyed", "inputs_checked", "linkage_counts", "linkage_report",
        "export_measures", "persona_attributes", "manifest", "bundle", "export_gate",
    }  # fmt: skip
    assert multi_year <= set(added)
    assert len(added["link_unkeyed"]) == 1


def test_without_training_years_a_new_year_retrains(tmp_path):
    """Empty, the training years are the configured years, read from the config alone (a rerun
    from a release's manifest trains the same model, whatever an earlier run left behind): a new
    year trains the model again and links every year again."""
    plan = _add_year(tmp_path, None)
    assert len(plan["train_linkage"]) == 1
    assert len(plan["link_unkeyed_year"]) == len(YEARS) + 1
