"""The region overview as a GGD's kenniskring uses it (U9 finding 7): a title naming the region
and the years, the trend of each gemeente's headline figure in the pages' own trend words, the
survey's figure (K10) where published, how many persons each figure counts, and a region total
only where the published counts add up without giving a suppressed figure away."""

import pandas as pd
from test_region_overview import DEFS, _row, _table

from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.outputs.format import VERDICT_WORDS
from wijkzicht.outputs.region import SURVEY, overview_html, region_rows

NAMES = {"GM0001": "Aadorp", "GM0002": "Bedorp", "GM0003": "Cedorp"}
YEARS = (2021, 2022, 2023)


def _trend(theme, gm, name, lo, hi, **kw):
    """A trend row of the headline series (its last year, no counts)."""
    measure, method = kw.pop("figure", MAIN[theme])
    trend = {"wilson": "trend_logit"}.get(method, "trend_wls")
    row = _row(theme, gm, name, 2023, (lo + hi) / 2, ci_lower=lo, ci_upper=hi, **kw)
    row.update(measure=measure, method=trend, numerator=None, denominator=None,
               n_numerator=None, n_denominator=None)  # fmt: skip
    if measure != MAIN[theme][0]:  # the survey's
        row.update(definition="k10")
    return row


def _survey(gm, name, year, value, n, **kw):
    measure, method = SURVEY["migratie"]
    row = _row("migratie", gm, name, year, value, n_denominator=n, **kw)
    row.update(measure=measure, method=method, definition="k10")
    return row


def _tables(statuses=("ok", "ok", "ok"), kopp_trend=(1.10, 1.30)):
    """Three gemeenten's published tables: each theme's headline of 2021-2023 (kopp rising in
    Aadorp), its trend row; the survey's K10 in 2021 and 2023 with its trend. `statuses`: the
    2023 headline rows' status per gemeente."""
    tables = {}
    for i, (gm, name) in enumerate(NAMES.items()):
        tables[gm] = {}
        for theme in MAIN:
            rows = [_row(theme, gm, name, y, 0.1 + 0.01 * i + 0.005 * (y - 2021),
                         denominator=1000.0 + 100 * i, n_denominator=1000 + 100 * i,
                         numerator=(0.1 + 0.01 * i) * (1000 + 100 * i),
                         status=statuses[i] if y == 2023 else "ok")
                    for y in YEARS]  # fmt: skip
            lo, hi = kopp_trend if i == 0 else (0.9, 1.1)
            if MAIN[theme][1] != "wilson":
                lo, hi = -0.01, 0.01
            rows.append(_trend(theme, gm, name, lo, hi))
            if theme in SURVEY:
                rows += [_survey(gm, name, y, 0.15, 400 + i) for y in (2021, 2023)]
                rows.append(_trend(theme, gm, name, -0.02, 0.02, figure=SURVEY[theme]))
            table = _table(rows)
            if statuses[i] == "suppressed":  # published without numbers
                hit = (table["year"] == 2023) & (table["status"] == "suppressed")
                for c in ("numerator", "denominator", "n_numerator", "n_denominator", "value",
                          "ci_lower", "ci_upper", "se"):  # fmt: skip
                    table[c] = table[c].astype(object)
                    table.loc[hit, c] = None
            tables[gm][theme] = table
    return tables


def _page(statuses=("ok", "ok", "ok"), lang="nl", **kw):
    table = region_rows(_tables(statuses, **kw.pop("tables", {})), DEFS)
    dash = {gm: f"../{gm}/dashboard.html" for gm in NAMES}
    return overview_html(table, list(NAMES), NAMES, dash, DEFS, lang=lang, **kw)


def _first_table(page):
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_the_table_holds_every_year_the_trend_and_the_survey_as_published(tmp_path):
    tables = _tables()
    got = region_rows(tables, DEFS)
    kopp = got[(got["area_code"] == "GM0001") & (got["theme"] == "kopp")]
    assert list(kopp["method"]) == ["wilson"] * 3 + ["trend_logit"]
    assert list(kopp["year"]) == [*YEARS, 2023]
    k10 = got[got["measure"] == SURVEY["migratie"][0]]
    assert set(k10["method"]) == {"survey_taylor", "trend_wls"} and len(k10) == 3 * 3
    # the rows are the gemeente's own, unchanged; the export gate takes the table
    own = tables["GM0001"]["kopp"]
    pd.testing.assert_frame_equal(kopp.reset_index(drop=True), own.reset_index(drop=True))
    write_measures_csv(got, tmp_path / "overzicht.csv")
    assert check_export(tmp_path / "overzicht.csv", 10) == []
    assert len(read_measures_csv(tmp_path / "overzicht.csv")) == len(got)


def test_title_names_the_region_and_the_years():
    page = _page()
    assert "<h1>Regio Aadorp, Bedorp en Cedorp: de gemeenten vergeleken, 2021 tot 2023</h1>" in page
    named = _page(region="Utrecht")
    assert "<h1>Regio Utrecht: de gemeenten vergeleken, 2021 tot 2023</h1>" in named
    en = _page(lang="en")
    assert "Region Aadorp, Bedorp and Cedorp: the municipalities compared, 2021 to 2023" in en


