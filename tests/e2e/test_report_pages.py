"""The knowledge-circle reports as a reader gets them, from the small world's workflow run: each
report's HTML page rendered by headless Chromium (Debian's, driven by Playwright) and each PDF's
pages by pdftoppm, written under results/screenshots/ of the repository (in Dutch from the run,
and in English rebuilt from the same export). They open with three to five key messages; no
path, table name, code or '>=' is shown; names keep their diacritics; the PDF says what the
page says."""

import re
import shutil
import subprocess
from html import unescape

import pandas as pd
import pytest
from worlds import CITATION, REPO, _formatted, check_cited_numbers, check_map

from wijkzicht.inputs.contracts import TABLES
from wijkzicht.outputs import format as fmt

pytestmark = pytest.mark.e2e

SCREENSHOTS = REPO / "results/screenshots"
THEMES = ("kopp", "migratie", "nieuwkomers")
# letters with a diacritic written without it: a name lost its diacritics on the way
STRIPPED = {"Indonesië": "Indonesie", "Azië": "Azie", "Oceanië": "Oceanie"}


def tool(name: str, make: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: run `make {make}`"
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=tool("chromium", "browser-deps"),
                              args=["--no-sandbox", "--disable-gpu", "--disable-extensions"])  # fmt: skip
        yield b
        b.close()


@pytest.fixture(scope="module")
def english(small_world, tmp_path_factory):
    """The reports in English, rebuilt from the Dutch run's export (tables and figures as they are)."""
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.outputs import infographic, report
    from wijkzicht.outputs.catalogue import report_figures
    from wijkzicht.pipeline.config import (
        SYNTHETIC_BOUNDARIES,
        boundaries_source,
        load_config,
        map_levels,
    )

    wd, overrides = small_world
    export = wd / "results/export"
    config = load_config(REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml",
                         {**overrides, "language": "en"})  # fmt: skip
    definitions = parse_definitions(config)
    out = tmp_path_factory.mktemp("english")
    for theme in THEMES:
        figures = [
            export / theme / f"{name}.png"
            for name in report_figures(theme, True, map_levels(config))
        ]
        report.write_theme_report(theme, export, definitions, figures, out / theme / "rapport.html",
                                  out / theme / "rapport.pdf", lang="en", alpha=config["findings"]["alpha"],
                                  map_source=boundaries_source(config))  # fmt: skip
        # the infographic in English, from the same export and boundaries
        infographic.write_from_export(theme, export, definitions, out / theme / "infographic.pdf",
                                      out / theme / "infographic.png", lang="en", gemeente=config["gemeente"],
                                      boundaries=wd / SYNTHETIC_BOUNDARIES, source=boundaries_source(config))  # fmt: skip
    return out


def open_page(browser, html):
    """The page opened from its file; `problems` collects script errors and any request that is
    not the file itself (refused: a report needs nothing from a network)."""
    context = browser.new_context(viewport={"width": 1100, "height": 1500})
    problems = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            problems.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(html.as_uri())
    return context, page, problems


def reader_text(page) -> str:
    return page.evaluate("document.body.innerText")


def check_words(text: str, where: str, export) -> None:
    """Nothing a reader should not see: paths, CBS table names, area codes, '>=', lost diacritics."""
    assert "results/export" not in text and "results/" not in text, where
    assert ">=" not in text and "<=" not in text, where
    assert [t for t in TABLES if t in text] == [], where
    assert not re.search(r"\b(WK|BU)\d{6}|\bGM\d{4}\b", text), where
    for wanted, stripped in STRIPPED.items():
        assert stripped not in text, (where, wanted)
    assert "Ã" not in text, where  # UTF-8 read as Latin-1


def screenshot_pdf(pdf, stem: str, resolution: int = 70) -> list:
    subprocess.run([tool("pdftoppm", "pdf-deps"), "-r", str(resolution), "-png", str(pdf), str(SCREENSHOTS / stem)],
                   check=True)  # fmt: skip
    return sorted(SCREENSHOTS.glob(f"{stem}-*.png"))


