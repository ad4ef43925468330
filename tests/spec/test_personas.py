"""Persona's on hand-built tiny target groups: which combinations become persona's, which merge
(an attribute set to `overig`) and which are dropped, with the expected persona's beside the
persons, counted by hand; then the disclosure audit across wijk and gemeente.

Threshold 3 (min_persons 3) keeps the worlds tiny; the rules are the same as with 10.
"""

import pandas as pd
import pytest
from worlds import table

from wijkzicht.disclosure.personas import (
    check_persona_rows,
    export_rows,
    protect_personas,
)
from wijkzicht.themes.personas import ATTRIBUTES, PersonaSpec, area_personas, select_personas


def spec(max_per_area=3, merge=("huishouden", "zorg_steun")):
    return PersonaSpec(
        theme="kopp", target="breed", attributes=("leeftijd", "huishouden", "zorg_steun"),
        merge_order=merge, min_persons=3, max_per_area=max_per_area, zorg_steun=(),
    )  # fmt: skip


def persons(text: str) -> pd.DataFrame:
    df = table(text)
    for a in ATTRIBUTES:
        if a not in df:
            df[a] = ""
    return df


# one wijk; the expected persona of each person beside it
WIJK = persons("""
| id | leeftijd | huishouden        | zorg_steun | expected (max 3 persona's)                             |
| 1  | 4-11     | eenouder          | jeugdteam  | 1: 4-11 eenouder jeugdteam (4 persons, full combination) |
| 2  | 4-11     | eenouder          | jeugdteam  | 1                                                        |
| 3  | 4-11     | eenouder          | jeugdteam  | 1                                                        |
| 4  | 4-11     | eenouder          | jeugdteam  | 1                                                        |
| 5  | 4-11     | paar_met_kinderen | geen       | candidate of 3, the 4th largest: dropped (max 3)         |
| 6  | 4-11     | paar_met_kinderen | geen       | dropped                                                  |
| 7  | 4-11     | paar_met_kinderen | geen       | dropped                                                  |
| 8  | 12-17    | eenouder          | geen       | 3: 12-17 overig geen (huishouden merged: 2 + 1)          |
| 9  | 12-17    | eenouder          | geen       | 3                                                        |
| 10 | 12-17    | paar_met_kinderen | geen       | 3                                                        |
| 11 | 0-3      | eenouder          | ggz        | 2: 0-3 overig overig (huishouden, then zorg merged: 2+1) |
| 12 | 0-3      | eenouder          | ggz        | 2                                                        |
| 13 | 0-3      | paar_met_kinderen | geen       | 2                                                        |
| 14 | 4-11     | eenouder          | geen       | alone even merged (4-11 overig overig has 1): dropped    |
""")


def shown(sel: pd.DataFrame) -> list[tuple]:
    return [
        (r["rank"], r["leeftijd"], r["huishouden"], r["zorg_steun"], r["n_persons"])
        for r in sel.to_dict("records")
    ]


EXPECTED = [
    (1, "4-11", "eenouder", "jeugdteam", 4),
    (2, "0-3", "overig", "overig", 3),
    (3, "12-17", "overig", "geen", 3),
]


def test_combinations_below_the_threshold_are_merged_or_dropped():
    sel = select_personas(WIJK, spec())
    assert shown(sel) == EXPECTED
    # persona's never share a person, and each stands for its own persons
    members = [set(m) for m in sel["members"]]
    assert sum(len(m) for m in members) == len(set().union(*members)) == 10
    ids = WIJK["id"].to_numpy()
    assert sorted(ids[list(members[1])].tolist(), key=int) == ["11", "12", "13"]


def test_what_the_personas_leave_out_is_zero_or_at_least_the_threshold():
    # with room for 4 the four candidates leave person 14 alone (1 < 3): the smallest
    # candidate (4-11 paar_met_kinderen geen, last by its codes) is dropped too, leaving 4
    sel = select_personas(WIJK, spec(max_per_area=4))
    assert shown(sel) == EXPECTED
    # without it the lone person stays out and the fourth candidate is kept
    sel = select_personas(WIJK[WIJK["id"] != "14"], spec(max_per_area=4))
    assert [r[4] for r in shown(sel)] == [4, 3, 3, 3]


