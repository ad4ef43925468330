"""Hand-built tiny worlds: ASCII tables of persons and events, written in the input layout."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import yaml

from wijkzicht.inputs.contracts import TABLES, table_years
from wijkzicht.inputs.ingest import required_columns


def table(text: str) -> pd.DataFrame:
    """Parse an ehrQL-style ASCII table: '|'-separated cells, a header row, an optional
    '---' rule; every value is a string, an empty cell is ''."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    rows = [
        [c.strip() for c in ln.strip("|").split("|")]
        for ln in lines
        if not set(ln.replace("|", "").strip()) <= set("-+: ")
    ]
    header, body = rows[0], rows[1:]
    return pd.DataFrame(body, columns=header, dtype=str)


def columns_for(name: str, year: int | None, years: list[int]) -> list[str]:
    return [c.name for c in required_columns(TABLES[name], year, years)]


def write_world(
    root: Path,
    tables: dict[str, pd.DataFrame],
    years: list[int],
    waves: list[int] = (),
    fmt: str = "csv",
) -> Path:
    """Write every contract table (empty where not given) as root/<T>/<T>[<year>].<fmt>.

    `tables` keys are table names (non-year tables) or '<TABLE><YEAR>'. Missing columns are
    filled with ''; a column named 'year' in a per-year table given without year splits it.
    """
    for name, tbl in TABLES.items():
        targets = (
            [(name, None)]
            if not tbl.per_year
            else [(f"{name}{y}", y) for y in table_years(tbl, list(years), list(waves))]
        )
        for stem, year in targets:
            cols = columns_for(name, year, list(years))
            df = tables.get(stem, pd.DataFrame(columns=cols, dtype=str)).copy()
            for c in cols:
                if c not in df:
                    df[c] = ""
            out = root / name / f"{stem}.{fmt}"
            out.parent.mkdir(parents=True, exist_ok=True)
            df = df[cols]
            if fmt == "csv":
                df.to_csv(out, index=False, sep=";")
            elif fmt == "parquet":
                df.to_parquet(out, index=False)
            else:
                import pyreadstat

                pyreadstat.write_sav(df.astype(object).fillna(""), str(out))
    return root


ADRES_ALIASES = {
    "S": "RINPERSOONS", "P": "RINPERSOON", "AANVANG": "GBADATUMAANVANGADRESHOUDING",
    "EINDE": "GBADATUMEINDEADRESHOUDING", "OBJ": "RINOBJECTNUMMER",
}  # fmt: skip
PERSOON_ALIASES = {
    "S": "RINPERSOONS", "P": "RINPERSOON", "SEX": "GBAGESLACHT", "JAAR": "GBAGEBOORTEJAAR",
    "MAAND": "GBAGEBOORTEMAAND", "GEN": "GBAGENERATIE", "HERKOMST": "GBAHERKOMSTLAND",
}  # fmt: skip
KINDOUDER_ALIASES = {
    "S": "RINPERSOONS", "P": "RINPERSOON", "Spa": "RINPERSOONSpa", "Ppa": "RINPERSOONpa",
    "Sma": "RINPERSOONSMa", "Pma": "RINPERSOONMa",
}  # fmt: skip


def adres(text: str) -> pd.DataFrame:
    df = table(text).rename(columns=ADRES_ALIASES)
    df["SOORTOBJECTNUMMER"] = "A"
    return df


def persoon(text: str) -> pd.DataFrame:
    df = table(text).rename(columns=PERSOON_ALIASES)
    df["GBAGEBOORTELAND"] = df["GBAHERKOMSTLAND"].where(df["GBAGENERATIE"] == "1", "6030")
    df["GBAAANTALOUDERSBUITENLAND"] = "0"
    return df


def kindouder(text: str) -> pd.DataFrame:
    return table(text).rename(columns=KINDOUDER_ALIASES)


def objects(
    mapping: dict[str, tuple[str, str, str] | dict[int, tuple[str, str, str]]], years
) -> pd.DataFrame:
    """VSLGWBTAB from {object: (gem, wc, bc)} or {object: {year: (gem, wc, bc)}}."""
    rows = []
    for obj, place in mapping.items():
        row = {"SOORTOBJECTNUMMER": "A", "RINOBJECTNUMMER": obj}
        for y in years:
            gem, wc, bc = place.get(y, ("", "", "")) if isinstance(place, dict) else place
            row.update({f"gem{y}": gem, f"wc{y}": wc, f"bc{y}": bc})
        rows.append(row)
    return pd.DataFrame(rows, dtype=str)


REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "workflow/schemas/config.schema.yaml"
# the repository's reference files by absolute path, for a workflow run in another directory
REFERENCE = {
    "geography": str(REPO / "config/reference/geography.csv"),
    "countries": str(REPO / "config/reference/countries.csv"),
    "codelists": str(REPO / "config/codelists/codelists.yaml"),
}


