"""The reader and its contract checks, on every format and on broken inputs."""

import pandas as pd
import pyreadstat
import pytest
from worlds import table

from wijkzicht.inputs.ingest import InputError, ingest

PERSONS = table("""
| RINPERSOONS | RINPERSOON | GBAGESLACHT | GBAGEBOORTEJAAR | GBAGEBOORTEMAAND | GBAGEBOORTELAND | GBAGENERATIE | GBAHERKOMSTLAND | GBAAANTALOUDERSBUITENLAND | EXTRA |
| R           | 000000001  | 1           | 1980            | 01               | 6030            | 0            | 6030            | 0                         | x     |
| R           | 000000002  | 2           | 1990            | 12               | 5022            | 1            | 5022            | 2                         | y     |
| I           | 000000003  | -           | 2001            | 05               | 6030            | -            | 6030            |                           | z     |
""")

ADRES = table("""
| RINPERSOONS | RINPERSOON | GBADATUMAANVANGADRESHOUDING | GBADATUMEINDEADRESHOUDING | SOORTOBJECTNUMMER | RINOBJECTNUMMER |
| R           | 000000001  | 20100101                    | 20191231                  | A                 | 17              |
| R           | 000000001  | 20200101                    |                           | A                 | 18              |
| R           | 000000002  |                             | 20501231                  | A                 | 19              |
""")


def _write(df: pd.DataFrame, path, fmt: str, **kw):
    path = path.with_suffix("." + fmt)
    if fmt == "parquet":
        df.to_parquet(path, index=False)
    elif fmt == "csv":
        df.to_csv(path, index=False, sep=kw.get("sep", ";"), encoding=kw.get("encoding", "utf-8"))
    else:
        pyreadstat.write_sav(df, str(path))
    return path


@pytest.mark.parametrize(
    "fmt, kw",
    [
        ("parquet", {}),
        ("csv", {"sep": ";"}),
        ("csv", {"sep": ","}),
        ("csv", {"encoding": "latin-1"}),
        ("sav", {}),
    ],
)
def test_every_format_reads_to_the_same_typed_table(tmp_path, fmt, kw):
    src = _write(PERSONS, tmp_path / "GBAPERSOONTAB", fmt, **kw)
    out = tmp_path / "out.parquet"
    ingest("GBAPERSOONTAB", src, out)
    got = pd.read_parquet(out)
    assert list(got.columns) == [c for c in PERSONS.columns if c != "EXTRA"]  # extra ignored
    assert got["RINPERSOON"].tolist() == ["000000001", "000000002", "000000003"]
    assert got["GBAGEBOORTEJAAR"].tolist() == [1980, 1990, 2001]
    assert got["GBAGEBOORTEMAAND"].tolist() == [1, 12, 5]
    assert got["GBAAANTALOUDERSBUITENLAND"].tolist() == ["0", "2", ""]


def test_latin1_text_survives(tmp_path):
    df = ADRES.copy()
    df["RINOBJECTNUMMER"] = ["Curaçao-1", "Curaçao-2", "Curaçao-3"]
    src = _write(df, tmp_path / "GBAADRESOBJECTBUS", "csv", encoding="latin-1")
    out = tmp_path / "out.parquet"
    ingest("GBAADRESOBJECTBUS", src, out)
    assert pd.read_parquet(out)["RINOBJECTNUMMER"].tolist()[0] == "Curaçao-1"


def test_numbers_stored_as_numbers_get_their_leading_zeros_back(tmp_path):
    df = PERSONS.copy()
    df["RINPERSOON"] = df["RINPERSOON"].astype(int)
    df["GBAGEBOORTEJAAR"] = df["GBAGEBOORTEJAAR"].astype(float)
    src = _write(df, tmp_path / "GBAPERSOONTAB", "parquet")
    ingest("GBAPERSOONTAB", src, tmp_path / "out.parquet")
    got = pd.read_parquet(tmp_path / "out.parquet")
    assert got["RINPERSOON"].tolist() == ["000000001", "000000002", "000000003"]


def test_dates_empty_begin_is_null_and_empty_end_is_open(tmp_path):
    src = _write(ADRES, tmp_path / "GBAADRESOBJECTBUS", "csv")
    ingest("GBAADRESOBJECTBUS", src, tmp_path / "out.parquet")
    got = pd.read_parquet(tmp_path / "out.parquet")
    assert str(got["GBADATUMEINDEADRESHOUDING"].iloc[1]) == "2050-12-31"
    assert pd.isna(got["GBADATUMAANVANGADRESHOUDING"].iloc[2])


def _error(tmp_path, table_name, df, fmt="csv", year=None, years=()):
    src = _write(df, tmp_path / table_name, fmt)
    out = tmp_path / "out.parquet"
    with pytest.raises(InputError) as err:
        ingest(table_name, src, out, year, list(years))
    assert not out.exists(), "nothing half-written may be left"
    msg = str(err.value)
    assert table_name in msg and str(src) in msg
    return msg


