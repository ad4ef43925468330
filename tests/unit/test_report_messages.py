"""Key messages of the theme reports, on small hand-made measures and verschillen tables: the right
wijk, the right words, and every number a cited cell of the measures table."""

import re

import pandas as pd
import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.document import Cell, Mark, natural_frequency, plain
from wijkzicht.outputs.key_messages import Messages, key_messages

FILE = "kopp/measures.csv"
CITY = ("GM0344", "Utrecht")
WIJKEN = {"WK034403": "Overvecht", "WK034406": "Binnenstad", "WK034407": "Zuid"}


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def row(theme, measure, definition, year, code, group="totaal", value_=None, method="wilson", *, value,
        lo=None, hi=None, n=1000, status="ok"):  # fmt: skip
    level = "gemeente" if code.startswith("GM") else "wijk"
    name = CITY[1] if level == "gemeente" else WIJKEN[code]
    ok = status == "ok"
    return {
        "theme": theme, "measure": measure, "definition": definition, "year": year, "area_level": level,
        "area_code": code, "area_name": name, "group": group, "group_value": value_ or group, "method": method,
        "numerator": value * n if ok and method == "wilson" else None, "denominator": n if ok else None,
        "n_numerator": round(value * n) if ok else None, "n_denominator": n if ok else None,
        "value": value if ok else None, "ci_lower": (value - 0.02 if lo is None else lo) if ok else None,
        "ci_upper": (value + 0.02 if hi is None else hi) if ok else None, "se": 0.01 if ok else None,
        "status": status,
    }  # fmt: skip


def verdict(measure, definition, year, code, verdict_, method="wilson", comparison="wijk_vs_gemeente",
            group="totaal", value_="totaal"):  # fmt: skip
    test = {
        "wilson": "two_proportion_z",
        "direct_std_gamma": "z_independent",
        "ratio_katz": "z_log_ratio",
    }
    return {"theme": measure.split(".")[0], "measure": measure, "definition": definition, "year": year,
            "comparison": comparison, "area_level": "gemeente" if code.startswith("GM") else "wijk",
            "area_code": code, "area_name": WIJKEN.get(code, CITY[1]), "group": group, "group_value": value_,
            "method": method, "test": "ci_trend" if comparison == "trend" else test.get(method, ""),
            "verdict": verdict_}  # fmt: skip


def kopp_tables(city_status="ok"):
    rows = [
        row("kopp", "kopp.aandeel", "breed", 2022, "GM0344", value=0.27),
        row("kopp", "kopp.aandeel", "breed", 2023, "GM0344", value=0.25, status=city_status),
        row("kopp", "kopp.aandeel", "breed", 2023, "WK034403", value=0.362),
        row("kopp", "kopp.aandeel", "breed", 2023, "WK034406", value=0.12),
        row("kopp", "kopp.aandeel", "breed", 2023, "WK034407", value=0.26),
        row("kopp", "kopp.aandeel", "ggz", 2023, "GM0344", value=0.14),
        row("kopp", "kopp.aandeel", "ggz", 2023, "WK034403", value=0.30),
        row("kopp", "kopp.aandeel", "breed", 2023, "GM0344", method="trend_logit", value=0.96, lo=0.93, hi=0.99),
        row("kopp", "kopp.jeugdteam", "breed", 2023, "GM0344", "kopp_breed", "ja", value=0.083),
        row("kopp", "kopp.jeugdteam", "breed", 2023, "GM0344", "kopp_breed", "nee", value=0.033),
        row("kopp", "kopp.jeugdteam", "breed", 2023, "GM0344", "kopp_breed", "ja_vs_nee", "relative_risk_katz",
            value=2.5, lo=2.2, hi=2.9),
    ]  # fmt: skip
    v = [
        verdict("kopp.aandeel", "breed", 2023, "WK034403", "hoger"),
        verdict("kopp.aandeel", "breed", 2023, "WK034406", "lager"),
        verdict("kopp.aandeel", "breed", 2023, "WK034407", "geen_verschil"),
        # another definition's verdict must not mark the key definition's wijken
        verdict("kopp.aandeel", "ggz", 2023, "WK034407", "hoger"),
        verdict("kopp.aandeel", "breed", 2023, "GM0344", "daalt", "trend_logit", "trend"),
        verdict("kopp.aandeel", "breed", 2023, "WK034403", "daalt", "trend_logit", "trend"),
    ]
    return pd.DataFrame(rows), pd.DataFrame(v)


