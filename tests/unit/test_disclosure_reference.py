"""The counts a ratio row's value and se give back (disclosure.primary.reference_counts).

nieuwkomers.concentratie publishes the newcomers' counts (x1 of n1 with the marker) and the
Katz ratio (x1/n1) / (x0/n0) with the se of its log, sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0): from
these an attacker solves the residents' x0 and n0 (measures.md, precise rule 24). A
reviewer found them in every published row (the smallest 38 on its worlds); nothing judged
them. Now a reference row of (x0, n0) sits beside each ratio row in disclosure control, and
the export gate computes them too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.primary import reference_counts
from wijkzicht.statistics.proportions import wilson
from wijkzicht.statistics.ratios import ratio_katz
from wijkzicht.themes.table import finalise

THRESHOLD = 10
GEO = geography({"WK034401": ["BU03440101"], "WK034402": ["BU03440201"],
                 "WK034403": ["BU03440301"]})  # fmt: skip


def test_reference_counts_are_what_value_and_se_give_back():
    # hand values: 12 of 80 newcomers, 4 of 300 residents; 30 of 400 and 600 of 5000
    x1, n1, x0, n0 = np.array([12, 30, 0, 5]), np.array([80, 400, 50, 50]), np.array([4, 600, 9, 7]), np.array([300, 5000, 90, 7])  # fmt: skip
    r, _, _, se = ratio_katz(x1, n1, x0, n0)
    assert r[0] == pytest.approx((12 / 80) / (4 / 300)) and se[0] == pytest.approx(
        np.sqrt(1 / 12 - 1 / 80 + 1 / 4 - 1 / 300)
    )
    df = pd.DataFrame({"method": "ratio_katz", "n_numerator": x1, "n_denominator": n1,
                       "value": np.round(r, 10), "se": np.round(se, 10)})  # fmt: skip
    got = reference_counts(df)
    assert got[:2].tolist() == [[4, 300], [600, 5000]]
    # no se (no newcomer with the marker) or everybody with it (se^2 = 1/x1 - 1/n1): nothing
    assert np.isnan(got[2:]).all()
    # other methods imply nothing
    assert np.isnan(reference_counts(df.assign(method="wilson"))).all()


def newcomers(residents: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """nieuwkomers.aandeel and .concentratie (ggz, totaal) of the gemeente and three wijken:
    each wijk 20 of 100 newcomers with ggz; `residents` wijk -> (with ggz, all residents)."""
    rows = []
    gm = tuple(map(sum, zip(*residents.values(), strict=True)))
    for code, (x0, n0) in {"GM0344": gm, **residents}.items():
        x1, n1 = (60, 300) if code == "GM0344" else (20, 100)
        level = "gemeente" if code.startswith("GM") else "wijk"
        base = {"theme": "nieuwkomers", "definition": "ggz", "year": 2023, "area_level": level,
                "area_code": code, "area_name": code, "group": "totaal", "group_value": "totaal",
                "n_numerator": x1, "n_denominator": n1, "numerator": float(x1),
                "denominator": float(n1)}  # fmt: skip
        p, lo, hi, se = wilson(np.array([x1]), np.array([n1]))
        rows.append({**base, "measure": "nieuwkomers.aandeel", "method": "wilson",
                     "value": p[0], "ci_lower": lo[0], "ci_upper": hi[0], "se": se[0]})  # fmt: skip
        r, lo, hi, se = ratio_katz(x1, n1, x0, n0)
        rows.append({**base, "measure": "nieuwkomers.concentratie", "method": "ratio_katz",
                     "value": float(r), "ci_lower": float(lo), "ci_upper": float(hi), "se": float(se)})  # fmt: skip
    return finalise(pd.DataFrame(rows))


def implied(out: pd.DataFrame) -> dict[str, tuple[float, float]]:
    rows = out[(out["method"] == "ratio_katz") & (out["status"] == "ok")]
    ref = reference_counts(rows)
    return dict(zip(rows["area_code"], map(tuple, ref), strict=True))


def test_a_wijk_with_few_residents_with_the_marker_is_suppressed_with_a_partner():
    # WK034402: 4 of its 250 residents have ggz; its concentratie row gave the 4 back
    residents = {"WK034401": (60, 900), "WK034402": (4, 250), "WK034403": (45, 700)}
    out, audit = protect(newcomers(residents), THRESHOLD, True, None, GEO)
    status = dict(zip(out["measure"] + "/" + out["area_code"], out["status"], strict=True))
    assert status["nieuwkomers.concentratie/WK034402"] == "suppressed_primary"
    # the newcomers' own counts are fine: the share among newcomers stays published
    assert status["nieuwkomers.aandeel/WK034402"] == "ok"
    # no published ratio gives a residents' count below the threshold back ...
    shown = implied(out)
    assert all(not (1 <= x0 < THRESHOLD or 1 <= n0 - x0 < THRESHOLD) for x0, n0 in shown.values())
    # ... nor the gemeente minus the published wijken: the hidden wijken hold >= 10 together
    hidden = [c for c in residents if f"{c}" not in shown]
    assert len(hidden) >= 2 and sum(residents[c][0] for c in hidden) >= THRESHOLD, shown
    # the audit names the reference counts as residuals, the rows by their own labels
    assert audit["residual"].astype(str).str.contains("reference counts").any()
    assert set(audit["row"].dropna()) <= set(out.index)
    assert list(out.index) == list(newcomers(residents).index)


def test_a_table_without_statuses_gets_them_for_its_rows_and_reference_rows():
    residents = {"WK034401": (60, 900), "WK034402": (4, 250), "WK034403": (45, 700)}
    df = newcomers(residents).drop(columns="status")
    out, _ = protect(df, THRESHOLD, True, None, GEO)
    rows = out[out["measure"] == "nieuwkomers.concentratie"].set_index("area_code")
    assert rows.loc["WK034402", "status"] == "suppressed_primary"
    assert out["status"].notna().all()


def test_the_gate_refuses_a_ratio_that_gives_a_small_reference_count_back(tmp_path):
    df = newcomers({"WK034401": (60, 900), "WK034402": (4, 250), "WK034403": (45, 700)})
    write_measures_csv(df.assign(status="ok"), tmp_path / "nieuwkomers" / "measures.csv")
    problems = [str(p) for p in check_export(tmp_path, THRESHOLD)]
    assert len(problems) == 1, problems
    assert "reference group's counts back (4 of 250)" in problems[0]
    assert "WK034402" in problems[0]
