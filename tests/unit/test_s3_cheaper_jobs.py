"""The ingest, narrow and base jobs made cheaper, with the same results (issue 14, S3):

- `residents.query_frame` gives the frame DuckDB's `.df()` gives (dtypes and values), fetched
  as Arrow;
- `conditions.person_conditions` (one query for all conditions) gives the frame of one query
  per condition, concatenated and sorted in pandas (the code before);
- `reference.geography_strata` (read without pandas) gives the strata of `survey_strata` on
  `read_geography`, and its missing-column error;
- `ingest.ingest` on a connection to a job's database (`database`) leaves nothing behind in
  it for the next table.
"""

import datetime as dt
import random

import duckdb
import pandas as pd
import pytest

from wijkzicht import db
from wijkzicht.definitions import Buurtteam, GgzDbc, GgzKosten, Inkomen, Medicijnen, Wmo
from wijkzicht.inputs.ingest import InputError, ingest
from wijkzicht.inputs.reference import (
    Codelist,
    geography_strata,
    read_geography,
    survey_strata,
)
from wijkzicht.population.conditions import condition_query, person_conditions
from wijkzicht.population.residents import query_frame

# ---------------------------------------------------------------------------- query_frame

TYPES = [
    ("VARCHAR", "'a'"),
    ("BOOLEAN", "true"),
    ("DOUBLE", "1.5"),
    ("FLOAT", "1.5"),
    ("TINYINT", "1"),
    ("SMALLINT", "1"),
    ("INTEGER", "1"),
    ("BIGINT", "1"),
    ("UTINYINT", "1"),
    ("USMALLINT", "1"),
    ("UINTEGER", "1"),
    ("UBIGINT", "1"),
    ("DATE", "DATE '2020-01-01'"),  # not converted from Arrow: `.df()` itself
    ("HUGEINT", "1"),
    ("VARCHAR[]", "['a']"),
]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert a.dtypes.to_dict() == b.dtypes.to_dict()
    assert a.index.equals(b.index) and type(a.index) is type(b.index)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


@pytest.mark.parametrize("typ, value", TYPES)
@pytest.mark.parametrize("rows", ["none", "no null", "a null", "all null"])
def test_query_frame_is_what_df_gives(typ, value, rows):
    con = duckdb.connect()
    x = f"CAST({value} AS {typ})"
    null = f"CAST(NULL AS {typ})"
    body = {
        "none": f"SELECT {x} AS x, 'k' AS s WHERE false",
        "no null": f"SELECT {x} AS x, 'k' AS s UNION ALL SELECT {x}, 'l'",
        "a null": f"SELECT {x} AS x, 'k' AS s UNION ALL SELECT {null}, NULL",
        "all null": f"SELECT {null} AS x, NULL::VARCHAR AS s",
    }[rows]
    sql = f"SELECT * FROM ({body}) ORDER BY s"
    _same(query_frame(con, sql), con.sql(sql).df())


def test_query_frame_with_parameters_and_many_columns():
    con = duckdb.connect()
    rng = random.Random(5)
    rows = [
        (
            rng.choice(["R", "", None]),
            f"{rng.randrange(10**9):09d}",
            rng.choice([None, rng.randrange(-5, 5)]),
            rng.choice([None, True, False]),
            rng.random(),
        )
        for _ in range(2000)
    ]
    con.execute("CREATE TABLE t (s VARCHAR, p VARCHAR, i INTEGER, b BOOLEAN, d DOUBLE)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    sql = "SELECT *, i + $k AS j, $y AS year FROM t WHERE d < $cut ORDER BY p, s"
    params = {"k": 3, "y": 2022, "cut": 0.7}
    _same(query_frame(con, sql, params), con.execute(sql, params).df())


# ---------------------------------------------------------------------------- conditions


def _old_person_conditions(con, conditions, year, codelists):
    """The code before: one query per condition, to pandas, concatenated, sorted there."""
    frames = []
    for cond in sorted(conditions, key=lambda c: c.name):
        sql, params = condition_query(cond, year, codelists)
        df = con.execute(sql, params).df()
        df["condition"] = cond.name
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["condition", "RINPERSOONS", "RINPERSOON"]).reset_index(drop=True)


