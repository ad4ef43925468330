"""Read one input table (Parquet, CSV or SPSS .sav), check every value against its contract,
write typed Parquet.

How a value is read (`wijkzicht.inputs.readers` opens the file):

- Every value is first taken as text "as stored": a text field trimmed of spaces; a number
  in full (an integer without '.0', never cut: 13834800000 stays 13834800000); a date
  (an SPSS date variable, a Parquet date) as a date.
- A code of fixed width (RINPERSOON 9 digits, a CBS country code 4, a wijk code 6, ...)
  stored as a *number* has lost its leading zeros; they are put back up to the width of the
  code (1 -> '000000001'). A number with more digits than the code is refused, quoting the
  number as stored; a code stored as text is never padded or cut ('12345678' and
  '0123456789' are both refused as RINPERSOON). A key, code of more than 7 digits or date
  stored as a 32-bit float is refused (`_check_single_precision`): it was rounded.
- In a `;`-separated CSV a decimal comma is a decimal separator ('12,5' is 12.5).
- A missing number is an empty text, a null, or NaN in a floating column (numpy-based tools
  hold a missing number so; pyreadstat reads SPSS's system-missing as NaN): missing, as an
  empty cell of a CBS table means (docs/INPUTS.md).
- A placeholder CBS writes for "not known" (`Column.unknown`: KINDOUDERTAB's '---------' for
  a parent not known) is read as '' (not linkable), as an empty value.
- Then each value is checked against its kind and domain (`_valid_sql`): dates are real dates
  from 1870-01-01 to 2050-12-31 (20501231: still running; 20210230 is refused as not a
  calendar date), a begin date is not after its end date, birth years lie in 1870..2050,
  birth month 00 means unknown, numbers are finite, keys are unique, address and household
  spells of one person do not overlap, wijk and buurt codes lie in their gemeente and wijk.
- Codes checked against the configured reference files (the wijk codes of the analysed
  gemeente, the survey strata, birth years against the configured years) are checked once all
  tables are read, by `wijkzicht.inputs.crosscheck`.

Every failure is an `InputError` naming table, file, column, what was expected, the number of
bad rows and example rows (data row and, for a CSV, line) with the value as stored; where the
examples of a code look like a spreadsheet program's conversion (leading zeros lost, scientific
notation) it says so and how to avoid it (`SPREADSHEET`). Nothing is written unless the whole
table passes.

A Parquet file (and an SPSS file, converted to one) is checked in scans of the file itself,
never copied whole as text; a CSV, and a Parquet file with a floating column, are copied once
as read (`_materialize`). The output keeps the rows in file order. What costs CPU is kept
out of the scan where the answer is the same: a number column (float or int kind, stored as a
number) is checked on the number, not on its text (`_number_sql`); a value is trimmed only when
it may need it (`_trim_sql`); a key is proved unique on hashes of it computed in the scan of
the checks (`_key_hash_sql`, `_hashes_distinct`); a person's spells are proved disjoint on two
sorted arrays of numbers (`_spells_disjoint`). Where a proof fails, the exact query gives the
count and the examples. The written bytes are those of the plain form
(tests/unit/test_ingest_sql.py, tests/unit/test_ingest_i2_*.py).
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np

from wijkzicht import db, files
from wijkzicht.errors import WijkzichtError
from wijkzicht.inputs.contracts import (
    OPEN_END,
    TABLES,
    Column,
    Table,
    unkeyed_table,
    wide_year_columns,
)
from wijkzicht.inputs.readers import FORMATS, ReadError, Source, csv_lines, first_line, recover_csv
from wijkzicht.inputs.readers import open_source as _open_source

__all__ = ["FORMATS", "InputError", "ingest", "required_columns"]

N_EXAMPLES = 5
MIN_DATE = "18700101"  # persons registered since 1994 were born from about 1872 on
MAX_DATE = OPEN_END
MIN_YEAR, MAX_YEAR = int(MIN_DATE[:4]), int(MAX_DATE[:4])
NUMBER = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"


class InputError(WijkzichtError, ValueError):
    """An input table that breaks its contract; the message says where and what was expected."""


@dataclass
class Problem:
    column: str
    n_bad: int
    expected: str
    examples: list[tuple[int, str]]
    lines: dict[int, int] = field(default_factory=dict)  # data row -> line (CSV)
    unit: str = "row(s)"
    hint: str = ""  # a line after the examples: what the values suggest and what to do

    def render(self) -> str:
        ex = "; ".join(f"{where(r, self.lines)}: {v}" for r, v in self.examples)
        out = f"  column {self.column}: {self.n_bad} {self.unit} {self.expected}. Examples: {ex}"
        return out + (f"\n  {self.hint}" if self.hint else "")


# a number in scientific notation as a spreadsheet program writes it (4,80939E+11, 1.2E+08)
SCIENTIFIC = r"[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+"
SPREADSHEET = (
    "These look like a spreadsheet program's conversion (Excel, LibreOffice Calc): read as a "
    "number, a code loses its leading zeros (000123456 becomes 123456) and a long one is "
    "written in scientific notation (4,80939E+11). Use the file as CBS delivers it, or, where "
    "it must pass through a spreadsheet, import these columns as text (in Excel: Data > From "
    "Text/CSV, then column type Text; in LibreOffice: column type Text in the import dialog) "
    "and save the file again without opening it otherwise."
)


def converted(col: Column, value: str) -> bool:
    """Whether a refused value of a code column looks like a spreadsheet program's conversion
    of a code: digits only, fewer than the code's width (leading zeros lost), or a number in
    scientific notation."""
    width = _width(col)
    if not width:
        return False
    v = value.strip()
    return bool(re.fullmatch(r"[0-9]+", v) and len(v) < width) or bool(re.fullmatch(SCIENTIFIC, v))


def where(row: int, lines: dict[int, int]) -> str:
    return f"data row {row}" + (f" (line {lines[row]})" if row in lines else "")


def fail(table: str, path: Path | str, lines: list[str]) -> InputError:
    head = f"Input table {table} in file {path} does not meet its contract:"
    return InputError("\n".join([head, *lines]))


_fail = fail


# --------------------------------------------------------------------------- columns


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _width(col: Column) -> int:
    if col.kind == "rin":
        return 9
    return col.width if col.kind == "digits" else 0


def _stored_sql(name: str, dtype: str, storage: str) -> str:
    """The value as stored, as text ('' for missing): numbers in full, dates as YYYY-MM-DD."""
    c = _q(name)
    d = dtype.upper()
    if storage == "number":
        if d.startswith("DECIMAL") or d in ("FLOAT", "DOUBLE", "REAL"):
            x = f"CAST({c} AS DOUBLE)"
            return (
                f"CASE WHEN {c} IS NULL OR isnan({x}) THEN '' "
                f"WHEN isfinite({x}) AND {x} = trunc({x}) AND abs({x}) < 1e30 "
                f"THEN CAST(CAST({x} AS HUGEINT) AS VARCHAR) ELSE CAST({x} AS VARCHAR) END"
            )
        return f"coalesce(CAST({c} AS VARCHAR), '')"
    if storage == "date":
        if d == "DATE":
            return f"coalesce(strftime({c}, '%Y-%m-%d'), '')"
        return f"coalesce(CAST({c} AS VARCHAR), '')"
    return _trim_sql(_text_sql(name, dtype))


def _text_sql(name: str, dtype: str) -> str:
    """The column as text, not trimmed ('' for missing)."""
    c = _q(name)
    return (
        f"coalesce({c}, '')"
        if dtype.upper() == "VARCHAR"
        else f"coalesce(CAST({c} AS VARCHAR), '')"
    )


TRIMMED = " \t\r\n"  # the characters trimmed from a text value


def _trim_sql(x: str) -> str:
    """`trim(x, ' \\t\\r\\n')`, only computed for a value that starts or ends with a character
    at or below the space (or is empty): the same value, and most values are returned as they
    are, where trim with a set of characters costs about 0.2 CPU s per million values."""
    return (
        f"(CASE WHEN ascii({x}) > 32 AND ascii(right({x}, 1)) > 32 THEN {x} "
        f"ELSE trim({x}, {db.literal(TRIMMED)}) END)"
    )


def _value_sql(col: Column, s: str, raw: str, storage: str, decimal_comma: bool) -> str:
    """The text checked against the contract, from the stored text `s` (see the module doc);
    a placeholder for "not known" (`Column.unknown`) as ''."""
    if col.unknown and storage == "text":
        return f"CASE WHEN {s} IN ({', '.join(map(db.literal, col.unknown))}) THEN '' ELSE {s} END"
    if storage == "date":
        return f"coalesce(strftime(CAST({raw} AS DATE), '%Y%m%d'), '')" if col.kind == "date" else s
    if storage == "number" and _width(col):
        w = _width(col)
        return (
            f"CASE WHEN regexp_full_match({s}, '[0-9]+') AND length({s}) < {w} "
            f"THEN lpad({s}, {w}, '0') ELSE {s} END"
        )
    if storage == "text" and decimal_comma and col.kind in ("float", "int"):
        return f"CASE WHEN regexp_full_match({s}, '[+-]?[0-9]*,[0-9]+') THEN replace({s}, ',', '.') ELSE {s} END"
    return s


def _shows_stored(col: Column, storage: str, decimal_comma: bool) -> bool:
    """Whether the checked text can differ from the value as stored (then keep both)."""
    return (
        storage == "date"
        or (storage == "number" and bool(_width(col)))
        or (storage == "text" and decimal_comma and col.kind in ("float", "int"))
    )


def _fast_sql(col: Column, x: str) -> str | None:
    """A condition on the text as stored `x` (not yet trimmed, never NULL) that is TRUE only for
    a value that is valid (`_valid_sql`) and that trimming leaves as it is; None for a kind
    without one. Most values of a code column meet it: `_materialize` then takes the value as
    it is, and its check is answered (`validate`), where the plain form trims it first (about
    60 ns a value: a tenth of the scan at 18 million persons) and checks it again. Other values
    take the plain form (tests/unit/test_ingest_fast.py checks both give the same)."""
    k = col.kind
    if k == "rin":
        return f"regexp_full_match({x}, '[0-9]{{9}}')"
    if k == "rins":  # empty, or one character above the space (strlen: bytes, one for ASCII)
        return f"({x} = '' OR (strlen({x}) = 1 AND ascii({x}) > 32))"
    if k == "code" and not all(d == d.strip(TRIMMED) != "" for d in col.domain):
        return None
    if k in ("digits", "code", "year", "month"):  # its check of a non-empty value: no spaces
        return _valid_sql(replace(col, nullable=False), x)[0]
    if k == "date":
        return f"({_valid_sql(col, x)[0]}) AND {x} <> ''"
    return None


def _valid_sql(col: Column, v: str = "v") -> tuple[str, str]:
    """(SQL condition on the text value `v` that is TRUE for a valid value, what was expected)."""
    empty_ok = f"{v} = '' OR " if col.nullable else ""
    need = "" if col.nullable else "non-empty, "
    k = col.kind
    if k == "rins":
        return f"length({v}) <= 1", "expected at most one character"
    if k == "rin":
        unknown = ", ".join(repr(u) for u in col.unknown)
        return (
            f"{v} = '' OR regexp_full_match({v}, '[0-9]{{9}}')",
            f"expected 9 digits, empty or {unknown} (not known: read as empty)"
            if unknown
            else "expected 9 digits or empty",
        )
    if k == "digits":
        return (
            f"{empty_ok}regexp_full_match({v}, '[0-9]{{{col.width}}}')",
            f"expected {need}{col.width} digits",
        )
    if k == "code":
        dom = ", ".join(db.literal(d) for d in col.domain)
        return f"{empty_ok}{v} IN ({dom})", f"expected {need}one of {list(col.domain)}"
    if k == "date":
        return (
            f"{v} = '' OR (regexp_full_match({v}, '[0-9]{{8}}') "
            f"AND try_strptime({v}, '%Y%m%d') IS NOT NULL "
            f"AND {v} BETWEEN '{MIN_DATE}' AND '{MAX_DATE}')",
            f"expected a date YYYYMMDD from {MIN_DATE} to {MAX_DATE} (or empty)",
        )
    if k == "year":
        return (
            f"{empty_ok}(regexp_full_match({v}, '[0-9]{{4}}') "
            f"AND TRY_CAST({v} AS INTEGER) BETWEEN {MIN_YEAR} AND {MAX_YEAR})",
            f"expected {need}a year YYYY from {MIN_YEAR} to {MAX_YEAR}",
        )
    if k == "month":
        return (
            f"{empty_ok}(regexp_full_match({v}, '[0-9]{{1,2}}') "
            f"AND TRY_CAST({v} AS INTEGER) BETWEEN 0 AND 12)",
            f"expected {need}a month 01-12, or 00 (month unknown)",
        )
    if k in ("float", "int"):
        num = f"TRY_CAST({v} AS DOUBLE)"
        conds = [f"regexp_full_match({v}, '{NUMBER}')", f"isfinite({num})"]
        if k == "int":
            conds.append(f"{num} = trunc({num})")
        if col.lo is not None:
            conds.append(f"{num} {'>' if col.exclusive_lo else '>='} {col.lo}")
        if col.hi is not None:
            conds.append(f"{num} <= {col.hi}")
        rng = ""
        if col.lo is not None or col.hi is not None:
            lo = "" if col.lo is None else (f"> {col.lo}" if col.exclusive_lo else f">= {col.lo}")
            hi = "" if col.hi is None else f"<= {col.hi}"
            rng = " " + " and ".join(x for x in (lo, hi) if x)
        what = "an integer" if k == "int" else "a finite number"
        return f"{empty_ok}({' AND '.join(conds)})", f"expected {need}{what}{rng}"
    if k == "text":
        return (f"{v} <> ''" if not col.nullable else "TRUE"), "expected a non-empty value"
    raise ValueError(f"unknown column kind {k!r}")


NOT_A_DAY = (
    "expected a date YYYYMMDD on a day that exists; these are not a calendar date (a month "
    "above 12, or a day its month does not have: 20210230 would be 30 February)"
)


def _date_checks(col: Column, v: str = "v") -> list[tuple[str, str]]:
    """The check of a date column (`_valid_sql`) in two parts, as (SQL condition TRUE for a
    valid value, expected), a value failing at most one: the form (8 digits in the range) and,
    for a value of that form, a day of the calendar, so that 20210230 is named as not a
    calendar date rather than as a value of the wrong form. Used once a date column fails
    (`_problems`): the scan of the checks keeps the one condition."""
    form = f"regexp_full_match({v}, '[0-9]{{8}}') AND {v} BETWEEN '{MIN_DATE}' AND '{MAX_DATE}'"
    return [
        (f"{v} = '' OR ({form})", _valid_sql(col, v)[1]),
        (f"NOT ({form}) OR try_strptime({v}, '%Y%m%d') IS NOT NULL", NOT_A_DAY),
    ]


def _typed_sql(col: Column, text: str) -> str:
    """SQL converting the validated text value to its typed form (NULL, never an error, for
    other text: it is computed in the same scan as the checks)."""
    k = col.kind
    if k == "date":
        if col.open_end:
            text = f"CASE WHEN {text} = '' THEN '{OPEN_END}' ELSE {text} END"
        return f"CAST(try_strptime(NULLIF({text}, ''), '%Y%m%d') AS DATE)"
    if k in ("year", "month", "int"):  # TRY_: computed in the scan of the checks, on any text
        return f"TRY_CAST(TRY_CAST(NULLIF({text}, '') AS DOUBLE) AS INTEGER)"
    if k == "float":
        return f"TRY_CAST(NULLIF({text}, '') AS DOUBLE)"
    return text


def required_columns(tbl: Table, year: int | None, years: list[int]) -> list[Column]:
    cols = [c for c in tbl.columns if c.years == (None, None) or (year and c.required_in(year))]
    if tbl.wide_years:
        for y in years:
            cols.extend(wide_year_columns(y))
    return cols


# --------------------------------------------------------------------------- reading


@dataclass
class Reading:
    """One table being read: its contract, the opened file and the columns checked."""

    tbl: Table
    src: Source
    cols: list[Column]
    mapping: dict[str, tuple[str, str]]  # contract name -> (file column, duckdb type)
    stored: set[str] = field(default_factory=set)  # columns with a separate stored text
    numbers: set[str] = field(default_factory=set)  # checked on the stored number (`x_<column>`)
    # text columns with a fast path (`_fast_sql`): `k_<column>` is TRUE for a valid value
    fast: set[str] = field(default_factory=set)
    key_hash: bool = False  # temp table `scanned` holds `_key_hash` (`_key_hash_sql`)
    quality: dict = field(default_factory=dict)  # counted in the same scan as the checks

    @property
    def table(self) -> str:
        return self.tbl.name

    @property
    def path(self) -> Path:
        return self.src.path

    def fail(self, lines: list[str]) -> InputError:
        return fail(self.table, self.path, lines)

    def lines(self, rows: list[int]) -> dict[int, int]:
        return csv_lines(self.src, rows)


def _resolve_columns(con, reading_table: str, src: Source, wanted: list[Column]):
    """Map contract names to (file column name, duckdb type); case-insensitive, error on missing."""
    info = con.execute("DESCRIBE raw_file").fetchall()
    by_lower: dict[str, tuple[str, str]] = {}
    for name, dtype, *_ in info:
        if name.strip().lower() in by_lower:  # the same name in another case
            src.duplicates.append(name.strip())
        by_lower.setdefault(name.strip().lower(), (name, dtype))
    missing = [c.name for c in wanted if c.name.lower() not in by_lower]
    given_twice = {d.lower() for d in src.duplicates}
    dup = [c.name for c in wanted if c.name.lower() in given_twice]
    found = ", ".join(n for n, *_ in info)
    lines = []
    if missing:
        lines.append(f"  missing required column(s): {', '.join(missing)}.")
    if dup:
        lines.append(f"  column(s) given more than once: {', '.join(dup)}.")
    if lines:
        lines.append(f"  columns found: {found}")
        if missing and tbl_hint(reading_table, wanted):
            lines.append(tbl_hint(reading_table, wanted))
        if len(info) == 1 and src.fmt == "csv":
            lines.append(
                "  (the header line holds one column: expected the columns separated by ';' or ',')"
            )
        raise fail(reading_table, src.path, lines)
    return {c.name: by_lower[c.name.lower()] for c in wanted}


def tbl_hint(table: str, wanted: list[Column]) -> str:
    """The contract's hint for a missing column (which setting chose an unkeyed contract)."""
    names = {c.name for c in wanted}
    if "GEBOORTEDATUM" in names and table in TABLES:
        return unkeyed_table(table).hint
    return ""


