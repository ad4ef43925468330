"""Buurt rows in disclosure control: the buurt -> wijk -> gemeente relations in secondary
suppression and in the LP audit (docs/rules.md#b4, issue 16).

Each table is written by hand with the relations it holds; the attacker here is an
independent LP over every count of the table (published counts fixed, the relations written
from how the table was built, counts >= 0, numerator <= denominator), not disclosure/audit.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from test_disclosure_audit import measures

from wijkzicht.disclosure.audit import audit_measures, measures_structure
from wijkzicht.disclosure.control import parents_from_geography, protect
from wijkzicht.disclosure.primary import apply_primary
from wijkzicht.disclosure.secondary import apply_secondary

QUANTITIES = {"n_numerator": (1, 0), "n_denominator": (0, 1), "n_rest": (-1, 1)}
THRESHOLD = 10


def geography(buurten: dict[str, list[str]]) -> pd.DataFrame:
    """The reference rows of {wijk: [buurt, ...]} in gemeente GM0344."""
    rows = [(w, b) for w, bs in buurten.items() for b in bs]
    return pd.DataFrame(
        {
            "gemeente_code": "GM0344",
            "gemeente_name": "Utrecht",
            "wijk_code": [w for w, _ in rows],
            "wijk_name": [w for w, _ in rows],
            "buurt_code": [b for _, b in rows],
            "buurt_name": [b for _, b in rows],
        }
    )


def relations_of(df: pd.DataFrame, buurten: dict[str, list[str]], bands: list[str]) -> list:
    """The relations the table was built with, by position: buurten to wijk (totaal), wijken to
    gemeente and bands to totaal (per area with bands)."""
    at = {(r.area_code, r.group_value): i for i, r in enumerate(df.itertuples())}
    out = [(at["GM0344", "totaal"], [at[w, "totaal"] for w in buurten])]
    for w, bs in buurten.items():
        out.append((at[w, "totaal"], [at[b, "totaal"] for b in bs]))
    for band in bands:
        if ("GM0344", band) in at:
            out.append((at["GM0344", band], [at[w, band] for w in buurten]))
    for area in ["GM0344", *buurten]:
        if bands and (area, bands[0]) in at:
            out.append((at[area, "totaal"], [at[area, b] for b in bands]))
    return out


def attacker_width(
    df: pd.DataFrame, relations: list, row: int, coefs: tuple, shared: list = ()
) -> float:
    """max - min of coefs . (num, den) of `row` over every table the published rows allow;
    `shared`: pairs of rows known to have the same denominator (the same persons)."""
    values = df[["n_numerator", "n_denominator"]].to_numpy(float)
    n = len(df)
    published = (df["status"] == "ok").to_numpy()
    bounds = [
        (values[i, j], values[i, j]) if published[i] else (0, None)
        for i in range(n)
        for j in range(2)
    ]
    A_eq = []
    for total, parts in relations:
        for j in range(2):
            line = np.zeros(2 * n)
            line[2 * total + j] = 1
            line[[2 * p + j for p in parts]] = -1
            A_eq.append(line)
    for a, b in shared:
        line = np.zeros(2 * n)
        line[[2 * a + 1, 2 * b + 1]] = (1, -1)
        A_eq.append(line)
    A_ub = np.zeros((n, 2 * n))
    A_ub[np.arange(n), 2 * np.arange(n)] = 1
    A_ub[np.arange(n), 2 * np.arange(n) + 1] = -1
    c = np.zeros(2 * n)
    c[2 * row : 2 * row + 2] = coefs
    ends = []
    for sign in (1, -1):
        res = linprog(
            sign * c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=np.zeros(len(A_eq)),
            bounds=bounds, method="highs",
        )  # fmt: skip
        assert res.status in (0, 3), res.message
        ends.append(np.inf if res.status == 3 else sign * res.fun)
    return ends[1] - ends[0]


def assert_safe(out: pd.DataFrame, relations: list, shared: list = ()) -> None:
    """Every sensitive count of a primary row at least THRESHOLD wide; no suppressed row
    computable exactly (the independent attacker)."""
    counts = out[["n_numerator", "n_denominator"]].to_numpy(float)
    status = out["status"].to_numpy()
    for i in np.flatnonzero(status != "ok"):
        widths = {
            q: attacker_width(out, relations, int(i), c, shared) for q, c in QUANTITIES.items()
        }
        assert max(widths.values()) > 1e-6, (out.iloc[i]["area_code"], widths)
        if status[i] == "suppressed_primary":
            for q, c in QUANTITIES.items():
                if 1 <= counts[i] @ np.array(c) <= THRESHOLD - 1:
                    assert widths[q] >= THRESHOLD - 1e-6, (out.iloc[i]["area_code"], q, widths)


# A wijk with three buurten, one of them small: 3 of 40 children (primary).
THREE_BUURTEN = {
    "WK034401": ["BU03440100", "BU03440101", "BU03440102"],
    "WK034402": ["BU03440200", "BU03440201"],
}
LONE = """
| area       | group  | value  | num | den |
| GM0344     | totaal | totaal | 128 | 450 |
| WK034401   | totaal | totaal | 38  | 150 |
| WK034402   | totaal | totaal | 90  | 300 |
| BU03440100 | totaal | totaal | 3   | 40  |
| BU03440101 | totaal | totaal | 20  | 60  |
| BU03440102 | totaal | totaal | 15  | 50  |
| BU03440200 | totaal | totaal | 40  | 140 |
| BU03440201 | totaal | totaal | 50  | 160 |
"""


def test_buurt_rows_add_up_to_their_wijk_in_the_structure():
    df = measures(LONE)
    s = measures_structure(df, parents=parents_from_geography(geography(THREE_BUURTEN)))
    code = df["area_code"].to_numpy()[s.positions]
    got = {(code[r.total], tuple(code[c] for c in r.components)) for r in s.table.relations}
    assert got == {
        ("GM0344", ("WK034401", "WK034402")),
        ("WK034401", ("BU03440100", "BU03440101", "BU03440102")),
        ("WK034402", ("BU03440200", "BU03440201")),
    }
    assert not s.dropped and not s.residual_of


def test_a_lone_suppressed_buurt_gets_a_partner():
    """Wijk total minus the published siblings would give the small buurt away: a sibling is
    suppressed too, and the buurt's counts are at least the threshold wide."""
    df = measures(LONE)
    out, audit = protect(df, THRESHOLD, True, None, geography(THREE_BUURTEN))
    status = dict(zip(out["area_code"], out["status"], strict=True))
    assert status["BU03440100"] == "suppressed_primary"
    siblings = [status[b] for b in ("BU03440101", "BU03440102")]
    assert "suppressed_secondary" in siblings
    # the wijk and gemeente stay published: a component will do
    assert status["WK034401"] == status["GM0344"] == "ok"
    assert_safe(out, relations_of(out, THREE_BUURTEN, []))
    assert audit["protected"].all()


