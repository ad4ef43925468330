"""Display labels in Dutch (default) and English; codes in the tables stay Dutch.

Labels of measures and fixed words live here; the label and description of a definition (a
row's `definition` of a measure) come from the definition objects (`wijkzicht.definitions`).
"""

from __future__ import annotations

import re

from wijkzicht.definitions import (
    K10,
    Concentratie,
    ConditionsIn,
    Definitions,
    Eenzaamheid,
    Inkomen,
    Jeugdteam,
    KoppDefinition,
    Marker,
    OddsRatio,
    Overlap,
    RegistryMeasure,
    Zorgkloof,
)
from wijkzicht.definitions.base import capital
from wijkzicht.outputs.format import ADJUSTED_SHORT

LABELS = {
    "nl": {
        "kopp.aandeel": "Kinderen van ouders met psychische problemen of verslaving",
        "gemeente": "Gemeente",
        "suppressed": "onderdrukt",
        "interval": "95%-interval",
        "year": "jaar",
        "children": "kinderen",
        "kopp.overlap": "Kinderen naar combinatie van problemen bij de ouders",
        "nieuwkomers.concentratie": "Nieuwkomers: aandeel ten opzichte van de bewoners van de wijk",
        "nieuwkomers.aandeel": "Nieuwkomers met een kwetsbaarheidskenmerk",
        "migratie.k10_hoog": "Hoge psychische klachten (K10)",
        "migratie.zorgkloof": "GGZ-zorg onder wie hoge klachten heeft",
        "migratie.ggz": "GGZ-zorg (volwassenen)",
        "migratie.psychofarmaca": "Psychofarmaca (volwassenen)",
        "migratie.eenzaam": "Eenzaamheid (De Jong Gierveld)",
        "migratie.or_ggz": "Kans op GGZ-zorg ten opzichte van de referentiegroep (odds ratio)",
        "kopp.ouders_onbekend": "Kinderen zonder koppelbare ouder (datakwaliteit)",
        "kopp.jeugdteam": "Kinderen met een eigen traject bij het buurtteam jeugd en gezin",
    },
    "en": {
        "kopp.aandeel": "Children of parents with mental-health problems or addiction",
        "gemeente": "Municipality",
        "suppressed": "suppressed",
        "interval": "95% interval",
        "year": "year",
        "children": "children",
        "kopp.overlap": "Children by combination of problems of their parents",
        "nieuwkomers.concentratie": "Newcomers: share relative to the wijk's residents",
        "nieuwkomers.aandeel": "Newcomers with a vulnerability marker",
        "migratie.k10_hoog": "High psychological distress (K10)",
        "migratie.zorgkloof": "Mental-health care among those with high distress",
        "migratie.ggz": "Mental-health care (adults)",
        "migratie.psychofarmaca": "Psychotropic drugs (adults)",
        "migratie.eenzaam": "Loneliness (De Jong Gierveld)",
        "migratie.or_ggz": "Odds of mental-health care against the reference group (odds ratio)",
        "kopp.ouders_onbekend": "Children without a linkable parent (data quality)",
        "kopp.jeugdteam": "Children with their own trajectory at the youth and family neighbourhood team",
    },
}


def label(lang: str, key: str, sub: str | None = None) -> str:
    entry = LABELS[lang].get(key, key)
    if sub is not None:
        return entry.get(sub, sub) if isinstance(entry, dict) else sub
    return entry


def definition_label(
    lang: str, measure: str, definition: str, definitions: Definitions | None = None
) -> str:
    """The label of `definition` within `measure`, from its definition object; the key itself
    when there is none (no definitions given, or a key the definitions do not know)."""
    obj = definitions.definition(measure, definition) if definitions is not None else None
    return obj.label(lang) if obj is not None else definition


def definition_text(
    lang: str, measure: str, definition: str, definitions: Definitions
) -> str | None:
    """`definition` of `measure` in words (its object's description); None when unknown."""
    obj = definitions.definition(measure, definition)
    return obj.describe(lang) if obj is not None else None