def _materialize(con, r: Reading, tmpdir: Path, stream: bool = False) -> None:
    """Define view `txtv` over the file: `_row` (the data row, 1-based, in file order), per
    contract column its checked text, and the text as stored where that can differ
    (`s_<column>`).

    With `stream`, `txtv` reads the file itself (`read_parquet(..., file_row_number=true)`)
    wherever that is exact (`_streams`): each later check is a scan of the file, and the table is
    never held in memory. Otherwise the file's columns are first copied as they are into temp
    table `rawt` (`_row` = its rowid + 1, the same numbering): a CSV, read whole once (with
    `recover_csv` when DuckDB cannot), and a Parquet file with a floating column (a Parquet
    column's min/max statistics leave out NaN, and DuckDB simplifies an expression on the scan
    with them: `isnan` found false, NaN shown as 'nan' where it is missing; see
    tests/unit/test_ingest_stream.py). Without `stream` the text columns are also copied, into temp table
    `txt` (`txtv` reads it), which a caller may change before `validate`.

    With `stream`, a text column of a kind with a fast path (`_fast_sql`) also gets `k_<column>`,
    TRUE where the value as stored is valid and needs no trimming: it is taken as it is, and
    `validate` does not check it again."""
    files = list(dict.fromkeys(r.mapping[c.name][0] for c in r.cols))
    if stream and _streams(r):
        source = (
            f"SELECT file_row_number + 1 AS _row, {', '.join(_q(f) for f in files)} "
            f"FROM read_parquet({db.literal(str(r.src.read_path))}, file_row_number = true)"
        )
    else:
        _copy_raw(con, r, files, tmpdir)
        source = "SELECT rowid + 1 AS _row, * FROM rawt"
    inner, outer = ["_row"], ["_row"]
    first = ["_row"]  # the fast path's columns: the stored text and its condition (`_fast_sql`)
    for i, c in enumerate(r.cols):
        name, dtype = r.mapping[c.name]
        storage = r.src.storage.get(name, "text")
        s, raw = f"s{i}", f"r{i}"
        fast = _fast_sql(c, f"x{i}") if stream and storage == "text" else None
        if fast is not None:
            first.append(f"{_text_sql(name, dtype)} AS x{i}, {fast} AS k{i}")
            inner.append(f"CASE WHEN k{i} THEN x{i} ELSE {_trim_sql(f'x{i}')} END AS {s}, k{i}")
            outer.append(f"k{i} AS {_q('k_' + c.name)}")
            r.fast.add(c.name)
        else:
            first.append(_q(name))
            inner.append(f"{_stored_sql(name, dtype, storage)} AS {s}")
        if storage == "date" or _from_number(c, dtype, storage):
            inner.append(f"{_q(name)} AS {raw}")
        if _from_number(c, dtype, storage):
            outer.append(f"{raw} AS {_q('x_' + c.name)}")
            r.numbers.add(c.name)
        outer.append(f"{_value_sql(c, s, raw, storage, r.src.decimal_comma)} AS {_q(c.name)}")
        if _shows_stored(c, storage, r.src.decimal_comma):
            outer.append(f"{s} AS {_q('s_' + c.name)}")
            r.stored.add(c.name)
    source = f"SELECT {', '.join(dict.fromkeys(first))} FROM ({source})"
    query = f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM ({source}))"
    if stream:
        con.execute(f"CREATE OR REPLACE TEMP VIEW txtv AS {query}")
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE txt AS {query}")
    con.execute("DROP TABLE rawt")
    con.execute("CREATE OR REPLACE TEMP VIEW txtv AS SELECT * FROM txt")


