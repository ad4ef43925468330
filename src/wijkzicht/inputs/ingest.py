"""Read one input table (Parquet, CSV or SPSS .sav), check it against its contract, write typed Parquet."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wijkzicht.errors import WijkzichtError
from wijkzicht.inputs.contracts import OPEN_END, TABLES, Column, Table, wide_year_columns

FORMATS = (".parquet", ".csv", ".sav")
N_EXAMPLES = 5

NUMERIC_TYPES = (
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
    "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL",
)  # fmt: skip


class InputError(WijkzichtError, ValueError):
    """An input table that breaks its contract; the message says where and what was expected."""


@dataclass
class Problem:
    column: str
    n_bad: int
    expected: str
    examples: list[tuple[int, str]]

    def render(self) -> str:
        ex = "; ".join(f"data row {r}: {v!r}" for r, v in self.examples)
        return f"  column {self.column}: {self.n_bad} row(s) {self.expected}. Examples: {ex}"


def _fail(table: str, path: Path, lines: list[str]) -> InputError:
    head = f"Input table {table} in file {path} does not meet its contract:"
    return InputError("\n".join([head, *lines]))


# --------------------------------------------------------------------------- reading


def _sniff_csv(path: Path) -> tuple[str, str]:
    """Delimiter (';' or ',') from the header line, and encoding (utf-8, else latin-1)."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    try:
        head.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as err:
        # a multi-byte character cut at the end of the sample is still utf-8
        encoding = "utf-8" if err.start >= len(head) - 3 else "latin-1"
    first = head.split(b"\n", 1)[0]
    delim = ";" if first.count(b";") >= first.count(b",") and b";" in first else ","
    return delim, encoding


def _to_utf8(path: Path, encoding: str, dest: Path) -> Path:
    """Transcode a CSV to UTF-8 in a streaming fashion (DuckDB reads UTF-8 only)."""
    with (
        open(path, encoding=encoding, newline="") as src,
        open(dest, "w", encoding="utf-8", newline="") as out,
    ):
        while chunk := src.read(1 << 20):
            out.write(chunk)
    return dest


def _sav_to_parquet(path: Path, dest: Path) -> None:
    """Convert an SPSS file to Parquet in chunks, so a large file never sits in memory whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyreadstat

    writer = None
    try:
        for chunk, _meta in pyreadstat.read_file_in_chunks(
            pyreadstat.read_sav, str(path), chunksize=500_000, disable_datetime_conversion=True
        ):
            tbl = pa.Table.from_pandas(chunk, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(str(dest), tbl.schema)
            writer.write_table(tbl.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()


def open_raw(con: duckdb.DuckDBPyConnection, table: str, path: Path, tmpdir: Path) -> None:
    """Create view `raw` over the file, with a 1-based data row number `_row`."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise _fail(table, path, ["  the file does not exist."])
    try:
        if suffix == ".parquet":
            rel = con.read_parquet(str(path))
        elif suffix == ".csv":
            delim, encoding = _sniff_csv(path)
            if encoding != "utf-8":
                path = _to_utf8(path, encoding, tmpdir / (path.stem + ".utf8.csv"))
            rel = con.read_csv(str(path), header=True, sep=delim, all_varchar=True)
        elif suffix == ".sav":
            pq_path = tmpdir / (path.stem + ".parquet")
            _sav_to_parquet(path, pq_path)
            rel = con.read_parquet(str(pq_path))
        else:
            raise _fail(table, path, [f"  unknown format {suffix!r}; expected one of {FORMATS}."])
        rel.create_view("raw_file")
        con.execute(
            "CREATE OR REPLACE VIEW raw AS SELECT *, row_number() OVER () AS _row FROM raw_file"
        )
    except InputError:
        raise
    except Exception as err:  # duckdb/pyreadstat errors: unreadable file
        raise _fail(table, path, [f"  the file cannot be read: {err}"]) from err


