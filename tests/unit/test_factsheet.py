"""The factsheet per wijk, from a hand-made export: files named after the wijk, every number a
citation of its cell, the marks and trend words of verschillen.csv (not recomputed), suppressed and
empty kept apart, the wijken alike in words, sources and years, and nothing a reader cannot read
(codes, paths, table names)."""

import html
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from worlds import CITATION, _formatted, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import write_csv, write_measures_csv
from wijkzicht.outputs import factsheet as fs
from wijkzicht.outputs.findings import findings
from wijkzicht.outputs.format import trend_rule
from wijkzicht.themes.table import COLUMNS

GEM = ("GM0344", "Utrecht", "gemeente")
OVERVECHT = ("WK034403", "Overvecht", "wijk")
VLEUTEN = ("WK034410", "Vleuten-De Meern", "wijk")
WEST = ("WK034401", "West", "wijk")
AREAS = [GEM, OVERVECHT, VLEUTEN, WEST]
# (numerator, denominator) per area: Overvecht far above the city
COUNTS = {
    "GM0344": (3000, 12000),
    "WK034403": (1200, 3000),
    "WK034410": (700, 3500),
    "WK034401": (300, 2000),
}


def _row(theme, measure, definition, year, area, method="wilson", num=None, den=None, **kw):
    code, name, level = area
    x, n = COUNTS[code] if num is None else (num, den)
    x = x + 10 * (year - 2021)  # a little change over the years
    p = x / n if n else np.nan
    row = {
        "theme": theme, "measure": measure, "definition": definition, "year": year, "area_level": level,
        "area_code": code, "area_name": name, "group": "totaal", "group_value": "totaal", "method": method,
        "numerator": float(x), "denominator": float(n), "n_numerator": x, "n_denominator": n, "value": p,
        "ci_lower": p - 0.012 if n else np.nan, "ci_upper": p + 0.013 if n else np.nan,
        "se": 0.006 if n else np.nan, "status": "ok",
    }  # fmt: skip
    row.update(kw)
    return row


def _trend(theme, measure, definition, area, method, lo, hi):
    code, name, level = area
    mid = (lo + hi) / 2
    return {"theme": theme, "measure": measure, "definition": definition, "year": 2023, "area_level": level,
            "area_code": code, "area_name": name, "group": "totaal", "group_value": "totaal", "method": method,
            "numerator": np.nan, "denominator": np.nan, "n_numerator": np.nan, "n_denominator": np.nan,
            "value": mid, "ci_lower": lo, "ci_upper": hi, "se": 0.01, "status": "ok"}  # fmt: skip


def _frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    hidden = df["status"] != "ok"
    df.loc[hidden, ["numerator", "n_numerator", "value", "ci_lower", "ci_upper", "se"]] = np.nan
    return df[COLUMNS]


def _kopp() -> pd.DataFrame:
    rows = []
    for d in ("breed", "ggz"):
        for year in (2021, 2022, 2023):
            for area in AREAS:
                scale = 1 if d == "breed" else 2
                x, n = COUNTS[area[0]]
                kw = {}
                if area == VLEUTEN and d == "ggz" and year == 2023:
                    kw["status"] = "suppressed_primary"
                rows.append(
                    _row("kopp", "kopp.aandeel", d, year, area, num=x // scale, den=n, **kw)
                )
        for area in AREAS:
            rows.append(_trend("kopp", "kopp.aandeel", d, area, "trend_logit", 0.95, 1.05))
    return _frame(rows)


def _migratie() -> pd.DataFrame:
    rows = []
    for year in (2021, 2022, 2023):
        for area in AREAS:
            rows.append(
                _row("migratie", "migratie.ggz", "ggz", year, area, method="direct_std_gamma")
            )
            rows.append(_row("migratie", "migratie.ggz", "ggz", year, area))
    for area in AREAS:
        rows.append(
            _row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, area, method="survey_taylor")
        )
        rows.append(_trend("migratie", "migratie.ggz", "ggz", area, "trend_wls", -0.01, 0.01))
    return _frame(rows)


def _nieuwkomers() -> pd.DataFrame:
    rows = []
    for year in (2022, 2023):
        for area in AREAS:
            if area == WEST and year == 2023:  # nobody moved into West: an empty row
                rows.append(
                    _row("nieuwkomers", "nieuwkomers.aandeel", "breed", year, area, num=0, den=0)
                )
            else:
                rows.append(_row("nieuwkomers", "nieuwkomers.aandeel", "breed", year, area))
    return _frame(rows)


