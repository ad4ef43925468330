"""The dashboard's similar view gives the count and keeps the answer apart (U13 U4).

The view's answer ('Leidsche Rijn lijkt het meest op ...') and how to read it ('Welke wijken
lijken op ...? Vergeleken is ...') were one paragraph; its table had no count (x van de 8),
though the report, the factsheet and the workbook give it; the note did not say what 'duidelijk'
is nor why two rows share a place.
"""

import pytest
from test_similar_ties_u12 import _rows
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import dashboard
from wijkzicht.outputs.similar_wijken import TIE_WITHIN


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def test_each_neighbour_has_its_count(tmp_path, defs):
    rows = _rows(("Zuidwest", 2.491, 6, 8), ("Overvecht", 2.500, 4, 8), ("West", 3.2, 2, 8))
    (tmp_path / "kopp").mkdir()
    rows.to_csv(tmp_path / "kopp" / "vergelijkbare_wijken.csv", index=False)
    out = {
        r["neighbour_name"]: r["near"]
        for r in dashboard.similar_rows(tmp_path, ["kopp"], "nl", defs)
    }
    assert out == {
        "Zuidwest": "6 van de 8: lijkt duidelijk",
        "Overvecht": "4 van de 8",
        "West": "2 van de 8",
    }
    en = dashboard.similar_rows(tmp_path, ["kopp"], "en", defs)
    assert {r["near"] for r in en} == {"6 of 8: clearly alike", "4 of 8", "2 of 8"}
    # a table made before n_alike: no count
    rows.drop(columns="n_alike").to_csv(tmp_path / "kopp" / "vergelijkbare_wijken.csv", index=False)
    assert {r["near"] for r in dashboard.similar_rows(tmp_path, ["kopp"], "nl", defs)} == {""}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_note_says_the_rules(lang):
    note = dashboard.page_text(lang)["similar_note"]
    # the tie's share filled in, the script's own fields kept
    assert "{tie}" not in note and "{wijk}" in note and "{n}" in note
    tie = f"{round(100 * TIE_WITHIN)}%"
    assert tie in note
    if lang == "nl":
        assert "meer dan de helft van de cijfers" in note and "Cijfers dicht bij" in note
        assert "op alfabet" in note and "hoe kleiner" in note
    else:
        assert "more than half of the figures" in note and "alphabetical order" in note


def test_the_answer_has_a_paragraph_of_its_own():
    js = dashboard.Path(dashboard.__file__).with_name("dashboard.js").read_text(encoding="utf-8")
    # the answer goes to answer-similar, the note to lead-similar, the count to its column
    assert 'if ($("answer-" + view)) $("answer-" + view).textContent = answer;' in js
    assert 'say("similar", { title, answer, lead: note, legend: marksLine(c) });' in js
    assert "T.near_count" in js
