"""The SQL pieces of the ingest's scan that were written for speed give the value the plain
form gives: the text as stored, trimmed of spaces, tabs and line breaks (`_trim_sql` computes
the trim only for a value that may need it), checked against Python's own `str.strip`."""

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wijkzicht.inputs.ingest as ingest_module
from wijkzicht.inputs.contracts import Column
from wijkzicht.inputs.ingest import (
    InputError,
    _from_number,
    _number_sql,
    _stored_sql,
    _trim_sql,
    _typed_sql,
    _valid_sql,
    ingest,
)

# the trimmed characters, others at or below the space that are not trimmed, and beyond ASCII
ALPHABET = [" ", "\t", "\r", "\n", "\x0b", "\x0c", "\x01", "\x1f", "!", "0", "9", "a", "é", "€"]
ALPHABET += ["\u00a0", "\u2003", "😀"]


def trimmed(values: list[str]) -> list[str]:
    con = duckdb.connect()
    frame = pd.DataFrame({"v": pd.Series(values, dtype=object)})
    con.register("t", frame)
    rows = con.execute(
        f"SELECT i, {_trim_sql('v')} FROM (SELECT row_number() OVER () AS i, v FROM t)"
    )
    return [v for _, v in sorted(rows.fetchall())]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=6), min_size=1, max_size=40))
def test_trim_is_python_strip_of_spaces_tabs_and_line_breaks(values):
    assert trimmed(values) == [v.strip(" \t\r\n") for v in values]


def test_trim_by_hand():
    values = ["", " ", "\t\r\n", " a ", "\ta\n", "a", "\x0ba\x0b", " é\u00a0", "a b", "\r\n1\r\n"]
    assert trimmed(values) == ["", "", "", "a", "a", "a", "\x0ba\x0b", "é\u00a0", "a b", "1"]


def kindouder(tmp_path, rin: list[str]):
    src = tmp_path / "KINDOUDERTAB.parquet"
    n = len(rin)
    pd.DataFrame(
        {
            "RINPERSOONS": ["R"] * n,
            "RINPERSOON": rin,
            "RINPERSOONSpa": [" R\t"] * n,
            "RINPERSOONpa": ["\r\n000000009 "] * n,
            "RINPERSOONSMa": [""] * n,
            "RINPERSOONMa": [" "] * n,
        }
    ).to_parquet(src)
    return src


def test_a_padded_text_column_is_read_trimmed(tmp_path):
    src = kindouder(tmp_path, ["000000001", " 000000002", "000000003\t", "\r\n000000004\r\n"])
    out = tmp_path / "out.parquet"
    ingest("KINDOUDERTAB", src, out)
    got = pd.read_parquet(out)
    assert got["RINPERSOON"].tolist() == ["000000001", "000000002", "000000003", "000000004"]
    assert got["RINPERSOONSpa"].tolist() == ["R"] * 4
    assert got["RINPERSOONpa"].tolist() == ["000000009"] * 4
    assert got["RINPERSOONMa"].tolist() == [""] * 4


def test_a_character_below_the_space_that_is_not_trimmed_is_refused(tmp_path):
    src = kindouder(tmp_path, ["000000001", "\x0b000000002"])
    with pytest.raises(InputError) as err:
        ingest("KINDOUDERTAB", src, tmp_path / "out.parquet")
    assert "column RINPERSOON: 1 row(s) expected 9 digits or empty" in str(err.value)
    assert "data row 2: '\\x0b000000002'" in str(err.value)


def test_key_check_by_hashes_gives_the_exact_answer_when_hashes_collide(tmp_path, monkeypatch):
    """Distinct hashes prove a key unique; equal hashes go to the exact grouping, which alone
    decides (a coarse hash makes most hashes equal: the same output, the same message)."""
    rin = [f"{i:09d}" for i in range(1, 501)]
    unique, twice = tmp_path / "u", tmp_path / "d"
    unique.mkdir(), twice.mkdir()
    results = {}
    for coarse in (False, True):
        if coarse:
            monkeypatch.setattr(ingest_module, "KEY_HASH", "hash({keys}) % 3")
        out = tmp_path / f"out{coarse}.parquet"
        ingest("KINDOUDERTAB", kindouder(unique, rin), out)
        with pytest.raises(InputError) as err:
            ingest("KINDOUDERTAB", kindouder(twice, rin + [rin[6]]), tmp_path / "no.parquet")
        results[coarse] = (out.read_bytes(), str(err.value).replace(str(twice), ""))
    assert results[False] == results[True]
    assert "key (RINPERSOONS, RINPERSOON) is not unique: 1 key value(s)" in results[True][1]
    assert "('R', '000000007') in rows 7 and 501" in results[True][1]
    assert not (tmp_path / "no.parquet").exists()