# --------------------------------------------------------------------------- checks


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_text(col: str, dtype: str, width: int) -> str:
    """SQL giving the column as a trimmed string, '' for missing; numbers without '.0'."""
    c = _q(col)
    if dtype.startswith("DECIMAL") or dtype in ("FLOAT", "DOUBLE"):
        txt = (
            f"CASE WHEN {c} IS NULL OR isnan({c}) THEN '' WHEN {c} = trunc({c}) "
            f"THEN CAST(CAST({c} AS HUGEINT) AS VARCHAR) ELSE CAST({c} AS VARCHAR) END"
        )
    elif dtype in NUMERIC_TYPES:
        txt = f"coalesce(CAST({c} AS VARCHAR), '')"
    else:
        return f"trim(coalesce(CAST({c} AS VARCHAR), ''))"
    if width:
        # a code stored as a number lost its leading zeros ('0344' -> 344)
        txt = f"CASE WHEN ({txt}) = '' THEN '' ELSE lpad({txt}, {width}, '0') END"
    return txt


def _width(col: Column) -> int:
    if col.kind == "rin":
        return 9
    if col.kind == "date":
        return 8
    return col.width if col.kind == "digits" else 0


def _valid_sql(col: Column) -> tuple[str, str]:
    """(SQL condition on text value v that is TRUE for a valid value, what was expected)."""
    empty_ok = "v = '' OR " if col.nullable else ""
    need = "" if col.nullable else "non-empty, "
    k = col.kind
    if k == "rins":
        return "length(v) <= 1", "expected at most one character"
    if k == "rin":
        return "v = '' OR regexp_full_match(v, '[0-9]{9}')", "expected 9 digits or empty"
    if k == "digits":
        return (
            f"{empty_ok}regexp_full_match(v, '[0-9]{{{col.width}}}')",
            f"expected {need}{col.width} digits",
        )
    if k == "code":
        dom = ", ".join("'" + d.replace("'", "''") + "'" for d in col.domain)
        return f"{empty_ok}v IN ({dom})", f"expected {need}one of {list(col.domain)}"
    if k == "date":
        return (
            "v = '' OR (regexp_full_match(v, '[0-9]{8}') AND try_strptime(v, '%Y%m%d') IS NOT NULL)",
            "expected a date YYYYMMDD (or empty)",
        )
    if k == "year":
        return (
            f"{empty_ok}regexp_full_match(v, '(1[89]|20)[0-9]{{2}}')",
            f"expected {need}a year YYYY",
        )
    if k == "month":
        return (
            f"{empty_ok}(regexp_full_match(v, '[0-9]{{1,2}}') AND CAST(v AS INTEGER) BETWEEN 1 AND 12)",
            f"expected {need}a month 01-12",
        )
    if k in ("float", "int"):
        num = "TRY_CAST(v AS DOUBLE)"
        conds = [f"{num} IS NOT NULL", f"NOT isnan({num})"]
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
        what = "an integer" if k == "int" else "a number"
        return f"{empty_ok}({' AND '.join(conds)})", f"expected {need}{what}{rng}"
    if k == "text":
        return ("v <> ''" if not col.nullable else "TRUE"), "expected a non-empty value"
    raise ValueError(f"unknown column kind {k!r}")


def _typed_sql(col: Column, text: str) -> str:
    """SQL converting the validated text value to its typed form."""
    k = col.kind
    if k == "date":
        if col.open_end:
            text = f"CASE WHEN {text} = '' THEN '{OPEN_END}' ELSE {text} END"
        return f"CAST(try_strptime(NULLIF({text}, ''), '%Y%m%d') AS DATE)"
    if k in ("year", "month", "int"):
        return f"CAST(TRY_CAST(NULLIF({text}, '') AS DOUBLE) AS INTEGER)"
    if k == "float":
        return f"TRY_CAST(NULLIF({text}, '') AS DOUBLE)"
    return text


def _resolve_columns(
    con, table: str, path: Path, wanted: list[Column]
) -> dict[str, tuple[str, str]]:
    """Map contract names to (file column name, duckdb type); case-insensitive, error on missing."""
    info = con.execute("DESCRIBE raw_file").fetchall()
    by_lower: dict[str, tuple[str, str]] = {}
    for name, dtype, *_ in info:
        by_lower.setdefault(name.strip().lower(), (name, dtype))
    missing = [c.name for c in wanted if c.name.lower() not in by_lower]
    if missing:
        found = ", ".join(n for n, *_ in info)
        raise _fail(
            table,
            path,
            [f"  missing required column(s): {', '.join(missing)}.", f"  columns found: {found}"],
        )
    return {c.name: by_lower[c.name.lower()] for c in wanted}


def required_columns(tbl: Table, year: int | None, years: list[int]) -> list[Column]:
    cols = [c for c in tbl.columns if c.years == (None, None) or (year and c.required_in(year))]
    if tbl.wide_years:
        for y in years:
            cols.extend(wide_year_columns(y))
    return cols


