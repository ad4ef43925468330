"""Numbers and states as a reader sees them, the same on every page, in Dutch and English.

Dutch: decimal comma and a dot between thousands (26,1%, 35.152); English: 26.1%, 35,152.
A published row is in one of three states, never confused:

- `ok`: it has a value;
- `onderdrukt` (suppressed): disclosure control hid it;
- `geen personen` (empty): nobody is in the group (denominator 0), so there is nothing to show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

STATE_WORDS = {
    "nl": {"ok": "", "suppressed": "onderdrukt", "empty": "geen personen"},
    "en": {"ok": "", "suppressed": "suppressed", "empty": "no persons"},
}
# why a value is suppressed, the same words on every page: too few persons (primary
# suppression), or it could be worked out from other published figures (secondary)
SUPPRESSED_WHY = {
    "nl": "te weinig personen, of anders terug te rekenen",
    "en": "too few persons, or it could be worked out from other figures",
}
# a standardised figure leaves out persons of unknown sex (docs/rules.md#m3); the export gives it
# the counts of the crude figure of its cell (disclosure.cell_counts): said where both are shown
STANDARDISED_COUNTS = {
    "nl": "Bij een gestandaardiseerd cijfer tellen personen van wie het geslacht onbekend is niet "
          "mee. De aantallen erbij zijn die van alle personen, net als bij het ruwe cijfer: twee "
          "verschillende aantallen zouden samen verraden hoeveel personen met onbekend geslacht er zijn.",
    "en": "A standardised figure leaves out persons whose sex is unknown. The counts beside it are "
          "those of all persons, as for the crude figure: two different counts would together give "
          "away how many persons of unknown sex there are.",
}  # fmt: skip
# whose adults are the standard population of the standardised figures, after 'de volwassenen':
# a gemeente's own (a single run), or in a GGD region run those of all its gemeenten together,
# one standard for every gemeente (rule migratie_standard); `std_population`
STANDARD_POPULATION = {
    "nl": {"own": "in {gem}", "region": "van de gemeenten {names} samen",
           "many": "van de {n} gemeenten van de regio samen", "named": "van de {n} gemeenten van de regio samen ({names})"},
    "en": {"own": "in {gem}", "region": "of the municipalities {names} together",
           "many": "of the {n} municipalities of the region together",
           "named": "of the {n} municipalities of the region together ({names})"},
}  # fmt: skip
# above this many gemeenten the standard population is counted, not listed (16 names made the
# infographic's big-number block 9 lines); listed once where there is room (`named`)
STANDARD_NAMED = 3
# what the standardised figures make fair to compare (`std_compared`): wijken, groups and years;
# in a GGD region run the gemeenten of the region too (one standard population for all of them,
# so the region overview compares them)
STD_COMPARED = {
    "nl": (("wijken", "groepen", "jaren"), "de gemeenten van de regio"),
    "en": (("wijken", "groups", "years"), "the municipalities of the region"),
}
# a standardised (age-and-sex adjusted) figure said so wherever it stands beside the crude share
# of the big number, so that one "9,4%" never means two things: in full, and in short where the
# full words stand nearby (a map legend under a title that says it)
ADJUSTED = {"nl": "gecorrigeerd voor leeftijd en geslacht", "en": "adjusted for age and sex"}
ADJUSTED_SHORT = {"nl": "gecorrigeerd", "en": "adjusted"}
# what a standardised figure is, under the method's name (`labels.method_label`): the report's
# reading guide and the dashboard's note beside a standardised figure ({std_pop}:
# `std_population`, {std_year}: `std_year`, {std_counts}: STANDARDISED_COUNTS, {std_compared}:
# `std_compared`)
STANDARDISED_MEANS = {
    "nl": "Wijken en groepen verschillen in leeftijd en in het aantal mannen en vrouwen. Een gecorrigeerd cijfer is "
          "omgerekend alsof iedere groep dezelfde opbouw naar leeftijd en geslacht had als de volwassenen {std_pop} "
          "in {std_year}. Zo zijn {std_compared} eerlijk te vergelijken. Hoeveel mensen het echt zijn, zegt het "
          "cijfer zonder correctie. {std_counts}",
    "en": "Wijken and groups differ in age and in the numbers of men and women. An adjusted figure is recalculated "
          "as if every group had the same make-up by age and sex as the adults {std_pop} in {std_year}, so that "
          "{std_compared} can be compared fairly. How many people it really is, the figure without adjustment "
          "says. {std_counts}",
}  # fmt: skip
# a model estimate per buurt (method modelschatting) borrows strength from its wijk and its
# residents' make-up, so the buurten of one wijk hardly differ: said wherever buurten are shown,
# after the sentence that names the model's register data (all of them: not repeated here)
MODEL_BUURT = {
    "nl": "Het cijfer van een buurt leunt op het cijfer van haar wijk en op wie er wonen. Daarom lijken de "
          "buurten van één wijk veel op elkaar. Kleine verschillen tussen buurten in "
          "dezelfde wijk zeggen niets. Pas als de 95%-intervallen van twee buurten elkaar niet raken, is het "
          "verschil duidelijk.",
    "en": "A buurt's figure leans on the figure of its wijk and on who lives there. That is why the buurten of "
          "one wijk look much alike. Small differences between buurten in the same wijk are not "
          "findings. Only when the 95% intervals of two buurten do not overlap is the difference clear.",
}  # fmt: skip
# newcomers with previous address 'onbekend': no earlier Dutch address, mostly people from abroad,
# whose vulnerability markers (income, care of last year) are mostly not known; said the same way by
# the key messages, the report's reading guide and the workbook's Leeswijzer (`origin_unknown`)
ORIGIN_UNKNOWN = {
    "nl": {"head": "Vorig adres onbekend betekent: ",
           "text": "er is geen eerder adres in Nederland, meestal omdat iemand uit het buitenland komt. Voor wie "
                   "uit het buitenland komt, zijn de kenmerken van kwetsbaarheid (zoals inkomen en zorg van vorig "
                   "jaar) meestal niet bekend",
           True: "; daarom is dat cijfer laag. Dat zegt niet dat zij niet kwetsbaar zijn.", False: ".",
           None: ". Een laag cijfer in deze groep zegt dus niet dat zij niet kwetsbaar zijn."},
    "en": {"head": "Previous address unknown means: ",
           "text": "there is no earlier address in the Netherlands, mostly because the person comes from abroad. "
                   "For those who come from abroad, the vulnerability markers (such as income and care of last "
                   "year) are mostly not known",
           True: "; that is why that figure is low. It does not mean they are not vulnerable.", False: ".",
           None: ". So a low figure in this group does not mean they are not vulnerable."},
}  # fmt: skip
# the same, short, for a page with little room (the infographic's key messages): after the figures
ORIGIN_UNKNOWN_SHORT = {
    "nl": {True: "Vorig adres onbekend: meestal uit het buitenland; hun kenmerken zijn dan niet bekend, daarom is "
                 "dat cijfer laag. Ze kunnen wel kwetsbaar zijn.",
           False: "Vorig adres onbekend: meestal uit het buitenland; hun kenmerken zijn dan niet bekend."},
    "en": {True: "Previous address unknown: mostly from abroad; their markers are then not known, which is why that "
                 "figure is low. They may still be vulnerable.",
           False: "Previous address unknown: mostly from abroad; their markers are then not known."},
}  # fmt: skip
# survey methods: their count is the survey's respondents, not persons counted in a register
SURVEY_METHODS = ("survey_taylor", "modelschatting")
# what a wijk was tested against, by its test in verschillen.csv (`findings.TESTS`): two shares
# with counts compare the wijk with the rest of the city (the gemeente's counts minus the wijk's);
# a standardised, survey or ratio figure is compared with the city's own figure, the wijk in it
AGAINST = {
    "nl": {"two_proportion_z": "de rest van de gemeente", "z_independent": "de gemeente als geheel",
           "z_log_ratio": "de gemeente als geheel"},
    "en": {"two_proportion_z": "the rest of the municipality", "z_independent": "the municipality as a whole",
           "z_log_ratio": "the municipality as a whole"},
}  # fmt: skip
# no test known: the gemeente, without saying which part ('gemeente', not 'stad': villages too)
CITY = {"nl": "de gemeente", "en": "the municipality"}
OR = {"nl": " of ", "en": " or "}
# a verdict of verschillen.csv in words; {against}: what the wijk was tested against (`against`)
VERDICT_WORDS = {
    "nl": {"hoger": "hoger dan {against}", "lager": "lager dan {against}",
           "geen_verschil": "geen duidelijk verschil met {against}", "niet_te_toetsen": "niet te toetsen",
           "stijgt": "stijgt", "daalt": "daalt", "stijgt_licht": "stijgt licht", "daalt_licht": "daalt licht",
           "gelijk": "blijft ongeveer gelijk", "geen_trend": "geen duidelijke trend"},
    "en": {"hoger": "higher than {against}", "lager": "lower than {against}",
           "geen_verschil": "no clear difference with {against}", "niet_te_toetsen": "cannot be tested",
           "stijgt": "rising", "daalt": "falling", "stijgt_licht": "rising slightly", "daalt_licht": "falling slightly",
           "gelijk": "about the same", "geen_trend": "no clear trend"},
}  # fmt: skip
# the rule of the trend words (findings.trend_verdicts), said once for every page
TREND_RULE = {
    "nl": "Stijgt of daalt: de verandering per jaar is groter dan toeval (het 95%-interval ligt helemaal boven "
          "of onder ‘geen verandering’). Licht: volgens de trendlijn over alle jaren verandert het cijfer over de hele "
          "periode met minder dan {slight} van zichzelf (bij een cijfer van 20% minder dan {example} procentpunt); "
          "het eerste en het laatste jaar kunnen meer verschillen. "
          "Blijft ongeveer gelijk: geen duidelijke verandering, en ook de grootste verandering die bij de cijfers "
          "past, is kleiner dan {slight} van het cijfer. Geen duidelijke trend: de verandering kan toeval zijn, maar een grotere "
          "verandering is ook niet uit te sluiten.",
    "en": "Rising or falling: the change per year is larger than chance (the 95% interval lies wholly above or "
          "below ‘no change’). Slightly: along the trend line over all years the figure changes over the "
          "whole period by less than {slight} of itself (for a figure of 20%, less than {example} {points}); the "
          "first and the last year may differ by more. About the same: no clear change, and even the largest change that fits the figures is smaller than "
          "{slight} of the figure. No clear trend: the change may be chance, but a larger change cannot be ruled out either.",
}  # fmt: skip
# the trend words in short, where a page first uses them (the key messages, the factsheet's
# legend, the dashboard's trend): one clause per kind of verdict, in this order; the same words as
# VERDICT_WORDS, whose rule in full is TREND_RULE (a new user, U4, read 'daalt' in one place and
# 'daalt duidelijk' in another for the same test and could not tell what either meant)
TREND_SHORT = {
    "nl": {"clear": "stijgt of daalt: waarschijnlijk geen toeval", "licht": "licht: een kleine verandering",
           "gelijk": "blijft ongeveer gelijk: geen verandering die ertoe doet",
           "geen_trend": "geen duidelijke trend: de verandering kan toeval zijn"},
    "en": {"clear": "rising or falling: probably not chance", "licht": "slightly: a small change",
           "gelijk": "about the same: no change that matters",
           "geen_trend": "no clear trend: the change may be chance"},
}  # fmt: skip
# one trend verdict in words and what it means, in TREND_SHORT's words, for where a single trend
# word stands alone (the infographic's trend panel: 'daalt licht' was not explained there)
VERDICT_MEANS = {
    "nl": {"stijgt": "stijgt: waarschijnlijk geen toeval", "daalt": "daalt: waarschijnlijk geen toeval",
           "stijgt_licht": "stijgt licht: klein, maar waarschijnlijk geen toeval",
           "daalt_licht": "daalt licht: klein, maar waarschijnlijk geen toeval",
           "gelijk": "blijft ongeveer gelijk: geen verandering die ertoe doet",
           "geen_trend": "geen duidelijke trend: de verandering kan toeval zijn",
           "niet_te_toetsen": "niet te toetsen: geen trend berekend, of onderdrukt"},
    "en": {"stijgt": "rising: probably not chance", "daalt": "falling: probably not chance",
           "stijgt_licht": "rising slightly: small, but probably not chance",
           "daalt_licht": "falling slightly: small, but probably not chance",
           "gelijk": "about the same: no change that matters",
           "geen_trend": "no clear trend: the change may be chance",
           "niet_te_toetsen": "cannot be tested: no trend computed, or suppressed"},
}  # fmt: skip
TREND_KIND = {"stijgt": "clear", "daalt": "clear", "stijgt_licht": "licht", "daalt_licht": "licht",
              "gelijk": "gelijk", "geen_trend": "geen_trend"}  # fmt: skip
# Why a ▲ ▼ and the intervals a reader sees need not agree (U10 finding 9: Binnenstad 0,89
# (0,80-0,99) without ▼ left of the city's 1,03, Zuid 8,8% (8,4-9,2) with ▼ though its interval
# touches the city's 9,1-9,4): the test (findings.wijk_differences) also counts the chance in the
# figure it compares with and is corrected for the number of wijken (Holm). `line`: a figure
# whose reference is a dashed line (the city's own figure; `rest`: its test compares with the
# other wijken together, not with that line); `intervals`: a table or chart with the city's
# interval beside the wijk's. One sentence per kind, for every page that draws ▲ ▼ beside
# intervals (`marks_why`).
MARKS_WHY = {
    "nl": {"line": "Het teken rekent met het toeval in de wijk én in de gemeente, en met het aantal wijken: een "
                   "streepje dat de stippellijn net niet raakt, heeft daarom soms geen teken.",
           "rest": "Het teken vergelijkt met de andere wijken samen, niet met de stippellijn, en rekent met het "
                   "aantal wijken: een streepje over de stippellijn kan daarom toch een teken hebben, en een "
                   "streepje ernaast soms geen.",
           "intervals": "Het teken rekent met het toeval in beide cijfers en met het aantal wijken: intervallen die "
                        "elkaar raken, kunnen daarom toch duidelijk verschillen, en intervallen die elkaar net niet "
                        "raken soms niet."},
    "en": {"line": "The mark allows for chance in both the wijk and the municipality, and for the number of "
                   "wijken: so a bar just clear of the dashed line may have no mark.",
           "rest": "The mark compares with the other wijken together, not with the dashed line, and allows for "
                   "the number of wijken: so a bar across the dashed line may still have a mark, and a bar beside "
                   "it may have none.",
           "intervals": "The mark allows for chance in both figures and for the number of wijken: so intervals "
                        "that touch can still differ clearly, and intervals that just miss each other may not."},
}  # fmt: skip
# where a figure draws its reference as a dashed line: what the marks compare with, named after
# `against`'s words ('de gemeente als geheel (de stippellijn)'); on a ratio axis not the line at 1
MARKS_LINE = {
    "nl": {"line": " (de stippellijn)", "ratio": " (de stippellijn, niet de lijn bij 1)"},
    "en": {"line": " (the dashed line)", "ratio": " (the dashed line, not the line at 1)"},
}  # fmt: skip


def marks_why(lang: str, tests=(), *, drawn: str = "intervals") -> str:
    """Why a wijk's ▲ ▼ (tested with `tests`, as `against`) and its interval need not agree, in
    one sentence (`MARKS_WHY`): `drawn` 'line' where the city's figure is a dashed line (a test
    against the rest of the gemeente, `two_proportion_z`, says that it is not that line), or
    'intervals' where the city's interval stands beside the wijk's."""
    tests = [tests] if isinstance(tests, str) else list(tests)
    if drawn == "line":
        drawn = "rest" if "two_proportion_z" in tests else "line"
    return MARKS_WHY[lang][drawn]


def marks_line(lang: str, tests=(), *, ratio: bool = False) -> str:
    """What a figure's ▲ ▼ compare with, when that is its dashed line: ' (de stippellijn)' after
    `against`'s words for a test against the gemeente's own figure, on a ratio axis with ', niet
    de lijn bij 1'; '' for a test against the rest of the gemeente (not the line: `marks_why`)."""
    tests = [tests] if isinstance(tests, str) else list(tests)
    if not tests or "two_proportion_z" in tests:
        return ""
    return MARKS_LINE[lang]["ratio" if ratio else "line"]


