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

Trained once, linked per year (`train_registration`, `link_year`): the model (Splink's
settings with the trained m and u probabilities and the prior, `linker.misc.save_model_to_json`)
is trained on the rows of the training years and saved as JSON; each source year's rows are then
scored with that frozen model in a job of their own. A pair is scored only when it shares the
address object, so a row's pairs and weights do not depend on which other rows are scored with
it, and one-to-one resolution is per source year: linking the years one by one with the model
gives the links of linking them all at once (`link_registration`, tested). A new year adds one
linking job; the earlier years' links keep their bytes.

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
    "Rows",
    "Settings",
    "combine_years",
    "comparisons",
    "evaluate",
    "link",
    "link_year",
    "one_to_one",
    "train_registration",
    "year_rows",
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


@dataclass(frozen=True)
class Rows:
    """Which rows of the source are read, by source year (`bronjaar`, the year of DATUMBEGIN):
    from `first` to `last` (inclusive; None: no bound) and, when `undated`, the rows without
    a begin date. `Rows()` is every row."""

    first: int | None = None
    last: int | None = None
    undated: bool = True

    def sql(self) -> str:
        """The condition on column `bronjaar` of the source's records."""
        bounds = []
        if self.first is not None:
            bounds.append(f"bronjaar >= {int(self.first)}")
        if self.last is not None:
            bounds.append(f"bronjaar <= {int(self.last)}")
        dated = " AND ".join(bounds) if bounds else "bronjaar IS NOT NULL"
        return f"(({dated}) OR bronjaar IS NULL)" if self.undated else f"({dated})"


def year_rows(year: int, first_year: int) -> Rows:
    """The rows that the linking job of `year` links (rule link_unkeyed_year): the rows of that
    source year; the first configured year's job also the rows of earlier years and those
    without a begin date (no year before it has a job). Rows of a source year after the
    run's last year are linked by no job until that year is added."""
    if year == first_year:
        return Rows(first=None, last=year, undated=True)
    return Rows(first=year, last=year, undated=False)


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
    con: duckdb.DuckDBPyConnection,
    first_day,
    gemeente: str | Sequence[str] | None = None,
    rows: Rows | None = None,
) -> int:
    """Tables `bron` (the source rows as records) and `register` (the address spells of the
    persons worth comparing) on `con`, from views `source`, `persoon`, `adres` and, when
    `gemeente` is given (a code, or the list of a region run), `geo` (VSLGWBTAB long:
    SOORTOBJECTNUMMER, RINOBJECTNUMMER, gemeente): persons with a spell at an object of the
    source or of any of the gemeenten. `source` needs a `file_row_number` column (0-based data
    row). `rows`: the source rows read (by source year; None: every row). Returns the number
    of register persons."""
    where = (rows or Rows()).sql()
    con.execute(
        f"CREATE OR REPLACE TABLE bron AS SELECT * FROM ({SOURCE_SQL}) WHERE {where}",
        {"first_day": first_day},
    )
    gemeenten = gemeente_list(gemeente)
    extra = GEMEENTE_OBJECTS if gemeenten else ""
    con.execute(
        f"CREATE OR REPLACE TABLE register AS {REGISTER_SQL.format(gemeente_objects=extra)}",
        {"gemeenten": gemeenten} if gemeenten else {},
    )
    return con.execute("SELECT count(DISTINCT (rinpersoons, rinpersoon)) FROM register").fetchall()[
        0
    ][0]


def _linker(con: duckdb.DuckDBPyConnection, cfg: dict):
    """A Splink linker of tables `bron` and `register` on `con` with settings `cfg` (a settings
    dict or a trained model)."""
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    api = DuckDBAPI(connection=con)
    bron = api.register("bron", dataset_display_name=L)
    reg = api.register("register", dataset_display_name=R)
    return Linker([bron, reg], cfg, log_level=None)


def train_model(con: duckdb.DuckDBPyConnection, n_persons: int, settings: Settings) -> dict:
    """The trained model of tables `bron` and `register` (see `prepare`): Splink's settings
    with the m and u probabilities of every comparison level, as
    `linker.misc.save_model_to_json` gives them. u from random pairs (`max_pairs_u`, `seed`);
    m by expectation maximisation, blocked on the address (birth date and sex) and on birth
    year, month and sex (the address; `max_pairs_em`); prior 1 / `n_persons`."""
    cfg = splink_settings(1.0 / max(n_persons, 2), settings.seed)
    cfg["retain_matching_columns"] = True  # the gamma_ column of each comparison
    linker = _linker(con, cfg)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.max_pairs_u, seed=settings.seed
    )
    linker.training.estimate_parameters_using_expectation_maximisation(BLOCK_ADDRESS)
    linker.training.estimate_parameters_using_expectation_maximisation(
        BLOCK_BIRTH, max_pairs=settings.max_pairs_em
    )
    return linker.misc.save_model_to_json()


