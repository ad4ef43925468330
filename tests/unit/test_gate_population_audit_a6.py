"""The export gate refuses what the audit refuses of a hidden population, no more (A6).

A theme's population (kopp's children, migratie's adults) is the n_denominator of its rows at
group totaal; where the theme hides every such row of an area, residents - adults (or -
children) can give the population back exactly. The audit (docs/rules.md#e7) objects to a
suppressed row only when the attacker computes it exactly (every count of the row) or narrows
a sensitive count below the threshold: a kopp row whose children are known but not how many
of them have a parent in care gives nobody away. The gate refused any hidden population given
back exactly: a release whose audit passed (kopp hid a wijk of 80 children as the partner of a
wijk with 1 child with a parent in ggz care) was refused for "80 to 80".
"""

from __future__ import annotations

import pandas as pd
import pytest
import test_population_difference_a4 as a4
from test_population_difference_a4 import THRESHOLD, WIJKEN, attacker, export, released

from wijkzicht.disclosure.gate import check_export

# A5's four wijken (no residents without an age), with A4's kopp numerators: WK034403 holds
# 150 children and 1 of them has a parent in ggz care
ADULTS = dict(zip(WIJKEN, (1200, 320, 800, 600), strict=True))
CHILDREN = dict(zip(WIJKEN, (300, 80, 150, 200), strict=True))
KOPP_GGZ = dict(zip(WIJKEN, (40, 30, 1, 25), strict=True))


@pytest.fixture(autouse=True)
def _kopp_numerators(monkeypatch):
    monkeypatch.setattr(a4, "KOPP_GGZ", KOPP_GGZ)


def _hide(table, *areas):
    out = table.assign(status="ok")
    out.loc[out["area_code"].isin(areas), "status"] = "suppressed"
    return out


def test_a_population_given_back_with_its_numerators_open_passes(tmp_path):
    """The release as disclosure control decides it (residents, adults and children together,
    then each theme): kopp hides WK034403 (1 child with a parent in care) and WK034402 as its
    partner. inwoners.csv and migratie publish every area, so the attacker has both wijken's
    children exactly (80 and 150), but not the children with a parent in care: 0 to 31 in
    each. The audit passes it; the gate refused both wijken before."""
    inw, migratie, kopp, _, audit = released(CHILDREN, ADULTS)
    assert audit["protected"].all()
    status = dict(zip(kopp["area_code"], kopp["status"], strict=True))
    assert status["WK034403"] == "suppressed_primary" and status["WK034402"] != "ok"
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    got = attacker(tmp_path)
    assert got[("C", "WK034402")] == (80.0, 80.0) and got[("C", "WK034403")] == (150.0, 150.0)
    for wijk in ("WK034402", "WK034403"):
        lo, hi = got[("K", wijk)]
        assert hi - lo >= THRESHOLD, (wijk, lo, hi)
    assert check_export(tmp_path, THRESHOLD) == []


def test_a_row_known_in_both_counts_is_refused(monkeypatch, tmp_path):
    """kopp (every wijk 20 or more children with a parent in care) hides WK034402 alone: its
    80 children are residents - adults and its 30 children with a parent in care the
    gemeente's 115 minus the other wijken's (the export shows the wijken adding up): the
    hidden row is computed exactly, and the gate says so."""
    monkeypatch.setattr(a4, "KOPP_GGZ", dict(zip(WIJKEN, (40, 30, 20, 25), strict=True)))
    inw = a4.residents_table(ADULTS, CHILDREN)
    migratie = a4.migratie_table(ADULTS).assign(status="ok")
    kopp = _hide(a4.kopp_table(CHILDREN), "WK034402")
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    got = attacker(tmp_path)
    assert got[("C", "WK034402")] == (80.0, 80.0) and got[("K", "WK034402")] == (30.0, 30.0)
    problems = check_export(tmp_path, THRESHOLD)
    assert [p.path.endswith("kopp/measures.csv") for p in problems] == [True]
    message = problems[0].message
    assert "kinderen (kopp) of WK034402 2023, hidden, are given back" in message
    assert "80 to 80" in message and "kopp.aandeel ggz: 30" in message


def test_a_numerator_fixed_at_0_by_its_gemeente_is_no_leak(tmp_path):
    """A definition nobody in the gemeente meets publishes 0 for the gemeente, so every wijk's
    numerator is 0 exactly; with WK034402's and WK034403's children hidden and open (their
    residents hidden too), that 0 gives nobody away (the audit passes a count of 0 fixed by a
    published 0 margin, docs/rules.md#e7) and the gate does not refuse it."""
    inw, migratie, kopp, _, _ = released(CHILDREN, ADULTS)
    nobody = a4.share_table("kopp", "kopp.aandeel", dict.fromkeys(WIJKEN, 0), CHILDREN)
    kopp = pd.concat([kopp, nobody.assign(definition="verslaving")], ignore_index=True)
    hidden = ("WK034402", "WK034403")
    export(tmp_path, {"inwoners": _hide(inw, *hidden), "migratie": migratie,
                      "kopp": _hide(kopp, *hidden)})  # fmt: skip
    gemeente = kopp[(kopp["area_code"] == "GM0344") & (kopp["definition"] == "verslaving")]
    assert gemeente["n_numerator"].tolist() == [0]
    assert check_export(tmp_path, THRESHOLD) == []