def pdf_text(pdf, first: int = 1) -> str:
    """The PDF's words from page `first` on."""
    out = subprocess.run([tool("pdftotext", "pdf-deps"), "-f", str(first), "-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return " ".join(out.split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_pages(small_world, english, browser, lang):
    wd, _ = small_world
    export = wd / "results/export"
    built = export if lang == "nl" else english
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if lang == "nl":
        assert check_cited_numbers(export, "nl") > 0
    for theme in THEMES:
        html, pdf = built / theme / "rapport.html", built / theme / "rapport.pdf"
        stem = f"rapport_{theme}_{lang}"
        for old in SCREENSHOTS.glob(f"{stem}*.png"):
            old.unlink()

        context, page, problems = open_page(browser, html)
        page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"), full_page=True)
        assert problems == [], problems

        # key messages first: the first section after the title, three to five, with numbers
        heads = page.locator("h2").all_inner_texts()
        assert heads[0] == {"nl": "Kernboodschappen", "en": "Key messages"}[lang]
        assert heads[1] == {"nl": "Leeswijzer", "en": "How to read this report"}[lang]
        key = page.locator("ol.key > li")
        assert 3 <= key.count() <= 5
        assert page.locator("ol.key span.num").count() >= 3
        # every figure is shown, says what it shows, and has its source under it
        images = page.locator("figure img")
        assert images.count() == len(list((export / theme).glob("*.png")))
        for i in range(images.count()):
            img = images.nth(i)
            assert img.evaluate("i => i.complete && i.naturalWidth > 0")
            alt = img.get_attribute("alt")
            assert len(alt) > 40 and not alt.endswith(".png") and "_" not in alt, alt
        captions = page.locator("figcaption").all_inner_texts()
        assert len(captions) == images.count()
        assert all(c.startswith({"nl": "Bron:", "en": "Source:"}[lang]) for c in captions)
        text = reader_text(page)
        check_words(text, f"{theme} {lang} page", export)
        if theme == "migratie":  # why its standardised counts are a little below the crude ones
            assert fmt.STANDARDISED_COUNTS[lang] in " ".join(text.split()), theme
        # names keep their diacritics where the tables have them
        names = set(pd.read_csv(export / theme / "measures.csv", dtype=str)["group_value"].dropna())
        for name in (n for n in names if not n.isascii() and lang == "nl"):
            assert STRIPPED.get(name, "\0") not in text
        context.close()

        shots = screenshot_pdf(pdf, stem)
        assert len(shots) >= 2
        words = pdf_text(pdf)
        check_words(words, f"{theme} {lang} pdf", export)
        # the PDF says what the page says: each key message, in the same order (after the first
        # page, the infographic, whose own words, some key messages among them, are text too)
        words = pdf_text(pdf, first=2)
        positions = []
        html_text = html.read_text(encoding="utf-8")
        items = re.findall(
            r"<li>(.*?)</li>", re.search(r'<ol class="key">(.*?)</ol>', html_text)[1]
        )
        for item in items:
            sentence = " ".join(unescape(re.sub(r"<[^>]+>", "", item)).split())
            assert sentence in words, (theme, lang, sentence)
            positions.append(words.index(sentence))
        assert positions == sorted(positions)
        assert len(CITATION.findall(html_text)) > 0


WORDS = {
    "nl": (
        "Zo leest u dit",
        "Wijken die opvallen",
        "Bron:",
        "onderdrukt (te weinig personen, of anders terug te rekenen)",
    ),
    "en": (
        "How to read this",
        "Wijken that stand out",
        "Source:",
        "suppressed (too few persons, or it could be worked out from other figures)",
    ),
}
MAIN = {"kopp": ("kopp.aandeel", "wilson", "breed"), "migratie": ("migratie.ggz", "direct_std_gamma", "ggz"),
        "nieuwkomers": ("nieuwkomers.aandeel", "wilson", "breed")}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_infographics(small_world, english, lang):
    """Each theme's infographic is one A4 page (rendered by pdftoppm under results/screenshots/)
    with its reading guide, the city's main figure as its table has it, the wijken that stand out
    as verschillen.csv says, the map's legend and a source line; the PNG is the same page."""
    wd, _ = small_world
    export = wd / "results/export"
    built = export if lang == "nl" else english
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for theme in THEMES:
        pdf = built / theme / "infographic.pdf"
        stem = f"infographic_{theme}_{lang}"
        for old in SCREENSHOTS.glob(f"{stem}*.png"):
            old.unlink()
        shots = screenshot_pdf(pdf, stem, resolution=100)
        assert len(shots) == 1, (theme, lang)  # one page
        info = subprocess.run([tool("pdfinfo", "pdf-deps"), str(pdf)], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
        assert "CreationDate" not in info
        words = pdf_text(pdf)
        check_words(words, f"infographic {theme} {lang}", export)
        for w in WORDS[lang][:3]:
            assert w in words, (theme, lang, w)
        m = pd.read_csv(export / theme / "measures.csv", keep_default_na=False, na_values=[""])
        measure, method, definition = MAIN[theme]
        rows = m[(m["measure"] == measure) & (m["method"] == method) & (m["definition"] == definition)
                 & (m["group"] == "totaal")]  # fmt: skip
        year = rows["year"].max()
        city = rows[(rows["area_level"] == "gemeente") & (rows["year"] == year)].iloc[0]
        assert _formatted(float(city["value"]), "pct", lang) in words, (theme, lang)
        v = pd.read_csv(export / theme / "verschillen.csv", keep_default_na=False)
        flagged = v[(v["comparison"] == "wijk_vs_gemeente") & (v["measure"] == measure) & (v["method"] == method)
                    & (v["definition"] == definition) & (v["group"] == "totaal") & (v["year"] == year)
                    & v["verdict"].isin(["hoger", "lager"])]  # fmt: skip
        for name in flagged["area_name"]:
            assert name in words, (theme, lang, name)
        png = built / theme / "infographic.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = (int.from_bytes(png.read_bytes()[i : i + 4], "big") for i in (16, 20))
        assert (w, h) == (1240, 1753), (w, h)  # A4 at 150 dots per inch


def test_maps_follow_the_published_values(small_world):
    """Every wijk and buurt of every map is filled as its published value or its state says
    (worlds.check_map), and the map is copied under results/screenshots/ to be looked at."""
    from wijkzicht.outputs.catalogue import map_level, maps
    from wijkzicht.pipeline.config import load_config, map_levels

    wd, overrides = small_world
    export = wd / "results/export"
    config = load_config(REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml",
                         overrides)  # fmt: skip
    geo = pd.read_csv(REPO / "config/reference/geography.csv", dtype=str)
    geo = geo[geo["gemeente_code"] == config["gemeente"]]
    areas = {"wijk": geo["wijk_code"].nunique(), "buurt": geo["buurt_code"].nunique()}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for theme, names in maps(map_levels(config)).items():
        for name in names:
            assert check_map(export, theme, name) == areas[map_level(theme, name)], (theme, name)
            shutil.copyfile(export / theme / f"{name}.png", SCREENSHOTS / f"{theme}_{name}.png")
