"""The benchmark's baseline (bench/baseline.sql, plain DuckDB SQL written from the definitions)
counts what wijkzicht counts: every numerator and denominator of the headline measures of the
three themes, per wijk, gemeente and year, on the session's small world. An independent check
of the counts, and the reason the ratios of `make bench` compare like with like."""

import sys

import pandas as pd
import pytest
from worlds import REPO

sys.path.insert(0, str(REPO / "bench"))
import baseline  # noqa: E402

pytestmark = pytest.mark.e2e


def test_the_baseline_counts_equal_wijkzicht(small_world):
    wd, overrides = small_world
    years = overrides["years"]
    counts = baseline.run(wd / "results/internal/synthetic", years, "GM0344")
    ours = {
        t: pd.read_parquet(wd / f"results/internal/measures/{t}.parquet")
        for t in ("kopp", "migratie", "nieuwkomers")
    }
    # every measure, definition and year of the baseline is there, for the gemeente and 10 wijken
    per = counts.groupby(["measure", "definition", "year"])["area_code"].nunique()
    assert len(per) == 2 * (4 + 2) + 4 and (per == 11).all(), per
    assert (counts["denominator"] > 0).all() and (counts["numerator"] > 0).any()
    differ = baseline.compare(counts, ours)
    assert differ.empty, differ.head(20).to_string()


def test_the_comparison_can_fail(small_world):
    wd, overrides = small_world
    counts = baseline.run(wd / "results/internal/synthetic", overrides["years"], "GM0344")
    ours = {"kopp": pd.read_parquet(wd / "results/internal/measures/kopp.parquet")}
    kopp = counts[counts["theme"] == "kopp"].copy()
    kopp.loc[kopp.index[0], "numerator"] += 1
    assert len(baseline.compare(kopp, ours)) == 1
