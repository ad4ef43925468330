"""What readers stumbled over in the pages (a new user, U4), each fixed and held here: a table of
few rows but many lines that ran into the page footer; ▲ ▼ without a word that they are not a
trend; 'daalt duidelijk' in one place and 'daalt' in another for the same test; persona titles
with a rank and an age code; the factsheet silent on what changed since the previous release."""

import html
import re
import shutil
import subprocess

import pandas as pd
import pytest
from test_factsheet import definitions  # noqa: F401 (fixture)
from test_factsheet import export as fs_export  # noqa: F401 (fixture)
from test_report_messages import kopp_tables, verdict

from wijkzicht.disclosure.export import write_csv
from wijkzicht.outputs import document as doc
from wijkzicht.outputs import factsheet as fs
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs import personas
from wijkzicht.outputs.document import plain
from wijkzicht.outputs.key_messages import key_messages

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (make pdf-deps)"
)

# A4 in points, and the bottom of the text within PREAMBLE's bottom margin of 2.2 cm
PAGE_PT = 841.89
BODY_BOTTOM_PT = PAGE_PT - 2.2 / 2.54 * 72


def words(pdf) -> list[list[tuple[float, str]]]:
    """Per page, the (bottom y in points, word) of every word, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return [
        [(float(y), w) for y, w in re.findall(r'yMax="([\d.]+)">([^<]*)<', page)]
        for page in out.split("<page ")[1:]
    ]


def _tall_table(n: int) -> doc.Table:
    """n rows of three lines each: few rows, but taller than a page when n is 25 or more."""
    note = "een toelichting die over meer regels loopt in deze smalle kolom van de tabel"
    rows = [[[f"rij{i}"], ["10,0%"], ["8% tot 12%"], [note]] for i in range(n)]
    return doc.Table(["Wat", "Cijfer", "95%-interval", "Toelichting"], rows, "Bron: tabelbron.")


@needs_poppler
@pytest.mark.parametrize("before", [0, 4])
def test_a_table_of_few_rows_taller_than_a_page_stays_above_the_footer(tmp_path, before):
    """A table of at most LONG_TABLE rows whose rows take several lines each is taller than a
    page: as one unbreakable block it ran over the bottom margin, its last rows and its Bron
    line printed into the page footer. Now it breaks over the pages as a long table does: no
    word below the text area but the footer's, and the Bron line once, under the last row, on
    that row's page."""
    table = _tall_table(28)
    assert len(table.rows) <= doc.LONG_TABLE
    blocks = [doc.Heading(1, ["Tabel"]), *(doc.Para(["tekst " * 80]) for _ in range(before)), table]
    doc.to_pdf(doc.Document("Voettekst", "nl", tuple(blocks)), tmp_path, tmp_path / "t.pdf")
    pages = words(tmp_path / "t.pdf")
    for page in pages:
        body = [(y, w) for y, w in page if w not in ("Voettekst", "/") and not w.isdigit()]
        assert max(y for y, _ in body) <= BODY_BOTTOM_PT + 1, body[-3:]
    said = [(i, y) for i, page in enumerate(pages) for y, w in page if w == "tabelbron."]
    last = [(i, y) for i, page in enumerate(pages) for y, w in page if w == "rij27"]
    assert len(said) == 1 and said[0][0] == last[0][0] and said[0][1] > last[0][1]


@needs_poppler
def test_a_table_that_fits_a_page_still_moves_whole_to_the_next(tmp_path):
    """A table shorter than a page stays one block with its Bron line: after text that leaves
    too little room, all its rows go to the next page (it is not split)."""
    blocks = [doc.Heading(1, ["Tabel"]), *(doc.Para(["tekst " * 80]) for _ in range(5)),
              _tall_table(8)]  # fmt: skip
    doc.to_pdf(doc.Document("Voettekst", "nl", tuple(blocks)), tmp_path, tmp_path / "t.pdf")
    pages = words(tmp_path / "t.pdf")
    on = {w: i for i, page in enumerate(pages) for _, w in page if w.startswith("rij")}
    assert len(set(on.values())) == 1, on
    assert any(w == "tabelbron." for _, w in pages[on["rij0"]])


