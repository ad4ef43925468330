"""How a figure is drawn: from its selection (`figure_specs.select`) only, never from a measures table.

A selection is one row per drawn element with the published numbers (`value`, `ci_lower`,
`ci_upper`, for a count figure `n_numerator`), the row's `state` (ok / suppressed / empty, see
`outputs.format.state`), where it goes (`role`, `series`, `label`) and, where a wijk is compared
with the city, its `verdict` and `mark`. The drawers check the kind of number they are given
(`assert_shares`, `assert_ratios`, `assert_counts`): a share axis can only draw shares.

Every figure has its title on top and, under the plot, its notes and a "Bron:" line.
Numbers on axes use the page language's separators (26,1% / 26.1%; 1.250 / 1,250).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from wijkzicht import files
from wijkzicht.errors import WijkzichtError
from wijkzicht.outputs.format import COLOURS, STATE_WORDS, SUPPRESSED_WHY, number, verdict_words


@functools.cache
def pyplot():
    """matplotlib's pyplot, with the Agg backend and fixed ids in SVG files (so the same figure
    gives the same bytes): imported when a figure is first drawn or saved, not with this module.
    The factsheets and the dashboard import the figures' words (`figure_specs.source_line`,
    `persona_source`) and the maps' hand-made SVG (`maps.locator_svg`, `dashboard_section`) and
    draw nothing with matplotlib: its import was about 0.3 CPU s of each of those jobs."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "wijkzicht"
    import matplotlib.pyplot as plt

    return plt


GREY = "#666666"
CITY = "#333333"
# the city's dashed line, which the marks ▲ ▼ compare with, is the bold reference of a figure per
# wijk; a ratio axis's line at 1 (no test compares with it) is faint beside it
CITY_WIDTH = 1.6
ONE_LINE, ONE_LINE_TEXT, ONE_WIDTH = "#c8c8c8", "#8a8a8a", 0.8

# the methods whose value is a share 0..1, a ratio > 0, and whose rows carry counts of persons
SHARE_METHODS = ("wilson", "direct_std_gamma", "survey_taylor")
RATIO_METHODS = ("ratio_katz", "relative_risk_katz", "logit_glm")
COUNT_METHODS = ("wilson",)
METHOD_WORDS = {
    "trend_logit": "trend (odds ratio per year)",
    "trend_wls": "trend (change per year)",
    "ratio_katz": "ratio",
    "relative_risk_katz": "relative risk",
    "logit_glm": "odds ratio",
}


class FigureDataError(WijkzichtError, ValueError):
    """A figure was given rows it cannot draw (a trend or ratio on a share axis, ...)."""


def _bad(rows: pd.DataFrame, mask, what: str) -> None:
    if mask.any():
        cols = [c for c in ("measure", "definition", "method", "year", "area_code", "group_value",
                            "value") if c in rows.columns]  # fmt: skip
        shown = rows.loc[mask, cols].head(5).to_string(index=False)
        raise FigureDataError(f"{what}; {int(mask.sum())} row(s), e.g.\n{shown}")


def _methods(rows: pd.DataFrame, allowed: Sequence[str], kind: str) -> None:
    wrong = ~rows["method"].isin(allowed)
    names = sorted(set(rows.loc[wrong, "method"]))
    words = ", ".join(f"{m} ({METHOD_WORDS[m]})" if m in METHOD_WORDS else m for m in names)
    _bad(rows, wrong, f"a {kind} figure can only draw {kind}s (methods {', '.join(allowed)}); "
                      f"it was given rows of method {words}")  # fmt: skip


