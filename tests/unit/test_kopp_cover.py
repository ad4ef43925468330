"""A kopp definition of several conditions beside definitions of each of them: at most their
sum in every cell (`themes.kopp.count_bounds`, `CountCover`). An attacker (Z8) found a release
with `ggz_verslaving` (ggz or verslaving) beside `ggz` and `verslaving`: `verslaving` 0 and
`ggz_verslaving` 11 published in a buurt give `ggz` there exactly (between 11 - 0 and 11), and
the wijk's published `ggz` less it left the two primary buurten 8 wide together (true 3 and 5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_disclosure_buurt import geography
from test_disclosure_overlap import nested_table, width

from wijkzicht.definitions.parse import parse_definitions
from wijkzicht.disclosure.control import protect
from wijkzicht.themes.kopp import count_bounds
from wijkzicht.themes.table import CountBound, CountCover

THRESHOLD = 10
NAMES = ("ggz", "verslaving", "ggz_verslaving")
# {buurt: (ggz, verslaving, ggz of verslaving, children)}: without the sum bound, secondary
# suppression leaves a primary count 2 wide here (found by a random search over small tables;
# with it, 17)
BUURTEN = {"BU03440100": (15, 0, 15, 50), "BU03440101": (11, 0, 11, 80),
           "BU03440102": (25, 2, 25, 80), "BU03440103": (25, 15, 40, 80)}  # fmt: skip


def table() -> pd.DataFrame:
    return nested_table(BUURTEN, NAMES)


def attacker_widths(out: pd.DataFrame) -> dict[tuple[str, str], float]:
    """max - min of every suppressed numerator under the attacker's LP, written by hand:
    buurten add up to the wijk per definition; in every area ggz and verslaving at most
    ggz_verslaving, and ggz_verslaving at most their sum."""
    cells = [(r.definition, r.area_code) for r in out.itertuples()]
    hidden = [c for c, s in zip(cells, out["status"], strict=True) if s != "ok"]
    value = {c: float(n) for c, n in zip(cells, out["n_numerator"], strict=True)}
    den = {c: float(n) for c, n in zip(cells, out["n_denominator"], strict=True)}
    col = {c: i for i, c in enumerate(hidden)}

    def term(c):
        row = np.zeros(len(hidden))
        if c in col:
            row[col[c]] = 1.0
            return row, 0.0
        return row, value[c]

    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for d in NAMES:
        lhs, const = term((d, "WK034401"))
        for b in BUURTEN:
            r, k = term((d, b))
            lhs, const = lhs - r, const - k
        a_eq.append(lhs)
        b_eq.append(-const)
    for area in ["WK034401", *BUURTEN]:
        (rg, kg), (rv, kv), (ru, ku) = (term((d, area)) for d in NAMES)
        for (r1, k1), (r2, k2) in (((rg, kg), (ru, ku)), ((rv, kv), (ru, ku))):  # part <= union
            a_ub.append(r1 - r2)
            b_ub.append(k2 - k1)
        a_ub.append(ru - rg - rv)  # union <= ggz + verslaving
        b_ub.append(kg + kv - ku)
    kw = {"A_ub": a_ub, "b_ub": b_ub, "A_eq": a_eq, "b_eq": b_eq, "method": "highs",
          "bounds": [(0, den[c]) for c in hidden]}  # fmt: skip
    return {c: width(np.eye(len(hidden))[i], kw) for i, c in enumerate(hidden)}


def config_with_union() -> dict:
    from worlds import config

    cfg = config()
    defs = cfg["themes"]["kopp"]["definitions"]
    defs["ggz_verslaving"] = {"conditions": ["ggz", "verslaving"]}
    return cfg


def test_a_definition_of_two_conditions_is_at_most_the_sum_of_theirs():
    bounds = set(count_bounds(parse_definitions(config_with_union()).kopp))
    assert CountCover("kopp.aandeel", "ggz_verslaving", ("ggz", "verslaving")) in bounds
    assert CountBound("kopp.aandeel", "ggz", "ggz_verslaving") in bounds
    # breed holds bw_mo too, which no definition of its own holds: no sum bounds it
    assert not any(isinstance(b, CountCover) and b.whole == "breed" for b in bounds)


def test_the_primary_counts_stay_wide_beside_a_definition_of_their_union():
    bounds = count_bounds(parse_definitions(config_with_union()).kopp)
    bounds = [
        b for b in bounds if {getattr(b, "lower", None), getattr(b, "whole", None)} & set(NAMES)
    ]
    geo = geography({"WK034401": list(BUURTEN)})
    safe, _ = protect(table(), THRESHOLD, True, None, geo, bounds=bounds)
    status = {(r.definition, r.area_code): r.status for r in safe.itertuples()}
    primary = [c for c, s in status.items() if s == "suppressed_primary"]
    assert ("verslaving", "BU03440102") in primary  # 2 children
    widths = attacker_widths(safe)
    assert all(widths[c] >= THRESHOLD for c in primary), {c: widths[c] for c in primary}
