"""Comparable wijken from published rows only; suppressed values are missing, not zero."""

import numpy as np
import pandas as pd

from wijkzicht.outputs.similar_wijken import comparable, wijk_profile


def measures_rows(values: dict) -> list[dict]:
    """Rows of a measures table for 2023: per wijk code its values of definitions a, b, c, ...
    in order (NaN: suppressed)."""
    rows = []
    for code, vals in values.items():
        for definition, v in zip("abcdefgh", vals, strict=False):
            rows.append({
                "theme": "t", "measure": "t.aandeel", "definition": definition, "year": 2023,
                "area_level": "wijk", "area_code": code, "area_name": code.lower(), "group": "totaal",
                "group_value": "totaal", "method": "wilson", "value": v,
                "status": "ok" if v == v else "suppressed_primary",
            })  # fmt: skip
    return rows


def _measures():
    rows = measures_rows(
        {"WK1": (0.10, 0.50), "WK2": (0.11, 0.52), "WK3": (0.30, 0.10), "WK4": (0.29, np.nan)}
    )
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


def test_one_rule_leaves_a_data_quality_measure_out_of_every_caller(monkeypatch):
    """similar_wijken.is_compared is the one rule for which measures make wijken alike: the
    profile (wijk_profile), what two wijken are said to be alike in (alike_parts) and the
    factsheet's shared indicators (factsheet.alike_indicators) all follow it, so a measure added
    to the data-quality list drops out of all three at once (each kept its own filter before)."""
    from wijkzicht.outputs import similar_wijken
    from wijkzicht.outputs.factsheet import alike_indicators
    from wijkzicht.outputs.similar_wijken import alike_parts, is_compared

    assert not is_compared("kopp.ouders_onbekend")
    assert not is_compared("kopp.ouders_onbekend:onbekend:trend_logit")
    assert is_compared("kopp.aandeel") and is_compared("kopp.aandeel:breed:wilson")
    # a measure whose name begins like a data-quality one is still compared
    assert is_compared("kopp.ouders_onbekend_x:a:wilson")

    # t.aandeel made a data-quality measure beside u.x: every caller leaves it out
    monkeypatch.setattr(similar_wijken, "DATA_QUALITY", frozenset({"t.aandeel"}))
    assert not is_compared("t.aandeel:b:wilson")
    rows = _measures()
    both = pd.concat([rows, rows.assign(measure="u.x")], ignore_index=True)
    assert list(wijk_profile(both).columns) == ["u.x:a:wilson", "u.x:b:wilson"]
    values, trends = alike_parts("nl", "t.aandeel:b:wilson;t.aandeel:a:trend_logit")
    assert values == [] and trends == []
    closest = ["t.aandeel:b:wilson;u.x:a:wilson", "t.aandeel:a:wilson;u.y:a:wilson"]
    assert alike_indicators(closest) == ["u.x:a:wilson", "u.y:a:wilson"]
    # and the real list is left out by each as well
    monkeypatch.undo()
    quality = "kopp.ouders_onbekend:onbekend:wilson"
    rows = _measures()
    extra = {**rows.iloc[0].to_dict(), "measure": "kopp.ouders_onbekend", "definition": "onbekend"}
    wide = wijk_profile(pd.concat([rows, pd.DataFrame([extra])], ignore_index=True))
    assert quality not in wide.columns and "t.aandeel:a:wilson" in wide.columns
    assert alike_parts("nl", f"{quality};t.aandeel:a:wilson")[0] == [
        alike_parts("nl", "t.aandeel:a:wilson")[0][0]
    ]
    assert alike_indicators([f"{quality};t.aandeel:a:wilson"]) == ["t.aandeel:a:wilson"]
