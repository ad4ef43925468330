"""Organisation figures and CBS's public figures on the pages (reports, factsheets, dashboard),
from results/export/ only: `organisaties/cijfers.csv` with `organisaties/indicatoren.csv`, and
`kerncijfers/kerncijfers.csv` with `kerncijfers/inwoners.csv`.

Each organisation figure is shown beside the microdata measures with its own source line
("Bron: <supplier>, <year>"): a share of persons as a percentage, anything else as a whole
number per 1,000 of its denominator in words ("278 per 1.000 ingeschreven patiënten").
Kerncijfers gives the reference the measures are set against ("x van de y inwoners") and the
check of the register's residents against CBS's inhabitants per wijk, with the difference
explained (`wijkzicht.themes.aggregates.explained`).

Every number is a `document.Cell`, a citation of its cell, so the tests check it against the
table. Suppressed and empty figures keep their words (`format.STATE_WORDS`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.document import Cell, Heading, Para, Part, Table, _html_text
from wijkzicht.outputs.key_messages import fill
from wijkzicht.themes.aggregates import PER_1000, explained, is_share

ORG = "organisaties/cijfers.csv"
INDICATORS = "organisaties/indicatoren.csv"
KWB = "kerncijfers/kerncijfers.csv"
INWONERS = "kerncijfers/inwoners.csv"

TEXT = {
    "nl": {
        "section": "Cijfers van organisaties en openbare cijfers",
        "intro": "Naast de CBS-microdata: cijfers die organisaties in de wijk zelf aanleveren, per "
                 "wijk en niet per persoon, en openbare cijfers van het CBS. Elk cijfer heeft een "
                 "eigen bron. Gaat het om aantallen personen, dan gelden dezelfde privacyregels.",
        "source": "Bron: {supplier}, {year}.",
        "per": "per 1.000 {denominator}",
        # no row for the area and year in the partner's file: said, not left blank (U4)
        "not_supplied": "niet aangeleverd",
        "area": "Gebied", "value": "Cijfer",
        "inhabitants": "Inwoners",
        "reference": "Ter vergelijking: {gem} had op 1 januari {year} {n} inwoners (CBS). "
                     "De {noun} in dit rapport zijn er {x} van.",
        # newcomers came in during the year: not part of the 1 January residents
        "reference_nieuwkomers": "In {year} kwamen {x} mensen in een wijk van {gem} wonen (ter vergelijking: op 1 "
                                 "januari woonden er {n} mensen, CBS).",
        "kwb_source": "Bron: CBS, Kerncijfers wijken en buurten {year}.",
        "check": "Inwoners: CBS en basisregistratie vergeleken",
        "check_intro": "Het aantal inwoners per wijk volgens de openbare cijfers van het CBS, naast het "
                       "aantal volgens de basisregistratie personen waarmee dit {page} rekent "
                       "(peildatum 1 januari {year}).",
        # what the check stands in: the dashboard is no report (U4)
        "page": {"report": "rapport", "dashboard": "dashboard"},
        "check_head": ["Gebied", "CBS", "Basisregistratie", "Verschil", "Verklaring"],
        "why": {"gelijk": "gelijk", "afronding": "het CBS rondt af op vijftallen",
                "groter": "meer dan afronding: andere peildatum of wijkindeling?", "onbekend": "geen CBS-cijfer"},
        "check_source": "Bron: CBS, Kerncijfers wijken en buurten {year}; CBS-microdata (basisregistratie personen).",
        "wijk_line": "{wijk}: {n} inwoners op 1 januari {year} (CBS, Kerncijfers)",
        "of_inhabitants": ", van de {n} inwoners",
        "factsheet": "Cijfers van organisaties",
        "kwb_columns": {"k_65JaarOfOuder": "65 jaar of ouder", "HuishoudensTotaal": "Huishoudens",
                        "Bevolkingsdichtheid": "Inwoners per km²",
                        "GemiddeldInkomenPerInwoner": "Gemiddeld inkomen per inwoner (euro)"},
        "hidden": "niet bekend",
    },
    "en": {
        "section": "Figures of organisations and public figures",
        "intro": "Beside the CBS microdata: figures that organisations in the wijk deliver themselves, "
                 "per wijk and not per person, and public figures of CBS. Each figure has its own "
                 "source. Where they count persons, the same privacy rules apply.",
        "source": "Source: {supplier}, {year}.",
        "per": "per 1,000 {denominator}",
        "not_supplied": "not supplied",
        "area": "Area", "value": "Figure",
        "inhabitants": "Inhabitants",
        "reference": "For comparison: {gem} had {n} inhabitants on 1 January {year} (CBS). "
                     "The {noun} in this report are {x} of them.",
        "reference_nieuwkomers": "In {year}, {x} people came to live in a wijk of {gem} (for comparison: on 1 "
                                 "January, {n} people lived there, CBS).",
        "kwb_source": "Source: CBS, Key figures of wijken and buurten {year}.",
        "check": "Inhabitants: CBS and the population register compared",
        "check_intro": "The number of inhabitants per wijk in CBS's public figures, beside the number in "
                       "the population register this {page} counts with (reference date 1 January {year}).",
        "page": {"report": "report", "dashboard": "dashboard"},
        "check_head": ["Area", "CBS", "Register", "Difference", "Explanation"],
        "why": {"gelijk": "equal", "afronding": "CBS rounds to fives",
                "groter": "more than rounding: another reference date or area division?", "onbekend": "no CBS figure"},
        "check_source": "Source: CBS, Key figures of wijken and buurten {year}; CBS microdata (population register).",
        "wijk_line": "{wijk}: {n} inhabitants on 1 January {year} (CBS, Key figures)",
        "of_inhabitants": ", out of {n} inhabitants",
        "factsheet": "Figures of organisations",
        "kwb_columns": {"k_65JaarOfOuder": "Aged 65 or over", "HuishoudensTotaal": "Households",
                        "Bevolkingsdichtheid": "Inhabitants per km²",
                        "GemiddeldInkomenPerInwoner": "Average income per inhabitant (euro)"},
        "hidden": "not published",
    },
}  # fmt: skip
# Kerncijfers beside the inhabitants in the dashboard: age, households, density, income
KWB_SHOWN = (
    "k_65JaarOfOuder",
    "HuishoudensTotaal",
    "Bevolkingsdichtheid",
    "GemiddeldInkomenPerInwoner",
)
NOUN = {
    "nl": {"kopp": "kinderen", "migratie": "volwassenen", "nieuwkomers": "nieuwkomers"},
    "en": {"kopp": "children", "migratie": "adults", "nieuwkomers": "newcomers"},
}


@dataclass
class Aggregates:
    """The aggregate tables of an export, each row named by its 0-based data row (its citation)."""

    root: Path
    org: pd.DataFrame
    indicators: pd.DataFrame
    kwb: pd.DataFrame
    inwoners: pd.DataFrame

    @classmethod
    def read(cls, root: str | Path) -> Aggregates:
        root = Path(root)
        org = read_measures_csv(root / ORG).reset_index(drop=True)
        ind = pd.read_csv(root / INDICATORS, dtype=str, keep_default_na=False)
        kwb = pd.read_csv(
            root / KWB, keep_default_na=False, na_values=[""], dtype={"area_code": str}
        )
        inw = read_measures_csv(root / INWONERS).reset_index(drop=True)
        return cls(root, org, ind, kwb, inw)

    def measures(self) -> list[dict]:
        """The register's row of each organisation measure in the export, in register order."""
        present = set(self.org["measure"])
        return [r for r in self.indicators.to_dict("records") if r["measure"] in present]

    def latest(self, measure: str) -> int:
        return int(self.org.loc[self.org["measure"] == measure, "year"].max())

    def row(self, measure: str, area: str, year: int) -> pd.Series | None:
        m = self.org
        sel = m[(m["measure"] == measure) & (m["area_code"] == area) & (m["year"] == year)]
        return sel.iloc[0] if len(sel) else None

    def kwb_row(self, area: str, year: int | None = None) -> pd.Series | None:
        k = self.kwb[self.kwb["area_code"] == area]
        if year is not None:
            k = k[k["year"] == year]
        return k.loc[k["year"].idxmax()] if len(k) else None

    def areas(self, year: int) -> list[tuple[str, str]]:
        """(code, name) of the gemeente and its wijken in Kerncijfers of `year` (without
        Kerncijfers: those of the organisation figures)."""
        t = self.kwb[self.kwb["year"] == year] if len(self.kwb) else self.org
        t = t[t["area_level"].isin(["gemeente", "wijk"])].drop_duplicates("area_code")
        rank = t["area_level"].map({"gemeente": 0, "wijk": 1})
        t = t.assign(_r=rank).sort_values(["_r", "area_code"])
        return list(zip(t["area_code"], t["area_name"], strict=True))

    @classmethod
    def read_if_present(cls, root: str | Path) -> Aggregates | None:
        """The tables, or None for an export without them (pages built before this source)."""
        root = Path(root)
        if not all((root / f).exists() for f in (ORG, INDICATORS, KWB, INWONERS)):
            return None
        agg = cls.read(root)
        return None if agg.org.empty and agg.kwb.empty else agg

    @property
    def last_year(self) -> int:
        """The latest Kerncijfers edition (without Kerncijfers: of the organisation figures)."""
        return int((self.kwb if len(self.kwb) else self.org)["year"].max())


