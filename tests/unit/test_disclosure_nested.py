"""A measure nested in another's numerator (themes.table.CountNest): migratie.zorgkloof
counts among the respondents with high distress, so its n_denominator is k10_hoog's
n_numerator in the same cell (`disclosure.control.protect_nested`).

A reviewer saw an empty zorgkloof row ('geen personen') published beside a suppressed K10 row:
it tells that nobody in that group had high distress. The same holds for any count: a
published zorgkloof denominator is the K10 numerator its row hides. The attacker here is an
independent LP (scipy's linprog) over the suppressed counts with the relations written out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from test_disclosure_audit import measures
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import nest_links, protect
from wijkzicht.themes.migratie import ZORGKLOOF, count_nests
from wijkzicht.themes.relations import count_relations

THRESHOLD = 10
GROUPS = ["Nederland", "Marokko", "Turkije", "Suriname"]


def migratie_table(k10: dict[str, tuple[int, int]], care: dict[str, int]) -> pd.DataFrame:
    """K10 (gemeente, totaal and herkomst: value -> (high distress, respondents)) and
    zorgkloof (value -> those of the distressed with care; its denominator the distressed)."""

    def block(rows, measure, definition):
        frame = pd.DataFrame(rows, columns=["area", "group", "value", "num", "den"])
        return measures(frame, theme="migratie", measure=measure, definition=definition,
                        method="survey_taylor", year=2023)  # fmt: skip

    total = tuple(map(sum, zip(*k10.values(), strict=True)))
    k = [("GM0344", "totaal", "totaal", *total)] + [
        ("GM0344", "herkomst", v, *k10[v]) for v in GROUPS
    ]
    z = [("GM0344", "totaal", "totaal", sum(care.values()), total[0])] + [
        ("GM0344", "herkomst", v, care[v], k10[v][0]) for v in GROUPS
    ]
    return pd.concat(
        [block(k, "migratie.k10_hoog", "k10_hoog"), block(z, *ZORGKLOOF[:2])], ignore_index=True
    )


def k10_widths(out: pd.DataFrame) -> dict[str, float]:
    """max - min of each suppressed K10 group's numerator and rest, over every table the
    published rows of both measures allow: the groups add up to the totaal row in each
    measure; zorgkloof's denominator is K10's numerator; counts >= 0, numerator <= denominator."""
    rows = out.set_index(["measure", "group_value"])
    names = [(m, v) for m in ("migratie.k10_hoog", "migratie.zorgkloof") for v in GROUPS]
    var = {}  # (measure, value, column) -> index
    for m, v in [*names, ("migratie.k10_hoog", "totaal"), ("migratie.zorgkloof", "totaal")]:
        for c in ("n_numerator", "n_denominator"):
            var[(m, v, c)] = len(var)
    eq_a, eq_b, ub_a = [], [], []

    def eq(coefs: dict, rhs: float) -> None:
        row = np.zeros(len(var))
        for k, c in coefs.items():
            row[var[k]] = c
        eq_a.append(row)
        eq_b.append(rhs)

    for m in ("migratie.k10_hoog", "migratie.zorgkloof"):
        for c in ("n_numerator", "n_denominator"):
            eq({(m, "totaal", c): 1, **{(m, v, c): -1 for v in GROUPS}}, 0.0)
        for v in [*GROUPS, "totaal"]:
            r = rows.loc[(m, v)]
            if r["status"] == "ok":
                for c in ("n_numerator", "n_denominator"):
                    eq({(m, v, c): 1}, float(r[c]))
            row = np.zeros(len(var))
            row[var[(m, v, "n_numerator")]], row[var[(m, v, "n_denominator")]] = 1, -1
            ub_a.append(row)
    for v in [*GROUPS, "totaal"]:  # the nesting
        eq({("migratie.zorgkloof", v, "n_denominator"): 1, ("migratie.k10_hoog", v, "n_numerator"): -1}, 0.0)  # fmt: skip
    widths = {}
    for v in GROUPS:
        if rows.loc[("migratie.k10_hoog", v), "status"] == "ok":
            continue
        for name, coefs in (("num", {"n_numerator": 1}), ("rest", {"n_denominator": 1, "n_numerator": -1})):  # fmt: skip
            c = np.zeros(len(var))
            for col, x in coefs.items():
                c[var[("migratie.k10_hoog", v, col)]] = x
            ends = []
            for sign in (1, -1):
                res = linprog(sign * c, A_ub=np.array(ub_a), b_ub=np.zeros(len(ub_a)),
                              A_eq=np.array(eq_a), b_eq=np.array(eq_b), bounds=(0, 10_000), method="highs")  # fmt: skip
                assert res.status == 0, res.message
                ends.append(sign * res.fun)
            widths[(v, name)] = ends[1] - ends[0]
    return widths


def run(k10, care, publish_zeros=True):
    df = migratie_table(k10, care)
    _, bounds = count_relations({"migratie": None})
    out, _ = protect(df, THRESHOLD, publish_zeros, None, geography({"WK034401": ["BU03440101"]}),
                     bounds=bounds)  # fmt: skip
    return out


def status(out, measure):
    rows = out[out["measure"] == measure]
    return dict(zip(rows["group_value"], rows["status"], strict=True))


@pytest.mark.parametrize(
    ("k10", "care"),
    [
        # Marokko: 4 of 30 with high distress (primary). K10 takes Turkije as its partner (the
        # fewest respondents, 100); zorgkloof, on its own, Suriname (the fewest distressed, 20)
        # and publishes Turkije's 25 distressed: K10's hidden numerator, and with it Marokko's 4
        ({"Nederland": (300, 2000), "Marokko": (4, 30), "Turkije": (25, 100),
          "Suriname": (20, 400)}, {"Nederland": 120, "Marokko": 1, "Turkije": 12, "Suriname": 10}),
        # nobody with high distress among 6 Marokkan respondents: K10 suppressed (6 respondents),
        # zorgkloof's row is empty, and its 0 would tell K10's numerator
        ({"Nederland": (300, 2000), "Marokko": (0, 6), "Turkije": (25, 200),
          "Suriname": (40, 260)}, {"Nederland": 120, "Marokko": 0, "Turkije": 12, "Suriname": 18}),
    ],
)  # fmt: skip
def test_zorgkloof_gives_no_suppressed_k10_count_away(k10, care):
    out = run(k10, care)
    k, z = status(out, "migratie.k10_hoog"), status(out, ZORGKLOOF.measure)
    assert k["Marokko"] == "suppressed_primary"
    # where K10 is suppressed, zorgkloof is too (its denominator is K10's numerator)
    assert all(z[v] != "ok" for v in GROUPS if k[v] != "ok"), (k, z)
    widths = k10_widths(out)
    for (v, name), w in widths.items():
        n = dict(zip(["num", "rest"], k10[v], strict=False))
        value = k10[v][0] if name == "num" else k10[v][1] - k10[v][0]
        if k[v] == "suppressed_primary" and 0 < value < THRESHOLD:
            assert w >= THRESHOLD, (v, name, w, n)
        assert w > 0, (v, name, widths)  # nothing suppressed is computed exactly


def test_an_empty_zorgkloof_row_beside_a_suppressed_k10_row_is_suppressed():
    out = run({"Nederland": (300, 2000), "Marokko": (0, 6), "Turkije": (25, 200),
               "Suriname": (40, 260)},
              {"Nederland": 120, "Marokko": 0, "Turkije": 12, "Suriname": 18}, publish_zeros=False)  # fmt: skip
    z = out[(out["measure"] == ZORGKLOOF.measure) & (out["group_value"] == "Marokko")]
    assert z["status"].iloc[0] == "suppressed_secondary"


def test_a_published_k10_numerator_is_zorgkloofs_known_denominator():
    df = migratie_table(
        {"Nederland": (300, 2000), "Marokko": (30, 300), "Turkije": (25, 200), "Suriname": (40, 260)},
        {"Nederland": 120, "Marokko": 3, "Turkije": 12, "Suriname": 18},
    )  # fmt: skip
    df["status"] = "ok"
    outer = df[df["measure"] == "migratie.k10_hoog"].copy()
    outer.loc[outer["group_value"] == "Turkije", "status"] = "suppressed_secondary"
    inner = df[df["measure"] == ZORGKLOOF.measure]
    forced, known = nest_links(inner, outer, count_nests())
    by_value = dict(zip(inner["group_value"], zip(forced, known, strict=True), strict=True))
    assert by_value["Turkije"][0] and np.isnan(by_value["Turkije"][1])
    assert by_value["Marokko"] == (False, 30.0)  # its denominator, K10's published numerator
    assert by_value["totaal"] == (False, 395.0)
    # the counts must agree for the tie: a K10 numerator that differs is no denominator
    outer.loc[outer["group_value"] == "Marokko", "n_numerator"] = 31
    assert np.isnan(
        nest_links(inner, outer, count_nests())[1][inner["group_value"] == "Marokko"]
    ).all()