FLOATING = ("FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8")
SINGLE = ("FLOAT", "REAL", "FLOAT4")  # 32 bits: 24 of them for the digits, about 7 decimal ones


def _check_single_precision(r: Reading) -> None:
    """Refuse a key, code or date column stored as a 32-bit floating point number: it keeps
    about 7 digits, so a longer value was rounded when the file was written (123456789 is read
    back as 123456792, the date 20210101 as 20210100) and would link another person or address,
    or give another date, without a word. Codes of at most 7 digits (a gemeente, a wijk) are
    exact and read as any number."""

    def rounded(c: Column) -> bool:
        return c.kind in ("rin", "text", "date") or (c.kind == "digits" and c.width > 7)

    bad = [c.name for c in r.cols if r.mapping[c.name][1].upper() in SINGLE and rounded(c)]
    if bad:
        raise r.fail(
            [
                f"  column {name}: stored as a 32-bit floating point number (FLOAT), which keeps "
                "about 7 digits: a longer code or date was rounded when the file was written "
                "(123456789 reads back as 123456792) and would be linked to another person or "
                "address without a word. Expected the value as text (or a 64-bit integer), as "
                "CBS delivers it; write the file again from the source without converting the "
                "column to float32."
                for name in bad
            ]
        )


INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")


def _from_number(col: Column, dtype: str, storage: str) -> bool:
    """Whether a float or int column is checked and typed on its stored number (`_number_sql`)
    instead of its text: a column stored as a floating point number or an integer of at most
    64 bits. Its text (`_stored_sql`) is that number written in full or in shortest form, which
    reads back as the same double (-0 as 0), so the checks give the same answer on the number;
    the text is still shown in a message."""
    return (
        storage == "number"
        and col.kind in ("float", "int")
        and dtype.upper() in FLOATING + INTEGERS
    )