def _person(rng):
    return rng.choice(["R", "R", "R", "X", ""]), rng.choice(
        ["", f"{rng.randrange(300):09d}", f"{rng.randrange(300):09d}"]
    )


def _date(rng):
    return None if rng.random() < 0.1 else dt.date(2019, 1, 1) + dt.timedelta(rng.randrange(1500))


@pytest.fixture
def sources():
    rng = random.Random(11)
    con = duckdb.connect()
    tables = {
        "ZVWZORGKOSTENTAB": (
            "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, ZVWKGENBASGGZ DOUBLE, "
            "ZVWKSPECGGZ DOUBLE, ZVWKGGZZPMTOTAAL DOUBLE",
            lambda: (*_person(rng), *(rng.choice([None, 0.0, 12.5, -3.0]) for _ in range(3))),
        ),
        "MEDICIJNTAB": (
            "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, ATC4 VARCHAR",
            lambda: (*_person(rng), rng.choice(["N05A", " N06A ", "A10B", "N05B"])),
        ),
        "GGZDBCTRAJECTENHOOFDDIAGTAB": (
            "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, GGZDBCCircuitHOOFDDIAG VARCHAR, "
            "GGZDBCHoofddiagnoseDSMIV VARCHAR",
            lambda: (
                *_person(rng),
                rng.choice([None, "VZ", "LG", ""]),
                rng.choice([None, "as1_4", "as2_1", "as1_40"]),
            ),
        ),
        "GEMWMOVOORZIENINGEN": (
            "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, VOORZIENING VARCHAR, DATUMBEGIN DATE, "
            "DATUMEINDE DATE",
            lambda: (*_person(rng), rng.choice(["hulp", "vervoer"]), _date(rng), _date(rng)),
        ),
        "GEMBUURTTEAM": (
            "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, TEAM VARCHAR, DATUMBEGIN DATE, "
            "DATUMEINDE DATE",
            lambda: (*_person(rng), rng.choice(["jeugd", "wijk"]), _date(rng), _date(rng)),
        ),
        "KOPPELPERSOONHUISHOUDEN": (
            "RINPERSOONS VARCHAR, RINPERSOON VARCHAR, RINPERSOONSHKW VARCHAR, "
            "RINPERSOONHKW VARCHAR",
            lambda: (*_person(rng), "R", rng.choice(["", f"{rng.randrange(80):09d}"])),
        ),
        "INHATAB": (
            "RINPERSOONSHKW VARCHAR, RINPERSOONHKW VARCHAR, INHP100HBEST INTEGER",
            lambda: ("R", f"{rng.randrange(80):09d}", rng.choice([-1, 5, 15, 40, 90, None])),
        ),
    }
    for name, (cols, row) in tables.items():
        con.execute(f"CREATE TABLE {name} ({cols})")
        n = len(cols.split(","))
        con.executemany(
            f"INSERT INTO {name} VALUES ({', '.join('?' * n)})", [row() for _ in range(600)]
        )
    return con


CODELISTS = {
    "psy": Codelist("psy", ("N05A", "N06A"), "exact", "1", "test"),
    "circ": Codelist("circ", ("VZ",), "exact", "1", "test"),
    "diag": Codelist("diag", ("as1_4",), "prefix", "1", "test"),
}


def _conditions():
    return [
        GgzKosten(name="ggz"),
        Medicijnen(name="psychofarmaca", codelist="psy"),
        GgzDbc(name="verslaving", circuit_codelist="circ", diagnosis_codelist="diag"),
        Wmo(name="wmo", voorzieningen=("hulp",)),
        Buurtteam(name="jeugdteam", teams=("jeugd",)),
        Inkomen(name="laag_inkomen", percentile_min=0, percentile_max=20),
        Medicijnen(name="geen", codelist="psy"),  # a second condition of one kind
        GgzDbc(name="dbc_circuit", circuit_codelist="circ"),  # an empty list of codes
        GgzDbc(name="dbc_diagnose", diagnosis_codelist="diag"),
    ]


