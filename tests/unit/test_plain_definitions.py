"""One builder of plain definition sentences (labels.plain_definition) for every page that
explains a definition (fresh-user trial: the report and the workbook said 'een GGZ-behandeling in
een circuit uit de codelijst verslaving circuit of met een hoofddiagnose uit de codelijst
verslaving diagnose'; the dashboard already said it plainly, with its own copy of the words)."""

import pytest
from worlds import ALL_DEFINITIONS, TECHNICAL, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import labels

DEFINITIONS = parse_definitions(config())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_definition_has_a_plain_sentence_without_codes(lang):
    for measure, key in ALL_DEFINITIONS:
        plain = labels.plain_definition(lang, measure, key, DEFINITIONS)
        assert plain and plain.endswith("."), (measure, key)
        assert not TECHNICAL.search(plain), (measure, key, plain)
        name = DEFINITIONS.definition(measure, key).label(lang)
        if measure != "migratie.or_ggz":
            assert plain.lower().startswith(name.lower()), (measure, key, plain)
    assert labels.plain_definition(lang, "kopp.aandeel", "onbekend", DEFINITIONS) is None


def test_the_addiction_care_of_a_parent_in_words_not_codelists():
    exact = labels.definition_text("nl", "kopp.aandeel", "verslaving", DEFINITIONS)
    plain = labels.plain_definition("nl", "kopp.aandeel", "verslaving", DEFINITIONS)
    assert "codelijst" in exact  # the exact wording stays for the epidemiologist
    assert "codelijst" not in plain and "verslavingszorg" in plain
    assert plain.startswith("Ouder met verslavingszorg: ")
    # a newcomer's uitstroom in plain words
    assert labels.plain_definition("nl", "nieuwkomers.aandeel", "uitstroom_bw_mo", DEFINITIONS) == (
        "Uitstroom uit beschermd wonen of maatschappelijke opvang: een nieuwkomer telt mee als hij "
        "of zij in het jaar voor de verhuizing uit beschermd wonen of maatschappelijke opvang kwam."
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_low_income_says_its_threshold_in_plain_words(lang):
    """'laag inkomen' is the lowest 10% (the persona cards say 'bij de laagste 20% van Nederland'
    of a quintile): the sentence keeps the threshold in words, never its code or percentiles."""
    plain = labels.plain_definition(lang, "nieuwkomers.aandeel", "laag_inkomen", DEFINITIONS)
    words = {"nl": "laag inkomen (een huishoudinkomen bij de laagste 10% van Nederland).",
             "en": "low income (a household income among the lowest 10% of the Netherlands)."}[lang]  # fmt: skip
    assert plain.endswith(words), plain
    assert "INHP" not in plain and "percentiel" not in plain


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_odds_ratio_is_not_compared_at_equal_origin(lang):
    """The odds ratio compares origins (and age bands, sexes, incomes) with a reference group: it
    takes origin into account, it cannot compare 'bij gelijke herkomst' (review of 1 December)."""
    plain = labels.plain_definition(lang, "migratie.or_ggz", "ggz", DEFINITIONS)
    assert "gelijke herkomst" not in plain and "same origin" not in plain, plain
    words = {"nl": "rekening houdend met herkomst, leeftijd, geslacht en inkomen.",
             "en": "taking origin, age, sex and income into account."}[lang]  # fmt: skip
    assert words in plain, plain