def _number_sql(col: Column, x: str) -> tuple[str, str, str, str]:
    """(valid, expected, typed, filled) for a column checked on its stored number `x`
    (`_from_number`): the same answers as `_valid_sql`, `_typed_sql` and the `filled` count on
    its text, without writing the text (missing and NaN are the empty text)."""
    d = f"CAST({x} AS DOUBLE)"
    empty = f"({x} IS NULL OR isnan({d}))"
    conds = [f"isfinite({d})"]
    if col.kind == "int":
        conds.append(f"{d} = trunc({d})")
    if col.lo is not None:
        conds.append(f"{d} {'>' if col.exclusive_lo else '>='} {col.lo}")
    if col.hi is not None:
        conds.append(f"{d} <= {col.hi}")
    ok = " AND ".join(conds)
    valid = f"{empty} OR ({ok})" if col.nullable else f"NOT {empty} AND ({ok})"
    if col.kind == "int":
        typed = f"CASE WHEN {empty} THEN NULL ELSE TRY_CAST({d} AS INTEGER) END"
    else:  # the text of -0 is '0'
        typed = f"CASE WHEN {empty} THEN NULL WHEN {d} = 0 THEN CAST(0 AS DOUBLE) ELSE {d} END"
    return f"coalesce({valid}, false)", _valid_sql(col)[1], typed, f"NOT {empty}"