def cells(msg):
    return [p for p in msg.parts if isinstance(p, Cell)]


def assert_cited(msgs, m, file=FILE):
    """Every number of every message is a Cell pointing at the row and column it shows; the words
    between them carry no number of their own (no percentage, no decimal)."""
    for msg in msgs:
        for c in cells(msg):
            assert c.file == file
            assert m.loc[c.row, c.col] == pytest.approx(c.value)
        words = "".join(p for p in msg.parts if isinstance(p, str))
        assert "%" not in words and not re.search(r"\d[.,]\d", words), words


def by_kind(msgs):
    return {m.kind: m for m in msgs}


@pytest.mark.parametrize(
    "p, nl, en",
    [(0.257, "1 op de 4", "1 in 4"), (0.362, "ruim 1 op de 3", "just over 1 in 3"),
     (0.31, "bijna 1 op de 3", "nearly 1 in 3"), (0.43, "ruim 4 op de 10", "just over 4 in 10"),
     (0.6, "6 op de 10", "6 in 10"), (0.083, "1 op de 12", "1 in 12"),
     (0.004, "minder dan 1 op de 100", "fewer than 1 in 100"), (0.97, "bijna iedereen", "almost everyone")],
)  # fmt: skip
def test_natural_frequency(p, nl, en):
    assert natural_frequency(p, "nl") == nl
    assert natural_frequency(p, "en") == en


def test_kopp_messages_name_the_right_wijken_with_cited_numbers(definitions):
    m, v = kopp_tables()
    msgs = key_messages("kopp", m, v, definitions, lang="nl", file=FILE)
    assert 3 <= len(msgs) <= 5
    assert_cited(msgs, m)
    k = by_kind(msgs)
    assert list(k)[:3] == ["city", "wijken", "trend"]
    city = plain(k["city"].parts, "nl")
    assert city == ("In 2023 had 1 op de 4 kinderen in Utrecht (25,0%) een ouder met psychische problemen of "
                    "verslaving (brede definitie).")  # fmt: skip
    assert [c.row for c in cells(k["city"])] == [1, 1]  # the gemeente row of 2023, breed
    wijken = plain(k["wijken"].parts, "nl")
    assert wijken == ("Duidelijk vaker dan in de rest van de gemeente: Overvecht ▲ (ruim 1 op de 3, 36,2%). "
                      "Duidelijk minder vaak dan in de rest van de gemeente: Binnenstad ▼ (bijna 1 op de 8, 12,0%).")  # fmt: skip
    assert "Zuid" not in wijken  # no clear difference in the key definition
    assert [c.row for c in cells(k["wijken"])] == [2, 2, 3, 3]
    assert Mark("hoger", "two_proportion_z") in k["wijken"].parts
    assert Mark("lager", "two_proportion_z") in k["wijken"].parts
    assert (
        plain(k["trend"].parts, "nl")
        == "In Utrecht daalt het aandeel sinds 2022: van 27,0% in 2022 naar 25,0% in 2023. "
        "In Overvecht daalt het aandeel ook. Stijgt of daalt: waarschijnlijk geen toeval."
    )
    jt = plain(k["jeugdteam"].parts, "nl")
    # 'keer zo vaak' to one decimal (2,5, not 2,50): no precision beside the rounded shares
    assert "2,5 keer zo vaak een traject bij het buurtteam jeugd en gezin: 8,3% tegen 3,3%" in jt


def test_english_messages(definitions):
    m, v = kopp_tables()
    k = by_kind(key_messages("kopp", m, v, definitions, lang="en", file=FILE))
    assert plain(k["city"].parts, "en").startswith(
        "In 2023, 1 in 4 children in Utrecht (25.0%) had a parent"
    )
    assert "Overvecht ▲ (just over 1 in 3, 36.2%)" in plain(k["wijken"].parts, "en")
    assert "falling since 2022" in plain(k["trend"].parts, "en")


