"""A model estimate that moved one printed step is not among the largest changes (U13 M6).

The migratie report listed 'Hoge psychische klachten (K10), modelschatting | Lange
Elisabethstraat | 16% -> 15%' among the 'grootste veranderingen', above real changes of 0,7
point. A model estimate is published in whole percentages, so 16% -> 15% may be a change of a
tenth of a point. Such a change ranks after every larger one; it is still counted.
"""

import pandas as pd
from test_changes_r7 import DEFS, _model
from test_report_messages import row
from test_report_pdf import export

from wijkzicht.outputs import report
from wijkzicht.outputs.document import plain
from wijkzicht.release.changes import rows

YEARS = [2018, 2019, 2020, 2021, 2022, 2023]


def releases():
    """Utrecht's broad kopp share of six years up by 0,2 to 0,7 point; Zuid's model estimate of
    K10 16% -> 15% (stored whole: a difference of 0,0100, larger than any of the six)."""
    old = [row("kopp", "kopp.aandeel", "breed", y, "GM0344", value=0.20) for y in YEARS]
    old.append(_model("WK034407", "Zuid", 0.16, 0.12, 0.20, measure="k10_hoog"))
    old = pd.DataFrame(old).assign(theme="kopp")
    new = old.copy()
    for i, d in enumerate([0.002, 0.003, 0.004, 0.005, 0.006, 0.007]):
        new.loc[i, "value"] = 0.20 + d
    new.loc[6, "value"] = 0.15
    return old, new


def test_one_step_is_said_of_a_whole_percentage_model_estimate():
    ch = rows(*releases())
    step = report.one_step(ch)
    assert step[ch["area_name"] == "Zuid"].tolist() == [True]
    assert not step[ch["area_name"] == "Utrecht"].any()


def test_the_model_estimate_is_not_among_the_largest(tmp_path):
    root = export(tmp_path, DEFS)
    ch = rows(*releases())
    lines, _ = report.ThemeReport("kopp", root, DEFS, [], lang="nl").changed_lines(ch)
    areas = [plain(line[1], "nl") for line in lines]
    # the five largest real changes (the old code: Zuid's 16% -> 15% first among them)
    assert areas == ["Utrecht"] * report.CHANGES_SHOWN
    # still counted
    assert report.change_counts(ch, "nl") == ["7 cijfers veranderd"]


def test_a_model_estimate_that_moved_more_still_ranks_by_its_size(tmp_path):
    root = export(tmp_path, DEFS)
    old, new = releases()
    new.loc[6, "value"] = 0.13  # 16% -> 13%: three steps
    ch = rows(old, new)
    lines, _ = report.ThemeReport("kopp", root, DEFS, [], lang="nl").changed_lines(ch)
    assert "Zuid" in [plain(line[1], "nl") for line in lines]
