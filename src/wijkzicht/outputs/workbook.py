"""The Excel workbook for people (`wijkzicht.xlsx`), built from the export only.

Sheets, in order:

- Leeswijzer (how to read): what is in the workbook, with a link to each sheet; how to read
  percentages, intervals, counts, standardised and survey figures, ratios and trends; the
  marks ▲ ▼ (which test, and Holm's correction for the number of wijken, from
  `verschillen.csv`); the signs `x` (onderdrukt, privacy) and `-` (geen personen); sources
  in words and the data years;
- one sheet per measure: the gemeente and every wijk as rows, the years as columns, then the
  interval and counts of the last year, the verdict against the rest of the city and the
  trend in words with its size; labels, not codes;
- Vergelijkbare wijken: per theme and wijk the wijken most like it, and in what;
- Cijfers van organisaties: the partners' figures (`organisaties/cijfers.csv`) per gemeente,
  wijk and buurt and year, each with its source; Inwoners CBS en register: CBS's inhabitants
  (Kerncijfers) beside the register's per area and year (`kerncijfers/inwoners.csv`); both only
  when the export has them (`outputs.aggregates`);
- Definities: who counts and every definition in words (the definition objects);
- Privacy: the disclosure rules in words.

Every number is a real number with an Excel number format (0.0% for shares, 0.00 for ratios,
#,##0 for counts, +0.00%-punt for a trend in percentage points) and equals its cell in the
exported CSVs, which stay the machine-readable tables. Deterministic: fixed document properties, so a rerun writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import THEMES, Definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.outputs import aggregates as agg_words
from wijkzicht.outputs.aggregates import Aggregates
from wijkzicht.outputs.findings import SLIGHT
from wijkzicht.outputs.format import (
    AGAINST,
    MODEL_BUURT,
    STANDARDISED_COUNTS,
    SUPPRESSED_WHY,
    SURVEY_METHODS,
    against,
    compared_with,
    count_withheld,
    marks_why,
    model_covariates_in_brackets,
    origin_unknown,
    pct,
    state,
    std_compared,
    std_population,
    std_year,
    trend_rule,
    trend_short,
    verdict_words,
)
from wijkzicht.outputs.labels import (
    definition_label,
    definition_order,
    group_label,
    group_value_label,
    label,
    list_label,
    method_label,
    plain_definition,
    reference_label,
    source_labels,
    theme_label,
)
from wijkzicht.outputs.similar_wijken import (
    TIE_WITHIN,
    alike_and_differing,
    alike_cell,
    clearly_alike,
    ordered_neighbours,
)
from wijkzicht.themes.aggregates import PER_1000, explained
from wijkzicht.themes.table import parents_by_code
from wijkzicht.themes.trend_rows import SOURCE_METHODS

SUPPRESSED_MARK = "x"  # the CBS convention for a value kept secret
EMPTY_MARK = "-"  # nobody in the group: nothing to show
MARKS = {"hoger": "▲", "lager": "▼"}
FIXED_DATE = dt.datetime(2000, 1, 1)

# the methods of values, in the order their rows appear; the others are trends
# (standardised first: wijken compare best on it)
VALUE_METHODS = ("direct_std_gamma", "wilson", "survey_taylor", "modelschatting", "ratio_katz",
                 "relative_risk_katz", "logit_glm")  # fmt: skip
SHARES = {"wilson", "direct_std_gamma", "survey_taylor", "modelschatting"}
# survey methods: the respondents (n_denominator) are the count shown
SURVEY = set(SURVEY_METHODS)
TREND_OF = SOURCE_METHODS  # value method -> the method of its trend row
TESTED = {"two_proportion_z", "z_independent", "z_log_ratio"}
# excel number formats: shares as real proportions shown as percentages with one decimal; model
# estimates, published to whole percentages (docs/small_area.md), without; a trend per year of an
# adjusted or weighted figure (trend_wls) is a change in percentage points, kept as the proportion
# of its CSV cell (Excel's % shows it times 100) and said to be points: '+0,23%-punt', not '+0,23%'
FORMATS = {"pct": "0.0%", "whole_pct": "0%", "ratio": "0.00", "count": "#,##0",
           "change_nl": '+0.00%"-punt";-0.00%"-punt";0.00%"-punt"',
           "change_en": '+0.00%" points";-0.00%" points";0.00%" points"'}  # fmt: skip

# the sheet of each measure (plain names, no codes; at most 31 characters), in the order of the workbook (the key measure of a theme first)
SHEETS = {
    "nl": {"kopp.aandeel": "Kinderen, ouder met problemen", "kopp.overlap": "Welke problemen bij ouders",
           "kopp.jeugdteam": "Kinderen bij buurtteam", "kopp.ouders_onbekend": "Kinderen, ouder onbekend", "migratie.ggz": "GGZ-zorg volwassenen",
           "migratie.psychofarmaca": "Psychofarmaca volwassenen", "migratie.or_ggz": "GGZ-zorg per groep vergeleken",
           "migratie.k10_hoog": "Psychische klachten (K10)", "migratie.zorgkloof": "GGZ-zorg bij hoge klachten",
           "migratie.eenzaam": "Eenzaamheid", "nieuwkomers.aandeel": "Nieuwkomers kenmerk",
           "nieuwkomers.concentratie": "Nieuwkomers tegen bewoners"},
    "en": {"kopp.aandeel": "Children, parent w. problems", "kopp.overlap": "Which problems in parents",
           "kopp.jeugdteam": "Children at youth team", "kopp.ouders_onbekend": "Children, parent unknown", "migratie.ggz": "Mental-health care adults",
           "migratie.psychofarmaca": "Psychotropic drugs adults", "migratie.or_ggz": "Care by group compared",
           "migratie.k10_hoog": "Distress (K10)", "migratie.zorgkloof": "Care with high distress",
           "migratie.eenzaam": "Loneliness", "nieuwkomers.aandeel": "Newcomers marker",
           "nieuwkomers.concentratie": "Newcomers vs residents"},
}  # fmt: skip

TEXT = {
    "nl": {
        "guide": "Leeswijzer", "similar": "Vergelijkbare wijken", "definitions": "Definities", "privacy": "Privacy",
        "title": "Wijkzicht {gemeente}: cijfers per wijk",
        "intro": "In deze werkmap staan cijfers over de gemeente {gemeente} en haar wijken, per jaar. De cijfers komen "
                 "uit gekoppelde gegevens van het CBS, de gemeente en de GGD. Niemand is in de cijfers te herkennen.",
        "contents": "Wat staat in deze werkmap", "how": "Zo leest u de cijfers", "signs": "Tekens",
        "sources": "Bronnen en jaren",
        "h_pct": "Percentage",
        "pct": "Het deel van de groep dat meetelt, met één decimaal. Een kwart is 25,0%.",
        "h_interval": "Ondergrens en bovengrens",
        "interval": "Een cijfer is nooit helemaal zeker. Het echte cijfer ligt met 95% zekerheid tussen de ondergrens "
                    "en de bovengrens (het 95%-interval). Hoe kleiner de groep, hoe verder ze uit elkaar liggen. "
                    "De bladen geven ze voor het laatste jaar. Die van eerdere jaren toont het dashboard: kies daar "
                    "een jaar.",
        # the two counts named so that neither is taken for the other: the total is everyone in
        # the group (all children of the area beside a KOPP percentage), not those counted
        "h_counts": "Aantal dat meetelt en totaal in de groep",
        "counts": "Aantal dat meetelt: hoeveel personen meetellen (bij KOPP: de kinderen met zo'n ouder). Totaal in "
                  "de groep: hoeveel personen er in de groep zijn (bij KOPP: alle kinderen). "
                  "Respondenten: hoeveel mensen de vragenlijst invulden.",
        "h_methods": "Berekening",
        "methods": "Ruw percentage: het aantal gedeeld door het totaal. Gecorrigeerd voor leeftijd en geslacht "
                   "(gestandaardiseerd): het percentage als de wijk of groep dezelfde opbouw naar leeftijd en geslacht "
                   "had als {standard}. Zo kunt u {std_compared} eerlijker vergelijken; hoeveel mensen het "
                   "echt zijn, zegt het ruwe percentage. Enquête (gewogen): uit de Gezondheidsmonitor van de GGD. De "
                   "antwoorden zijn gewogen, zodat ze passen bij alle inwoners. {std_counts}",
        # the standard population of the standardised figures: the adults of the run's first year
        "standard": "de volwassenen {std_pop} in {year}",
        "standard_none": "de volwassenen {std_pop} in het eerste jaar",
        "h_ratio": "Hoeveel keer zo vaak (verhouding, relatief risico, odds ratio)",
        "ratio": "1 = gelijk. Boven 1: vaker. Onder 1: minder vaak. Een kans vergeleken met een andere groep (odds "
                 "ratio): erbij staat met welke groep is vergeleken (de referentiegroep).",
        "h_marks": "▲ hoger, ▼ lager",
        "marks": "De wijk verschilt duidelijk van de gemeente in dat jaar. Zo toetsen we dat. Bij ruwe "
                 "percentages: de wijk tegen {rest}, met een toets of het verschil groter is dan toeval (z-toets voor "
                 "twee proporties). Bij gecorrigeerde en gewogen cijfers: de wijk tegen {city}, met zo'n toets op de "
                 "cijfers van wijk en gemeente (z-toets). Die toets is voorzichtig, want de wijk hoort zelf bij de gemeente. "
                 "Bij verhoudingen: de wijk tegen {city}, met dezelfde toets op de verhouding (op de logaritme). We "
                 "vergelijken alle wijken tegelijk. Daarom corrigeren we voor het aantal wijken (methode van Holm). Zo is "
                 "de kans dat we ten onrechte een wijk aanwijzen hooguit {alpha}. Geen teken: geen duidelijk verschil, "
                 "of niet te toetsen.",
        "h_buurten": "Buurten",
        "buurten": "Onder elke wijk staan haar buurten (met '(buurt)' achter de naam), alleen voor alle inwoners "
                      "samen, niet per groep. In een buurt wonen minder mensen: het interval is breder, en vaker staat "
                      "er x. Welke buurt bij een adres hoort, volgt de indeling van dat jaar: verandert de indeling, dan "
                      "telt het adres vanaf dat jaar in de nieuwe buurt.",
        "h_modelschatting": "Modelschatting",
        "modelschatting": "Hoge psychische klachten en eenzaamheid staan per wijk en buurt ook als modelschatting: "
                          "geschat met een model uit de antwoorden van de enquête en gegevens die van alle inwoners "
                          "bekend zijn{covariates}. De echte "
                          "waarde ligt waarschijnlijk binnen het 95%-interval. Alleen voor buurten met genoeg "
                          "inwoners en deelnemers; afgerond op hele procenten. Geen telling. " + MODEL_BUURT["nl"],
        "h_origin": "Vorig adres onbekend (nieuwkomers)",
        "origin": "{origin_unknown}",
        "h_trend": "Trend",
        "trend": "{trend_rule} Bij ruwe percentages is de trend hoeveel de kans per jaar verandert (odds ratio per "
                 "jaar; 1 = gelijk). Bij gecorrigeerde en gewogen cijfers is het de verandering in procentpunten per "
                 "jaar (0 = gelijk).",
        "x": "Onderdrukt: " + SUPPRESSED_WHY["nl"] + "; zo wordt niemand herkenbaar (privacy). "
             "Zie het blad Privacy.",
        "-": "Geen personen: er is niemand in deze groep, dus er is niets te tonen.",
        "▲": "Hoger dan {both} (duidelijk verschil; welke van de twee: zie ▲ hoger, ▼ lager hierboven).",
        "▼": "Lager dan {both} (duidelijk verschil; welke van de twee: zie ▲ hoger, ▼ lager hierboven).",
        "blank_sign": "(leeg)", "blank": "Niet van toepassing, bijvoorbeeld geen vergelijking voor de hele gemeente.",
        "source_of": {"CBS": "CBS (microdata)", "gemeente": "Gemeente", "GGD": "GGD"},
        "years": "Jaren", "survey_years": "Gezondheidsmonitor",
        "through": "{first} tot en met {last}", "and": " en ",
        "csv": "Tabellen voor de computer",
        "csv_text": "Alle cijfers staan ook in CSV-bestanden bij deze uitgave, met codes en extra kolommen (zoals de "
                    "standaardfout en de uitkomsten van de toetsen). Die zijn bedoeld voor analyse met de computer.",
        "see": "Zie het blad {sheet}.", "see_guide": "Uitleg van de tekens en berekeningen: blad Leeswijzer",
        "definitions_text": "Wie meetelt en hoe elk cijfer is bepaald.",
        # the partners' figures and CBS's inhabitants beside the register's (outputs.aggregates)
        "org": "Cijfers van organisaties", "inhabitants": "Inwoners CBS en register",
        "org_text": "Cijfers die organisaties in de wijk zelf aanleveren, per gebied en jaar, elk met de eigen bron.",
        "inhabitants_text": "Het aantal inwoners volgens het CBS naast het aantal in de basisregistratie personen.",
        "org_intro": "Naast de CBS-microdata: cijfers die organisaties in de wijk zelf aanleveren, per gebied en "
                     "niet per persoon. Elk cijfer heeft een eigen bron. Gaat het om aantallen personen, dan gelden "
                     "dezelfde privacyregels.",
        "org_figure": "Cijfer", "org_source": "Bron",
        "org_reading": "Per jaar het cijfer: een percentage, of een aantal per 1.000 (zie de kolom Cijfer); daarna "
                       "het 95%-interval van {year}.",
        "org_line": "{label}: {definition} Bron: {supplier}.",
        "inhabitants_intro": "Het aantal inwoners per gebied op 1 januari volgens de openbare cijfers van het CBS "
                             "(Kerncijfers wijken en buurten), naast het aantal in de basisregistratie personen "
                             "waarmee de andere bladen rekenen.",
        "cbs_year": "CBS {year}", "register_year": "Basisregistratie {year}",
        "difference": "Verschil {year}", "why": "Verklaring {year}",
        "inhabitants_source": "Bron: CBS, Kerncijfers wijken en buurten; CBS-microdata (basisregistratie personen).",
        "source_partners": "Organisaties", "source_kwb": "CBS (openbare cijfers)",
        "kwb_words": "Kerncijfers wijken en buurten: inwoners per gebied op 1 januari.",
        "changes_why": "Waarom cijfers veranderen",
        "changes_rest": "De andere cijfers", "changes_all": "Alle cijfers",
        "changes_file": "Welke cijfers precies",
        "changes_file_text": "Het bestand changes.csv bij deze uitgave: per cijfer dat verschilt de oude en de nieuwe "
                             "waarde. Het rapport van elk thema noemt de grootste veranderingen.",
        "privacy_text": "Hoe de cijfers zijn beschermd, zodat niemand herkenbaar is.",
        "similar_text": "Welke wijken het meest op elkaar lijken, en waarin.",
        # measure sheets
        "definition": "Definitie", "method": "Berekening", "breakdown": "Uitsplitsing", "group": "Groep",
        "reference": "Vergeleken met", "area": "Gebied", "city": "hele gemeente", "buurt": "buurt",
        "lower": "Ondergrens {year}", "upper": "Bovengrens {year}", "count": "Aantal dat meetelt {year}", "total": "Totaal in de groep {year}",
        "respondents": "Respondenten {year}", "verdict": "Vergeleken met {against} ({year})",
        "trend_words": "Trend {first}-{last}", "trend_value": "Trend per jaar", "trend_lower": "Trend ondergrens",
        "trend_upper": "Trend bovengrens",
        "trend_value_logit": "Trend: odds ratio per jaar (1 = gelijk)",
        "trend_value_wls": "Trend: verandering per jaar (procentpunten)",
        "who": "Wie telt mee: {who}.", "definition_line": "Definitie: {text}.", "method_line": "Berekening: {text}.",
        "more_definitions": "De definities staan op het blad Definities.",
        "reading": "Per jaar {what}; daarna het 95%-interval en de aantallen van {year}.",
        "what_pct": "het percentage", "what_ratio": "de verhouding (1 = gelijk)", "what_mixed": "het cijfer",
        "marks_line": "▲ ▼: de wijk verschilt duidelijk van {compared}; gecorrigeerd voor {n} wijken met de "
                      "methode van Holm.",
        "or_with": " of van ",
        "signs_line": "x = onderdrukt (privacy); - = geen personen.",
        "source_line": "Bron: {sources}.",
        "tests": {"two_proportion_z": "z-toets voor twee proporties", "z_independent": "z-toets op wijk en gemeente",
                  "z_log_ratio": "z-toets op de verhouding"},
        "verdicts": {"hoger": "▲ hoger", "lager": "▼ lager", "geen_verschil": "geen duidelijk verschil",
                     "niet_te_toetsen": "niet te toetsen"},
        # similar wijken
        "similar_title": "Wijken die op elkaar lijken",
        "similar_intro": "Per onderwerp de drie wijken met de cijfers die het dichtst bij die van de wijk liggen ({year}), "
                         "gemeten over alle cijfers van het onderwerp; de 1e wijk ligt het dichtst bij. Dicht bij "
                         "elkaar: minder dan de helft van de gewone spreiding tussen de wijken (een halve "
                         "standaardafwijking). Een wijk lijkt duidelijk op een andere als meer dan de helft van hun "
                         "cijfers dicht bij elkaar ligt. 'Lijkt vooral in' en 'Verschilt het meest in' gaan over de "
                         "1e wijk; lijkt de 1e wijk niet duidelijk en een andere wel, dan over die wijk (haar naam "
                         "staat dan vooraan). Wijken waarvan de afstand minder dan {tie}% verschilt van die van de "
                         "dichtstbijzijnde, liggen 'even dichtbij': ze staan op alfabet, niet de een voor de ander.",
        "theme": "Onderwerp", "wijk": "Wijk", "alike": "1e wijk", "alike2": "2e wijk",
        "alike3": "3e wijk", "alike_in": "Lijkt vooral in",
        "differ_in": "Verschilt het meest in", "compared": "Vergeleken op", "figures": {1: "1 cijfer", "n": "{n} cijfers"},
        "close": "Cijfers dicht bij die van de wijk", "tied": "{name} (even dichtbij)",
        "clear": {True: "{name} {a} van de {n} (lijkt duidelijk)", False: "{name} {a} van de {n}"},
        # definitions
        "definitions_title": "Definities: wie en wat telt mee", "measure": "Cijfer", "text": "Wat telt mee",
        "exact": "Precieze definitie",
        "population": "Wie telt mee", "conditions": "Kenmerken van personen", "condition": "Kenmerk",
        # privacy
        "privacy_title": "Privacy: zo zijn de cijfers beschermd",
        "p_small": "Kleine aantallen",
        "p_small_text": "Een cijfer wordt niet getoond (x) als het aantal personen dat meetelt, het totaal van de groep "
                        "of het verschil tussen die twee van 1 tot en met {below} is. De drempel is {threshold}.",
        "p_zero": "Nul en iedereen",
        "p_zero_yes": "Een aantal van 0 (niemand in de groep) en 'iedereen in de groep' mogen wel getoond worden.",
        "p_zero_no": "Ook een aantal van 0 (niemand in de groep) en 'iedereen in de groep' worden niet getoond (x).",
        "p_secondary": "Terugrekenen",
        "p_secondary_text": "Soms is een cijfer zelf niet klein, maar kun je met totalen een onderdrukt cijfer "
                            "terugrekenen. Dan wordt ook dat cijfer niet getoond (x).",
        "p_trend": "Trends",
        # a trend row is suppressed with its series (themes.trend_rows) or, like any cell, to protect
        # another one (secondary suppression): then the years are shown and the trend is x
        "p_trend_text": "Een trend wordt niet getoond (x) als het cijfer van een van de jaren onderdrukt is. Soms "
                        "staat er ook bij de trend een x terwijl de cijfers van alle jaren er staan. Dan is de trend "
                        "weggelaten om een ander, onderdrukt cijfer te beschermen: anders zou dat terug te rekenen "
                        "zijn (zie Terugrekenen).",
        "p_rounding": "Afronden",
        "p_rounding_none": "De aantallen zijn niet afgerond.",
        "p_rounding_base": "De aantallen zijn afgerond op veelvouden van {base}. Totalen tellen daardoor niet altijd "
                           "precies op.",
        "p_empty": "Geen personen",
        "p_empty_text": "Een streepje (-) betekent dat er niemand in de groep is. Dat is iets anders dan onderdrukt.",
        "p_check": "Controle",
        "p_check_text": "Alle bestanden van deze uitgave zijn voor publicatie gecontroleerd: geen nummers van "
                        "personen of adressen en geen kleine aantallen.",
    },
    "en": {
        "guide": "Guide", "similar": "Similar wijken", "definitions": "Definitions", "privacy": "Privacy",
        "title": "Wijkzicht {gemeente}: figures per wijk",
        "intro": "This workbook holds figures for the municipality of {gemeente} and its wijken, per year. They come "
                 "from linked data of Statistics Netherlands (CBS), the municipality and the GGD. Nobody can be "
                 "recognised in them.",
        "contents": "What is in this workbook", "how": "How to read the figures", "signs": "Signs",
        "sources": "Sources and years",
        "h_pct": "Percentage",
        "pct": "The part of the group that counts, with one decimal. A quarter is 25.0%.",
        "h_interval": "Lower and upper bound",
        "interval": "A figure is never completely certain. The true figure lies between the lower and the upper bound "
                    "with 95% certainty (the 95% interval). The smaller the group, the further apart they are. The "
                    "sheets give them for the last year. The dashboard shows those of earlier years: choose a year "
                    "there.",
        "h_counts": "Counted and total in the group",
        "counts": "Counted: how many persons count (for KOPP: the children with such a parent). Total in the group: "
                  "how many persons are in the group (for KOPP: all children). Respondents: how many "
                  "people filled in the questionnaire.",
        "h_methods": "Computation",
        "methods": "Crude percentage: the count divided by the total. Adjusted for age and sex (standardised): the "
                   "percentage if the wijk or group had the same make-up by age and sex as {standard}, so that "
                   "{std_compared} compare more fairly; how many people it really is, the crude percentage says. "
                   "Survey (weighted): from the GGD health survey, weighted so that the answers match all residents. "
                   "{std_counts}",
        "standard": "the adults {std_pop} in {year}",
        "standard_none": "the adults {std_pop} in the first year",
        "h_ratio": "How many times as often (ratio, relative risk, odds ratio)",
        "ratio": "1 = equal. Above 1: more often. Below 1: less often. Odds compared with another group (odds "
                 "ratio): the group compared with is named (the reference group).",
        "h_marks": "▲ higher, ▼ lower",
        "marks": "The wijk clearly differs from the municipality in that year. How we test it: crude percentages: the "
                 "wijk against {rest}, with a test whether the difference is larger than chance (two-proportion z "
                 "test); adjusted and weighted figures: the wijk against {city}, with such a test on the figures of "
                 "wijk and municipality and their uncertainty (z test; cautious, as the wijk is part of the municipality); ratios: "
                 "the wijk against {city}, with the same test on the ratio (on the logarithm). We compare all wijken "
                 "at once and correct for the number of wijken (Holm's method): the chance of wrongly pointing out a wijk stays at most "
                 "{alpha}. No sign: no clear difference, or cannot be tested.",
        "h_buurten": "Buurten",
        "buurten": "Under each wijk are its buurten (neighbourhoods, with '(buurt)' after the name), for all "
                   "residents together only, not per group. Fewer people live in a buurt: the interval is wider, and "
                   "x is more frequent. The buurt of an address follows the division of that year: when the division "
                   "changes, the address counts in its new buurt from that year on.",
        "h_modelschatting": "Model estimate",
        "modelschatting": "High distress and loneliness are also given per wijk and buurt as a model estimate "
                          "(modelschatting): estimated with a model from the survey answers and data known for every "
                          "resident{covariates}. The true value probably "
                          "lies within the 95% interval. Only for buurten with enough residents and respondents; "
                          "rounded to whole percentages. Not a count. " + MODEL_BUURT["en"],
        "h_origin": "Previous address unknown (newcomers)",
        "origin": "{origin_unknown}",
        "h_trend": "Trend",
        "trend": "{trend_rule} For crude percentages the trend is how much the odds change per year (odds ratio "
                 "per year; 1 = equal), for adjusted and weighted figures the change in percentage points per year "
                 "(0 = equal).",
        "x": "Suppressed: " + SUPPRESSED_WHY["en"] + "; so nobody becomes recognisable (privacy). "
             "See the Privacy sheet.",
        "-": "No persons: nobody is in this group, so there is nothing to show.",
        "▲": "Higher than {both} (clear difference; which of the two: see ▲ higher, ▼ lower above).",
        "▼": "Lower than {both} (clear difference; which of the two: see ▲ higher, ▼ lower above).",
        "blank_sign": "(blank)", "blank": "Does not apply, for example no comparison for the whole municipality.",
        "source_of": {"CBS": "CBS (microdata)", "gemeente": "Municipality", "GGD": "GGD"},
        "years": "Years", "survey_years": "Health survey",
        "through": "{first} to {last}", "and": " and ",
        "csv": "Tables for computers",
        "csv_text": "All figures are also in CSV files of this release, with codes and extra columns (such as the "
                    "standard error and the outcomes of the tests). They are meant for analysis by computer.",
        "see": "See the {sheet} sheet.", "see_guide": "The signs and computations are explained on the Guide sheet",
        "definitions_text": "Who counts and how each figure is defined.",
        "org": "Figures of organisations", "inhabitants": "Inhabitants CBS and register",
        "org_text": "Figures that organisations in the wijk deliver themselves, per area and year, each with its "
                    "own source.",
        "inhabitants_text": "The number of inhabitants according to CBS beside the number in the population register.",
        "org_intro": "Beside the CBS microdata: figures that organisations in the wijk deliver themselves, per area "
                     "and not per person. Each figure has its own source. Where they count persons, the same privacy "
                     "rules apply.",
        "org_figure": "Figure", "org_source": "Source",
        "org_reading": "Per year the figure: a percentage, or a number per 1,000 (see the column Figure); then the "
                       "95% interval of {year}.",
        "org_line": "{label}: {definition} Source: {supplier}.",
        "inhabitants_intro": "The number of inhabitants per area on 1 January in CBS's public figures (Key figures "
                             "of wijken and buurten), beside the number in the population register the other sheets "
                             "count with.",
        "cbs_year": "CBS {year}", "register_year": "Register {year}",
        "difference": "Difference {year}", "why": "Explanation {year}",
        "inhabitants_source": "Source: CBS, Key figures of wijken and buurten; CBS microdata (population register).",
        "source_partners": "Organisations", "source_kwb": "CBS (public figures)",
        "kwb_words": "Key figures of wijken and buurten: inhabitants per area on 1 January.",
        "changes_why": "Why figures change",
        "changes_rest": "The other figures", "changes_all": "All figures",
        "changes_file": "Which figures exactly",
        "changes_file_text": "The file changes.csv of this release: for each figure that differs, the old and the new "
                             "value. The report of each theme names the largest changes.",
        "privacy_text": "How the figures are protected, so that nobody is recognisable.",
        "similar_text": "Which wijken are most alike, and in what.",
        "definition": "Definition", "method": "Computation", "breakdown": "Breakdown", "group": "Group",
        "reference": "Compared with", "area": "Area", "city": "whole municipality", "buurt": "buurt",
        "lower": "Lower bound {year}", "upper": "Upper bound {year}", "count": "Counted {year}", "total": "Total in the group {year}",
        "respondents": "Respondents {year}", "verdict": "Against {against} ({year})",
        "trend_words": "Trend {first}-{last}", "trend_value": "Trend per year", "trend_lower": "Trend lower bound",
        "trend_upper": "Trend upper bound",
        "trend_value_logit": "Trend: odds ratio per year (1 = equal)",
        "trend_value_wls": "Trend: change per year (percentage points)",
        "who": "Who counts: {who}.", "definition_line": "Definition: {text}.", "method_line": "Computation: {text}.",
        "more_definitions": "The definitions are on the Definitions sheet.",
        "reading": "Per year {what}; then the 95% interval and the counts of {year}.",
        "what_pct": "the percentage", "what_ratio": "the ratio (1 = equal)", "what_mixed": "the figure",
        "marks_line": "▲ ▼: the wijk clearly differs from {compared}; corrected for {n} wijken with Holm's "
                      "method.",
        "or_with": " or from ",
        "signs_line": "x = suppressed (privacy); - = no persons.",
        "source_line": "Source: {sources}.",
        "tests": {"two_proportion_z": "two-proportion z test", "z_independent": "z test on wijk and municipality",
                  "z_log_ratio": "z test on the ratio"},
        "verdicts": {"hoger": "▲ higher", "lager": "▼ lower", "geen_verschil": "no clear difference",
                     "niet_te_toetsen": "cannot be tested"},
        "similar_title": "Wijken that are alike",
        "similar_intro": "Per theme the three wijken whose figures lie nearest to those of the wijk ({year}), over all "
                         "figures of the theme; the 1st wijk is the nearest. Close together: less than half the usual "
                         "spread between the wijken (half a standard deviation). A wijk is clearly like another when "
                         "more than half of their figures lie close together. 'Alike mostly in' and 'Differs most in' "
                         "are about the 1st wijk; when it is not clearly alike and another is, about that one (its "
                         "name comes first). Wijken whose distance differs by less than {tie}% from the nearest's are "
                         "'equally near': they stand in name order, neither before the other.",
        "theme": "Theme", "wijk": "Wijk", "alike": "1st wijk", "alike2": "2nd wijk", "alike3": "3rd wijk",
        "alike_in": "Alike mostly in", "differ_in": "Differs most in", "compared": "Compared on",
        "figures": {1: "1 figure", "n": "{n} figures"},
        "close": "Figures close to the wijk's", "tied": "{name} (equally near)",
        "clear": {True: "{name} {a} of {n} (clearly alike)", False: "{name} {a} of {n}"},
        "definitions_title": "Definitions: who and what counts", "measure": "Figure", "text": "What counts",
        "exact": "Exact definition",
        "population": "Who counts", "conditions": "Characteristics of persons", "condition": "Characteristic",
        "privacy_title": "Privacy: how the figures are protected",
        "p_small": "Small counts",
        "p_small_text": "A figure is not shown (x) when the number of persons who count, the total of the group or the "
                        "difference between the two is 1 to {below}. The threshold is {threshold}.",
        "p_zero": "Zero and everybody",
        "p_zero_yes": "A count of 0 (nobody in the group) and 'everybody in the group' may be shown.",
        "p_zero_no": "A count of 0 (nobody in the group) and 'everybody in the group' are not shown either (x).",
        "p_secondary": "Working back",
        "p_secondary_text": "Sometimes a figure is not small itself, but a suppressed figure could be worked out from "
                            "totals. Then that figure is not shown either (x).",
        "p_trend": "Trends",
        "p_trend_text": "A trend is not shown (x) when the figure of one of its years is suppressed. Sometimes a "
                        "trend shows x while the figures of all its years are shown. Then the trend is left out to "
                        "protect another, suppressed figure, which could otherwise be worked out (see Working "
                        "back).",
        "p_rounding": "Rounding",
        "p_rounding_none": "The counts are not rounded.",
        "p_rounding_base": "The counts are rounded to multiples of {base}, so totals do not always add up exactly.",
        "p_empty": "No persons",
        "p_empty_text": "A dash (-) means that nobody is in the group. That is not the same as suppressed.",
        "p_check": "Check",
        "p_check_text": "Every file of this release was checked before publication: no numbers of persons or "
                        "addresses and no small counts.",
    },
}  # fmt: skip


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, none of []:*?/\\."""
    name = re.sub(r"[\[\]:*?/\\]", " ", name).strip().strip("'")[:31] or "blad"
    base, i = name, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" {i}"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(name)
    return name