SIMILAR = pd.DataFrame(
    [
        (2023, "WK034403", "Overvecht", 1, "WK034410", "Vleuten-De Meern", 1.2, 4,
         "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:wilson"),
        (2023, "WK034403", "Overvecht", 2, "WK034401", "West", 2.5, 4, "kopp.aandeel:breed:wilson"),
        (2023, "WK034410", "Vleuten-De Meern", 1, "WK034403", "Overvecht", 1.2, 4, "kopp.aandeel:breed:wilson"),
        (2023, "WK034401", "West", 1, "WK034403", "Overvecht", 2.5, 4, "kopp.aandeel:breed:wilson"),
    ],
    columns=["year", "wijk", "wijk_name", "rank", "neighbour", "neighbour_name", "distance", "n_common",
             "closest_indicators"],
)  # fmt: skip


def _set(table, verdict, **where):
    sel = np.ones(len(table), bool)
    for k, v in where.items():
        sel &= (table[k] == v).to_numpy()
    assert sel.sum() == 1, where
    table.loc[sel, "verdict"] = verdict


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    for theme, m in (("kopp", _kopp()), ("migratie", _migratie()), ("nieuwkomers", _nieuwkomers())):
        write_measures_csv(m, root / theme / "measures.csv")
        found = findings(m)
        if theme == "kopp":
            # verdicts that the numbers alone would not give: the page must follow the table
            _set(
                found,
                "lager",
                comparison="wijk_vs_gemeente",
                definition="breed",
                year=2023,
                area_code="WK034403",
            )
            _set(
                found,
                "hoger",
                comparison="wijk_vs_gemeente",
                definition="ggz",
                year=2023,
                area_code="WK034403",
            )
            _set(found, "daalt", comparison="trend", definition="breed", area_code="WK034403")
            _set(found, "stijgt", comparison="trend", definition="ggz", area_code="WK034403")
        if theme == "migratie":
            _set(found, "geen_verschil", comparison="wijk_vs_gemeente", method="direct_std_gamma", year=2023,
                 area_code="WK034403")  # fmt: skip
        write_csv(found, root / theme / "verschillen.csv")
        sim = SIMILAR.copy()
        if theme != "kopp":
            sim = sim.iloc[0:0]
        write_csv(sim, root / theme / "vergelijkbare_wijken.csv")
    return root


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def _page(export, definitions, wijk="WK034403", lang="nl"):
    return fs.factsheet(wijk, export, definitions, lang=lang, gemeente="GM0344")


def _row_of(page: str, label: str) -> str:
    rows = [r for r in page.split("<tr>") if r.startswith(f"<td>{label}</td>")]
    assert len(rows) == 1, (label, len(rows))
    return rows[0].split("</tr>")[0]


def _visible(page: str) -> str:
    """The text a reader sees: no tags, no style."""
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_slug_folds_diacritics_and_separators():
    assert fs.slug("Overvecht") == "overvecht"
    assert fs.slug("Vleuten-De Meern") == "vleuten-de-meern"
    assert fs.slug("Leidsche Rijn") == "leidsche-rijn"
    assert fs.slug("Zuilen/Ondiep") == "zuilen-ondiep"
    assert fs.slug("Crooswijk  Noord") == "crooswijk-noord"
    assert fs.slug("Hoogeveen-Zuid / Café Ĳsselmonde") == "hoogeveen-zuid-cafe-ijsselmonde"
    assert fs.slug("'s-Gravenland") == "s-gravenland"


def test_page_names_unique_with_the_code_only_where_names_clash():
    names = {"WK01": "Centrum", "WK02": "Noord", "WK03": "Céntrum", "WK04": "Vleuten-De Meern"}
    assert fs.page_names(names) == {"centrum-wk01": "WK01", "noord": "WK02", "centrum-wk03": "WK03",
                                    "vleuten-de-meern": "WK04"}  # fmt: skip
    # the default geography: every file named after its wijk
    geo = pd.read_csv(config()["reference"]["geography"], dtype=str)
    geo = geo[geo["gemeente_code"] == config()["gemeente"]]
    pages = fs.page_names(dict(zip(geo["wijk_code"], geo["wijk_name"], strict=True)))
    assert (
        "overvecht" in pages
        and "vleuten-de-meern" in pages
        and len(pages) == geo["wijk_code"].nunique()
    )
    assert not any(p.startswith("wk") or "wk0" in p for p in pages)


