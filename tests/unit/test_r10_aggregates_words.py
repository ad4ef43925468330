"""U4, cosmetic: the dashboard's inhabitants check said 'waarmee dit rapport rekent' (it is a
dashboard), and a partner's definition without a full stop ran into its source line ('... die
overgewicht hebben Bron: JGZ Utrecht, 2023.')."""

import re

import pandas as pd
import pytest
from test_aggregates import export

from wijkzicht.outputs.aggregates import Aggregates, dashboard_section, definition, report_blocks
from wijkzicht.outputs.document import Document, to_html

PAGE = {"nl": ("rapport", "dashboard"), "en": ("report", "dashboard")}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_inhabitants_check_names_the_page_it_stands_in(tmp_path, lang):
    agg = Aggregates.read_if_present(export(tmp_path))
    report = _text(to_html(Document("t", lang, tuple(report_blocks(agg, lang))), tmp_path))
    dash = _text(dashboard_section(agg, lang))
    report_word, dash_word = PAGE[lang]
    this = "dit {} rekent" if lang == "nl" else "this {} counts with"
    assert this.format(report_word) in report and this.format(dash_word) not in report
    assert this.format(dash_word) in dash and this.format(report_word) not in dash


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_definition_without_a_full_stop_gets_one_before_its_source(tmp_path, lang):
    root = export(tmp_path)
    path = root / "organisaties" / "indicatoren.csv"
    reg = pd.read_csv(path, dtype=str, keep_default_na=False)
    # the buurtteam's definition as a partner might write it: no full stop, a space at the end
    sel = reg["indicator"] == "caseload"
    reg.loc[sel, f"definition_{lang}"] = "Inwoners met een traject "
    reg.to_csv(path, index=False)
    agg = Aggregates.read_if_present(root)
    report = _text(to_html(Document("t", lang, tuple(report_blocks(agg, lang))), root))
    source = "Bron" if lang == "nl" else "Source"
    assert f"Inwoners met een traject. {source}: Buurtteam Sociaal, 2023." in report
    dash = _text(dashboard_section(agg, lang))
    assert f"{source}: Buurtteam Sociaal, 2023. Inwoners met een traject." in dash
    # a definition that ends a sentence keeps it as it is (no second stop)
    assert definition({"definition_nl": "Consulten per 1.000."}, "nl") == "Consulten per 1.000."
    assert definition({"definition_nl": "Wie hulp krijgt?"}, "nl") == "Wie hulp krijgt?"


def test_an_area_the_partner_did_not_supply_says_so():
    """A partner's file without a row for the gemeente (or a wijk) left its cell blank on the
    report, factsheet and dashboard, with no word (U4); now 'niet aangeleverd'."""
    from wijkzicht.outputs import aggregates as ag

    meta = {"unit": "persons", "denominator_kind": "residents"}
    assert ag.value(None, meta, "nl") == ["niet aangeleverd"]
    assert ag.value(None, meta, "en") == ["not supplied"]
