"""The standard population of the standardised migratie measures in the workflow, checked on
dry runs (the jobs Snakemake plans, with their inputs): in a GGD region run every gemeente's
migratie job of every year reads the one region standard (rule migratie_standard, once, from the
first year's residents of every gemeente, so no migratie job waits for itself); a single run is
as before: a later year reads the first year's adults, the first year its own, and there is no
migratie_standard job."""

from __future__ import annotations

import pytest
from worlds import REFERENCE, planned_jobs

REGION = ["GM0344", "GM0356"]
YEARS = [2022, 2023]
STANDARD = "results/internal/regio/migratie/standard2022.parquet"


def _dry_run(tmp, overrides: dict) -> dict[str, list[list[str]]]:
    """{rule: the input files of each of its planned jobs} of a dry run."""
    config = {"years": YEARS, "survey_waves": [2022], "reference": dict(REFERENCE), **overrides}
    return {r: [job["input"] for job in jobs] for r, jobs in planned_jobs(tmp, config).items()}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("region"), {"gemeenten": REGION})


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("single"), {"gemeente": "GM0344"})


def test_every_gemeentes_migratie_jobs_read_the_one_region_standard(region):
    for gm in REGION:
        jobs = region[f"{gm}_migratie"] + region[f"{gm}_migratie_wave"]
        assert len(jobs) == len(YEARS), gm
        for inputs in jobs:
            # the region's adults, never the gemeente's own adults of the first year
            assert STANDARD in inputs, (gm, inputs)
            assert not [f for f in inputs if "/migratie/adults" in f], (gm, inputs)
    # made once, from the first year's residents of every gemeente (before any migratie job)
    assert "GM0356_migratie_standard" not in region
    (made,) = region["GM0344_migratie_standard"]
    assert made == [f"results/internal/{gm}/base/residents2022.parquet" for gm in REGION]


def test_a_single_run_keeps_its_own_standard(single):
    assert not [r for r in single if "migratie_standard" in r]
    jobs = single["migratie"] + single["migratie_wave"]
    assert len(jobs) == len(YEARS)
    read = sorted(
        [f for f in inputs if "standard" in f or "/migratie/adults" in f] for inputs in jobs
    )
    # the first year (the wave, 2022) standardises to its own adults; 2023 reads 2022's
    assert read == [[], ["results/internal/migratie/adults2022.parquet"]]