def test_suppressed_city_and_no_difference(definitions):
    m, v = kopp_tables(city_status="suppressed_primary")
    v = v.assign(verdict=v["verdict"].replace({"hoger": "geen_verschil", "lager": "geen_verschil"}))
    k = by_kind(key_messages("kopp", m, v, definitions, lang="nl", file=FILE))
    assert plain(k["city"].parts, "nl") == "Het cijfer voor Utrecht in 2023 is onderdrukt."
    assert (
        plain(k["wijken"].parts, "nl")
        == "Geen enkele wijk verschilt duidelijk van de rest van de gemeente."
    )
    # nobody in the group: 'geen personen', never 'onderdrukt'
    m.loc[1, ["status", "denominator", "value"]] = ["ok", 0, None]
    k = by_kind(key_messages("kopp", m, v, definitions, lang="nl", file=FILE))
    assert plain(k["city"].parts, "nl") == "Het cijfer voor Utrecht in 2023 is geen personen."


def migratie_tables(gap_published=True):
    r = []
    for code, ggz in (("GM0344", 0.092), ("WK034403", 0.14)):
        r.append(
            row("migratie", "migratie.ggz", "ggz", 2022, code, method="direct_std_gamma", value=ggz)
        )
    r += [
        row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", "herkomst", "Marokko", "direct_std_gamma", value=0.09,
            lo=0.085, hi=0.095),
        row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", "herkomst", "Turkije", "direct_std_gamma",
            value=0.12, lo=0.11, hi=0.13),
        row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, "GM0344", method="survey_taylor", value=0.10),
        row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, "GM0344", "herkomst", "Marokko", "survey_taylor",
            value=0.21, lo=0.13, hi=0.31),
        row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, "GM0344", "herkomst", "Turkije", "survey_taylor",
            value=0.22, lo=0.14, hi=0.33),
        row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, "GM0344", "herkomst", "Nederland", "survey_taylor",
            value=0.30, lo=0.25, hi=0.35),
        row("migratie", "migratie.zorgkloof", "ggz", 2022, "GM0344", method="survey_taylor", value=0.33),
        row("migratie", "migratie.zorgkloof", "ggz", 2022, "GM0344", "herkomst", "Marokko", "survey_taylor",
            value=0.12, lo=0.05, hi=0.2, status="ok" if gap_published else "suppressed_primary"),
        # Suriname: clearly more distress, its care among the distressed suppressed, all adults' lower
        row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, "GM0344", "herkomst", "Suriname", "survey_taylor",
            value=0.20, lo=0.12, hi=0.30),
        row("migratie", "migratie.zorgkloof", "ggz", 2022, "GM0344", "herkomst", "Suriname", "survey_taylor",
            value=0.1, status="suppressed_primary"),
        row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", "herkomst", "Suriname", "direct_std_gamma",
            value=0.085, lo=0.08, hi=0.09),
        row("migratie", "migratie.or_ggz", "ggz", 2022, "GM0344", "herkomst", "Marokko", "logit_glm", value=0.8,
            lo=0.7, hi=0.9),
        row("migratie", "migratie.or_ggz", "ggz", 2022, "GM0344", "leeftijd", "30-44", "logit_glm", value=0.9,
            lo=0.8, hi=1.1),
    ]  # fmt: skip
    v = [verdict("migratie.ggz", "ggz", 2022, "WK034403", "hoger", "direct_std_gamma")]
    return pd.DataFrame(r), pd.DataFrame(v)


