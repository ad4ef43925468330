"""Linkage report: per source and year, how many rows link to the population register and residents.

What of it may be released: `wijkzicht.disclosure.linkage.releasable`. The counts behind the
source-quality report (`quality_counts`): rows, completeness, repairs and linkage rates per
source and year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from wijkzicht import db
from wijkzicht.definitions.base import join_or
from wijkzicht.definitions.words import team, voorziening

# the codes of the Wmo and buurtteam profiles; their words come from wijkzicht.definitions.words
PROFILE_VOORZIENINGEN = ("BW", "MO")
PROFILE_TEAMS = ("JG",)


def _in(column: str, codes: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


# One property per source, to show how unlinked rows differ from linked ones.
PROFILE = {
    "GBAPERSOONTAB": ("geslacht onbekend", "GBAGESLACHT = '-'"),
    "GBAADRESOBJECTBUS": ("adres nog lopend", "GBADATUMEINDEADRESHOUDING >= DATE '2050-12-31'"),
    "GBAHUISHOUDENSBUS": ("eenouderhuishouden", "TYPHH = '6'"),
    "KINDOUDERTAB": ("moeder bekend", "RINPERSOONMa <> ''"),
    "MEDICIJNTAB": ("psychofarmacon (N05/N06)", "left(trim(ATC4), 3) IN ('N05', 'N06')"),
    "ZVWZORGKOSTENTAB": ("huisartskosten > 0", "coalesce(ZVWKHUISARTS, 0) > 0"),
    "GGZDBCTRAJECTENHOOFDDIAGTAB": (
        "circuit verslaving",
        "trim(coalesce(GGZDBCCircuitHOOFDDIAG, '')) = '5'",
    ),
    "KOPPELPERSOONHUISHOUDEN": ("inkomenshuishouden bekend", "RINPERSOONHKW <> ''"),
    "GEMWMOVOORZIENINGEN": (
        join_or([voorziening(c, "nl") for c in PROFILE_VOORZIENINGEN], "nl"),
        _in("VOORZIENING", PROFILE_VOORZIENINGEN),
    ),
    "GEMBUURTTEAM": (
        join_or([team(c, "nl") for c in PROFILE_TEAMS], "nl"),
        _in("TEAM", PROFILE_TEAMS),
    ),
    "GEZOMONITOR": ("K10 volledig", "K10_01 IS NOT NULL AND K10_10 IS NOT NULL"),
}


@dataclass(frozen=True)
class LinkSource:
    """One source of the linkage report: validated Parquet `path` of `table` (a key of
    `PROFILE`) of `year` (None: a table not per year), and `where`, an SQL condition on its
    columns that selects the rows counted (None: every row). `gemeente`: the one gemeente whose
    report the source is for (a GGD region's survey file, `where` its own strata); None: every
    gemeente's."""

    table: str
    year: int | None
    path: str
    where: str | None = None
    gemeente: str | None = None


COUNTS = ("n_rows", "n_r", "n_gba", "n_resident", "n_kenmerk_linked", "n_unlinked",
          "n_kenmerk_unlinked")  # fmt: skip

LINKAGE_SQL = """
WITH res AS (
    -- per resident and gemeente k where he lives in any year (of `years`): a bit for each
    -- year in which he is one of its residents; `first` marks one row of each resident
    SELECT RINPERSOONS, RINPERSOON, k, bit_or(bit) AS bits,
           k = min(k) OVER (PARTITION BY RINPERSOONS, RINPERSOON) AS first
    FROM ({residents})
    GROUP BY RINPERSOONS, RINPERSOON, k
),
src AS ({sources}),
linked AS (
    -- a source row once per gemeente its person lives in (once when in none): the national
    -- counts take one of those rows (`once`), the residents' counts each gemeente's own
    SELECT s.i, r.k,
           r.first IS NOT FALSE AS once,
           (s.RINPERSOONS = 'R' AND s.RINPERSOON <> '') AS is_r,
           g.RINPERSOON IS NOT NULL AS in_gba,
           coalesce(r.bits & s.bits, 0) <> 0 AS is_resident,
           s.kenmerk
    FROM src AS s
    LEFT JOIN (SELECT RINPERSOONS, RINPERSOON FROM persoon) AS g
           ON s.RINPERSOONS = 'R' AND g.RINPERSOONS = s.RINPERSOONS AND g.RINPERSOON = s.RINPERSOON
    LEFT JOIN res AS r
           ON s.RINPERSOONS = 'R' AND r.RINPERSOONS = s.RINPERSOONS AND r.RINPERSOON = s.RINPERSOON
)
SELECT i, k,
       count(*) FILTER (WHERE once) AS n_rows,
       count(*) FILTER (WHERE once AND is_r) AS n_r,
       count(*) FILTER (WHERE once AND in_gba) AS n_gba,
       count(*) FILTER (WHERE is_resident) AS n_resident,
       count(*) FILTER (WHERE once AND in_gba AND kenmerk) AS n_kenmerk_linked,
       count(*) FILTER (WHERE once AND NOT in_gba) AS n_unlinked,
       count(*) FILTER (WHERE once AND NOT in_gba AND kenmerk) AS n_kenmerk_unlinked
FROM linked
GROUP BY i, k
"""


def link_counts(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[LinkSource],
    residents: Mapping[str, Mapping[int, str | Path]],
) -> pd.DataFrame:
    """How the rows of each source link to view `persoon` (GBAPERSOONTAB) and to the residents
    of each gemeente of the run.

    `residents`: gemeente -> year -> Parquet file of that year's residents (RINPERSOONS,
    RINPERSOON; base), in the run's order of gemeenten. A row of a per-year source is a
    resident's of gemeente g when its person is a resident of g in its year; a row of a table
    not per year when he is a resident of g in any year of g's residents. Only a RINPERSOONS
    'R' row links. One query for every source and every gemeente: the register and the
    residents are hashed once, and the national counts of a source (every count but
    n_resident) are the same for each gemeente, so a GGD region counts them once, not once per
    gemeente (at 2 M persons one gemeente's report took 7.1 CPU s, against 14.2 when each
    source was a query of its own). A source row meets each gemeente its person lived in (a
    mover: several), the national counts take one of those: the cost grows with the residents,
    hardly with the gemeenten (the default world's 360,000 residents split over 25 gemeenten:
    3.9 CPU s, one gemeente 3.2; a column per gemeente instead took 12.7).

    Returns one row per gemeente and source (a source with `gemeente` set for that gemeente
    only), gemeenten in the order of `residents`, sources in the order given: gemeente, source,
    year (Int64), kenmerk (the `PROFILE` label of the source's property) and the counts
    `COUNTS` (int64): rows, rows with a linkable key, rows found in the register, rows of the
    gemeente's residents, rows with the property among the linked and the unlinked, rows
    unlinked. Raises KeyError for a table without a profile and ValueError for a per-year
    source whose year has no residents in a gemeente it is counted for, or for no gemeente."""
    gemeenten = list(residents)
    if not gemeenten:
        raise ValueError("link_counts: no gemeente")
    years = sorted({y for by_year in residents.values() for y in by_year})
    if len(years) > 62:
        raise ValueError("link_counts: more than 62 years of residents")
    bit = {y: 1 << k for k, y in enumerate(years)}
    res = " UNION ALL ".join(
        f"SELECT RINPERSOONS, RINPERSOON, {k} AS k, CAST({bit[y]} AS BIGINT) AS bit "
        f"FROM read_parquet({db.literal(path)})"
        for k, gm in enumerate(gemeenten)
        for y, path in sorted(residents[gm].items())
    )
    parts = []
    for i, s in enumerate(sources):
        for gm in gemeenten if s.gemeente is None else [s.gemeente]:
            if gm not in residents:
                raise ValueError(f"link_counts: {s.table} {s.year} is for {gm}, not in the run")
            if s.year is not None and s.year not in residents[gm]:
                raise ValueError(
                    f"link_counts: {s.table} {s.year} has no residents of its year in {gm}"
                )
        bits = sum(bit.values()) if s.year is None else bit[s.year]
        where = f" WHERE {s.where}" if s.where else ""
        parts.append(
            f"SELECT {i} AS i, CAST(RINPERSOONS AS VARCHAR) AS RINPERSOONS, "
            f"CAST(RINPERSOON AS VARCHAR) AS RINPERSOON, CAST({bits} AS BIGINT) AS bits, "
            f"({PROFILE[s.table][1]}) AS kenmerk FROM read_parquet({db.literal(s.path)}){where}"
        )
    sql = LINKAGE_SQL.format(residents=res, sources=" UNION ALL ".join(parts))
    got = con.execute(sql).df()
    # the national counts: the sum over a source's groups of its rows counted `once`
    national = [c for c in COUNTS if c != "n_resident"]
    summed = got.groupby("i")[national].sum().reindex(range(len(sources)), fill_value=0)
    # the residents' rows: per source and gemeente
    resident = got.dropna(subset=["k"]).astype({"k": "int64"}).set_index(["i", "k"])["n_resident"]
    frames = []
    for k, gm in enumerate(gemeenten):
        own = [i for i, s in enumerate(sources) if s.gemeente in (None, gm)]
        out = pd.DataFrame({
            "gemeente": gm,
            "source": [sources[i].table for i in own],
            "year": pd.array([sources[i].year for i in own], dtype="Int64"),
            "kenmerk": [PROFILE[sources[i].table][0] for i in own],
        })  # fmt: skip
        for c in COUNTS:
            if c == "n_resident":
                values = resident.reindex(pd.MultiIndex.from_product([own, [k]]), fill_value=0)
            else:
                values = summed[c].iloc[own]
            out[c] = values.to_numpy(dtype="int64")
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


QUALITY_MEASURES = (
    "n_rows", "n_rows_file", "share_complete", "n_repaired", "n_dropped", "share_linked",
)  # fmt: skip


def filled_counts(rel: duckdb.DuckDBPyRelation, columns: list[str]) -> tuple[int, dict[str, int]]:
    """(rows, column -> values filled in) of `rel` in one scan: what `own_respondents` takes
    for the respondents of one gemeente. A value is filled in when it is neither missing nor
    empty text, as the ingest job counts it (`inputs.ingest.quality_record`): a validated text
    column keeps an empty value as '' (an unlinked respondent's RINPERSOON)."""
    aggs = ["count(*)", *(f"count(NULLIF(CAST(\"{c}\" AS VARCHAR), ''))" for c in columns)]
    n, *filled = rel.aggregate(", ".join(aggs)).fetchall()[0]
    return int(n), {c: int(v) for c, v in zip(columns, filled, strict=True)}


def own_strata(strata: Sequence[str]) -> str:
    """The SQL condition on a survey file's STRATUM that selects the rows sampled in `strata`
    (`inputs.reference.survey_strata`: a gemeente's own respondents, where the GGD's file holds
    the whole region's); no strata select no row."""
    if not strata:
        return "FALSE"
    return f"STRATUM IN ({', '.join(db.literal(s) for s in strata)})"


def own_respondents(record: dict, n_rows: int, filled: dict[str, int]) -> dict:
    """The quality record (`inputs.ingest.quality_record`) of a survey file that holds the
    respondents of a whole GGD region, made the figures of one gemeente's own respondents (those
    sampled in its strata, `inputs.reference.survey_strata`): `n_rows` and each column's
    `filled` counted over them (`filled`: column -> non-empty values); `n_rows_file` the
    file's rows, so the report says the file holds the region. `repaired` and `dropped` stay
    the file's: a repair is a property of how the file stores a column, counted as it is read.
    Raises KeyError when `filled` lacks a column of the record."""
    columns = [{**c, "filled": int(filled[c["column"]])} for c in record["columns"]]
    return {**record, "n_rows": int(n_rows), "n_rows_file": record["n_rows"], "columns": columns}


def quality_counts(
    records: list[dict], links: pd.DataFrame, summaries: dict[str, dict]
) -> pd.DataFrame:
    """The counts behind the source-quality report, one row per figure (internal: not yet
    disclosure-controlled; `wijkzicht.disclosure.linkage.releasable_quality` makes it
    releasable).

    `records` are the ingest jobs' quality records (`wijkzicht.inputs.ingest.quality_record`;
    one made by `own_respondents` gives `n_rows_file` too); `links` the linkage counts per
    source and year (columns source, year, n_rows, n_gba, as `link_counts` gives them) of the keyed sources; `summaries` the probabilistic linkage
    summaries of the unkeyed registrations by table (`population.probabilistic`).

    Columns: source, year (Int64, empty for a table not per year; for an unkeyed
    registration's linkage rows by source year, the year of DATUMBEGIN), measure (`n_rows`,
    `n_rows_file` (a survey file of the region: its rows), `share_complete` per column, `n_repaired`, `n_dropped`, `share_linked`), column (the
    column of share_complete), method (`deterministisch`: RINPERSOON found in
    GBAPERSOONTAB; `probabilistisch`: linked at or above the threshold), numerator,
    denominator (empty for counts).
    """
    rows = []
    for rec in records:
        src, year, n = rec["table"], rec["year"], rec["n_rows"]
        base = {"source": src, "year": year, "column": "", "method": ""}
        rows.append({**base, "measure": "n_rows", "numerator": n, "denominator": None})
        if "n_rows_file" in rec:
            rows.append({**base, "measure": "n_rows_file", "numerator": rec["n_rows_file"],
                         "denominator": None})  # fmt: skip
        for c in rec["columns"]:
            rows.append({**base, "measure": "share_complete", "column": c["column"],
                         "numerator": c["filled"], "denominator": n})  # fmt: skip
        for m in ("repaired", "dropped"):
            total = sum(c[m] for c in rec["columns"])
            rows.append({**base, "measure": f"n_{m}", "numerator": total, "denominator": None})
        if rec["unkeyed"] and src in summaries:
            for y in summaries[src]["years"]:
                yy = y["bronjaar"]
                if yy is None:
                    continue  # rows without a begin date count in the total only
                rows.append({"source": src, "year": None if yy == "totaal" else yy,
                             "measure": "share_linked", "column": "", "method": "probabilistisch",
                             "numerator": y["n_links"], "denominator": y["n_rows"]})  # fmt: skip
    for r in links.itertuples():
        rows.append({"source": r.source, "year": None if pd.isna(r.year) else int(r.year),
                     "measure": "share_linked", "column": "", "method": "deterministisch",
                     "numerator": int(r.n_gba), "denominator": int(r.n_rows)})  # fmt: skip
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    # per source (in the order read), its figures without a year first, then by year
    order = {s: i for i, s in enumerate(dict.fromkeys(out["source"]))}
    measures = {m: i for i, m in enumerate(QUALITY_MEASURES)}
    out = out.assign(
        _s=out["source"].map(order),
        _y=out["year"].fillna(-1),
        _m=out["measure"].map(measures),
        _i=range(len(out)),
    )
    out = out.sort_values(["_s", "_y", "_m", "_i"]).drop(columns=["_s", "_y", "_m", "_i"])
    out = out.reset_index(drop=True)
    for c in ("numerator", "denominator"):
        out[c] = pd.to_numeric(out[c]).astype("Int64")
    return out
