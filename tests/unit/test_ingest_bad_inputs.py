"""The bad-input suite: one broken input per kind, read by the pipeline's own reader.

For every kind the message must name the table, the user's file, the column (where the
fault lies in one) and an example value as stored, and nothing may be written. File-level
faults (missing, empty, a directory, the wrong format, broken quoting) name the file and,
where known, the line. The workflow-level cases (nothing under results/export/, a missing
table, a bad reference code, a config typo) are in tests/e2e/test_bad_inputs.py.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from worlds import table

from wijkzicht.inputs.ingest import InputError, ingest

# one clean table per contract table, as text; every case breaks one thing
CLEAN = {
    "GBAPERSOONTAB": """
    | RINPERSOONS | RINPERSOON | GBAGESLACHT | GBAGEBOORTEJAAR | GBAGEBOORTEMAAND | GBAGEBOORTELAND | GBAGENERATIE | GBAHERKOMSTLAND | GBAAANTALOUDERSBUITENLAND |
    | R           | 000000001  | 1           | 1980            | 01               | 6030            | 0            | 6030            | 0                         |
    | R           | 000000002  | 2           | 1990            | 12               | 5022            | 1            | 5022            | 2                         |
    | R           | 000000003  | -           | 2001            | 00               | 6030            | -            | 6030            |                           |
    """,
    "GBAADRESOBJECTBUS": """
    | RINPERSOONS | RINPERSOON | GBADATUMAANVANGADRESHOUDING | GBADATUMEINDEADRESHOUDING | SOORTOBJECTNUMMER | RINOBJECTNUMMER |
    | R           | 000000001  | 20100101                    | 20191231                  | A                 | 17              |
    | R           | 000000001  | 20200101                    |                           | A                 | 18              |
    | R           | 000000002  | 20150627                    | 20501231                  | A                 | 19              |
    """,
    "GBAHUISHOUDENSBUS": """
    | RINPERSOONS | RINPERSOON | HUISHOUDNR | DATUMAANVANGHH | DATUMEINDEHH | TYPHH | PLHH |
    | R           | 000000001  | H1         | 20100101       | 20191231     | 1     | 2    |
    | R           | 000000001  | H2         | 20200101       |              | 4     | 3    |
    """,
    "VSLGWBTAB": """
    | SOORTOBJECTNUMMER | RINOBJECTNUMMER | gem2022 | wc2022 | bc2022   | gem2023 | wc2023 | bc2023   |
    | A                 | 17              | 0344    | 034401 | 03440100 | 0344    | 034401 | 03440100 |
    | A                 | 18              | 0307    | 030701 | 03070100 | 0344    | 034402 | 03440200 |
    """,
    "GEMWMOVOORZIENINGEN": """
    | RINPERSOONS | RINPERSOON | VOORZIENING | DATUMBEGIN | DATUMEINDE |
    | R           | 000000001  | BW          | 20200301   | 20200630   |
    | R           | 000000002  | MO          | 20200401   |            |
    """,
    "GEMBUURTTEAM": """
    | RINPERSOONS | RINPERSOON | TEAM | DATUMBEGIN | DATUMEINDE |
    | R           | 000000001  | SOC  | 20200301   | 20200630   |
    | R           | 000000002  | JG   | 20200401   |            |
    """,
    "GGZDBCTRAJECTENHOOFDDIAGTAB": """
    | RINPERSOONS | RINPERSOON | GGZDBCtrajectnummer | GGZDBCBegindatum | GGZDBCEinddatum | GGZDBCHoofddiagnoseDSMIV | GGZDBCCircuitHOOFDDIAG |
    | R           | 000000001  | T1                  | 20220301         | 20220630        | as1_4.1                  | 5                      |
    | R           | 000000002  | T2                  | 20220401         |                 | as1_3                    | 1                      |
    """,
    "ZVWZORGKOSTENTAB": """
    | RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGGZZPMTOTAAL |
    | R           | 000000001  | 120.5        | 0            | 0                |
    | R           | 000000002  | 0            | 33           | 1500             |
    """,
    "INHATAB": """
    | RINPERSOONSHKW | RINPERSOONHKW | INHBESTINKH | INHP100HBEST |
    | R              | 000000001     | 30000       | 55           |
    | R              | 000000002     | 999999999   | -1           |
    """,
    "GEZOMONITOR": None,  # built below: 25 item columns
}
YEAR = {
    "ZVWZORGKOSTENTAB": 2022,
    "INHATAB": 2022,
    "GGZDBCTRAJECTENHOOFDDIAGTAB": 2022,
    "GEZOMONITOR": 2022,
}
YEARS = [2022, 2023]


def clean(name: str) -> pd.DataFrame:
    if name == "GEZOMONITOR":
        rows = []
        for i, (stratum, w) in enumerate([("034401", "12.5"), ("034402", "3")], 1):
            row = {"RINPERSOONS": "R", "RINPERSOON": f"{i:09d}", "STRATUM": stratum, "WEIGHT": w}
            row |= {f"K10_{k:02d}": "2" for k in range(1, 11)}
            row |= {f"EENZ_{k:02d}": "3" for k in range(1, 12)}
            rows.append(row | {"ERVGEZ": "2"})
        return pd.DataFrame(rows, dtype=str)
    return table(CLEAN[name])


@dataclass
class Case:
    id: str
    table: str
    write: Callable[[Path], Path]  # writes the broken input under a folder, returns its path
    expect: tuple[str, ...]  # what the message must hold besides table and file


def csv(df: pd.DataFrame, sep=";") -> Callable[[Path], Path]:
    def w(d: Path) -> Path:
        p = d / "input.csv"
        df.to_csv(p, sep=sep, index=False)
        return p

    return w


def parquet(df: pd.DataFrame) -> Callable[[Path], Path]:
    def w(d: Path) -> Path:
        p = d / "input.parquet"
        df.to_parquet(p, index=False)
        return p

    return w


def raw(data: bytes, name="input.csv") -> Callable[[Path], Path]:
    def w(d: Path) -> Path:
        p = d / name
        p.write_bytes(data)
        return p

    return w


def edit(name: str, row: int, col: str, value, to=csv) -> Callable[[Path], Path]:
    df = clean(name)
    if not isinstance(value, str):
        df[col] = df[col].astype(object)
    df.loc[row, col] = value
    return to(df)


def with_numbers(name: str, col: str, values, dtype) -> Callable[[Path], Path]:
    df = clean(name)
    df[col] = np.array(values, dtype=dtype)
    return parquet(df)


def text(name: str, sep=";") -> str:
    return clean(name).to_csv(sep=sep, index=False)


P, A, V, W = "GBAPERSOONTAB", "GBAADRESOBJECTBUS", "VSLGWBTAB", "GEMWMOVOORZIENINGEN"
G = "GEZOMONITOR"

CASES = [
    # --- columns
    Case("missing column", P, csv(clean(P).drop(columns=["GBAGENERATIE"])),
         ("missing required column(s): GBAGENERATIE", "columns found: RINPERSOONS, RINPERSOON")),
    Case("column given twice", P, raw(text(P).replace("GBAGESLACHT;", "RINPERSOON;", 1).encode()),
         ("column(s) given more than once: RINPERSOON",)),
    Case("missing column of the year", "ZVWZORGKOSTENTAB",
         csv(clean("ZVWZORGKOSTENTAB").drop(columns=["ZVWKGGZZPMTOTAAL"])),
         ("missing required column(s): ZVWKGGZZPMTOTAAL",)),
    Case("missing year in VSLGWBTAB", V, csv(clean(V).drop(columns=["gem2023", "wc2023", "bc2023"])),
         ("missing required column(s): gem2023, wc2023, bc2023",)),
    Case("wrong delimiter: one column", W, raw(text(W).replace(";", ":").encode()),
         ("missing required column(s): RINPERSOONS", "the header line holds one column")),
    # --- keys: width and type
    Case("RINPERSOON 8 digits", P, edit(P, 0, "RINPERSOON", "12345678"),
         ("column RINPERSOON: 1 row(s) expected 9 digits", "data row 1 (line 2): '12345678'")),
    Case("RINPERSOON 10-digit integer", P,
         with_numbers(P, "RINPERSOON", [1234567890, 2, 3], "int64"),
         ("column RINPERSOON: 1 row(s)", "data row 1: '1234567890'")),
    Case("RINPERSOON padded text", P, edit(P, 1, "RINPERSOON", "0000000002"),
         ("column RINPERSOON: 1 row(s)", "data row 2 (line 3): '0000000002'")),
    Case("RINPERSOON with a letter", A, edit(A, 2, "RINPERSOON", "A00000002"),
         ("column RINPERSOON: 1 row(s)", "data row 3 (line 4): 'A00000002'")),
    Case("RINPERSOON with decimals", P,
         with_numbers(P, "RINPERSOON", [1.0, 123456789.5, 3.0], "float64"),
         ("column RINPERSOON: 1 row(s)", "data row 2: '123456789.5'")),
    Case("RINPERSOONS two characters", W, edit(W, 1, "RINPERSOONS", "RR"),
         ("column RINPERSOONS: 1 row(s) expected at most one character", "'RR'")),
    Case("household key 8 digits", "INHATAB", edit("INHATAB", 0, "RINPERSOONHKW", "00000001"),
         ("column RINPERSOONHKW: 1 row(s)", "'00000001'")),
    Case("duplicate key", P, csv(pd.concat([clean(P), clean(P).iloc[[1]]], ignore_index=True)),
         ("key (RINPERSOONS, RINPERSOON) is not unique", "('R', '000000002') in rows 2 and 4")),
    # --- codes
    Case("sex code", P, edit(P, 1, "GBAGESLACHT", "M"),
         ("column GBAGESLACHT: 1 row(s)", "'1', '2', '-'", "data row 2 (line 3): 'M'")),
    Case("generatie code", P, edit(P, 0, "GBAGENERATIE", "3"), ("column GBAGENERATIE", "'3'")),
    Case("country code of 3 digits", P, edit(P, 1, "GBAHERKOMSTLAND", "502"),
         ("column GBAHERKOMSTLAND: 1 row(s) expected 4 digits", "'502'")),
    Case("voorziening code", W, edit(W, 0, "VOORZIENING", "XX"),
         ("column VOORZIENING", "'BW', 'MO', 'BEG', 'DB', 'HH'", "'XX'")),
    Case("team code", "GEMBUURTTEAM", edit("GEMBUURTTEAM", 1, "TEAM", "WMO"),
         ("column TEAM", "'WMO'")),
    Case("household type 9", "GBAHUISHOUDENSBUS", edit("GBAHUISHOUDENSBUS", 0, "TYPHH", "9"),
         ("column TYPHH", "'9'")),
    Case("wijk code of 5 digits", V, edit(V, 0, "wc2022", "03441"),
         ("column wc2022: 1 row(s) expected 6 digits", "'03441'")),
    Case("wijk outside its gemeente", V, edit(V, 0, "wc2023", "030701"),
         ("column wc2023: 1 row(s) expected a wijk code that starts with the gemeente code",
          "data row 1 (line 2): '030701'")),
    Case("buurt outside its wijk", V, edit(V, 1, "bc2022", "03440100"),
         ("column bc2022: 1 row(s) expected a buurt code that starts with the wijk code",
          "'03440100'")),
    Case("stratum of 5 digits", G, edit(G, 1, "STRATUM", "34402"),
         ("column STRATUM: 1 row(s) expected non-empty, 6 digits", "'34402'")),
    # --- years and dates
    Case("birth year 1800", P, edit(P, 0, "GBAGEBOORTEJAAR", "1800"),
         ("column GBAGEBOORTEJAAR: 1 row(s) expected non-empty, a year YYYY from 1870 to 2050",
          "'1800'")),
    Case("birth year 2097", P, edit(P, 2, "GBAGEBOORTEJAAR", "2097"),
         ("column GBAGEBOORTEJAAR", "data row 3 (line 4): '2097'")),
    Case("birth month 13", P, edit(P, 1, "GBAGEBOORTEMAAND", "13"),
         ("column GBAGEBOORTEMAAND", "'13'")),
    Case("impossible date", A, edit(A, 0, "GBADATUMEINDEADRESHOUDING", "20190231"),
         ("column GBADATUMEINDEADRESHOUDING: 1 row(s) expected a date YYYYMMDD", "'20190231'")),
    Case("date as a 9-digit number", A,
         with_numbers(A, "GBADATUMAANVANGADRESHOUDING", [201003050, 20200101, 20150627], "int64"),
         ("column GBADATUMAANVANGADRESHOUDING: 1 row(s) expected a date", "'201003050'")),
    Case("date written with dashes", W, edit(W, 1, "DATUMBEGIN", "2020-04-01"),
         ("column DATUMBEGIN", "'2020-04-01'")),
    Case("date before 1870", A, edit(A, 0, "GBADATUMAANVANGADRESHOUDING", "18000101"),
         ("column GBADATUMAANVANGADRESHOUDING", "from 18700101 to 20501231", "'18000101'")),
    Case("date after the open end", W, edit(W, 0, "DATUMEINDE", "20991231"),
         ("column DATUMEINDE", "'20991231'")),
    # --- spells
    Case("address spell ends before it begins", A, edit(A, 2, "GBADATUMEINDEADRESHOUDING", "20150626"),
         ("columns GBADATUMAANVANGADRESHOUDING/GBADATUMEINDEADRESHOUDING: 1 row(s) begin after",
          "data row 3 (line 4): 20150627 .. 20150626")),
    Case("Wmo spell ends before it begins", W, edit(W, 0, "DATUMEINDE", "20200229"),
         ("columns DATUMBEGIN/DATUMEINDE: 1 row(s) begin after", "20200301 .. 20200229")),
    Case("buurtteam spell ends before it begins", "GEMBUURTTEAM",
         edit("GEMBUURTTEAM", 0, "DATUMBEGIN", "20210101"),
         ("columns DATUMBEGIN/DATUMEINDE", "20210101 .. 20200630")),
    Case("GGZ trajectory ends before it begins", "GGZDBCTRAJECTENHOOFDDIAGTAB",
         edit("GGZDBCTRAJECTENHOOFDDIAGTAB", 0, "GGZDBCEinddatum", "20220228"),
         ("columns GGZDBCBegindatum/GGZDBCEinddatum", "20220301 .. 20220228")),
    Case("household spell ends before it begins", "GBAHUISHOUDENSBUS",
         edit("GBAHUISHOUDENSBUS", 0, "DATUMEINDEHH", "20091231"),
         ("columns DATUMAANVANGHH/DATUMEINDEHH", "20100101 .. 20091231")),
    Case("overlapping address spells", A, edit(A, 1, "GBADATUMAANVANGADRESHOUDING", "20191231"),
         ("columns GBADATUMAANVANGADRESHOUDING/GBADATUMEINDEADRESHOUDING", "overlap",
          "rows 1 and 2 (R, 000000001)")),
    Case("empty trajectory number", "GGZDBCTRAJECTENHOOFDDIAGTAB",
         edit("GGZDBCTRAJECTENHOOFDDIAGTAB", 1, "GGZDBCtrajectnummer", ""),
         ("column GGZDBCtrajectnummer: 1 row(s) expected a non-empty value", "data row 2 (line 3): ''")),
    # --- numbers
    Case("infinite survey weight", G, with_numbers(G, "WEIGHT", [np.inf, 3.0], "float64"),
         ("column WEIGHT: 1 row(s) expected non-empty, a finite number > 0", "data row 1: 'inf'")),
    Case("survey weight 0", G, edit(G, 1, "WEIGHT", "0"), ("column WEIGHT", "> 0", "'0'")),
    Case("negative weight with a decimal comma", G, edit(G, 0, "WEIGHT", "-1,5"),
         ("column WEIGHT", "data row 1 (line 2): '-1,5'")),
    Case("missing survey weight", G, with_numbers(G, "WEIGHT", [np.nan, 3.0], "float64"),
         ("column WEIGHT", "expected non-empty", "data row 1: ''")),
    Case("K10 answer 6", G, edit(G, 0, "K10_03", "6"),
         ("column K10_03: 1 row(s) expected an integer >= 1 and <= 5", "'6'")),
    Case("EENZ answer 2.5", G, edit(G, 1, "EENZ_11", "2.5"),
         ("column EENZ_11: 1 row(s) expected an integer >= 1 and <= 3", "'2.5'")),
    Case("income percentile 101", "INHATAB", edit("INHATAB", 0, "INHP100HBEST", "101"),
         ("column INHP100HBEST: 1 row(s) expected an integer >= -1 and <= 100", "'101'")),
    Case("cost as text", "ZVWZORGKOSTENTAB", edit("ZVWZORGKOSTENTAB", 1, "ZVWKFARMACIE", "n.v.t."),
         ("column ZVWKFARMACIE: 1 row(s) expected a finite number", "'n.v.t.'")),
    # --- files
    Case("empty file", P, raw(b""), ("the file is empty (0 bytes)",)),
    Case("truncated CSV", W, raw(text(W)[:-12].encode()),
         ("line 3 (data row 2): 3 field(s), expected 5 as in the header line",)),
    Case("truncated Parquet", P, lambda d: _truncate(parquet(clean(P))(d)),
         ("the file cannot be read",)),
    Case("truncated SPSS file", P, lambda d: _truncate(_sav(clean(P))(d)),
         ("the file cannot be read as SPSS",)),
    Case("a directory where the file belongs", P, lambda d: _mkdir(d / "input.csv"),
         ("this is a directory, where a file was expected",)),
    Case("missing file", P, lambda d: d / "input.csv", ("the file does not exist",)),
    Case("Parquet named .csv", P, lambda d: parquet(clean(P))(d).rename(d / "input.csv"),
         ("the file name says CSV, but the file is a Parquet file",)),
    Case("CSV named .parquet", P, raw(text(P).encode(), "input.parquet"),
         ("the file name says Parquet, but the file is not a Parquet file",)),
    Case("Excel workbook named .csv", P, raw(b"PK\x03\x04" + b"\0" * 60),
         ("the file is a zip archive (an Excel workbook?)",)),
    Case("unknown extension", P, raw(text(P).encode(), "input.xlsx"),
         ("unknown format '.xlsx'",)),
    Case("unquoted delimiter in a late field", W,
         raw((text(W) + "R;000000003;HH;20200101;20201231;extra\n").encode()),
         ("line 4 (data row 3): 6 field(s), expected 5",
          "the line reads: 'R;000000003;HH;20200101;20201231;extra'")),
    Case("unterminated quote", W,
         raw((text(W) + 'R;000000003;"HH;20200101;20201231\n').encode()),
         ("line 4: the quoting is broken",)),
    Case("gzip file cut short", W, raw(gzip.compress(text(W).encode())[:-20]),
         ("the gzip-compressed file cannot be read whole",)),
]  # fmt: skip


def _truncate(p: Path) -> Path:
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])
    return p


def _mkdir(p: Path) -> Path:
    p.mkdir()
    return p


def _sav(df: pd.DataFrame) -> Callable[[Path], Path]:
    def w(d: Path) -> Path:
        p = d / "input.sav"
        pyreadstat.write_sav(df, str(p))
        return p

    return w


def test_the_suite_covers_at_least_30_kinds():
    assert len({c.id for c in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_naming_where_and_what(tmp_path, case: Case):
    d = tmp_path / "in"
    d.mkdir()
    path = case.write(d)
    out = tmp_path / "validated" / "out.parquet"
    with pytest.raises(InputError) as err:
        ingest(case.table, path, out, YEAR.get(case.table), YEARS)
    msg = str(err.value)
    assert msg.startswith(f"Input table {case.table} in file {path} does not meet its contract:")
    for part in case.expect:
        assert part in msg, f"{part!r} not in:\n{msg}"
    assert "wijkzicht-" not in msg, "a temporary path is named instead of the user's file"
    assert not out.exists() and not out.with_name(out.name + ".tmp").exists()


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_the_clean_tables_pass(tmp_path, name):
    """Each case breaks one thing of a table that passes; extra columns are ignored, a header
    without rows is an empty table."""
    df = clean(name).assign(EXTRA="x")
    out = tmp_path / "out.parquet"
    ingest(name, csv(df)(tmp_path), out, YEAR.get(name), YEARS)
    assert len(pd.read_parquet(out)) == len(df) * (2 if name == V else 1)  # V: one row a year
    ingest(name, csv(df.head(0))(tmp_path), out, YEAR.get(name), YEARS)
    assert len(pd.read_parquet(out)) == 0


def test_every_fault_of_a_table_is_listed_at_once(tmp_path):
    df = clean(P)
    df.loc[0, "GBAGESLACHT"] = "M"
    df.loc[1, "GBAGEBOORTEJAAR"] = "1800"
    df.loc[2, "RINPERSOON"] = "1234567890"
    msg = ""
    with pytest.raises(InputError) as err:
        ingest(P, csv(df)(tmp_path), tmp_path / "out.parquet")
    msg = str(err.value)
    for col in ("GBAGESLACHT", "GBAGEBOORTEJAAR", "RINPERSOON"):
        assert f"column {col}: 1 row(s)" in msg


# --------------------------------------------------------------------------- config typos


@pytest.mark.parametrize(
    "overrides, expect",
    [
        ({"disclosure": {"treshold": 5}}, ["treshold", "disclosure"]),
        ({"data": {"tables": {"MEDICIJNTABB": "/x/{year}.csv"}}}, ["unknown table 'MEDICIJNTABB'"]),
        (
            {"data": {"tables": {"MEDICIJNTAB": "/x/MEDICIJNTAB2022.csv"}}},
            ["data.tables.MEDICIJNTAB", "{year}", "/x/MEDICIJNTAB2022.csv"],
        ),
        ({"years": [2022, 2023], "survey_waves": [2021]}, ["wave 2021 is not one of years"]),
        ({"gemeente": "GM344"}, ["GM344"]),
    ],
    ids=["misspelt key", "unknown table", "per-year path without {year}", "wave", "gemeente"],
)
def test_config_typos_stop_at_start_up_naming_the_key(overrides, expect):
    from worlds import config

    with pytest.raises(Exception) as err:
        config(**overrides)
    for part in expect:
        assert part in str(err.value), str(err.value)