def _streams(r: Reading) -> bool:
    """Whether `txtv` may read the file directly: a Parquet file (an SPSS file is converted to
    one, its missing values, NaN included, written as nulls) without a floating column among
    the columns read, and without a column of its own named file_row_number."""
    if r.src.fmt == "sav":
        return "file_row_number" not in {n.lower() for n in r.src.storage}
    if r.src.fmt != "parquet" or "file_row_number" in {n.lower() for n in r.src.storage}:
        return False
    return not any(r.mapping[c.name][1].upper() in FLOATING for c in r.cols)


def _copy_raw(con, r: Reading, files: list[str], tmpdir: Path) -> None:
    """Copy the file's columns `files` as they are into temp table `rawt`."""
    copy = (
        "CREATE OR REPLACE TEMP TABLE rawt AS SELECT "
        + ", ".join(_q(f) for f in files)
        + " FROM raw_file"
    )
    try:
        con.execute(copy)
    except duckdb.Error as err:
        if r.src.fmt != "csv":
            raise r.fail([f"  the file cannot be read whole: {first_line(err)}"]) from err
        try:
            recover_csv(con, r.src, err, tmpdir)
            con.execute(copy)
        except ReadError as rerr:
            raise r.fail(rerr.lines) from err
        except duckdb.Error as err2:
            raise r.fail([f"  the file cannot be read: {first_line(err2)}"]) from err2


def _problems(
    con,
    r: Reading,
    checks: list[tuple[str, str, str]],
    quality: bool = False,
    keep: dict[str, str] | None = None,
) -> list[Problem]:
    """Run (column, SQL condition on the columns of `txtv` that is TRUE for a valid row,
    expected) checks, counting all in one scan; a Problem with example rows (the value as
    stored) for each column that fails. With `quality`, the same scan counts the rows, the
    non-empty values of each column and the values repaired (`_quality_sql`) into r.quality.

    With `keep` (name -> SQL expression on `txtv`, which must not fail on any text), the scan
    stores those columns in temp table `scanned`, with a flag per check and count, and counts
    the flags: one pass over the file for the checks and the typed table."""
    if not checks:
        return []
    extra = _quality_sql(r) if quality else {}
    conds = [f"NOT ({valid})" for _, valid, _ in checks] + list(extra.values())
    if keep is None:
        aggs = ", ".join(f"count(*) FILTER (WHERE {c})" for c in conds)
        values = con.execute(f"SELECT count(*), {aggs} FROM txtv").fetchall()[0]
    else:
        cols = [f"{x} AS {_q(name)}" for name, x in keep.items()]
        cols += [f"({c}) AS _flag{i}" for i, c in enumerate(conds)]
        con.execute(f"CREATE OR REPLACE TEMP TABLE scanned AS SELECT {', '.join(cols)} FROM txtv")
        aggs = ", ".join(f"count(*) FILTER (WHERE _flag{i})" for i in range(len(conds)))
        values = con.execute(f"SELECT count(*), {aggs} FROM scanned").fetchall()[0]
    n_bad = values[1 : 1 + len(checks)]
    if quality:
        r.quality["n_rows"] = values[0]
        r.quality.update(zip(extra, values[1 + len(checks) :], strict=True))
    out = []
    for (column, valid, expected), n in zip(checks, n_bad, strict=True):
        if not n:
            continue
        col = next((c for c in r.cols if c.name == column), None)
        parts = [(valid, expected, n)]
        if col is not None and col.kind == "date" and expected == _valid_sql(col)[1]:
            parts = [  # the form, or not a calendar date (`_date_checks`)
                (v, e, con.execute(f"SELECT count(*) FROM txtv WHERE NOT ({v})").fetchall()[0][0])
                for v, e in _date_checks(col, _q(column))
            ]
        for valid, expected, n in parts:
            if not n:
                continue
            shown = _q("s_" + column) if column in r.stored else _q(column)
            if column in r.numbers:  # its text of a NaN is '' (missing): show it as stored
                x = f"CAST({_q('x_' + column)} AS DOUBLE)"
                shown = f"CASE WHEN isnan({x}) THEN 'NaN' ELSE {shown} END"
            ex = con.execute(
                f"SELECT _row, {shown} FROM txtv WHERE NOT ({valid}) ORDER BY _row "
                f"LIMIT {N_EXAMPLES}"
            ).fetchall()
            hint = SPREADSHEET if col and any(converted(col, str(v)) for _, v in ex) else ""
            out.append(Problem(column, n, expected, [(row, repr(v)) for row, v in ex], hint=hint))
    if out:
        lines = r.lines([row for p in out for row, _ in p.examples])
        for p in out:
            p.lines = lines
    return out


def _quality_sql(r: Reading) -> dict[str, str]:
    """Conditions counted for the source-quality report (besides `n_rows`, all rows), by name:
    `filled:<column>` (values not empty); `repaired:<column>` (a code stored as a number whose
    leading zeros were put back, the one repair the contract allows; no value is ever
    dropped)."""
    out = {}
    for c in r.cols:
        out[f"filled:{c.name}"] = (
            _number_sql(c, _q("x_" + c.name))[3] if c.name in r.numbers else f"{_q(c.name)} <> ''"
        )
        if c.name in r.stored and _width(c):
            out[f"repaired:{c.name}"] = f"{_q(c.name)} <> {_q('s_' + c.name)}"
    return out


