"""Key messages say a standardised (age-and-sex corrected) figure by its percentage only: '1 op
de N' reads as a count of real people, which a standardised figure is not (it is the share a
population with the standard's age and sex would have); a crude share keeps its natural frequency."""

import pandas as pd
import pytest
from test_report_messages import assert_cited, by_kind, kopp_tables, migratie_tables, row
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs.document import plain
from wijkzicht.outputs.key_messages import key_messages

FILE = "migratie/measures.csv"


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def texts(theme, m, v, definitions, lang, file=FILE) -> dict[str, str]:
    msgs = key_messages(theme, m, v, definitions, lang=lang, file=file)
    assert_cited(msgs, m, file)
    return {k: plain(x.parts, lang) for k, x in by_kind(msgs).items()}


def test_the_corrected_wijken_are_said_by_their_percentage_only(definitions):
    """migratie's wijken are compared on the corrected figure: Overvecht's 14,0% (by hand:
    value 0.14 of its direct_std_gamma row) with no '1 op de 7' before it; kopp's crude shares
    keep theirs ('ruim 1 op de 3, 36,2%')."""
    m, v = migratie_tables()
    nl = texts("migratie", m, v, definitions, "nl")["wijken"]
    assert nl == ("Duidelijk vaker dan in de gemeente als geheel, gecorrigeerd voor leeftijd en geslacht: "
                  "Overvecht ▲ (14,0%)."), nl  # fmt: skip
    en = texts("migratie", m, v, definitions, "en")["wijken"]
    assert en == ("Clearly more often than in the municipality as a whole, adjusted for age and sex: "
                  "Overvecht ▲ (14.0%)."), en  # fmt: skip
    km, kv = kopp_tables()
    kopp = texts("kopp", km, kv, definitions, "nl", file="kopp/measures.csv")["wijken"]
    assert "Overvecht ▲ (ruim 1 op de 3, 36,2%)" in kopp


def test_a_corrected_big_number_is_a_percentage_not_1_op_de_n(definitions):
    """Without a published crude share the city's figure is the corrected one: said as 'het
    aandeel ... was 9,2%' with its standard named, not '1 op de 11 volwassenen (9,2%)'; with the
    crude share published, that one (9,0%) keeps its '1 op de 11' and the corrected 9,2% beside it
    has none."""
    m, v = migratie_tables()
    nl = texts("migratie", m, v, definitions, "nl")["city"]
    assert nl == ("In 2022 was het aandeel volwassenen met GGZ-zorg in Utrecht 9,2%, omgerekend naar de opbouw "
                  "naar leeftijd en geslacht van de volwassenen in Utrecht in 2022."), nl  # fmt: skip
    en = texts("migratie", m, v, definitions, "en")["city"]
    assert en == ("In 2022, the share of adults with mental-health care in Utrecht was 9.2%, recalculated to the "
                  "age and sex make-up of the adults in Utrecht in 2022."), en  # fmt: skip
    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
    m = pd.concat([m, pd.DataFrame([crude])], ignore_index=True)
    nl = texts("migratie", m, v, definitions, "nl")["city"]
    assert nl.startswith(
        "In 2022 had 1 op de 11 volwassenen in Utrecht (9,0%) GGZ-zorg. Omgerekend "
    ), nl
    assert nl.count("op de") == 1 and "is dat 9,2%;" in nl


def test_a_corrected_big_number_of_the_infographic_is_its_percentage(tmp_path, definitions):
    """The infographic's big number, when it is the corrected figure (no crude share published):
    '9,2%' in large type, 'van de volwassenen in Utrecht' under it and its standard after what was
    had, not '1 op de 11'; the crude share keeps its '1 op de 11' (test_report_pdf)."""
    from test_report_pdf import migratie_export

    from wijkzicht.outputs import infographic

    root = migratie_export(tmp_path, [])
    c = infographic.content("migratie", root, definitions, lang="nl", gemeente="GM0344")
    assert (c.big, c.big_pct, c.big_text) == ("9,2%", "", "van de volwassenen in Utrecht")
    assert c.what == ("had in 2022 GGZ-zorg, omgerekend naar de opbouw naar leeftijd en geslacht van de "
                      "volwassenen in Utrecht in 2022.")  # fmt: skip
    assert (
        infographic.alt_text(c)
        .split(". ")[1]
        .startswith("9,2% van de volwassenen in Utrecht had in 2022 GGZ-zorg, omgerekend")
    )
    en = infographic.content("migratie", root, definitions, lang="en", gemeente="GM0344")
    assert (en.big, en.big_text) == ("9.2%", "of adults in Utrecht")
