"""The region overview (outputs.region): the headline row of each theme per gemeente, taken
unchanged from the gemeente's published measures table, and the page's words for suppressed and
empty figures, on hand-made tables."""

import re
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.outputs.key_messages import key_definition
from wijkzicht.outputs.region import overview, overview_html
from wijkzicht.pipeline.config import load_config
from wijkzicht.themes.table import COLUMNS

REPO = Path(__file__).resolve().parents[2]
CFG = load_config(REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml")
DEFS = parse_definitions(CFG)


def _row(theme, gm, name, year, value, status="ok", **kw):
    measure, method = MAIN[theme]
    definition = key_definition(theme, DEFS, [d.name for d in _definitions(theme)])
    base = dict.fromkeys(COLUMNS)
    base.update(theme=theme, measure=measure, definition=definition, year=year,
                area_level="gemeente", area_code=gm, area_name=name, group="totaal",
                group_value="totaal", method=method, numerator=value * 1000,
                denominator=1000.0, n_numerator=round(value * 1000) if value == value else 0, n_denominator=1000,
                value=value, ci_lower=value - 0.01, ci_upper=value + 0.01, se=0.005,
                status=status)  # fmt: skip
    base.update(kw)
    return base


def _definitions(theme):
    obj = DEFS.theme(theme)
    if theme == "kopp":
        return [obj.jeugdteam.definition]
    if theme == "migratie":
        return [obj.care]
    return [d for d in obj.definitions if d.any_of]


def _table(rows):
    return pd.DataFrame(rows)[COLUMNS]


def test_headline_rows_latest_year_and_unchanged(tmp_path):
    a = _table([
        _row("kopp", "GM0001", "Aadorp", 2022, 0.10),
        _row("kopp", "GM0001", "Aadorp", 2023, 0.12),
        # not headline: another group, another level, another method
        _row("kopp", "GM0001", "Aadorp", 2023, 0.5, group="leeftijd", group_value="0-3"),
        _row("kopp", "GM0001", "Aadorp", 2023, 0.6, area_level="wijk", area_code="WK000101"),
        _row("kopp", "GM0001", "Aadorp", 2023, 0.7, method="survey_taylor"),
    ])  # fmt: skip
    b = _table([_row("kopp", "GM0002", "Bedorp", 2023, 0.2, status="suppressed")])
    got = overview({"GM0002": {"kopp": b}, "GM0001": {"kopp": a}}, DEFS)
    assert list(got["area_code"]) == ["GM0002", "GM0001"]  # region order
    assert list(got["year"]) == [2023, 2023]
    assert got.iloc[1]["value"] == 0.12
    # written as a measures table and read back: the very row of the gemeente's own table
    write_measures_csv(got, tmp_path / "overzicht.csv")
    write_measures_csv(a, tmp_path / "a.csv")
    back = read_measures_csv(tmp_path / "overzicht.csv")
    own = read_measures_csv(tmp_path / "a.csv")
    pd.testing.assert_series_equal(back.iloc[1], own.iloc[1], check_names=False)
    # the suppressed row keeps its status and no number; the gate accepts the table
    assert back.iloc[0]["status"] == "suppressed" and pd.isna(back.iloc[0]["value"])
    assert check_export(tmp_path / "overzicht.csv", 10) == []


def test_page_names_links_and_words_for_suppressed_and_empty():
    rows = _table([
        _row("kopp", "GM0001", "Aadorp", 2023, 0.123),
        _row("kopp", "GM0002", "Bedorp", 2023, 0.2, status="suppressed"),
        _row("kopp", "GM0003", "Cedorp", 2023, float("nan"), denominator=0.0, n_denominator=0,
             numerator=0.0, n_numerator=0, ci_lower=float("nan"), ci_upper=float("nan")),
    ])  # fmt: skip
    table = overview({gm: {"kopp": rows} for gm in ("GM0001", "GM0002", "GM0003")}, DEFS)
    dash = {gm: f"../{gm}/dashboard.html" for gm in ("GM0001", "GM0002", "GM0003")}
    names = {"GM0001": "Aadorp", "GM0002": "Bedorp", "GM0003": "Cedorp"}
    page = overview_html(table, list(dash), names, dash, DEFS, lang="nl")
    assert '<a href="../GM0001/dashboard.html">Aadorp</a>' in page
    assert "12,3%" in page and "11,3% tot 13,3%" in page
    cells = page.split("<tbody>")[1]
    bedorp, cedorp = cells.split("Bedorp")[1], cells.split("Cedorp")[1]
    assert bedorp.split("</tr>")[0].count("onderdrukt") == 1
    assert cedorp.split("</tr>")[0].count("geen personen") == 1
    assert "Bron:" in page and "GM0001" not in page.replace("../GM0001/", "")
    assert "in 2023" in page


def _page(lang, statuses=("ok", "suppressed")):
    rows = [_row(theme, gm, name, 2023, 0.2 + 0.01 * i, status=status)
            for theme in MAIN
            for i, ((gm, name), status) in enumerate(zip((("GM0001", "Aadorp"), ("GM0002", "Bedorp")),
                                                         statuses, strict=True))]  # fmt: skip
    table = overview({gm: {th: _table(rows) for th in MAIN} for gm in ("GM0001", "GM0002")}, DEFS)
    dash = {gm: f"../{gm}/dashboard.html" for gm in ("GM0001", "GM0002")}
    return overview_html(table, list(dash), {}, dash, DEFS, lang=lang)


def test_headings_alike_for_every_theme_in_plain_words():
    """B1: every theme's heading is its title with, in one line below, what the percentage is
    of, how it was computed (no 'ruw percentage') and the year; each word for a state and the
    interval explained once below the table; a 'Bron:' line."""
    page = _page("nl")
    head = page.split("<thead>")[1].split("</thead>")[0]
    ths = head.split('<th scope="col">')[2:]
    assert len(ths) == 3
    for th, subject in zip(ths, ("kinderen", "volwassenen", "nieuwkomers"), strict=True):
        sub = th.split('<span class="ci">')[1].split("</span>")[0]
        assert f"ercentage van alle {subject}" in sub and sub.endswith(", in 2023"), sub
    assert "gecorrigeerd voor leeftijd en geslacht" in ths[1] and "GGZ-zorg" in ths[1]
    assert "ruw percentage" not in page and "gestandaardiseerd" not in page
    legend = page.split('<ul class="legend">')[1].split("</ul>")[0]
    assert legend.count("<li>") == 3  # interval, onderdrukt, the correction; no empty cell shown
    assert "95%-interval: het echte cijfer ligt waarschijnlijk tussen" in legend
    assert "Onderdrukt: te weinig personen, of anders terug te rekenen." in legend
    assert "Geen personen" not in legend
    assert page.count("te weinig personen") == 1 and '<p class="source">Bron: CBS-microdata' in page
    en = _page("en")
    assert "ercentage of all children" in en and "adjusted for age and sex" in en
    assert (
        "Suppressed: too few persons, or it could be worked out from other figures." in en
        and "crude" not in en
    )
    assert "Source: CBS microdata" in en and '<html lang="en">' in en


def test_legend_names_only_the_states_shown():
    page = _page("nl", statuses=("ok", "ok"))
    legend = page.split('<ul class="legend">')[1].split("</ul>")[0]
    assert "Onderdrukt" not in legend and legend.count("<li>") == 3


def test_correction_says_one_standard_for_the_region():
    """In a region run every gemeente's standardised figure uses one standard population, the
    adults of all the region's gemeenten together (rule migratie_standard), so differences in age
    and sex between the gemeenten do not count: it names that standard (nl and en), and promises
    no fair comparison the page does not make (U3 F9)."""
    for lang, same, fair in (
        ("nl", "als alle volwassenen van de regio samen", "Zo tellen verschillen in leeftijd en geslacht"),
        ("en", "as all adults of the region together", "differences in age and sex between the"),
    ):  # fmt: skip
        legend = _page(lang).split('<ul class="legend">')[1].split("</ul>")[0]
        item = next(
            li for li in legend.split("<li>") if li.startswith(("Gecorrigeerd", "Adjusted"))
        )
        assert same in item and fair in item, item
        assert "eigen volwassenen" not in item and "own adults" not in item


def test_a_gemeentes_copy_links_only_what_its_release_holds():
    """Each gemeente's copy of the page (in its own release, `own`): the same table, its own name
    linking to its dashboard (the only page of its release this page links to), the other
    gemeenten by name alone, a link back to its dashboard above the title, and a lead that says
    so (nl and en). The region's own page links every gemeente and has no link back."""
    rows = [_row("kopp", gm, name, 2023, 0.2) for gm, name in (("GM0001", "Aadorp"),
                                                               ("GM0002", "Bedorp"))]  # fmt: skip
    table = overview({gm: {"kopp": _table(rows)} for gm in ("GM0001", "GM0002")}, DEFS)
    names = {"GM0001": "Aadorp", "GM0002": "Bedorp"}
    region = overview_html(table, list(names), names,
                           {gm: f"../{gm}/dashboard.html" for gm in names}, DEFS, lang="nl")  # fmt: skip
    own = overview_html(table, list(names), names, {"GM0002": "../dashboard.html"}, DEFS,
                        lang="nl", own="GM0002")  # fmt: skip
    hrefs = re.findall(r'href="([^"]*)"', own)
    assert hrefs == ["../dashboard.html", "../dashboard.html"]  # the link back, its own name
    assert own.index('<nav class="back"><a href="../dashboard.html">&larr; Terug naar het '
                     "dashboard van Bedorp</a></nav>") < own.index("<h1>")  # fmt: skip
    assert '<tr><th scope="row">Aadorp</th>' in own
    # its own row marked in words and colour, its name in the title
    assert ('<tr class="own"><th scope="row"><a href="../dashboard.html">Bedorp</a> '
            '<span class="own">(uw gemeente)</span></th>') in own  # fmt: skip
    assert "tr.own th,tr.own td{background:" in own
    # the years shown in the title (U9 finding 7; tests/unit/test_region_overview_g2.py)
    assert "<title>Bedorp en de andere gemeenten van de regio, 2023</title>" in own
    assert "<h1>Bedorp en de andere gemeenten van de regio, 2023</h1>" in own
    assert "Klik op Bedorp voor het dashboard met de cijfers per wijk." in own
    assert "De andere gemeenten geven hun eigen dashboard uit." in own
    # the same table and words below it as the region's own page
    body = [p.split("<table>")[1] for p in (region, own)]
    assert (
        body[0]
        .replace('<a href="../GM0001/dashboard.html">Aadorp</a>', "Aadorp")
        .replace("../GM0002/dashboard.html", "../dashboard.html")
        .replace('<tr><th scope="row"><a href="../dashboard.html">Bedorp</a>',
                 '<tr class="own"><th scope="row"><a href="../dashboard.html">Bedorp</a> '
                 '<span class="own">(uw gemeente)</span>')
        # the table of how many persons each figure counts marks it too (test_region_own_g3)
        .replace('<tr><th scope="row">Bedorp</th>',
                 '<tr class="own"><th scope="row">Bedorp <span class="own">(uw gemeente)</span></th>')
        == body[1]
    )  # fmt: skip
    assert "<nav" not in region and "nav.back" not in region
    assert "uw gemeente" not in region and 'class="own"' not in region
    assert "<h1>Regio Aadorp en Bedorp: de gemeenten vergeleken, 2023</h1>" in region
    assert "Klik op de naam van een gemeente" in region
    en = overview_html(table, list(names), names, {"GM0002": "../dashboard.html"}, DEFS,
                       lang="en", own="GM0002")  # fmt: skip
    assert "Back to the dashboard of Bedorp" in en
    assert "Click Bedorp for the dashboard with the figures per wijk." in en
    assert "The other municipalities publish their own dashboard." in en
    assert "<h1>Bedorp and the other municipalities of the region, 2023</h1>" in en
    assert '<span class="own">(your municipality)</span>' in en