def quality_record(r: Reading, year: int | None, unkeyed: bool) -> dict:
    """The source-quality figures of one read table (counted by `validate`): rows, per required
    column the non-empty values and the values repaired, and the values dropped (always 0:
    a value outside its domain stops the run instead)."""
    q = r.quality
    return {
        "table": r.table,
        "year": year,
        "unkeyed": unkeyed,
        "n_rows": int(q["n_rows"]),
        "columns": [
            {
                "column": c.name,
                "filled": int(q[f"filled:{c.name}"]),
                "repaired": int(q.get(f"repaired:{c.name}", 0)),
                "dropped": 0,
            }
            for c in r.cols
        ],
    }


# a number whose '.' stands before groups of three digits (2.858, 12.345.678)
GROUPED = r"[+-]?[0-9]{1,3}(\.[0-9]{3})+"
# a number with a '.' that cannot be a thousands separator (1.25, 0.2051): a decimal point
DOT_DECIMAL = r"[+-]?[0-9]*\.[0-9]+"
GROUPED_EXPECTED = (
    "expected no '.' before three digits in a ';'-separated file whose other numbers of this "
    "column give no decimal point: there the '.' may be a thousands separator (2.858 = 2858, as "
    "Dutch Excel writes) as well as a decimal point; write numbers without thousands "
    "separators, decimals with a comma"
)


def _grouped_number_checks(con, r: Reading) -> list[tuple[str, str, str]]:
    """In a `;` file (decimal commas), a number column whose values with a '.' all read as
    thousands grouped by dots (2.858: no value of the column has a '.' that is a decimal point
    for sure, such as 1.25): those values are refused as ambiguous (U7: a partner's '2.858'
    patients were read as 2.858 and the figure published a thousand times too high, without a
    word). One count over the file for its number columns; [] for other files."""
    cols = [c.name for c in r.cols if c.kind in ("float", "int") and c.name in r.stored]
    if not r.src.decimal_comma or not cols:
        return []
    aggs = []
    for name in cols:
        s = _q("s_" + name)
        aggs += [
            f"count(*) FILTER (WHERE regexp_full_match({s}, '{GROUPED}'))",
            f"count(*) FILTER (WHERE regexp_full_match({s}, '{DOT_DECIMAL}') "
            f"AND NOT regexp_full_match({s}, '{GROUPED}'))",
        ]
    counts = con.execute(f"SELECT {', '.join(aggs)} FROM txtv").fetchall()[0]
    return [
        (name, f"NOT regexp_full_match({_q('s_' + name)}, '{GROUPED}')", GROUPED_EXPECTED)
        for i, name in enumerate(cols)
        if counts[2 * i] and not counts[2 * i + 1]
    ]


def validate(con, r: Reading) -> None:
    """Check `txtv` against the contract; create `checked` with typed columns. The scan of the
    checks also counts the source-quality figures into r.quality.

    When more than one query reads `checked` (the period, key and spell checks, the reshape
    of VSLGWBTAB, then the write), the scan of the checks also computes the typed values into
    temp table `scanned` (not necessarily in file order: `_row` says it), and `checked` is a
    view of it: the text is computed once, and the later queries read compact typed values (a
    date in 4 bytes). Otherwise `checked` is a view over `txtv`, and the write is its one scan.
    """
    checks, typed = [], {"_row": "_row"}
    for c in r.cols:
        if c.name in r.numbers:
            valid, expected, typed[c.name], _ = _number_sql(c, _q("x_" + c.name))
            checks.append((c.name, valid, expected))
        else:
            valid, expected = _valid_sql(c, _q(c.name))
            if c.name in r.fast:  # answered by the fast path for most values
                valid = f"CASE WHEN {_q('k_' + c.name)} THEN TRUE ELSE ({valid}) END"
            checks.append((c.name, valid, expected))
            typed[c.name] = _typed_sql(c, _q(c.name))
    if r.tbl.wide_years:
        checks += _nesting_checks(r)
    checks += _grouped_number_checks(con, r)
    typed.update({"s_" + c: _q("s_" + c) for c in sorted(r.stored)})
    t = r.tbl
    if t.period or t.key or t.spells or t.wide_years:
        keep = typed | _key_hash_sql(r, typed)
        problems = _problems(con, r, checks, quality=True, keep=keep)
        r.key_hash = "_key_hash" in keep
        select, source = ", ".join(map(_q, typed)), "scanned"
    else:
        problems = _problems(con, r, checks, quality=True)
        select, source = ", ".join(f"{x} AS {_q(n)}" for n, x in typed.items()), "txtv"
    if problems:
        raise r.fail([p.render() for p in problems])
    con.execute(f"CREATE OR REPLACE TEMP VIEW checked AS SELECT {select} FROM {source}")
    _check_period(con, r)
    _check_keys(con, r)
    _check_spells(con, r)


def _nesting_checks(r: Reading) -> list[tuple[str, str, str]]:
    """VSLGWBTAB: a wijk code lies in its gemeente (its first 4 digits), a buurt in its wijk."""
    out = []
    for c in r.cols:
        if c.name.startswith("wc"):
            y = c.name[2:]
            out.append(
                (
                    c.name,
                    f"gem{y} = '' OR wc{y} = '' OR starts_with(wc{y}, gem{y})",
                    f"expected a wijk code that starts with the gemeente code in gem{y}",
                )
            )
        if c.name.startswith("bc"):
            y = c.name[2:]
            out.append(
                (
                    c.name,
                    f"wc{y} = '' OR bc{y} = '' OR starts_with(bc{y}, wc{y})",
                    f"expected a buurt code that starts with the wijk code in wc{y}",
                )
            )
    return out


