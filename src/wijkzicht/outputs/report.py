"""Knowledge-circle reports: one self-contained HTML file (and a PDF) per theme, and a one-page
factsheet per wijk, built from results/export/ only.

Every number in the text is a citation: it is rendered from a cell of an exported table and
carries that cell's address (`data-file`, `data-row`, `data-col`), so a test can check each
number against the table it cites.
"""

from __future__ import annotations

import base64
import html
import os
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs.labels import definition_label, definition_text, label
from wijkzicht.population.conditions import SOURCE_TABLES

MAIN = {  # per theme: (measure, method) of the key numbers
    "kopp": ("kopp.aandeel", "wilson"),
    "migratie": ("migratie.ggz", "direct_std_gamma"),
    "nieuwkomers": ("nieuwkomers.aandeel", "wilson"),
}
# the tables every theme reads besides those of its conditions (`sources`)
THEME_TABLES = {
    "kopp": ["KINDOUDERTAB"],
    "migratie": ["GBAPERSOONTAB", "GEZOMONITOR", "KOPPELPERSOONHUISHOUDEN"],
    "nieuwkomers": ["GBAADRESOBJECTBUS"],
}
METHOD_NOTE = {
    "direct_std_gamma": {"nl": "De kerncijfers zijn gestandaardiseerd naar leeftijd en geslacht.",
                         "en": "The key figures are standardised for age and sex."},
}  # fmt: skip


