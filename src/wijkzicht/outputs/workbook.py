"""The Excel workbook for municipal analysts: every releasable table on its own sheet, a contents
sheet and a sheet with definitions and sources; suppressed cells are marked. Built from the
export only."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import THEMES, Definitions
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.themes.table import KEY, NUMBERS

SUPPRESSED_MARK = "x"  # the CBS convention for a value kept secret
FIXED_DATE = dt.datetime(2000, 1, 1)

TEXT = {
    "nl": {
        "contents": "Inhoud",
        "definitions": "Definities en bronnen",
        "sheet": "blad",
        "file": "bestand",
        "rows": "rijen",
        "what": "inhoud",
        "note": "Onderdrukte cellen (onthullingscontrole) staan als 'x'; de kolom status zegt waarom.",
        "kind": "soort",
        "name": "naam",
        "description": "omschrijving",
        "source": "bron",
        "condition": "conditie",
        "definition": "definitie",
        "population": "populatie",
        "table": "invoertabel",
        "rule": "regel",
    },
    "en": {
        "contents": "Contents",
        "definitions": "Definitions and sources",
        "sheet": "sheet",
        "file": "file",
        "rows": "rows",
        "what": "content",
        "note": "Suppressed cells (disclosure control) are shown as 'x'; the status column says why.",
        "kind": "kind",
        "name": "name",
        "description": "description",
        "source": "source",
        "condition": "condition",
        "definition": "definition",
        "population": "population",
        "table": "input table",
        "rule": "rule",
    },
}


def sheet_name(rel: str) -> str:
    """A short, unique-enough sheet name from an export path: 'kopp/measures.csv' -> 'kopp'."""
    p = Path(rel)
    stem = p.stem
    parent = p.parent.name
    if stem == "measures":
        name = parent
    elif parent:
        name = f"{parent}_{stem}"
    else:
        name = stem
    return name[:31]


def definitions_table(definitions: Definitions, lang: str, disclosure: dict) -> pd.DataFrame:
    """The definitions in words (from the definition objects), the input tables and the
    disclosure rules: one row each."""
    t = TEXT[lang]
    rows = [(t["condition"], c.name, c.describe(lang)) for c in definitions.conditions]
    for theme in THEMES:
        obj = definitions.theme(theme)
        if obj is None:
            continue
        rows.append((t["population"], theme, obj.describe(lang)))
        for d in obj.definitions:
            rows.append((t["definition"], f"{theme}.{d.name}", d.describe(lang)))
        if theme == "migratie":
            for key, scale in (("k10_hoog", obj.survey.k10), ("eenzaam", obj.survey.eenzaamheid)):
                rows.append((t["definition"], f"{theme}.{key}", scale.describe(lang)))
    for name, tbl in TABLES.items():
        rows.append((t["table"], name, f"{tbl.description.get(lang, '')} ({tbl.source})"))
    for key in ("threshold", "publish_zeros", "rounding_base"):
        rows.append((t["rule"], key, str(disclosure[key])))
    return pd.DataFrame(rows, columns=[t["kind"], t["name"], t["description"]])


def build(
    export_root: str | Path, files: list[str], definitions: Definitions, out: str | Path, *, lang: str,
    disclosure: dict,
) -> None:  # fmt: skip
    """Write the workbook for the given export files (CSV only), deterministically; the
    definitions sheet puts `definitions` in words and states the `disclosure` rules."""
    import xlsxwriter

    t = TEXT[lang]
    root = Path(export_root)
    rels = sorted(Path(f).relative_to(root).as_posix() for f in files if f.endswith(".csv"))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True})
    wb.set_properties({"created": FIXED_DATE, "author": "wijkzicht", "title": "wijkzicht"})
    bold = wb.add_format({"bold": True})
    grey = wb.add_format({"bg_color": "#D9D9D9", "align": "right"})

    contents = wb.add_worksheet(t["contents"][:31])
    defs = wb.add_worksheet(t["definitions"][:31])
    contents.write_row(0, 0, [t["sheet"], t["file"], t["rows"]], bold)
    contents.write(len(rels) + 2, 0, t["note"])
    used = set()
    for i, rel in enumerate(rels, start=1):
        name = sheet_name(rel)
        while name in used:
            name = name[:29] + f"_{len(used)}"
        used.add(name)
        df = pd.read_csv(root / rel, dtype=str, keep_default_na=False)
        ws = wb.add_worksheet(name)
        _write_table(ws, df, bold, grey)
        contents.write_url(i, 0, f"internal:'{name}'!A1", string=name)
        contents.write(i, 1, rel)
        contents.write_number(i, 2, len(df))
    d = definitions_table(definitions, lang, disclosure)
    defs.write_row(0, 0, list(d.columns), bold)
    for r, row in enumerate(d.itertuples(index=False), start=1):
        defs.write_row(r, 0, list(row))
    wb.close()
    os.replace(tmp, out)


def _write_table(ws, df: pd.DataFrame, bold, grey) -> None:
    ws.write_row(0, 0, list(df.columns), bold)
    hidden = df["status"].ne("ok").to_numpy() if "status" in df else None
    # numbers stay numbers, except the key columns (codes such as group value '1' stay text)
    numbers = [c not in KEY or c == "year" for c in df.columns]
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            if hidden is not None and hidden[r - 1] and df.columns[c] in NUMBERS:
                ws.write_string(r, c, SUPPRESSED_MARK, grey)
            elif value == "":
                continue
            else:
                try:
                    ws.write_number(r, c, float(value)) if numbers[c] else ws.write_string(
                        r, c, value
                    )
                except ValueError:
                    ws.write_string(r, c, value)
    ws.freeze_panes(1, 0)
