"""Files as they arrive from the real world (V1): what a run makes of a NaN in a Parquet number
column, a date that is not in the calendar, codes a spreadsheet program converted, and
KINDOUDERTAB's placeholder for a parent not known; docs/INPUTS.md says the same."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow.parquet as pq
import pytest
from worlds import (
    REPO,
    adres,
    config,
    ingest_all,
    kindouder,
    objects,
    persoon,
    run_kopp,
    table,
    write_world,
)

from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.crosscheck import check_inputs
from wijkzicht.inputs.delivery import markdown
from wijkzicht.inputs.ingest import SPREADSHEET, InputError, ingest, required_columns
from wijkzicht.inputs.reference import read_geography


def _parquet(df: pd.DataFrame, path) -> None:
    """`df` as Parquet with its NaN kept as NaN (pandas' to_parquet writes them as nulls; a
    numpy-based writer, pyarrow from arrays, keeps them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {c: pa.array(df[c].to_numpy(), from_pandas=False) for c in df.columns}
    pq.write_table(pa.table(arrays), path)


def _error(tmp_path, table_name, df, year=None, years=(2021,), fmt="csv") -> str:
    path = tmp_path / f"{table_name}.{fmt}"
    if fmt == "csv":
        df.to_csv(path, sep=";", index=False)
    else:
        _parquet(df, path)
    with pytest.raises(InputError) as err:
        ingest(table_name, path, tmp_path / "out.parquet", year, list(years))
    return str(err.value)


# --- a. NaN in a Parquet number column


def test_nan_in_a_parquet_number_column_reads_as_missing_as_the_page_says(tmp_path):
    """numpy-based tools hold a missing number as NaN (pyreadstat reads SPSS's system-missing
    so), and a Parquet file written from arrays keeps it: in a CBS extract a value not known,
    read as missing like an empty cell or a null. docs/INPUTS.md said 'a finite number' for
    these columns, which a reader takes to refuse NaN."""
    cols = [c.name for c in required_columns(TABLES["ZVWZORGKOSTENTAB"], 2021, [2021])]
    df = pd.DataFrame({c: ["R", "R"] if c == "RINPERSOONS" else ["1", "2"] for c in cols})
    df["RINPERSOON"] = ["000000001", "000000002"]
    for c in cols[2:]:
        df[c] = [12.5, math.nan]
    path = tmp_path / "zvw.parquet"
    _parquet(df, path)
    stored = pq.read_table(path).column("ZVWKHUISARTS").to_pylist()
    assert stored[0] == 12.5 and math.isnan(stored[1])  # NaN in the file, not a null
    ingest("ZVWZORGKOSTENTAB", path, tmp_path / "out.parquet", 2021, [2021])
    read = pq.read_table(tmp_path / "out.parquet").column("ZVWKHUISARTS")
    assert read.to_pylist() == [12.5, None]  # missing (null), as an empty CSV field gives
    page = markdown()
    assert (
        "| `ZVWKHUISARTS` | a number | a finite number, or missing (empty, null or NaN) |" in page
    )
    assert (
        "| `WEIGHT` | a number | non-empty, a finite number > 0 (empty, null or NaN refused) |"
        in page
    )
    assert "a NaN in a Parquet number column is read as missing too" in page
    assert (REPO / "docs/INPUTS.md").read_text(encoding="utf-8") == page


def test_nan_where_a_number_must_be_filled_is_refused(tmp_path):
    cols = [c.name for c in required_columns(TABLES["GEZOMONITOR"], 2022, [2022])]
    df = pd.DataFrame({c: [math.nan, math.nan] for c in cols})
    df["RINPERSOONS"], df["RINPERSOON"] = "R", ["000000001", "000000002"]
    df["STRATUM"] = "034401"
    df["WEIGHT"] = [1.5, math.nan]
    msg = _error(tmp_path, "GEZOMONITOR", df, 2022, (2022,), fmt="parquet")
    # the value as stored: NaN, not an empty text
    assert (
        "column WEIGHT: 1 row(s) expected non-empty, a finite number > 0. Examples: data row 2: 'NaN'"
        in msg
    )


# --- b. a date that is not a calendar date

ADRES = table("""
| RINPERSOONS | RINPERSOON | GBADATUMAANVANGADRESHOUDING | GBADATUMEINDEADRESHOUDING | SOORTOBJECTNUMMER | RINOBJECTNUMMER |
| R           | 000000001  | 20100101                    | 20210230                  | B                 | 012345678901    |
| R           | 000000002  | 20100101                    | 20501231                  | B                 | 012345678901    |
| R           | 000000003  | 2010-01-01                  | 20211301                  | B                 | 012345678901    |
""")


def test_a_date_that_is_not_in_the_calendar_is_named_so(tmp_path):
    msg = _error(tmp_path, "GBAADRESOBJECTBUS", ADRES)
    # 20210230 (30 February) and 20211301 (month 13): the form is right, the day does not exist
    assert (
        "column GBADATUMEINDEADRESHOUDING: 2 row(s) expected a date YYYYMMDD on a day that "
        "exists; these are not a calendar date" in msg
    )
    assert "data row 1 (line 2): '20210230'; data row 3 (line 4): '20211301'" in msg
    # a date of another form is refused as before, and named once
    assert (
        "column GBADATUMAANVANGADRESHOUDING: 1 row(s) expected a date YYYYMMDD from 18700101 "
        "to 20501231 (or empty). Examples: data row 3 (line 4): '2010-01-01'"
    ) in msg
    assert msg.count("not a calendar date") == 1


# --- c. codes a spreadsheet program converted


def test_keys_without_leading_zeros_or_in_scientific_notation_say_spreadsheet(tmp_path):
    df = table("""
| RINPERSOONS | RINPERSOON  | ATC4 |
| R           | 12345678    | N05C |
| R           | 1,23457E+08 | N06A |
| R           | 000000003   | N06A |
""")
    msg = _error(tmp_path, "MEDICIJNTAB", df, 2021)
    assert "column RINPERSOON: 2 row(s) expected 9 digits or empty" in msg
    assert "These look like a spreadsheet program's conversion (Excel, LibreOffice Calc)" in msg
    assert "import these columns as text" in msg
    assert SPREADSHEET in msg
    # another wrong value is not blamed on a spreadsheet
    df.loc[:, "RINPERSOON"] = ["12345678x", "000000002", "000000003"]
    assert SPREADSHEET not in _error(tmp_path, "MEDICIJNTAB", df, 2021)


def test_an_area_code_without_its_leading_zero_says_spreadsheet(tmp_path):
    cols = [c.name for c in required_columns(TABLES["GEZOMONITOR"], 2022, [2022])]
    df = pd.DataFrame({c: [""] for c in cols}, dtype=str)
    df["RINPERSOONS"], df["RINPERSOON"], df["WEIGHT"] = "R", "000000001", "1"
    df["STRATUM"] = "34401"
    msg = _error(tmp_path, "GEZOMONITOR", df, 2022, (2022,))
    assert "column STRATUM: 1 row(s) expected non-empty, 6 digits" in msg and SPREADSHEET in msg


def test_object_numbers_converted_in_one_file_say_spreadsheet(tmp_path):
    vsl = table("""
| SOORTOBJECTNUMMER | RINOBJECTNUMMER | gem2022 | wc2022 | bc2022   |
| B                 | 012345678901    | 0344    | 034401 | 03440100 |
""")
    sources = {("VSLGWBTAB", 2022): tmp_path / "VSLGWBTAB.csv"}
    vsl.to_csv(sources[("VSLGWBTAB", 2022)], sep=";", index=False)
    validated = {("VSLGWBTAB", 2022): tmp_path / "vsl.parquet"}
    ingest("VSLGWBTAB", sources[("VSLGWBTAB", 2022)], validated[("VSLGWBTAB", 2022)], None, [2022])
    spells = ADRES.iloc[[1]].assign(RINOBJECTNUMMER="12345678901")
    sources[("GBAADRESOBJECTBUS", None)] = tmp_path / "adres.csv"
    spells.to_csv(sources[("GBAADRESOBJECTBUS", None)], sep=";", index=False)
    validated[("GBAADRESOBJECTBUS", None)] = tmp_path / "adres.parquet"
    ingest("GBAADRESOBJECTBUS", sources[("GBAADRESOBJECTBUS", None)],
           validated[("GBAADRESOBJECTBUS", None)], None, [2022])  # fmt: skip
    geo = REPO / "config/reference/geography.csv"
    with pytest.raises(InputError) as err:
        check_inputs(validated, sources, read_geography(geo), geo, "GM0344", [2022])
    assert "data row 1: '12345678901' (VSLGWBTAB: '012345678901')" in str(err.value)
    assert SPREADSHEET in str(err.value)


def test_object_numbers_in_scientific_notation_in_both_files_say_spreadsheet(tmp_path):
    """Converted alike in both files, object numbers in scientific notation pass the cross-check
    but lose digits: different objects get one number, which VSLGWBTAB refuses as a key
    given twice; that refusal names the spreadsheet too."""
    vsl = table("""
| SOORTOBJECTNUMMER | RINOBJECTNUMMER | gem2022 | wc2022 | bc2022   |
| B                 | 4,80939E+11     | 0344    | 034401 | 03440100 |
| B                 | 4,80939E+11     | 0344    | 034402 | 03440200 |
""")
    msg = _error(tmp_path, "VSLGWBTAB", vsl, None, (2022,))
    assert "key (SOORTOBJECTNUMMER, RINOBJECTNUMMER) is not unique" in msg
    assert SPREADSHEET in msg
    vsl.loc[:, "RINOBJECTNUMMER"] = "012345678901"  # a key given twice as such: no such word
    assert SPREADSHEET not in _error(tmp_path, "VSLGWBTAB", vsl, None, (2022,))


def test_a_key_stored_as_a_32_bit_float_is_refused(tmp_path):
    """float32 keeps about 7 digits: a RINPERSOON written as one is rounded (123456789 reads
    back as 123456792) and linked to another person without a word; before, it was read."""
    import numpy as np
    import pyarrow as pa

    path = tmp_path / "MEDICIJNTAB2021.parquet"
    table_ = {
        "RINPERSOONS": pa.array(["R", "R"]),
        "RINPERSOON": pa.array(np.array([123456789, 3], dtype="float32")),
        "ATC4": pa.array(["N05C", "N06A"]),
    }
    pq.write_table(pa.table(table_), path)
    with pytest.raises(InputError) as err:
        ingest("MEDICIJNTAB", path, tmp_path / "out.parquet", 2021, [2021])
    msg = str(err.value)
    assert "column RINPERSOON: stored as a 32-bit floating point number (FLOAT)" in msg
    assert "(123456789 reads back as 123456792)" in msg
    # as a 64-bit float it is exact: read, its zeros put back
    table_["RINPERSOON"] = pa.array(np.array([123456789, 3], dtype="float64"))
    pq.write_table(pa.table(table_), path)
    ingest("MEDICIJNTAB", path, tmp_path / "out.parquet", 2021, [2021])
    out = pq.read_table(tmp_path / "out.parquet").column("RINPERSOON").to_pylist()
    assert out == ["123456789", "000000003"]


# --- d. KINDOUDERTAB: a parent not known

YEARS = [2020, 2021]


def test_cbs_placeholder_for_a_parent_not_known_is_never_linked(tmp_path):
    """CBS writes a parent not known as RINPERSOON '---------' (nine dashes) in KINDOUDERTAB,
    where inputs.md says empty: read as not known (empty), never as a parent. Before, the
    whole table was refused ('expected 9 digits or empty')."""
    tables = {
        "GBAPERSOONTAB": persoon("""
| S | P         | SEX | JAAR | MAAND | GEN | HERKOMST |
| R | 000000001 | 1   | 2015 | 06    | 0   | 6030     |
| R | 000000002 | 2   | 2012 | 01    | 0   | 6030     |
| R | 000000003 | 2   | 2011 | 01    | 0   | 6030     |
| R | 000000102 | 2   | 1982 | 01    | 0   | 6030     |
"""),
        "GBAADRESOBJECTBUS": adres("""
| S | P         | AANVANG  | EINDE    | OBJ |
| R | 000000001 | 20150601 | 20501231 | A1  |
| R | 000000002 | 20120101 | 20501231 | A1  |
| R | 000000003 | 20110101 | 20501231 | A1  |
| R | 000000102 | 20000101 | 20501231 | A1  |
"""),
        "KINDOUDERTAB": kindouder("""
| S | P         | Spa | Ppa       | Sma | Pma       |
| R | 000000001 | R   | --------- | R   | 000000102 |
| R | 000000002 | R   | --------- | R   | --------- |
| R | 000000003 |     | --------- |     | --------- |
"""),
        "VSLGWBTAB": objects({"A1": ("0344", "034401", "03440100")}, YEARS),
    }
    root = write_world(tmp_path / "world", tables, YEARS)
    cfg = config(years=YEARS, survey_waves=[])
    validated = ingest_all(root, tmp_path / "validated", cfg)
    links = pd.read_parquet(validated[("KINDOUDERTAB", None)])
    assert links["RINPERSOONpa"].tolist() == ["", "", ""]
    assert links["RINPERSOONMa"].tolist() == ["000000102", "", ""]
    _, _, kids, _ = run_kopp(validated, cfg, 2021)
    parents = dict(zip(kids["RINPERSOON"], kids["n_linkable_parents"], strict=True))
    assert parents == {"000000001": 1, "000000002": 0, "000000003": 0}
    # another value that is no number is still refused, and the page names the placeholder
    tables["KINDOUDERTAB"].loc[0, "RINPERSOONpa"] = "--"
    write_world(tmp_path / "world2", tables, YEARS)
    with pytest.raises(InputError, match="expected 9 digits, empty or '---------'"):
        ingest_all(tmp_path / "world2", tmp_path / "validated2", cfg)
    assert (
        "| `RINPERSOONpa` | RINPERSOON-type key: 9 digits as text | 9 digits, empty or "
        "'---------' (not known: read as empty) |"
    ) in markdown()
