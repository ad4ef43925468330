"""Linkage report: per source and year, how many rows link to the population register and residents.

What of it may be released: `wijkzicht.disclosure.linkage.releasable`.
"""

from __future__ import annotations

import duckdb

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

LINKAGE_SQL = """
WITH src AS (
    SELECT s.*,
           (s.RINPERSOONS = 'R' AND s.RINPERSOON <> '') AS is_r,
           g.RINPERSOON IS NOT NULL AS in_gba,
           r.RINPERSOON IS NOT NULL AS is_resident,
           ({profile}) AS kenmerk
    FROM source AS s
    LEFT JOIN (SELECT RINPERSOONS, RINPERSOON FROM persoon) AS g
           ON s.RINPERSOONS = 'R' AND g.RINPERSOONS = s.RINPERSOONS AND g.RINPERSOON = s.RINPERSOON
    LEFT JOIN (SELECT DISTINCT RINPERSOONS, RINPERSOON FROM residents) AS r
           ON s.RINPERSOONS = 'R' AND r.RINPERSOONS = s.RINPERSOONS AND r.RINPERSOON = s.RINPERSOON
)
SELECT count(*) AS n_rows,
       count(*) FILTER (WHERE is_r) AS n_r,
       count(*) FILTER (WHERE in_gba) AS n_gba,
       count(*) FILTER (WHERE is_resident) AS n_resident,
       count(*) FILTER (WHERE in_gba AND kenmerk) AS n_kenmerk_linked,
       count(*) FILTER (WHERE NOT in_gba) AS n_unlinked,
       count(*) FILTER (WHERE NOT in_gba AND kenmerk) AS n_kenmerk_unlinked
FROM src
"""


def link_counts(con: duckdb.DuckDBPyConnection, table: str) -> dict:
    """Counts for view `source` against views `persoon` and `residents`."""
    label, profile = PROFILE[table]
    row = con.execute(LINKAGE_SQL.format(profile=profile)).df().iloc[0].to_dict()
    return {"kenmerk": label, **{k: int(v) for k, v in row.items()}}
