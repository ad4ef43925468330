"""The dashboard page: inlined data and libraries, no network, passes the export gate, and its data
are the exported rows (trend rows left out, suppressed values null, never zero)."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import write_csv, write_measures_csv
from wijkzicht.disclosure.gate import PERSON_KEY, check_file
from wijkzicht.outputs import dashboard
from wijkzicht.themes.table import COLUMNS


def _measures(theme: str, measure: str, definition: str) -> pd.DataFrame:
    rows = []
    for year in (2022, 2023):
        for code, name, level in [("GM0344", "Utrecht", "gemeente"), ("WK034401", "West", "wijk"),
                                  ("WK034402", "Noordwest", "wijk")]:  # fmt: skip
            hidden = code == "WK034402" and year == 2023
            rows.append({
                "theme": theme, "measure": measure, "definition": definition, "year": year, "area_level": level,
                "area_code": code, "area_name": name, "group": "totaal", "group_value": "totaal", "method": "wilson",
                "numerator": 30.0, "denominator": 200.0, "n_numerator": 30, "n_denominator": 200, "value": 0.15,
                "ci_lower": 0.11, "ci_upper": 0.2, "se": 0.02,
                "status": "suppressed_secondary" if hidden else "ok",
            })  # fmt: skip
    trend = dict(rows[0], year=2023, group="totaal", method="trend_logit", value=1.05, status="ok")
    df = pd.DataFrame([*rows, trend])[COLUMNS]
    df.loc[
        df["status"] != "ok", ["numerator", "n_numerator", "value", "ci_lower", "ci_upper", "se"]
    ] = np.nan
    return df


@pytest.fixture
def export(tmp_path):
    main = {"kopp": ("kopp.aandeel", "breed"), "migratie": ("migratie.ggz", "ggz"),
            "nieuwkomers": ("nieuwkomers.aandeel", "breed")}  # fmt: skip
    for theme, (measure, definition) in main.items():
        write_measures_csv(_measures(theme, measure, definition), tmp_path / theme / "measures.csv")
        similar = pd.DataFrame({
            "year": [2023, 2023], "wijk": ["WK034401", "WK034402"], "wijk_name": ["West", "Noordwest"],
            "rank": [1, 1], "neighbour": ["WK034402", "WK034401"], "neighbour_name": ["Noordwest", "West"],
            "distance": [0.5, 0.5], "n_common": [3, 3],
            "closest_indicators": [f"{measure}:{definition}:wilson", f"{measure}:{definition}:trend_logit"],
        })  # fmt: skip
        write_csv(similar, tmp_path / theme / "vergelijkbare_wijken.csv")
    return tmp_path


DEFINITIONS = parse_definitions(config())


def _build(export, lang="nl"):
    return dashboard.build(export, DEFINITIONS, lang=lang, gemeente="GM0344")


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="wz-data">(.*?)</script>', page, re.S)
    return json.loads(found[1])


def test_page_is_self_contained_and_passes_the_gate(export):
    page = _build(export)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    # no request can leave the page: a strict policy, no external script, style or link
    assert "default-src 'none'" in page
    assert all("src=" not in tag for tag in re.findall(r"<script[^>]*>", page))
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"<(link|img|iframe)\b", markup)
    assert "window.vegaEmbed" in page  # the libraries are inlined
    assert check_file("dashboard.html", page.encode(), threshold=10) == []
    for view in ("trend", "compare", "definitions", "similar"):
        assert f'id="view-{view}"' in page
    for selector in ("theme", "measure", "definition", "method", "group", "year", "wijk"):
        assert f'id="sel-{selector}"' in page


def test_data_are_the_exported_rows_without_trends(export):
    data = _data(_build(export))
    cols = data["measures"]["columns"]
    rows = [dict(zip(cols, r, strict=True)) for r in data["measures"]["rows"]]
    assert len(rows) == 3 * 2 * 3  # three themes, two years, three areas; trend rows left out
    assert {r["method"] for r in rows} == {"wilson"}
    hidden = [r for r in rows if r["status"] != "ok"]
    assert len(hidden) == 3 and all(r["value"] is None and r["ci_lower"] is None for r in hidden)
    shown = [r for r in rows if r["status"] == "ok"]
    assert all(r["value"] == 0.15 and r["n_denominator"] == 200 for r in shown)
    assert data["labels"]["definition"]["kopp.aandeel|breed"] == "brede definitie"
    describe = data["labels"]["describe"]
    assert describe["kopp.aandeel|breed"].startswith(
        "Brede definitie: een kind van 0 tot en met 17 jaar telt mee"
    )
    # every definition shown is explained, from the definition objects
    assert set(describe) == {"kopp.aandeel|breed", "migratie.ggz|ggz", "nieuwkomers.aandeel|breed"}
    assert (
        describe["migratie.ggz|ggz"] == DEFINITIONS.migratie.definitions["ggz"].describe("nl") + "."
    )
    assert (
        data["labels"]["value"]["ggz+bw_mo"]
        == "GGZ-zorg + beschermd wonen of maatschappelijke opvang"
    )
    near = [s for s in data["similar"] if s["theme"] == "kopp" and s["wijk"] == "WK034401"]
    assert near[0]["neighbour_name"] == "Noordwest" and near[0]["closest"] == [
        "Kinderen van ouders met psychische problemen of verslaving: brede definitie (ruw aandeel)"
    ]


def test_english_switch(export):
    page = _build(export, "en")
    data = _data(page)
    assert '<html lang="en">' in page and data["text"]["trend"] == "Trend over the years"
    assert data["labels"]["definition"]["kopp.aandeel|breed"] == "broad definition"
    assert data["locale"]["decimal"] == "." and _data(_build(export))["locale"]["decimal"] == ","


def test_same_export_gives_the_same_bytes(export):
    assert _build(export) == _build(export)


def test_bundle_has_no_number_shaped_like_a_person_key():
    import vl_convert as vlc

    raw = vlc.javascript_bundle(vl_version=dashboard.VEGA_LITE)
    safe = dashboard.javascript_bundle()
    assert PERSON_KEY.findall(safe) == []
    # only the literals were rewritten, to the same numbers in hexadecimal
    for number in PERSON_KEY.findall(raw):
        assert hex(int(number)) in safe
    assert len(safe) - len(raw) == sum(len(hex(int(n))) - len(n) for n in PERSON_KEY.findall(raw))


def _mark(layer: dict) -> str:
    return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]


def test_specs_draw_suppressed_as_text_and_intervals():
    for kind in ("pct", "ratio"):
        for spec in (dashboard.trend_spec("nl", kind), dashboard.compare_spec("nl", kind)):
            assert {"text", "rule"} <= {_mark(layer) for layer in spec["layer"]}
            text = next(layer for layer in spec["layer"] if _mark(layer) == "text")
            assert text["encoding"]["text"] == {"value": "onderdrukt"}
            assert text["transform"] == [{"filter": "!datum.ok"}]
            # ratios get a reference line at 1, shares do not
            at_one = [
                layer
                for layer in spec["layer"]
                if 1
                in (
                    layer["encoding"].get("x", {}).get("datum"),
                    layer["encoding"].get("y", {}).get("datum"),
                )
            ]
            assert len(at_one) == (kind == "ratio")
