"""R12: pages a kenniskring reads in 30 seconds, each point as a reviewer found it on the default
world's export.

1. a persona's title said 'in een gezin met twee ouders' beside 'Huishouden: stel met
   kinderen' on its card: one household, one description;
2. the income group read like a code ('midden (40-60%)', '3 (40-60%)'): words, the same on the
   card, in its title and as a group of a table;
3. 'X lijkt het meest op Y, vooral in: a, b, en in hoe de cijfers veranderen bij: c' was one
   long sentence: short sentences;
4. the four KOPP panels were sorted by the panel drawn last: the sorting panel first;
5. the infographic's trend word and the workbook's column Trend were not explained where they
   stand;
6. 'Wat is veranderd' said '<measure>: niets veranderd.' once per measure: once, after what
   changed;
7. the migratie infographic showed '9,1%' twice (the crude 2023 share, the corrected 2019 one):
   the trend's ends say their year;
8. the PDF report's numbers cited no cell (the HTML's do): each is a link to its cell.
"""

from __future__ import annotations

import contextlib
import re
import zlib

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import dashboard, document, infographic, labels, personas, report
from wijkzicht.outputs import figure_specs as fs
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs.similar_wijken import alike_in

HOUSEHOLDS = ("alleenstaand", "paar_zonder_kinderen", "paar_met_kinderen", "eenouder",
              "overig_huishouden", "institutioneel")  # fmt: skip


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def _card(household: str, income: str, age: str = "4-11", theme: str = "kopp") -> dict:
    return {"theme": theme, "leeftijd": age, "huishouden": household, "herkomst": "Nederland",
            "inkomen": income, "zorg_steun": "geen", "area_name": "Utrecht", "n_persons": "40",
            "n_target": "120", "rounding_base": "0"}  # fmt: skip


# --- 1 and 2: one description of a household and of an income, in words -----------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("household", HOUSEHOLDS)
def test_a_titles_household_is_said_in_the_cards_words(lang, household):
    # two cards alike but for their household: the titles tell them apart by it
    other = "eenouder" if household != "eenouder" else "alleenstaand"
    rows = [_card(household, "3"), _card(other, "3")]
    head = personas.titles(rows, lang)[0]
    card = dict(personas.attribute_lines(rows[0], lang))
    said = card[personas.TEXT[lang]["attr"]["huishouden"]]
    assert re.sub(r" \([^()]*\)$", "", said) in head, (head, said)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("income", ["1", "2", "3", "4", "5"])
def test_an_income_group_is_words_the_same_on_card_title_and_table(lang, income):
    rows = [
        _card("paar_met_kinderen", income),
        _card("paar_met_kinderen", "1" if income != "1" else "5"),
    ]
    head = personas.titles(rows, lang)[0]
    value = dict(personas.attribute_lines(rows[0], lang))[personas.TEXT[lang]["attr"]["inkomen"]]
    assert value == labels.income_words(lang, income)
    assert value in head
    # the same words as a group of a table (the odds ratios by income), never a code
    assert labels.group_value_label(lang, "inkomen", income) == value
    assert not re.search(r"\d+-\d+%|^\d", value), value
    # the card says what the groups are compared with: all of the Netherlands
    label = personas.TEXT[lang]["attr"]["inkomen"]
    assert ("Nederland" if lang == "nl" else "Netherlands") in label
    assert value in labels.INCOME_SCALE[lang]
    # the breakdown by income is named as the card names it, and the odds ratios' reference group
    # in the same words ('de laagste inkomensgroep' said nothing of what it is compared with)
    assert labels.group_label(lang, "inkomen") == label[:1].lower() + label[1:]
    assert labels.income_words(lang, "1") in labels.PLAIN[lang]["reference"]


# --- 3: which wijken are alike, in short sentences ---------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_alike_is_said_in_short_sentences(lang, defs):
    both = (
        "kopp.aandeel:breed:wilson;kopp.aandeel:psychofarmaca:wilson;kopp.aandeel:ggz:trend_logit"
    )
    line = "West lijkt het meest op Zuid" + alike_in(lang, both, defs) + "."
    sentences = [s for s in re.split(r"(?<=\.) ", line) if s]
    assert len(sentences) == 3, line
    assert all(len(s.split()) <= 14 for s in sentences), line
    assert (" en " if lang == "nl" else " and ") in sentences[1]  # a list ends with 'en', not ','
    trends = "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:trend_logit"
    line = "Oost lijkt het meest op Zuid" + alike_in(lang, trends, defs) + "."
    assert len([s for s in re.split(r"(?<=\.) ", line) if s]) == 2, line
    assert alike_in(lang, "", defs) == ""
    # several wijken like one (the factsheet's list): like that one, named, not 'like each other'
    like = alike_in(lang, both, defs, like="Overvecht")
    assert "Overvecht" in like and ("elkaar" not in like) and like.startswith(". ")


# --- 4: the panel the wijken are sorted by comes first -----------------------------------------


