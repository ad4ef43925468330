"""Probabilistic linkage of a registration that arrives without the CBS key (Splink, DuckDB).

Some municipal registrations reach the secure environment without RINPERSOON; CBS then links
them on birth date, sex and address. This module does that against the population register
as the pipeline has it: GBAPERSOONTAB (birth year and month, sex) and GBAADRESOBJECTBUS (the
address spells), following the Fellegi-Sunter model as Splink implements it (Linacre et al.,
Splink, https://moj-analytical-services.github.io/splink; Fellegi & Sunter, JASA 1969).

The register has no day of birth, no initials and no house number (CBS leaves them out of
GBAPERSOONTAB; an address is the object number RINOBJECTNUMMER, which already stands for
street, number and addition), so the comparisons are:

| comparison | levels, most alike first |
|---|---|
| `geboortedatum` | year and month equal; year equal and the register's month unknown (00); year equal and the source's day equals the register's month (day and month swapped); year-month one digit off (Levenshtein 1 on YYYYMM); anything else; either missing |
| `geslacht` | equal; different; either missing or `-` |
| `adres` | the register's spell at this address covers the source row's date; the person lived at this address at another time (a move); different; the source's address missing |

One register record is one address spell of a person: a pair is (source row, spell), and a
person's weight for a row is the best of their spells. Blocking (the pairs that are scored):
the same address object, or the same birth year, month and sex with a spell covering the
row's date. Only persons with an address spell at an object of the source or of the gemeente
(in a region run: of any gemeente of the run) are read from the register (`register_sql`).

Parameters: u by random sampling of pairs with a fixed seed; m by expectation maximisation,
once blocked on the address (estimates birth date and sex) and once on birth year, month and
sex (estimates the address); the prior probability that a pair matches is 1 / the number of
register persons (every source row has at most one person). DuckDB runs single-threaded so that
every sum is made in the same order: the result is byte-identical on rerun.

One-to-one resolution (`one_to_one`): the pairs at or above the threshold are taken from the
highest weight down; a pair is kept when neither its source row nor its person (within the
row's source year, the year of DATUMBEGIN) is taken yet; ties are broken by source row, then
RINPERSOONS/RINPERSOON.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from wijkzicht import db, files
from wijkzicht.errors import WijkzichtError

__all__ = [
    "LinkageError",
    "Settings",
    "comparisons",
    "evaluate",
    "link",
    "one_to_one",
]

L, R = "a_bron", "b_register"  # dataset names; Splink puts the first on the left


class LinkageError(WijkzichtError, ValueError):
    """A probabilistic linkage that cannot be done as configured or with the data given."""


@dataclass(frozen=True)
class Settings:
    """`linkage` settings of the configuration (config/README.md)."""

    threshold_match_weight: float = 0.0
    seed: int = 20260101
    max_pairs_u: float = 2e6
    max_pairs_em: float = 2e5

    @classmethod
    def from_config(cls, cfg: dict) -> Settings:
        return cls(
            threshold_match_weight=float(cfg["threshold_match_weight"]),
            seed=int(cfg["seed"]),
            max_pairs_u=float(cfg["max_pairs_u"]),
            max_pairs_em=float(cfg["max_pairs_em"]),
        )


# the columns both sides carry (Splink compares records of one shape)
RECORD_COLUMNS = (
    "unique_id", "jaar", "maand", "dag", "jm", "geslacht", "adres", "datum", "van", "tot", "adressen",
    "blok_datum", "blok_van", "blok_tot",
    "rinpersoons", "rinpersoon", "bronjaar",
)  # fmt: skip

SOURCE_SQL = """
SELECT CAST(file_row_number + 1 AS BIGINT) AS unique_id,
       year(GEBOORTEDATUM) AS jaar,
       month(GEBOORTEDATUM) AS maand,
       day(GEBOORTEDATUM) AS dag,
       strftime(GEBOORTEDATUM, '%Y%m') AS jm,
       CASE WHEN GESLACHT IN ('1', '2') THEN GESLACHT END AS geslacht,
       CASE WHEN RINOBJECTNUMMER <> '' THEN SOORTOBJECTNUMMER || ':' || RINOBJECTNUMMER END
           AS adres,
       coalesce(DATUMBEGIN, $first_day) AS datum,
       CAST(NULL AS DATE) AS van,
       CAST(NULL AS DATE) AS tot,
       CAST(NULL AS VARCHAR[]) AS adressen,
       coalesce(DATUMBEGIN, $first_day) AS blok_datum,
       CAST(NULL AS DATE) AS blok_van,
       CAST(NULL AS DATE) AS blok_tot,
       CAST(NULL AS VARCHAR) AS rinpersoons,
       CAST(NULL AS VARCHAR) AS rinpersoon,
       CAST(year(DATUMBEGIN) AS INTEGER) AS bronjaar
