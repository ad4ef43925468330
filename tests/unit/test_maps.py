"""Boundaries, maps and the infographic: the synthetic world's Wijk- en Buurtkaart, reading and
checking a boundaries file (CBS's column names of both eras, layers, every error), colour classes,
and a map whose every area's fill follows its published value or its state, read back from the
SVG file the map rule writes."""

import dataclasses
import html
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box
from worlds import REPO, check_map, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import write_csv
from wijkzicht.inputs.boundaries import BoundariesError, read_boundaries
from wijkzicht.inputs.reference import read_geography
from wijkzicht.outputs import infographic, maps
from wijkzicht.pipeline.config import SYNTHETIC_BOUNDARIES, boundaries_path
from wijkzicht.synth.boundaries import boundaries_geojson, synthetic_boundaries, write_boundaries

GEO = read_geography(REPO / "config/reference/geography.csv", "GM0344")


@pytest.fixture(scope="module")
def buurten():
    return synthetic_boundaries(20260101, GEO, "GM0344")


@pytest.fixture(scope="module")
def boundaries_file(buurten, tmp_path_factory):
    path = tmp_path_factory.mktemp("kaart") / "wijkbuurtkaart.geojson"
    write_boundaries(buurten, path)
    return path


# --- the synthetic world's boundaries ---------------------------------------------------------


def test_synthetic_boundaries_cover_every_buurt_once_without_overlap(buurten):
    assert sorted(buurten["buurtcode"]) == sorted(GEO["buurt_code"])
    geoms = buurten["geometry"].to_numpy()
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    union = shapely.union_all(geoms)
    # a partition: the areas add up to the area of their union (no overlap)
    assert sum(g.area for g in geoms) == pytest.approx(union.area, rel=1e-6)
    # a city of plausible size (Utrecht: about 100 km2) in RD New around Utrecht
    assert 40e6 < union.area < 250e6
    x0, y0, x1, y1 = union.bounds
    assert 120_000 < x0 < x1 < 150_000 and 445_000 < y0 < y1 < 470_000
    # every buurt lies in its own wijk's area: the wijken are the union of their buurten
    for code, part in buurten.groupby("wijkcode"):
        others = buurten[buurten["wijkcode"] != code]
        wijk = shapely.union_all(part["geometry"].to_numpy())
        assert (
            shapely.intersection(wijk, shapely.union_all(others["geometry"].to_numpy())).area < 1.0
        )


def test_synthetic_boundaries_are_the_same_bytes_from_the_same_seed(buurten):
    again = synthetic_boundaries(20260101, GEO, "GM0344")
    assert boundaries_geojson(again) == boundaries_geojson(buurten)
    other = synthetic_boundaries(7, GEO, "GM0344")
    assert boundaries_geojson(other) != boundaries_geojson(buurten)


def test_synthetic_boundaries_read_back_as_wijken_and_buurten(boundaries_file):
    wijken = read_boundaries(boundaries_file, "wijk", "GM0344")
    names = GEO.drop_duplicates("wijk_code").set_index("wijk_code")["wijk_name"]
    assert list(wijken["area_code"]) == sorted(names.index)
    assert list(wijken["area_name"]) == [names[c] for c in wijken["area_code"]]
    assert wijken.crs.to_epsg() == 28992 and wijken.is_valid.all()
    buurten = read_boundaries(boundaries_file, "buurt", "GM0344")
    assert len(buurten) == len(GEO)
    assert wijken.area.sum() == pytest.approx(buurten.area.sum(), rel=1e-9)


# --- reading a boundaries file ------------------------------------------------------------------


def square(x, y, size=1000):
    return box(x, y, x + size, y + size)


def write_gdf(path, rows, crs="EPSG:28992", layer=None, driver=None):
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    gdf.to_file(path, layer=layer, driver=driver, engine="pyogrio")
    return path


WIJKEN = {"WK999901": "Noord", "WK999902": "Zuid"}


def two_wijken(**extra):
    return [
        {"wijkcode": "WK999901", "wijknaam": "Noord", "gemeentecode": "GM9999", "geometry": square(0, 1000), **extra},
        {"wijkcode": "WK999902", "wijknaam": "Zuid", "gemeentecode": "GM9999", "geometry": square(0, 0), **extra},
    ]  # fmt: skip


