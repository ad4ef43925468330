"""A map, an infographic panel or a dashboard chart of nothing but 'onderdrukt' (a small
gemeente: every wijk's figure suppressed, the gemeente's own published) says so in the sentence
of the report's figures (`figures.nothing_shown`, one implementation), not as grey hatching
everywhere or a chart of the gemeente's dot beside a column of the word."""

import shutil

import numpy as np
import pandas as pd
import pytest
from test_dashboard import export  # noqa: F401 (fixture)
from test_maps import CODES, _svg_text, boundaries_file, buurten, measures_table, svg_fills  # noqa: F401
from test_r8_dashboard_opening import _open, browser  # noqa: F401 (fixture)
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import figures as f
from wijkzicht.outputs import infographic, maps

DEFS = parse_definitions(config())
NUMBERS = ["numerator", "denominator", "n_numerator", "n_denominator", "value", "ci_lower",
           "ci_upper", "se"]  # fmt: skip


def _all_wijken_suppressed() -> pd.DataFrame:
    """The maps' test table (Utrecht 12,8%) with every wijk suppressed, as published."""
    m = measures_table()
    wijk = m["area_level"] == "wijk"
    m.loc[wijk, "status"] = "suppressed"
    m.loc[wijk, NUMBERS] = np.nan
    return m


def _expected(lang: str, named: bool = True) -> str:
    """The sentence of the maps' test table; `named`: the value named with its definition, as
    the map's subtitle names it (maps.nothing_shown with the definitions)."""
    what = {"nl": "Kinderen van ouders met psychische problemen of verslaving",
            "en": "Children of parents with mental-health problems or addiction"}[lang]  # fmt: skip
    if named:
        what += {"nl": ": brede definitie", "en": ": broad definition"}[lang]
    what += {"nl": ", Utrecht 12,8%", "en": ", Utrecht 12.8%"}[lang]
    words = f.NOTHING_SHOWN[lang]
    return f"{words['suppressed_wijk']} {words['published'].format(items=what)}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_map_of_nothing_but_suppressed_is_the_figures_sentence(boundaries_file, tmp_path, lang):  # noqa: F811
    paths = {ext: tmp_path / f"kaart_aandeel.{ext}" for ext in ("png", "svg", "csv")}
    maps.write("kopp", "kaart_aandeel", _all_wijken_suppressed(), None, DEFS, boundaries_file,
               paths, lang=lang, gemeente="GM0344", source="Wijk- en Buurtkaart")  # fmt: skip
    sel = maps.read_map(paths["csv"])
    assert (sel.loc[sel["role"] == "area", "state"] == "suppressed").all()  # the data as before
    assert maps.nothing_shown(sel, lang) == _expected(lang, named=False)
    why = maps.nothing_shown(sel, lang, DEFS)
    assert why == _expected(lang)
    assert "per wijk" in why or "by wijk" in why
    svg = paths["svg"].read_text(encoding="utf-8")
    assert svg_fills(svg) == {}  # no wijk drawn in grey hatching
    assert _svg_text(svg, why[:40]) and {"nl": "Bron:", "en": "Source:"}[lang] in svg
    words = maps.texts("kopp", sel, DEFS, lang=lang, source="Wijk- en Buurtkaart")
    assert words["nothing_shown"] == why and why in words["alt"]
    # the dashboard's map view: the sentence, no map of paths
    areas = maps.areas_for(boundaries_file, sel, gemeente="GM0344")
    view = maps.dashboard_map("kopp", sel, areas, words, lang=lang)
    assert '<svg class="map"' not in view and "<path" not in view
    assert f'<p class="no-chart">{why.replace("&", "&amp;")}</p>' in view
    # one published wijk: the map is drawn as before
    one = _all_wijken_suppressed()
    one.loc[one["area_code"] == CODES[0], "status"] = "ok"
    one.loc[one["area_code"] == CODES[0], NUMBERS] = measures_table().loc[0, NUMBERS].to_list()
    sel1 = maps.select("kopp", one, DEFS, None, lang=lang, gemeente="GM0344")
    assert maps.nothing_shown(sel1, lang, DEFS) == ""
    assert '<svg class="map"' in maps.dashboard_map(
        "kopp", sel1, areas, maps.texts("kopp", sel1, DEFS, lang=lang, source="x"), lang=lang
    )


