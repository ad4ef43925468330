"""Which conditions imply which, from the settings and codelists alone
(`definitions.implication`), and the definitions inside each other that follow
(`themes.kopp.count_bounds`, `themes.nieuwkomers.count_bounds`).

A new user added a condition by a codelist narrower than psychofarmaca's and a KOPP definition
of it: no relation said the one lies inside the other, so their differences (1 to 9 children)
went unprotected. A relation claimed that does not hold would be a wrong constraint for the
audit, so the property at the end runs the conditions' own queries on random data.
"""

from __future__ import annotations

import copy

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from worlds import config

from wijkzicht.definitions import (
    Buurtteam,
    GgzDbc,
    GgzKosten,
    Inkomen,
    Medicijnen,
    Wmo,
    implies,
    inside,
    parse_definitions,
)
from wijkzicht.inputs.reference import Codelist
from wijkzicht.population.conditions import condition_query
from wijkzicht.themes import kopp, nieuwkomers
from wijkzicht.themes.relations import count_relations
from wijkzicht.themes.table import CountBound, CountCover


def lists(**codes: tuple[str, ...]) -> dict[str, Codelist]:
    return {name: Codelist(name, tuple(c), "exact", "t", "t") for name, c in codes.items()}


def med(name: str, codelist: str | None = None) -> Medicijnen:
    return Medicijnen(name=name, codelist=codelist or name)


PSY = ("N05A", "N05B", "N05C", "N06A", "N06B", "N06C")
CODES = lists(
    wide=PSY,
    zh=("N05A", "N05B", "N06A", "N06B", "N06C"),  # without the hypnotics N05C: a subset
    same=PSY,  # the same codes under another name
    antidep=("N06A", "N06X"),  # overlaps wide, N06X is not in it
    other=("A10A", "A10B"),  # disjoint
    atc5=("N05AA",),  # starts with N05A, but the query matches ATC4 exactly
    empty=(),
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("zh", "wide", True),  # subset
        ("wide", "zh", False),
        ("same", "wide", True),  # equal: both ways
        ("wide", "same", True),
        ("antidep", "wide", False),  # overlapping
        ("wide", "antidep", False),
        ("other", "wide", False),  # disjoint
        ("atc5", "wide", False),  # N05AA is no ATC4 code of wide: exact match
        ("empty", "other", True),  # no code: nobody meets it
    ],
)
def test_medicines_by_codes(a, b, expected):
    assert implies(med(a), med(b), CODES) is expected


def test_without_the_codes_only_the_same_codelist_implies():
    assert implies(med("x", "wide"), med("y", "wide"))  # the same list under two names
    assert not implies(med("zh"), med("wide"))  # a subset, but the codes are not known
    assert not implies(med("zh"), med("wide"), lists(zh=CODES["zh"].codes))  # wide unknown


def test_mental_health_treatment_circuits_exact_diagnoses_by_prefix():
    codes = lists(
        circ=("5",), circ2=("5", "6"), circ_pad=("05",),
        diag=("as1_4",), diag_sub=("as1_41", "as1_4x"), diag_wide=("as1_",), diag_other=("as2",),
    )  # fmt: skip

    def dbc(circuit=None, diagnosis=None):
        return GgzDbc(name="v", circuit_codelist=circuit, diagnosis_codelist=diagnosis)

    wide = dbc("circ", "diag")
    assert implies(dbc("circ", "diag_sub"), wide, codes)  # as1_41 starts with as1_4
    assert not implies(wide, dbc("circ", "diag_sub"), codes)
    assert implies(wide, dbc("circ2", "diag_wide"), codes)
    assert implies(dbc(diagnosis="diag"), wide, codes)  # no circuit list: no circuit matches
    assert implies(dbc("circ"), wide, codes)
    assert not implies(dbc("circ2", "diag"), wide, codes)  # circuit 6 is not in circ
    assert not implies(dbc("circ_pad", "diag"), wide, codes)  # 05 is not 5: exact
    assert not implies(dbc("circ", "diag_other"), wide, codes)
    assert not implies(wide, dbc(diagnosis="diag"), codes)  # wide's circuits unmatched


def test_other_sources_by_their_settings():
    assert implies(GgzKosten(name="a"), GgzKosten(name="b"))  # no settings: the same persons
    assert implies(Wmo(name="a", voorzieningen=("BW",)), Wmo(name="b", voorzieningen=("BW", "MO")))
    assert not implies(Wmo(name="a", voorzieningen=("BW", "HH")), Wmo(name="b", voorzieningen=("BW", "MO")))  # fmt: skip
    assert implies(Buurtteam(name="a", teams=("JG",)), Buurtteam(name="b", teams=("JG", "VW")))
    assert not implies(Buurtteam(name="a", teams=("JG", "VW")), Buurtteam(name="b", teams=("JG",)))  # fmt: skip

    def income(lo, hi):
        return Inkomen(name="i", percentile_min=lo, percentile_max=hi)

    assert implies(income(1, 5), income(1, 10)) and implies(income(3, 10), income(1, 10))
    assert not implies(income(1, 10), income(1, 5)) and not implies(income(5, 15), income(1, 10))


