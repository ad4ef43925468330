"""The language switch: `language: en` gives English reports, factsheets, workbook, figures and
dashboard from the same tables; only the language-dependent jobs rerun and no table changes."""

import shutil
import subprocess

import pytest
from worlds import check_cited_numbers, check_persona_cards, snakemake

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def english(small_world, tmp_path_factory):
    wd, overrides = small_world
    en = tmp_path_factory.mktemp("english")
    # a copy of the Dutch run (times kept), so that only what depends on the language reruns
    for part in ("results", ".snakemake"):
        shutil.copytree(
            wd / part,
            en / part,
            symlinks=True,
            ignore=shutil.ignore_patterns("locks", "incomplete"),
        )
    run = snakemake(en, {**overrides, "language": "en"})
    assert run.returncode == 0, run.stderr[-3000:]
    return wd, en, run.stdout + run.stderr


def test_only_language_dependent_jobs_rerun(english):
    wd, en, log = english
    for rule in (
        "export_measures",
        "kopp",
        "base",
        "synthetic_boundaries",
        "persona_attributes",
    ):
        assert f"rule {rule}:" not in log, rule
    pages = ("pages_kopp", "pages_migratie", "pages_nieuwkomers")
    for rule in (*pages, "factsheets", "workbook", "dashboard"):
        assert f"rule {rule}:" in log, rule
    # the findings and the comparable wijken are made again in the pages jobs: the same bytes
    for table in (
        "kopp/measures.csv",
        "migratie/vergelijkbare_wijken.csv",
        "kopp/verschillen.csv",
        "linkage/linkage.csv",
        "kopp/personas.csv",
        "nieuwkomers/personas.csv",
    ):
        assert (en / "results/export" / table).read_bytes() == (
            wd / "results/export" / table
        ).read_bytes()


def test_pages_are_in_english(english):
    _, en, _ = english
    export = en / "results/export"
    report = (export / "kopp/rapport.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in report and "Key figures" in report and "Kerncijfers" not in report
    assert "Questions for the knowledge circle" in report
    factsheet = next((export / "factsheets").glob("*.html")).read_text(encoding="utf-8")
    assert "Wijk factsheet" in factsheet and "municipality" in factsheet
    board = (export / "dashboard.html").read_text(encoding="utf-8")
    assert (
        '<html lang="en">' in board
        and "Trend over the years" in board
        and "Ontwikkeling" not in board
    )
    svg = (export / "kopp/kopp_trend.svg").read_text(encoding="utf-8")
    assert "Children of parents" in svg or "year" in svg
    # the map and the infographic in English; the map's data as in Dutch but its words
    kaart = (export / "kopp/kaart_aandeel.svg").read_text(encoding="utf-8")
    assert "by wijk, " in kaart and "Map: " in kaart and "per wijk" not in kaart
    assert 'id="section-map"' in board and "The main figure of each theme by wijk" in board
    words = subprocess.run(["pdftotext", str(export / "kopp/infographic.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "How to read this" in words and "Zo leest u dit" not in words


def test_english_numbers_are_the_numbers_in_the_tables(english):
    _, en, _ = english
    assert check_cited_numbers(en / "results/export", "en") > 100
    # the persona cards: English words, the same cited counts
    assert check_persona_cards(en / "results/export", "en") >= 20
    board = (en / "results/export/dashboard.html").read_text(encoding="utf-8")
    assert "Stands for about" in board and "Staat voor" not in board