def test_the_audit_refuses_a_buurt_without_partner():
    """The same table with only the primary buurt suppressed: the audit finds its counts
    exactly (wijk minus siblings), and so does the independent attacker."""
    df = measures(LONE).assign(status="ok")
    df.loc[df["area_code"] == "BU03440100", "status"] = "suppressed_primary"
    parents = parents_from_geography(geography(THREE_BUURTEN))
    audit = audit_measures(df, THRESHOLD, parents=parents)
    assert not audit["protected"].any() and audit["recoverable"].all()
    row = int(np.flatnonzero(df["area_code"] == "BU03440100")[0])
    assert attacker_width(df, relations_of(df, THREE_BUURTEN, []), row, (1, 0)) == 0


# A wijk with age bands at wijk and gemeente level and buurten (totaal only). In WK034401 the
# band 0-3 is small (primary) and so is buurt BU03440100: the wijk row ties the band relation
# and the buurt relation together.
BANDS = ["0-3", "4-17"]
CROSS = """
| area       | group    | value  | num | den |
| GM0344     | totaal   | totaal | 128 | 450 |
| GM0344     | leeftijd | 0-3    | 30  | 105 |
| GM0344     | leeftijd | 4-17   | 98  | 345 |
| WK034401   | totaal   | totaal | 38  | 150 |
| WK034401   | leeftijd | 0-3    | 4   | 25  |
| WK034401   | leeftijd | 4-17   | 34  | 125 |
| WK034402   | totaal   | totaal | 90  | 300 |
| WK034402   | leeftijd | 0-3    | 26  | 80  |
| WK034402   | leeftijd | 4-17   | 64  | 220 |
| BU03440100 | totaal   | totaal | 3   | 40  |
| BU03440101 | totaal   | totaal | 20  | 60  |
| BU03440102 | totaal   | totaal | 15  | 50  |
| BU03440200 | totaal   | totaal | 40  | 140 |
| BU03440201 | totaal   | totaal | 50  | 160 |
"""


