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


# -- buurten below the wijken (issue 16) ------------------------------------------------
#
# Buurt rows (totaal only) add up to their wijk's totaal row, which also is the total of
# the wijk's age bands and a component of the gemeente: a suppressed buurt must stay
# hidden through every one of these relations at once.


@st.composite
def buurt_tables(draw):
    """Counts per buurt x age band (numerator <= denominator), the wijk of each buurt, and
    a threshold."""
    n_wijk = draw(st.integers(1, 3))
    wijk_of = [w for w in range(n_wijk) for _ in range(draw(st.integers(1, 3)))]
    n_band = draw(st.integers(2, 3))
    den = draw(arrays(np.int64, (len(wijk_of), n_band), elements=st.integers(0, 30)))
    share = draw(arrays(np.float64, den.shape, elements=st.floats(0, 1)))
    num = np.floor(den * share).astype(np.int64)
    threshold = draw(st.sampled_from([3, 5, 10]))
    return num, den, np.array(wijk_of), threshold


def buurt_measures_table(num, den, wijk_of):
    """Gemeente and wijken by totaal and bands, buurten by totaal only; their relations."""
    n_band = num.shape[1]
    wijken = sorted(set(wijk_of.tolist()))
    rows, cells = [], []
    for level, code, members in [("gemeente", "GM0344", np.arange(len(wijk_of)))] + [
        ("wijk", f"WK0344{w + 1:02d}", np.flatnonzero(wijk_of == w)) for w in wijken
    ]:
        for b in [None, *range(n_band)]:
            cols = slice(None) if b is None else slice(b, b + 1)
            rows.append((level, code, b))
            cells.append((num[members, cols].sum(), den[members, cols].sum()))
    for i, w in enumerate(wijk_of):
        rows.append(("buurt", f"BU0344{w + 1:02d}{i:02d}", None))
        cells.append((num[i].sum(), den[i].sum()))
    at = {(code, b): k for k, (_, code, b) in enumerate(rows)}
    relations = [
        (at["GM0344", b], [at[f"WK0344{w + 1:02d}", b] for w in wijken])
        for b in [None, *range(n_band)]
    ]
    for code in ["GM0344", *[f"WK0344{w + 1:02d}" for w in wijken]]:
        relations.append((at[code, None], [at[code, b] for b in range(n_band)]))
    for w in wijken:
        buurten = [at[f"BU0344{w + 1:02d}{i:02d}", None] for i in np.flatnonzero(wijk_of == w)]
        relations.append((at[f"WK0344{w + 1:02d}", None], buurten))
    df = pd.DataFrame(
        {
            "theme": "kopp",
            "measure": "kopp.aandeel",
            "definition": "ggz",
            "year": 2023,
            "method": "wilson",
            "area_level": [r[0] for r in rows],
            "area_code": [r[1] for r in rows],
            "area_name": [r[1] for r in rows],
            "group": ["totaal" if r[2] is None else "leeftijd" for r in rows],
            "group_value": ["totaal" if r[2] is None else BANDS[r[2]] for r in rows],
            "n_numerator": [c[0] for c in cells],
            "n_denominator": [c[1] for c in cells],
        }
    )
    geo = df[df["area_level"] == "buurt"][["area_code"]].rename(columns={"area_code": "buurt_code"})
    geo["wijk_code"] = "WK" + geo["buurt_code"].str[2:8]
    geo["gemeente_code"] = "GM0344"
    return df, relations, geo


@settings(max_examples=40, deadline=None)
@given(buurt_tables())
def test_buurt_hierarchy_survives_the_audit(drawn):
    """After protect(), no suppressed buurt (or any row) is recoverable, every sensitive count
    of a primary row is at least the threshold wide for the independent attacker, who knows
    the buurt -> wijk -> gemeente and band relations at once."""
    num, den, wijk_of, threshold = drawn
    df, relations, geo = buurt_measures_table(num, den, wijk_of)
    out, audit = protect(df, threshold, True, None, geo)
    status = out["status"].to_numpy()
    assert (status[out["n_denominator"].to_numpy() == 0] == "ok").all()
    counts = out[["n_numerator", "n_denominator"]].to_numpy(float)
    for i in np.flatnonzero(status != "ok"):
        width = {
            name: attacker_width(out, relations, int(i), coefs)
            for name, coefs in QUANTITIES.items()
        }
        assert max(width.values()) > 1e-6, (out.iloc[i].to_dict(), width)
        if status[i] == "suppressed_primary":
            for name, coefs in QUANTITIES.items():
                if 1 <= counts[i] @ np.array(coefs) <= threshold - 1:
                    assert width[name] >= threshold - 1e-6, (name, out.iloc[i].to_dict(), width)
    assert audit["protected"].all()