def test_migratie_care_gap_and_odds_ratio(definitions):
    file = "migratie/measures.csv"
    m, v = migratie_tables()
    msgs = key_messages("migratie", m, v, definitions, lang="nl", file=file)
    assert_cited(msgs, m, file)
    k = by_kind(msgs)
    assert list(k)[:2] == ["city", "gap"]  # the theme's own finding right after the city
    gap = plain(k["gap"].parts, "nl")
    # Marokko: K10 clearly above the city, care among the distressed clearly below; Turkije: more
    # distress but its care is only known for all adults, and there it is clearly higher: no gap;
    # Suriname: its care among the distressed is suppressed, its care among all adults clearly
    # lower (8,0-9,0% against 9,2%): named in a sentence of its own that says which care figure
    # (U6: left out, a reader concluded it had no more distress), and what that figure says
    # (U10: not 'niet duidelijk meer', which read oddly)
    assert gap == ("Zorgkloof: in de gezondheidsmonitor van 2022 hebben volwassenen met een herkomst uit Marokko "
                   "duidelijk vaker hoge psychische klachten (21,0%, tegen 10,0% in heel Utrecht). Van de "
                   "volwassenen met een herkomst uit Marokko en hoge klachten krijgt 12,0% GGZ-zorg, tegen 33,0% "
                   "van alle volwassenen met hoge klachten in heel Utrecht: dat is duidelijk minder. "
                   "Volwassenen met een herkomst uit Suriname hebben ook duidelijk vaker hoge klachten. Hoeveel van "
                   "hen met hoge klachten GGZ-zorg krijgen, is niet te tonen (te weinig personen). Van al deze "
                   "volwassenen, met en zonder klachten, krijgen er duidelijk minder GGZ-zorg dan in heel Utrecht "
                   "(gestandaardiseerd).")  # fmt: skip
    messages = Messages("migratie", m, v, definitions, lang="nl", file=file)
    messages.gap()
    # the discussion question names the same origins
    assert messages.gap_origins == ["Marokko", "Suriname"]
    assert plain(by_kind(key_messages("migratie", m, v, definitions, lang="en", file=file))["gap"].parts, "en") == (
        "Care gap: in the 2022 health survey, adults with an origin in Morocco clearly more often have high "
        "psychological distress (21.0%, against 10.0% in all of Utrecht). Of the adults with an origin in Morocco "
        "and high distress, 12.0% get mental-health care, against 33.0% of all adults with high distress in all of "
        "Utrecht: that is clearly less. Adults with an origin in Suriname clearly more often have high distress "
        "too. How many of them with high distress get mental-health care cannot be shown (too few persons). "
        "Of all these adults, with and without distress, clearly fewer get mental-health care than in all of "
        "Utrecht (standardised).")  # fmt: skip
    odds = plain(k["odds_ratio"].parts, "nl")
    # a main-effects model: the odds ratio of herkomst is the same whatever the other
    # covariates' reference levels, so only the origin it is compared with is named
    # it says first that it is about all adults, with and without distress (the care gap above
    # is about those with high distress: read together they must not seem to contradict, U4),
    # the interval in words; the odds ratio itself last, for the reviewer, not as the message
    assert odds == ("Bij alle volwassenen, met en zonder klachten: bij gelijke leeftijd, geslacht en inkomen krijgen "
                    "volwassenen met een herkomst uit Marokko minder vaak GGZ-zorg dan volwassenen met een "
                    "Nederlandse herkomst. Dat verschil is waarschijnlijk geen toeval. In kansverhoudingen (uitleg in "
                    "de Leeswijzer van het rapport; 1 = even grote kans): 0,80.")  # fmt: skip

    # care among the distressed suppressed: all adults' care (standardised) tells instead
    m, v = migratie_tables(gap_published=False)
    gap = plain(
        by_kind(key_messages("migratie", m, v, definitions, lang="nl", file=file))["gap"].parts,
        "nl",
    )
    # both on all adults' care, which is published for both: Suriname named too; 9,0% against
    # 9,2% is no certain difference: no gap claimed, not even a 'Mogelijke zorgkloof' (U10),
    # its uncertainty said where the figures are; Suriname's care (8,0-9,0% against 9,2%) is
    # clearly lower, said so
    assert gap.startswith(
        "In de gezondheidsmonitor van 2022 hebben volwassenen met een herkomst uit Marokko"
    )
    assert gap.endswith(
        "duidelijk vaker hoge psychische klachten (21,0%, tegen 10,0% in heel Utrecht). Van alle volwassenen met "
        "een herkomst uit Marokko, met en zonder klachten, krijgt 9,0% GGZ-zorg (gestandaardiseerd), tegen 9,2% in "
        "heel Utrecht. Dat verschil kan toeval zijn: of zij minder vaak zorg krijgen, is niet zeker. Ook "
        "volwassenen met een herkomst uit Suriname hebben duidelijk vaker hoge klachten en krijgen duidelijk "
        "minder vaak GGZ-zorg (gestandaardiseerd)."
    )
    en = by_kind(key_messages("migratie", m, v, definitions, lang="en", file=file))["gap"]
    assert plain(en.parts, "en").startswith("In the 2022 health survey")
    assert (
        ". That difference may be chance: whether they less often get care is not certain."
        in plain(en.parts, "en")
    )


