"""What to deliver: every input table's contract as a page (`docs/INPUTS.md`), written from the
contracts the ingest checks (`inputs.contracts`) and the checks' own words for each column
(`inputs.ingest`), so the page cannot say other than what a run refuses.

usage: python -m wijkzicht.inputs.delivery > docs/INPUTS.md
"""

from __future__ import annotations

import sys

from wijkzicht.inputs.contracts import TABLES, UNKEYABLE, Column, Table, wide_year_columns
from wijkzicht.inputs.ingest import _valid_sql

HEAD = """# Input tables: what to deliver

<!-- written by `python -m wijkzicht.inputs.delivery > docs/INPUTS.md` from the contracts the
ingest checks (src/wijkzicht/inputs/contracts.py); tests/unit/test_inputs_delivery.py checks
that it is current: do not edit by hand -->

Every table a run reads, with the columns it checks (extra columns are allowed and left out).
A per-year table is one file per year, `<TABLE>/<TABLE><YEAR>.<ext>` under `data.root`, a
national table one file `<TABLE>/<TABLE>.<ext>`; `data.tables` gives any other path per table
(a per-year table: `{year}` in it, or a path per year; never one file for two years). Formats:
`parquet`, `csv` (`,` or `;`; in a `;` file a decimal comma, and no thousands separators: a
`.` before three digits in a column without another decimal point, 2.858, is refused as
ambiguous) or `sav` (SPSS: value labels and user-missing values are read as CBS writes them). The meaning of each table and column is in
docs/rules.md (what the measures make of them); config/README.md has the settings.

Before you deliver:
- **Keys stay text.** RINPERSOON (9 digits), RINOBJECTNUMMER and the area codes keep their
  leading zeros: never open a CBS table in Excel or save it as numbers (a run refuses 9-digit
  keys without them, and object numbers written differently in GBAADRESOBJECTBUS and
  VSLGWBTAB, and says when the values look like a spreadsheet program's conversion: leading
  zeros lost, or 4,80939E+11). Where a file must pass through a spreadsheet, import those
  columns as text. A key, code or date stored as a 32-bit float (float32) is refused: it
  keeps about 7 digits, so 123456789 was written as 123456792.
- **Dates** as YYYYMMDD text or a date type (SPSS dates are read as dates); an open end as
  empty or 20501231 where the column allows it. A date that is not a calendar date
  (20210230) is refused in those words.
- **A missing number** is an empty field (CSV), a null (Parquet) or a missing value (SPSS);
  a NaN in a Parquet number column is read as missing too: numpy-based tools hold a missing
  number so (pyreadstat reads SPSS's system-missing as NaN), and in a CBS table an empty
  cell is a value not known. None of them counts as a number; a column that must be filled
  (`non-empty`) refuses them, and an infinite value, or text such as `NA` or `n.v.t.`, is
  refused everywhere.
- **A parent not known** in KINDOUDERTAB is an empty RINPERSOONpa or RINPERSOONMa, or
  `---------` (nine dashes), as CBS writes it: both read as not known, never linked as a
  parent.
- **Every configured year needs every per-year table** (`years`), the survey only its waves
  (`survey_waves`; `[]` runs without a survey: the survey figures then say there is nothing
  to show). Newcomer figures start in the second configured year (a newcomer is measured
  against the year before).
- **The geography reference** (`reference.geography`) holds the real wijk and buurt codes of
  every year's VSLGWBTAB; the maps need CBS's Wijk- en Buurtkaart brought into the
  environment (`boundaries.path`).

"""

KIND = {
    "rins": "RINPERSOONS-type: one character (`R` for a person in the BRP)",
    "rin": "RINPERSOON-type key: 9 digits as text",
    "digits": "digits as text",
    "code": "a code",
    "date": "a date",
    "year": "a year",
    "month": "a month",
    "int": "a whole number",
    "float": "a number",
    "text": "text",
}


def _years(c: Column) -> str:
    first, last = c.years
    if first is None and last is None:
        return ""
    if first is None:
        return f" (years up to {last})"
    if last is None:
        return f" (years from {first})"
    return f" (years {first} to {last})"


def _column_row(c: Column) -> str:
    checked = _valid_sql(c)[1].removeprefix("expected ")
    if c.kind in ("float", "int"):  # how the ingest reads a missing number (`_number_sql`)
        checked += (
            ", or missing (empty, null or NaN)" if c.nullable else " (empty, null or NaN refused)"
        )
    return f"| `{c.name}` | {KIND[c.kind]}{_years(c)} | {checked} |"


def _table(t: Table) -> list[str]:
    where = f"`{t.name}/{t.name}<YEAR>.<ext>`" if t.per_year else f"`{t.name}/{t.name}.<ext>`"
    lines = [
        f"## {t.name}",
        "",
        f"{t.description.get('en', '')} ({t.description.get('nl', '')}); source {t.source or '-'}; "
        f"{'one file per year' if t.per_year else 'one national file'}: {where}.",
    ]
    if t.key:
        lines.append(f"Each row once per {', '.join(f'`{k}`' for k in t.key)}.")
    if t.spells:
        lines.append(
            f"Spells `{t.spells[0]}` to `{t.spells[1]}` of one person do not overlap, and begin "
            "is not after end."
        )
    if t.name in UNKEYABLE:
        lines.append(
            "May arrive without RINPERSOONS and RINPERSOON (`data.unkeyed`), with GEBOORTEDATUM, "
            "GESLACHT, SOORTOBJECTNUMMER and RINOBJECTNUMMER instead: linked to the population "
            "register (docs/linkage.md)."
        )
    lines += ["", "| column | kind | a run accepts |", "|---|---|---|"]
    lines += [_column_row(c) for c in t.columns]
    if t.wide_years:
        lines += [_column_row(c).replace("2000", "YYYY", 1) for c in wide_year_columns(2000)]
        lines.append("")
        lines.append(
            "One `gemYYYY`, `wcYYYY` and `bcYYYY` column per configured year (gemeente, wijk "
            "and buurt code on 1 January)."
        )
    return [*lines, ""]


def markdown() -> str:
    """The page: HEAD, then one section per table in the contracts' order."""
    body = [line for t in TABLES.values() for line in _table(t)]
    return HEAD + "\n".join(body).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
