"""The report's 'Wat is veranderd' as a fresh user read it on a real yearly rerun (U11): the rows
shown the gemeente's first, then the wijken's, then the buurten's (five buurt rows were shown, the
28 figures of Utrecht itself now suppressed were left out); the counts say how many are of the
whole gemeente; 'Waarom: 67 ...' says 67 what; and in the PDF the paragraph before 'Waarom'
keeps the heading and 'Waarom' on one page (the heading stood on one page, 'Waarom' on the next)."""

import shutil
import subprocess

import pandas as pd
import pytest
from test_report_messages import kopp_tables
from test_report_pdf import export
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import document as doc
from wijkzicht.outputs import report
from wijkzicht.outputs.document import Items, Para, Table, plain
from wijkzicht.release.changes import rows


@pytest.fixture(scope="module")
def definitions():
    return parse_definitions(config())


def _suppress(m: pd.DataFrame, where) -> None:
    m.loc[where, ["value", "ci_lower", "ci_upper", "numerator", "denominator"]] = None
    m.loc[where, ["n_numerator", "n_denominator", "se"]] = None
    m.loc[where, "status"] = "suppressed_secondary"


def releases():
    """The new release hides Overvecht's broad share (a wijk, the whole group) and the gemeente's
    jeugdteam 'ja' (the gemeente, a breakdown); Overvecht's ggz share moved 6 points, the
    gemeente's broad 2022 share 1 point."""
    old, _ = kopp_tables()
    new = old.copy()
    wilson = new["method"] == "wilson"
    _suppress(new, wilson & (new["definition"] == "breed") & (new["year"] == 2023)
              & (new["area_code"] == "WK034403"))  # fmt: skip
    _suppress(new, (new["measure"] == "kopp.jeugdteam") & (new["group_value"] == "ja"))
    new.loc[wilson & (new["definition"] == "ggz") & (new["area_code"] == "WK034403"), "value"] = (
        0.36
    )
    new.loc[wilson & (new["year"] == 2022) & (new["area_code"] == "GM0344"), "value"] = 0.28
    return old, new


def _section(tmp_path, definitions, lang):
    old, new = releases()
    root = export(tmp_path, definitions)
    new.to_csv(root / "kopp" / "measures.csv", index=False)
    table = rows(old, new)
    # the reden the workflow adds from the two manifests (release.changes.reasons)
    table["reden"] = "gegevens"
    table.to_csv(root / "changes.csv", index=False)
    return report.ThemeReport("kopp", root, definitions, [], lang=lang).changes_section()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_rows_shown_are_the_gemeentes_first_then_the_wijkens(tmp_path, definitions, lang):
    blocks = _section(tmp_path, definitions, lang)
    (t,) = [b for b in blocks if isinstance(b, Table)]
    areas = [(plain(line[1], lang), plain(line[4], lang)) for line in t.rows]
    hidden = "onderdrukt" if lang == "nl" else "suppressed"
    # changed: the gemeente's 1 point before Overvecht's 6; now suppressed: the gemeente's
    # breakdown before Overvecht's whole group (before: Overvecht first in both)
    assert [a for a, _ in areas] == ["Utrecht", "Overvecht", "Utrecht", "Overvecht"], areas
    assert [now == hidden for _, now in areas] == [False, False, True, True]
    said = " ".join(plain(b.text, lang) for b in blocks if isinstance(b, Para))
    first = "eerst die van heel Utrecht" if lang == "nl" else "first those of Utrecht as a whole"
    assert first in said


def test_the_largest_changes_are_picked_before_they_are_ordered_by_area():
    """Six changes: the five largest are shown, the smallest (the gemeente's) is not, though
    the rows shown put a gemeente first."""
    ch = pd.DataFrame([{"theme": "kopp", "measure": "kopp.aandeel", "definition": "breed", "year": 2023,
                        "area_level": level, "area_code": code, "area_name": name, "group": "totaal",
                        "group_value": "totaal", "method": "wilson", "change": "changed", "reden": "gegevens",
                        "value_old": 0.2, "value_new": 0.2 + d, "difference": d}
                       for level, code, name, d in [("gemeente", "GM0344", "Utrecht", 0.001),
                                                    *(("buurt", f"BU0{i}", f"b{i}", 0.05 + i / 100)
                                                      for i in range(4)),
                                                    ("wijk", "WK034403", "Overvecht", 0.02)]])  # fmt: skip
    m, _ = kopp_tables()
    r = report.ThemeReport.__new__(report.ThemeReport)
    r.m, r.lang, r.w, r.definitions = m, "nl", report.WORDS["nl"], None
    lines, _ = r.changed_lines(ch)
    assert [line[1][0] for line in lines] == ["Overvecht", "b3", "b2", "b1", "b0"]


