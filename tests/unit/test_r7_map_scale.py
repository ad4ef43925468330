"""One colour scale per measure and year for the maps per wijk and per buurt: the default world's
wijk and buurt maps gave the same class other shades (each map had its own classes from its own
values). Now a percentage has the same colour on both maps, both legends list the same classes,
and the notes say so."""

import numpy as np
import pandas as pd
from worlds import config

from wijkzicht.definitions import parse_definitions
from wijkzicht.outputs import maps

WIJKEN = {"WK034401": 0.12, "WK034402": 0.17, "WK034403": 0.22}
BUURTEN = {"BU03440101": 0.04, "BU03440102": 0.13, "BU03440201": 0.19, "BU03440301": 0.31,
           "BU03440302": np.nan}  # fmt: skip


def _measures() -> pd.DataFrame:
    rows = []
    for level, values in (("wijk", WIJKEN), ("buurt", BUURTEN)):
        for code, v in values.items():
            ok = not np.isnan(v)
            rows.append({"area_level": level, "area_code": code, "area_name": code[-4:], "value": v,
                         "numerator": 10 if ok else np.nan, "denominator": 100 if ok else np.nan,
                         "n_numerator": 10 if ok else np.nan, "n_denominator": 100 if ok else np.nan,
                         "ci_lower": v - 0.01, "ci_upper": v + 0.01,
                         "status": "ok" if ok else "suppressed_primary"})  # fmt: skip
    rows.append({"area_level": "gemeente", "area_code": "GM0344", "area_name": "Utrecht", "value": 0.17,
                 "numerator": 17, "denominator": 100, "n_numerator": 17, "n_denominator": 100,
                 "ci_lower": 0.16, "ci_upper": 0.18, "status": "ok"})  # fmt: skip
    # an older year with other values: its own scale, not this year's
    old = pd.DataFrame(rows).assign(year=2022, value=lambda d: d["value"] * 3)
    m = pd.concat([pd.DataFrame(rows).assign(year=2023), old], ignore_index=True)
    return m.assign(theme="kopp", measure="kopp.aandeel", definition="breed", group="totaal",
                    group_value="totaal", method="wilson", se=np.nan)  # fmt: skip


def _select(level, lang="nl"):
    defs = parse_definitions(config())
    return maps.select("kopp", _measures(), defs, None, lang=lang, gemeente="GM0344", level=level)


def test_the_same_class_has_the_same_colour_on_the_wijk_and_the_buurt_map():
    wijk, buurt = _select("wijk"), _select("buurt")
    colour_of = {}
    for sel in (wijk, buurt):
        ok = sel[(sel["role"] == "area") & (sel["state"] == "ok")]
        for lo, hi, fill in zip(ok["class_lower"], ok["class_upper"], ok["fill"], strict=True):
            assert colour_of.setdefault((lo, hi), fill) == fill, (lo, hi)
    # the wijk 22% and the buurt 19% are in one class when the scale is shared, with one colour
    fills = dict(zip(wijk["area_code"], wijk["fill"], strict=True)) | dict(
        zip(buurt["area_code"], buurt["fill"], strict=True)
    )
    assert fills["WK034402"] == fills["BU03440201"]
    # the scale spans both maps' values: the buurt 4% and 31% are in it
    bounds = wijk.attrs.get("bounds", [])
    assert bounds == buurt.attrs.get("bounds") and bounds[0] <= 0.04 and bounds[-1] >= 0.31

    # both legends list the same classes in the same colours
    def classes(sel):
        return [(style["facecolor"], words.split("   ")[0]) for style, words in maps.legend_entries(sel, lang="nl")
                if style.get("facecolor") not in ("none",) and "hatch" not in style]  # fmt: skip

    assert classes(wijk) == classes(buurt) and len(classes(wijk)) == len(bounds) - 1


def test_the_map_notes_say_the_maps_share_their_colours():
    defs = parse_definitions(config())
    for lang, words in (("nl", "dezelfde kleuren"), ("en", "the same colours")):
        for level in ("wijk", "buurt"):
            notes = maps.texts(
                "kopp", _select(level, lang), defs, lang=lang, source="kaart", level=level
            )["notes"]
            assert words in notes[0], notes
    # without buurt rows there is one map: nothing to say
    only = _measures()
    only = only[only["area_level"] != "buurt"]
    sel = maps.select("kopp", only, defs, None, lang="nl", gemeente="GM0344")
    assert "dezelfde kleuren" not in " ".join(
        maps.texts("kopp", sel, defs, lang="nl", source="k")["notes"]
    )