def test_without_merging_small_combinations_are_dropped():
    sel = select_personas(WIJK, spec(merge=()))
    assert shown(sel) == [(1, "4-11", "eenouder", "jeugdteam", 4),
                          (2, "4-11", "paar_met_kinderen", "geen", 3)]  # fmt: skip


def test_one_attribute_always_stays():
    s = spec(merge=("huishouden", "zorg_steun", "leeftijd"))
    assert select_personas(WIJK, s).shape[0] == 3
    assert all(v != "overig" for v in select_personas(WIJK, s)["leeftijd"])


# --- across wijk and gemeente: the audit -----------------------------------------------------

GEO = pd.DataFrame({
    "gemeente_code": ["GM0001"] * 2, "gemeente_name": ["Stad"] * 2,
    "wijk_code": ["WK000101", "WK000102"], "wijk_name": ["Aa", "Bee"],
    "buurt_code": ["BU00010101", "BU00010201"], "buurt_name": ["a", "b"],
})  # fmt: skip

# wijk Aa: c x5, d x3; wijk Bee: c x2, e x4. Expected, threshold 3:
#   Aa: c (5), d (3), nothing left out.
#   Bee: e (4) would leave the 2 of c out (1..2): e is dropped, no persona (suppressed_primary).
#   gemeente: c (7), e (4), d (3). But c 7 minus Aa's 5 shows the 2 of c in Bee: the
#   audit drops the gemeente's c; then Bee's 6 minus the gemeente's e (4, all in Bee) shows
#   them again: e goes too. The gemeente keeps d (3).
TWO_WIJKEN = persons("""
| wijk     | leeftijd | huishouden | zorg_steun |
| WK000101 | 4-11     | eenouder   | geen       |
| WK000101 | 4-11     | eenouder   | geen       |
| WK000101 | 4-11     | eenouder   | geen       |
| WK000101 | 4-11     | eenouder   | geen       |
| WK000101 | 4-11     | eenouder   | geen       |
| WK000101 | 0-3      | eenouder   | ggz        |
| WK000101 | 0-3      | eenouder   | ggz        |
| WK000101 | 0-3      | eenouder   | ggz        |
| WK000102 | 4-11     | eenouder   | geen       |
| WK000102 | 4-11     | eenouder   | geen       |
| WK000102 | 12-17    | alleen     | wmo        |
| WK000102 | 12-17    | alleen     | wmo        |
| WK000102 | 12-17    | alleen     | wmo        |
| WK000102 | 12-17    | alleen     | wmo        |
""").assign(gemeente="GM0001")


def target_rows(status=None):
    status = status or {}
    return pd.DataFrame({
        "area_level": ["gemeente", "wijk", "wijk"], "area_code": ["GM0001", "WK000101", "WK000102"],
        "group": "totaal", "group_value": "totaal",
        "status": [status.get(c, "ok") for c in ("GM0001", "WK000101", "WK000102")],
    })  # fmt: skip


def test_the_audit_drops_the_persona_that_reveals_a_small_count_elsewhere():
    s = spec(merge=())
    personas, cells = area_personas(TWO_WIJKEN, s, GEO, "GM0001")
    # before the audit: the selection alone
    before = {(r["area_code"], r["leeftijd"], r["n_persons"]) for r in personas.to_dict("records")}
    assert ("GM0001", "4-11", 7) in before and ("GM0001", "12-17", 4) in before
    out, audit = protect_personas(personas, cells, target_rows(), gemeente="GM0001", threshold=3)
    got = [(r["area_code"], r["rank"], r["leeftijd"], r["n_persons"], r["status"])
           for r in out.to_dict("records")]  # fmt: skip
    assert (
        got[0] == ("GM0001", 1, "0-3", 3, "ok") and len([g for g in got if g[0] == "GM0001"]) == 1
    )
    assert got[1:3] == [("WK000101", 1, "4-11", 5, "ok"), ("WK000101", 2, "0-3", 3, "ok")]
    assert got[3][0] == "WK000102" and got[3][4] == "suppressed_primary" and got[3][1] == 0
    # the 2 persons of c in Bee: an interval at least 3 wide now
    small = audit[(audit["kind"] == "cell") & (audit["value"] == 2)]
    assert len(small) == 1 and (small["upper"] - small["lower"]).iloc[0] >= 3
    assert audit["protected"].all()


