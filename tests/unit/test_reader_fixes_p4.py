"""A fresh reader's findings on the migratie infographic, the migratie report and the
factsheets (U10, findings 2, 3, 4, 7 and 12):

- the migratie infographic said nothing about migration: its 'Wat valt op' showed only the
  trend, as the long messages by origin did not fit; they have a short form, shown first;
- its big number (the crude share, 9,1%) and the trend's end values (corrected for age and sex,
  9,3%) read as two figures of one thing: the end values say 'gecorrigeerd';
- the report presumed a 'Mogelijke zorgkloof' its intervals call uncertain, named in a question
  an origin whose care figure is suppressed as if it were known, and listed only the origins
  with less care by the odds ratios: the messages and the question say what the published
  figures say, in both directions;
- a factsheet line whose last years are suppressed ended on an earlier year's value without
  its year;
- a factsheet said no figure about its wijk had changed while one of its buurten had.
"""

import re

import pandas as pd
import pytest
from test_factsheet import _row_of, definitions, export  # noqa: F401 (fixtures)
from test_r7_infographic import PERSONAS
from test_report_messages import migratie_tables, row
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import write_csv
from wijkzicht.outputs import document as doc
from wijkzicht.outputs import factsheet as fs
from wijkzicht.outputs import infographic, report
from wijkzicht.outputs.document import plain
from wijkzicht.outputs.key_messages import Messages

K10 = ("migratie.k10_hoog", "k10_hoog")
GAP = ("migratie.zorgkloof", "ggz")


def _origins() -> pd.DataFrame:
    """migratie_tables with the default world's shape of the findings by origin: origins with
    clearly more distress (K10) whose care among the distressed is uncertain (Turkije, overig
    Afrika) or suppressed (Marokko, Suriname, overig Azië: their care among all adults shown
    instead), odds ratios below and above 1."""
    m, _ = migratie_tables(gap_published=False)
    m = m[~((m["measure"] == "migratie.or_ggz") | (m["group_value"] == "Turkije"))]
    extra = [
        row("migratie", *K10, 2022, "GM0344", "herkomst", "Turkije", "survey_taylor", value=0.242, lo=0.175,
            hi=0.325),
        row("migratie", *GAP, 2022, "GM0344", "herkomst", "Turkije", "survey_taylor", value=0.267, lo=0.146,
            hi=0.438),
        row("migratie", *K10, 2022, "GM0344", "herkomst", "overig Afrika", "survey_taylor", value=0.234,
            lo=0.16, hi=0.33),
        row("migratie", *GAP, 2022, "GM0344", "herkomst", "overig Afrika", "survey_taylor", value=0.31,
            lo=0.16, hi=0.53),
        # the crude share (the big number) and a second year of the corrected one (a line)
        row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.091),
        row("migratie", "migratie.ggz", "ggz", 2021, "GM0344", method="direct_std_gamma", value=0.091),
    ]  # fmt: skip
    for origin, value, lo, hi in (("overig Azië", 0.78, 0.73, 0.84), ("Turkije", 0.86, 0.80, 0.91),
                                  ("Marokko", 0.86, 0.82, 0.90), ("overig Afrika", 0.89, 0.83, 0.96),
                                  ("Caribisch deel Koninkrijk", 1.13, 1.02, 1.26),
                                  ("overig Europa", 1.05, 1.01, 1.10), ("Suriname", 1.0, 0.93, 1.08)):  # fmt: skip
        extra.append(row("migratie", "migratie.or_ggz", "ggz", 2022, "GM0344", "herkomst", origin, "logit_glm",
                         value=value, lo=lo, hi=hi))  # fmt: skip
    # overig Azië: clearly more distress, its care among the distressed suppressed
    extra += [
        row("migratie", *K10, 2022, "GM0344", "herkomst", "overig Azië", "survey_taylor", value=0.16, lo=0.11,
            hi=0.227),
        row("migratie", *GAP, 2022, "GM0344", "herkomst", "overig Azië", "survey_taylor", value=0.1,
            status="suppressed_secondary"),
        row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", "herkomst", "overig Azië", "direct_std_gamma",
            value=0.0884, lo=0.083, hi=0.094),
    ]  # fmt: skip
    return pd.concat([m, pd.DataFrame(extra)], ignore_index=True)


