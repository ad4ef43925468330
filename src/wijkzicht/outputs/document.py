"""A small document model for the pages of the knowledge circle, rendered two ways from the same
blocks: a self-contained HTML page and an A4 PDF typeset by Typst. What the HTML says, the PDF
says, in the same order, with each figure under its own text.

Text is a sequence of parts: plain strings, `Cell` (a number from a cell of an exported table:
it carries the cell's address, so a test can check it against the table), `Mark` (▲/▼ beside a
wijk that differs clearly from the rest of the city) and `Strong` (a bold lead-in).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wijkzicht import files
from wijkzicht.outputs import format as fmt

# --------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class Cell:
    """A number shown from one cell of an exported table (`file` relative to the export root,
    `row` the 0-based data row, `col` the column) as `kind`: pct, ratio, count, freq (a
    natural frequency, 'ruim 1 op de 3', of a share), whole_pct (a model estimate, published
    to whole percentages: 43%), times (a ratio in 'keer zo vaak', one decimal: 2,5) or
    euro_thousands (an amount in thousands of euros, shown in whole euros: 27,0 -> 27.000)."""

    file: str
    row: int
    col: str
    value: float
    kind: str = "pct"


@dataclass(frozen=True)
class Mark:
    """▲ or ▼ beside a wijk: its verdict (hoger / lager) by `test` of verschillen.csv, which
    says what the wijk was compared with (`format.against`)."""

    verdict: str
    test: str = ""


@dataclass(frozen=True)
class Strong:
    text: str


Part = str | Cell | Mark | Strong
Text = Sequence[Part]

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    level: int
    text: Text


@dataclass(frozen=True)
class Para:
    text: Text
    # "", "note" (small, grey), "lead" (larger) or "keep" (in the PDF on the page of the block
    # after it: a heading, this paragraph and the next one together)
    style: str = ""


@dataclass(frozen=True)
class Items:
    items: Sequence[Text]
    ordered: bool = False
    style: str = ""  # "", "key" (the key messages: a box at the top) or "keep" (on one page)


@dataclass(frozen=True)
class Table:
    """A table with its 'Bron:' line (`source`, as a figure has one) right under it: in the
    same unbreakable block as a short table; a long one breaks over pages, its last rows and the
    line kept together (never the line alone on a page).

    `groups`: the sizes of consecutive groups of rows (summing to the number of rows) whose
    first cell names the group on its first row and is empty on the others (a wijk over its
    buurten). In the PDF a long table keeps each group on one page, its name one cell over its
    rows, so that a page never starts with buurten whose wijk is on the page before; empty:
    rows break anywhere."""

    header: Sequence[str]
    rows: Sequence[Sequence[Text]]
    source: str = ""
    groups: Sequence[int] = ()

    def __post_init__(self):
        if self.groups and (sum(self.groups) != len(self.rows) or min(self.groups) < 1):
            raise ValueError(
                f"Table groups {list(self.groups)} do not split its {len(self.rows)} rows"
            )


@dataclass(frozen=True)
class Figure:
    """A figure of the export (`path` relative to the export root) with its own heading and
    text above it, kept together on one page of the PDF. `source`: the source line the image
    carries itself, so it is not printed a second time: a caption for screen readers only
    (HTML), left out of the PDF."""

    path: str
    title: str
    text: Sequence[Text]
    alt: str
    source: str


@dataclass(frozen=True)
class Poster:
    """A page-sized image of the export (`path` relative to the export root), the page's first
    screen: no heading of its own; on a page of its own in the PDF. `source` as `Figure`'s: in
    the image already, a caption for screen readers only. `vector`: the same page as a PDF (the
    infographic's `infographic.pdf`), which the PDF embeds instead of the PNG so that its text
    stays text (selectable, searchable, sharp); the HTML page shows `path`."""

    path: str
    alt: str
    source: str
    vector: str = ""


Block = Heading | Para | Items | Table | Figure | Poster


@dataclass(frozen=True)
class Document:
    title: str
    lang: str
    blocks: Sequence[Block] = field(default_factory=tuple)


# --------------------------------------------------------------------------- numbers

CLEARLY = {"nl": "duidelijk {words}", "en": "clearly {words}"}
NOT_SHOWN = {"nl": "onderdrukt", "en": "suppressed"}


def natural_frequency(p: float, lang: str) -> str:
    """A share in words a reader can picture: 0.257 -> '1 op de 4', 0.362 -> 'ruim 1 op de 3',
    0.43 -> 'ruim 4 op de 10', 0.08 -> '1 op de 12'; 'ruim' (just over) and 'bijna' (nearly)
    when the share is more than 3% (relative) off the fraction named."""
    p = float(p)
    nl = lang == "nl"
    if p <= 0:
        return "niemand" if nl else "nobody"
    if p < 0.01:
        return "minder dan 1 op de 100" if nl else "fewer than 1 in 100"
    if p >= 0.95:
        return "bijna iedereen" if nl else "almost everyone"
    k, n = 1, max(2, round(1 / p))
    if abs(p - 1 / n) / (1 / n) > 0.1 and p >= 0.15:  # '1 op de n' too far off: 'k op de 10'
        k, n = round(10 * p), 10
    frac = k / n
    rel = (p - frac) / frac
    words = f"{k} op de {n}" if nl else f"{k} in {n}"
    if rel > 0.03:
        return ("ruim " if nl else "just over ") + words
    if rel < -0.03:
        return ("bijna " if nl else "nearly ") + words
    return words


def shown(cell: Cell, lang: str) -> str:
    """The number of a cell as the reader sees it (Dutch or English separators)."""
    if cell.kind == "freq":
        return natural_frequency(cell.value, lang)
    if cell.kind == "whole_pct":
        return fmt.pct(cell.value, lang, 0)
    if cell.kind == "times":  # 'keer zo vaak': one decimal, not a precision beside rounded shares
        return fmt.ratio(cell.value, lang, 1)
    if cell.kind == "euro_thousands":
        return fmt.number(1000 * cell.value, lang)
    return {"pct": fmt.pct, "ratio": fmt.ratio, "count": fmt.number, "about": fmt.about}[cell.kind](
        cell.value, lang
    )


def plain(text: Text, lang: str) -> str:
    """The text without markup (for titles and alt text)."""
    out = []
    for p in text:
        if isinstance(p, Cell):
            out.append(shown(p, lang))
        elif isinstance(p, Mark):
            out.append(fmt.VERDICT_MARKS.get(p.verdict, ""))
        elif isinstance(p, Strong):
            out.append(p.text)
        else:
            out.append(p)
    return "".join(out)


# --------------------------------------------------------------------------- HTML

CSS = """body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;color:#1a1a1a;
line-height:1.5;font-size:17px}
h1{font-size:1.6em;line-height:1.25;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:2px solid #d0d7de}
h3{font-size:1.05em;margin-top:1.4em}
.lead{font-size:1.05em;color:#444}.note{color:#555;font-size:.88em}
ol.key{background:#eef4fa;border-left:5px solid #0072B2;padding:.8em 1em .8em 2.4em;margin:1em 0}
ol.key li{margin:.45em 0}
.num{font-weight:bold;white-space:nowrap}
.mark{font-size:.85em}.mark.hoger{color:#b3261e}.mark.lager{color:#0b5cad}
figure{margin:1em 0;width:min(94vw,64em);position:relative;left:50%;transform:translateX(-50%)}
figure img{display:block;margin:0 auto;max-width:100%;height:auto;border:1px solid #e5e5e5}
figcaption{max-width:46em;margin-left:auto;margin-right:auto}
figcaption{color:#555;font-size:.85em;margin-top:.3em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;
vertical-align:top}th{background:#f3f5f7}td+td{white-space:nowrap}
@media print{body{max-width:none;font-size:11pt}figure,ol.key,.keep{break-inside:avoid}}"""


def _html_text(text: Text, lang: str) -> str:
    out = []
    for p in text:
        if isinstance(p, Cell):
            attrs = (
                f'data-file="{p.file}" data-row="{p.row}" data-col="{p.col}" data-kind="{p.kind}"'
            )
            out.append(f'<span class="num" {attrs}>{html.escape(shown(p, lang))}</span>')
        elif isinstance(p, Mark):
            sign = fmt.VERDICT_MARKS.get(p.verdict)
            if sign:
                words = html.escape(
                    CLEARLY[lang].format(words=fmt.verdict_words(lang, p.verdict, p.test))
                )
                out.append(f'<span class="mark {p.verdict}" role="img" aria-label="{words}" title="{words}">'
                           f"{sign}</span>")  # fmt: skip
        elif isinstance(p, Strong):
            out.append(f"<strong>{html.escape(p.text)}</strong>")
        else:
            out.append(html.escape(p))
    return "".join(out)


def _img(path: Path, alt: str) -> str:
    """The PNG embedded, shown at the size it was drawn (150 dots per inch) or narrower."""
    raw = path.read_bytes()
    data = base64.b64encode(raw).decode()
    width = round(png_size(path)[0] * 96 / 150)
    return (
        f'<img alt="{html.escape(alt)}" style="width:{width}px" src="data:image/png;base64,{data}">'
    )


def to_html(doc: Document, root: Path) -> str:
    """The document as one self-contained HTML page; figures are read from the export `root`
    and embedded."""
    lang = doc.lang
    body = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            body.append(f"<h{b.level}>{_html_text(b.text, lang)}</h{b.level}>")
        elif isinstance(b, Para):
            cls = f' class="{b.style}"' if b.style else ""
            body.append(f"<p{cls}>{_html_text(b.text, lang)}</p>")
        elif isinstance(b, Items):
            tag = "ol" if b.ordered else "ul"
            cls = f' class="{b.style}"' if b.style else ""
            body.append(f"<{tag}{cls}>" + "".join(f"<li>{_html_text(i, lang)}</li>" for i in b.items)
                        + f"</{tag}>")  # fmt: skip
        elif isinstance(b, Table):
            head = "".join(f"<th>{html.escape(h)}</th>" for h in b.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_text(c, lang)}</td>" for c in r) + "</tr>"
                for r in b.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            if b.source:
                body.append(f'<p class="note source">{html.escape(b.source)}</p>')
        elif isinstance(b, Poster):
            body.append(f'<figure class="poster">{_img(root / b.path, b.alt)}'
                        f'<figcaption class="sr">{html.escape(b.source)}</figcaption></figure>')  # fmt: skip
        elif isinstance(b, Figure):
            body.append(f'<section class="figure"><h2>{html.escape(b.title)}</h2>')
            body += [f"<p>{_html_text(t, lang)}</p>" for t in b.text]
            body.append(f'<figure>{_img(root / b.path, b.alt)}<figcaption class="sr">{html.escape(b.source)}'
                        "</figcaption></figure></section>")  # fmt: skip
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(doc.title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")  # fmt: skip


# --------------------------------------------------------------------------- Typst


def _str(text: str) -> str:
    """A Typst string literal: nothing in it is read as markup."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def cell_link(cell: Cell, cells_from: str = "") -> str:
    """Where a number of the PDF comes from, as its link: the table's path from the PDF's folder
    (`cells_from`: the export root seen from there, '..' for `<theme>/rapport.pdf`) and the cell,
    '../kopp/measures.csv#row=3&col=value&kind=pct'; the HTML's data-file, data-row, data-col
    and data-kind in one address, so the PDF's numbers are cited as the HTML's are (a reader's
    click opens the table)."""
    path = f"{cells_from.rstrip('/')}/{cell.file}" if cells_from else cell.file
    return f"{path}#row={cell.row}&col={cell.col}&kind={cell.kind}"


def _typ_text(text: Text, lang: str, cells_from: str | None = None) -> str:
    """Typst markup of `text`; with `cells_from` (see `cell_link`) each number a link to its cell."""
    out = []
    for p in text:
        if isinstance(p, Cell):
            number = f"#strong({_str(shown(p, lang))})"
            if cells_from is not None:
                number = f"#link({_str(cell_link(p, cells_from))})[{number}]"
            out.append(number)
        elif isinstance(p, Mark):
            sign = fmt.VERDICT_MARKS.get(p.verdict)
            if sign:
                colour = "#b3261e" if p.verdict == "hoger" else "#0b5cad"
                out.append(f'#text(fill: rgb("{colour}"), size: 0.85em, {_str(sign)})')
        elif isinstance(p, Strong):
            out.append(f"#strong({_str(p.text)})")
        elif p:
            out.append(f"#{_str(p)}")
    return "".join(out)


PREAMBLE = """#set document(title: {title}, date: none)
#set page(paper: "a4", margin: (x: 2cm, top: 2cm, bottom: 2.2cm),
  footer: context [#set text(size: 8pt, fill: luma(100)); #{title} #h(1fr) #counter(page).display("1 / 1", both: true)])
#set text(font: "DejaVu Sans", size: 10pt, lang: {lang}, hyphenate: false)
#set par(justify: false, leading: 0.62em, spacing: 0.9em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): it => block(above: 1.4em, below: 0.7em, width: 100%, stroke: (bottom: 1pt + luma(200)),
  inset: (bottom: 3pt), sticky: true, text(size: 12.5pt, it.body))
#show heading.where(level: 3): set text(size: 10.5pt)
#set table(stroke: 0.5pt + luma(180), inset: 4pt)
#show table.cell.where(y: 0): set text(weight: "bold")
"""


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels of a PNG file, from its header."""
    head = Path(path).read_bytes()[:24]
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


# the text width of an A4 page with 2 cm margins, and the tallest a figure may be
TEXT_WIDTH_CM, FIGURE_HEIGHT_CM = 17.0, 14.0
# the height of an A4 page (29.7 cm) within PREAMBLE's margins (2 cm top, 2.2 cm bottom)
PAGE_HEIGHT_CM = 25.5
LONG_TABLE = 30  # rows; a longer table may break over pages
# a short table that does not fit in the room left on its page moves whole to the next one only
# when it is at most this share of a page tall, or the room is less than MIN_ROOM_CM (its header
# and a few rows); a taller one starts where it is and breaks as a long table does: moved whole,
# a change table of 10 rows left two thirds of a report page empty (U11 finding 14)
SHORT_MOVES, MIN_ROOM_CM = 1 / 3, 5.0
# the bottom of the text on an A4 page (29.7 cm less PREAMBLE's 2.2 cm bottom margin)
TEXT_BOTTOM_CM = 27.5
KEPT_ROWS = 2  # the last rows of a long table that stay on one page with its source line
POSTER_HEIGHT_CM = 21.0  # an A4 poster on the first page, under the title, its source line below


def _typ_source(source: str) -> str:
    """A table's source line under it, small and grey as a note; nothing without one."""
    return f"#par[{_typ_source_text(source)}]" if source else ""


def _typ_source_text(source: str) -> str:
    return f"#text(size: 8.5pt, fill: luma(80))[#{_str(source)}]"


def _typ_long_table(b: Table, lang: str, cells_from: str | None = None) -> str:
    """A long table (the buurten): it breaks over pages, its header repeated on each. Its source
    line is the table's footer (printed once, after the last row, no cell border, as a note)
    together with the last KEPT_ROWS rows (with `groups`: the last whole groups holding at least
    that many): Typst keeps a footer on one page, so the line never stands alone at the top of
    a page (a line after the table did; a footer of the line alone took a page of its own with
    the header repeated above it). In the tagged PDF those rows and the line are the table's
    footer rows, read last, as they are printed. With `groups`, each group's first cell spans
    its rows and is unbreakable (Typst's `table.cell(rowspan:, breakable: false)`), so a group
    is never split over two pages; a group longer than LONG_TABLE rows may still break."""
    n = len(b.header)
    head = ", ".join(f"[#{_str(h)}]" for h in b.header)
    sizes = list(b.groups) or [1] * len(b.rows)

    def cells(groups: list[list[Sequence[Text]]]) -> list[str]:
        out = []
        for rows in groups:
            for i, r in enumerate(rows):
                texts = [f"[{_typ_text(c, lang, cells_from)}]" for c in r]
                if b.groups and i == 0 and len(rows) > 1:
                    keep = "false" if len(rows) <= LONG_TABLE else "true"
                    texts[0] = f"table.cell(rowspan: {len(rows)}, breakable: {keep}){texts[0]}"
                elif b.groups and i > 0:
                    texts = texts[1:]  # under the group's spanning first cell
                out += texts
        return out

    groups, start = [], 0
    for k in sizes:
        groups.append(list(b.rows[start : start + k]))
        start += k
    if not b.source:
        return f"#table(columns: {n}, table.header({head}), {', '.join(cells(groups))})\n"
    cut, kept = len(groups), 0
    while cut > 1 and kept < KEPT_ROWS:
        cut -= 1
        kept += len(groups[cut])
    body, last = groups[:cut], groups[cut:]
    line = (f"table.cell(colspan: {n}, stroke: none, inset: (x: 0pt, top: 0.9em, bottom: 0pt))"
            f"[{_typ_source_text(b.source)}]")  # fmt: skip
    footer = f"table.footer(repeat: false, {', '.join([*cells(last), line])})"
    return f"#table(columns: {n}, table.header({head}), {', '.join([*cells(body), footer])})\n"


def _typ_short_table(b: Table, lang: str, cells_from: str | None = None, key: int = 0) -> str:
    """A table of at most LONG_TABLE rows: with its source line in one unbreakable block where it
    fits in the room left on its page, or is at most SHORT_MOVES of a page tall, or that room is
    less than MIN_ROOM_CM (then moved whole to the next page, leaving little empty). Otherwise
    it is laid out as a long table (`_typ_long_table`: it starts where it is and breaks over
    pages, its header repeated, the source line with its last rows): moved whole, a change table
    of 10 rows left two thirds of a report page empty (U11 finding 14); and a block taller than a
    whole page (rows of several lines each) ran over the bottom margin and printed its last rows
    and source line into the page footer (a new user, U4). Typst measures the block at the text
    width and the room from where the table starts (a marker placed before it, `key` its
    label's number, unique in the document: the table's own place would be the next page's top
    once it moved there), so the choice is exact, not guessed from the number of rows."""
    cells = [f"[#{_str(h)}]" for h in b.header]
    cells += [f"[{_typ_text(c, lang, cells_from)}]" for r in b.rows for c in r]
    whole = (f"#block(breakable: false)[#table(columns: {len(b.header)}, {', '.join(cells)})"
             f"{_typ_source(b.source)}]")  # fmt: skip
    return (f"#metadata(none) <wz-table-{key}>\n"
            f"#context {{ let whole = [{whole}]; "
            f"let h = measure(whole, width: {TEXT_WIDTH_CM}cm).height; "
            f"let room = {TEXT_BOTTOM_CM}cm - locate(<wz-table-{key}>).position().y; "
            f"if h <= room or (h <= {PAGE_HEIGHT_CM}cm and (h <= {PAGE_HEIGHT_CM * SHORT_MOVES:.2f}cm "
            f"or room < {MIN_ROOM_CM}cm)) {{ whole }} "
            f"else [{_typ_long_table(b, lang, cells_from).strip()}] }}\n")  # fmt: skip


def to_typst(doc: Document, root: Path, cells_from: str | None = None) -> str:
    """The document as Typst markup; figure paths are absolute within the Typst root (the
    export folder `root`); a figure is as wide as the text unless it would be taller than
    FIGURE_HEIGHT_CM. `cells_from`: the export root seen from the PDF's folder; given, each
    number links to its cell (`cell_link`)."""
    lang = doc.lang
    out = [PREAMBLE.replace("{title}", _str(doc.title)).replace("{lang}", _str(lang))]
    for k, b in enumerate(doc.blocks):
        if isinstance(b, Heading):
            out.append(f"#heading(level: {b.level})[{_typ_text(b.text, lang, cells_from)}]\n")
        elif isinstance(b, Para):
            body = _typ_text(b.text, lang, cells_from)
            if b.style == "note":
                body = f"#text(size: 8.5pt, fill: luma(80))[{body}]"
            elif b.style == "lead":
                body = f"#text(size: 11pt, fill: luma(60))[{body}]"
            par = f"#par[{body}]"
            # kept with what follows (sticky) and whole: never alone at the bottom of a page
            out.append(
                (f"#block(breakable: false, sticky: true)[{par}]" if b.style == "keep" else par)
                + "\n"
            )
        elif isinstance(b, Items):
            kind = "enum" if b.ordered else "list"
            items = ", ".join(f"[{_typ_text(i, lang, cells_from)}]" for i in b.items)
            block = f"#{kind}(spacing: 0.8em, {items})" if items else ""
            if b.style == "key":
                block = (f'#block(fill: rgb("#eef4fa"), stroke: (left: 4pt + rgb("#0072B2")), inset: 10pt, '
                         f"width: 100%, breakable: false)[{block}]")  # fmt: skip
            elif b.style == "keep":
                block = f"#block(breakable: false)[{block}]"
            out.append(block + "\n")
        elif isinstance(b, Table) and len(b.rows) > LONG_TABLE:
            out.append(_typ_long_table(b, lang, cells_from))
        elif isinstance(b, Table):
            out.append(_typ_short_table(b, lang, cells_from, k))
        elif isinstance(b, Poster):
            page = b.vector or b.path  # the PDF page, its text kept as text, when there is one
            out.append(
                f"#align(center, image({_str('/' + page)}, height: {POSTER_HEIGHT_CM}cm, alt: {_str(b.alt)}))"
                "\n#pagebreak()\n"
            )
        elif isinstance(b, Figure):
            texts = "".join(f"#par[{_typ_text(t, lang, cells_from)}]" for t in b.text)
            w, h = png_size(Path(root) / b.path)
            width = min(TEXT_WIDTH_CM, FIGURE_HEIGHT_CM * w / h) if w and h else TEXT_WIDTH_CM
            out.append(
                f"#block(breakable: false, width: 100%)[#heading(level: 2)[#{_str(b.title)}]{texts}"
                f"#align(center, image({_str('/' + b.path)}, width: {width:.2f}cm, alt: {_str(b.alt)}))]\n"
            )
    return "\n".join(out)


def fonts() -> list[str]:
    """The fonts the PDFs use: DejaVu Sans as shipped with matplotlib, so that the same document
    gives the same bytes on every machine, whatever fonts the system has."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def to_pdf(doc: Document, root: Path, path: str | Path, cells_from: str = "..") -> None:
    """The document as an A4 PDF typeset by Typst, figures read from the export `root`; no
    creation date and no system fonts, so the same document gives the same bytes. Each number
    is a link to its cell (`cell_link`), its table's path from the PDF's folder in the release:
    `cells_from`, the export root seen from there ('..' for `<theme>/rapport.pdf`), not from
    where `path` happens to be written, so the same export gives the same PDF wherever it is
    built (tests/e2e/test_export_only.py)."""
    import typst

    data = typst.compile(to_typst(doc, root, cells_from).encode("utf-8"), root=str(root),
                         font_paths=fonts(), ignore_system_fonts=True, format="pdf")  # fmt: skip
    files.write_bytes(data, path)