def test_suppressed_buurt_not_recoverable_through_the_wijk_breakdown():
    """When protecting the small band makes the wijk row a partner, the wijk row is no
    longer there to read off: the buurt relation, the band relation and the wijken of the
    gemeente are attacked together, and every small count stays wide."""
    df = measures(CROSS)
    # force the wijk row into the pattern as a primary row (a small wijk), so the three
    # relations through it are attacked at once
    df.loc[(df["area_code"] == "WK034401") & (df["group"] == "totaal"), "status"] = (
        "suppressed_primary"
    )
    out = apply_secondary(df, THRESHOLD, parents=parents_from_geography(geography(THREE_BUURTEN)))
    hidden = out.loc[out["status"] != "ok", ["area_code", "group_value"]]
    assert ("WK034401", "totaal") in set(map(tuple, hidden.to_numpy()))
    # the wijk row is hidden, so its buurten must not all be published, nor its bands
    wijk1 = out[out["area_code"].isin(THREE_BUURTEN["WK034401"])]
    assert (wijk1["status"] != "ok").sum() >= 2
    bands1 = out[(out["area_code"] == "WK034401") & (out["group"] == "leeftijd")]
    assert (bands1["status"] != "ok").sum() >= 2
    assert_safe(out, relations_of(out, THREE_BUURTEN, BANDS))
    audit = audit_measures(out, THRESHOLD, parents=parents_from_geography(geography(THREE_BUURTEN)))
    assert audit["protected"].all()


def test_hierarchy_three_levels_in_the_audit():
    """A small wijk (every count small) hidden in the gemeente: its partner wijk must not be
    recoverable from its own published buurten. Protecting the table without its buurt rows
    and adding them afterwards published is unsafe, and the audit says so; protecting the
    whole table is safe against the independent attacker."""
    buurten = {
        "WK034401": ["BU03440100", "BU03440101"],
        "WK034402": ["BU03440200", "BU03440201"],
        "WK034403": ["BU03440300", "BU03440301"],
    }
    text = """
    | area       | group  | value  | num | den |
    | GM0344     | totaal | totaal | 124 | 475 |
    | WK034401   | totaal | totaal | 4   | 15  |
    | WK034402   | totaal | totaal | 50  | 200 |
    | WK034403   | totaal | totaal | 70  | 260 |
    | BU03440100 | totaal | totaal | 2   | 7   |
    | BU03440101 | totaal | totaal | 2   | 8   |
    | BU03440200 | totaal | totaal | 20  | 90  |
    | BU03440201 | totaal | totaal | 30  | 110 |
    | BU03440300 | totaal | totaal | 30  | 120 |
    | BU03440301 | totaal | totaal | 40  | 140 |
    """
    parents = parents_from_geography(geography(buurten))
    df = measures(text)
    relations = relations_of(df, buurten, [])

    wijk_only = df[df["area_level"] != "buurt"]
    naive = apply_secondary(wijk_only, THRESHOLD, parents=parents)
    added = df.assign(status="ok")
    added.loc[naive.index, "status"] = naive["status"]
    added = apply_primary(added, THRESHOLD)  # the buurten of WK034401 are small too
    naive_audit = audit_measures(added, THRESHOLD, parents=parents)
    assert not naive_audit["protected"].all()

    out, audit = protect(df, THRESHOLD, True, None, geography(buurten))
    assert audit["protected"].all()
    assert_safe(out, relations)
    status = dict(zip(out["area_code"], out["status"], strict=True))
    partner = [w for w in ("WK034402", "WK034403") if status[w] != "ok"]
    assert partner, status
    # the partner wijk's buurten are not all published: else they would give it away
    assert any(status[b] != "ok" for b in buurten[partner[0]])


def test_empty_buurt_is_never_suppressed():
    text = LONE.replace(
        "| BU03440102 | totaal | totaal | 15  | 50  |",
        "| BU03440102 | totaal | totaal | 0   | 0   |",
    )
    text = text.replace(
        "| WK034401   | totaal | totaal | 38  | 150 |",
        "| WK034401   | totaal | totaal | 23  | 100 |",
    )
    text = text.replace(
        "| GM0344     | totaal | totaal | 128 | 450 |",
        "| GM0344     | totaal | totaal | 113 | 400 |",
    )
    out, audit = protect(measures(text), THRESHOLD, True, None, geography(THREE_BUURTEN))
    status = dict(zip(out["area_code"], out["status"], strict=True))
    assert status["BU03440102"] == "ok"
    assert status["BU03440101"] == "suppressed_secondary"
    assert audit["protected"].all()