def test_a_geopackage_with_cbs_layers_and_2021_column_names(tmp_path):
    """CBS's GeoPackage has layers gemeenten, wijken and buurten; up to 2021 its columns were
    GM_CODE, WK_CODE, WK_NAAM, BU_CODE, BU_NAAM. The wijk map reads the wijken layer."""
    path = tmp_path / "wijkenbuurten_2021.gpkg"
    write_gdf(
        path,
        [{"GM_CODE": "GM9999", "GM_NAAM": "Stad", "geometry": square(0, 0, 2000)}],
        layer="gemeenten",
    )
    wijken = [{"WK_CODE": r["wijkcode"], "WK_NAAM": r["wijknaam"], "GM_CODE": "GM9999", "geometry": r["geometry"]}
              for r in two_wijken()]  # fmt: skip
    write_gdf(path, wijken, layer="wijken")
    buurten = [{"BU_CODE": f"BU99990{i}00", "BU_NAAM": f"b{i}", "WK_CODE": f"WK99990{i}", "GM_CODE": "GM9999",
                "geometry": square(0, 1000 * (2 - i))} for i in (1, 2)]  # fmt: skip
    write_gdf(path, buurten, layer="buurten")
    got = read_boundaries(path, "wijk", "GM9999", WIJKEN)
    assert list(got["area_code"]) == ["WK999901", "WK999902"]
    assert list(got["area_name"]) == ["Noord", "Zuid"]
    assert got.geometry.iloc[0].equals(square(0, 1000))
    assert list(read_boundaries(path, "buurt", "GM9999")["area_code"]) == [
        "BU99990100",
        "BU99990200",
    ]


def test_wijken_are_dissolved_from_buurten_when_there_is_no_wijk_layer(tmp_path):
    rows = [{"buurtcode": f"BU9999010{i}", "wijkcode": "WK999901", "gemeentecode": "GM9999",
             "geometry": square(1000 * i, 0)} for i in range(3)]  # fmt: skip
    rows.append({"buurtcode": "BU99990200", "wijkcode": "WK999902", "gemeentecode": "GM9999",
                 "geometry": square(0, 1000)})  # fmt: skip
    rows.append(
        {
            "buurtcode": "BU88880100",
            "wijkcode": "WK888801",
            "gemeentecode": "GM8888",
            "geometry": square(5000, 5000),
        }
    )  # another gemeente: left out
    path = write_gdf(tmp_path / "buurten.geojson", rows, driver="GeoJSON")
    got = read_boundaries(path, "wijk", "GM9999", WIJKEN)
    assert list(got["area_code"]) == ["WK999901", "WK999902"]
    assert got.geometry.iloc[0].area == pytest.approx(3e6)
    assert got.geometry.iloc[0].geom_type == "Polygon"  # one shape, not three


