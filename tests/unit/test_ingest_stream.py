"""The streaming ingest: a Parquet table is checked and written in scans of the file, without a
copy of the table in memory. What it must keep: the data row of a message (the file's row
number, across row groups), the output in file order, NaN in a floating column read as
missing, the same bytes with one or two threads, nothing written for a broken file; and the
CSV and SPSS paths giving the same typed table."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from wijkzicht import db
from wijkzicht.inputs.ingest import InputError, ingest

N = 300_000  # beyond DuckDB's row group (122,880 rows) and the file's own row groups
PERSON_COLS = (
    "RINPERSOONS",
    "RINPERSOON",
    "GBAGESLACHT",
    "GBAGEBOORTEJAAR",
    "GBAGEBOORTEMAAND",
    "GBAGEBOORTELAND",
    "GBAGENERATIE",
    "GBAHERKOMSTLAND",
    "GBAAANTALOUDERSBUITENLAND",
)


def persons(n: int = N) -> dict[str, list[str]]:
    """n valid GBAPERSOONTAB rows as text, person i (1-based) with RINPERSOON i."""
    i = np.arange(1, n + 1)
    return {
        "RINPERSOONS": ["R"] * n,
        "RINPERSOON": [f"{k:09d}" for k in i],
        "GBAGESLACHT": np.where(i % 2 == 0, "2", "1").tolist(),
        "GBAGEBOORTEJAAR": [str(1930 + k % 90) for k in i],
        "GBAGEBOORTEMAAND": [f"{k % 13:02d}" for k in i],  # 00: month unknown
        "GBAGEBOORTELAND": np.where(i % 7 == 0, "5022", "6030").tolist(),
        "GBAGENERATIE": np.where(i % 7 == 0, "1", "0").tolist(),
        "GBAHERKOMSTLAND": np.where(i % 7 == 0, "5022", "6030").tolist(),
        "GBAAANTALOUDERSBUITENLAND": np.where(i % 7 == 0, "2", "0").tolist(),
    }


def write_parquet(cols: dict, path: Path, row_group_size: int = 50_000) -> Path:
    pq.write_table(pa.table(cols), path, row_group_size=row_group_size)
    return path


def refused(table: str, path: Path, out: Path, year=None, years=()) -> str:
    with pytest.raises(InputError) as err:
        ingest(table, path, out, year, list(years))
    assert not out.exists()  # nothing written unless the whole table passes
    return str(err.value)


def test_output_is_the_file_in_its_order_with_typed_columns(tmp_path):
    cols = persons()
    src = write_parquet(cols, tmp_path / "GBAPERSOONTAB.parquet")
    out = tmp_path / "out.parquet"
    notes = ingest("GBAPERSOONTAB", src, out)
    assert f"{N} data row(s)" in notes[0]
    got = pd.read_parquet(out)
    assert list(got.columns) == list(PERSON_COLS)
    assert got["RINPERSOON"].tolist() == cols["RINPERSOON"]  # file order, every row
    assert got["GBAGEBOORTEJAAR"].tolist() == [int(v) for v in cols["GBAGEBOORTEJAAR"]]
    assert got["GBAGEBOORTEMAAND"].tolist() == [int(v) for v in cols["GBAGEBOORTEMAAND"]]
    assert got["GBAGEBOORTELAND"].tolist() == cols["GBAGEBOORTELAND"]


def test_same_bytes_with_one_and_two_threads_and_on_rerun(tmp_path):
    src = write_parquet(persons(), tmp_path / "GBAPERSOONTAB.parquet")
    outs = []
    try:
        for k, threads in enumerate((1, 2, 2)):
            db.job_resources(threads, None, None)
            outs.append(tmp_path / f"out{k}.parquet")
            ingest("GBAPERSOONTAB", src, outs[-1])
    finally:
        db.job_resources(None, None, None)
    one, two, again = (p.read_bytes() for p in outs)
    assert one == two == again


@pytest.mark.parametrize("row", [1, 50_001, N - 2])  # first, second row group, near the end
def test_a_bad_value_names_its_data_row_across_row_groups(tmp_path, row):
    cols = persons()
    cols["RINPERSOON"][row - 1] = "12345"
    cols["GBAGEBOORTEJAAR"][N - 1] = "1850"
    src = write_parquet(cols, tmp_path / "GBAPERSOONTAB.parquet")
    msg = refused("GBAPERSOONTAB", src, tmp_path / "out.parquet")
    assert (
        f"column RINPERSOON: 1 row(s) expected 9 digits or empty. Examples: data row {row}: '12345'"
        in msg
    )
    assert "column GBAGEBOORTEJAAR: 1 row(s)" in msg and f"data row {N}: '1850'" in msg


def test_a_key_given_twice_names_both_rows_across_row_groups(tmp_path):
    cols = persons()
    cols["RINPERSOON"][N - 1] = cols["RINPERSOON"][9]  # data rows 10 and N
    src = write_parquet(cols, tmp_path / "GBAPERSOONTAB.parquet")
    msg = refused("GBAPERSOONTAB", src, tmp_path / "out.parquet")
    assert f"('R', '000000010') in rows 10 and {N}" in msg


def test_a_bad_value_in_a_large_csv_names_data_row_and_line(tmp_path):
    cols = persons()
    cols["GBAGESLACHT"][N - 3] = "X"
    src = tmp_path / "GBAPERSOONTAB.csv"
    pd.DataFrame(cols).to_csv(src, sep=";", index=False)
    msg = refused("GBAPERSOONTAB", src, tmp_path / "out.parquet")
    assert f"data row {N - 2} (line {N - 1}): 'X'" in msg


def test_a_spell_overlap_near_the_end(tmp_path):
    n = 200_000
    cols = {
        "RINPERSOONS": ["R"] * n,
        "RINPERSOON": [f"{k:09d}" for k in range(1, n + 1)],
        "GBADATUMAANVANGADRESHOUDING": ["20100101"] * n,
        "GBADATUMEINDEADRESHOUDING": [""] * n,
        "SOORTOBJECTNUMMER": ["A"] * n,
        "RINOBJECTNUMMER": [str(k) for k in range(n)],
    }
    cols["RINPERSOON"][n - 1] = cols["RINPERSOON"][0]  # a second open spell of person 1
    src = write_parquet(cols, tmp_path / "GBAADRESOBJECTBUS.parquet")
    msg = refused("GBAADRESOBJECTBUS", src, tmp_path / "out.parquet")
    assert "1 spell(s) overlap an earlier spell of the same person" in msg
    assert f"rows 1 and {n} (R, 000000001)" in msg


def test_nan_in_a_floating_column_is_missing_in_every_row_group(tmp_path):
    """NaN is missing (as an SPSS system-missing value). Parquet's min/max statistics leave
    NaN out; a check on the scan itself can take them for numbers (seen: 'nan' as the value
    as stored), so a floating column is read from a copy. Reference made by hand from the
    input: NaN and null -> null, numbers as they are."""
    n = 120_000
    income = np.linspace(-5_000.0, 250_000.0, n)
    income[[3, 70_001, n - 2]] = np.nan
    mask = np.zeros(n, dtype=bool)
    mask[[10, n - 1]] = True
    cols = {
        "RINPERSOONSHKW": ["R"] * n,
        "RINPERSOONHKW": [f"{k:09d}" for k in range(1, n + 1)],
        "INHBESTINKH": pa.array(income, pa.float64(), mask=mask),  # NaN kept as NaN
        "INHP100HBEST": [str(k % 100 + 1) for k in range(n)],
    }
    src = write_parquet(cols, tmp_path / "INHATAB2022.parquet", row_group_size=20_000)
    out = tmp_path / "out.parquet"
    ingest("INHATAB", src, out, 2022, [2022])
    got = pd.read_parquet(out)
    want = income.copy()
    want[mask] = np.nan
    assert got["RINPERSOONHKW"].tolist() == cols["RINPERSOONHKW"]
    assert got["INHBESTINKH"].isna().tolist() == np.isnan(want).tolist()
    assert got["INHBESTINKH"].isna().sum() == 5
    ok = ~np.isnan(want)
    assert got["INHBESTINKH"].to_numpy()[ok].tolist() == want[ok].tolist()
    assert got["INHP100HBEST"].tolist() == [k % 100 + 1 for k in range(n)]


def test_nan_in_a_required_floating_column_is_refused_as_empty(tmp_path):
    from wijkzicht.inputs.contracts import TABLES
    from wijkzicht.inputs.ingest import required_columns

    n = 100_000
    names = [c.name for c in required_columns(TABLES["GEZOMONITOR"], 2022, [2022])]
    cols: dict = {c: ["1"] * n for c in names}
    cols["RINPERSOONS"] = ["R"] * n
    cols["RINPERSOON"] = [f"{k:09d}" for k in range(1, n + 1)]
    cols["STRATUM"] = ["034401"] * n
    weight = np.linspace(1.0, 100.0, n)
    weight[n - 7] = np.nan
    cols["WEIGHT"] = weight
    src = write_parquet(cols, tmp_path / "GEZOMONITOR2022.parquet", row_group_size=20_000)
    msg = refused("GEZOMONITOR", src, tmp_path / "out.parquet", 2022, [2022])
    assert "column WEIGHT: 1 row(s) expected non-empty, a finite number > 0. " in msg
    assert f"data row {n - 6}: 'NaN'" in msg  # as stored, not ''


INCOME_CSV = (
    "RINPERSOONSHKW;RINPERSOONHKW;INHBESTINKH;INHP100HBEST\n"
    "R;000000001;12,5;3\n"
    'R;"000000002";-1000;100\n'
    "R;000000003;;\n"
    "R;000000004;2.5e3;-1\n"
)


def test_csv_reads_to_its_hand_made_typed_table(tmp_path):
    src = tmp_path / "INHATAB2022.csv"
    src.write_text(INCOME_CSV, encoding="utf-8")
    out = tmp_path / "out.parquet"
    ingest("INHATAB", src, out, 2022, [2022])
    got = pd.read_parquet(out)
    want = pd.DataFrame(
        {
            "RINPERSOONSHKW": ["R"] * 4,
            "RINPERSOONHKW": ["000000001", "000000002", "000000003", "000000004"],
            "INHBESTINKH": [12.5, -1000.0, np.nan, 2500.0],
            "INHP100HBEST": pd.array([3, 100, None, -1], dtype="Int32"),
        }
    )
    got["INHP100HBEST"] = got["INHP100HBEST"].astype("Int32")
    pd.testing.assert_frame_equal(got, want)


def test_sav_reads_to_its_hand_made_typed_table(tmp_path):
    """An SPSS file (converted to Parquet, then read like one): a code stored as a number
    gets its leading zeros back, a system-missing number is missing, row order is kept."""
    df = pd.DataFrame(
        {
            "RINPERSOONSHKW": ["R", "R", "R"],
            "RINPERSOONHKW": [3.0, 1.0, 123456789.0],
            "INHBESTINKH": [np.nan, 20500.25, -3.0],
            "INHP100HBEST": [7.0, np.nan, 100.0],
        }
    )
    src = tmp_path / "INHATAB2022.sav"
    pyreadstat.write_sav(df, str(src))
    out = tmp_path / "out.parquet"
    ingest("INHATAB", src, out, 2022, [2022])
    got = pd.read_parquet(out)
    assert got["RINPERSOONHKW"].tolist() == ["000000003", "000000001", "123456789"]
    assert got["INHBESTINKH"].isna().tolist() == [True, False, False]
    assert got["INHBESTINKH"].tolist()[1:] == [20500.25, -3.0]
    assert got["INHP100HBEST"].astype("Int32").tolist() == [7, pd.NA, 100]


def test_a_file_broken_in_the_middle_is_refused_and_nothing_written(tmp_path):
    src = write_parquet(persons(), tmp_path / "GBAPERSOONTAB.parquet")
    meta = pq.ParquetFile(src).metadata
    col = meta.row_group(3).column(1)  # RINPERSOON in the fourth row group
    data = bytearray(src.read_bytes())
    start = col.data_page_offset + 64
    data[start : start + 2000] = b"\xff" * 2000
    src.write_bytes(bytes(data))
    msg = refused("GBAPERSOONTAB", src, tmp_path / "out.parquet")
    assert "the file cannot be read whole" in msg


def test_a_spell_table_keeps_file_order(tmp_path):
    """The typed table of a spell table is built in parallel and may come out of file order
    (seen on GBAHUISHOUDENSBUS with 2 threads); the output is still in file order."""
    n = N
    rng = np.random.default_rng(14)
    persons_ = rng.permutation(n) + 1
    begin = rng.integers(0, 8000, n)  # to 2021
    cols = {
        "RINPERSOONS": ["R"] * n,
        "RINPERSOON": [f"{k:09d}" for k in persons_],
        "HUISHOUDNR": [str(k // 3) for k in persons_],
        "DATUMAANVANGHH": [
            (pd.Timestamp("2000-01-01") + pd.Timedelta(days=int(d))).strftime("%Y%m%d")
            for d in begin
        ],
        "DATUMEINDEHH": np.where(begin % 3 == 0, "", "20231231").tolist(),
        "TYPHH": [str(1 + k % 8) for k in persons_],
        "PLHH": [str(1 + k % 8) for k in persons_],
    }
    src = write_parquet(cols, tmp_path / "GBAHUISHOUDENSBUS.parquet")
    out = tmp_path / "out.parquet"
    try:
        db.job_resources(2, None, None)
        ingest("GBAHUISHOUDENSBUS", src, out)
    finally:
        db.job_resources(None, None, None)
    got = pd.read_parquet(out)
    assert got["RINPERSOON"].tolist() == cols["RINPERSOON"]
    assert got["HUISHOUDNR"].tolist() == cols["HUISHOUDNR"]
