"""Suppression that does not pretend (disclosure/secondary.py, disclosure/audit.py).

Source: issue 15, item 4. On a hidden world six secondary cells were recoverable
exactly: for newcomers by origin the partner chosen for a small `buiten_gemeente` cell
was the `onbekend` cell, whose numerator a published city-wide 0 fixes at 0 in every
wijk (the wijk numerators are >= 0 and add up to 0), so suppressing it protects
nothing. The rules (module docstring of disclosure.secondary):

- a cell pinned by published margins is never chosen as a partner for a count it
  cannot move; a cell with any pinned count only when no other cell will do;
- a secondary cell the attacker computes exactly is published instead (never a
  primary one);
- the audit attacks every count of every suppressed row, primary and secondary;
- an empty cell (0 persons) is `ok` with empty numbers, never suppressed.

The tables are wijken x origin (binnen_gemeente, buiten_gemeente, onbekend) with the
gemeente row and the wijk totals as margins, each cell written numerator/denominator.
The patterns the heuristic chose before these rules are quoted in the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_disclosure_audit import measures
from worlds import table

from wijkzicht.disclosure.audit import AdditiveTable, Target, audit_measures
from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.primary import apply_primary, primary_mask
from wijkzicht.disclosure.rounding import round_counts
from wijkzicht.disclosure.secondary import apply_secondary, secondary_suppression

ORIGINS = ["binnen_gemeente", "buiten_gemeente", "onbekend"]


def origin_table(text: str, definition: str = "ggz") -> pd.DataFrame:
    """nieuwkomers.aandeel by origin from rows `| wijk | binnen | buiten | onbekend |` of
    num/den cells; the gemeente row and every totaal are the sums."""
    cells = table(text).set_index("wijk")
    counts = {
        w: np.array([[int(x) for x in cells.at[w, o].split("/")] for o in ORIGINS])
        for w in cells.index
    }
    counts = {"GM0344": sum(counts.values()), **counts}
    rows = []
    for area, c in counts.items():
        rows.append((area, "totaal", "totaal", *c.sum(axis=0)))
        rows += [(area, "origin", o, *c[i]) for i, o in enumerate(ORIGINS)]
    frame = pd.DataFrame(rows, columns=["area", "group", "value", "num", "den"])
    return measures(
        frame, theme="nieuwkomers", measure="nieuwkomers.aandeel", definition=definition
    )


def hidden(out: pd.DataFrame) -> list[list[str]]:
    rows = out[out["status"] != "ok"]
    return rows[["area_code", "group_value", "status"]].values.tolist()


def no_pretending(out: pd.DataFrame, threshold: int = 10) -> pd.DataFrame:
    """The exact audit of every suppressed count: none narrower than the threshold, no
    suppressed row recoverable, and no published row breaking the primary rule."""
    audit = audit_measures(out, threshold, exact=True)
    assert audit["exact"].all()
    assert not audit["narrow"].any(), audit[audit["narrow"]]
    assert (audit["width"] >= threshold).all()
    assert not audit["recoverable"].any() and audit["protected"].all()
    assert not primary_mask(out[out["status"] == "ok"], threshold).any()
    return audit


# -- newcomers by origin, the city-wide onbekend numerator 0 -----------------------------

NEWCOMERS = """
| wijk     | binnen_gemeente | buiten_gemeente | onbekend |
| WK034401 | 18/34           | 1/36            | 0/14     |
| WK034402 | 29/57           | 5/13            | 0/22     |
| WK034403 | 19/51           | 26/57           | 0/13     |
| WK034404 | 11/26           | 17/53           | 0/16     |
"""


def test_newcomers_by_origin_never_take_the_pinned_onbekend_cells():
    # 1 of 36 and 5 of 13 newcomers from outside the gemeente have the outcome: both
    # primary. Nobody of unknown origin has it (GM0344 onbekend: 0 of 65, published),
    # so every wijk's onbekend numerator is known to be 0, and an onbekend partner
    # cannot move the buiten numerator it should hide. The old heuristic took WK034403
    # onbekend and then the gemeente's onbekend row itself (9 secondary rows: GM0344
    # buiten and onbekend, WK034401 totaal and binnen, WK034402 totaal, WK034403 binnen
    # and onbekend, WK034404 binnen and buiten); now a rectangle over binnen and buiten.
    out = apply_secondary(origin_table(NEWCOMERS))
    assert hidden(out) == [
        ["WK034401", "binnen_gemeente", "suppressed_secondary"],
        ["WK034401", "buiten_gemeente", "suppressed_primary"],
        ["WK034402", "binnen_gemeente", "suppressed_secondary"],
        ["WK034402", "buiten_gemeente", "suppressed_primary"],
        ["WK034404", "binnen_gemeente", "suppressed_secondary"],
        ["WK034404", "buiten_gemeente", "suppressed_secondary"],
    ]
    assert (out.loc[out["group_value"] == "onbekend", "status"] == "ok").all()
    audit = no_pretending(out)
    # every count of the six rows is attacked; the sensitive ones are the two primary
    # numerators and the 8 of 13 without the outcome
    assert len(audit) == 6 * 3
    sensitive = audit[audit["required"]]
    assert sensitive["quantity"].tolist() == ["n_numerator", "n_numerator", "n_rest"]
    assert sensitive[["value", "lower", "upper"]].values.tolist() == [
        [1, 0, 19],
        [5, 0, 23],
        [8, 0, 36],
    ]


def test_two_definitions_over_the_same_newcomers():
    # the same newcomers in a second definition, where the onbekend cells have the
    # outcome: the denominators are one count in both blocks, and the pinned zeros of
    # the first block must not be partners there either
    ggz = origin_table(NEWCOMERS)
    breed = origin_table(
        """
        | wijk     | binnen_gemeente | buiten_gemeente | onbekend |
        | WK034401 | 20/34           | 18/36           | 7/14     |
        | WK034402 | 30/57           | 6/13            | 11/22    |
        | WK034403 | 25/51           | 30/57           | 6/13     |
        | WK034404 | 13/26           | 20/53           | 8/16     |
        """,
        definition="breed",
    )
    out = apply_secondary(pd.concat([ggz, breed], ignore_index=True))
    onbekend = out[(out["group_value"] == "onbekend") & (out["definition"] == "ggz")]
    assert (onbekend["status"] == "ok").all()
    audit = audit_measures(out, exact=True)
    assert audit["protected"].all() and not audit["recoverable"].any()
    # a narrow count is reported, never hidden: here only denominators that the other
    # definition publishes (the same persons), and no numerator
    narrow = audit[audit["narrow"]]
    assert set(narrow["quantity"]) <= {"n_denominator"} and not narrow["required"].any()


# -- variants -------------------------------------------------------------------------


def test_a_wijk_where_nobody_has_the_outcome():
    # A zero margin on the wijk side: nobody in WK034403 has the outcome (0 of 33), so
    # its three numerators are known. 27 of 30 is primary for its rest (3 without the
    # outcome). The old heuristic took WK034403's cheap cells (0/11, 0/10) as the
    # rectangle's far corners: their rests moved, but every numerator in the rectangle
    # was then known exactly (12, 27, 0, 0) while shown as suppressed.
    out = apply_secondary(
        origin_table("""
            | wijk     | binnen_gemeente | buiten_gemeente | onbekend |
            | WK034401 | 12/40           | 27/30           | 14/40    |
            | WK034402 | 15/50           | 11/25           | 12/35    |
            | WK034403 | 0/11            | 0/10            | 0/12     |
            | WK034404 | 20/60           | 15/40           | 13/38    |
        """)
    )
    assert hidden(out) == [
        ["WK034401", "binnen_gemeente", "suppressed_secondary"],
        ["WK034401", "buiten_gemeente", "suppressed_primary"],
        ["WK034402", "binnen_gemeente", "suppressed_secondary"],
        ["WK034402", "buiten_gemeente", "suppressed_secondary"],
    ]
    audit = no_pretending(out)
    assert audit.loc[audit["required"], "quantity"].tolist() == ["n_rest"]


def test_a_group_that_holds_every_numerator():
    # Only newcomers from outside the gemeente have the outcome: the gemeente's totaal
    # numerator equals its buiten numerator, so binnen and onbekend are 0 everywhere and
    # no component can hide buiten's numerator; the wijk totaal must (a total, since no
    # component will do). The old heuristic took the onbekend cells (0/20, 0/15):
    # buiten's rest was hidden, its numerator (27, 11) known exactly.
    out = apply_secondary(
        origin_table("""
            | wijk     | binnen_gemeente | buiten_gemeente | onbekend |
            | WK034401 | 0/40            | 27/30           | 0/20     |
            | WK034402 | 0/50            | 11/25           | 0/15     |
            | WK034403 | 0/45            | 12/35           | 0/12     |
            | WK034404 | 0/60            | 15/40           | 0/18     |
        """)
    )
    assert hidden(out) == [
        ["WK034401", "totaal", "suppressed_secondary"],
        ["WK034401", "buiten_gemeente", "suppressed_primary"],
        ["WK034402", "totaal", "suppressed_secondary"],
        ["WK034402", "buiten_gemeente", "suppressed_secondary"],
    ]
    no_pretending(out)


def test_a_wijk_with_empty_cells():
    # WK034402 has no newcomers from outside or of unknown origin: two empty cells (0 of
    # 0). They stay `ok` with empty numbers; the old heuristic also took the pinned
    # onbekend cells (0/20, 0/12) here.
    out = apply_secondary(
        origin_table("""
            | wijk     | binnen_gemeente | buiten_gemeente | onbekend |
            | WK034401 | 12/40           | 27/30           | 0/20     |
            | WK034402 | 15/50           | 0/0             | 0/0      |
            | WK034403 | 14/45           | 12/35           | 0/12     |
            | WK034404 | 20/60           | 15/40           | 0/18     |
        """)
    )
    empty = out[out["n_denominator"] == 0]
    assert len(empty) == 2 and (empty["status"] == "ok").all()
    assert empty[["value", "ci_lower", "ci_upper", "se"]].isna().all().all()
    assert hidden(out) == [
        ["WK034401", "binnen_gemeente", "suppressed_secondary"],
        ["WK034401", "buiten_gemeente", "suppressed_primary"],
        ["WK034403", "binnen_gemeente", "suppressed_secondary"],
        ["WK034403", "buiten_gemeente", "suppressed_secondary"],
    ]
    no_pretending(out)


# -- the audit sees pretending ---------------------------------------------------------


def test_the_audit_reports_a_secondary_row_that_hides_nothing():
    # By hand: WK034401 onbekend as buiten's partner. Its numerator is pinned at 0, and
    # alone in the onbekend column its denominator is 14 = 65 - 22 - 13 - 16: the row is
    # known exactly (so is buiten's numerator, 1). The audit names both.
    df = apply_primary(origin_table(NEWCOMERS))
    cell = df["area_code"].eq("WK034401") & df["group_value"].eq("onbekend")
    df.loc[cell, "status"] = "suppressed_secondary"
    audit = audit_measures(df, exact=True)
    row = df.index[cell][0]
    mine = audit[audit["row"] == row]
    assert mine["width"].tolist() == [0, 0, 0] and mine["recoverable"].all()
    assert not mine["protected"].any() and mine["narrow"].all()
    buiten = audit[audit["required"] & (audit["value"] == 1)]
    assert buiten[["lower", "upper", "protected"]].values.tolist() == [[1, 1, False]]


def test_a_recoverable_secondary_row_is_published_but_never_a_primary_one():
    # T = a + b and U = c + d with U = 0 published. a is primary (kept): a + b = 10
    # leaves a anywhere in [0, 10] with b hidden. c and d are pinned at 0 by U: they hide
    # nothing and are published; a kept row stays whatever the attacker knows.
    values = [10, 4, 6, 0, 0, 0]  # T, a, b, U, c, d
    t = AdditiveTable(values, [(0, [1, 2]), (3, [4, 5])])
    start = np.array([False, True, True, False, True, True])
    target = [Target(1, (1.0,))]
    assert t.recoverable(start, [1, 2, 4, 5]).tolist() == [False, False, True, True]
    primary = np.arange(6) == 1
    out = secondary_suppression(t, start, target, 3, keep=primary)
    assert np.flatnonzero(out).tolist() == [1, 2]
    kept = secondary_suppression(t, start, target, 3, keep=primary | (np.arange(6) == 4))
    assert np.flatnonzero(kept).tolist() == [1, 2, 4]  # d goes; c, kept, stays
    # by default the rows suppressed to begin with are kept
    assert np.flatnonzero(secondary_suppression(t, start, target, 3)).tolist() == [1, 2, 4, 5]


# -- empty cells ----------------------------------------------------------------------


def test_empty_cells_are_ok_with_empty_numbers_everywhere():
    # 0 of 0 is never sensitive, stays `ok` even when marked suppressed on the way in
    # (it hides nobody), is never a partner, and rounding leaves it empty
    df = measures("""
        | area     | group    | value | num | den | status             |
        | GM0344   | totaal   | totaal| 33  | 85  | ok                 |
        | GM0344   | leeftijd | 0-3   | 13  | 35  | ok                 |
        | GM0344   | leeftijd | 4-11  | 20  | 50  | ok                 |
        | GM0344   | leeftijd | 12-17 | 0   | 0   | suppressed_primary |
        | WK034401 | totaal   | totaal| 13  | 40  | ok                 |
        | WK034401 | leeftijd | 0-3   | 3   | 15  | ok                 |
        | WK034401 | leeftijd | 4-11  | 10  | 25  | ok                 |
        | WK034401 | leeftijd | 12-17 | 0   | 0   | ok                 |
        | WK034402 | totaal   | totaal| 20  | 45  | ok                 |
        | WK034402 | leeftijd | 0-3   | 10  | 20  | ok                 |
        | WK034402 | leeftijd | 4-11  | 10  | 25  | ok                 |
        | WK034402 | leeftijd | 12-17 | 0   | 0   | ok                 |
    """)
    assert apply_primary(df)["status"].tolist()[3] == "ok"
    geography = pd.DataFrame(
        {
            "gemeente_code": "GM0344",
            "wijk_code": ["WK034401", "WK034402"],
            "buurt_code": ["BU03440100", "BU03440200"],
        }
    )
    for base in (None, 5):
        safe, audit = protect(df, 10, True, base, geography)
        empty = safe[safe["n_denominator"] == 0]
        assert (empty["status"] == "ok").all()
        assert empty[["value", "ci_lower", "ci_upper", "se"]].isna().all().all()
        assert (empty[["n_numerator", "n_denominator"]] == 0).all().all()
        assert audit["protected"].all() and not audit["narrow"].any()
    # WK034401 0-3 (3 of 15) is primary; its partners are real cells, never the empty ones
    assert hidden(safe) == [
        ["WK034401", "0-3", "suppressed_primary"],
        ["WK034401", "4-11", "suppressed_secondary"],
        ["WK034402", "0-3", "suppressed_secondary"],
        ["WK034402", "4-11", "suppressed_secondary"],
    ]
    rounded = round_counts(apply_secondary(df), 5)
    assert (rounded.loc[rounded["n_denominator"] == 0, "status"] == "ok").all()