# a definition as a plain sentence with names (B1), for every page that explains a definition to
# its reader (the dashboard, the report, the workbook): what it counts, the conditions by their
# labels, without the thresholds, codelists and variables of its exact description
# (`definition_text`, the object's description, for the epidemiologist who checks it)
PLAIN = {
    "nl": {
        "registry": "{label}: het deel van de volwassenen van {age} jaar of ouder dat in het jaar {what} had.",
        "k10": "Hoge psychische klachten: volwassenen met veel psychische klachten volgens tien vragen in de "
               "gezondheidsmonitor.",
        "eenzaam": "Eenzaam: volwassenen die zich eenzaam voelen volgens elf vragen over eenzaamheid in de "
                   "gezondheidsmonitor.",
        "zorgkloof": "{label} bij hoge klachten: van de mensen met hoge psychische klachten in de "
                     "gezondheidsmonitor het deel dat in hetzelfde jaar {what} had.",
        "odds": "De kans op {what} vergeleken met een referentiegroep ({reference}), rekening houdend met "
                "herkomst, leeftijd, geslacht en inkomen. Boven 1: een grotere kans dan de referentiegroep.",
        "reference": "Nederlandse herkomst, de jongste leeftijdsgroep, mannen, een inkomen van het huishouden bij de "
                     "laagste 20% van Nederland",
        # a newcomer's uitstroom in plain words, for its exact clause in the marker's description
        "uitstroom_exact": "een Wmo-voorziening voor {names} had die stopte in de {days} dagen voor de "
                           "verhuisdatum of op die dag",
        "uitstroom_plain": "in de {days} dagen voor de verhuizing uit {names} kwam",
        "uitstroom_year": "in het jaar voor de verhuizing uit {names} kwam",
    },
    "en": {
        "registry": "{label}: the share of adults aged {age} or over who had {what} in the year.",
        "k10": "High psychological distress: adults with a lot of psychological distress by ten questions in the "
               "health survey.",
        "eenzaam": "Lonely: adults who feel lonely by eleven questions about loneliness in the health survey.",
        "zorgkloof": "{label} with high distress: of the people with high psychological distress in the health "
                     "survey, the share who had {what} in the same year.",
        "odds": "The odds of {what} against a reference group ({reference}), taking origin, age, sex and "
                "income into account. Above 1: higher odds than the reference group.",
        "reference": "Dutch origin, the youngest age band, men, a household income among the lowest 20% of the "
                     "Netherlands",
        "uitstroom_exact": "had a Wmo provision for {names} that ended in the {days} days before the moving "
                           "date or on that day",
        "uitstroom_plain": "left {names} in the {days} days before the move",
        "uitstroom_year": "left {names} in the year before the move",
    },
}  # fmt: skip


def definition_conditions(obj) -> list:
    """The conditions a definition object counts with (each once, in order): a KOPP definition's
    or the overlap's, the jeugdteam comparison's or a registry measure's one, the care of the
    care gap and the odds ratios, a newcomers' marker's (and its markers', a concentration's)."""
    if isinstance(obj, Concentratie):
        obj = obj.marker
    if isinstance(obj, KoppDefinition | Overlap):
        found = list(obj.conditions)
    elif isinstance(obj, Jeugdteam | RegistryMeasure):
        found = [obj.condition]
    elif isinstance(obj, Zorgkloof | OddsRatio):
        found = [obj.care.condition]
    elif isinstance(obj, Marker):
        markers = [obj, *obj.any_of]
        found = [c for m in markers for k in m.criteria if isinstance(k, ConditionsIn)
                 for c in k.conditions]  # fmt: skip
    else:
        found = []
    return list({c.name: c for c in found}.values())