def _numbers(rows: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    return rows[[c for c in cols if c in rows.columns]].apply(pd.to_numeric, errors="coerce")


def assert_shares(rows: pd.DataFrame) -> None:
    """Raise FigureDataError unless every row is a share: a share method and values in 0..1."""
    _methods(rows, SHARE_METHODS, "share")
    v = _numbers(rows, ["value", "ci_lower", "ci_upper"])
    _bad(rows, ((v < 0) | (v > 1)).any(axis=1), "a share lies outside 0..1")


def assert_ratios(rows: pd.DataFrame) -> None:
    """Raise FigureDataError unless every row is a ratio (a ratio method, values above 0, or
    a value of 0 without an interval: a Katz ratio when nobody in the first group has the
    marker, `statistics.ratios.ratio_katz`)."""
    _methods(rows, RATIO_METHODS, "ratio")
    v = _numbers(rows, ["value", "ci_lower", "ci_upper"])
    zero = (v["value"] == 0) & v.drop(columns="value").isna().all(axis=1)
    _bad(rows, (v <= 0).any(axis=1) & ~zero, "a ratio is not above 0")


def assert_counts(rows: pd.DataFrame) -> None:
    """Raise FigureDataError unless every row is a count of persons (whole numbers, 0 or more)."""
    _methods(rows, COUNT_METHODS, "count")
    n = pd.to_numeric(rows["n_numerator"], errors="coerce")
    _bad(rows, (n < 0) | (n.notna() & (n != n.round())), "a count is not a whole number >= 0")


CHECKS = {"share": assert_shares, "ratio": assert_ratios, "count": assert_counts}


def save(fig, path: str | Path, *, title: str | None = None, description: str | None = None,
         close: bool = True) -> None:  # fmt: skip
    """Save PNG/SVG deterministically: no timestamps or software versions in the metadata. An
    SVG carries `title` and `description` (what the figure shows) for screen readers."""
    path = Path(path)
    if path.suffix == ".png":
        meta = {"Software": None}
    else:
        meta = {"Date": None, "Creator": None}
        if title:
            meta["Title"] = title
        if description:
            meta["Description"] = description
    plt = pyplot()  # its SVG settings, before the first SVG is saved
    with files.atomic(path) as tmp:
        fig.savefig(tmp, dpi=150, metadata=meta, bbox_inches="tight")
    if close:
        plt.close(fig)


# --- numbers on axes ---------------------------------------------------------------------------


def plain(value: float, lang: str) -> str:
    """A number with as few decimals as it needs (at most 2): 0,5 / 1 / 2 / 0,25 / 1.000."""
    for decimals in (0, 1, 2):
        if abs(value * 10**decimals - round(value * 10**decimals)) < 1e-9:
            return number(value, lang, decimals)
    return number(value, lang, 2)


def pct_axis(axis, lang: str) -> None:
    """Ticks of a 0..1 axis as percentages: 0% 5% 12,5%."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: plain(100 * v, lang) + "%"))


def count_axis(axis, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: plain(v, lang)))


RATIO_TICKS = (0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10, 20)


def ratio_axis(ax, lo: float, hi: float, lang: str) -> None:
    """A log axis for ratios with plain labels (0,5 / 1 / 2), symmetric around 1 and always
    showing 1: twice as much and half as much are the same distance from 1."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    reach = max(abs(np.log(lo)), abs(np.log(hi)), np.log(1.5)) * 1.12
    ax.set_xscale("log")
    ax.set_xlim(np.exp(-reach), np.exp(reach))
    candidates = (0.5, 1, 2) if reach < np.log(2.5) else (0.25, 0.5, 1, 2, 4)
    if reach > np.log(5):
        candidates = (0.1, 0.2, 0.5, 1, 2, 5, 10)
    # a finer ladder when the data stay close to 1
    if reach < np.log(2.1):
        candidates = (0.5, 0.67, 0.8, 1, 1.25, 1.5, 2)
    ticks = [t for t in candidates if np.exp(-reach) <= t <= np.exp(reach)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: plain(v, lang)))


# --- layout --------------------------------------------------------------------------------------