def test_the_wijken_are_sorted_by_the_first_panel(defs):
    from test_figure_selection import kopp_differences, kopp_measures, plot_axes

    m = kopp_measures()
    sel = fs.select("kopp_aandeel_wijk", m, defs, kopp_differences(), lang="nl", gemeente="GM0344")
    key = fs.sorting_definition("kopp", defs, list(dict.fromkeys(sel["definition"])))
    assert key == "breed"
    assert list(dict.fromkeys(sel["definition"]))[0] == key
    fig = fs.draw("kopp_aandeel_wijk", sel, defs, lang="nl")
    assert plot_axes(fig)[0].get_title(loc="left") == "brede definitie"
    w = fs.texts("kopp_aandeel_wijk", sel, defs, "nl")
    assert w["notes"][0] == "De wijken van hoog naar laag op het eerste paneel: brede definitie."
    plt.close(fig)
    # the city's trend takes the same order, so a definition has one colour in both figures
    trend = fs.select("kopp_trend", m, defs, kopp_differences(), lang="nl", gemeente="GM0344")
    assert list(dict.fromkeys(trend["definition"]))[0] == key


# --- 5 and 7: the infographic's trend -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_infographic_explains_its_trend_word_and_dates_its_ends(tmp_path, lang):
    from test_r7_infographic import _content

    c = _content(tmp_path, lang)
    assert c.trend_words and c.trend_means
    assert c.trend_means.lower().startswith(c.trend_words.lower() + ":")
    fig, _ = infographic._draw(c)
    texts = [t.get_text().replace("\n", " ") for t in fig.texts]
    texts += [t.get_text() for ax in fig.axes for t in ax.texts]
    assert infographic.trend_meaning(c) in texts, texts
    assert infographic.trend_meaning(c)[1:-1] in c.trend_means
    # the ends of the line: '2021: 9,1%', never a bare '9,1%' beside the big number's 9,1%
    pct = "9,1%" if lang == "nl" else "9.1%"
    ends = [t.get_text() for ax in fig.axes for t in ax.texts if "%" in t.get_text()]
    assert f"2021: {pct}" in ends and pct not in ends, ends
    # and the alt text says what the trend word means too
    assert c.trend_means.partition(": ")[2].rstrip(".") in infographic.alt_text(c)
    plt.close(fig)


def test_verdict_means_says_each_trend_word_once():
    for lang in ("nl", "en"):
        for verdict, words in fmt.VERDICT_WORDS[lang].items():
            means = fmt.verdict_means(lang, verdict)
            if verdict in fmt.TREND_KIND or verdict == "niet_te_toetsen":
                assert means.lower().startswith(words + ":"), (verdict, means)
            else:
                assert means == ""


def test_the_workbook_explains_the_trend_words_on_the_sheet(tmp_path, defs):
    from test_workbook import _export

    from wijkzicht.outputs import workbook

    root, files = _export(tmp_path)
    out = tmp_path / "wb.xlsx"
    workbook.build(root, files, defs, out, lang="nl", disclosure=config()["disclosure"])
    wb = openpyxl.load_workbook(out)
    seen = 0
    for ws in wb.worksheets[1:]:
        rows = list(ws.iter_rows(values_only=True))
        head = next(
            (r for r in rows if r and any(str(x).startswith("Trend 20") for x in r if x)), None
        )
        if head is None:
            continue
        column = [x for x in head if x and str(x).startswith("Trend 20")][0]
        i = list(head).index(column)
        words = {r[i] for r in rows[rows.index(head) + 1 :] if r[i] and r[i] not in ("x", "-")}
        reading = rows[2][0]
        for w in words:  # each trend word of the column explained in the sheet's reading line
            kind = next(k for k, v in fmt.VERDICT_WORDS["nl"].items() if v == w)
            assert fmt.TREND_SHORT["nl"][fmt.TREND_KIND[kind]] in reading.lower(), (ws.title, w)
        seen += bool(words)
    assert seen


# --- 6: what did not change, said once ----------------------------------------------------------


def test_what_did_not_change_is_said_once(tmp_path, defs):
    from test_r9_changes import export, releases

    from wijkzicht.release.changes import rows

    old, new = releases()
    root = export(tmp_path, defs)
    new.to_csv(root / "kopp" / "measures.csv", index=False)
    ch = rows(old, new)
    # a second measure of the theme that did not change, and one more
    extra = (
        new[new["measure"] == "kopp.aandeel"]
        .head(2)
        .assign(measure=["kopp.jeugdteam", "kopp.overlap"])
    )
    pd.concat([new, extra], ignore_index=True).to_csv(root / "kopp" / "measures.csv", index=False)
    ch.to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, defs, [], lang="nl").changes_section()
    items = [document.plain(i, "nl") for b in blocks if hasattr(b, "items") for i in b.items]
    assert not any(
        "niets veranderd." in i and not i.startswith("Niets veranderd bij:") for i in items
    ), items
    assert sum("iets veranderd" in i for i in items) == 1, items
    assert items[-1].startswith("Niets veranderd bij: ") and " en " in items[-1], items
    # nothing changed at all: one sentence, no list
    ch.iloc[:0].to_csv(root / "changes.csv", index=False)
    blocks = report.ThemeReport("kopp", root, defs, [], lang="nl").changes_section()
    said = [document.plain(b.text, "nl") for b in blocks if hasattr(b, "text")]
    assert not [b for b in blocks if hasattr(b, "items")]
    assert report.WORDS["nl"]["unchanged_all"] in said
    # the dashboard: the themes without a change in one line after those that changed
    page = dashboard.changes_section(ch, "nl")
    lis = re.findall(r"<li>(.*?)</li>", page)
    assert lis[0].startswith("Kinderen van ouders") and lis[-1].startswith("Niets veranderd bij: ")
    assert page.count("iets veranderd") == 1


