"""`disclosure.publish_zeros: false` and the counts of kerncijfers/inwoners.csv (A4).

Disclosure control reads the register's residents as shares of 1 (n_denominator =
n_numerator: `control.protect_counts`, `residents.protect_with_residents`), so that the
wijken add up to the gemeente in the LP. Judged as shares, every count's rest (n_denominator
- n_numerator) is 0, "everybody", which `publish_zeros: false` withholds: every row of
inwoners.csv was primary, 1,500 residents as much as 3. A zero that may not be published is a
count of 0; a count is judged on itself (`primary.sensitive`'s `count_rows`, `count_mask`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import protect_counts
from wijkzicht.disclosure.export import write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.primary import apply_primary, sensitive
from wijkzicht.disclosure.residents import protect_with_residents
from wijkzicht.themes.aggregates import inhabitants_check

THRESHOLD = 10
WIJKEN = ("WK034401", "WK034402", "WK034403", "WK034404")
GEO = geography({w: [f"BU0344{w[-4:]}01"] for w in WIJKEN})


def inhabitants(by_wijk: dict[str, int]) -> pd.DataFrame:
    n = {"GM0344": sum(by_wijk.values()), **by_wijk}
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * len(by_wijk),
                        "area_code": list(n), "n_residents": list(n.values())})  # fmt: skip
    return inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)


LARGE = dict(zip(WIJKEN, (1280, 966, 781, 300), strict=True))


def test_without_zeros_the_residents_are_not_all_primary():
    inw = inhabitants(LARGE)
    _, out, audit = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, False, None, GEO)
    assert (out["status"] == "ok").all(), out["status"].tolist()
    alone, _ = protect_counts(inw, THRESHOLD, False, GEO)
    assert (alone["status"] == "ok").all(), alone["status"].tolist()


def test_a_count_is_judged_on_itself():
    from wijkzicht.disclosure.primary import count_mask

    # (count, count) as disclosure control reads a count; a share with the same counts is
    # "everybody" and stays withheld without zeros
    counts = np.array([[1500, 1500], [5, 5], [0, 0], [30, 30]], dtype=float)
    rows = np.array([True, True, True, False])
    flags = sensitive(counts, THRESHOLD, publish_zeros=False, count_rows=rows)
    assert flags.tolist() == [
        [False, False, False],
        [True, True, False],
        [True, True, False],  # a count of 0 (its n_denominator the same count)
        [False, False, True],  # a share of 30 out of 30: everybody
    ]
    with_zeros = sensitive(counts, THRESHOLD, publish_zeros=True, count_rows=rows)
    assert with_zeros.any(axis=1).tolist() == [False, True, False, False]
    # a count exported without n_denominator is a count too
    alone = sensitive(np.array([[0, np.nan], [12, np.nan]]), THRESHOLD, publish_zeros=False)
    assert alone.any(axis=1).tolist() == [True, False]
    inw = inhabitants({**LARGE, "WK034404": 0})
    assert count_mask(inw).all()
    primary = apply_primary(inw, THRESHOLD, publish_zeros=False)
    assert primary["status"].tolist() == ["ok"] * 4 + ["suppressed_primary"]


def test_the_gate_withholds_a_published_count_of_zero_without_zeros(tmp_path):
    inw = inhabitants({**LARGE, "WK034404": 0})
    (tmp_path / "kerncijfers").mkdir()
    write_measures_csv(inw, tmp_path / "kerncijfers" / "inwoners.csv")
    assert check_export(tmp_path, THRESHOLD, publish_zeros=True) == []
    problems = check_export(tmp_path, THRESHOLD, publish_zeros=False)
    assert [(p.line, "n_numerator=0" in p.message) for p in problems] == [(6, True)]
