"""Figures from exported (releasable) tables only; suppressed values are shown as suppressed."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# fixed ids in SVG files, so the same figure gives the same bytes
matplotlib.rcParams["svg.hashsalt"] = "wijkzicht"
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .labels import label  # noqa: E402

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


def wijk_shares(measures: pd.DataFrame, measure: str, year: int, lang: str = "nl", order: list[str] | None = None):
    """One panel per definition: share per wijk with its interval, the gemeente as a line."""
    m = measures[
        (measures["measure"] == measure) & (measures["year"] == year) & (measures["group"] == "totaal")
    ]
    present = list(dict.fromkeys(m["definition"]))
    defs = [d for d in (order or []) if d in present] + [d for d in present if d not in (order or [])]
    fig, axes = plt.subplots(1, len(defs), figsize=(3.2 * len(defs) + 1.5, 4.2), sharey=True, squeeze=False)
    wijken = m[m["area_level"] == "wijk"].drop_duplicates("area_code")[["area_code", "area_name"]]
    ypos = {code: i for i, code in enumerate(reversed(wijken["area_code"].tolist()))}
    for ax, (d, colour) in zip(axes[0], zip(defs, COLOURS, strict=False), strict=False):
        rows = m[m["definition"] == d]
        gem = rows[rows["area_level"] == "gemeente"]
        if len(gem) and gem["status"].iloc[0] == "ok":
            ax.axvline(100 * gem["value"].iloc[0], color="#555555", lw=1, ls="--", label=label(lang, "gemeente"))
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
        ax.set_title(label(lang, "definition", d), fontsize=10)
        ax.set_xlabel("%")
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#dddddd", lw=0.5)
    axes[0][0].set_yticks(list(ypos.values()), [wijken.set_index("area_code").loc[c, "area_name"] for c in ypos])
    axes[0][0].legend(loc="lower right", fontsize=8, frameon=False)
    fig.suptitle(f"{label(lang, measure)}, {year}\n({label(lang, 'interval')})", fontsize=11)
    fig.tight_layout()
    return fig
