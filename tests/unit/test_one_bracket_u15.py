"""One bracket after a name that ends in one (U13, cosmetic): the nieuwkomers report, the
dashboard and the workbook said 'GGZ-zorg (dit of vorig jaar) (het cijfer en hoe het
verandert)'; now 'GGZ-zorg (dit of vorig jaar; het cijfer en hoe het verandert)'."""

import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs.labels import in_brackets, indicator_label
from wijkzicht.outputs.similar_wijken import alike_parts, alike_words


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def test_in_brackets():
    assert in_brackets("GGZ-zorg (dit of vorig jaar)", "ontwikkeling") == (
        "GGZ-zorg (dit of vorig jaar; ontwikkeling)"
    )
    assert in_brackets("GGZ-zorg", "ontwikkeling") == "GGZ-zorg (ontwikkeling)"


def _bracketed_name(defs) -> str:
    """A nieuwkomers definition whose name ends in a bracket ('GGZ-zorg (dit of vorig jaar)')."""
    for d in defs.nieuwkomers.definitions.names:
        name = indicator_label("nl", f"nieuwkomers.aandeel:{d}:wilson", defs)
        if name.endswith(")"):
            return d
    pytest.fail("no nieuwkomers definition whose name ends in a bracket")


def test_a_value_and_its_trend_in_one_bracket(defs):
    d = _bracketed_name(defs)
    pair = [f"nieuwkomers.aandeel:{d}:wilson", f"nieuwkomers.aandeel:{d}:trend_logit"]
    for lang in ("nl", "en"):
        values, trends = alike_parts(lang, pair, defs)
        assert trends == []
        (said,) = values
        assert ") (" not in said and said.count("(") == 1, said
        assert said.endswith(
            "; het cijfer en hoe het verandert)"
            if lang == "nl"
            else "; the figure and how it changes)"
        )
        assert ") (" not in " ".join(alike_words(lang, pair, defs))


def test_a_trend_indicator_in_one_bracket(defs):
    d = _bracketed_name(defs)
    said = indicator_label("nl", f"nieuwkomers.aandeel:{d}:trend_logit", defs)
    assert said.endswith("; ontwikkeling)") and ") (" not in said, said
