"""Figures from exported (releasable) tables only; suppressed values are shown as suppressed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# fixed ids in SVG files, so the same figure gives the same bytes
matplotlib.rcParams["svg.hashsalt"] = "wijkzicht"
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from wijkzicht.outputs.labels import definition_label, label  # noqa: E402

# Okabe-Ito, colour-blind safe
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def save(fig, path: str | Path) -> None:
    """Save PNG/SVG deterministically: no timestamps or software versions in the metadata."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    meta = {"Software": None} if path.suffix == ".png" else {"Date": None, "Creator": None}
    fig.savefig(tmp, dpi=150, metadata=meta, bbox_inches="tight")
    os.replace(tmp, path)
    plt.close(fig)


def _name(names: Mapping[str, str] | None, lang: str, measure: str, key: str) -> str:
    """A definition's label: from `names` (made from the definition objects), else the key."""
    return (names or {}).get(key) or definition_label(lang, measure, key)


def wijk_shares(measures: pd.DataFrame, measure: str, year: int, lang: str = "nl", order: list[str] | None = None,
                names: Mapping[str, str] | None = None):  # fmt: skip
    """One panel per definition: share per wijk with its interval, the gemeente as a line."""
    m = measures[
        (measures["measure"] == measure)
        & (measures["year"] == year)
        & (measures["group"] == "totaal")
    ]
    present = list(dict.fromkeys(m["definition"]))
    defs = [d for d in (order or []) if d in present] + [
        d for d in present if d not in (order or [])
    ]
    fig, axes = plt.subplots(
        1, len(defs), figsize=(3.2 * len(defs) + 1.5, 4.2), sharey=True, squeeze=False
    )
    wijken = m[m["area_level"] == "wijk"].drop_duplicates("area_code")[["area_code", "area_name"]]
    ypos = {code: i for i, code in enumerate(reversed(wijken["area_code"].tolist()))}
    for ax, (d, colour) in zip(axes[0], zip(defs, COLOURS, strict=False), strict=False):
        rows = m[m["definition"] == d]
        gem = rows[rows["area_level"] == "gemeente"]
        if len(gem) and gem["status"].iloc[0] == "ok":
            ax.axvline(
                100 * gem["value"].iloc[0],
                color="#555555",
                lw=1,
                ls="--",
                label=label(lang, "gemeente"),
            )
        for _, r in rows[rows["area_level"] == "wijk"].iterrows():
            y = ypos[r["area_code"]]
            if r["status"] == "ok" and pd.notna(r["value"]):
                ax.errorbar(
                    100 * r["value"], y,
                    xerr=[[100 * (r["value"] - r["ci_lower"])], [100 * (r["ci_upper"] - r["value"])]],
                    fmt="o", color=colour, ms=5, capsize=2,
                )  # fmt: skip
            else:
                ax.text(0, y, label(lang, "suppressed"), va="center", fontsize=8, color="#777777")
        ax.set_title(_name(names, lang, measure, d), fontsize=10)
        ax.set_xlabel("%")
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#dddddd", lw=0.5)
    axes[0][0].set_yticks(
        list(ypos.values()), [wijken.set_index("area_code").loc[c, "area_name"] for c in ypos]
    )
    axes[0][0].legend(loc="lower right", fontsize=8, frameon=False)
    fig.suptitle(f"{label(lang, measure)}, {year}\n({label(lang, 'interval')})", fontsize=11)
    fig.tight_layout()
    return fig


def _ok(rows: pd.DataFrame) -> pd.Series:
    return (rows["status"] == "ok") & rows["value"].notna()


def trend_lines(measures: pd.DataFrame, measure: str, area_code: str, lang: str = "nl",
                method: str = "wilson", scale: float = 100.0, names: Mapping[str, str] | None = None):  # fmt: skip
    """One line per definition over the years with its interval band; a suppressed year is a
    gap with a marker at the axis, never a zero."""
    m = measures[(measures["measure"] == measure) & (measures["area_code"] == area_code)
                 & (measures["group"] == "totaal") & (measures["method"] == method)]  # fmt: skip
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for d, colour in zip(dict.fromkeys(m["definition"]), COLOURS, strict=False):
        rows = m[m["definition"] == d].sort_values("year")
        ok = _ok(rows)
        y = (rows["value"] * scale).where(ok)
        ax.plot(rows["year"], y, marker="o", color=colour, label=_name(names, lang, measure, d))
        ax.fill_between(rows["year"], (rows["ci_lower"] * scale).where(ok), (rows["ci_upper"] * scale).where(ok),
                        color=colour, alpha=0.2, lw=0)  # fmt: skip
        for yr in rows.loc[~ok, "year"]:
            ax.plot([yr], [0], marker="x", color=colour, ls="none")
            ax.annotate(label(lang, "suppressed"), (yr, 0), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=7, color="#777777")  # fmt: skip
    name = m["area_name"].iloc[0] if len(m) else area_code
    ax.set_title(f"{label(lang, measure)}\n{name}", fontsize=10)
    ax.set_xlabel(label(lang, "year"))
    ax.set_ylabel("%" if scale == 100 else "")
    ax.set_xticks(sorted(m["year"].unique()))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#dddddd", lw=0.5)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def upset_overlap(measures: pd.DataFrame, year: int, conditions: list[str], lang: str = "nl",
                  names: Mapping[str, str] | None = None):  # fmt: skip
    """UpSet-style chart of kopp.overlap: children per combination of parent conditions (bars)
    with the combination as a dot matrix below; suppressed combinations are hatched."""
    m = measures[(measures["measure"] == "kopp.overlap") & (measures["year"] == year)
                 & (measures["method"] == "wilson") & (measures["group_value"] != "geen")]  # fmt: skip
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(8, 4.8), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]}
    )
    xs = range(len(m))
    for x, (_, r) in zip(xs, m.iterrows(), strict=True):
        if r["status"] == "ok":
            top.bar(x, r["n_numerator"], color=COLOURS[0])
        else:
            top.bar(x, 1, color="white", edgecolor="#777777", hatch="///")
            top.text(
                x,
                1,
                label(lang, "suppressed"),
                rotation=90,
                ha="center",
                va="bottom",
                fontsize=7,
                color="#777777",
            )
        members = r["group_value"].split("+")
        ys = [i for i, c in enumerate(conditions) if c in members]
        bottom.plot([x] * len(conditions), range(len(conditions)), "o", color="#dddddd", ms=6)
        bottom.plot([x] * len(ys), ys, "o-", color="#333333", ms=6)
    top.set_ylabel(label(lang, "children"))
    top.set_title(f"{label(lang, 'kopp.overlap')}, {year}", fontsize=10)
    top.grid(axis="y", color="#dddddd", lw=0.5)
    bottom.set_yticks(
        range(len(conditions)), [(names or {}).get(c, c) for c in conditions], fontsize=8
    )
    bottom.set_xticks([])
    bottom.set_ylim(-0.5, len(conditions) - 0.5)
    fig.tight_layout()
    return fig


