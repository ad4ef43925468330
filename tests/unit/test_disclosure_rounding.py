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
