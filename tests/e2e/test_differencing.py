"""An attacker with the export alone: differencing kopp.overlap (measures.md, KOPP 10).

A reviewer recomputed every suppressed combination of the default run from the published
table: the 16 combinations add up to their common denominator (all children), and each
published kopp.aandeel numerator is the sum of the combinations its definition holds. This test
is that attacker, written from the spec and the configured definitions (not from the package's
disclosure code): for every year, an LP over the suppressed combinations' numerators (scipy's
linprog) must leave each primary one at least `threshold` wide, and none exact.
"""

import pandas as pd
import pytest
from scipy.optimize import linprog
from worlds import config

pytestmark = pytest.mark.e2e


def test_no_suppressed_combination_of_kopp_overlap_can_be_recomputed(small_world):
    wd, _ = small_world
    cfg = config()
    threshold = cfg["disclosure"]["threshold"]
    definitions = cfg["themes"]["kopp"]["definitions"]
    df = pd.read_csv(wd / "results/export/kopp/measures.csv", dtype={"year": int})
    internal = pd.read_parquet(wd / "results/internal/disclosure/kopp_status.parquet")["status"]
    assert len(internal) == len(df)  # the same rows in the same order
    df = df[(df["method"] == "wilson") & (df["area_level"] == "gemeente")]
    attacked = 0
    for year, rows in df.groupby("year"):
        ov = rows[rows["measure"] == "kopp.overlap"]
        assert len(ov) == 16
        hidden = list(ov.loc[ov["status"] != "ok", "group_value"])
        if not hidden:
            continue
        shown = ov[ov["status"] == "ok"]
        known = dict(zip(shown["group_value"], shown["n_numerator"], strict=True))
        den = float(shown["n_denominator"].iloc[0])  # every combination's: all children
        equations = [(set(hidden), den - sum(known.values()))]
        aandeel = rows[(rows["measure"] == "kopp.aandeel") & (rows["group"] == "totaal")]
        for name, spec in definitions.items():
            row = aandeel[(aandeel["definition"] == name) & (aandeel["status"] == "ok")]
            conditions = set(spec["conditions"])
            if len(row) and conditions <= set(cfg["themes"]["kopp"]["overlap_conditions"]):
                # a child meets the definition when a parent meets one of its conditions
                union = {v for v in ov["group_value"] if conditions & set(v.split("+"))}
                rest = float(row["n_numerator"].iloc[0]) - sum(known.get(v, 0) for v in union)
                equations.append((union & set(hidden), rest))
        a_eq = [[float(h in vs) for h in hidden] for vs, _ in equations]
        b_eq = [rhs for _, rhs in equations]
        # which are primary: the internal status (the export says `suppressed` for all)
        primary = set(ov.loc[internal.loc[ov.index] == "suppressed_primary", "group_value"])
        for i, h in enumerate(hidden):
            c = [float(j == i) for j in range(len(hidden))]
            lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, den), method="highs")
            hi = linprog([-x for x in c], A_eq=a_eq, b_eq=b_eq, bounds=(0, den), method="highs")
            assert lo.status == 0 and hi.status == 0, (year, h, lo.message, hi.message)
            width = -hi.fun - lo.fun
            assert width > 0, f"{year} {h}: computed exactly from the export"
            if h in primary:
                assert width >= threshold, f"{year} {h}: narrowed to {width}"
            attacked += 1
    assert attacked, "no suppressed combination in any year: the test attacked nothing"