def kind(method: str, lang: str = "nl") -> str:
    """How a method's values are shown: `pct`, `whole_pct` (a model estimate), `ratio` or
    `change_<lang>` (trend per year in percentage points, in the words of `lang`)."""
    if method == "modelschatting":
        return "whole_pct"
    if method in SHARES:
        return "pct"
    return f"change_{lang}" if method == "trend_wls" else "ratio"


class Styles:
    """XlsxWriter formats, created once per combination (in a fixed order: deterministic)."""

    def __init__(self, wb):
        self.wb, self.cache = wb, {}

    def __call__(self, **spec):
        key = tuple(sorted(spec.items()))
        if key not in self.cache:
            props = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
            for k, v in spec.items():
                if k == "num":
                    props["num_format"] = v
                elif k == "top" and v:
                    props["top"] = 1
                    props["top_color"] = "#A6A6A6"
                elif k == "header" and v:
                    props.update(
                        bold=True, text_wrap=True, bg_color="#DDE7F0", bottom=1, valign="bottom"
                    )
                elif k == "sign" and v:
                    props.update(align="center", font_color="#595959")
                    if v == SUPPRESSED_MARK:
                        props["bg_color"] = "#EDEDED"
                elif k == "title" and v:
                    props.update(bold=True, font_size=14)
                elif k == "heading" and v:
                    props.update(bold=True, font_size=12, font_color="#1F4E79")
                elif k == "link" and v:
                    props.update(font_color="#0563C1", underline=1)
                elif k == "note" and v:
                    props.update(font_color="#404040")
                elif v is True:
                    props[k] = True
                elif v:
                    props[k] = v
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]


