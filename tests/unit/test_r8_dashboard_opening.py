"""U3 (F6): the dashboard opens on a wijk with a published figure of the main measure, not on
the first wijk by name whose figure is onderdrukt (Zeist's Centrum: a first screen of mostly
'onderdrukt'); a wijk without look-alikes whose figure is onderdrukt is told why."""

import shutil

import pandas as pd
import pytest
from test_dashboard import DEFINITIONS, export  # noqa: F401 (fixture)

from wijkzicht.disclosure.export import write_csv
from wijkzicht.outputs import dashboard


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium")
    if not path:
        pytest.skip("chromium is not installed (make browser-deps)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _open(browser, page_html: str, tmp_path, name: str):
    path = tmp_path / f"{name}.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser.new_page()
    page.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
    )
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-renders='1']", timeout=30_000)
    return page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_opens_on_a_wijk_with_a_published_figure(export, browser, tmp_path, lang):  # noqa: F811
    root = tmp_path / "export"
    shutil.copytree(export, root)
    # Noordwest (first by name) is suppressed in 2023, the year the page opens on; it has no
    # look-alikes here
    sim = root / "kopp" / "vergelijkbare_wijken.csv"
    table = pd.read_csv(sim)
    write_csv(table[table["wijk"] != "WK034402"], sim)
    page = _open(
        browser, dashboard.build(root, DEFINITIONS, lang=lang, gemeente="GM0344"), tmp_path, lang
    )
    names = page.eval_on_selector_all("#sel-wijk option", "os => os.map(o => o.textContent)")
    assert names[0] == "Noordwest"  # by name, as before
    assert page.input_value("#sel-theme") == "kopp" and page.input_value("#sel-year") == "2023"
    assert page.input_value("#sel-wijk") == "WK034403"  # Overvecht: the first with a figure
    # Noordwest chosen: no look-alikes, and why
    page.select_option("#sel-wijk", "WK034402")
    page.wait_for_selector("body[data-renders='2']", timeout=30_000)
    text = page.inner_text("#section-similar")
    why = {
        "nl": "te veel cijfers van deze wijk zijn onderdrukt",
        "en": "too many of its figures are suppressed",
    }
    assert why[lang] in text, text
    page.close()


def test_a_wijk_without_look_alikes_and_with_a_figure_keeps_the_plain_sentence():
    for lang in ("nl", "en"):
        t = dashboard.TEXT[lang]
        assert t["no_similar_hidden"].startswith(t["no_similar"].rstrip("."))


def test_panels_leave_out_a_group_of_nobody_and_draw_no_lone_axis(export, browser, tmp_path):  # noqa: F811
    """U3 (F14): a group with nobody in it in any year ('Onbekend') gets no panel of 'geen
    personen' but a line naming it; each panel has its own x axis, so an empty cell of a last
    row that is not full gets no bare axis."""
    from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv

    root = tmp_path / "export"
    shutil.copytree(export, root)
    path = root / "migratie" / "measures.csv"
    m = read_measures_csv(path)
    nobody = m[(m["group"] == "herkomst") & (m["group_value"] == "Marokko")].copy()
    nobody["group_value"] = "Onbekend"
    nobody[["numerator", "denominator", "n_numerator", "n_denominator"]] = 0
    nobody[["value", "ci_lower", "ci_upper", "se"]] = None
    nobody["status"] = "ok"
    write_measures_csv(pd.concat([m, nobody], ignore_index=True), path)
    built = dashboard.build(root, DEFINITIONS, lang="nl", gemeente="GM0344")
    spec = dashboard.panels_spec("nl", "pct")
    assert spec["resolve"]["axis"]["x"] == "independent"
    page = _open(browser, built, tmp_path, "panels")
    page.select_option("#sel-theme", "migratie")
    page.wait_for_selector("body[data-renders='2']", timeout=30_000)
    page.select_option("#sel-group", "herkomst")
    page.wait_for_selector("body[data-renders='3']", timeout=30_000)
    lead = page.inner_text("#section-trend")
    assert "Geen vakje voor groepen zonder personen in alle jaren: Onbekend." in lead, lead
    svg = page.inner_html("#view-trend")
    assert "Marokko" in svg and "Onbekend" not in svg
    # the table keeps the group, in words
    assert "Onbekend" in page.inner_text("#table-trend")
    en = dashboard.TEXT["en"]["panels_nobody"].format(groups="Unknown")
    assert en == "No panel for groups without persons in every year: Unknown."
    page.close()