def test_never_across_sources():
    # GGZ costs and a DBC trajectory are different registrations: neither implies the other
    assert not implies(GgzKosten(name="ggz"), GgzDbc(name="v", circuit_codelist="circ"), CODES)
    assert not implies(Wmo(name="w", voorzieningen=("JG",)), Buurtteam(name="b", teams=("JG",)))


def test_a_definition_inside_another_when_each_condition_implies_one_of_it():
    ggz, zh, wide = GgzKosten(name="ggz"), med("zh"), med("wide")
    assert inside([zh], [ggz, wide], CODES)
    assert inside([ggz, zh], [ggz, wide], CODES)
    assert not inside([ggz, zh], [wide], CODES)  # ggz implies nothing of [wide]
    assert inside([], [wide], CODES)  # no condition: nobody


# -- the bounds of the themes


def with_narrower(cfg: dict, nieuwkomers_markers: bool = False) -> dict:
    """The default config plus a condition by a narrower codelist and a definition of it."""
    cfg = copy.deepcopy(cfg)
    cfg["conditions"]["psychofarmaca_zh"] = {"source": "medicijnen", "codelist": "zh"}
    cfg["conditions"]["psychofarmaca"]["codelist"] = "wide"
    cfg["themes"]["kopp"]["definitions"]["psychofarmaca_zh"] = {"conditions": ["psychofarmaca_zh"]}
    cfg["themes"]["kopp"]["definitions"]["psy_of_ggz"] = {"conditions": ["ggz", "psychofarmaca"]}
    if nieuwkomers_markers:
        markers = cfg["themes"]["nieuwkomers"]["definitions"]
        markers["psy"] = {"conditions_t": ["psychofarmaca"]}
        markers["psy_zh"] = {"conditions_t": ["psychofarmaca_zh"]}
        markers["psy_zh_vorig"] = {"conditions_t_minus_1": ["psychofarmaca_zh"]}
        markers["bw_90"] = {"uitstroom": {"voorzieningen": ["BW"], "days": 90}}
    return cfg


def test_the_default_bounds_are_unchanged():
    defs = parse_definitions(config())
    old = {CountBound("kopp.aandeel", d, "breed") for d in ("ggz", "psychofarmaca", "verslaving")}
    assert set(kopp.count_bounds(defs.kopp)) == old
    markers = ("ggz", "uitstroom_bw_mo", "laag_inkomen")
    assert set(nieuwkomers.count_bounds(defs.nieuwkomers)) == {
        *(CountBound("nieuwkomers.aandeel", m, "breed") for m in markers),
        CountCover("nieuwkomers.aandeel", "breed", markers),
    }


def test_a_kopp_definition_by_a_narrower_codelist_lies_inside_the_wider():
    k = parse_definitions(with_narrower(config())).kopp
    bounds = set(kopp.count_bounds(k, CODES))
    inner = {CountBound("kopp.aandeel", "psychofarmaca_zh", d) for d in ("psychofarmaca", "breed", "psy_of_ggz")}  # fmt: skip
    assert inner <= bounds
    assert CountBound("kopp.aandeel", "psychofarmaca", "psychofarmaca_zh") not in bounds
    assert CountBound("kopp.aandeel", "psy_of_ggz", "breed") in bounds
    assert CountBound("kopp.aandeel", "ggz", "psy_of_ggz") in bounds
    # without the codes, only the definitions by the same conditions' names
    assert not inner & set(kopp.count_bounds(k))
    unions, through = count_relations({"kopp": k}, CODES)
    assert inner <= set(through)


def test_two_definitions_with_the_same_persons_bound_each_other():
    cfg = copy.deepcopy(config())
    cfg["conditions"]["psy_copy"] = {"source": "medicijnen", "codelist": "psychofarmaca"}
    cfg["themes"]["kopp"]["definitions"]["psy_copy"] = {"conditions": ["psy_copy"]}
    bounds = set(kopp.count_bounds(parse_definitions(cfg).kopp))
    assert {CountBound("kopp.aandeel", "psy_copy", "psychofarmaca"),
            CountBound("kopp.aandeel", "psychofarmaca", "psy_copy")} <= bounds  # fmt: skip


def test_newcomer_markers_inside_by_condition_year_and_window():
    n = parse_definitions(with_narrower(config(), nieuwkomers_markers=True)).nieuwkomers
    bounds = set(nieuwkomers.count_bounds(n, CODES))

    def bound(a, b):
        return CountBound("nieuwkomers.aandeel", a, b)

    assert bound("psy_zh", "psy") in bounds and bound("psy", "psy_zh") not in bounds
    # a condition of the year before says nothing about the year of the move
    assert bound("psy_zh_vorig", "psy") not in bounds
    # BW ended in the 90 days before the move: inside BW or MO in the 365 days before
    assert bound("bw_90", "uitstroom_bw_mo") in bounds
    assert bound("uitstroom_bw_mo", "bw_90") not in bounds
    assert bound("bw_90", "breed") in bounds  # through uitstroom_bw_mo, one of breed's
    assert bound("psy", "breed") not in bounds  # breed is not any of psy
    assert bound("ggz", "breed") in bounds


