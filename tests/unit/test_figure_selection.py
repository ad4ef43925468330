"""Each figure draws exactly its intended rows: the selection holds them, and what the matplotlib
artists carry (points, intervals, lines, bars) equals the selection. Measures frames are made by
hand, with rows the figure must NOT draw beside the ones it must (trend rows, other methods,
other groups and years)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import figure_specs as fs
from wijkzicht.outputs import figures as f
from wijkzicht.outputs.findings import COLUMNS as DIFF_COLUMNS

GM = "GM0344"
AREAS = {GM: "Utrecht", "WK01": "Oost", "WK02": "Zuid", "WK03": "Overvecht", "WK04": "Noordoost"}


@pytest.fixture(scope="module")
def defs():
    return parse_definitions(config())


def row(measure, definition, year, code, value, *, method="wilson", lo=None, hi=None, status="ok",
        group="totaal", gv="totaal", n=None, den=1000.0):  # fmt: skip
    hidden = status != "ok"
    lo = value * 0.9 if lo is None else lo
    hi = value * 1.1 if hi is None else hi
    num = round(value * den) if n is None else n
    return {
        "theme": measure.split(".")[0], "measure": measure, "definition": definition, "year": year,
        "area_level": "gemeente" if code.startswith("GM") else "wijk", "area_code": code,
        "area_name": AREAS[code], "group": group, "group_value": gv, "method": method,
        "numerator": np.nan if hidden else num, "denominator": np.nan if hidden else den,
        "n_numerator": np.nan if hidden else num, "n_denominator": np.nan if hidden else den,
        "value": np.nan if hidden else value, "ci_lower": np.nan if hidden else lo,
        "ci_upper": np.nan if hidden else hi, "se": np.nan if hidden else 0.01, "status": status,
    }  # fmt: skip


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows).reset_index(drop=True)


def diff(rows) -> pd.DataFrame:
    """A verschillen table: (comparison, measure, definition, method, year, code, verdict)."""
    out = []
    for comparison, measure, definition, method, year, code, verdict in rows:
        out.append({c: "" for c in DIFF_COLUMNS} | {
            "theme": measure.split(".")[0], "measure": measure, "definition": definition, "year": year,
            "comparison": comparison, "area_level": "gemeente" if code.startswith("GM") else "wijk",
            "area_code": code, "area_name": AREAS[code], "group": "totaal", "group_value": "totaal",
            "method": method, "verdict": verdict,
            "test": {"wilson": "two_proportion_z", "ratio_katz": "z_log_ratio"}.get(method, "ci_trend"),
        })  # fmt: skip
    return pd.DataFrame(out, columns=DIFF_COLUMNS)


# --- reading what is drawn --------------------------------------------------------------------


def plot_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def drawn_points(fig) -> pd.DataFrame:
    """Every point with its interval, as drawn: panel title, y label, x, interval ends."""
    axes = plot_axes(fig)
    names = {round(t, 6): lab.get_text() for t, lab in zip(axes[0].get_yticks(), axes[0].get_yticklabels(),
                                                            strict=True)}  # fmt: skip
    out = []
    for ax in axes:
        for c in ax.containers:
            data, _, bars = c.lines
            (x,), (y,) = data.get_xdata(), data.get_ydata()
            (lo, _), (hi, _) = bars[0].get_segments()[0]
            out.append({"series": ax.get_title(loc="left"), "label": names[round(y, 6)], "value": x,
                        "ci_lower": lo, "ci_upper": hi})  # fmt: skip
    return pd.DataFrame(out)


def drawn_words(fig) -> set[tuple[str, str, str]]:
    """(panel, y label, word) of every word drawn in place of a point or beside one."""
    axes = plot_axes(fig)
    names = {round(t, 6): lab.get_text() for t, lab in zip(axes[0].get_yticks(), axes[0].get_yticklabels(),
                                                            strict=True)}  # fmt: skip
    out = set()
    for ax in axes:
        for t in ax.texts:
            y = t.xy[1] if hasattr(t, "xy") else t.get_position()[1]
            if round(y, 6) in names:
                text = t.get_text()
                out.add((ax.get_title(loc="left"), names[round(y, 6)], text))
                if text[-1:] in ("▲", "▼"):  # the value with its mark: the mark on its own too
                    out.add((ax.get_title(loc="left"), names[round(y, 6)], text[-1]))
    return out


def dashed_lines(ax) -> list[float]:
    return [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--"]


def figure_text(fig) -> str:
    return "\n".join(
        [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]
    )


def expected_points(sel: pd.DataFrame) -> pd.DataFrame:
    ok = sel[(sel["role"] == "point") & (sel["state"] == "ok")]
    return ok[["series", "label", "value", "ci_lower", "ci_upper"]].reset_index(drop=True)


def same_points(drawn: pd.DataFrame, expected: pd.DataFrame) -> None:
    key = ["series", "label"]
    a = drawn.sort_values(key).reset_index(drop=True)
    b = expected.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[key], b[key])
    np.testing.assert_allclose(a[["value", "ci_lower", "ci_upper"]].to_numpy(dtype=float),
                               b[["value", "ci_lower", "ci_upper"]].to_numpy(dtype=float), rtol=1e-12)  # fmt: skip


# --- kopp -------------------------------------------------------------------------------------


def kopp_measures() -> pd.DataFrame:
    rows = []
    for year in (2022, 2023):
        for d, base in (("ggz", 0.14), ("breed", 0.26)):
            rows.append(row("kopp.aandeel", d, year, GM, base))
            for k, code in enumerate(("WK01", "WK02", "WK03", "WK04")):
                status = (
                    "suppressed_primary"
                    if (code == "WK02" and d == "ggz" and year == 2023)
                    else "ok"
                )
                rows.append(
                    row("kopp.aandeel", d, year, code, base + 0.02 * k - 0.03, status=status)
                )
            # a breakdown the figure does not draw
            rows.append(row("kopp.aandeel", d, year, "WK01", 0.5, group="leeftijd", gv="0-3"))
    # trend rows: odds ratios per year, carrying the last year, at every area (the old bug: drawn as shares)
    for d in ("ggz", "breed"):
        for code in AREAS:
            rows.append(row("kopp.aandeel", d, 2023, code, 1.08, method="trend_logit", lo=0.97, hi=1.21,
                            n=np.nan))  # fmt: skip
    # no persons in a wijk: the group is empty (denominator 0)
    rows.append(row("kopp.aandeel", "verslaving", 2023, GM, 0.02))
    rows.append(
        row("kopp.aandeel", "verslaving", 2023, "WK01", np.nan, lo=np.nan, hi=np.nan, n=0, den=0.0)
    )
    for code in ("WK02", "WK03", "WK04"):
        rows.append(row("kopp.aandeel", "verslaving", 2023, code, 0.02))
    combos = [("geen", 700), ("ggz", 120), ("psychofarmaca", 1800), ("ggz+psychofarmaca", 60), ("verslaving", None),
              ("ggz+verslaving", 0), ("bw_mo", 15)]  # fmt: skip
    for year in (2022, 2023):
        for gv, n in combos:
            status = "suppressed_primary" if n is None else "ok"
            n = n if n is not None else 0
            rows.append(row("kopp.overlap", "breed", year, GM, (n + year - 2022) / 1000, group="combinatie", gv=gv,
                            n=n + year - 2022, status=status))  # fmt: skip
        rows.append(row("kopp.overlap", "breed", 2023, GM, 1.01, method="trend_logit", group="combinatie",
                        gv="ggz", n=np.nan))  # fmt: skip
    return frame(rows)


def kopp_differences() -> pd.DataFrame:
    return diff([
        ("wijk_vs_gemeente", "kopp.aandeel", "breed", "wilson", 2023, "WK01", "lager"),
        ("wijk_vs_gemeente", "kopp.aandeel", "breed", "wilson", 2023, "WK04", "hoger"),
        ("wijk_vs_gemeente", "kopp.aandeel", "breed", "wilson", 2023, "WK02", "geen_verschil"),
        ("wijk_vs_gemeente", "kopp.aandeel", "ggz", "wilson", 2023, "WK03", "hoger"),
        # another year: must not mark 2023
        ("wijk_vs_gemeente", "kopp.aandeel", "ggz", "wilson", 2022, "WK01", "hoger"),
        ("trend", "kopp.aandeel", "breed", "trend_logit", 2023, GM, "stijgt"),
        ("trend", "kopp.aandeel", "ggz", "trend_logit", 2023, GM, "geen_trend"),
    ])  # fmt: skip


def test_kopp_aandeel_wijk_draws_the_latest_shares_never_the_trend_rows(defs):
    m = kopp_measures()
    sel = fs.select("kopp_aandeel_wijk", m, defs, kopp_differences(), lang="nl", gemeente=GM)
    # the intended rows: wilson, group totaal, 2023, gemeente and wijken of every definition
    intended = m[(m["measure"] == "kopp.aandeel") & (m["method"] == "wilson") & (m["year"] == 2023)
                 & (m["group"] == "totaal")]  # fmt: skip
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    assert set(sel["method"]) == {"wilson"} and set(sel["year"]) == {2023}
    assert sel["value"].dropna().between(0, 1).all()
    # the sorting definition first (its panel is read first, R12), the others in configuration
    # order; the gemeente first in each
    assert list(dict.fromkeys(sel["definition"])) == ["breed", "ggz", "verslaving"]
    assert sel.groupby("definition", sort=False)["role"].first().eq("reference").all()
    # the values are those of the published rows
    src = m.loc[sel["measures_row"], ["value", "ci_lower", "ci_upper"]].to_numpy(dtype=float)
    np.testing.assert_array_equal(sel[["value", "ci_lower", "ci_upper"]].to_numpy(dtype=float), src)

    fig = fs.draw("kopp_aandeel_wijk", sel, defs, lang="nl")
    same_points(drawn_points(fig), expected_points(sel))
    # no trend odds ratio (1,08) anywhere among the drawn values
    assert not np.isclose(drawn_points(fig)["value"], 1.08).any()
    # the city as a dashed line per panel, at its value
    for ax in plot_axes(fig):
        ref = sel[(sel["series"] == ax.get_title(loc="left")) & (sel["role"] == "reference")]
        assert dashed_lines(ax) == [ref["value"].iloc[0]]
    words = drawn_words(fig)
    assert ("ouder met GGZ-zorg", "Zuid", "onderdrukt") in words
    assert ("ouder met verslavingszorg", "Oost", "geen personen") in words
    # the marks: where verschillen.csv says so, in the figure's year only
    assert ("brede definitie", "Noordoost", "▲") in words and (
        "brede definitie",
        "Oost",
        "▼",
    ) in words
    assert ("ouder met GGZ-zorg", "Overvecht", "▲") in words
    marks = {w for w in words if w[2] in "▲▼"}
    assert len(marks) == 3
    # every point has its value beside it, as the reader sees it
    for _, r in sel[(sel["role"] == "point") & (sel["state"] == "ok")].iterrows():
        assert (r["series"], r["label"], f"{r['shown']} {r['mark']}".strip()) in words
    assert ("brede definitie", "Noordoost", "29,0% ▲") in words
    text = figure_text(fig)
    # the marks in plain words; the test and its correction are in the report's reading guide
    assert (
        "▲ ▼ = in deze wijk duidelijk hoger/lager dan in de rest van de gemeente; dat verschil is "
        "waarschijnlijk geen toeval" in " ".join(text.split())
    )
    assert "Bron: CBS-microdata (" in text and "gemeente Utrecht (" in text
    assert "geen personen: niemand in deze groep." in text
    # the wijken from high to low on the report's key definition, on the same row in every panel
    for series in dict.fromkeys(sel["series"]):
        points = sel[(sel["series"] == series) & (sel["role"] == "point")]
        assert list(points["label"]) == ["Noordoost", "Overvecht", "Zuid", "Oost"], series
    ticks = sorted((t.get_position()[1], t.get_text()) for t in plot_axes(fig)[0].get_yticklabels())
    assert [name for _, name in ticks][::-1] == [
        "Noordoost",
        "Overvecht",
        "Zuid",
        "Oost",
    ]  # top down
    assert "De wijken van hoog naar laag op het eerste paneel: brede definitie." in text


def test_kopp_trend_draws_the_city_over_the_years(defs):
    m = kopp_measures()
    sel = fs.select("kopp_trend", m, defs, kopp_differences(), lang="nl", gemeente=GM)
    intended = m[(m["measure"] == "kopp.aandeel") & (m["method"] == "wilson") & (m["area_code"] == GM)
                 & (m["group"] == "totaal")]  # fmt: skip
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    fig = fs.draw("kopp_trend", sel, defs, lang="nl")
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.lines if not ln.get_label().startswith("_")}
    assert set(lines) == set(sel["series"])
    for series, rows in sel.groupby("series"):
        rows = rows.sort_values("year")
        np.testing.assert_array_equal(lines[series].get_xdata(), rows["year"].to_numpy())
        np.testing.assert_array_equal(
            lines[series].get_ydata(), rows["value"].to_numpy(dtype=float)
        )
    # each line named at its end with its trend in words (from verschillen.csv)
    text = figure_text(fig)
    assert "brede definitie: 26,0%\nstijgt" in text
    assert "ouder met GGZ-zorg: 14,0%\ngeen duidelijke trend" in text
    # the year axis without thousands separators, the share axis in Dutch
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023"]
    assert all(t.get_text().endswith("%") for t in ax.get_yticklabels())


def test_kopp_overlap_draws_the_counts_largest_first(defs):
    m = kopp_measures()
    sel = fs.select("kopp_overlap", m, defs, None, lang="nl", gemeente=GM)
    intended = m[(m["measure"] == "kopp.overlap") & (m["method"] == "wilson") & (m["year"] == 2023)
                 & (m["group_value"] != "geen")]  # fmt: skip
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    assert list(sel["group_value"]) == ["psychofarmaca", "ggz", "ggz+psychofarmaca", "bw_mo", "ggz+verslaving",
                                        "verslaving"]  # fmt: skip
    assert list(sel["label"])[2] == "GGZ-zorg + psychofarmaca"
    fig = fs.draw("kopp_overlap", sel, defs, lang="nl")
    top, bottom = fig.axes
    bars = top.patches
    ok = sel[sel["state"] == "ok"]
    assert [b.get_height() for b in bars] == ok["n_numerator"].tolist()
    assert [b.get_x() + b.get_width() / 2 for b in bars] == list(range(len(ok)))
    # the suppressed combination: its word, no bar
    assert [t.get_text() for t in top.texts if t.get_text() == "onderdrukt"] == ["onderdrukt"]
    # the numbers on the bars, with a thousands separator where needed
    assert {t.get_text() for t in top.texts} >= {"1.801", "121", "61", "16", "1"}
    # the dot matrix: the black dots of each column are its members
    names = [lab.get_text().replace("\n", " ") for lab in bottom.get_yticklabels()]
    members = {}
    for ln in bottom.lines:
        if ln.get_color() == "#222222":
            x = ln.get_xdata()
            members[int(x[0])] = {names[int(y)] for y in ln.get_ydata()} if len(x) else set()
    labels = {c.name: c.label("nl") for c in defs.kopp.overlap_conditions}
    for x, (_, r) in enumerate(sel.iterrows()):
        assert members[x] == {labels[p] for p in r["members"].split("+")}


def test_every_figure_states_its_methods_and_a_share_figure_refuses_others(defs):
    for spec in fs.SPECS.values():
        allowed = {"share": f.SHARE_METHODS, "ratio": f.RATIO_METHODS, "count": f.COUNT_METHODS}[
            spec.kind
        ]
        assert spec.methods and set(spec.methods) <= set(allowed), spec.name
    with pytest.raises(ValueError, match="cannot draw methods"):
        fs.Spec("x", "kopp", "share", ("kopp.aandeel",), ("wilson", "trend_logit"))
    trend = kopp_measures().query("method == 'trend_logit' and measure == 'kopp.aandeel'")
    with pytest.raises(f.FigureDataError, match="can only draw shares.*trend_logit"):
        f.assert_shares(trend)
    # even past the selection: the share drawer refuses the rows
    sel = fs.select("kopp_aandeel_wijk", kopp_measures(), defs, None, lang="nl", gemeente=GM)
    bad = sel.assign(method="trend_logit")
    with pytest.raises(f.FigureDataError):
        fs.draw("kopp_aandeel_wijk", bad, defs, lang="nl")
    with pytest.raises(f.FigureDataError, match="outside 0..1"):
        f.assert_shares(sel.assign(value=sel["value"] * 10))
    with pytest.raises(f.FigureDataError, match="ratio"):
        f.assert_ratios(sel)


# --- migratie -----------------------------------------------------------------------------------


def migratie_measures() -> pd.DataFrame:
    rows = []
    for year in (2020, 2022):
        for measure, d, base in (
            ("migratie.k10_hoog", "k10_hoog", 0.10),
            ("migratie.zorgkloof", "ggz", 0.33),
        ):
            rows.append(row(measure, d, year, GM, base, method="survey_taylor"))
            for k, gv in enumerate(("Nederland", "Marokko", "Turkije", "onbekend")):
                status = "suppressed_secondary" if gv == "Turkije" else "ok"
                rows.append(row(measure, d, year, GM, base + 0.05 * k, method="survey_taylor", group="herkomst",
                                gv=gv, status=status))  # fmt: skip
                rows.append(
                    row(
                        measure,
                        d,
                        year,
                        "WK01",
                        0.3,
                        method="survey_taylor",
                        group="herkomst",
                        gv=gv,
                    )
                )
            rows.append(
                row(measure, d, 2022, GM, 0.01, method="trend_wls", lo=-0.02, hi=0.04, n=np.nan)
            )
    for year in (2019, 2020, 2021, 2022, 2023):
        rows.append(
            row(
                "migratie.ggz",
                "ggz",
                year,
                GM,
                0.09 + 0.001 * (year - 2019),
                method="direct_std_gamma",
            )
        )
        rows.append(row("migratie.ggz", "ggz", year, GM, 0.12, method="wilson"))
        rows.append(row("migratie.ggz", "ggz", year, "WK01", 0.2, method="direct_std_gamma"))
    rows.append(
        row(
            "migratie.ggz", "ggz", 2023, GM, 0.002, method="trend_wls", lo=0.001, hi=0.003, n=np.nan
        )
    )
    rows.append(
        row("migratie.ggz", "ggz", 2023, GM, 1.01, method="trend_logit", lo=0.99, hi=1.03, n=np.nan)
    )
    return frame(rows)


def test_migratie_zorgkloof_draws_the_latest_wave_by_origin_with_the_total(defs):
    m = migratie_measures()
    sel = fs.select("migratie_zorgkloof", m, defs, None, lang="nl", gemeente=GM)
    intended = m[m["measure"].isin(["migratie.k10_hoog", "migratie.zorgkloof"]) & (m["method"] == "survey_taylor")
                 & (m["year"] == 2022) & (m["area_code"] == GM)]  # fmt: skip
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    fig = fs.draw("migratie_zorgkloof", sel, defs, lang="nl")
    same_points(drawn_points(fig), expected_points(sel))
    for ax in plot_axes(fig):
        ref = sel[(sel["series"] == ax.get_title(loc="left")) & (sel["role"] == "reference")]
        assert dashed_lines(ax) == [ref["value"].iloc[0]]
    assert ("Hoge psychische klachten (K10)", "Turkije", "onderdrukt") in drawn_words(fig)
    # the groups in sentence case, 'Onbekend' beside 'Marokko'
    assert list(dict.fromkeys(sel.loc[sel["role"] == "point", "label"])) == [
        "Nederland", "Marokko", "Turkije", "Onbekend"]  # fmt: skip


def test_migratie_trend_draws_the_standardised_rows_only(defs):
    m = migratie_measures()
    sel = fs.select("migratie_trend", m, defs, diff([("trend", "migratie.ggz", "ggz", "trend_wls", 2023, GM,
                                                         "stijgt")]), lang="nl", gemeente=GM)  # fmt: skip
    intended = m[
        (m["measure"] == "migratie.ggz")
        & (m["method"] == "direct_std_gamma")
        & (m["area_code"] == GM)
    ]
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    fig = fs.draw("migratie_trend", sel, defs, lang="nl")
    (line,) = [ln for ln in fig.axes[0].lines if not ln.get_label().startswith("_")]
    np.testing.assert_array_equal(line.get_ydata(), intended["value"].to_numpy(dtype=float))
    # the trend of the standardised line is its trend_wls row, not the crude trend_logit
    assert set(sel["verdict"]) == {"stijgt"}
    assert "gecorrigeerd voor leeftijd en geslacht" in figure_text(fig)


# --- nieuwkomers --------------------------------------------------------------------------------


def nieuwkomers_measures() -> pd.DataFrame:
    rows = []
    for year in (2022, 2023):
        for d, base in (("ggz", 1.0), ("laag_inkomen", 1.1)):
            rows.append(
                row("nieuwkomers.concentratie", d, year, GM, base, method="ratio_katz", n=np.nan)
            )
            for k, code in enumerate(("WK01", "WK02", "WK03", "WK04")):
                status = "suppressed_secondary" if (code == "WK04" and d == "ggz") else "ok"
                rows.append(row("nieuwkomers.concentratie", d, year, code, base * (0.6 + 0.4 * k), method="ratio_katz",
                                lo=base * (0.5 + 0.4 * k), hi=base * (0.75 + 0.45 * k), status=status, n=np.nan))  # fmt: skip
        for d, base in (
            ("ggz", 0.13),
            ("uitstroom_bw_mo", 0.02),
            ("laag_inkomen", 0.15),
            ("breed", 0.26),
        ):
            status = "suppressed_primary" if (d == "uitstroom_bw_mo" and year == 2022) else "ok"
            rows.append(row("nieuwkomers.aandeel", d, year, GM, base, status=status))
            rows.append(row("nieuwkomers.aandeel", d, year, "WK01", base + 0.1))
            rows.append(
                row("nieuwkomers.aandeel", d, year, GM, base, group="origin", gv="buiten_gemeente")
            )
    rows.append(
        row(
            "nieuwkomers.aandeel",
            "ggz",
            2023,
            GM,
            0.9,
            method="trend_logit",
            lo=0.8,
            hi=0.97,
            n=np.nan,
        )
    )
    return frame(rows)


def test_nieuwkomers_concentratie_draws_ratios_on_a_readable_axis(defs):
    m = nieuwkomers_measures()
    v = diff([("wijk_vs_gemeente", "nieuwkomers.concentratie", "laag_inkomen", "ratio_katz", 2023, "WK04", "hoger"),
              ("wijk_vs_gemeente", "nieuwkomers.concentratie", "laag_inkomen", "ratio_katz", 2023, "WK01", "lager")])  # fmt: skip
    sel = fs.select("nieuwkomers_concentratie", m, defs, v, lang="nl", gemeente=GM)
    intended = m[(m["measure"] == "nieuwkomers.concentratie") & (m["year"] == 2023)]
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    fig = fs.draw("nieuwkomers_concentratie", sel, defs, lang="nl")
    same_points(drawn_points(fig), expected_points(sel))
    for ax in plot_axes(fig):
        assert ax.get_xscale() == "log"
        ticks = [t.get_text() for t in ax.get_xticklabels()]
        assert "1" in ticks and all(set(t) <= set("0123456789,") for t in ticks), ticks
        assert "0,5" in ticks or "0,67" in ticks or "0,8" in ticks
        assert ax.get_xlabel() == "hoeveel keer zo vaak bij nieuwkomers"
        assert 1 in [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "-"]
        assert "1 = gelijk" in [t.get_text() for t in ax.texts]
    words = drawn_words(fig)
    assert ("laag inkomen (vorig jaar)", "Noordoost", "▲") in words
    assert ("laag inkomen (vorig jaar)", "Oost", "▼") in words
    assert ("GGZ-zorg (dit of vorig jaar)", "Noordoost", "onderdrukt") in words
    assert "dan in de gemeente als geheel" in figure_text(fig)
    assert "geen van de nieuwkomers" not in figure_text(fig)  # said only under a ratio of 0


def test_a_ratio_of_0_is_written_not_drawn(defs):
    # a wijk where none of the newcomers has the marker: the Katz ratio is 0 without an
    # interval (statistics.ratios.ratio_katz); a reviewer's small world stopped on it
    # ("a ratio is not above 0") and built no dashboard or workbook
    m = nieuwkomers_measures()
    zero = (
        (m["measure"] == "nieuwkomers.concentratie")
        & (m["area_code"] == "WK02")
        & (m["year"] == 2023)
    )
    m.loc[zero & (m["definition"] == "laag_inkomen"), ["value", "ci_lower", "ci_upper", "se"]] = [0.0, np.nan, np.nan, np.nan]  # fmt: skip
    sel = fs.select("nieuwkomers_concentratie", m, defs, None, lang="nl", gemeente=GM)
    fig = fs.draw("nieuwkomers_concentratie", sel, defs, lang="nl")
    shown = sel.loc[
        sel["measures_row"] == m.index[zero & (m["definition"] == "laag_inkomen")][0], "shown"
    ].iloc[0]
    assert shown == "0,00"
    assert ("laag inkomen (vorig jaar)", "Zuid", shown) in drawn_words(fig)
    assert "0,00: geen van de nieuwkomers heeft het kenmerk." in figure_text(fig)
    assert ("laag inkomen (vorig jaar)", "Zuid") not in {
        (p["series"], p["label"]) for _, p in drawn_points(fig).iterrows()
    }
    # a 0 with an interval, or a value below 0, is still refused
    with pytest.raises(f.FigureDataError, match="not above 0"):
        f.assert_ratios(sel.assign(value=-sel["value"]))
    bad = sel[sel["value"] == 0].assign(ci_lower=0.0, ci_upper=0.5)
    with pytest.raises(f.FigureDataError, match="not above 0"):
        f.assert_ratios(bad)
    plt.close(fig)


def test_nieuwkomers_trend_draws_the_city_per_marker(defs):
    m = nieuwkomers_measures()
    sel = fs.select("nieuwkomers_trend", m, defs, None, lang="en", gemeente=GM)
    intended = m[(m["measure"] == "nieuwkomers.aandeel") & (m["method"] == "wilson") & (m["area_code"] == GM)
                 & (m["group"] == "totaal")]  # fmt: skip
    assert sorted(sel["measures_row"]) == sorted(intended.index)
    fig = fs.draw("nieuwkomers_trend", sel, defs, lang="en")
    lines = {ln.get_label(): ln for ln in fig.axes[0].lines if not ln.get_label().startswith("_")}
    for series, rows in sel.groupby("series"):
        np.testing.assert_array_equal(lines[series].get_ydata(),
                                      np.where(rows["state"] == "ok", rows["value"], np.nan))  # fmt: skip
    # the suppressed year: a gap and its word, never a zero
    assert "suppressed" in figure_text(fig)
    assert "Source: CBS microdata (" in figure_text(fig)


# --- every figure ------------------------------------------------------------------------------

ALL = {"kopp": kopp_measures, "migratie": migratie_measures, "nieuwkomers": nieuwkomers_measures}


@pytest.mark.parametrize("name", list(fs.SPECS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_figure_has_its_source_and_a_csv_of_what_it_draws(name, lang, defs, tmp_path):
    m = ALL[fs.SPECS[name].theme]()
    paths = {e: tmp_path / f"{name}.{e}" for e in ("png", "svg", "csv")}
    sel = fs.write(name, m, None, defs, paths, lang=lang, gemeente=GM)
    back = fs.read_selection(paths["csv"])
    assert list(back["measures_row"]) == list(sel["measures_row"])
    np.testing.assert_allclose(
        back["value"].to_numpy(dtype=float), sel["value"].to_numpy(dtype=float), rtol=1e-9
    )
    # no person counts except on the count figure, where the gate can check them
    has_counts = {"n_numerator", "n_denominator"} & set(back.columns)
    assert bool(has_counts) == (fs.SPECS[name].kind == "count")
    assert not {"numerator", "denominator", "se"} & set(back.columns)
    svg = paths["svg"].read_text()
    fig = fs.draw(name, sel, defs, lang=lang)
    assert ("Bron: " if lang == "nl" else "Source: ") in figure_text(fig)
    # alt text in the SVG: what the figure shows
    assert "<dc:description>" in svg
    # the same bytes on a second run (one language is enough)
    if lang == "en":
        return
    again = {e: tmp_path / f"again.{e}" for e in ("png", "svg", "csv")}
    fs.write(name, m, None, defs, again, lang=lang, gemeente=GM)
    for e in ("png", "svg", "csv"):
        assert again[e].read_bytes() == paths[e].read_bytes(), e


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_trend_figure_states_the_pages_one_trend_rule(lang, defs):
    # the trend figure's note is format.trend_rule itself, so it cannot drift from the reading
    # guides (it had lost 'volgens de trendlijn' and the first/last-year caveat)
    from wijkzicht.outputs.format import trend_rule

    m = kopp_measures()
    sel = fs.select("kopp_trend", m, defs, kopp_differences(), lang=lang, gemeente=GM)
    notes = fs.texts("kopp_trend", sel, defs, lang)["notes"]
    assert trend_rule(lang) in notes
    assert ("volgens de trendlijn" if lang == "nl" else "along the trend line") in trend_rule(lang)


def test_the_source_line_names_the_sources_of_what_the_figure_draws(defs):
    """'Bron:' under a figure names the tables of the measures and definitions it draws, not
    every source of the theme (fresh-user trial: the buurtteam under a figure of parents' care)."""
    from wijkzicht.outputs.labels import source_labels

    def words(table):
        return source_labels("nl", [table])[0]

    sel = fs.select("kopp_trend", kopp_measures(), defs, kopp_differences(), lang="nl", gemeente=GM)
    every = fs.texts("kopp_trend", sel, defs, "nl")["source"]
    # the buurtteam is the jeugdteam measure's source (the child's own care), not kopp.aandeel's
    assert words("GEMBUURTTEAM") not in every and words("ZVWZORGKOSTENTAB") in every
    ggz = fs.texts("kopp_trend", sel[sel["definition"] == "ggz"], defs, "nl")["source"]
    assert words("ZVWZORGKOSTENTAB") in ggz and words("KINDOUDERTAB") in ggz
    assert words("MEDICIJNTAB") not in ggz and words("MEDICIJNTAB") in every
    assert ggz.endswith("; bewerking wijkzicht.")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_trend_figure_explains_its_band_only_where_one_is_seen(lang, defs):
    """One word for the interval on every page (95%-interval, not -betrouwbaarheidsinterval); the
    coloured band is explained where one is drawn wide enough to see, a band thinner than the line
    (a whole city) is said to be so, and a single year draws none."""
    sel = fs.select("kopp_trend", kopp_measures(), defs, kopp_differences(), lang=lang, gemeente=GM)
    ok = sel["state"] == "ok"
    band = {"nl": "Gekleurde band: 95%-interval;", "en": "Coloured band: 95% interval;"}[lang]
    narrow = fs.TEXT[lang]["band_narrow"]

    def notes(s):
        return " ".join(fs.texts("kopp_trend", s, defs, lang)["notes"])

    wide = sel.assign(ci_lower=sel["value"] - 0.05, ci_upper=sel["value"] + 0.05)
    assert band in notes(wide) and narrow not in notes(wide)
    thin = sel.assign(ci_lower=sel["value"] - 0.0005, ci_upper=sel["value"] + 0.0005)
    assert band not in notes(thin) and narrow in notes(thin)
    one_year = wide[wide["year"] == wide.loc[ok, "year"].max()]
    assert band not in notes(one_year) and narrow not in notes(one_year)
    every = " ".join(" ".join(fs.TEXT[lang][k] for k in ("interval", "band", "band_narrow")))
    assert "betrouwbaarheid" not in every and "confidence" not in every


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_figure_from_the_export_states_the_configured_slight(lang, defs, tmp_path):
    # write_from_export (the figures from the export alone, tests/e2e/test_export_only.py) draws
    # the trend rule with config findings.slight, as the pages job's `write` does; it drew the
    # default 10% whatever was configured
    from wijkzicht.disclosure.export import read_measures_csv, write_csv
    from wijkzicht.outputs.format import trend_rule

    root = tmp_path / "export"
    (root / "kopp").mkdir(parents=True)
    write_csv(kopp_measures(), root / "kopp" / "measures.csv")
    write_csv(kopp_differences(), root / "kopp" / "verschillen.csv")
    sel = fs.write_from_export("kopp_trend", root, defs, {}, lang=lang, gemeente=GM, slight=0.25)
    notes = fs.texts("kopp_trend", sel, defs, lang, 0.25)["notes"]
    assert trend_rule(lang, 0.25) in notes and trend_rule(lang) not in notes
    built = {e: tmp_path / f"built.{e}" for e in ("png", "svg")}
    job = {e: tmp_path / f"job.{e}" for e in ("png", "svg")}
    fs.write_from_export("kopp_trend", root, defs, built, lang=lang, gemeente=GM, slight=0.25)
    m = read_measures_csv(root / "kopp" / "measures.csv")
    fs.write("kopp_trend", m, fs.read_differences(root / "kopp" / "verschillen.csv"), defs, job,
             lang=lang, gemeente=GM, slight=0.25)  # fmt: skip
    default = {"png": tmp_path / "default.png"}
    fs.write("kopp_trend", m, fs.read_differences(root / "kopp" / "verschillen.csv"), defs, default,
             lang=lang, gemeente=GM)  # fmt: skip
    for e in ("png", "svg"):
        assert built[e].read_bytes() == job[e].read_bytes(), e
    assert built["png"].read_bytes() != default["png"].read_bytes()
