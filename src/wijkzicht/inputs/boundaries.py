"""Area boundaries for the maps: a file in the shape of CBS's Wijk- en Buurtkaart, read and checked.

The file is a GeoPackage (CBS ships layers `gemeenten`, `wijken`, `buurten`) or a GeoJSON file
(one layer). Columns are matched case-insensitively under CBS's names of 2022 and later
(`gemeentecode`, `wijkcode`, `wijknaam`, `buurtcode`, `buurtnaam`) or of 2021 and earlier
(`GM_CODE`, `WK_CODE`, `WK_NAAM`, `BU_CODE`, `BU_NAAM`). Coordinates must be in RD New
(EPSG:28992), CBS's coordinate system.

`read_boundaries(path, level, gemeente, expected)` gives one row per area of `level` (`wijk` or
`buurt`) of the gemeente: `area_code`, `area_name` and a valid (Multi)Polygon. A wijk comes from
a layer of wijken when the file has one, else it is the union of its buurten (a wijk is made of
its buurten, so the two agree). Anything else is a `BoundariesError` naming the file, the layer,
the column or the codes at fault and what was expected: a missing column, no feature of the
gemeente, an empty or invalid geometry, another coordinate system, a code the `expected` areas
(the rows of the exported tables) do not have or an expected area without a boundary.

Boundaries are public geography (CBS and Kadaster publish them under CC BY): they hold no person
data, so the pages built from `results/export/` may read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from wijkzicht.errors import WijkzichtError

LEVELS = ("wijk", "buurt")
CRS_EPSG = 28992  # RD New, the coordinate system of CBS's Wijk- en Buurtkaart
# our name: the names CBS uses for it (2022 and later, 2021 and earlier)
COLUMNS = {
    "gemeente_code": ("gemeentecode", "gm_code"),
    "wijk_code": ("wijkcode", "wk_code"),
    "wijk_name": ("wijknaam", "wk_naam"),
    "buurt_code": ("buurtcode", "bu_code"),
    "buurt_name": ("buurtnaam", "bu_naam"),
}
EXAMPLES = 5


class BoundariesError(WijkzichtError, ValueError):
    """The boundaries file cannot give the maps' areas (see `read_boundaries`)."""


def _where(path: Path, layer: str | None) -> str:
    return f"Boundaries file {path}" + (f", layer {layer!r}," if layer else "")


def _some(values) -> str:
    values = sorted(str(v) for v in values)
    more = f" and {len(values) - EXAMPLES} more" if len(values) > EXAMPLES else ""
    return ", ".join(values[:EXAMPLES]) + more


def _layers(path: Path) -> list[str]:
    import pyogrio

    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as err:  # pyogrio raises its own errors for unreadable files
        raise BoundariesError(
            f"Boundaries file {path} cannot be read as a GeoPackage or GeoJSON file: {err}"
        ) from None


def _pick_layer(path: Path, layers: list[str], level: str) -> str:
    """The layer of `level` by its name (`wijken`, `buurten`, or any name holding wijk/buurt);
    for a wijk without a wijk layer the buurt layer (dissolved later); one layer: that one."""
    lower = {name.lower(): name for name in layers}
    for word in [level, "buurt"] if level == "wijk" else [level]:
        found = [name for low, name in sorted(lower.items()) if word in low]
        if found:
            return found[0]
    if len(layers) == 1:
        return layers[0]
    raise BoundariesError(
        f"Boundaries file {path} has layers {layers}; expected one named after "
        f"{'wijken or buurten' if level == 'wijk' else 'buurten'} (CBS: 'wijken', 'buurten')"
    )


def _column(df: pd.DataFrame, ours: str) -> str | None:
    by_lower = {str(c).lower(): c for c in df.columns}
    return next((by_lower[n] for n in COLUMNS[ours] if n in by_lower), None)


def _check_crs(gdf: gpd.GeoDataFrame, where: str) -> None:
    if gdf.crs is None:
        raise BoundariesError(
            f"{where} has no coordinate reference system; expected EPSG:{CRS_EPSG} (RD New, as "
            f"CBS's Wijk- en Buurtkaart). Set it, e.g. ogr2ogr -a_srs EPSG:{CRS_EPSG}."
        )
    if gdf.crs.to_epsg() != CRS_EPSG:
        raise BoundariesError(
            f"{where} is in {gdf.crs.name} (EPSG:{gdf.crs.to_epsg()}); expected EPSG:{CRS_EPSG} "
            f"(RD New, as CBS's Wijk- en Buurtkaart). Reproject it, e.g. "
            f"ogr2ogr -t_srs EPSG:{CRS_EPSG} out.gpkg in.gpkg."
        )


