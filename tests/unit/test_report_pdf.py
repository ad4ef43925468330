"""The theme report as a page and as a PDF: the same blocks, in the reading order, every number a
citation of its cell, nothing a reader should not see (paths, table names, codes, '>='), and the
same bytes when built again."""

import re
import shutil
import subprocess

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from test_report_messages import kopp_tables
from worlds import CITATION, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.outputs import document as doc
from wijkzicht.outputs import format as fmt
from wijkzicht.outputs import report

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (make pdf-deps)"
)


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def pdf_text(path, page=None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def png(path, size=(4, 3)):
    fig = plt.figure(figsize=size)
    fig.add_subplot().plot([0, 1], [0, 1])
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=50, metadata={"Software": None})
    plt.close(fig)


def test_html_cites_cells_and_marks_wijken(tmp_path):
    d = doc.Document("T", "nl", (
        doc.Heading(1, ["Kinderen & ouders <b>"]),
        doc.Items([["In Overvecht ", doc.Mark("hoger", "two_proportion_z"), " ", doc.Mark("lager", "z_independent"), " ", doc.Cell("kopp/measures.csv", 7, "value", 0.3612, "freq"),
                    " (", doc.Cell("kopp/measures.csv", 7, "value", 0.3612), ")"]], ordered=True, style="key"),
        doc.Table(["Wat", "Aantal"], [[["kinderen"], [doc.Cell("changes.csv", 0, "rows_changed", 35152.0, "count")]]]),
    ))  # fmt: skip
    page = doc.to_html(d, tmp_path)
    assert "Kinderen &amp; ouders &lt;b&gt;" in page
    assert CITATION.findall(page) == [
        ("kopp/measures.csv", "7", "value", "freq", "ruim 1 op de 3"),
        ("kopp/measures.csv", "7", "value", "pct", "36,1%"),
        ("changes.csv", "0", "rows_changed", "count", "35.152"),
    ]
    # the mark's words say what its test compared the wijk with
    assert 'aria-label="duidelijk hoger dan de rest van de gemeente"' in page and "▲" in page
    assert 'aria-label="duidelijk lager dan de gemeente als geheel"' in page and "▼" in page
    assert '<ol class="key">' in page


def test_an_image_with_its_own_source_line_does_not_get_it_twice(tmp_path):
    """Figures, maps and the infographic carry their 'Bron:' line in the image: the page says it
    to screen readers only (a visually hidden caption), not a second time under the image."""
    png(tmp_path / "kopp" / "f.png", (8, 6))
    d = doc.Document("T", "nl", (doc.Poster("kopp/f.png", "alt: de infographic", "Bron: x"),
                                 doc.Figure("kopp/f.png", "Figuur", [["Tekst."]], "alt: een lijn", "Bron: x")))  # fmt: skip
    page = doc.to_html(d, tmp_path)
    assert (
        page.count('<figcaption class="sr">Bron: x</figcaption>') == 2
        and "<figcaption>" not in page
    )
    assert ".sr{position:absolute;width:1px;height:1px;overflow:hidden" in page


