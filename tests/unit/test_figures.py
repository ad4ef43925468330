"""The drawers: suppressed and empty rows are words, never zeros; numbers on the axes in the page
language; ratio axes readable; the same bytes on every run; a drawer refuses rows of another kind."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from wijkzicht.outputs import figures as f


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _trend(states=("ok", "suppressed", "ok")) -> pd.DataFrame:
    rows = []
    for year, value, st in zip((2021, 2022, 2023), (0.10, 0.12, 0.14), states, strict=True):
        ok = st == "ok"
        rows.append({
            "method": "wilson", "series": "reeks", "role": "line", "year": year, "label": str(year),
            "value": value if ok else np.nan, "ci_lower": value - 0.02 if ok else np.nan,
            "ci_upper": value + 0.02 if ok else np.nan, "state": st,
            "shown": f"{100 * value:.1f}%".replace(".", ",") if ok else "onderdrukt", "verdict": "geen_trend",
        })  # fmt: skip
    return pd.DataFrame(rows)


def _draw(sel, lang="nl"):
    return f.trend_lines(sel, lang=lang, title="Titel", notes=["noot"], source="Bron: test")


def test_trend_marks_the_suppressed_year_as_a_gap():
    fig = _draw(_trend())
    (line,) = [ln for ln in fig.axes[0].lines if ln.get_label() == "reeks"]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[1]) and y[0] == 0.10  # a gap, not a zero
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "onderdrukt" in texts
    # an empty year is 'geen personen', not 'onderdrukt'
    fig = _draw(_trend(("ok", "empty", "ok")))
    assert "geen personen" in [t.get_text() for t in fig.axes[0].texts]
    assert "Bron: test" in "\n".join(t.get_text() for t in fig.texts)


def test_axis_numbers_in_the_page_language():
    assert f.plain(12.5, "nl") == "12,5" and f.plain(12.5, "en") == "12.5"
    assert f.plain(1250, "nl") == "1.250" and f.plain(1250, "en") == "1,250"
    assert f.plain(0.25, "nl") == "0,25" and f.plain(2, "nl") == "2"
    fig = _draw(_trend())
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels and all(t.endswith("%") for t in labels)
    assert any("," in t for t in labels) or all(t[:-1].isdigit() for t in labels)
    fig, ax = plt.subplots()
    f.pct_axis(ax.yaxis, "nl")
    assert ax.yaxis.get_major_formatter()(0.025, 0) == "2,5%"
    f.pct_axis(ax.yaxis, "en")
    assert ax.yaxis.get_major_formatter()(0.025, 0) == "2.5%"


@pytest.mark.parametrize(("lo", "hi"), [(0.8, 1.3), (0.4, 2.4), (0.15, 6.0)])
def test_ratio_axis_has_plain_ticks_around_one(lo, hi):
    fig, ax = plt.subplots()
    f.ratio_axis(ax, lo, hi, "nl")
    ticks = list(ax.xaxis.get_major_locator()())
    assert 1 in ticks
    left, right = ax.get_xlim()
    assert left < lo and right > hi
    assert np.isclose(np.log(left), -np.log(right))  # twice and half as far from 1
    words = [ax.xaxis.get_major_formatter()(t, 0) for t in ticks]
    assert all(set(w) <= set("0123456789,") for w in words), words
    assert not ax.xaxis.get_minor_locator()()


def test_counts_are_whole_numbers_of_the_count_method():
    rows = pd.DataFrame({"method": ["wilson", "wilson"], "n_numerator": [12, 3.5]})
    with pytest.raises(f.FigureDataError, match="whole number"):
        f.assert_counts(rows)
    with pytest.raises(f.FigureDataError, match="count figure can only draw counts"):
        f.assert_counts(rows.assign(method="direct_std_gamma", n_numerator=[1, 2]))


def test_png_and_svg_are_reproducible(tmp_path):
    for ext in ("png", "svg"):
        a, b = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
        f.save(_draw(_trend()), a, title="t", description="d")
        f.save(_draw(_trend()), b, title="t", description="d")
        assert a.read_bytes() == b.read_bytes()
    assert "<dc:description>d</dc:description>" in (tmp_path / "a.svg").read_text()