def test_every_number_is_its_cell(export, definitions):
    for lang in ("nl", "en"):
        page = _page(export, definitions, lang=lang)
        cited = CITATION.findall(page)
        assert len(cited) > 30
        tables = {}
        for file, row, col, kind, shown in cited:
            assert file.endswith("/measures.csv")
            if file not in tables:
                tables[file] = pd.read_csv(export / file, keep_default_na=False, na_values=[""])
            assert shown == _formatted(float(tables[file].loc[int(row), col]), kind, lang), (
                file,
                row,
                col,
            )
        # no number outside a citation in the values of the tables
        for cell in re.findall(r'<td class="v">(.*?)</td>', page):
            assert not re.search(r"\d", re.sub(r"<[^>]+>", "", CITATION.sub("", cell))), cell


def test_the_right_cells_are_cited(export, definitions):
    page = _page(export, definitions)
    m = pd.read_csv(export / "kopp/measures.csv", keep_default_na=False, na_values=[""])
    cited = {
        (row, col) for file, row, col, _, _ in CITATION.findall(page) if file == "kopp/measures.csv"
    }

    def index(**where):
        sel = np.ones(len(m), bool)
        for k, v in where.items():
            sel &= (m[k] == v).to_numpy()
        assert sel.sum() == 1, where
        return str(int(np.flatnonzero(sel)[0]))

    for area in ("WK034403", "GM0344"):
        i = index(definition="breed", year=2023, area_code=area, method="wilson")
        assert {(i, "value"), (i, "ci_lower"), (i, "ci_upper")} <= cited
    # the sparkline's first and last value, and the number of children
    assert (
        index(definition="breed", year=2021, area_code="WK034403", method="wilson"),
        "value",
    ) in cited
    i = index(definition="breed", year=2023, area_code="WK034403", method="wilson")
    assert (i, "denominator") in cited
    assert 'data-kind="count">3.000</span> kinderen' in page  # thousands separated


def test_marks_and_trend_words_follow_verschillen(export, definitions):
    page = _page(export, definitions)
    breed = _row_of(page, "Brede definitie")
    assert (
        'class="mark lager"' in breed and "▼" in breed and "▲" not in breed
    )  # the table says lager
    assert "daalt" in breed
    ggz = _row_of(page, "Ouder met GGZ-zorg")
    assert 'class="mark hoger"' in ggz and "▲" in ggz and "stijgt" in ggz
    migratie = _row_of(page, "GGZ-zorg (gecorrigeerd)")
    assert "▲" not in migratie and "▼" not in migratie and "blijft ongeveer gelijk" in migratie
    # the legend and how the marks were tested, with the correction for the number of wijken
    assert "duidelijk hoger/lager dan de rest van de gemeente" in page
    # in plain words (B1); the test itself is for the reviewer, in the report's reading guide
    assert "in deze wijk duidelijk hoger of lager dan in de rest van de gemeente" in page
    assert "dat verschil is waarschijnlijk geen toeval" in page
    assert "Holm" not in page and "z-toets" not in page
    # a survey line names its wave; a standardised line says so
    assert "Hoge psychische klachten (vragenlijst 2022)" in page
    # in the report's words: plain words first, the term after them
    assert "Gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd): " in page
    assert "Gestandaardiseerd naar" not in page
    assert "Adjusted for age and sex (standardised): " in _page(export, definitions, lang="en")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_standardised_line_names_its_standard_population(export, definitions, lang):
    """As the report and the dashboard: the standard is the adults of the gemeente in the first
    year of the standardised rows (format.std_year: 2021 in this export, whose migratie.ggz rows
    run 2021-2023), not left unsaid."""
    words = {
        "nl": "omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen in Utrecht in 2021",
        "en": "recalculated to the age and sex make-up of the adults in Utrecht in 2021",
    }[lang]
    note = [n for n in re.findall(r'<p class="note">(.*?)</p>', _page(export, definitions, lang=lang))
            if "(gestandaardiseerd)" in n or "(standardised)" in n]  # fmt: skip
    assert len(note) == 1 and words in note[0], note


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_corrected_figure_says_so_on_its_line(export, definitions, lang):
    """migratie's GGZ line shows the age-and-sex corrected figure, which the key messages' big
    number (the crude share) is not: its label says so in short ('gecorrigeerd', the table's
    column is narrow), the note under the table in full, and the alt texts of its dot chart and
    sparkline in full; a crude line (kopp) says nothing of the kind, as the other pages."""
    short, full = {"nl": ("gecorrigeerd", "gecorrigeerd voor leeftijd en geslacht"),
                   "en": ("adjusted", "adjusted for age and sex")}[lang]  # fmt: skip
    page = _page(export, definitions, lang=lang)
    label = {"nl": "GGZ-zorg", "en": "Mental-health care"}[lang]
    row = _row_of(page, f"{label} ({short})")
    charts = re.findall(r'aria-label="([^"]*)"', row)
    assert len(charts) == 2, charts
    assert charts[0].startswith(full[:1].upper() + full[1:] + "; Overvecht: "), charts[0]
    assert f", {full}" in charts[1], charts[1]
    # the survey line of the same block is no corrected figure
    survey = {"nl": "Hoge psychische klachten (vragenlijst 2022)",
              "en": "High psychological distress (survey 2022)"}[lang]  # fmt: skip
    assert short not in _row_of(page, survey)
    kopp = _row_of(page, {"nl": "Brede definitie", "en": "Broad definition"}[lang])
    assert short not in kopp.lower()


