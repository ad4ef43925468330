"""What a new user (U4) stumbled over on the dashboard: 'Gemeente Utrecht' in its charts and
tables beside 'Utrecht' in its title and on every other page; trend words without a word on
what they mean where they first stand; nothing on what changed since the previous release."""

import shutil

import pandas as pd
import pytest
from test_dashboard import DEFINITIONS, export  # noqa: F401 (fixture)
from test_r8_dashboard_opening import _open, browser  # noqa: F401 (fixture)

from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.outputs import dashboard
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.labels import theme_label


def _changes() -> pd.DataFrame:
    cols = ["theme", "measure", "definition", "year", "area_level", "area_code", "area_name",
            "group", "group_value", "method", "change"]  # fmt: skip
    rows = [("kopp", "kopp.aandeel", "breed", 2022, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "wilson",
             "changed"),
            ("kopp", "kopp.aandeel", "breed", 2023, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "wilson",
             "changed"),
            ("kopp", "kopp.aandeel", "nieuw", 2023, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "wilson",
             "added"),
            ("kopp", "kopp.aandeel", "breed", 2023, "wijk", "WK034403", "Overvecht", "totaal", "totaal",
             "trend_logit", "changed"),
            ("organisaties", "org.x", "", 2023, "gemeente", "GM0344", "Utrecht", "totaal", "totaal", "aangeleverd",
             "newly_published")]  # fmt: skip
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


def test_the_changes_section_says_per_theme_what_changed():
    """The report's 'Wat is veranderd' in short: per theme how many figures changed in each way
    (a trend too, as the report counts; one in the singular), a theme without changes said so,
    the organisations' figures when they changed, and where every change is; no section without
    a previous release."""
    section = dashboard.changes_section(_changes(), "nl")
    assert "<h2>Wat is veranderd sinds de vorige uitgave</h2>" in section
    assert (
        f"<li>{theme_label('nl', 'kopp')}: 3 cijfers veranderd en 1 nieuw cijfer.</li>" in section
    )
    # the themes without a change in one line, after those that changed (R12)
    assert (
        f"<li>Niets veranderd bij: {theme_label('nl', 'migratie')} en "
        f"{theme_label('nl', 'nieuwkomers')}.</li>" in section
    )
    assert section.count("veranderd bij") == 1
    assert "<li>Cijfers van organisaties: 1 nu wel gepubliceerd.</li>" in section
    assert "changes.csv" in section
    en = dashboard.changes_section(_changes(), "en")
    assert f"<li>{theme_label('en', 'kopp')}: 3 figures changed and 1 new figure.</li>" in en
    assert dashboard.changes_section(None, "nl") == ""


def test_the_page_has_the_section_only_with_a_previous_release(export, tmp_path):  # noqa: F811
    path = tmp_path / "changes.csv"
    write_csv(_changes(), path)
    page = dashboard.build(export, DEFINITIONS, lang="nl", gemeente="GM0344", changes=path)
    assert page.count('id="section-changes"') == 1
    assert "3 cijfers veranderd en 1 nieuw cijfer" in page
    plain = dashboard.build(export, DEFINITIONS, lang="nl", gemeente="GM0344")
    assert "section-changes" not in plain and "vorige uitgave" not in plain


def _cells(page, view: str) -> list[str]:
    return page.eval_on_selector_all(f"#table-{view} td", "ts => ts.map(t => t.textContent)")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_gemeente_has_one_name_and_the_trend_words_are_said_in_short(
    export,  # noqa: F811
    browser,  # noqa: F811
    tmp_path,
    lang,
):
    """The charts and tables name the gemeente as the title does ('Utrecht', not 'Gemeente
    Utrecht'); the trend's lead, where the page first says a trend in words, says them in short
    (the city rises slightly here)."""
    page = _open(browser, dashboard.build(export, DEFINITIONS, lang=lang, gemeente="GM0344"),
                 tmp_path, lang)  # fmt: skip
    text = page.inner_text("body")
    assert "Gemeente Utrecht" not in text and "Utrecht (municipality)" not in text
    assert "Utrecht" in _cells(page, "trend") and "Utrecht" in _cells(page, "compare")
    lead = page.inner_text("#lead-trend")
    assert lead.endswith(fmt.trend_short(lang, ["stijgt_licht"])), lead
    assert fmt.VERDICT_WORDS[lang]["stijgt_licht"] in lead
    page.close()


def test_a_wijk_with_the_gemeentes_name_keeps_them_apart(export, browser, tmp_path):  # noqa: F811
    """Where a wijk has the gemeente's name, the gemeente is '<name> (gemeente)' in the charts,
    so that the two series stay apart."""
    root = tmp_path / "export"
    shutil.copytree(export, root)
    path = root / "kopp" / "measures.csv"
    m = read_measures_csv(path)
    m.loc[m["area_name"] == "West", "area_name"] = "Utrecht"
    write_measures_csv(m, path)
    page = _open(browser, dashboard.build(root, DEFINITIONS, lang="nl", gemeente="GM0344"),
                 tmp_path, "same")  # fmt: skip
    cells = _cells(page, "compare")
    assert "Utrecht (gemeente)" in cells and any(
        c.startswith("Utrecht") and "(" not in c for c in cells
    )
    page.close()


def test_a_new_definition_is_named_as_the_report_names_it():
    """A definition whose every row is new (the previous release did not have it) is named
    after the count of new figures, in the report's words; a definition with rows that are not
    new (an old one) is not."""
    m = pd.DataFrame(
        {"theme": "kopp", "measure": "kopp.aandeel", "definition": ["nieuw", "breed", "breed"]}
    )
    section = dashboard.changes_section(_changes(), "nl", m, DEFINITIONS)
    assert "1 nieuw cijfer (nieuwe definitie: nieuw)." in section, section
    older = pd.concat([m, m.iloc[:1]])  # two rows of 'nieuw', one of them new: not a new definition
    assert "nieuwe definitie" not in dashboard.changes_section(_changes(), "nl", older, DEFINITIONS)
