"""A trend changes where its words change, and the pages say what it was (U13 M1).

U13 read the Binnenstad factsheet: '53 cijfers veranderd', yet every number on the page was the
same as in the previous release. What changed was the trend words: 'ouder met psychofarmaca'
went from 'daalt' to 'geen duidelijke trend', and no page said so. changes.csv now says of a
trend row what a reader sees differ by its words (`zichtbaar` waarde only when they differ) and
keeps both releases' words (`trend_old`, `trend_new`); the report's change table, the
factsheet's change line, the dashboard and the workbook say 'was: daalt'.
"""

from pathlib import Path

import pandas as pd
from test_changes_r7 import DEFS
from test_report_messages import kopp_tables
from test_report_pdf import export

from wijkzicht.outputs import dashboard, factsheet, report, workbook
from wijkzicht.outputs.document import Table, plain
from wijkzicht.release.changes import ROW_COLUMNS, rows


def releases():
    """The kopp tables twice: Utrecht's broad trend (odds ratio per year 0,85, 0,80-0,90:
    daalt) became 0,98 (0,85-1,12: geen duidelijke trend); a copy of it for Overvecht moved
    from 0,85 (0,80-0,90) to 0,84 (0,79-0,89): daalt both times, its printed number other."""
    new, _ = kopp_tables()
    trend = new["method"] == "trend_logit"
    ov = new[trend].assign(area_level="wijk", area_code="WK034403", area_name="Overvecht")
    new = pd.concat([new, ov], ignore_index=True)
    trend = new["method"] == "trend_logit"
    new.loc[trend, ["value", "ci_lower", "ci_upper"]] = [0.85, 0.80, 0.90]
    old = new.copy()
    city = trend & (new["area_code"] == "GM0344")
    wijk = trend & (new["area_code"] == "WK034403")
    new.loc[city, ["value", "ci_lower", "ci_upper"]] = [0.98, 0.85, 1.12]
    new.loc[wijk, ["value", "ci_lower", "ci_upper"]] = [0.84, 0.79, 0.89]
    return old, new


