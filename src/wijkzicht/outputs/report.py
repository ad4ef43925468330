"""Knowledge-circle reports: one self-contained HTML page and an A4 PDF per theme (and, until it
moves to its own module, a one-page factsheet per wijk), built from results/export/ only.

The reading order of a theme report: title, key messages (`outputs.key_messages`), a reading
guide (Leeswijzer), the key figures, each figure under its own heading and text with its source
line, definitions in words, sources and linkage in words, what changed, wijken alike, questions
for the circle. The HTML page and the PDF (typeset by Typst) are rendered from the same blocks
(`outputs.document`), so they say the same.

Every number in the text is a citation: it is rendered from a cell of an exported table and
carries that cell's address (`data-file`, `data-row`, `data-col`, `data-kind`), so a test can
check each number against the table it cites.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.definitions.kopp import Jeugdteam
from wijkzicht.definitions.nieuwkomers import AnyOf, Concentratie, ConditionsIn, Marker, Uitstroom
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.files import write_text
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.document import (
    Cell,
    Document,
    Figure,
    Heading,
    Items,
    Mark,
    Para,
    Part,
    Poster,
    Strong,
    Table,
    to_html,
    to_pdf,
)
from wijkzicht.outputs.findings import SLIGHT, TESTS
from wijkzicht.outputs.key_messages import (
    MAIN,
    TEST_WORDS,
    Messages,
    fill,
    joined,
    tests_used,
    wijk_order,
)
from wijkzicht.outputs.key_messages import WORDS as KEY_WORDS
from wijkzicht.outputs.labels import (
    TREND_WORD,
    definition_label,
    definition_order,
    figure_label,
    in_brackets,
    label,
    plain_definition,
    source_labels,
)
from wijkzicht.outputs.similar_wijken import TIE_WITHIN, alike_how, clearly_alike, likeness
from wijkzicht.outputs.source_quality import quality_section
from wijkzicht.population.conditions import SOURCE_TABLES
from wijkzicht.themes.table import parents_by_code

__all__ = ["MAIN", "TEXT", "sources", "theme_report", "write_theme_report"]

# the tables every theme reads besides those of its conditions (`sources`)
THEME_TABLES = {
    "kopp": ["GBAPERSOONTAB", "KINDOUDERTAB"],
    "migratie": ["GBAPERSOONTAB", "GEZOMONITOR", "KOPPELPERSOONHUISHOUDEN"],
    "nieuwkomers": ["GBAPERSOONTAB", "GBAADRESOBJECTBUS"],
}


def sources(theme: str, definitions: Definitions) -> list[str]:
    """The input tables of a theme: its own and those of the conditions its definitions use."""
    obj = definitions.theme(theme)
    tables = list(THEME_TABLES[theme])
    for c in obj.conditions:
        tables += SOURCE_TABLES[c.source]
    if theme == "nieuwkomers" and obj.uitstroom:
        tables.append("GEMWMOVOORZIENINGEN")
    return list(dict.fromkeys(tables))


def _object_tables(obj) -> list[str]:
    """The input tables of the conditions behind one definition object (a KOPP definition, the
    overlap, the jeugdteam comparison, a newcomer marker or its concentration)."""
    if isinstance(obj, Concentratie):
        return _object_tables(obj.marker)
    if isinstance(obj, Jeugdteam):
        return [*SOURCE_TABLES[obj.condition.source], *_object_tables(obj.definition)]
    if isinstance(obj, Marker):
        out = []
        for c in obj.criteria:
            if isinstance(c, ConditionsIn):
                out += [t for cond in c.conditions for t in SOURCE_TABLES[cond.source]]
            elif isinstance(c, Uitstroom):
                out.append("GEMWMOVOORZIENINGEN")
            elif isinstance(c, AnyOf):
                out += [t for m in c.markers for t in _object_tables(m)]
        return out
    return [t for c in getattr(obj, "conditions", ()) for t in SOURCE_TABLES[c.source]]


# the tables of the small-area model's covariates (config small_area.factors, docs/small_area.md)
FACTOR_TABLES = {"leeftijd": ["GBAPERSOONTAB"], "geslacht": ["GBAPERSOONTAB"], "herkomst": ["GBAPERSOONTAB"],
                 "generatie": ["GBAPERSOONTAB"], "inkomen": SOURCE_TABLES["inkomen"],
                 "huishouden": ["GBAHUISHOUDENSBUS"]}  # fmt: skip


def model_tables(small_area: dict | None, definitions: Definitions) -> list[str]:
    """The input tables of a model estimate's covariates: its factors (`FACTOR_TABLES`) and its
    flags, registry conditions by their source ({"factors", "flags"} of config small_area)."""
    tables: list[str] = []
    for factor in (small_area or {}).get("factors", ()):
        tables += FACTOR_TABLES.get(factor, [])
    for flag in (small_area or {}).get("flags", ()):
        cond = definitions.conditions.get(flag)
        tables += SOURCE_TABLES[cond.source] if cond is not None else []
    return list(dict.fromkeys(tables))


def measure_tables(measure: str, definitions: Definitions, keys=None, method: str | None = None,
                   small_area: dict | None = None) -> list[str]:  # fmt: skip
    """The input tables behind one measure (the 'Bron:' line of a figure): of its definitions
    `keys` (those a figure draws) when given, else of all of them; a model estimate (`method`
    modelschatting) adds the tables of the model's covariates (`model_tables` of `small_area`):
    it uses income, household and care data too, not only the survey and the population."""
    tables = _measure_tables(measure, definitions, keys)
    if method == "modelschatting":
        tables = list(dict.fromkeys([*tables, *model_tables(small_area, definitions)]))
    return tables


def _measure_tables(measure: str, definitions: Definitions, keys=None) -> list[str]:
    theme = measure.split(".")[0]
    if theme != "migratie":
        obj = definitions.theme(theme)
        found = [
            obj.definition(measure, str(k))
            for k in (obj.definitions.names if keys is None else keys)
        ]
        if not any(f is not None for f in found):  # a measure without definition objects
            return sources(theme, definitions)
        tables = [
            *THEME_TABLES[theme],
            *(t for f in found if f is not None for t in _object_tables(f)),
        ]
        return list(dict.fromkeys(tables))
    mig = definitions.migratie
    care = SOURCE_TABLES[mig.care.condition.source]
    name = measure.split(".", 1)[1]
    if name in ("k10_hoog", "eenzaam"):
        return ["GEZOMONITOR", "GBAPERSOONTAB"]
    if name == "zorgkloof":
        return ["GEZOMONITOR", "GBAPERSOONTAB", *care]
    if name == "or_ggz":
        return ["GBAPERSOONTAB", *care, *SOURCE_TABLES["inkomen"]]
    registry = mig.definitions.get(name)
    return ["GBAPERSOONTAB", *(SOURCE_TABLES[registry.condition.source] if registry else care)]


TEXT = {
    "nl": {
        "title": {"kopp": "Kinderen van ouders met psychische problemen of verslaving (KOPP/KOV)",
                  "migratie": "Migratieachtergrond en psychische gezondheid",
                  "nieuwkomers": "Kwetsbare nieuwkomers in de wijk"},
        "summary": "Kerncijfers", "definitions": "Definities", "figures": "Figuren", "population": "Wie telt mee",
        "sources": "Bronnen en koppeling", "changes": "Wat is veranderd", "alike": "Wijken die op elkaar lijken",
        "questions": "Vragen voor de kenniskring", "no_previous": "Er is geen vorige uitgave om mee te vergelijken.",
        "in": "in", "was": "was", "interval": "95%-interval", "suppressed": "onderdrukt",
        "alike_line": "{wijk} lijkt het meest op {other}.",
        "q_high": "In {wijk} is het aandeel ({definition}) {value}, tegen {gem} in de gemeente. Herkent u dat beeld, en wat verklaart het?",
        "q_alike": "{wijk} lijkt op {other}: wat kunnen professionals in beide wijken van elkaar leren?",
        "q_limits": "Welke groepen ontbreken in deze registraties (niet koppelbaar, geen zorg gezocht) en hoe weegt u dat mee?",
        "linkage_line": "{source}: {share_gba} van de rijen gekoppeld aan de basisregistratie personen.",
        "factsheet": "Wijkfactsheet", "gemeente": "gemeente", "like": "lijkt op",
        "note": "Alle cijfers komen uit de vrijgegeven tabellen (results/export/); onderdrukte cijfers staan als 'onderdrukt'.",
    },
    "en": {
        "title": {"kopp": "Children of parents with mental-health problems or addiction (KOPP/KOV)",
                  "migratie": "Migration background and mental health",
                  "nieuwkomers": "Vulnerable newcomers in the wijk"},
        "summary": "Key figures", "definitions": "Definitions", "figures": "Figures", "population": "Who counts",
        "sources": "Sources and linkage", "changes": "What changed", "alike": "Wijken that are alike",
        "questions": "Questions for the knowledge circle", "no_previous": "There is no previous release to compare with.",
        "in": "in", "was": "was", "interval": "95% interval", "suppressed": "suppressed",
        "alike_line": "{wijk} is most like {other}.",
        "q_high": "In {wijk} the share ({definition}) is {value}, against {gem} in the municipality. Do you recognise this, and what explains it?",
        "q_alike": "{wijk} is like {other}: what can professionals in both wijken learn from each other?",
        "q_limits": "Which groups are missing from these registrations (not linkable, no care sought) and how do you weigh that?",
        "linkage_line": "{source}: {share_gba} of the rows linked to the population register.",
        "factsheet": "Wijk factsheet", "gemeente": "municipality", "like": "is like",
        "note": "All numbers come from the released tables (results/export/); suppressed numbers are shown as 'suppressed'.",
    },
}  # fmt: skip

CSS = """body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc}img{max-width:100%}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
.num{font-weight:bold}.note{color:#666;font-size:.9em}"""


class Cite:
    """Renders numbers from exported tables and records where each came from."""

    def __init__(self, lang: str):
        self.lang = lang

    def num(self, file: str, row: int, col: str, value, kind: str = "pct") -> str:
        if value is None or pd.isna(value):
            return f'<span class="suppressed">{TEXT[self.lang]["suppressed"]}</span>'
        f = {"pct": fmt.pct, "ratio": fmt.ratio}.get(kind, fmt.number)
        attrs = f'data-file="{file}" data-row="{row}" data-col="{col}" data-kind="{kind}"'
        return f'<span class="num" {attrs}>{f(value, self.lang)}</span>'


def sizes(starts: list[int], lines: list) -> list[int]:
    """The sizes of the groups of `lines` that begin at the row numbers `starts` (ascending, the
    first 0): a Table's `groups`."""
    return [b - a for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def _page(title: str, body: list[str], lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")  # fmt: skip


# --------------------------------------------------------------------------- theme report

WORDS = {
    "nl": {
        "lead": "Voor de kenniskring in {gem}: cijfers over {years} voor de gemeente en haar wijken.",
        "key": "Kernboodschappen",
        "guide": "Leeswijzer",
        "guide_items": [
            ("Kernboodschappen. ", "Elke zin komt rechtstreeks uit de gepubliceerde tabellen. Woorden als ‘ruim 1 op "
             "de 3’ zijn een afgeronde vertaling van het percentage dat ernaast staat."),
            ("Percentage en interval. ", "Elk percentage is een schatting. Het 95%-interval geeft aan tussen welke "
             "twee waarden het echte cijfer waarschijnlijk ligt. Hoe kleiner de groep, hoe breder het interval."),
            ("▲ en ▼. ", "De wijk verschilt duidelijk van {against}: ▲ hoger, ▼ lager. Elke wijk is "
             "vergeleken met {compared}. Omdat alle wijken tegelijk zijn getoetst, is "
             "gecorrigeerd voor het aantal wijken (methode van Holm): de kans dat een wijk alleen door toeval een ▲ "
             "of ▼ krijgt, is hooguit {alpha}. Geen teken: geen duidelijk verschil. {why}"),
            ("Trend. ", "We kijken over alle jaren samen of de cijfers één kant op gaan (een regressie op het jaartal). "
             "{trend_rule}"),
            ("Onderdrukt of geen personen. ", "‘Onderdrukt’: het cijfer is weggelaten om de privacy te beschermen: "
             + fmt.SUPPRESSED_WHY["nl"] + ". ‘Geen personen’: er is niemand "
             "in deze groep, er is dus niets te tellen."),
        ],
        "guide_theme": {
            "kopp": [("Keer zo vaak. ", "Hoeveel keer zo vaak iets voorkomt bij de ene groep kinderen als bij de "
                      "andere (relatief risico). 1 = even vaak.")],
            "migratie": [
                ("Gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd). ", fmt.STANDARDISED_MEANS["nl"]),
                ("Kans vergeleken met een andere groep (kansverhouding, odds ratio). ", "Hoeveel groter of kleiner de kans op "
                 "GGZ-zorg is dan in de groep waarmee is vergeleken (de referentiegroep), bij gelijke leeftijd, "
                 "geslacht en inkomen. 1 = gelijk, onder 1 = kleiner, boven 1 = groter."),
                ("Gezondheidsmonitor. ", "Klachten en eenzaamheid komen uit een vragenlijst bij een deel van de "
                 "inwoners. De groepen zijn daar klein: de intervallen zijn breed en veel cijfers zijn onderdrukt."),
            ],
            "nieuwkomers": [("Verhouding. ", "Hoeveel keer zo vaak nieuwkomers een kenmerk hebben als de bewoners "
                             "die er al wonen. 1 = even vaak; boven 1 = vaker bij nieuwkomers."),
                            ("Vorig adres onbekend. ", fmt.origin_unknown("nl"))],
        },
        "table": "Kerncijfers voor {gem}",
        "table_head": ["Wat", "Jaar", "{gem}", "95%-interval", "Trend"],
        "interval": "{lo} tot {hi}",
        "standardised": "GGZ-zorg en psychofarmaca zijn gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd): "
                        "omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen {std_pop} in "
                        "{std_year}.",
        "figures": "Figuren",
        "flagged_both": "{label}: duidelijk hoger dan {against} in {high}; duidelijk lager in {low}.",
        "flagged_high": "{label}: duidelijk hoger dan {against} in {wijken}.",
        "flagged_low": "{label}: duidelijk lager dan {against} in {wijken}.",
        "flagged_none": "{label}: geen wijk verschilt duidelijk van {against}.",
        "flagged_nothing": "{label}: er zijn geen cijfers per wijk, dus er is niets te vergelijken met {against}.",
        "or_with": " of met ",
        "trends": "Trend in {gem}: {items}.",
        "source": "Bron: CBS-microdata ({tables}), {years}; bewerking wijkzicht.",
        "definitions": "Definities: wie en wat telt mee",
        "population": "Wie telt mee",
        # where the exact wording of each definition (thresholds, codelists) is: the workbook
        "exact_where": "Hieronder staat elke definitie in gewone woorden. De precieze definitie (met grenzen en "
                       "codelijsten) staat in het werkboek wijkzicht.xlsx: blad {sheet}, kolom {column}.",
        "sources": "Bronnen en koppeling",
        "sources_intro": "De cijfers komen uit CBS-microdata: registraties over alle inwoners, aan elkaar gekoppeld "
                         "via een versleuteld persoonsnummer. Per bron staat hieronder welk deel van de rijen aan de "
                         "inwoners (basisregistratie personen) te koppelen was.",
        "linkage_line": "{source}: {share} van de rijen gekoppeld{year}.",
        "linkage_year": " ({year})",
        "changes": "Wat is veranderd sinds de vorige uitgave",
        "no_previous": "Er is geen vorige uitgave om mee te vergelijken.",
        "changes_why": "Een cijfer kan anders zijn dan in de vorige uitgave: er zijn nieuwe of verbeterde gegevens, "
                       "een definitie is toegevoegd of veranderd, of de privacyregels houden een cijfer nu achter "
                       "(onderdrukt) of laten het nu wel zien.",
        "change_parts": {"changed": "{n} cijfers veranderd", "newly_suppressed": "{n} nu onderdrukt",
                         "newly_published": "{n} nu wel gepubliceerd", "added": "{n} nieuwe cijfers",
                         "new_year": "{n} cijfers van een nieuw jaar",
                         "trend_extended": "{n} trends lopen nu tot het nieuwe jaar",
                         "removed": "{n} cijfers vervallen"},
        # one figure: in the singular ('1 nieuw cijfer', not '1 nieuwe cijfers')
        "change_one": {"changed": "1 cijfer veranderd", "newly_suppressed": "1 nu onderdrukt",
                       "newly_published": "1 nu wel gepubliceerd", "added": "1 nieuw cijfer",
                       "new_year": "1 cijfer van een nieuw jaar",
                       "trend_extended": "1 trend loopt nu tot het nieuwe jaar",
                       "removed": "1 cijfer vervallen"},
        "change_none": "{measure}: niets veranderd.",
        # a changed figure whose printed value is the same and only its interval moved (changes.csv
        # `zichtbaar` interval; U11: a model estimate 49% (44-53) became 49% (44-54), and the
        # factsheet said '1 cijfer veranderd'): said apart, not counted as changed
        "interval_only": {"one": "bij 1 cijfer is alleen de onzekerheid (het 95%-interval) iets anders",
                          "many": "bij {n} cijfers is alleen de onzekerheid (het 95%-interval) iets anders"},
        "interval_same": "; het cijfer zelf is gelijk gebleven.",
        "no_figure_changed": "geen cijfer veranderd",
        # the measures without a change in one line after those that changed, not a line each
        # (a reviewer read 'niets veranderd' once per measure), or one sentence when none did
        "unchanged": "Niets veranderd bij: {measures}.",
        "unchanged_all": "Er is niets veranderd sinds de vorige uitgave: alle cijfers zijn hetzelfde.",
        # a yearly rerun: the new year named before the counts, which then say its figures apart
        # from new definitions (a reader took '552 nieuwe cijfers' for a new definition's, U9)
        "new_years": "Deze uitgave heeft cijfers van een nieuw jaar: {years}.",
        # the similar wijken are made from every figure of a theme, so they move with them (U13 U6:
        # Binnenstad's kinderen West, Zuidwest, Noordwest in the first release, West, Oost,
        # Zuidwest in the second)
        "similar_may_change": "Welke wijken het dichtst bij elkaar liggen en op elkaar lijken, kan ook anders zijn dan "
                              "in de vorige uitgave: dat volgt uit alle cijfers samen.",
        "changes_which": "Welke cijfers: de grootste veranderingen en de cijfers die nu wel of niet meer te zien "
                         "zijn (hoogstens {n} van elk); van elk eerst die van heel {gem}, dan van de wijken en dan "
                         "van de buurten. Alle verschillen staan in het bestand changes.csv.",
        # how many of the figures changed or now suppressed are of the whole gemeente (U11: 28
        # figures of Utrecht itself disappeared unsaid among 64 of wijken and buurten)
        "of_gemeente": " Van heel {gem}: {parts}.",
        "of_gemeente_parts": {"changed": "{n} veranderd", "newly_suppressed": "{n} nu onderdrukt"},
        "changes_head": ["Cijfer", "Gebied", "Jaar", "Vorige uitgave", "Deze uitgave"],
        "change_was": {"newly_published": "onderdrukt", "newly_suppressed": "gepubliceerd"},
        "change_now": {"newly_suppressed": "onderdrukt"},
        "inwoners_register": "Inwoners volgens de basisregistratie (naast de CBS-cijfers)",
        "new_definition": " (nieuwe definitie: {names})", "new_definitions": " (nieuwe definities: {names})",
        "buurten": "Per buurt: {what} in {year}",
        # the wijken of a table of buurten in the order of the figures per wijk (key_messages.wijk_order)
        "wijk_order": "De wijken staan van hoog naar laag op {what}.",
        "buurten_intro": "Het cijfer voor alle {subject} samen, per buurt onder de eigen wijk. In een buurt wonen "
                         "minder mensen dan in een wijk: het interval is breder. ‘Onderdrukt’: te weinig personen, of "
                         "het cijfer zou terug te rekenen zijn uit de wijk en de andere buurten. ‘Geen personen’: "
                         "niemand in deze buurt telt mee. Een adres hoort bij de buurt van de indeling van dat jaar.",
        # the group counted: kinderen, volwassenen or nieuwkomers (key_messages WORDS subject); all
        # of them in the area, not those with the figure's trait ('Aantal kinderen' beside a KOPP
        # percentage read as the children with such a parent)
        "buurten_head": ["Wijk", "Buurt", "Cijfer", "95%-interval", "{Subject} in wijk of buurt (totaal)"],
        "whole_wijk": "hele wijk",
        # under a map per buurt: buurten are not tested against the city, the wijk map has the marks
        "buurt_map_marks": "Buurten zijn niet getoetst; ▲ ▼ staan bij de kaart per wijk.",
        "model": "Modelschatting per buurt ({year})",
        "model_intro": "Modelschatting: geschat met een model uit de antwoorden van de enquête en gegevens die van "
                       "alle inwoners bekend zijn{covariates}. "
                       "In een buurt doen te weinig mensen mee aan de enquête voor een eigen cijfer; het model leert "
                       "uit alle antwoorden en past dat toe op de inwoners van de buurt. De echte waarde ligt "
                       "waarschijnlijk binnen het 95%-interval. " + fmt.MODEL_BUURT["nl"] + " "
                       "Een modelschatting is geen precieze telling. Bij elke wijk staan twee cijfers: eerst het "
                       "cijfer uit de enquête zelf (dat staat ook in het dashboard, het werkboek en de "
                       "wijkfactsheets), dan de modelschatting. Voor een buurt is er alleen de modelschatting. "
                       "‘Deelnemers enquête’: hoeveel mensen in de wijk of buurt de vragen over dit onderwerp "
                       "beantwoordden. ‘Onderdrukt’: te weinig inwoners of "
                       "deelnemers in de buurt, of hun aantal zou terug te rekenen zijn. Is het cijfer uit de "
                       "enquête van een wijk onderdrukt, dan staat het aantal deelnemers ook bij de modelschatting "
                       "van de wijk en haar buurten niet.",
        "model_head": ["Wijk", "Buurt", "Cijfer", "95%-interval", "Deelnemers enquête"],
        # a wijk's two figures: the survey's own (as in the dashboard, workbook and factsheets)
        "wijk_survey": "hele wijk: enquête",
        "wijk_model": "hele wijk: modelschatting",
        "alike": "Wijken die op elkaar lijken",
        # 'ligt het dichtst bij' for the distance, 'lijkt (duidelijk) op' for the count, as
        # similar_wijken.likeness says them (U13 M3, U3: 'op naam', the afstand never said)
        "alike_intro": "Welke wijken het dichtst bij elkaar liggen en of ze op elkaar lijken, op de gepubliceerde "
                       "cijfers van dit thema. Zo vindt u wijken om ervaringen mee te delen. De afstand tussen twee "
                       "wijken telt de verschillen bij alle cijfers van het thema samen: hoe kleiner de afstand, hoe "
                       "dichter de wijken bij elkaar liggen. Twee wijken liggen dicht bij elkaar bij een cijfer als "
                       "het verschil kleiner is dan de helft van de gewone spreiding tussen de wijken (een halve "
                       "standaardafwijking). Een wijk lijkt duidelijk op een andere als dat bij meer dan de helft "
                       "van de cijfers zo is. Twee wijken liggen even dichtbij als hun afstanden minder dan {tie} "
                       "van elkaar verschillen: dan noemen we ze op alfabet. Ook staat er waar ze het meest "
                       "verschillen.",
        "questions": "Vragen voor de kenniskring",
        "q_high": "In {wijk} is het aandeel ({definition}) {value}, tegen {gem} in {gem_name}. Herkent u dat beeld? "
                  "Wat zou het verklaren?",
        # U10: on what the published figures say, never on a suppressed one: more distress in the
        # survey, and less care in the registers at the same age, sex and income (odds ratios)
        "q_gap": "Volwassenen met een herkomst uit {origin} hebben duidelijk vaker hoge psychische klachten. Bij "
                 "gelijke leeftijd, geslacht en inkomen krijgen zij ook minder vaak GGZ-zorg dan volwassenen met een "
                 "Nederlandse herkomst. Herkent u dat in de praktijk? Zo ja: welke drempels ziet u, en wie kan die "
                 "verlagen?",
        "q_gap_unsure": "Volwassenen met een herkomst uit {origin} hebben duidelijk vaker hoge psychische klachten. Of "
                        "zij ook minder vaak GGZ-zorg krijgen, is in deze cijfers niet zeker. Wat ziet u in de "
                        "praktijk: vinden zij de weg naar zorg?",
        "q_trend": "Het aandeel {verdict} sinds {first}. Past dat bij wat u in de praktijk ziet?",
        "q_alike": "{wijk} lijkt op {other}{how}: wat kunnen professionals in beide wijken van elkaar leren?",
        "q_limits": "Welke groepen ontbreken in deze registraties (niet te koppelen, geen zorg gezocht) en hoe weegt "
                    "u dat mee?",
        "verdict_q": {"stijgt": "stijgt", "daalt": "daalt", "stijgt_licht": "stijgt licht", "daalt_licht": "daalt licht"},
    },
    "en": {
        "lead": "For the knowledge circle in {gem}: figures for {years} for the municipality and its wijken.",
        "key": "Key messages",
        "guide": "How to read this report",
        "guide_items": [
            ("Key messages. ", "Each sentence comes straight from the published tables. Words such as ‘just over 1 "
             "in 3’ are a rounded translation of the percentage beside them."),
            ("Percentage and interval. ", "Each percentage is an estimate. The 95% interval gives the two values "
             "between which the true figure probably lies. The smaller the group, the wider the interval."),
            ("▲ and ▼. ", "The wijk differs clearly from {against}: ▲ higher, ▼ lower. Each wijk is "
             "compared with {compared}. Because all wijken are tested at once, the test is "
             "corrected for the number of wijken (Holm's method): the chance that a wijk gets a ▲ or ▼ by chance "
             "alone is at most {alpha}. No sign: no clear difference. {why}"),
            ("Trend. ", "We look over all years together whether the figures go one way (a regression on the year). "
             "{trend_rule}"),
            ("Suppressed or no persons. ", "‘Suppressed’: the figure is left out to protect privacy: "
             + fmt.SUPPRESSED_WHY["en"] + ". ‘No persons’: nobody is in this group, so "
             "there is nothing to count."),
        ],
        "guide_theme": {
            "kopp": [("Times as often. ", "How many times as often something happens in one group of children as "
                      "in the other (relative risk). 1 = equally often.")],
            "migratie": [
                ("Adjusted for age and sex (standardised). ", fmt.STANDARDISED_MEANS["en"]),
                ("Odds compared with another group (odds ratio). ", "How much larger or smaller the odds of "
                 "mental-health care are than in the group compared with (the reference group), at the same age, sex "
                 "and income. 1 = equal, below 1 = smaller, above 1 = larger."),
                ("Health survey. ", "Distress and loneliness come from a questionnaire answered by part of the "
                 "residents. Its groups are small: the intervals are wide and many figures are suppressed."),
            ],
            "nieuwkomers": [("Ratio. ", "How many times as often newcomers have a marker as the residents already "
                             "living there. 1 = equally often; above 1 = more often among newcomers."),
                            ("Previous address unknown. ", fmt.origin_unknown("en"))],
        },
        "table": "Key figures for {gem}",
        "table_head": ["What", "Year", "{gem}", "95% interval", "Trend"],
        "interval": "{lo} to {hi}",
        "standardised": "Mental-health care and psychotropic drugs are adjusted for age and sex (standardised): "
                        "recalculated to the age and sex make-up of the adults {std_pop} in {std_year}.",
        "figures": "Figures",
        "flagged_both": "{label}: clearly higher than {against} in {high}; clearly lower in {low}.",
        "flagged_high": "{label}: clearly higher than {against} in {wijken}.",
        "flagged_low": "{label}: clearly lower than {against} in {wijken}.",
        "flagged_none": "{label}: no wijk differs clearly from {against}.",
        "flagged_nothing": "{label}: there are no figures by wijk, so there is nothing to compare with {against}.",
        "or_with": " or with ",
        "trends": "Trend in {gem}: {items}.",
        "source": "Source: CBS microdata ({tables}), {years}; processed by wijkzicht.",
        "definitions": "Definitions: who and what counts",
        "population": "Who counts",
        "exact_where": "Below, each definition is in plain words. The exact definition (with thresholds and code "
                       "lists) is in the workbook wijkzicht.xlsx: sheet {sheet}, column {column}.",
        "sources": "Sources and linkage",
        "sources_intro": "The figures come from CBS microdata: registers of all residents, linked through an "
                         "encrypted person number. For each source, the share of its rows that could be linked to "
                         "the residents (population register).",
        "linkage_line": "{source}: {share} of the rows linked{year}.",
        "linkage_year": " ({year})",
        "changes": "What changed since the previous release",
        "no_previous": "There is no previous release to compare with.",
        "changes_why": "A figure can differ from the previous release: there are new or corrected data, a "
                       "definition was added or changed, or the privacy rules now hold a figure back (suppressed) or "
                       "now let it be shown.",
        "change_parts": {"changed": "{n} figures changed", "newly_suppressed": "{n} now suppressed",
                         "newly_published": "{n} now published", "added": "{n} new figures",
                         "new_year": "{n} figures of a new year",
                         "trend_extended": "{n} trends now run to the new year",
                         "removed": "{n} figures dropped"},
        "change_one": {"changed": "1 figure changed", "newly_suppressed": "1 now suppressed",
                       "newly_published": "1 now published", "added": "1 new figure",
                       "new_year": "1 figure of a new year",
                       "trend_extended": "1 trend now runs to the new year",
                       "removed": "1 figure dropped"},
        "change_none": "{measure}: nothing changed.",
        "interval_only": {"one": "for 1 figure only the uncertainty (the 95% interval) is slightly different",
                          "many": "for {n} figures only the uncertainty (the 95% interval) is slightly different"},
        "interval_same": "; the figure itself stayed the same.",
        "no_figure_changed": "no figure changed",
        "unchanged": "Nothing changed for: {measures}.",
        "unchanged_all": "Nothing changed since the previous release: every figure is the same.",
        "new_years": "This release has figures of a new year: {years}.",
        "similar_may_change": "Which wijken lie closest to each other and are alike can differ from the previous "
                              "release too: it follows from all figures together.",
        "changes_which": "Which figures: the largest changes and the figures that are now shown or no longer "
                         "shown (at most {n} of each); of each first those of {gem} as a whole, then of the wijken "
                         "and then of the buurten. Every difference is in the file changes.csv.",
        "of_gemeente": " Of {gem} as a whole: {parts}.",
        "of_gemeente_parts": {"changed": "{n} changed", "newly_suppressed": "{n} now suppressed"},
        "changes_head": ["Figure", "Area", "Year", "Previous release", "This release"],
        "change_was": {"newly_published": "suppressed", "newly_suppressed": "published"},
        "change_now": {"newly_suppressed": "suppressed"},
        "inwoners_register": "Inhabitants in the population register (beside CBS's figures)",
        "new_definition": " (new definition: {names})", "new_definitions": " (new definitions: {names})",
        "buurten": "Per buurt: {what} in {year}",
        "wijk_order": "The wijken are from high to low on {what}.",
        "buurten_intro": "The figure for all {subject} together, per buurt (neighbourhood) under its own wijk. Fewer "
                         "people live in a buurt than in a wijk: the interval is wider. ‘Suppressed’: too few persons, "
                         "or the figure could be worked out from the wijk and the other buurten. ‘No persons’: nobody "
                         "in this buurt is counted. An address belongs to the buurt of that year's division.",
        "buurten_head": ["Wijk", "Buurt", "Value", "95% interval", "{Subject} in wijk or buurt (total)"],
        "whole_wijk": "whole wijk",
        "buurt_map_marks": "Buurten are not tested; ▲ ▼ are on the map per wijk.",
        "model": "Model estimates per buurt ({year})",
        "model_intro": "Model estimate (modelschatting): estimated with a model from the survey answers and data "
                       "known for every resident{covariates}. Too few "
                       "people in a buurt take part in the survey for a figure of its own; the model learns from all "
                       "answers and applies that to the buurt's residents. The true value probably lies within the "
                       "95% interval. " + fmt.MODEL_BUURT["en"] + " A model estimate is not an "
                       "exact count. Each wijk has two figures: first the survey's own figure (also in the dashboard, "
                       "the workbook and the wijk factsheets), then the model estimate. A buurt has the model "
                       "estimate only. ‘Survey respondents’: how many people in the wijk or buurt answered the "
                       "questions on this subject. ‘Suppressed’: too few residents or respondents in the buurt, or "
                       "their number could be worked out. Where a wijk's survey figure is suppressed, the number of "
                       "respondents is not given with the model estimates of the wijk and its buurten either.",
        "model_head": ["Wijk", "Buurt", "Value", "95% interval", "Survey respondents"],
        "wijk_survey": "whole wijk: survey",
        "wijk_model": "whole wijk: model estimate",
        "alike": "Wijken that are alike",
        "alike_intro": "Which wijken lie closest to each other and whether they are alike, on the published figures "
                       "of this theme: wijken to share experience with. The distance between two wijken adds up the "
                       "differences in all figures of the theme: the smaller the distance, the closer the wijken lie. "
                       "Two wijken lie close in a figure when they differ by less than half the usual spread between "
                       "the wijken (half a standard deviation). A wijk is clearly like another when that holds for "
                       "more than half of the figures. Two wijken are equally close when their distances differ by "
                       "less than {tie}: then they are named in alphabetical order. Where they differ most is said "
                       "too.",
        "questions": "Questions for the knowledge circle",
        "q_high": "In {wijk} the share ({definition}) is {value}, against {gem} in {gem_name}. Do you recognise this? "
                  "What might explain it?",
        "q_gap": "Adults with an origin in {origin} clearly more often have high psychological distress. At the same "
                 "age, sex and income, they also less often get mental-health care than adults of Dutch origin. Do you "
                 "see that in practice? If so: which barriers do you see, and who can lower them?",
        "q_gap_unsure": "Adults with an origin in {origin} clearly more often have high psychological distress. "
                        "Whether they also less often get mental-health care is not certain from these figures. What "
                        "do you see in practice: do they find their way to care?",
        "q_trend": "The share has been {verdict} since {first}. Does that match what you see in practice?",
        "q_alike": "{wijk} is like {other}{how}: what can professionals in both wijken learn from each other?",
        "q_limits": "Which groups are missing from these registrations (not linkable, no care sought) and how do you "
                    "weigh that?",
        "verdict_q": {"stijgt": "rising", "daalt": "falling", "stijgt_licht": "rising slightly",
                      "daalt_licht": "falling slightly"},
    },
}  # fmt: skip

# the methods whose value is a ratio (shown as 1,23), not a share; and how many figures of each
# kind of change the report names (`ThemeReport.changed_lines`)
RATIO_METHODS = ("ratio_katz", "relative_risk_katz", "logit_glm")
CHANGES_SHOWN = 5

# per theme, the series of the key-figures table: (measure, method)
KEY_TABLE = {
    "kopp": [("kopp.aandeel", "wilson"), ("kopp.ouders_onbekend", "wilson")],
    "migratie": [("migratie.ggz", "direct_std_gamma"), ("migratie.psychofarmaca", "direct_std_gamma"),
                 ("migratie.k10_hoog", "survey_taylor"), ("migratie.zorgkloof", "survey_taylor"),
                 ("migratie.eenzaam", "survey_taylor")],
    "nieuwkomers": [("nieuwkomers.aandeel", "wilson")],
}  # fmt: skip

# per figure: the measures it draws (for its year, source line and verdicts) and its words
FIGURE_WORDS = {
    "kopp_aandeel_wijk": {
        "measures": ["kopp.aandeel"], "flags": True,
        "nl": ("Per wijk: kinderen met een ouder met psychische problemen of verslaving, {year}",
               "Per definitie een paneel. Elke stip is een wijk, het streepje eromheen het 95%-interval. De "
               "stippellijn is {gem}.",
               "Stippen per wijk met 95%-intervallen, per definitie ({definitions}): het aandeel kinderen met een "
               "ouder met psychische problemen of verslaving in {year}; {gem} als stippellijn."),
        "en": ("By wijk: children of a parent with mental-health problems or addiction, {year}",
               "One panel per definition. Each dot is a wijk, the bar around it the 95% interval. The dashed line "
               "is {gem}.",
               "Dots per wijk with 95% intervals, per definition ({definitions}): the share of children of a parent "
               "with mental-health problems or addiction in {year}; {gem} as a dashed line."),
    },
    "kopp_trend": {
        "measures": ["kopp.aandeel"], "trends": True,
        "nl": ("Ontwikkeling in {gem}, {years}",
               "Een lijn per definitie: het aandeel kinderen met zo'n ouder per jaar in {gem}, met het 95%-interval "
               "als band.",
               "Lijnen per definitie ({definitions}): het aandeel kinderen met een ouder met psychische problemen of "
               "verslaving in {gem} per jaar, {years}, met 95%-intervallen."),
        "en": ("Trend in {gem}, {years}",
               "One line per definition: the share of children with such a parent per year in {gem}, with the 95% "
               "interval as a band.",
               "Lines per definition ({definitions}): the share of children of a parent with mental-health problems "
               "or addiction in {gem} per year, {years}, with 95% intervals."),
    },
    "kopp_overlap": {
        "measures": ["kopp.overlap"],
        "nl": ("Welke problemen bij de ouders samengaan, {year}",
               "Elke balk is een combinatie van kenmerken van de ouders; de stippen eronder laten zien welke. De "
               "hoogte van de balk is het aantal kinderen in {gem} met precies die combinatie.",
               "Balken per combinatie van kenmerken van de ouders ({definitions}): het aantal kinderen in {gem} "
               "met precies die combinatie in {year}."),
        "en": ("Which problems of the parents go together, {year}",
               "Each bar is a combination of the parents' conditions; the dots below show which. The height of the "
               "bar is the number of children in {gem} with exactly that combination.",
               "Bars per combination of the parents' conditions ({definitions}): the number of children in {gem} with "
               "exactly that combination in {year}."),
    },
    "migratie_zorgkloof": {
        "measures": ["migratie.k10_hoog", "migratie.zorgkloof"],
        "nl": ("Hoge klachten en GGZ-zorg naar herkomst, {year}",
               "Links: het aandeel volwassenen met hoge psychische klachten (K10), per herkomst. Rechts: van wie "
               "hoge klachten heeft, het aandeel met GGZ-zorg. Een groep met veel klachten en weinig zorg heeft een "
               "zorgkloof. De cijfers komen uit de gezondheidsmonitor: de intervallen zijn breed.",
               "Twee panelen met stippen per herkomstgroep en 95%-intervallen: links het aandeel met hoge psychische "
               "klachten, rechts het aandeel met GGZ-zorg onder wie hoge klachten heeft, {gem}, {year}."),
        "en": ("High distress and mental-health care by origin, {year}",
               "Left: the share of adults with high psychological distress (K10), by origin. Right: of those with "
               "high distress, the share with mental-health care. A group with much distress and little care has a "
               "care gap. The figures come from the health survey: the intervals are wide.",
               "Two panels with dots per origin group and 95% intervals: left the share with high psychological "
               "distress, right the share with mental-health care among those with high distress, {gem}, {year}."),
    },
    "migratie_trend": {
        "measures": ["migratie.ggz"], "trends": True, "method": "direct_std_gamma",
        "nl": ("GGZ-zorg in {gem}, {years}",
               "Het aandeel volwassenen met GGZ-zorg per jaar in {gem}, gecorrigeerd voor leeftijd en geslacht "
               "(gestandaardiseerd), met het 95%-interval als band.",
               "Lijn: het aandeel volwassenen met GGZ-zorg in {gem} per jaar, {years}, gecorrigeerd voor leeftijd "
               "en geslacht (gestandaardiseerd), met 95%-intervallen."),
        "en": ("Mental-health care in {gem}, {years}",
               "The share of adults with mental-health care per year in {gem}, adjusted for age and sex "
               "(standardised), with the 95% interval as a band.",
               "Line: the share of adults with mental-health care in {gem} per year, {years}, adjusted for age and "
               "sex (standardised), with 95% intervals."),
    },
    "nieuwkomers_concentratie": {
        "measures": ["nieuwkomers.concentratie"], "flags": True, "method": "ratio_katz",
        "nl": ("Nieuwkomers tegen bewoners per wijk, {year}",
               "Per wijk: hoeveel keer zo vaak nieuwkomers een kenmerk hebben als de bewoners die er al wonen, met "
               "het 95%-interval. 1 = even vaak; rechts van 1 komt het kenmerk vaker voor bij nieuwkomers.",
               "Verhouding per wijk met 95%-intervallen, per kenmerk ({definitions}): hoeveel keer zo vaak "
               "nieuwkomers het kenmerk hebben als de bewoners van de wijk, {year}; 1 = even vaak."),
        "en": ("Newcomers against residents by wijk, {year}",
               "Per wijk: how many times as often newcomers have a marker as the residents already living there, "
               "with the 95% interval. 1 = equally often; right of 1 the marker is more common among newcomers.",
               "Ratio per wijk with 95% intervals, per marker ({definitions}): how many times as often newcomers "
               "have the marker as the wijk's residents, {year}; 1 = equally often."),
    },
    "nieuwkomers_trend": {
        "measures": ["nieuwkomers.aandeel"], "trends": True,
        "nl": ("Nieuwkomers met een kenmerk van kwetsbaarheid in {gem}, {years}",
               "Een lijn per kenmerk: het aandeel nieuwkomers met dat kenmerk per jaar in {gem}, met het "
               "95%-interval als band.",
               "Lijnen per kenmerk ({definitions}): het aandeel nieuwkomers met dat kenmerk in {gem} per jaar, "
               "{years}, met 95%-intervallen."),
        "en": ("Newcomers with a vulnerability marker in {gem}, {years}",
               "One line per marker: the share of newcomers with that marker per year in {gem}, with the 95% "
               "interval as a band.",
               "Lines per marker ({definitions}): the share of newcomers with that marker in {gem} per year, {years}, "
               "with 95% intervals."),
    },
}  # fmt: skip


def read_changes(path) -> pd.DataFrame:
    """changes.csv (`release.changes.rows`) as the pages read it: its empty cells empty."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"definition": str})


def _seen(ch: pd.DataFrame) -> pd.Series:
    """changes.csv's `zichtbaar` of each row ('' where empty or where the file has no such
    column: a changes.csv made before it, whose changed figures all count as changed)."""
    if "zichtbaar" not in ch:
        return pd.Series("", index=ch.index, dtype=object)
    # object first: a column with every cell empty is read as float (NaN), and filling a
    # float column with a string is deprecated in pandas
    return ch["zichtbaar"].astype(object).fillna("").astype(str)


def visible_changes(ch: pd.DataFrame) -> pd.DataFrame:
    """The rows of changes.csv `ch` a reader sees change on the pages: every row but a changed
    figure whose printed value is the same (`zichtbaar` interval or niets,
    `release.changes.seen`: U11's '1 cijfer veranderd' of a model estimate whose interval alone
    moved one point). What the pages count and list as changed; changes.csv keeps them all."""
    hidden = (ch["change"] == "changed") & _seen(ch).isin(["interval", "niets"])
    return ch[~hidden]


def interval_only(ch: pd.DataFrame) -> pd.DataFrame:
    """The changed figures of changes.csv `ch` whose printed value is the same and whose printed
    interval alone differs (`zichtbaar` interval)."""
    return ch[(ch["change"] == "changed") & (_seen(ch) == "interval")]


def interval_part(ch: pd.DataFrame, lang: str) -> str:
    """'bij 2 cijfers is alleen de onzekerheid (het 95%-interval) iets anders' of the rows `ch`
    of changes.csv (`interval_only`); '' when there is none."""
    n = len(interval_only(ch))
    if not n:
        return ""
    words = WORDS[lang]["interval_only"]
    return words["one"] if n == 1 else words["many"].format(n=fmt.number(n, lang))


def interval_sentence(ch: pd.DataFrame, lang: str) -> str:
    """`interval_part` as a sentence that says the figure stayed the same: 'Bij 1 cijfer is
    alleen de onzekerheid (het 95%-interval) iets anders; het cijfer zelf is gelijk gebleven.'
    (the factsheet's and the dashboard's line after their counts); '' when there is none."""
    part = interval_part(ch, lang)
    return part[:1].upper() + part[1:] + WORDS[lang]["interval_same"] if part else ""


# a trend said in other words than in the previous release (changes.csv `trend_old`, `trend_new`;
# U13 M1: Binnenstad's "daalt" became "geen duidelijke trend" and no page said so): after the
# counts, the trends with their words now and then
TREND_WAS = {
    "nl": {"one": "bij 1 trend zijn de woorden anders", "many": "bij {n} trends zijn de woorden anders",
           "item": "{what}: {now} (was: {was})", "more": "nog {n}", "in": " in {area}"},
    "en": {"one": "1 trend is said in other words", "many": "{n} trends are said in other words",
           "item": "{what}: {now} (was: {was})", "more": "{n} more", "in": " in {area}"},
}  # fmt: skip


def trend_word_changes(ch: pd.DataFrame) -> pd.DataFrame:
    """The changed trend rows of changes.csv `ch` whose words differ between the releases
    (`trend_old`, `trend_new`, `release.changes.trend_words`); none where the file lacks them."""
    if "trend_old" not in ch or "trend_new" not in ch:
        return ch.iloc[:0]
    old = ch["trend_old"].astype(object).fillna("").astype(str)
    new = ch["trend_new"].astype(object).fillna("").astype(str)
    return ch[(ch["change"] == "changed") & (old != "") & (new != "") & (old != new)]


def trend_label(r, lang: str, definitions: Definitions | None = None,
                methods: dict | None = None) -> str:  # fmt: skip
    """A trend row of changes.csv named by the figure it follows (`labels.figure_label`; its
    method, `themes.trend_rows.SOURCE_METHODS`, said where `methods`, per measure its methods
    shown, has several: 'psychofarmaca (volwassenen), gecorrigeerd')."""
    from wijkzicht.themes.trend_rows import SOURCE_METHODS

    d = "" if pd.isna(r["definition"]) else str(r["definition"])
    shown = list((methods or {}).get(r["measure"], ()))
    source = next((m for m in shown if SOURCE_METHODS.get(m) == r["method"]), r["method"])
    return figure_label(lang, r["measure"], d, source, r["group"], r["group_value"],
                        definitions, shown)  # fmt: skip


def trend_was(r, lang: str, definitions: Definitions | None = None, area: bool = False,
              methods: dict | None = None) -> str:  # fmt: skip
    """One trend row of changes.csv in words, now and then: 'ouder met psychofarmaca:
    geen duidelijke trend (was: daalt)' (`trend_label`); `area`: its area named after it."""
    what = trend_label(r, lang, definitions, methods)
    # in running text: 'psychofarmaca (volwassenen)', not a capital mid-sentence (GGZ stays)
    what = what[:1].lower() + what[1:] if what[1:2].islower() else what
    if area:
        what += TREND_WAS[lang]["in"].format(area=r["area_name"])
    return TREND_WAS[lang]["item"].format(
        what=what, now=fmt.verdict_words(lang, r["trend_new"]),
        was=fmt.verdict_words(lang, r["trend_old"]),
    )  # fmt: skip


def trend_part(ch: pd.DataFrame, lang: str, definitions: Definitions | None = None,
               area: bool = False, at_most: int = 3, methods: dict | None = None) -> str:  # fmt: skip
    """'bij 2 trends zijn de woorden anders: ouder met psychofarmaca: geen duidelijke trend
    (was: daalt) en ...' of the rows `ch` of changes.csv (`trend_word_changes`), the gemeente's
    first, at most `at_most` named ('nog 4' after them); `area`: each with ' in Binnenstad'; ''
    when none."""
    rows = trend_word_changes(ch)
    if rows.empty:
        return ""
    # the gemeente's first, then the wijken's, then the buurten's (as the report's table)
    levels = {"gemeente": 0, "wijk": 1, "buurt": 2}
    rows = rows.iloc[rows["area_level"].map(levels).fillna(3).argsort(kind="mergesort")]
    w = TREND_WAS[lang]
    lead = w["one"] if len(rows) == 1 else w["many"].format(n=fmt.number(len(rows), lang))
    items = [
        trend_was(r, lang, definitions, area, methods) for _, r in rows.head(at_most).iterrows()
    ]
    if len(rows) > at_most:
        items.append(w["more"].format(n=fmt.number(len(rows) - at_most, lang)))
    return f"{lead}: {fmt.listing(lang, items)}"


def change_counts(ch: pd.DataFrame, lang: str, added: str = "") -> list[str]:
    """How many figures of the rows `ch` of changes.csv changed in each way, in words and in the
    order of the report's section 'Wat is veranderd' (WORDS change_parts): ['3 cijfers
    veranderd', '24 nieuwe cijfers']; every row counts, a trend too, as the report's section
    counts them; none without rows. `added`: said after the count of new figures (a new
    definition, `new_definitions_note`). The dashboard's section and the factsheet's line say
    it in these words, so that their counts are the report's. A changed figure counts only where
    a reader sees its printed value change (`visible_changes`; the interval alone:
    `interval_sentence`)."""
    n = visible_changes(ch)["change"].value_counts()
    return [
        text.format(n=fmt.number(int(n[kind]), lang)) + (added if kind == "added" else "")
        for kind, text in change_words(lang, n).items()
        if n.get(kind, 0) > 0
    ]


def new_definitions_note(ch: pd.DataFrame, m: pd.DataFrame, definitions: Definitions,
                         lang: str) -> str:  # fmt: skip
    """' (nieuwe definitie: ...)' for the definitions whose figures in the rows `ch` of
    changes.csv are all new: every row of (measure, definition) in this release's measures `m`
    is added (a definition the previous release did not have); '' when there is none."""
    added = ch[ch["change"] == "added"]
    new = []
    for (measure, d), rows in added.groupby(["measure", "definition"], sort=False, dropna=True):
        mine = (m["measure"] == measure) & (m["definition"] == d)
        if str(d) and mine.sum() == len(rows):
            new.append(definition_label(lang, measure, str(d), definitions))
    if not new:
        return ""
    key = "new_definition" if len(new) == 1 else "new_definitions"
    return WORDS[lang][key].format(names=fmt.listing(lang, list(dict.fromkeys(new))))


def new_years_sentence(ch: pd.DataFrame, lang: str) -> str:
    """'Deze uitgave heeft cijfers van een nieuw jaar: 2024.' for the years of the rows `ch` of
    changes.csv that are `new_year` or `trend_extended` (`release.changes.CHANGES`); '' when
    none (the report's and the dashboard's section 'Wat is veranderd')."""
    new = ch[ch["change"].isin(["new_year", "trend_extended"])]
    years = sorted({int(y) for y in new["year"]})
    if not years:
        return ""
    return WORDS[lang]["new_years"].format(years=fmt.listing(lang, [str(y) for y in years]))


# why figures changed (changes.csv's `reden`, `release.changes.reasons`), per reason a part; the
# parts say what they count ('67 cijfers omdat ...', not a bare '67', U11), '{figures}' the noun
# in the singular or plural (`reasons_sentence`)
REASON_WORDS = {
    "nl": {"lead": "Waarom: ", "figures": ("cijfer", "cijfers"),
           "gegevens": "{n} {figures} omdat een bestand waaruit ze gemaakt zijn veranderd is",
           "werkwijze": "{n} {figures} door een andere versie van wijkzicht of een andere instelling",
           "privacyregels": "{n} {figures} alleen door de privacyregels: de aantallen zijn gelijk gebleven",
           "onbekend": "{n} {figures} om een reden die uit de twee uitgaven niet na te gaan is"},
    "en": {"lead": "Why: ", "figures": ("figure", "figures"),
           "gegevens": "{n} {figures} because a file they are made from changed",
           "werkwijze": "{n} {figures} because of another version of wijkzicht or another setting",
           "privacyregels": "{n} {figures} only by the disclosure rules: the counts stayed the same",
           "onbekend": "{n} {figures} for a reason the two releases cannot tell"},
}  # fmt: skip
REASONS = ("gegevens", "werkwijze", "privacyregels", "onbekend")

# why a figure whose data changed can now be suppressed (U13 M2: 'Waarom: 93 cijfers omdat een
# bestand ... veranderd is', 64 of them now suppressed, read as 'the data broke'): with the
# previous release named, a figure whose counts the new data changes by 1 to threshold - 1
# persons is suppressed, as beside the old one the difference is a group below the threshold
# (docs/rules.md#e6, the primary rule; docs/rules.md#e7, what an attacker can derive;
# `disclosure.control.revised_small_mask`; README, "A second release of the same data names
# the first")
HELD_BACK = {
    "nl": "Cijfers die door verbeterde gegevens maar een paar personen anders zijn dan in de vorige "
          "uitgave, houden we achter: naast het oude cijfer zou het verschil die personen laten zien.",
    "en": "Figures that improved data change by only a few persons from the previous release are held "
          "back: beside the old figure, the difference would show those persons.",
}  # fmt: skip


def held_back_sentence(ch: pd.DataFrame, lang: str) -> str:
    """`HELD_BACK` when a row of `ch` (changes.csv) is newly suppressed with reden `gegevens`,
    else ''."""
    if "reden" not in ch or "change" not in ch:
        return ""
    hidden = (ch["reden"] == "gegevens") & (ch["change"] == "newly_suppressed")
    return HELD_BACK[lang] if hidden.any() else ""


def reasons_sentence(ch: pd.DataFrame, lang: str) -> str:
    """'Waarom: 25 cijfers omdat een bestand ... veranderd is en 1 cijfer alleen door de
    privacyregels: ...' of the rows `ch` of changes.csv that changed, are now published or now
    suppressed, by their `reden`; '' without that column (a changes.csv made without the
    manifests) or such rows."""
    if "reden" not in ch:
        return ""
    counts = ch.loc[ch["reden"].astype(object).fillna("") != "", "reden"].value_counts()
    w = REASON_WORDS[lang]
    parts = [
        w[k].format(n=fmt.number(int(counts[k]), lang), figures=w["figures"][int(counts[k]) != 1])
        for k in REASONS
        if k in counts
    ]
    return w["lead"] + fmt.listing(lang, parts) + "." if parts else ""


# one printed step of a figure of each method, where a step is coarser than the others' (a
# model estimate printed in whole percentages, `release.changes.PRINTED`): a change of one step
# may be a tenth of a point (U13 M6: K10 16% -> 15% ranked above real changes of 0,7 point)
ONE_STEP = {"modelschatting": 0.01}


def one_step(ch: pd.DataFrame) -> pd.Series:
    """Of each row of changes.csv `ch` whether its value changed by one printed step or less
    (`ONE_STEP`); False for a method not listed."""
    step = pd.to_numeric(ch["method"].astype(object).map(ONE_STEP), errors="coerce")
    diff = pd.to_numeric(ch["difference"], errors="coerce").abs()
    return pd.Series((diff <= step + 1e-9).to_numpy(dtype=bool), index=ch.index)


def change_words(lang: str, n) -> dict[str, str]:
    """WORDS change_parts, a kind counted once (`n`: per kind its count) in the singular."""
    w = WORDS[lang]
    return {k: w["change_one"][k] if n.get(k, 0) == 1 else t for k, t in w["change_parts"].items()}


def _years(years, lang: str) -> str:
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}-{years[-1]}"


class ThemeReport:
    """The blocks of one theme's report, from the export `root` only."""

    def __init__(self, theme: str, root: Path, definitions: Definitions, figures: list[str], *, lang: str,
                 alpha: float = 0.05, slight: float = SLIGHT, small_area: dict | None = None,
                 standard: Sequence[str] = (), infographic=None):  # fmt: skip
        # the infographic's content as its job drew it (`infographic.write_from_export`: with
        # the map, the persona cards and their sources); None: made here from the export alone
        self.infographic = infographic
        # a GGD region run: its gemeenten's names, the standard population of the standardised
        # figures (`format.std_population`); empty: the gemeente's own adults
        self.standard = tuple(standard)
        # the small-area model's covariates (config small_area.factors and .flags), named in words
        self.small_area = small_area
        self.theme, self.root, self.definitions, self.figures = (
            theme,
            Path(root),
            definitions,
            figures,
        )
        self.lang, self.alpha, self.slight, self.w = lang, alpha, slight, WORDS[lang]
        self.map_source = ""  # the words for the maps' boundaries (theme_document)
        self.file = f"{theme}/measures.csv"
        self.m = read_measures_csv(self.root / self.file).reset_index(drop=True)
        v = self.root / theme / "verschillen.csv"
        self.v = pd.read_csv(v, keep_default_na=False, na_values=[""]) if v.exists() else None
        self.km = Messages(theme, self.m, self.v, definitions, lang=lang, file=self.file,
                           standard=self.standard)  # fmt: skip
        self.gem, self.gem_code = self.km.gem, self.km.gem_code
        shares = self.m[~self.m["method"].astype(str).str.startswith("trend_")]
        self.years = _years(shares["year"], lang)

    # helpers ----------------------------------------------------------------

    def cell(self, r: pd.Series, kind: str = "pct", col: str = "value") -> Cell:
        return Cell(self.file, int(r.name), col, float(r[col]), kind)

    def value(self, r, kind: str = "pct") -> list[Part]:
        """A row's value, or the word for its state (onderdrukt / geen personen)."""
        if r is None:
            return [""]
        if fmt.state(r) != "ok":
            return [fmt.STATE_WORDS[self.lang][fmt.state(r)]]
        return [self.cell(r, kind)]

    def interval(self, r, kind: str = "pct") -> list[Part]:
        if r is None or fmt.state(r) != "ok" or pd.isna(r["ci_lower"]) or pd.isna(r["ci_upper"]):
            return [""]
        return fill(
            self.w["interval"], lo=self.cell(r, kind, "ci_lower"), hi=self.cell(r, kind, "ci_upper")
        )

    def main_flags(self) -> dict[str, str]:
        return self.km.wijk_flags()

    def wijk(self, code: str, name: str) -> list[Part]:
        return self.km.wijk(code, name, self.main_flags())

    # sections ---------------------------------------------------------------

    def head(self) -> list:
        return [Heading(1, [TEXT[self.lang]["title"][self.theme]]),
                Para([self.w["lead"].format(gem=self.gem, years=self.years)], "lead")]  # fmt: skip

    def key_messages(self) -> list:
        msgs = self.km.messages()
        return [
            Heading(2, [self.w["key"]]),
            Items([list(m.parts) for m in msgs], ordered=True, style="key"),
        ]

    def guide(self) -> list:
        measures = [MAIN[self.theme][0]] + (
            ["nieuwkomers.concentratie"] if self.theme == "nieuwkomers" else []
        )
        used = tests_used(self.v, measures) or list(TEST_WORDS[self.lang])[:1]
        compared = fmt.compared_with(self.lang, used, TEST_WORDS[self.lang], self.w["or_with"])
        alpha = fmt.pct(self.alpha, self.lang, decimals=0)
        items = []
        for lead, text in self.w["guide_items"] + self.w["guide_theme"].get(self.theme, []):
            items.append([Strong(lead), *fill(text, against=fmt.against(self.lang, used), compared=compared,
                                              alpha=alpha, std_counts=fmt.STANDARDISED_COUNTS[self.lang],
                                              why=fmt.marks_why(self.lang, used),
                                              std_pop=fmt.std_population(self.lang, self.gem, self.standard, named=True),
                                              std_year=self.km.std_year(),
                                              std_compared=fmt.std_compared(self.lang, self.standard),
                                              trend_rule=fmt.trend_rule(self.lang, self.slight))])  # fmt: skip
        return [Heading(2, [self.w["guide"]]), Items(items)]

    def key_table(self) -> list:
        rows = []
        shown = []  # (measure, its definitions in the table): the source line
        for measure, method in KEY_TABLE[self.theme]:
            sel = self.km.select(measure, method, level="gemeente")
            defs = list(dict.fromkeys(sel["definition"]))
            if defs:
                shown.append((measure, [str(d) for d in defs]))
            for d in self._ordered(measure, defs):
                series = sel[sel["definition"] == d]
                r = series.loc[series["year"].idxmax()]
                if measure == MAIN[self.theme][0]:
                    what = self.definition_name(measure, d)
                elif len(defs) == 1:
                    what = label(self.lang, measure)
                else:
                    what = f"{label(self.lang, measure)}: {definition_label(self.lang, measure, d, self.definitions)}"
                # not the crude share of the key messages' big number: said so
                if method == "direct_std_gamma":
                    what = f"{what} ({fmt.ADJUSTED[self.lang]})"
                verdict = (
                    self.km.trend_verdict(self.gem_code, measure, d, method)
                    if series["year"].nunique() > 1
                    else ""
                )
                trend = fmt.verdict_words(self.lang, verdict)
                rows.append(
                    [
                        [what[:1].upper() + what[1:]],
                        [str(int(r["year"]))],
                        self.value(r),
                        self.interval(r),
                        [trend],
                    ]  # fmt: skip
                )
        head = [h.format(gem=self.gem) for h in self.w["table_head"]]
        # its source line under it, as a figure's
        out = [
            Heading(2, [self.w["table"].format(gem=self.gem)]),
            Table(head, rows, self.table_source(shown)),
        ]
        if MAIN[self.theme][1] == "direct_std_gamma":
            out.append(
                Para(
                    [
                        self.w["standardised"].format(
                            std_pop=self.km.std_pop, std_year=self.km.std_year()
                        )
                    ],
                    "note",
                )
            )
        return out

    def table_source(self, shown: list[tuple[str, list[str]]]) -> str:
        """The 'Bron:' line of a table, in the words of the figures (`figure_specs.source_line`):
        the input tables of the measures and definitions it shows (`measure_tables`), not every
        source of the theme."""
        from wijkzicht.outputs.figure_specs import source_line

        tables = [
            t
            for measure, keys in shown
            for t in measure_tables(measure, self.definitions, keys or None)
        ]
        return source_line(
            self.theme, self.definitions, self.gem, self.lang, list(dict.fromkeys(tables))
        )

    def _ordered(self, measure: str, defs: list[str]) -> list[str]:
        """`defs` in the order every page lists the definitions in (`labels.definition_order`)."""
        return definition_order(measure, defs, self.definitions)

    def figure(self, path: str) -> Figure:
        name = Path(path).stem
        spec = FIGURE_WORDS.get(name)
        if spec is None:  # a figure without words of its own: its name, the theme's sources
            words = name.replace("_", " ")
            return Figure(
                path,
                words,
                [],
                words,
                self.source(sources(self.theme, self.definitions), self.years),
            )
        measures = spec["measures"]
        method = spec.get("method")
        rows = self.m[
            self.m["measure"].isin(measures)
            & ~self.m["method"].astype(str).str.startswith("trend_")
        ]
        year = int(rows["year"].max()) if len(rows) else ""
        years = _years(rows["year"], self.lang)
        defs = list(dict.fromkeys(rows.loc[rows["measure"] == measures[0], "definition"]))
        names = ", ".join(definition_label(self.lang, measures[0], d, self.definitions)
                          for d in self._ordered(measures[0], defs))  # fmt: skip
        title, text, alt = (t.format(year=year, years=years, gem=self.gem, definitions=names)
                            for t in spec[self.lang])  # fmt: skip
        texts: list[list[Part]] = [[text]]
        if spec.get("flags"):
            texts += self.flag_text(measures[0], method or MAIN[self.theme][1], year, defs)
        if spec.get("trends"):
            texts.append(self.trend_text(measures[0], method or MAIN[self.theme][1], defs))
        # the sources of the definitions it shows, not every source of the theme
        tables = list(dict.fromkeys(
            t for ms in measures
            for t in measure_tables(ms, self.definitions,
                                    list(dict.fromkeys(rows.loc[rows["measure"] == ms, "definition"].astype(str))) or None)
        ))  # fmt: skip
        source = self.source(tables, years)
        drawn = self.drawn(name, path)
        if (
            drawn is not None
        ):  # the figure's own title, alt text and source line, from what it draws
            title, alt, source = drawn
            why = self.nothing_drawn(path)
            if why:  # the figure is a sentence (figures.no_figures): the text says the same,
                # not what panels of nothing but 'onderdrukt' would show (U9 finding 8)
                texts = [[why]]
        return Figure(path, title, texts, alt, source)

    def nothing_drawn(self, path: str) -> str:
        """The figure's sentence when the rows it draws (`<name>.csv` beside it) are all
        suppressed or empty (`figures.nothing_shown`), else ''."""
        from wijkzicht.outputs import figure_specs
        from wijkzicht.outputs.figures import nothing_shown

        table = self.root / Path(path).with_suffix(".csv")
        if not table.exists():
            return ""
        return nothing_shown(figure_specs.read_selection(table), self.lang)

    def drawn(self, name: str, path: str) -> tuple[str, str, str] | None:
        """(title, alt text, source line) of a figure from the rows it draws (`<name>.csv` beside
        it, written by the figure rule); None when the export has no such table."""
        from wijkzicht.outputs import figure_specs

        table = self.root / Path(path).with_suffix(".csv")
        if name not in figure_specs.SPECS or not table.exists():
            return None
        sel = figure_specs.read_selection(table)
        words = figure_specs.texts(name, sel, self.definitions, self.lang)
        alt = figure_specs.alt_text(name, sel, self.definitions, lang=self.lang)
        return words["title"], alt, words["source"]

    def source(self, tables: list[str], years: str) -> str:
        return self.w["source"].format(
            tables=", ".join(source_labels(self.lang, tables)), years=years
        )

    def flag_text(self, measure: str, method: str, year: int, defs: list[str]) -> list[list[Part]]:
        """Which wijken are clearly higher or lower than the city (the marks of verschillen.csv,
        saying what the method's test compared them with), highest first: for the key definition when the figure draws it, else per
        definition drawn."""
        out = []
        key = self.km.definition if measure == self.km.measure else None
        test = TESTS.get(method, "")
        against = fmt.against(self.lang, test)
        for d in (
            [key] if key in defs else self._ordered(measure, defs)
        ):  # the key definition's, else each
            verdicts = self.km.wijk_flags(measure, d, method, year)
            rows = self.km.select(measure, method, definition=d, level="wijk", year=year)
            rows = rows[
                pd.Series([self.km.ok(r) for _, r in rows.iterrows()], index=rows.index, dtype=bool)
            ]
            lab = definition_label(self.lang, measure, d, self.definitions)
            lab = lab[:1].upper() + lab[1:]
            found = {}
            for verdict, ascending in (("hoger", False), ("lager", True)):
                sel = rows[rows["area_code"].map(verdicts) == verdict]
                sel = sel.sort_values(["value", "area_code"], ascending=[ascending, True])
                found[verdict] = [
                    [r["area_name"], " ", Mark(verdict, test)] for _, r in sel.iterrows()
                ]
            high, low = (joined(found[v], self.lang) for v in ("hoger", "lager"))
            if high and low:
                out.append(
                    fill(self.w["flagged_both"], label=lab, high=high, low=low, against=against)
                )
            elif high or low:
                out.append(
                    fill(
                        self.w["flagged_high" if high else "flagged_low"],
                        label=lab,
                        wijken=high or low,
                        against=against,
                    )
                )
            elif any(v in ("geen_verschil",) for v in verdicts.values()):
                out.append(fill(self.w["flagged_none"], label=lab, against=against))
            elif not verdicts and rows.empty:  # only gemeente rows: no wijk was compared
                out.append(fill(self.w["flagged_nothing"], label=lab, against=against))
        return out

    def trend_text(self, measure: str, method: str, defs: list[str]) -> list[Part]:
        items = []
        for d in self._ordered(measure, defs):
            verdict = self.km.trend_verdict(self.gem_code, measure, d, method)
            lab = definition_label(self.lang, measure, d, self.definitions)
            items.append(f"{lab}: {fmt.verdict_words(self.lang, verdict)}")
        return [self.w["trends"].format(gem=self.gem, items="; ".join(items))] if items else []

    def definitions_section(self) -> list:
        """Who counts, then every definition of every measure of the theme in words, from the
        definition objects (the key measure first, the definitions in the pages' order,
        `labels.definition_order`)."""
        # the workbook's own names of its sheet and column of the exact wording (Precieze definitie)
        from wijkzicht.outputs.workbook import TEXT as BOOK

        obj = self.definitions.theme(self.theme)
        book = BOOK[self.lang]
        out = [Heading(2, [self.w["definitions"]]),
               Para([Strong(f"{self.w['population']}: "), f"{obj.describe(self.lang)}."]),
               Para([self.w["exact_where"].format(sheet=book["definitions"], column=book["exact"])])]  # fmt: skip
        pairs = list(dict.fromkeys(zip(self.m["measure"], self.m["definition"], strict=True)))
        for measure in dict.fromkeys([MAIN[self.theme][0], *(p[0] for p in pairs)]):
            # the plain sentence with names (labels.plain_definition, as the dashboard and the
            # workbook; it ends in a full stop), the exact wording in the workbook's Definities
            keys = self._ordered(measure, [d for mm, d in pairs if mm == measure])
            texts = [plain_definition(self.lang, measure, d, self.definitions) for d in keys]
            texts = [x for x in dict.fromkeys(texts) if x]
            if texts:
                out += [Heading(3, [label(self.lang, measure)]), Items([[x] for x in texts])]
        return out

    def sources_section(self) -> list:
        out = [Heading(2, [self.w["sources"]]), Para([self.w["sources_intro"]])]
        link_rel = "linkage/linkage.csv"
        path = self.root / link_rel
        if not path.exists():
            return out
        link = pd.read_csv(path, keep_default_na=False, na_values=[""])
        items = []
        for table in sources(self.theme, self.definitions):
            rows = link[(link["source"] == table) & link["share_in_gba"].notna()]
            if not len(rows):
                continue
            dated = rows[rows["year"].notna()]
            r = dated.loc[dated["year"].astype(int).idxmax()] if len(dated) else rows.iloc[0]
            year = self.w["linkage_year"].format(year=int(r["year"])) if pd.notna(r["year"]) else ""
            cell = Cell(link_rel, int(r.name), "share_in_gba", float(r["share_in_gba"]), "pct")
            words = source_labels(self.lang, [table])[0]
            items.append(
                fill(
                    self.w["linkage_line"],
                    source=words[:1].upper() + words[1:],
                    share=cell,
                    year=year,
                )
            )
        # rows, completeness, repairs and linkage rates per source (linkage/bronkwaliteit.csv)
        quality = quality_section(self.root, sources(self.theme, self.definitions), self.lang)
        return out + [Items(items)] + quality

    def aggregates_section(self) -> list:
        """Organisation figures and public figures (`wijkzicht.outputs.aggregates`), the theme's
        persons in the gemeente set against its inhabitants; nothing for an export without them."""
        from wijkzicht.outputs.aggregates import Aggregates, report_blocks

        agg = Aggregates.read_if_present(self.root)
        if agg is None:
            return []
        measure, method = MAIN[self.theme]
        rows = self.m[(self.m["measure"] == measure) & (self.m["method"] == method)
                      & (self.m["area_level"] == "gemeente") & (self.m["group"] == "totaal")
                      & (self.m["year"] == agg.last_year) & (self.m["status"] == "ok")]  # fmt: skip
        rows = rows[rows["n_denominator"].notna()]
        reference = None
        if len(rows):
            r = rows.iloc[0]
            reference = Cell(
                self.file, int(r.name), "n_denominator", float(r["n_denominator"]), "count"
            )
        return report_blocks(agg, self.lang, reference, self.theme)

    def changes_section(self) -> list:
        """What changed since the previous release, from changes.csv (`release.changes.rows`): why
        a figure can change; per measure of the theme (and of the organisation figures and the
        register's inhabitants, when they changed) how many figures of each kind and how many of
        them are the gemeente's own (`of_gemeente`); why they changed (`reasons_sentence`); and a
        table of which: the largest changes, then the figures now published and now suppressed,
        at most `CHANGES_SHOWN` of each, the gemeente's first (`changed_lines`), each in a short
        label (`labels.figure_label`) with its area and year. A changed figure counts and stands
        in the table only where its printed value changed (`visible_changes`); one whose interval
        alone moved is said per measure apart (`interval_part`)."""
        out = [Heading(2, [self.w["changes"]])]
        path = self.root / "changes.csv"
        if not path.exists():
            return out + [Para([self.w["no_previous"]])]
        every = read_changes(path)
        # what a reader sees change: a figure whose printed value is the same is not counted or
        # listed as changed; one whose interval alone moved is said apart (`interval_part`)
        ch = visible_changes(every)
        kinds = list(self.w["change_parts"])
        n = (pd.crosstab(ch["measure"], ch["change"]) if len(ch) else pd.DataFrame()).reindex(
            columns=kinds, fill_value=0
        )
        theme_measures = list(dict.fromkeys(self.m["measure"]))
        others = list(
            dict.fromkeys(ch.loc[ch["theme"].isin(["organisaties", "kerncijfers"]), "measure"])
        )
        items, unchanged = [], []
        for measure in theme_measures + others:
            name = self.changed_name(measure)
            row = n.loc[measure] if measure in n.index else None
            parts = [] if row is None else [
                fill(text, n=fmt.number(int(row[kind]), self.lang))
                + (self.new_definitions(ch, measure) if kind == "added" else [])
                for kind, text in change_words(self.lang, row).items() if row[kind] > 0
            ]  # fmt: skip
            interval = interval_part(every[every["measure"] == measure], self.lang)
            if parts or interval:
                said = joined(parts, self.lang) if parts else [self.w["no_figure_changed"]]
                items.append([
                    f"{name}: ", *said, *([f"; {interval}"] if interval else []), ".",
                    *self.of_gemeente(ch, measure),
                ])  # fmt: skip
            elif measure in theme_measures:
                unchanged.append(name)
        if not items:  # nothing changed: one sentence, no list
            return out + [Para([self.w["unchanged_all"]])]
        if unchanged:
            items.append([self.w["unchanged"].format(measures=fmt.listing(self.lang, unchanged))])
        new_years = new_years_sentence(ch, self.lang)
        # why, of the figures the items count: the theme's and the partners' figures and the
        # register's inhabitants listed with them (U13 U5: 'Waarom: 25 cijfers', the items 26)
        listed = (ch["theme"] == self.theme) | ch["measure"].isin(others)
        why = reasons_sentence(ch[listed], self.lang)
        held_back = held_back_sentence(ch[ch["theme"] == self.theme], self.lang)
        out += [
            # kept with the heading and the 'Waarom' line on one page in the PDF (U11: the heading
            # on one page, 'Waarom' on the next)
            Para([self.w["changes_why"]], "keep" if why else ""),
            *([Para([why])] if why else []),
            *([Para([held_back])] if held_back else []),
            *([Para([new_years])] if new_years else []),
            Items(items),
            Para([self.w["similar_may_change"]]),
        ]
        lines, shown = self.changed_lines(ch[ch["theme"] == self.theme])  # the visible ones
        if lines:
            out += [
                Para([self.w["changes_which"].format(n=CHANGES_SHOWN, gem=self.gem)]),
                Table(self.w["changes_head"], lines, self.table_source(shown)),
            ]
        return out

    def of_gemeente(self, ch: pd.DataFrame, measure: str) -> list[Part]:
        """' Van heel Utrecht: 16 veranderd en 28 nu onderdrukt.' after the counts of `measure`:
        how many of its figures changed or now suppressed are the gemeente's own (area_level
        gemeente, trends too, as the counts count them; U11: 28 figures of Utrecht itself went
        unsaid among 64 of wijken and buurten); nothing when none is."""
        mine = ch[(ch["measure"] == measure) & (ch["area_level"] == "gemeente")]
        n = mine["change"].value_counts()
        parts = [
            text.format(n=fmt.number(int(n[kind]), self.lang))
            for kind, text in self.w["of_gemeente_parts"].items()
            if n.get(kind, 0) > 0
        ]
        if not parts:
            return []
        return [self.w["of_gemeente"].format(gem=self.gem, parts=fmt.listing(self.lang, parts))]

    def new_definitions(self, ch: pd.DataFrame, measure: str) -> list[Part]:
        """' (nieuwe definitie: ...)' after the count of new figures of `measure` when they are
        a definition the previous release did not have (every row of it in this release is new);
        nothing otherwise."""
        note = new_definitions_note(
            ch[ch["measure"] == measure], self.m, self.definitions, self.lang
        )
        return [note] if note else []

    def changed_name(self, measure: str) -> str:
        """A measure of changes.csv in words (an organisation figure by its register's label)."""
        if measure == "inwoners":
            return self.w["inwoners_register"]
        from wijkzicht.outputs.aggregates import Aggregates
        from wijkzicht.outputs.aggregates import label as org_label

        if measure.split(".")[0] not in ("kopp", "migratie", "nieuwkomers"):
            agg = Aggregates.read_if_present(self.root)
            meta = (
                next((m for m in agg.measures() if m["measure"] == measure), None) if agg else None
            )
            if meta is not None:
                return org_label(meta, self.lang)
        return label(self.lang, measure)

    def changed_lines(self, ch: pd.DataFrame) -> tuple[list, list[tuple[str, list[str]]]]:
        """The table rows of `changes_section`: the changed figures with the largest difference
        (percentages before ratios), then those now published and now suppressed (the gemeente's
        before the wijken's before the buurten's, then the whole group before a breakdown, the
        latest year first: U11 saw five buurt rows shown, the 28 of the whole city left out); of
        each kind the rows shown the gemeente's first, then the wijken's, then the buurten's;
        trends left out (they follow their figures) but for those said in other words than in
        the previous release (`trend_word_changes`, U13 M1), last, with their words then and now.
        A change of one printed step or less (a model estimate in whole percentages 16% -> 15%,
        `ONE_STEP`: the true change may be a tenth of a point, U13 M6) ranks after every larger
        one. With the (measure, definitions) shown, for the table's source line."""
        trends = trend_word_changes(ch)
        ch = ch[~ch["method"].astype(str).str.startswith("trend_")]
        shares = self.m[~self.m["method"].astype(str).str.startswith("trend_")]
        methods = shares.groupby("measure")["method"].unique().to_dict()
        levels = {"gemeente": 0, "wijk": 1, "buurt": 2}
        lines, shown = [], {}
        picked = {}
        for kind in ("changed", "newly_published", "newly_suppressed"):
            sel = ch[ch["change"] == kind]
            if kind == "changed":
                ratio = sel["method"].isin(RATIO_METHODS)
                sel = sel.assign(
                    _l=sel["area_level"].map(levels),
                    _r=ratio,
                    _d=-sel["difference"].abs(),
                    _s=one_step(sel),
                ).sort_values(["_r", "_s", "_d"], kind="mergesort")
                # the largest, shown by level: a gemeente change of 0,1 point says 12,2% twice
                sel = sel.head(CHANGES_SHOWN).sort_values("_l", kind="mergesort")
            else:
                sel = sel.assign(
                    _g=sel["group"] != "totaal", _l=sel["area_level"].map(levels), _y=-sel["year"]
                ).sort_values(["_l", "_g", "_y"], kind="mergesort")
            picked[kind] = sel.head(CHANGES_SHOWN)
        for kind, sel in picked.items():
            for i, r in sel.iterrows():
                # as the pages print it: a model estimate in whole percentages (49%, not 49,0%)
                k = ("ratio" if r["method"] in RATIO_METHODS
                     else "whole_pct" if r["method"] == "modelschatting" else "pct")  # fmt: skip
                was = self.w["change_was"].get(kind)
                # a figure now suppressed: the number the previous release published (public;
                # changes.csv keeps it), the word only where a changes.csv made before lacks it
                if kind == "newly_suppressed" and pd.notna(r.get("value_old")):
                    was = None
                now = self.w["change_now"].get(kind)
                d = "" if pd.isna(r["definition"]) else str(r["definition"])
                # short, each part once (U11: 'Kinderen met een eigen traject bij het buurtteam
                # jeugd en gezin, buurtteam jeugd en gezin, ruw percentage, ja')
                what = figure_label(self.lang, r["measure"], d, r["method"], r["group"],
                                    r["group_value"], self.definitions,
                                    methods.get(r["measure"], ()))  # fmt: skip
                shown.setdefault(r["measure"], []).append(d)
                lines.append([
                    [what[:1].upper() + what[1:]], [str(r["area_name"])], [str(int(r["year"]))],
                    [was] if was else [Cell("changes.csv", int(i), "value_old", float(r["value_old"]), k)],
                    [now] if now else [Cell("changes.csv", int(i), "value_new", float(r["value_new"]), k)],
                ])  # fmt: skip
        # trends said in other words: the figure they follow, its words then and now
        trends = trends.assign(_l=trends["area_level"].map(levels), _y=-trends["year"])
        for _, r in (
            trends.sort_values(["_l", "_y"], kind="mergesort").head(CHANGES_SHOWN).iterrows()
        ):
            d = "" if pd.isna(r["definition"]) else str(r["definition"])
            what = trend_label(r, self.lang, self.definitions, methods)
            what = in_brackets(what, TREND_WORD[self.lang])
            shown.setdefault(r["measure"], []).append(d)
            lines.append([
                [what[:1].upper() + what[1:]], [str(r["area_name"])], [str(int(r["year"]))],
                [fmt.verdict_words(self.lang, r["trend_old"])],
                [fmt.verdict_words(self.lang, r["trend_new"])],
            ])  # fmt: skip
        return lines, [(m, [d for d in dict.fromkeys(defs) if d]) for m, defs in shown.items()]

    def buurt_section(self) -> list:
        """The main figure per buurt in the last year, each wijk with its buurten under it (their
        wijk by CBS code: the export holds no geography); suppressed and empty in words; nothing
        when the export has no buurt rows (docs/rules.md#b1)."""
        km = self.km
        rows = km.select(
            km.measure, km.method, definition=km.definition, level="buurt", year=km.year
        )
        if rows.empty:
            return []
        wijken = km.select(
            km.measure, km.method, definition=km.definition, level="wijk", year=km.year
        )
        wijk_of = parents_by_code(list(rows["area_code"]), list(wijken["area_code"]))
        kind = "ratio" if km.method in ("ratio_katz", "relative_risk_katz", "logit_glm") else "pct"
        lines, groups = [], []  # a wijk and its buurten: one group, on one page of the PDF
        for _, w in self.by_wijk_order(wijken).iterrows():
            groups.append(len(lines))
            lines.append([[Strong(str(w["area_name"]))], [self.w["whole_wijk"]], self.value(w, kind),
                          self.interval(w, kind), self.count(w)])  # fmt: skip
            for _, b in rows[rows["area_code"].map(wijk_of) == w["area_code"]].iterrows():
                lines.append([[""], [str(b["area_name"])], self.value(b, kind),
                              self.interval(b, kind), self.count(b)])  # fmt: skip
        what = self.key_figure()
        subject = KEY_WORDS[self.lang]["subject"][self.theme]  # who is counted
        head = [h.format(subject=subject, Subject=subject[:1].upper() + subject[1:])
                for h in self.w["buurten_head"]]  # fmt: skip
        if km.method == "direct_std_gamma":
            # a standardised figure says so in its column, as the key figures' table does (the
            # default world's migratie table of buurten said 'Cijfer' above 13,8%, Overvecht's
            # corrected share, while its crude share is another number)
            head[2] = f"{head[2]} ({fmt.ADJUSTED[self.lang]})"
        return [Heading(2, [self.w["buurten"].format(what=what, year=km.year)]),
                Para([self.w["buurten_intro"].format(subject=subject) + " " + self.wijk_order_note()], "note"),
                Table(head, lines,
                      self.table_source([(km.measure, [str(km.definition)])]), sizes(groups, lines))]  # fmt: skip

    def by_wijk_order(self, wijken: pd.DataFrame) -> pd.DataFrame:
        """Rows of wijken (one per wijk) in one order for every table of buurten: from high to low
        on the key figure, as the figures per wijk (`key_messages.wijk_order`); a wijk without it
        last, by name."""
        km = self.km
        key = km.select(km.measure, km.method, definition=km.definition, level="wijk", year=km.year)
        position = wijk_order(key, km.definition)
        names = dict(zip(wijken["area_code"], wijken["area_name"], strict=False))
        rank = {c: (position.get(c, len(position)), str(names[c])) for c in names}
        return wijken.iloc[
            sorted(range(len(wijken)), key=lambda i: rank[wijken["area_code"].iloc[i]])
        ]

    def wijk_order_note(self) -> str:
        """'The wijken are from high to low on mental-health care (adults) ...': the key figure in
        running text (its first letter small unless a code such as GGZ starts it)."""
        what = self.key_figure()
        what = what[:1].lower() + what[1:] if what[1:2].islower() else what
        return self.w["wijk_order"].format(what=what)

    def definition_name(self, measure: str, definition: str) -> str:
        """A definition in running text and tables: its configured label (config.yaml names the
        newcomers' marker made of the others 'minstens een kenmerk van kwetsbaarheid'; a user's
        own label is said as it is)."""
        return definition_label(self.lang, measure, definition, self.definitions)

    def covariates(self) -> str:
        """' (leeftijd, geslacht, ..., GGZ-zorg en psychofarmaca)': the model's data, from its
        configured covariates; nothing when they are not given."""
        return fmt.model_covariates_in_brackets(self.lang, self.small_area, self.definitions)

    def key_figure(self) -> str:
        """The key figure in words, as the tables of buurten name it: the measure's label with the
        definition in brackets ('Kinderen van ... (brede definitie)'), the label alone when it
        already says the definition ('GGZ-zorg (volwassenen)', not '... (GGZ-zorg)'), or when the
        definition is the newcomers' marker made of the others, which the measure's label says
        ('Nieuwkomers met een kwetsbaarheidskenmerk', not '... (minstens een kenmerk van
        kwetsbaarheid)')."""
        km = self.km
        measure_label = label(self.lang, km.measure)
        obj = self.definitions.definition(km.measure, km.definition)
        name = definition_label(self.lang, km.measure, km.definition, self.definitions)
        if name.lower() in measure_label.lower() or (
            self.theme == "nieuwkomers" and getattr(obj, "any_of", ())
        ):
            return measure_label
        return f"{measure_label} ({name})"

    def model_section(self) -> list:
        """The model estimates (method modelschatting) of the last wave, one table per measure:
        every buurt under its wijk with the estimate, its interval and the survey respondents
        of that measure; each wijk first with its survey figure (survey_taylor, the figure of the
        dashboard, the workbook and the factsheets), then its model estimate, so that a reader
        sees which is which. The reading guide in plain words (docs/small_area.md) and a source
        line under each table. Nothing when the export has none."""
        m = self.m[self.m["method"] == "modelschatting"]
        if m.empty:
            return []
        year = int(m["year"].max())
        m = m[m["year"] == year]
        survey = self.m[(self.m["method"] == "survey_taylor") & (self.m["year"] == year)
                        & (self.m["area_level"] == "wijk") & (self.m["group"] == "totaal")]  # fmt: skip
        out = [Heading(2, [self.w["model"].format(year=year)]),
               Para([self.w["model_intro"].format(covariates=self.covariates()) + " " + self.wijk_order_note()],
                    "note")]  # fmt: skip
        for measure in dict.fromkeys(m["measure"]):
            rows = m[m["measure"] == measure]
            source = self.model_source(measure, list(dict.fromkeys(rows["definition"].astype(str))))
            out += [Heading(3, [label(self.lang, measure)]),
                    self.model_table(rows, survey[survey["measure"] == measure], source)]  # fmt: skip
        return out

    def model_table(self, rows: pd.DataFrame, survey: pd.DataFrame, source: str = "") -> Table:
        """The model estimates of one measure (`rows`): per wijk its survey figure (a row of
        `survey`, when the export has one), its model estimate, then its buurten; each row with
        the number of respondents of its own row; `source` its 'Bron:' line."""
        wijken = rows[rows["area_level"] == "wijk"].drop_duplicates("area_code")
        buurten = rows[rows["area_level"] == "buurt"].drop_duplicates("area_code")
        wijk_of = parents_by_code(list(buurten["area_code"]), list(wijken["area_code"]))
        survey_of = {r["area_code"]: r for _, r in survey.iterrows()}

        def line(first: list[Part], second: str, r, kind: str) -> list[list[Part]]:
            # model estimates in whole percentages, as published (docs/small_area.md)
            return [first, [second], self.value(r, kind), self.interval(r, kind), self.count(r)]

        lines, groups = [], []  # a wijk and its buurten: one group, on one page of the PDF
        for _, w in self.by_wijk_order(wijken).iterrows():
            groups.append(len(lines))
            name = [Strong(str(w["area_name"]))]
            s = survey_of.get(w["area_code"])
            if s is not None:
                lines.append(line(name, self.w["wijk_survey"], s, "pct"))
                name = [""]
            lines.append(line(name, self.w["wijk_model"], w, "whole_pct"))
            for _, b in buurten[buurten["area_code"].map(wijk_of) == w["area_code"]].iterrows():
                lines.append(line([""], str(b["area_name"]), b, "whole_pct"))
        return Table(self.w["model_head"], lines, source, sizes(groups, lines))

    def model_source(self, measure: str, keys: list[str]) -> str:
        """The 'Bron:' line of a table of model estimates, in the words of the figures: the
        survey, the population and the tables of the model's covariates."""
        from wijkzicht.outputs.figure_specs import source_line

        tables = measure_tables(
            measure, self.definitions, keys or None, "modelschatting", self.small_area
        )
        return source_line(self.theme, self.definitions, self.gem, self.lang, tables)

    def count(self, r) -> list[Part]:
        """A row's number of persons (its denominator), or nothing for a suppressed or empty row;
        'onderdrukt' for a model estimate whose respondents are withheld (`fmt.count_withheld`)."""
        if fmt.count_withheld(r):
            return [fmt.STATE_WORDS[self.lang]["suppressed"]]
        if fmt.state(r) != "ok" or pd.isna(r["n_denominator"]):
            return [""]
        return [self.cell(r, "count", "n_denominator")]

    def alike_section(self) -> list:
        # the tie's margin as the pages use it (similar_wijken.TIE_WITHIN)
        tie = f"{TIE_WITHIN:.0%}"
        out = [Heading(2, [self.w["alike"]]), Para(fill(self.w["alike_intro"], tie=tie))]
        path = self.root / self.theme / "vergelijkbare_wijken.csv"
        if not path.exists():
            return out
        sim = pd.read_csv(path, keep_default_na=False, na_values=[""])
        items = []
        for _, rows in sim.groupby("wijk", sort=False):
            # the nearest, a tie named as one (even dichtbij), 'lijkt op' only when clearly alike,
            # on how many figures they lie close, and what they are alike in and differ most in
            # (similar_wijken.likeness); plain names: a ▲ ▼ here would say 'differs from the city'
            # in a line about alike
            name = str(rows.iloc[0]["wijk_name"])
            items.append([likeness(self.lang, name, rows, self.definitions)])
        self.sim = sim
        return out + [Items(items)]

    def questions(self) -> list:
        w, km = self.w, self.km
        items = []
        verdicts = self.main_flags()
        rows = km.select(
            km.measure, km.method, definition=km.definition, level="wijk", year=km.year
        )
        rows = rows[[km.ok(r) for _, r in rows.iterrows()]]
        gem = km.one(
            km.measure, km.method, definition=km.definition, level="gemeente", year=km.year
        )
        if len(rows) and km.ok(gem):
            high = rows[rows["area_code"].map(verdicts) == "hoger"]
            top = (
                (high if len(high) else rows)
                .sort_values(["value", "area_code"], ascending=[False, True])
                .iloc[0]
            )
            items.append(fill(w["q_high"], wijk=self.wijk(top["area_code"], top["area_name"]),
                              definition=self.definition_name(km.measure, km.definition),
                              value=self.cell(top), gem=self.cell(gem), gem_name=self.gem))  # fmt: skip
        if self.theme == "migratie":
            km.gap()  # the origins with clearly more distress (`gap_origins`), also when asked alone
        if km.gap_origins:
            # the origins with more distress whose care is also clearly less (the odds ratios, all
            # adults); else those with more distress alone, their care said to be uncertain
            less = set(km.care_less_origins())
            both = [o for o in km.gap_origins if o in less]
            key, names = ("q_gap", both) if both else ("q_gap_unsure", km.gap_origins)
            items.append(fill(w[key], origin=joined([[o] for o in names], self.lang)))
        verdict = km.trend_verdict(self.gem_code)
        series = km.select(km.measure, km.method, definition=km.definition, level="gemeente")
        if verdict in w["verdict_q"] and len(series):
            items.append(
                fill(w["q_trend"], verdict=w["verdict_q"][verdict], first=int(series["year"].min()))
            )
        sim = getattr(self, "sim", None)
        if sim is not None and "n_alike" in sim:
            # a pair clearly alike only (similar_wijken.clearly_alike): none, no question
            pairs = zip(sim["n_alike"], sim["n_common"], strict=True)
            sim = sim[[bool(clearly_alike(a, n)) for a, n in pairs]]
        if sim is not None and len(sim):
            r = sim.sort_values(["rank", "distance", "wijk"]).iloc[0]
            items.append(fill(w["q_alike"], wijk=str(r["wijk_name"]), other=str(r["neighbour_name"]),
                              how=alike_how(self.lang, r.get("closest_indicators"), self.definitions)))  # fmt: skip
        items.append([w["q_limits"]])
        return [Heading(2, [w["questions"]]), Items(items, ordered=True, style="keep")]

    def poster(self, path: str) -> Poster:
        """The theme's infographic (`outputs.infographic`): the page's first screen; the PDF
        embeds its PDF beside the PNG (written first, by the same job), so that its text is text."""
        from wijkzicht.outputs import infographic

        c = self.infographic or infographic.content(
            self.theme, self.root, self.definitions, lang=self.lang, gemeente=self.gem_code,
            standard=self.standard,
        )  # fmt: skip
        vector = Path(path).with_suffix(".pdf").as_posix()
        vector = vector if (self.root / vector).is_file() else ""
        return Poster(path, infographic.alt_text(c), c.source, vector)

    def map_figure(self, path: str) -> Figure:
        """A map of the main measure (`outputs.maps`), its words from the rows it draws."""
        from wijkzicht.outputs import maps

        sel = maps.read_map(self.root / Path(path).with_suffix(".csv"))
        words = maps.texts(self.theme, sel, self.definitions, lang=self.lang, source=self.map_source,
                           level=str(sel["area_level"].iloc[0]))  # fmt: skip
        if words.get("nothing_shown"):  # every area suppressed or empty: the map is a sentence
            # (maps.draw), and its text says the same, not how its colours read
            return Figure(path, words["title"], [[words["nothing_shown"]]], words["alt"],
                          words["source"])  # fmt: skip
        measure, method = MAIN[self.theme]
        year = int(sel["year"].max())
        texts = [[words["city"] + ". " + words["notes"][0]]]
        if (
            str(sel["area_level"].iloc[0]) == "buurt"
        ):  # no marks on a buurt map: the wijk map has them
            texts.append([self.w["buurt_map_marks"]])
        else:
            texts += self.flag_text(measure, method, year, [str(sel["definition"].iloc[0])])
        return Figure(path, words["title"], texts, words["alt"], words["source"])

    def document(self) -> Document:
        from wijkzicht.outputs.catalogue import INFOGRAPHIC

        posters = [f for f in self.figures if Path(f).stem == INFOGRAPHIC]
        blocks = [*self.head(), *(self.poster(f) for f in posters)]
        blocks += [*self.key_messages(), *self.guide(), *self.key_table()]
        blocks += [
            self.map_figure(f) if Path(f).stem.startswith("kaart_") else self.figure(f)
            for f in self.figures
            if f not in posters
        ]
        blocks += self.buurt_section() + self.model_section()
        blocks += self.definitions_section() + self.sources_section() + self.aggregates_section()
        blocks += self.changes_section()
        blocks += self.alike_section() + self.questions()
        return Document(TEXT[self.lang]["title"][self.theme], self.lang, tuple(blocks))


def theme_document(theme: str, root: Path, definitions: Definitions, figures: list[str], *, lang: str,
                   alpha: float = 0.05, slight: float = SLIGHT, map_source: str = "",
                   small_area: dict | None = None, standard: Sequence[str] = (),
                   infographic=None) -> Document:  # fmt: skip
    """The report of one theme as blocks, from the export `root`; `figures` are paths relative to
    `root` (maps `kaart_*.png` and the infographic among them); `definitions` needs that theme
    only; `alpha` is the findings' family-wise error rate and `slight` their share under which a
    trend is slight (config `findings.*`); `map_source` names the boundaries; `small_area` the
    model estimates' covariates ({"factors", "flags"} of config small_area); `standard` in a GGD
    region run its gemeenten's names (the standard population of the standardised figures);
    `infographic` the infographic's content as its job drew it (`infographic.Content`), whose
    alt text and 'Bron:' line the report prints under it (None: made from the export alone,
    without the map and the persona cards)."""
    report = ThemeReport(theme, root, definitions, figures, lang=lang, alpha=alpha, slight=slight,
                         small_area=small_area, standard=standard, infographic=infographic)  # fmt: skip
    report.map_source = map_source
    return report.document()


def theme_report(theme: str, root: Path, definitions: Definitions, figures: list[str], *, lang: str,
                 alpha: float = 0.05) -> str:  # fmt: skip
    """The report of one theme as one self-contained HTML page."""
    return to_html(
        theme_document(theme, root, definitions, figures, lang=lang, alpha=alpha), Path(root)
    )


def write_theme_report(theme: str, root: Path, definitions: Definitions, figures: list[Path], html_path, pdf_path,
                       *, lang: str, alpha: float = 0.05, slight: float = SLIGHT,
                       map_source: str = "", small_area: dict | None = None,
                       standard: Sequence[str] = (), infographic=None) -> None:  # fmt: skip
    """The report of one theme as HTML and PDF, from the same blocks; `figures` are files under
    the export `root` (embedded in the HTML page, placed under their text in the PDF; the
    infographic first, as the page's first screen); `map_source` names the maps' boundaries."""
    root = Path(root)
    rel = [Path(f).relative_to(root).as_posix() for f in figures]
    doc = theme_document(
        theme,
        root,
        definitions,
        rel,
        lang=lang,
        alpha=alpha,
        slight=slight,
        map_source=map_source,
        small_area=small_area,
        standard=standard,
        infographic=infographic,
    )
    write_text(to_html(doc, root), html_path)
    to_pdf(doc, root, pdf_path)
