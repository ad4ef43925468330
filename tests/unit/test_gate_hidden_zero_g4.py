"""A hidden count of 0 at the export gate (G4): refused, and never by a false alarm.

The gate (`gate.populations_given_back`) refuses hidden residents narrowed to at most
threshold - 1, 0 included, though the files cannot tell 0 from 1 to 9. That is the rules'
answer, not a shortcut (docs/rules.md#e6, #e7):

- with `publish_zeros: true` disclosure control never hides a 0 (an empty cell stays
  published, and is never a partner): a hidden count the attacker narrows to 0 to 9 is one of
  1 to 9, and one pinned at 0 is a partner computed exactly, which protects nothing;
- with `publish_zeros: false` a count of 0 is withheld as the primary rule asks: pinned at 0
  by the other tables, the withheld "nobody" is published after all.

So the audit never passes such an export, and where it passes (a wijk of nobody hidden with
its gemeente, `publish_zeros: false`) the gate passes it too. The residents without an age
are never hidden: a rest of 0 of them is no group (docs/rules.md#l8, A5's tests).
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest
import test_population_difference_a4 as a4
from test_population_difference_a4 import AGES, GEO, THRESHOLD, WIJKEN, export, persons

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.residents import population_counts, protect_with_populations

# WK034404: nobody lives there (0 adults, 0 children, 0 residents)
ADULTS = dict(zip(WIJKEN, (1200, 320, 800, 0), strict=True))
CHILDREN = dict(zip(WIJKEN, (300, 80, 150, 0), strict=True))
KOPP_GGZ = dict(zip(WIJKEN, (40, 30, 20, 0), strict=True))
MIGRATIE_GGZ = dict(zip(WIJKEN, (150, 120, 90, 0), strict=True))


@functools.cache
def _released(publish_zeros: bool) -> tuple[pd.DataFrame, ...]:
    """The three tables as disclosure control decides them (A4's `released`, with zeros
    published or not)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(a4, "KOPP_GGZ", KOPP_GGZ)
        mp.setattr(a4, "MIGRATIE_GGZ", MIGRATIE_GGZ)
        inw = a4.residents_table(ADULTS, CHILDREN)
        pops = population_counts(persons(ADULTS, CHILDREN), AGES)
        _, inw, pops, first = protect_with_populations(
            inw.iloc[:0], inw, THRESHOLD, publish_zeros, None, GEO, populations=pops
        )
        decided = pd.concat([inw, pops], ignore_index=True)
        migratie, m_audit = protect(
            a4.migratie_table(ADULTS), THRESHOLD, publish_zeros, None, GEO, residents=decided
        )
        kopp, k_audit = protect(
            a4.kopp_table(CHILDREN), THRESHOLD, publish_zeros, None, GEO, residents=decided
        )
    audit = pd.concat([first, m_audit, k_audit], ignore_index=True)
    return inw, migratie, kopp, audit


def _status(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["area_code"], table["status"], strict=True))


def test_with_zeros_published_a_wijk_of_nobody_is_shown():
    inw, migratie, kopp, audit = _released(True)
    assert audit["protected"].all()
    for table in (inw, migratie, kopp):
        assert _status(table)["WK034404"] == "ok"


def test_without_zeros_the_hidden_wijk_of_nobody_passes_where_the_audit_does(tmp_path):
    """publish_zeros false: WK034404's 0 residents are withheld (primary) and the gemeente's
    residents with them; migratie and kopp publish the wijk's empty cells (0 adults, 0
    children). Its residents are 0 + 0 + those without an age: 0 or more, unbounded. The
    audit passes the pattern and so does the gate."""
    inw, migratie, kopp, audit = _released(False)
    assert audit["protected"].all()
    status = _status(inw)
    assert status["WK034404"] == "suppressed_primary" and status["GM0344"] != "ok"
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    assert check_export(tmp_path, THRESHOLD, publish_zeros=False) == []


@pytest.mark.parametrize("publish_zeros", [False, True])
def test_a_hidden_0_pinned_by_the_other_tables_is_refused(tmp_path, publish_zeros):
    """The same tables with the gemeente's residents published (the partner left out by
    hand): WK034404's residents are the gemeente's minus the other wijken's, 0 exactly.
    Without zeros that is the withheld count of 0 published after all (docs/rules.md#e6);
    with zeros disclosure control never hides a 0, so this 0 would be a partner computed
    exactly, protecting nothing (docs/rules.md#e7). Refused either way."""
    inw, migratie, kopp, _ = _released(False)
    inw = inw.assign(status=inw["status"].where(inw["area_code"] != "GM0344", "ok"))
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    problems = check_export(tmp_path, THRESHOLD, publish_zeros=publish_zeros)
    said = [p.message for p in problems if "residents of WK034404 2023, hidden" in p.message]
    assert len(said) == 1 and "0 to 0" in said[0], problems


def test_with_zeros_a_hidden_count_narrowed_to_0_to_4_is_refused(tmp_path):
    """With zeros published a hidden count is never 0, so residents narrowed to 0 to 4 are 1
    to 4: WK034404 holds 4 residents without an age (no adults, no children), hidden with
    WK034403 as its partner by hand, the gemeente published: 4 + 950 = the gemeente minus
    the other wijken, and WK034403's adults and children (950) leave WK034404 0 to 4."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(a4, "KOPP_GGZ", KOPP_GGZ)
        mp.setattr(a4, "MIGRATIE_GGZ", MIGRATIE_GGZ)
        other = {**dict.fromkeys(WIJKEN, 0), "WK034404": 4}
        inw = a4.residents_table(ADULTS, CHILDREN, other).assign(status="ok")
        hidden = inw["area_code"].isin(["WK034403", "WK034404"])
        inw.loc[hidden, "status"] = "suppressed"
        migratie = a4.migratie_table(ADULTS).assign(status="ok")
        kopp = a4.kopp_table(CHILDREN).assign(status="ok")
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    problems = check_export(tmp_path, THRESHOLD)
    said = [p.message for p in problems if "residents of WK034404 2023, hidden" in p.message]
    assert len(said) == 1 and "0 to 4" in said[0], problems
