"""U4: the odds-ratio key message points to the report's reading guide for its numbers; the
guide's item must carry the word the message uses (kansverhouding; en: odds ratio), else the
reader finds no explanation of it there."""

import pytest
from test_report_messages import definitions, migratie_tables  # noqa: F401 (fixture)

from wijkzicht.outputs.document import plain
from wijkzicht.outputs.key_messages import WORDS, key_messages
from wijkzicht.outputs.report import WORDS as REPORT


@pytest.mark.parametrize(("lang", "word"), [("nl", "kansverhouding"), ("en", "odds ratio")])
def test_the_reading_guide_explains_the_word_the_message_uses(definitions, lang, word):  # noqa: F811
    m, v = migratie_tables()
    msgs = {x.kind: x for x in key_messages("migratie", m, v, definitions, lang=lang, file="m.csv")}
    text = plain(msgs["odds_ratio"].parts, lang)
    assert word in text.lower() and word in WORDS[lang]["or_numbers"].lower()
    titles = [title.lower() for title, _ in REPORT[lang]["guide_theme"]["migratie"]]
    assert any(word in t for t in titles), titles