@dataclass
class Export:
    """What the workbook reads from the export: per theme its measures, verschillen and similar
    wijken (each None when not given)."""

    measures: dict[str, pd.DataFrame]
    verschillen: dict[str, pd.DataFrame]
    similar: dict[str, pd.DataFrame]
    # the organisation figures and Kerncijfers, when all four of their files are given
    aggregates: Aggregates | None = None
    # what changed since the previous release (`release.changes.rows`), when given
    changes: pd.DataFrame | None = None

    @classmethod
    def read(cls, root: Path, rels: set[str]) -> Export:
        def csv(rel):
            return pd.read_csv(root / rel, keep_default_na=False, na_values=[""],
                               dtype={"group_value": str, "area_code": str})  # fmt: skip

        measures, verschillen, similar = {}, {}, {}
        for theme in THEMES:
            if f"{theme}/measures.csv" in rels:
                measures[theme] = read_measures_csv(root / theme / "measures.csv")
            if f"{theme}/verschillen.csv" in rels:
                verschillen[theme] = csv(f"{theme}/verschillen.csv")
            if f"{theme}/vergelijkbare_wijken.csv" in rels:
                similar[theme] = csv(f"{theme}/vergelijkbare_wijken.csv")
        four = (agg_words.ORG, agg_words.INDICATORS, agg_words.KWB, agg_words.INWONERS)
        agg = Aggregates.read(root) if all(f in rels for f in four) else None
        changes = csv("changes.csv") if "changes.csv" in rels else None
        return cls(measures, verschillen, similar, agg, changes)

    @property
    def gemeente(self) -> str:
        for m in self.measures.values():
            g = m.loc[m["area_level"] == "gemeente", "area_name"]
            if len(g):
                return str(g.iloc[0])
        return ""