def _check_period(con, r: Reading) -> None:
    """A spell's begin date is not after its end date."""
    if not r.tbl.period:
        return
    b, e = r.tbl.period
    bad = f"{_q(b)} IS NOT NULL AND {_q(e)} IS NOT NULL AND {_q(b)} > {_q(e)}"
    n = con.execute(f"SELECT count(*) FROM checked WHERE {bad}").fetchall()[0][0]
    if not n:
        return
    show = {x: (_q("s_" + x) if x in r.stored else f"strftime({_q(x)}, '%Y%m%d')") for x in (b, e)}
    ex = con.execute(
        f"SELECT _row, {show[b]}, {show[e]} FROM checked WHERE {bad} ORDER BY _row "
        f"LIMIT {N_EXAMPLES}"
    ).fetchall()
    lines = r.lines([row for row, *_ in ex])
    shown = "; ".join(f"{where(row, lines)}: {vb} .. {ve}" for row, vb, ve in ex)
    raise r.fail(
        [
            f"  columns {b}/{e}: {n} row(s) begin after they end; expected {b} on or before "
            f"{e}. Examples: {shown}"
        ]
    )


KEY_HASH = "hash({keys})"  # 64 bits of a key (a test makes it coarse to force equal hashes)


def _key_hash_sql(r: Reading, typed: dict[str, str]) -> dict[str, str]:
    """{'_key_hash': the key's hash (KEY_HASH of its typed values), NULL where the row is not
    keyed (empty person number)}, computed in the scan of the checks (`validate`) and stored in
    `scanned`, where `_check_keys` reads it: hashing the key in that scan, where its values
    are at hand, is cheaper than a second scan of `checked` for them (24.5 million medicines:
    0.4 against 2.7 CPU s, the scan itself no dearer). {} for a table without a key."""
    tbl = r.tbl
    if not tbl.key:
        return {}
    h = KEY_HASH.format(keys=", ".join(typed[k] for k in tbl.key))
    if tbl.person_key:
        h = f"CASE WHEN {typed[tbl.person_key[1]]} <> '' THEN {h} END"
    return {"_key_hash": h}


def _hashes_distinct(con, expr: str, cond: str, source: str = "checked") -> bool:
    """Whether the SQL hash `expr` differs between all rows of `source` (under `cond`): then
    no key occurs twice (equal keys have equal hashes). Sorting the hashes in NumPy costs about
    a third of grouping the keys in DuckDB (2.7 million keys: 0.26 against 0.65 CPU s); equal
    hashes, a duplicate key or (rarely) two keys with one hash, go to the exact grouping."""
    (h,) = con.execute(f"SELECT {expr} AS h FROM {source} {cond}").fetchnumpy().values()
    h = np.asarray(h)
    h.sort()  # in place: 8 bytes a row beside DuckDB's tables
    return not bool((h[1:] == h[:-1]).any())


def _check_keys(con, r: Reading) -> None:
    tbl = r.tbl
    if not tbl.key:
        return
    keys = ", ".join(_q(k) for k in tbl.key)
    # rows that cannot be linked (empty person number) are not keyed
    pk = tbl.person_key[1] if tbl.person_key else None
    cond = f"WHERE {_q(pk)} <> ''" if pk else ""
    if r.key_hash:  # hashed in the scan of the checks (`_key_hash_sql`)
        distinct = _hashes_distinct(con, "_key_hash", "WHERE _key_hash IS NOT NULL", "scanned")
    else:
        distinct = _hashes_distinct(con, KEY_HASH.format(keys=keys), cond)
    if distinct:
        return
    dup = (
        f"SELECT {keys}, count(*) AS n, min(_row) AS r1, max(_row) AS r2 FROM checked {cond} "
        f"GROUP BY {keys} HAVING count(*) > 1"
    )
    n = con.execute(f"SELECT count(*) FROM ({dup})").fetchall()[0][0]
    if n:
        ex = con.execute(f"SELECT * FROM ({dup}) ORDER BY r1 LIMIT {N_EXAMPLES}").fetchall()
        lines = r.lines([e[-2] for e in ex] + [e[-1] for e in ex])
        # object numbers a spreadsheet program wrote as 4,80939E+11: different objects, one key
        converted = any(
            re.fullmatch(SCIENTIFIC, str(v).strip()) for e in ex for v in e[: len(tbl.key)]
        )
        raise r.fail(
            [
                f"  key ({', '.join(tbl.key)}) is not unique: {n} key value(s) occur more than "
                "once.",
                "  Examples: "
                + "; ".join(
                    f"{tuple(e[: len(tbl.key)])} in rows {e[-2]} and {e[-1]}"
                    + (f" (lines {lines[e[-2]]} and {lines[e[-1]]})" if e[-2] in lines else "")
                    for e in ex
                ),
                *([f"  {SPREADSHEET}"] if converted else []),
            ]
        )


DAY_BITS = 17  # a date from MIN_DATE to MAX_DATE as days since MIN_DATE (0..66108)


def _spells_disjoint(con, r: Reading) -> bool:
    """Whether no two spells of one person in `checked` overlap, proved on two sorted arrays
    of numbers instead of the window of `_check_spells` (22.6 million addresses: about 4
    against 13 CPU s). False when it cannot say (then `_check_spells` runs its window).

    Each spell gives two numbers: its person (RINPERSOONS as its code point + 1, RINPERSOON
    as a number: both checked, so distinct persons give distinct numbers) shifted left by
    DAY_BITS, plus the day of its begin, and the same plus the day of its end. Sorted, the
    two arrays hold each person's begins and ends in the same places, in order. As no spell
    ends before it begins (`_check_period` ran), a person's spells are disjoint exactly when
    their sorted begins and ends alternate (b1 <= e1 < b2 <= e2 ...): then the spell that
    begins k-th ends k-th, and the window's `prev_e >= b` is never true; two equal begins or
    a next begin on or before an end break it. Across persons the person part decides the
    order, so one comparison of neighbours answers for every person. A spell without an end
    date (not in the current contracts: there an empty end is open), or a person code beyond
    16 bits, makes it say False."""
    tbl = r.tbl
    s, p = tbl.person_key
    b, e = tbl.spells
    kinds = {c.name: c.kind for c in r.cols}
    if tbl.period != tbl.spells or (kinds.get(s), kinds.get(p)) != ("rins", "rin"):
        return False
    # RINPERSOON (9 digits) < 2**30 above the day; RINPERSOONS (one character or none) above it
    person = (
        f"(CAST(unicode({_q(s)}) + 1 AS BIGINT) << {30 + DAY_BITS}) "
        f"| (CAST({_q(p)} AS BIGINT) << {DAY_BITS})"
    )
    ok = f"unicode({_q(s)}) < 65535 AND {_q(e)} IS NOT NULL"
    first = f"DATE '{MIN_DATE[:4]}-{MIN_DATE[4:6]}-{MIN_DATE[6:]}'"
    ends = [
        f"CASE WHEN {ok} THEN {person} | ({_q(x)} - {first}) ELSE -1 END AS {n}"
        for x, n in ((b, "b"), (e, "e"))
    ]
    arrays = con.execute(
        f"SELECT {', '.join(ends)} FROM checked WHERE {_q(p)} <> '' AND {_q(b)} IS NOT NULL"
    ).fetchnumpy()
    begins, ends_ = (np.asarray(arrays[n]) for n in ("b", "e"))
    del arrays
    if not begins.size:
        return True
    begins.sort()  # in place: 8 bytes a row each
    ends_.sort()
    if begins[0] < 0:
        return False
    return not bool((ends_[:-1] >= begins[1:]).any())


