"""The person-year base: residents on 1 January of a year with area, age, sex, herkomst and generatie."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import GENERATIE, GESLACHT, parse_bands

if TYPE_CHECKING:  # imported where used: the narrow jobs import this module, not pandas
    import duckdb
    import pandas as pd

RESIDENTS_SQL = """
WITH spells AS (
    -- only persons linked to the register, keyed by the pair (RINPERSOONS, RINPERSOON) (docs/rules.md#l1)
    -- address spells covering the peildatum (docs/rules.md#l2); an empty begin date is never
    -- active (docs/rules.md#l3)
    SELECT RINPERSOONS, RINPERSOON, SOORTOBJECTNUMMER, RINOBJECTNUMMER
    FROM adres
    WHERE RINPERSOONS = 'R' AND RINPERSOON <> ''
      AND GBADATUMAANVANGADRESHOUDING <= $peildatum
      AND GBADATUMEINDEADRESHOUDING >= $peildatum
),
placed AS (
    -- placed by the VSLGWBTAB columns of year(peildatum) (docs/rules.md#l6); unmapped objects
    -- place nobody (docs/rules.md#l5)
    SELECT s.RINPERSOONS, s.RINPERSOON, g.gemeente, g.wijk, g.buurt
    FROM spells AS s
    JOIN geo AS g
      ON g.SOORTOBJECTNUMMER = s.SOORTOBJECTNUMMER
     AND g.RINOBJECTNUMMER = s.RINOBJECTNUMMER
     AND g.year = $year
    WHERE g.gemeente = $gemeente
),
persons AS (
    SELECT p.*, TRUE AS in_gba,
           -- age in completed years, the birthday taken as the 1st of the birth month
           -- (docs/rules.md#l7); month 00 (unknown) counts as passed on 1 January (docs/rules.md#l9)
           $year_d - GBAGEBOORTEJAAR
             - CASE WHEN ($month_d, $day_d) < (GBAGEBOORTEMAAND, 1) THEN 1 ELSE 0 END AS age
    FROM persoon AS p
)
SELECT pl.RINPERSOONS, pl.RINPERSOON, $year AS year, pl.gemeente, pl.wijk, pl.buurt,
       coalesce(pe.in_gba, FALSE) AS in_gba,
       pe.GBAGEBOORTEJAAR AS geboortejaar,
       coalesce(gs.label, $onbekend) AS geslacht,
       pe.age,
       b.label AS leeftijd,
       CASE WHEN pe.in_gba THEN coalesce(c.herkomst, $onbekend) END AS herkomst,
       CASE WHEN pe.in_gba THEN coalesce(gen.label, $onbekend) END AS generatie
FROM placed AS pl
LEFT JOIN persons AS pe USING (RINPERSOONS, RINPERSOON)
LEFT JOIN geslacht_codes AS gs ON gs.code = pe.GBAGESLACHT
LEFT JOIN generatie_codes AS gen ON gen.code = pe.GBAGENERATIE
LEFT JOIN countries AS c ON c.country_code = pe.GBAHERKOMSTLAND
LEFT JOIN bands AS b ON b.age = pe.age  -- one row per age of a band: a hash join
ORDER BY pl.RINPERSOONS, pl.RINPERSOON
"""


def query_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None
) -> pd.DataFrame:
    """The rows of `sql` as the pandas frame DuckDB's `.df()` gives, column for column the same
    dtypes and values, fetched as Arrow: `.df()` makes a Python string of every text value
    and pandas then converts them to its Arrow strings; from Arrow the text stays Arrow (the
    residents of the default world: about 0.3 against 0.7 CPU s). As `.df()`: an integer or
    boolean column with a NULL is pandas' nullable type of its width, one without keeps
    NumPy's; text is `str`, but `object` where the column holds no text (no rows, or NULLs). A result with a column of
    another type (dates, decimals, lists, ...) is fetched with `.df()` itself
    (tests/unit/test_s3_frames.py compares both ways)."""
    import pandas as pd
    import pyarrow as pa

    rel = con.sql(sql, params=params)
    arrow_types = {str(t) for t in rel.types}
    if not arrow_types <= _ARROW_SAFE:
        return rel.df()
    table = rel.to_arrow_table()
    df = table.to_pandas()
    for name, col in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            if col.null_count == len(col):  # no text at all (or no rows): `.df()` says object
                df[name] = df[name].astype(object)
        elif col.null_count:  # an integer or boolean column with a NULL
            df[name] = col.to_pandas(types_mapper=_nullable(pd, pa).get)
    return df


# the DuckDB types `query_frame` converts from Arrow itself (the others: `.df()`)
_ARROW_SAFE = {
    "VARCHAR", "BOOLEAN", "DOUBLE", "FLOAT",
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
}  # fmt: skip


def _nullable(pd, pa) -> dict:
    """Arrow's integer and boolean types -> pandas' nullable dtypes (what `.df()` gives a
    column of that type with a NULL)."""
    ints = {
        pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
        pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(),
    }  # fmt: skip
    return {**ints, pa.bool_(): pd.BooleanDtype()}


def _codes(mapping: dict[str, str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"code": list(mapping), "label": list(mapping.values())})


def band_of_age(bands: pd.DataFrame) -> pd.DataFrame:
    """(age, label): one row per whole age of each band of `bands` (`parse_bands`: label, lo,
    hi; bands do not overlap), so a person's band is an equality join on the age instead of a
    range join (`age BETWEEN lo AND hi`: 0.4 s of the 2-million world's residents job)."""
    import pandas as pd

    ages = [(age, b.label) for b in bands.itertuples() for age in range(b.lo, b.hi + 1)]
    return pd.DataFrame(ages, columns=["age", "label"]).astype({"age": "int64"})


def residents(
    con: duckdb.DuckDBPyConnection,
    year: int,
    gemeente: str,
    countries: pd.DataFrame,
    age_bands: list[str],
    peildatum: dt.date | None = None,
) -> pd.DataFrame:
    """Residents of `gemeente` on `peildatum` (default 1 January `year`).

    Expects views `adres` (GBAADRESOBJECTBUS), `geo` (VSLGWBTAB long) and `persoon`
    (GBAPERSOONTAB) on `con`. Persons without a GBAPERSOONTAB row are residents with
    in_gba False and no age (docs/rules.md#l8). Sex, herkomst and generatie are labels, not
    codes: `onbekend` for a code the reference lacks (docs/rules.md#s1).
    """
    d = peildatum or dt.date(year, 1, 1)
    con.register("bands", band_of_age(parse_bands(age_bands)))
    con.register("countries", countries[["country_code", "herkomst"]])
    con.register("geslacht_codes", _codes(GESLACHT))
    con.register("generatie_codes", _codes(GENERATIE))
    params = {
        "peildatum": d,
        "year": year,
        "year_d": d.year,
        "month_d": d.month,
        "day_d": d.day,
        "gemeente": gemeente,
        "onbekend": "onbekend",
    }
    return query_frame(con, RESIDENTS_SQL, params)


def open_inputs(con: duckdb.DuckDBPyConnection, **views: str | Path) -> None:
    """Create one view per validated Parquet file: open_inputs(con, adres=path, ...)."""
    for name, path in views.items():
        con.read_parquet(str(path)).create_view(name)


def build_residents(
    adres: str, geo: str, persoon: str, countries: pd.DataFrame, age_bands: list[str],
    year: int, gemeente: str, out: str,
) -> pd.DataFrame:  # fmt: skip
    con = db.connect()
    try:
        open_inputs(con, adres=adres, geo=geo, persoon=persoon)
        df = residents(con, year, gemeente, countries, age_bands)
    finally:
        con.close()
    write_parquet(df, out)
    return df