def label(meta: dict, lang: str) -> str:
    """An indicator's label in the language (the Dutch one when no English is given)."""
    return meta.get(f"label_{lang}") or meta["label_nl"]


def definition(meta: dict, lang: str) -> str:
    """An indicator's definition as a sentence: a partner's text without a full stop gets one,
    as its source line ('Bron: ...') follows it (U4 saw '... overgewicht hebben Bron: JGZ')."""
    text = str(meta.get(f"definition_{lang}") or meta["definition_nl"]).strip()
    return text if not text or text[-1] in ".!?" else text + "."


def source_line(meta: dict, year: int, lang: str) -> str:
    """'Bron: <supplier>, <year>.'"""
    return TEXT[lang]["source"].format(supplier=meta["supplier"], year=year)


def per_words(meta: dict, lang: str) -> str:
    """'per 1.000 <denominator>' of a rate, '' of a share."""
    if is_share(meta["unit"], meta["denominator_kind"]):
        return ""
    den = meta.get(f"denominator_{lang}") or meta["denominator_nl"]
    return TEXT[lang]["per"].format(denominator=den)


def value(r: pd.Series | None, meta: dict, lang: str, per: bool = True) -> list[Part]:
    """An organisation figure as a reader sees it: a percentage, or a whole number per 1,000 of
    its denominator in words (without those words when `per` is False: they stand in the
    label); suppressed or empty as their word, and an area and year the partner's file has no
    row for as 'niet aangeleverd' (a blank cell read as a missing number)."""
    if r is None:
        return [TEXT[lang]["not_supplied"]]
    s = fmt.state(r)
    if s != "ok":
        return [fmt.STATE_WORDS[lang][s]]
    if r["method"] == PER_1000:
        words = [f" {per_words(meta, lang)}"] if per else []
        return [Cell(ORG, int(r.name), "value", float(r["value"]), "count"), *words]
    return [Cell(ORG, int(r.name), "value", float(r["value"]), "pct")]