def validate(con, table: str, path: Path, year: int | None, years: list[int]) -> list[Column]:
    """Check the `raw` view against the contract; create view `checked` with typed columns."""
    tbl = TABLES[table]
    cols = required_columns(tbl, year, years)
    mapping = _resolve_columns(con, table, path, cols)
    texts = {c.name: _as_text(mapping[c.name][0], mapping[c.name][1], _width(c)) for c in cols}
    select = ", ".join(f"{texts[c.name]} AS {_q(c.name)}" for c in cols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE txt AS SELECT _row, {select} FROM raw")

    problems: list[Problem] = []
    for c in cols:
        cond, expected = _valid_sql(c)
        where = f"NOT ({cond})"
        sub = f"(SELECT _row, {_q(c.name)} AS v FROM txt)"
        n_bad = con.execute(f"SELECT count(*) FROM {sub} WHERE {where}").fetchall()[0][0]
        if n_bad:
            ex = con.execute(
                f"SELECT _row, v FROM {sub} WHERE {where} ORDER BY _row LIMIT {N_EXAMPLES}"
            ).fetchall()
            problems.append(Problem(c.name, n_bad, expected, ex))
    if problems:
        raise _fail(table, path, [p.render() for p in problems])

    typed = ", ".join(f"{_typed_sql(c, _q(c.name))} AS {_q(c.name)}" for c in cols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE checked AS SELECT _row, {typed} FROM txt")
    _check_keys(con, tbl, path)
    _check_spells(con, tbl, path)
    return cols


def _check_keys(con, tbl: Table, path: Path) -> None:
    if not tbl.key:
        return
    keys = ", ".join(_q(k) for k in tbl.key)
    # rows that cannot be linked (empty person number) are not keyed
    pk = tbl.person_key[1] if tbl.person_key else None
    where = f"WHERE {_q(pk)} <> ''" if pk else ""
    dup = f"SELECT {keys}, count(*) AS n, min(_row) AS r1, max(_row) AS r2 FROM checked {where} GROUP BY {keys} HAVING count(*) > 1"
    n = con.execute(f"SELECT count(*) FROM ({dup})").fetchall()[0][0]
    if n:
        ex = con.execute(f"SELECT * FROM ({dup}) ORDER BY r1 LIMIT {N_EXAMPLES}").fetchall()
        lines = [
            f"  key ({', '.join(tbl.key)}) is not unique: {n} key value(s) occur more than once.",
            "  Examples: "
            + "; ".join(f"{tuple(e[: len(tbl.key)])} in rows {e[-2]} and {e[-1]}" for e in ex),
        ]
        raise _fail(tbl.name, path, lines)


def _check_spells(con, tbl: Table, path: Path) -> None:
    """Two spells of one person covering the same date are an input error (docs/rules.md#l4)."""
    if not tbl.spells:
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
            "  Examples: " + "; ".join(f"rows {a} and {r} ({s_}, {p_})" for a, r, s_, p_ in ex),
        ]
        raise _fail(tbl.name, path, lines)


# --------------------------------------------------------------------------- output


def _write_output(con, tbl: Table, cols: list[Column], years: list[int], out: Path) -> None:
    if tbl.wide_years:
        # reshape to one row per object and year; empty gemeente = not placed (docs/rules.md#l5)
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
        query = f"SELECT {', '.join(_q(c.name) for c in cols)} FROM checked ORDER BY _row"
    tmp = out.with_name(out.name + ".tmp")
    con.sql(query).write_parquet(str(tmp), compression="zstd")
    os.replace(tmp, out)


def ingest(
    table: str, path: str | Path, out: str | Path, year: int | None = None, years: list[int] = ()
) -> None:
    """Validate `path` as `table` (of `year` for per-year tables) and write typed Parquet to `out`.

    Raises InputError naming table, file, column, the number of bad rows and examples.
    Nothing is written unless the whole table passes.
    """
    path, out = Path(path), Path(out)
    tbl = TABLES[table]
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wijkzicht-") as tmp:
        con = duckdb.connect(config={"temp_directory": tmp})
        try:
            open_raw(con, table, path, Path(tmp))
            cols = validate(con, table, path, year, list(years))
            _write_output(con, tbl, cols, list(years), out)
        finally:
            con.close()