def plain_definition(lang: str, measure: str, key: str, definitions: Definitions) -> str | None:
    """The definition `key` of `measure` as a plain sentence with names (B1), ending in a full
    stop: the conditions by their labels, without the thresholds, codelists and variables of its
    exact description (`definition_text`): 'Ouder met verslavingszorg: ...' where the exact text
    says 'een GGZ-behandeling in een circuit uit de codelijst verslaving_circuit ...'; None when
    the definition is unknown. One builder for the dashboard, the report and the workbook."""
    obj = definitions.definition(measure, key)
    if obj is None:
        return None
    t = PLAIN[lang]
    if isinstance(obj, RegistryMeasure):
        c = obj.condition
        return t["registry"].format(
            label=capital(c.label(lang)), age=obj.min_age, what=c.label(lang)
        )
    if isinstance(obj, K10):
        return t["k10"]
    if isinstance(obj, Eenzaamheid):
        return t["eenzaam"]
    if isinstance(obj, Zorgkloof):
        c = obj.care.condition
        return t["zorgkloof"].format(label=capital(c.label(lang)), what=c.label(lang))
    if isinstance(obj, OddsRatio):
        return t["odds"].format(what=obj.care.condition.label(lang), reference=t["reference"])
    # the others name each condition as 'label (what it is exactly)': the label alone, but for
    # an income, whose threshold is said in plain words ('bij de laagste 10% van Nederland': the
    # persona cards say 'bij de laagste 20%', so 'laag' alone would read as one of those)
    text = obj.describe(lang)
    for c in definition_conditions(obj):
        if not isinstance(c, Inkomen):
            text = text.replace(f" ({c.what(lang)})", "")
    if isinstance(obj, Marker):
        for u in obj.uitstroom:
            names = u.names(lang)
            plain = t["uitstroom_year" if u.days in (365, 366) else "uitstroom_plain"]
            text = text.replace(t["uitstroom_exact"].format(names=names, days=u.days),
                                plain.format(names=names, days=u.days))  # fmt: skip
    return text + "."


def definition_order(measure: str, keys, definitions: Definitions) -> list[str]:
    """The definitions `keys` of `measure` (as exported: each once) in the one order every page
    lists them in: the config's order (`themes.<theme>.definitions` as written, which the
    release's manifest.json records under `config`; for the newcomers' concentration its
    `concentratie` markers as written), then any other key in the order given (a measure of
    one definition of its own: `k10_hoog`, `geen_koppelbare_ouder`). The report, factsheet,
    workbook, figures and dashboard take it from here, so the KOPP definitions stand in the same
    order on each (the export's rows are sorted by name: `breed` came first on the dashboard
    and in the report's newcomers table, last in the workbook)."""
    keys = [str(k) for k in dict.fromkeys(keys)]
    theme = measure.split(".", 1)[0]
    obj = getattr(definitions, theme, None)
    if obj is None:
        return keys
    if measure == "nieuwkomers.concentratie":
        order = list(obj.concentratie_names)
    else:
        order = list(obj.definitions.names)
    return [k for k in order if k in keys] + [k for k in keys if k not in order]


def definition_names(lang: str, measure: str, keys, definitions: Definitions) -> dict[str, str]:
    """{definition key: label} for the keys of one measure (figure titles and legends)."""
    return {k: definition_label(lang, measure, k, definitions) for k in keys}


GROUPS = {
    "nl": {"totaal": "totaal", "leeftijd": "leeftijd", "herkomst": "herkomst", "generatie": "generatie",
           "geslacht": "geslacht", "inkomen": "inkomen van het huishouden, vergeleken met Nederland", "origin": "vorig adres",
           "combinatie": "combinatie bij de ouders", "kopp_breed": "ouder met een probleem (brede definitie)"},
    "en": {"totaal": "total", "leeftijd": "age", "herkomst": "origin", "generatie": "generation",
           "geslacht": "sex", "inkomen": "household income, compared with the Netherlands", "origin": "previous address",
           "combinatie": "combination at the parents", "kopp_breed": "parent with a problem (broad definition)"},
}  # fmt: skip
VALUES = {
    "nl": {("origin", "binnen_gemeente"): "van elders in de gemeente", ("origin", "buiten_gemeente"): "van buiten de gemeente",
           ("origin", "onbekend"): "vorig adres onbekend", ("kopp_breed", "ja"): "ja", ("kopp_breed", "nee"): "nee",
           ("kopp_breed", "ja_vs_nee"): "ja tegenover nee", ("combinatie", "geen"): "geen van deze",
           ("totaal", "totaal"): "totaal", ("inkomen", "onbekend"): "onbekend"},
    "en": {("origin", "binnen_gemeente"): "from elsewhere in the municipality", ("origin", "buiten_gemeente"): "from outside the municipality",
           ("origin", "onbekend"): "previous address unknown", ("kopp_breed", "ja"): "yes", ("kopp_breed", "nee"): "no",
           ("kopp_breed", "ja_vs_nee"): "yes against no", ("combinatie", "geen"): "none of these",
           ("totaal", "totaal"): "total", ("inkomen", "onbekend"): "unknown", ("geslacht", "man"): "man",
           ("geslacht", "vrouw"): "woman", ("generatie", "migrant"): "migrant",
           ("generatie", "Nederlandse herkomst"): "Dutch origin", ("generatie", "kind van migrant(en)"): "child of migrant(s)",
           ("herkomst", "onbekend"): "unknown", ("generatie", "onbekend"): "unknown",
           ("herkomst", "Nederland"): "the Netherlands", ("herkomst", "Marokko"): "Morocco",
           ("herkomst", "Turkije"): "Turkey", ("herkomst", "Caribisch deel Koninkrijk"): "Caribbean part of the Kingdom",
           ("herkomst", "Indonesië"): "Indonesia", ("herkomst", "overig Europa"): "other Europe",
           ("herkomst", "overig Afrika"): "other Africa", ("herkomst", "overig Amerika/Oceanië"): "other America/Oceania",
           ("herkomst", "overig Azië"): "other Asia"},
}  # fmt: skip