# a short mark beside a wijk that differs significantly from the rest of the city
VERDICT_MARKS = {"hoger": "▲", "lager": "▼"}

# Okabe-Ito, colour-blind safe: the figures' and the dashboard's colours (here, not in
# outputs.figures, so the dashboard does not import matplotlib for them)
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def std_year(rows) -> int | None:
    """The year of the standard population of standardised figures: the adults of the run's first
    year (scripts/migratie.py), so the first year of the standardised (`direct_std_gamma`) rows
    in `rows` (a table, or a list of row dicts); None without such rows. One rule for the key
    messages, the report, the workbook and the dashboard."""
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    years = [int(r["year"]) for r in records
             if r.get("method") == "direct_std_gamma" and not _missing(r.get("year"))]  # fmt: skip
    return min(years) if years else None


def std_population(
    lang: str, gem: str, standard: Sequence[str] = (), *, named: bool = False
) -> str:
    """Whose adults the standard population of the standardised figures is, to follow 'de
    volwassenen' ('the adults'): 'in Utrecht' (`gem`, the gemeente's own adults: a single run),
    or with `standard` (the names of a GGD region's gemeenten, in a region run the standard of
    every one of them) 'van de gemeenten Utrecht, Zeist en De Bilt samen'; more than
    STANDARD_NAMED gemeenten are counted: 'van de 16 gemeenten van de regio samen', with their
    names in brackets when `named` (once, where there is room: the report's reading guide)."""
    w = STANDARD_POPULATION[lang]
    if not standard:
        return w["own"].format(gem=gem)
    if len(standard) > STANDARD_NAMED:
        return w["named" if named else "many"].format(
            n=len(standard), names=listing(lang, standard)
        )
    return w["region"].format(names=listing(lang, standard))