@needs_poppler
def test_typst_takes_text_literally_and_keeps_a_figure_under_its_text(tmp_path):
    png(tmp_path / "kopp" / "f.png", (8, 6))
    tricky = (
        'Een "citaat" met #hash, *ster*, $dollar$, <hoek> en // geen commentaar, @ref en \\ slash'
    )
    blocks = [doc.Heading(1, ["Titel met Indonesië"]), doc.Para([tricky])]
    blocks += [doc.Para([f"regel {i} om de pagina te vullen"]) for i in range(40)]
    blocks += [
        doc.Figure(
            "kopp/f.png", "Figuurtitel", [["Wat de figuur laat zien."]], "alt: een lijn", "Bron: x"
        )
    ]
    d = doc.Document("Titel", "nl", tuple(blocks))
    doc.to_pdf(d, tmp_path, tmp_path / "a.pdf")
    doc.to_pdf(d, tmp_path, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert not list(tmp_path.glob("*.tmp.pdf"))
    text = " ".join(pdf_text(tmp_path / "a.pdf").split())
    assert tricky in text and "Titel met Indonesië" in text
    # the figure did not fit under the filler: heading, text and image moved together; the
    # source line is in the image, not printed a second time under it
    n = pages(tmp_path / "a.pdf")
    assert n == 2
    last = pdf_text(tmp_path / "a.pdf", n)
    assert "Figuurtitel" in last and "Wat de figuur laat zien." in last and "Bron: x" not in text
    assert "regel 39" not in last


def export(tmp_path, definitions):
    """A tiny export of theme kopp: measures, verschillen, similar wijken, linkage, one figure."""
    root = tmp_path / "export"
    m, v = kopp_tables()
    (root / "kopp").mkdir(parents=True)
    m.to_csv(root / "kopp" / "measures.csv", index=False)
    v.to_csv(root / "kopp" / "verschillen.csv", index=False)
    pd.DataFrame([{"year": 2023, "wijk": "WK034403", "wijk_name": "Overvecht", "rank": 1, "neighbour": "WK034406",
                   "neighbour_name": "Binnenstad", "distance": 1.2, "n_common": 4,
                   "closest_indicators": "kopp.aandeel:ggz:trend_logit;kopp.aandeel:breed:wilson"}]).to_csv(
        root / "kopp" / "vergelijkbare_wijken.csv", index=False)  # fmt: skip
    (root / "linkage").mkdir()
    pd.DataFrame([{"source": "ZVWZORGKOSTENTAB", "year": 2023, "kenmerk": "x", "n_rows": 10, "share_linkable": 1,
                   "share_in_gba": 0.9969}]).to_csv(root / "linkage" / "linkage.csv", index=False)  # fmt: skip
    png(root / "kopp" / "kopp_trend.png")
    return root


@needs_poppler
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_first_page_is_text_a_reader_can_select_and_search(tmp_path, definitions, lang):
    """The report's first page, the infographic, was its PNG: no text to select, search or read
    out. The PDF embeds the infographic's own PDF, whose text is text; the HTML page keeps the
    PNG; the alt text a screen reader reads says the big number, the wijken and the trend."""
    from wijkzicht.outputs import infographic

    root = export(tmp_path, definitions)
    pdf, png_ = root / "kopp" / "infographic.pdf", root / "kopp" / "infographic.png"
    c = infographic.write_from_export(
        "kopp", root, definitions, pdf, png_, lang=lang, gemeente="GM0344"
    )
    out = tmp_path / "out"
    report.write_theme_report("kopp", root, definitions, [png_, root / "kopp" / "kopp_trend.png"],
                              out / "rapport.html", out / "rapport.pdf", lang=lang)  # fmt: skip
    first = " ".join(pdf_text(out / "rapport.pdf", 1).split())
    guide = infographic.TEXT[lang]["guide"]
    assert guide in first and c.big_text in first and c.big in first, first
    # the HTML page shows the PNG with its alt text
    page = (out / "rapport.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png') == 2 and "infographic.pdf" not in page
    alt = infographic.alt_text(c)
    assert c.trend_words and alt[0].isupper(), alt
    # the trend and what its word means (format.verdict_means), last
    assert alt.endswith(f"{c.trend_words} ({c.trend_means.partition(': ')[2].rstrip('.')}).")
    # without the PDF beside it (a report built from PNGs alone), the PNG as before
    pdf.unlink()
    assert (
        report.ThemeReport("kopp", root, definitions, ["kopp/infographic.png"], lang=lang)
        .poster("kopp/infographic.png")
        .vector
        == ""
    )


def test_the_poster_says_what_the_drawn_infographic_holds(tmp_path, definitions):
    """The report printed under its infographic the alt text and 'Bron:' line of a content
    made again from the export alone, without the persona cards and the map that the
    infographic job drew: a line naming fewer tables than the image's. Given the drawn content
    (as `pages.write_theme_pages` passes it), the poster says what the image holds."""
    from dataclasses import replace

    from wijkzicht.outputs import infographic

    root = export(tmp_path, definitions)
    drawn = infographic.content("kopp", root, definitions, lang="nl", gemeente="GM0344")
    drawn = replace(drawn, source=drawn.source + ", huishoudens, inkomen van het huishouden")
    poster = report.ThemeReport(
        "kopp", root, definitions, ["kopp/infographic.png"], lang="nl", infographic=drawn
    ).poster("kopp/infographic.png")
    assert poster.source == drawn.source
    assert poster.alt == infographic.alt_text(drawn)
    # without it, as before: the content made from the export alone
    alone = report.ThemeReport("kopp", root, definitions, ["kopp/infographic.png"], lang="nl")
    assert (
        alone.poster("kopp/infographic.png").source
        == infographic.content("kopp", root, definitions, lang="nl", gemeente="GM0344").source
    )


def test_theme_report_reads_in_order_cites_every_number_and_is_reproducible(tmp_path, definitions):
    root = export(tmp_path, definitions)
    figures = [root / "kopp" / "kopp_trend.png"]
    for name in ("a", "b"):
        report.write_theme_report("kopp", root, definitions, figures, tmp_path / name / "rapport.html",
                                  tmp_path / name / "rapport.pdf", lang="nl", alpha=0.05)  # fmt: skip
    for f in ("rapport.html", "rapport.pdf"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    page = (tmp_path / "a" / "rapport.html").read_text(encoding="utf-8")

    heads = re.findall(r"<h2>(.*?)</h2>", page)
    assert heads == ["Kernboodschappen", "Leeswijzer", "Kerncijfers voor Utrecht", "Ontwikkeling in Utrecht, 2022-2023",
                     "Definities: wie en wat telt mee", "Bronnen en koppeling", "Wat is veranderd sinds de vorige uitgave",
                     "Wijken die op elkaar lijken", "Vragen voor de kenniskring"]  # fmt: skip
    key = re.search(r'<ol class="key">(.*?)</ol>', page).group(1)
    assert "Overvecht" in key and CITATION.findall(key)

    tables = {}
    for file, row, col, kind, shown in CITATION.findall(page):
        if file not in tables:
            tables[file] = pd.read_csv(root / file, keep_default_na=False, na_values=[""])
        value = float(tables[file].loc[int(row), col])
        expected = doc.shown(doc.Cell(file, int(row), col, value, kind), "nl")
        assert shown == expected, (file, row, col)
    assert fmt.pct(0.9969, "nl") in page  # the linkage share, cited

    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)>.*?</\1>", "", page, flags=re.S))
    text = re.sub(r'src="data:[^"]+"', "", text)
    assert "results/export" not in page and ">=" not in text and "&gt;=" not in text
    assert not [t for t in TABLES if t in page], "CBS table names on the page"
    assert "WK0344" not in text and "GM0344" not in text
    assert 'alt="Lijnen per definitie' in page  # alt text says what the figure shows
    assert "Bron: CBS-microdata" in text
    # the odds ratios, trends and verdicts are words, the test is named in the reading guide: in
    # plain words first, the technical term after it (fresh-user trial: 'z-toets' unexplained)
    assert (
        "een toets of het verschil tussen twee percentages groter is dan toeval: de z-toets voor twee "
        "proporties" in text
    )
    assert "gecorrigeerd voor het aantal wijken (methode van Holm)" in text
    assert "of de cijfers één kant op gaan (een regressie op het jaartal)" in text


@needs_poppler
def test_theme_report_pdf_says_what_the_page_says(tmp_path, definitions):
    root = export(tmp_path, definitions)
    report.write_theme_report("kopp", root, definitions, [root / "kopp" / "kopp_trend.png"],
                              tmp_path / "rapport.html", tmp_path / "rapport.pdf", lang="en")  # fmt: skip
    text = " ".join(pdf_text(tmp_path / "rapport.pdf").split())
    page = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    key = re.search(r'<ol class="key">(.*?)</ol>', page).group(1)
    for item in re.findall(r"<li>(.*?)</li>", key):
        words = " ".join(re.sub(r"<[^>]+>", "", item).split())
        assert words in text, words
    assert (
        text.index("Key messages")
        < text.index("How to read this report")
        < text.index("Trend in Utrecht")
    )
    # the figure's source line is in its image (here a blank test image), not printed under it;
    # the tables' own source lines are printed (they are no image)
    import html

    figure = html.unescape(re.search(r'<section class="figure">.*?<figcaption class="sr">(.*?)</figcaption>',
                                     page, re.S).group(1))  # fmt: skip
    assert figure.startswith("Source: CBS microdata") and figure not in text


def test_the_reading_guide_states_the_configured_slight_share(tmp_path, definitions):
    # config findings.slight reaches the report's trend rule (the pages job's parameter `slight`)
    root = export(tmp_path, definitions)
    report.write_theme_report("kopp", root, definitions, [], tmp_path / "r.html", tmp_path / "r.pdf",
                              lang="nl", slight=0.2)  # fmt: skip
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert fmt.trend_rule("nl", 0.2) in page and "minder dan 20% van zichzelf" in page


def test_a_measure_without_wijk_rows_says_there_is_nothing_to_compare(tmp_path, definitions):
    from wijkzicht.outputs.findings import findings

    root = export(tmp_path, definitions)
    m = pd.read_csv(root / "kopp" / "measures.csv", keep_default_na=False, na_values=[""])
    m = m[m["area_level"] != "wijk"]
    m.to_csv(root / "kopp" / "measures.csv", index=False)
    findings(m).to_csv(root / "kopp" / "verschillen.csv", index=False)
    for lang, words in (("nl", "er zijn geen cijfers per wijk, dus er is niets te vergelijken met"),
                        ("en", "there are no figures by wijk, so there is nothing to compare with")):  # fmt: skip
        r = report.ThemeReport("kopp", root, definitions, [], lang=lang)
        said = [
            "".join(str(p) for p in t)
            for t in r.flag_text("kopp.aandeel", "wilson", 2023, ["breed"])
        ]
        assert len(said) == 1 and words in said[0], said


def test_wijken_alike_in_trends_are_said_to_change_alike(tmp_path, definitions):
    root = export(tmp_path, definitions)
    sim = pd.read_csv(root / "kopp" / "vergelijkbare_wijken.csv")
    sim["closest_indicators"] = "kopp.aandeel:ggz:trend_logit"
    sim.to_csv(root / "kopp" / "vergelijkbare_wijken.csv", index=False)
    report.write_theme_report("kopp", root, definitions, [], tmp_path / "r.html", tmp_path / "r.pdf",
                              lang="nl")  # fmt: skip
    text = re.sub(r"<[^>]+>", "", (tmp_path / "r.html").read_text(encoding="utf-8"))
    # 'Overvecht lijkt het meest op Binnenstad. De cijfers veranderen er op dezelfde manier, ...'
    assert re.search(
        r"lijkt het meest op Binnenstad\. De cijfers veranderen er op dezelfde manier, vooral bij: "
        r"ouder met GGZ-zorg\.",
        text,
    )
    assert re.search(r"lijkt op Binnenstad \W* ?in hoe de cijfers veranderen: wat kunnen", text)


def _with_model_estimates(root):
    """Model estimates (modelschatting) for two wijken and their buurten, in code order."""
    m = pd.read_csv(root / "kopp" / "measures.csv", keep_default_na=False, na_values=[""])
    rows = []
    for level, code, name, value in (
        ("wijk", "WK034403", "Overvecht", 0.14),
        ("wijk", "WK034406", "Binnenstad", 0.12),
        ("buurt", "BU03440301", "Taag", 0.15),
        ("buurt", "BU03440601", "Wijk C", 0.12),
    ):
        rows.append({**m.iloc[0].to_dict(), "measure": "migratie.k10_hoog", "definition": "k10_hoog", "year": 2022,
                     "area_level": level, "area_code": code, "area_name": name, "method": "modelschatting",
                     "value": value, "ci_lower": value - 0.03, "ci_upper": value + 0.03, "n_denominator": 40,
                     "status": "ok"})  # fmt: skip
    pd.concat([m, pd.DataFrame(rows)], ignore_index=True).to_csv(
        root / "kopp" / "measures.csv", index=False
    )


def test_model_estimates_say_a_buurt_leans_on_its_wijk(tmp_path, definitions):
    root = export(tmp_path, definitions)
    _with_model_estimates(root)
    for lang in ("nl", "en"):
        r = report.ThemeReport("kopp", root, definitions, [], lang=lang)
        said = " ".join(
            "".join(str(p) for p in b.text) for b in r.model_section() if isinstance(b, doc.Para)
        )
        assert fmt.MODEL_BUURT[lang] in said
        assert "om buurten te vergelijken" not in said and "to compare buurten" not in said


def test_tables_of_buurten_put_the_wijken_high_to_low_as_the_figures_do(tmp_path, definitions):
    """Overvecht 36,2%, Zuid 26,0%, Binnenstad 12,0% (kopp_tables): that order in the table of
    buurten and in the model estimates, not the code order (03, 06, 07), said once per table."""
    root = export(tmp_path, definitions)
    m = pd.read_csv(root / "kopp" / "measures.csv", keep_default_na=False, na_values=[""])
    wijk = m[(m["area_level"] == "wijk") & (m["definition"] == "breed") & (m["method"] == "wilson")]
    buurten = wijk.assign(area_level="buurt", area_code=wijk["area_code"].str.replace("WK", "BU") + "01",
                          area_name=wijk["area_name"] + "-Noord")  # fmt: skip
    pd.concat([m, buurten], ignore_index=True).to_csv(root / "kopp" / "measures.csv", index=False)
    _with_model_estimates(root)  # Overvecht and Binnenstad
    m = pd.read_csv(root / "kopp" / "measures.csv", keep_default_na=False, na_values=[""])
    zuid = m[(m["method"] == "modelschatting") & (m["area_code"] == "WK034406")].assign(
        area_code="WK034407", area_name="Zuid"
    )
    pd.concat([m, zuid], ignore_index=True).to_csv(root / "kopp" / "measures.csv", index=False)
    r = report.ThemeReport("kopp", root, definitions, [], lang="nl")
    for section, expected in ((r.buurt_section(), ["Overvecht", "Zuid", "Binnenstad"]),
                              (r.model_section(), ["Overvecht", "Zuid", "Binnenstad"])):  # fmt: skip
        table = next(b for b in section if isinstance(b, doc.Table))
        wijken = [str(row[0][0].text) for row in table.rows if row[0] and row[0][0] != ""]
        assert wijken == expected
        note = "".join(str(p) for b in section if isinstance(b, doc.Para) for p in b.text)
        assert note.count("De wijken staan van hoog naar laag op") == 1
    # in running text the key figure's name starts small, as a code (GGZ) would not
    en = report.ThemeReport("kopp", root, definitions, [], lang="en")
    note = "".join(str(p) for b in en.buurt_section() if isinstance(b, doc.Para) for p in b.text)
    assert (
        "from high to low on children of parents with mental-health problems or addiction (" in note
    )


def migratie_export(tmp_path, extra=()):
    """A tiny export of theme migratie (test_report_messages.migratie_tables) with rows `extra`."""
    from test_report_messages import migratie_tables

    root = tmp_path / "export"
    m, v = migratie_tables()
    m = pd.concat([m, pd.DataFrame(list(extra))], ignore_index=True) if extra else m
    (root / "migratie").mkdir(parents=True)
    m.to_csv(root / "migratie" / "measures.csv", index=False)
    v.to_csv(root / "migratie" / "verschillen.csv", index=False)
    return root


def _said(blocks, lang: str = "nl") -> str:
    def words(x):
        if isinstance(x, list | tuple):
            return "".join(words(p) for p in x)
        if isinstance(x, doc.Cell):
            return doc.shown(x, lang)
        return str(getattr(x, "text", x)) if not isinstance(x, str) else x

    return " ".join(
        words(b if isinstance(b, list | tuple) else getattr(b, "text", getattr(b, "items", "")))
        for b in blocks
    )


def test_the_standardised_figures_name_their_standard_population(tmp_path, definitions):
    """Standardised to the adults of the run's first year (2020 here: the first year of the rows),
    said in the reading guide and under the key figures, nl and en."""
    from test_report_messages import row

    first = row(
        "migratie", "migratie.ggz", "ggz", 2020, "GM0344", method="direct_std_gamma", value=0.08
    )
    root = migratie_export(tmp_path, [first])
    for lang, guide, note in (
        ("nl", "dezelfde opbouw naar leeftijd en geslacht had als de volwassenen in Utrecht in 2020",
         "omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen in Utrecht in 2020."),
        ("en", "the same make-up by age and sex as the adults in Utrecht in 2020",
         "recalculated to the age and sex make-up of the adults in Utrecht in 2020."),
    ):  # fmt: skip
        r = report.ThemeReport("migratie", root, definitions, [], lang=lang)
        assert guide in _said(r.guide()), lang
        assert note in _said(r.key_table()), lang
    # what it makes fair to compare: in a GGD region run (one standard for all its gemeenten)
    # the gemeenten of the region too; the wijken in the guide as in the key message (the wijken
    # are compared with the city on the standardised figure)
    for lang, single, region, message in (
        ("nl", "Zo zijn wijken, groepen en jaren eerlijk te vergelijken.",
         "Zo zijn wijken, groepen, jaren en de gemeenten van de regio eerlijk te vergelijken.",
         "vergelijken we wijken, groepen, jaren en de gemeenten van de regio."),
        ("en", "so that wijken, groups and years can be compared fairly.",
         "so that wijken, groups, years and the municipalities of the region can be compared fairly.",
         "that figure is used to compare wijken, groups, years and the municipalities of the region."),
    ):  # fmt: skip
        alone = _said(report.ThemeReport("migratie", root, definitions, [], lang=lang).guide())
        assert single in alone and region not in alone, lang
        both = report.ThemeReport(
            "migratie", root, definitions, [], lang=lang, standard=["Utrecht", "Nieuwegein"]
        )
        assert region in _said(both.guide()), lang
        crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
        beside = report.ThemeReport("migratie", migratie_export(tmp_path / lang, [crude]), definitions, [],
                                    lang=lang, standard=["Utrecht", "Nieuwegein"])  # fmt: skip
        assert message in _said(beside.key_messages()), lang


def test_the_infographic_big_number_is_how_many_people_had_care(tmp_path, definitions):
    """The big number of migratie is the crude share (9,0%: how many adults had GGZ care), the
    standardised figure (9,2%) beside it with its standard population."""
    from test_report_messages import row

    from wijkzicht.outputs import infographic

    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
    first = row(
        "migratie", "migratie.ggz", "ggz", 2020, "GM0344", method="direct_std_gamma", value=0.08
    )
    root = migratie_export(tmp_path, [crude, first])
    c = infographic.content("migratie", root, definitions, lang="nl", gemeente="GM0344")
    assert (c.big, c.big_pct) == ("1 op de 11", "9,0%")
    assert c.what == ("had in 2022 GGZ-zorg. Omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen "
                      "in Utrecht in 2020 is dat 9,2%; met dat cijfer vergelijken we wijken, groepen en jaren.")  # fmt: skip


def test_the_newcomers_reading_guide_says_what_an_unknown_previous_address_means(
    tmp_path, definitions
):
    from test_report_messages import row

    root = tmp_path / "export"
    (root / "nieuwkomers").mkdir(parents=True)
    pd.DataFrame([
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", value=0.25),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", "onbekend", value=0.081),
    ]).to_csv(root / "nieuwkomers" / "measures.csv", index=False)  # fmt: skip
    for lang, words in (
        (
            "nl",
            "Vorig adres onbekend. Er is geen eerder adres in Nederland, meestal omdat iemand uit het buitenland",
        ),
        (
            "en",
            "Previous address unknown. There is no earlier address in the Netherlands, mostly because",
        ),
    ):
        r = report.ThemeReport("nieuwkomers", root, definitions, [], lang=lang)
        assert words in _said(r.guide()), lang
        # one wording for every page (format.origin_unknown), no figure at hand: no 'rarely'
        assert fmt.origin_unknown(lang) in _said(r.guide()), lang


@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_a_buurt_map_says_buurten_are_not_tested_instead_of_the_wijk_marks(
    tmp_path, definitions, monkeypatch, level
):
    """A map per buurt has no ▲ ▼ (buurten are not tested against the city): its text says so and
    where the marks are, not the wijken's ▲ ▼ sentence; the map per wijk keeps that sentence."""
    from wijkzicht.outputs import maps

    root = export(tmp_path, definitions)
    sel = pd.DataFrame({"area_level": [level], "year": [2023], "definition": ["breed"]})
    monkeypatch.setattr(maps, "read_map", lambda path: sel)
    monkeypatch.setattr(maps, "texts", lambda *a, **k: {"city": "Utrecht 25,0%", "notes": ["Kleur."], "title": "T",
                                                        "alt": "A", "source": "Bron: x"})  # fmt: skip
    for lang, words, wijk_words in (("nl", "Buurten zijn niet getoetst; ▲ ▼ staan bij de kaart per wijk.",
                                     "duidelijk hoger dan"),
                                    ("en", "Buurten are not tested; ▲ ▼ are on the map per wijk.", "clearly higher than")):  # fmt: skip
        r = report.ThemeReport("kopp", root, definitions, [], lang=lang)
        said = _said(r.map_figure(f"kopp/kaart_aandeel_{level}.png").text)
        assert (words in said) == (level == "buurt"), said
        assert (wijk_words in said) == (level == "wijk"), said


def test_the_key_figure_is_named_without_doubled_labels_or_nested_brackets(tmp_path, definitions):
    """'GGZ-zorg (volwassenen)', not '... (GGZ-zorg)'; newcomers with a marker, not '... (minstens
    een kenmerk van kwetsbaarheid)'; KOPP keeps its definition in brackets (the label does not say
    it); the marker made of the others is named by its configured label, also a user's own."""
    from test_report_messages import row

    r = report.ThemeReport("migratie", migratie_export(tmp_path / "m"), definitions, [], lang="nl")
    assert r.key_figure() == "GGZ-zorg (volwassenen)"
    assert report.ThemeReport("kopp", export(tmp_path / "k", definitions), definitions, [], lang="nl").key_figure() == (
        "Kinderen van ouders met psychische problemen of verslaving (brede definitie)")  # fmt: skip
    root = tmp_path / "n" / "export"
    (root / "nieuwkomers").mkdir(parents=True)
    pd.DataFrame([
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2022, "GM0344", value=0.26),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", value=0.25),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "WK034403", value=0.40),
        row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "WK034406", value=0.20),
    ]).to_csv(root / "nieuwkomers" / "measures.csv", index=False)  # fmt: skip
    for lang, name, table, question in (
        ("nl", "Nieuwkomers met een kwetsbaarheidskenmerk", "Minstens een kenmerk van kwetsbaarheid",
         "is het aandeel (minstens een kenmerk van kwetsbaarheid) 40,0%"),
        ("en", "Newcomers with a vulnerability marker", "At least one vulnerability marker",
         "the share (at least one vulnerability marker) is 40.0%"),
    ):  # fmt: skip
        r = report.ThemeReport("nieuwkomers", root, definitions, [], lang=lang)
        assert r.key_figure() == name
        rows = next(b for b in r.key_table() if isinstance(b, doc.Table)).rows
        assert [_said([row_[0]]) for row_ in rows] == [table]
        said = _said(r.questions(), lang)
        assert question in said and "((" not in said and "))" not in said, said
    # a user's own label of the marker made of the others is said as configured, not overridden
    import copy

    cfg = copy.deepcopy(config())
    cfg["themes"]["nieuwkomers"]["definitions"]["breed"]["label"] = {
        "nl": "een van de drie",
        "en": "one of three",
    }
    own = parse_definitions(cfg)
    for lang, table in (("nl", "Een van de drie"), ("en", "One of three")):
        r = report.ThemeReport("nieuwkomers", root, own, [], lang=lang)
        rows = next(b for b in r.key_table() if isinstance(b, doc.Table)).rows
        assert [_said([row_[0]]) for row_ in rows] == [table]
        assert "vulnerability marker)" not in _said(r.questions(), lang)