def test_the_reports_map_text_says_the_sentence(boundaries_file, tmp_path):  # noqa: F811
    from wijkzicht.outputs.report import ThemeReport

    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    m = _all_wijken_suppressed()
    m.to_csv(root / "kopp/measures.csv", index=False)
    maps.write("kopp", "kaart_aandeel", m, None, DEFS, boundaries_file,
               {"csv": root / "kopp/kaart_aandeel.csv"}, lang="nl", gemeente="GM0344",
               source="Wijk- en Buurtkaart")  # fmt: skip
    fig = ThemeReport("kopp", root, DEFS, [], lang="nl").map_figure("kopp/kaart_aandeel.png")
    assert [list(t) for t in fig.text] == [[_expected("nl")]]  # not 'Hoe donkerder de kleur'


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_infographic_says_it_instead_of_a_grey_map(boundaries_file, tmp_path, lang):  # noqa: F811
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    _all_wijken_suppressed().to_csv(root / "kopp/measures.csv", index=False)
    c = infographic.content("kopp", root, DEFS, lang=lang, gemeente="GM0344",
                            boundaries=boundaries_file, source="Wijk- en Buurtkaart")  # fmt: skip
    assert c.map_none == _expected(lang) == maps.nothing_shown(c.map_rows, lang, DEFS)
    # the reading guide explains no map that is not drawn; the wijken say they are suppressed,
    # not that their difference cannot be tested
    assert not any("Kaart" in line or "streepjes" in line or "stripes" in line for line in c.guide)
    first = f.NOTHING_SHOWN[lang]["suppressed_wijk"].split(":")[0] + "."
    assert c.no_difference == first
    fig, said = infographic._draw(c)
    texts = [t.get_text() for t in fig.texts]
    assert " ".join(c.map_none.split()) in [" ".join(t.split()) for t in texts]
    assert not any(ax.patches for ax in fig.axes)  # no wijk patch
    assert c.map_none in infographic.pdf_alt(c, said)  # a screen reader reads it too
    import matplotlib.pyplot as plt

    plt.close(fig)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_infographic_trend_says_why_there_is_no_line(boundaries_file, tmp_path, lang):  # noqa: F811
    """Two years made, one or both suppressed: not 'Er is één jaar'."""
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    m = measures_table()
    m = pd.concat([m.assign(year=2022), m], ignore_index=True)
    m.to_csv(root / "kopp/measures.csv", index=False)
    c = infographic.content("kopp", root, DEFS, lang=lang, gemeente="GM0344")
    trend = c.trend.copy()
    trend.loc[trend["year"] == 2022, ["value", "ci_lower", "ci_upper"]] = np.nan
    trend.loc[trend["year"] == 2022, "state"] = "suppressed"
    one = infographic.trend_missing(replace(c, trend=trend))
    assert one == infographic.TEXT[lang]["few_hidden"].format(years="2022")
    assert "2022" in one and ("onderdrukt" in one or "suppressed" in one)
    trend["state"] = "suppressed"
    assert infographic.trend_missing(replace(c, trend=trend)) == f.NOTHING_SHOWN[lang]["suppressed"]
    assert (
        infographic.trend_missing(replace(c, trend=trend.head(1).assign(state="ok")))
        == (infographic.TEXT[lang]["one_year"])
    )


def replace(c, **kw):
    import dataclasses

    return dataclasses.replace(c, **kw)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_dashboard_says_the_figures_words(lang):
    from wijkzicht.outputs import dashboard

    t = dashboard.TEXT[lang]["no_chart"]
    assert t is f.NOTHING_SHOWN[lang]  # one set of words
    assert dashboard.page_text(lang)["no_chart"] == t


def test_a_dashboard_chart_of_the_gemeente_beside_suppressed_wijken_is_the_sentence(
    export,  # noqa: F811
    browser,  # noqa: F811
    tmp_path,
):
    """The comparison of the wijken in 2023 with every wijk suppressed: the gemeente's dot beside
    a column of 'onderdrukt' was drawn; now the sentence naming the gemeente's value, with the
    table of the wijken under it as before."""
    from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
    from wijkzicht.outputs import dashboard

    root = tmp_path / "export"
    shutil.copytree(export, root)
    m = read_measures_csv(root / "kopp/measures.csv")
    hit = (m["area_level"] == "wijk") & (m["year"] == 2023)  # every wijk of 2023 suppressed
    m["status"] = m["status"].astype(object)
    m.loc[hit, "status"] = "suppressed"
    m[NUMBERS] = m[NUMBERS].astype(object)
    m.loc[hit, NUMBERS] = None
    # a second definition: the gemeente's value is named with its definition
    ggz = m[m["measure"] == "kopp.aandeel"].assign(definition="ggz")
    write_measures_csv(pd.concat([m, ggz], ignore_index=True), root / "kopp/measures.csv")
    page = dashboard.build(root, DEFS, lang="nl", gemeente="GM0344")
    shown = _open(browser, page, tmp_path, "board")
    text = shown.inner_text("#view-compare")
    city = m[(m["area_level"] == "gemeente") & (m["year"] == 2023) & (m["group"] == "totaal")
             & (m["method"] == "wilson")]  # fmt: skip
    value = f"{100 * float(city['value'].iloc[0]):.1f}%".replace(".", ",")
    words = f.NOTHING_SHOWN["nl"]
    item = f"Kinderen van ouders met psychische problemen of verslaving: brede definitie, Utrecht {value}"
    assert text == f"{words['suppressed_wijk']} {words['published'].format(items=item)}", text
    assert shown.query_selector("#view-compare svg") is None
    assert "onderdrukt" in shown.inner_text("#table-compare")  # the table keeps each wijk
    # the trend of the chosen wijk beside the gemeente's is drawn: 2022 has its value
    assert shown.query_selector("#view-trend svg") is not None
    shown.close()