def config(**overrides) -> dict:
    from wijkzicht.pipeline.config import load_config

    return load_config(REPO / "config/config.yaml", SCHEMA, overrides)


def ingest_all(root: Path, out: Path, cfg: dict, fmt: str = "csv") -> dict:
    """Validate every table of a written world; returns {(table, year): parquet path}."""
    from wijkzicht.inputs.ingest import ingest
    from wijkzicht.pipeline.config import input_files

    done = {}
    for t, y in input_files(cfg):
        stem = f"{t}{y}" if y is not None else t
        dest = out / f"{stem}.parquet"
        ingest(t, root / t / f"{stem}.{fmt}", dest, y, cfg["years"])
        done[(t, y)] = dest
    return done


def run_kopp(validated: dict, cfg: dict, year: int):
    """The KOPP chain of the workflow for one year, through the same package functions; the
    definitions are parsed from the config dict `cfg` as the workflow does."""
    import duckdb

    from wijkzicht.definitions import parse_definitions
    from wijkzicht.inputs.reference import read_codelists, read_countries, read_geography
    from wijkzicht.population.conditions import person_conditions
    from wijkzicht.population.residents import open_inputs, residents
    from wijkzicht.themes.kopp import aandeel, children

    con = duckdb.connect()
    open_inputs(
        con,
        adres=validated[("GBAADRESOBJECTBUS", None)],
        geo=validated[("VSLGWBTAB", None)],
        persoon=validated[("GBAPERSOONTAB", None)],
        kindouder=validated[("KINDOUDERTAB", None)],
        GEMWMOVOORZIENINGEN=validated[("GEMWMOVOORZIENINGEN", None)],
        GEMBUURTTEAM=validated[("GEMBUURTTEAM", None)],
        **{t: validated[(t, year)] for t in (
            "ZVWZORGKOSTENTAB", "MEDICIJNTAB", "GGZDBCTRAJECTENHOOFDDIAGTAB",
            "KOPPELPERSOONHUISHOUDEN", "INHATAB")},
    )  # fmt: skip
    bands = cfg["age_bands"]["kinderen"] + cfg["age_bands"]["volwassenen"]
    res = residents(
        con, year, cfg["gemeente"], read_countries(REPO / cfg["reference"]["countries"]), bands
    )
    con.register("residents", res)
    definitions = parse_definitions(cfg)
    codelists = read_codelists(REPO / cfg["reference"]["codelists"])
    conds = person_conditions(con, definitions.conditions, year, codelists)
    con.register("conditions", conds)
    kids = children(con, definitions.kopp)
    geo = read_geography(REPO / cfg["reference"]["geography"], cfg["gemeente"])
    measures = aandeel(kids, year, definitions.kopp, geo, cfg["age_bands"]["kinderen"])
    con.close()
    return res, conds, kids, measures


def snakemake(workdir: Path, overrides: dict, *args: str) -> subprocess.CompletedProcess:
    """Run the workflow in `workdir` with the repository's config plus `overrides`."""
    cfg = {
        "reference": dict(REFERENCE),
        **overrides,
    }
    (workdir / "test.yaml").write_text(yaml.safe_dump(cfg))
    cmd = [
        sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory", str(workdir),
        "--configfile", str(REPO / "config/config.yaml"), str(workdir / "test.yaml"), "--cores", "2",
        *args,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=3600)


CITATION = re.compile(
    r'<span class="num" data-file="([^"]+)" data-row="(\d+)" data-col="(\w+)" data-kind="(\w+)">([^<]+)</span>'
)


def _formatted(value: float, kind: str, lang: str) -> str:
    """A cell as a page should show it, written here apart from wijkzicht.outputs.format: one
    decimal for a percentage, two for a ratio, one for 'keer zo vaak' (kind `times`), a whole count,
    thousands of euros as whole euros (kind `euro_thousands`: 27,0 -> 27.000); thousands separated (1.675 / 1,675);
    kind `whole_pct` (a model estimate) a percentage without decimals; kind `about` (a count said
    to be approximate) to two significant digits from 100 up, half up. A share above zero that
    shows no digit but 0 is '<0.1%' ('<1%' whole): a 0 on a page is a real zero."""
    whole = round(value)
    if kind == "about":
        whole = int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))
        if whole >= 100:
            digits = len(str(whole)) - 2
            whole = int(
                Decimal(whole).scaleb(-digits).quantize(Decimal(1), ROUND_HALF_UP).scaleb(digits)
            )
    shown = {"pct": f"{100 * value:,.1f}%", "ratio": f"{value:,.2f}", "times": f"{value:,.1f}",
             "whole_pct": f"{100 * value:,.0f}%", "euro_thousands": f"{round(1000 * value):,}"}.get(
        kind, f"{whole:,}")  # fmt: skip
    if kind in ("pct", "whole_pct") and value > 0 and not re.search("[1-9]", shown):
        shown = "<0.1%" if kind == "pct" else "<1%"  # not a real zero
    if lang == "nl":  # Dutch: decimal comma, dot between thousands
        shown = shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return shown