def ratio_per_wijk(measures: pd.DataFrame, measure: str, year: int, lang: str = "nl",
                   names: Mapping[str, str] | None = None):  # fmt: skip
    """Ratios per wijk (e.g. newcomer concentration) with intervals and a reference line at 1."""
    m = measures[
        (measures["measure"] == measure)
        & (measures["year"] == year)
        & (measures["area_level"] == "wijk")
    ]
    defs = list(dict.fromkeys(m["definition"]))
    fig, axes = plt.subplots(
        1, len(defs), figsize=(3.6 * len(defs) + 1.5, 4.2), sharey=True, squeeze=False
    )
    wijken = m.drop_duplicates("area_code")[["area_code", "area_name"]]
    ypos = {c: i for i, c in enumerate(reversed(wijken["area_code"].tolist()))}
    for ax, d, colour in zip(axes[0], defs, COLOURS, strict=False):
        ax.axvline(1, color="#555555", lw=1, ls="--")
        for _, r in m[m["definition"] == d].iterrows():
            y = ypos[r["area_code"]]
            if r["status"] == "ok" and pd.notna(r["value"]):
                lo = r["value"] - r["ci_lower"] if pd.notna(r["ci_lower"]) else 0
                hi = r["ci_upper"] - r["value"] if pd.notna(r["ci_upper"]) else 0
                ax.errorbar(r["value"], y, xerr=[[lo], [hi]], fmt="o", color=colour, capsize=2)
            else:
                ax.text(1, y, label(lang, "suppressed"), va="center", fontsize=8, color="#777777")
        ax.set_title(_name(names, lang, measure, d), fontsize=10)
        ax.set_xscale("log")
        ax.grid(axis="x", color="#dddddd", lw=0.5)
    axes[0][0].set_yticks(
        list(ypos.values()), [wijken.set_index("area_code").loc[c, "area_name"] for c in ypos]
    )
    fig.suptitle(f"{label(lang, measure)}, {year}", fontsize=11)
    fig.tight_layout()
    return fig


def by_group(measures: pd.DataFrame, measures_and_defs: list[tuple[str, str]], group: str, year: int,
             lang: str = "nl"):  # fmt: skip
    """Shares by group value (e.g. herkomst) at gemeente level, one panel per measure: the care
    gap shows survey distress beside the share with care among the distressed."""
    fig, axes = plt.subplots(1, len(measures_and_defs), figsize=(4.2 * len(measures_and_defs) + 1.5, 4.5),
                             sharey=True, squeeze=False)  # fmt: skip
    for ax, (measure, d), colour in zip(axes[0], measures_and_defs, COLOURS, strict=False):
        m = measures[(measures["measure"] == measure) & (measures["definition"] == d) & (measures["year"] == year)
                     & (measures["area_level"] == "gemeente") & (measures["group"] == group)]  # fmt: skip
        values = list(dict.fromkeys(m["group_value"]))
        for y, v in enumerate(reversed(values)):
            r = m[m["group_value"] == v].iloc[0]
            if r["status"] == "ok" and pd.notna(r["value"]):
                ax.errorbar(100 * r["value"], y, xerr=[[100 * (r["value"] - r["ci_lower"])], [100 * (r["ci_upper"] - r["value"])]],
                            fmt="o", color=colour, capsize=2)  # fmt: skip
            else:
                ax.text(0, y, label(lang, "suppressed"), va="center", fontsize=8, color="#777777")
        ax.set_yticks(range(len(values)), list(reversed(values)))
        ax.set_title(label(lang, measure), fontsize=10)
        ax.set_xlabel("%")
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#dddddd", lw=0.5)
    fig.suptitle(f"{year}", fontsize=11)
    fig.tight_layout()
    return fig
