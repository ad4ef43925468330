"""Real-world files read right: the cases of ../shared/cases (spss-dates, csv-quoted-late,
birth-month-00) with their right values, and variants of each kind.

SPSS as SPSS writes it (date and datetime formats, user-missing values, value labels, string
widths, numbers never cut); CSV read whole under one set of rules (encoding over the whole
file, RFC 4180 quoting always allowed, decimal commas in `;` files, gzip); birth month 00.
"""

from __future__ import annotations

import datetime as dt
import gzip

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from worlds import REPO

from wijkzicht.inputs.ingest import InputError, ingest
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.synth import generate_world, write_world

YEARS = [2022, 2023]


@pytest.fixture(scope="module")
def world():
    """A small synthetic world (frames in the input layout)."""
    return generate_world(
        seed=11, n_residents=1500, years=YEARS, survey_waves=[2022],
        geography=read_geography(REPO / "config/reference/geography.csv"),
        countries=read_countries(REPO / "config/reference/countries.csv"), gemeente="GM0344",
    )  # fmt: skip


def read(table, path, tmp_path, year=None, years=()):
    out = tmp_path / f"{table}.out.parquet"
    ingest(table, path, out, year, list(years))
    return pd.read_parquet(out)


def refused(table, path, tmp_path, year=None, years=()) -> str:
    out = tmp_path / f"{table}.refused.parquet"
    with pytest.raises(InputError) as err:
        ingest(table, path, out, year, list(years))
    assert not out.exists()
    msg = str(err.value)
    assert f"Input table {table} in file {path} " in msg
    return msg


WMO_DATES = {"DATUMBEGIN": "EDATE10", "DATUMEINDE": "EDATE10"}


def _as_dates(df: pd.DataFrame, cols=("DATUMBEGIN", "DATUMEINDE")) -> pd.DataFrame:
    df = df.copy()
    for c in cols:
        df[c] = [dt.date(int(s[:4]), int(s[4:6]), int(s[6:])) if s else None for s in df[c]]
    return df


# --------------------------------------------------------------------------- spss-dates


def test_case_spss_dates_full_table(world, tmp_path):
    """../shared/cases/spss-dates/make_input.py: the whole Wmo table with DATUMBEGIN/DATUMEINDE
    as SPSS EDATE10 variables reads to the same table as the YYYYMMDD text version."""
    wmo = world["GEMWMOVOORZIENINGEN"]
    text = tmp_path / "text"
    write_world({"GEMWMOVOORZIENINGEN": wmo}, text, "sav")
    src, _ = pyreadstat.read_sav(str(text / "GEMWMOVOORZIENINGEN/GEMWMOVOORZIENINGEN.sav"))
    dated = tmp_path / "GEMWMOVOORZIENINGEN.sav"
    pyreadstat.write_sav(_as_dates(src), str(dated), variable_format=WMO_DATES)
    _, meta = pyreadstat.read_sav(str(dated), metadataonly=True)
    assert meta.original_variable_types["DATUMBEGIN"] == "EDATE10"

    got = read("GEMWMOVOORZIENINGEN", dated, tmp_path)
    expected = read(
        "GEMWMOVOORZIENINGEN", text / "GEMWMOVOORZIENINGEN/GEMWMOVOORZIENINGEN.sav", tmp_path
    )
    assert len(got) == len(wmo) > 50
    pd.testing.assert_frame_equal(got, expected)