@pytest.mark.parametrize(
    "case, expected",
    [
        ("no_code_column", r"lacks column\(s\) wijk_code \(wijkcode or wk_code\).*it has \['gemeentecode', 'naam'\]"),
        ("wgs84", r"is in WGS 84 \(EPSG:4326\); expected EPSG:28992 \(RD New"),
        ("no_crs", r"has no coordinate reference system; expected EPSG:28992"),
        ("bowtie", r"1 invalid geometry .*WK999902: Self-intersection"),
        ("unknown_code", r"has wijk code\(s\) WK999903 of gemeente GM9999 that the published tables do not have"),
        ("missing_code", r"has no boundary for wijk code\(s\) WK999902 of the published tables"),
        ("other_gemeente", r"has no feature of gemeente GM9999 in column 'gemeentecode'; gemeente codes found: GM1234"),
        ("points", r"has geometries of type \['Point'\]; expected \(multi\)polygons"),
    ],
)  # fmt: skip
def test_a_bad_boundaries_file_is_a_clear_error(tmp_path, case, expected):
    rows, crs = two_wijken(), "EPSG:28992"
    if case == "no_code_column":
        rows = [
            {"naam": r["wijknaam"], "gemeentecode": r["gemeentecode"], "geometry": r["geometry"]}
            for r in rows
        ]
    elif case == "wgs84":
        crs = "EPSG:4326"
        rows = [{**r, "geometry": box(5.0, 52.0, 5.01, 52.01)} for r in rows]
    elif case == "no_crs":
        crs = None
    elif case == "bowtie":
        rows[1]["geometry"] = Polygon([(0, 0), (1000, 1000), (1000, 0), (0, 1000)])
    elif case == "unknown_code":
        rows.append({**rows[1], "wijkcode": "WK999903", "geometry": square(1000, 0)})
    elif case == "missing_code":
        rows = rows[:1]
    elif case == "other_gemeente":
        rows = [{**r, "gemeentecode": "GM1234"} for r in rows]
    elif case == "points":
        rows[0]["geometry"] = shapely.Point(10, 10)
    path = tmp_path / "wijken.gpkg"
    write_gdf(path, rows, crs=crs, layer="wijken")
    with pytest.raises(BoundariesError, match=expected) as err:
        read_boundaries(path, "wijk", "GM9999", WIJKEN)
    assert str(path) in str(err.value)


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(BoundariesError, match="does not exist"):
        read_boundaries(tmp_path / "nope.gpkg", "wijk", "GM9999")
    bad = tmp_path / "kaart.geojson"
    bad.write_text("this is not json")
    with pytest.raises(BoundariesError, match="cannot be read as a GeoPackage or GeoJSON"):
        read_boundaries(bad, "wijk", "GM9999")


def test_no_boundaries_means_no_maps_but_the_synthetic_world_has_its_own():
    cfg = config()
    assert boundaries_path(cfg) == SYNTHETIC_BOUNDARIES
    assert boundaries_path(config(synthetic={"boundaries": False})) is None
    assert boundaries_path(config(boundaries={"path": "kaart.gpkg"})) == "kaart.gpkg"
    assert boundaries_path(config(data={"root": "/data"})) is None


# --- colour classes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, expected",
    [
        ([0.101, 0.236], [0.10, 0.15, 0.20, 0.25]),  # width 5 points: 3 classes
        ([0.03, 0.31], [0.0, 0.1, 0.2, 0.3, 0.4]),  # width 10 points
        (
            [0.1204, 0.1311],
            [0.12, 0.1225, 0.125, 0.1275, 0.13, 0.1325],
        ),  # close together: narrow classes
        ([0.2, 0.2], [0.2, 0.21]),  # one value: one class
        ([], [0.0, 1.0]),
    ],
)
def test_class_bounds_are_round_and_few(values, expected):
    got = maps.breaks(values)
    assert got == pytest.approx(expected)
    assert len(got) - 1 <= maps.MAX_CLASSES
    for v in values:
        k = maps.class_of(v, got)
        assert got[k] <= v <= got[k + 1]


# --- the fill follows the value ------------------------------------------------------------------

CODES = ["WK034401", "WK034402", "WK034403", "WK034404", "WK034405", "WK034406", "WK034407",
         "WK034408", "WK034409", "WK034410"]  # fmt: skip
# per wijk: (n_numerator, n_denominator, status); None: nobody in the group
CELLS = [(40, 400, "ok"), (90, 450, "ok"), (None, None, "suppressed_primary"), (20, 500, "ok"),
         (0, 0, "ok"), (60, 300, "ok"), (30, 600, "ok"), (None, None, "suppressed_secondary"),
         (150, 700, "ok"), (70, 650, "ok")]  # fmt: skip


def measures_table() -> pd.DataFrame:
    names = GEO.drop_duplicates("wijk_code").set_index("wijk_code")["wijk_name"]
    rows = []
    for code, (num, den, status) in zip(CODES, CELLS, strict=True):
        value = num / den if num is not None and den else np.nan
        rows.append({"area_level": "wijk", "area_code": code, "area_name": names[code], "numerator": num,
                     "denominator": den, "n_numerator": num, "n_denominator": den, "value": value,
                     "ci_lower": value - 0.01 if den else np.nan, "ci_upper": value + 0.01 if den else np.nan,
                     "status": status})  # fmt: skip
    rows.append({"area_level": "gemeente", "area_code": "GM0344", "area_name": "Utrecht", "numerator": 460,
                 "denominator": 3600, "n_numerator": 460, "n_denominator": 3600, "value": 460 / 3600,
                 "ci_lower": 0.12, "ci_upper": 0.14, "status": "ok"})  # fmt: skip
    m = pd.DataFrame(rows)
    m["se"] = np.nan
    return m.assign(theme="kopp", measure="kopp.aandeel", definition="breed", year=2023, group="totaal",
                    group_value="totaal", method="wilson")  # fmt: skip


