"""Optional rounding of published counts (disclosure/rounding.py).

Sources: measures.md (the measures table, rule 15 for Wilson); rounding to base 5 with
halves up is the usual CBS base rounding for frequency tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_disclosure_audit import measures

from wijkzicht.disclosure.rounding import round_counts, round_to_base
from wijkzicht.statistics.proportions import wilson

TABLE = """
| area     | group  | value  | num | den | status             |
| GM0344   | totaal | totaal | 23  | 147 | ok                 |
| WK034401 | totaal | totaal | 3   | 52  | suppressed_primary |
| WK034402 | totaal | totaal | 20  | 95  | ok                 |
"""


def test_off_by_default():
    df = measures(TABLE)
    pd.testing.assert_frame_equal(round_counts(df), df)
    pd.testing.assert_frame_equal(round_counts(df, 1), df)


def test_halves_up():
    assert round_to_base([0, 2, 2.5, 7.5, 12, 13], 5).tolist() == [0, 0, 5, 10, 10, 15]


def test_counts_rounded_and_wilson_recomputed():
    df = measures(TABLE)
    out = round_counts(df, 5)
    assert out["n_numerator"].tolist() == [25, 3, 20]
    assert out["n_denominator"].tolist() == [145, 52, 95]
    assert out["numerator"].tolist() == [25, 3, 20]
    p, lo, hi, se = wilson([25, 20], [145, 95])
    ok = out["status"] == "ok"
    np.testing.assert_allclose(out.loc[ok, "value"], p)
    np.testing.assert_allclose(out.loc[ok, "ci_lower"], lo)
    np.testing.assert_allclose(out.loc[ok, "ci_upper"], hi)
    np.testing.assert_allclose(out.loc[ok, "se"], se)
    # the suppressed row is left as it is (it is blanked at export)
    pd.testing.assert_series_equal(out.iloc[1], df.iloc[1])


def test_weighted_sums_and_other_methods_keep_their_estimates():
    df = measures(TABLE, method="survey_taylor")
    df["numerator"] = [1234.56, 80.0, 999.0]
    df["value"] = [0.16, 0.06, 0.21]
    out = round_counts(df, 5)
    assert out["n_numerator"].tolist() == [25, 3, 20]  # person counts are rounded
    assert out["numerator"].tolist() == [1234.56, 80.0, 999.0]  # weighted sums are not
    assert out["value"].tolist() == [0.16, 0.06, 0.21]


def test_integer_columns_stay_integer_and_order_is_kept():
    df = measures(TABLE)
    df["n_numerator"] = df["n_numerator"].astype("int64")
    df["n_denominator"] = df["n_denominator"].astype("int64")
    out = round_counts(df, 10)
    assert out["n_numerator"].dtype == np.int64
    assert (out["n_numerator"] <= out["n_denominator"]).all()


# -- weighted survey sums (round_weighted_sums) ------------------------------------------

# three post-stratification weight classes of one wijk (N_c / n_c): a survey row's numerator
# is the sum of the weights of its respondents, here 3 of class A and 2 of class B
WEIGHTS = (37.25, 52.6, 44.1)
MAKE_UP = (3, 2, 0)


def _survey_rows() -> pd.DataFrame:
    num = float(np.dot(MAKE_UP, WEIGHTS))  # 216.95
    rows = measures(
        """
        | area     | group  | value  | num | den  | status     |
        | WK034401 | totaal | totaal | 5   | 40   | ok         |
        | WK034402 | totaal | totaal | 4   | 31   | suppressed_primary |
        | WK034403 | totaal | totaal | 12  | 60   | ok         |
        """
    )
    rows["numerator"] = [num, 170.7, 519.123456]
    rows["denominator"] = [1710.123456, 1288.5, 2466.6666]
    rows["method"] = ["survey_taylor", "survey_taylor", "wilson"]
    return rows


def _make_ups(total: float, n: int, tolerance: float) -> list[tuple[int, ...]]:
    """Every split of n respondents over the weight classes whose sum lies within tolerance."""
    return [
        (a, b, n - a - b)
        for a in range(n + 1)
        for b in range(n + 1 - a)
        if abs(a * WEIGHTS[0] + b * WEIGHTS[1] + (n - a - b) * WEIGHTS[2] - total) <= tolerance
    ]


def test_weighted_sums_no_longer_give_the_weight_classes_away():
    """To ten digits the numerator of 5 respondents has one make-up over the weight classes
    (3 of A, 2 of B); rounded to 10 several make-ups fit it."""
    from wijkzicht.disclosure.rounding import round_weighted_sums

    rows = _survey_rows()
    exact = float(f"{rows['numerator'][0]:.10g}")  # as the export wrote it before
    assert _make_ups(exact, 5, 1e-6) == [MAKE_UP]
    out = round_weighted_sums(rows, 10)
    published = out["numerator"][0]
    assert published == 220.0 and out["denominator"][0] == 1710.0
    assert len(_make_ups(published, 5, 5.0)) >= 3
    # the estimate, interval and se stay those of the unrounded sums
    for c in ("value", "ci_lower", "ci_upper", "se", "n_numerator", "n_denominator"):
        pd.testing.assert_series_equal(out[c], rows[c])


def test_weighted_sums_only_of_published_survey_rows():
    from wijkzicht.disclosure.rounding import round_weighted_sums

    rows = _survey_rows()
    out = round_weighted_sums(rows, 10)
    # a suppressed row (blanked later by the gate) and a register share keep their numbers
    assert out["numerator"][1] == 170.7 and out["numerator"][2] == 519.123456
    assert out["denominator"][2] == 2466.6666
    whole = round_weighted_sums(rows, 0)
    assert whole["numerator"][0] == 217.0 and whole["denominator"][0] == 1710.0
    assert round_weighted_sums(rows, 1)["numerator"][0] == 217.0


def test_weighted_sum_base_must_be_whole():
    import pytest

    from wijkzicht.disclosure.rounding import round_weighted_sums

    for bad in (-1, 2.5):
        with pytest.raises(ValueError, match="whole number"):
            round_weighted_sums(_survey_rows(), bad)


def test_a_release_before_the_rounding_is_not_all_changed():
    """changes.csv against a release that wrote the weighted sums to ten digits: a survey row
    with the same estimate is the same figure; one whose estimate moved is changed; a
    register share whose count moved is changed too."""
    from wijkzicht.disclosure.rounding import round_weighted_sums
    from wijkzicht.release.changes import rows
    from wijkzicht.themes.table import COLUMNS

    before = _survey_rows()
    before = before.assign(
        **{c: before.get(c, "x") for c in COLUMNS if c not in before}, status="ok"
    )[COLUMNS]
    after = round_weighted_sums(before, 10)
    assert rows(before, after).empty
    moved = after.copy()
    moved.loc[1, "value"] += 0.01  # the second survey row's estimate moved
    moved.loc[2, "numerator"] += 1  # the register share's count moved
    got = rows(before, moved)
    assert list(got["area_code"]) == ["WK034402", "WK034403"]
    assert set(got["change"]) == {"changed"}