def test_suppressed_and_empty_kept_apart(export, definitions):
    vleuten = _row_of(_page(export, definitions, "WK034410"), "Ouder met GGZ-zorg")
    assert "onderdrukt" in vleuten and "geen personen" not in vleuten
    # how to read 'onderdrukt': in the words of the figures and the report (secondary suppression)
    assert "Onderdrukt: te weinig personen, of anders terug te rekenen (privacy)." in _page(
        export, definitions
    )
    west = _row_of(_page(export, definitions, "WK034401"), "Minstens een kenmerk van kwetsbaarheid")
    assert "geen personen" in west and "onderdrukt" not in west
    # no line without the wijk: a sentence instead
    assert "te weinig jaren voor een lijn" in west


def test_wijken_alike_in_words(export, definitions):
    page = _page(export, definitions)
    alike = page.split("Lijken andere wijken op Overvecht?")[1].split("</section>")[0]
    # alike in a value and in how a figure changes (a trend indicator), in the words of the
    # report and the workbook (similar_wijken.alike_in)
    assert (
        "<li>Kinderen: <b>Vleuten-De Meern</b> en <b>West</b>. Ze lijken vooral op Overvecht bij: brede "
        "definitie. Hun cijfers veranderen ook op dezelfde manier bij: ouder met GGZ-zorg.</li>"
        in alike
    )
    assert "geen vergelijking mogelijk" in alike  # themes without similar wijken
    # a trend is an indicator of its own: the one most wijken share first
    assert fs.alike_indicators(["a:x:wilson;b:y:trend_logit", "b:y:trend_logit;c:z:wilson"]) == [
        "b:y:trend_logit", "a:x:wilson", "c:z:wilson"]  # fmt: skip
    assert fs.alike_indicators(["a:x:wilson;b:y:trend_logit", "b:y:wilson;c:z:wilson"]) == [
        "a:x:wilson", "b:y:trend_logit", "b:y:wilson"]  # fmt: skip