def sources(theme: str, definitions: Definitions) -> list[str]:
    """The input tables of a theme: its own and those of the conditions its definitions use."""
    obj = definitions.theme(theme)
    tables = list(THEME_TABLES[theme])
    for c in obj.conditions:
        tables += SOURCE_TABLES[c.source]
    if theme == "nieuwkomers" and obj.uitstroom:
        tables.append("GEMWMOVOORZIENINGEN")
    return list(dict.fromkeys(tables))


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
        if kind == "pct":
            shown = f"{100 * float(value):.1f}%"
        elif kind == "ratio":
            shown = f"{float(value):.2f}"
        else:
            shown = f"{int(round(float(value)))}"
        if self.lang == "nl":
            shown = shown.replace(".", ",")
        attrs = f'data-file="{file}" data-row="{row}" data-col="{col}" data-kind="{kind}"'
        return f'<span class="num" {attrs}>{shown}</span>'


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _page(title: str, body: list[str], lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")  # fmt: skip


def definitions_section(
    theme: str, m: pd.DataFrame, definitions: Definitions, lang: str
) -> list[str]:
    """Who counts, then every definition of every measure of the theme in words, from the
    definition objects (in the order of the exported rows)."""
    t = TEXT[lang]
    body = [f"<h2>{t['definitions']}</h2>",
            f"<p>{html.escape(t['population'])}: {html.escape(definitions.theme(theme).describe(lang))}.</p>"]  # fmt: skip
    obj = definitions.theme(theme)
    order = {d: i for i, d in enumerate(obj.definitions.names)}
    pairs = sorted(dict.fromkeys(zip(m["measure"], m["definition"], strict=True)),
                   key=lambda p: order.get(p[1], len(order)))  # fmt: skip
    # the measure of the key figures first, then the others in the order of the export
    measures = dict.fromkeys([MAIN[theme][0], *(p[0] for p in pairs)])
    for measure in measures:
        texts = [definition_text(lang, measure, d, definitions) for mm, d in pairs if mm == measure]
        texts = [x for x in dict.fromkeys(texts) if x]
        if texts:
            body.append(f"<p><b>{html.escape(label(lang, measure))}</b></p><ul>")
            body += [f"<li>{html.escape(x)}.</li>" for x in texts]
            body.append("</ul>")
    return body


def theme_report(
    theme: str, root: Path, definitions: Definitions, figures: list[str], *, lang: str
) -> str:
    """The report of one theme from the export `root`; `definitions` needs that theme only."""
    t = TEXT[lang]
    c = Cite(lang)
    rel = f"{theme}/measures.csv"
    m = read_measures_csv(root / rel).reset_index(drop=True)
    measure, method = MAIN[theme]
    main = m[(m["measure"] == measure) & (m["method"] == method) & (m["group"] == "totaal")]
    year = int(main["year"].max())
    body = [f"<h1>{html.escape(t['title'][theme])}</h1>", f'<p class="note">{t["note"]}</p>',
            f"<h2>{t['summary']} {year}</h2>", "<ul>"]  # fmt: skip
    gem = main[(main["area_level"] == "gemeente") & (main["year"] == year)]
    prev = main[(main["area_level"] == "gemeente") & (main["year"] == year - 1)]
    for i, r in gem.iterrows():
        line = (f"{html.escape(definition_label(lang, measure, r['definition'], definitions))}: {c.num(rel, i, 'value', r['value'])} "
                f"({t['interval']} {c.num(rel, i, 'ci_lower', r['ci_lower'])} - {c.num(rel, i, 'ci_upper', r['ci_upper'])})")  # fmt: skip
        p = prev[prev["definition"] == r["definition"]]
        if len(p):
            j = p.index[0]
            line += f"; {year - 1}: {c.num(rel, j, 'value', p.loc[j, 'value'])}"
        body.append(f"<li>{line}</li>")
    body.append("</ul>")
    if method in METHOD_NOTE:
        body.append(f'<p class="note">{html.escape(METHOD_NOTE[method][lang])}</p>')
    body += definitions_section(theme, m, definitions, lang)
    body.append(f"<h2>{t['figures']}</h2>")
    body += [_img(root / f) for f in figures]
    body.append(f"<h2>{t['sources']}</h2><ul>")
    link_rel = "linkage/linkage.csv"
    theme_sources = sources(theme, definitions)
    if (root / link_rel).exists():
        link = pd.read_csv(root / link_rel, keep_default_na=False, na_values=[""])
        for i, r in link.iterrows():
            if r["source"] in theme_sources and (pd.isna(r["year"]) or int(r["year"]) == year):
                line = t["linkage_line"].format(
                    source=r["source"],
                    share_gba=c.num(link_rel, i, "share_in_gba", r["share_in_gba"]),
                )
                body.append(f"<li>{line}</li>")
    body.append("</ul>")
    body.append(f"<h2>{t['changes']}</h2>")
    if (root / "changes.csv").exists():
        ch = pd.read_csv(root / "changes.csv")
        body.append(ch[ch["theme"] == theme].to_html(index=False, border=0))
    else:
        body.append(f"<p>{t['no_previous']}</p>")
    body.append(f"<h2>{t['alike']}</h2><ul>")
    sim_rel = f"{theme}/vergelijkbare_wijken.csv"
    sim = pd.read_csv(root / sim_rel)
    for _, r in sim[sim["rank"] == 1].iterrows():
        body.append(
            f"<li>{html.escape(t['alike_line'].format(wijk=r['wijk_name'], other=r['neighbour_name']))}</li>"
        )
    body.append("</ul>")
    body.append(f"<h2>{t['questions']}</h2><ol>")
    wijk = main[(main["area_level"] == "wijk") & (main["year"] == year) & (main["status"] == "ok")]
    if len(wijk) and len(gem):
        top = wijk.sort_values(["value", "area_code"], ascending=[False, True]).iloc[0]
        i, g = top.name, gem[gem["definition"] == top["definition"]]
        body.append("<li>" + t["q_high"].format(
            wijk=html.escape(top["area_name"]),
            definition=html.escape(definition_label(lang, measure, top["definition"], definitions)),
            value=c.num(rel, i, "value", top["value"]), gem=c.num(rel, g.index[0], "value", g.iloc[0]["value"]),
        ) + "</li>")  # fmt: skip
    if len(sim):
        r = sim.iloc[0]
        body.append(
            f"<li>{html.escape(t['q_alike'].format(wijk=r['wijk_name'], other=r['neighbour_name']))}</li>"
        )
    body.append(f"<li>{html.escape(t['q_limits'])}</li></ol>")
    return _page(t["title"][theme], body, lang)


def write_text(text: str, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_theme_report(theme: str, root: Path, definitions: Definitions, figures: list[Path], html_path, pdf_path,
                       *, lang: str) -> None:  # fmt: skip
    """The report of one theme as HTML and PDF; `figures` are files under the export `root`."""
    page = theme_report(
        theme, root, definitions, [Path(f).relative_to(root).as_posix() for f in figures], lang=lang
    )
    write_text(page, html_path)
    pdf(page, [Path(f) for f in figures], pdf_path)


class _Blocks(HTMLParser):
    """The text of a report page as blocks: (kind, text) with kind h1, h2, p, li or tr."""

    KINDS = {"h1", "h2", "p", "li", "tr"}

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.kind: str | None = None
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self.skip += 1
        elif tag in self.KINDS:
            self._flush()
            self.kind = tag
        elif tag in ("td", "th") and self.parts:
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1
        elif tag in self.KINDS:
            self._flush()

    def handle_data(self, data):
        if not self.skip and self.kind:
            self.parts.append(data)

    def _flush(self):
        text = " ".join("".join(self.parts).split())
        if self.kind and text:
            self.blocks.append((self.kind, text))
        self.kind, self.parts = None, []


def text_blocks(page: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(page)
    parser.close()
    return parser.blocks


def pdf(page: str, figures: list[Path], path: str | Path) -> None:
    """The report as a PDF: its text on A4 pages (the same words and numbers as the HTML page),
    then its figures one per page; no creation date, so the same report gives the same bytes."""
    import textwrap

    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    blocks = text_blocks(page)
    title = next((text for kind, text in blocks if kind == "h1"), "")
    style = {"h1": (15, "bold", 60), "h2": (12, "bold", 80), "p": (9.5, "normal", 100), "li": (9.5, "normal", 96),
             "tr": (8, "normal", 120)}  # fmt: skip
    path = Path(path)
    tmp = path.with_name(path.stem + ".tmp.pdf")
    with PdfPages(tmp, metadata={"Title": title, "CreationDate": None, "ModDate": None,
                                 "Producer": None, "Creator": None}) as pdfp:  # fmt: skip
        fig, y = None, 0.0
        for kind, text in blocks:
            size, weight, width = style[kind]
            lines = textwrap.wrap(("- " if kind == "li" else "") + text, width) or [""]
            step = size * 1.45 / (11.69 * 72)
            need = step * len(lines) + (1.2 * step if kind in ("h1", "h2") else 0.4 * step)
            if fig is None or y - need < 0.06:
                if fig is not None:
                    pdfp.savefig(fig)
                    plt.close(fig)
                fig, y = plt.figure(figsize=(8.27, 11.69)), 0.94
            if kind == "h2":
                y -= step
            for line in lines:
                fig.text(0.08, y, line, fontsize=size, fontweight=weight, va="top")
                y -= step
            y -= 0.4 * step
        if fig is not None:
            pdfp.savefig(fig)
            plt.close(fig)
        for f in figures:
            fig = plt.figure(figsize=(11.69, 8.27))
            ax = fig.add_axes([0, 0, 1, 1])
            ax.imshow(mpimg.imread(f))
            ax.axis("off")
            pdfp.savefig(fig)
            plt.close(fig)
    os.replace(tmp, path)
