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
from worlds import CITATION, REPO, check_cited_numbers

from wijkzicht.inputs.contracts import TABLES

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
    from wijkzicht.outputs import report
    from wijkzicht.outputs.catalogue import FIGURES
    from wijkzicht.pipeline.config import load_config

    wd, overrides = small_world
    export = wd / "results/export"
    config = load_config(REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml",
                         {**overrides, "language": "en"})  # fmt: skip
    definitions = parse_definitions(config)
    out = tmp_path_factory.mktemp("english")
    for theme in THEMES:
        figures = [export / theme / f"{name}.png" for name in FIGURES[theme]]
        report.write_theme_report(theme, export, definitions, figures, out / theme / "rapport.html",
                                  out / theme / "rapport.pdf", lang="en", alpha=config["findings"]["alpha"])  # fmt: skip
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


def screenshot_pdf(pdf, stem: str) -> list:
    subprocess.run([tool("pdftoppm", "pdf-deps"), "-r", "70", "-png", str(pdf), str(SCREENSHOTS / stem)],
                   check=True)  # fmt: skip
    return sorted(SCREENSHOTS.glob(f"{stem}-*.png"))


def pdf_text(pdf) -> str:
    out = subprocess.run([tool("pdftotext", "pdf-deps"), "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
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
        # names keep their diacritics where the tables have them
        names = set(pd.read_csv(export / theme / "measures.csv", dtype=str)["group_value"].dropna())
        for name in (n for n in names if not n.isascii() and lang == "nl"):
            assert STRIPPED.get(name, "\0") not in text
        context.close()

        shots = screenshot_pdf(pdf, stem)
        assert len(shots) >= 2
        words = pdf_text(pdf)
        check_words(words, f"{theme} {lang} pdf", export)
        # the PDF says what the page says: each key message, in the same order
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