def test_missing_column(tmp_path):
    msg = _error(tmp_path, "GBAPERSOONTAB", PERSONS.drop(columns=["GBAGENERATIE"]))
    assert "missing required column(s): GBAGENERATIE" in msg


def test_bad_code(tmp_path):
    df = PERSONS.copy()
    df.loc[1, "GBAGESLACHT"] = "M"
    msg = _error(tmp_path, "GBAPERSOONTAB", df)
    assert (
        "column GBAGESLACHT: 1 row(s)" in msg
        and "data row 2 (line 3): 'M'" in msg
        and "'1', '2', '-'" in msg
    )


def test_bad_date(tmp_path):
    df = ADRES.copy()
    df.loc[0, "GBADATUMEINDEADRESHOUDING"] = "20190231"
    df.loc[2, "GBADATUMAANVANGADRESHOUDING"] = "2019-01-01"
    msg = _error(tmp_path, "GBAADRESOBJECTBUS", df)
    assert "column GBADATUMEINDEADRESHOUDING: 1 row(s) expected a date YYYYMMDD" in msg
    assert "'20190231'" in msg and "'2019-01-01'" in msg


def test_bad_person_number(tmp_path):
    df = PERSONS.copy()
    df.loc[0, "RINPERSOON"] = "12345"
    msg = _error(tmp_path, "GBAPERSOONTAB", df)
    assert "column RINPERSOON: 1 row(s) expected 9 digits" in msg


def test_duplicate_key(tmp_path):
    df = pd.concat([PERSONS, PERSONS.iloc[[1]]], ignore_index=True)
    msg = _error(tmp_path, "GBAPERSOONTAB", df)
    assert "key (RINPERSOONS, RINPERSOON) is not unique" in msg and "rows 2 and 4" in msg


def test_overlapping_spells(tmp_path):
    df = ADRES.copy()
    df.loc[1, "GBADATUMAANVANGADRESHOUDING"] = "20191231"
    msg = _error(tmp_path, "GBAADRESOBJECTBUS", df)
    assert "overlap" in msg and "rows 1 and 2" in msg


def test_out_of_range_number(tmp_path):
    df = table("""
    | RINPERSOONSHKW | RINPERSOONHKW | INHBESTINKH | INHP100HBEST |
    | R              | 000000001     | 30000       | 101          |
    | R              | 000000002     | 999999999   | -1           |
    """)
    msg = _error(tmp_path, "INHATAB", df, year=2021, years=[2021])
    assert "column INHP100HBEST: 1 row(s) expected an integer >= -1 and <= 100" in msg


def test_columns_are_chosen_by_year(tmp_path):
    zvw = table("""
    | RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
    | R           | 000000001  | 1            | 0            | 0             | 10.5        |
    """)
    ingest("ZVWZORGKOSTENTAB", _write(zvw, tmp_path / "z2021", "csv"), tmp_path / "o.parquet", 2021)
    msg = _error(tmp_path, "ZVWZORGKOSTENTAB", zvw, year=2022, years=[2022])
    assert "missing required column(s): ZVWKGGZZPMTOTAAL" in msg


def test_vslgwbtab_needs_every_year_and_is_reshaped_long(tmp_path):
    df = table("""
    | SOORTOBJECTNUMMER | RINOBJECTNUMMER | gem2020 | wc2020 | bc2020   | gem2021 | wc2021 | bc2021   |
    | A                 | 1               | 0344    | 034401 | 03440100 | 0344    | 034402 | 03440200 |
    | A                 | 2               |         |        |          | 0307    | 030701 | 03070100 |
    """)
    out = tmp_path / "geo.parquet"
    ingest("VSLGWBTAB", _write(df, tmp_path / "VSLGWBTAB", "csv"), out, None, [2020, 2021])
    got = pd.read_parquet(out)
    assert got[["RINOBJECTNUMMER", "year", "gemeente", "wijk", "buurt"]].values.tolist() == [
        ["1", 2020, "GM0344", "WK034401", "BU03440100"],
        ["1", 2021, "GM0344", "WK034402", "BU03440200"],
        ["2", 2021, "GM0307", "WK030701", "BU03070100"],
    ]
    msg = _error(tmp_path, "VSLGWBTAB", df, years=[2020, 2021, 2022])
    assert "gem2022" in msg


def test_unreadable_file(tmp_path):
    bad = tmp_path / "GBAPERSOONTAB.parquet"
    bad.write_bytes(b"this is not parquet")
    with pytest.raises(InputError, match="the file is not a Parquet file"):
        ingest("GBAPERSOONTAB", bad, tmp_path / "out.parquet")
    good = _write(PERSONS, tmp_path / "GBAPERSOONTAB", "parquet")
    bad.write_bytes(good.read_bytes()[:-40])  # truncated
    with pytest.raises(InputError, match="cannot be read"):
        ingest("GBAPERSOONTAB", bad, tmp_path / "out.parquet")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        ingest("GBAPERSOONTAB", tmp_path / "nope.csv", tmp_path / "out.parquet")
