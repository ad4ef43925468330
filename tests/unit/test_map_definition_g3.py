"""The dashboard's map follows the definition the reader chooses (it stayed on the main one):
a map per definition of each theme's main measure with figures per wijk, the chosen one shown
with its definition named under its title; for a choice without a map per wijk (another
measure, or a definition without wijk rows) the main map stays and a line says so."""

import numpy as np
import pandas as pd
import pytest
from test_maps import CODES, boundaries_file, buurten, measures_table  # noqa: F401 (fixtures)
from test_r8_dashboard_opening import _open, browser  # noqa: F401 (fixture)
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import write_csv, write_measures_csv
from wijkzicht.outputs import dashboard, maps
from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.outputs.labels import definition_label

DEFS = parse_definitions(config())
DIFFERENCES = ["theme", "measure", "definition", "year", "comparison", "area_level", "area_code",
               "area_name", "group", "group_value", "method", "test", "verdict"]  # fmt: skip
SIMILAR = ["year", "wijk", "wijk_name", "rank", "neighbour", "neighbour_name", "distance",
           "n_common", "closest_indicators"]  # fmt: skip


def _kopp() -> pd.DataFrame:
    """kopp.aandeel per wijk in 'breed' (the maps' test table) and 'ggz' (other values, West
    suppressed), and kopp.jeugdteam of the gemeente only (no map)."""
    breed = measures_table()
    ggz = breed.assign(definition="ggz", value=breed["value"] / 2, numerator=breed["numerator"] / 2)
    ggz.loc[ggz["area_code"] == CODES[0], ["numerator", "n_numerator", "value", "ci_lower",
                                          "ci_upper"]] = np.nan  # fmt: skip
    ggz.loc[ggz["area_code"] == CODES[0], "status"] = "suppressed"
    city = breed[breed["area_level"] == "gemeente"]
    jeugdteam = city.assign(measure="kopp.jeugdteam", group="kopp_breed", group_value="ja")
    return pd.concat([breed, ggz, jeugdteam], ignore_index=True)


def test_select_takes_the_definition_asked_for():
    sel = maps.select("kopp", _kopp(), DEFS, None, lang="nl", gemeente="GM0344", definition="ggz")
    assert set(sel["definition"]) == {"ggz"}
    assert sel.loc[sel["area_code"] == CODES[0], "state"].iloc[0] == "suppressed"
    main = maps.select("kopp", _kopp(), DEFS, None, lang="nl", gemeente="GM0344")
    assert set(main["definition"]) == {"breed"}  # the key messages' definition, as before


@pytest.fixture
def export(tmp_path):
    root = tmp_path / "export"
    for theme, (measure, method) in MAIN.items():
        m = _kopp() if theme == "kopp" else measures_table().assign(
            theme=theme, measure=measure, method=method,
            definition={"migratie": "ggz", "nieuwkomers": "breed"}[theme])  # fmt: skip
        write_measures_csv(m, root / theme / "measures.csv")
        write_csv(pd.DataFrame(columns=DIFFERENCES), root / theme / "verschillen.csv")
        write_csv(pd.DataFrame(columns=SIMILAR), root / theme / "vergelijkbare_wijken.csv")
    return root


def _visible(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "figure.wz-map",
        "fs => fs.filter(f => !f.hidden).map(f => [f.dataset.measure, f.dataset.definition])",
    )


def test_the_map_follows_the_chosen_definition(export, boundaries_file, browser, tmp_path):  # noqa: F811
    page = dashboard.build(export, DEFS, lang="nl", gemeente="GM0344", boundaries=boundaries_file,
                           map_source="kaart")  # fmt: skip
    shown = _open(browser, page, tmp_path, "map")
    assert shown.input_value("#sel-definition") == "breed"
    assert _visible(shown) == [["kopp.aandeel", "breed"]]
    assert shown.inner_text("#map-note") == ""
    # another definition: its own map, named under the title, its own values
    shown.select_option("#sel-definition", "ggz")
    shown.wait_for_selector("body[data-renders='2']", timeout=30_000)
    assert _visible(shown) == [["kopp.aandeel", "ggz"]]
    figure = shown.query_selector("figure.wz-map:not([hidden])")
    assert definition_label("nl", "kopp.aandeel", "ggz", DEFS) in figure.inner_text()
    assert "onderdrukt" in figure.query_selector("table.map-values").inner_text()  # West
    assert shown.inner_text("#map-note") == ""
    # a measure without a map per wijk: the main map stays, and the line says so
    shown.select_option("#sel-measure", "kopp.jeugdteam")
    shown.wait_for_selector("body[data-renders='3']", timeout=30_000)
    assert _visible(shown) == [["kopp.aandeel", "breed"]]
    what = "Kinderen van ouders met psychische problemen of verslaving: brede definitie"
    assert shown.inner_text("#map-note") == dashboard.TEXT["nl"]["map_other"].format(shown=what)
    # one map per theme of one definition: named without its definition
    shown.select_option("#sel-theme", "migratie")
    shown.wait_for_selector("body[data-renders='4']", timeout=30_000)
    assert _visible(shown) == [["migratie.ggz", "ggz"]]
    assert shown.inner_text("#map-note") == ""
    shown.close()