def group_label(lang: str, group: str) -> str:
    """A breakdown's name in words: `origin` -> 'vorig adres'."""
    return GROUPS[lang].get(group, group)


def list_label(text: str) -> str:
    """A label that stands alone in a list, legend, table or menu, in sentence case: its first
    letter a capital ('overig Europa' -> 'Overig Europa', 'onbekend' -> 'Onbekend', beside
    'Marokko'); in running text a label stays as it is ('een herkomst uit overig Europa')."""
    return text[:1].upper() + text[1:]


def group_value_label(lang: str, group: str, value, definitions: Definitions | None = None) -> str:
    """A group value in words: `binnen_gemeente` -> 'van elders in de gemeente', `0-3` -> '0-3 jaar',
    `ggz+psychofarmaca` -> 'GGZ-zorg + psychofarmaca' (condition labels from `definitions`),
    income quintile `3` -> 'rond het midden' (INCOME_WORDS)."""
    value = str(value)
    if (group, value) in VALUES[lang]:
        return VALUES[lang][(group, value)]
    if group == "leeftijd":
        unit = "jaar" if lang == "nl" else "years"
        if value.endswith("+"):
            return (
                f"{value[:-1]} {unit} en ouder" if lang == "nl" else f"{value[:-1]} years and older"
            )
        return f"{value} {unit}"
    if group == "inkomen" and income_words(lang, value):
        return income_words(lang, value)
    if group == "combinatie" and definitions is not None:
        # the conditions of the whole configuration, or (a rule given the kopp theme's
        # definitions only) those of the theme
        kopp = {c.name: c for c in definitions.kopp.conditions} if definitions.kopp else {}
        names = []
        for part in value.split("+"):
            cond = definitions.conditions.get(part) or kopp.get(part)
            names.append(cond.label(lang) if cond is not None else part)
        return " + ".join(names)
    return value


# the input tables in plain words, for "Bron:" lines (no CBS table names on a page). One name per
# thing: GEMBUURTTEAM is the registration of the buurtteam (the organisation), whose two teams
# are the buurtteam jeugd en gezin (JG, children and families: kopp.jeugdteam, the persona's
# zorg en steun) and the sociaal buurtteam (SOC, adults); the teams' names are
# `definitions.words.TEAMS`, never 'jeugdteam' or 'gezinsteam' on a page
SOURCES = {
    "nl": {"GBAPERSOONTAB": "inwoners (basisregistratie personen)", "KINDOUDERTAB": "wie de ouders van een kind zijn",
           "GBAADRESOBJECTBUS": "adressen en verhuizingen", "VSLGWBTAB": "adres naar wijk en buurt",
           "GBAHUISHOUDENSBUS": "huishoudens", "MEDICIJNTAB": "medicijnen van de apotheek",
           "ZVWZORGKOSTENTAB": "zorgkosten van de zorgverzekering", "GGZDBCTRAJECTENHOOFDDIAGTAB": "behandelingen in de GGZ",
           "KOPPELPERSOONHUISHOUDEN": "inkomen van het huishouden", "INHATAB": "inkomen van het huishouden",
           "GEMWMOVOORZIENINGEN": "Wmo-voorzieningen van de gemeente", "GEMBUURTTEAM": "trajecten bij het buurtteam",
           "GEZOMONITOR": "Gezondheidsmonitor van de GGD (vragenlijst)"},
    "en": {"GBAPERSOONTAB": "residents (population register)", "KINDOUDERTAB": "who a child's parents are",
           "GBAADRESOBJECTBUS": "addresses and moves", "VSLGWBTAB": "address to wijk and buurt",
           "GBAHUISHOUDENSBUS": "households", "MEDICIJNTAB": "medicines from the pharmacy",
           "ZVWZORGKOSTENTAB": "health-insurance costs", "GGZDBCTRAJECTENHOOFDDIAGTAB": "mental-health treatments",
           "KOPPELPERSOONHUISHOUDEN": "household income", "INHATAB": "household income",
           "GEMWMOVOORZIENINGEN": "the municipality's Wmo provisions", "GEMBUURTTEAM": "neighbourhood-team trajectories",
           "GEZOMONITOR": "the GGD health survey (questionnaire)"},
}  # fmt: skip