def test_wijken_alike_in_trends_only_say_so(export, definitions, tmp_path):
    """Wijken alike in trend indicators only are alike 'in hoe de cijfers veranderen' (the
    report's sentence); in English too."""
    root = tmp_path / "export"
    shutil.copytree(export, root)
    sim = SIMILAR.copy()
    sim["closest_indicators"] = "kopp.aandeel:ggz:trend_logit"
    write_csv(sim, root / "kopp" / "vergelijkbare_wijken.csv")
    for lang, line in (
        ("nl", "<li>Kinderen: <b>Vleuten-De Meern</b> en <b>West</b>. Hun cijfers veranderen op dezelfde "
               "manier als in Overvecht, vooral bij: ouder met GGZ-zorg.</li>"),
        ("en", "<li>Children: <b>Vleuten-De Meern</b> and <b>West</b>. Their figures change as in Overvecht, "
               "above all for: parent with mental-health care.</li>"),
    ):  # fmt: skip
        assert line in _page(root, definitions, lang=lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_trend_rule_states_the_configured_slight_share(export, definitions, lang):
    """findings.slight (a params of rule factsheets) is the share the trend rule states; the
    default 10% when none is given."""
    default = _page(export, definitions, lang=lang)
    assert f"<p>{html.escape(trend_rule(lang))}</p>" in default
    page = fs.factsheet("WK034403", export, definitions, lang=lang, gemeente="GM0344", slight=0.25)
    rule = trend_rule(lang, 0.25)
    # by hand: 25% of the figure, 5 points on a figure of 20%
    assert "25%" in rule and ("5 procentpunt" in rule or "5 percentage points" in rule)
    assert f"<p>{html.escape(rule)}</p>" in page and html.escape(trend_rule(lang)) not in page


def test_reader_sees_no_codes_paths_or_tables(export, definitions):
    for wijk in ("WK034403", "WK034410", "WK034401"):
        for lang in ("nl", "en"):
            page = _page(export, definitions, wijk, lang)
            text = _visible(page)
            for bad in ("WK0", "GM0", "results/", ".csv", ">=", "&gt;=", "kopp.aandeel", "wilson", "_",
                        "GBAPERSOONTAB", "KINDOUDERTAB", "ZVWZORGKOSTENTAB", "GEZOMONITOR", "nan", "None"):  # fmt: skip
                assert bad not in text, (wijk, lang, bad)
            assert "WK0" not in page  # not even in an attribute or the title
            assert text.count("Bron:" if lang == "nl" else "Source:") == 3


def test_sources_and_years_in_words(export, definitions):
    page = _page(export, definitions)
    assert (
        "Overvecht vergeleken met heel Utrecht. Cijfers over 2021-2023, peildatum 1 januari."
        in page
    )
    kopp, migratie, nieuwkomers = (page.split(f"<h2>{t}</h2>")[1].split("</section>")[0] for t in (
        "Kinderen van ouders met psychische problemen of verslaving", "Psychische gezondheid van volwassenen",
        "Kwetsbare nieuwkomers"))  # fmt: skip
    assert "Bron: CBS-microdata (" in kopp and "wie de ouders van een kind zijn" in kopp
    assert "Gezondheidsmonitor van de GGD" in migratie and "Gezondheidsmonitor" not in kopp
    assert "adressen en verhuizingen" in nieuwkomers
    # the sources of what each block draws (report.measure_tables), in the figures' words
    # (figure_specs.source_line), not every source of the theme: no buurtteam under the parents'
    # care, no income under the adults' care and survey (only their odds ratios, not on the page,
    # use it); the gemeente's own registrations as the gemeente's
    src = {name: re.search(r'<p class="src">(.*?)</p>', block)[1] for name, block in
           (("kopp", kopp), ("migratie", migratie), ("nieuwkomers", nieuwkomers))}  # fmt: skip
    assert "buurtteam" not in src["kopp"] and "inkomen" not in src["migratie"], src
    assert "gemeente Utrecht (Wmo-voorzieningen van de gemeente)" in src["kopp"], src
    assert src["nieuwkomers"].endswith("; bewerking wijkzicht.") and "inkomen" in src["nieuwkomers"]
    en = _page(export, definitions, lang="en")
    assert "Wijk factsheet" in en and "municipality" in en and "Figures for 2021-2023" in en
    assert "in this wijk clearly higher or lower than in the rest of the municipality" in en
    assert "that difference is probably not chance" in en and "z test" not in en


def test_charts_inline_with_alt_text(export, definitions):
    page = _page(export, definitions)
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) >= 2 * 5
    assert all('role="img"' in s and 'aria-label="' in s for s in svgs)
    # every image says what it shows, the legend's symbols too
    assert 'aria-label=""' not in page and "<title></title>" not in page
    assert (
        'aria-label="een punt op een streep: het cijfer van Overvecht met het 95%-interval"' in page
    )
    assert 'aria-label="Overvecht: 40,7% (95%-interval 39,5% tot 42,0%); Utrecht: 25,2%' in page
    assert (
        "http" not in page and "<img" not in page and "<script" not in page and "<link" not in page
    )


