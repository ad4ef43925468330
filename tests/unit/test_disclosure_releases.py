"""Two releases of one gemeente, both in an attacker's hands (`control.protect`'s
`published_before`, config `previous_release.export`).

A reviewer (Z6) made two releases of one world that differ in configuration only (a KOPP
definition added): the secondary patterns differ, 22 rows hidden in one were published in the
other, and together they narrowed 6 primary counts to a width of 5 or 6. Here the smallest
such case by hand: one primary wijk, two possible partners; release 1 hid one, release 2
(without knowing release 1) the other, and the gemeente total gives the primary count back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from test_disclosure_audit import measures
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import DisclosureError, protect, published_before_mask

THRESHOLD = 10
GEO = geography(
    {"WK034401": ["BU03440101"], "WK034402": ["BU03440201"], "WK034403": ["BU03440301"]}
)


def table() -> pd.DataFrame:
    return measures(
        """
        | area     | group  | value  | num | den  |
        | GM0344   | totaal | totaal | 100 | 1000 |
        | WK034401 | totaal | totaal | 3   | 50   |
        | WK034402 | totaal | totaal | 40  | 300  |
        | WK034403 | totaal | totaal | 57  | 650  |
        """
    )


def status(df: pd.DataFrame) -> dict[str, str]:
    return dict(zip(df["area_code"], df["status"], strict=True))


def union_width(releases: list[pd.DataFrame], area: str) -> float:
    """An attacker with every release: the wijk numerators add up to the gemeente's; a
    numerator any release published is known; the others lie in [0, denominator]. The width
    of `area`'s numerator over that LP (scipy linprog, independent of the audit)."""
    t = table().set_index("area_code")
    known = {a for r in releases for a, s in status(r).items() if s == "ok"}
    wijken = [a for a in t.index if a.startswith("WK")]
    hidden = [a for a in wijken if a not in known]
    rest = t.loc["GM0344", "numerator"] - sum(t.loc[a, "numerator"] for a in wijken if a in known)
    c = np.array([1.0 if a == area else 0.0 for a in hidden])
    bounds = [(0, t.loc[a, "denominator"]) for a in hidden]
    a_eq, b_eq = np.ones((1, len(hidden))), [rest]
    lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    assert lo.status == 0 and hi.status == 0
    return -hi.fun - lo.fun


def test_a_row_the_previous_release_published_stays_published():
    # release 1 hid WK034403 as the partner of the primary WK034401 (3 children)
    release1 = table().assign(status=["ok", "suppressed_primary", "ok", "suppressed_secondary"])
    assert union_width([release1], "WK034401") >= THRESHOLD
    # release 2 on its own picks the cheaper partner, WK034402: each release is safe alone,
    # together they give 100 - 40 - 57 = 3 away
    alone, _ = protect(table(), THRESHOLD, True, None, GEO)
    assert status(alone)["WK034402"] == "suppressed_secondary"
    assert status(alone)["WK034403"] == "ok"
    assert union_width([release1, alone], "WK034401") == 0
    # knowing release 1, release 2 keeps WK034402 published and hides WK034403 again
    safe, audit = protect(table(), THRESHOLD, True, None, GEO, published_before=release1)
    assert status(safe) == status(release1)
    assert union_width([release1, safe], "WK034401") >= THRESHOLD
    assert audit["protected"].all()


def test_only_rows_published_with_the_same_counts_are_fixed():
    before = table().assign(status=["ok", "suppressed_primary", "ok", "ok"])
    now = table()
    now.loc[now["area_code"] == "WK034403", ["numerator", "n_numerator"]] = 58  # a new edition
    before.loc[before["area_code"] == "WK034402", "definition"] = "breed"  # another row
    assert published_before_mask(now, before).tolist() == [True, False, False, False]
    assert not published_before_mask(now, before.iloc[:0]).any()
    # releases that round: the previous release published its counts rounded (to 5 here)
    rounded = before.assign(numerator=[100, 5, 40, 60], denominator=[1000, 50, 300, 650])
    assert published_before_mask(now, rounded).tolist() == [True, False, False, False]
    assert published_before_mask(now, rounded, 5).tolist() == [True, False, False, True]
    # a previous release that published a primary row (another threshold) leaves no partner:
    # the error says why
    before = table().assign(status="ok")
    with pytest.raises(DisclosureError, match="previous release published"):
        protect(table(), THRESHOLD, True, None, GEO, published_before=before)


def test_equal_counts_of_two_definitions_are_not_the_same_persons():
    # the e2e second release: a new definition (ggz or verslaving, 110 children) beside the
    # published psychofarmaca (110 by chance) in one cell was tied to it on the numerator, so
    # the audit took it for known and its difference with ggz (108) unprotectable; the same
    # denominator (all children) stays one count, and the same definition's equal numerators
    # (a ratio carrying a share's counts) stay tied on both
    from wijkzicht.disclosure.audit import measures_structure

    one = table().iloc[[2]]
    df = pd.concat(
        [one, one.assign(definition="breed"), one.assign(measure="kopp.ratio")],
        ignore_index=True,
    )
    ties = {(tuple(sorted(r.members)), r.columns) for r in measures_structure(df).table.relations}
    assert ties == {((0, 2), None), ((0, 1), (1,))}
