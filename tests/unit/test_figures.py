"""Figures show suppressed values as suppressed, never as zero, and are reproducible."""

import numpy as np
import pandas as pd

from wijkzicht.outputs import figures as f


def _rows():
    rows = []
    for year, value, status in [
        (2021, 0.10, "ok"),
        (2022, np.nan, "suppressed_primary"),
        (2023, 0.14, "ok"),
    ]:
        for code, name, level in [
            ("GM1", "Gem", "gemeente"),
            ("WK1", "Wijk een", "wijk"),
            ("WK2", "Wijk twee", "wijk"),
        ]:
            sup = code == "WK2" and year == 2023
            rows.append({
                "theme": "t", "measure": "kopp.aandeel", "definition": "ggz", "year": year, "area_level": level,
                "area_code": code, "area_name": name, "group": "totaal", "group_value": "totaal",
                "method": "wilson", "value": np.nan if sup else value, "ci_lower": value - 0.02,
                "ci_upper": value + 0.02, "n_numerator": 10, "status": "suppressed_primary" if sup else status,
            })  # fmt: skip
    return pd.DataFrame(rows)


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_trend_marks_the_suppressed_year():
    fig = f.trend_lines(_rows(), "kopp.aandeel", "GM1")
    line = fig.axes[0].lines[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[1]) and y[0] == 10.0  # a gap, not a zero
    assert "onderdrukt" in _texts(fig)


def test_wijk_comparison_labels_suppressed_wijk():
    fig = f.wijk_shares(_rows(), "kopp.aandeel", 2023)
    assert _texts(fig).count("onderdrukt") == 1
    ratio = _rows().assign(
        measure="nieuwkomers.concentratie",
        value=lambda d: d["value"] * 10,
        ci_lower=lambda d: d["ci_lower"] * 10,
        ci_upper=lambda d: d["ci_upper"] * 10,
    )
    assert "onderdrukt" in _texts(f.ratio_per_wijk(ratio, "nieuwkomers.concentratie", 2023))


def test_png_and_svg_are_reproducible(tmp_path):
    for ext in ("png", "svg"):
        a, b = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
        f.save(f.trend_lines(_rows(), "kopp.aandeel", "GM1"), a)
        f.save(f.trend_lines(_rows(), "kopp.aandeel", "GM1"), b)
        assert a.read_bytes() == b.read_bytes()