def test_hashes_distinct_by_hand():
    con = duckdb.connect()
    con.execute(
        "CREATE TEMP TABLE checked AS SELECT * FROM (VALUES ('a', 1), ('b', 2), ('', 2)) t(k, n)"
    )
    assert ingest_module._hashes_distinct(con, "hash(k)", "")
    assert not ingest_module._hashes_distinct(con, "hash(n)", "")
    assert ingest_module._hashes_distinct(con, "hash(n)", "WHERE k <> ''")
    assert ingest_module._hashes_distinct(con, "hash(k)", "WHERE k = 'x'")  # no rows


NUMBER_COLUMNS = [
    Column("F", "float"),
    Column("W", "float", nullable=False, lo=0, exclusive_lo=True),
    Column("P", "int", lo=-1, hi=100),
    Column("K", "int", nullable=False, lo=1, hi=5),
]


def by_text_and_by_number(values: list, dtype: str) -> tuple[list, list]:
    """Per value and column: (valid, typed, filled) computed the way the text is checked
    (`_stored_sql`, `_valid_sql`, `_typed_sql`) and on the number (`_number_sql`)."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t (i INTEGER, x {dtype})")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    text = f"({_stored_sql('x', dtype, 'number')})"
    out = ([], [])
    for col in NUMBER_COLUMNS:
        assert _from_number(col, dtype, "number")
        valid, _, typed, filled = _number_sql(col, "x")
        q_text = f"SELECT {_valid_sql(col, text)[0]}, {_typed_sql(col, text)}, {text} <> '' FROM t ORDER BY i"
        q_num = f"SELECT {valid}, {typed}, {filled} FROM t ORDER BY i"
        for rows, q in zip(out, (q_text, q_num), strict=True):
            # a float's sign and bits, so that -0.0 and 0.0 differ
            rows.extend(
                (v, repr(t) if isinstance(t, float) else t, f)
                for v, t, f in con.execute(q).fetchall()
            )
    return out


SPECIAL = [None, float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 5e-324, 1e30, -1e30, 1e300]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.none(), max_size=30))
def test_a_double_checked_on_its_number_as_on_its_text(values):
    by_text, by_number = by_text_and_by_number(
        SPECIAL + values + [0.5, 2.0, 4.999, 100.0], "DOUBLE"
    )
    assert by_number == by_text


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(width=32, allow_nan=True) | st.none(), max_size=30))
def test_a_float_checked_on_its_number_as_on_its_text(values):
    by_text, by_number = by_text_and_by_number(SPECIAL[:-1] + values, "FLOAT")
    assert by_number == by_text


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.none(), max_size=30))
def test_a_bigint_checked_on_its_number_as_on_its_text(values):
    extremes = [None, 0, 1, 5, 6, -1, -2, 100, 101, 2**63 - 1, -(2**63), 2**53 + 1]
    by_text, by_number = by_text_and_by_number(extremes + values, "BIGINT")
    assert by_number == by_text


def test_a_bad_number_is_shown_as_stored(tmp_path):
    """A value refused on its number is shown in the message as its text."""
    src = tmp_path / "INHATAB2022.parquet"
    pd.DataFrame(
        {
            "RINPERSOONSHKW": ["R"] * 4,
            "RINPERSOONHKW": [f"{i:09d}" for i in range(1, 5)],
            "INHBESTINKH": [1.5, float("inf"), None, float("nan")],
            "INHP100HBEST": pd.array([1, 101, None, -2], dtype="Int64"),
        }
    ).to_parquet(src)
    with pytest.raises(InputError) as err:
        ingest("INHATAB", src, tmp_path / "out.parquet", 2022)
    msg = str(err.value)
    assert (
        "column INHBESTINKH: 1 row(s) expected a finite number. Examples: data row 2: 'inf'" in msg
    )
    assert "column INHP100HBEST: 2 row(s) expected an integer >= -1 and <= 100. Examples: " in msg
    assert "data row 2: '101'; data row 4: '-2'" in msg