def test_tables_of_buurten_name_the_group_they_count(tmp_path, definitions):
    """KOPP counts children: 'Kinderen in wijk of buurt (totaal)', 'voor alle kinderen samen' (was
    'Aantal personen', 'alle inwoners', then 'Aantal kinderen', which a reader took for the
    children with such a parent, while the column holds the whole group)."""
    root = export(tmp_path, definitions)
    m = pd.read_csv(root / "kopp" / "measures.csv", keep_default_na=False, na_values=[""])
    wijk = m[(m["area_level"] == "wijk") & (m["definition"] == "breed") & (m["method"] == "wilson")]
    buurten = wijk.assign(area_level="buurt", area_code=wijk["area_code"].str.replace("WK", "BU") + "01",
                          area_name=wijk["area_name"] + "-Noord")  # fmt: skip
    pd.concat([m, buurten], ignore_index=True).to_csv(root / "kopp" / "measures.csv", index=False)
    for lang, head, intro in (("nl", "Kinderen in wijk of buurt (totaal)", "Het cijfer voor alle kinderen samen, per buurt"),
                              ("en", "Children in wijk or buurt (total)", "The figure for all children together, per buurt")):  # fmt: skip
        section = report.ThemeReport("kopp", root, definitions, [], lang=lang).buurt_section()
        table = next(b for b in section if isinstance(b, doc.Table))
        assert table.header[-1] == head
        assert _said(section, lang).count(intro) == 1