def _written(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "changes.csv"
    rows(*releases()).to_csv(path, index=False)
    return report.read_changes(path)


def test_a_trend_is_seen_to_change_by_its_words():
    got = rows(*releases())
    assert list(got.columns) == ROW_COLUMNS
    got = got.set_index("area_name")
    assert set(got["change"]) == {"changed"}
    # daalt -> geen duidelijke trend: seen, with both words
    assert got.loc["Utrecht", "zichtbaar"] == "waarde"
    assert (got.loc["Utrecht", "trend_old"], got.loc["Utrecht", "trend_new"]) == (
        "daalt",
        "geen_trend",
    )
    # 0,96 -> 0,95, daalt both times: not counted as changed (the old code: waarde)
    assert got.loc["Overvecht", "zichtbaar"] == "niets"
    assert got.loc["Overvecht", "trend_old"] == got.loc["Overvecht", "trend_new"] == "daalt"


def test_a_figure_not_a_trend_has_no_trend_words():
    old, new = releases()
    share = (new["method"] == "wilson") & (new["area_code"] == "GM0344")
    new.loc[share, "value"] = new.loc[share, "value"] + 0.05
    got = rows(old, new)
    shares = got[got["method"] == "wilson"]
    assert len(shares) and (shares["trend_old"] == "").all() and (shares["trend_new"] == "").all()


def test_the_counts_and_the_words_then(tmp_path):
    ch = _written(tmp_path)
    # the trend whose words stayed the same is not counted (the old code: 2 cijfers veranderd)
    assert report.change_counts(ch, "nl") == ["1 cijfer veranderd"]
    part = report.trend_part(ch, "nl", DEFS)
    assert part.startswith("bij 1 trend zijn de woorden anders: ")
    assert part.endswith(": geen duidelijke trend (was: daalt)"), part
    assert report.trend_part(ch, "en", DEFS).endswith(": no clear trend (was: falling)")
    assert report.trend_part(ch[ch["area_name"] == "Overvecht"], "nl") == ""
    # a changes.csv made before the columns: nothing said of trend words
    assert report.trend_part(ch.drop(columns=["trend_old", "trend_new"]), "nl") == ""


def test_the_factsheet_counts_them_on_the_front_and_names_them_on_the_back(tmp_path):
    """The front has no room (Binnenstad's sheet went to a third page): it says how many; the
    back names each with its words then."""
    ch = _written(tmp_path)
    line = factsheet.changes_line(ch, "GM0344", "Utrecht", "nl", DEFS)
    assert "1 cijfer veranderd" in line
    assert line.endswith(
        "Bij 1 trend van Utrecht zijn de woorden anders; de achterkant zegt welke."
    ), line
    (back,) = factsheet.trends_back(ch, "GM0344", "nl", DEFS)
    assert "Trends met andere woorden dan in de vorige uitgave" in back
    assert ": geen duidelijke trend (was: daalt)</li>" in back, back
    # Overvecht's trend kept its words: nothing said of it
    assert "achterkant" not in factsheet.changes_line(ch, "WK034403", "Overvecht", "nl", DEFS)
    assert factsheet.trends_back(ch, "WK034403", "nl", DEFS) == []
    assert factsheet.trends_back(None, "GM0344", "nl", DEFS) == []


def test_the_dashboard_and_the_workbook_say_it_too(tmp_path):
    ch = _written(tmp_path)
    html = dashboard.changes_section(ch, "nl")
    assert "geen duidelijke trend (was: daalt)" in html, html
    said = []

    class Data:
        changes = ch
        measures = {"kopp": pd.DataFrame({"measure": ["kopp.aandeel"], "method": ["wilson"]})}
        aggregates = None

    workbook.changes_lines(lambda *a: None, lambda a, b: said.append((a, b)), Data, "nl", DEFS)
    text = dict(said)[report.label("nl", "kopp.aandeel")]
    assert text.startswith("1 cijfer veranderd; bij 1 trend zijn de woorden anders: ")
    assert " in Utrecht: geen duidelijke trend (was: daalt)" in text, text


def test_the_report_table_lists_the_trend_with_its_words(tmp_path):
    root = export(tmp_path, DEFS)
    ch = rows(*releases())
    ch.to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, DEFS, [], lang="nl").changes_section()
    (t,) = [b for b in blocks if isinstance(b, Table)]
    lines = [[plain(c, "nl") for c in line] for line in t.rows]
    (trend,) = [x for x in lines if x[3] == "daalt"]
    assert trend[1:] == ["Utrecht", "2023", "daalt", "geen duidelijke trend"]
    assert trend[0].endswith("(brede definitie; ontwikkeling)"), trend
    assert not any(x[1] == "Overvecht" for x in lines)


def test_the_trends_said_gemeente_first_and_in_running_text(tmp_path):
    """The dashboard said a buurt's trend before Binnenstad's, 'Psychofarmaca (volwassenen)'
    with a capital mid-sentence and '(brede definitie) (Hooch Boulandt)' in two brackets."""
    ch = _written(tmp_path)
    city = ch[ch["area_code"] == "GM0344"].iloc[0]
    buurt = city.copy()
    buurt[["area_level", "area_code", "area_name"]] = ["buurt", "BU03440600", "Hooch Boulandt"]
    psy = city.copy()
    psy[["theme", "measure", "definition"]] = [
        "migratie",
        "migratie.psychofarmaca",
        "psychofarmaca",
    ]
    both = pd.DataFrame([buurt, city, psy])
    part = report.trend_part(both, "nl", DEFS, area=True)
    assert part.index(" in Utrecht") < part.index(" in Hooch Boulandt"), part
    assert ") (" not in part
    assert ", psychofarmaca (volwassenen) in Utrecht: geen duidelijke trend" in part, part