def area_label(lang: str, row) -> str:
    """The gemeente as 'Utrecht (hele gemeente)', a wijk by its name, a buurt as 'Lombok (buurt)'."""
    if row["area_level"] == "gemeente":
        return f"{row['area_name']} ({TEXT[lang]['city']})"
    if row["area_level"] == "buurt":
        return f"{row['area_name']} ({TEXT[lang]['buurt']})"
    return str(row["area_name"])


def area_order(rows: pd.DataFrame) -> dict:
    """Position of each area code: the gemeente, then each wijk followed by its buurten (by CBS
    code: the export holds no geography), in the exported order."""
    levels = rows.drop_duplicates("area_code").set_index("area_code")["area_level"]
    codes = {lv: [c for c, x in levels.items() if x == lv] for lv in ("gemeente", "wijk", "buurt")}
    wijk_of = parents_by_code(codes["buurt"], codes["wijk"])
    ordered = list(codes["gemeente"])
    for w in codes["wijk"]:
        ordered += [w, *(b for b in codes["buurt"] if wijk_of.get(b) == w)]
    ordered += [c for c in levels.index if c not in set(ordered)]
    return {c: i for i, c in enumerate(ordered)}


def _order(values: pd.Series, first: list | None = None) -> dict:
    """Position of each value: those in `first` in that order, then by first appearance."""
    seen = list(dict.fromkeys(values.tolist()))
    present = set(seen)
    order = {v: i for i, v in enumerate(v for v in (first or []) if v in present)}
    for v in seen:
        order.setdefault(v, len(order))
    return order


@dataclass
class Layout:
    """The columns of one measure sheet."""

    keys: list[str]  # of definition, method, group, group_value, reference, area
    years: list[int]
    counts: list[str]  # of numerator, denominator, n_denominator
    verdict: bool
    trend_methods: list[str]

    @property
    def last(self) -> int:
        return self.years[-1]


def measure_layout(m: pd.DataFrame, verschillen: pd.DataFrame | None) -> Layout:
    """Which columns a measure's sheet needs: key columns only where they vary."""
    vals = m[m["method"].isin(VALUE_METHODS)]
    keys = []
    if vals["definition"].nunique() > 1:
        keys.append("definition")
    if vals["method"].nunique() > 1:
        keys.append("method")
    if (vals["group"] != "totaal").any():
        keys += ["group", "group_value"]
    if (vals["method"] == "logit_glm").any():
        keys.append("reference")
    keys.append("area")
    counts = []
    registry = vals[~vals["method"].isin(SURVEY)]
    if registry["numerator"].notna().any():
        counts += ["numerator", "denominator"]
    if vals["method"].isin(SURVEY).any():
        counts.append("n_denominator")
    verdict = verschillen is not None and (
        (verschillen["comparison"] == "wijk_vs_gemeente") & verschillen["test"].isin(TESTED)
        & (verschillen["measure"] == m["measure"].iloc[0])
    ).any()  # fmt: skip
    trends = [x for x in ("trend_logit", "trend_wls") if (m["method"] == x).any()]
    years = sorted(int(y) for y in vals["year"].unique())
    return Layout(keys, years, counts, bool(verdict), trends)


HEAD_ROW = 5  # title, two notes, the link to the guide, a blank row, then the header


