"""Key messages: the three to five sentences a theme report opens with, generated from the
published rows of the theme's `measures.csv` and the verdicts of its `verschillen.csv`.

Every number in a message is a `Cell` (a cited cell of `measures.csv`); the words around it come
from the data: which wijken differ clearly from the rest of the city (Holm-corrected tests of
`verschillen.csv`, marked ▲/▼), whether the main measure rises or falls (its trend verdict), and
per theme its own strongest finding:

- kopp: how much more often children of such a parent have their own youth-team trajectory
  (relative risk), and the age groups;
- migratie: the care gap: origins with clearly more high distress (K10) but no more GGZ care
  (among those with high distress, else among all adults), and the odds ratios of GGZ care by
  origin compared with adults of Dutch origin;
- nieuwkomers: the share by previous address, and where newcomers more often have a marker than
  the residents already living there (concentratie).

A share is said as a natural frequency ('ruim 1 op de 3') with the exact percentage beside it;
a standardised (age-and-sex corrected) figure by its percentage only: it is the share a made-up
population with the standard's age and sex would have, not a share of the people counted, and '1
op de 16' reads as a count of real people (`Messages.freq`).
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.definitions.base import join_or
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.catalogue import MAIN  # per theme: (measure, method) of the key numbers
from wijkzicht.outputs.document import Cell, Mark, Part
from wijkzicht.outputs.findings import TESTS, flags
from wijkzicht.outputs.labels import definition_label, group_value_label, method_label

TREND_OF = {"wilson": "trend_logit", "direct_std_gamma": "trend_wls", "survey_taylor": "trend_wls"}
MAX_MESSAGES = 5

WORDS = {
    "nl": {
        "subject": {"kopp": "kinderen", "migratie": "volwassenen", "nieuwkomers": "nieuwkomers"},
        "what": {"kopp": "een ouder met psychische problemen of verslaving ({label})",
                 "migratie": "{label} ({method})", "nieuwkomers": "een kenmerk van kwetsbaarheid ({label})"},
        "what_any": "minstens een kenmerk van kwetsbaarheid: {labels}",
        "city": "In {year} had {freq} {subject} in {gem} ({pct}) {what}{note}.",
        # the big number is the standardised figure (its crude share unpublished): a percentage, no
        # '1 op de N' (`Messages.freq`)
        "city_std": "In {year} was het aandeel {subject} met {what} in {gem} {pct}{note}.",
        # a standardised key measure: the city's big number is the crude share (how many people
        # had it); the standardised figure, which compares wijken, groups and years, beside it with
        # its standard population named (the adults of the run's first year); only the standardised
        # figure when the crude share is not published
        "std": ", omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen {std_pop} in {std_year}",
        # {std_compared}: `format.std_compared` (in a GGD region run the gemeenten too)
        "std_crude": ". Omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen {std_pop} in "
                     "{std_year} is dat {std}; met dat cijfer vergelijken we {std_compared}",
        "city_missing": "Het cijfer voor {gem} in {year} is {state}.",
        "higher": "Duidelijk vaker dan in {against}{adj}: {wijken}.",
        "lower": "Duidelijk minder vaak dan in {against}{adj}: {wijken}.",
        "no_diff": "Geen enkele wijk verschilt duidelijk van {against}.",
        "untestable": "Of de wijken verschillen van {against}, is niet te toetsen.",
        "trend": {
            "daalt": "In {gem} daalt het aandeel sinds {first}: van {pct0} in {first} naar {pct1} in {last}{adj}.",
            "stijgt": "In {gem} stijgt het aandeel sinds {first}: van {pct0} in {first} naar {pct1} in {last}{adj}.",
            "daalt_licht": "In {gem} daalt het aandeel licht sinds {first}: van {pct0} in {first} naar {pct1} in "
                           "{last}{adj}.",
            "stijgt_licht": "In {gem} stijgt het aandeel licht sinds {first}: van {pct0} in {first} naar {pct1} in "
                            "{last}{adj}.",
            "gelijk": "In {gem} blijft het aandeel sinds {first} ongeveer gelijk: {pct0} in {first} en {pct1} in "
                      "{last}{adj}.",
            "geen_trend": "In {gem} is er sinds {first} geen duidelijke trend: {pct0} in {first} en {pct1} in {last}{adj}.",
            "niet_te_toetsen": "Of het aandeel in {gem} sinds {first} verandert, is niet te toetsen: {pct0} in "
                               "{first} en {pct1} in {last}{adj}.",
        },
        # a wijk's own trend, each wijk with its first and last value: 'ook' when the city's goes
        # the same way as strongly, 'wel' when the city has none; the trend words of every page
        # (format.VERDICT_WORDS: 'daalt', not 'daalt duidelijk' here and 'daalt' there, U4)
        "trend_wijk": {"stijgt": "In {wijken} stijgt het aandeel{also}.",
                       "stijgt_licht": "In {wijken} stijgt het aandeel{also} licht.",
                       "daalt": "In {wijken} daalt het aandeel{also}.",
                       "daalt_licht": "In {wijken} daalt het aandeel{also} licht."},
        "wijk_values": " (van {pct0} naar {pct1})",
        "also": {"same": " ook", "none": " wel", "other": ""},
        # after a trend's two corrected figures: both are, not only the last (R12: '... en 9,3%
        # in 2023 (gecorrigeerd ...)' read as if 2019's 9,1% were not)
        "both": ", beide {}",
        "and": " en ",
        "jeugdteam": "Kinderen met een ouder met psychische problemen of verslaving hebben zelf {rr} keer zo vaak "
                     "{what}: {pct_yes} tegen {pct_no} bij andere kinderen.",
        "jeugdteam_same": "Kinderen met een ouder met psychische problemen of verslaving hebben zelf niet duidelijk "
                          "vaker {what}: {pct_yes} tegen {pct_no} bij andere kinderen.",
        "age": "Naar leeftijd: het vaakst bij kinderen van {hi} ({pct_hi}), het minst bij kinderen van {lo} "
               "({pct_lo}).",
        # the care gap: firm when the care figure lies clearly below the city's, else 'mogelijk'
        # with the uncertainty said where the claim is made (words that agree with the numbers)
        # the care gap's care figure says whose care it is (the origin's adults with high distress
        # in the survey, or all its adults in the register), so that it cannot be read against the
        # odds-ratio message, which is about all adults (U4)
        "gap": {True: "Zorgkloof: in de gezondheidsmonitor van {year} hebben volwassenen met een herkomst uit {origin} "
                      "duidelijk vaker hoge psychische klachten ({k10}, tegen {k10_city} in heel {gem}). {care_who}: "
                      "dat is duidelijk minder.",
                # no certain gap: no 'Mogelijke zorgkloof' heading that presumes one (U10: the
                # intervals overlap the city's share); what the data say, and that it may be chance
                False: "In de gezondheidsmonitor van {year} hebben volwassenen met een herkomst uit {origin} "
                       "duidelijk vaker hoge psychische klachten ({k10}, tegen {k10_city} in heel {gem}). "
                       "{care_who}. Dat verschil kan toeval zijn: of zij minder vaak zorg krijgen, is niet zeker."},
        # the other origins found (clearly more distress, care not clearly above the city's), by
        # their care figure and whether it lies clearly below the city's: what the data say, not
        # 'niet duidelijk vaker' (U10)
        "gap_more": {
            "migratie.zorgkloof": {
                True: " Ook volwassenen met een herkomst uit {origins} hebben duidelijk vaker hoge klachten en "
                      "krijgen, als ze hoge klachten hebben, duidelijk minder vaak GGZ-zorg.",
                False: " Ook volwassenen met een herkomst uit {origins} hebben duidelijk vaker hoge klachten; of zij "
                       "met hoge klachten minder vaak GGZ-zorg krijgen, is niet zeker."},
            "migratie.ggz": {
                True: " Ook volwassenen met een herkomst uit {origins} hebben duidelijk vaker hoge klachten en "
                      "krijgen duidelijk minder vaak GGZ-zorg (gestandaardiseerd).",
                False: " Ook volwassenen met een herkomst uit {origins} hebben duidelijk vaker hoge klachten; of zij "
                       "minder vaak GGZ-zorg krijgen, is niet zeker."}},
        # an origin whose care among the distressed is suppressed: said so, and the other care
        # figure (all its adults, standardised) said in its own words
        "gap_more_other": {
            True: " Volwassenen met een herkomst uit {origins} hebben ook duidelijk vaker hoge klachten. Hoeveel van "
                  "hen met hoge klachten GGZ-zorg krijgen, is niet te tonen (te weinig personen). Van al deze "
                  "volwassenen, met en zonder klachten, krijgen er duidelijk minder GGZ-zorg dan in heel {gem} "
                  "(gestandaardiseerd).",
            False: " Volwassenen met een herkomst uit {origins} hebben ook duidelijk vaker hoge klachten. Hoeveel van "
                   "hen met hoge klachten GGZ-zorg krijgen, is niet te tonen (te weinig personen). Van al deze "
                   "volwassenen, met en zonder klachten, krijgen er niet duidelijk minder of meer GGZ-zorg dan in heel "
                   "{gem} (gestandaardiseerd)."},
        # the infographic's short form: the origins with clearly more distress, then their care
        "gap_short": "Gezondheidsmonitor {year}: volwassenen met een herkomst uit {items} hebben duidelijk vaker hoge "
                     "psychische klachten dan in heel {gem} ({k10_city}).",
        "gap_short_less": " Volwassenen met een herkomst uit {origins} krijgen duidelijk minder vaak GGZ-zorg.",
        # 'met die klachten', after 'Gezondheidsmonitor': not to be read against the odds ratios
        # beside it, which are about all adults in the registers
        "gap_short_unsure": {True: " Of de anderen met die klachten minder vaak zorg krijgen, is niet zeker.",
                             False: " Of zij met die klachten minder vaak zorg krijgen, is niet zeker."},
        "care_who": {"migratie.zorgkloof": "Van de volwassenen met een herkomst uit {origin} en hoge klachten "
                                           "krijgt {care} GGZ-zorg, tegen {care_city} van alle volwassenen met hoge "
                                           "klachten in heel {gem}",
                     "migratie.ggz": "Van alle volwassenen met een herkomst uit {origin}, met en zonder klachten, "
                                     "krijgt {care} GGZ-zorg (gestandaardiseerd), tegen {care_city} in heel {gem}"},
        "gap_city": "In de gezondheidsmonitor van {year} had {freq} volwassenen in {gem} ({k10}) hoge psychische "
                    "klachten.",
        "gap_city_care": " Van hen kreeg {care} GGZ-zorg.",
        # all adults (not only those with high distress): said first, so that it is not read
        # against the care gap; the interval in words, the odds ratios last for the reviewer
        "or_lower": "Bij alle volwassenen, met en zonder klachten: bij gelijke leeftijd, geslacht en inkomen krijgen "
                    "volwassenen met een herkomst uit {origins} minder vaak GGZ-zorg dan volwassenen met een "
                    "Nederlandse herkomst. Dat verschil is waarschijnlijk geen toeval. {or_numbers}",
        "or_higher": "Bij alle volwassenen, met en zonder klachten: bij gelijke leeftijd, geslacht en inkomen krijgen "
                     "volwassenen met een herkomst uit {origins} vaker GGZ-zorg dan volwassenen met een Nederlandse "
                     "herkomst. Dat verschil is waarschijnlijk geen toeval. {or_numbers}",
        # both directions in one message (U10: only the origins with less care were named)
        "or_both": "Bij alle volwassenen, met en zonder klachten: bij gelijke leeftijd, geslacht en inkomen krijgen "
                   "volwassenen met een herkomst uit {lower} minder vaak GGZ-zorg dan volwassenen met een Nederlandse "
                   "herkomst, en volwassenen met een herkomst uit {higher} vaker. Die verschillen zijn waarschijnlijk "
                   "geen toeval. {or_numbers}",
        "or_rest": " Bij {origins} is er geen duidelijk verschil.",
        "or_numbers": "In kansverhoudingen (uitleg in de Leeswijzer van het rapport; 1 = even grote kans): {ratios}.",
        # the infographic's short form
        "or_short": {"lower": "Bij gelijke leeftijd, geslacht en inkomen krijgen volwassenen met een herkomst uit "
                              "{lower} minder vaak GGZ-zorg dan volwassenen met een Nederlandse herkomst.",
                     "higher": "Bij gelijke leeftijd, geslacht en inkomen krijgen volwassenen met een herkomst uit "
                               "{higher} vaker GGZ-zorg dan volwassenen met een Nederlandse herkomst.",
                     "both": "Bij gelijke leeftijd, geslacht en inkomen krijgen volwassenen met een herkomst uit "
                             "{lower} minder vaak GGZ-zorg dan volwassenen met een Nederlandse herkomst; uit "
                             "{higher} juist vaker."},
        "or_none": "Bij gelijke leeftijd, geslacht en inkomen verschilt de kans op GGZ-zorg niet duidelijk tussen "
                   "volwassenen met een migratieachtergrond en volwassenen met een Nederlandse herkomst.",
        "origin": "Naar vorig adres had {pct} van de nieuwkomers {label} {what}; {items}.",
        # the same in short, for the infographic (its big number says what the markers are)
        "origin_short": "Nieuwkomers met {what}, naar vorig adres: {items}.",
        "concentratie": "In {wijk} hebben nieuwkomers {ratio} keer zo vaak {label} als de bewoners die er al "
                        "wonen{city}.",
        # a wijk that differs from the city on a ratio: in words, not ▲ ▼ (the same wijk may carry
        # the other mark on the share in another message), with the city's ratio it was tested against
        "concentratie_city": "; dat is duidelijk {more} in {against}{ratio}",
        "more": {"hoger": "meer dan", "lager": "minder dan"},
        "concentratie_none": "In geen enkele wijk hebben nieuwkomers duidelijk vaker {labels} dan de bewoners die "
                             "er al wonen.",
    },
    "en": {
        "subject": {"kopp": "children", "migratie": "adults", "nieuwkomers": "newcomers"},
        "what": {"kopp": "a parent with mental-health problems or addiction ({label})",
                 "migratie": "{label} ({method})", "nieuwkomers": "a vulnerability marker ({label})"},
        "what_any": "at least one vulnerability marker: {labels}",
        "city": "In {year}, {freq} {subject} in {gem} ({pct}) had {what}{note}.",
        "city_std": "In {year}, the share of {subject} with {what} in {gem} was {pct}{note}.",
        "std": ", recalculated to the age and sex make-up of the adults {std_pop} in {std_year}",
        "std_crude": ". Recalculated to the age and sex make-up of the adults {std_pop} in {std_year}, it is {std}; "
                     "that figure is used to compare {std_compared}",
        "city_missing": "The figure for {gem} in {year} is {state}.",
        "higher": "Clearly more often than in {against}{adj}: {wijken}.",
        "lower": "Clearly less often than in {against}{adj}: {wijken}.",
        "no_diff": "No wijk differs clearly from {against}.",
        "untestable": "Whether the wijken differ from {against} cannot be tested.",
        "trend": {
            "daalt": "In {gem} the share has been falling since {first}: from {pct0} in {first} to {pct1} in {last}{adj}.",
            "stijgt": "In {gem} the share has been rising since {first}: from {pct0} in {first} to {pct1} in {last}{adj}.",
            "daalt_licht": "In {gem} the share has been falling slightly since {first}: from {pct0} in {first} to "
                           "{pct1} in {last}{adj}.",
            "stijgt_licht": "In {gem} the share has been rising slightly since {first}: from {pct0} in {first} to "
                            "{pct1} in {last}{adj}.",
            "gelijk": "In {gem} the share has stayed about the same since {first}: {pct0} in {first} and {pct1} in "
                      "{last}{adj}.",
            "geen_trend": "In {gem} there is no clear trend since {first}: {pct0} in {first} and {pct1} in {last}{adj}.",
            "niet_te_toetsen": "Whether the share in {gem} has changed since {first} cannot be tested: {pct0} in "
                               "{first} and {pct1} in {last}{adj}.",
        },
        "trend_wijk": {"stijgt": "In {wijken} the share is rising{also}.",
                       "stijgt_licht": "In {wijken} the share is rising slightly{also}.",
                       "daalt": "In {wijken} the share is falling{also}.",
                       "daalt_licht": "In {wijken} the share is falling slightly{also}."},
        "wijk_values": " (from {pct0} to {pct1})",
        "also": {"same": " too", "none": "", "other": ""},
        "both": ", both {}",
        "and": " and ",
        "jeugdteam": "Children of a parent with mental-health problems or addiction themselves have {what} {rr} times "
                     "as often: {pct_yes} against {pct_no} among other children.",
        "jeugdteam_same": "Children of a parent with mental-health problems or addiction do not clearly more often "
                          "have {what} themselves: {pct_yes} against {pct_no} among other children.",
        "age": "By age: most often among children aged {hi} ({pct_hi}), least often among children aged {lo} "
               "({pct_lo}).",
        "gap": {True: "Care gap: in the {year} health survey, adults with an origin in {origin} clearly more often have "
                      "high psychological distress ({k10}, against {k10_city} in all of {gem}). {care_who}: that is "
                      "clearly less.",
                False: "In the {year} health survey, adults with an origin in {origin} clearly more often have high "
                       "psychological distress ({k10}, against {k10_city} in all of {gem}). {care_who}. That "
                       "difference may be chance: whether they less often get care is not certain."},
        "gap_more": {
            "migratie.zorgkloof": {
                True: " Adults with an origin in {origins} also clearly more often have high distress and, with high "
                      "distress, clearly less often get mental-health care.",
                False: " Adults with an origin in {origins} also clearly more often have high distress; whether they "
                       "less often get mental-health care with high distress is not certain."},
            "migratie.ggz": {
                True: " Adults with an origin in {origins} also clearly more often have high distress and clearly less "
                      "often get mental-health care (standardised).",
                False: " Adults with an origin in {origins} also clearly more often have high distress; whether they "
                       "less often get mental-health care is not certain."}},
        "gap_more_other": {
            True: " Adults with an origin in {origins} clearly more often have high distress too. How many of them "
                  "with high distress get mental-health care cannot be shown (too few persons). Of all these adults, "
                  "with and without distress, clearly fewer get mental-health care than in all of {gem} "
                  "(standardised).",
            False: " Adults with an origin in {origins} clearly more often have high distress too. How many of them "
                   "with high distress get mental-health care cannot be shown (too few persons). Of all these "
                   "adults, with and without distress, not clearly fewer or more get mental-health care than in all "
                   "of {gem} (standardised)."},
        "gap_short": "Health survey {year}: adults with an origin in {items} clearly more often have high "
                     "psychological distress than in all of {gem} ({k10_city}).",
        "gap_short_less": " Adults with an origin in {origins} clearly less often get mental-health care.",
        "gap_short_unsure": {True: " Whether the others with that distress less often get care is not certain.",
                             False: " Whether those with that distress less often get care is not certain."},
        "care_who": {"migratie.zorgkloof": "Of the adults with an origin in {origin} and high distress, {care} get "
                                           "mental-health care, against {care_city} of all adults with high distress "
                                           "in all of {gem}",
                     "migratie.ggz": "Of all adults with an origin in {origin}, with and without distress, {care} "
                                     "get mental-health care (standardised), against {care_city} in all of {gem}"},
        "gap_city": "In the {year} health survey, {freq} adults in {gem} ({k10}) had high psychological distress.",
        "gap_city_care": " Of them, {care} received mental-health care.",
        "or_lower": "Among all adults, with and without distress: at the same age, sex and income, adults with an origin "
                    "in {origins} less often get mental-health care than adults of Dutch origin. That difference is "
                    "probably not chance. {or_numbers}",
        "or_higher": "Among all adults, with and without distress: at the same age, sex and income, adults with an "
                     "origin in {origins} more often get mental-health care than adults of Dutch origin. That "
                     "difference is probably not chance. {or_numbers}",
        "or_both": "Among all adults, with and without distress: at the same age, sex and income, adults with an "
                   "origin in {lower} less often get mental-health care than adults of Dutch origin, and adults with "
                   "an origin in {higher} more often. These differences are probably not chance. {or_numbers}",
        "or_rest": " For {origins} there is no clear difference.",
        "or_numbers": "As odds ratios (explained in the report's reading guide; 1 = the same chance): {ratios}.",
        "or_short": {"lower": "At the same age, sex and income, adults with an origin in {lower} less often get "
                              "mental-health care than adults of Dutch origin.",
                     "higher": "At the same age, sex and income, adults with an origin in {higher} more often get "
                               "mental-health care than adults of Dutch origin.",
                     "both": "At the same age, sex and income, adults with an origin in {lower} less often get "
                             "mental-health care than adults of Dutch origin; those from {higher} more often."},
        "or_none": "At the same age, sex and income, the odds of mental-health care do not differ clearly between "
                   "adults with a migration background and adults of Dutch origin.",
        "origin": "By previous address, {pct} of newcomers {label} had {what}; {items}.",
        "origin_short": "Newcomers with {what}, by previous address: {items}.",
        "concentratie": "In {wijk}, newcomers have {label} {ratio} times as often as the residents already living "
                        "there{city}.",
        "concentratie_city": "; that is clearly {more} in {against}{ratio}",
        "more": {"hoger": "more than", "lager": "less than"},
        "concentratie_none": "In no wijk do newcomers clearly more often have {labels} than the residents already "
                             "living there.",
    },
}  # fmt: skip
TEST_WORDS = {
    "nl": {"two_proportion_z": "een toets of het verschil tussen twee percentages groter is dan toeval: de z-toets "
                               "voor twee proporties",
           "z_independent": "een toets of het verschil groter is dan toeval, voorzichtig omdat de wijk zelf bij de "
                            "gemeente hoort: een z-toets",
           "z_log_ratio": "een toets of de verhouding meer verschilt dan toeval: een z-toets op de verhouding"},
    "en": {"two_proportion_z": "a test whether the difference between two percentages is larger than chance: the "
                               "two-proportion z test",
           "z_independent": "a test whether the difference is larger than chance, cautious as the wijk is part of "
                            "the municipality: a z test",
           "z_log_ratio": "a test whether the ratio differs more than chance: a z test on the ratio"},
}  # fmt: skip


def wijk_order(m: pd.DataFrame, key: str | None) -> dict[str, int]:
    """{wijk code: position}: from high to low on definition `key`, as the figures per wijk, the
    report's tables of buurten, the dashboard and the lists of wijken do; a wijk without a value
    there (suppressed, nobody) after them; equal values, and those without, by name. One order
    for every panel: a wijk keeps its row."""
    w = m[m["area_level"] == "wijk"]
    names = dict(zip(w["area_code"], w["area_name"], strict=False))
    value = {r["area_code"]: float(r["value"]) for r in w[w["definition"] == key].to_dict("records")
             if fmt.state(r) == "ok"}  # fmt: skip

    def rank(code: str) -> tuple:
        return (0, -value[code], names[code]) if code in value else (1, 0.0, names[code])

    return {c: i for i, c in enumerate(sorted(names, key=rank))}


@dataclass(frozen=True)
class Message:
    """One key message: `kind` (city, wijken, trend, gap, odds_ratio, jeugdteam, age, origin,
    concentratie) and its text as parts. `clear`: it tells a clear difference, one a test or an
    interval shows (a trend that rises or falls, a ratio whose interval lies above 1, a group
    clearly more often or less often than another); False for figures alone, or a test that
    found no clear difference. The infographic, with room for few messages, shows those first
    (`infographic.ranked`)."""

    kind: str
    parts: tuple[Part, ...]
    clear: bool = False


def fill(template: str, **values) -> list[Part]:
    """`template` with each {name} replaced by a part (str, Cell, Mark) or a list of parts."""
    out: list[Part] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            out.append(literal)
        if name is not None:
            v = values[name]
            out.extend(v if isinstance(v, list) else [v if isinstance(v, Cell | Mark) else str(v)])
    return out


def joined(items: list[list[Part]], lang: str) -> list[Part]:
    """a, b and c (nl: en) of lists of parts."""
    out: list[Part] = []
    for i, item in enumerate(items):
        if i:
            out.append(WORDS[lang]["and"] if i == len(items) - 1 else ", ")
        out += item
    return out


def key_definition(theme: str, definitions: Definitions, present) -> str | None:
    """The definition of the main measure the key messages are about: kopp the definition of its
    jeugdteam comparison (the broad one), migratie its care measure, nieuwkomers the marker made
    of the others (any of these); else the first published one."""
    present = list(dict.fromkeys(present))
    obj = definitions.theme(theme)
    wanted = None
    if theme == "kopp":
        wanted = obj.jeugdteam.definition.name
    elif theme == "migratie":
        wanted = obj.care.name
    elif theme == "nieuwkomers":
        wanted = next((mk.name for mk in obj.definitions if mk.any_of), None)
    if wanted in present:
        return wanted
    return present[0] if present else None


class Messages:
    """The key messages of one theme from its published rows `m` (index: the row in `file`) and
    its `verschillen` table `v`."""

    def __init__(self, theme: str, m: pd.DataFrame, v: pd.DataFrame, definitions: Definitions, *,
                 lang: str, file: str, standard: Sequence[str] = ()):  # fmt: skip
        self.theme, self.m, self.v, self.definitions = theme, m, v, definitions
        self.lang, self.file, self.w = lang, file, WORDS[lang]
        self.measure, self.method = MAIN[theme]
        main = self.select(self.measure, self.method)
        self.definition = key_definition(theme, definitions, main["definition"])
        main = main[main["definition"] == self.definition]
        self.year = int(main["year"].max()) if len(main) else None
        gem = main[main["area_level"] == "gemeente"]
        self.gem = str(gem["area_name"].iloc[0]) if len(gem) else ""
        self.gem_code = str(gem["area_code"].iloc[0]) if len(gem) else ""
        # whose adults the standard population is ('in Utrecht'; a GGD region run: `standard`,
        # its gemeenten's names: 'van de gemeenten A en B samen'), `format.std_population`
        self.std_pop = fmt.std_population(lang, self.gem, standard)
        # what the standardised figure compares (a GGD region run: the gemeenten too)
        self.std_compared = fmt.std_compared(lang, standard)
        self.gap_origins: list[str] = []  # the origins of the care gap, once gap() has run

    # ----------------------------------------------------------------------- selections

    def select(self, measure, method, *, definition=None, level=None, year=None, group="totaal",
               value=None, code=None) -> pd.DataFrame:  # fmt: skip
        m = self.m
        keep = (m["measure"] == measure) & (m["method"] == method)
        if group is not None:
            keep &= m["group"] == group
        if value is not None:
            keep &= m["group_value"].astype(str) == str(value)
        if definition is not None:
            keep &= m["definition"] == definition
        if level is not None:
            keep &= m["area_level"] == level
        if year is not None:
            keep &= m["year"].astype(int) == int(year)
        if code is not None:
            keep &= m["area_code"] == code
        return m[keep]

    def one(self, *args, **kwargs) -> pd.Series | None:
        rows = self.select(*args, **kwargs)
        return rows.iloc[0] if len(rows) else None

    def cell(self, r: pd.Series, kind: str = "pct", col: str = "value") -> Cell:
        return Cell(self.file, int(r.name), col, float(r[col]), kind)

    @staticmethod
    def ok(r) -> bool:
        return r is not None and fmt.state(r) == "ok"

    def wijk_flags(self, measure=None, definition=None, method=None, year=None) -> dict[str, str]:
        if self.v is None or self.v.empty:
            return {}
        return flags(self.v, measure or self.measure, definition or self.definition, method or self.method,
                     year or self.year)  # fmt: skip

    def wijk(self, code: str, name: str, verdicts: dict[str, str], method=None) -> list[Part]:
        """A wijk's name, with ▲/▼ when it differs clearly from the city (by the test of
        `method`, the main method when None)."""
        mark = verdicts.get(code)
        test = TESTS.get(method or self.method, "")
        return [name, " ", Mark(mark, test)] if mark in fmt.VERDICT_MARKS else [name]

    def trend_verdict(self, code: str, measure=None, definition=None, method=None) -> str:
        if self.v is None or self.v.empty:
            return "niet_te_toetsen"
        v = self.v
        sel = v[(v["comparison"] == "trend") & (v["measure"] == (measure or self.measure))
                & (v["definition"] == (definition or self.definition))
                & (v["method"] == TREND_OF[method or self.method]) & (v["group"] == "totaal")
                & (v["area_code"] == code)]  # fmt: skip
        return str(sel["verdict"].iloc[-1]) if len(sel) else "niet_te_toetsen"

    # ----------------------------------------------------------------------- messages

    def what(self) -> str:
        label = definition_label(self.lang, self.measure, self.definition, self.definitions)
        obj = self.definitions.definition(self.measure, self.definition)
        parts = getattr(obj, "any_of", ())
        if self.theme == "nieuwkomers" and parts:
            return self.w["what_any"].format(
                labels=join_or([p.label(self.lang) for p in parts], self.lang)
            )
        if self.method == "direct_std_gamma":  # said by `std_note`, in plain words
            return label
        return self.w["what"][self.theme].format(
            label=label, method=method_label(self.lang, self.method)
        )

    def adjusted(self, form: str) -> str:
        """'gecorrigeerd voor leeftijd en geslacht' in `form` (', {}' or ' ({})') when the key
        figure is standardised, else nothing: its wijken and trend are the standardised figure,
        which the city's big number (the crude share, `big_row`) is not; said in plain words so
        that a reader does not take the one for the other."""
        return form.format(fmt.ADJUSTED[self.lang]) if self.method == "direct_std_gamma" else ""

    @staticmethod
    def freq(r: pd.Series) -> bool:
        """Whether the share of `r` may be said as a natural frequency ('1 op de 16'): a crude
        share only. A standardised figure is the share a population with the standard's age and
        sex would have, not a share of the people counted: '1 op de 16' would read as a count of
        real people, so it is said by its percentage alone."""
        return r["method"] != "direct_std_gamma"

    def std_year(self) -> int | None:
        """The year of the standard population of a standardised key measure: the adults of the
        run's first year (scripts/migratie.py), the first year of its rows."""
        return fmt.std_year(self.select(self.measure, "direct_std_gamma", group=None))

    def crude(self) -> pd.Series | None:
        """The city's published crude share of a standardised key measure (same definition and
        year), else None."""
        if self.method != "direct_std_gamma":
            return None
        r = self.one(
            self.measure, "wilson", definition=self.definition, level="gemeente", year=self.year
        )
        return r if self.ok(r) else None

    def big_row(self) -> pd.Series | None:
        """The row of the city's big number: how many people had it (the crude share) when the
        key measure is standardised and its crude share published; else the key row itself."""
        crude = self.crude()
        if crude is not None:
            return crude
        return self.one(
            self.measure, self.method, definition=self.definition, level="gemeente", year=self.year
        )

    def std_note(self) -> list[Part]:
        """After the city's big number of a standardised key measure: '. Omgerekend naar de opbouw
        naar leeftijd en geslacht van de volwassenen in Utrecht in 2019 is dat 9,3%; ...' (the big
        number is the crude share), or ', omgerekend naar ... in 2019' when the big number is the
        standardised figure itself (its crude share unpublished); nothing for a key number that is
        not standardised."""
        if self.method != "direct_std_gamma":
            return []
        std_year = self.std_year()
        if self.crude() is None:
            return fill(self.w["std"], std_pop=self.std_pop, std_year=std_year)
        std = self.one(
            self.measure, self.method, definition=self.definition, level="gemeente", year=self.year
        )
        if not self.ok(std):  # the standardised figure itself unpublished: nothing to add
            return []
        return fill(
            self.w["std_crude"],
            std_pop=self.std_pop,
            std_year=std_year,
            std=self.cell(std),
            std_compared=self.std_compared,
        )

    def city(self) -> Message | None:
        r = self.big_row()
        if r is None:
            return None
        if not self.ok(r):
            state = fmt.STATE_WORDS[self.lang][fmt.state(r)]
            return Message(
                "city",
                tuple(fill(self.w["city_missing"], gem=self.gem, year=self.year, state=state)),
            )
        if not self.freq(r):
            parts = fill(self.w["city_std"], year=self.year, subject=self.w["subject"][self.theme], gem=self.gem,
                         pct=self.cell(r), what=self.what(), note=self.std_note())  # fmt: skip
            return Message("city", tuple(parts))
        parts = fill(self.w["city"], year=self.year, freq=self.cell(r, "freq"), subject=self.w["subject"][self.theme],
                     gem=self.gem, pct=self.cell(r), what=self.what(), note=self.std_note())  # fmt: skip
        return Message("city", tuple(parts))

    def wijken(self) -> Message | None:
        rows = self.select(
            self.measure, self.method, definition=self.definition, level="wijk", year=self.year
        )
        if not len(rows):
            return None
        verdicts = self.wijk_flags()
        against = fmt.against(self.lang, TESTS.get(self.method, ()))
        shown = rows[[self.ok(r) for _, r in rows.iterrows()]]
        parts: list[Part] = []
        for verdict, ascending in (("hoger", False), ("lager", True)):
            sel = shown[shown["area_code"].map(verdicts) == verdict]
            sel = sel.sort_values(["value", "area_code"], ascending=[ascending, True])
            items = []
            for i, (_, r) in enumerate(sel.iterrows()):
                freq = [self.cell(r, "freq"), ", "] if i == 0 and self.freq(r) else []
                items.append(
                    [
                        *self.wijk(r["area_code"], r["area_name"], verdicts),
                        " (",
                        *freq,
                        self.cell(r),
                        ")",
                    ]
                )
            if items:
                parts += ([" "] if parts else []) + fill(
                    self.w[{"hoger": "higher", "lager": "lower"}[verdict]],
                    against=against,
                    adj=self.adjusted(", {}"),
                    wijken=joined(items, self.lang),
                )
        if not parts:
            tested = any(v in ("hoger", "lager", "geen_verschil") for v in verdicts.values())
            parts = fill(self.w["no_diff" if tested else "untestable"], against=against)
        return Message("wijken", tuple(parts))

    def trend(self) -> Message | None:
        rows = self.select(self.measure, self.method, definition=self.definition, level="gemeente")
        rows = rows[[self.ok(r) for _, r in rows.iterrows()]]
        if rows["year"].nunique() < 2:
            return None
        first, last = rows.loc[rows["year"].idxmin()], rows.loc[rows["year"].idxmax()]
        verdict = self.trend_verdict(self.gem_code)
        parts = fill(self.w["trend"][verdict], gem=self.gem, first=int(first["year"]), last=int(last["year"]),
                     pct0=self.cell(first), pct1=self.cell(last), adj=self.adjusted(self.w["both"]))  # fmt: skip
        wijken = self.select(
            self.measure, self.method, definition=self.definition, level="wijk", year=self.year
        )
        names = dict(zip(wijken["area_code"], wijken["area_name"], strict=False))
        city = verdict.removesuffix("_licht")  # the city's direction, slight or not
        # clear: the city's share or a wijk's rises or falls (a test's verdict, slight or not)
        clear = verdict in self.w["trend_wijk"]
        said = [verdict]
        for direction in self.w["trend_wijk"]:
            codes = [c for c in sorted(names) if self.trend_verdict(c) == direction]
            if codes:
                clear = True
                said.append(direction)
                also = (
                    "same"
                    if verdict == direction  # as strongly: not 'ook' beside a stronger fall
                    else "other"
                    if city in ("stijgt", "daalt")
                    else "none"
                )
                wijken = [
                    [names[c], *self.wijk_values(c, int(first["year"]), int(last["year"]))]
                    for c in codes
                ]
                parts += [" "] + fill(self.w["trend_wijk"][direction], also=self.w["also"][also],
                                      wijken=joined(wijken, self.lang))  # fmt: skip
        # the trend words said in short where a report first uses them (the reading guide has
        # the rule in full)
        short = fmt.trend_short(self.lang, said)
        return Message("trend", tuple([*parts, " ", short] if short else parts), clear)

    def wijk_values(self, code: str, first: int, last: int) -> list[Part]:
        """' (van 31,6% naar 28,0%)': a wijk's first and last value of the key figure, cited;
        nothing when either is not published."""
        rows = [self.one(self.measure, self.method, definition=self.definition, level="wijk", year=y, code=code)
                for y in (first, last)]  # fmt: skip
        if not all(self.ok(r) for r in rows):
            return []
        return fill(self.w["wijk_values"], pct0=self.cell(rows[0]), pct1=self.cell(rows[1]))

    # kopp -------------------------------------------------------------------

    def jeugdteam(self) -> Message | None:
        jt = self.definitions.kopp.jeugdteam
        key = dict(definition=jt.definition.name, level="gemeente", group="kopp_breed")
        rr = self.select("kopp.jeugdteam", "relative_risk_katz", **key)
        if not len(rr):
            return None
        rr = rr.loc[rr["year"].idxmax()]
        yes = self.one("kopp.jeugdteam", "wilson", value="ja", year=rr["year"], **key)
        no = self.one("kopp.jeugdteam", "wilson", value="nee", year=rr["year"], **key)
        if not (self.ok(rr) and self.ok(yes) and self.ok(no)):
            return None
        clear = float(rr["ci_lower"]) > 1
        template = self.w["jeugdteam" if clear else "jeugdteam_same"]
        return Message("jeugdteam", tuple(fill(template, rr=self.cell(rr, "times"), what=jt.condition.what(self.lang),
                                               pct_yes=self.cell(yes), pct_no=self.cell(no))), clear)  # fmt: skip

    def age(self) -> Message | None:
        rows = self.select(self.measure, self.method, definition=self.definition, level="gemeente", year=self.year,
                           group="leeftijd")  # fmt: skip
        rows = rows[[self.ok(r) for _, r in rows.iterrows()]]
        if len(rows) < 2:
            return None
        hi = rows.sort_values(["value", "group_value"], ascending=[False, True]).iloc[0]
        lo = rows.sort_values(["value", "group_value"], ascending=[True, True]).iloc[0]
        if not float(hi["ci_lower"]) > float(lo["ci_upper"]):  # no clear difference by age
            return None
        label = lambda r: group_value_label(self.lang, "leeftijd", r["group_value"])  # noqa: E731
        return Message("age", tuple(fill(self.w["age"], hi=label(hi), pct_hi=self.cell(hi), lo=label(lo),
                                         pct_lo=self.cell(lo))), clear=True)  # fmt: skip

    # migratie ---------------------------------------------------------------

    def origin_label(self, value) -> str:
        return group_value_label(self.lang, "herkomst", value, self.definitions)

    def gap(self, short: bool = False) -> Message | None:
        """Origins with clearly more high distress (the interval of K10 high lies above the city's
        share) but no more care: among those with high distress (zorgkloof) when published,
        else among all adults (GGZ care, standardised). A care figure that lies clearly above the
        city's ends the search for that origin: it has no gap. `short`: the infographic's form
        (every such origin with its distress, then in a few words whether their care is
        clearly less); the report's is the full one."""
        k10 = self.select("migratie.k10_hoog", "survey_taylor", level="gemeente", group=None)
        if not len(k10):
            return None
        year = int(k10["year"].max())
        k10 = k10[k10["year"] == year]
        city_k10 = self.one("migratie.k10_hoog", "survey_taylor", level="gemeente", year=year)
        if not self.ok(city_k10):
            return None
        care_def = self.definitions.migratie.care.name
        city_gap = self.one(
            "migratie.zorgkloof", "survey_taylor", definition=care_def, level="gemeente", year=year
        )
        city_ggz = self.one(
            "migratie.ggz", "direct_std_gamma", definition=care_def, level="gemeente", year=year
        )
        found = []
        for _, r in k10[k10["group"] == "herkomst"].iterrows():
            if r["group_value"] in ("Nederland", "onbekend") or not self.ok(r):
                continue
            if not float(r["ci_lower"]) > float(city_k10["value"]):
                continue
            gap = self.one("migratie.zorgkloof", "survey_taylor", definition=care_def, level="gemeente", year=year,
                           group="herkomst", value=r["group_value"])  # fmt: skip
            ggz = self.one("migratie.ggz", "direct_std_gamma", definition=care_def, level="gemeente", year=year,
                           group="herkomst", value=r["group_value"])  # fmt: skip
            for care, city in ((gap, city_gap), (ggz, city_ggz)):
                if not (self.ok(care) and self.ok(city)):
                    continue  # suppressed or not there: the next care figure
                # no more care: its interval does not lie wholly above the city's share
                if float(care["ci_lower"]) <= float(city["value"]):
                    found.append((r, care, city, float(care["ci_upper"]) < float(city["value"])))
                break
        if not found:
            parts = fill(self.w["gap_city"], year=year, freq=self.cell(city_k10, "freq"), gem=self.gem,
                         k10=self.cell(city_k10))  # fmt: skip
            if self.ok(city_gap):
                parts += fill(self.w["gap_city_care"], care=self.cell(city_gap))
            return Message("gap", tuple(parts))
        found.sort(key=lambda f: (-float(f[0]["value"]), str(f[0]["group_value"])))
        r, care, city, clear = found[0]
        self.gap_origins = [self.origin_label(f[0]["group_value"]) for f in found]
        if short:
            return self.gap_short(found, year, city_k10)
        who = fill(
            self.w["care_who"][care["measure"]],
            care=self.cell(care),
            care_city=self.cell(city),
            gem=self.gem,
            origin=self.origin_label(r["group_value"]),
        )
        parts = fill(self.w["gap"][clear], year=year, origin=self.origin_label(r["group_value"]), k10=self.cell(r),
                     k10_city=self.cell(city_k10), gem=self.gem, care_who=who)  # fmt: skip
        # the other origins: 'ook' with the same care figure, whether it lies clearly below the
        # city's or not said apart; an origin whose care among the distressed is suppressed (its
        # standardised care among all adults shown instead) in a sentence of its own that says so:
        # left out, a reader concluded it had no more distress (U6: overig Azië, the clearest
        # gap, was not named); its suppressed figure is never said as if known (U10)
        groups: dict[tuple[bool, bool, str], list[list[Part]]] = {}
        for f in found[1:]:
            measure = str(f[1]["measure"])
            key = (
                measure != care["measure"],
                not f[3],
                measure,
            )  # the same care figure first, clear first
            groups.setdefault(key, []).append([self.origin_label(f[0]["group_value"])])
        for (other, unsure, measure), names in sorted(groups.items()):
            template = (self.w["gap_more_other"][not unsure] if other and measure == "migratie.ggz"
                        else self.w["gap_more"][measure][not unsure])  # fmt: skip
            parts += fill(template, origins=joined(names, self.lang), gem=self.gem)
        # clear: the origin's high distress lies clearly above the city's (a gap or a possible one)
        return Message("gap", tuple(parts), clear=True)

    def gap_short(self, found, year: int, city_k10: pd.Series) -> Message:
        """The care gap in short for the infographic (U10: the long message did not fit, and the
        page about migration said nothing about it): the origins with clearly more high
        distress, each with its share, then whether their care is clearly less; no figure of
        care, so none suppressed can be said."""
        items = [
            [self.origin_label(f[0]["group_value"]), " (", self.cell(f[0]), ")"] for f in found
        ]
        parts = fill(self.w["gap_short"], year=year, items=joined(items, self.lang), gem=self.gem,
                     k10_city=self.cell(city_k10))  # fmt: skip
        less = [[self.origin_label(f[0]["group_value"])] for f in found if f[3]]
        if less:
            parts += fill(self.w["gap_short_less"], origins=joined(less, self.lang))
        if len(less) < len(found):
            parts += [self.w["gap_short_unsure"][bool(less)]]
        return Message("gap", tuple(parts), clear=True)

    def odds_ratios(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
        """The published odds ratios of GGZ care by origin (the last year; onbekend left out) whose
        interval lies wholly below 1 (lowest first), wholly above 1 (highest first), and the
        rest; None without odds ratios."""
        rows = self.select("migratie.or_ggz", "logit_glm", level="gemeente", group=None)
        if not len(rows):
            return None
        rows = rows[rows["year"] == rows["year"].max()]
        herkomst = rows[(rows["group"] == "herkomst") & (rows["group_value"] != "onbekend")]
        herkomst = herkomst[[self.ok(r) for _, r in herkomst.iterrows()]]
        lower = herkomst[herkomst["ci_upper"] < 1].sort_values(
            ["value", "group_value"], ascending=[True, True]
        )
        higher = herkomst[herkomst["ci_lower"] > 1].sort_values(
            ["value", "group_value"], ascending=[False, True]
        )
        rest = herkomst[~herkomst.index.isin(lower.index) & ~herkomst.index.isin(higher.index)]
        return lower, higher, rest.sort_values("group_value")

    def care_less_origins(self) -> list[str]:
        """The origins whose adults clearly less often get GGZ care than adults of Dutch origin
        at the same age, sex and income (published odds ratio, its interval below 1)."""
        split = self.odds_ratios()
        return [self.origin_label(v) for v in split[0]["group_value"]] if split else []

    def odds_ratio(self, short: bool = False) -> Message | None:
        """The odds ratios of GGZ care by origin in both directions: the origins with clearly
        less care and those with clearly more (U10: only the first were named), then those with
        no clear difference; `short`: the infographic's form, without the ratios."""
        split = self.odds_ratios()
        if split is None:
            return None
        lower, higher, rest = split
        if not len(lower) and not len(higher):
            return Message("odds_ratio", (self.w["or_none"],)) if len(rest) else None
        names = lambda sel: joined([[self.origin_label(v)] for v in sel["group_value"]], self.lang)  # noqa: E731
        key = "both" if len(lower) and len(higher) else "lower" if len(lower) else "higher"
        if short:
            return Message("odds_ratio", tuple(fill(self.w["or_short"][key], lower=names(lower),
                                                    higher=names(higher))), True)  # fmt: skip
        sel = pd.concat([lower, higher])
        ratios = joined([[self.origin_label(r["group_value"]), " ", self.cell(r, "ratio")]
                         for _, r in sel.iterrows()], self.lang)  # fmt: skip
        if len(sel) == 1:  # one origin: named once
            ratios = [self.cell(sel.iloc[0], "ratio")]
        numbers = fill(self.w["or_numbers"], ratios=ratios)
        if key == "both":
            parts = fill(
                self.w["or_both"], lower=names(lower), higher=names(higher), or_numbers=numbers
            )
        else:
            parts = fill(self.w[f"or_{key}"], origins=names(lower if key == "lower" else higher),
                         or_numbers=numbers)  # fmt: skip
        if len(rest):
            parts += fill(self.w["or_rest"], origins=names(rest))
        return Message("odds_ratio", tuple(parts), True)

    # nieuwkomers ------------------------------------------------------------

    def origin(self, short: bool = False) -> Message | None:
        """The key measure by previous address; `short`: the infographic's form, which names the
        key definition by its label (the markers are said by its big number) and says in short
        what 'onbekend' means (`format.origin_unknown_short`); the report's is the full one."""
        rows = self.select(self.measure, self.method, definition=self.definition, level="gemeente", year=self.year,
                           group="origin")  # fmt: skip
        rows = rows[[self.ok(r) for _, r in rows.iterrows()]]
        if len(rows) < 2:
            return None
        label = lambda r: group_value_label(self.lang, "origin", r["group_value"])  # noqa: E731
        first = rows.iloc[0]
        if short:
            items = [[label(r), " ", self.cell(r)] for _, r in rows.iterrows()]
            what = definition_label(self.lang, self.measure, self.definition, self.definitions)
            parts = fill(self.w["origin_short"], what=what, items=joined(items, self.lang))
        else:
            items = [[label(r), " ", self.cell(r)] for _, r in rows.iloc[1:].iterrows()]
            parts = fill(self.w["origin"], pct=self.cell(first), label=label(first), what=self.what(),
                         items=joined(items, self.lang))  # fmt: skip
        unknown = rows[rows["group_value"] == "onbekend"]
        if len(unknown):
            # 'that is why it is low' only where it is: the lowest of the shares shown
            values = rows["value"].astype(float)
            lowest = float(unknown["value"].astype(float).min()) <= float(values.min())
            note = fmt.origin_unknown_short(self.lang, lowest) if short else fmt.origin_unknown(
                self.lang, lowest, named=True)  # fmt: skip
            parts += [" " + note]
        return Message("origin", tuple(parts))

    def concentratie(self) -> Message | None:
        measure = "nieuwkomers.concentratie"
        rows = self.select(measure, "ratio_katz", level="wijk")
        if not len(rows):
            return None
        year = int(rows["year"].max())
        parts: list[Part] = []
        labels = []
        for d in dict.fromkeys(rows["definition"]):
            label = definition_label(self.lang, measure, d, self.definitions)
            labels.append(label)
            sel = rows[(rows["year"] == year) & (rows["definition"] == d)]
            sel = sel[[self.ok(r) and float(r["ci_lower"]) > 1 for _, r in sel.iterrows()]]
            if len(sel):
                r = sel.sort_values(["value", "area_code"], ascending=[False, True]).iloc[0]
                verdicts = self.wijk_flags(measure, d, "ratio_katz", year)
                kind = self.times_kind(r, measure, d, year)
                parts += ([" "] if parts else []) + fill(
                    self.w["concentratie"], wijk=r["area_name"],
                    ratio=self.cell(r, kind), label=label,
                    city=self.city_ratio(verdicts.get(r["area_code"]), measure, d, year, kind))  # fmt: skip
        if not parts:  # no wijk whose ratio's interval lies above 1: no clear difference
            return Message(
                "concentratie",
                tuple(fill(self.w["concentratie_none"], labels=join_or(labels, self.lang))),
            )
        return Message("concentratie", tuple(parts), clear=True)

    def times_kind(self, r, measure: str, definition: str, year: int) -> str:
        """How a wijk's 'keer zo vaak' is shown: one decimal (`times`: 2,5), or two (`ratio`)
        when the city's ratio beside it would show the same at one decimal (1,46 against 1,52,
        not 1,5 against 1,5)."""
        city = self.one(measure, "ratio_katz", definition=definition, level="gemeente", year=year)
        if self.ok(city) and round(float(city["value"]), 1) == round(float(r["value"]), 1):
            return "ratio"
        return "times"

    def city_ratio(
        self, verdict, measure: str, definition: str, year: int, kind: str = "times"
    ) -> list[Part]:
        """Beside a wijk's ▲ ▼ on a ratio: what it was tested against, with the city's ratio
        (shown as `kind`, the wijk's)."""
        if verdict not in fmt.VERDICT_MARKS:
            return []
        city = self.one(measure, "ratio_katz", definition=definition, level="gemeente", year=year)
        ratio = (
            [" (", self.cell(city, kind), ")"] if self.ok(city) else []
        )  # unpublished: no number
        return fill(self.w["concentratie_city"], more=self.w["more"][verdict], ratio=ratio,
                    against=fmt.against(self.lang, TESTS["ratio_katz"]))  # fmt: skip

    # -----------------------------------------------------------------------

    def messages(self, short: bool = False) -> list[Message]:
        """The key messages in their order; `short`: the infographic's short forms of those that
        have one (`origin`, `gap`, `odds_ratio`), migratie's findings by origin first: the
        page is about them (U10: the long ones did not fit, and only the trend was shown)."""
        if self.year is None:
            return []
        migratie = [self.city, self.gap, self.wijken, self.trend, self.odds_ratio]
        if short:
            migratie = [
                self.city,
                lambda: self.gap(True),
                lambda: self.odds_ratio(True),
                self.wijken,
                self.trend,
            ]
        order = {
            "kopp": [self.city, self.wijken, self.trend, self.jeugdteam, self.age],
            "migratie": migratie,
            "nieuwkomers": [
                self.city,
                self.wijken,
                self.trend,
                lambda: self.origin(short),
                self.concentratie,
            ],
        }[self.theme]
        out = []
        for make in order:
            msg = make()
            if msg is not None:
                out.append(msg)
        return out[:MAX_MESSAGES]


def key_messages(theme: str, m: pd.DataFrame, v: pd.DataFrame | None, definitions: Definitions, *, lang: str,
                 file: str, standard: Sequence[str] = ()) -> list[Message]:  # fmt: skip
    """Three to five key messages of `theme` from its published rows `m` (index: row number in
    `file`, the path of the measures table relative to the export) and its verschillen `v`;
    `standard`: in a GGD region run the names of its gemeenten (the standard population)."""
    return Messages(theme, m, v, definitions, lang=lang, file=file, standard=standard).messages()


def tests_used(v: pd.DataFrame | None, measures) -> list[str]:
    """The tests of `verschillen.csv` behind the wijk verdicts of `measures`, in a fixed order."""
    if v is None or v.empty:
        return []
    sel = v[(v["comparison"] == "wijk_vs_gemeente") & v["measure"].isin(list(measures))]
    return [t for t in TEST_WORDS["nl"] if t in set(sel["test"])]