def inhabitants(agg: Aggregates, area: str, year: int | None = None) -> Cell | None:
    """The inhabitants of an area in Kerncijfers (of `year`, else the latest edition)."""
    k = agg.kwb_row(area, year)
    if k is None or pd.isna(k["AantalInwoners"]):
        return None
    return Cell(KWB, int(k.name), "AantalInwoners", float(k["AantalInwoners"]), "count")


# --------------------------------------------------------------------------- report


def report_blocks(
    agg: Aggregates, lang: str, reference: Cell | None = None, theme: str = ""
) -> list:
    """The report's section: one table of the gemeente and its wijken with each organisation
    indicator in its latest year (a rate's 'per 1.000 ...' in its header), then per indicator its
    definition and its own source line; the inhabitants of the gemeente as the reference of the
    theme's count (`reference`: the gemeente's count of the theme's persons, cited); and the
    check of the register's inhabitants against CBS's."""
    t = TEXT[lang]
    out: list = [Heading(2, [t["section"]]), Para([t["intro"]])]
    metas = agg.measures()
    if metas:
        years = {m["measure"]: agg.latest(m["measure"]) for m in metas}
        head = [t["area"]] + [header(m, years[m["measure"]], lang) for m in metas]
        rows = [
            [[name]]
            + [
                value(agg.row(m["measure"], code, years[m["measure"]]), m, lang, per=False)
                for m in metas
            ]
            for code, name in agg.areas(agg.last_year)
        ]
        out.append(Table(head, rows))
        for m in metas:
            what = f"{label(m, lang)}: {definition(m, lang)} {source_line(m, years[m['measure']], lang)}"
            out.append(Para([what], "note"))
    out += inhabitants_blocks(agg, lang, reference, theme)
    return out


