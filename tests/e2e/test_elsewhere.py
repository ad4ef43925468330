"""The gemeente's measures do not depend on the rest of the country: a tiny world run to the
measures tables without and with 20,000 persons living elsewhere (synthetic.n_elsewhere) gives
byte-identical measures of the three themes, while the national tables, and so the linkage
report's row counts, hold the padding.

Two small workflow runs (3,000 residents, 2022-2023 (newcomers need the year before), to the measures tables and the linkage report,
no disclosure control): the check that nothing the gemeente's analysis reaches links to the
persons living elsewhere, which the narrowed ingest relies on (issue 14), and what makes the
benchmark's national worlds comparable to the gemeente's.
"""

import hashlib

import pandas as pd
import pytest
from worlds import snakemake

pytestmark = pytest.mark.e2e

THEMES = ("kopp", "migratie", "nieuwkomers")
MEASURES = [f"results/internal/measures/{t}.parquet" for t in THEMES]
LINKAGE = ["results/export/linkage/linkage.csv", "results/export/linkage/bronkwaliteit.csv"]
N_ELSEWHERE = 20_000


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for n in (0, N_ELSEWHERE):
        wd = tmp_path_factory.mktemp(f"elsewhere{n}")
        overrides = {
            "years": [2022, 2023],  # newcomers in 2023 need 2022
            "survey_waves": [2022],
            "synthetic": {"n_residents": 3000, "seed": 5, "n_elsewhere": n},
            "small_area": {"bootstrap": 20},
        }
        run = snakemake(wd, overrides, *MEASURES, *LINKAGE)
        assert run.returncode == 0, run.stderr[-5000:]
        out[n] = wd
    return out


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_measures_are_byte_identical_with_persons_living_elsewhere(runs):
    plain, padded = runs[0], runs[N_ELSEWHERE]
    for rel in MEASURES:
        assert (plain / rel).stat().st_size > 0
        assert _sha(plain / rel) == _sha(padded / rel), rel
    kopp = pd.read_parquet(plain / MEASURES[0])
    assert (kopp["denominator"] > 0).any()  # real measures, not two empty tables


def test_the_national_tables_hold_the_padding(runs):
    plain, padded = runs[0], runs[N_ELSEWHERE]
    synth = "results/internal/synthetic"
    p = pd.read_parquet(plain / synth / "GBAPERSOONTAB/GBAPERSOONTAB.parquet")
    q = pd.read_parquet(padded / synth / "GBAPERSOONTAB/GBAPERSOONTAB.parquet")
    assert len(q) == len(p) + N_ELSEWHERE
    for own in ("GEMWMOVOORZIENINGEN/GEMWMOVOORZIENINGEN", "GEZOMONITOR/GEZOMONITOR2022"):
        assert _sha(plain / synth / f"{own}.parquet") == _sha(padded / synth / f"{own}.parquet")


def test_the_linkage_report_counts_national_rows(runs):
    """The linkage and source-quality tables count every row of a national table, so they
    differ: more rows, and lower shares found among the gemeente's residents; the gemeente's own
    registrations and the survey count the same."""
    plain, padded = runs[0], runs[N_ELSEWHERE]
    a = pd.read_csv(plain / LINKAGE[0], dtype=str, keep_default_na=False)
    b = pd.read_csv(padded / LINKAGE[0], dtype=str, keep_default_na=False)
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    rows, source = "n_rows", "source"
    national = a[source].str.startswith(("MEDICIJNTAB", "ZVWZORGKOSTENTAB"))
    assert national.any()
    assert (b.loc[national, rows].astype(int) > a.loc[national, rows].astype(int)).all()
    own = a[source].str.startswith(("GEMWMOVOORZIENINGEN", "GEZOMONITOR"))
    assert own.any()
    pd.testing.assert_frame_equal(a[own], b[own])