# --- 8: the PDF's numbers cite their cells --------------------------------------------------------


def _uris(pdf: bytes) -> list[str]:
    out = re.findall(rb"/URI ?\(([^)]*)\)", pdf)
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            out += re.findall(rb"/URI ?\(([^)]*)\)", zlib.decompress(m.group(1)))
    return [u.decode() for u in out]


def test_the_pdfs_numbers_link_to_their_cells(tmp_path):
    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    table = pd.DataFrame({"value": [0.26, 0.377], "numerator": [100, 200]})
    table.to_csv(root / "kopp" / "measures.csv", index=False)
    cells = [document.Cell("kopp/measures.csv", 1, "value", 0.377),
             document.Cell("kopp/measures.csv", 0, "numerator", 100, "count")]  # fmt: skip
    doc = document.Document(
        "t", "nl",
        [document.Para(["In Overvecht ", cells[0], "."]),
         document.Table(["Wat", "Aantal"], [[["kinderen"], [cells[1]]]], "Bron: x.")],
    )  # fmt: skip
    document.to_pdf(doc, root, root / "kopp" / "rapport.pdf")
    uris = _uris((root / "kopp" / "rapport.pdf").read_bytes())
    assert sorted(uris) == sorted(document.cell_link(c, "..") for c in cells), uris
    for uri in uris:  # each resolves, from the PDF's folder, to the cell of the number it is on
        path, _, query = uri.partition("#")
        q = dict(x.split("=") for x in query.split("&"))
        back = pd.read_csv(root / "kopp" / path)
        cell = next(c for c in cells if c.row == int(q["row"]) and c.col == q["col"])
        assert back.loc[cell.row, cell.col] == cell.value
    # the same document gives the same bytes
    document.to_pdf(doc, root, root / "kopp" / "again.pdf")
    assert (root / "kopp" / "again.pdf").read_bytes() == (
        root / "kopp" / "rapport.pdf"
    ).read_bytes()
    # and wherever it is written: the links are the PDF's place in the release, not where a
    # builder writes it (tests/e2e/test_export_only.py builds the pages outside the export)
    elsewhere = tmp_path / "built" / "kopp" / "rapport.pdf"
    document.to_pdf(doc, root, elsewhere)
    assert elsewhere.read_bytes() == (root / "kopp" / "rapport.pdf").read_bytes()


# --- the dashboard's map table: from high to low, as every list of wijken ------------------------


def test_the_dashboard_maps_table_lists_the_wijken_from_high_to_low():
    from test_maps import CODES, measures_table

    from wijkzicht.outputs import maps

    defs = parse_definitions(config())
    sel = maps.select("kopp", measures_table(), defs, None, lang="nl", gemeente="GM0344")
    rows = sel[sel["role"] == "area"]
    assert set(rows["area_code"]) <= set(CODES)
    ordered = maps.table_order(rows.set_index("area_code"))
    shown = ordered[ordered["state"] == "ok"]
    assert list(shown["value"]) == sorted(shown["value"], reverse=True)
    # the areas without a value last
    assert list(ordered["state"] == "ok") == sorted(ordered["state"] == "ok", reverse=True)
    assert len(ordered) == len(rows)


# --- a standardised table of buurten says so in its column -----------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_standardised_table_of_buurten_says_so_in_its_column(tmp_path, defs, lang):
    from test_report_messages import migratie_tables, row

    m, v = migratie_tables()
    buurt = row(
        "migratie", "migratie.ggz", "ggz", 2022, "WK034403", method="direct_std_gamma", value=0.15
    )
    buurt |= {
        "area_level": "buurt",
        "area_code": "BU03440301",
        "area_name": "Taag- en Rubicondreef",
    }
    m = pd.concat([m, pd.DataFrame([buurt])], ignore_index=True)
    root = tmp_path / "export"
    (root / "migratie").mkdir(parents=True)
    m.to_csv(root / "migratie" / "measures.csv", index=False)
    v.to_csv(root / "migratie" / "verschillen.csv", index=False)
    blocks = report.ThemeReport("migratie", root, defs, [], lang=lang).buurt_section()
    (table,) = [b for b in blocks if isinstance(b, document.Table)]
    assert table.header[2] == f"{'Cijfer' if lang == 'nl' else 'Value'} ({fmt.ADJUSTED[lang]})"
