"""Numbers and states as a reader sees them."""

import numpy as np

from wijkzicht.outputs.format import interval, number, pct, ratio, shown, state


def test_dutch_and_english_separators():
    assert number(35152, "nl") == "35.152" and number(35152, "en") == "35,152"
    assert number(1234567.5, "nl", 1) == "1.234.567,5"
    assert pct(0.2655666671, "nl") == "26,6%" and pct(0.2655666671, "en") == "26.6%"
    assert ratio(1.2345, "nl") == "1,23" and ratio(0.8, "en") == "0.80"
    assert interval(0.249, 0.274, "nl") == "24,9% tot 27,4%"
    assert interval(0.92, 1.01, "en", "ratio") == "0.92 to 1.01"


def test_suppressed_and_empty_are_kept_apart():
    assert (
        state({"status": "suppressed_primary", "value": np.nan, "denominator": np.nan})
        == "suppressed"
    )
    assert state({"status": "suppressed_secondary", "value": np.nan}) == "suppressed"
    assert state({"status": "ok", "value": np.nan, "denominator": 0}) == "empty"
    assert state({"status": "ok", "value": 0.0, "denominator": 12}) == "ok"
    assert shown({"status": "ok", "value": np.nan, "denominator": 0}, "nl") == "geen personen"
    assert shown({"status": "suppressed_primary", "value": np.nan}, "nl") == "onderdrukt"
    assert shown({"status": "ok", "value": 0.25, "denominator": 100}, "en") == "25.0%"
