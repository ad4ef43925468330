"""U4: the dashboard's trend line was drawn straight across a suppressed year (Oost, 2021), which
suggested a value there; the table beside it said onderdrukt. The line now breaks at a year
without a value. Drawn with the dashboard's own Vega-Lite version (vl-convert), as Chromium
draws it."""

import re

import pytest
import vl_convert as vlc

from wijkzicht.outputs import dashboard


def _records(values: dict[int, float | None], **extra) -> list[dict]:
    """Rows as dashboard.js `record` makes them: a suppressed year has no value and its word."""
    out = []
    for year, v in values.items():
        ok = v is not None
        out.append({"year": str(year), "year_n": year, "x": year, "value": v,
                    "lo": None if v is None else v - 1, "hi": None if v is None else v + 1, "ok": ok,
                    "word": "" if ok else "onderdrukt", "shown": "", "ci": "", "n_text": "", "n_tip": "",
                    "selected_year": year == max(values), "state": "ok" if ok else "suppressed",
                    "series": "Oost", **extra})  # fmt: skip
    return out


def _line_paths(spec: dict, records: list[dict]) -> list[str]:
    spec = {**spec, "datasets": {"rows": records}}
    svg = vlc.vegalite_to_svg(spec, vl_version=dashboard.VEGA_LITE)
    groups = re.findall(r'<g class="mark-line[^"]*"[^>]*>(.*?)</g>', svg, flags=re.S)
    return [d for g in groups for d in re.findall(r' d="([^"]*)"', g)]


VALUES = {2019: 21.0, 2020: 18.7, 2021: None, 2022: 19.7, 2023: 21.3}


@pytest.mark.parametrize("kind", ["pct", "ratio"])
def test_the_trend_line_breaks_at_a_suppressed_year(kind):
    values = VALUES if kind == "pct" else {y: v and v / 20 for y, v in VALUES.items()}
    (path,) = _line_paths(dashboard.trend_spec("nl", kind), _records(values))
    # two pieces: 2019-2020 and 2022-2023, none across 2021
    assert path.count("M") == 2, path
    assert path.count("L") == 2, path
    # without a gap the line is one piece through every year
    (whole,) = _line_paths(
        dashboard.trend_spec("nl", kind), _records({**values, 2021: values[2020]})
    )
    assert whole.count("M") == 1 and whole.count("L") == 4


def test_a_panel_line_breaks_at_a_suppressed_year():
    records = _records(VALUES, panel="4-11 jaar", panel_order=0)
    records += _records(
        {y: 17.0 for y in VALUES}, panel="4-11 jaar", panel_order=0, series="Utrecht"
    )
    paths = sorted(
        _line_paths(dashboard.panels_spec("nl", "pct"), records), key=lambda d: d.count("M")
    )
    assert [d.count("M") for d in paths] == [1, 2]  # the city's whole, the wijk's broken at 2021