def svg_fills(svg: str) -> dict[str, tuple[str, bool]]:
    """{area code: (fill colour, hatched)} of the map's patches, read from the SVG file."""
    out = {}
    for code, body in re.findall(r'<g id="(WK\d{6})">(.*?)</g>', svg, re.S):
        fill = re.search(r"fill: ?(#[0-9a-f]{6}|url\(#\w+\))", body)
        out[code] = (fill[1], fill[1].startswith("url"))
    return out


def test_every_area_is_filled_as_its_published_value_or_state_says(boundaries_file, tmp_path):
    defs = parse_definitions(config())
    paths = {ext: tmp_path / f"kaart_aandeel.{ext}" for ext in ("png", "svg", "csv")}
    m = measures_table()
    maps.write("kopp", "kaart_aandeel", m, None, defs, boundaries_file, paths, lang="nl", gemeente="GM0344",
               source="Wijk- en Buurtkaart")  # fmt: skip
    sel = maps.read_map(paths["csv"])
    # the CSV holds exactly the published rows, each with its row in measures.csv
    assert list(sel["area_code"]) == [*CODES, "GM0344"]
    for _, r in sel.iterrows():
        cell = m.iloc[r["measures_row"]]
        assert cell["area_code"] == r["area_code"]
        # the same number (the CSV writer keeps 10 decimals, as measures.csv)
        assert (np.isnan(r["value"]) and np.isnan(cell["value"])) or r["value"] == pytest.approx(
            cell["value"], abs=1e-10
        )
    states = dict(zip(sel["area_code"], sel["state"], strict=True))
    assert [states[c] for c in CODES] == ["ok", "ok", "suppressed", "ok", "empty", "ok", "ok", "suppressed",
                                          "ok", "ok"]  # fmt: skip
    # read back from the drawn SVG: each wijk's patch, by its id
    fills = svg_fills(paths["svg"].read_text(encoding="utf-8"))
    assert sorted(fills) == CODES
    values = {
        code: num / den
        for code, (num, den, s) in zip(CODES, CELLS, strict=True)
        if s == "ok" and den
    }
    ranks = {c: i for i, c in enumerate(sorted(values, key=values.get))}
    shades = {c: _lightness(fills[c][0]) for c in values}
    for code in CODES:
        state = states[code]
        colour, hatched = fills[code]
        if state == "suppressed":
            assert hatched, code  # grey with diagonal lines: a pattern, not a colour
        elif state == "empty":
            assert hatched, code
        else:
            assert not hatched and colour in maps.CLASS_COLOURS, (code, colour)
    # a higher value is never lighter: the colour follows the value
    for a in values:
        for b in values:
            if values[a] > values[b]:
                assert shades[a] <= shades[b], (a, b)
    assert ranks  # there were values to compare
    # the suppressed and empty patterns differ, and the legend names both states
    svg = paths["svg"].read_text(encoding="utf-8")
    patterns = {fills[c][0] for c in CODES if states[c] == "suppressed"}
    assert patterns.isdisjoint({fills[c][0] for c in CODES if states[c] == "empty"})
    for words in ("onderdrukt (te weinig personen, of anders terug te rekenen)", "geen personen (niemand in deze groep)",
                  "Utrecht als geheel: 12,8%", "Bron:"):  # fmt: skip
        assert words in svg or _svg_text(svg, words), words