# --------------------------------------------------------------------------- the factsheet


def _visible(page: str) -> str:
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_factsheet_legend_says_what_marks_and_trend_words_are(fs_export, definitions, lang):  # noqa: F811
    """U4 read ▲ ▼ as rising and falling: the legend says they compare the wijk with the city,
    not a trend, and where the trend is; and says the trend words the page uses in short
    before the first of them (Overvecht: daalt and stijgt)."""
    page = fs.factsheet("WK034403", fs_export, definitions, lang=lang, gemeente="GM0344")
    legend = page[page.index('<div class="legend">') :]
    legend = _visible(legend[: legend.index("</div>")])
    words = {"nl": ("(geen trend: die staat bij Per jaar)", "Per jaar, in woorden: "),
             "en": ("(not a trend: that is under Per year)", "Per year, in words: ")}[lang]  # fmt: skip
    assert words[0] in legend, legend
    # the words the lines say (daalt, stijgt, blijft ongeveer gelijk), in short, before the first
    said = re.findall(r'class="tw">([^<]*)<', page)
    codes = [v for v, w in fmt.VERDICT_WORDS[lang].items() if w in said]
    assert {"daalt", "stijgt"} <= set(codes), said
    short = fmt.trend_short(lang, codes)
    assert words[1] + short[:1].lower() + short[1:] in legend, legend
    assert page.index('<div class="legend">') < page.index('class="tw"')


def _changes(rows) -> pd.DataFrame:
    cols = ["theme", "measure", "definition", "year", "area_level", "area_code", "area_name",
            "group", "group_value", "method", "change"]  # fmt: skip
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


CHANGES = _changes([
    ("kopp", "kopp.aandeel", "breed", 2022, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "wilson", "changed"),
    ("kopp", "kopp.aandeel", "ggz", 2022, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "wilson", "changed"),
    ("kopp", "kopp.aandeel", "nieuw", 2023, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "wilson", "added"),
    ("kopp", "kopp.aandeel", "breed", 2023, "wijk", "WK034403", "Overvecht", "totaal", "totaal", "trend_logit",
     "changed"),
    ("kopp", "kopp.aandeel", "breed", 2022, "wijk", "WK034401", "West", "totaal", "totaal", "wilson", "changed"),
    ("organisaties", "org.x", "", 2023, "gemeente", "GM0344", "Utrecht", "totaal", "totaal", "aangeleverd",
     "newly_published"),
])  # fmt: skip


