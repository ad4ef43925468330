"""The primary rule (disclosure/primary.py).

Source: measures.md "Disclosure control": a row is suppressed when n_numerator,
n_denominator or n_denominator - n_numerator lies between 1 and threshold-1; a
numerator of 0 may be published; rule 25: only the n_ columns are read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from worlds import table

from wijkzicht.disclosure.primary import apply_primary, primary_mask

CASES = table("""
| n_numerator | n_denominator | numerator | status             | primary | primary_no_zeros |
| 0           | 0             | 0         | ok                 | no      | no               |
| 0           | 25            | 0         | ok                 | no      | yes              |
| 25          | 25            | 25        | ok                 | no      | yes              |
| 1           | 25            | 1         | ok                 | yes     | yes              |
| 9           | 25            | 9         | ok                 | yes     | yes              |
| 10          | 25            | 10        | ok                 | no      | no               |
| 16          | 25            | 16        | ok                 | yes     | yes              |
| 15          | 25            | 15        | ok                 | no      | no               |
| 10          | 9             | 10        | ok                 | yes     | yes              |
| 12          | 40            | 2.5       | ok                 | no      | no               |
|             |               |           | ok                 | no      | no               |
| 20          | 40            | 20        | suppressed_primary | yes     | yes              |
""")


def frame() -> pd.DataFrame:
    df = CASES[["n_numerator", "n_denominator", "numerator", "status"]].copy()
    for c in ("n_numerator", "n_denominator", "numerator"):
        df[c] = pd.to_numeric(df[c]).astype(float)
    return df


def test_the_rule_reads_the_unweighted_counts_only():
    df = frame()
    expected = (CASES["primary"] == "yes").tolist()
    expected[-1] = False  # suppressed earlier, by hand: 20 of 40 does not break the rule
    assert primary_mask(df, 10).tolist() == expected


def test_apply_primary_keeps_earlier_suppressions():
    out = apply_primary(frame(), 10)
    expected = np.where(CASES["primary"] == "yes", "suppressed_primary", "ok")
    assert out["status"].tolist() == expected.tolist()


def test_zeros_and_everyone_can_be_withheld():
    out = apply_primary(frame(), 10, publish_zeros=False)
    expected = np.where(CASES["primary_no_zeros"] == "yes", "suppressed_primary", "ok")
    assert out["status"].tolist() == expected.tolist()


def test_status_is_added_when_missing():
    out = apply_primary(frame().drop(columns="status"), 10)
    assert out["status"].value_counts().to_dict() == {"ok": 8, "suppressed_primary": 4}