def test_case_spss_dates_lucky_rows(tmp_path):
    """../shared/cases/spss-dates/make_lucky.py: rows whose raw seconds, cut to 8 digits,
    looked like dates (1377-11-23 .. 1378-01-08) are read as the dates they are."""
    df = pd.DataFrame({"RINPERSOONS": ["R", "R"], "RINPERSOON": ["000000101", "000000102"],
                       "VOORZIENING": ["BW", "MO"],
                       "DATUMBEGIN": [dt.date(2019, 3, 5), dt.date(2019, 2, 26)],
                       "DATUMEINDE": [dt.date(2019, 6, 17), dt.date(2019, 3, 6)]})  # fmt: skip
    path = tmp_path / "lucky.sav"
    pyreadstat.write_sav(df, str(path), variable_format=WMO_DATES)
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert got[["DATUMBEGIN", "DATUMEINDE"]].astype(str).values.tolist() == [
        ["2019-03-05", "2019-06-17"],
        ["2019-02-26", "2019-03-06"],
    ]


WMO2 = {"RINPERSOONS": ["R", "R"], "RINPERSOON": ["000000101", "000000102"],
        "VOORZIENING": ["BW", "MO"]}  # fmt: skip


@pytest.mark.parametrize("fmt", ["DATETIME20", "DATETIME23.2", "YMDHMS19"])
def test_spss_datetime_becomes_its_date(tmp_path, fmt):
    df = pd.DataFrame({**WMO2,
                       "DATUMBEGIN": [dt.datetime(2019, 3, 5, 13, 45), dt.datetime(2019, 2, 26, 23, 59, 59)],
                       "DATUMEINDE": [dt.datetime(2019, 6, 17), None]})  # fmt: skip
    path = tmp_path / "dt.sav"
    pyreadstat.write_sav(df, str(path), variable_format={"DATUMBEGIN": fmt, "DATUMEINDE": fmt})
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert got[["DATUMBEGIN", "DATUMEINDE"]].astype(str).values.tolist() == [
        ["2019-03-05", "2019-06-17"],
        ["2019-02-26", "2050-12-31"],  # missing end: still running
    ]


@pytest.mark.parametrize("fmt", ["DATE11", "ADATE10", "SDATE10", "JDATE7"])
def test_spss_date_formats(tmp_path, fmt):
    df = pd.DataFrame({**WMO2, "DATUMBEGIN": [dt.date(2019, 3, 5), dt.date(1999, 12, 31)],
                       "DATUMEINDE": [dt.date(2019, 6, 17), dt.date(2000, 1, 1)]})  # fmt: skip
    path = tmp_path / "d.sav"
    pyreadstat.write_sav(df, str(path), variable_format={"DATUMBEGIN": fmt, "DATUMEINDE": fmt})
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert got["DATUMBEGIN"].astype(str).tolist() == ["2019-03-05", "1999-12-31"]


def test_spss_date_out_of_range_is_refused_as_a_date(tmp_path):
    df = pd.DataFrame({**WMO2, "DATUMBEGIN": [dt.date(1377, 11, 23), dt.date(2019, 1, 1)],
                       "DATUMEINDE": [dt.date(2019, 6, 17), None]})  # fmt: skip
    path = tmp_path / "old.sav"
    pyreadstat.write_sav(df, str(path), variable_format=WMO_DATES)
    msg = refused("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert (
        "column DATUMBEGIN: 1 row(s) expected a date" in msg and "data row 1: '1377-11-23'" in msg
    )


