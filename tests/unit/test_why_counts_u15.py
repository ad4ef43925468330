"""The 'Waarom' line counts the figures the items below it count (U13 U5).

The nieuwkomers report said 'Waarom: 25 cijfers ...' above items that added up to 26: the
partners' figure listed with the theme's was left out of the reasons. The workbook's
Leeswijzer, which lists the same counts, had no 'Waarom' line at all.
"""

import pandas as pd
from test_changes_r7 import DEFS
from test_report_messages import kopp_tables
from test_report_pdf import export

from wijkzicht.outputs import report, workbook
from wijkzicht.outputs.document import Para, plain
from wijkzicht.release.changes import rows


def changes():
    """Two kopp figures changed (new data), one partners' figure changed (another setting)."""
    new, _ = kopp_tables()
    old = new.copy()
    share = (old["method"] == "wilson") & (old["definition"] == "breed") & (old["year"] == 2023)
    old.loc[share, "value"] = old.loc[share, "value"] - 0.05
    ch = rows(old, new)
    assert (ch["change"] == "changed").sum() >= 2
    ch["reden"] = "gegevens"
    org = ch.iloc[[0]].assign(
        theme="organisaties", measure="huisarts_psy", definition="", method="per_1000",
        reden="werkwijze",
    )  # fmt: skip
    return ch, org


def test_the_report_counts_the_reasons_of_every_figure_it_lists(tmp_path):
    root = export(tmp_path, DEFS)
    ch, org = changes()
    n = len(ch)
    ch = pd.concat([ch, org], ignore_index=True)
    ch.to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, DEFS, [], lang="nl").changes_section()
    paras = [plain(b.text, "nl") for b in blocks if isinstance(b, Para)]
    (why,) = [p for p in paras if p.startswith("Waarom: ")]
    # the old code: only the theme's figures ('Waarom: 2 cijfers omdat ...')
    assert f"{n} cijfers omdat een bestand waaruit ze gemaakt zijn veranderd is" in why, why
    assert "1 cijfer door een andere versie van wijkzicht of een andere instelling" in why, why


def test_the_leeswijzer_has_its_why_line():
    ch, org = changes()
    ch = pd.concat([ch, org], ignore_index=True)
    said = []

    class Data:
        changes = ch
        measures = {"kopp": kopp_tables()[0]}
        aggregates = None

    workbook.changes_lines(lambda *a: None, lambda a, b: said.append((a, b)), Data, "nl", DEFS)
    text = dict(said)
    assert text["Waarom"] == (
        report.reasons_sentence(ch, "nl").removeprefix("Waarom: ")[:1].upper()
        + report.reasons_sentence(ch, "nl").removeprefix("Waarom: ")[1:]
    )
    assert text["Waarom"].startswith(f"{len(ch) - 1} cijfers omdat"), text["Waarom"]