def score(con: duckdb.DuckDBPyConnection, model: dict) -> pd.DataFrame:
    """Scored pairs of tables `bron` and `register` (see `prepare`) with a trained `model`
    (`train_model`; nothing is estimated): per pair the source row, the person, the source
    year, the match weight and the comparison level of each comparison (`gamma_*`, 0 = least
    alike, -1 = missing). Every pair the blocking rule gives (the same address object) is
    returned, a person once per row with the best of their address spells; the threshold is
    applied by `one_to_one`."""
    pairs = _linker(con, model).inference.predict(warning_mode="never").as_pandas_dataframe()
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


def predict(con: duckdb.DuckDBPyConnection, n_persons: int, settings: Settings) -> pd.DataFrame:
    """Scored pairs of tables `bron` and `register` with a model trained on them:
    `score(con, train_model(con, n_persons, settings))`."""
    return score(con, train_model(con, n_persons, settings))


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
    model: dict | None = None,
    rows: Rows | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link view `source` (an unkeyed registration, with `file_row_number`) to the register
    (views `persoon`, `adres` and, with `gemeente` (a code or a list), `geo`). `rows`: the
    source rows linked (None: all); `model`: a trained model to score with (`train_model`;
    None: trained here on these rows). Returns (best pair per source row:
    row, bronjaar, match_weight of the row's best-scoring person or NaN when no pair was
    scored; links: row, RINPERSOONS, RINPERSOON, match_weight after one-to-one resolution)."""
    con.execute("SET threads = 1")  # sums in one order: the same weights on every run
    n_persons = prepare(con, first_day, gemeente, rows)
    rows_df = con.execute("SELECT unique_id AS row, bronjaar FROM bron ORDER BY row").df()
    if len(rows_df) == 0 or n_persons == 0:
        best = rows_df.assign(match_weight=np.nan)
        empty = pd.DataFrame(columns=["row", "RINPERSOONS", "RINPERSOON", "match_weight"])
        return best, empty
    pairs = predict(con, n_persons, settings) if model is None else score(con, model)
    top = pairs.sort_values(["row", "match_weight"], ascending=[True, False])
    top = top.drop_duplicates("row")[["row", "match_weight"]]
    best = rows_df.merge(top, on="row", how="left")
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
    return {
        "n_links": n_links,
        "n_correct": n_correct,
        "n_findable": n_findable,
        **_rates(n_links, n_correct, n_findable),
    }


def _open(source: str, persoon: str, adres: str, geo: Sequence[str] = ()):
    """A single-threaded DuckDB connection with views `source` (with `file_row_number`),
    `persoon`, `adres` and, when given, `geo`."""
    con = db.connect(threads=1)
    con.read_parquet(source, file_row_number=True).create_view("source")
    con.read_parquet(persoon).create_view("persoon")
    con.read_parquet(adres).create_view("adres")
    if geo:
        con.read_parquet(list(geo)).create_view("geo")
    return con


def _write_keyed(con: duckdb.DuckDBPyConnection, links: pd.DataFrame, out: str, where: str) -> None:
    """Write view `source`'s rows that `where` selects (a condition on their source year
    `bronjaar`, or TRUE) keyed by `links` to `out`: RINPERSOONS/RINPERSOON of each row's link
    ('' when none), then the registration's own columns, in the file's row order."""
    con.register("links", links[["row", "RINPERSOONS", "RINPERSOON"]])
    ident = {"GEBOORTEDATUM", "GESLACHT", "SOORTOBJECTNUMMER", "RINOBJECTNUMMER"}
    own = [c for c in con.table("source").columns if c not in ident | {"file_row_number"}]
    sql = KEYED_SQL.format(own=", ".join(f's."{c}"' for c in own), where=where)
    files.write_query(con, sql, out)
    con.unregister("links")


def _entries(
    best: pd.DataFrame, links: pd.DataFrame, truth: pd.DataFrame | None, register_keys
) -> list[dict]:
    """The summary's entry of each source year among `best`'s rows (None: rows without a begin
    date, last): rows, links and, with `truth`, `evaluate`'s counts and rates."""
    years = sorted({None if pd.isna(y) else int(y) for y in best["bronjaar"]}, key=_year_order)
    out = []
    for y in years:
        out.append(_entry(y, best[_same_year(best["bronjaar"], y)], links, truth, register_keys))
    return out


def _entry(year, rows: pd.DataFrame, links, truth, register_keys) -> dict:
    entry = {"bronjaar": year, "n_rows": len(rows), "n_links": int(rows["linked"].sum())}
    if truth is not None:
        sel = truth[truth["row"].isin(rows["row"])]
        entry.update(evaluate(links[links["row"].isin(rows["row"])], sel, register_keys))
    return entry


