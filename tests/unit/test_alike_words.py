"""'Which wijken are like mine' in words: alike in values, or in how the figures change when the
indicators that drive the similarity are trends (fresh-user trial: 'lijkt op' read as alike in
level when the wijken were only alike in their trend)."""

import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs.similar_wijken import alike_cell, alike_how, alike_in


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def test_trend_indicators_say_alike_in_how_the_figures_change(defs):
    trends = "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:trend_logit"
    said = alike_in("nl", trends, defs)
    assert said.startswith(". De cijfers veranderen er op dezelfde manier, vooral bij: ")
    assert "ontwikkeling" not in said  # the sentence says it is about change, once
    assert alike_how("nl", trends, defs) == " in hoe de cijfers veranderen"
    assert alike_in("en", trends, defs).startswith(
        ". Their figures change in the same way, above all for: "
    )


def test_values_say_alike_and_a_mix_names_both(defs):
    values = "kopp.aandeel:breed:wilson"
    assert alike_in("nl", values, defs).startswith(". Ze lijken vooral op elkaar bij: ")
    assert "veranderen" not in alike_in("nl", values, defs) and alike_how("nl", values, defs) == ""
    mix = alike_in("nl", "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:wilson", defs)
    assert mix.startswith(". Ze lijken vooral op elkaar bij: ")
    assert ". De cijfers veranderen er ook op dezelfde manier bij: " in mix
    assert alike_how("nl", "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:wilson", defs) == ""
    cell = alike_cell("nl", "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:wilson", defs)
    assert "; hoe de cijfers veranderen bij: " in cell
    assert alike_in("nl", "", defs) == "" and alike_in("nl", float("nan"), defs) == ""


def test_each_indicator_is_named_once_and_data_quality_not_at_all(defs):
    """Fresh-user trial (Overvecht factsheet): 'brede definitie (ontwikkeling), geen koppelbare
    ouder (ontwikkeling) en brede definitie'. A definition alike in its value and its trend is
    named once, saying both; the data-quality measure is no reason two wijken are alike."""
    from wijkzicht.outputs.labels import definition_label

    broad = definition_label("nl", "kopp.aandeel", "breed", defs)
    ggz = definition_label("nl", "kopp.aandeel", "ggz", defs)
    closest = (
        "kopp.aandeel:breed:trend_logit;kopp.ouders_onbekend:onbekend:trend_logit;"
        "kopp.aandeel:breed:wilson;kopp.aandeel:ggz:trend_logit"
    )
    said = alike_in("nl", closest, defs)
    assert said == (
        f". Ze lijken vooral op elkaar bij: {broad} (het cijfer en hoe het verandert). "
        f"De cijfers veranderen er ook op dezelfde manier bij: {ggz}"
    )
    assert said.count(broad) == 1 and "koppelbare ouder" not in said
    assert alike_cell("nl", closest, defs) == (
        f"{broad} (het cijfer en hoe het verandert); hoe de cijfers veranderen bij: {ggz}"
    )
    en = alike_in("en", closest, defs)
    assert "(the figure and how it changes)" in en and "linkable" not in en
    # alike in the value and trend of one definition only: no 'in hoe de cijfers veranderen'
    assert alike_how("nl", "kopp.aandeel:breed:trend_logit;kopp.aandeel:breed:wilson", defs) == ""
    # only the data-quality measure: nothing to say
    assert alike_in("nl", "kopp.ouders_onbekend:onbekend:wilson", defs) == ""


def test_the_list_items_say_two_values_that_read_the_same_with_their_method(defs):
    """alike_words, the items the dashboard lists and the workbook joins: a crude and a
    standardised share of one definition with their method in words (the dashboard's page lists
    them as they are: dashboard.similar_rows)."""
    from wijkzicht.outputs.similar_wijken import alike_words

    closest = ["migratie.ggz:ggz:wilson", "migratie.ggz:ggz:direct_std_gamma",
               "migratie.psychofarmaca:psychofarmaca:trend_logit"]  # fmt: skip
    words = alike_words("nl", closest, defs)
    assert words == [
        "GGZ-zorg (ruw percentage)",
        "GGZ-zorg (gecorrigeerd voor leeftijd en geslacht)",
        "hoe de cijfers veranderen bij: psychofarmaca",
    ]
    assert alike_cell("nl", closest, defs) == "; ".join(words)
    # a value and its own trend: once, saying both (the dashboard's copy named it twice)
    pair = ["kopp.aandeel:breed:wilson", "kopp.aandeel:ggz:trend_logit",
            "kopp.aandeel:breed:trend_logit"]  # fmt: skip
    assert alike_words("nl", pair, defs) == [
        "brede definitie (het cijfer en hoe het verandert)",
        "hoe de cijfers veranderen bij: ouder met GGZ-zorg",
    ]