@pytest.mark.parametrize("wrong", ["WK034402"])
def test_buurt_in_another_wijk_than_the_reference_is_an_error(wrong):
    """A person placed in a buurt that the reference puts in another wijk: buurt rows would
    not add up to their wijk, so the measures step stops with a message."""
    from wijkzicht.themes.table import AreaError, count_grid

    persons = pd.DataFrame(
        {
            "gemeente": "GM0344",
            "wijk": ["WK034401", wrong],
            "buurt": ["BU03440100", "BU03440101"],
            "x": [True, False],
        }
    )
    geo = geography(THREE_BUURTEN)
    with pytest.raises(
        AreaError, match="BU03440101 placed in wijk WK034402, reference wijk WK034401"
    ):
        count_grid(persons, "x", geo, {"totaal": ["totaal"]}, buurt=True)
    ok = count_grid(persons.assign(wijk="WK034401"), "x", geo, {"totaal": ["totaal"]}, buurt=True)
    b = ok[ok["area_level"] == "buurt"].set_index("area_code")
    assert b["n_denominator"].to_dict() == {
        "BU03440100": 1, "BU03440101": 1, "BU03440102": 0, "BU03440200": 0, "BU03440201": 0,
    }  # fmt: skip


def test_small_gemeente_buurt_tables_pass_the_audit():
    """A small gemeente (600 children in 3 wijken and 7 buurten), its KOPP-style table made by
    the pipeline's own grid builder (two definitions over the same children, age bands at
    gemeente and wijk level, buurten by totaal), protected and audited: every sensitive count
    of a primary row is at least the threshold wide and no suppressed row is computable, for
    the independent attacker who knows every relation, the shared denominators included."""
    from wijkzicht.themes.table import count_grid, finalise, with_wilson

    buurten = {
        "WK099901": ["BU09990100", "BU09990101", "BU09990102"],
        "WK099902": ["BU09990200", "BU09990201"],
        "WK099903": ["BU09990300", "BU09990301"],
    }
    geo = geography(buurten).assign(gemeente_code="GM0999", gemeente_name="Klein")
    rng = np.random.default_rng(16)
    codes = [b for bs in buurten.values() for b in bs]
    buurt = rng.choice(codes, size=600, p=[0.25, 0.2, 0.05, 0.2, 0.1, 0.15, 0.05])
    persons = pd.DataFrame(
        {
            "gemeente": "GM0999",
            "wijk": ["WK" + b[2:8] for b in buurt],
            "buurt": buurt,
            "leeftijd": rng.choice(["0-3", "4-11", "12-17"], size=600, p=[0.2, 0.5, 0.3]),
            "a": rng.random(600) < 0.12,
            "b": rng.random(600) < 0.04,
        }
    )
    bands = ["0-3", "4-11", "12-17"]
    groups = {"totaal": ["totaal"], "leeftijd": bands}
    parts = [
        with_wilson(count_grid(persons, d, geo, groups, buurt=True)).assign(definition=d)
        for d in ("a", "b")
    ]
    df = finalise(
        pd.concat(parts, ignore_index=True).assign(theme="kopp", measure="kopp.aandeel", year=2023),
        {"leeftijd": bands},
    )
    out, audit = protect(df, THRESHOLD, True, None, geo)
    assert audit["protected"].all()
    assert (out.loc[out["area_level"] == "buurt", "status"] != "ok").any()
    # the relations, written from how the table was built
    at = {(r.definition, r.area_code, r.group_value): i for i, r in enumerate(out.itertuples())}
    relations = []
    for d in ("a", "b"):
        for g in ["totaal", *bands]:
            relations.append((at[d, "GM0999", g], [at[d, w, g] for w in buurten]))
        for area in ["GM0999", *buurten]:
            relations.append((at[d, area, "totaal"], [at[d, area, g] for g in bands]))
        for w, bs in buurten.items():
            relations.append((at[d, w, "totaal"], [at[d, b, "totaal"] for b in bs]))
    assert_safe(
        out, relations, shared=[(at["a", *k[1:]], at["b", *k[1:]]) for k in at if k[0] == "a"]
    )