FROM source
"""

# register persons worth comparing: an address spell at an object of the source or the gemeenten
REGISTER_SQL = """
WITH objects AS (
    SELECT DISTINCT adres FROM bron WHERE adres IS NOT NULL
    {gemeente_objects}
), persons AS (
    SELECT DISTINCT a.RINPERSOONS, a.RINPERSOON
    FROM adres AS a
    JOIN objects AS o ON o.adres = a.SOORTOBJECTNUMMER || ':' || a.RINOBJECTNUMMER
    WHERE a.RINPERSOONS = 'R' AND a.RINPERSOON <> ''
), spells AS (
    SELECT a.* FROM adres AS a
    JOIN persons AS k ON k.RINPERSOONS = a.RINPERSOONS AND k.RINPERSOON = a.RINPERSOON
), history AS (
    SELECT RINPERSOONS, RINPERSOON,
           list(DISTINCT SOORTOBJECTNUMMER || ':' || RINOBJECTNUMMER
                ORDER BY SOORTOBJECTNUMMER || ':' || RINOBJECTNUMMER) AS adressen
    FROM spells GROUP BY RINPERSOONS, RINPERSOON
)
SELECT CAST(row_number() OVER (ORDER BY a.RINPERSOON, a.GBADATUMAANVANGADRESHOUDING,
                                        a.SOORTOBJECTNUMMER, a.RINOBJECTNUMMER) AS BIGINT)
           AS unique_id,
       p.GBAGEBOORTEJAAR AS jaar,
       p.GBAGEBOORTEMAAND AS maand,
       CAST(NULL AS INTEGER) AS dag,
       printf('%04d%02d', p.GBAGEBOORTEJAAR, p.GBAGEBOORTEMAAND) AS jm,
       CASE WHEN p.GBAGESLACHT IN ('1', '2') THEN p.GBAGESLACHT END AS geslacht,
       a.SOORTOBJECTNUMMER || ':' || a.RINOBJECTNUMMER AS adres,
       CAST(NULL AS DATE) AS datum,
       coalesce(a.GBADATUMAANVANGADRESHOUDING, DATE '1870-01-01') AS van,
       coalesce(a.GBADATUMEINDEADRESHOUDING, DATE '2050-12-31') AS tot,
       h.adressen,
       CAST(NULL AS DATE) AS blok_datum,
       coalesce(a.GBADATUMAANVANGADRESHOUDING, DATE '1870-01-01') AS blok_van,
       coalesce(a.GBADATUMEINDEADRESHOUDING, DATE '2050-12-31') AS blok_tot,
       p.RINPERSOONS AS rinpersoons,
       p.RINPERSOON AS rinpersoon,
       CAST(NULL AS INTEGER) AS bronjaar
FROM spells AS a
JOIN history AS h ON h.RINPERSOONS = a.RINPERSOONS AND h.RINPERSOON = a.RINPERSOON
JOIN persoon AS p ON p.RINPERSOONS = a.RINPERSOONS AND p.RINPERSOON = a.RINPERSOON
"""

GEMEENTE_OBJECTS = """
    UNION
    SELECT DISTINCT SOORTOBJECTNUMMER || ':' || RINOBJECTNUMMER FROM geo
    WHERE list_contains($gemeenten, gemeente)
