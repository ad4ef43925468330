"""U13 W3: the factsheet's change line said 'het rapport zegt welke en waarom', but the report
shows at most 5 of each kind, the gemeente first: for Binnenstad's 40 newly suppressed figures
it named none. The line now says the report names the largest and changes.csv holds them all."""

import pytest
from test_reader_fixes_p4 import _changes

from wijkzicht.outputs import factsheet as fs


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("nl", "het rapport noemt de grootste en waarom; ze staan allemaal in changes.csv).",
         "het rapport zegt welke"),
        ("en", "the report names the largest and why; all of them are in changes.csv).",
         "the report says which"),
    ],
)  # fmt: skip
def test_the_change_line_does_not_promise_the_report_names_each(lang, said, not_said):
    ch = _changes(
        ("kopp", "kopp.aandeel", "breed", 2019, "buurt", "BU03440603", "Wijk C", "totaal", "totaal", "wilson",
         "changed"),
    )  # fmt: skip
    line = fs.changes_line(ch, "WK034406", "Binnenstad", lang)
    assert line.endswith(said) and not_said not in line