def std_compared(lang: str, standard: Sequence[str] = ()) -> str:
    """What the standardised figures make fair to compare, as a list in a sentence: 'wijken,
    groepen en jaren' (the wijken are compared with the city on the standardised figure); with
    `standard` (a GGD region run, whose gemeenten share one standard population) the gemeenten
    too: 'wijken, groepen, jaren en de gemeenten van de regio'. One list for the key message, the
    report's reading guide, the dashboard's note and the workbook's Leeswijzer."""
    words, region = STD_COMPARED[lang]
    return listing(lang, [*words, *([region] if standard else [])])


def listing(lang: str, words: Sequence[str]) -> str:
    """Words as a list in a sentence: 'a, b en c' ('and' in English); one word alone; '' for
    none."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + (" en " if lang == "nl" else " and ") + words[-1]


def origin_unknown(lang: str, lowest: bool | None = None, *, named: bool = False) -> str:
    """What previous address 'onbekend' means (`ORIGIN_UNKNOWN`), one wording for every page.
    `lowest`: True where the group's figure is shown and is the lowest ('that is why it is low'),
    False where it is shown and is not (only the meaning), None where no figure is at hand (a
    reading guide: a low figure does not mean they are not vulnerable). `named`: begins with
    'Vorig adres onbekend betekent: ' (a sentence after the figures, not under its own heading)."""
    w = ORIGIN_UNKNOWN[lang]
    text = w["text"] + w[lowest]
    return w["head"] + text if named else text[0].upper() + text[1:]


def origin_unknown_short(lang: str, lowest: bool) -> str:
    """`origin_unknown` in short, named, after the figures (`lowest` as there: True or False),
    for a page with little room: the infographic's key message by previous address."""
    return ORIGIN_UNKNOWN_SHORT[lang][lowest]