FREQUENCY = re.compile(r"(?:(ruim|bijna|just over|nearly) )?(\d+) (?:op de|in) (\d+)")


def _fits_frequency(shown: str, value: float) -> bool:
    """Whether a natural frequency in words ('ruim 1 op de 3', 'nearly 4 in 10') tells the share
    `value`: without a qualifier within 3% (relative) of the fraction named, 'ruim' / 'just over'
    above it, 'bijna' / 'nearly' below it, and never more than 15% off."""
    if shown in ("bijna iedereen", "almost everyone"):
        return value >= 0.95
    if shown in ("niemand", "nobody"):
        return value <= 0
    if shown.startswith(("minder dan 1 op de 100", "fewer than 1 in 100")):
        return 0 < value < 0.01
    m = FREQUENCY.fullmatch(shown)
    if m is None:
        return False
    frac = int(m[2]) / int(m[3])
    rel = (value - frac) / frac
    if m[1] in ("ruim", "just over"):
        return 0.03 < rel <= 0.15
    if m[1] in ("bijna", "nearly"):
        return -0.15 <= rel < -0.03
    return abs(rel) <= 0.03


KEY_MESSAGES = re.compile(r'<ol class="key">(.*?)</ol>', re.S)


def pdf_cell_links(pdf: Path) -> set[tuple[str, int, str, str]]:
    """(file relative to the export, row, column, kind) of each link of a report's PDF to a cell
    ('../kopp/measures.csv#row=3&col=value&kind=pct'), from its link annotations (in the file as
    written, or in a compressed object stream)."""
    import zlib

    data = pdf.read_bytes()
    uris = re.findall(rb"/URI ?\(([^)]*)\)", data)
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            uris += re.findall(rb"/URI ?\(([^)]*)\)", zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    out = set()
    for uri in uris:
        path, _, query = uri.decode().partition("#")
        q = dict(x.split("=", 1) for x in query.split("&"))
        file = (pdf.parent / path).resolve().relative_to(pdf.parent.parent.resolve()).as_posix()
        out.add((file, int(q["row"]), q["col"], q["kind"]))
    return out


def check_cited_numbers(export: Path, lang: str) -> int:
    """Check every cited number in the reports and factsheets against the cell it cites, formatted
    independently here (a natural frequency, 'ruim 1 op de 3', must fit its share); each report
    opens with three to five key messages whose numbers are all citations. Returns how many were
    checked."""
    pages = sorted(export.glob("*/rapport.html")) + sorted(export.glob("factsheets/*.html"))
    assert len(pages) == 3 + 10
    checked = 0
    tables = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for file, row, col, kind, shown in CITATION.findall(text):
            if file not in tables:
                tables[file] = pd.read_csv(export / file, keep_default_na=False, na_values=[""])
            value = tables[file].loc[int(row), col]
            if kind == "freq":
                assert _fits_frequency(shown, float(value)), (page.name, file, row, col, shown)
            else:
                assert shown == _formatted(float(value), kind, lang), (page.name, file, row, col)
            checked += 1
        if page.name == "rapport.html":
            # the PDF cites the cells the HTML cites: each of its numbers is a link to its cell
            # (document.cell_link), the cell's table given from the PDF's folder
            html_cells = {(f, int(r), c, k) for f, r, c, k, _ in CITATION.findall(text)}
            assert pdf_cell_links(page.with_suffix(".pdf")) == html_cells, page.parent.name
            key = KEY_MESSAGES.search(text)
            assert key, f"{page.parent.name}: no key messages"
            items = re.findall(r"<li>(.*?)</li>", key[1], re.S)
            assert 3 <= len(items) <= 5, (page.parent.name, len(items))
            assert CITATION.search(key[1]), f"{page.parent.name}: key messages cite no number"
            # a percentage or decimal outside a citation is a number nobody checks
            for item in items:
                bare = re.sub(r"<[^>]+>", "", CITATION.sub("", item))
                assert "%" not in bare and not re.search(r"\d[.,]\d", bare), (page.name, bare)
    return checked


DASHBOARD_DATA = re.compile(r'<script type="application/json" id="wz-data">(.*?)</script>', re.S)


PERSONA_COLUMNS = (
    "theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,"
    "zorg_steun,n_persons,n_target,rounding_base,status"
)


def check_persona_cards(export: Path, lang: str) -> int:
    """The cited-number check of the persona cards: every persona table has the agreed columns,
    each card on the factsheets and in the dashboard's inlined data cites `n_persons` and
    `n_target` of an `ok` persona row of its theme's table, formatted as written apart here, and
    every card says it is a composite. Returns how many numbers were checked."""
    import json

    composite = {
        "nl": "samengesteld beeld, geen echt persoon",
        "en": "composite picture, not a real person",
    }
    tables = {}
    for theme in ("kopp", "migratie", "nieuwkomers"):
        path = export / theme / "personas.csv"
        assert path.read_text(encoding="utf-8").splitlines()[0] == PERSONA_COLUMNS, path
        tables[f"{theme}/personas.csv"] = pd.read_csv(path, keep_default_na=False, na_values=[""])
    board = (export / "dashboard.html").read_text(encoding="utf-8")
    data = json.loads(DASHBOARD_DATA.search(board)[1].replace("<\\/", "</"))
    texts = [p.read_text(encoding="utf-8") for p in sorted(export.glob("factsheets/*.html"))]
    texts += [html for cards in data["personas"].values() for html in cards.values()]
    checked = 0
    for text in texts:
        for card in re.findall(r'<article class="persona">(.*?)</article>', text, re.S):
            cited = CITATION.findall(card)
            assert [c for _, _, c, _, _ in cited] == ["n_persons", "n_target"], card
            assert composite[lang] in card, card
            for file, row, col, kind, shown in cited:
                cell = tables[file].loc[int(row)]
                # the persons it stands for and the target group said as approximate when the
                # table rounded them (its column rounding_base), else as counted
                rounded = "rounding_base" not in cell or float(cell["rounding_base"]) > 1
                said = dict.fromkeys(("n_persons", "n_target"), "about" if rounded else "count")
                assert cell["status"] == "ok" and kind == said[col], (file, row)
                assert shown == _formatted(float(cell[col]), kind, lang), (file, row, col, shown)
                checked += 1
    return checked


def check_dashboard(page: Path, export: Path, lang: str) -> int:
    """The cited-number check of the dashboard: every row its script shows (the inlined data)
    is a row of `<theme>/measures.csv`, found by key, and what the page shows of it, written
    apart here, equals the cell: the value (or 'onderdrukt' / 'geen personen' exactly where the
    cell is suppressed or empty, with a null value), its interval, its count, and for a wijk the
    verdict of `<theme>/verschillen.csv`; every published row that is not a trend is there.
    A model estimate (method modelschatting, docs/small_area.md) in whole percentages, its
    count as the survey's respondents of a model estimate. Returns how many numbers were checked."""
    import json

    words = {
        "nl": ("onderdrukt", "geen personen", " tot "),
        "en": ("suppressed", "no persons", " to "),
    }[lang]
    data = json.loads(
        DASHBOARD_DATA.search(page.read_text(encoding="utf-8"))[1].replace("<\\/", "</")
    )
    rows = [
        dict(zip(data["measures"]["columns"], r, strict=True)) for r in data["measures"]["rows"]
    ]
    key = ["theme", "measure", "definition", "year", "area_code", "group", "group_value", "method"]
    seen, checked = set(), 0
    for theme in sorted({r["theme"] for r in rows}):
        m = pd.read_csv(export / theme / "measures.csv", dtype=str, keep_default_na=False)
        m = m[~m["method"].str.startswith("trend")]
        v = pd.read_csv(export / theme / "verschillen.csv", dtype=str, keep_default_na=False)
        verdict = {
            tuple(r[k] for k in key): r["verdict"]
            for r in v[v["comparison"] == "wijk_vs_gemeente"].to_dict("records")
        }
        cells = {tuple(r[k] for k in key): r for r in m.to_dict("records")}
        for r in (r for r in rows if r["theme"] == theme):
            k = tuple(str(r[c]) for c in key)
            cell = cells[k]
            seen.add(k)
            kind = (
                "ratio"
                if cell["method"] in ("ratio_katz", "relative_risk_katz", "logit_glm")
                else "whole_pct"
                if cell["method"] == "modelschatting"
                else "pct"
            )
            if cell["status"].startswith("suppressed"):
                assert (r["shown"], r["value"], r["ci"]) == (words[0], None, ""), k
            elif cell["value"] == "" or cell["denominator"] in ("0", "0.0"):
                assert (r["shown"], r["value"], r["ci"]) == (words[1], None, ""), k
            else:
                assert r["shown"] == _formatted(float(cell["value"]), kind, lang), k
                lo, hi = cell["ci_lower"], cell["ci_upper"]
                ci = (
                    _formatted(float(lo), kind, lang) + words[2] + _formatted(float(hi), kind, lang)
                    if lo and hi
                    else ""
                )
                assert r["ci"] == ci, k
                checked += 2 if ci else 1
            if cell["n_denominator"]:
                n = _formatted(float(cell["n_denominator"]), "count", lang)
                if cell["method"] == "modelschatting":
                    n = (f"schatting met model, {n} ondervraagden" if lang == "nl"
                         else f"model estimate, {n} respondents")  # fmt: skip
                assert r["n_text"] == n, k
                checked += 1
            elif cell["method"] == "modelschatting" and cell["status"] == "ok" and cell["value"]:
                # its wijk's survey row suppressed: the respondents too (model_estimates rule 4)
                assert r["n_text"] == (
                    "schatting met model, aantal ondervraagden onderdrukt"
                    if lang == "nl"
                    else "model estimate, number of respondents suppressed"
                ), k
                checked += 1
            assert r["verdict"] == verdict.get(k, ""), k
        assert set(cells) <= seen, f"{theme}: published rows missing from the dashboard"
    return checked


def check_workbook(xlsx: Path, export: Path, lang: str, definitions) -> int:
    """The cited-number check of the workbook for people (`wijkzicht.xlsx`): every number in a
    measure sheet equals its cell in `<theme>/measures.csv`, found by key (the measure from the
    sheet's title, the row's labels, the column's header); `x` and `-` stand exactly where that
    cell is suppressed or empty; shares carry a one-decimal percentage format and each ▲ ▼ and
    verdict in words agrees with `<theme>/verschillen.csv`; every published series has its row;
    the other sheets hold no numbers. Returns how many numbers were checked."""
    import openpyxl

    from wijkzicht.disclosure.export import read_measures_csv
    from wijkzicht.outputs import labels as lb
    from wijkzicht.outputs import workbook as wbk
    from wijkzicht.outputs.format import state, verdict_words

    t = wbk.TEXT[lang]
    measures = pd.concat([read_measures_csv(p) for p in sorted(export.glob("*/measures.csv"))])
    found = pd.concat(
        [
            pd.read_csv(p, dtype={"group_value": str})
            for p in sorted(export.glob("*/verschillen.csv"))
        ]
    )
    verdicts = {
        (r.measure, r.definition, r.method, r.group, r.group_value, r.area_code, int(r.year)): r.verdict
        for r in found[found["comparison"] == "wijk_vs_gemeente"].itertuples()
    }  # fmt: skip
    trend_verdicts = {
        (r.measure, r.definition, r.method, r.group, r.group_value, r.area_code): r.verdict
        for r in found[found["comparison"] == "trend"].itertuples()
    }  # fmt: skip
    titles = {lb.label(lang, m): m for m in measures["measure"].unique()}
    number_formats = {
        "pct": "0.0%",
        "whole_pct": "0%",
        "ratio": "0.00",
        # a trend per year in percentage points: the proportion, shown as points (+0,42%-punt)
        "change_nl": '+0.00%"-punt";-0.00%"-punt";0.00%"-punt"',
        "change_en": '+0.00%" points";-0.00%" points";0.00%" points"',
        "count": "#,##0",
    }
    book = openpyxl.load_workbook(xlsx)
    checked, seen_measures = 0, set()
    for ws in book.worksheets:
        if ws.title in (t["org"], t["inhabitants"]):  # organisation figures, inhabitants (R9)
            checked += check_aggregate_sheet(ws, export, lang)
            continue
        measure = titles.get(ws["A1"].value)
        if measure is None:
            numbers = [
                c.coordinate
                for row in ws.iter_rows()
                for c in row
                if isinstance(c.value, (int, float))
            ]
            assert not numbers, (ws.title, numbers[:5])
            continue
        seen_measures.add(measure)
        m = measures[measures["measure"] == measure]
        vals = m[m["method"].isin(wbk.VALUE_METHODS)]
        trends = m[~m["method"].isin(wbk.VALUE_METHODS)]
        head_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value and any(
            ws.cell(r, c).value == t["area"] for c in range(1, ws.max_column + 1)))  # fmt: skip
        headers = [ws.cell(head_row, c).value for c in range(1, ws.max_column + 1)]
        years = sorted(int(y) for y in vals["year"].unique())
        last = years[-1]
        keys = {t["definition"]: "definition", t["method"]: "method", t["breakdown"]: "group",
                t["group"]: "group_value", t["area"]: "area"}  # fmt: skip
        columns = {}
        for c, h in enumerate(headers):
            if h in keys:
                columns[c] = ("key", keys[h])
            elif str(h).isdigit():
                columns[c] = ("value", int(h))
            elif h == t["lower"].format(year=last):
                columns[c] = ("ci_lower", last)
            elif h == t["upper"].format(year=last):
                columns[c] = ("ci_upper", last)
            elif h in (
                t["count"].format(year=last),
                t["total"].format(year=last),
                t["respondents"].format(year=last),
            ):
                columns[c] = ({t["count"].format(year=last): "numerator", t["total"].format(year=last): "denominator"}
                              .get(h, "n_denominator"), last)  # fmt: skip
            elif str(h).startswith(t["verdict"].split("{")[0]) and str(h).endswith(f"({last})"):
                columns[c] = ("verdict", last)
            elif h in (t["trend_value"], t["trend_value_logit"], t["trend_value_wls"]):
                columns[c] = ("trend", "value")
            elif h == t["trend_lower"]:
                columns[c] = ("trend", "ci_lower")
            elif h == t["trend_upper"]:
                columns[c] = ("trend", "ci_upper")
            elif str(h).startswith(t["trend_words"].split("{")[0]):
                columns[c] = ("trend_words", None)
        key_fields = [f for kind, f in columns.values() if kind == "key"]

        def labels_of(r, fields=tuple(key_fields), measure=measure) -> tuple:
            words = {
                "definition": lambda: lb.definition_label(lang, measure, r["definition"], definitions),
                "method": lambda: lb.method_label(lang, r["method"]),
                "group": lambda: lb.list_label(lb.group_label(lang, r["group"])),
                "group_value": lambda: lb.list_label(lb.group_value_label(lang, r["group"], r["group_value"],
                                                                          definitions)),
                "area": lambda: f"{r['area_name']} ({t['city']})" if r["area_level"] == "gemeente"
                else f"{r['area_name']} ({t['buurt']})" if r["area_level"] == "buurt" else r["area_name"],
            }  # fmt: skip
            return tuple(words[f]() for f in fields)

        series = ["definition", "method", "group", "group_value", "area_code"]
        by_labels: dict[tuple, dict] = {}
        for r in vals.to_dict("records"):
            entry = by_labels.setdefault(
                labels_of(r), {"key": tuple(r[c] for c in series), "years": {}}
            )
            assert entry["key"] == tuple(r[c] for c in series), (
                ws.title,
                "two series read the same",
                labels_of(r),
            )
            entry["years"][int(r["year"])] = r
        trend_rows = {tuple(r[c] for c in series): r for r in trends.to_dict("records")}
        rows_seen = set()
        for row in range(head_row + 1, ws.max_row + 1):
            cells = [ws.cell(row, c + 1) for c in range(len(headers))]
            got = tuple(
                str(cells[c].value or "") for c, (kind, _) in columns.items() if kind == "key"
            )
            assert got in by_labels, (ws.title, row, got)
            rows_seen.add(got)
            entry = by_labels[got]
            definition, method, group, group_value, area = entry["key"]
            for c, (kind, what) in columns.items():
                cell = cells[c]
                if kind == "key":
                    continue
                if kind in (
                    "value",
                    "ci_lower",
                    "ci_upper",
                    "numerator",
                    "denominator",
                    "n_denominator",
                ):
                    src = entry["years"].get(what)
                    col = "value" if kind == "value" else kind
                    if kind in ("numerator", "denominator") and method in wbk.SURVEY:
                        src = None
                    if kind == "n_denominator" and method not in wbk.SURVEY:
                        src = None
                    how = (
                        "count"
                        if kind not in ("value", "ci_lower", "ci_upper")
                        else wbk.kind(method)
                    )
                elif kind == "trend":
                    tmethod = wbk.TREND_OF.get(method)
                    src = (
                        trend_rows.get((definition, tmethod, group, group_value, area))
                        if tmethod
                        else None
                    )
                    col, how = what, wbk.kind(tmethod, lang) if tmethod else "ratio"
                elif kind == "verdict":
                    verdict = verdicts.get(
                        (measure, definition, method, group, group_value, area, what)
                    )
                    level = next(iter(entry["years"].values()))["area_level"]
                    expected = t["verdicts"][verdict] if verdict and level == "wijk" else None
                    assert (cell.value or None) == expected, (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                        expected,
                    )
                    continue
                else:  # trend words
                    tmethod = wbk.TREND_OF.get(method)
                    trow = trend_rows.get((definition, tmethod, group, group_value, area))
                    s = state(trow) if trow is not None else None
                    verdict = trend_verdicts.get(
                        (measure, definition, tmethod, group, group_value, area)
                    )
                    expected = {"suppressed": "x", "empty": "-"}.get(
                        s, (verdict_words(lang, verdict) or None) if s else None
                    )
                    assert (cell.value or None) == expected, (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                        expected,
                    )
                    continue
                if src is None:
                    assert cell.value is None, (ws.title, cell.coordinate, cell.value)
                    continue
                s = state(src)
                if s != "ok":
                    assert cell.value == {"suppressed": "x", "empty": "-"}[s], (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                        s,
                    )
                    continue
                if pd.isna(src[col]):
                    # a model estimate's respondents withheld with its wijk's survey row: "x"
                    withheld = col == "n_denominator" and src["method"] == "modelschatting"
                    assert cell.value == ("x" if withheld else None), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    continue
                assert isinstance(cell.value, (int, float)) and float(cell.value) == float(src[col]), (
                    ws.title, cell.coordinate, cell.value, src[col])  # fmt: skip
                mark = ""
                if kind == "value" and src["area_level"] == "wijk":
                    verdict = verdicts.get(
                        (measure, definition, method, group, group_value, area, what)
                    )
                    mark = {"hoger": '" ▲"', "lager": '" ▼"'}.get(verdict, "")
                shown = number_formats[how]
                # a share above zero that its format would show as zero shows as text, as
                # the pages print it (U13 M5): '<0,1%' / '<0.1%', '<1%' in whole percentages
                below = {
                    "pct": (0.0005, "0,1" if lang == "nl" else "0.1"),
                    "whole_pct": (0.005, "1"),
                }
                if kind in ("value", "ci_lower", "ci_upper") and how in below:
                    limit, least = below[how]
                    if 0 < float(src[col]) < limit:
                        shown = f'"<{least}%"'
                assert cell.number_format == shown + mark, (
                    ws.title,
                    cell.coordinate,
                    cell.number_format,
                )
                checked += 1
        assert rows_seen == set(by_labels), (
            ws.title,
            "series without a row",
            set(by_labels) - rows_seen,
        )
    expected_measures = {m for m in measures["measure"].unique()
                         if measures.loc[measures["measure"] == m, "method"].isin(wbk.VALUE_METHODS).any()}  # fmt: skip
    assert seen_measures == expected_measures, expected_measures - seen_measures
    return checked