def _export(tmp_path) -> object:
    (tmp_path / "migratie").mkdir(exist_ok=True)
    write_csv(_origins(), tmp_path / "migratie/measures.csv")
    (tmp_path / "migratie/personas.csv").write_text(PERSONAS, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def _content(root, defs, lang):
    return infographic.content("migratie", root, defs, lang=lang, gemeente="GM0344",
                               personas=root / "migratie/personas.csv")  # fmt: skip


# --- finding 2: the infographic's 'Wat valt op' tells the findings by origin first --------------


@pytest.mark.parametrize(
    ("lang", "gap", "odds"),
    [
        ("nl", "Gezondheidsmonitor 2022: volwassenen met een herkomst uit Turkije (24,2%), overig Afrika "
               "(23,4%), Marokko (21,0%), Suriname (20,0%) en overig Azië (16,0%) hebben duidelijk vaker hoge "
               "psychische klachten dan in heel Utrecht (10,0%).",
         "Bij gelijke leeftijd, geslacht en inkomen krijgen volwassenen met een herkomst uit overig Azië, "
         "Marokko, Turkije en overig Afrika minder vaak GGZ-zorg dan volwassenen met een Nederlandse herkomst; "
         "uit Caribisch deel Koninkrijk en overig Europa juist vaker."),
        ("en", "Health survey 2022: adults with an origin in Turkey (24.2%), other Africa (23.4%), Morocco "
               "(21.0%), Suriname (20.0%) and other Asia (16.0%) clearly more often have high psychological "
               "distress than in all of Utrecht (10.0%).",
         "At the same age, sex and income, adults with an origin in other Asia, Morocco, Turkey and other Africa "
         "less often get mental-health care than adults of Dutch origin; those from Caribbean part of the "
         "Kingdom and other Europe more often."),
    ],
)  # fmt: skip
def test_the_infographic_tells_the_findings_by_origin_first(tmp_path, defs, lang, gap, odds):
    c = _content(_export(tmp_path), defs, lang)
    assert c.messages[0].startswith(gap), c.messages[0]
    assert c.messages[1] == odds
    # the short form names no care figure: none suppressed can be said (overig Azië's is)
    assert "%" not in c.messages[0][len(gap) :]
    # the finding by origin is drawn first under 'Wat valt op' (the trend has a panel of its own)
    _, said = infographic._draw(c)
    head = infographic.TEXT[lang]["messages"]
    (drawn,) = [s for s in said if s.startswith(head + ":")]
    assert drawn.startswith(f"{head}: {c.messages[0]}"), drawn


# --- finding 3: the trend's end values say they are corrected ------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("nl", "gecorrigeerd"), ("en", "adjusted")])
def test_the_trend_end_values_say_they_are_corrected(tmp_path, defs, lang, word):
    c = _content(_export(tmp_path), defs, lang)
    assert c.adjusted and c.big_pct
    fig, _ = infographic._draw(c)
    trend_ax = fig.axes[-1]  # the trend's axes are added last
    texts = [t.get_text() for t in trend_ax.texts]
    ends = [t for t in texts if re.fullmatch(r"20\d\d: .*%", t)]
    assert len(ends) == 2, texts
    assert texts.count(word) == 2, texts  # under each end value
    # and a screen reader hears which number the big one is
    alt = infographic.alt_text(c)
    assert infographic.TEXT[lang]["trend_adjusted_note"].format(pct=c.big_pct) in alt


# --- finding 4: the report's care gap, odds ratios and question ---------------------------------


def test_no_care_gap_is_presumed_where_the_intervals_call_it_uncertain(defs):
    m = _origins().reset_index(drop=True)
    for lang, word in (("nl", "zorgkloof"), ("en", "care gap")):
        km = Messages("migratie", m, None, defs, lang=lang, file="migratie/measures.csv")
        text = plain(km.gap().parts, lang)
        assert word not in text.lower(), text
    km = Messages("migratie", m, None, defs, lang="nl", file="migratie/measures.csv")
    text = plain(km.gap().parts, "nl")
    assert "Dat verschil kan toeval zijn: of zij minder vaak zorg krijgen, is niet zeker." in text
    # the others: what their figures say, not 'niet duidelijk vaker'
    assert "niet duidelijk vaker" not in text
    assert ("Ook volwassenen met een herkomst uit overig Afrika hebben duidelijk vaker hoge klachten; of zij met "
            "hoge klachten minder vaak GGZ-zorg krijgen, is niet zeker.") in text  # fmt: skip
    # Marokko's and overig Azië's care among the distressed is suppressed: said so, its value
    # never said; their care among all adults (standardised) is not clearly different
    assert ("Volwassenen met een herkomst uit Marokko en overig Azië hebben ook duidelijk vaker hoge klachten. Hoeveel van "
            "hen met hoge klachten GGZ-zorg krijgen, is niet te tonen (te weinig personen). Van al deze "
            "volwassenen, met en zonder klachten, krijgen er niet duidelijk minder of meer GGZ-zorg dan in heel "
            "Utrecht (gestandaardiseerd).") in text  # fmt: skip


def test_the_odds_ratios_are_said_in_both_directions(defs):
    m = _origins().reset_index(drop=True)
    km = Messages("migratie", m, None, defs, lang="nl", file="migratie/measures.csv")
    text = plain(km.odds_ratio().parts, "nl")
    assert text.startswith(
        "Bij alle volwassenen, met en zonder klachten: bij gelijke leeftijd, geslacht en inkomen krijgen "
        "volwassenen met een herkomst uit overig Azië, Marokko, Turkije en overig Afrika minder vaak GGZ-zorg dan "
        "volwassenen met een Nederlandse herkomst, en volwassenen met een herkomst uit Caribisch deel Koninkrijk "
        "en overig Europa vaker. Die verschillen zijn waarschijnlijk geen toeval."
    ), text
    assert text.endswith(
        "overig Azië 0,78, Marokko 0,86, Turkije 0,86, overig Afrika 0,89, Caribisch deel Koninkrijk 1,13 en "
        "overig Europa 1,05. Bij Suriname is er geen duidelijk verschil."
    ), text
    en = plain(
        Messages("migratie", m, None, defs, lang="en", file="m.csv").odds_ratio().parts, "en"
    )
    assert (
        "and adults with an origin in Caribbean part of the Kingdom and other Europe more often"
        in en
    )
    assert en.endswith("For Suriname there is no clear difference.")


def _questions(root, defs, lang) -> str:
    r = report.ThemeReport("migratie", root, defs, [], lang=lang)
    (items,) = [b for b in r.questions() if isinstance(b, doc.Items)]
    return "\n".join(
        "".join(doc.shown(p, lang) if isinstance(p, doc.Cell) else str(p) for p in q)
        for q in items.items
    )


def test_the_question_rests_on_published_figures_only(tmp_path, defs):
    root = _export(tmp_path)
    asked = _questions(root, defs, "nl")
    # the origins with clearly more distress and, by the odds ratios, clearly less care; Suriname
    # (more distress, odds ratio near 1) is not among them; no 'niet duidelijk vaker' claim of a
    # care figure, suppressed (overig Azië's among the distressed) or not
    assert (
        "Volwassenen met een herkomst uit Turkije, overig Afrika, Marokko en overig Azië hebben duidelijk vaker "
        "hoge psychische klachten. Bij gelijke leeftijd, geslacht en inkomen krijgen zij ook minder vaak "
        "GGZ-zorg dan volwassenen met een Nederlandse herkomst."
    ) in asked, asked
    assert "niet duidelijk vaker" not in asked
    assert "high psychological distress. At the same age, sex and income, they also less often" in (
        _questions(root, defs, "en")
    )
    # no odds ratio clearly below 1: the care is said to be uncertain, not presumed
    m = _origins()
    m = m[m["measure"] != "migratie.or_ggz"]
    write_csv(m, root / "migratie/measures.csv")
    asked = _questions(root, defs, "nl")
    assert ("hebben duidelijk vaker hoge psychische klachten. Of zij ook minder vaak GGZ-zorg krijgen, is in "
            "deze cijfers niet zeker.") in asked  # fmt: skip


# --- finding 7: a factsheet line ending on an earlier year says that year -----------------------


def test_an_end_value_of_an_earlier_year_says_its_year(export, definitions):  # noqa: F811
    # Vleuten-De Meern's GGZ line: 2023 suppressed in the fixture, its line ends in 2022
    for lang, label in (("nl", "Ouder met GGZ-zorg"), ("en", "Parent with mental-health care")):
        page = fs.factsheet("WK034410", export, definitions, lang=lang, gemeente="GM0344")
        line = _row_of(page, label)
        assert re.search(r'</svg> 2022: <span class="num"', line), line
        # the left end is the column's first year: no year before it
        assert not re.search(r'<td class="trend">20\d\d: ', line), line
        # a line ending in the last year says no year at its ends
        full = _row_of(
            fs.factsheet("WK034403", export, definitions, lang=lang, gemeente="GM0344"), label
        )
        assert not re.search(r"</svg> 20\d\d: ", full), full


# --- finding 12: a factsheet's change line counts its buurten's rows ----------------------------


def _changes(*rows) -> pd.DataFrame:
    cols = ["theme", "measure", "definition", "year", "area_level", "area_code", "area_name", "group",
            "group_value", "method", "change"]  # fmt: skip
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


def test_the_change_line_counts_the_buurten_of_the_wijk():
    ch = _changes(
        ("kopp", "kopp.aandeel", "verslaving", 2019, "buurt", "BU03440603", "Wijk C", "totaal", "totaal",
         "wilson", "newly_published"),
        ("kopp", "kopp.aandeel", "breed", 2019, "buurt", "BU03440101", "Wijk A", "totaal", "totaal", "wilson",
         "changed"),
    )  # fmt: skip
    line = fs.changes_line(ch, "WK034406", "Binnenstad", "nl")
    assert (
        line.startswith("Sinds de vorige uitgave: 1 ")
        and "over Binnenstad en de buurten daarin" in line
    )
    assert "geen cijfer" not in line
    en = fs.changes_line(ch, "WK034406", "Binnenstad", "en")
    assert "about Binnenstad and its buurten" in en
    # a buurt of another wijk is not counted; with none: the wijk and its buurten both said
    assert fs.changes_line(ch, "WK034403", "Overvecht", "nl") == (
        "Sinds de vorige uitgave is geen cijfer over Overvecht of de buurten daarin veranderd."
    )
    assert fs.changes_line(ch, "WK034401", "West", "nl").startswith(
        "Sinds de vorige uitgave: 1 cijfer veranderd over West"
    )


def test_an_origin_whose_care_among_the_distressed_is_clearly_higher_has_no_gap(defs):
    """Care among the distressed published and clearly above the city's: no gap, whatever the
    other care figure (all adults, standardised) says; before, the search went on to that
    figure and named the origin with a gap its own survey figure contradicts."""
    m, _ = migratie_tables()
    more = [
        row("migratie", *K10, 2022, "GM0344", "herkomst", "Indonesië", "survey_taylor", value=0.25, lo=0.2,
            hi=0.3),
        row("migratie", *GAP, 2022, "GM0344", "herkomst", "Indonesië", "survey_taylor", value=0.6, lo=0.5,
            hi=0.7),
        row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", "herkomst", "Indonesië", "direct_std_gamma",
            value=0.085, lo=0.08, hi=0.09),
    ]  # fmt: skip
    m = pd.concat([m, pd.DataFrame(more)], ignore_index=True)
    km = Messages("migratie", m, None, defs, lang="nl", file="migratie/measures.csv")
    text = plain(km.gap().parts, "nl")
    assert km.gap_origins == ["Marokko", "Suriname"]
    assert "Indonesië" not in text