def source_labels(lang: str, tables) -> list[str]:
    """The input tables in plain words, each once, in the given order: GBAPERSOONTAB ->
    'inwoners (basisregistratie personen)'; an unknown table keeps its name."""
    return list(dict.fromkeys(SOURCES[lang].get(t, t) for t in tables))


# what each table of a source made of several tables holds, after the source's name: where a
# list names the tables one by one (the source-quality lines), never one label twice
SOURCE_PARTS = {
    "nl": {"KOPPELPERSOONHUISHOUDEN": "wie bij welk huishouden hoort", "INHATAB": "het inkomen per huishouden"},
    "en": {"KOPPELPERSOONHUISHOUDEN": "who belongs to which household", "INHATAB": "the income per household"},
}  # fmt: skip


def source_part_label(lang: str, table: str) -> str:
    """One input table in plain words, told apart from another table of the same source:
    KOPPELPERSOONHUISHOUDEN -> 'inkomen van het huishouden, wie bij welk huishouden hoort',
    INHATAB -> 'inkomen van het huishouden, het inkomen per huishouden'; a table that is a
    source on its own as `source_labels` says it."""
    name = SOURCES[lang].get(table, table)
    part = SOURCE_PARTS[lang].get(table)
    return f"{name}, {part}" if part else name


TREND_WORD = {"nl": "ontwikkeling", "en": "trend"}
RATIO_WORD = {
    "nl": "verhouding nieuwkomers en bewoners bij",
    "en": "ratio of newcomers to residents for",
}


def in_brackets(text: str, extra: str) -> str:
    """`text` with `extra` in brackets after it, one bracket where `text` ends in one (U13: 'GGZ-zorg
    (dit of vorig jaar) (het cijfer en hoe het verandert)'): 'GGZ-zorg (dit of vorig jaar; het
    cijfer en hoe het verandert)', 'GGZ-zorg (ontwikkeling)'."""
    if text.endswith(")") and "(" in text:
        return f"{text[:-1]}; {extra})"
    return f"{text} ({extra})"


def indicator_label(lang: str, indicator: str, definitions: Definitions | None = None) -> str:
    """An indicator of the similar-wijken tables (`measure:definition:method`) in words:
    `kopp.aandeel:ggz:trend_logit` -> 'ouder met GGZ-zorg (ontwikkeling)',
    `nieuwkomers.concentratie:ggz:ratio_katz` -> 'verhouding nieuwkomers en bewoners bij GGZ-zorg
    (dit of vorig jaar)'."""
    measure, definition, method = (indicator.split(":") + ["", ""])[:3]
    words = definition_label(lang, measure, definition, definitions)
    if method == "ratio_katz":
        words = f"{RATIO_WORD[lang]} {words}"
    if method.startswith("trend_"):
        words = in_brackets(words, TREND_WORD[lang])
    return words


THEME_TITLES = {
    "nl": {"kopp": "Kinderen van ouders met psychische problemen of verslaving (KOPP)",
           "migratie": "Migratieachtergrond en psychische gezondheid", "nieuwkomers": "Kwetsbare nieuwkomers in de wijk"},
    "en": {"kopp": "Children of parents with mental-health problems or addiction (KOPP)",
           "migratie": "Migration background and mental health", "nieuwkomers": "Vulnerable newcomers in the wijk"},
}  # fmt: skip
METHODS = {
    "nl": {"wilson": "ruw percentage", "direct_std_gamma": "gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd)",
           "survey_taylor": "enquête (gewogen)", "ratio_katz": "verhouding nieuwkomers tot bewoners",
           "relative_risk_katz": "relatief risico (hoeveel keer zo vaak)", "logit_glm": "odds ratio (gecorrigeerd)",
           "trend_logit": "trend: odds ratio per jaar", "trend_wls": "trend: verandering per jaar",
           "modelschatting": "modelschatting (model uit enquête en registers)"},
    "en": {"wilson": "crude percentage", "direct_std_gamma": "adjusted for age and sex (standardised)",
           "survey_taylor": "survey (weighted)", "ratio_katz": "ratio of newcomers to residents",
           "relative_risk_katz": "relative risk (how many times as often)", "logit_glm": "odds ratio (adjusted)",
           "trend_logit": "trend: odds ratio per year", "trend_wls": "trend: change per year",
           "modelschatting": "model estimate (from survey and registers)"},
}  # fmt: skip


