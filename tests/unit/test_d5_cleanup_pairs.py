"""Secondary suppression's clean-up also tries pairs of buurten (helper D5, U6's finding F6b).

The clean-up (`_Protector.clean_up`) tries each secondary row for publication alone; a row
whose publication leaves another suppressed row alone in a relation stays suppressed. Two
buurten of one wijk with the wijk published are such a pair: neither can go alone (the other
would be the wijk minus the rest), yet both together may pass the audit. The second pass
(`_Protector.clean_up_pairs`) tries them together. The table is kopp.aandeel `ggz` inside
`breed` in a wijk of four buurten, found by a random search over such tables (threshold 10);
the attacker that checks the result is the independent LP written out in
test_disclosure_overlap (scipy's linprog: the buurten add up to the wijk per definition,
ggz <= breed in every area), not disclosure/audit.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_disclosure_buurt import geography
from test_disclosure_overlap import nested_lp, nested_table, width

import wijkzicht.disclosure.secondary as secondary
from wijkzicht.disclosure.control import protect
from wijkzicht.themes.table import CountBound

THRESHOLD = 10
# {buurt: (ggz, breed, children)}: ggz 2 of 60 in BU03440103 is primary; the old clean-up kept
# breed in BU03440100 (12/46) and BU03440101 (11/34) suppressed, since each alone gives the
# other away (the wijk's breed and the other buurten's are published)
BUURTEN = {"BU03440100": (11, 12, 46), "BU03440101": (10, 11, 34),
           "BU03440102": (23, 23, 55), "BU03440103": (2, 20, 60)}  # fmt: skip
PAIR = [("breed", "BU03440100"), ("breed", "BU03440101")]
GEO = geography({"WK034401": list(BUURTEN)})


def run(df: pd.DataFrame, measures: tuple[str, ...] = ("kopp.aandeel",)) -> pd.DataFrame:
    bounds = [CountBound(m, "ggz", "breed") for m in measures]
    return protect(df, THRESHOLD, True, None, GEO, bounds=bounds)[0]


def without_pairs(monkeypatch, df: pd.DataFrame, measures=("kopp.aandeel",)) -> pd.DataFrame:
    """Disclosure control as before this pass: no blocks, so no pairs are tried."""
    with monkeypatch.context() as m:
        m.setattr(secondary, "_pair_blocks", lambda *args: None)
        return run(df, measures)


def status(out: pd.DataFrame) -> dict:
    return {(r.measure, r.definition, r.area_code): r.status for r in out.itertuples()}


def assert_safe(out: pd.DataFrame) -> None:
    """Every primary numerator at least THRESHOLD wide under the independent attacker (the
    rest, children minus it, moves with it: the children are known), and no suppressed
    numerator known exactly."""
    hidden, _, kw = nested_lp(out, BUURTEN)
    widths = {c: width(np.eye(len(hidden))[i], kw) for i, c in enumerate(hidden)}
    primary = {
        (r.definition, r.area_code) for r in out.itertuples() if r.status == "suppressed_primary"
    }
    assert primary == {("ggz", "BU03440103")}
    assert all(widths[c] >= THRESHOLD - 1e-6 for c in primary), widths
    assert all(w > 1e-6 for w in widths.values()), widths


def test_two_buurten_that_can_only_go_together_are_published(monkeypatch):
    df = nested_table(BUURTEN)
    out = run(df)
    now = status(out)
    assert [now["kopp.aandeel", *c] for c in PAIR] == ["ok", "ok"]
    before = without_pairs(monkeypatch, df)
    then = status(before)
    assert [then["kopp.aandeel", *c] for c in PAIR] == ["suppressed_secondary"] * 2
    # only fewer suppressions: every row published before stays published, and exactly
    # the pair changed
    assert {c for c in now if now[c] != then[c]} == {("kopp.aandeel", *c) for c in PAIR}
    assert_safe(out)
    # neither alone: publish one, and the attacker computes the other exactly
    for alone, other in (PAIR, PAIR[::-1]):
        one = before.copy()
        one.loc[(one["definition"] == alone[0]) & (one["area_code"] == alone[1]), "status"] = "ok"
        hidden, _, kw = nested_lp(one, BUURTEN)
        assert width(np.eye(len(hidden))[hidden.index(other)], kw) < 1e-6


def test_twins_in_another_measure_go_together(monkeypatch):
    # the same counts in a second measure (as nieuwkomers.concentratie carries those of
    # nieuwkomers.aandeel): each row is tied to its twin (`measures_structure`'s shared
    # counts), so publishing one leaves the twin alone and the old clean-up kept both; the
    # second pass publishes ggz in BU03440100 in both measures at once
    copy = nested_table(BUURTEN).assign(measure="kopp.aandeel_kopie")
    df = pd.concat([nested_table(BUURTEN), copy], ignore_index=True)
    measures = ("kopp.aandeel", "kopp.aandeel_kopie")
    out = run(df, measures)
    now = status(out)
    assert [now[m, "ggz", "BU03440100"] for m in measures] == ["ok", "ok"]
    then = status(without_pairs(monkeypatch, df, measures))
    assert {c for c in now if now[c] != then[c]} == {(m, "ggz", "BU03440100") for m in measures}
    # both measures show the same pattern, so each measure's attacker is the joint one
    first, second = (out[out["measure"] == m].reset_index(drop=True) for m in measures)
    assert first["status"].tolist() == second["status"].tolist()
    assert_safe(first)
