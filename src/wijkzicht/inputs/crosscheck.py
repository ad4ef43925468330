"""The checks that need the configuration or a reference file, on the validated tables.

Run once every table is read (the workflow's `inputs_checked` job), before any job that
writes a releasable file:

- VSLGWBTAB: every wijk and buurt code of an address in the analysed gemeente is in the
  geography reference (an unknown wijk would otherwise be counted nowhere, or as a wijk of
  its own).
- GEZOMONITOR: every STRATUM is a wijk, in the geography reference, of a gemeente of the run
  (the analysed one, or in a region run any gemeente of `gemeenten`: the GGD's survey file
  holds the respondents of the whole region, and each gemeente's analysis keeps its own,
  `inputs.reference.survey_strata`).
- GBAPERSOONTAB: no birth year after the last configured year plus `BIRTH_MARGIN`. The extract
  is taken after the last data year, so persons born after it are valid; a birth year
  decades ahead is not.
- GBAADRESOBJECTBUS against VSLGWBTAB: an address spell covering 1 January of a year at an
  object VSLGWBTAB lacks places nobody (docs/rules.md#l5), but when VSLGWBTAB holds the same
  number with other leading zeros, or the number is in scientific notation (Excel's
  4,80939E+11), the number was damaged by a conversion of one of the two files (stored as a
  number in one, as text in the other) and the residents would be lost without a word: that
  is refused. So is a year in which no address spell places anybody in the gemeente.

Country codes are counted, not refused: a code the countries reference lacks has herkomst
`onbekend` (docs/rules.md); the codes and their numbers of persons are returned for the log.
Every failure is an `InputError` naming table, file, column and examples.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijkzicht import db
from wijkzicht.inputs.ingest import N_EXAMPLES, SCIENTIFIC, SPREADSHEET, InputError

BIRTH_MARGIN = 10  # years after the last data year in which a person in the extract can be born


def _examples(con, sql: str) -> tuple[int, list[tuple]]:
    n = con.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
    if not n:
        return 0, []
    return n, con.execute(f"SELECT * FROM ({sql}) LIMIT {N_EXAMPLES}").fetchall()


def _codes(values) -> str:
    vals = sorted(set(values))
    if len(vals) > 6:
        return f"{', '.join(vals[:3])}, ..., {', '.join(vals[-2:])} ({len(vals)} codes)"
    return ", ".join(vals)


def check_inputs(
    validated: dict[tuple[str, int | None], str | Path],
    sources: dict[tuple[str, int | None], str | Path],
    geography: pd.DataFrame,
    geography_path: str | Path,
    gemeente: str,
    years: list[int],
    countries: pd.DataFrame | None = None,
    gemeenten: list[str] | None = None,
) -> dict:
    """Check the validated tables against the configuration and the geography of `gemeente`.

    `validated` and `sources` map (table, year) to the validated Parquet file and the user's
    file it was read from (VSLGWBTAB by year: its file is read once per year). `geography` is
    the reference (all its gemeenten, or only `gemeente`'s); address objects in `gemeente`
    are checked against `gemeente`'s wijken and buurten, survey strata against the wijken of
    every gemeente of the reference (a GGD's file holds its region's respondents; the run's
    gemeenten, `gemeenten` (``pipeline.config.run_gemeenten``; None: only `gemeente`), are
    named in the message). Raises InputError listing every failure; returns a summary (rows per table)
    when all pass.
    """
    gemeenten = list(gemeenten or [gemeente])
    blocks: list[str] = []
    con = db.connect()
    try:
        own = geography[geography["gemeente_code"] == gemeente]
        if own.empty:
            raise InputError(f"the geography reference {geography_path} has no rows for {gemeente}")
        wijken = sorted(own["wijk_code"].unique())
        buurten = sorted(own["buurt_code"].unique())
        run = geography[geography["gemeente_code"].isin(gemeenten)]
        strata = sorted(run["wijk_code"].unique())
        con.register("geo_wijk", pd.DataFrame({"code": wijken}))
        con.register("geo_buurt", pd.DataFrame({"code": buurten}))
        # a GGD's file holds its whole region: a stratum of any gemeente of the reference
        con.register("geo_stratum", pd.DataFrame({"code": sorted(geography["wijk_code"].unique())}))
        ref = f"the geography reference {geography_path} for {gemeente}"
        ref_all = f"the geography reference {geography_path}"

        for (table, year), path in sorted(validated.items(), key=lambda kv: str(kv[0])):
            src = sources[(table, year)]
            if table == "VSLGWBTAB":
                lines = _check_places(con, path, year, gemeente, wijken, buurten, ref)
            elif table == "GEZOMONITOR":
                lines = _check_strata(con, path, strata, ref_all, gemeenten)
            elif table == "GBAPERSOONTAB":
                lines = _check_birth_years(con, path, years)
            elif table == "GBAADRESOBJECTBUS":
                places = {y: p for (t, y), p in validated.items() if t == "VSLGWBTAB"}
                place_src = {y: sources[("VSLGWBTAB", y)] for y in places}
                lines = _check_object_numbers(con, path, places, place_src, gemeente)
            else:
                lines = []
            if lines:
                blocks.append(f"Input table {table} in file {src} does not meet its contract:")
                blocks.extend(lines)
        summary = {
            f"{t}/{y}" if y is not None else t: con.execute(
                f"SELECT count(*) FROM read_parquet('{p}')"
            ).fetchall()[0][0]
            for (t, y), p in sorted(validated.items(), key=lambda kv: str(kv[0]))
        }
        unknown = {}
        if countries is not None and ("GBAPERSOONTAB", None) in validated:
            unknown = _unknown_countries(con, validated[("GBAPERSOONTAB", None)], countries)
    finally:
        con.close()
    if blocks:
        raise InputError("\n".join(blocks))
    return {
        "gemeente": gemeente,
        "years": list(years),
        "rows": summary,
        "unknown_country_codes": unknown,
    }


def _unknown_countries(con, path, countries: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per country column of GBAPERSOONTAB: codes not in the countries reference -> persons."""
    con.register("ref_countries", countries[["country_code"]])
    out = {}
    for col in ("GBAHERKOMSTLAND", "GBAGEBOORTELAND"):
        rows = con.execute(
            f"""SELECT {col}, count(*) FROM read_parquet('{path}')
                WHERE {col} <> '' AND {col} NOT IN (SELECT country_code FROM ref_countries)
                GROUP BY {col} ORDER BY count(*) DESC, {col}"""
        ).fetchall()
        out[col] = {code: int(n) for code, n in rows}
    return out


def _check_places(con, path, year, gemeente, wijken, buurten, ref) -> list[str]:
    g = gemeente.removeprefix("GM")
    out = []
    for col, view, codes, what, prefix in (
        (f"wc{year}", "geo_wijk", wijken, "wijk", "WK"),
        (f"bc{year}", "geo_buurt", buurten, "buurt", "BU"),
    ):
        field = "wijk" if what == "wijk" else "buurt"
        sql = f"""
            SELECT SOORTOBJECTNUMMER, RINOBJECTNUMMER, {field} AS code
            FROM read_parquet('{path}')
            WHERE year = {int(year)} AND gemeente = '{gemeente}' AND {field} IS NOT NULL
              AND {field} NOT IN (SELECT code FROM {view})
            ORDER BY {field}, SOORTOBJECTNUMMER, RINOBJECTNUMMER
        """
        n, ex = _examples(con, sql)
        if n:
            shown = "; ".join(f"object ({s}, {o}): {c.removeprefix(prefix)!r}" for s, o, c in ex)
            out.append(
                f"  column {col}: {n} address object(s) in gem{year} {g!r} have a {what} code "
                f"that is not in {ref}; expected one of "
                f"{_codes(c.removeprefix(prefix) for c in codes)}. Examples: {shown}"
            )
    return out


def _check_strata(con, path, wijken, ref, gemeenten) -> list[str]:
    """Rows whose STRATUM is not a wijk (without 'WK') of any gemeente in the reference. The
    GGD's survey file holds the respondents of its whole region, so a stratum of a gemeente
    outside the run is not an error (the run's jobs keep their own strata:
    `reference.survey_strata`); a code that is no wijk at all is."""
    sql = f"""
        SELECT file_row_number + 1 AS row, STRATUM
        FROM read_parquet('{path}', file_row_number = true)
        WHERE 'WK' || STRATUM NOT IN (SELECT code FROM geo_stratum)
        ORDER BY row
    """
    n, ex = _examples(con, sql)
    if not n:
        return []
    shown = "; ".join(f"data row {r}: {s!r}" for r, s in ex)
    return [
        f"  column STRATUM: {n} row(s) name a stratum that is not a wijk of any gemeente in "
        f"{ref}; expected a wijk code without 'WK', such as those of {', '.join(gemeenten)}: "
        f"{_codes(w.removeprefix('WK') for w in wijken)}. Examples: {shown}"
    ]


def _check_object_numbers(con, adres, places, place_src, gemeente) -> list[str]:
    """Address spells on 1 January of each year of `places` (VSLGWBTAB, validated per year) whose
    object number VSLGWBTAB lacks but holds with other leading zeros, or that is written in
    scientific notation; and a year in which the spells place nobody in `gemeente`."""
    out = []
    for year, vsl in sorted(places.items()):
        spells = f"""
            SELECT file_row_number + 1 AS row, SOORTOBJECTNUMMER AS s, RINOBJECTNUMMER AS o
            FROM read_parquet('{adres}', file_row_number = true)
            WHERE RINPERSOONS = 'R' AND RINPERSOON <> ''
              AND GBADATUMAANVANGADRESHOUDING <= make_date({int(year)}, 1, 1)
              AND GBADATUMEINDEADRESHOUDING >= make_date({int(year)}, 1, 1)"""
        objects = f"""SELECT SOORTOBJECTNUMMER AS s, RINOBJECTNUMMER AS o, gemeente
                      FROM read_parquet('{vsl}') WHERE year = {int(year)}"""
        damaged = f"""
            WITH spells AS ({spells}), objects AS ({objects}),
            unmapped AS (SELECT * FROM spells ANTI JOIN objects USING (s, o))
            SELECT u.row, u.o, min(g.o) AS there
            FROM unmapped AS u
            LEFT JOIN objects AS g
              ON g.s = u.s AND ltrim(g.o, '0') = ltrim(u.o, '0')
            WHERE g.o IS NOT NULL OR regexp_full_match(u.o, '{SCIENTIFIC}')
            GROUP BY u.row, u.o ORDER BY u.row"""
        n, ex = _examples(con, damaged)
        if n:
            shown = "; ".join(
                f"data row {r}: {o!r}" + (f" (VSLGWBTAB: {t!r})" if t else "") for r, o, t in ex
            )
            out.append(
                f"  column RINOBJECTNUMMER: {n} address spell(s) on 1 January {year} name an "
                f"object that VSLGWBTAB ({place_src[year]}) does not hold as written, but holds "
                f"with other leading zeros, or the number is in scientific notation: one of the "
                f"two files was converted (the number stored as a number, dropping its leading "
                f"zeros, or written as 4,80939E+11), and these residents would be lost without "
                f"a word. Give RINOBJECTNUMMER as text, as CBS delivers it, in both files. "
                f"Examples: {shown}\n  {SPREADSHEET}"
            )
            continue
        placed = con.execute(
            f"""WITH spells AS ({spells}), objects AS ({objects})
                SELECT count(*) FILTER (WHERE objects.gemeente = '{gemeente}'),
                       count(objects.o), count(*)
                FROM spells LEFT JOIN objects USING (s, o)"""
        ).fetchall()[0]
        if placed[0] == 0:
            out.append(
                f"  no address spell on 1 January {year} lies at an object that VSLGWBTAB "
                f"({place_src[year]}) places in {gemeente} (of {placed[2]} spell(s) on that "
                f"day, {placed[1]} are at an object VSLGWBTAB holds): the gemeente would have "
                f"no residents. Check `gemeente`, the gem{year} column of VSLGWBTAB and that "
                f"SOORTOBJECTNUMMER and RINOBJECTNUMMER are written alike in both files."
            )
    return out


def _check_birth_years(con, path, years) -> list[str]:
    if not years:
        return []
    last = max(years) + BIRTH_MARGIN
    sql = f"""
        SELECT file_row_number + 1 AS row, GBAGEBOORTEJAAR
        FROM read_parquet('{path}', file_row_number = true)
        WHERE GBAGEBOORTEJAAR > {last}
        ORDER BY row
    """
    n, ex = _examples(con, sql)
    if not n:
        return []
    shown = "; ".join(f"data row {r}: '{y}'" for r, y in ex)
    return [
        f"  column GBAGEBOORTEJAAR: {n} row(s) hold a birth year after {last}; expected a year "
        f"no later than the last configured year {max(years)} plus {BIRTH_MARGIN} (the "
        f"extract may hold persons born after the data years, not decades after). "
        f"Examples: {shown}"
    ]


def check_files_exist(files: list[tuple[str, int | None, str]], where: str) -> None:
    """Every configured input file exists and is a file (checked when the workflow starts,
    so that a missing table or year is named before anything runs). `where` says how the
    paths were configured (for the message)."""
    lines = []
    for table, year, path in files:
        p = Path(path)
        of = f"{table}" + (f" of {year}" if year is not None else "")
        if p.is_dir():
            lines.append(f"  {of}: {path} is a directory, where the table's file was expected.")
        elif not p.exists():
            lines.append(f"  {of}: the file {path} does not exist.")
    if lines:
        raise InputError(f"Input tables missing ({where}):\n" + "\n".join(lines))