def header(meta: dict, year: int, lang: str) -> str:
    """A column header of an indicator: its label, 'per 1.000 ...' for a rate, and its year."""
    per = per_words(meta, lang)
    return f"{label(meta, lang)}{', ' + per if per else ''} ({year})"


def _gemeente(agg: Aggregates) -> tuple[str, str]:
    g = agg.kwb[agg.kwb["area_level"] == "gemeente"].iloc[0]
    return str(g["area_code"]), str(g["area_name"])


def inhabitants_blocks(agg: Aggregates, lang: str, reference: Cell | None, theme: str) -> list:
    """ "x of the y inhabitants", then the register against Kerncijfers per wijk (latest year)."""
    t = TEXT[lang]
    if agg.kwb.empty:
        return []
    year = agg.last_year
    code, name = _gemeente(agg)
    out: list = [Heading(3, [t["check"]])]
    n = inhabitants(agg, code, year)
    if n is not None and reference is not None:
        out.append(Para(fill(t.get(f"reference_{theme}", t["reference"]), gem=name, year=str(year), n=n,
                              noun=NOUN[lang].get(theme, ""), x=reference)))  # fmt: skip
    out.append(Para([t["check_intro"].format(year=year, page=t["page"]["report"])]))
    inw = agg.inwoners[agg.inwoners["year"] == year]
    rows = []
    for _, r in inw.iterrows():
        cbs = (
            [Cell(INWONERS, int(r.name), "denominator", float(r["denominator"]), "count")]
            if pd.notna(r["denominator"])
            else [""]
        )
        ok = fmt.state(r) != "suppressed" and pd.notna(r["numerator"])
        reg = (
            [Cell(INWONERS, int(r.name), "numerator", float(r["numerator"]), "count")]
            if ok
            else [fmt.STATE_WORDS[lang]["suppressed"]]
        )
        gap = r["numerator"] - r["denominator"] if ok and pd.notna(r["denominator"]) else None
        diff = "" if gap is None else ("+" if gap > 0 else "") + fmt.number(gap, lang)
        why = t["why"][explained(r["numerator"], r["denominator"]) if ok else "onbekend"]
        rows.append([[str(r["area_name"])], cbs, reg, [diff], [why]])
    out += [Table(t["check_head"], rows), Para([t["check_source"].format(year=year)], "note")]
    return out


# --------------------------------------------------------------------------- factsheet


def factsheet_rows(agg: Aggregates, wijk: str, gemeente: str, lang: str) -> list[str]:
    """The factsheet's rows of organisation figures, one line each: the label (with 'per 1.000
    ...' for a rate) and year, the wijk's value, the gemeente's value and the source line (HTML
    table rows, numbers cited)."""
    out = []
    for meta in agg.measures():
        year = agg.latest(meta["measure"])
        w = value(agg.row(meta["measure"], wijk, year), meta, lang, per=False)
        g = value(agg.row(meta["measure"], gemeente, year), meta, lang, per=False)
        what = header(meta, year, lang)
        out.append(
            f"<tr><td>{html.escape(what)}</td>"
            f'<td class="v">{_html_text(w, lang)}</td><td class="v">{_html_text(g, lang)}</td>'
            f'<td class="src">{html.escape(source_line(meta, year, lang))}</td></tr>'
        )
    return out