def test_an_area_whose_target_count_is_suppressed_shows_no_persona():
    s = spec(merge=())
    personas, cells = area_personas(TWO_WIJKEN, s, GEO, "GM0001")
    status = {"WK000101": "suppressed_secondary", "WK000102": "suppressed_secondary"}
    out, audit = protect_personas(personas, cells, target_rows(status), gemeente="GM0001",
                                  threshold=3)  # fmt: skip
    wijk = out[out["area_level"] == "wijk"]
    assert (wijk["status"] == "suppressed_secondary").all() and (wijk["rank"] == 0).all()
    assert audit["protected"].all()


def test_the_export_rounds_and_blanks_and_the_gate_reads_it():
    s = spec(merge=())
    personas, cells = area_personas(TWO_WIJKEN, s, GEO, "GM0001")
    out, _ = protect_personas(personas, cells, target_rows(), gemeente="GM0001", threshold=3)
    rows = export_rows(out, theme="kopp", year=2023, base=5, target="breed")
    assert list(rows.columns[:3]) == ["theme", "year", "target"] and set(rows["target"]) == {
        "breed"
    }
    assert rows["n_persons"].tolist()[:3] == [5, 5, 5]  # 3 -> 5, 5 -> 5, 3 -> 5
    assert rows["n_target"].tolist()[:2] == [15, 10]  # 14 -> 15, 8 -> 10
    # the table says to what its counts were rounded (the cards say 'ongeveer' by it), 0: exact
    assert list(rows.columns[-2:]) == ["rounding_base", "status"]
    assert set(rows["rounding_base"]) == {5}
    for base in (0, 1):
        exact = export_rows(out, theme="kopp", year=2023, base=base, target="breed")
        assert set(exact["rounding_base"]) == {0}
        assert exact["n_persons"].tolist()[:3] == [3, 5, 3]
    bee = rows[rows["area_code"] == "WK000102"].iloc[0]
    assert pd.isna(bee["n_persons"]) and pd.isna(bee["n_target"]) and bee["leeftijd"] == ""
    text = rows.astype("string").fillna("").to_dict("records")
    assert check_persona_rows(text, 3) == []
    # a persona of 2 in the export, or a count left in a suppressed row, is refused
    bad = [dict(text[1], n_persons="2"), dict(text[3], n_target="6")]
    assert [i for i, _ in check_persona_rows(bad, 3)] == [0, 1]


@pytest.mark.parametrize("zeros", [True, False])
def test_a_persona_of_the_whole_target_follows_publish_zeros(zeros):
    one = TWO_WIJKEN[TWO_WIJKEN["leeftijd"] == "12-17"]
    personas, cells = area_personas(one, spec(merge=()), GEO, "GM0001")
    out, _ = protect_personas(personas, cells, target_rows(), gemeente="GM0001", threshold=3,
                              publish_zeros=zeros)  # fmt: skip
    bee = out[out["area_code"] == "WK000102"].iloc[0]
    assert (bee["status"], bee["n_persons"] == 4) == (
        ("ok", True) if zeros else ("suppressed_primary", False)
    )


def test_max_merged_limits_the_attributes_set_to_overig():
    from wijkzicht.themes.personas import persona_spec

    cfg = {
        "themes": {"kopp": {"target": "breed",
                            "attributes": ["leeftijd", "huishouden", "zorg_steun"]}},
        "merge_order": ["huishouden", "zorg_steun"], "max_merged": 1, "min_persons": 0,
        "max_per_area": 3, "zorg_steun": {},
    }  # fmt: skip
    s = persona_spec("kopp", cfg, threshold=3)
    assert s.merge_order == ("huishouden",) and s.min_persons == 3
    # 0-3 needs both merged (huishouden, then zorg): with one, its 3 persons stay out, and
    # 4-11 paar_met_kinderen geen (3) takes its place
    assert shown(select_personas(WIJK, s)) == [
        (1, "4-11", "eenouder", "jeugdteam", 4),
        (2, "12-17", "overig", "geen", 3),
        (3, "4-11", "paar_met_kinderen", "geen", 3),
    ]
    with pytest.raises(ValueError, match="personas.min_persons: 2 is below"):
        persona_spec("kopp", {**cfg, "min_persons": 2}, threshold=3)