def finish(fig, title: str, notes: Sequence[str], source: str, *, subtitle: str = "") -> None:
    """Title (and subtitle) above, notes and the "Bron:" line below the plot, wrapped to the
    figure's width; the plot gets the room in between (measured, not guessed)."""
    width, height = fig.get_size_inches()
    head = "\n".join(textwrap.wrap(title, int(width * 10.5)))
    sub = "\n".join(textwrap.wrap(subtitle, int(width * 14)))
    foot = "\n".join(
        line for note in [*notes, source] for line in textwrap.wrap(note, int(width * 15.5))
    )
    pad = 0.08 / height
    t = fig.text(0.01, 1 - pad, head, ha="left", va="top", fontsize=11.5, fontweight="bold")
    renderer = fig.canvas.get_renderer()
    top = pad + t.get_window_extent(renderer).height / fig.dpi / height
    if sub:
        s = fig.text(
            0.01, 1 - top - 0.06 / height, sub, ha="left", va="top", fontsize=9, color=GREY
        )
        top += 0.06 / height + s.get_window_extent(renderer).height / fig.dpi / height
    b = fig.text(
        0.01, pad, foot, ha="left", va="bottom", fontsize=8, color="#444444", linespacing=1.35
    )
    bottom = pad + b.get_window_extent(renderer).height / fig.dpi / height
    fig.tight_layout(rect=(0, bottom + 0.12 / height, 1, 1 - top - 0.1 / height))


NO_FIGURES = {
    "nl": "Geen cijfers om te tonen: deze uitgave heeft voor deze figuur geen gegevens (zonder "
          "gezondheidsmonitor bijvoorbeeld geen cijfers uit de vragenlijst).",
    "en": "No figures to show: this release has no data for this figure (without a health "
          "survey, for example, no survey figures).",
}  # fmt: skip


# a figure whose every row is suppressed or empty (a small gemeente's care gap by herkomst, U9
# finding 8): a sentence instead of panels of nothing but 'onderdrukt'; by the states it has,
# and whether the panels' own reference (the city's line) is published, which is then named.
# A map (the report's, the infographic's, the dashboard's) says its rows per wijk or per buurt
# (`nothing_shown`'s `per`); the dashboard's charts say the same sentences (dashboard.TEXT)
_PER = {"nl": {"groups": ("per groep", "deze groepen"), "wijk": ("per wijk", "deze wijken"),
               "buurt": ("per buurt", "deze buurten")},
        "en": {"groups": ("by group", "these groups"), "wijk": ("by wijk", "these wijken"),
               "buurt": ("by buurt", "these buurten")}}  # fmt: skip
_PER_SENTENCES = {
    "nl": {"suppressed": "Alle cijfers {per} zijn onderdrukt: " + SUPPRESSED_WHY["nl"]
                         + ". Zo is niemand te herkennen.",
           "empty": "Geen cijfers {per} om te tonen: in {these} zijn geen personen.",
           "both": "Geen cijfers {per} om te tonen: elk is onderdrukt (" + SUPPRESSED_WHY["nl"]
                   + ") of telt geen personen."},
    "en": {"suppressed": "Every figure {per} is suppressed: " + SUPPRESSED_WHY["en"]
                         + ". This way nobody can be recognised.",
           "empty": "No figures {per} to show: there are no persons in {these}.",
           "both": "No figures {per} to show: each is suppressed (" + SUPPRESSED_WHY["en"]
                   + ") or counts no persons."},
}  # fmt: skip
NOTHING_SHOWN = {
    "nl": {"suppressed": "Alle cijfers van deze figuur zijn onderdrukt: " + SUPPRESSED_WHY["nl"]
                         + ". Zo is niemand te herkennen.",
           "empty": "Geen cijfers om te tonen: in deze groepen zijn geen personen.",
           "both": "Geen cijfers om te tonen: elk cijfer van deze figuur is onderdrukt ("
                   + SUPPRESSED_WHY["nl"] + ") of telt geen personen.",
           "published": "Wel gepubliceerd: {items}."},
    "en": {"suppressed": "Every figure of this chart is suppressed: " + SUPPRESSED_WHY["en"]
                         + ". This way nobody can be recognised.",
           "empty": "No figures to show: there are no persons in these groups.",
           "both": "No figures to show: every figure of this chart is suppressed ("
                   + SUPPRESSED_WHY["en"] + ") or counts no persons.",
           "published": "Published: {items}."},
}  # fmt: skip
for _lang, _words in _PER_SENTENCES.items():
    for _why, _sentence in _words.items():
        for _per, (_per_words, _these) in _PER[_lang].items():
            NOTHING_SHOWN[_lang][f"{_why}_{_per}"] = _sentence.format(per=_per_words, these=_these)