def _check_spells(con, r: Reading) -> None:
    """Two spells of one person covering the same date are an input error (docs/rules.md#l4)."""
    tbl = r.tbl
    if not tbl.spells:
        return
    if _spells_disjoint(con, r):
        return
    s, p = tbl.person_key
    b, e = tbl.spells
    sql = f"""
        WITH ordered AS (
            SELECT {_q(s)} AS s, {_q(p)} AS p, {_q(b)} AS b, {_q(e)} AS e, _row,
                   lag({_q(e)}) OVER w AS prev_e, lag(_row) OVER w AS prev_row
            FROM checked
            WHERE {_q(p)} <> '' AND {_q(b)} IS NOT NULL
            WINDOW w AS (PARTITION BY {_q(s)}, {_q(p)} ORDER BY {_q(b)}, {_q(e)}, _row)
        )
        SELECT prev_row, _row, s, p FROM ordered WHERE prev_e >= b
    """
    n = con.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
    if n:
        ex = con.execute(f"SELECT * FROM ({sql}) ORDER BY _row LIMIT {N_EXAMPLES}").fetchall()
        lines = [
            f"  columns {b}/{e}: {n} spell(s) overlap an earlier spell of the same person.",
            "  Examples: " + "; ".join(f"rows {a} and {r_} ({s_}, {p_})" for a, r_, s_, p_ in ex),
        ]
        raise r.fail(lines)


# --------------------------------------------------------------------------- output


def _write_output(con, r: Reading, years: list[int], out: Path) -> None:
    if r.tbl.wide_years:
        # reshape to one row per object and year; empty gemeente = not placed (docs/rules.md#l5);
        # `checked` is a table: the wide file is read once, not once per year
        parts = [
            f"""SELECT SOORTOBJECTNUMMER, RINOBJECTNUMMER, {int(y)} AS year,
                       'GM' || gem{y} AS gemeente,
                       CASE WHEN wc{y} = '' THEN NULL ELSE 'WK' || wc{y} END AS wijk,
                       CASE WHEN bc{y} = '' THEN NULL ELSE 'BU' || bc{y} END AS buurt
                FROM checked WHERE gem{y} <> ''"""
            for y in years
        ]
        query = " UNION ALL ".join(parts) + " ORDER BY year, SOORTOBJECTNUMMER, RINOBJECTNUMMER"
    else:
        # file order by `_row`: DuckDB may build a table in parallel out of file order, even
        # with preserve_insertion_order (seen for `scanned` of GBAHUISHOUDENSBUS)
        query = f"SELECT {', '.join(_q(c.name) for c in r.cols)} FROM checked ORDER BY _row"
    files.write_query(con, query, out)


def ingest(
    table: str,
    path: str | Path,
    out: str | Path,
    year: int | None = None,
    years: list[int] = (),
    *,
    unkeyed: bool = False,
    quality: str | Path | None = None,
    database: duckdb.DuckDBPyConnection | None = None,
) -> list[str]:
    """Validate `path` as `table` (of `year` for per-year tables) and write typed Parquet to `out`.

    With `unkeyed`, the table is read under its contract without the CBS key
    (`contracts.unkeyed_table`: birth date, sex and address instead of RINPERSOON). With
    `quality`, the source-quality figures (`quality_record`) are written there as JSON.

    The table is read on a DuckDB connection of its own: its temp tables and views are its
    own and go when it is closed. With `database` (a connection of `db.connect`, as
    `ingest_jobs.ingest_tables` opens one for a job's tables), that is a new connection to
    its database (`cursor()`: about 0.2 ms, where a new database costs about 16 ms of CPU to
    open and close, a fifth of the work of a small table), which spills to the database's
    temporary folder; without, a new database spilling to a temporary folder of its own. The
    same queries, settings and bytes either way.

    Raises InputError naming table, file, column, the number of bad rows and examples.
    Nothing is written unless the whole table passes. Returns notes on how the file was read
    (format, delimiter, encoding, SPSS dates) for the log.
    """
    path, out = Path(path), Path(out)
    tbl = unkeyed_table(table) if unkeyed else TABLES[table]
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wijkzicht-") as tmp:
        if database is None:
            con = db.connect(temp_directory=tmp)
        else:
            con = database.cursor()
            con.execute("SET enable_progress_bar = false")
        try:
            try:
                src = _open_source(con, path, Path(tmp))
            except ReadError as err:
                raise fail(table, path, err.lines) from err
            cols = required_columns(tbl, year, list(years))
            mapping = _resolve_columns(con, table, src, cols)
            r = Reading(tbl, src, cols, mapping)
            _check_single_precision(r)
            _materialize(con, r, Path(tmp), stream=True)
            try:
                validate(con, r)
                _write_output(con, r, list(years), out)
            except duckdb.Error as err:  # a file that breaks in the middle: read on each scan
                raise r.fail([f"  the file cannot be read whole: {first_line(err)}"]) from err
            n = r.quality["n_rows"]
        finally:
            if database is not None:  # view `raw_file` is in the database, not the connection's
                con.execute("DROP VIEW IF EXISTS raw_file")
            con.close()
    if quality is not None:
        record = quality_record(r, year, unkeyed)
        files.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", quality)
    return [f"{path}: read as {src.describe()}, {n} data row(s)", *src.notes]
