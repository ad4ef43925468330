"""The workbook for people, as built by the workflow in Dutch: every number in its people's sheets
equals its cell in the exported CSVs (the cited-number check of the workbook), it passes the
export gate, and its first sheets are rendered (openpyxl -> HTML -> headless Chromium) to
results/screenshots/workbook_<sheet>.png of the repository, to look at."""

from __future__ import annotations

import html
import re
import shutil

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from worlds import REPO, check_workbook, config

pytestmark = pytest.mark.e2e

SCREENSHOTS = REPO / "results/screenshots"
FIRST_SHEETS = 3


def number_text(value: float, fmt: str, lang: str) -> str:
    """A number as Excel shows it with one of the workbook's formats ('0.0%', '0.00', '#,##0',
    '+0.0%;-0.0%;0.0%', each optionally with a quoted suffix such as '" ▲"'), with Dutch or
    English separators."""
    sections = fmt.split(";")
    section = sections[0]
    if value < 0 and len(sections) > 1:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    m = re.fullmatch(r'([+-]?)([#,0.]+)(%?)(?:"([^"]*)")?', section)
    if m is None:
        return str(value)
    sign, code, percent, suffix = m.groups()
    decimals = len(code.split(".")[1]) if "." in code else 0
    shown = f"{(100 * value if percent else value):{',' if ',' in code else ''}.{decimals}f}"
    if lang == "nl":
        shown = shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{sign}{shown}{percent}{suffix or ''}"


CSS = """body{margin:0;font-family:Calibri,Carlito,'Liberation Sans',Arial,sans-serif;font-size:14px;background:#fff}
.tabs{display:flex;gap:2px;background:#e7e7e7;padding:4px 6px 0;font-size:13px}
.tabs span{padding:3px 10px;background:#f6f6f6;border:1px solid #c8c8c8;border-bottom:none;white-space:nowrap}
.tabs span.on{background:#fff;font-weight:bold;color:#1e6b37}
table{border-collapse:collapse;table-layout:fixed}
td{border:1px solid #e3e3e3;padding:1px 4px;overflow:hidden;white-space:nowrap;vertical-align:top}
td.wrap{white-space:normal}th{background:#f0f0f0;border:1px solid #cfcfcf;font-weight:normal;color:#555;
font-size:12px}td.fr{border-bottom:2px solid #8a8a8a}td.fc{border-right:2px solid #8a8a8a}
.nogrid td{border-color:transparent}"""