def check_aggregate_sheet(ws, export: Path, lang: str) -> int:
    """The cited-number check of the workbook's sheet of organisation figures (each value and
    interval the cell of `organisaties/cijfers.csv` found by the indicator's label, the area and
    the year; `x` and `-` where suppressed or empty) or of inhabitants (CBS's count and the
    register's of `kerncijfers/inwoners.csv` per area and year, the difference theirs). Returns
    how many numbers were checked."""
    from wijkzicht.outputs import aggregates as ag
    from wijkzicht.outputs import workbook as wbk
    from wijkzicht.outputs.format import state

    t = wbk.TEXT[lang]
    agg = ag.Aggregates.read(export)
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    org = ws.title == t["org"]
    first = t["org_figure"] if org else t["area"]
    h = next(i for i, r in enumerate(values) if r[0] == first)
    head = values[h]

    def area(r) -> str:
        return wbk.area_label(lang, r)

    def sign(row) -> str | None:
        return {"suppressed": "x", "empty": "-"}.get(state(row))

    checked = 0
    if org:
        names = {}
        for meta in agg.measures():
            per = ag.per_words(meta, lang)
            names[ag.label(meta, lang) + (f", {per}" if per else "")] = meta["measure"]
        last = max(int(x) for x in head if str(x).isdigit())
        rows = {(r["measure"], area(r), int(r["year"])): r for _, r in agg.org.iterrows()}
        for line in values[h + 1 :]:
            if line[0] not in names:
                continue
            for c, x in enumerate(head):
                year, col = (int(x), "value") if str(x).isdigit() else (last, {
                    t["lower"].format(year=last): "ci_lower", t["upper"].format(year=last): "ci_upper"}.get(x))  # fmt: skip
                if col is None:
                    continue
                src = rows.get((names[line[0]], line[1], year))
                got = line[c]
                if src is None or (sign(src) is None and pd.isna(src[col])):
                    assert got is None, (ws.title, line[:2], x, got)
                elif sign(src):
                    assert got == sign(src), (ws.title, line[:2], x, got)
                else:
                    assert isinstance(got, (int, float)) and float(got) == float(src[col]), (
                        ws.title, line[:2], x, got)  # fmt: skip
                    checked += 1
        return checked
    rows = {(area(r), int(r["year"])): r for _, r in agg.inwoners.iterrows()}
    years = [int(str(x).split()[-1]) for x in head if str(x).startswith("CBS ")]
    for line in values[h + 1 :]:
        if line[0] is None:
            continue
        for j, y in enumerate(years):
            src = rows[(line[0], y)]
            assert line[1 + 2 * j] == src["denominator"], (ws.title, line[0], y)
            assert line[2 + 2 * j] == (sign(src) or src["numerator"]), (ws.title, line[0], y)
            checked += 2
        src = rows[(line[0], years[-1])]
        if sign(src) is None:
            assert line[1 + 2 * len(years)] == src["numerator"] - src["denominator"]
            checked += 1
    return checked


