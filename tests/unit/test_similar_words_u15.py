"""The report's similar-wijken intro in the pages' words (U13 M3, U3, U6).

Since U14 the pages say 'ligt het dichtst bij' for the distance and 'lijkt (duidelijk) op' for
the count; the intro still opened 'Welke wijk het meest lijkt op ...', said 'dan staan ze op
naam' (meaning alphabetical) and never said what the afstand is. The change section did not
say that which wijken are alike can differ from the previous release.
"""

import pytest
from test_changes_r7 import DEFS
from test_report_pdf import export
from test_trend_words_u15 import releases

from wijkzicht.outputs import report, workbook
from wijkzicht.outputs.document import Para, plain
from wijkzicht.release.changes import rows


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_intro_says_distance_and_likeness_apart(lang):
    intro = report.WORDS[lang]["alike_intro"]
    if lang == "nl":
        assert intro.startswith(
            "Welke wijken het dichtst bij elkaar liggen en of ze op elkaar lijken"
        )
        assert "het meest lijkt op" not in intro and "op naam" not in intro
        assert "op alfabet" in intro
        assert "De afstand tussen twee wijken telt de verschillen bij alle cijfers" in intro
    else:
        assert intro.startswith("Which wijken lie closest to each other and whether they are alike")
        assert "alphabetical order" in intro and "The distance between two wijken" in intro


def test_the_workbook_says_alphabetical_too():
    assert "op alfabet" in workbook.TEXT["nl"]["similar_intro"]
    assert "op naam" not in workbook.TEXT["nl"]["similar_intro"]


def test_the_change_section_says_the_similar_wijken_may_differ(tmp_path):
    root = export(tmp_path, DEFS)
    rows(*releases()).to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, DEFS, [], lang="nl").changes_section()
    paras = [plain(b.text, "nl") for b in blocks if isinstance(b, Para)]
    assert report.WORDS["nl"]["similar_may_change"] in paras
    assert (
        "kan ook anders zijn dan in de vorige uitgave" in report.WORDS["nl"]["similar_may_change"]
    )


def test_a_tie_names_the_clearly_alike_one_first():
    """U13 M4: 'Even dichtbij West liggen Noordwest, Vleuten-De Meern en Zuid ... Noordwest 1 van
    de 8, Vleuten-De Meern 2 van de 8, Zuid 5 van de 8' read as a contradiction."""
    from test_similar_ties_u12 import _rows

    from wijkzicht.outputs.similar_wijken import likeness

    rows = _rows(
        ("Noordwest", 2.968, 1, 8), ("Vleuten-De Meern", 2.95, 2, 8), ("Zuid", 2.878, 5, 8)
    )
    said = likeness("nl", "West", rows)
    assert said.startswith("Zuid lijkt duidelijk op West: bij 5 van de 8 cijfers"), said
    assert said.endswith(
        "Even dichtbij West, maar bij minder cijfers dicht bij elkaar: Noordwest (1 van de 8) en "
        "Vleuten-De Meern (2 van de 8)."
    ), said
    en = likeness("en", "West", rows)
    assert en.startswith("Zuid is clearly like West") and en.endswith(
        "Equally close to West, but close in fewer figures: Noordwest (1 of 8) and "
        "Vleuten-De Meern (2 of 8)."
    ), en
    # two of the tie clearly alike: both named first, with their counts
    rows = _rows(
        ("Noordwest", 2.968, 5, 8), ("Vleuten-De Meern", 2.95, 2, 8), ("Zuid", 2.878, 6, 8)
    )
    said = likeness("nl", "West", rows)
    assert said.startswith("Noordwest en Zuid lijken duidelijk op West."), said
    assert said.endswith("maar bij minder cijfers dicht bij elkaar: Vleuten-De Meern (2 van de 8).")
