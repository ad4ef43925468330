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