def test_spss_numbers_are_never_cut(tmp_path):
    """Seconds since 1582 in a variable without a date format, and a 10-digit RINPERSOON:
    refused, quoting the number as stored (no longer cut to 8 or 9 characters)."""
    df = pd.DataFrame({"RINPERSOONS": ["R", "R"], "RINPERSOON": [1234567890.0, 101.0],
                       "VOORZIENING": ["BW", "MO"], "DATUMBEGIN": [13834800000.0, 20190305.0],
                       "DATUMEINDE": [np.nan, np.nan]})  # fmt: skip
    path = tmp_path / "num.sav"
    pyreadstat.write_sav(df, str(path))
    msg = refused("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert "column RINPERSOON: 1 row(s)" in msg and "data row 1: '1234567890'" in msg
    assert "column DATUMBEGIN: 1 row(s)" in msg and "data row 1: '13834800000'" in msg
    assert "'13834800'" not in msg and "'123456789'" not in msg


def test_spss_number_codes_get_their_zeros_back_and_yyyymmdd_numbers_are_dates(tmp_path):
    df = pd.DataFrame({"RINPERSOONS": ["R", "R"], "RINPERSOON": [123456789.0, 101.0],
                       "VOORZIENING": ["BW", "MO"], "DATUMBEGIN": [20190305.0, np.nan],
                       "DATUMEINDE": [20191231.0, np.nan]})  # fmt: skip
    path = tmp_path / "num.sav"
    pyreadstat.write_sav(df, str(path))
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert got["RINPERSOON"].tolist() == ["123456789", "000000101"]
    assert str(got["DATUMBEGIN"].iloc[0]) == "2019-03-05" and pd.isna(got["DATUMBEGIN"].iloc[1])
    assert str(got["DATUMEINDE"].iloc[1]) == "2050-12-31"


def test_spss_value_labels_keep_codes_and_user_missing_is_missing(tmp_path):
    df = pd.DataFrame({"RINPERSOONS": ["R"] * 3, "RINPERSOON": ["000000001", "000000002", "000000003"],
                       "GBAGESLACHT": [1.0, 2.0, 1.0], "GBAGEBOORTEJAAR": [1980.0, 1990.0, 2001.0],
                       "GBAGEBOORTEMAAND": [1.0, 12.0, 5.0], "GBAGEBOORTELAND": [6030.0, 5022.0, 6030.0],
                       "GBAGENERATIE": ["0", "1", "9"], "GBAHERKOMSTLAND": ["6030", "5022", "6030"],
                       "GBAAANTALOUDERSBUITENLAND": [0.0, 2.0, 99.0]})  # fmt: skip
    path = tmp_path / "labels.sav"
    pyreadstat.write_sav(
        df, str(path),
        variable_value_labels={"GBAGESLACHT": {1: "man", 2: "vrouw"}, "GBAAANTALOUDERSBUITENLAND": {99: "onbekend"}},
        missing_ranges={"GBAAANTALOUDERSBUITENLAND": [99], "GBAGENERATIE": ["9"]},
    )  # fmt: skip
    # GBAGENERATIE may not be empty: the user-missing '9' is missing, so the row is refused
    msg = refused("GBAPERSOONTAB", path, tmp_path)
    assert "column GBAGENERATIE: 1 row(s) expected non-empty" in msg and "data row 3: ''" in msg
    df["GBAGENERATIE"] = ["0", "1", "0"]
    pyreadstat.write_sav(
        df, str(path),
        variable_value_labels={"GBAGESLACHT": {1: "man", 2: "vrouw"}},
        missing_ranges={"GBAAANTALOUDERSBUITENLAND": [{"lo": 90, "hi": 99}]},
    )  # fmt: skip
    got = read("GBAPERSOONTAB", path, tmp_path)
    assert got["GBAGESLACHT"].tolist() == ["1", "2", "1"]  # codes, never the labels
    assert got["GBAAANTALOUDERSBUITENLAND"].tolist() == ["0", "2", ""]  # 99: user-missing
    assert got["GBAGEBOORTELAND"].tolist() == ["6030", "5022", "6030"]


def test_spss_wide_string_holds_the_whole_code(tmp_path):
    df = pd.DataFrame({**WMO2, "DATUMBEGIN": ["20190305", "20190101"], "DATUMEINDE": ["", ""]})
    df["RINPERSOON"] = ["000000101", "0000001020"]
    path = tmp_path / "wide.sav"
    pyreadstat.write_sav(df, str(path), variable_format={"RINPERSOON": "A20"})
    msg = refused("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert "data row 2: '0000001020'" in msg  # a padded value is refused, not cut to 9


# --------------------------------------------------------------------------- csv-quoted-late

HEADER = "RINPERSOONS;RINPERSOON;VOORZIENING;DATUMBEGIN;DATUMEINDE;TOELICHTING\n"
PLAIN = [f"R;{i:09d};HH;20200101;20201231;huishoudelijke hulp toegekend\n" for i in range(30000)]


def test_case_csv_quoted_late(tmp_path):
    """../shared/cases/csv-quoted-late/make_input.py: the first quoted field (with a `;` in
    it) is on line 30,002; rows 30,001-30,002 come out as BW and MO."""
    path = tmp_path / "wmo.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        fh.writelines(PLAIN)
        fh.write('R;900000001;BW;20200301;20501231;"beschermd wonen; via centrale toegang"\n')
        fh.write("R;900000002;MO;20200401;20200630;opvang\n")
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert len(got) == 30002
    assert got.iloc[30000:].values.tolist() == [
        ["R", "900000001", "BW", dt.date(2020, 3, 1), dt.date(2050, 12, 31)],
        ["R", "900000002", "MO", dt.date(2020, 4, 1), dt.date(2020, 6, 30)],
    ]


def test_quoted_line_break_and_doubled_quote_late(tmp_path):
    path = tmp_path / "wmo.csv"
    path.write_text(
        HEADER + "".join(PLAIN)
        + 'R;900000001;BW;20200301;;"twee\nregels; en ""aanhalingstekens"""\n'
        + "R;900000002;MO;20200401;20200630;opvang\n",
        encoding="utf-8",
    )  # fmt: skip
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert got["VOORZIENING"].tolist()[-2:] == ["BW", "MO"]
    # a bad value after the two-line record is named by its own line
    path.write_text(path.read_text().replace("R;900000002;MO", "R;900000002;XX"))
    msg = refused("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert "column VOORZIENING: 1 row(s)" in msg and "data row 30002 (line 30004): 'XX'" in msg


@pytest.mark.parametrize(
    "last, encoding, text",
    [
        ("café de flore", "latin-1", "café de flore"),
        ("€ 25 eigen bijdrage", "cp1252", "€ 25 eigen bijdrage"),
        ("Curaçao", "utf-8", "Curaçao"),
    ],
)
def test_encoding_decided_on_the_whole_file(tmp_path, last, encoding, text):
    """A non-ASCII byte on the last line of 30,000: the whole file is read in one encoding."""
    path = tmp_path / "wmo.csv"
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(HEADER.replace("TOELICHTING", "ZORGAANBIEDER") + "".join(PLAIN))
        fh.write(f"R;900000001;BW;20200301;;{last}\n")
    got = read("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert len(got) == 30001 and got["VOORZIENING"].iloc[-1] == "BW"
    # the text column keeps its characters (read as a text column of another table)
    gbt = tmp_path / "adres.csv"
    with open(gbt, "w", encoding=encoding, newline="") as fh:
        fh.write("RINPERSOONS;RINPERSOON;GBADATUMAANVANGADRESHOUDING;GBADATUMEINDEADRESHOUDING;"
                 "SOORTOBJECTNUMMER;RINOBJECTNUMMER\n")  # fmt: skip
        fh.writelines(f"R;{i:09d};20200101;;A;{i}\n" for i in range(1, 20000))
        fh.write(f"R;900000001;20200101;;A;{last}\n")
    assert read("GBAADRESOBJECTBUS", gbt, tmp_path)["RINOBJECTNUMMER"].iloc[-1] == text


def test_gzip_named_csv_is_read_and_errors_name_the_users_file(tmp_path):
    path = tmp_path / "wmo.csv"
    path.write_bytes(gzip.compress((HEADER + "".join(PLAIN[:20])).encode()))
    assert len(read("GEMWMOVOORZIENINGEN", path, tmp_path)) == 20
    path.write_bytes(gzip.compress((HEADER + "".join(PLAIN[:20]) + "R;1;HH;;;x\n").encode()))
    msg = refused("GEMWMOVOORZIENINGEN", path, tmp_path)
    assert "data row 21 (line 22): '1'" in msg and "/tmp/wijkzicht-" not in msg
    assert msg.count(str(path)) == 1


def test_bom_crlf_and_mixed_line_endings(tmp_path):
    path = tmp_path / "wmo.csv"
    path.write_bytes((HEADER + "".join(PLAIN[:5])).replace("\n", "\r\n").encode("utf-8-sig"))
    assert read("GEMWMOVOORZIENINGEN", path, tmp_path)["RINPERSOONS"].tolist() == ["R"] * 5
    path.write_bytes((HEADER + PLAIN[0].replace("\n", "\r\n") + "".join(PLAIN[1:5])).encode())
    assert len(read("GEMWMOVOORZIENINGEN", path, tmp_path)) == 5


def test_utf16_tab_separated_as_excel_saves_unicode_text(tmp_path):
    path = tmp_path / "wmo.csv"
    path.write_bytes((HEADER + "".join(PLAIN[:5])).replace(";", "\t").encode("utf-16"))
    assert len(read("GEMWMOVOORZIENINGEN", path, tmp_path)) == 5


def test_decimal_comma_in_a_semicolon_file(tmp_path):
    path = tmp_path / "zvw.csv"
    path.write_text(
        "RINPERSOONS;RINPERSOON;ZVWKHUISARTS;ZVWKFARMACIE;ZVWKGGZZPMTOTAAL\n"
        "R;000000001;12,5;0;1.25\nR;000000002;-3,75;,5;\nR;000000003;1e3;0,0;7\n"
    )
    got = read("ZVWZORGKOSTENTAB", path, tmp_path, 2022)
    assert got["ZVWKHUISARTS"].tolist() == [12.5, -3.75, 1000.0]
    assert got["ZVWKFARMACIE"].tolist() == [0.0, 0.5, 0.0]
    # in a ',' file a comma is no decimal separator: refused, quoting the value
    comma = tmp_path / "zvw_comma.csv"
    comma.write_text(
        "RINPERSOONS,RINPERSOON,ZVWKHUISARTS,ZVWKFARMACIE,ZVWKGGZZPMTOTAAL\n"
        'R,000000001,"12,5",0,1\n'
    )
    msg = refused("ZVWZORGKOSTENTAB", comma, tmp_path, 2022)
    assert "column ZVWKHUISARTS: 1 row(s) expected a finite number" in msg and "'12,5'" in msg


def test_thousands_grouped_by_dots_in_a_semicolon_file_are_refused(tmp_path):
    """U7: Dutch Excel writes 2858 as '2.858' in a ';' file; read as 2.858, a partner's figure
    was published a thousand times too high without a word. Where no value of the column has
    a '.' that is surely a decimal point, a '.' before groups of three digits is ambiguous:
    refused, naming the values. A column with 1.25 or 0.2051 in it reads 2.858 as 2.858."""
    path = tmp_path / "zvw.csv"
    path.write_text(
        "RINPERSOONS;RINPERSOON;ZVWKHUISARTS;ZVWKFARMACIE;ZVWKGGZZPMTOTAAL\n"
        "R;000000001;2.858;0;1.25\nR;000000002;12.345;,5;2.205\nR;000000003;3;0,0;7\n"
    )
    msg = refused("ZVWZORGKOSTENTAB", path, tmp_path, 2022)
    assert "column ZVWKHUISARTS: 2 row(s) expected no '.' before three digits" in msg
    assert "'2.858'" in msg and "'12.345'" in msg
    assert "ZVWKGGZZPMTOTAAL" not in msg  # 1.25 says its '.' is a decimal point
    ok = tmp_path / "zvw_ok.csv"
    ok.write_text(
        path.read_text()
        .replace("2.858;0;1.25", "2.858;0;1.25")
        .replace("R;000000003;3;", "R;000000003;0.5;")
    )
    got = read("ZVWZORGKOSTENTAB", ok, tmp_path, 2022)
    assert got["ZVWKHUISARTS"].tolist() == [2.858, 12.345, 0.5]
    assert got["ZVWKGGZZPMTOTAAL"].tolist()[:2] == [1.25, 2.205]
    # in a ',' file a dot is a decimal point: 2.858 is 2.858
    comma = tmp_path / "zvw_comma.csv"
    comma.write_text(
        "RINPERSOONS,RINPERSOON,ZVWKHUISARTS,ZVWKFARMACIE,ZVWKGGZZPMTOTAAL\nR,000000001,2.858,0,1\n"
    )
    assert read("ZVWZORGKOSTENTAB", comma, tmp_path, 2022)["ZVWKHUISARTS"].tolist() == [2.858]


def test_survey_weight_with_decimal_comma(tmp_path):
    items = (
        ";".join(f"K10_{i:02d}" for i in range(1, 11))
        + ";"
        + ";".join(f"EENZ_{i:02d}" for i in range(1, 12))
    )
    path = tmp_path / "gm.csv"
    path.write_text(
        f"RINPERSOONS;RINPERSOON;STRATUM;WEIGHT;{items};ERVGEZ\n"
        + "R;000000001;034401;12,75"
        + ";1" * 10
        + ";3" * 11
        + ";2\n"
        + "R;000000002;034402;3"
        + ";" * 10
        + ";" * 11
        + ";\n"
    )
    got = read("GEZOMONITOR", path, tmp_path, 2022)
    assert got["WEIGHT"].tolist() == [12.75, 3.0]
    assert got["K10_01"].isna().tolist() == [False, True]


# --------------------------------------------------------------------------- birth-month-00


def test_case_birth_month_00(world, tmp_path):
    """../shared/cases/birth-month-00/make_input.py: five persons born abroad with month 00
    are accepted (the age rule reads month 0: docs/rules.md, rule L9)."""
    df = world["GBAPERSOONTAB"].copy()
    idx = df.index[df.GBAGENERATIE == "1"][:5]
    assert len(idx) == 5
    df.loc[idx, "GBAGEBOORTEMAAND"] = "00"
    path = tmp_path / "GBAPERSOONTAB.parquet"
    df.to_parquet(path, index=False)
    got = read("GBAPERSOONTAB", path, tmp_path)
    assert len(got) == len(df)
    assert got.loc[idx, "GBAGEBOORTEMAAND"].tolist() == [0] * 5
    assert (got.drop(index=idx)["GBAGEBOORTEMAAND"].between(1, 12)).all()


@pytest.mark.parametrize("fmt", ["csv", "sav"])
def test_birth_month_00_in_csv_and_spss(world, tmp_path, fmt):
    df = world["GBAPERSOONTAB"].head(50).copy()
    df.loc[df.index[:3], "GBAGEBOORTEMAAND"] = ["00", "0", "00"]
    write_world({"GBAPERSOONTAB": df}, tmp_path / "w", fmt)
    got = read("GBAPERSOONTAB", tmp_path / "w" / "GBAPERSOONTAB" / f"GBAPERSOONTAB.{fmt}", tmp_path)
    assert got["GBAGEBOORTEMAAND"].tolist()[:3] == [0, 0, 0]


def test_birth_month_13_and_empty_are_refused(world, tmp_path):
    df = world["GBAPERSOONTAB"].head(20).copy()
    df.loc[df.index[3], "GBAGEBOORTEMAAND"] = "13"
    df.loc[df.index[7], "GBAGEBOORTEMAAND"] = ""
    path = tmp_path / "GBAPERSOONTAB.parquet"
    df.to_parquet(path, index=False)
    msg = refused("GBAPERSOONTAB", path, tmp_path)
    assert "column GBAGEBOORTEMAAND: 2 row(s) expected non-empty, a month 01-12, or 00" in msg
    assert "data row 4: '13'" in msg and "data row 8: ''" in msg