def measure_sheet(ws, st: Styles, m: pd.DataFrame, theme: str, verschillen: pd.DataFrame | None,
                  definitions: Definitions, lang: str, guide: str) -> None:  # fmt: skip
    """One measure on one sheet: a title and two notes, then a table under a frozen header row,
    one row per series (definition, method, group value, area) and the years as columns."""
    t = TEXT[lang]
    measure = m["measure"].iloc[0]
    lay = measure_layout(m, verschillen)
    vals = m[m["method"].isin(VALUE_METHODS)]
    obj = definitions.theme(theme)
    found = Findings(verschillen, measure)
    headers = _headers(lay, t, against(lang, found.tests))
    widths = _rows(ws, st, m, lay, headers, found, definitions, lang, obj)
    total = 0.0
    for c, (_, _, width) in enumerate(headers):
        w = width or min(max(widths[c], 8) + 2, 42)
        wrap = not width and widths[c] + 2 > 42
        ws.set_column(c, c, w, st(text_wrap=True) if wrap else None)
        total += w
    for c, (_, text, _) in enumerate(headers):
        ws.write_string(HEAD_ROW, c, text, st(header=True))
    ws.set_row(HEAD_ROW, 48)

    ws.write_string(0, 0, label(lang, measure), st(title=True))
    about = []
    if obj is not None:
        about.append(t["who"].format(who=_lower_first(obj.describe(lang))))
    defs = list(dict.fromkeys(vals["definition"]))
    d = definitions.definition(measure, defs[0]) if len(defs) == 1 else None
    # the plain sentence (labels.plain_definition, as the dashboard and the report); the exact
    # wording stays on the sheet Definities
    plain = plain_definition(lang, measure, defs[0], definitions) if d is not None else None
    about.append(
        t["definition_line"].format(text=plain.removesuffix("."))
        if plain
        else t["more_definitions"]
    )
    methods = list(dict.fromkeys(vals["method"]))
    if len(methods) == 1:
        about.append(t["method_line"].format(text=method_label(lang, methods[0])))
    about.append(t["source_line"].format(sources=theme_sources_words(theme, definitions, lang)))
    kinds = {kind(x).removeprefix("whole_") for x in methods}
    what = (
        t["what_pct"]
        if kinds == {"pct"}
        else t["what_ratio"]
        if kinds == {"ratio"}
        else t["what_mixed"]
    )
    reading = [t["reading"].format(what=what, year=lay.last)]
    if lay.verdict and found.tests:
        compared = compared_with(lang, found.tests, t["tests"], t["or_with"])
        reading.append(t["marks_line"].format(compared=compared, n=found.n_wijken))
        # the sheet puts the city's interval beside the wijken's: why they need not agree
        reading.append(marks_why(lang, found.tests))
    if lay.trend_methods:
        # the trend words of the sheet's column Trend, where they stand (format.trend_short), not
        # only on the sheet Leeswijzer
        reading.append(trend_short(lang, list(found.trends.values())))
    reading.append(t["signs_line"])
    _paragraph(ws, st, 1, " ".join(about), len(headers), total)
    _paragraph(ws, st, 2, " ".join(reading), len(headers), total)
    ws.write_url(3, 0, f"internal:'{guide}'!A1", st(link=True), string=t["see_guide"])

    last_row = HEAD_ROW + _count(vals)
    ws.freeze_panes(HEAD_ROW + 1, 0)
    if last_row > HEAD_ROW:
        ws.autofilter(HEAD_ROW, 0, last_row, len(headers) - 1)
    ws.repeat_rows(HEAD_ROW)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _count(vals: pd.DataFrame) -> int:
    """The number of table rows: one per series."""
    return len(
        vals[["definition", "method", "group", "group_value", "area_code"]].drop_duplicates()
    )


