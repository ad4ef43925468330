"""The narrowed tables give the same measures as the national ones (issue 14).

One small world padded with persons living elsewhere (synthetic.n_elsewhere: rows in every
national table, none reachable by the gemeente's analysis), run to the export's measures
tables with `narrowing: true` (the default), then, in a copy of the finished run, with
`narrowing: false` (the narrow jobs write the national tables unfiltered; ingest and the world
are not redone). The measures tables of the three themes, internal and exported, and the
person-level tables of each theme are byte-identical; the narrowed tables are a fraction of the
national ones.
"""

import hashlib
import shutil

import pandas as pd
import pytest
from worlds import snakemake

from wijkzicht.population.reach import NARROWED, PREVIOUS

pytestmark = pytest.mark.e2e

THEMES = ("kopp", "migratie", "nieuwkomers")
YEARS = [2022, 2023]
MEASURES = [
    *(f"results/internal/measures/{t}.parquet" for t in THEMES),
    *(f"results/export/{t}/measures.csv" for t in THEMES),
]
# the person-level tables of each theme and year (conditions are not among them: without
# narrowing they are evaluated for everybody in the national tables)
PERSONS = [
    *(f"results/internal/base/residents{y}.parquet" for y in YEARS),
    *(f"results/internal/kopp/children{y}.parquet" for y in YEARS),
    *(f"results/internal/migratie/adults{y}.parquet" for y in YEARS),
    "results/internal/migratie/survey2022.parquet",
    "results/internal/migratie/small_area_frame2022.parquet",
    "results/internal/nieuwkomers/newcomers2023.parquet",
    "results/internal/nieuwkomers/residents2023.parquet",
    "results/internal/personas/attributes2023.parquet",
]
N_RESIDENTS, N_ELSEWHERE = 8000, 30000


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    on = tmp_path_factory.mktemp("narrowing")
    overrides = {
        "years": YEARS,
        "survey_waves": [2022],
        "synthetic": {"n_residents": N_RESIDENTS, "seed": 11, "n_elsewhere": N_ELSEWHERE},
        "small_area": {"bootstrap": 10},
    }
    run = snakemake(on, overrides, *MEASURES, *PERSONS)
    assert run.returncode == 0, run.stderr[-5000:]
    off = on.parent / (on.name + "_off")
    shutil.copytree(on, off, symlinks=True)
    run = snakemake(off, {**overrides, "narrowing": False}, *MEASURES, *PERSONS)
    assert run.returncode == 0, run.stderr[-5000:]
    return on, off


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_measures_are_the_same_with_and_without_narrowing(runs):
    on, off = runs
    for rel in MEASURES + PERSONS:
        assert _sha(on / rel) == _sha(off / rel), rel
    kopp = pd.read_csv(on / "results/export/kopp/measures.csv")
    assert (kopp["status"] == "ok").any()  # published measures, not two empty tables
    # the run without narrowing did redo the jobs: its narrowed tables are the national ones
    for rel in ("results/internal/narrowed/2022/reach.parquet", PERSONS[0]):
        assert (off / rel).stat().st_mtime > (on / rel).stat().st_mtime


def _rows(path) -> int:
    return len(pd.read_parquet(path))


def test_the_narrowed_tables_are_a_fraction_of_the_national_ones(runs):
    on, off = runs
    validated = "results/internal/validated"
    persons = _rows(on / validated / "GBAPERSOONTAB.parquet")
    assert persons > N_ELSEWHERE + N_RESIDENTS  # the padding is in the national tables
    for y in YEARS:
        reach = pd.read_parquet(on / f"results/internal/narrowed/{y}/reach.parquet")
        # about the residents of the year, their parents elsewhere and the survey respondents
        assert N_RESIDENTS * 0.9 < len(reach) < N_RESIDENTS * 1.6, len(reach)
        narrowed = national = 0
        for t in NARROWED:
            rel = f"{t}.parquet"
            kept = _rows(on / f"results/internal/narrowed/{y}" / rel)
            whole = _rows(off / f"results/internal/narrowed/{y}" / rel)
            assert kept <= whole, (y, t)
            narrowed, national = narrowed + kept, national + whole
        assert narrowed < national / 2, (y, narrowed, national)
        # the person register: the reach and nothing else
        assert _rows(on / f"results/internal/narrowed/{y}/GBAPERSOONTAB.parquet") <= len(reach)
        assert _rows(off / f"results/internal/narrowed/{y}/GBAPERSOONTAB.parquet") == persons
    # the newcomers' conditions of the year before: year 2022's tables narrowed to 2023's reach
    for t in PREVIOUS:
        kept = _rows(on / f"results/internal/narrowed/2023/previous/{t}.parquet")
        whole = _rows(on / validated / t / f"{t}2022.parquet")
        assert 0 < kept < whole / 2, t