def _lightness(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _svg_text(svg: str, words: str) -> bool:
    """Matplotlib writes text as glyph paths with the text in a comment: '<!-- words -->'."""
    comments = " ".join(re.findall(r"<!-- (.*?) -->", svg, re.S))
    return words in " ".join(comments.split())


def test_the_shared_map_check_agrees(boundaries_file, tmp_path):
    """`worlds.check_map` (used on the e2e world) on the hand-built table: 10 wijken checked."""
    defs = parse_definitions(config())
    m = measures_table()
    (tmp_path / "kopp").mkdir()
    for c in (
        "numerator",
        "denominator",
        "n_numerator",
        "n_denominator",
        "value",
        "ci_lower",
        "ci_upper",
    ):
        m.loc[m["status"] != "ok", c] = np.nan
    write_csv(m, tmp_path / "kopp/measures.csv")  # as the export writes it
    paths = {ext: tmp_path / "kopp" / f"kaart_aandeel.{ext}" for ext in ("png", "svg", "csv")}
    maps.write("kopp", "kaart_aandeel", m, None, defs, boundaries_file, paths, lang="nl", gemeente="GM0344",
               source="kaart")  # fmt: skip
    assert check_map(tmp_path, "kopp", "kaart_aandeel") == 10


def test_the_map_is_the_same_bytes_when_drawn_again(boundaries_file, tmp_path):
    defs = parse_definitions(config())
    out = []
    for run in ("a", "b"):
        paths = {ext: tmp_path / run / f"kaart_aandeel.{ext}" for ext in ("png", "svg", "csv")}
        maps.write("kopp", "kaart_aandeel", measures_table(), None, defs, boundaries_file, paths, lang="en",
                   gemeente="GM0344", source="map")  # fmt: skip
        out.append({ext: p.read_bytes() for ext, p in paths.items()})
    assert out[0] == out[1]


def test_locator_svg_highlights_one_wijk(boundaries_file):
    wijken = read_boundaries(boundaries_file, "wijk", "GM0344")
    svg = maps.locator_svg(wijken, "WK034403", "Overvecht in Utrecht")
    assert svg.count("<path") == len(wijken) + 1
    assert svg.count('fill="#0072B2"') == 1 and "<title>Overvecht in Utrecht</title>" in svg
    w, h, shapes = maps.svg_shapes(wijken, 150)
    assert w == 150 and 50 < h < 200 and sorted(shapes) == sorted(wijken["area_code"])
    coords = [float(v) for d in shapes.values() for v in re.findall(r"[\d.]+", d)]
    assert min(coords) >= 0 and max(coords) <= max(w, h)


def test_infographic_without_boundaries_or_personas_still_renders(tmp_path):
    """No boundaries: no map panel, no error; the same bytes when drawn again."""
    export = tmp_path / "export"
    (export / "kopp").mkdir(parents=True)
    m = measures_table()
    for c in (
        "numerator",
        "denominator",
        "n_numerator",
        "n_denominator",
        "value",
        "ci_lower",
        "ci_upper",
        "se",
    ):
        m.loc[m["status"] != "ok", c] = np.nan
    m.to_csv(export / "kopp/measures.csv", index=False)
    defs = parse_definitions(config())
    outs = []
    for run in ("a", "b"):
        c = infographic.write_from_export("kopp", export, defs, tmp_path / run / "i.pdf", tmp_path / run / "i.png",
                                          lang="nl", gemeente="GM0344")  # fmt: skip
        outs.append(
            ((tmp_path / run / "i.pdf").read_bytes(), (tmp_path / run / "i.png").read_bytes())
        )
    assert c.areas is None and c.personas == []
    assert c.big == "1 op de 8" and "12,8%" in c.big_text
    # the reading guide explains no map that is not there (U7), the marks and the word instead
    assert not any("Kaart" in line or "streepjes" in line for line in c.guide)
    assert c.guide[1].startswith("▲ ▼ = duidelijk hoger of lager dan")
    assert c.guide[2].startswith("Onderdrukt: ")
    assert outs[0] == outs[1]
    assert outs[0][0].startswith(b"%PDF") and b"CreationDate" not in outs[0][0]
    assert json.dumps(infographic.alt_text(c))  # words, no error
    # the wijken that stand out, said with what they were compared with
    marked = dataclasses.replace(
        c, higher=["Overvecht 37,7%"], lower=["West 20,2%"], against="de gemeente als geheel"
    )
    alt = infographic.alt_text(marked)
    assert "Duidelijk hoger dan de gemeente als geheel: Overvecht 37,7%." in alt and "{" not in alt


def test_infographic_shows_the_gemeentes_top_persona_cards(tmp_path):
    """With `<theme>/personas.csv` the infographic carries the gemeente's first three cards (not a
    wijk's, not a suppressed one), in the persona module's words."""
    from wijkzicht.outputs import personas

    export = tmp_path / "export"
    (export / "kopp").mkdir(parents=True)
    m = measures_table()
    for c in (
        "numerator",
        "denominator",
        "n_numerator",
        "n_denominator",
        "value",
        "ci_lower",
        "ci_upper",
    ):
        m.loc[m["status"] != "ok", c] = np.nan
    write_csv(m, export / "kopp/measures.csv")
    head = ("theme,year,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,zorg_steun,"
            "n_persons,n_target,status")  # fmt: skip
    rows = [
        "kopp,2023,gemeente,GM0344,Utrecht,1,4-11,eenouder,Nederland,1,,120,460,ok",
        "kopp,2023,gemeente,GM0344,Utrecht,2,12-17,paar_met_kinderen,Marokko,2,,80,460,ok",
        "kopp,2023,gemeente,GM0344,Utrecht,3,0-3,eenouder,overig,onbekend,,40,460,ok",
        "kopp,2023,gemeente,GM0344,Utrecht,4,4-11,overig,overig,overig,,30,460,ok",
        "kopp,2023,wijk,WK034403,Overvecht,1,4-11,eenouder,Marokko,1,,40,90,ok",
    ]
    (export / "kopp/personas.csv").write_text("\n".join([head, *rows]) + "\n")
    defs = parse_definitions(config())
    c = infographic.write_from_export("kopp", export, defs, tmp_path / "i.pdf", tmp_path / "i.png", lang="nl",
                                      gemeente="GM0344", personas=export / "kopp/personas.csv")  # fmt: skip
    table = personas.read_personas(export / "kopp/personas.csv")
    assert c.personas == [personas.card_lines(r, "nl") for r in table.head(3).to_dict("records")]
    assert [title for title, _ in c.personas] == ["Kind van 4 tot en met 11 jaar", "Kind van 12 tot en met 17 jaar",
                                                  "Kind van 0 tot en met 3 jaar"]  # fmt: skip
    assert (tmp_path / "i.png").stat().st_size > 50_000


def test_the_infographic_source_line_names_the_persona_tables(tmp_path):
    """The 'Bron:' line named the theme's measure sources only, not the tables of the persona
    cards above it: for KOPP the households and the income of the household were missing. It
    names them now, in the words of the dashboard's persona line (`figure_specs.persona_source`);
    without cards it stays the theme's line."""
    export = tmp_path / "export"
    (export / "kopp").mkdir(parents=True)
    write_csv(measures_table(), export / "kopp/measures.csv")
    head = ("theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,"
            "zorg_steun,n_persons,n_target,rounding_base,status")  # fmt: skip
    rows = ["kopp,2023,breed,gemeente,GM0344,Utrecht,1,4-11,eenouder,Nederland,1,geen,120,460,5,ok",
            "kopp,2023,breed,gemeente,GM0344,Utrecht,2,12-17,paar_met_kinderen,Marokko,2,ggz,80,460,5,ok"]  # fmt: skip
    (export / "kopp/personas.csv").write_text("\n".join([head, *rows]) + "\n")
    defs = parse_definitions(config())
    kw = {"lang": "nl", "gemeente": "GM0344"}
    bare = infographic.content("kopp", export, defs, **kw).source
    c = infographic.content("kopp", export, defs, personas=export / "kopp/personas.csv", **kw)
    assert len(c.personas) == 2
    # the theme's own sources, by hand: the parents' table, the care registrations, the
    # gemeente's Wmo and buurtteam; no households or income
    assert bare.startswith(
        "Bron: CBS-microdata (inwoners (basisregistratie personen), wie de ouders"
    )
    assert "trajecten bij het buurtteam" in bare
    assert "huishoudens" not in bare and "inkomen" not in bare
    # with the cards: the same sources and, before the gemeente's, the households and income
    assert c.source == (
        "Bron: CBS-microdata (inwoners (basisregistratie personen), wie de ouders van een kind zijn, "
        "zorgkosten van de zorgverzekering, medicijnen van de apotheek, behandelingen in de GGZ, "
        "huishoudens, inkomen van het huishouden), gemeente Utrecht (Wmo-voorzieningen van de "
        "gemeente, trajecten bij het buurtteam); bewerking wijkzicht."
    ), c.source
    en = infographic.content("kopp", export, defs, personas=export / "kopp/personas.csv",
                             lang="en", gemeente="GM0344").source  # fmt: skip
    assert "households" in en and "household income" in en, en
    # the picture carries the line
    infographic.write(c, tmp_path / "i.pdf", tmp_path / "i.png")
    assert (tmp_path / "i.png").stat().st_size > 50_000


def test_infographic_shows_no_card_for_a_gemeente_without_personas(tmp_path):
    """A gemeente whose persona table has only its 'why none' row (no rank: nobody in the target
    group) gets no persona cards, not an empty card."""
    export = tmp_path / "export"
    (export / "kopp").mkdir(parents=True)
    write_csv(measures_table(), export / "kopp/measures.csv")
    head = ("theme,year,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,inkomen,zorg_steun,"
            "n_persons,n_target,status")  # fmt: skip
    rows = ["kopp,2023,gemeente,GM0344,Utrecht,,,,,,,,0,ok"]
    (export / "kopp/personas.csv").write_text("\n".join([head, *rows]) + "\n")
    c = infographic.write_from_export("kopp", export, parse_definitions(config()), tmp_path / "i.pdf",
                                      tmp_path / "i.png", lang="nl", gemeente="GM0344",
                                      personas=export / "kopp/personas.csv")  # fmt: skip
    assert c.personas == []


def test_the_dashboard_map_marks_the_wijken_that_differ(boundaries_file):
    """On the dashboard's map a wijk that differs from the city (verschillen.csv) carries its
    ▲ ▼ beside its name, in bold, as the printed map and the tables show it; the legend says
    what they mean in the words of the figures (against the rest of the municipality, the test);
    a wijk without a difference, or a suppressed one, carries none."""
    defs = parse_definitions(config())
    m = measures_table()
    verdicts = {"WK034402": "hoger", "WK034407": "lager", "WK034403": "hoger"}  # 03: suppressed
    d = pd.DataFrame([{"comparison": "wijk_vs_gemeente", "measure": "kopp.aandeel", "definition": "breed",
                       "method": "wilson", "group": "totaal", "year": 2023, "area_code": c,
                       "verdict": verdicts.get(c, "geen_verschil"), "test": "two_proportion_z"}
                      for c in CODES])  # fmt: skip
    for lang, line in (
        ("nl", "▲ ▼ = in deze wijk duidelijk hoger/lager dan in de rest van de gemeente; dat verschil is "
               "waarschijnlijk geen toeval. Hoe dat is getoetst, staat in de leeswijzer van het rapport."),
        ("en", "▲ ▼ = in this wijk clearly higher/lower than in the rest of the municipality; that difference is "
               "probably not chance. How it was tested is in the report's reading guide."),
    ):  # fmt: skip
        sel = maps.select("kopp", m, defs, d, lang=lang, gemeente="GM0344")
        areas = maps.areas_for(boundaries_file, sel, gemeente="GM0344")
        words = maps.texts("kopp", sel, defs, lang=lang, source="kaart")
        page = maps.dashboard_map("kopp", sel, areas, words, lang=lang)
        on_map = re.findall(r'class="differs">([^<]+?) <tspan class="mark">(.)</tspan>', page)
        assert on_map == [("Noordwest", "▲"), ("Zuid", "▼")], on_map
        assert ">Overvecht</text>" in page  # suppressed: named, no mark
        assert page.count('<tspan class="mark">') == 2
        assert f'<li class="marks">{html.escape(line)}</li>' in page
        # no difference tested: names only, no marks and no line about them
        plain = maps.dashboard_map(
            "kopp", maps.select("kopp", m, defs, None, lang=lang, gemeente="GM0344"), areas, words,
            lang=lang,
        )  # fmt: skip
        assert 'class="mark"' not in plain and 'class="marks"' not in plain
        assert ">Noordwest</text>" in plain


def test_the_source_line_names_the_sources_of_the_measure_the_map_draws():
    """A map draws one measure and one definition: its 'Bron:' line names their sources (as a
    figure names its own, report.measure_tables), not every source of the theme; the map's
    boundaries after them."""
    defs = parse_definitions(config())
    m = measures_table()  # kopp.aandeel, definition breed
    for lang, bron in (
        ("nl", "Bron: CBS-microdata (inwoners (basisregistratie personen), wie de ouders van een kind zijn, "
               "zorgkosten van de zorgverzekering, medicijnen van de apotheek, behandelingen in de GGZ), "
               "gemeente Utrecht (Wmo-voorzieningen van de gemeente); bewerking wijkzicht; kaart: kaart."),
    ):  # fmt: skip
        sel = maps.select("kopp", m, defs, None, lang=lang, gemeente="GM0344")
        words = maps.texts("kopp", sel, defs, lang=lang, source="kaart")
        assert words["source"] == bron
        # the buurtteam counts in no KOPP definition but its own: not under this map
        assert "buurtteam" not in words["source"]
    # a narrower definition: its own sources only (no medicines, no Wmo)
    ggz = m.assign(definition="ggz")
    sel = maps.select("kopp", ggz, defs, None, lang="nl", gemeente="GM0344")
    source = maps.texts("kopp", sel, defs, lang="nl", source="kaart")["source"]
    assert source == (
        "Bron: CBS-microdata (inwoners (basisregistratie personen), wie de ouders van een kind zijn, "
        "zorgkosten van de zorgverzekering); bewerking wijkzicht; kaart: kaart."
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_infographic_names_the_standard_after_the_year_it_had(tmp_path, lang):
    """A standardised key measure: the note on its standard follows 'had ... in <year>', not sits
    inside what was had (en read '... had mental-health care. Recalculated ..., it is 9.2%; that
    figure is used to compare wijken, groups and years in 2022.')."""
    from test_report_messages import migratie_tables, row

    m, _ = migratie_tables()
    # the crude share of all adults: the big number, the standardised figure beside it
    crude = row("migratie", "migratie.ggz", "ggz", 2022, "GM0344", value=0.095)
    m = pd.concat([m, pd.DataFrame([crude])], ignore_index=True)
    (tmp_path / "migratie").mkdir()
    write_csv(m, tmp_path / "migratie/measures.csv")
    c = infographic.content(
        "migratie", tmp_path, parse_definitions(config()), lang=lang, gemeente="GM0344"
    )
    words = {
        "nl": "had in 2022 GGZ-zorg. Omgerekend naar de opbouw naar leeftijd en geslacht van de volwassenen in "
              "Utrecht in 2022 is dat 9,2%; met dat cijfer vergelijken we wijken, groepen en jaren.",
        "en": "had mental-health care in 2022. Recalculated to the age and sex make-up of the adults in Utrecht in "
              "2022, it is 9.2%; that figure is used to compare wijken, groups and years.",
    }[lang]  # fmt: skip
    assert c.what == words, c.what


def test_the_city_value_of_a_corrected_map_says_it_is_corrected():
    """The legend's city line of a map of the age-and-sex corrected figure (migratie) says so in
    short ('Utrecht als geheel: 12,8% (gecorrigeerd)'), under a subtitle that says for what: the
    big number beside it is the crude share; a crude map's (KOPP) says nothing more."""
    defs = parse_definitions(config())
    m = measures_table()
    std = m.assign(
        theme="migratie", measure="migratie.ggz", definition="ggz", method="direct_std_gamma"
    )
    for lang, theme, table, city in (
        ("nl", "kopp", m, "Utrecht als geheel: 12,8%"),
        ("nl", "migratie", std, "Utrecht als geheel: 12,8% (gecorrigeerd)"),
        ("en", "migratie", std, "Utrecht as a whole: 12.8% (adjusted)"),
    ):  # fmt: skip
        sel = maps.select(theme, table, defs, None, lang=lang, gemeente="GM0344")
        lines = [text for _, text in maps.legend_entries(sel, lang=lang)]
        assert any(text.endswith("◀ " + city) for text in lines), lines
        words = maps.texts(theme, sel, defs, lang=lang, source="kaart")
        assert words["city"] == city and f"{city}." in words["alt"]
