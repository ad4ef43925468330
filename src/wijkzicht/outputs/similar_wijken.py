"""Which wijken are like mine: profiles of published indicators and nearest wijken, from the export."""

from __future__ import annotations

import pandas as pd

from wijkzicht.statistics.similarity import indicator_zscores, similar_wijken


def indicator_name(df: pd.DataFrame) -> pd.Series:
    return df["measure"] + ":" + df["definition"] + ":" + df["method"]


def wijk_profile(measures: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Wide table wijk x indicator of published values (group totaal, latest year by default).

    Only rows with status ok count; a suppressed value is NaN, never 0.
    """
    m = measures[(measures["area_level"] == "wijk") & (measures["group"] == "totaal")]
    if year is None:
        year = int(m["year"].max())
    m = m[m["year"] == year]
    values = m["value"].where(m["status"] == "ok")
    wide = (
        pd.DataFrame({"wijk": m["area_code"], "indicator": indicator_name(m), "value": values})
        .pivot_table(
            index="wijk", columns="indicator", values="value", aggfunc="first", dropna=False
        )
        .sort_index()
    )
    return wide.reindex(sorted(wide.columns), axis=1)


def comparable(
    measures: pd.DataFrame, k: int, n_indicators: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(profile in long form with z-scores, the k most similar wijken per wijk) for the latest year."""
    year = int(measures["year"].max())
    wide = wijk_profile(measures, year)
    names = measures.drop_duplicates("area_code").set_index("area_code")["area_name"]
    z = indicator_zscores(wide)
    profile = (
        wide.stack(future_stack=True).rename("value").to_frame()
        .join(z.stack(future_stack=True).rename("z"))
        .reset_index()
    )  # fmt: skip
    profile.insert(1, "wijk_name", profile["wijk"].map(names))
    profile.insert(0, "year", year)
    near = similar_wijken(wide, k=k, n_indicators=n_indicators) if len(z.columns) else pd.DataFrame(
        columns=["wijk", "rank", "neighbour", "distance", "n_common", "closest_indicators"]
    )  # fmt: skip
    near.insert(1, "wijk_name", near["wijk"].map(names))
    near.insert(4, "neighbour_name", near["neighbour"].map(names))
    near.insert(0, "year", year)
    return profile, near