"""

BLOCK_ADDRESS = "l.adres = r.adres"
# the dates again under their own names (blok_*): Splink trains no comparison whose columns a
# blocking rule uses, and the address comparison must be trained on the pairs of this rule
BLOCK_BIRTH = (
    "l.jaar = r.jaar AND l.maand = r.maand AND l.geslacht = r.geslacht "
    "AND l.blok_datum BETWEEN r.blok_van AND r.blok_tot"
)


def comparisons() -> list[dict]:
    """The Splink comparisons (settings dicts), most alike level first in each; see the
    module docstring for what each level means."""
    return [
        {
            "output_column_name": "geboortedatum",
            "comparison_description": "birth date against birth year and month",
            "comparison_levels": [
                {"sql_condition": "jaar_l IS NULL OR jaar_r IS NULL", "is_null_level": True,
                 "label_for_charts": "ontbreekt"},
                {"sql_condition": "jaar_l = jaar_r AND maand_l = maand_r",
                 "label_for_charts": "jaar en maand gelijk"},
                {"sql_condition": "jaar_l = jaar_r AND maand_r = 0",
                 "label_for_charts": "jaar gelijk, maand onbekend in register"},
                {"sql_condition": "jaar_l = jaar_r AND dag_l = maand_r",
                 "label_for_charts": "dag en maand verwisseld"},
                {"sql_condition": "jaar_l = jaar_r AND levenshtein(jm_l, jm_r) = 1",
                 "label_for_charts": "jaar gelijk, maand een cijfer anders"},
                {"sql_condition": "maand_l = maand_r AND levenshtein(jm_l, jm_r) = 1",
                 "label_for_charts": "maand gelijk, jaar een cijfer anders"},
                {"sql_condition": "ELSE", "label_for_charts": "anders"},
            ],
        },
        {
            "output_column_name": "geslacht",
            "comparison_description": "sex",
            "comparison_levels": [
                {"sql_condition": "geslacht_l IS NULL OR geslacht_r IS NULL",
                 "is_null_level": True, "label_for_charts": "ontbreekt"},
                {"sql_condition": "geslacht_l = geslacht_r", "label_for_charts": "gelijk"},
                {"sql_condition": "ELSE", "label_for_charts": "anders"},
            ],
        },
        {
            "output_column_name": "adres",
            "comparison_description": "address object, on the registration date or earlier",
            "comparison_levels": [
                {"sql_condition": "adres_l IS NULL OR adres_r IS NULL", "is_null_level": True,
                 "label_for_charts": "ontbreekt"},
                {"sql_condition": "adres_l = adres_r AND datum_l BETWEEN van_r AND tot_r",
                 "label_for_charts": "zelfde adres op de datum"},
                {"sql_condition": "list_contains(adressen_r, adres_l)",
                 "label_for_charts": "zelfde adres, ander moment"},
                {"sql_condition": "ELSE", "label_for_charts": "anders"},
            ],
        },
    ]  # fmt: skip


def splink_settings(prior: float, seed: int) -> dict:
    """The Splink settings: link_only, the blocking rule of the predictions, `comparisons()`,
    the prior probability that a pair matches; a fixed linker id (no random table names)."""
    return {
        "link_type": "link_only",
        "probability_two_random_records_match": prior,
        "blocking_rules_to_generate_predictions": [BLOCK_ADDRESS],
        "comparisons": comparisons(),
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
        "additional_columns_to_retain": ["rinpersoons", "rinpersoon", "bronjaar"],
        "linker_uid": f"wijkzicht{seed}",
    }


def gemeente_list(gemeente: str | Sequence[str] | None) -> list[str]:
    """One gemeente code, a list of them (the gemeenten of a region run) or None, as a sorted
    list (empty for None)."""
    if gemeente is None:
        return []
    return [gemeente] if isinstance(gemeente, str) else sorted(gemeente)


def prepare(
    con: duckdb.DuckDBPyConnection, first_day, gemeente: str | Sequence[str] | None = None
) -> int:
    """Tables `bron` (the source rows as records) and `register` (the address spells of the
    persons worth comparing) on `con`, from views `source`, `persoon`, `adres` and, when
    `gemeente` is given (a code, or the list of a region run), `geo` (VSLGWBTAB long:
    SOORTOBJECTNUMMER, RINOBJECTNUMMER, gemeente): persons with a spell at an object of the
    source or of any of the gemeenten. `source` needs a `file_row_number` column (0-based data
    row). Returns the number of register persons."""
    con.execute(f"CREATE OR REPLACE TABLE bron AS {SOURCE_SQL}", {"first_day": first_day})
    gemeenten = gemeente_list(gemeente)
    extra = GEMEENTE_OBJECTS if gemeenten else ""
    con.execute(
        f"CREATE OR REPLACE TABLE register AS {REGISTER_SQL.format(gemeente_objects=extra)}",
        {"gemeenten": gemeenten} if gemeenten else {},
    )
    return con.execute("SELECT count(DISTINCT (rinpersoons, rinpersoon)) FROM register").fetchall()[
        0
    ][0]


def predict(con: duckdb.DuckDBPyConnection, n_persons: int, settings: Settings) -> pd.DataFrame:
    """Scored pairs of tables `bron` and `register` (see `prepare`): per pair the source row,
    the person, the source year, the match weight and the comparison level of each
    comparison (`gamma_*`, 0 = least alike, -1 = missing). Every pair the blocking rules give
    is returned; the threshold is applied by `one_to_one`."""
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    prior = 1.0 / max(n_persons, 2)
    api = DuckDBAPI(connection=con)
    bron = api.register("bron", dataset_display_name=L)
    reg = api.register("register", dataset_display_name=R)
    cfg = splink_settings(prior, settings.seed)
    cfg["retain_matching_columns"] = True  # the gamma_ column of each comparison
    linker = Linker([bron, reg], cfg, log_level=None)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.max_pairs_u, seed=settings.seed
    )
    linker.training.estimate_parameters_using_expectation_maximisation(BLOCK_ADDRESS)
    linker.training.estimate_parameters_using_expectation_maximisation(
        BLOCK_BIRTH, max_pairs=settings.max_pairs_em
    )
    pairs = linker.inference.predict(warning_mode="never").as_pandas_dataframe()
    keep = ["unique_id_l", "rinpersoons_r", "rinpersoon_r", "bronjaar_l", "match_weight"]
    keep += [c for c in pairs.columns if c.startswith("gamma_")]
    out = pairs[keep].rename(
        columns={
            "unique_id_l": "row",
            "rinpersoons_r": "RINPERSOONS",
            "rinpersoon_r": "RINPERSOON",
            "bronjaar_l": "bronjaar",
        }
    )
    # a person's weight for a row: the best of their address spells
    out = out.sort_values(
        ["row", "RINPERSOONS", "RINPERSOON", "match_weight"], ascending=[True, True, True, False]
    )
    out = out.drop_duplicates(["row", "RINPERSOONS", "RINPERSOON"], keep="first")
    out["match_weight"] = out["match_weight"].round(6)
    return out.reset_index(drop=True)


def one_to_one(pairs: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The links: pairs with match_weight >= threshold, each source row to at most one person
    and each person to at most one row per source year (`bronjaar`; rows without a year form
    one group), best weight first, ties broken by row then RINPERSOONS, RINPERSOON.

    `pairs` has columns row, RINPERSOONS, RINPERSOON, bronjaar, match_weight (one per row and
    person). Returns the kept pairs, sorted by row."""
    cand = pairs[pairs["match_weight"] >= threshold]
    cand = cand.sort_values(
        ["match_weight", "row", "RINPERSOONS", "RINPERSOON"], ascending=[False, True, True, True]
    )
    rows_taken: set = set()
    persons_taken: set = set()
    keep = []
    for i, row, s, p, year in zip(
        cand.index, cand["row"], cand["RINPERSOONS"], cand["RINPERSOON"], cand["bronjaar"],
        strict=True,
    ):  # fmt: skip
        person = (s, p, None if pd.isna(year) else int(year))
        if row in rows_taken or person in persons_taken:
            continue
        rows_taken.add(row)
        persons_taken.add(person)
        keep.append(i)
    return cand.loc[keep].sort_values("row").reset_index(drop=True)


