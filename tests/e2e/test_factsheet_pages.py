"""The factsheets of the small world: one per wijk of the geography, named after the wijk; every
number a citation of its cell; each page opens offline in headless Chromium (Debian's, driven by
Playwright) and prints on the front and back of one A4 sheet (the themes and how to read them on
the front; persona's, organisations' figures and alike wijken on the back), in Dutch and in
English. The rendered page and its A4 print are written under results/screenshots/ of the
repository (factsheet_<wijk>.png, .pdf, _a4.png for the front, _a4_back.png for the back)."""

import re
import shutil
import subprocess

import pandas as pd
import pytest
from worlds import CITATION, REPO, _formatted, check_cited_numbers, config, snakemake

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import factsheet

pytestmark = pytest.mark.e2e

SCREENSHOTS = REPO / "results/screenshots"
A4_WIDTH = 794  # CSS pixels: 210 mm at 96 per inch


def tool(name: str, how: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: {how}"
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = tool("chromium", "run `make browser-deps` (tools/install-chromium.sh)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-extensions",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"])  # fmt: skip
        yield b
        b.close()


def render(browser, html, name: str | None = None) -> int:
    """Open a page offline (no request leaves the file), check it logs no errors, print it to
    an A4 PDF and return its number of pages; with `name`, keep a screenshot at A4 width, the
    PDF and its first page as PNG under results/screenshots/."""
    context = browser.new_context(viewport={"width": A4_WIDTH, "height": 1123})
    requests, errors = [], []
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
    )
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html.as_uri())
    assert requests == [html.as_uri()] and errors == [], (requests, errors)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"{name or '_factsheet_print'}.pdf"
    page.pdf(path=pdf, format="A4", print_background=True, prefer_css_page_size=True)
    if name:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    context.close()
    info = subprocess.run([tool("pdfinfo", "run tools/install-poppler.sh"), str(pdf)], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if name:
        subprocess.run([tool("pdftoppm", "run tools/install-poppler.sh"), "-png", "-r", "110", "-singlefile",
                        str(pdf), str(SCREENSHOTS / f"{name}_a4")], check=True)  # fmt: skip
        if pages > 1:
            subprocess.run([tool("pdftoppm", "run tools/install-poppler.sh"), "-png", "-r", "110", "-f", "2",
                            "-l", "2", "-singlefile", str(pdf), str(SCREENSHOTS / f"{name}_a4_back")],
                           check=True)  # fmt: skip
    else:
        pdf.unlink()
    return pages


def test_one_page_per_wijk_named_after_it(small_world):
    wd, _ = small_world
    geo = pd.read_csv(REPO / "config/reference/geography.csv", dtype=str, keep_default_na=False)
    geo = geo[geo["gemeente_code"] == config()["gemeente"]]
    expected = factsheet.page_names(dict(zip(geo["wijk_code"], geo["wijk_name"], strict=True)))
    files = sorted(p.stem for p in (wd / "results/export/factsheets").glob("*.html"))
    assert files == sorted(expected) and "overvecht" in files and "vleuten-de-meern" in files
    for stem, code in expected.items():
        page = (wd / f"results/export/factsheets/{stem}.html").read_text(encoding="utf-8")
        name = geo.loc[geo["wijk_code"] == code, "wijk_name"].iloc[0]
        assert f"<h1>{name} " in page and code not in page
    # every number of every page (and of the reports) is its cell
    assert check_cited_numbers(wd / "results/export", "nl") > 100
    # organisation figures beside the measures, each with its own source line, and the wijk's
    # inhabitants from CBS's Kerncijfers as the reference ('x van de y inwoners')
    export = wd / "results/export"
    ind = pd.read_csv(export / "organisaties/indicatoren.csv", dtype=str, keep_default_na=False)
    org = pd.read_csv(export / "organisaties/cijfers.csv", dtype=str, keep_default_na=False)
    page = (export / "factsheets/overvecht.html").read_text(encoding="utf-8")
    assert "<h2>Cijfers van organisaties</h2>" in page
    for r in ind.to_dict("records"):
        year = org.loc[org["measure"] == r["measure"], "year"].max()
        assert r["label_nl"] in page and f"Bron: {r['supplier']}, {year}." in page
    assert 'data-file="kerncijfers/kerncijfers.csv"' in page and "(CBS, Kerncijfers)" in page
    assert re.search(
        r'kinderen, van de <span class="num" data-file="kerncijfers/kerncijfers.csv"', page
    )


def page_text(pdf, page: int) -> str:
    return subprocess.run([tool("pdftotext", "run tools/install-poppler.sh"), "-f", str(page), "-l", str(page),
                           "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # fmt: skip


def test_factsheets_print_on_the_front_and_back_of_one_a4_sheet(small_world, browser):
    wd, _ = small_world
    pages = sorted((wd / "results/export/factsheets").glob("*.html"))
    for html in pages:
        name = "factsheet_overvecht" if html.stem == "overvecht" else None
        assert render(browser, html, name) == 2, html.name
    front = page_text(SCREENSHOTS / "factsheet_overvecht.pdf", 1)
    back = page_text(SCREENSHOTS / "factsheet_overvecht.pdf", 2)
    for words in ("Kinderen van ouders met psychische problemen", "Kwetsbare nieuwkomers",
                  "Zo leest u deze pagina"):  # fmt: skip
        assert words in front and words not in back, words
    assert "Achterkant: wie wonen er in Overvecht" in back and "Achterkant" not in front
    assert "Persona" in back and "Lijken andere wijken op Overvecht?" in back
    assert (SCREENSHOTS / "factsheet_overvecht.png").stat().st_size > 20_000
    assert (SCREENSHOTS / "factsheet_overvecht_a4.png").stat().st_size > 20_000
    assert (SCREENSHOTS / "factsheet_overvecht_a4_back.png").stat().st_size > 20_000


def test_english_factsheet_from_the_export(small_world, browser, tmp_path):
    """The same export gives English pages (the builder reads the export only)."""
    wd, overrides = small_world
    export = wd / "results/export"
    definitions = parse_definitions(config(**overrides))
    pages = factsheet.page_names(factsheet.export_wijken(export))
    paths = [tmp_path / f"{p}.html" for p in pages]
    factsheet.write_factsheets(
        export, definitions, paths, pages, lang="en", gemeente=config()["gemeente"]
    )
    tables, checked = {}, 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert (
            "Wijk factsheet" in text
            and "clearly higher/lower than the rest of the municipality" in text
        )
        assert "<h2>Figures of organisations</h2>" in text and "(CBS, Key figures)" in text
        for file, row, col, kind, shown in CITATION.findall(text):
            if file not in tables:
                tables[file] = pd.read_csv(export / file, keep_default_na=False, na_values=[""])
            assert shown == _formatted(float(tables[file].loc[int(row), col]), kind, "en"), (
                path.name,
                file,
            )
            checked += 1
        assert (
            render(browser, path, "factsheet_overvecht_en" if path.stem == "overvecht" else None)
            == 2
        )
    assert checked > 100


@pytest.fixture(scope="module")
def five_year_world(tmp_path_factory):
    """The default config's five years and two survey waves, 80,000 residents: the trend lines,
    the change words and the survey's figures at their longest (the small world has two years and
    one wave, and its factsheets printed on two pages where these printed on three: U11 finding 4,
    fixed in 1af471a; at 1af471a^ four of the ten wijken print on three pages)."""
    wd = tmp_path_factory.mktemp("e2e_five_years")
    overrides = {
        "synthetic": {"n_residents": 80000, "seed": 7, "format": "csv"},
        "small_area": {"bootstrap": 40},
    }
    assert len(config()["years"]) == 5 and len(config()["survey_waves"]) == 2
    run = snakemake(wd, overrides)
    assert run.returncode == 0, run.stderr[-5000:]
    return wd, overrides


def test_every_wijk_of_five_years_prints_on_one_sheet(five_year_world, browser, tmp_path):
    """Each of the ten wijken's factsheets, in Dutch and in English, on the front and back of one
    A4 sheet with five years and two survey waves in the export."""
    wd, overrides = five_year_world
    export = wd / "results/export"
    dutch = sorted((export / "factsheets").glob("*.html"))
    pages = factsheet.page_names(factsheet.export_wijken(export))
    assert sorted(p.stem for p in dutch) == sorted(pages) and len(pages) == 10
    english = [tmp_path / f"{p}.html" for p in pages]
    factsheet.write_factsheets(
        export, parse_definitions(config(**overrides)), english, pages, lang="en",
        gemeente=config()["gemeente"],
    )  # fmt: skip
    printed = {
        html.parent.name + "/" + html.stem: render(browser, html) for html in dutch + english
    }
    assert all(n == 2 for n in printed.values()), printed
