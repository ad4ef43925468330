"""Secondary suppression keeps the gemeente's rows and the margins when wijk rows can do the job
(disclosure/secondary.py, `margin_tiers`; docs/rules.md#e7).

U9's finding 2: a narrow KOPP definition made a small gemeente's secondary suppression hide
its gemeente rows to save wijk rows. A partner that is a total (the gemeente row, a `totaal`
row) is chosen only when no wijk row of a lower tier will do, as tau-Argus lets cell costs
keep "the cells with the higher associated costs" (tau-Argus 4.1 manual, "Information loss
in terms of cell costs", github.com/julienjamme/manual_tau_argus_to_quarto,
chapters/02/_02_Producing_Safe_tables-06-Information-loss-in-terms-of-cell-costs.qmd) and
GaussSuppression's CandidatesDefault publishes the cells made of many inner cells first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_disclosure_audit import measures

from wijkzicht.disclosure.audit import audit_measures, measures_structure
from wijkzicht.disclosure.primary import apply_primary, primary_mask
from wijkzicht.disclosure.secondary import _pair_blocks, apply_secondary, margin_tiers

# A gemeente of three wijken by two age bands (found by a random search of such tables: the
# cost alone hid both gemeente age rows). Wijk 1 is primary in every row, wijk 2 in both age
# bands, wijk 3 in one: every other wijk row of each age band is suppressed already, so the
# nearest published partner of wijk 1's cells was the gemeente row.
TABLE = """
| area     | group    | value | num | den |
| GM0353   | totaal   | totaal | 36 | 275 |
| GM0353   | leeftijd | 0-3    | 21 | 114 |
| GM0353   | leeftijd | 4-11   | 15 | 161 |
| WK035301 | totaal   | totaal | 4  | 65  |
| WK035301 | leeftijd | 0-3    | 3  | 26  |
| WK035301 | leeftijd | 4-11   | 1  | 39  |
| WK035302 | totaal   | totaal | 16 | 106 |
| WK035302 | leeftijd | 0-3    | 7  | 42  |
| WK035302 | leeftijd | 4-11   | 9  | 64  |
| WK035303 | totaal   | totaal | 16 | 104 |
| WK035303 | leeftijd | 0-3    | 11 | 46  |
| WK035303 | leeftijd | 4-11   | 5  | 58  |
"""


def status(out: pd.DataFrame) -> dict[tuple[str, str], str]:
    return {(a, v): s for a, v, s in zip(out["area_code"], out["group_value"], out["status"],
                                         strict=True)}  # fmt: skip


def test_the_gemeente_rows_stay_published_when_wijk_rows_can_protect():
    df = apply_primary(measures(TABLE))
    out = apply_secondary(df, threshold=10)
    got = status(out)
    # every gemeente row published: the wijk rows protect the primary cells on their own
    assert [got["GM0353", v] for v in ("totaal", "0-3", "4-11")] == ["ok", "ok", "ok"]
    assert got["WK035303", "totaal"] == got["WK035303", "0-3"] == "suppressed_secondary"
    assert (out["status"] == "ok").sum() == 4  # the cost alone published 2 rows (below)
    # and the pattern is safe: every sensitive count at least 10 wide, no row recoverable
    audit = audit_measures(out, threshold=10, quantities="all")
    assert audit["protected"].all()
    assert (audit.loc[audit["required"], "width"] >= 10).all()
    assert not primary_mask(out[out["status"] == "ok"]).any()


def test_the_cost_alone_hid_the_gemeente_age_rows():
    # the pattern before the tiers (margins=False: n_denominator + 1 decides among partners,
    # after "a component before a total" within one relation, and only buurten are paired):
    # both gemeente age rows hidden
    df = apply_primary(measures(TABLE))
    got = status(apply_secondary(df, threshold=10, margins=False))
    assert got["GM0353", "0-3"] == got["GM0353", "4-11"] == "suppressed_secondary"


def test_tiers_of_gemeente_totaal_wijk_and_buurt_rows():
    df = measures("""
        | area       | group    | value  | num | den |
        | GM0344     | totaal   | totaal | 40  | 200 |
        | GM0344     | leeftijd | 0-3    | 40  | 200 |
        | WK034401   | totaal   | totaal | 40  | 200 |
        | WK034401   | leeftijd | 0-3    | 40  | 200 |
        | BU03440101 | totaal   | totaal | 40  | 200 |
    """)
    structure = measures_structure(df, parents={"WK034401": "GM0344", "BU03440101": "WK034401"})
    tiers = margin_tiers(df, structure)[: structure.n_real]
    by_row = dict(zip(df.index[structure.positions], tiers, strict=True))
    # gemeente totaal 3, gemeente age band 2, wijk totaal 1, wijk age band and buurt 0
    assert [by_row[i] for i in range(5)] == [3, 2, 1, 0, 0]


def random_table(data) -> pd.DataFrame:
    """A gemeente of 3 or 4 wijken by 2 or 3 age bands with its totaal rows, counts drawn
    small enough that many cells are primary."""
    n_wijk = data.draw(st.integers(3, 4))
    n_band = data.draw(st.integers(2, 3))
    cells = n_wijk * n_band
    num = np.array(data.draw(st.lists(st.integers(0, 14), min_size=cells, max_size=cells)))
    rest = np.array(data.draw(st.lists(st.integers(0, 40), min_size=cells, max_size=cells)))
    num, den = num.reshape(n_wijk, n_band), (num + rest).reshape(n_wijk, n_band)
    bands = [f"b{j}" for j in range(n_band)]
    rows = []
    for code, n, d in [("GM0353", num.sum(0), den.sum(0)),
                       *[(f"WK03530{w + 1}", num[w], den[w]) for w in range(n_wijk)]]:  # fmt: skip
        rows.append((code, "totaal", "totaal", n.sum(), d.sum()))
        rows += [(code, "leeftijd", b, n[j], d[j]) for j, b in enumerate(bands)]
    return measures(pd.DataFrame(rows, columns=["area", "group", "value", "num", "den"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_small_tables_pass_the_audit(data):
    df = apply_primary(random_table(data))
    out = apply_secondary(df, threshold=10)
    primary = (df["status"] == "suppressed_primary").to_numpy()
    # primary rows stay suppressed, no published row breaks the primary rule
    assert (out["status"].to_numpy()[primary] == "suppressed_primary").all()
    assert not primary_mask(out[out["status"] == "ok"]).any()
    # every sensitive count at least threshold wide, no suppressed row computed exactly
    audit = audit_measures(out, threshold=10, quantities="all")
    assert audit["protected"].all(), audit[~audit["protected"]].head().to_dict("records")


def test_the_gemeente_values_of_a_group_are_tried_together_in_the_clean_up():
    # the default world's newcomers of low income 2021-2023: the gemeente's binnen and buiten
    # gemeente (onbekend 0 published) were secondary, each left the other alone in the origin
    # relation, and together they pass the audit; the clean-up tries such a pair when both are
    # in one block: the gemeente's values of one group share it, a wijk's values do not
    df = measures("""
        | area     | group  | value           | num | den |
        | GM0344   | totaal | totaal          | 170 | 680 |
        | GM0344   | origin | binnen_gemeente | 90  | 300 |
        | GM0344   | origin | buiten_gemeente | 80  | 260 |
        | GM0344   | origin | onbekend        | 0   | 120 |
        | WK034401 | origin | binnen_gemeente | 40  | 150 |
        | WK034401 | origin | buiten_gemeente | 41  | 130 |
    """)
    structure = measures_structure(df, parents={"WK034401": "GM0344"})
    blocks = dict(zip(df.index[structure.positions], _pair_blocks(df, structure), strict=False))
    assert blocks[1] == blocks[2] == blocks[3] >= 0  # the gemeente's origin values: one block
    assert blocks[0] not in (blocks[1], -1)  # its totaal a block of its own
    assert blocks[4] == blocks[5] == -1  # a wijk's values: no pairs