def link(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    first_day,
    gemeente: str | Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link view `source` (an unkeyed registration, with `file_row_number`) to the register
    (views `persoon`, `adres` and, with `gemeente` (a code or a list), `geo`). Returns (best pair per source row:
    row, bronjaar, match_weight of the row's best-scoring person or NaN when no pair was
    scored; links: row, RINPERSOONS, RINPERSOON, match_weight after one-to-one resolution)."""
    con.execute("SET threads = 1")  # sums in one order: the same weights on every run
    n_persons = prepare(con, first_day, gemeente)
    rows = con.execute("SELECT unique_id AS row, bronjaar FROM bron ORDER BY row").df()
    if len(rows) == 0 or n_persons == 0:
        best = rows.assign(match_weight=np.nan)
        empty = pd.DataFrame(columns=["row", "RINPERSOONS", "RINPERSOON", "match_weight"])
        return best, empty
    pairs = predict(con, n_persons, settings)
    top = pairs.sort_values(["row", "match_weight"], ascending=[True, False])
    top = top.drop_duplicates("row")[["row", "match_weight"]]
    best = rows.merge(top, on="row", how="left")
    links = one_to_one(pairs, settings.threshold_match_weight)
    return best, links[["row", "RINPERSOONS", "RINPERSOON", "match_weight"]]


def evaluate(links: pd.DataFrame, truth: pd.DataFrame, register_keys: pd.DataFrame) -> dict:
    """Precision, recall and F1 of `links` against `truth` (row, RINPERSOONS, RINPERSOON: the
    person behind each row, '' when none), counting as findable only rows whose person is in
    `register_keys` (RINPERSOONS, RINPERSOON).

    precision = correct links / links; recall = correct links / findable rows;
    F1 = 2PR / (P + R). Returns the counts too (n_links, n_correct, n_findable)."""
    reg = set(zip(register_keys["RINPERSOONS"], register_keys["RINPERSOON"], strict=True))
    t = truth.set_index("row")
    findable = [(s, p) in reg for s, p in zip(t["RINPERSOONS"], t["RINPERSOON"], strict=True)]
    n_findable = int(np.sum(findable))
    got = links.set_index("row")
    both = got.merge(t, left_index=True, right_index=True, suffixes=("", "_true"), how="left")
    correct = (both["RINPERSOONS"] == both["RINPERSOONS_true"]) & (
        both["RINPERSOON"] == both["RINPERSOON_true"]
    )
    n_links, n_correct = len(got), int(correct.sum())
    precision = n_correct / n_links if n_links else math.nan
    recall = n_correct / n_findable if n_findable else math.nan
    f1 = (
        2 * precision * recall / (precision + recall)
        if n_links and n_findable and (precision + recall) > 0
        else math.nan
    )
    return {
        "n_links": n_links,
        "n_correct": n_correct,
        "n_findable": n_findable,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def link_registration(
    out: str,
    source: str,
    persoon: str,
    adres: str,
    geo: list[str],
    gemeente: str | Sequence[str],
    first_year: int,
    settings: Settings,
    truth: str | None = None,
) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """Link one validated unkeyed registration (Parquet `source`) to the register (validated
    GBAPERSOONTAB `persoon`, GBAADRESOBJECTBUS `adres`, VSLGWBTAB per year `geo`); the
    register persons compared are those with an address in the source or in `gemeente` (a
    code, or the list of gemeenten of a region run).

    Writes the registration keyed to `out` (Parquet, the types of the validated keyed table):
    RINPERSOONS/RINPERSOON of each row's link ('' when none), then its own columns, in its
    row order. Returns (a summary: the settings, per source year
    (`bronjaar`, None for rows without a begin date) and in total the rows and links, and,
    with the `truth` file (row, RINPERSOONS, RINPERSOON), precision, recall and F1; the best
    weight per row: row, bronjaar, match_weight, linked). Rows and weights are person-level:
    they stay in results/internal.
    """
    con = db.connect(threads=1)
    try:
        con.read_parquet(source, file_row_number=True).create_view("source")
        con.read_parquet(persoon).create_view("persoon")
        con.read_parquet(adres).create_view("adres")
        con.read_parquet(list(geo)).create_view("geo")
        best, links = link(con, settings, dt.date(first_year, 1, 1), gemeente)
        con.register("links", links)
        ident = {"GEBOORTEDATUM", "GESLACHT", "SOORTOBJECTNUMMER", "RINOBJECTNUMMER"}
        own = [c for c in con.table("source").columns if c not in ident | {"file_row_number"}]
        files.write_query(con, KEYED_SQL.format(own=", ".join(f's."{c}"' for c in own)), out)
        register_keys = con.execute("SELECT RINPERSOONS, RINPERSOON FROM persoon").df()
    finally:
        con.close()
    best["linked"] = best["row"].isin(links["row"])
    truth_df = pd.read_parquet(truth) if truth else None
    years = sorted({None if pd.isna(y) else int(y) for y in best["bronjaar"]}, key=_year_order)
    per_year = []
    for y in [*years, "totaal"]:
        rows = best if y == "totaal" else best[_same_year(best["bronjaar"], y)]
        entry = {"bronjaar": y, "n_rows": len(rows), "n_links": int(rows["linked"].sum())}
        if truth_df is not None:
            sel = truth_df[truth_df["row"].isin(rows["row"])]
            entry.update(evaluate(links[links["row"].isin(rows["row"])], sel, register_keys))
        per_year.append(entry)
    summary = {
        "settings": {
            "threshold_match_weight": settings.threshold_match_weight,
            "seed": settings.seed,
            "max_pairs_u": settings.max_pairs_u,
            "max_pairs_em": settings.max_pairs_em,
        },
        "evaluated": truth_df is not None,
        "years": per_year,
    }
    return summary, best


KEYED_SQL = """
SELECT coalesce(l.RINPERSOONS, '') AS RINPERSOONS, coalesce(l.RINPERSOON, '') AS RINPERSOON, {own}
FROM source AS s LEFT JOIN links AS l ON l."row" = s.file_row_number + 1
ORDER BY s.file_row_number
"""


def _year_order(y):
    return (y is None, y or 0)


def _same_year(col: pd.Series, year) -> pd.Series:
    return col.isna() if year is None else col == year