def _check_geometry(gdf: gpd.GeoDataFrame, code: str, where: str) -> None:
    geom = gdf.geometry
    empty = geom.isna() | geom.is_empty
    if empty.any():
        raise BoundariesError(
            f"{where} has {int(empty.sum())} feature(s) without a geometry; expected a polygon "
            f"per area. Codes: {_some(gdf.loc[empty, code])}"
        )
    kinds = set(geom.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        bad = ~geom.geom_type.isin(["Polygon", "MultiPolygon"])
        raise BoundariesError(
            f"{where} has geometries of type {sorted(kinds - {'Polygon', 'MultiPolygon'})}; "
            f"expected (multi)polygons. Codes: {_some(gdf.loc[bad, code])}"
        )
    valid = shapely.is_valid(geom.to_numpy())
    if not valid.all():
        reasons = [
            f"{c}: {shapely.is_valid_reason(g)}"
            for c, g in zip(gdf.loc[~valid, code], geom[~valid], strict=True)
        ]
        raise BoundariesError(
            f"{where} has {int((~valid).sum())} invalid geometr{'y' if (~valid).sum() == 1 else 'ies'} "
            f"(e.g. a ring that crosses itself): {'; '.join(reasons[:EXAMPLES])}. Repair it, e.g. "
            "ogr2ogr -makevalid."
        )


def read_boundaries(
    path: str | Path,
    level: str,
    gemeente: str,
    expected: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """The areas of `level` ('wijk' or 'buurt') of `gemeente` (e.g. 'GM0344') in the boundaries
    file `path`: a GeoDataFrame in EPSG:28992 with columns `area_code`, `area_name`, `geometry`
    (valid (Multi)Polygons), one row per area, sorted by code.

    `expected` ({code: name}, e.g. the wijken of the exported tables) must name exactly the
    areas of the file; their names are used (else the file's name column, else the code).
    Raises BoundariesError (see the module docstring)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    path = Path(path)
    if not path.is_file():
        raise BoundariesError(f"Boundaries file {path} does not exist (config key boundaries.path)")
    layers = _layers(path)
    layer = _pick_layer(path, layers, level)
    where = _where(path, layer if len(layers) > 1 else None)
    gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    _check_crs(gdf, where)
    gem_col = _column(gdf, "gemeente_code")
    code_col = _column(gdf, f"{level}_code")
    if code_col is None or gem_col is None:
        missing = [
            f"{ours} ({' or '.join(COLUMNS[ours])})"
            for ours, col in ((f"{level}_code", code_col), ("gemeente_code", gem_col))
            if col is None
        ]
        raise BoundariesError(
            f"{where} lacks column(s) {', '.join(missing)} for a map per {level}; "
            f"it has {sorted(str(c) for c in gdf.columns if c != 'geometry')}"
        )
    gdf[gem_col] = gdf[gem_col].astype(str).str.strip()
    mine = gdf[gdf[gem_col] == gemeente]
    if mine.empty:
        raise BoundariesError(
            f"{where} has no feature of gemeente {gemeente} in column {gem_col!r}; "
            f"gemeente codes found: {_some(set(gdf[gem_col]))}"
        )
    mine = mine.assign(area_code=mine[code_col].astype(str).str.strip())
    _check_geometry(mine, "area_code", where)
    name_col = _column(mine, f"{level}_name")
    names = (
        mine.groupby("area_code")[name_col].first().astype(str)
        if name_col is not None
        else pd.Series(dtype=str)
    )
    # one row per area: a wijk from its buurten, or an area stored in several features
    geoms = {
        code: shapely.union_all(part.geometry.to_numpy())
        for code, part in mine.groupby("area_code", sort=True)
    }
    codes = sorted(geoms)
    if expected is not None:
        unknown = sorted(set(codes) - set(expected))
        missing = sorted(set(expected) - set(codes))
        if unknown:
            raise BoundariesError(
                f"{where} has {level} code(s) {_some(unknown)} of gemeente {gemeente} that the "
                f"published tables do not have (expected: {_some(expected)}); are the boundaries "
                "of the same year as the geography reference?"
            )
        if missing:
            raise BoundariesError(
                f"{where} has no boundary for {level} code(s) {_some(missing)} of the published "
                f"tables; a map needs every {level}"
            )
    out = gpd.GeoDataFrame(
        {
            "area_code": codes,
            "area_name": [str(expected[c]) if expected else str(names.get(c, c)) for c in codes],
        },
        geometry=[geoms[c] for c in codes],
        crs=f"EPSG:{CRS_EPSG}",
    )
    return out