def test_write_factsheets_named_after_the_wijk_and_byte_identical(export, definitions, tmp_path):
    pages = fs.page_names(fs.export_wijken(export))
    assert pages == {"west": "WK034401", "overvecht": "WK034403", "vleuten-de-meern": "WK034410"}
    paths = [tmp_path / "a" / f"{p}.html" for p in pages]
    fs.write_factsheets(export, definitions, paths, pages, lang="nl", gemeente="GM0344")
    again = [tmp_path / "b" / f"{p}.html" for p in pages]
    fs.write_factsheets(export, definitions, again, pages, lang="nl", gemeente="GM0344")
    for a, b in zip(paths, again, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert "<h1>Vleuten-De Meern" in (tmp_path / "a/vleuten-de-meern.html").read_text(
        encoding="utf-8"
    )
    with pytest.raises(KeyError):
        fs.write_factsheets(
            export, definitions, [tmp_path / "WK034403.html"], pages, lang="nl", gemeente="GM0344"
        )


def test_citation_as_the_reports_cite(tmp_path):
    from wijkzicht.outputs.document import Cell, Document, Para, to_html

    for kind, value in (("pct", 0.25678), ("count", 12345.0), ("ratio", 1.234)):
        page = to_html(
            Document("t", "nl", [Para([Cell("kopp/measures.csv", 7, "value", value, kind)])]),
            tmp_path,
        )
        assert fs.cite("kopp/measures.csv", 7, "value", value, kind, "nl") in page


def test_charts_draw_the_rows_of_their_line(export, definitions):
    """The dot-and-interval chart and the sparkline of a line draw exactly its rows: the dot,
    its bar and the city's line at the cited values on the chart's scale, a point per year."""
    page = _page(export, definitions)
    m = pd.read_csv(export / "kopp/measures.csv", keep_default_na=False, na_values=[""])
    row = _row_of(page, "Brede definitie")
    chart, spark = re.findall(r"<svg .*?</svg>", row)
    top = float(re.findall(r">([\d,]+)%</text>", chart)[-1].replace(",", ".")) / 100
    x0, x1 = 6, 126

    def value_at(x: str) -> float:
        return (float(x) - x0) / (x1 - x0) * top

    sel = (m["definition"] == "breed") & (m["method"] == "wilson") & (m["year"] == 2023)
    wijk = m[sel & (m["area_code"] == "WK034403")].iloc[0]
    city = m[sel & (m["area_code"] == "GM0344")].iloc[0]
    dot = re.search(r'<circle cx="([\d.]+)"', chart).group(1)
    bar = re.search(r'<line x1="([\d.]+)" y1="9" x2="([\d.]+)" y2="9"', chart).groups()
    city_x = re.search(r'<line x1="([\d.]+)" y1="1"', chart).group(1)
    step = top / (x1 - x0) * 0.06  # one decimal of a pixel
    assert abs(value_at(dot) - wijk["value"]) < step
    assert (
        abs(value_at(bar[0]) - wijk["ci_lower"]) < step
        and abs(value_at(bar[1]) - wijk["ci_upper"]) < step
    )
    assert abs(value_at(city_x) - city["value"]) < step
    # the sparkline: the wijk's line has a point per year, in the order of its values
    lines = re.findall(r'<polyline points="([^"]+)"', spark)
    assert len(lines) == 2  # the city, then the wijk
    ys = [float(p.split(",")[1]) for p in lines[1].split()]
    values = m[
        (m["definition"] == "breed") & (m["method"] == "wilson") & (m["area_code"] == "WK034403")
    ]
    values = values.sort_values("year")["value"].tolist()
    assert len(ys) == len(values) == 3
    assert sorted(range(3), key=lambda i: -ys[i]) == sorted(range(3), key=lambda i: values[i])


def _series(values, first=2019):
    return pd.DataFrame(
        {"year": range(first, first + len(values)), "value": values, "status": "ok",
         "denominator": 1000}
    )  # fmt: skip


def _spark_ys(svg: str) -> list[list[float]]:
    """The y of each point of each line of a sparkline (the city first, then the wijk)."""
    return [
        [float(p.split(",")[1]) for p in pts.split()]
        for pts in re.findall(r'<polyline points="([^"]+)"', svg)
    ]


def test_sparklines_share_one_stated_scale(export, definitions):
    """Every sparkline has the same scale: the change against its own first year, the whole
    height a quarter below to a quarter above it (`SPARK_BAND`), so a flat line is flat and a
    steep one steep whatever its level or the city's; the legend says so; the first and last
    values stay labelled beside it."""
    years = [2019, 2020, 2021]
    city = _series([0.26, 0.26, 0.26])
    flat = _spark_ys(fs.sparkline(_series([0.395, 0.394, 0.393]), city, years, "x"))[1]
    # 20 high, pad 2: the middle line at 10, 8 pixels to the edge for a change of a quarter
    assert all(abs(y - 10) < 0.2 for y in flat), flat  # -0.5%: flat, not the full height
    low = _spark_ys(fs.sparkline(_series([0.020, 0.022, 0.024]), city, years, "x"))[1]
    high = _spark_ys(fs.sparkline(_series([0.40, 0.44, 0.48]), city, years, "x"))[1]
    assert low == high == [10.0, 6.8, 3.6]  # +10%, +20% of the first year, at any level
    steep = _spark_ys(fs.sparkline(_series([0.10, 0.20, 0.05]), city, years, "x"))[1]
    assert steep == [10.0, 2.0, 18.0]  # beyond a quarter: at the edge
    assert _spark_ys(fs.sparkline(_series([0.0, 0.0, 0.0]), city, years, "x"))[1] == [10.0] * 3
    # the city's own line on the same scale: flat at the middle
    assert (
        _spark_ys(fs.sparkline(_series([0.395, 0.394, 0.393]), city, years, "x"))[0] == [10.0] * 3
    )
    for lang, words in (
        ("nl", "dezelfde schaal: van een kwart lager tot een kwart hoger dan het eerste jaar"),
        ("en", "the same scale: from a quarter below to a quarter above the first year"),
    ):
        page = _page(export, definitions, lang=lang)
        legend = re.search(r'<div class="legend">.*?</div>', page, re.S)[0]
        assert words in legend
        # the first and the last value beside the line, cited
        row = _row_of(page, "Brede definitie" if lang == "nl" else "Broad definition")
        trend = re.search(r'<td class="trend">(.*?)</td>', row, re.S)[1]
        assert len(re.findall(r'<span class="num"', trend)) == 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_newcomers_came_to_live_in_the_wijk_beside_the_1_january_inhabitants(
    export, definitions, tmp_path, lang
):
    """Newcomers came in during the year, so they are not 'x of the y inhabitants' of 1 January:
    the page says how many came to live in the wijk and the inhabitants for comparison only (as
    the report since 1824fdb); the children of KOPP stay 'x of the y inhabitants'. Both numbers
    are citations of their cells."""
    from test_aggregates import export as aggregates_export

    root = tmp_path / "with_kerncijfers"
    shutil.copytree(export, root)
    (tmp_path / "agg").mkdir()
    shutil.copytree(aggregates_export(tmp_path / "agg"), root, dirs_exist_ok=True)
    page = fs.factsheet("WK034403", root, definitions, lang=lang, gemeente="GM0344")
    text = re.sub(r"<[^>]+>", "", page)
    said = {
        "nl": r"In 2023 kwamen [\d.]+ nieuwkomers in Overvecht wonen \(ter vergelijking: op 1 januari woonden er "
              r"[\d.]+ mensen, CBS\)\.",
        "en": r"In 2023, [\d,]+ newcomers came to live in Overvecht \(for comparison: on 1 January, [\d,]+ people "
              r"lived there, CBS\)\.",
    }[lang]  # fmt: skip
    assert re.search(said, text), text
    assert "nieuwkomers, van de" not in text and "newcomers, out of" not in text
    assert re.search(
        {"nl": r"kinderen, van de [\d.]+ inwoners", "en": r"children, out of [\d,]+ inhabitants"}[
            lang
        ],
        text,
    )
    for file, row, col, kind, shown in CITATION.findall(page):
        cell = pd.read_csv(root / file, keep_default_na=False, na_values=[""]).loc[int(row), col]
        assert shown == _formatted(float(cell), kind, lang), (file, row, col)


def test_a_change_larger_than_the_scale_is_marked_on_the_edge():
    """relative_change keeps a change within a quarter; a point it cut off (Overvecht 22,1% ->
    15,3%, -31%) stands on the edge with an open arrow pointing past it, not a dot that reads as
    -25%; a change within the scale has no arrow; the legend says so in both languages."""
    years = [2019, 2020, 2021]
    city = _series([0.26, 0.26, 0.26])
    assert fs.cut_off([0.221, 0.18, 0.153]) == [0, 0, -1]
    assert fs.cut_off([0.10, 0.20, 0.05]) == [0, 1, -1]
    assert fs.cut_off([0.20, 0.25, 0.15]) == [0, 0, 0]  # exactly a quarter: on the scale
    svg = fs.sparkline(_series([0.221, 0.18, 0.153]), city, years, "x")
    arrows = re.findall(r'<polyline class="cut" points="([^"]+)"', svg)
    assert len(arrows) == 1
    xs, ys = zip(*[map(float, p.split(",")) for p in arrows[0].split()], strict=True)
    assert (
        xs[1] == 60.5 and ys[1] > max(ys[0], ys[2]) and ys[1] > 18
    )  # at the bottom edge, pointing down
    # the last point is the arrow, not the dot of a line's end; the first keeps its dot
    assert re.findall(r'<circle cx="([\d.]+)"', svg) == ["2.0"]
    within = fs.sparkline(_series([0.20, 0.22, 0.24]), city, years, "x")
    assert 'class="cut"' not in within and len(re.findall("<circle", within)) == 2
    up = fs.sparkline(_series([0.10, 0.20, 0.11]), city, years, "x")
    (pts,) = re.findall(r'<polyline class="cut" points="([^"]+)"', up)
    ys = [float(p.split(",")[1]) for p in pts.split()]
    assert ys[1] < min(ys[0], ys[2]) and ys[1] < 2  # at the top, pointing up
    for lang, words in (("nl", "een grotere verandering staat op de rand (pijltje)"),
                        ("en", "a larger change stands on the edge (arrow)")):  # fmt: skip
        legend = fs._legend("Overvecht", "Utrecht", lang, [])
        assert words in legend and 'class="cut"' in legend


def test_a_rise_from_zero_stands_on_the_edge_with_an_arrow():
    """From a first value of 0 any rise is a change without bound (0% -> 2% is no 'quarter
    higher'): relative_change draws it at the top, and cut_off now marks it, so it gets the arrow
    the legend promises for a change larger than the scale (before: at the edge, no arrow). A
    line that stays 0 is flat, with no arrow."""
    years = [2019, 2020, 2021]
    city = _series([0.26, 0.26, 0.26])
    assert fs.relative_change([0.0, 0.0, 0.02]) == [0.0, 0.0, fs.SPARK_BAND]
    assert fs.cut_off([0.0, 0.0, 0.02]) == [0, 0, 1]
    assert fs.cut_off([0.0, 0.001, 0.0]) == [0, 1, 0]
    assert fs.cut_off([0.0, 0.0, 0.0]) == [0, 0, 0]
    svg = fs.sparkline(_series([0.0, 0.0, 0.02]), city, years, "x")
    (pts,) = re.findall(r'<polyline class="cut" points="([^"]+)"', svg)
    xs, ys = zip(*[map(float, p.split(",")) for p in pts.split()], strict=True)
    assert xs[1] == 60.5 and ys[1] < min(ys[0], ys[2]) and ys[1] < 2  # at the top, pointing up
    # the last point is the arrow, not the dot of a line's end; the first keeps its dot
    assert re.findall(r'<circle cx="([\d.]+)"', svg) == ["2.0"]
    flat = fs.sparkline(_series([0.0, 0.0, 0.0]), city, years, "x")
    assert 'class="cut"' not in flat and len(re.findall("<circle", flat)) == 2


def test_a_data_quality_measure_takes_no_place_among_the_alike_indicators():
    """The three indicators named are three the page says: a data-quality measure (geen
    koppelbare ouder), which similar_wijken.alike_parts leaves out, is not one of them."""
    closest = ["kopp.ouders_onbekend:geen_koppelbare_ouder:wilson;a:x:wilson;b:y:wilson;c:z:wilson"]
    assert fs.alike_indicators(closest) == ["a:x:wilson", "b:y:wilson", "c:z:wilson"]


def test_the_persona_cards_name_their_sources(export, definitions, tmp_path):
    """The persona cards on the back had no 'Bron:' line while every theme block has one. The
    row now ends in one naming the tables of the cards it shows, in the words of the dashboard's
    and the infographic's persona line: the KOPP children of the broad definition (persons,
    parents, the care registrations), their household and income and, for care and support, the
    conditions of the configured categories; a wijk that shows no card gets no line."""
    from wijkzicht.definitions import Definitions

    root = tmp_path / "export"
    shutil.copytree(export, root)
    (root / "kopp" / "personas.csv").write_text(
        "theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,"
        "zorg_steun,n_persons,n_target,rounding_base,status\n"
        "kopp,2023,breed,wijk,WK034403,Overvecht,1,4-11,eenouder,Nederland,1,geen,40,120,5,ok\n"
        "kopp,2023,breed,wijk,WK034401,West,,,,,,,,,5,suppressed_primary\n",
        encoding="utf-8",
    )
    kw = {"lang": "nl", "gemeente": "GM0344"}

    def line(wijk, defs, zorg_steun=None):
        page = fs.factsheet(wijk, root, defs, zorg_steun=zorg_steun, **kw)
        row = page.split('<section class="personas-row">')[1].split("</section>")[0]
        found = re.findall(r'<p class="src">(.*?)</p>', row)
        return html.unescape(found[0]) if found else None

    # by hand: kopp.aandeel breed (GBAPERSOONTAB, KINDOUDERTAB, the care costs, medicines, GGZ
    # treatments, the gemeente's Wmo), households, income (two tables, one name) and GGZ care
    assert line("WK034403", definitions, {"ggz": ["ggz"]}) == (
        "Bron: CBS-microdata (inwoners (basisregistratie personen), wie de ouders van een kind "
        "zijn, zorgkosten van de zorgverzekering, medicijnen van de apotheek, behandelingen in de "
        "GGZ, huishoudens, inkomen van het huishouden), gemeente Utrecht (Wmo-voorzieningen van de "
        "gemeente); bewerking wijkzicht."
    )
    # the factsheets job is given the themes' definitions only, not the conditions: without the
    # categories it names every condition the themes use, the buurtteam's jeugdteam too
    themes_only = Definitions.from_param(definitions.param("kopp", "migratie", "nieuwkomers"))
    assert "trajecten bij het buurtteam" in line("WK034403", themes_only)
    # West's persona's are suppressed: a sentence, no card, no line
    assert line("WK034401", definitions) is None