def theme_label(lang: str, theme: str) -> str:
    """A theme's title in words: `kopp` -> 'Kinderen van ouders met psychische problemen ...'."""
    return THEME_TITLES[lang].get(theme, theme)


def method_label(lang: str, method: str) -> str:
    """How a value was computed, in words: `direct_std_gamma` -> 'gecorrigeerd voor leeftijd en
    geslacht (gestandaardiseerd)'."""
    return METHODS[lang].get(method, method)


def method_short(lang: str, method: str) -> str:
    """`method_label` without the part it has in brackets, for a label that stands in brackets
    itself ('GGZ-zorg (gecorrigeerd voor leeftijd en geslacht)', not '... (... (gestandaardiseerd))')."""
    return re.sub(r" \([^()]*\)$", "", method_label(lang, method))


# the reference level of each breakdown of the odds ratios (themes.migratie.odds_ratios)
ODDS_REFERENCE = {"herkomst": "Nederland", "geslacht": "man", "inkomen": "1"}
REFERENCE_WORDS = {
    "nl": {"herkomst": "Nederlandse herkomst", "youngest": "jongste leeftijdsgroep"},
    "en": {"herkomst": "Dutch origin", "youngest": "youngest age band"},
}


def reference_label(
    lang: str, group: str, values=(), definitions: Definitions | None = None
) -> str:
    """The group the odds ratios of breakdown `group` are compared with, in words: herkomst ->
    'Nederlandse herkomst', inkomen -> 'bij de laagste 20%', leeftijd -> 'jongste leeftijdsgroep
    (18-29 jaar)': the band from the theme's minimum age to below the lowest of the shown bands
    `values` (the reference itself has no row)."""
    words = REFERENCE_WORDS[lang]
    if group == "herkomst":
        return words["herkomst"]
    if group in ODDS_REFERENCE:
        return group_value_label(lang, group, ODDS_REFERENCE[group], definitions)
    if group == "leeftijd":
        starts = [int(v.split("-")[0].rstrip("+")) for v in map(str, values) if v[:1].isdigit()]
        obj = definitions.migratie if definitions is not None else None
        if starts and obj is not None and obj.min_age < min(starts):
            band = group_value_label(lang, group, f"{obj.min_age}-{min(starts) - 1}", definitions)
            return f"{words['youngest']} ({band})"
        return words["youngest"]
    return ""


# A household's income group (quintile of the percentile of standardised disposable income in the
# Netherlands, INHP100HBEST; docs/rules.md#c7) in the words a reader knows, the same on a persona
# card, in its title and as a group of a table ('Inkomen: rond het midden'), never a code ('midden
# (40-60%)', '3 (40-60%)': a reviewer read those as codes); INCOME_SCALE says once what they are
# compared with. Never 'laag'/'hoog': a newcomer's marker 'laag inkomen' is the lowest 10%.
INCOME_WORDS = {
    "nl": {"1": "bij de laagste 20%", "2": "net onder het midden", "3": "rond het midden",
           "4": "net boven het midden", "5": "bij de hoogste 20%"},
    "en": {"1": "among the lowest 20%", "2": "just below the middle", "3": "around the middle",
           "4": "just above the middle", "5": "among the highest 20%"},
}  # fmt: skip
INCOME_SCALE = {
    "nl": "Inkomen: vergeleken met alle huishoudens in Nederland, verdeeld in vijf even grote groepen: "
          "bij de laagste 20%, net onder het midden, rond het midden, net boven het midden en bij de hoogste 20%.",
    "en": "Income: compared with all households in the Netherlands, in five groups of equal size: among the "
          "lowest 20%, just below the middle, around the middle, just above the middle and among the highest 20%.",
}  # fmt: skip