def _paragraph(ws, st: Styles, r: int, text: str, ncols: int, width: float) -> None:
    """A note over the width of the table, wrapped, its row as high as its lines."""
    if ncols > 1:
        ws.merge_range(r, 0, r, ncols - 1, text, st(note=True, text_wrap=True))
    else:
        ws.write_string(r, 0, text, st(note=True, text_wrap=True))
    lines = -(-len(text) // max(int(width * 1.1), 20))
    ws.set_row(r, 15 * lines + 3)


class Findings:
    """The verdicts of `verschillen.csv` for one measure: the mark of each wijk per year, the
    trend of each series, the tests used and the number of wijken compared."""

    def __init__(self, verschillen: pd.DataFrame | None, measure: str):
        self.flags, self.trends, self.tests, self.n_wijken = {}, {}, [], 0
        if verschillen is None:
            return
        v = verschillen[verschillen["measure"] == measure]
        for r in v.itertuples(index=False):
            k = (r.definition, r.method, r.group, str(r.group_value), r.area_code)
            if r.comparison == "trend":
                self.trends[k] = r.verdict
            else:
                self.flags[(*k, int(r.year))] = r.verdict
        w = v[v["comparison"] == "wijk_vs_gemeente"]
        self.tests = [
            x
            for x in ("two_proportion_z", "z_independent", "z_log_ratio")
            if (w["test"] == x).any()
        ]
        self.n_wijken = w["area_code"].nunique()


def _headers(lay: Layout, t: dict, compared: str) -> list[tuple[str, str, float]]:
    """(field, header, width; 0: fit to the content) of each column of a measure sheet; the
    verdict's header says what the wijken were `compared` with."""
    names = {"definition": t["definition"], "method": t["method"], "group": t["breakdown"],
             "group_value": t["group"], "reference": t["reference"], "area": t["area"]}  # fmt: skip
    headers = [(k, names[k], 0) for k in lay.keys]
    headers += [(f"value:{y}", str(y), 9) for y in lay.years]
    headers += [("ci_lower", t["lower"].format(year=lay.last), 12),
                ("ci_upper", t["upper"].format(year=lay.last), 12)]  # fmt: skip
    for c in lay.counts:
        head = {"numerator": "count", "denominator": "total", "n_denominator": "respondents"}[c]
        headers.append((c, t[head].format(year=lay.last), 16))
    if lay.verdict:
        headers.append(("verdict", t["verdict"].format(against=compared, year=lay.last), 0))
    if lay.trend_methods:
        headers.append(
            ("trend_words", t["trend_words"].format(first=lay.years[0], last=lay.last), 0)
        )
        value = (t["trend_value_logit"] if lay.trend_methods == ["trend_logit"]
                 else t["trend_value_wls"] if lay.trend_methods == ["trend_wls"] else t["trend_value"])  # fmt: skip
        headers += [("trend_value", value, 16), ("trend_lower", t["trend_lower"], 12),
                    ("trend_upper", t["trend_upper"], 12)]  # fmt: skip
    return headers


def _rows(ws, st: Styles, m: pd.DataFrame, lay: Layout, headers, found: Findings,
          definitions: Definitions, lang: str, obj) -> list[int]:  # fmt: skip
    """Write the table's rows under the header; returns the widest text of each column."""
    t = TEXT[lang]
    measure = m["measure"].iloc[0]
    vals = m[m["method"].isin(VALUE_METHODS)]
    trends = m[~m["method"].isin(VALUE_METHODS)]
    # order: definitions as every page lists them (labels.definition_order: as configured),
    # then methods, breakdowns and areas as exported
    def_order = _order(
        vals["definition"], definition_order(measure, vals["definition"], definitions)
    )
    meth_order = _order(vals["method"], list(VALUE_METHODS))
    group_order = _order(vals["group"], ["totaal"])
    value_order = _order(vals["group_value"])
    area = area_order(vals)
    series = [
        "definition",
        "method",
        "group",
        "group_value",
        "area_level",
        "area_code",
        "area_name",
    ]
    rows = vals[series].drop_duplicates()
    rows = rows.assign(_o=[(def_order[r.definition], meth_order[r.method], group_order[r.group],
                            value_order[r.group_value], area[r.area_code])
                           for r in rows.itertuples()]).sort_values("_o")  # fmt: skip
    key = ["definition", "method", "group", "group_value", "area_code"]
    cell = {(*k[:-1], int(k[-1])): r for k, r in zip(
        vals[[*key, "year"]].itertuples(index=False, name=None), vals.to_dict("records"), strict=True)}  # fmt: skip
    trend_cell = dict(
        zip(trends[key].itertuples(index=False, name=None), trends.to_dict("records"), strict=True)
    )
    refs = {g: reference_label(lang, g, vals.loc[vals["group"] == g, "group_value"], definitions)
            for g in vals.loc[vals["method"] == "logit_glm", "group"].unique()}  # fmt: skip
    # a column that fits its content is at least as wide as the longest word of its header
    widths = [max(map(len, h[1].split())) if not h[2] else 0 for h in headers]
    r, previous = HEAD_ROW, None
    wijken = (
        rows["area_level"] == "wijk"
    ).any()  # a sheet of the gemeente alone: no bold, blocks by breakdown
    for row in rows.itertuples():
        r += 1
        block = (row.definition, row.method, row.group) + ((row.group_value,) if wijken else ())
        style = {
            "top": previous is not None and block != previous,
            "bold": wijken and row.area_level == "gemeente",
        }
        previous = block
        k = (row.definition, row.method, row.group, row.group_value, row.area_code)
        last = cell.get((*k, lay.last))
        tmethod = TREND_OF.get(row.method)
        trow = trend_cell.get((row.definition, tmethod, row.group, row.group_value, row.area_code))
        for c, (field, _, _) in enumerate(headers):
            text = None
            if field == "definition":
                text = definition_label(lang, measure, row.definition, definitions)
            elif field == "method":
                text = method_label(lang, row.method)
            elif field == "group":
                text = list_label(group_label(lang, row.group))
            elif field == "group_value":
                text = list_label(group_value_label(lang, row.group, row.group_value, definitions))
            elif field == "reference":
                text = list_label(refs.get(row.group, "")) if row.method == "logit_glm" else ""
            elif field == "area":
                text = area_label(lang, {"area_level": row.area_level, "area_name": row.area_name})
                if row.area_level == "buurt":  # under its wijk, indented
                    ws.write_string(r, c, text, st(text_wrap=True, indent=1, **style))
                    widths[c] = max(widths[c], len(text) + 2)
                    continue
            elif field == "verdict":
                verdict = found.flags.get((*k, lay.last)) if row.area_level == "wijk" else None
                text = t["verdicts"].get(verdict, "") if verdict else ""
            elif field == "trend_words":
                s = state(trow) if trow is not None else None
                text = (SUPPRESSED_MARK if s == "suppressed" else EMPTY_MARK if s == "empty"
                        else verdict_words(lang, found.trends.get(k[:1] + (tmethod,) + k[2:])) if s else "")  # fmt: skip
            if text is not None:
                sign = text if text in (SUPPRESSED_MARK, EMPTY_MARK) else False
                if text:
                    ws.write_string(r, c, text, st(sign=sign, text_wrap=not sign, **style))
                else:
                    ws.write_blank(r, c, None, st(**style))
                widths[c] = max(widths[c], len(text))
            elif field.startswith("value:"):
                year = int(field.split(":")[1])
                mark = MARKS.get(found.flags.get((*k, year)), "")
                _number(ws, st, r, c, cell.get((*k, year)), "value", kind(row.method), style, mark,
                        lang)  # fmt: skip
            elif field in ("ci_lower", "ci_upper"):
                _number(ws, st, r, c, last, field, kind(row.method), style, lang=lang)
            elif field in ("numerator", "denominator", "n_denominator"):
                wanted = (
                    ("n_denominator",) if row.method in SURVEY else ("numerator", "denominator")
                )
                if field in wanted and last is not None and count_withheld(last):
                    # a model estimate's respondents, withheld with its wijk's survey row
                    ws.write_string(r, c, SUPPRESSED_MARK, st(sign=SUPPRESSED_MARK, **style))
                    continue
                _number(ws, st, r, c, last if field in wanted else None, field, "count", style)
            else:  # the size of the trend and its interval
                col = {
                    "trend_value": "value",
                    "trend_lower": "ci_lower",
                    "trend_upper": "ci_upper",
                }[field]
                _number(ws, st, r, c, trow, col, kind(tmethod, lang) if tmethod else "ratio", style)
    return widths


def theme_sources_words(theme: str, definitions: Definitions, lang: str) -> str:
    """The inputs of one theme in words, by who supplies them."""
    from wijkzicht.outputs.report import sources

    t = TEXT[lang]
    tables = sources(theme, definitions)
    parts = []
    for source in ("CBS", "gemeente", "GGD"):
        mine = [n for n in tables if n in TABLES and TABLES[n].source == source]
        if mine:
            parts.append(f"{t['source_of'][source]} ({', '.join(source_labels(lang, mine))})")
    return "; ".join(parts)


# a share above zero that its format would show as zero (0,0198% as 0,0%): its cell keeps the
# real number and shows '<0,1%' ('<1%' in whole percentages), as format.pct prints it on the
# pages (U13 M5: a 0 is a real zero)
BELOW = {"pct": 0.0005, "whole_pct": 0.005}


def _number(
    ws, st: Styles, r: int, c: int, row, col: str, how: str, style: dict, mark: str = "",
    lang: str | None = None,
) -> None:  # fmt: skip
    """A number of an exported row: the real number with its format, or the sign of its state;
    with `lang`, a share above zero that would show as zero shows '<0,1%' (`BELOW`,
    `format.pct`)."""
    if row is None:
        ws.write_blank(r, c, None, st(**style))
        return
    s = state(row)
    if s != "ok":
        sign = SUPPRESSED_MARK if s == "suppressed" else EMPTY_MARK
        ws.write_string(r, c, sign, st(sign=sign, **style))
        return
    value = row[col]
    if pd.isna(value):
        ws.write_blank(r, c, None, st(**style))
        return
    fmt = FORMATS[how] + (f'" {mark}"' if mark else "")
    if lang is not None and how in BELOW and 0 < float(value) < BELOW[how]:
        shown = pct(float(value), lang, 0 if how == "whole_pct" else 1)
        if shown.startswith("<"):
            fmt = f'"{shown}"' + (f'" {mark}"' if mark else "")
    ws.write_number(r, c, float(value), st(num=fmt, **style))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def guide_sheet(ws, st: Styles, data: Export, contents: list[tuple[str, str]], lang: str,
                alpha: float, names: dict[str, str], slight: float = SLIGHT, covariates: str = "",
                standard: Sequence[str] = (), definitions: Definitions | None = None) -> None:  # fmt: skip
    """The Leeswijzer: contents with links, how to read, the signs, sources and years
    (`definitions`: how a trend said in other words is named, `changes_lines`)."""
    t = TEXT[lang]
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, t["title"].format(gemeente=data.gemeente), st(title=True))
    _paragraph(ws, st, 1, t["intro"].format(gemeente=data.gemeente), 2, 134)
    r = 2

    def heading(text):
        nonlocal r
        r += 2
        ws.write_string(r, 0, text, st(heading=True))

    def line(term, text, link=None, sign=False):
        nonlocal r
        r += 1
        if link:
            ws.write_url(r, 0, f"internal:'{link}'!A1", st(link=True), string=term)
        else:
            ws.write_string(
                r, 0, term, st(bold=True, align="center") if sign else st(bold=True, text_wrap=True)
            )
        ws.write_string(r, 1, text, st(text_wrap=True))

    heading(t["contents"])
    for name, text in contents:
        line(name, text, link=name)
    heading(t["how"])
    pct_alpha = f"{100 * alpha:g}%".replace(".", "," if lang == "nl" else ".")
    keys = ("pct", "interval", "counts", "methods", "ratio", "marks", "trend")
    if any((m["area_level"] == "buurt").any() for m in data.measures.values()):
        keys = (*keys, "buurten")
    if any((m["method"] == "modelschatting").any() for m in data.measures.values()):
        keys = (*keys, "modelschatting")
    # newcomers by previous address, 'onbekend' among them: why their markers are mostly unknown
    if any(
        ((m["group"] == "origin") & (m["group_value"] == "onbekend")).any()
        for m in data.measures.values()
    ):
        keys = (*keys, "origin")
    # what each kind of figure is tested against (`format.against`)
    rest, city = against(lang, "two_proportion_z"), against(lang, "z_independent")
    # the standard population (scripts/migratie.py): the first year of the standardised rows
    first = std_year(pd.concat(list(data.measures.values()))) if data.measures else None
    # in a GGD region run the adults of its gemeenten `standard` together (format.std_population)
    std_pop = std_population(lang, data.gemeente, standard)
    standard_words = (t["standard"].format(std_pop=std_pop, year=first) if first is not None
                      else t["standard_none"].format(std_pop=std_pop))  # fmt: skip
    for key in keys:
        line(t[f"h_{key}"], t[key].format(alpha=pct_alpha, rest=rest, city=city, standard=standard_words,
                                          covariates=covariates,
                                          std_counts=STANDARDISED_COUNTS[lang],
                                          std_compared=std_compared(lang, standard),
                                          origin_unknown=origin_unknown(lang),
                                          trend_rule=trend_rule(lang, slight)))  # fmt: skip
    heading(t["signs"])
    both = against(lang, list(AGAINST[lang]))
    for sign in (SUPPRESSED_MARK, EMPTY_MARK, "▲", "▼"):
        line(sign, t[sign].format(both=both), sign=True)
    line(t["blank_sign"], t["blank"], sign=True)
    heading(t["sources"])
    for source in ("CBS", "gemeente", "GGD"):
        tables = [n for n, tbl in TABLES.items() if tbl.source == source]
        line(t["source_of"][source], _capital("; ".join(source_labels(lang, tables))) + ".")
    for theme, m in data.measures.items():
        registry = m.loc[~m["method"].isin(SURVEY), "year"].astype(int)
        survey = m.loc[m["method"].isin(SURVEY), "year"].astype(int)
        first, last = (registry.min(), registry.max()) if len(registry) else (None, None)
        # one year is said as that year, not as '2023 tot en met 2023'
        text = (
            ""
            if first is None
            else str(first)
            if first == last
            else t["through"].format(first=first, last=last)
        )
        if len(survey):
            waves = sorted(set(survey))
            joined = (
                t["and"].join([", ".join(map(str, waves[:-1])), str(waves[-1])])
                if len(waves) > 1
                else str(waves[0])
            )
            text += f"; {t['survey_years']}: {joined}"
        line(f"{t['years']}: {theme_label(lang, theme)}", text)
    agg = data.aggregates
    if agg is not None and agg.measures():
        partners = "; ".join(
            f"{m['supplier']}: {_lower_first(agg_words.label(m, lang))}" for m in agg.measures()
        )
        line(t["source_partners"], partners + ".")
        line(f"{t['years']}: {names.get('org', t['org'])}", _years_text(agg.org["year"], t))
    if agg is not None and not agg.inwoners.empty:
        line(t["source_kwb"], t["kwb_words"])
        line(
            f"{t['years']}: {names.get('inhabitants', t['inhabitants'])}",
            _years_text(agg.inwoners["year"], t),
        )
    line(t["csv"], t["csv_text"])
    if data.changes is not None:
        changes_lines(heading, line, data, lang, definitions)


