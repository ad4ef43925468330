"""Generative tests of disclosure control: random additive tables, then primary and
secondary suppression, then an independent attacker.

Source: measures.md "Disclosure control" and rule 25: after suppression no published
row breaks the primary rule, and every sensitive count of a primary row has an
interval at least `threshold` wide under the LP relaxation, the attacker knowing every
published row, the additive relations, counts >= 0 and numerator <= denominator.

The attacker here is written independently of disclosure/audit.py: one LP over every
cell of the table, published cells fixed by their bounds, relations written from the
way the table was generated rather than read back from its rows.

Issue 15 (suppression that does not pretend): after protect(), no suppressed row can be
computed exactly, empty cells are never suppressed, and the audit reports every
suppressed count, narrow exactly when the independent attacker finds it narrower than
the threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linprog

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.primary import apply_primary, primary_mask
from wijkzicht.disclosure.secondary import apply_secondary

BANDS = ["0-3", "4-11", "12-17", "18+"]


@st.composite
def tables(draw):
    """Counts for wijken x age bands (numerator <= denominator) and a threshold."""
    n_wijk = draw(st.integers(1, 4))
    n_band = draw(st.integers(2, 4))
    den = draw(arrays(np.int64, (n_wijk, n_band), elements=st.integers(0, 40)))
    share = draw(arrays(np.float64, (n_wijk, n_band), elements=st.floats(0, 1)))
    num = np.floor(den * share).astype(np.int64)
    threshold = draw(st.sampled_from([3, 5, 10]))
    return num, den, threshold


def measures_table(num: np.ndarray, den: np.ndarray) -> tuple[pd.DataFrame, list]:
    """The measures rows (gemeente and wijken, totaal and bands) and their relations."""
    n_wijk, n_band = num.shape
    areas = [("gemeente", "GM0344")] + [("wijk", f"WK0344{w + 1:02d}") for w in range(n_wijk)]
    cells = {}  # (area index, band index or None) -> (num, den)
    for a in range(n_wijk + 1):
        sel = slice(None) if a == 0 else slice(a - 1, a)
        for b in [None, *range(n_band)]:
            cols = slice(None) if b is None else slice(b, b + 1)
            cells[a, b] = (num[sel, cols].sum(), den[sel, cols].sum())
    keys = list(cells)
    row = {k: i for i, k in enumerate(keys)}
    relations = [
        (row[0, b], [row[a, b] for a in range(1, n_wijk + 1)]) for b in [None, *range(n_band)]
    ]
    relations += [(row[a, None], [row[a, b] for b in range(n_band)]) for a in range(n_wijk + 1)]
    df = pd.DataFrame(
        {
            "theme": "kopp",
            "measure": "kopp.aandeel",
            "definition": "ggz",
            "year": 2023,
            "method": "wilson",
            "area_level": [areas[a][0] for a, _ in keys],
            "area_code": [areas[a][1] for a, _ in keys],
            "area_name": [areas[a][1] for a, _ in keys],
            "group": ["totaal" if b is None else "leeftijd" for _, b in keys],
            "group_value": ["totaal" if b is None else BANDS[b] for _, b in keys],
            "n_numerator": [cells[k][0] for k in keys],
            "n_denominator": [cells[k][1] for k in keys],
        }
    )
    return df, relations


def attacker_width(df: pd.DataFrame, relations: list, row: int, coefs: tuple) -> float:
    """max - min of coefs . (num, den) of `row`, over every table the published rows allow."""
    values = df[["n_numerator", "n_denominator"]].to_numpy(float)
    n = len(df)
    published = (df["status"] == "ok").to_numpy()
    bounds = []
    for i in range(n):
        for j in range(2):
            bounds.append((values[i, j], values[i, j]) if published[i] else (0, None))
    A_eq, b_eq = [], []
    for total, parts in relations:
        for j in range(2):
            line = np.zeros(2 * n)
            line[2 * total + j] = 1
            for p in parts:
                line[2 * p + j] = -1
            A_eq.append(line)
            b_eq.append(0.0)
    A_ub = np.zeros((n, 2 * n))
    A_ub[np.arange(n), 2 * np.arange(n)] = 1  # numerator
    A_ub[np.arange(n), 2 * np.arange(n) + 1] = -1  # minus denominator <= 0
    c = np.zeros(2 * n)
    c[2 * row : 2 * row + 2] = coefs
    ends = []
    for sign in (1, -1):
        res = linprog(sign * c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=b_eq, bounds=bounds)
        assert res.status in (0, 3), res.message
        ends.append(np.inf if res.status == 3 else sign * res.fun)
    return ends[1] - ends[0]


QUANTITIES = {"n_numerator": (1, 0), "n_denominator": (0, 1), "n_rest": (-1, 1)}


@settings(max_examples=40, deadline=None)
@given(tables())
def test_suppressed_tables_are_safe(drawn):
    num, den, threshold = drawn
    df, relations = measures_table(num, den)
    primary = apply_primary(df, threshold)
    out = apply_secondary(primary, threshold)

    # primary rows stay primary; only published rows become secondary
    was = primary["status"].to_numpy()
    now = out["status"].to_numpy()
    assert (now[was == "suppressed_primary"] == "suppressed_primary").all()
    assert set(now[was == "ok"]) <= {"ok", "suppressed_secondary"}

    # no published row breaks the primary rule
    assert not primary_mask(out[out["status"] == "ok"], threshold).any()

    # every sensitive count of a primary row is protected against the independent attacker
    counts = out[["n_numerator", "n_denominator"]].to_numpy(float)
    for i in np.flatnonzero(now == "suppressed_primary"):
        for name, coefs in QUANTITIES.items():
            value = counts[i] @ np.array(coefs)
            if 1 <= value <= threshold - 1:
                width = attacker_width(out, relations, int(i), coefs)
                assert width >= threshold - 1e-6, (name, out.iloc[i].to_dict(), width)


# -- suppression that does not pretend (issue 15) ---------------------------------------
#
# Zero margins pin counts: a band where nobody has the outcome publishes a city-wide
# numerator of 0, and every wijk's numerator of that band is then known to be 0. A
# partner there protects nothing; a suppressed row the attacker computes exactly only
# pretends to be hidden; an empty cell (0 of 0) is never suppressed.


@st.composite
def pinned_tables(draw):
    """Like `tables`, with bands where nobody has the outcome, wijken where nobody has it,
    and empty cells."""
    num, den, threshold = draw(tables())
    den = den.copy()
    num = num.copy()
    empty = draw(arrays(np.bool_, den.shape, elements=st.booleans()))
    if draw(st.booleans()):
        den[empty] = 0
    band = draw(st.integers(0, den.shape[1] - 1))
    if draw(st.booleans()):
        num[:, band] = 0
    wijk = draw(st.integers(0, den.shape[0] - 1))
    if draw(st.booleans()):
        num[wijk, :] = 0
    return np.minimum(num, den), den, threshold


def geography(df: pd.DataFrame) -> pd.DataFrame:
    wijken = sorted(df.loc[df["area_level"] == "wijk", "area_code"].unique())
    return pd.DataFrame(
        {
            "gemeente_code": "GM0344",
            "wijk_code": wijken,
            "buurt_code": [f"BU{w[2:]}00" for w in wijken],
        }
    )


@settings(max_examples=40, deadline=None)
@given(pinned_tables())
def test_protect_leaves_no_pretending_suppression(drawn):
    num, den, threshold = drawn
    df, relations = measures_table(num, den)
    out, audit = protect(df, threshold, True, None, geography(df))
    status = out["status"].to_numpy()

    # empty cells are never suppressed
    assert (status[out["n_denominator"].to_numpy() == 0] == "ok").all()

    counts = out[["n_numerator", "n_denominator"]].to_numpy(float)
    for i in np.flatnonzero(status != "ok"):
        width = {
            name: attacker_width(out, relations, int(i), coefs)
            for name, coefs in QUANTITIES.items()
        }
        # a suppressed row hides something: the attacker cannot compute it exactly
        assert max(width.values()) > 1e-6, (out.iloc[i].to_dict(), width)
        for name, coefs in QUANTITIES.items():
            value = counts[i] @ np.array(coefs)
            if status[i] == "suppressed_primary" and 1 <= value <= threshold - 1:
                assert width[name] >= threshold - 1e-6, (name, out.iloc[i].to_dict(), width)
            # the audit reports every suppressed count, narrow exactly when it is narrow
            mine = audit[(audit["row"] == out.index[i]) & (audit["quantity"] == name)]
            assert len(mine) == 1
            assert bool(mine["narrow"].iloc[0]) == (width[name] < threshold - 1e-6)
            assert mine["width"].iloc[0] <= width[name] + 1e-6
    assert audit["protected"].all() and not audit["recoverable"].any()
