"""B1 pages say what ▲ ▼ and an odds ratio mean in plain words, without the statistics' names
(a new reader, U2: 'z-toets, Holm', 'odds ratio' beside the figures); the reviewer finds the
test and its correction in the report's reading guide, which the short texts point to."""

import re

import pytest

from wijkzicht.outputs import dashboard, factsheet, figure_specs, key_messages, report

JARGON = re.compile(r"Holm|z-toets|z test|odds ratio|proporties|proportions", re.I)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_short_texts_of_the_marks_have_no_statistics_names(lang):
    texts = [figure_specs.mark_note(["two_proportion_z", "z_independent"], lang),
             factsheet.TEXT[lang]["how_mark"], dashboard.TEXT[lang]["marks"],
             key_messages.WORDS[lang]["or_lower"], key_messages.WORDS[lang]["or_higher"]]  # fmt: skip
    for text in texts:
        assert not JARGON.search(text), text
    plain = {"nl": "waarschijnlijk geen toeval", "en": "probably not chance"}[lang]
    guide = {"nl": "leeswijzer van het rapport", "en": "report's reading guide"}[lang]
    for text in texts[:3]:
        assert plain in text and guide in text, text


def test_the_reports_reading_guide_keeps_the_statistics_for_the_reviewer():
    guide = " ".join(text for _, text in report.WORDS["nl"]["guide_items"])
    assert "Holm" in guide
    assert "z-toets" in key_messages.TEST_WORDS["nl"]["two_proportion_z"]
