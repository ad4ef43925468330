"""Residents per area and year from the person-year base: the register's own population counts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from wijkzicht import db

# the counts of relation `r` (year, gemeente, wijk, buurt: one row per resident and year)
_COUNTS_SQL = """
SELECT year, 'gemeente' AS area_level, gemeente AS area_code, count(*) AS n_residents
FROM r GROUP BY year, gemeente
UNION ALL
SELECT year, 'wijk', wijk, count(*) FROM r WHERE wijk IS NOT NULL GROUP BY year, wijk
UNION ALL
SELECT year, 'buurt', buurt, count(*) FROM r WHERE buurt IS NOT NULL GROUP BY year, buurt
"""
AREA_POPULATION_SQL = (
    "WITH r AS (SELECT year, gemeente, wijk, buurt FROM read_parquet($files))" + _COUNTS_SQL
)


def area_population(residents: Iterable[str | Path] | pd.DataFrame) -> pd.DataFrame:
    """Residents on 1 January per year and area (gemeente, wijk, buurt).

    `residents` are person-year base files (`wijkzicht.population.residents`), or their rows
    already read (a frame with year, gemeente, wijk and buurt: a job that needs more of their
    columns reads the files once). Returns columns year (int), area_level, area_code,
    n_residents (int), sorted by year, level and code. A resident placed in no wijk counts
    for the gemeente only (as in the measures).
    """
    con = db.connect()
    try:
        if isinstance(residents, pd.DataFrame):
            con.register("r", residents[["year", "gemeente", "wijk", "buurt"]])
            df = con.execute(_COUNTS_SQL).df()
        else:
            files = [str(p) for p in residents]
            df = con.execute(AREA_POPULATION_SQL, {"files": files}).df()
    finally:
        con.close()
    rank = df["area_level"].map({"gemeente": 0, "wijk": 1, "buurt": 2})
    df = df.assign(_r=rank).sort_values(["year", "_r", "area_code"]).drop(columns="_r")
    df["year"] = df["year"].astype("int64")
    df["n_residents"] = df["n_residents"].astype("int64")
    return df.reset_index(drop=True)