def income_words(lang: str, code) -> str | None:
    """An income group (`1`..`5`) in words, INCOME_WORDS; None for another code."""
    return INCOME_WORDS[lang].get(str(code))


# persona attributes in words (codes: wijkzicht.themes.personas); `overig` is a merged attribute.
# Income quintiles by their place in the Netherlands, never 'laag'/'hoog': a newcomer's marker
# 'laag inkomen' is the lowest 10% (definitions), and a card must not call another group 'laag'.
PERSONA_VALUES = {
    "nl": {
        ("huishouden", "alleenstaand"): "alleenstaand", ("huishouden", "paar_zonder_kinderen"): "met partner, zonder kinderen",
        ("huishouden", "paar_met_kinderen"): "gezin met twee ouders", ("huishouden", "eenouder"): "eenoudergezin",
        ("huishouden", "overig_huishouden"): "ander soort huishouden", ("huishouden", "institutioneel"): "instelling (zoals een zorginstelling)",
        ("zorg_steun", "geen"): "geen zorg of steun geregistreerd", ("zorg_steun", "ggz"): "GGZ of verslavingszorg",
        ("zorg_steun", "psychofarmaca"): "medicijnen voor psychische klachten",
        ("zorg_steun", "wmo"): "beschermd wonen of opvang (Wmo)", ("zorg_steun", "buurtteam"): "buurtteam jeugd en gezin",
    },
    "en": {
        ("huishouden", "alleenstaand"): "living alone", ("huishouden", "paar_zonder_kinderen"): "with a partner, without children",
        ("huishouden", "paar_met_kinderen"): "family with two parents", ("huishouden", "eenouder"): "single-parent family",
        ("huishouden", "overig_huishouden"): "another kind of household", ("huishouden", "institutioneel"): "institution (such as a care home)",
        ("zorg_steun", "geen"): "no registered care or support", ("zorg_steun", "ggz"): "mental-health or addiction care",
        ("zorg_steun", "psychofarmaca"): "medicines for mental-health problems",
        ("zorg_steun", "wmo"): "sheltered housing or shelter (Wmo)", ("zorg_steun", "buurtteam"): "youth and family neighbourhood team",
    },
}  # fmt: skip
PERSONA_OVERIG = {"nl": "verschillend", "en": "various"}


def persona_value(lang: str, attribute: str, code) -> str:
    """A persona attribute in words: huishouden `eenouder` -> 'eenoudergezin', leeftijd `4-11` ->
    '4-11 jaar', herkomst as its group, `overig` (merged) -> 'verschillend', `onbekend` ->
    'onbekend'; an unknown zorg_steun category (a configured key) as it is."""
    code = str(code)
    if code == "overig":
        return PERSONA_OVERIG[lang]
    if (attribute, code) in PERSONA_VALUES[lang]:
        return PERSONA_VALUES[lang][(attribute, code)]
    if attribute == "inkomen" and income_words(lang, code):
        return income_words(lang, code)
    if code == "onbekend":
        return "onbekend" if lang == "nl" else "unknown"
    if attribute in ("leeftijd", "herkomst"):
        return group_value_label(lang, attribute, code)
    return code


# A figure named in one short line (the report's table 'Wat is veranderd'): what it counts, then
# after a colon its group, from the labels above, each part once. U11 read "Kinderen met een eigen
# traject bij het buurtteam jeugd en gezin, buurtteam jeugd en gezin, ruw percentage, ja": the
# measure's label, its definition's, its method's and the group's value, which said the team twice
# and 'ja' without what to.
FIGURE_WORDS = {
    "nl": {"children": "kinderen met een {parent}", "children_not": "kinderen zonder {parent}",
           "parent": "ouder met {what}", "parent_many": "ouder met problemen ({label})",
           # the buurtteam, the organisation (SOURCES GEMBUURTTEAM), not the team's name again
           "team_share": "aandeel met een eigen traject bij het buurtteam",
           "team_times": "eigen traject bij het buurtteam: hoeveel keer zo vaak bij {children}",
           "newcomers": "nieuwkomers met {what}", "unknown": "{group} onbekend"},
    "en": {"children": "children with a {parent}", "children_not": "children without a {parent}",
           "parent": "parent with {what}", "parent_many": "parent with problems ({label})",
           "team_share": "share with their own neighbourhood-team trajectory",
           "team_times": "own neighbourhood-team trajectory: how many times as often for {children}",
           "newcomers": "newcomers with {what}", "unknown": "{group} unknown"},
}  # fmt: skip
# the breakdowns whose values do not say the breakdown by themselves ('Nederland', 'rond het
# midden'): named before the value ('herkomst Nederland', 'inkomen rond het midden')
NAMED_GROUPS = {"herkomst": {"nl": "herkomst", "en": "origin"},
                "inkomen": {"nl": "inkomen", "en": "income"}}  # fmt: skip