def test_the_factsheet_says_in_one_line_what_changed_for_its_wijk(fs_export, definitions, tmp_path):  # noqa: F811
    """With a previous release named (changes.csv given), a line under the title says how the
    wijk's figures changed (its rows, a trend too as in the report: three changed, one new,
    in the singular where one); without one, no line. The pages read the file the rule names."""
    page = fs.factsheet("WK034403", fs_export, definitions, lang="nl", gemeente="GM0344",
                        changes=CHANGES)  # fmt: skip
    line = re.search(r'<p class="sub changes">(.*?)</p>', page).group(1)
    assert html.unescape(line).startswith(
        "Sinds de vorige uitgave: 3 cijfers veranderd en 1 nieuw cijfer over Overvecht en de buurten daarin ("
    ), line
    other = fs.factsheet("WK034410", fs_export, definitions, lang="en", gemeente="GM0344",
                         changes=CHANGES)  # fmt: skip
    assert (
        "Since the previous release, no figure about Vleuten-De Meern or its buurten has changed."
        in other
    )
    plain_page = fs.factsheet("WK034403", fs_export, definitions, lang="nl", gemeente="GM0344")
    assert "vorige uitgave" not in plain_page and 'class="sub changes"' not in plain_page
    # write_factsheets reads the file it is given
    write_csv(CHANGES, tmp_path / "changes.csv")
    fs.write_factsheets(fs_export, definitions, [tmp_path / "overvecht.html"],
                        {"overvecht": "WK034403"}, lang="nl", gemeente="GM0344",
                        changes=tmp_path / "changes.csv")  # fmt: skip
    assert line in (tmp_path / "overvecht.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- trend words


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("direction", ["daalt", "stijgt"])
def test_a_wijk_trend_in_the_key_messages_has_the_words_of_every_page(definitions, lang, direction):  # noqa: F811
    """U4: 'daalt duidelijk' in the key messages, 'daalt' on the factsheet and the dashboard for
    the same test. A wijk's clear trend is said in the words of `format.VERDICT_WORDS` (no
    'duidelijk', 'clearly'), and the message ends with the trend words in short."""
    m, v = kopp_tables()
    v = v[v["comparison"] != "trend"]
    v = pd.concat([v, pd.DataFrame([
        verdict("kopp.aandeel", "breed", 2023, "GM0344", "geen_trend", "trend_logit", "trend"),
        verdict("kopp.aandeel", "breed", 2023, "WK034403", direction, "trend_logit", "trend"),
    ])], ignore_index=True)  # fmt: skip
    msgs = {
        x.kind: x
        for x in key_messages("kopp", m, v, definitions, lang=lang, file="kopp/measures.csv")
    }
    text = plain(msgs["trend"].parts, lang)
    word = fmt.VERDICT_WORDS[lang][direction]
    assert (f"{word} het aandeel" if lang == "nl" else f"the share is {word}") in text, text
    assert "duidelijk." not in text and "clearly" not in text, text
    assert text.endswith(" " + fmt.trend_short(lang, ["geen_trend", direction])), text


def test_the_trend_words_in_short_say_only_the_kinds_used():
    assert fmt.trend_short("nl", ["daalt"]) == "Stijgt of daalt: waarschijnlijk geen toeval."
    # a slight trend is a clear one: both
    assert fmt.trend_short("nl", ["stijgt_licht"]) == (
        "Stijgt of daalt: waarschijnlijk geen toeval; licht: een kleine verandering."
    )
    assert fmt.trend_short("en", ["geen_trend", "gelijk"]).startswith("About the same: ")
    assert fmt.trend_short("nl", ["hoger", "niet_te_toetsen", None]) == ""
    assert fmt.trend_short("nl").count(";") == 3  # every kind


# --------------------------------------------------------------------------- persona titles


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_persona_titles_say_who_in_plain_words_without_rank_or_codes(lang):
    """U4: 'Persona 1: kind van 4-11 jaar' read stiff: a rank and an age code. A title says who
    the persona is: 'Kind van 4 tot en met 11 jaar', 'Volwassene van 65 jaar en ouder'."""
    rows = [{"theme": t, "rank": str(i + 1), "leeftijd": age, "huishouden": "alleenstaand"}
            for i, (t, age) in enumerate([("kopp", "4-11"), ("migratie", "65+"), ("nieuwkomers", "18-29"),
                                          ("kopp", "overig")])]  # fmt: skip
    heads = personas.titles(rows, lang)
    assert heads == {
        "nl": ["Kind van 4 tot en met 11 jaar", "Volwassene van 65 jaar en ouder",
               "Nieuwkomer van 18 tot en met 29 jaar", "Kind"],
        "en": ["Child aged 4 to 11", "Adult aged 65 and over", "Newcomer aged 18 to 29", "Child"],
    }[lang]  # fmt: skip
    for head in heads:
        assert not re.search(r"\d-\d|\d\+|Persona|:", head), head
    card = personas.compact_card_html({**rows[0], "n_persons": "50", "n_target": "400",
                                       "area_name": "Oost"}, lang, 3)  # fmt: skip
    assert f"<h3>{heads[0]}</h3>" in card
