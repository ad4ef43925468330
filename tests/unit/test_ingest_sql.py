"""The SQL pieces of the ingest's scan that were written for speed give the value the plain
form gives: the text as stored, trimmed of spaces, tabs and line breaks (`_trim_sql` computes
the trim only for a value that may need it), checked against Python's own `str.strip`."""

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wijkzicht.inputs.ingest as ingest_module
from wijkzicht.inputs.ingest import InputError, _trim_sql, ingest

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