def changes_lines(heading, line, data: Export, lang: str,
                  definitions: Definitions | None = None) -> None:  # fmt: skip
    """The Leeswijzer's 'Wat is veranderd sinds de vorige uitgave', in the report's words
    (`report.WORDS`): why a figure can change, per measure of the themes (and of the partners'
    figures and the register's inhabitants, when they changed) how many figures of each kind (in
    words: the Leeswijzer holds no numbers as cells), and where each one is (changes.csv). A
    changed figure counts as the report counts it: where its printed value changed
    (`report.visible_changes`), one whose interval alone moved said apart (`report.interval_part`),
    a trend said in other words with its words then (`report.trend_part`);
    a kind counted once in the singular ('1 cijfer veranderd', `report.change_words`)."""
    from wijkzicht.outputs.format import number
    from wijkzicht.outputs.report import (
        REASON_WORDS,
        change_words,
        interval_part,
        reasons_sentence,
        trend_part,
        visible_changes,
    )
    from wijkzicht.outputs.report import WORDS as REPORT_WORDS

    w, t = REPORT_WORDS[lang], TEXT[lang]
    every = data.changes
    ch = visible_changes(every)
    shares = [
        df[~df["method"].astype(str).str.startswith("trend_")]
        for df in data.measures.values()
        if "method" in df
    ]
    methods = (pd.concat(shares).groupby("measure")["method"].unique().to_dict()
               if shares else {})  # fmt: skip
    heading(w["changes"])
    line(t["changes_why"], w["changes_why"])
    # why they changed, of the figures counted below, as each report says it (U13 U5: the
    # reports had a 'Waarom' line, the Leeswijzer none)
    why = reasons_sentence(ch, lang)
    lead = REASON_WORDS[lang]["lead"]
    if why:
        line(lead.rstrip(": "), _capital(why.removeprefix(lead)))
    metas = data.aggregates.measures() if data.aggregates is not None else []
    names = {m["measure"]: agg_words.label(m, lang) for m in metas}
    names["inwoners"] = w["inwoners_register"]
    themes = [m for df in data.measures.values() for m in dict.fromkeys(df["measure"])]
    others = [m for m in dict.fromkeys(every["measure"]) if m not in themes]
    changed, unchanged = 0, 0
    for measure in themes + others:
        n = ch.loc[ch["measure"] == measure, "change"].value_counts()
        parts = [text.format(n=number(int(n[kind]), lang))
                 for kind, text in change_words(lang, n).items() if n.get(kind, 0) > 0]  # fmt: skip
        interval = interval_part(every[every["measure"] == measure], lang)
        # a trend said in other words than before, with its words then (U13 M1)
        trends = trend_part(every[every["measure"] == measure], lang, definitions, area=True,
                            methods=methods)  # fmt: skip
        if parts or interval:
            changed += 1
            said = _join(parts, t["and"]) if parts else w["no_figure_changed"]
            said += f"; {interval}" if interval else ""
            said += f"; {trends}" if trends else ""
            line(names.get(measure) or label(lang, measure), _capital(said) + ".")
        else:
            unchanged += measure in themes
    # the measures without a change in one line, not a line each
    none = _capital(w["change_none"].format(measure="").lstrip(": "))
    if unchanged:
        line(t["changes_rest"] if changed else t["changes_all"], none)
    line(t["changes_file"], t["changes_file_text"])