def _rates(n_links: int, n_correct: int, n_findable: int) -> dict:
    """`evaluate`'s rates from its counts."""
    precision = n_correct / n_links if n_links else math.nan
    recall = n_correct / n_findable if n_findable else math.nan
    f1 = (
        2 * precision * recall / (precision + recall)
        if n_links and n_findable and (precision + recall) > 0
        else math.nan
    )
    return {"precision": precision, "recall": recall, "f1": f1}


def settings_record(settings: Settings) -> dict:
    """The settings as the summary states them."""
    return {
        "threshold_match_weight": settings.threshold_match_weight,
        "seed": settings.seed,
        "max_pairs_u": settings.max_pairs_u,
        "max_pairs_em": settings.max_pairs_em,
    }


def train_registration(
    source: str,
    persoon: str,
    adres: str,
    geo: Sequence[str],
    gemeente: str | Sequence[str],
    first_year: int,
    last_year: int,
    settings: Settings,
) -> tuple[dict, dict]:
    """Train the model of one validated unkeyed registration (Parquet `source`) against the
    register (GBAPERSOONTAB `persoon`, GBAADRESOBJECTBUS `adres`; the persons with an address
    at an object of the source or, by VSLGWBTAB `geo` (the training years'), of `gemeente`):
    on the rows of source years up to `last_year` and those without a begin date (compared on
    1 January of `first_year`, as when they are linked). Returns (the model: Splink's settings
    with the trained parameters, `train_model`; a record of what it was trained on: rows,
    register persons, the prior, the settings, Splink's version).

    With no row in the source, or no register person to compare, there is nothing to train:
    the model is the untrained settings (nothing will be linked with it either). Raises
    LinkageError when the source has rows with a begin date but none up to `last_year`."""
    import splink

    con = _open(source, persoon, adres, geo)
    try:
        con.execute("SET threads = 1")  # sums in one order: the same model on every run
        n_persons = prepare(con, dt.date(first_year, 1, 1), gemeente, Rows(last=last_year))
        n_rows, n_dated = con.execute("SELECT count(*), count(bronjaar) FROM bron").fetchall()[0]
        n_all = con.execute("SELECT count(DATUMBEGIN) FROM source").fetchall()[0][0]
        if n_dated == 0 and n_all > 0:
            raise LinkageError(
                f"{source}: none of its {n_all} rows with a begin date begins in or before "
                f"{last_year}, the last training year: nothing to train the linkage on "
                "(linkage.training_years)"
            )
        if n_rows == 0 or n_persons == 0:
            cfg = splink_settings(1.0 / max(n_persons, 2), settings.seed)
            cfg["retain_matching_columns"] = True
            model = _linker(con, cfg).misc.save_model_to_json()
        else:
            model = train_model(con, n_persons, settings)
    finally:
        con.close()
    record = {
        "n_rows": int(n_rows),
        "n_persons": int(n_persons),
        "trained": bool(n_rows and n_persons),
        "prior": model["probability_two_random_records_match"],
        # the threshold is no part of the model: it is applied when linking
        "settings": {
            k: v for k, v in settings_record(settings).items() if k != "threshold_match_weight"
        },
        "splink": splink.__version__,
    }
    return model, record


def link_year(
    out: str,
    source: str,
    persoon: str,
    adres: str,
    model: dict,
    first_year: int,
    year: int,
    settings: Settings,
    truth: str | None = None,
) -> tuple[list[dict], pd.DataFrame]:
    """Link the rows of one source year (`year_rows`) of a validated unkeyed registration with
    a trained `model` (`train_registration`; nothing is estimated) and write them keyed to
    `out`, in the file's row order, with the columns of the keyed table (RINPERSOONS/RINPERSOON
    of each row's link, '' when none, then the registration's own columns).

    Returns (the summary's entry of each source year among the rows: rows, links and, with
    the `truth` file, precision, recall and F1; per row: row, bronjaar, match_weight of its
    best pair (NaN: none scored), linked, RINPERSOONS, RINPERSOON of its link ('' when
    none)). Person-level: results/internal only."""
    rows = year_rows(year, first_year)
    con = _open(source, persoon, adres)
    try:
        best, links = link(con, settings, dt.date(first_year, 1, 1), None, model, rows)
        _write_keyed(con, links, out, rows.sql())
        register_keys = con.execute("SELECT RINPERSOONS, RINPERSOON FROM persoon").df()
    finally:
        con.close()
    best["linked"] = best["row"].isin(links["row"])
    truth_df = pd.read_parquet(truth) if truth else None
    entries = _entries(best, links, truth_df, register_keys)
    keys = links[["row", "RINPERSOONS", "RINPERSOON"]]
    frame = best.merge(keys, on="row", how="left").fillna({"RINPERSOONS": "", "RINPERSOON": ""})
    return entries, frame


