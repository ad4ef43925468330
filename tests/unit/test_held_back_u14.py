"""U13 M2: 'Waarom: 93 cijfers omdat een bestand waaruit ze gemaakt zijn veranderd is', 64 of
them now suppressed, read as 'the data on migrants broke'. Where figures are newly suppressed
with reden `gegevens` the report says in one plain sentence why they are held back (the primary
rule beside the previous release, docs/rules.md#e6 and #e7)."""

import pytest
from test_changes_r7 import DEFS
from test_report_messages import kopp_tables
from test_report_pdf import export

from wijkzicht.outputs import report
from wijkzicht.outputs.document import Para, plain
from wijkzicht.release.changes import rows

SAID = {
    "nl": "Cijfers die door verbeterde gegevens maar een paar personen anders zijn dan in de vorige "
    "uitgave, houden we achter: naast het oude cijfer zou het verschil die personen laten zien.",
    "en": "Figures that improved data change by only a few persons from the previous release are "
    "held back: beside the old figure, the difference would show those persons.",
}


def _paras(tmp_path, lang, reden):
    new, _ = kopp_tables()
    old = new.copy()
    breed = (new["definition"] == "breed") & (new["year"] == 2023) & (new["method"] == "wilson")
    ov = breed & (new["area_code"] == "WK034403")
    new.loc[ov, "status"] = "suppressed"
    new.loc[ov, ["value", "ci_lower", "ci_upper"]] = float("nan")
    root = export(tmp_path, DEFS)
    ch = rows(old, new).assign(reden=reden)
    assert (ch["change"] == "newly_suppressed").any()
    ch.to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, DEFS, [], lang=lang).changes_section()
    return [plain(b.text, lang) for b in blocks if isinstance(b, Para)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_newly_suppressed_by_changed_data_are_said_why(tmp_path, lang):
    assert SAID[lang] in _paras(tmp_path, lang, "gegevens")


def test_not_said_for_another_reason(tmp_path):
    assert SAID["nl"] not in _paras(tmp_path, "nl", "privacyregels")


def test_an_all_empty_zichtbaar_column_reads_without_a_pandas_warning():
    """changes.csv whose `zichtbaar` cells are all empty is read as float NaN (`reden` too:
    the same fix in `reasons_sentence`); filling a float column with '' is deprecated."""
    import warnings

    import numpy as np
    import pandas as pd

    from wijkzicht.outputs.report import _seen

    ch = pd.DataFrame({"zichtbaar": [np.nan, np.nan], "reden": [np.nan, np.nan]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _seen(ch).tolist() == ["", ""]
