"""A model estimate (docs/small_area.md: published to whole percentages) is shown as one on the
report pages (Cell kind whole_pct) and in the workbook (format 0%), a counted share keeps its
decimal."""

from wijkzicht.outputs import workbook
from wijkzicht.outputs.document import Cell, shown


def test_whole_percentages_for_a_model_estimate():
    model = Cell("migratie/measures.csv", 3, "value", 0.43, "whole_pct")
    share = Cell("migratie/measures.csv", 4, "value", 0.43, "pct")
    assert (shown(model, "nl"), shown(model, "en")) == ("43%", "43%")
    assert (shown(share, "nl"), shown(share, "en")) == ("43,0%", "43.0%")
    assert shown(Cell("f.csv", 0, "ci_upper", 0.61, "whole_pct"), "nl") == "61%"


def test_workbook_formats_a_model_estimate_as_a_whole_percentage():
    assert workbook.FORMATS[workbook.kind("modelschatting")] == "0%"
    assert workbook.FORMATS[workbook.kind("survey_taylor")] == "0.0%"
    assert workbook.FORMATS[workbook.kind("wilson")] == "0.0%"