def _join(parts: list[str], and_: str) -> str:
    """'a, b en c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + and_ + parts[-1]


def _years_text(years: pd.Series, t: dict) -> str:
    """'2022 tot en met 2023', or one year as that year."""
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else t["through"].format(first=first, last=last)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def similar_sheet(ws, st: Styles, data: Export, definitions: Definitions, lang: str) -> None:
    """Per theme (a heading row) and wijk the three wijken nearest to it, in the order the pages
    say them (`similar_wijken.ordered_neighbours`: a near tie, `TIE_WITHIN`, in name order, a
    tie with the nearest said 'even dichtbij'), in what the wijk the pages describe is most alike
    and differs most (the 1st, or, when it is not clearly alike, the first listed that is, its
    name first; `similar_wijken`: alike within `statistics.similarity.ALIKE_WITHIN`, said in the
    intro), on how many figures they were compared, and on how many of those each listed wijk
    lies close, with which is clearly alike (`similar_wijken.clearly_alike`; the column empty for
    a table made before `n_alike`)."""
    t = TEXT[lang]
    years = [int(s["year"].max()) for s in data.similar.values() if len(s)]
    intro = t["similar_intro"].format(year=max(years) if years else "", tie=round(TIE_WITHIN * 100))
    ws.write_string(0, 0, t["similar_title"], st(title=True))
    ws.write_string(1, 0, intro, st(note=True))
    keys = ["wijk", "alike", "alike2", "alike3", "alike_in", "differ_in", "compared", "close"]
    head = [t[k] for k in keys]
    for c, text in enumerate(head):
        ws.write_string(3, c, text, st(header=True))
    ws.set_row(3, 32)
    widths = [max(map(len, h.split())) for h in head]
    r = 3
    for theme, s in data.similar.items():
        r += 1
        ws.write_string(r, 0, theme_label(lang, theme), st(heading=True, top=r > 4))
        for c in range(1, len(head)):
            ws.write_blank(r, c, None, st(top=r > 4))
        for _, g in s.sort_values(["wijk", "rank"], kind="stable").groupby("wijk", sort=False):
            r += 1
            g = ordered_neighbours(g).head(3)
            places = g["place"].tolist()
            # 'even dichtbij' only for a tie with the nearest (U13: on 2nd and 3rd tied with each
            # other it read as 'as near as the nearest')
            near = [
                t["tied"].format(name=name) if place == 1 and places.count(1) > 1 else str(name)
                for name, place in zip(g["neighbour_name"], places, strict=True)
            ]
            # described: the 1st, or, when it is not clearly alike and another listed one is, the
            # first of those, as the pages describe (similar_wijken.likeness; U13 W2: in a tie the
            # sheet described Noordwest, 1 of 8, where the pages name Zuid, 5 of 8)
            clear_of = [
                clearly_alike(a, n)
                for a, n in zip(g.get("n_alike", [None] * len(g)), g["n_common"], strict=True)
            ]
            first = g.iloc[0]
            if not clear_of[0] and any(clear_of):
                first = g.iloc[[bool(c) for c in clear_of].index(True)]
            # alike in values, or in how the figures change (trend indicators)
            # where they differ most (a table made before the column: not said), on how many
            # figures; one that reads as one in the other list is said neither
            closest, differing = alike_and_differing(
                lang, first["closest_indicators"], first.get("differing_indicators"), definitions
            )
            alike, differ = (
                alike_cell(lang, closest, definitions),
                alike_cell(lang, differing, definitions),
            )
            if first["neighbour"] != g.iloc[0]["neighbour"]:  # its name first: not the 1st wijk
                alike = f"{first['neighbour_name']}: {alike}"
                differ = f"{first['neighbour_name']}: {differ}" if differ else differ
            n = first.get("n_common")
            n = (
                ""
                if n is None or pd.isna(n)
                else t["figures"].get(int(n), t["figures"]["n"]).format(n=int(n))
            )
            # on how many figures each listed wijk lies close, and which is clearly alike (U13 W2)
            close = "; ".join(
                t["clear"][c].format(
                    name=r["neighbour_name"], a=int(r["n_alike"]), n=int(r["n_common"])
                )
                for c, (_, r) in zip(clear_of, g.iterrows(), strict=True)
                if c is not None
            )
            row = [str(first["wijk_name"]), *near, *[""] * (3 - len(near)), alike, differ, n, close]
            for c, text in enumerate(row):
                if text:
                    ws.write_string(r, c, text, st(text_wrap=True))
                widths[c] = max(widths[c], len(text))
    for c, w in enumerate(widths):
        ws.set_column(c, c, min(w + 2, 70))
    ws.freeze_panes(4, 0)


def definitions_sheet(ws, st: Styles, data: Export, definitions: Definitions, lang: str) -> None:
    """Per theme (a heading row) who counts and every definition of its measures in words, in
    the order of the sheets; then the characteristics of persons they are built from."""
    t = TEXT[lang]
    ws.write_string(0, 0, t["definitions_title"], st(title=True))
    head = [t["measure"], t["definition"], t["text"], t["exact"]]
    for c, text in enumerate(head):
        ws.write_string(2, c, text, st(header=True))
    r = 2

    def heading(text):
        nonlocal r
        r += 1
        ws.write_string(r, 0, text, st(heading=True, top=r > 3))
        for c in range(1, len(head)):
            ws.write_blank(r, c, None, st(top=r > 3))

    def line(*cells, top=False):
        nonlocal r
        r += 1
        for c, text in enumerate(cells):
            if text:
                ws.write_string(r, c, text, st(text_wrap=True, top=top))
            else:
                ws.write_blank(r, c, None, st(top=top))

    for theme, m in data.measures.items():
        obj = definitions.theme(theme)
        if obj is None:
            continue
        heading(theme_label(lang, theme))
        line(t["population"], "", _capital(obj.describe(lang)) + ".")
        sheets = _order(m["measure"], list(SHEETS[lang]))
        for measure in sorted(dict.fromkeys(m["measure"]), key=sheets.get):
            keys = definition_order(
                measure, m.loc[m["measure"] == measure, "definition"], definitions
            )
            objs = [(d, o) for d, o in ((d, definitions.definition(measure, d)) for d in keys)
                    if o is not None]  # fmt: skip
            for i, (key, o) in enumerate(objs):
                # the plain sentence for every reader, the exact wording beside it for the
                # epidemiologist (thresholds, codelists)
                line(
                    label(lang, measure) if i == 0 else "",
                    o.label(lang),
                    plain_definition(lang, measure, key, definitions) or "",
                    o.describe(lang) + ".",
                    top=i == 0,
                )
    heading(t["conditions"])
    for c in definitions.conditions:
        line(c.label(lang), "", c.describe(lang) + ".")
    for c, w in enumerate((40, 32, 70, 70)):
        ws.set_column(c, c, w)
    ws.freeze_panes(3, 0)


def org_sheet(ws, st: Styles, agg: Aggregates, lang: str, guide: str) -> None:
    """The organisation figures: one row per indicator and area (the gemeente, each wijk with
    its buurten under it), the years as columns, the interval of the last year and the source;
    a share as a percentage, a rate as a whole number per 1,000 (named in the first column);
    suppressed `x` and empty `-` as on the measure sheets; each indicator's definition and
    source line under the table."""
    t = TEXT[lang]
    org = agg.org
    years = sorted(int(y) for y in org["year"].unique())
    last = years[-1]
    head = [t["org_figure"], t["area"], *map(str, years), t["lower"].format(year=last),
            t["upper"].format(year=last), t["org_source"]]  # fmt: skip
    ws.write_string(0, 0, t["org"], st(title=True))
    width = 42 + 34 + 9 * len(years) + 12 + 12 + 34
    _paragraph(ws, st, 1, t["org_intro"], len(head), width)
    _paragraph(
        ws, st, 2, t["org_reading"].format(year=last) + " " + t["signs_line"], len(head), width
    )
    ws.write_url(3, 0, f"internal:'{guide}'!A1", st(link=True), string=t["see_guide"])
    for c, text in enumerate(head):
        ws.write_string(HEAD_ROW, c, text, st(header=True))
    ws.set_row(HEAD_ROW, 32)
    area = area_order(org)
    areas = org.drop_duplicates("area_code").sort_values("area_code", key=lambda s: s.map(area))
    cell = {
        (r.measure, r.area_code, int(r.year)): org.loc[i]
        for i, r in zip(org.index, org.itertuples(), strict=True)
    }
    r = HEAD_ROW
    for meta in agg.measures():
        measure = meta["measure"]
        how = "count" if (org.loc[org["measure"] == measure, "method"] == PER_1000).any() else "pct"
        per = agg_words.per_words(meta, lang)
        what = agg_words.label(meta, lang) + (f", {per}" if per else "")
        for i, a in enumerate(areas.itertuples()):
            if not any((measure, a.area_code, y) in cell for y in years):
                continue
            r += 1
            style = {"top": i == 0 and r > HEAD_ROW + 1, "bold": a.area_level == "gemeente"}
            ws.write_string(r, 0, what, st(text_wrap=True, **style))
            label_ = area_label(lang, {"area_level": a.area_level, "area_name": a.area_name})
            ws.write_string(
                r,
                1,
                label_,
                st(text_wrap=True, indent=1 if a.area_level == "buurt" else 0, **style),
            )
            for c, y in enumerate(years, start=2):
                _number(ws, st, r, c, cell.get((measure, a.area_code, y)), "value", how, style,
                        lang=lang)  # fmt: skip
            latest = cell.get((measure, a.area_code, last))
            _number(ws, st, r, 2 + len(years), latest, "ci_lower", how, style, lang=lang)
            _number(ws, st, r, 3 + len(years), latest, "ci_upper", how, style, lang=lang)
            ws.write_string(r, 4 + len(years), str(meta["supplier"]), st(text_wrap=True, **style))
    r += 1
    for meta in agg.measures():
        r += 1
        text = t["org_line"].format(label=agg_words.label(meta, lang), definition=agg_words.definition(meta, lang),
                                    supplier=meta["supplier"])  # fmt: skip
        _paragraph(ws, st, r, text, len(head), width)
    for c, w in enumerate([42, 34, *[9] * len(years), 12, 12, 34]):
        ws.set_column(c, c, w)
    ws.freeze_panes(HEAD_ROW + 1, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def inhabitants_sheet(ws, st: Styles, agg: Aggregates, lang: str) -> None:
    """CBS's inhabitants (Kerncijfers) beside the register's per area (the gemeente, each wijk
    with its buurten) and year, then the difference of the last year and why (rounding by CBS,
    or more); a register count that is suppressed is `x`, a missing CBS figure blank."""
    t = TEXT[lang]
    inw = agg.inwoners
    years = sorted(int(y) for y in inw["year"].unique())
    last = years[-1]
    head = [t["area"]]
    for y in years:
        head += [t["cbs_year"].format(year=y), t["register_year"].format(year=y)]
    head += [t["difference"].format(year=last), t["why"].format(year=last)]
    ws.write_string(0, 0, t["inhabitants"], st(title=True))
    width = 34 + 14 * 2 * len(years) + 12 + 44
    _paragraph(ws, st, 1, t["inhabitants_intro"] + " " + t["signs_line"], len(head), width)
    _paragraph(ws, st, 2, t["inhabitants_source"], len(head), width)
    for c, text in enumerate(head):
        ws.write_string(HEAD_ROW, c, text, st(header=True))
    ws.set_row(HEAD_ROW, 32)
    area = area_order(inw)
    areas = inw.drop_duplicates("area_code").sort_values("area_code", key=lambda s: s.map(area))
    cell = {
        (r.area_code, int(r.year)): inw.loc[i]
        for i, r in zip(inw.index, inw.itertuples(), strict=True)
    }
    for r, a in enumerate(areas.itertuples(), start=HEAD_ROW + 1):
        style = {"bold": a.area_level == "gemeente"}
        label_ = area_label(lang, {"area_level": a.area_level, "area_name": a.area_name})
        ws.write_string(
            r, 0, label_, st(text_wrap=True, indent=1 if a.area_level == "buurt" else 0, **style)
        )
        for j, y in enumerate(years):
            row = cell.get((a.area_code, y))
            cbs = row["denominator"] if row is not None else None
            if cbs is None or pd.isna(cbs):
                ws.write_blank(r, 1 + 2 * j, None, st(**style))
            else:
                ws.write_number(r, 1 + 2 * j, float(cbs), st(num=FORMATS["count"], **style))
            _number(ws, st, r, 2 + 2 * j, row, "numerator", "count", style)
        row = cell.get((a.area_code, last))
        ok = row is not None and state(row) == "ok" and pd.notna(row["numerator"])
        c = 1 + 2 * len(years)
        if ok and pd.notna(row["denominator"]):
            ws.write_number(r, c, float(row["numerator"] - row["denominator"]),
                            st(num='+#,##0;-#,##0;0', **style))  # fmt: skip
        else:
            ws.write_blank(r, c, None, st(**style))
        why = explained(row["numerator"], row["denominator"]) if ok else "onbekend"
        ws.write_string(r, c + 1, agg_words.TEXT[lang]["why"][why], st(text_wrap=True, **style))
    for c, w in enumerate([34, *[14] * (2 * len(years)), 12, 44]):
        ws.set_column(c, c, w)
    ws.freeze_panes(HEAD_ROW + 1, 1)


def privacy_sheet(ws, st: Styles, disclosure: dict, lang: str) -> None:
    """The disclosure rules in words."""
    t = TEXT[lang]
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, t["privacy_title"], st(title=True))
    threshold, base = int(disclosure["threshold"]), int(disclosure.get("rounding_base") or 0)
    lines = [
        (t["p_small"], t["p_small_text"].format(below=threshold - 1, threshold=threshold)),
        (t["p_zero"], t["p_zero_yes"] if disclosure.get("publish_zeros", True) else t["p_zero_no"]),
        (t["p_secondary"], t["p_secondary_text"]),
        (t["p_trend"], t["p_trend_text"]),
        (
            t["p_rounding"],
            t["p_rounding_base"].format(base=base) if base > 1 else t["p_rounding_none"],
        ),
        (t["p_empty"], t["p_empty_text"]),
        (t["p_check"], t["p_check_text"]),
    ]
    for r, (term, text) in enumerate(lines, start=2):
        ws.write_string(r, 0, term, st(bold=True))
        ws.write_string(r, 1, text, st(text_wrap=True))


def build(
    export_root: str | Path, files: list[str], definitions: Definitions, out: str | Path, *, lang: str,
    disclosure: dict, alpha: float = 0.05, slight: float = SLIGHT, small_area: dict | None = None,
    standard: Sequence[str] = (),
) -> None:  # fmt: skip
    """Write the workbook from the given export files (CSV only), deterministically.

    Reads `<theme>/measures.csv`, `<theme>/verschillen.csv` (the marks and trend words; `alpha`
    is the level they were tested at, `slight` the share under which their trends are slight, both
    stated in the Leeswijzer) and `<theme>/vergelijkbare_wijken.csv` among `files`;
    `definitions` put every definition in words; `disclosure` is stated in words; `small_area`
    ({"factors", "flags"} of config small_area) names the model estimates' data; `standard`: in a
    GGD region run its gemeenten's names (the standard population, stated in the Leeswijzer)."""
    import xlsxwriter

    t = TEXT[lang]
    root = Path(export_root)
    rels = {Path(f).relative_to(root).as_posix() for f in files if str(f).endswith(".csv")}
    data = Export.read(root, rels)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True})
    wb.set_properties({"created": FIXED_DATE, "author": "wijkzicht", "title": t["title"].format(gemeente=data.gemeente),
                       "company": "", "comments": ""})  # fmt: skip
    st = Styles(wb)
    used: set[str] = set()
    names = {k: sheet_title(t[k], used) for k in ("guide", "similar", "definitions", "privacy")}
    guide = wb.add_worksheet(names["guide"])
    contents = []
    for theme, m in data.measures.items():
        order = _order(m["measure"], list(SHEETS[lang]))
        for measure in sorted(dict.fromkeys(m["measure"]), key=order.get):
            sub = m[m["measure"] == measure]
            if not sub["method"].isin(VALUE_METHODS).any():
                continue
            name = sheet_title(SHEETS[lang].get(measure, label(lang, measure)), used)
            measure_sheet(wb.add_worksheet(name), st, sub, theme, data.verschillen.get(theme), definitions,
                          lang, names["guide"])  # fmt: skip
            contents.append((name, label(lang, measure)))
    agg = data.aggregates
    if agg is not None and agg.measures():
        names["org"] = sheet_title(t["org"], used)
        org_sheet(wb.add_worksheet(names["org"]), st, agg, lang, names["guide"])
        contents.append((names["org"], t["org_text"]))
    if agg is not None and not agg.inwoners.empty:
        names["inhabitants"] = sheet_title(t["inhabitants"], used)
        inhabitants_sheet(wb.add_worksheet(names["inhabitants"]), st, agg, lang)
        contents.append((names["inhabitants"], t["inhabitants_text"]))
    if data.similar:
        similar_sheet(wb.add_worksheet(names["similar"]), st, data, definitions, lang)
        contents.append((names["similar"], t["similar_text"]))
    definitions_sheet(wb.add_worksheet(names["definitions"]), st, data, definitions, lang)
    privacy_sheet(wb.add_worksheet(names["privacy"]), st, disclosure, lang)
    contents += [
        (names["definitions"], t["definitions_text"]),
        (names["privacy"], t["privacy_text"]),
    ]
    covariates = model_covariates_in_brackets(lang, small_area, definitions)
    guide_sheet(guide, st, data, contents, lang, alpha, names, slight, covariates, standard,
                definitions)  # fmt: skip
    wb.close()
    os.replace(tmp, out)
