"""OUTPUTCONTROLE.md describes changes.csv by the columns a checker filters on: what a reader sees
change (`zichtbaar`, R7) and why (`reden`, R6), each with its values."""

from wijkzicht.release.bundle import describe
from wijkzicht.release.changes import ROW_COLUMNS, SEEN


def test_outputcontrole_names_the_columns_zichtbaar_and_reden():
    what, level = describe("changes.csv")
    assert "zichtbaar" in what and "reden" in what and level == "zoals de maatentabellen"
    assert all(value in what for value in SEEN), what


def test_outputcontrole_names_the_trend_words_columns():
    """A trend is compared by its words (U15, U13 M1): the description names both columns."""
    what, _ = describe("changes.csv")
    assert {"trend_old", "trend_new"} <= set(ROW_COLUMNS)
    assert "trend_old" in what and "trend_new" in what, what
