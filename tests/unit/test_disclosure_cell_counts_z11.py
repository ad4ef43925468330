"""A standardised share or odds ratio beside the crude share of its cell (Z11).

migratie.ggz publishes per cell a crude share (wilson) and a standardised one
(direct_std_gamma); the standardised one leaves the adults of unknown sex out
(docs/rules.md#m3), and so do the odds ratios of migratie.or_ggz. Both rows published their
own n_numerator and n_denominator: the difference is the cell of adults of unknown sex (in
the default world 1,505 such cells broke the primary rule, e.g. 7 of 59 migrants of unknown
sex in GGZ care in 2019). Now such a row carries its cell's crude counts
(`disclosure.cell_counts`), and the export gate refuses a table where the difference breaks
the primary rule.

The attacker here is written from the rule, not from the code: subtract the two published
rows' counts and apply the primary rule to the difference.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_disclosure_buurt import geography

from wijkzicht.disclosure.cell_counts import crude_cell_counts, differences_given_away
from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.statistics.proportions import wilson
from wijkzicht.themes.table import finalise

THRESHOLD = 10
WIJKEN = ("WK034401", "WK034402", "WK034403")
GEO = geography({w: [f"BU0344{w[-4:]}01"] for w in WIJKEN})

# per wijk: (crude numerator, crude denominator, adults of unknown sex, of whom in care)
CELLS = {"WK034401": (40, 400, 3, 1), "WK034402": (55, 500, 0, 0), "WK034403": (61, 450, 5, 2)}


def table(cells=CELLS, or_rows: bool = True) -> pd.DataFrame:
    """migratie.ggz (wilson, direct_std_gamma) for the gemeente and its wijken, group totaal,
    and the odds-ratio row of the gemeente for one herkomst group with its crude row."""
    rows = []
    tot = tuple(map(sum, zip(*cells.values(), strict=True)))
    for code, (x, n, u, ux) in {"GM0344": tot, **cells}.items():
        level = "gemeente" if code.startswith("GM") else "wijk"
        base = {"theme": "migratie", "measure": "migratie.ggz", "definition": "ggz",
                "year": 2023, "area_level": level, "area_code": code, "area_name": code,
                "group": "totaal", "group_value": "totaal"}  # fmt: skip
        for method, (a, b) in (("wilson", (x, n)), ("direct_std_gamma", (x - ux, n - u))):
            p, lo, hi, se = wilson(np.array([a]), np.array([b]))  # any estimate will do
            rows.append({**base, "method": method, "numerator": float(a),
                         "denominator": float(b), "n_numerator": a, "n_denominator": b,
                         "value": p[0], "ci_lower": lo[0], "ci_upper": hi[0], "se": se[0]})  # fmt: skip
    if or_rows:
        base = {"theme": "migratie", "definition": "ggz", "year": 2023, "area_level":
                "gemeente", "area_code": "GM0344", "area_name": "GM0344", "group":
                "herkomst", "group_value": "Marokko"}  # fmt: skip
        rows.append({**base, "measure": "migratie.ggz", "method": "wilson", "numerator": 120.0,
                     "denominator": 1200.0, "n_numerator": 120, "n_denominator": 1200,
                     "value": 0.1, "ci_lower": 0.08, "ci_upper": 0.12, "se": 0.01})  # fmt: skip
        # the model's adults of known sex: 4 of unknown sex, 3 of them in care
        rows.append({**base, "measure": "migratie.or_ggz", "method": "logit_glm",
                     "numerator": 117.0, "denominator": 1196.0, "n_numerator": 117,
                     "n_denominator": 1196, "value": 0.9, "ci_lower": 0.8, "ci_upper": 1.0,
                     "se": 0.05})  # fmt: skip
    return finalise(pd.DataFrame(rows))


def attack(published: pd.DataFrame) -> list[tuple[str, str, float, float]]:
    """The independent attacker: every published standardised or model row beside the
    published crude row of its cell (same definition, year, area, group); the difference of
    their counts, where it breaks the primary rule."""
    ok = published[published["status"] == "ok"]
    key = ["definition", "year", "area_code", "group", "group_value"]
    crude = ok[ok["method"] == "wilson"].set_index(key)
    found = []
    for _, r in ok[ok["method"].isin(["direct_std_gamma", "logit_glm"])].iterrows():
        c = crude.loc[tuple(r[key])]
        num = float(c["n_numerator"]) - float(r["n_numerator"])
        den = float(c["n_denominator"]) - float(r["n_denominator"])
        if any(1 <= q < THRESHOLD for q in (num, den, den - num)):
            found.append((r["area_code"], r["method"], num, den))
    return found


def test_the_unknown_sex_cell_is_not_given_away(tmp_path):
    out, _ = protect(table(), THRESHOLD, True, None, GEO)
    path = tmp_path / "migratie" / "measures.csv"
    path.parent.mkdir()
    write_measures_csv(out, path)
    published = read_measures_csv(path)
    # the old code published WK034401's 3 adults of unknown sex (1 in care), WK034403's
    # 5 (2), the gemeente's 8 (3) and the model's 4 (3)
    assert attack(published) == []
    # every row is published, and a standardised row carries its cell's crude counts
    assert (published["status"] == "ok").all()
    std = published[published["method"] == "direct_std_gamma"].set_index("area_code")
    assert std.loc["WK034401", ["n_numerator", "n_denominator"]].tolist() == [40, 400]
    assert std.loc["GM0344", ["numerator", "denominator"]].tolist() == [156, 1350]
    model = published[published["method"] == "logit_glm"].iloc[0]
    assert [model["n_numerator"], model["n_denominator"]] == [120, 1200]
    # the estimates stay those of the adults of known sex
    before = table().set_index(["area_code", "group_value", "method"])["value"]
    after = published.set_index(["area_code", "group_value", "method"])["value"]
    assert after.sort_index().to_numpy() == pytest.approx(before.sort_index().to_numpy())
    assert check_export(tmp_path, THRESHOLD) == []


def test_the_gate_refuses_a_table_that_publishes_the_difference(tmp_path):
    t = table().assign(status="ok")
    path = tmp_path / "migratie" / "measures.csv"
    path.parent.mkdir()
    write_measures_csv(t, path)
    problems = check_export(tmp_path, THRESHOLD)
    # WK034401 (1 of 3), WK034403 (2 of 5), the gemeente (3 of 8) and the model row (3 of 4);
    # WK034402 has nobody of unknown sex
    assert len(problems) == 4
    assert {p.line for p in problems} == {
        i + 2 for i, r in t.iterrows()
        if r["method"] != "wilson" and r["area_code"] != "WK034402"
    }  # fmt: skip
    assert "1 of 3" in " ".join(p.message for p in problems)
    assert len(differences_given_away(t, THRESHOLD)) == len(attack(t)) == 4


def test_a_previous_release_with_the_own_counts_keeps_the_rows_published():
    # a release made before: the standardised rows with their own counts, all published;
    # this release must neither hide them as revised (a difference of 1 to 9) nor differ
    old = table().assign(status="ok")
    out, _ = protect(table(), THRESHOLD, True, None, GEO, published_before=old)
    assert (out["status"] == "ok").all()
    assert attack(out) == []


def test_crude_rows_of_two_measures_that_disagree_are_an_error():
    t = table()
    extra = t[(t["measure"] == "migratie.ggz") & (t["group"] == "herkomst")
              & (t["method"] == "wilson")].assign(measure="migratie.ggz_breed", n_numerator=130)  # fmt: skip
    with pytest.raises(ValueError, match="several measures"):
        crude_cell_counts(pd.concat([t, extra], ignore_index=True))


def test_a_row_without_a_crude_row_keeps_its_counts():
    t = table()
    sex = t[t["method"] == "logit_glm"].assign(group="geslacht", group_value="vrouw")
    got = crude_cell_counts(pd.concat([t, sex], ignore_index=True))
    assert got.iloc[-1][["n_numerator", "n_denominator"]].tolist() == [117, 1196]