def combine_years(
    out: str,
    source: str,
    frames: Sequence[pd.DataFrame],
    entries: Sequence[Sequence[dict]],
    first_year: int,
    last_year: int,
    settings: Settings,
    evaluated: bool,
) -> tuple[dict, pd.DataFrame]:
    """The registration keyed from every year's links (`link_year`'s frames and entries of the
    run's years): written to `out` as `link_registration` writes it (every row of the source,
    a row of a source year after `last_year` without a key: no job of the run links it).
    Returns (the summary as `link_registration` gives it: every year's entries in year order,
    then the total, summed from them; the best weight per row of the run's years: row,
    bronjaar, match_weight, linked)."""
    both = pd.concat(list(frames), ignore_index=True)
    links = both.loc[both["linked"], ["row", "RINPERSOONS", "RINPERSOON"]]
    con = db.connect(threads=1)
    try:
        con.read_parquet(source, file_row_number=True).create_view("source")
        _write_keyed(con, links, out, "TRUE")
        con.execute(
            f"CREATE TABLE bron AS SELECT * FROM ({SOURCE_SQL}) WHERE {Rows(last=last_year).sql()}",
            {"first_day": dt.date(first_year, 1, 1)},
        )
        rows = con.execute("SELECT unique_id AS row, bronjaar FROM bron ORDER BY row").df()
    finally:
        con.close()
    best = rows.merge(both[["row", "match_weight"]], on="row", how="left")
    best["linked"] = best["row"].isin(links["row"])
    per_year = sorted(
        (e for year in entries for e in year), key=lambda e: _year_order(e["bronjaar"])
    )
    total = {"bronjaar": "totaal", "n_rows": len(best), "n_links": int(best["linked"].sum())}
    if evaluated:
        counts = {k: sum(e[k] for e in per_year) for k in ("n_correct", "n_findable")}
        total.update(counts)
        total.update(_rates(total["n_links"], counts["n_correct"], counts["n_findable"]))
    summary = {
        "settings": settings_record(settings),
        "evaluated": evaluated,
        "years": [*per_year, total],
    }
    return summary, best


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
) -> tuple[dict, pd.DataFrame]:
    """Link one validated unkeyed registration (Parquet `source`) to the register (validated
    GBAPERSOONTAB `persoon`, GBAADRESOBJECTBUS `adres`, VSLGWBTAB per year `geo`) at once:
    trained and linked on all its rows (the workflow trains once, `train_registration`, and
    links per year, `link_year`, `combine_years`: the same links); the register persons
    compared are those with an address in the source or in `gemeente` (a code, or the list of
    gemeenten of a region run).

    Writes the registration keyed to `out` (Parquet, the types of the validated keyed table):
    RINPERSOONS/RINPERSOON of each row's link ('' when none), then its own columns, in its
    row order. Returns (a summary: the settings, per source year
    (`bronjaar`, None for rows without a begin date) and in total the rows and links, and,
    with the `truth` file (row, RINPERSOONS, RINPERSOON), precision, recall and F1; the best
    weight per row: row, bronjaar, match_weight, linked). Rows and weights are person-level:
    they stay in results/internal.
    """
    con = _open(source, persoon, adres, geo)
    try:
        best, links = link(con, settings, dt.date(first_year, 1, 1), gemeente)
        _write_keyed(con, links, out, "TRUE")
        register_keys = con.execute("SELECT RINPERSOONS, RINPERSOON FROM persoon").df()
    finally:
        con.close()
    best["linked"] = best["row"].isin(links["row"])
    truth_df = pd.read_parquet(truth) if truth else None
    per_year = _entries(best, links, truth_df, register_keys)
    per_year.append(_entry("totaal", best, links, truth_df, register_keys))
    summary = {
        "settings": settings_record(settings),
        "evaluated": truth_df is not None,
        "years": per_year,
    }
    return summary, best


KEYED_SQL = """
SELECT coalesce(l.RINPERSOONS, '') AS RINPERSOONS, coalesce(l.RINPERSOON, '') AS RINPERSOON, {own}
FROM (SELECT *, CAST(year(DATUMBEGIN) AS INTEGER) AS bronjaar FROM source) AS s
LEFT JOIN links AS l ON l."row" = s.file_row_number + 1
WHERE {where}
ORDER BY s.file_row_number
"""


def _year_order(y):
    return (y is None, y or 0)


def _same_year(col: pd.Series, year) -> pd.Series:
    return col.isna() if year is None else col == year