def against(lang: str, tests=()) -> str:
    """What wijken tested with `tests` (one test of verschillen.csv or several) were compared
    with, in words: 'de rest van de gemeente', 'de gemeente als geheel', both joined by 'of' when the
    tests differ (always in that order, `AGAINST`'s, whatever the order of `tests`: a page's
    legend said one order for one wijk and the other for the next), or 'de stad' when no test is
    known."""
    tests = set([tests] if isinstance(tests, str) else tests)
    words = list(dict.fromkeys(w for t, w in AGAINST[lang].items() if t in tests))
    return OR[lang].join(words) if words else CITY[lang]


def compared_with(lang: str, tests, test_words: dict, joiner: str) -> str:
    """What wijken were compared with and how, per reference of `tests`: 'de rest van de stad
    (z-toets voor twee proporties)'; several references joined by `joiner` (' of met ')."""
    by: dict[str, list[str]] = {}
    for t in tests:
        by.setdefault(against(lang, t), []).append(test_words[t])
    return joiner.join(f"{a} ({', '.join(words)})" for a, words in by.items())


def trend_rule(lang: str, slight: float | None = None) -> str:
    """How the words of a trend are chosen (`findings.trend_verdicts`), for the pages' reading
    guides: `slight` is the configured share (config `findings.slight`, a job's parameter) under
    which a change is slight; None: the default `findings.SLIGHT`."""
    if slight is None:
        from wijkzicht.outputs.findings import SLIGHT

        slight = SLIGHT
    example = round(20 * slight, _decimals(20 * slight))
    # en: 'percentage point' for exactly one (a slight of 5%), 'points' otherwise; nl: procentpunt
    points = "percentage point" if example == 1 else "percentage points"
    return TREND_RULE[lang].format(
        slight=pct(slight, lang, _decimals(100 * slight)),
        example=number(20 * slight, lang, _decimals(20 * slight)),
        points=points,
    )