def test_wijken_say_what_their_test_compared_them_with(definitions):
    """A standardised (or survey) figure is tested against the municipality as a whole, the wijk in it
    (findings: z_independent), not against the rest of the municipality; the ▲'s words say the same."""
    m, v = migratie_tables()
    # migratie's key figure is standardised: said so (test_the_standardised_figure_is_said_so_...)
    for lang, words in (("nl", "Duidelijk vaker dan in de gemeente als geheel, gecorrigeerd voor leeftijd en geslacht: "
                               "Overvecht ▲"),
                        ("en", "Clearly more often than in the municipality as a whole, adjusted for age and sex: "
                               "Overvecht ▲")):  # fmt: skip
        wijken = by_kind(key_messages("migratie", m, v, definitions, lang=lang, file="m.csv"))[
            "wijken"
        ]
        assert plain(wijken.parts, lang).startswith(words)
        assert Mark("hoger", "z_independent") in wijken.parts


def test_nieuwkomers_concentratie_and_origin(definitions):
    file = "nieuwkomers/measures.csv"
    m = pd.DataFrame([
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", value=0.25),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "WK034403", value=0.40),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", "binnen_gemeente", value=0.28),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", "buiten_gemeente", value=0.29),
        row("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", 2023, "GM0344", method="ratio_katz",
            value=1.1, lo=1.0, hi=1.2),
        row("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", 2023, "WK034403", method="ratio_katz",
            value=2.05, lo=1.6, hi=2.6),
        row("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", 2023, "WK034406", method="ratio_katz",
            value=1.3, lo=0.9, hi=1.8),
    ])  # fmt: skip
    v = pd.DataFrame(
        [
            verdict(
                "nieuwkomers.concentratie", "laag_inkomen", 2023, "WK034403", "hoger", "ratio_katz"
            )
        ]
    )
    msgs = key_messages("nieuwkomers", m, v, definitions, lang="nl", file=file)
    assert_cited(msgs, m, file)
    k = by_kind(msgs)
    assert "trend" not in k  # one year: no trend to tell
    assert plain(k["origin"].parts, "nl") == (
        "Naar vorig adres had 28,0% van de nieuwkomers van elders in de gemeente minstens een kenmerk van "
        "kwetsbaarheid: GGZ-zorg (dit of vorig jaar), uitstroom uit beschermd wonen of maatschappelijke opvang of "
        "laag inkomen (vorig jaar); van buiten de gemeente 29,0%."
    )
    assert plain(k["concentratie"].parts, "nl") == (
        "In Overvecht hebben nieuwkomers 2,0 keer zo vaak laag inkomen (vorig jaar) als de bewoners die er al "
        "wonen; dat is duidelijk meer dan in de gemeente als geheel (1,1)."
    )  # one decimal (2.05 is 2.0499... as a float)
    # in words, no ▲ ▼: the same wijk may carry the other mark on the share (fresh-user trial)
    assert not any(isinstance(p, Mark) for p in k["concentratie"].parts)
    # a clear difference (Overvecht's ratio lies above 1, 1,6 to 2,6); the shares by previous
    # address are figures that no test compares
    assert k["concentratie"].clear and not k["origin"].clear
    # no wijk whose ratio lies clearly above 1: the message says so, no clear difference
    none = m[~((m["measure"] == "nieuwkomers.concentratie") & (m["area_code"] == "WK034403"))]
    k = by_kind(key_messages("nieuwkomers", none, v, definitions, lang="nl", file=file))
    assert plain(k["concentratie"].parts, "nl").startswith("In geen enkele wijk hebben nieuwkomers")
    assert not k["concentratie"].clear
    en = by_kind(key_messages("nieuwkomers", m, v, definitions, lang="en", file=file))[
        "concentratie"
    ]
    assert plain(en.parts, "en").endswith(
        "as the residents already living there; that is clearly more than in the municipality as a whole (1.1)."
    )