def nothing_shown_why(states) -> str:
    """Which sentence a figure of rows in these `states`, none of them 'ok', stands for:
    'suppressed', 'empty' or 'both' (suppressed kept apart from no persons)."""
    states = set(states)
    if states >= {"suppressed", "empty"}:
        return "both"
    return "empty" if states == {"empty"} else "suppressed"


def nothing_shown(sel: pd.DataFrame, lang: str, per: str = "groups") -> str:
    """The sentence that stands for a figure whose rows to draw (points, lines, bars, a map's
    areas; not the panels' reference, the city's line or value) are all suppressed or empty:
    which of the two, and the published references by series and value ('Wel gepubliceerd:
    Hoge psychische klachten (K10), Iedereen 10,7%.'); '' when a row is drawn or there is none
    (`no_figures` says so). `per`: what the rows are of when a reference is published
    ('groups', a map's 'wijk' or 'buurt': 'Alle cijfers per wijk zijn onderdrukt')."""
    ref = sel["role"] == "reference" if "role" in sel else pd.Series(False, index=sel.index)
    rows = sel[~ref]
    if rows.empty or (rows["state"] == "ok").any():
        return ""
    why = nothing_shown_why(rows["state"])
    refs = sel[ref & (sel["state"] == "ok")]
    if refs.empty:
        return NOTHING_SHOWN[lang][why]
    items = "; ".join(f"{r['series']}, {r['label']} {r['shown']}" for _, r in refs.iterrows())
    published = NOTHING_SHOWN[lang]["published"].format(items=items)
    return f"{NOTHING_SHOWN[lang][why + '_' + per]} {published}"


def no_figures(lang: str, *, title: str, notes: Sequence[str], source: str, subtitle: str = "",
               why: str = ""):  # fmt: skip
    """A figure without a single row to draw: its title, a sentence saying so and its Bron
    line, not an empty frame (or a crash: the migratie survey figures of a run with
    `survey_waves: []`, Z10). `why` (`nothing_shown`'s sentence): rows that are all suppressed
    or empty, said in a sentence instead of a frame of nothing but their words (the notes on
    lines and points then explain nothing drawn and are left out)."""
    fig, ax = pyplot().subplots(figsize=(6.4, 2.2))
    ax.set_axis_off()
    ax.text(0.0, 0.5, "\n".join(textwrap.wrap(why or NO_FIGURES[lang], 70)), ha="left",
            va="center", fontsize=10, color=GREY, transform=ax.transAxes)  # fmt: skip
    finish(fig, title, [] if why else notes, source, subtitle=subtitle)
    return fig


def _grid(n: int, panel_w: float, panel_h: float, extra_w: float):
    cols = n if n <= 2 else 2
    rows = int(np.ceil(n / cols))
    fig, axes = pyplot().subplots(rows, cols, figsize=(panel_w * cols + extra_w, panel_h * rows + 1.6),
                             squeeze=False)  # fmt: skip
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n], cols