def _parent(lang: str, obj) -> str:
    """A KOPP definition as the parent it counts: one condition 'ouder met GGZ-zorg', several
    'ouder met problemen (brede definitie)'."""
    w = FIGURE_WORDS[lang]
    if len(obj.conditions) == 1:
        return w["parent"].format(what=obj.conditions[0].label(lang))
    return w["parent_many"].format(label=obj.label(lang))


def _overlaps(a: str, b: str) -> bool:
    """Whether label `b` says what `a` says already: contained in it, sharing two words in a
    row with it ('geen koppelbare ouder' in 'Kinderen zonder koppelbare ouder'), or each of its
    words the stem of one of `a`'s ('lonely' in 'Loneliness')."""
    x, y = a.casefold(), b.casefold()
    if y in x or x in y:
        return True
    words = re.findall(r"\w+", y)
    if any(f"{p} {q}" in x for p, q in zip(words, words[1:], strict=False)):
        return True
    stems = {w[:5] for w in re.findall(r"\w+", x)}
    return bool(words) and all(w[:5] in stems for w in words)


def figure_label(lang: str, measure: str, definition: str, method: str, group: str,
                 group_value, definitions: Definitions | None = None,
                 methods=()) -> str:  # fmt: skip
    """One figure in a short line, each part once: what it counts (the measure, its definition
    where the measure's label does not say it), its method where the measure has several
    (`methods`: the measure's methods shown, trends left out; not where the group says it), and
    after a colon its group: 'kinderen met een ouder met problemen (brede definitie): aandeel met
    een eigen traject bij het buurtteam jeugd en gezin', 'GGZ-zorg (volwassenen), ruw
    percentage: herkomst Marokko'. In running-text case (a table cell capitalises it)."""
    w = FIGURE_WORDS[lang]
    obj = definitions.definition(measure, definition) if definitions is not None else None
    d_label = definition_label(lang, measure, definition, definitions) if definition else ""
    detail = ""
    if measure == "kopp.jeugdteam" and obj is not None:
        # the children the share is of (ja: with a parent who meets the definition, nee:
        # without), or the relative risk of those with against those without (ja_vs_nee)
        children = w["children"].format(parent=_parent(lang, obj.definition))
        if str(group_value) == "nee":
            children = w["children_not"].format(parent=_parent(lang, obj.definition))
        if str(group_value) not in ("ja", "nee"):
            return w["team_times"].format(children=children)
        return f"{children}: {w['team_share']}"
    if measure == "kopp.aandeel" and obj is not None:
        what = w["children"].format(parent=_parent(lang, obj))
    elif measure == "nieuwkomers.aandeel" and d_label:
        what = w["newcomers"].format(what=d_label)
    elif measure == "nieuwkomers.concentratie" and d_label:
        what = f"{RATIO_WORD[lang]} {d_label}"
    elif measure == "kopp.overlap":
        what = group_label(lang, "combinatie")
    else:
        what = label(lang, measure)
        if d_label and not _overlaps(what, d_label):
            what = f"{what}, {d_label}"
    if len([m for m in dict.fromkeys(methods) if not str(m).startswith("trend_")]) > 1:
        # a standardised figure as the pages say it in short where the full words stand nearby
        # (the report's reading guide): 'gecorrigeerd'
        short = ADJUSTED_SHORT[lang] if method == "direct_std_gamma" else method_short(lang, method)
        what = f"{what}, {short}"
    if group != "totaal":
        value = group_value_label(lang, group, group_value, definitions)
        if group in NAMED_GROUPS:
            value = f"{NAMED_GROUPS[group][lang]} {value}"
        elif str(group_value) == "onbekend" and value in ("onbekend", "unknown"):
            value = w["unknown"].format(group=group_label(lang, group))
        detail = value
    return f"{what}: {detail}" if detail else what
