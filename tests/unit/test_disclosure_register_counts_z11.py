"""A count without a denominator count under the primary rule (Z11).

`kerncijfers/inwoners.csv` publishes the register's residents per wijk (n_numerator) beside
Kerncijfers' inhabitants, with n_denominator empty. The primary rule computed n_numerator as
1 x n_numerator + 0 x n_denominator, which is NaN for an empty n_denominator: a wijk of 5
residents (an industrial wijk, as many gemeenten have) was published, and the export gate
passed it. Now each quantity reads only its own counts, and `control.protect_counts` gives
such a table partners as well (the gemeente minus the other wijken gave a lone suppressed
wijk back).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import protect_counts
from wijkzicht.disclosure.export import write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.primary import apply_primary, sensitive
from wijkzicht.themes.aggregates import inhabitants_check

THRESHOLD = 10
WIJKEN = ("WK034401", "WK034402", "WK034403", "WK034404")
GEO = geography({w: [f"BU0344{w[-4:]}01"] for w in WIJKEN})
RESIDENTS = {"GM0344": 2505, "WK034401": 1200, "WK034402": 800, "WK034403": 500, "WK034404": 5}


def inhabitants() -> pd.DataFrame:
    codes = list(RESIDENTS)
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * 4,
                        "area_code": codes, "n_residents": list(RESIDENTS.values())})  # fmt: skip
    return inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)


def attacker_interval(published: pd.DataFrame, code: str) -> tuple[float, float]:
    """Written from the contract: wijken add up to the gemeente; hidden counts are >= 0."""
    hidden = list(published.loc[published["status"] != "ok", "area_code"])
    shown = published[published["status"] == "ok"].set_index("area_code")["n_numerator"]
    # gemeente - sum(wijken) = 0 over the hidden ones: sign * x = - known part
    sign = np.array([1.0 if h.startswith("GM") else -1.0 for h in hidden])
    known = sum(float(v) * (1.0 if c.startswith("GM") else -1.0) for c, v in shown.items())
    c = np.array([1.0 if h == code else 0.0 for h in hidden])
    ends = []
    for s in (1, -1):
        res = linprog(s * c, A_eq=sign[None, :], b_eq=[-known], bounds=(0, None), method="highs")
        ends.append(s * res.fun if res.status == 0 else np.inf * s * -1)
    return ends[0], ends[1]


def test_a_count_without_its_partner_count_is_judged():
    flags = sensitive(
        np.array([[5.0, np.nan], [np.nan, 7.0], [50.0, np.nan], [np.nan, np.nan]]), THRESHOLD
    )
    # n_numerator 5 (no denominator): its numerator breaks the rule; n_denominator 7 alone too
    assert flags.tolist() == [[True, False, False], [False, True, False],
                              [False, False, False], [False, False, False]]  # fmt: skip
    out = apply_primary(inhabitants(), THRESHOLD, publish_zeros=True)
    assert (
        dict(zip(out["area_code"], out["status"], strict=True))["WK034404"] == "suppressed_primary"
    )


def test_the_gate_refuses_a_published_wijk_of_five_residents(tmp_path):
    path = tmp_path / "kerncijfers" / "inwoners.csv"
    path.parent.mkdir()
    write_measures_csv(inhabitants().assign(status="ok"), path)
    problems = check_export(tmp_path, THRESHOLD)
    assert len(problems) == 1 and "n_numerator=5" in problems[0].message


def test_protect_counts_leaves_the_small_wijk_an_interval_at_least_the_threshold_wide():
    # the primary rule alone: the gemeente minus the three other wijken gives 5 back
    alone = apply_primary(inhabitants(), THRESHOLD, publish_zeros=True)
    assert attacker_interval(alone, "WK034404") == (5.0, 5.0)
    out, audit = protect_counts(inhabitants(), THRESHOLD, True, GEO)
    status = dict(zip(out["area_code"], out["status"], strict=True))
    assert status["WK034404"] == "suppressed_primary"
    assert sum(s != "ok" for s in status.values()) >= 2
    lo, hi = attacker_interval(out, "WK034404")
    assert hi - lo >= THRESHOLD
    assert audit["protected"].all()
    # the numbers are those of the table (no denominator count made up)
    assert out["n_denominator"].isna().all()
    assert out["n_numerator"].tolist() == list(RESIDENTS.values())