@pytest.mark.parametrize("year", [2020, 2022])
def test_person_conditions_is_the_frame_of_one_query_per_condition(sources, year):
    conds = _conditions()
    new = person_conditions(sources, conds, year, CODELISTS)
    old = _old_person_conditions(sources, conds, year, CODELISTS)
    assert len(new) > 100 and new["condition"].nunique() == len(conds)
    _same(new, old)


def test_person_conditions_with_a_condition_that_nobody_meets(sources):
    conds = [*_conditions(), Wmo(name="niemand", voorzieningen=("bestaat niet",))]
    new = person_conditions(sources, conds, 2021, CODELISTS)
    old = _old_person_conditions(sources, conds, 2021, CODELISTS)
    # the same rows; the code before gave text columns of dtype object when a condition had
    # no rows (pandas concatenating an empty frame of `.df()`), read back the same
    pd.testing.assert_frame_equal(new, old.astype(new.dtypes.to_dict()), check_exact=True)


# ---------------------------------------------------------------------------- geography


HEADER = "gemeente_code,gemeente_name,wijk_code,wijk_name,buurt_code,buurt_name"


@pytest.mark.parametrize("bom", [False, True])
def test_geography_strata_is_survey_strata_on_read_geography(tmp_path, bom):
    rows = [
        HEADER,
        'GM0344,Utrecht,WK034401,"West, oud",BU03440101,A',
        "GM0344,Utrecht,WK034401,West,BU03440102,B",
        "GM0344,Utrecht,WK034410,Zuid,BU03441001,C",
        "",
        "GM0356,Nieuwegein,WK035602,Noord,BU03560201,D",
        "GM0307,Amersfoort,WK030703,Oost,BU03070301,E",
    ]
    path = tmp_path / "geography.csv"
    path.write_text(("\ufeff" if bom else "") + "\n".join(rows) + "\n", encoding="utf-8")
    geo = read_geography(path)
    for gemeenten in (["GM0344"], ["GM0356", "GM0344"], ["GM0999"], []):
        want = sorted({s for gm in gemeenten for s in survey_strata(geo, gm)})
        assert geography_strata(path, gemeenten) == want
    assert geography_strata(path, ["GM0344", "GM0356"]) == ["034401", "034410", "035602"]


def test_geography_strata_names_a_missing_column_as_read_geography_does(tmp_path):
    path = tmp_path / "geography.csv"
    path.write_text("gemeente_code,wijk_code,buurt_code\nGM0344,WK034401,BU03440101\n")
    with pytest.raises(ValueError) as old:
        read_geography(path)
    with pytest.raises(ValueError) as new:
        geography_strata(path, ["GM0344"])
    assert str(new.value) == str(old.value)
    assert "missing column(s) ['gemeente_name', 'wijk_name', 'buurt_name']" in str(new.value)


# ---------------------------------------------------------------------------- ingest


def _persons(path, rows):
    path.write_text(
        "RINPERSOONS;RINPERSOON;GBAGESLACHT;GBAGEBOORTEJAAR;GBAGEBOORTEMAAND;GBAGEBOORTELAND;"
        "GBAGENERATIE;GBAHERKOMSTLAND;GBAAANTALOUDERSBUITENLAND\n" + "".join(rows),
        encoding="utf-8",
    )
    return path


def test_a_table_read_on_a_jobs_database_leaves_nothing_in_it(tmp_path):
    good = _persons(
        tmp_path / "good.csv",
        ["R;000000001;1;1980;01;6030;0;6030;0\n", "R;000000002;2;1991;00;;1;5007;2\n"],
    )
    database = db.connect()
    ingest("GBAPERSOONTAB", good, tmp_path / "a.parquet", database=database)
    left = database.execute(
        "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() "
        "WHERE NOT internal"
    ).fetchall()
    assert left == []
    # the next table's file is its own: a missing file is said as missing, not read as the last
    with pytest.raises(InputError, match="nope.csv"):
        ingest("GBAPERSOONTAB", tmp_path / "nope.csv", tmp_path / "b.parquet", database=database)
    alone = tmp_path / "alone.parquet"
    ingest("GBAPERSOONTAB", good, alone)
    assert (tmp_path / "a.parquet").read_bytes() == alone.read_bytes()
