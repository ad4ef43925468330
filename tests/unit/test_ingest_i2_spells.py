"""The spell-overlap check's proof on sorted numbers (`ingest._spells_disjoint`) says "no
overlap" exactly when the window of `_check_spells` finds none: an address or household table
reads the same with and without it (the same typed bytes, the same message), and the proof
is never true where the window finds an overlap (touching, equal and nested spells, empty
and open ends, several persons and person codes)."""

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_fast import read_patched

from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.ingest import Reading, _spells_disjoint

# few persons and few dates, so that spells touch, repeat and nest often
PERSONS = st.tuples(st.sampled_from(["R", "S", ""]), st.sampled_from(["000000001", "000000002",
                    "999999999", ""]))  # fmt: skip
DAYS = ["18700101", "19991231", "20000101", "20000102", "20100615", "20501230", "20501231"]


@st.composite
def spell(draw):
    s, p = draw(PERSONS)
    b = draw(st.sampled_from([*DAYS, ""]))
    e = draw(st.sampled_from([d for d in DAYS if not b or d >= b] + [""]))
    return s, p, b, e


def address_rows(spells):
    return [
        {"RINPERSOONS": s, "RINPERSOON": p, "GBADATUMAANVANGADRESHOUDING": b,
         "GBADATUMEINDEADRESHOUDING": e, "SOORTOBJECTNUMMER": "A", "RINOBJECTNUMMER": "1"}
        for s, p, b, e in spells
    ]  # fmt: skip


def household_rows(spells):
    return [
        {"RINPERSOONS": s, "RINPERSOON": p, "HUISHOUDNR": "1", "DATUMAANVANGHH": b,
         "DATUMEINDEHH": e, "TYPHH": "1", "PLHH": "1"}
        for s, p, b, e in spells
    ]  # fmt: skip


def same_both_ways(tmp_path, monkeypatch, table: str, rows: list[dict]) -> None:
    """`rows` as `table` read with the proof and with the window alone: the same bytes and
    the same message."""
    src = tmp_path / f"{table}.parquet"
    pd.DataFrame(rows).to_parquet(src, index=False)
    with_proof = read_patched(src, tmp_path / "p.parquet", table, monkeypatch)
    window_only = {"_spells_disjoint": lambda con, r: False}
    window = read_patched(src, tmp_path / "w.parquet", table, monkeypatch, window_only)
    assert with_proof == window


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.lists(spell(), min_size=1, max_size=7))
def test_addresses_read_the_same_with_and_without_the_proof(tmp_path, monkeypatch, spells):
    same_both_ways(tmp_path, monkeypatch, "GBAADRESOBJECTBUS", address_rows(spells))


@SETTINGS
@given(st.lists(spell(), min_size=1, max_size=7))
def test_households_read_the_same_with_and_without_the_proof(tmp_path, monkeypatch, spells):
    same_both_ways(tmp_path, monkeypatch, "GBAHUISHOUDENSBUS", household_rows(spells))


def window_overlaps(con) -> int:
    """The count of `_check_spells`'s window, written out here as the reference."""
    return con.execute(
        """SELECT count(*) FROM (
             SELECT b, lag(e) OVER (PARTITION BY s, p ORDER BY b, e, _row) AS prev_e
             FROM (SELECT RINPERSOONS AS s, RINPERSOON AS p, GBADATUMAANVANGADRESHOUDING AS b,
                          GBADATUMEINDEADRESHOUDING AS e, _row FROM checked)
             WHERE p <> '' AND b IS NOT NULL)
           WHERE prev_e >= b"""
    ).fetchall()[0][0]


def proof_on(spells) -> tuple[bool, int]:
    """(`_spells_disjoint`, the window's count) on a `checked` table of typed spells (begin on
    or before end, as `_check_period` leaves them; an empty end is NULL here: not open)."""
    con = duckdb.connect()
    rows = [(i + 1, s, p, b or None, e or None) for i, (s, p, b, e) in enumerate(spells)]
    con.execute(
        "CREATE TABLE checked (_row BIGINT, RINPERSOONS VARCHAR, RINPERSOON VARCHAR, "
        "GBADATUMAANVANGADRESHOUDING DATE, GBADATUMEINDEADRESHOUDING DATE)"
    )
    if rows:
        con.executemany(
            "INSERT INTO checked VALUES (?, ?, ?, strptime(?, '%Y%m%d'), strptime(?, '%Y%m%d'))",
            rows,
        )
    tbl = TABLES["GBAADRESOBJECTBUS"]
    r = Reading(tbl, None, list(tbl.columns), {})
    return _spells_disjoint(con, r), window_overlaps(con)


@settings(max_examples=300, deadline=None)
@given(st.lists(spell(), min_size=0, max_size=8))
def test_the_proof_holds_only_where_the_window_finds_no_overlap(spells):
    disjoint, n = proof_on(spells)
    if disjoint:
        assert n == 0
    has_open = any(e == "" and b and p for _, p, b, e in spells)  # the proof then says False
    if n == 0 and not has_open:
        assert disjoint  # and it answers for every table the window passes


def test_the_proof_by_hand():
    one = ("R", "000000001")
    assert proof_on([(*one, "20000101", "20000101"), (*one, "20000102", "20100615")])[0]
    # touching (an end on the next begin), equal begins, nested: overlaps
    assert proof_on([(*one, "20000101", "20000102"), (*one, "20000102", "20100615")]) == (
        False,
        1,
    )
    assert not proof_on([(*one, "20000101", "20000101"), (*one, "20000101", "20000101")])[0]
    assert not proof_on([(*one, "19991231", "20501231"), (*one, "20000101", "20000102")])[0]
    # the same dates for two persons (also told apart by RINPERSOONS alone) are no overlap
    two = [("R", "000000001"), ("S", "000000001"), ("", "000000001"), ("R", "999999999")]
    assert proof_on([(*x, "18700101", "20501231") for x in two]) == (True, 0)
    # no person number: not checked
    assert proof_on([("R", "", "20000101", "20501231")] * 2) == (True, 0)