def test_the_big_number_of_a_standardised_measure_is_the_crude_share_with_its_standard_named(
    definitions,
):
    """The city's big number of migratie is how many adults had GGZ care: the crude share (9,0%),
    not the standardised figure (9,2%), which stands beside it with its standard population named:
    the adults of the run's first year (2020 here, from the rows), not 'the whole gemeente'."""
    file = "migratie/measures.csv"
    m, v = migratie_tables()
    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
    first = row(
        "migratie", "migratie.ggz", "ggz", 2020, "GM0344", method="direct_std_gamma", value=0.08
    )
    m = pd.concat([m, pd.DataFrame([crude, first])], ignore_index=True)
    msgs = key_messages("migratie", m, v, definitions, lang="nl", file=file)
    assert_cited(msgs, m, file)
    city = by_kind(msgs)["city"]
    assert cells(city)[1].row == len(m) - 2  # the percentage beside '1 op de 11' is the crude row
    assert plain(city.parts, "nl") == (
        "In 2022 had 1 op de 11 volwassenen in Utrecht (9,0%) GGZ-zorg. Omgerekend naar de opbouw naar leeftijd "
        "en geslacht van de volwassenen in Utrecht in 2020 is dat 9,2%; met dat cijfer vergelijken we wijken, "
        "groepen en jaren.")  # fmt: skip
    en = plain(
        by_kind(key_messages("migratie", m, v, definitions, lang="en", file=file))["city"].parts,
        "en",
    )
    assert en == (
        "In 2022, 1 in 11 adults in Utrecht (9.0%) had mental-health care. Recalculated to the age and sex make-up "
        "of the adults in Utrecht in 2020, it is 9.2%; that figure is used to compare wijken, groups and years.")  # fmt: skip
    # without a published crude share: the standardised figure is the big number, its standard named,
    # as a percentage only (no '1 op de 11': test_key_messages)
    city = plain(by_kind(key_messages("migratie", *migratie_tables(), definitions, lang="nl", file=file))["city"].parts,
                 "nl")  # fmt: skip
    assert city == ("In 2022 was het aandeel volwassenen met GGZ-zorg in Utrecht 9,2%, omgerekend naar de opbouw "
                    "naar leeftijd en geslacht van de volwassenen in Utrecht in 2022.")  # fmt: skip


def test_in_a_region_run_the_standardised_figure_compares_the_gemeenten_too(definitions):
    """A GGD region run standardises every gemeente to one standard population (the adults of
    its gemeenten together), so the region overview compares the gemeenten with that figure:
    the sentence beside the big number says so (nl and en); a single run's stays as it was."""
    file = "migratie/measures.csv"
    m, v = migratie_tables()
    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
    m = pd.concat([m, pd.DataFrame([crude])], ignore_index=True)
    region = ["Utrecht", "Nieuwegein"]
    nl = plain(by_kind(key_messages("migratie", m, v, definitions, lang="nl", file=file,
                                    standard=region))["city"].parts, "nl")  # fmt: skip
    assert nl.endswith(
        "van de volwassenen van de gemeenten Utrecht en Nieuwegein samen in 2022 is dat 9,2%; met "
        "dat cijfer vergelijken we wijken, groepen, jaren en de gemeenten van de regio."
    ), nl
    en = plain(by_kind(key_messages("migratie", m, v, definitions, lang="en", file=file,
                                    standard=region))["city"].parts, "en")  # fmt: skip
    assert en.endswith(
        "that figure is used to compare wijken, groups, years and the municipalities of the region."
    ), en
    single = plain(by_kind(key_messages("migratie", m, v, definitions, lang="nl",
                                        file=file))["city"].parts, "nl")  # fmt: skip
    assert single.endswith("met dat cijfer vergelijken we wijken, groepen en jaren.")