def _overvecht_2022() -> list[dict]:
    """The default run's Overvecht 2022 (results/export/migratie/measures.csv): K10 by the survey
    15,3% (12,6% tot 18,5%) of 630 respondents and by the model 18% (15% tot 21%); loneliness
    54,4% and 56% of 605 respondents; one buurt with both model estimates."""
    from test_report_messages import row

    def model(measure, code, value, lo, hi, n):
        level = "buurt" if code.startswith("BU") else "wijk"
        name = "Taag- en Rubicondreef" if level == "buurt" else "Overvecht"
        return {
            **row(
                "migratie",
                measure,
                measure.split(".")[1],
                2022,
                "WK034403",
                method="modelschatting",
                value=value,
                lo=lo,
                hi=hi,
                n=n,
            ),
            "area_level": level,
            "area_code": code,
            "area_name": name,
        }

    return [
        row("migratie", "migratie.k10_hoog", "k10_hoog", 2022, "WK034403", method="survey_taylor",
            value=0.1528785883, lo=0.1256347666, hi=0.1847817053, n=630),
        row("migratie", "migratie.eenzaam", "eenzaam", 2022, "WK034403", method="survey_taylor",
            value=0.5439514314, lo=0.5016481692, hi=0.5856299271, n=605),
        model("migratie.eenzaam", "WK034403", 0.56, 0.53, 0.60, 605),
        model("migratie.k10_hoog", "WK034403", 0.18, 0.15, 0.21, 630),
        model("migratie.eenzaam", "BU03440301", 0.56, 0.53, 0.60, 121),
        model("migratie.k10_hoog", "BU03440301", 0.18, 0.15, 0.22, 118),
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_model_estimates_show_the_wijk_survey_figure_and_each_measures_respondents(
    tmp_path, definitions, lang
):
    """The reviewer's Overvecht 2022: the table of model estimates gave K10 '18% (15% tot 21%)'
    for the wijk while every other page gives the survey's 15,3% (12,6% tot 18,5%), and one
    column of respondents, 605, loneliness's count, where K10 has 630. Now one table per
    measure: the wijk's survey figure on its own row above its model estimate, each row with the
    respondents of its own measure."""
    root = migratie_export(tmp_path, _overvecht_2022())
    r = report.ThemeReport("migratie", root, definitions, [], lang=lang)
    section = r.model_section()
    tables = [b for b in section if isinstance(b, doc.Table)]
    heads = [_said([b], lang) for b in section if isinstance(b, doc.Heading) and b.level == 3]
    k10, lonely = (report.label(lang, m) for m in ("migratie.k10_hoog", "migratie.eenzaam"))
    assert heads == [lonely, k10]
    survey, model = report.WORDS[lang]["wijk_survey"], report.WORDS[lang]["wijk_model"]
    to = " tot " if lang == "nl" else " to "

    def rows(table):
        return [[_said([c], lang) for c in line] for line in table.rows]

    pct = (lambda x: x.replace(".", ",")) if lang == "nl" else (lambda x: x)
    assert rows(tables[1]) == [
        ["Overvecht", survey, pct("15.3%"), pct("12.6%") + to + pct("18.5%"), "630"],
        ["", model, "18%", f"15%{to}21%", "630"],
        ["", "Taag- en Rubicondreef", "18%", f"15%{to}22%", "118"],
    ]
    assert [line[-1] for line in rows(tables[0])] == ["605", "605", "121"]
    assert rows(tables[0])[0][2] == pct("54.4%")
    # the numbers are cells of the rows they show: the survey row's, not the model's
    m = read_measures(root)
    cell = tables[1].rows[0][2][0]
    assert (
        m.loc[cell.row, "method"] == "survey_taylor"
        and m.loc[cell.row, "measure"] == "migratie.k10_hoog"
    )
    # the reader is told which figure is which, and where the survey's own figure also is
    said = _said(section, lang)
    assert (
        ("eerst het cijfer uit de enquête zelf" in said)
        if lang == "nl"
        else ("first the survey's own figure" in said)
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_model_estimates_say_their_respondents_are_suppressed_with_the_wijks_survey_row(
    tmp_path, definitions, lang
):
    """Where disclosure control suppressed a wijk's survey row, its model estimates and its
    buurten's are published without their respondents (model_estimates rule 4): the count
    column says 'onderdrukt', not an empty cell that reads as 'nobody', and the estimate is
    shown."""
    rows = _overvecht_2022()
    for r in rows:
        if r["measure"] == "migratie.k10_hoog":
            if r["method"] == "survey_taylor":
                r.update(status="suppressed_primary", value=None, ci_lower=None, ci_upper=None,
                         se=None, n_numerator=None, n_denominator=None, denominator=None)  # fmt: skip
            else:
                r.update(n_denominator=None)
    root = migratie_export(tmp_path, rows)
    r = report.ThemeReport("migratie", root, definitions, [], lang=lang)
    section = r.model_section()
    k10 = [b for b in section if isinstance(b, doc.Table)][1]
    lines = [[_said([c], lang) for c in line] for line in k10.rows]
    suppressed = fmt.STATE_WORDS[lang]["suppressed"]
    assert [line[2] for line in lines] == [suppressed, "18%", "18%"]
    assert [line[-1] for line in lines] == ["", suppressed, suppressed]
    said = _said(section, lang)
    assert (
        ("staat het aantal deelnemers ook bij de modelschatting" in said)
        if lang == "nl"
        else ("the number of respondents is not given with the model estimates" in said)
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_table_has_its_source_line(tmp_path, definitions, lang):
    """The key figures, the table of buurten and the tables of model estimates had no 'Bron:'
    line while every figure has one. Each now has one under it, in the figures' words, naming the
    tables of what it shows: the key figures here care and the survey (no drug rows, no drug
    table); the buurten of mental-health care only care and the population (no survey); the
    model estimates the survey and the model's covariates (income, households)."""
    from test_report_messages import row

    ggz = [row("migratie", "migratie.ggz", "ggz", 2023, "WK034403", method="direct_std_gamma", value=0.14),
           row("migratie", "migratie.ggz", "ggz", 2023, "GM0344", method="direct_std_gamma", value=0.1),
           {**row("migratie", "migratie.ggz", "ggz", 2023, "WK034403", method="direct_std_gamma", value=0.15),
            "area_level": "buurt", "area_code": "BU03440301", "area_name": "Taag- en Rubicondreef"}]  # fmt: skip
    root = migratie_export(tmp_path, [*_overvecht_2022(), *ggz])
    small_area = {"factors": ["leeftijd", "inkomen", "huishouden"], "flags": ["ggz"]}
    r = report.ThemeReport("migratie", root, definitions, [], lang=lang, small_area=small_area)
    bron = "Bron: CBS-microdata (" if lang == "nl" else "Source: CBS microdata ("
    words = dict(zip(["persons", "survey", "care", "drugs", "income", "households"], report.source_labels(
        lang, ["GBAPERSOONTAB", "GEZOMONITOR", "ZVWZORGKOSTENTAB", "MEDICIJNTAB", "INHATAB", "GBAHUISHOUDENSBUS"]),
        strict=True))  # fmt: skip

    def sources(blocks) -> list[str]:
        """The source lines of the tables of a section; every table has one."""
        tables = [b for b in blocks if isinstance(b, doc.Table)]
        assert tables and all(t.source.startswith(bron) for t in tables)
        return [t.source for t in tables]

    (key,) = sources(r.key_table())
    assert all(words[w] in key for w in ("persons", "survey", "care")), key
    assert words["drugs"] not in key  # the export has no psychotropic-drug rows: not shown
    (buurten,) = sources(r.buurt_section())
    assert words["care"] in buurten and words["survey"] not in buurten, buurten
    lines = sources(r.model_section())
    assert len(lines) == 2  # one table per measure
    for line in lines:
        assert all(words[w] in line for w in ("survey", "income", "households", "care")), line


@needs_poppler
def test_a_tables_source_line_is_printed_under_its_last_row(tmp_path):
    """A table's 'Bron:' line stands right under it in the HTML page and in the PDF (a short
    table's on its page, a long table's after its last row)."""
    short = doc.Table(["Wat", "Cijfer"], [[["kort"], ["1"]]], "Bron: korte tabel.")
    long = doc.Table(
        ["Wat", "Cijfer"], [[[f"rij {i}"], [str(i)]] for i in range(90)], "Bron: lange tabel."
    )
    d = doc.Document("t", "nl", (doc.Heading(1, ["Tabellen"]), short, long))
    page = doc.to_html(d, tmp_path)
    assert re.search(
        r"<td>kort</td>.*?</table>\s*<p class=\"note source\">Bron: korte tabel\.</p>", page, re.S
    )
    assert re.search(
        r"<td>rij 89</td>.*?</table>\s*<p class=\"note source\">Bron: lange tabel\.</p>", page, re.S
    )
    doc.to_pdf(d, tmp_path, tmp_path / "t.pdf")
    n = pages(tmp_path / "t.pdf")
    assert n > 1
    first = pdf_text(tmp_path / "t.pdf", 1)
    assert first.index("kort") < first.index("Bron: korte tabel.") < first.index("rij 0")
    whole = pdf_text(tmp_path / "t.pdf")
    assert whole.count("Bron: lange tabel.") == 1 and whole.index("rij 89") < whole.index(
        "Bron: lange"
    )


def test_a_long_tables_source_line_is_its_footer_with_its_last_rows(tmp_path):
    """The Typst markup of a long table: its 'Bron:' line is the table's footer (printed once,
    after the last row) together with its last rows, which Typst keeps on one page; no line
    after the table, which could stand alone at the top of the next page."""
    rows = [[[f"rij {i}"], [str(i)]] for i in range(doc.LONG_TABLE + 5)]
    markup = doc.to_typst(
        doc.Document("t", "nl", (doc.Table(["Wat", "Cijfer"], rows, "Bron: x."),)), tmp_path
    )
    table = markup[markup.index("#table(") :]
    body, footer = table.split("table.footer(", 1)
    assert footer.startswith("repeat: false, ")
    last = [f"rij {i}" for i in range(len(rows) - doc.KEPT_ROWS, len(rows))]
    assert all(f'"{r}"' in footer and f'"{r}"' not in body for r in last)
    assert f'"rij {len(rows) - doc.KEPT_ROWS - 1}"' in body
    assert markup.count('"Bron: x."') == 1 and footer.index(f'"{last[-1]}"') < footer.index(
        '"Bron: x."'
    )
    assert "table.cell(colspan: 2, stroke: none" in footer  # the line spans the table, no border
    # without a source line: no footer, every row in the body
    plain = doc.to_typst(doc.Document("t", "nl", (doc.Table(["Wat", "Cijfer"], rows),)), tmp_path)
    assert "table.footer" not in plain and '"rij 0"' in plain and f'"{last[-1]}"' in plain


@needs_poppler
def test_a_long_tables_source_line_never_starts_a_page(tmp_path):
    """A long table (the buurten's) after ever more lines of text, so that it ends at another
    place on its last page: the page with its 'Bron:' line also holds its last row. With three
    lines of text before it, its rows just filled the page and the line stood alone at the top
    of the next one; now the last rows move there with it."""
    moved = 0
    for k in range(8):
        blocks = [doc.Heading(1, ["Tabellen"]), *(doc.Para([f"tekst {i}"]) for i in range(k))]
        rows = [[[f"rij {i}"], [str(i)]] for i in range(doc.LONG_TABLE + 10)]
        blocks.append(doc.Table(["Wat", "Cijfer"], rows, "Bron: x."))
        doc.to_pdf(doc.Document("t", "nl", tuple(blocks)), tmp_path, tmp_path / "t.pdf")
        n = pages(tmp_path / "t.pdf")
        last = [
            line.split() for line in pdf_text(tmp_path / "t.pdf", n).splitlines() if line.strip()
        ]
        assert ["Bron:", "x."] in last, k
        assert last.index(["rij", str(len(rows) - 1), str(len(rows) - 1)]) < last.index(
            ["Bron:", "x."]
        )
        if n > 1 and last[0] == ["Wat", "Cijfer"]:  # the table broke over the pages
            moved += last[1] == [
                "rij",
                str(len(rows) - doc.KEPT_ROWS),
                str(len(rows) - doc.KEPT_ROWS),
            ]
    assert moved  # at least one layout where the last rows went over with the line


def _wijk_table(sizes: list[int], source: str = "Bron: x.") -> doc.Table:
    """A table of wijken ('wijk 0' ...) each over its buurten ('buurt 0.1' ...), grouped."""
    rows = []
    for w, k in enumerate(sizes):
        rows.append([[doc.Strong(f"wijk {w}")], ["hele wijk"], [str(w)]])
        rows += [[[""], [f"buurt {w}.{b}"], [str(b)]] for b in range(1, k)]
    return doc.Table(["Wijk", "Buurt", "Cijfer"], rows, source, sizes)


def test_a_grouped_long_tables_wijk_spans_its_buurten_and_stays_whole(tmp_path):
    """The Typst markup of a long table of wijken over their buurten: each wijk's name is one
    unbreakable cell over its rows, the buurten's empty first cells are left out, and the
    footer (kept with the 'Bron:' line) holds whole wijken only."""
    t = _wijk_table([5, 1, 8, 7, 4, 6, 1])
    markup = doc.to_typst(doc.Document("t", "nl", (t,)), tmp_path)
    table = markup[markup.index("#table(") :]
    body, footer = table.split("table.footer(", 1)
    assert table.count("table.cell(rowspan:") == 5  # the wijken with buurten
    for w, k in enumerate([5, 1, 8, 7, 4, 6]):
        if k > 1:
            assert f'table.cell(rowspan: {k}, breakable: false)[#strong("wijk {w}")]' in table
    assert table.count('[#""]') == 0  # no empty first cells beside a spanning name
    # the last wijk has no buurten (1 row < KEPT_ROWS): the wijk before it goes along whole
    assert '"wijk 5"' in footer and '"buurt 5.5"' in footer and '"buurt 5.1"' in footer
    assert '"wijk 5"' not in body and '"wijk 4"' in body
    # ungrouped rows as before: the last KEPT_ROWS rows in the footer
    plain = doc.to_typst(
        doc.Document("t", "nl", (doc.Table(t.header, t.rows, "Bron: x."),)), tmp_path
    )
    assert "rowspan" not in plain and '"wijk 5"' in plain.split("table.footer(")[0]
    with pytest.raises(ValueError, match="do not split its 32 rows"):
        doc.Table(t.header, t.rows, "", [5, 1, 8])


@needs_poppler
def test_a_page_never_starts_with_buurten_whose_wijk_is_on_the_page_before(tmp_path):
    """A long table of wijken over their buurten after ever more lines of text, so that it
    breaks at other rows each time: every buurt on a page has its wijk's name on that page,
    and the table holds all its rows. Ungrouped (as before), some layout split a wijk."""
    sizes = [9, 12, 7, 11, 10, 8, 12, 9]

    def layouts(grouped: bool):
        for k in range(0, 40, 5):
            t = _wijk_table(sizes)
            t = t if grouped else doc.Table(t.header, t.rows, t.source)
            blocks = (
                doc.Heading(1, ["Tabellen"]),
                *(doc.Para([f"tekst {i}"]) for i in range(k)),
                t,
            )
            doc.to_pdf(doc.Document("t", "nl", blocks), tmp_path, tmp_path / "t.pdf")
            yield [pdf_text(tmp_path / "t.pdf", n) for n in range(1, pages(tmp_path / "t.pdf") + 1)]

    def orphans(texts: list[str]) -> list[str]:
        found = []
        for text in texts:
            for w, k in enumerate(sizes):
                for b in range(1, k):
                    if f"buurt {w}.{b} " in text + " " and f"wijk {w}" not in text:
                        found.append(f"buurt {w}.{b}")
        return found

    broke = 0
    for texts in layouts(grouped=True):
        whole = " ".join(texts)
        assert all(
            f"buurt {w}.{b} " in whole + " " for w, k in enumerate(sizes) for b in range(1, k)
        )
        assert orphans(texts) == [], orphans(texts)
        broke += len(texts) > 1
    assert broke  # the table did break over pages
    assert any(orphans(texts) for texts in layouts(grouped=False))


def read_measures(root):
    return pd.read_csv(root / "migratie" / "measures.csv", keep_default_na=False, na_values=[""])


def test_model_estimates_name_their_configured_covariates_in_one_list(tmp_path, definitions):
    """The model's data are its configured covariates (small_area.factors and .flags), one list,
    not a typed one ('... en zorggebruik') beside another."""
    root = export(tmp_path, definitions)
    _with_model_estimates(root)
    small_area = {"factors": ["leeftijd", "inkomen"], "flags": ["ggz"]}
    for lang, words in (("nl", "gegevens die van alle inwoners bekend zijn (leeftijd, inkomen en GGZ-zorg)."),
                        ("en", "data known for every resident (age, income and mental-health care).")):  # fmt: skip
        r = report.ThemeReport("kopp", root, definitions, [], lang=lang, small_area=small_area)
        said = _said(r.model_section(), lang)
        assert words in said and "zorggebruik" not in said and "use of care" not in said, said
        # no covariates configured (the schema allows factors {} and flags []): no ' ()'
        r = report.ThemeReport(
            "kopp", root, definitions, [], lang=lang, small_area={"factors": {}, "flags": []}
        )
        assert r.covariates() == "" and "()" not in _said(r.model_section(), lang)


def test_a_generation_covariate_names_its_table():
    """generatie is a small_area factor the schema allows: its table is the person table."""
    defs = parse_definitions(config())
    assert report.model_tables({"factors": ["generatie"], "flags": []}, defs) == ["GBAPERSOONTAB"]


def test_an_infographic_message_too_long_for_the_room_does_not_hide_the_shorter_ones():
    from wijkzicht.outputs import infographic

    long, short = "woord " * 120, "Een korte boodschap."
    fits = infographic._fitting([long, short], 0.36, 0.30)  # room for about four lines
    assert [m for m, _ in fits] == [short]
    assert [m for m, _ in infographic._fitting([short, short], 0.36, 0.30)] == [short, short]


def _newcomer_shares() -> list[dict]:
    """Measures rows of nieuwkomers.aandeel in 2023: the gemeente and two wijken (25.9%) and the
    gemeente's shares by previous address (29.4%, 28.8%, 8.5% unknown)."""
    from test_report_messages import row

    rows = [row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, code, value=0.259)
            for code in ("GM0344", "WK034403", "WK034406")]  # fmt: skip
    rows += [row("nieuwkomers", "nieuwkomers.aandeel", "breed", 2023, "GM0344", "origin", g, value=x)
             for g, x in (("binnen_gemeente", 0.294), ("buiten_gemeente", 0.288), ("onbekend", 0.085))]  # fmt: skip
    return rows


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_infographic_has_the_newcomers_by_previous_address_in_short(
    tmp_path, definitions, lang
):
    """The newcomers' message by previous address, with what 'onbekend' means, was too long for
    the infographic's room and left out: it has a short form there that fits (the report keeps
    the full one)."""
    from wijkzicht.outputs import infographic
    from wijkzicht.outputs.key_messages import key_messages

    root = tmp_path / "export"
    (root / "nieuwkomers").mkdir(parents=True)
    rows = _newcomer_shares()
    m = pd.DataFrame(rows)
    m.to_csv(root / "nieuwkomers" / "measures.csv", index=False)
    c = infographic.content("nieuwkomers", root, definitions, lang=lang, gemeente="GM0344")
    (short,) = [msg for msg in c.messages if fmt.origin_unknown_short(lang, True) in msg]
    figures = ("29,4%", "28,8%", "8,5%") if lang == "nl" else ("29.4%", "28.8%", "8.5%")
    assert all(f in short for f in figures), short
    assert short.startswith(
        "Nieuwkomers met minstens een kenmerk van kwetsbaarheid, naar vorig adres: van elders in de gemeente"
        if lang == "nl"
        else "Newcomers with at least one vulnerability marker, by previous address: from elsewhere in the"
    ), short
    # it fits the room the infographic keeps for a message above two persona cards (about four
    # lines), where the full one did not
    assert len(infographic._fitting([short], 0.36, 0.30)) == 1
    msgs = key_messages("nieuwkomers", m, None, definitions, lang=lang, file="x")
    (full,) = [doc.plain(msg.parts, lang) for msg in msgs if msg.kind == "origin"]
    assert infographic._fitting([full], 0.36, 0.30) == []
    assert full.endswith(fmt.origin_unknown(lang, True, named=True))  # the report's, in full


def test_the_infographic_puts_a_clear_difference_first():
    """'Wat valt op' has room for two or three messages: those that tell a clear difference (a
    test or an interval shows it) go first, then the others, each in the report's order."""
    from wijkzicht.outputs import infographic
    from wijkzicht.outputs.key_messages import Message

    msgs = [Message("origin", ("a",)), Message("trend", ("b",), True), Message("age", ("c",)),
            Message("concentratie", ("d",), True)]  # fmt: skip
    assert [m.parts[0] for m in infographic.ranked(msgs)] == ["b", "d", "a", "c"]
    assert infographic.ranked([]) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_newcomers_concentration_goes_before_their_shares_by_previous_address(
    tmp_path, definitions, lang
):
    """On the small e2e world the room took the message by previous address (report order) and
    left out the concentration in a wijk: the concentration, a clear difference (its ratio's
    interval above 1), now comes first; the shares by previous address, which no test compares,
    after it."""
    from test_report_messages import row

    from wijkzicht.outputs import infographic

    root = tmp_path / "export"
    (root / "nieuwkomers").mkdir(parents=True)
    rows = _newcomer_shares()
    rows += [row("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", 2023, code,
                 method="ratio_katz", value=x, lo=lo, hi=hi)
             for code, x, lo, hi in (("GM0344", 1.0, 0.9, 1.1), ("WK034403", 3.1, 2.4, 3.9))]  # fmt: skip
    pd.DataFrame(rows).to_csv(root / "nieuwkomers" / "measures.csv", index=False)
    c = infographic.content("nieuwkomers", root, definitions, lang=lang, gemeente="GM0344")
    assert len(c.messages) == 2
    first = (
        "In Overvecht hebben nieuwkomers 3,1 keer" if lang == "nl" else "In Overvecht, newcomers"
    )
    assert c.messages[0].startswith(first), c.messages
    assert fmt.origin_unknown_short(lang, True) in c.messages[1]


def test_the_definitions_section_says_each_definition_plainly(tmp_path, definitions):
    """The report's Definities section says each definition as the plain sentence with names
    (labels.plain_definition, as the dashboard), one full stop, no codelists: the exact wording
    is in the workbook's Definities sheet (its column Precieze definitie)."""
    from wijkzicht.outputs.labels import definition_text, plain_definition

    root = export(tmp_path, definitions)
    for lang in ("nl", "en"):
        r = report.ThemeReport("kopp", root, definitions, [], lang=lang)
        items = ["".join(str(p) for p in it) for b in r.definitions_section()
                 if isinstance(b, doc.Items) for it in b.items]  # fmt: skip
        plain = plain_definition(lang, "kopp.aandeel", "ggz", definitions)
        assert plain in items and plain.endswith(".") and not plain.endswith("..")
        assert definition_text(lang, "kopp.aandeel", "ggz", definitions) + "." not in items
        assert not any("codelijst" in x or "codelist" in x or x.endswith("..") for x in items), (
            items
        )


def test_the_definitions_section_says_where_the_exact_wording_is(tmp_path, definitions):
    """The plain sentences leave out thresholds and codelists: the section says where the exact
    wording is, by the workbook's own names of its sheet and column (nl and en)."""
    from wijkzicht.outputs.workbook import TEXT as BOOK

    root = export(tmp_path, definitions)
    for lang, words in (
        ("nl", "staat in het werkboek wijkzicht.xlsx: blad Definities, kolom Precieze definitie."),
        ("en", "is in the workbook wijkzicht.xlsx: sheet Definitions, column Exact definition."),
    ):
        r = report.ThemeReport("kopp", root, definitions, [], lang=lang)
        paras = ["".join(str(p) for p in b.text) for b in r.definitions_section()
                 if isinstance(b, doc.Para)]  # fmt: skip
        (pointer,) = [x for x in paras if "wijkzicht.xlsx" in x]
        assert pointer.endswith(words), pointer
        assert BOOK[lang]["definitions"] in pointer and BOOK[lang]["exact"] in pointer


def test_wijken_alike_are_named_without_the_marks_of_the_city_comparison(tmp_path, definitions):
    """In the similar-wijken line and question a wijk is named plainly: a ▲ ▼ there (Overvecht
    higher, Binnenstad lower than the city) would say something else than 'alike'."""
    root = export(tmp_path, definitions)
    r = report.ThemeReport("kopp", root, definitions, [], lang="nl")
    (alike,) = [b for b in r.alike_section() if isinstance(b, doc.Items)]
    line = alike.items[0]
    assert not any(isinstance(p, doc.Mark) for p in line), line
    assert "".join(map(str, line)).startswith("Overvecht lijkt het meest op Binnenstad")
    (questions,) = [b for b in r.questions() if isinstance(b, doc.Items)]
    asked = [
        q
        for q in questions.items
        if "Binnenstad" in "".join(str(p) for p in q if isinstance(p, str))
    ]
    assert asked and not any(isinstance(p, doc.Mark) for q in asked for p in q), asked


def test_the_corrected_figures_are_said_so_in_the_key_table_and_the_infographic(
    tmp_path, definitions
):
    """The big number of migratie is the crude share; the key-figures table, the map, the wijken
    that stand out and the trend of the infographic show the age-and-sex corrected figure: each
    says so (the table's row name, the infographic's line under the map heading and its alt
    text), nl and en; a survey row (K10) is not called corrected, nor is KOPP's crude figure."""
    from test_report_messages import row

    from wijkzicht.outputs import infographic

    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
    root = migratie_export(tmp_path, [crude])
    for lang, names, line, alt in (
        ("nl", ["GGZ-zorg (gecorrigeerd voor leeftijd en geslacht)", "Hoge psychische klachten (K10)"],
         "Gecorrigeerd voor leeftijd en geslacht, net als de cijfers rechts.",
         "Overvecht\u00a014,0% (gecorrigeerd voor leeftijd en geslacht)."),
        ("en", ["Mental-health care (adjusted for age and sex)", "High psychological distress (K10)"],
         "Adjusted for age and sex, as are the figures on the right.",
         "Overvecht\u00a014.0% (adjusted for age and sex)."),
    ):  # fmt: skip
        rows = next(b for b in report.ThemeReport("migratie", root, definitions, [], lang=lang).key_table()
                    if isinstance(b, doc.Table)).rows  # fmt: skip
        assert [_said([r[0]]) for r in rows][:2] == names
        c = infographic.content("migratie", root, definitions, lang=lang, gemeente="GM0344")
        assert c.adjusted and infographic.TEXT[lang]["map_adjusted"] == line
        assert alt in infographic.alt_text(c), infographic.alt_text(c)
    kopp = infographic.content("kopp", export(tmp_path / "k", definitions), definitions, lang="nl",
                               gemeente="GM0344")  # fmt: skip
    assert not kopp.adjusted and "gecorrigeerd" not in infographic.alt_text(kopp)


def test_a_region_of_many_gemeenten_names_them_once_in_the_reading_guide(tmp_path, definitions):
    """16 gemeenten: the big number's sentence (key message, infographic), the note under the key
    figures say 'de 16 gemeenten van de regio samen'; the reading guide names them once."""
    from test_report_messages import row

    from wijkzicht.outputs import infographic

    many = ["Utrecht", *(f"Plaats {i}" for i in range(2, 17))]
    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.090)
    root = migratie_export(tmp_path, [crude])
    r = report.ThemeReport("migratie", root, definitions, [], lang="nl", standard=many)
    short = "de volwassenen van de 16 gemeenten van de regio samen in 2022"
    guide = _said(r.guide())
    assert "de volwassenen van de 16 gemeenten van de regio samen (Utrecht, Plaats 2, " in guide
    assert "Plaats 15 en Plaats 16) in 2022" in guide
    assert short in _said(r.key_messages()) and "Plaats" not in _said(r.key_messages())
    assert short in _said(r.key_table()) and "Plaats" not in _said(r.key_table())
    c = infographic.content(
        "migratie", root, definitions, lang="nl", gemeente="GM0344", standard=many
    )
    assert short in c.what and "Plaats" not in c.what, c.what
