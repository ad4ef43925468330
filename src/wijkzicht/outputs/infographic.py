"""The infographic of a theme: one A4 page a reader takes in within 30 seconds, as PDF and PNG.

From top to bottom: the theme and the gemeente; the big number (the city value of the theme's
main measure as a natural frequency, '1 op de 7', with its percentage) beside a three-line
reading guide ('Zo leest u dit'); the map of the main measure per wijk (`outputs.maps`) beside
the wijken that stand out (▲ ▼ of verschillen.csv) and the trend over the years; the key
messages (`outputs.key_messages`, the city one is the big number), a clear difference first
(`ranked`) and as many as fit; the persona's of the gemeente (`<theme>/personas.csv`, when the
export has it); a "Bron:" line.

Built from the export (`<theme>/measures.csv`, `verschillen.csv`, optionally `personas.csv`) and
the boundaries (public geography) only; without boundaries the map is left out, without a
persona table the persona panel. A matplotlib figure of A4 size, saved without dates or
software versions, so the same tables give the same bytes. The PDF is a tagged PDF, as the
reports are (Typst, its PDF tags on): the matplotlib page embedded whole (its text stays text)
as one figure whose alternative text a screen reader reads (`pdf_alt`), with a title and the
language.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from wijkzicht import files  # noqa: E402
from wijkzicht.definitions import Definitions  # noqa: E402
from wijkzicht.disclosure.export import read_measures_csv  # noqa: E402
from wijkzicht.outputs import format as fmt  # noqa: E402
from wijkzicht.outputs.document import natural_frequency, plain  # noqa: E402
from wijkzicht.outputs.figure_specs import persona_source, read_differences  # noqa: E402
from wijkzicht.outputs.figures import NOTHING_SHOWN, nothing_shown, nothing_shown_why  # noqa: E402
from wijkzicht.outputs.findings import TESTS  # noqa: E402
from wijkzicht.outputs.key_messages import WORDS as KEY_WORDS  # noqa: E402
from wijkzicht.outputs.key_messages import Message, Messages  # noqa: E402
from wijkzicht.outputs.report import sources  # noqa: E402

A4 = (8.27, 11.69)  # inches
BLUE, RED, GREY, INK = "#0b5cad", "#b3261e", "#555555", "#1a1a1a"
MAX_PERSONAS = 3
TREND_ROOM = 0.045  # the least height (of the page) of the trend's axes under the wijken
TREND_BOTTOM = 0.372  # the lowest the trend's axes go (the key messages start at 0.36)

TEXT = {
    "nl": {
        "kicker": "Infographic voor de kenniskring · {gem} · {year}",
        "title": {"kopp": "Kinderen van ouders met psychische problemen of verslaving",
                  "migratie": "Migratieachtergrond en psychische gezondheid",
                  "nieuwkomers": "Kwetsbare nieuwkomers in de wijk"},
        "big_of": "{subject} in {gem} ({pct})",
        # a standardised big number (its crude share unpublished): the percentage, no '1 op de N'
        "big_of_std": "van de {subject} in {gem}",
        "big_missing": "Het cijfer voor {gem} is {state}.",
        "had": "had in {year} {what}{note}.",
        "guide": "Zo leest u dit",
        "guide_lines": [
            "Het grote getal geldt voor heel {gem} in {year}.",
            "Kaart: hoe donkerder de wijk, hoe hoger het percentage. ▲ ▼ = duidelijk hoger of lager dan "
            "{against}.",
            "Grijs met streepjes: onderdrukt (" + fmt.SUPPRESSED_WHY["nl"] + "). Meer uitleg staat in het rapport.",
        ],
        # without boundaries there is no map to explain (U7): the marks and the word instead
        "guide_lines_no_map": [
            "▲ ▼ = duidelijk hoger of lager dan {against}.",
            "Onderdrukt: " + fmt.SUPPRESSED_WHY["nl"] + ". Meer uitleg staat in het rapport.",
        ],
        # the first line when the map, wijken and trend are a standardised figure and the big
        # number is not: which number is which, in words (a reader compared 9,1% and 9,3%)
        "guide_adjusted": "Het grote getal is het echte aandeel in {gem} in {year}. De rest is gecorrigeerd voor "
                          "leeftijd en geslacht.",
        "map": "Per wijk, {year}",
        # under it when the key figure is standardised: the map, the wijken that stand out and the
        # trend are the standardised figure, the big number above is not (key_messages)
        "map_adjusted": "Gecorrigeerd voor leeftijd en geslacht, net als de cijfers rechts.",
        "no_map": "Geen kaart: er zijn geen wijkgrenzen ingesteld.",
        "stand_out": "Wijken die opvallen",
        "higher": "▲ Duidelijk hoger dan {against}",
        "lower": "▼ Duidelijk lager dan {against}",
        "trend": "Ontwikkeling in {gem}",
        "trend_adjusted": "Ontwikkeling (gecorrigeerd)",
        # under it, where the line's end values stand (U10: the big number said 9,1% for 2023,
        # the line's end 9,3%): which number the line's are, and which the big number is
        "trend_adjusted_note": "De cijfers bij de lijn zijn gecorrigeerd voor leeftijd en geslacht; het grote "
                               "getal ({pct}) is het echte aandeel.",
        "one_year": "Er is één jaar: nog geen ontwikkeling te zien.",
        # years hidden, one published: no line, and why (the factsheet's 'geen lijn: ... onderdrukt')
        "few_hidden": "Geen lijn: {years} onderdrukt (" + fmt.SUPPRESSED_WHY["nl"] + ").",
        "messages": "Wat valt op",
        "personas": "Persona's: samengestelde voorbeelden, geen echte personen",
        "source_note": "Alle cijfers komen uit de vrijgegeven tabellen.",
        "pdf_title": "Infographic: {title}, {gem} {year}",
    },
    "en": {
        "kicker": "Infographic for the knowledge circle · {gem} · {year}",
        "title": {"kopp": "Children of parents with mental-health problems or addiction",
                  "migratie": "Migration background and mental health",
                  "nieuwkomers": "Vulnerable newcomers in the wijk"},
        "big_of": "{subject} in {gem} ({pct})",
        "big_of_std": "of {subject} in {gem}",
        "big_missing": "The figure for {gem} is {state}.",
        "had": "had {what} in {year}{note}.",
        "guide": "How to read this",
        "guide_lines": [
            "The big number is for all of {gem} in {year}.",
            "Map: the darker the wijk, the higher the percentage. ▲ ▼ = clearly higher or lower than "
            "{against}.",
            "Grey with stripes: suppressed (" + fmt.SUPPRESSED_WHY["en"] + "). The report explains more.",
        ],
        "guide_lines_no_map": [
            "▲ ▼ = clearly higher or lower than {against}.",
            "Suppressed: " + fmt.SUPPRESSED_WHY["en"] + ". The report explains more.",
        ],
        "guide_adjusted": "The big number is the actual share in {gem} in {year}. The rest is adjusted for age "
                          "and sex.",
        "map": "By wijk, {year}",
        "map_adjusted": "Adjusted for age and sex, as are the figures on the right.",
        "no_map": "No map: no wijk boundaries are configured.",
        "stand_out": "Wijken that stand out",
        "higher": "▲ Clearly higher than {against}",
        "lower": "▼ Clearly lower than {against}",
        "trend": "Over the years in {gem}",
        "trend_adjusted": "Over the years (adjusted)",
        "trend_adjusted_note": "The figures at the line are adjusted for age and sex; the big number ({pct}) is "
                               "the actual share.",
        "one_year": "There is one year: no change to show yet.",
        "few_hidden": "No line: {years} suppressed (" + fmt.SUPPRESSED_WHY["en"] + ").",
        "messages": "What stands out",
        "personas": "Personas: composite examples, not real people",
        "source_note": "All numbers come from the released tables.",
        "pdf_title": "Infographic: {title}, {gem} {year}",
    },
}  # fmt: skip


@dataclass
class Content:
    """What the infographic of one theme shows, in words and rows (from the export only)."""

    theme: str
    lang: str
    gem: str
    year: int
    title: str
    big: str  # the natural frequency (a standardised figure: its percentage), or "–"
    big_pct: str
    big_text: str
    what: str
    guide: list[str]
    higher: list[str]
    lower: list[str]
    against: str  # what the wijken were tested against (`format.against`)
    no_difference: str
    trend: pd.DataFrame  # the city's series: year, value, ci_lower, ci_upper, state
    trend_words: str
    messages: list[str]
    source: str
    map_rows: pd.DataFrame | None = None
    areas: object = None  # the boundaries of the map's areas (GeoDataFrame), or None
    personas: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, lines) per card
    # the cards when only the first n are drawn, titled among those n (`_persona_cards`)
    persona_sets: dict[int, list[tuple[str, list[str]]]] = field(default_factory=dict)
    # the map, wijken and trend are a standardised figure (not the big number)
    adjusted: bool = False
    # the trend word and what it means, as a sentence (`format.verdict_means`)
    trend_means: str = ""
    # a map whose every wijk is suppressed or empty: the sentence drawn in its place
    # (`maps.nothing_shown`, the words of a figure of nothing but 'onderdrukt')
    map_none: str = ""


def _persona_rows(path: Path | None, gemeente: str) -> pd.DataFrame:
    """The rows of the gemeente's top persona's in `<theme>/personas.csv` (its latest year, by
    rank); none without the table or when the gemeente's persona's are suppressed."""
    if path is None or not Path(path).exists():
        return pd.DataFrame()
    from wijkzicht.outputs import personas

    rows = personas.area_rows(personas.read_personas(path), gemeente)
    if rows.empty:
        return rows
    # a row without a rank says why the area has no persona's (suppressed, or nobody)
    rank = pd.to_numeric(rows["rank"], errors="coerce")
    return rows[(rows["status"] == "ok") & rank.notna()].head(MAX_PERSONAS)


def _persona_cards(rows: pd.DataFrame, lang: str) -> list[tuple[str, list[str]]]:
    """The cards (title, lines) of these persona rows (`_persona_rows`), in the persona module's
    own words (`outputs.personas.card_lines`); the titles tell apart exactly these cards (two
    drawn of three: not a title that tells a card from one not drawn, as the default world's
    'volwassene van 30-44 jaar, huishouden met een inkomen bij de hoogste 20%' beside a card of
    18-29 jaar)."""
    if rows.empty:
        return []
    from wijkzicht.outputs import personas

    records = rows.to_dict("records")
    heads = personas.titles(records, lang)
    return [personas.card_lines(r, lang, head) for r, head in zip(records, heads, strict=True)]


def content(theme: str, root: str | Path, definitions: Definitions, *, lang: str, gemeente: str,
            boundaries: str | Path | None = None, source: str = "",
            personas: str | Path | None = None, standard: Sequence[str] = (),
            zorg_steun: Mapping[str, Sequence[str]] | None = None) -> Content:  # fmt: skip
    """What the infographic of `theme` shows, from the export folder `root` (and the boundaries
    file, when given, for the map; the persona table, when given and present); `standard`: in a
    GGD region run its gemeenten's names (the standard population of a standardised figure);
    `zorg_steun`: config personas.zorg_steun, whose conditions the 'Bron:' line names when the
    cards say care and support (None: every configured condition, `figure_specs.persona_tables`)."""
    root = Path(root)
    t = TEXT[lang]
    file = f"{theme}/measures.csv"
    m = read_measures_csv(root / file).reset_index(drop=True)
    vpath = root / theme / "verschillen.csv"
    v = read_differences(vpath) if vpath.exists() else None
    km = Messages(theme, m, v, definitions, lang=lang, file=file, standard=standard)
    year = km.year or 0
    gem = km.gem
    # the big number: how many people (the crude share of a standardised key measure, key_messages)
    city = km.big_row()
    subject = KEY_WORDS[lang]["subject"][theme]
    if km.ok(city) and not km.freq(city):
        # a standardised figure is no share of real people: its percentage, not '1 op de 11'
        big, big_pct = fmt.pct(city["value"], lang), ""
        big_text = t["big_of_std"].format(subject=subject, gem=gem)
    elif km.ok(city):
        big = natural_frequency(float(city["value"]), lang)
        big_pct = fmt.pct(city["value"], lang)
        big_text = t["big_of"].format(subject=subject, gem=gem, pct=big_pct)
    else:
        state = fmt.STATE_WORDS[lang][fmt.state(city)] if city is not None else ""
        big, big_pct, big_text = "–", "", t["big_missing"].format(gem=gem, state=state)
    # a standardised key measure: its figure beside the crude big number, with its standard named
    # after what was had and its year ('had mental-health care in 2022. Recalculated to ...'), not
    # inside it
    what = (
        t["had"].format(what=km.what(), year=year, note=plain(km.std_note(), lang))
        if km.ok(city)
        else ""
    )
    flags = km.wijk_flags()
    wijken = km.select(km.measure, km.method, definition=km.definition, level="wijk", year=year)
    hidden = [fmt.state(r) for _, r in wijken.iterrows() if not km.ok(r)]
    wijken = wijken[[km.ok(r) for _, r in wijken.iterrows()]]
    lists = {}
    for verdict, ascending in (("hoger", False), ("lager", True)):
        sel = wijken[wijken["area_code"].map(flags) == verdict]
        sel = sel.sort_values(["value", "area_code"], ascending=[ascending, True])
        lists[verdict] = [
            f"{r['area_name']}\u00a0{fmt.pct(r['value'], lang)}" for _, r in sel.iterrows()
        ]
    tested = any(x in ("hoger", "lager", "geen_verschil") for x in flags.values())
    against = fmt.against(lang, TESTS.get(km.method, ()))
    no_difference = KEY_WORDS[lang]["no_diff" if tested else "untestable"].format(against=against)
    if hidden and wijken.empty:  # every wijk suppressed or empty: that, not 'niet te toetsen';
        # the sentence's first part ('Alle cijfers per wijk zijn onderdrukt.'): the reading guide
        # beside it says what onderdrukt means, the map's sentence says it whole
        sentence = NOTHING_SHOWN[lang][nothing_shown_why(hidden) + "_wijk"]
        no_difference = sentence.split(":")[0] + "."
    series = km.select(km.measure, km.method, definition=km.definition, level="gemeente")
    series = series.sort_values("year", kind="stable")
    trend = pd.DataFrame({"year": series["year"].astype(int), "value": series["value"].astype(float),
                          "ci_lower": series["ci_lower"].astype(float),
                          "ci_upper": series["ci_upper"].astype(float),
                          "state": [fmt.state(r) for _, r in series.iterrows()]})  # fmt: skip
    verdict = km.trend_verdict(km.gem_code)
    trend_words = fmt.verdict_words(lang, verdict) if trend["year"].nunique() > 1 else ""
    # what the trend word means, under it (format.verdict_means)
    trend_means = fmt.verdict_means(lang, verdict) if trend_words else ""
    # the city's message is the big number, the wijken's the panel of wijken that stand out; the
    # short forms of the messages that have one (the newcomers' by previous address); a clear
    # difference first (`ranked`)
    shown = [msg for msg in km.messages(short=True) if msg.kind not in ("city", "wijken")]
    messages = [plain(msg.parts, lang) for msg in ranked(shown)][:3]
    adjusted = km.method == "direct_std_gamma"
    lines = ([t["guide_adjusted"], *t["guide_lines"][1:]] if adjusted and km.ok(city) and km.freq(city)
             else t["guide_lines"])  # fmt: skip
    if boundaries is None:  # no map: its two lines would explain what is not there
        lines = [lines[0], *t["guide_lines_no_map"]]
    guide = [line.format(gem=gem, year=year, against=against) for line in lines]
    # the persona cards' tables too (the households and income of the KOPP children, say), in
    # the words of the dashboard's persona line (`figure_specs.persona_source`)
    persona_rows = _persona_rows(Path(personas) if personas else None, gemeente)
    bron = persona_source(persona_rows, theme, definitions, gem, lang, zorg_steun,
                          also=sources(theme, definitions))  # fmt: skip
    map_rows = areas = None
    map_none = ""
    if boundaries is not None:
        # here: maps loads shapely and geopandas, which an infographic without a map never needs
        from wijkzicht.outputs import maps

        map_rows = maps.select(theme, m, definitions, v, lang=lang, gemeente=gemeente)
        areas = maps.areas_for(boundaries, map_rows, gemeente=gemeente)
        map_none = maps.nothing_shown(map_rows, lang, definitions)
        if map_none:  # no map drawn: its two lines of the reading guide would explain nothing
            guide = [guide[0], *(line.format(gem=gem, year=year, against=against)
                                 for line in t["guide_lines_no_map"])]  # fmt: skip
        bron = bron[:-1] + "; " + maps.TEXT[lang]["map_source"].format(source=source) + "."
    return Content(theme=theme, lang=lang, gem=gem, year=year, title=t["title"][theme], big=big, big_pct=big_pct,
                   big_text=big_text, what=what, guide=guide, higher=lists["hoger"], lower=lists["lager"], against=against,
                   no_difference=no_difference, trend=trend, trend_words=trend_words, trend_means=trend_means,
                   messages=messages,
                   source=bron, map_rows=map_rows, areas=areas,
                   personas=_persona_cards(persona_rows, lang),
                   persona_sets={n: _persona_cards(persona_rows.head(n), lang)
                                 for n in range(1, len(persona_rows))},
                   adjusted=adjusted, map_none=map_none)  # fmt: skip


def ranked(messages: Sequence[Message]) -> list[Message]:
    """The key messages in the order 'Wat valt op' takes them, with room for two or three: first
    those that tell a clear difference (`Message.clear`: a test or an interval shows it, the
    finding a reader can act on), then those with figures alone or no clear difference; each
    in the report's order. So the newcomers' concentration in a wijk ('3,1 keer zo vaak ...;
    duidelijk meer dan in de stad') goes before their shares by previous address, which no
    test compares."""
    return sorted(messages, key=lambda msg: not msg.clear)


def alt_text(c: Content) -> str:
    """The infographic in a few sentences (alt text of its image in the report, what a screen
    reader reads of the report's first page): the big number, the wijken that stand out and
    the trend; the key messages follow it in the report as text."""
    t = TEXT[c.lang]
    big = f"{c.big} {c.big_text} {c.what}".strip()  # 'ruim 1 op de 4 ...': a sentence's start
    parts = [f"{c.title}, {c.gem} {c.year}.", big[:1].upper() + big[1:]]
    for key, names in (("higher", c.higher), ("lower", c.lower)):
        if names:
            adj = f" ({fmt.ADJUSTED[c.lang]})" if c.adjusted else ""  # the wijken's values
            parts.append(f"{t[key].format(against=c.against)[2:]}: {', '.join(names)}{adj}.")
    if not c.higher and not c.lower:
        parts.append(c.no_difference)
    if c.trend_words:  # the trend panel's head, as drawn ('Ontwikkeling in Utrecht: stijgt licht'),
        # and what the word means, drawn under it ('(een kleine verandering, ...)')
        means = trend_meaning(c)
        parts.append(f"{trend_head(c)}: {c.trend_words}" + (f" {means}." if means else "."))
        if trend_note(c):
            parts.append(trend_note(c))
    return " ".join(parts)


# --- drawing --------------------------------------------------------------------------------


def trend_head(c: Content) -> str:
    """The trend panel's head without its verdict: 'Ontwikkeling in Utrecht', of a standardised
    figure 'Ontwikkeling (gecorrigeerd)' (the big number beside it is the crude share; short, so
    that with its verdict it keeps to the two lines the layout has for it)."""
    return TEXT[c.lang]["trend_adjusted" if c.adjusted else "trend"].format(gem=c.gem)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


TREND_HEAD_WRAP, TREND_MEANS_WRAP = 32, 46  # characters a line of the trend's head and its meaning


def trend_note(c: Content) -> str:
    """Of a standardised line beside a crude big number: that the line's end values are
    corrected for age and sex and the big number is not (U10: '9,1%' big for 2023 and '2023:
    9,3%' at the line's end read as two figures of one thing), in the alt text; the page says
    'gecorrigeerd' under each end value (`_trend`). '' otherwise."""
    if not (c.adjusted and c.big_pct and trend_drawn(c)):
        return ""
    return TEXT[c.lang]["trend_adjusted_note"].format(pct=c.big_pct)


def trend_drawn(c: Content) -> bool:
    """Whether the trend panel draws a line (two published years or more), else a sentence."""
    return c.trend.loc[c.trend["state"] == "ok", "year"].nunique() >= 2


def trend_meaning(c: Content) -> str:
    """What the trend word of the head means, the words after its colon in `Content.trend_means`,
    in brackets: '(klein, maar waarschijnlijk geen toeval)'; '' without one."""
    means = c.trend_means.partition(": ")[2].rstrip(".")
    return f"({means})" if means else ""


def trend_heading(fig, x: float, y: float, c: Content) -> float:
    """The trend panel's head with its verdict ('Ontwikkeling in Utrecht: daalt licht') from (x, y)
    down and, under it in grey, what the verdict means ('(klein, maar waarschijnlijk geen
    toeval)', `trend_meaning`): where the word stands, not only in the report's reading guide.
    Returns the y below them."""
    head = trend_head(c) + (": " + c.trend_words if c.trend_words else "")
    wrapped = _wrap(head, TREND_HEAD_WRAP)
    fig.text(x, y, wrapped, fontsize=10.5, fontweight="bold", color=INK, va="top")
    y -= 0.0165 * (wrapped.count("\n") + 1) + 0.002
    if trend_meaning(c):
        means = _wrap(trend_meaning(c), TREND_MEANS_WRAP)
        fig.text(x, y, means, fontsize=8, color=GREY, va="top", linespacing=1.2)
        y -= 0.0125 * (means.count("\n") + 1)
    return y


def _trend(ax, c: Content) -> None:
    """The city's series over the years: a line with its interval band and, at each end, the
    year and its value ('2019: 9,1%'): a standardised series' first value is then not read as
    the crude big number (the default world's migratie infographic showed '9,1%' twice, once
    the crude 2023 share and once the standardised share of 2019)."""
    ok = c.trend[c.trend["state"] == "ok"]
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if ok["year"].nunique() < 2:
        ax.set_axis_off()
        ax.text(
            0,
            0.95,
            _wrap(trend_missing(c), 40),
            fontsize=9,
            color=GREY,
            va="top",
            transform=ax.transAxes,
        )
        return
    x, y = ok["year"].to_numpy(), ok["value"].to_numpy()
    ax.fill_between(x, ok["ci_lower"], ok["ci_upper"], color=BLUE, alpha=0.15, lw=0)
    ax.plot(x, y, color=BLUE, lw=2.4, marker="o", ms=4)
    top = float(np.nanmax(ok["ci_upper"])) * 2.0  # room above the line for its values
    ax.set_ylim(0, top if top > 0 else 0.01)
    for i, ha in ((0, "left"), (len(x) - 1, "right")):
        ax.annotate(end_label(int(x[i]), y[i], c.lang), (x[i], y[i]), xytext=(0, 7),
                    textcoords="offset points", ha=ha, fontsize=9, fontweight="bold", color=BLUE)  # fmt: skip
        if trend_note(c):  # under each end value: corrected, unlike the big number (U10)
            ax.annotate(fmt.ADJUSTED_SHORT[c.lang], (x[i], y[i]), xytext=(0, -5), textcoords="offset points",
                        ha=ha, va="top", fontsize=7.5, color=GREY)  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])
    ax.tick_params(axis="x", length=0)


def trend_missing(c: Content) -> str:
    """The words in place of the trend's line when fewer than two years are published: every
    year suppressed or empty is the sentence of a figure of nothing but 'onderdrukt'
    (`figures.nothing_shown`); a year published beside hidden ones says which are hidden ('Geen
    lijn: 2022 onderdrukt'); one year alone says there is one ('Er is één jaar', as before,
    not that there is one where two were made and one is suppressed)."""
    t = TEXT[c.lang]
    rows = c.trend.assign(role="line", series="", label="", shown="")
    if len(rows) and (rows["state"] != "ok").all():
        return nothing_shown(rows, c.lang)
    hidden = sorted(int(y) for y in c.trend.loc[c.trend["state"] != "ok", "year"])
    if hidden:
        return t["few_hidden"].format(years=", ".join(str(y) for y in hidden))
    return t["one_year"]


def end_label(year: int, value: float, lang: str) -> str:
    """The label at an end of the trend's line: its year and value, '2019: 9,1%'."""
    return f"{year}: {fmt.pct(value, lang)}"


def _stand_out(fig, x: float, y: float, c: Content, bottom: float, width: int = 36) -> float:
    """The wijken clearly higher and lower than the city, from (x, y) down; returns the y below
    the text. A wijk per line when that fits above `bottom` (the trend's room), else the wijken
    of a group in one wrapped line, so the list never runs into the trend."""
    t = TEXT[c.lang]
    fig.text(x, y, t["stand_out"], fontsize=12, fontweight="bold", color=INK, va="top")
    y -= 0.028
    if not c.higher and not c.lower:
        words = _wrap(c.no_difference, width)
        fig.text(x, y, words, fontsize=9.5, color=INK, va="top")
        return y - 0.016 * (words.count("\n") + 1) - 0.008
    groups = [(t[key].format(against=c.against), names[:6], colour)
              for key, names, colour in (("higher", c.higher, RED), ("lower", c.lower, BLUE)) if names]  # fmt: skip
    heads = sum(0.016 * len(textwrap.wrap(head, width)) + 0.012 for head, _, _ in groups)
    per_line = y - heads - 0.018 * sum(len(names) for _, names, _ in groups) >= bottom
    for head, names, colour in groups:
        fig.text(x, y, _wrap(head, width), fontsize=9, color=colour, fontweight="bold", va="top")
        y -= 0.016 * (len(textwrap.wrap(head, width))) + 0.004
        lines = names if per_line else textwrap.wrap(", ".join(names), width)
        for line in lines:
            fig.text(x + 0.012, y, line, fontsize=10 if per_line else 9.5, color=INK, va="top")
            y -= 0.018 if per_line else 0.016
        y -= 0.008
    return y


def _cards(personas, left: float, right: float):
    """(cards as (title, body) texts, card width, top of the cards) for these persona's."""
    if not personas:
        return [], 0.0, 0.085
    n = len(personas)
    w = (right - left - 0.02 * (n - 1)) / n
    chars = int(w * 120)
    cards = [(_wrap(head, int(chars * 0.85)), "\n".join(_wrap(line, chars) for line in lines))
             for head, lines in personas]  # fmt: skip
    tallest = max(0.0145 * (a.count("\n") + 1) + 0.0118 * (b.count("\n") + 1) for a, b in cards)
    return cards, w, 0.085 + tallest + 0.022


def _fitting(messages, y: float, bottom: float) -> list[tuple[str, float]]:
    """The key messages (wrapped, with their y) that fit from `y` down to `bottom`, in their
    order; one too long for the room left is passed over, not the end of the list (a long
    message, the newcomers' by previous address, hid every shorter one after it)."""
    out = []
    for msg in messages:
        wrapped = _wrap(msg, 98)
        height = 0.0145 * (wrapped.count("\n") + 1)
        if y - height < bottom:
            continue
        out.append((wrapped, y))
        y -= height + 0.008
    return out


# the top of the key messages' heading (a fraction of the page's height)
MESSAGES_TOP = 0.385


def legend_within(ax, rows: pd.DataFrame, lang: str, right: float, bottom: float):
    """The small map's legend in two columns under the map, its labels wrapped (and, when
    wrapping makes it too tall, smaller) until it ends left of `right` and above `bottom`
    (fractions of the page): the trend beside it starts there, and a long label ('onderdrukt (te
    weinig personen, of anders terug te rekenen)') ran into its axis; the heading of the key
    messages stands below it. When no size fits both (English words are longer: seven lines ran
    into the heading), the suppressed and empty lines say their word alone ('suppressed'; the
    reading box above explains it); and when still none fits, the one that ends left of `right`
    and reaches least far down: the trend's axis is never crossed."""
    from wijkzicht.outputs import maps

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()  # the map keeps its aspect: its axes shrink and move before the legend is measured
    narrow = []  # (bottom edge, short, size, wrap) of the tries that end left of `right`
    tries = [(short, size, wrap) for short in (False, True) for size in (7.2, 6.6, 6.0)
             for wrap in (36, 30, 26, 22, 18)]  # fmt: skip
    for short, size, wrap in tries:
        leg = maps.add_legend(ax, rows, lang=lang, loc="upper left", anchor=(0.03, 0.0),
                              fontsize=size, ncol=2, wrap=wrap, short=short)  # fmt: skip
        box = leg.get_window_extent(renderer)
        if box.x1 <= right * fig.bbox.width:
            if box.y0 >= bottom * fig.bbox.height:
                return leg
            narrow.append((box.y0, short, size, wrap))
    _, short, size, wrap = max(narrow) if narrow else (0, *tries[-1])
    return maps.add_legend(ax, rows, lang=lang, loc="upper left", anchor=(0.03, 0.0),
                           fontsize=size, ncol=2, wrap=wrap, short=short)  # fmt: skip


def draw(c: Content):
    """The infographic as an A4 matplotlib figure."""
    return _draw(c)[0]


def _draw(c: Content):
    """The infographic as an A4 matplotlib figure, and what the page says beyond `alt_text`, in
    its reading order: the key messages and the persona cards drawn (as many as fit), the
    'Bron:' line."""
    t = TEXT[c.lang]
    fig = plt.figure(figsize=A4)
    left, right = 0.06, 0.94
    # header
    fig.patches.append(plt.Rectangle((0, 0.905), 1, 0.095, transform=fig.transFigure, color="#eef4fa",
                                     zorder=0))  # fmt: skip
    fig.text(
        left, 0.978, t["kicker"].format(gem=c.gem, year=c.year), fontsize=9, color=GREY, va="top"
    )
    fig.text(left, 0.958, _wrap(c.title, 52), fontsize=17, fontweight="bold", color=INK, va="top",
             linespacing=1.15)  # fmt: skip
    # the big number, and the reading guide beside it
    size = 40 if len(c.big) <= 10 else max(24, 40 * 10 / len(c.big))
    fig.text(left, 0.885, c.big, fontsize=size, fontweight="bold", color=BLUE, va="top")
    y = 0.885 - size / 72 / A4[1] * 1.25 - 0.01
    fig.text(left, y, _wrap(c.big_text, 40), fontsize=12, color=INK, va="top", fontweight="bold")
    y -= 0.024
    what = _wrap(c.what, 50)
    fig.text(left, y, what, fontsize=10.5, color=INK, va="top", linespacing=1.25)
    y -= 0.0155 * (what.count("\n") + 1)
    gx = 0.58
    fig.text(gx, 0.878, t["guide"], fontsize=11, fontweight="bold", color=INK, va="top")
    gy = 0.855
    for i, line in enumerate(c.guide, start=1):
        wrapped = _wrap(line, 42)
        fig.text(gx, gy, f"{i}.", fontsize=8.5, color=GREY, va="top", fontweight="bold")
        fig.text(gx + 0.022, gy, wrapped, fontsize=8.5, color=INK, va="top", linespacing=1.2)
        gy -= 0.0128 * (wrapped.count("\n") + 1) + 0.008
    # the guide's box, as tall as its lines
    fig.patches.append(plt.Rectangle((gx - 0.015, gy - 0.004), right - gx + 0.015, 0.896 - gy,
                                     transform=fig.transFigure, facecolor="#f6f6f6", edgecolor="#dddddd",
                                     zorder=0))  # fmt: skip
    # the map, and beside it the wijken that stand out and the trend
    top = min(0.73, y - 0.02, gy - 0.025)
    if c.map_none:  # every wijk suppressed or empty: a sentence, no map of grey hatching
        fig.text(left, top, t["map"].format(year=c.year), fontsize=12, fontweight="bold", color=INK,
                 va="top")  # fmt: skip
        fig.text(left, top - 0.03, _wrap(c.map_none, 52), fontsize=10, color=GREY, va="top",
                 linespacing=1.3)  # fmt: skip
    elif c.areas is not None and c.map_rows is not None:
        from wijkzicht.outputs import maps

        ax = fig.add_axes((left - 0.02, 0.475, 0.58, top - 0.035 - 0.475))
        maps.draw_areas(ax, c.map_rows, c.areas, lang=c.lang, fontsize=6.4)
        fig.text(left, top, t["map"].format(year=c.year), fontsize=12, fontweight="bold", color=INK,
                 va="top")  # fmt: skip
        if c.adjusted:
            fig.text(left, top - 0.019, t["map_adjusted"], fontsize=8.5, color=GREY, va="top")
        # the trend beside it starts at 0.62, its first year's label half a label further left
        legend_within(ax, c.map_rows, c.lang, right=0.58, bottom=MESSAGES_TOP + 0.005)
    else:
        fig.text(left, top, _wrap(t["no_map"], 40), fontsize=10, color=GREY, va="top")
    sx = 0.62
    # the trend under the wijken: its title (with the verdict) takes two lines, its axes at least
    # TREND_ROOM
    y = _stand_out(fig, sx, top, c, bottom=0.40 + TREND_ROOM + 0.06)
    axes_top = trend_heading(fig, sx, y - 0.012, c) - 0.004
    # the axes may reach down to TREND_BOTTOM: they have no year labels under them (the ends of
    # the line say their years), and the key messages start lower
    axes_bottom = max(TREND_BOTTOM, axes_top - 0.06)
    tax = fig.add_axes((sx, axes_bottom, right - sx, max(axes_top - axes_bottom, 0.025)))
    _trend(tax, c)
    # the persona's at the bottom, above the source line, as tall as their cards need; three
    # cards, or two (wider, so shorter) when three leave no room for two key messages
    sets = [c.personas if n == len(c.personas) else c.persona_sets.get(n, c.personas[:n])
            for n in (3, 2) if len(c.personas) >= n] or [c.personas]  # fmt: skip
    for shown in sets:
        cards, w, top = _cards(shown, left, right)
        fits = _fitting(c.messages, 0.36, top + 0.04 if cards else 0.085)
        if len(fits) >= min(2, len(c.messages)):
            break
    said = [c.map_none] if c.map_none else []  # the map's sentence, read where the map would be
    if fits:
        drawn = {_wrap(m, 98): m for m in c.messages}
        said.append(f"{t['messages']}: " + " ".join(drawn[wrapped] for wrapped, _ in fits))
    if cards:
        said.append(f"{t['personas']}.")
    for head, lines in shown[: len(cards)]:
        said.append(" ".join(_sentence(s) for s in (head, *lines)))
    for i, (title, body) in enumerate(cards):
        x = left + i * (w + 0.02)
        fig.patches.append(plt.Rectangle((x, 0.085), w, top - 0.085, transform=fig.transFigure,
                                         facecolor="#f3f7fb", edgecolor="#c9d9ea", zorder=0))  # fmt: skip
        fig.text(x + 0.01, top - 0.008, title, fontsize=9, color=BLUE, va="top", fontweight="bold")
        fig.text(x + 0.01, top - 0.012 - 0.0145 * (title.count("\n") + 1), body, fontsize=7.3, color=INK,
                 va="top", linespacing=1.25)  # fmt: skip
    if cards:
        fig.text(
            left, top + 0.01, t["personas"], fontsize=12, fontweight="bold", color=INK, va="bottom"
        )
    # the key messages between the map and the persona's: as many as fit
    if fits:
        fig.text(
            left, MESSAGES_TOP, t["messages"], fontsize=12, fontweight="bold", color=INK, va="top"
        )
    for wrapped, at in fits:
        fig.text(left, at, "•", fontsize=10, color=BLUE, va="top", fontweight="bold")
        fig.text(left + 0.018, at, wrapped, fontsize=8.8, color=INK, va="top", linespacing=1.25)
    # source
    fig.text(left, 0.035, _wrap(c.source + " " + t["source_note"], 125), fontsize=7, color=GREY,
             va="bottom", linespacing=1.3)  # fmt: skip
    said.append(f"{c.source} {t['source_note']}")
    return fig, said


def _sentence(text: str) -> str:
    """A card's line as a sentence of its own when read aloud: a full stop unless it has one."""
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def pdf_alt(c: Content, said: Sequence[str]) -> str:
    """The words a screen reader reads for the infographic's PDF, which holds it alone: the
    report's alt text of its image (`alt_text`; the report says the rest as text) and then
    what the page says beyond it (`_draw`)."""
    return " ".join([alt_text(c), *said])


def tagged_pdf(page: bytes, c: Content, alt: str) -> bytes:
    """The infographic's one-page PDF `page` (matplotlib's) as a tagged PDF, as Typst makes
    the reports: the page embedded whole at its size, its text kept as text, as one figure with
    the alternative text `alt`; the document's title and language set; no date, the fonts of
    the reports, so the same page gives the same bytes."""
    import tempfile

    import typst

    from wijkzicht.outputs.document import _str, fonts

    title = TEXT[c.lang]["pdf_title"].format(title=c.title, gem=c.gem, year=c.year)
    markup = (
        f"#set document(title: {_str(title)}, date: none)\n"
        f"#set page(width: {A4[0]}in, height: {A4[1]}in, margin: 0pt)\n"
        f"#set text(lang: {_str(c.lang)})\n"
        f'#image("/infographic.pdf", width: 100%, alt: {_str(alt)})\n'
    )
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / "infographic.pdf").write_bytes(page)
        return typst.compile(markup.encode("utf-8"), root=root, font_paths=fonts(),
                             ignore_system_fonts=True, format="pdf")  # fmt: skip


def write(c: Content, pdf: str | Path, png: str | Path) -> None:
    """Save the infographic as an A4 PDF (tagged: `tagged_pdf`) and a PNG (150 dots per inch),
    without dates or software versions in either file."""
    import io

    fig, said = _draw(c)
    page = io.BytesIO()
    fig.savefig(
        page, format="pdf", metadata={"Creator": None, "Producer": None, "CreationDate": None}
    )
    files.write_bytes(tagged_pdf(page.getvalue(), c, pdf_alt(c, said)), pdf)
    with files.atomic(png) as tmp:
        fig.savefig(tmp, format="png", dpi=150, metadata={"Software": None})
    plt.close(fig)


def write_from_export(theme: str, root: str | Path, definitions: Definitions, pdf: str | Path,
                      png: str | Path, *, lang: str, gemeente: str, boundaries: str | Path | None = None,
                      source: str = "", personas: str | Path | None = None,
                      standard: Sequence[str] = (),
                      zorg_steun: Mapping[str, Sequence[str]] | None = None) -> Content:  # fmt: skip
    """`content` and `write` in one: the infographic of `theme` from the export folder `root`."""
    c = content(theme, root, definitions, lang=lang, gemeente=gemeente, boundaries=boundaries, source=source,
                personas=personas, standard=standard, zorg_steun=zorg_steun)  # fmt: skip
    write(c, pdf, png)
    return c