def _state_text(ax, x, y, state: str, lang: str) -> None:
    """The word for a row without a point ('onderdrukt', 'geen personen'), over any line."""
    ax.annotate(STATE_WORDS[lang][state], (x, y), xytext=(4, 0), textcoords="offset points", va="center",
                fontsize=8, color=GREY, fontstyle="italic", zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip


# --- drawers -------------------------------------------------------------------------------------


# the labels in the panels of `point_panels` (points): readable when the report prints a figure of
# two columns of panels at two thirds of its size
LABEL_SIZE = 9.5


def point_panels(sel: pd.DataFrame, *, kind: str, lang: str, title: str, notes: Sequence[str],
                 source: str, subtitle: str = "", axis_title: str = "", reference_name: str = "",
                 one_line: str = ""):  # fmt: skip
    """One panel per `series`: a point with its interval per `label` (rows with role `point`),
    the `reference` row of the series as a dashed line with its value, a mark (▲/▼) beside a
    point that differs from the city; a suppressed or empty row is a word, not a point.
    `kind` share: a percentage axis from 0; ratio: a log axis with a faint line at 1 (`one_line`);
    the city's dashed line is the bold one, named with its value: the marks compare with it.
    The values, the city's line and the words on it in LABEL_SIZE: a figure of two columns of
    panels (the four definitions of KOPP per wijk) is printed at two thirds of its size in the
    report, where 7.5 pt became 5 pt, too small to read (a new user, U4)."""
    CHECKS[kind](sel)
    series = list(dict.fromkeys(sel["series"]))
    if not series or nothing_shown(sel, lang):  # nothing to draw (no survey wave; all suppressed)
        return no_figures(lang, title=title, notes=notes, source=source, subtitle=subtitle,
                          why=nothing_shown(sel, lang))  # fmt: skip
    points = sel[sel["role"] == "point"]
    labels = list(dict.fromkeys(points["label"]))
    ypos = {lab: len(labels) - 1 - i for i, lab in enumerate(labels)}
    longest = max((len(str(lab)) for lab in labels), default=10)
    panel_w = 3.9 if kind == "share" else 4.2
    fig, axes, cols = _grid(len(series), panel_w, 0.3 * len(labels) + 0.9, 0.075 * longest)
    ok_all = sel[sel["state"] == "ok"]
    for i, (ax, s) in enumerate(zip(axes, series, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        rows = sel[sel["series"] == s]
        ok = rows[rows["state"] == "ok"]
        if kind == "share":
            hi = float(np.nanmax(ok[["value", "ci_upper"]].to_numpy(dtype=float))) if len(ok) else 1
            ax.set_xlim(0, min(1.0, hi * 1.32) if hi > 0 else 0.01)
            pct_axis(ax.xaxis, lang)
        else:
            vals = ok_all[["value", "ci_lower", "ci_upper"]].to_numpy(dtype=float)
            vals = vals[np.isfinite(vals) & (vals > 0)]
            lo, hi = (vals.min(), vals.max()) if len(vals) else (0.5, 2)
            ratio_axis(ax, lo, hi * 1.35, lang)  # room for the values beside the points
        ref = rows[(rows["role"] == "reference") & (rows["state"] == "ok")]
        city = float(ref["value"].iloc[0]) if len(ref) else None
        xmin, xmax = ax.get_xlim()
        if kind == "ratio":
            # the line at 1, faint, its words on the side away from the city's line: the marks
            # compare with the city's line, the bold one (U10 finding 9: Binnenstad 0,89 left of a
            # bold 1 without ▼, tested against Utrecht's 1,03)
            ax.axvline(1, color=ONE_LINE, lw=ONE_WIDTH, zorder=1)
            left = city is None or city >= 1
            ax.annotate(one_line, (1, 1), xycoords=("data", "axes fraction"), xytext=(-3 if left else 3, -2),
                        textcoords="offset points", ha="right" if left else "left", va="top",
                        fontsize=LABEL_SIZE, color=ONE_LINE_TEXT)  # fmt: skip
            city_right = city is None or city >= 1
        else:
            city_right = city is None or city <= xmin + 0.72 * (xmax - xmin)
        left = ax.get_xlim()[0]
        if city is not None:
            r = ref.iloc[0]
            ax.axvline(city, color=CITY, lw=CITY_WIDTH, ls="--", zorder=2)
            ax.annotate(f"{reference_name or r['label']}: {r['shown']}", (city, 1),
                        xycoords=("data", "axes fraction"), xytext=(3 if city_right else -3, -2),
                        textcoords="offset points", ha="left" if city_right else "right", va="top",
                        fontsize=LABEL_SIZE, color=CITY, fontweight="bold")  # fmt: skip
        for _, r in rows[rows["role"] == "point"].iterrows():
            y = ypos[r["label"]]
            if r["state"] != "ok":
                _state_text(ax, left, y, r["state"], lang)
                continue
            if kind == "ratio" and r["value"] == 0:  # no point on a log axis: its value in words
                ax.annotate(r["shown"], (left, y), xytext=(4, 0), textcoords="offset points",
                            va="center", fontsize=LABEL_SIZE, color="#444444", zorder=4)  # fmt: skip
                continue
            ax.errorbar(r["value"], y, xerr=[[r["value"] - r["ci_lower"]], [r["ci_upper"] - r["value"]]],
                        fmt="o", color=colour, ms=5, capsize=2, lw=1.3, zorder=3)  # fmt: skip
            # the value beside its interval, and its mark when it differs from the city
            ax.annotate(f"{r['shown']} {r['mark']}".strip(), (r["ci_upper"], y), xytext=(3, 0),
                        textcoords="offset points", va="center", ha="left", fontsize=LABEL_SIZE,
                        color="#000000" if r["mark"] else "#444444",
                        fontweight="bold" if r["mark"] else "normal", zorder=5,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.85})  # fmt: skip
        ax.set_ylim(-0.7, len(labels) - 0.3 + (0.5 if kind == "ratio" else 0.35))
        ax.set_yticks(list(ypos.values()), list(ypos) if i % cols == 0 else [])
        ax.set_title(s, fontsize=10, loc="left")
        ax.grid(axis="x", color="#e3e3e3", lw=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if axis_title:
            ax.set_xlabel(axis_title, fontsize=8.5)
    finish(fig, title, notes, source, subtitle=subtitle)
    return fig


def _spread(ys: list[float], gaps: list[float], top: float = 1.02,
            bottom: float | None = None) -> list[float]:  # fmt: skip
    """Label centres near `ys`, each at least half its own and half its neighbour's `gaps` from
    the one below (any unit: axes fraction, pixels), none reaching below `bottom` when given; a
    stack pushed above `top` is shifted down as a whole."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = (
        list(ys)
        if bottom is None
        else [max(y, bottom + g / 2) for y, g in zip(ys, gaps, strict=True)]
    )
    for k in range(1, len(order)):
        below, here = order[k - 1], order[k]
        out[here] = max(out[here], out[below] + (gaps[below] + gaps[here]) / 2)
    # pushed above the top: shift the whole stack down
    over = max((out[i] + gaps[i] / 2 for i in order), default=0) - top
    if over > 0:
        out = [y - over for y in out]
    return out


LABEL_PAD = 4.0  # points between two end labels of a trend figure


def _place_end_labels(fig, ax, labels) -> float:
    """Put the end labels of a trend figure (texts at x 1.02 in axes fraction) beside the ends of
    their lines, spread vertically so that no two overlap, measured from the drawn texts; a label
    moved away from its line's end gets a thin leader line to it. Returns the height (inches) the
    stack lacks to fit beside the axes (0 when it fits)."""
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    pad = LABEL_PAD * fig.dpi / 72
    heights = [t.get_window_extent(renderer).height + pad for t, _, _ in labels]
    ends = [ax.transData.transform((x, y))[1] if np.isfinite(y) else box.y0 for _, x, y in labels]
    # the stack may reach a little above and below the axes (its x-axis labels are to the left)
    top, bottom = box.y1 + 0.02 * box.height, box.y0 - 0.06 * box.height
    placed = _spread(ends, heights, top=top, bottom=bottom)
    low = min((y - h / 2 for y, h in zip(placed, heights, strict=True)), default=bottom)
    for (text, x, y), centre, end in zip(labels, placed, ends, strict=True):
        frac = (centre - box.y0) / box.height
        text.set_y(frac)
        if np.isfinite(y) and abs(centre - end) > 0.6 * text.get_window_extent(renderer).height:
            # a leader line from the end of the line to the label, in the label's colour
            ax.annotate("", xy=(x, y), xycoords="data", xytext=(1.015, frac),
                        textcoords="axes fraction", annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": text.get_color(), "lw": 0.7,
                                    "shrinkA": 0, "shrinkB": 3})  # fmt: skip
    return max(0.0, bottom - low) / fig.dpi


def trend_lines(sel: pd.DataFrame, *, lang: str, title: str, notes: Sequence[str], source: str,
                subtitle: str = ""):  # fmt: skip
    """One line per `series` over the years (`year`) with its interval band; a suppressed or
    empty year is a gap with its word at the axis, never a zero. Each line is named at its end
    with its last value and its trend in words (`verdict` of the series' trend row); the names
    are spread so that none overlaps another (measured once the figure is laid out), with a
    leader line to the end of a line when moved away from it; when they do not fit beside the
    axes, the figure is drawn again as much taller as they need."""
    assert_shares(sel)
    if nothing_shown(sel, lang):  # no line to draw: a sentence, not a frame of words
        return no_figures(lang, title=title, notes=notes, source=source, subtitle=subtitle,
                          why=nothing_shown(sel, lang))  # fmt: skip
    height = 4.9
    for _ in range(3):
        fig, lacking = _trend_lines(sel, lang=lang, title=title, notes=notes, source=source,
                                    subtitle=subtitle, height=height)  # fmt: skip
        if lacking <= 0:
            break
        pyplot().close(fig)
        height += lacking * 1.15 + 0.1
    return fig


def _trend_lines(sel: pd.DataFrame, *, lang: str, title: str, notes: Sequence[str], source: str,
                 subtitle: str, height: float):  # fmt: skip
    fig, ax = pyplot().subplots(figsize=(7.6, height))
    years = sorted(sel["year"].astype(int).unique())
    ok_all = sel["state"] == "ok"
    top = (
        float(np.nanmax(sel.loc[ok_all, ["value", "ci_upper"]].to_numpy(dtype=float)))
        if ok_all.any()
        else 0.1
    )
    ymax = top * 1.12 if top > 0 else 0.01
    labels = []  # (text, x, y of the line's end)
    for i, s in enumerate(dict.fromkeys(sel["series"])):
        colour = COLOURS[i % len(COLOURS)]
        rows = sel[sel["series"] == s].sort_values("year", kind="stable")
        ok = (rows["state"] == "ok").to_numpy()
        x = rows["year"].astype(int).to_numpy()
        y = np.where(ok, rows["value"].to_numpy(dtype=float), np.nan)
        trend = verdict_words(lang, rows["verdict"].iloc[0]) if "verdict" in rows else ""
        ax.plot(x, y, marker="o", color=colour, lw=2, ms=5, label=s)
        ax.fill_between(x, np.where(ok, rows["ci_lower"].to_numpy(dtype=float), np.nan),
                        np.where(ok, rows["ci_upper"].to_numpy(dtype=float), np.nan),
                        color=colour, alpha=0.18, lw=0)  # fmt: skip
        for yr, st in zip(x[~ok], rows.loc[~ok, "state"], strict=True):
            ax.plot([yr], [0], marker="x", color=colour, ls="none")
            ax.annotate(STATE_WORDS[lang][st], (yr, 0), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=7.5, color=GREY, fontstyle="italic")  # fmt: skip
        last = rows[ok]
        name = "\n".join(textwrap.wrap(s, 26))
        end = (years[-1], np.nan)
        if len(last):
            name += f": {last['shown'].iloc[-1]}" + (
                f" ({last['year'].iloc[-1]})" if int(last["year"].iloc[-1]) != years[-1] else ""
            )
            end = (int(last["year"].iloc[-1]), float(last["value"].iloc[-1]))
        text = name + (f"\n{trend}" if trend else "")
        yf = end[1] / ymax if np.isfinite(end[1]) else 0.0
        labels.append((ax.text(1.02, yf, text, transform=ax.transAxes, ha="left", va="center", fontsize=8.5,
                               color=colour, linespacing=1.15), *end))  # fmt: skip
    ax.set_xticks(years, [str(y) for y in years])
    if len(years) == 1:
        ax.set_xlim(years[0] - 0.5, years[0] + 0.5)
    ax.set_ylim(0, ymax)
    pct_axis(ax.yaxis, lang)
    ax.grid(axis="y", color="#e3e3e3", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    finish(fig, title, notes, source, subtitle=subtitle)
    return fig, _place_end_labels(fig, ax, labels)


def upset(sel: pd.DataFrame, conditions: Mapping[str, str], *, lang: str, title: str, notes: Sequence[str],
          source: str, subtitle: str = "", axis_title: str = ""):  # fmt: skip
    """UpSet-style chart: a bar per combination (`label`) with its number (`n_numerator`), in the
    selection's order, and below it which `conditions` ({name: label}, top to bottom; a row's
    `members` are '+'-joined names) make up the combination; a suppressed combination is its
    word, without a bar."""
    assert_counts(sel)
    if nothing_shown(sel, lang):  # no bar to draw: a sentence, not a row of words
        return no_figures(lang, title=title, notes=notes, source=source, subtitle=subtitle,
                          why=nothing_shown(sel, lang))  # fmt: skip
    names = list(conditions)
    labels = ["\n".join(textwrap.wrap(c, 24)) for c in conditions.values()]
    width = max(
        7.5, 0.45 * len(sel) + 0.085 * max(len(x) for lab in labels for x in lab.split("\n")) + 1
    )
    fig, (top, bottom) = pyplot().subplots(2, 1, figsize=(width, 5.6 + 0.3 * len(conditions)), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 0.35 * len(conditions) + 0.3]})  # fmt: skip
    ok = sel["state"] == "ok"
    high = float(sel.loc[ok, "n_numerator"].max()) if ok.any() else 1.0
    for x, (_, r) in enumerate(sel.iterrows()):
        if r["state"] == "ok":
            top.bar(x, r["n_numerator"], color=COLOURS[0], width=0.7)
            top.annotate(r["shown"], (x, r["n_numerator"]), xytext=(0, 2), textcoords="offset points",
                         ha="center", va="bottom", fontsize=7.5)  # fmt: skip
        else:  # a word at the baseline: no bar that could be read as a number
            top.text(x, high * 0.01, STATE_WORDS[lang][r["state"]], rotation=90, ha="center",
                     va="bottom", fontsize=8, color=GREY, fontstyle="italic")  # fmt: skip
        members = set(str(r["members"]).split("+"))
        ys = [len(names) - 1 - i for i, c in enumerate(names) if c in members]
        bottom.plot([x] * len(conditions), range(len(conditions)), "o", color="#dddddd", ms=7)
        bottom.plot([x] * len(ys), ys, "o-", color="#222222", ms=7, lw=2)
    top.set_ylim(0, high * 1.15)
    count_axis(top.yaxis, lang)
    top.set_ylabel(axis_title)
    top.grid(axis="y", color="#e3e3e3", lw=0.6)
    top.set_axisbelow(True)
    for side in ("top", "right"):
        top.spines[side].set_visible(False)
    bottom.set_yticks(range(len(labels)), list(reversed(labels)), fontsize=9)
    bottom.set_xticks([])
    bottom.set_ylim(-0.6, len(labels) - 0.4)
    bottom.set_xlim(-0.6, len(sel) - 0.4)
    for side in ("top", "right", "bottom", "left"):
        bottom.spines[side].set_visible(False)
    bottom.tick_params(axis="y", length=0)
    finish(fig, title, notes, source, subtitle=subtitle)
    return fig
