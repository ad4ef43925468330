"""The small synthetic world that the end-to-end tests share: one workflow run per session."""

import pytest
from worlds import snakemake


@pytest.fixture(scope="session")
def small_world(tmp_path_factory):
    wd = tmp_path_factory.mktemp("e2e")
    overrides = {
        "years": [2022, 2023],
        "survey_waves": [2022],
        # large enough that few cells are suppressed: disclosure control of tiny worlds is slow
        "synthetic": {"n_residents": 80000, "seed": 7, "format": "csv"},
        # few bootstrap replicates for the model estimates per buurt: fast, rough intervals
        "small_area": {"bootstrap": 40},
    }
    run = snakemake(wd, overrides)
    assert run.returncode == 0, run.stderr[-5000:]
    return wd, overrides