def _decimals(value: float) -> int:
    """The fewest decimals (0 to 2) that show `value` exactly: 10 -> 0, 12,5 -> 1."""
    return next((d for d in (0, 1) if abs(round(value, d) - value) < 1e-9), 2)


def verdict_words(lang: str, verdict, tests=()) -> str:
    """A verdict of verschillen.csv in words ('' for none); a wijk's verdict names what it was
    tested against (`tests`, as `against`): 'hoger dan de gemeente als geheel'."""
    if not isinstance(verdict, str):
        return ""
    return VERDICT_WORDS[lang].get(verdict, "").format(against=against(lang, tests))


def verdict_means(lang: str, verdict) -> str:
    """One trend verdict and what it means, as a sentence: 'Daalt licht: een kleine verandering,
    waarschijnlijk geen toeval.' (VERDICT_MEANS); '' for another verdict or none."""
    text = VERDICT_MEANS[lang].get(verdict, "") if isinstance(verdict, str) else ""
    return text[:1].upper() + text[1:] + "." if text else ""


def trend_short(lang: str, verdicts=None) -> str:
    """The trend words of `verdicts` (trend verdicts of verschillen.csv; None: every kind) in
    short, as one sentence: 'Stijgt of daalt: waarschijnlijk geen toeval; licht: een kleine
    verandering.' (a slight trend is a clear one too: both clauses); '' when none is a trend
    word. Where a page first says a trend in words; the rule in full is `trend_rule`."""
    kinds = set(TREND_SHORT[lang]) if verdicts is None else set()
    for v in [] if verdicts is None else verdicts:
        kind = TREND_KIND.get(v) if isinstance(v, str) else None
        kinds |= {kind, "clear"} if kind == "licht" else {kind} if kind else set()
    text = "; ".join(t for k, t in TREND_SHORT[lang].items() if k in kinds)
    return text[:1].upper() + text[1:] + "." if text else ""


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def _localise(text: str, lang: str) -> str:
    """Swap the separators of an English-formatted number for Dutch ones."""
    if lang != "nl":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value, lang: str, decimals: int = 0) -> str:
    """A count or amount with thousands separators: 35.152 (nl), 35,152 (en)."""
    return _localise(f"{float(value):,.{decimals}f}", lang)


