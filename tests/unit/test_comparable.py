"""Comparable wijken from published rows only; suppressed values are missing, not zero."""

import numpy as np
import pandas as pd

from wijkzicht.outputs.similar_wijken import comparable, wijk_profile


def _measures():
    rows = []
    values = {"WK1": (0.10, 0.50), "WK2": (0.11, 0.52), "WK3": (0.30, 0.10), "WK4": (0.29, np.nan)}
    for code, (a, b) in values.items():
        for definition, v in (("a", a), ("b", b)):
            rows.append({
                "theme": "t", "measure": "t.aandeel", "definition": definition, "year": 2023,
                "area_level": "wijk", "area_code": code, "area_name": code.lower(), "group": "totaal",
                "group_value": "totaal", "method": "wilson", "value": v,
                "status": "ok" if v == v else "suppressed_primary",
            })  # fmt: skip
    rows.append({**rows[0], "year": 2022, "value": 0.9})  # an older year is ignored
    return pd.DataFrame(rows)


def test_profile_keeps_suppressed_as_missing():
    wide = wijk_profile(_measures())
    assert np.isnan(wide.loc["WK4", "t.aandeel:b:wilson"])
    assert wide.loc["WK1", "t.aandeel:a:wilson"] == 0.10


def test_nearest_wijken():
    profile, near = comparable(_measures(), k=1, n_indicators=1)
    first = near.set_index("wijk")["neighbour"].to_dict()
    assert first == {"WK1": "WK2", "WK2": "WK1", "WK3": "WK4", "WK4": "WK3"}
    assert set(profile.columns) >= {"wijk", "wijk_name", "indicator", "value", "z"}


def test_data_quality_measures_are_no_part_of_the_profile():
    """Wijken are not alike because their records link alike (fresh-user trial: KOPP wijken
    matched on 'geen koppelbare ouder'): kopp.ouders_onbekend (catalogue.DATA_QUALITY) is left
    out of the profile, so it neither moves the neighbours nor is named among the reasons."""
    rows = _measures()
    # a data-quality indicator that, were it counted, would pair WK1 with WK3 and WK2 with WK4
    quality = {"WK1": 0.01, "WK2": 0.90, "WK3": 0.01, "WK4": 0.90}
    extra = [
        {**rows.iloc[0].to_dict(), "measure": "kopp.ouders_onbekend", "definition": "onbekend",
         "area_code": code, "area_name": code.lower(), "value": v, "status": "ok"}
        for code, v in quality.items()
    ]  # fmt: skip
    with_quality = pd.concat([rows, pd.DataFrame(extra)], ignore_index=True)
    assert "kopp.ouders_onbekend:onbekend:wilson" not in wijk_profile(with_quality).columns
    profile, near = comparable(with_quality, k=1, n_indicators=3)
    assert not profile["indicator"].str.startswith("kopp.ouders_onbekend").any()
    assert near.set_index("wijk")["neighbour"].to_dict() == {
        "WK1": "WK2", "WK2": "WK1", "WK3": "WK4", "WK4": "WK3"
    }  # fmt: skip
    assert not near["closest_indicators"].str.contains("ouders_onbekend").any()