# -- the property: a condition said to imply another never flags a person it does not

ATC = ["N05A", "N05B", "N05C", "N06A", "N05AA", "N05", " N05A"]
CIRCUIT = ["5", "6", "05", " 5", ""]
DIAGNOSIS = ["as1_4", "as1_41", "as1_", "as2", "as1x4", "", " as1_4"]
KINDS = ["BW", "MO", "HH"]
PERSONS = [f"{i:09d}" for i in range(6)]


def _sub(values):
    return st.lists(st.sampled_from(values), max_size=3, unique=True).map(tuple)


@st.composite
def world(draw):
    """Random source rows of six persons in 2022 and two random conditions per source."""
    person = st.sampled_from(PERSONS)
    med_rows = draw(st.lists(st.tuples(person, st.sampled_from(ATC)), max_size=10))
    dbc_rows = draw(st.lists(st.tuples(person, st.sampled_from(CIRCUIT), st.sampled_from(DIAGNOSIS)), max_size=10))  # fmt: skip
    wmo_rows = draw(st.lists(st.tuples(person, st.sampled_from(KINDS)), max_size=8))
    income = draw(st.lists(st.integers(-1, 100), min_size=len(PERSONS), max_size=len(PERSONS)))
    codes = {n: draw(_sub(ATC if n.startswith("m") else CIRCUIT if n.startswith("c") else DIAGNOSIS))
             for n in ("m1", "m2", "c1", "c2", "d1", "d2")}  # fmt: skip
    lo = draw(st.lists(st.integers(1, 100), min_size=2, max_size=2))
    span = draw(st.lists(st.integers(0, 40), min_size=2, max_size=2))
    kinds = [draw(_sub(KINDS)) for _ in range(2)]
    pairs = [
        (Medicijnen(name="a", codelist="m1"), Medicijnen(name="b", codelist="m2")),
        (GgzDbc(name="a", circuit_codelist=draw(st.sampled_from([None, "c1"])), diagnosis_codelist="d1"),
         GgzDbc(name="b", circuit_codelist="c2", diagnosis_codelist=draw(st.sampled_from([None, "d2"])))),
        (Wmo(name="a", voorzieningen=kinds[0]), Wmo(name="b", voorzieningen=kinds[1])),
        (Inkomen(name="a", percentile_min=lo[0], percentile_max=lo[0] + span[0]),
         Inkomen(name="b", percentile_min=lo[1], percentile_max=lo[1] + span[1])),
    ]  # fmt: skip
    return med_rows, dbc_rows, wmo_rows, income, lists(**codes), pairs


def _persons(con, condition, codes) -> set[str]:
    sql, params = condition_query(condition, 2022, codes)
    return {p for _, p in con.execute(sql, params).fetchall()}


@settings(max_examples=50, deadline=None)
@given(world())
def test_a_condition_said_to_imply_another_never_flags_a_person_it_does_not(w):
    med_rows, dbc_rows, wmo_rows, income, codes, pairs = w
    con = duckdb.connect()
    frames = {
        "MEDICIJNTAB": pd.DataFrame(
            {"RINPERSOONS": "R", "RINPERSOON": [p for p, _ in med_rows], "ATC4": [a for _, a in med_rows]}
        ),
        "GGZDBCTRAJECTENHOOFDDIAGTAB": pd.DataFrame(
            {"RINPERSOONS": "R", "RINPERSOON": [r[0] for r in dbc_rows],
             "GGZDBCCircuitHOOFDDIAG": [r[1] for r in dbc_rows],
             "GGZDBCHoofddiagnoseDSMIV": [r[2] for r in dbc_rows]}
        ),
        "GEMWMOVOORZIENINGEN": pd.DataFrame(
            {"RINPERSOONS": "R", "RINPERSOON": [p for p, _ in wmo_rows], "VOORZIENING": [k for _, k in wmo_rows],
             "DATUMBEGIN": pd.Timestamp(2021, 6, 1), "DATUMEINDE": pd.Timestamp(2022, 3, 1)}
        ),
        "KOPPELPERSOONHUISHOUDEN": pd.DataFrame(
            {"RINPERSOONS": "R", "RINPERSOON": PERSONS, "RINPERSOONSHKW": "R", "RINPERSOONHKW": PERSONS}
        ),
        "INHATAB": pd.DataFrame(
            {"RINPERSOONSHKW": "R", "RINPERSOONHKW": PERSONS, "INHP100HBEST": income}
        ),
    }  # fmt: skip
    for name, frame in frames.items():
        con.register(name, frame.astype({c: str for c in frame.columns if c not in ("DATUMBEGIN", "DATUMEINDE", "INHP100HBEST")}))  # fmt: skip
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if implies(x, y, codes):
                assert _persons(con, x, codes) <= _persons(con, y, codes), (x, y, codes)
    con.close()