def svg_fills(svg: str) -> dict[str, str]:
    """{area code: fill} of a map's patches, read from its SVG file (matplotlib writes a patch
    with a gid as `<g id="WK...">`): a colour '#rrggbb', or 'url(#...)' for a pattern."""
    out = {}
    for code, body in re.findall(r'<g id="((?:WK|BU)\d{6,8})">(.*?)</g>', svg, re.S):
        out[code] = re.search(r"fill: ?(#[0-9a-f]{6}|url\(#\w+\))", body)[1]
    return out


def lightness(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def check_map(export: Path, theme: str, name: str) -> int:
    """A map against the export, written apart from wijkzicht.outputs.maps: every area of its
    CSV is its row in `<theme>/measures.csv` (code, value, suppressed or not), and its patch in
    the SVG is filled as that row says: a colour when it has a value, never lighter than an area
    with a lower value; a pattern when suppressed or empty, suppressed and empty not the same.
    Returns how many areas were checked."""
    sel = pd.read_csv(export / theme / f"{name}.csv", dtype=str, keep_default_na=False)
    m = pd.read_csv(export / theme / "measures.csv", dtype=str, keep_default_na=False)
    fills = svg_fills((export / theme / f"{name}.svg").read_text(encoding="utf-8"))
    areas = sel[sel["role"] == "area"]
    assert sorted(fills) == sorted(areas["area_code"]), (theme, name)
    values, patterns = {}, {"suppressed": set(), "empty": set()}
    for r in areas.to_dict("records"):
        cell = m.iloc[int(r["measures_row"])]
        code = r["area_code"]
        assert (cell["area_code"], cell["measure"], cell["year"]) == (code, r["measure"], r["year"])
        if cell["status"].startswith("suppressed"):
            assert r["state"] == "suppressed" and r["value"] == "", code
            patterns["suppressed"].add(fills[code])
        elif cell["value"] == "" or cell["denominator"] in ("0", "0.0"):
            assert r["state"] == "empty", code
            patterns["empty"].add(fills[code])
        else:
            assert r["state"] == "ok" and float(r["value"]) == float(cell["value"]), code
            assert fills[code].startswith("#"), (code, fills[code])
            values[code] = (float(cell["value"]), lightness(fills[code]))
    assert all(f.startswith("url(") for f in patterns["suppressed"] | patterns["empty"])
    assert patterns["suppressed"].isdisjoint(patterns["empty"])
    for a, (va, la) in values.items():
        for b, (vb, lb) in values.items():
            assert not (va > vb and la > lb), (theme, a, b)  # a higher value is never lighter
    return len(areas)


# every definition of the default configuration, by measure
ALL_DEFINITIONS = [
    *(("kopp.aandeel", d) for d in ("ggz", "psychofarmaca", "verslaving", "breed")),
    ("kopp.overlap", "breed"), ("kopp.jeugdteam", "breed"),
    ("kopp.ouders_onbekend", "geen_koppelbare_ouder"), ("migratie.ggz", "ggz"),
    ("migratie.psychofarmaca", "psychofarmaca"), ("migratie.k10_hoog", "k10_hoog"),
    ("migratie.eenzaam", "eenzaam"), ("migratie.zorgkloof", "ggz"), ("migratie.or_ggz", "ggz"),
    *(("nieuwkomers.aandeel", d) for d in ("ggz", "uitstroom_bw_mo", "laag_inkomen", "breed")),
    ("nieuwkomers.concentratie", "ggz"), ("nieuwkomers.concentratie", "laag_inkomen"),
]  # fmt: skip
# what a plain definition sentence leaves to the exact one: thresholds, codelists, config
# names, codes (tests of the dashboard and of labels.plain_definition)
TECHNICAL = re.compile(
    r"_|codelijst|codelist|hoger dan 0|above 0|Wmo|K10|score|ATC|INHP|TAB\b|\b(BW|MO|JG)\b|"
    r"\(zorgkosten|odds ratio|365|\bP\d+\b|percentiel|percentile"
)
# a threshold in plain words is allowed ('bij de laagste 10% van Nederland'), its code is not
# (INHP100HBEST, P10, percentiel 1 tot en met 10)


def bench_module(script: str, name: str):
    """The module of the benchmark script bench/<script>.py, loaded under `name` (bench/ is
    not a package: its scripts import each other from their folder, on sys.path while loading)."""
    path = REPO / "bench" / f"{script}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def planned_jobs(
    tmp: Path, config: dict, *targets: str, snakefile: Path = REPO / "Snakefile"
) -> dict[str, list[dict[str, list[str]]]]:
    """{rule: the input and output files of each job Snakemake plans} in a dry run
    (`snakemake -n`) of the workflow (`snakefile`, the repository's by default) with the
    configuration `config` over the default one, in work folder tmp/work; fails the test with
    the run's output when the dry run fails."""
    (tmp / "test.yaml").write_text(yaml.safe_dump(config))
    cmd = [
        sys.executable, "-m", "snakemake", "-n", "-s", str(snakefile),
        "--directory", str(tmp / "work"), *targets,
        "--configfile", str(REPO / "config/config.yaml"), str(tmp / "test.yaml"),
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    found: dict[str, list[dict[str, list[str]]]] = {}
    for block in re.split(r"^rule ", run.stdout + run.stderr, flags=re.M)[1:]:
        job = {}
        for part in ("input", "output"):
            line = re.search(rf"^    {part}: (.*)$", block, re.M)
            job[part] = line.group(1).split(", ") if line else []
        found.setdefault(block.split(":", 1)[0], []).append(job)
    return found