def sheet_html(wb, ws, lang: str, max_rows: int = 45, max_cols: int = 26) -> str:
    """One sheet as Excel shows it (values formatted, fonts, fills, wrapping, frozen panes)."""
    frozen = ws.freeze_panes
    frow, fcol = 0, 0
    if frozen:
        fcol = openpyxl.utils.cell.column_index_from_string(re.match(r"[A-Z]+", frozen).group()) - 1
        frow = int(re.search(r"\d+", frozen).group()) - 1
    ncols = min(ws.max_column, max_cols)
    chars = {}  # openpyxl keeps equal widths of adjacent columns as one range
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            chars.update({c: dim.width for c in range(dim.min, dim.max + 1)})
    widths = [int(7.2 * chars.get(c, 8.43)) + 8 for c in range(1, ncols + 1)]
    tabs = "".join(f'<span class="{"on" if s.title == ws.title else ""}">{html.escape(s.title)}</span>'
                   for s in wb.worksheets)  # fmt: skip
    grid = "" if ws.sheet_view.showGridLines is not False else "nogrid"
    out = [f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><style>{CSS}</style></head><body>",
           f"<div class='tabs'>{tabs}</div><table class='{grid}' style='width:{34 + sum(widths)}px'>",
           "<colgroup><col style='width:34px'>",
           *[f"<col style='width:{w}px'>" for w in widths], "</colgroup>",
           "<tr><th></th>" + "".join(f"<th>{get_column_letter(c)}</th>" for c in range(1, ncols + 1)) + "</tr>"]  # fmt: skip
    spans, covered = {}, set()
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = min(rng.max_col, ncols) - rng.min_col + 1
        covered |= {(rng.min_row, c) for c in range(rng.min_col + 1, rng.max_col + 1)}
    for r in range(1, min(ws.max_row, max_rows) + 1):
        height = ws.row_dimensions[r].height
        style = f" style='height:{int(height * 1.33)}px'" if height else ""
        out.append(f"<tr{style}><th>{r}</th>")
        for c in range(1, ncols + 1):
            if (r, c) in covered:
                continue
            cell = ws.cell(r, c)
            v = cell.value
            text = "" if v is None else number_text(float(v), cell.number_format, lang) if isinstance(
                v, (int, float)) else str(v)  # fmt: skip
            css, classes = [], []
            if cell.font is not None:
                if cell.font.b:
                    css.append("font-weight:bold")
                if cell.font.sz and float(cell.font.sz) != 11:
                    css.append(f"font-size:{float(cell.font.sz) * 1.3:.0f}px")
                color = cell.font.color.rgb if cell.font.color is not None else None
                if isinstance(color, str) and len(color) == 8 and color != "FF000000":
                    css.append(f"color:#{color[2:]}")
                if cell.font.u:
                    css.append("text-decoration:underline")
            fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type else None
            if isinstance(fill, str) and len(fill) == 8:
                css.append(f"background:#{fill[2:]}")
            align = cell.alignment.horizontal if cell.alignment is not None else None
            if align in ("center", "right", "left"):
                css.append(f"text-align:{align}")
            elif isinstance(v, (int, float)):
                css.append("text-align:right")
            if cell.alignment is not None and cell.alignment.wrap_text:
                classes.append("wrap")
            elif isinstance(v, str) and c < ncols and ws.cell(r, c + 1).value is None:
                css.append("overflow:visible")  # text runs on into empty cells, as in Excel
            if cell.border is not None and cell.border.top is not None and cell.border.top.style:
                css.append("border-top:1px solid #888")
            if (
                cell.border is not None
                and cell.border.bottom is not None
                and cell.border.bottom.style
            ):
                css.append("border-bottom:1px solid #444")
            if frow and r == frow:
                classes.append("fr")
            if fcol and c == fcol:
                classes.append("fc")
            cls = f" class='{' '.join(classes)}'" if classes else ""
            span = f" colspan='{spans[(r, c)]}'" if (r, c) in spans else ""
            out.append(f"<td{cls}{span} style='{';'.join(css)}'>{html.escape(text)}</td>")
        out.append("</tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def screenshot_sheets(
    xlsx, out_dir, lang: str, sheets: int = FIRST_SHEETS, prefix: str = "workbook_"
) -> list:
    """Render the first `sheets` sheets of `xlsx` to HTML and screenshot them with headless
    Chromium as <prefix><sheet>.png; returns the PNG paths."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, (
        "Debian's chromium is missing: run `make browser-deps` (tools/install-chromium.sh)"
    )
    wb = openpyxl.load_workbook(xlsx)
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        for ws in wb.worksheets[:sheets]:
            page_html = out_dir / f"{prefix}{_slug(ws.title)}.html"
            page_html.write_text(sheet_html(wb, ws, lang), encoding="utf-8")
            png = page_html.with_suffix(".png")
            page.goto(page_html.as_uri())
            page.screenshot(path=str(png), full_page=True)
            page_html.unlink()
            pngs.append(png)
        browser.close()
    return pngs


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def test_workbook_for_people(small_world, tmp_path):
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.disclosure.gate import check_export
    from wijkzicht.outputs import workbook

    wd, overrides = small_world
    export = wd / "results/export"
    xlsx = export / "wijkzicht.xlsx"
    cfg = config(**overrides)
    definitions = parse_definitions(cfg)
    # the workflow's workbook, in Dutch: every number is its cell, and the gate lets it out
    assert check_workbook(xlsx, export, "nl", definitions) > 1000
    assert check_export(xlsx, cfg["disclosure"]["threshold"]) == []
    pngs = screenshot_sheets(xlsx, SCREENSHOTS, "nl")
    assert [p.name for p in pngs] == [
        "workbook_leeswijzer.png",
        "workbook_kinderen_ouder_met_problemen.png",
        "workbook_welke_problemen_bij_ouders.png",
    ]
    # the same export in English: built twice, byte-identical, every number its cell
    files = [str(p) for p in sorted(export.rglob("*.csv"))]
    english = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path in english:
        workbook.build(export, files, definitions, path, lang="en", disclosure=cfg["disclosure"],
                       alpha=cfg["findings"]["alpha"])  # fmt: skip
    assert english[0].read_bytes() == english[1].read_bytes()
    assert check_workbook(english[0], export, "en", definitions) > 1000
    assert check_export(english[0], cfg["disclosure"]["threshold"]) == []
    assert openpyxl.load_workbook(english[0]).sheetnames[:2] == [
        "Guide",
        "Children, parent w. problems",
    ]
    pngs += screenshot_sheets(english[0], SCREENSHOTS, "en", sheets=2, prefix="workbook_en_")
    assert all(p.stat().st_size > 10_000 for p in pngs)
