"""Buurt rows on the pages of the shared small world: the dashboard's buurten view in headless
Chromium (the buurten of the chosen wijk under the wijk and the gemeente, every number the
exported cell, suppressed and empty in words, a sentence for a measure without buurt rows) and
the report's buurt table (HTML and PDF). Screenshots: results/screenshots/dashboard_buurten*.png
and report_buurten.png."""

import re
import shutil
import subprocess

import pandas as pd
import pytest
from test_dashboard_browser import SCREENSHOTS, Dashboard, browser, select  # noqa: F401

from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs.format import STATE_WORDS

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def export(small_world):
    wd, _ = small_world
    return wd / "results/export"


@pytest.fixture(scope="module")
def board(browser, export):  # noqa: F811
    b = Dashboard(browser, export / "dashboard.html")
    yield b
    b.context.close()


def _buurten_of(m: pd.DataFrame, wijk: str) -> pd.DataFrame:
    return m[(m["area_level"] == "buurt") & (m["area_code"].str[2:8] == wijk[2:])]


def test_dashboard_buurten_view(board, export):
    m = read_measures_csv(export / "kopp/measures.csv")
    last = int(m["year"].max())
    wijk = "WK034403"  # Overvecht
    select(board, theme="kopp", measure="kopp.aandeel", definition="breed", method="wilson",
           group="totaal", year=str(last), wijk=wijk)  # fmt: skip
    head, *body = board.table("buurten")
    rows = m[(m["measure"] == "kopp.aandeel") & (m["definition"] == "breed") & (m["year"] == last)
             & (m["method"] == "wilson") & (m["group"] == "totaal")]  # fmt: skip
    buurten = _buurten_of(rows, wijk)
    # the gemeente, the wijk, then every buurt of the wijk
    assert len(body) == 2 + len(buurten) and len(buurten) >= 5
    assert body[1][0] == "Overvecht"
    by_name = {r[0]: r for r in body[2:]}
    assert set(by_name) == set(buurten["area_name"])
    words = STATE_WORDS["nl"]
    for _, r in buurten.iterrows():
        shown = by_name[r["area_name"]][1]
        if r["status"] != "ok":
            assert shown == words["suppressed"], (r["area_name"], shown)
        elif r["n_denominator"] == 0:
            assert shown == words["empty"], (r["area_name"], shown)
        else:
            assert shown == f"{100 * r['value']:.1f}%".replace(".", ","), (r["area_name"], shown)
    # published first from high to low, then the suppressed
    values = [float(b[1].rstrip("%").replace(",", ".")) for b in body[2:] if b[1].endswith("%")]
    assert values == sorted(values, reverse=True)
    assert board.has_chart("buurten")
    assert "Overvecht" in board.text("lead-buurten")
    assert not re.search(r"\bBU\d{8}\b", board.text("section-buurten"))
    board.shot("dashboard_buurten")
    # a breakdown chosen: the buurten stay on totaal, and the lead says so
    select(board, group="leeftijd")
    assert "alleen een cijfer voor alle inwoners samen" in board.text("lead-buurten")
    # a survey measure has no buurt rows: a sentence, no chart
    select(board, theme="migratie", measure="migratie.k10_hoog", group="totaal")
    assert "niet per buurt" in board.text("lead-buurten") and not board.has_chart("buurten")
    assert not board.errors, board.errors


def test_report_buurt_table(export):
    page = (export / "kopp/rapport.html").read_text(encoding="utf-8")
    assert "Per buurt:" in page
    section = page[page.index("Per buurt:") :]
    m = read_measures_csv(export / "kopp/measures.csv")
    names = m.loc[m["area_level"] == "buurt", "area_name"].unique()
    assert all(f">{name}<" in section for name in names)
    suppressed = m[(m["area_level"] == "buurt") & (m["status"] != "ok")]
    if len(suppressed):
        assert "onderdrukt" in section
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is missing")
    pdf = export / "kopp/rapport.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    pages = text.stdout.split("\f")
    at = next(i for i, p in enumerate(pages) if "Per buurt:" in p)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / "report_buurten"
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", str(at + 1), "-l", str(at + 1),
                    "-singlefile", str(pdf), str(out)], check=True)  # fmt: skip
    assert out.with_suffix(".png").stat().st_size > 10_000