def test_trend_in_the_pages_words_below_each_figure():
    page = _page()
    rows = _first_table(page).split("</tr>")
    aadorp = next(r for r in rows if ">Aadorp<" in r)
    kopp_cell = aadorp.split("<td")[1]
    assert f"Ontwikkeling 2021 tot 2023: {VERDICT_WORDS['nl']['stijgt']}" in kopp_cell
    bedorp = next(r for r in rows if ">Bedorp<" in r)
    assert (
        f"Ontwikkeling 2021 tot 2023: {VERDICT_WORDS['nl']['geen_trend']}" in bedorp.split("<td")[1]
    )
    # the survey's waves: its own years
    assert "Ontwikkeling 2021 tot 2023: " in aadorp.split("<td")[3]
    legend = page.split('<ul class="legend">')[1].split("</ul>")[0]
    assert "Ontwikkeling: Stijgt of daalt" in legend and "Niet te toetsen" not in legend
    # a trend row suppressed: 'niet te toetsen', said once what it means
    tables = _tables()
    trend = tables["GM0002"]["kopp"]["method"] == "trend_logit"
    tables["GM0002"]["kopp"].loc[trend, ["status", "ci_lower", "ci_upper", "value"]] = (
        "suppressed", None, None, None,
    )  # fmt: skip
    hidden = overview_html(region_rows(tables, DEFS), list(NAMES), NAMES, {}, DEFS, lang="nl")
    assert "Ontwikkeling 2021 tot 2023: niet te toetsen" in _first_table(hidden)
    legend = hidden.split('<ul class="legend">')[1].split("</ul>")[0]
    assert "<li>Niet te toetsen: geen trend berekend, of onderdrukt.</li>" in legend
    # a single year: no trend said
    one = region_rows({gm: {"kopp": _table([_row("kopp", gm, n, 2023, 0.2)])}
                       for gm, n in NAMES.items()}, DEFS)  # fmt: skip
    single = overview_html(one, list(NAMES), NAMES, {}, DEFS, lang="nl")
    assert (
        "Ontwikkeling" not in single
        and "<h1>Regio Aadorp, Bedorp en Cedorp: de gemeenten vergeleken, 2023</h1>" in single
    )


def test_survey_figure_beside_the_register_and_in_the_source_line():
    page = _page()
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert "Hoge psychische klachten (K10)" in head and "Gezondheidsmonitor" in head
    source = page.split('<p class="source">')[1].split("</p>")[0]
    assert "Gezondheidsmonitor" in source


def test_sizes_per_gemeente_as_published():
    page = _page(statuses=("ok", "suppressed", "ok"))
    sizes = page.split('<table class="sizes">')[1].split("</table>")[0]
    assert "Hoeveel personen elk cijfer telt" in sizes
    head = sizes.split("</thead>")[0]
    for word in ("Kinderen", "Volwassenen", "Nieuwkomers", "Ondervraagd"):
        assert word in head, word
    rows = sizes.split("<tbody>")[1].split("</tr>")
    aadorp = next(r for r in rows if ">Aadorp<" in r)
    assert aadorp.count(">1.000<") == 3 and ">400<" in aadorp
    bedorp = next(r for r in rows if ">Bedorp<" in r)
    assert bedorp.count("onderdrukt") == 3 and ">401<" in bedorp  # its survey row published
    # the region together: only the counts every gemeente published add up
    total = next(r for r in rows if "Regio samen" in r)
    assert total.count("niet opgeteld") == 3 and ">1.203<" in total
    whole = _page().split('<table class="sizes">')[1].split("</table>")[0]
    total = next(r for r in whole.split("</tr>") if "Regio samen" in r)
    assert total.count(">3.300<") == 3 and ">1.203<" in total and "niet opgeteld" not in total


def test_region_total_only_from_published_counts():
    page = _page()
    body = _first_table(page)
    total = body.split('<tr class="total">')[1]
    assert "Regio samen" in total
    # kopp 2023: (0.10 * 1000 + 0.11 * 1100 + 0.12 * 1200) / 3300 = 0.11060... -> 11,1%
    assert total.split("<td")[1].count("11,1%") == 1
    # the standardised and the survey figure are no sums of counts
    assert total.count("niet opgeteld") == 2
    notes = page.split('<ul class="legend totals">')[1].split("</ul>")[0]
    assert "gecorrigeerd voor leeftijd en geslacht" in notes and "gewogen schatting" in notes
    # a suppressed row: no total that would give it away, and the page says why
    hidden = _page(statuses=("ok", "suppressed", "ok"))
    total = _first_table(hidden).split('<tr class="total">')[1]
    cells = total.split("<td")[1:]
    assert all(c.endswith(">niet opgeteld</td>") for c in cells[:-1]), cells
    assert cells[-1].startswith(' class="state"') and ">niet opgeteld</td>" in cells[-1]
    notes = hidden.split('<ul class="legend totals">')[1].split("</ul>")[0]
    assert "het cijfer van Bedorp is onderdrukt" in notes
