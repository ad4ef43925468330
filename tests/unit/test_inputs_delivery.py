"""docs/INPUTS.md, what to deliver, is written from the contracts the ingest checks (U7: a
first-time data manager found the tables and columns only outside the repository). It must be
the page the current contracts give, and name every table and column."""

from __future__ import annotations

from pathlib import Path

from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.delivery import markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "INPUTS.md"


def test_the_page_is_current():
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/INPUTS.md is out of date: python -m wijkzicht.inputs.delivery > docs/INPUTS.md"
    )


def test_every_table_and_column_is_on_it():
    text = markdown()
    for t in TABLES.values():
        assert f"## {t.name}\n" in text
        for c in t.columns:
            assert f"| `{c.name}` |" in text, (t.name, c.name)
    # the checks' own words: a key of 9 digits, a code's values
    assert "| `RINPERSOON` | RINPERSOON-type key: 9 digits as text | 9 digits or empty |" in text
    assert "non-empty, one of ['1', '2', '-']" in text