@pytest.mark.parametrize(
    "lang,said",
    [("nl", "Van heel Utrecht: 1 veranderd."), ("en", "Of Utrecht as a whole: 1 changed.")],
)  # fmt: skip
def test_the_counts_say_how_many_are_of_the_whole_gemeente(tmp_path, definitions, lang, said):
    blocks = _section(tmp_path, definitions, lang)
    items = [plain(i, lang) for b in blocks if isinstance(b, Items) for i in b.items]
    # kopp.aandeel: the gemeente's 2022 share changed (Overvecht's ggz too), Overvecht's broad
    # share now suppressed; kopp.jeugdteam: only the gemeente's 'ja', now suppressed
    aandeel = items[0]
    assert ("2 cijfers veranderd en 1 nu onderdrukt." in aandeel or "2 figures changed and 1 now suppressed."
            in aandeel) and aandeel.endswith(said), items  # fmt: skip
    gem = (
        "Van heel Utrecht: 1 nu onderdrukt."
        if lang == "nl"
        else "Of Utrecht as a whole: 1 now suppressed."
    )
    assert sum(i.endswith(gem) for i in items) == 1, items


@pytest.mark.parametrize(
    "lang,said",
    [("nl", "Waarom: 2 cijfers omdat een bestand waaruit ze gemaakt zijn veranderd is en 1 cijfer alleen "
            "door de privacyregels: de aantallen zijn gelijk gebleven."),
     ("en", "Why: 2 figures because a file they are made from changed and 1 figure only by the disclosure "
            "rules: the counts stayed the same.")],
)  # fmt: skip
def test_the_reasons_say_what_they_count(lang, said):
    ch = pd.DataFrame({"reden": ["gegevens", "privacyregels", "gegevens", None]})
    assert report.reasons_sentence(ch, lang) == said


def test_the_paragraph_before_waarom_is_kept_with_it_only_when_there_is_one(tmp_path, definitions):
    blocks = _section(tmp_path, definitions, "nl")
    paras = [b for b in blocks if isinstance(b, Para)]
    assert paras[0].style == "keep" and plain(paras[1].text, "nl").startswith("Waarom: ")
    # a changes.csv without its reden column: no 'Waarom', nothing kept
    root = tmp_path / "export"
    pd.read_csv(root / "changes.csv").drop(columns="reden").to_csv(
        root / "changes.csv", index=False
    )
    blocks = report.ThemeReport("kopp", root, definitions, [], lang="nl").changes_section()
    assert all(b.style == "" for b in blocks if isinstance(b, Para))


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    return text.split("\f")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make pdf-deps)")
def test_a_heading_and_the_paragraphs_kept_with_it_never_part_over_pages(tmp_path):
    """Ever more lines of text before the heading, so that it falls at every place of the page's
    end: the heading, the kept paragraph and the one after it are always on one page; without
    'keep' (and a sticky heading) some layout put them on two."""
    parted = {"keep": 0, "": 0}
    for style in parted:
        for k in range(34, 52):
            blocks = [*(Para([f"regel {i}"]) for i in range(k)), doc.Heading(2, ["Kop"]),
                      Para(["Een cijfer kan anders zijn. " * 8], style), Para(["Waarom: 3 cijfers."]),
                      *(Para([f"daarna {i}"]) for i in range(8))]  # fmt: skip
            doc.to_pdf(doc.Document("t", "nl", tuple(blocks)), tmp_path, tmp_path / "t.pdf")
            pages = _pages(tmp_path / "t.pdf")
            head = next(i for i, p in enumerate(pages) if "Kop" in p)
            why = next(i for i, p in enumerate(pages) if "Waarom: 3 cijfers." in p)
            parted[style] += head != why
    assert parted["keep"] == 0 and parted[""] > 0, parted


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_figure_now_suppressed_shows_the_number_it_had(tmp_path, definitions, lang):
    """U11's finding 11: 'Vorige uitgave: gepubliceerd' said nothing of which number a reader
    quoted; changes.csv keeps the previous release's (public) number of a figure now
    suppressed (release.changes.rows), and the page shows it."""
    blocks = _section(tmp_path, definitions, lang)
    (t,) = [b for b in blocks if isinstance(b, Table)]
    old, _ = releases()
    hidden = "onderdrukt" if lang == "nl" else "suppressed"
    suppressed = [line for line in t.rows if plain(line[4], lang) == hidden]
    assert suppressed
    for line in suppressed:
        (cell,) = line[3]
        assert isinstance(cell, doc.Cell) and cell.col == "value_old", line
        assert cell.value in set(old["value"].dropna())