def about(value, lang: str) -> str:
    """A count said to be approximate ('ongeveer ...'), as CBS does in text: to two significant
    digits from 100 up (1.365 -> 1.400, 835 -> 840), smaller counts as they are (40); half
    rounds up. An approximate word beside an exact-looking number would promise a precision
    the number does not have."""
    v = int(math.floor(float(value) + 0.5))
    if v >= 100:
        unit = 10 ** (len(str(v)) - 2)
        v = (v + unit // 2) // unit * unit
    return number(v, lang)


def pct(value, lang: str, decimals: int = 1) -> str:
    """A proportion 0-1 as a percentage with one decimal: 26,1% (nl), 26.1% (en). A share above
    0 that would print as zero says it is less than the smallest step shown: 0,0198% '<0,1%'
    ('<1%' in whole percentages), as a 0 on a page is a real zero (README; U13 M5: two
    combinations at the parents' of 0,02% and 0,03% read '0,0%', as if nobody)."""
    shown = f"{100 * float(value):,.{decimals}f}"
    if float(value) > 0 and float(shown.replace(",", "")) == 0:
        return "<" + _localise(f"{10.0**-decimals:.{decimals}f}%", lang)
    return _localise(f"{shown}%", lang)


def ratio(value, lang: str, decimals: int = 2) -> str:
    """A ratio or odds ratio: 1,23 (nl), 1.23 (en)."""
    return _localise(f"{float(value):,.{decimals}f}", lang)


def _formatter(kind: str, decimals: int | None):
    f = {"pct": pct, "ratio": ratio, "count": number, "about": about}[kind]
    return f if decimals is None else (lambda v, lang: f(v, lang, decimals))


def interval(lo, hi, lang: str, kind: str = "pct", decimals: int | None = None) -> str:
    """An interval as 'lo tot hi' in the kind's format: 24,9% tot 27,4% / 0,92 tot 1,01;
    `decimals` other than the kind's own (0 for a model estimate: 48% tot 62%)."""
    f = _formatter(kind, decimals)
    sep = " tot " if lang == "nl" else " to "
    return f"{f(lo, lang)}{sep}{f(hi, lang)}"


def count_withheld(row) -> bool:
    """True for a published model estimate (method modelschatting) whose respondents are
    withheld (blank `n_denominator`): its wijk's survey row is suppressed, and the count would
    give that row's denominator away (`disclosure.model_estimates`, rule 4). The count is then
    shown as suppressed (STATE_WORDS), the estimate as published."""
    return (
        row.get("method") == "modelschatting"
        and state(row) == "ok"
        and _missing(row.get("n_denominator"))
    )


def state(row) -> str:
    """`ok`, `suppressed` or `empty` of one published measures row (a mapping or Series).

    Suppressed: status other than ok. Empty: status ok and a denominator of 0, or no value
    while nothing was suppressed (nobody in the group)."""
    status = row.get("status", "ok")
    if isinstance(status, str) and status.startswith("suppressed"):
        return "suppressed"
    den = row.get("denominator")
    if not _missing(den) and float(den) == 0:
        return "empty"
    if _missing(row.get("value")):
        return "empty"
    return "ok"


def shown(row, lang: str, kind: str = "pct", decimals: int | None = None) -> str:
    """The value of one published row as a reader sees it, or the word for its state;
    `decimals` other than the kind's own (see `interval`)."""
    s = state(row)
    if s != "ok":
        return STATE_WORDS[lang][s]
    return _formatter(kind, decimals)(row["value"], lang)


# the covariates of the small-area model (config small_area.factors), in words; its flags
# (small_area.flags) are registry conditions, named by their own labels
COVARIATE_WORDS = {
    "nl": {"leeftijd": "leeftijd", "geslacht": "geslacht", "herkomst": "herkomst", "generatie": "generatie",
           "inkomen": "inkomen", "huishouden": "huishouden"},
    "en": {"leeftijd": "age", "geslacht": "sex", "herkomst": "origin", "generatie": "generation",
           "inkomen": "income", "huishouden": "household"},
}  # fmt: skip


def model_covariates(lang: str, small_area: dict, definitions=None) -> str:
    """The data of the small-area model in one list, from its configured covariates: 'leeftijd,
    geslacht, herkomst, inkomen, huishouden, GGZ-zorg en psychofarmaca'. `small_area`: {"factors":
    names, "flags": condition names}; `definitions` names the flags (their keys without it)."""
    words = [
        COVARIATE_WORDS[lang].get(f, f.replace("_", " ")) for f in small_area.get("factors", ())
    ]
    for flag in small_area.get("flags", ()):
        cond = (
            definitions.conditions[flag]
            if definitions is not None and flag in definitions.conditions
            else None
        )
        words.append(cond.label(lang) if cond is not None else flag.replace("_", " "))
    return listing(lang, words)


def model_covariates_in_brackets(lang: str, small_area: dict | None, definitions=None) -> str:
    """`model_covariates` in brackets after the words it explains (' (leeftijd, geslacht, ...)'),
    the same for the report, the workbook and the dashboard; nothing when no covariates are
    configured (no small_area, or its factors and flags both empty: never ' ()')."""
    words = model_covariates(lang, small_area, definitions) if small_area else ""
    return f" ({words})" if words else ""
