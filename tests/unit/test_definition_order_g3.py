"""One order of a measure's definitions on every page (`labels.definition_order`): the config's
order (`themes.<theme>.definitions` as written, which manifest.json records under `config`), not
the export's rows, which are sorted by name. The KOPP definitions stood 'breed' first on the
dashboard and last in the workbook; the newcomers' markers 'breed, ggz, laag_inkomen,
uitstroom_bw_mo' in the report's and factsheets' tables, 'ggz, uitstroom_bw_mo, laag_inkomen,
breed' in the workbook."""

import shutil

import pandas as pd
import pytest
from test_dashboard import export  # noqa: F401 (fixture)
from test_r8_dashboard_opening import _open, browser  # noqa: F401 (fixture)
from test_report_messages import row
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import dashboard, factsheet, report
from wijkzicht.outputs.labels import definition_label, definition_order

DEFS = parse_definitions(config())
KOPP = ["ggz", "psychofarmaca", "verslaving", "breed"]  # config/config.yaml
NIEUWKOMERS = ["ggz", "uitstroom_bw_mo", "laag_inkomen", "breed"]


def test_the_order_is_the_configs():
    assert list(DEFS.kopp.definitions.names) == KOPP
    assert definition_order("kopp.aandeel", sorted(KOPP), DEFS) == KOPP
    assert definition_order("nieuwkomers.aandeel", sorted(NIEUWKOMERS), DEFS) == NIEUWKOMERS
    assert definition_order("nieuwkomers.concentratie", ["laag_inkomen", "ggz"], DEFS) == [
        "ggz",
        "laag_inkomen",
    ]
    # a definition the config does not list (a measure's own) after those it does, as given
    assert definition_order("kopp.aandeel", ["zz", "breed", "ggz", "breed"], DEFS) == [
        "ggz",
        "breed",
        "zz",
    ]
    assert definition_order("migratie.k10_hoog", ["k10_hoog"], DEFS) == ["k10_hoog"]


def _nieuwkomers(tmp_path):
    """A small newcomers' export, its rows sorted by definition as the export writes them."""
    rows = [
        row("nieuwkomers", "nieuwkomers.aandeel", d, 2023, code, value=0.2 + 0.01 * i)
        for i, d in enumerate(sorted(NIEUWKOMERS))
        for code in ("GM0344", "WK034403", "WK034406")
    ]
    m = pd.DataFrame(rows)
    root = tmp_path / "export"
    (root / "nieuwkomers").mkdir(parents=True)
    m.to_csv(root / "nieuwkomers/measures.csv", index=False)
    pd.DataFrame(
        columns=["theme", "measure", "definition", "year", "comparison", "area_level",
                 "area_code", "area_name", "group", "group_value", "method", "test", "verdict"]
    ).to_csv(root / "nieuwkomers/verschillen.csv", index=False)  # fmt: skip
    return root, m


def _positions(text: str, labels: list[str]) -> list[int]:
    return [text.lower().index(lab.lower()) for lab in labels]


def test_the_report_and_the_factsheet_list_them_in_that_order(tmp_path):
    root, m = _nieuwkomers(tmp_path)
    labels = [definition_label("nl", "nieuwkomers.aandeel", d, DEFS) for d in NIEUWKOMERS]
    table = str(report.ThemeReport("nieuwkomers", root, DEFS, [], lang="nl").key_table())
    at = _positions(table, labels)
    assert at == sorted(at), table
    lines = factsheet.lines(m, "nieuwkomers", DEFS)
    assert [ln.definition for ln in lines if ln.measure == "nieuwkomers.aandeel"] == NIEUWKOMERS


def test_the_dashboard_menu_and_side_by_side_view_take_that_order(export, browser, tmp_path):  # noqa: F811
    from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv

    root = tmp_path / "export"
    shutil.copytree(export, root)
    m = read_measures_csv(root / "kopp/measures.csv")
    breed = m[m["definition"] == "breed"]
    # the export's rows: breed first (sorted by name), then the others
    m = pd.concat([breed, *(breed.assign(definition=d) for d in KOPP[:-1])], ignore_index=True)
    write_measures_csv(m, root / "kopp/measures.csv")
    page = dashboard.build(root, DEFS, lang="nl", gemeente="GM0344")
    assert '"definition_order"' in page
    shown = _open(browser, page, tmp_path, "order")
    menu = shown.eval_on_selector_all("#sel-definition option", "os => os.map(o => o.value)")
    assert menu == KOPP
    # the page still opens on the main definition the map shows
    assert shown.input_value("#sel-definition") == "breed"
    table = shown.inner_text("#table-definitions")
    labels = [definition_label("nl", "kopp.aandeel", d, DEFS) for d in KOPP]
    at = _positions(table, labels)
    assert at == sorted(at), table
    shown.close()


@pytest.mark.parametrize(
    "measure,keys", [("kopp.aandeel", KOPP), ("nieuwkomers.aandeel", NIEUWKOMERS)]
)
def test_the_dashboard_data_holds_the_order(measure, keys):
    rows = {"columns": ["measure", "definition"], "rows": [[measure, d] for d in sorted(keys)]}
    assert dashboard.definition_orders(rows, DEFS) == {measure: keys}
