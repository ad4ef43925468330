"""Aggregate sources: organisations' own figures per area and CBS's public Kerncijfers wijken en
buurten, read and checked like the person tables (docs/organisation_figures.md).

Three contracts, as data (`AGGREGATE_TABLES`), in the style of `wijkzicht.inputs.contracts`:

- `ORGANISATIECIJFERS`: the figures a partner delivers per area (one file or several): `source`,
  `indicator`, `year`, `area_code` (the gemeente `GM0344`, a wijk `WK034401` or a buurt
  `BU03440100`), `numerator`, `denominator`. Key: (source, indicator, year, area_code).
- `ORGANISATIEINDICATOREN`: the register of the indicators, one row per (source, indicator):
  `supplier`, `label_nl`/`label_en`, `definition_nl`/`definition_en`, `unit` (what the numerator
  counts: `persons` or `events`), `denominator_kind` (`residents`: the area's residents or a
  part of them; `persons`: persons who need not all live in the area; `other`: dwellings,
  households, ...) and `denominator_nl`/`denominator_en` (the denominator in words).
- `KERNCIJFERS`: one edition (year) of CBS's "Kerncijfers wijken en buurten" in the shape of its
  StatLine OData table (85984NED for 2024, 86165NED for 2025): `WijkenEnBuurten` (the region
  code), `Gemeentenaam`, `SoortRegio`, `AantalInwoners`, the age groups `k_0Tot15Jaar` ..
  `k_65JaarOfOuder`, `HuishoudensTotaal`, `GemiddeldeHuishoudensgrootte`, `Bevolkingsdichtheid`
  and `GemiddeldInkomenPerInwoner`. StatLine numbers its columns per edition
  (`AantalInwoners_5`, `HuishoudensTotaal_29`): a column is found by its name without the
  trailing `_<number>`. A hidden value (StatLine's `.`, or empty) is missing.

Every file is read by `wijkzicht.inputs.readers` and checked by the same code as the person
tables (`wijkzicht.inputs.ingest`: kinds, domains, unique keys). The checks that need the
configuration (`check_organisation_figures`, `check_kerncijfers`) then compare the rows with the
indicator register, the geography of the analysed gemeente, the configured years and the
register's residents per area. Every failure is an `InputError` naming table, file, column,
what was expected, the number of rows and example rows (data row and, for a CSV, its line).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from wijkzicht import db
from wijkzicht.inputs.contracts import Column, Table
from wijkzicht.inputs.ingest import (
    N_EXAMPLES,
    InputError,
    Problem,
    Reading,
    _materialize,
    _resolve_columns,
    fail,
    validate,
)
from wijkzicht.inputs.readers import ReadError, csv_lines, open_source

UNITS = ("persons", "events")
DENOMINATOR_KINDS = ("residents", "persons", "other")
# StatLine numbers the columns of each edition: AantalInwoners_5, HuishoudensTotaal_29
STATLINE_SUFFIX = re.compile(r"_\d+$")
HIDDEN = "."  # StatLine's mark for a value that is secret or not available
AREA_CODE = re.compile(r"(GM\d{4}|WK\d{6}|BU\d{8})")
LEVEL_OF_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
MAX_LINES = 100_000  # aggregate files are small: line numbers are looked up for every row

ORGANISATION_FIGURES = Table(
    "ORGANISATIECIJFERS",
    per_year=False,
    columns=(
        Column("source", "text", nullable=False),
        Column("indicator", "text", nullable=False),
        Column("year", "year", nullable=False),
        Column("area_code", "text", nullable=False),
        Column("numerator", "float", nullable=False, lo=0),
        Column("denominator", "float", nullable=False, lo=0),
    ),
    key=("source", "indicator", "year", "area_code"),
    person_key=None,
    source="organisatie",
    description={
        "nl": "Cijfers van organisaties per gebied",
        "en": "Organisation figures per area",
    },
)
ORGANISATION_INDICATORS = Table(
    "ORGANISATIEINDICATOREN",
    per_year=False,
    columns=(
        Column("source", "text", nullable=False),
        Column("indicator", "text", nullable=False),
        Column("supplier", "text", nullable=False),
        Column("label_nl", "text", nullable=False),
        Column("label_en", "text"),
        Column("definition_nl", "text", nullable=False),
        Column("definition_en", "text"),
        Column("unit", "code", nullable=False, domain=UNITS),
        Column("denominator_kind", "code", nullable=False, domain=DENOMINATOR_KINDS),
        Column("denominator_nl", "text", nullable=False),
        Column("denominator_en", "text"),
    ),
    key=("source", "indicator"),
    person_key=None,
    source="organisatie",
    description={"nl": "Indicatoren van organisaties", "en": "Organisation indicators"},
)
KERNCIJFERS_COUNTS = (
    "AantalInwoners", "k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar",
    "k_65JaarOfOuder", "HuishoudensTotaal", "Bevolkingsdichtheid",
)  # fmt: skip
KERNCIJFERS = Table(
    "KERNCIJFERS",
    per_year=True,
    columns=(
        Column("WijkenEnBuurten", "text", nullable=False),
        Column("Gemeentenaam", "text"),
        Column("SoortRegio", "text", nullable=False),
        *(Column(c, "int", lo=0) for c in KERNCIJFERS_COUNTS),
        Column("GemiddeldeHuishoudensgrootte", "float", lo=0),
        Column("GemiddeldInkomenPerInwoner", "float", lo=0),
    ),
    key=("WijkenEnBuurten",),
    person_key=None,
    source="CBS",
    description={
        "nl": "Kerncijfers wijken en buurten (CBS)",
        "en": "Key figures of wijken and buurten (CBS)",
    },
)
AGGREGATE_TABLES = {t.name: t for t in (ORGANISATION_FIGURES, ORGANISATION_INDICATORS, KERNCIJFERS)}
KERNCIJFERS_COLUMNS = [c.name for c in KERNCIJFERS.columns]


@dataclass
class Read:
    """A validated aggregate file: its rows (typed; `_row` is the data row, 1-based) and where
    each data row starts in the file (CSV only), for messages."""

    table: str
    path: Path
    rows: pd.DataFrame
    lines: dict[int, int] = field(default_factory=dict)

    def problem(self, column: str, bad: pd.DataFrame, expected: str, shown: str) -> Problem:
        """A Problem for the rows of `bad`, each shown as `shown` (a column of `bad`)."""
        ex = bad.head(N_EXAMPLES)
        examples = [(int(r), repr(v)) for r, v in zip(ex["_row"], ex[shown], strict=True)]
        return Problem(column, len(bad), expected, examples, self.lines)


def _statline_columns(con: duckdb.DuckDBPyConnection, tbl: Table) -> tuple[Table, dict[str, str]]:
    """The contract with each column named as the file names it (`AantalInwoners_5`), and the
    file name -> contract name. A column the file lacks keeps its contract name (then named as
    missing by `_resolve_columns`)."""
    found: dict[str, str] = {}
    for name, *_ in con.execute("DESCRIBE raw_file").fetchall():
        found.setdefault(STATLINE_SUFFIX.sub("", name.strip()).lower(), name.strip())
    cols = tuple(replace(c, name=found.get(c.name.lower(), c.name)) for c in tbl.columns)
    key = tuple(found.get(k.lower(), k) for k in tbl.key)
    renamed = {c.name: o.name for c, o in zip(cols, tbl.columns, strict=True)}
    return replace(tbl, columns=cols, key=key), renamed


def read_aggregate(table: str, path: str | Path) -> Read:
    """Read `path` as the aggregate `table` and check every value against its contract.

    Returns the typed rows with their data row (`_row`). Raises InputError naming table, file,
    column, the number of bad rows and examples, exactly as `wijkzicht.inputs.ingest` does for
    a person table (a missing column, a value outside its kind or domain, a duplicate key, an
    unreadable file).
    """
    tbl, path = AGGREGATE_TABLES[table], Path(path)
    with tempfile.TemporaryDirectory(prefix="wijkzicht-") as tmp:
        con = db.connect(temp_directory=tmp)
        con.execute("SET enable_progress_bar = false")
        try:
            try:
                src = open_source(con, path, Path(tmp))
            except ReadError as err:
                raise fail(table, path, err.lines) from err
            renamed = {c.name: c.name for c in tbl.columns}
            if table == KERNCIJFERS.name:
                tbl, renamed = _statline_columns(con, tbl)
            cols = list(tbl.columns)
            r = Reading(tbl, src, cols, _resolve_columns(con, table, src, cols))
            _materialize(con, r, Path(tmp))
            if table == KERNCIJFERS.name:
                for c in cols:  # StatLine's '.' is a hidden value: missing
                    if c.kind in ("int", "float"):
                        q = '"' + c.name.replace('"', '""') + '"'
                        con.execute(f"UPDATE txt SET {q} = '' WHERE {q} = '{HIDDEN}'")
            validate(con, r)
            rows = con.execute("SELECT * FROM checked ORDER BY _row").df()
            n = len(rows)
            lines = csv_lines(src, list(range(1, n + 1))) if n <= MAX_LINES else {}
        finally:
            con.close()
    keep = ["_row", *(c.name for c in cols)]
    rows = rows[keep].rename(columns=renamed)
    return Read(table, path, rows.reset_index(drop=True), lines)


def _raise(reads: list[tuple[Read, list[Problem | str]]]) -> None:
    """One InputError for every file with a problem (a Problem, or a line of its own)."""
    blocks = []
    for read, problems in reads:
        if problems:
            lines = [p if isinstance(p, str) else p.render() for p in problems]
            blocks.append(fail(read.table, read.path, lines).args[0])
    if blocks:
        raise InputError("\n".join(blocks))


def _codes_text(codes: list[str]) -> str:
    codes = sorted(codes)
    if len(codes) > 6:
        return f"{', '.join(codes[:3])}, ..., {', '.join(codes[-2:])} ({len(codes)} codes)"
    return ", ".join(codes)


def area_levels(geography: pd.DataFrame, gemeente: str) -> dict[str, str]:
    """Every area code of the analysed gemeente in the geography reference -> its level."""
    geo = geography[geography["gemeente_code"] == gemeente]
    out = {gemeente: "gemeente"}
    out.update(dict.fromkeys(geo["wijk_code"], "wijk"))
    out.update(dict.fromkeys(geo["buurt_code"], "buurt"))
    return out


def _area_problems(
    read: Read,
    column: str,
    codes: pd.Series,
    geography: pd.DataFrame,
    gemeente: str,
    ref: str,
    region: Sequence[str] = (),
) -> list[Problem]:
    """Area codes that are malformed, of another gemeente (outside `region`, the gemeenten of
    a region run), or not in the geography reference."""
    known = area_levels(geography, gemeente)
    digits = gemeente.removeprefix("GM")
    df = read.rows.assign(_code=codes.astype(str))
    shaped = df["_code"].str.fullmatch(AREA_CODE.pattern)
    ours = df["_code"].str[2:].str.startswith(digits)
    out = []
    bad = df[~shaped]
    if len(bad):
        out.append(
            read.problem(
                column, bad, "expected an area code GM + 4 digits (gemeente), WK + 6 digits (wijk) "
                "or BU + 8 digits (buurt)", "_code",
            )
        )  # fmt: skip
    others = [g for g in region if g != gemeente]
    theirs = df["_code"].str[2:6].isin([g.removeprefix("GM") for g in others])
    other = df[shaped & ~ours & ~theirs]
    if len(other):
        expected = (
            f"expected areas of {gemeente} (the configured `gemeente`)"
            if not others
            else f"expected areas of the region's gemeenten {', '.join(region)} (`gemeenten`)"
        )
        out.append(
            read.problem(
                column, other, f"name an area of another gemeente; {expected}", "_code",
            )
        )  # fmt: skip
    unknown = df[shaped & ours & ~df["_code"].isin(list(known))]
    if len(unknown):
        wijken = [c for c, lv in known.items() if lv == "wijk"]
        out.append(
            read.problem(
                column, unknown, f"name an area of {gemeente} that is not in {ref}; expected "
                f"{gemeente} or one of its wijken {_codes_text(wijken)} or their buurten", "_code",
            )
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class Checked:
    """Organisation figures that passed every check, and the warnings for the log and the notes."""

    figures: pd.DataFrame
    indicators: pd.DataFrame
    warnings: list[str]


def check_organisation_figures(
    figures: list[Read],
    indicators: Read,
    geography: pd.DataFrame,
    geography_path: str | Path,
    gemeente: str,
    years: list[int],
    population: pd.DataFrame,
    region: Sequence[str] = (),
) -> Checked:
    """Check organisation figures against the indicator register, the geography of `gemeente`,
    the configured `years` and the residents per area.

    `population` has one row per (year, area_code) with `n_residents`: the register's residents
    on 1 January (`wijkzicht.population.areas.area_population`). A denominator larger than the
    area's residents is an error when the indicator's `denominator_kind` is `residents` (its
    share would be wrong: the wrong area, year or population was counted) and a warning when it
    is `persons` (a partner may count persons the register places elsewhere: patients listed
    with a practice in the wijk, clients without an address there); `other` is not compared.
    A numerator of persons is a whole number no larger than its denominator.

    In a region run (`region`: its gemeenten) a partner's file may hold the areas of every
    gemeente of the region (a JGZ or GP cooperative for the region): each gemeente's job
    keeps the rows of its own areas and leaves the others' to their jobs, as Kerncijfers do.

    Raises InputError listing every failure of every file; returns the figures (one frame, with
    `file` and `_row`), the register and the warnings.
    """
    reg = indicators.rows
    known = set(zip(reg["source"], reg["indicator"], strict=True))
    ref = f"the geography reference {geography_path}"
    meta = reg.set_index(["source", "indicator"])
    pop = population.set_index(["year", "area_code"])["n_residents"]
    reads, warnings, seen = [], [], {}
    for read in figures:
        problems: list[Problem | str] = _area_problems(
            read, "area_code", read.rows["area_code"], geography, gemeente, ref, region
        )
        if not problems:  # the gemeente's own rows (a region's file: the others' are theirs)
            own = read.rows["area_code"].astype(str).str[2:6] == gemeente.removeprefix("GM")
            read = replace(read, rows=read.rows[own])
        df = read.rows
        pair = list(zip(df["source"], df["indicator"], strict=True))
        unreg = df[[p not in known for p in pair]].assign(
            _pair=[f"{s}/{i}" for s, i in pair if (s, i) not in known]
        )
        if len(unreg):
            problems.append(
                read.problem(
                    "indicator", unreg, f"name a source/indicator that is not in the indicator "
                    f"register {indicators.path}; expected one of "
                    f"{_codes_text([f'{s}/{i}' for s, i in known])}", "_pair",
                )
            )  # fmt: skip
        off = df[~df["year"].isin(years)]
        if len(off):
            problems.append(
                read.problem(
                    "year", off.assign(_y=off["year"].astype(str)),
                    f"lie outside the configured years; expected one of {sorted(years)}", "_y",
                )
            )  # fmt: skip
        ok = df[[p in known for p in pair]]
        unit = [
            meta.loc[(s, i), "unit"] for s, i in zip(ok["source"], ok["indicator"], strict=True)
        ]
        persons = ok[np.array(unit, dtype=object) == "persons"]
        frac = persons[(persons["numerator"] % 1 != 0) | (persons["denominator"] % 1 != 0)]
        if len(frac):
            problems.append(
                read.problem(
                    "numerator", frac.assign(_v=[f"{n:g} / {d:g}" for n, d in zip(frac["numerator"], frac["denominator"], strict=True)]),
                    "count persons (unit persons in the register) but are not whole numbers; "
                    "expected whole numbers of persons (numerator / denominator shown)", "_v",
                )
            )  # fmt: skip
        over = persons[persons["numerator"] > persons["denominator"]]
        if len(over):
            problems.append(
                read.problem(
                    "numerator", over.assign(_v=[f"{n:g} > {d:g}" for n, d in zip(over["numerator"], over["denominator"], strict=True)]),
                    "count more persons than their denominator; expected numerator <= denominator "
                    "for a count of persons", "_v",
                )
            )  # fmt: skip
        kind = pd.Series(
            [meta.loc[(s, i), "denominator_kind"] if (s, i) in known else "" for s, i in pair],
            index=df.index,
        )
        n_res = pd.Series(
            [
                pop.get((int(y), c), np.nan)
                for y, c in zip(df["year"], df["area_code"], strict=True)
            ],
            index=df.index,
        )
        shown = df.assign(
            _v=[f"{d:g} > {n:g} residents in {a} on 1 January {y}" for d, n, a, y in
                zip(df["denominator"], n_res, df["area_code"], df["year"], strict=True)]
        )  # fmt: skip
        above = df["denominator"] > n_res
        big = shown[above & (kind == "residents")]
        if len(big):
            problems.append(
                read.problem(
                    "denominator", big, "are larger than the area's residents in the population "
                    "register while the indicator's denominator_kind is 'residents'; expected at "
                    "most the residents of the area (check area code, year and what was counted)",
                    "_v",
                )
            )  # fmt: skip
        soft = shown[above & (kind == "persons")]
        if len(soft):
            p = read.problem(
                "denominator", soft, "are larger than the area's residents in the population "
                "register (denominator_kind 'persons': allowed, e.g. persons registered "
                "elsewhere, but worth a look)", "_v",
            )  # fmt: skip
            warnings.append(f"{read.table} in file {read.path}:\n{p.render()}")
        twice = []
        for row, *k in df[["_row", "source", "indicator", "year", "area_code"]].itertuples(
            index=False
        ):
            if tuple(k) in seen:
                twice.append(f"data row {row}: {tuple(k)} (also in {seen[tuple(k)]})")
            seen.setdefault(tuple(k), read.path)
        if twice:
            problems.append(
                f"  key (source, indicator, year, area_code): {len(twice)} row(s) repeat a row of "
                f"another file; expected each key in one file only. Examples: "
                + "; ".join(twice[:N_EXAMPLES])
            )
        reads.append((read, problems))
    _raise(reads)
    frames = [r.rows.assign(file=str(r.path)) for r, _ in reads]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["_row", *(c.name for c in ORGANISATION_FIGURES.columns), "file"]
    )  # fmt: skip
    warnings += _missing_areas(out, geography, gemeente)
    return Checked(out, reg.drop(columns="_row"), warnings)


def _missing_areas(figures: pd.DataFrame, geography: pd.DataFrame, gemeente: str) -> list[str]:
    """A warning per indicator and year of the partners' figures that leaves out the gemeente
    row or some of the wijken (or buurten) while it gives others of that level: the pages say
    "niet aangeleverd" (not supplied) there, which the partner may not have meant (a file
    without its gemeente total, say). An indicator given for no wijk at all is not warned
    about per wijk (a partner may give only the gemeente)."""
    if figures.empty:
        return []
    geo = geography[geography["gemeente_code"] == gemeente]
    names = {gemeente: str(geo["gemeente_name"].iloc[0]) if len(geo) else gemeente}
    names.update(zip(geo["wijk_code"], geo["wijk_name"], strict=True))
    names.update(zip(geo["buurt_code"], geo["buurt_name"], strict=True))
    levels = {"wijk": sorted(set(geo["wijk_code"])), "buurt": sorted(set(geo["buurt_code"]))}
    out = []
    keys = ["source", "indicator", "year"]
    for (source, indicator, year), rows in figures.groupby(keys, sort=True):
        given = set(rows["area_code"].astype(str))
        missing = [] if gemeente in given else [f"the gemeente {names[gemeente]} ({gemeente})"]
        for level, codes in levels.items():
            gap = [c for c in codes if c not in given]
            if len(gap) < len(codes) and gap:  # some areas of the level given, not all
                shown = ", ".join(f"{names[c]} ({c})" for c in gap[:N_EXAMPLES])
                more = f" and {len(gap) - N_EXAMPLES} more" if len(gap) > N_EXAMPLES else ""
                missing.append(f"{len(gap)} of {len(codes)} {level}en: {shown}{more}")
        if missing:
            files = ", ".join(sorted(set(rows["file"].astype(str))))
            out.append(
                f"{source}/{indicator} {year} in {files}: no row for {'; '.join(missing)}. The "
                "pages say 'niet aangeleverd' (not supplied) there; if the partner has these "
                "figures, add their rows"
            )
    return out


def check_kerncijfers(
    read: Read, year: int, geography: pd.DataFrame, geography_path: str | Path, gemeente: str
) -> pd.DataFrame:
    """The rows of the analysed gemeente in one Kerncijfers edition, checked: the gemeente and
    each of its wijken in the geography reference must be there, and no wijk or buurt of the
    gemeente may be missing from the reference (a different area division: the year of the
    Wijk- en Buurtkaart). Rows of other gemeenten are left out (the national table holds every
    gemeente). Returns one row per area: `year`, `area_level`, `area_code` and the contract's
    columns; raises InputError naming file, column and rows."""
    df = read.rows
    digits = gemeente.removeprefix("GM")
    codes = df["WijkenEnBuurten"].astype(str)
    ours = codes.str.fullmatch(AREA_CODE.pattern) & codes.str[2:].str.startswith(digits)
    mine = Read(read.table, read.path, df[ours], read.lines)
    problems: list[Problem | str] = _area_problems(
        mine, "WijkenEnBuurten", mine.rows["WijkenEnBuurten"], geography, gemeente,
        f"the geography reference {geography_path}",
    )  # fmt: skip
    need = [c for c, lv in area_levels(geography, gemeente).items() if lv in ("gemeente", "wijk")]
    missing = sorted(set(need) - set(codes[ours]))
    if missing:
        problems.append(
            f"  column WijkenEnBuurten: {len(missing)} area(s) of {gemeente} have no row in this "
            f"edition ({year}); expected a row for {gemeente} and each of its wijken in "
            f"{geography_path}. Missing: {_codes_text(missing)}"
        )
    _raise([(read, problems)])
    out = mine.rows.drop(columns="_row").copy()
    out.insert(0, "area_code", out.pop("WijkenEnBuurten"))
    out.insert(0, "area_level", out["area_code"].str[:2].map(LEVEL_OF_PREFIX))
    out.insert(0, "year", int(year))
    rank = out["area_level"].map({"gemeente": 0, "wijk": 1, "buurt": 2})
    return (
        out.assign(_r=rank)
        .sort_values(["_r", "area_code"])
        .drop(columns="_r")
        .reset_index(drop=True)
    )


def empty_register() -> Read:
    """The indicator register when no partner delivers figures."""
    cols = ["_row", *(c.name for c in ORGANISATION_INDICATORS.columns)]
    return Read(ORGANISATION_INDICATORS.name, Path(""), pd.DataFrame(columns=cols))


def empty_kerncijfers() -> pd.DataFrame:
    """The checked Kerncijfers without an edition: no rows, the columns of `check_kerncijfers`."""
    cols = ["year", "area_level", "area_code", *KERNCIJFERS_COLUMNS[1:]]
    return pd.DataFrame(columns=cols).astype({"year": "int64", "AantalInwoners": "Int64"})