def test_keer_zo_vaak_keeps_two_decimals_when_one_would_hide_the_difference(definitions):
    """A wijk clearly above the city but equal to it at one decimal (1,52 against 1,46: both 1,5)
    shows both to two decimals, so that 'meer dan in de stad' does not read 1,5 against 1,5."""
    file = "nieuwkomers/measures.csv"
    m = pd.DataFrame([
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", value=0.25),
        row("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", 2023, "GM0344", method="ratio_katz",
            value=1.46, lo=1.40, hi=1.52),
        row("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", 2023, "WK034403", method="ratio_katz",
            value=1.52, lo=1.3, hi=1.8),
    ])  # fmt: skip
    v = pd.DataFrame(
        [
            verdict(
                "nieuwkomers.concentratie", "laag_inkomen", 2023, "WK034403", "hoger", "ratio_katz"
            )
        ]
    )
    msgs = key_messages("nieuwkomers", m, v, definitions, lang="nl", file=file)
    assert_cited(msgs, m, file)
    text = plain(by_kind(msgs)["concentratie"].parts, "nl")
    assert (
        "1,52 keer zo vaak" in text
        and "duidelijk meer dan in de gemeente als geheel (1,46)" in text
    )


def test_newcomers_with_an_unknown_previous_address_are_said_to_come_mostly_from_abroad(
    definitions,
):
    """'vorig adres onbekend' is no earlier Dutch address, mostly people from abroad, whose markers
    (income, care of last year) are mostly not known: said where its low share is shown."""
    file = "nieuwkomers/measures.csv"
    m = pd.DataFrame([
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", value=0.25),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", "binnen_gemeente", value=0.28),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", "buiten_gemeente", value=0.29),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", "onbekend", value=0.081),
    ])  # fmt: skip
    msgs = key_messages("nieuwkomers", m, None, definitions, lang="nl", file=file)
    assert_cited(msgs, m, file)
    text = plain(by_kind(msgs)["origin"].parts, "nl")
    assert text.endswith(
        "van buiten de gemeente 29,0% en vorig adres onbekend 8,1%. Vorig adres onbekend betekent: er is geen "
        "eerder adres in Nederland, meestal omdat iemand uit het buitenland komt. Voor wie uit het buitenland "
        "komt, zijn de kenmerken van kwetsbaarheid (zoals inkomen en zorg van vorig jaar) meestal niet bekend; "
        "daarom is dat cijfer laag. Dat zegt niet dat zij niet kwetsbaar zijn."
    ), text
    en = plain(
        by_kind(key_messages("nieuwkomers", m, None, definitions, lang="en", file=file))[
            "origin"
        ].parts,
        "en",
    )
    assert (
        "For those who come from abroad, the vulnerability markers (such as income and care" in en
    )
    assert en.endswith(fmt.origin_unknown("en", True, named=True)), en
    # not the lowest share shown: only what 'onbekend' means, no 'that is why it is low'
    m.loc[3, ["value", "ci_lower", "ci_upper"]] = [0.285, 0.265, 0.305]
    for lang, low in (
        ("nl", "daarom is dat cijfer laag"),
        ("en", "that is why that figure is low"),
    ):
        text = plain(by_kind(key_messages("nieuwkomers", m, None, definitions, lang=lang, file=file))["origin"].parts,
                     lang)  # fmt: skip
        assert low not in text and text.endswith(
            "niet bekend." if lang == "nl" else "not known."
        ), text


