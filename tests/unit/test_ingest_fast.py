"""The fast path of the ingest's scan (`ingest._fast_sql`: a code that is valid as stored is
neither trimmed nor checked again) gives what the plain form gives: the same typed Parquet
bytes for a table that passes, the same message for one that does not. Each test reads the
same file twice, with and without the fast path."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wijkzicht.inputs.ingest as ingest_module
from wijkzicht.inputs.contracts import Column
from wijkzicht.inputs.ingest import InputError, _fast_sql, ingest

# per column of GBAPERSOONTAB and GBAADRESOBJECTBUS: valid values as stored, the same padded
# (trimmed by the plain form), values that are wrong, and characters that are not trimmed
PAD = ["", " ", "\t", "\r\n", "\x0b", "\u00a0"]
VALUES = {
    "RINPERSOONS": ["R", "", "RR", "é", " "],
    "RINPERSOON": [
        "000000001",
        "123456789",
        "12345678",
        "1234567890",
        "12345678a",
        "",
        "١٢٣٤٥٦٧٨٩",
    ],
    "GBAGESLACHT": ["1", "2", "-", "3", "", "12"],
    "GBAGEBOORTEJAAR": ["1980", "2050", "1869", "2051", "198", "19800", "", "+980", "1e03"],
    "GBAGEBOORTEMAAND": ["00", "1", "12", "13", "001", "", "-1", "1.0"],
    "GBAGEBOORTELAND": ["6030", "0000", "603", "60300", "", "60a0"],
    "GBAGENERATIE": ["0", "1", "2", "-", "3", ""],
    "GBAHERKOMSTLAND": ["5049", "", "504", "5O49"],
    "GBAAANTALOUDERSBUITENLAND": ["0", "1", "2", "3", ""],
}
DATES = ["20200101", "20200230", "18691231", "20501231", "20510101", "2020010", "", "2020-01-01"]
ADRES = {
    "RINPERSOONS": ["R"],
    "RINPERSOON": ["000000001", "000000002", "000000003", "00000000x"],
    "GBADATUMAANVANGADRESHOUDING": DATES,
    "GBADATUMEINDEADRESHOUDING": DATES,
    "SOORTOBJECTNUMMER": ["A", " A", ""],
    "RINOBJECTNUMMER": ["1", "2 ", ""],
}


TRIMMED_PAD = ["", " ", "\t", "\r\n"]  # what the plain form trims: a valid table still
VALID = {  # valid values of GBAPERSOONTAB's columns
    "RINPERSOONS": ["R", ""],
    "GBAGESLACHT": ["1", "-"],
    "GBAGEBOORTEJAAR": ["1980", "2050"],
    "GBAGEBOORTEMAAND": ["00", "1", "12"],
    "GBAGEBOORTELAND": ["6030", ""],
    "GBAGENERATIE": ["0", "-"],
    "GBAHERKOMSTLAND": ["5049", ""],
    "GBAAANTALOUDERSBUITENLAND": ["2", ""],
}


def cell(options: list[str], pad: list[str] = PAD):
    return st.tuples(st.sampled_from(pad), st.sampled_from(options), st.sampled_from(pad)).map(
        "".join
    )


def table(columns: dict[str, list[str]], n_rows: int, valid: bool = False):
    """Rows of `columns`; with `valid` only valid values, padded with what is trimmed, each
    RINPERSOON once (so that the table passes and its typed bytes are compared)."""
    cells = {
        name: cell(VALID.get(name, options), TRIMMED_PAD) if valid else cell(options)
        for name, options in columns.items()
    }
    if valid:
        cells["RINPERSOON"] = cell([f"{i:09d}" for i in range(1, 30)], TRIMMED_PAD)
    return st.lists(
        st.fixed_dictionaries(cells),
        min_size=1,
        max_size=n_rows,
        unique_by=(lambda row: row["RINPERSOON"].strip()) if valid else None,
    )


def read_patched(
    path, out, table_name: str, monkeypatch, patches: dict | None = None, *args
) -> tuple[bytes | None, str]:
    """(the typed Parquet's bytes, or None; the error message, or '') of `ingest` with
    `patches` (a name in wijkzicht.inputs.ingest -> its replacement) set: one way of reading
    against another (the tests of the fast path, the key hashes and the spell proof)."""
    with monkeypatch.context() as m:
        for name, value in (patches or {}).items():
            m.setattr(ingest_module, name, value)
        try:
            ingest(table_name, path, out, *args)
        except InputError as err:
            return None, str(err)
    return out.read_bytes(), ""


def read(path, out, table_name: str, monkeypatch, fast: bool) -> tuple[bytes | None, str]:
    plain = None if fast else {"_fast_sql": lambda col, x: None}
    return read_patched(path, out, table_name, monkeypatch, plain)


def same_both_ways(tmp_path, monkeypatch, table_name: str, rows: list[dict]) -> tuple:
    src = tmp_path / f"{table_name}.parquet"
    pd.DataFrame(rows).to_parquet(src, index=False)
    fast = read(src, tmp_path / "fast.parquet", table_name, monkeypatch, fast=True)
    plain = read(src, tmp_path / "plain.parquet", table_name, monkeypatch, fast=False)
    assert fast == plain
    return fast


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table(VALUES, 8))
def test_persons_read_the_same_with_and_without_the_fast_path(tmp_path, monkeypatch, rows):
    same_both_ways(tmp_path, monkeypatch, "GBAPERSOONTAB", rows)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table(VALUES, 8, valid=True))
def test_valid_persons_give_the_same_bytes_with_and_without_the_fast_path(
    tmp_path, monkeypatch, rows
):
    data, message = same_both_ways(tmp_path, monkeypatch, "GBAPERSOONTAB", rows)
    assert data is not None, message


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table(ADRES, 6))
def test_address_spells_read_the_same_with_and_without_the_fast_path(tmp_path, monkeypatch, rows):
    same_both_ways(tmp_path, monkeypatch, "GBAADRESOBJECTBUS", rows)


def test_fast_path_by_hand(tmp_path, monkeypatch):
    good = {"RINPERSOONS": "R", "RINPERSOON": "000000001", "GBAGESLACHT": "1",
            "GBAGEBOORTEJAAR": "1980", "GBAGEBOORTEMAAND": "00", "GBAGEBOORTELAND": "6030",
            "GBAGENERATIE": "0", "GBAHERKOMSTLAND": "", "GBAAANTALOUDERSBUITENLAND": "2"}  # fmt: skip
    padded = {k: f" {v}\t" for k, v in good.items()} | {"RINPERSOON": "000000002\r\n"}
    data, message = same_both_ways(tmp_path, monkeypatch, "GBAPERSOONTAB", [good, padded])
    assert message == "" and data is not None
    typed = pd.read_parquet(tmp_path / "fast.parquet")
    assert typed["RINPERSOON"].tolist() == ["000000001", "000000002"]
    assert typed["GBAGEBOORTEJAAR"].tolist() == [1980, 1980]
    bad = good | {"GBAGEBOORTEMAAND": "13", "RINPERSOON": "\u00a0000000003"}
    data, message = same_both_ways(tmp_path, monkeypatch, "GBAPERSOONTAB", [good, bad])
    assert data is None
    assert "column GBAGEBOORTEMAAND: 1 row(s) expected non-empty, a month" in message
    assert "column RINPERSOON: 1 row(s) expected 9 digits" in message


@pytest.mark.parametrize(
    ("col", "valid_as_stored", "not_fast"),
    [
        (Column("R", "rin"), ["000000001"], ["", " 000000001", "00000000١"]),
        (Column("R", "rins"), ["", "R"], [" ", "RR", "é"]),
        (Column("G", "code", domain=("1", "2")), ["1", "2"], ["", " 1", "3"]),
        (Column("Y", "year"), ["1870", "2050"], ["", "1869", "198 "]),
        (Column("M", "month"), ["0", "00", "12"], ["", "13", "1 "]),
        (Column("D", "date"), ["20200229"], ["", "20210229", " 20200101"]),
    ],
)
def test_the_fast_condition_holds_only_for_a_valid_value_that_needs_no_trim(
    col, valid_as_stored, not_fast
):
    import duckdb

    con = duckdb.connect()
    cond = _fast_sql(col, "x")
    assert cond is not None
    got = {
        v: con.execute(f"SELECT {cond} FROM (SELECT $v AS x)", {"v": v}).fetchall()[0][0]
        for v in valid_as_stored + not_fast
    }
    assert got == {**dict.fromkeys(valid_as_stored, True), **dict.fromkeys(not_fast, False)}


def test_no_fast_path_for_free_text_numbers_or_an_untrimmed_domain():
    assert _fast_sql(Column("T", "text"), "x") is None
    assert _fast_sql(Column("F", "float"), "x") is None
    assert _fast_sql(Column("C", "code", domain=("a ", "b")), "x") is None
