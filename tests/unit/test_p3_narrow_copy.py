"""Narrowing skipped where the reach holds most persons: the year's tables copied byte for byte
(population.reach.narrowing_pays, narrow_tables with narrowing False; issue 14, P3)."""

import hashlib

import pandas as pd
import pytest

from wijkzicht import db
from wijkzicht.population.reach import WHOLE_SHARE, narrow_tables, narrowing_pays


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _con(reached: int):
    con = db.connect()
    con.execute(
        "CREATE TEMP TABLE reach AS SELECT 'R' AS RINPERSOONS, lpad(i::VARCHAR, 9, '0') AS "
        f"RINPERSOON, ['gemeente'] AS roles FROM range({reached}) t(i)"
    )
    return con


def _register(path, persons: int):
    # written by pandas (pyarrow), not DuckDB: a copy re-encoded by DuckDB has other bytes
    pd.DataFrame(
        {
            "RINPERSOONS": ["R"] * persons,
            "RINPERSOON": [f"{i:09d}" for i in range(persons)],
            "GBAGESLACHT": ["1", "2"] * (persons // 2) + ["1"] * (persons % 2),
        }
    ).to_parquet(path, index=False)
    return path


@pytest.mark.parametrize(
    ("reached", "narrowed"), [(49, True), (50, False), (100, False), (0, True)]
)
def test_narrowing_pays_below_the_share_of_the_register(tmp_path, reached, narrowed):
    assert WHOLE_SHARE == 0.5
    register = _register(tmp_path / "GBAPERSOONTAB.parquet", 100)
    assert narrowing_pays(_con(reached), register) is narrowed


def test_a_table_copied_whole_is_the_national_file_byte_for_byte(tmp_path):
    register = _register(tmp_path / "GBAPERSOONTAB.parquet", 100)
    out = tmp_path / "narrowed" / "GBAPERSOONTAB.parquet"
    con = _con(90)
    counts = narrow_tables(
        con, {"GBAPERSOONTAB": register}, {"GBAPERSOONTAB": out}, narrowing=False
    )
    assert counts == {"GBAPERSOONTAB": (100, 100)}
    assert _sha(out) == _sha(register)
    assert not list(out.parent.glob("*.tmp*"))  # written atomically, nothing left beside it


def test_the_copy_holds_every_row_of_the_narrowed_table(tmp_path):
    # what the per-year jobs read of a reached person is the same in both
    register = _register(tmp_path / "GBAPERSOONTAB.parquet", 100)
    con = _con(60)
    whole, kept = tmp_path / "whole.parquet", tmp_path / "kept.parquet"
    narrow_tables(con, {"GBAPERSOONTAB": register}, {"GBAPERSOONTAB": whole}, narrowing=False)
    narrow_tables(con, {"GBAPERSOONTAB": register}, {"GBAPERSOONTAB": kept}, narrowing=True)
    a, b = pd.read_parquet(whole), pd.read_parquet(kept)
    assert len(b) == 60 and len(a) == 100
    reached = a[a["RINPERSOON"].isin(b["RINPERSOON"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(reached, b)
