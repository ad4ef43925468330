"""Persona cards: a persona of `<theme>/personas.csv` in words, as a composite, never a real person.

A card has a title that says who it is in plain words ("Kind van 4 tot en met 11 jaar": no rank,
no age code; cards shown together that would read the same add, in a few words, what tells them
apart: "Kind van 4 tot en met 11 jaar, gezin met een inkomen boven het midden", `titles`), one line per attribute in words (labels:
`outputs.labels.persona_value`), how many persons it stands for, of how many in the target group (rounded counts, column
rounding_base above 0, both said as approximate: "ongeveer 40 kinderen in Overvecht, van
ongeveer 120", "ongeveer 21.000", `format.about`; exact counts as they are: "40 kinderen, van de
120", `rounded`) and the
sentence that it is a composite. No name: a persona is described, not named. Three forms, one
text:

- `card_lines(row, lang, head)`: (title, lines) as plain text, for the infographic (matplotlib) and
  `card_text`, the same joined by newlines;
- `card_html(row, lang, csv_row, head)`: the card as HTML, its counts cited as cells of
  `<theme>/personas.csv` (`factsheet.cite`), so the cited-number check covers them;
- `cards_html(table, theme, area_code, lang)`: the cards of one area and the latest year, or a
  sentence saying why there are none (suppressed, or nobody in the target group).

`row` is a row of the persona table as read from the CSV (strings or numbers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from wijkzicht.outputs.format import about, number
from wijkzicht.outputs.labels import persona_value

ATTRIBUTES = ("leeftijd", "huishouden", "herkomst", "inkomen", "zorg_steun")

TEXT = {
    "nl": {
        "who": {"kopp": "kind", "migratie": "volwassene", "nieuwkomers": "nieuwkomer"},
        "many": {"kopp": "kinderen", "migratie": "volwassenen", "nieuwkomers": "nieuwkomers"},
        # the age band in words, not its code ('4-11'): 'van 4 tot en met 11 jaar' (a new user,
        # U4, found 'Persona 1: kind van 4-11 jaar' stiff: a rank and a code for a title)
        "aged": "{who} van {age}",
        "age_band": "{lo} tot en met {hi} jaar", "age_from": "{lo} jaar en ouder",
        "apart": "{attribute}: {value}",
        # what tells cards apart in their titles, short: the attribute in a few words of its own
        # (the card's lines below say it in full); a child's income is its family's
        "tell": {"herkomst": "herkomst {value}", "zorg_steun": "{value}",
                 "inkomen": "{unit} met een inkomen {value}"},
        # income after the household in one title: the household is the unit already ('in een
        # gezin met twee ouders, met een inkomen ...', not '..., gezin met een inkomen ...')
        "tell_after_household": {"inkomen": "met een inkomen {value}"},
        "unit": {"kopp": "gezin", "migratie": "huishouden", "nieuwkomers": "huishouden"},
        "tell_values": {("inkomen", "onbekend"): "dat onbekend is"},
        # a household in a title in the card's own words (`labels.persona_value`, its example in
        # brackets left out), after 'in een' where it is a place: 'in een gezin met twee ouders'
        # beside 'Huishouden: gezin met twee ouders' (a reviewer read 'gezin met twee ouders' in
        # the title beside 'stel met kinderen' on the card: two descriptions of one household)
        "household_in": {"paar_met_kinderen": "in een ", "eenouder": "in een ",
                         "overig_huishouden": "in een ", "institutioneel": "in een "},
        "attr": {"huishouden": "Huishouden", "herkomst": "Herkomst",
                 "inkomen": "Inkomen van het huishouden, vergeleken met Nederland",
                 "zorg_steun": "Zorg en steun dit jaar",
                 "leeftijd": "Leeftijd"},
        "short": {"huishouden": "Huishouden", "herkomst": "Herkomst",
                  "inkomen": "Inkomen (vergeleken met Nederland)",
                  "zorg_steun": "Zorg en steun", "leeftijd": "Leeftijd"},
        "section": "Persona's: voorbeeldpersonen in {area}",
        "section_note": "Per thema de grootste groep met dezelfde kenmerken in {area}.",
        # the target group by name, not 'de doelgroep', which the card does not explain: any kopp
        # definition, any newcomers' marker; for migratie by its target measure (personas.csv's
        # column target; another measure: 'volwassenen in de doelgroep: <its label>')
        "group": {"kopp": "kinderen met een ouder met psychische problemen of verslaving",
                  "nieuwkomers": "kwetsbare nieuwkomers"},
        "migratie_group": {"ggz": "volwassenen met GGZ-zorg",
                           "psychofarmaca": "volwassenen die psychofarmaca gebruiken"},
        "other_group": "volwassenen in de doelgroep: {label}",
        "stands": "Staat voor ongeveer {n} {many} in {area}, van ongeveer {total} {group}.",
        "stands_exact": "Staat voor {n} {many} in {area}, van de {total} {group}.",
        "composite": "Deze persona is een samengesteld beeld, geen echt persoon.",
        "heading": "Persona's: wie zijn de {many} in {area}?",
        "none_suppressed": "Geen persona's voor {area}: te weinig {many} met dezelfde kenmerken "
                           "om ze te tonen (privacy).",
        "none_empty": "Geen persona's voor {area}: er zijn geen {group}.",
        "merged": "'verschillend' betekent: de {many} in deze groep verschillen hierin.",
    },
    "en": {
        "who": {"kopp": "child", "migratie": "adult", "nieuwkomers": "newcomer"},
        "many": {"kopp": "children", "migratie": "adults", "nieuwkomers": "newcomers"},
        "aged": "{who} aged {age}",
        "age_band": "{lo} to {hi}", "age_from": "{lo} and over",
        "apart": "{attribute}: {value}",
        "tell": {"herkomst": "origin {value}", "zorg_steun": "{value}",
                 "inkomen": "{unit} with an income {value}"},
        "tell_after_household": {"inkomen": "with an income {value}"},
        "unit": {"kopp": "family", "migratie": "household", "nieuwkomers": "household"},
        "tell_values": {("inkomen", "onbekend"): "that is unknown"},
        "household_in": {"paar_met_kinderen": "in a ", "eenouder": "in a ",
                         "overig_huishouden": "in ", "institutioneel": "in an "},
        "attr": {"huishouden": "Household", "herkomst": "Origin",
                 "inkomen": "Household income, compared with the Netherlands",
                 "zorg_steun": "Care and support this year",
                 "leeftijd": "Age"},
        "short": {"huishouden": "Household", "herkomst": "Origin",
                  "inkomen": "Income (compared with the Netherlands)",
                  "zorg_steun": "Care and support", "leeftijd": "Age"},
        "section": "Personas: example persons in {area}",
        "section_note": "Per theme the largest group with the same features in {area}.",
        "group": {"kopp": "children of a parent with mental-health problems or addiction",
                  "nieuwkomers": "vulnerable newcomers"},
        "migratie_group": {"ggz": "adults with mental-health care",
                           "psychofarmaca": "adults who use psychotropic drugs"},
        "other_group": "adults in the target group: {label}",
        "stands": "Stands for about {n} {many} in {area}, of about {total} {group}.",
        "stands_exact": "Stands for {n} {many} in {area}, of the {total} {group}.",
        "composite": "This persona is a composite picture, not a real person.",
        "heading": "Personas: who are the {many} in {area}?",
        "none_suppressed": "No personas for {area}: too few {many} with the same features to "
                           "show them (privacy).",
        "none_empty": "No personas for {area}: there are no {group}.",
        "merged": "'various' means: the {many} in this group differ in this.",
    },
}  # fmt: skip

CSS = """.personas{display:flex;gap:2mm;flex-wrap:wrap;margin:.6mm 0}
.persona{flex:1 1 0;min-width:40mm;border:1px solid #c9d9ea;background:#f3f7fb;border-radius:1.5mm;
padding:1mm 1.6mm;line-height:1.22}
.persona h3{font-size:1.05em;margin:0 0 .4mm;color:#1f4e79}
.persona ul{margin:0;padding:0;list-style:none}.persona li{margin:0}.persona p{margin:0}.persona .num{font-weight:bold}
.persona .stands{margin:.5mm 0 0}.persona .composite{margin:.3mm 0 0;font-size:.85em;color:#555;font-style:italic}
.personas-none{color:#555;font-style:italic;margin:.4mm 0}
.personas-row .personas{flex-wrap:nowrap}.personas-row .persona{font-size:.9em;min-width:0}
.personas-row .persona h3{font-size:1em}.persona.none{color:#555;font-style:italic;background:#fafafa}"""


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _count(value) -> int | None:
    text = _text(value).strip()
    return int(float(text)) if text else None


def age_words(lang: str, code: str) -> str:
    """An age band in words: '4-11' -> '4 tot en met 11 jaar', '65+' -> '65 jaar en ouder'
    ('aged 4 to 11', 'aged 65 and over'); another code as `labels.persona_value` says it."""
    t = TEXT[lang]
    lo, _, hi = code.partition("-")
    if lo.isdigit() and hi.isdigit():
        return t["age_band"].format(lo=lo, hi=hi)
    if code.endswith("+") and code[:-1].isdigit():
        return t["age_from"].format(lo=code[:-1])
    return persona_value(lang, "leeftijd", code)


def title(row: Mapping, lang: str) -> str:
    """Who the persona is, in plain words: 'Kind van 4 tot en met 11 jaar' (no age band when it
    is merged or not used: 'Kind'); no rank and no codes."""
    t = TEXT[lang]
    who = t["who"][_text(row["theme"])]
    age = _text(row.get("leeftijd"))
    if age and age != "overig":
        who = t["aged"].format(who=who, age=age_words(lang, age))
    return who[:1].upper() + who[1:]


def telling(row: Mapping, attribute: str, lang: str, *, after_household: bool = False) -> str:
    """An attribute in the few words a title adds to tell a card apart (the card's lines say it
    in full): 'alleenstaand', 'in een eenoudergezin', 'herkomst Marokko', 'GGZ of
    verslavingszorg', income as the household's, a child's as its family's ('gezin met een
    inkomen bij de hoogste 20%': never 'kind ..., inkomen: hoog', as if the child earned); a
    merged attribute as '<attribute>: verschillend'. `after_household`: the title names the
    household too, so the income is said without it ('met een inkomen rond het midden'), not
    a second 'gezin' ('in een gezin met twee ouders, gezin met een inkomen ...': the default
    world's dashboard)."""
    t = TEXT[lang]
    code = _text(row.get(attribute))
    if code == "overig":
        return t["apart"].format(attribute=t["short"][attribute].lower(),
                                 value=persona_value(lang, attribute, code))  # fmt: skip
    value = t["tell_values"].get((attribute, code)) or persona_value(lang, attribute, code)
    if attribute == "huishouden":  # the card's words, without their example in brackets
        value = t["household_in"].get(code, "") + re.sub(r" \([^()]*\)$", "", value)
    unit = t["unit"].get(_text(row.get("theme")), t["unit"]["migratie"])
    tell = t["tell_after_household"] if after_household else {}
    return (tell.get(attribute) or t["tell"].get(attribute, "{value}")).format(
        value=value, unit=unit
    )


def titles(rows: Sequence[Mapping], lang: str) -> list[str]:
    """The titles of cards shown together (`title`); where cards would read the same, each of
    them adds the attributes (household, origin, income, care and support, in that order) that
    tell them apart, as few as each card needs to differ from every other one and in a few
    words each (`telling`), so that a title stays short and does not repeat the card: 'Kind van
    4 tot en met 11 jaar, gezin met een inkomen bij de hoogste 20%' beside 'Kind van 4 tot en met
    11 jaar, gezin met een inkomen boven het midden'."""
    out = [title(r, lang) for r in rows]
    bases = list(out)
    for base in dict.fromkeys(bases):
        same = [i for i, b in enumerate(bases) if b == base]
        if len(same) < 2:
            continue
        apart: list[str] = []
        for a in ATTRIBUTES[1:]:
            values = [_text(rows[i].get(a)) for i in same]
            if len(set(values)) > 1:
                apart.append(a)
                if len({tuple(_text(rows[i].get(x)) for x in apart) for i in same}) == len(same):
                    break

        keys = {i: [_text(rows[i].get(a)) for a in apart] for i in same}
        for i in same:
            # as few as tell this card from each of the others: a card whose household alone
            # differs says only that
            k = next((k for k in range(1, len(apart) + 1)
                      if all(keys[i][:k] != keys[j][:k] for j in same if j != i)), len(apart))  # fmt: skip
            told = apart[:k]
            out[i] = ", ".join([out[i], *(telling(rows[i], a, lang, after_household="huishouden" in told)
                                          for a in told)])  # fmt: skip
    return out


def attribute_lines(row: Mapping, lang: str) -> list[tuple[str, str]]:
    """(label, value in words) per attribute the persona has, after its age."""
    t = TEXT[lang]
    out = []
    for a in ATTRIBUTES[1:]:
        code = _text(row.get(a))
        if code:
            out.append((t["attr"][a], persona_value(lang, a, code)))
    if _text(row.get("leeftijd")) == "overig":
        out.insert(0, (t["attr"]["leeftijd"], persona_value(lang, "leeftijd", "overig")))
    return out


def target_group(theme: str, target, lang: str) -> str:
    """The target group of a theme's persona's in words, for 'van de 120 ...': kopp's children
    and nieuwkomers' vulnerable newcomers whatever the definition; migratie's adults by the
    registry measure `target` (personas.csv's column `target`, config
    `personas.themes.migratie.target`), 'GGZ-zorg' when the table has no such column."""
    t = TEXT[lang]
    if theme != "migratie":
        return t["group"][theme]
    target = _text(target).strip() or "ggz"
    if target in t["migratie_group"]:
        return t["migratie_group"][target]
    from wijkzicht.outputs.labels import label

    return t["other_group"].format(label=label(lang, f"migratie.{target}"))


def _group(row: Mapping, theme: str, lang: str) -> str:
    return target_group(theme, row.get("target", ""), lang)


def _rounded(row: Mapping, given: bool | None) -> bool:
    return is_rounded(row) if given is None else given


def is_rounded(row: Mapping) -> bool:
    """Whether the row's counts were rounded: its column rounding_base (the base, 0 for exact
    counts, `personas.rounding_base`) above 1; a table made before the column existed was
    rounded (the default base 5)."""
    base = _text(row.get("rounding_base", "5")).strip()
    return not base or float(base) > 1


def stands_for(row: Mapping, lang: str, n: str | None = None, total: str | None = None,
               rounded: bool | None = None) -> str:  # fmt: skip
    """'Staat voor ongeveer 40 kinderen in Overvecht, van ongeveer 120 kinderen met een ouder met
    psychische problemen of verslaving.' (`n` and
    `total` replace the formatted counts, e.g. by citations); `rounded` (default: the row's
    own, `is_rounded`): both counts (n_persons and n_target, rounded alike) are said as
    approximate, to two significant digits ('ongeveer 1.400', 'van ongeveer 21.000',
    `format.about`), else exactly ('Staat voor 1.365 kinderen ..., van de 20.702')."""
    t = TEXT[lang]
    theme = _text(row["theme"])
    rounded = _rounded(row, rounded)
    count = about if rounded else number
    n = n if n is not None else count(_count(row["n_persons"]), lang)
    total = total if total is not None else count(_count(row["n_target"]), lang)
    key = "stands" if rounded else "stands_exact"
    return t[key].format(n=n, total=total, many=t["many"][theme], group=_group(row, theme, lang),
                         area=_text(row["area_name"]))  # fmt: skip


def card_lines(row: Mapping, lang: str, head: str | None = None,
               rounded: bool | None = None) -> tuple[str, list[str]]:  # fmt: skip
    """The card as plain text: (title, lines), the last two how many it stands for and that it
    is a composite; for the infographic. `head`: its title among the cards shown (`titles`),
    else its own."""
    lines = [f"{label}: {value}" for label, value in attribute_lines(row, lang)]
    lines += [stands_for(row, lang, rounded=rounded), TEXT[lang]["composite"]]
    return head or title(row, lang), lines


def card_text(row: Mapping, lang: str) -> str:
    """The card as one text: the title and its lines, one per line."""
    head, lines = card_lines(row, lang)
    return "\n".join([head, *lines])


def card_html(row: Mapping, lang: str, csv_row: int, head: str | None = None,
              rounded: bool | None = None) -> str:  # fmt: skip
    """The card as HTML; its counts are citations of `<theme>/personas.csv` row `csv_row`;
    `head` its title among the cards shown (`titles`), else its own."""
    from wijkzicht.outputs.factsheet import cite

    rounded = _rounded(row, rounded)
    file = f"{_text(row['theme'])}/personas.csv"
    n = cite(
        file, csv_row, "n_persons", _count(row["n_persons"]), "about" if rounded else "count", lang
    )
    total = cite(
        file, csv_row, "n_target", _count(row["n_target"]), "about" if rounded else "count", lang
    )
    items = "".join(
        f"<li>{html.escape(label)}: <b>{html.escape(value)}</b></li>"
        for label, value in attribute_lines(row, lang)
    )
    # the counts are cited spans already: escape the words around them only
    stands = stands_for(row, lang, n="\0n\0", total="\0t\0", rounded=rounded)
    stands = html.escape(stands).replace("\0n\0", n).replace("\0t\0", total)
    return (f'<article class="persona"><h3>{html.escape(head or title(row, lang))}</h3><ul>{items}</ul>'
            f'<p class="stands">{stands}</p>'
            f'<p class="composite">{html.escape(TEXT[lang]["composite"])}</p></article>')  # fmt: skip


def compact_card_html(row: Mapping, lang: str, csv_row: int, rounded: bool | None = None) -> str:
    """A narrow card for a page with little room (the factsheet): who (no rank), the attributes
    with short labels, how many it stands for (cited) and that it is a composite."""
    from wijkzicht.outputs.factsheet import cite

    rounded = _rounded(row, rounded)
    t = TEXT[lang]
    file = f"{_text(row['theme'])}/personas.csv"
    n = cite(
        file, csv_row, "n_persons", _count(row["n_persons"]), "about" if rounded else "count", lang
    )
    total = cite(
        file, csv_row, "n_target", _count(row["n_target"]), "about" if rounded else "count", lang
    )
    who = title(row, lang)
    items = " · ".join(
        f"{html.escape(t['short'][a])}: <b>{html.escape(persona_value(lang, a, _text(row[a])))}</b>"
        for a in ATTRIBUTES[1:]
        if _text(row.get(a))
    )
    stands = stands_for(row, lang, n="\0n\0", total="\0t\0", rounded=rounded)
    stands = html.escape(stands).replace("\0n\0", n).replace("\0t\0", total)
    return (f'<article class="persona"><h3>{html.escape(who)}</h3><p>{items}</p>'
            f'<p class="stands">{stands}</p>'
            f'<p class="composite">{html.escape(t["composite"])}</p></article>')  # fmt: skip


def row_html(tables: Mapping[str, pd.DataFrame | None], area_code: str, area_name: str,
             lang: str, rounded: bool | None = None) -> str:  # fmt: skip
    """A section with, per theme that has a persona table, the area's largest persona as a narrow
    card, or why it has none; empty when no theme has a table."""
    t = TEXT[lang]
    cells = []
    for theme, table in tables.items():
        rows = area_rows(table, area_code) if table is not None else None
        if rows is None or rows.empty:
            continue
        shown = rows[(rows["status"] == "ok") & rows["n_persons"].map(_count).notna()]
        if len(shown):
            cells.append(compact_card_html(shown.iloc[0], lang, int(shown.index[0]), rounded))
        else:
            key = "none_empty" if rows.iloc[0]["status"] == "ok" else "none_suppressed"
            group = _group(rows.iloc[0], theme, lang)
            words = t[key].format(area=area_name, many=t["many"][theme], group=group)
            cells.append(f'<article class="persona none"><p>{html.escape(words)}</p></article>')
    if not cells:
        return ""
    return (f'<section class="personas-row"><h2>{html.escape(t["section"].format(area=area_name))}</h2>'
            f'<div class="personas">{"".join(cells)}</div></section>')  # fmt: skip


def area_rows(table: pd.DataFrame, area_code: str, year: int | None = None) -> pd.DataFrame:
    """The rows of one area in `year` (default: the latest year of the table), by rank."""
    rows = table[table["area_code"].astype(str) == str(area_code)]
    if rows.empty:
        return rows
    year = int(rows["year"].astype(int).max()) if year is None else int(year)
    rows = rows[rows["year"].astype(int) == year]
    return (
        rows.assign(_r=pd.to_numeric(rows["rank"], errors="coerce"))
        .sort_values("_r")
        .drop(columns="_r")
    )


def cards_html(table: pd.DataFrame, theme: str, area_code: str, lang: str, *,
               area_name: str | None = None, limit: int | None = None,
               rounded: bool | None = None) -> str:  # fmt: skip
    """The cards of one area (the table's latest year; `table` keeps its CSV row numbers as
    index), or one sentence when it has none: suppressed, or nobody in the target group.
    Empty when the table has no row for the area."""
    t = TEXT[lang]
    rows = area_rows(table, area_code)
    if rows.empty:
        return ""
    first = rows.iloc[0]
    area = area_name or _text(first["area_name"])
    shown = rows[(rows["status"] == "ok") & rows["n_persons"].map(_count).notna()]
    if shown.empty:
        key = "none_empty" if first["status"] == "ok" else "none_suppressed"
        words = t[key].format(area=area, many=t["many"][theme], group=_group(first, theme, lang))
        return f'<p class="personas-none">{html.escape(words)}</p>'
    if limit:
        shown = shown.head(limit)
    heads = titles([r for _, r in shown.iterrows()], lang)
    cards = "".join(card_html(r, lang, int(i), head, rounded)
                    for (i, r), head in zip(shown.iterrows(), heads, strict=True))  # fmt: skip
    merged = any(_text(r.get(a)) == "overig" for _, r in shown.iterrows() for a in ATTRIBUTES)
    note = (
        f'<p class="note">{html.escape(t["merged"].format(many=t["many"][theme]))}</p>'
        if merged
        else ""
    )
    return f'<div class="personas">{cards}</div>{note}'


def read_personas(path) -> pd.DataFrame:
    """`<theme>/personas.csv` as text (an empty attribute stays ''), row numbers as index."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)