def wijk_line(agg: Aggregates, wijk: str, name: str, lang: str) -> str:
    """'<wijk> had <n> inhabitants on 1 January <year> (CBS)', cited; '' without a figure."""
    year = agg.last_year
    n = inhabitants(agg, wijk, year)
    if n is None:
        return ""
    return _html_text(fill(TEXT[lang]["wijk_line"], wijk=name, year=str(year), n=n), lang)


def of_inhabitants(agg: Aggregates, area: str, year: int, lang: str) -> str:
    """', van de <n> inwoners' (Kerncijfers of `year`), cited; '' without a figure."""
    n = inhabitants(agg, area, year)
    k = agg.kwb_row(area, year)
    if n is None or k is None or int(k["year"]) != year:
        return ""
    return _html_text(fill(TEXT[lang]["of_inhabitants"], n=n), lang)


# --------------------------------------------------------------------------- dashboard


def dashboard_section(agg: Aggregates, lang: str) -> str:
    """The dashboard's section: the gemeente and every wijk with CBS's inhabitants and each
    organisation figure of its latest year, the source lines below, then the inhabitants check
    (static HTML: every number formatted and cited here)."""
    t = TEXT[lang]
    year = agg.last_year
    metas = agg.measures()
    kwb = not agg.kwb.empty
    context = [(c, t["kwb_columns"][c]) for c in KWB_SHOWN] if kwb else []
    head = [t["area"], *([f"{t['inhabitants']} ({year})"] if kwb else [])]
    head += [h for _, h in context]
    # a rate's 'per 1.000 ...' stands in its header, its cells hold the numbers
    head += [header(m, agg.latest(m["measure"]), lang) for m in metas]
    body = []
    areas = agg.areas(year)
    for i, (code, name) in enumerate(areas):
        n = inhabitants(agg, code, year) if kwb else None
        cells = [_html_text([n], lang) if n else ""] if kwb else []
        k = agg.kwb_row(code, year) if kwb else None
        for col, _ in context:
            # CBS publishes the income in thousands of euros (27,0): shown in whole euros (27.000)
            kind = "euro_thousands" if col == "GemiddeldInkomenPerInwoner" else "count"
            hidden = k is None or pd.isna(k[col])
            cells.append(
                t["hidden"]
                if hidden
                else _html_text([Cell(KWB, int(k.name), col, float(k[col]), kind)], lang)
            )
        for m in metas:
            r = agg.row(m["measure"], code, agg.latest(m["measure"]))
            cells.append(_html_text(value(r, m, lang, per=False), lang))
        cls = ' class="city"' if i == 0 else ""
        body.append(f'<tr{cls}><td>{html.escape(name)}</td>'
                    + "".join(f'<td class="num">{c}</td>' for c in cells) + "</tr>")  # fmt: skip
    sources = [t["kwb_source"].format(year=year)] if kwb else []
    sources += [
        source_line(m, agg.latest(m["measure"]), lang) + " " + definition(m, lang) for m in metas
    ]
    out = (
        f'<section id="section-sources"><h2>{html.escape(t["section"])}</h2>'
        f'<p class="note">{html.escape(t["intro"])}</p><div class="view"><div class="table"><table>'
        f"<thead><tr>{''.join(f'<th>{html.escape(h)}</th>' for h in head)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
        + "".join(f'<p class="source">{html.escape(s)}</p>' for s in sources)
    )
    check = [b for b in inhabitants_blocks(agg, lang, None, "") if isinstance(b, Table)]
    if check:
        rows = "".join(
            "<tr>" + "".join(f"<td>{_html_text(c, lang)}</td>" for c in r) + "</tr>"
            for r in check[0].rows
        )
        out += (
            f"<h2>{html.escape(t['check'])}</h2>"
            f'<p class="note">{html.escape(t["check_intro"].format(year=year, page=t["page"]["dashboard"]))}</p>'
            "<table><thead><tr>"
            + "".join(f"<th>{html.escape(h)}</th>" for h in check[0].header)
            + f"</tr></thead><tbody>{rows}</tbody></table>"
            f'<p class="source">{html.escape(t["check_source"].format(year=year))}</p>'
        )
    return out + "</section>"