def test_wijk_trends_give_their_first_and_last_value_and_say_ook_only_as_strongly(definitions):
    """The city falls slightly; Binnenstad falls clearly (31,6% -> 28,0%), West and Zuid slightly:
    each wijk with its first and last value, 'ook' only beside the city's own slight fall."""
    m, v = kopp_tables()
    m = m[~((m["area_level"] == "wijk") & (m["definition"] == "breed"))]
    extra = [row("kopp", "kopp.aandeel", "breed", y, code, value=x)
             for code, values in (("WK034406", (0.316, 0.28)), ("WK034403", (0.30, 0.29)), ("WK034407", (0.21, 0.20)))
             for y, x in zip((2022, 2023), values, strict=True)]  # fmt: skip
    m = pd.concat([m, pd.DataFrame(extra)], ignore_index=True)
    v = v[v["comparison"] != "trend"]
    v = pd.concat([v, pd.DataFrame([
        verdict("kopp.aandeel", "breed", 2023, "GM0344", "daalt_licht", "trend_logit", "trend"),
        verdict("kopp.aandeel", "breed", 2023, "WK034406", "daalt", "trend_logit", "trend"),
        verdict("kopp.aandeel", "breed", 2023, "WK034403", "daalt_licht", "trend_logit", "trend"),
        verdict("kopp.aandeel", "breed", 2023, "WK034407", "daalt_licht", "trend_logit", "trend"),
    ])], ignore_index=True)  # fmt: skip
    msgs = key_messages("kopp", m, v, definitions, lang="nl", file=FILE)
    assert_cited(msgs, m)
    text = plain(by_kind(msgs)["trend"].parts, "nl")
    assert text.endswith(
        "In Binnenstad (van 31,6% naar 28,0%) daalt het aandeel. In Overvecht (van 30,0% naar 29,0%) en "
        "Zuid (van 21,0% naar 20,0%) daalt het aandeel ook licht. Stijgt of daalt: waarschijnlijk geen "
        "toeval; licht: een kleine verandering."
    ), text
    en = plain(
        by_kind(key_messages("kopp", m, v, definitions, lang="en", file=FILE))["trend"].parts, "en"
    )
    assert "In Binnenstad (from 31.6% to 28.0%) the share is falling." in en, en


def test_the_standardised_figure_is_said_so_beside_the_crude_big_number(definitions):
    """migratie: the big number is the crude share (9,0% in 2022), the wijken and the trend the
    age-and-sex corrected figure (9,2% in 2022): every message that shows the corrected figure
    says so in plain words, so one number is never two things (a reader met '9,4% in 2023' and
    '9,4% in 2022 en 9,5% in 2023' without a word between them); a crude key figure (kopp)
    carries no such words."""
    file = "migratie/measures.csv"
    m, v = migratie_tables()
    extra = [row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090),
             row("migratie", "migratie.ggz", "ggz", 2021, "GM0344", method="direct_std_gamma", value=0.094)]  # fmt: skip
    m = pd.concat([m, pd.DataFrame(extra)], ignore_index=True)
    v = pd.concat([v, pd.DataFrame([verdict("migratie.ggz", "ggz", 2022, "GM0344", "geen_trend", "trend_wls",
                                            "trend")])], ignore_index=True)  # fmt: skip
    nl = {k: plain(x.parts, "nl") for k, x in by_kind(key_messages("migratie", m, v, definitions, lang="nl",
                                                                    file=file)).items()}  # fmt: skip
    assert nl["trend"] == ("In Utrecht is er sinds 2021 geen duidelijke trend: 9,4% in 2021 en 9,2% in 2022, "
                           "beide gecorrigeerd voor leeftijd en geslacht. Geen duidelijke trend: de verandering kan "
                           "toeval zijn.")  # fmt: skip
    assert nl["wijken"].startswith(
        "Duidelijk vaker dan in de gemeente als geheel, gecorrigeerd voor leeftijd en geslacht: Overvecht"
    )
    # the big number is the crude share, not called corrected; its corrected figure named as such
    assert nl["city"].startswith(
        "In 2022 had 1 op de 11 volwassenen in Utrecht (9,0%) GGZ-zorg. Omgerekend"
    )
    en = {k: plain(x.parts, "en") for k, x in by_kind(key_messages("migratie", m, v, definitions, lang="en",
                                                                    file=file)).items()}  # fmt: skip
    assert en["trend"].endswith(
        "9.4% in 2021 and 9.2% in 2022, both adjusted for age and sex. No clear trend: the change may be chance."
    )
    assert en["wijken"].startswith(
        "Clearly more often than in the municipality as a whole, adjusted for age and sex:"
    )
    km, kv = kopp_tables()
    kopp = {k: plain(x.parts, "nl") for k, x in by_kind(key_messages("kopp", km, kv, definitions, lang="nl",
                                                                      file=FILE)).items()}  # fmt: skip
    assert not any("gecorrigeerd" in text for text in kopp.values()), kopp
    assert kopp["trend"].startswith(
        "In Utrecht daalt het aandeel sinds 2022: van 27,0% in 2022 naar 25,0% in 2023."
    )
