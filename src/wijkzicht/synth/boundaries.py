"""Plausible boundaries of the synthetic world's wijken and buurten, in the shape of CBS's Wijk- en
Buurtkaart (a `buurten` layer with `buurtcode`, `buurtnaam`, `wijkcode`, `wijknaam`,
`gemeentecode`, `gemeentenaam`, in RD New, EPSG:28992).

The gemeente's outline is the smoothed union of a rounded, irregular blob around each wijk's
centre (sized by the wijk's relative population); the wijken are the Voronoi cells of their
centres clipped to the outline; each wijk is split into its buurten (codes and names from the
geography reference) by a Voronoi tessellation of buurt seeds drawn inside it and relaxed three
times (Lloyd), so that buurten are compact and exactly fill their wijk. The default gemeente's
wijken lie where Utrecht's lie relative to each other (Binnenstad in the middle, Leidsche Rijn
and Vleuten-De Meern in the west); other wijken lie on a spiral. Coordinates are whole metres.
The result is a pure function of (seed, geography, gemeente).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon, mapping

from wijkzicht.files import write_text
from wijkzicht.synth.draw import _rng
from wijkzicht.synth.geography import wijk_profiles

CENTRE = (136_000.0, 456_000.0)  # RD New coordinates near Utrecht's Dom
# Utrecht's wijken relative to its centre, in km (east, north): a map that looks like the city
_PLACES = {
    "Binnenstad": (0.0, 0.2), "Oost": (2.3, -0.4), "Noordoost": (1.6, 2.0), "Overvecht": (1.0, 3.6),
    "Noordwest": (-1.4, 2.2), "West": (-2.0, 0.1), "Zuidwest": (-1.5, -2.1), "Zuid": (0.9, -2.4),
    "Leidsche Rijn": (-5.0, 0.4), "Vleuten-De Meern": (-8.6, -0.4),
}  # fmt: skip
# the generic wijk names of the other gemeenten of the reference, placed by their compass point
_COMPASS = {
    "Centrum": (0.0, 0.0), "Noord": (0.0, 2.6), "Oost": (2.6, 0.0), "Zuid": (0.0, -2.6),
    "West": (-2.6, 0.0), "Buitengebied": (2.6, -2.6),
}  # fmt: skip
GOLDEN = np.pi * (3 - np.sqrt(5))


def _centres(names: list[str], sizes: np.ndarray, rng) -> np.ndarray:
    """A centre (km from CENTRE) per wijk: Utrecht's places, the compass point of a generic
    name ("Noord" to the north), else a golden-angle spiral."""
    out = []
    for i, name in enumerate(names):
        if name in _PLACES and all(n in _PLACES for n in names):
            out.append(_PLACES[name])
        elif name in _COMPASS and all(n in _COMPASS for n in names):
            out.append(_COMPASS[name])
        else:
            r = 2.2 * np.sqrt(i + 0.5)
            out.append((r * np.cos(i * GOLDEN), r * np.sin(i * GOLDEN)))
    return np.array(out, dtype=float) + rng.normal(0, 0.08, (len(names), 2))


def _blob(x: float, y: float, radius: float, rng) -> Polygon:
    """A rounded, irregular shape of about `radius` around (x, y)."""
    angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    wobble = np.zeros_like(angles)
    for k in (2, 3, 5):
        wobble += rng.uniform(0.03, 0.10) * np.sin(k * angles + rng.uniform(0, 2 * np.pi))
    r = radius * (1 + wobble)
    return Polygon(np.column_stack([x + r * np.cos(angles), y + r * np.sin(angles)]))


def _cells(points: np.ndarray, clip) -> list:
    """The Voronoi cell of each point (in the points' order), clipped to `clip`."""
    if len(points) == 1:
        return [clip]
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=clip.envelope.buffer(1000),
                                     ordered=True)  # fmt: skip
    return [shapely.intersection(c, clip) for c in shapely.get_parts(cells)]


def _inside(shape, n: int, rng) -> np.ndarray:
    """`n` points drawn uniformly inside `shape` (rejection sampling from its bounding box)."""
    x0, y0, x1, y1 = shape.bounds
    out = []
    while len(out) < n:
        pts = np.column_stack([rng.uniform(x0, x1, 4 * n), rng.uniform(y0, y1, 4 * n)])
        keep = shapely.contains_xy(shape, pts[:, 0], pts[:, 1])
        out.extend(pts[keep].tolist())
    return np.array(out[:n])


def synthetic_boundaries(seed: int, geography: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The buurten of `gemeente` in the geography reference (columns gemeente_code, gemeente_name,
    wijk_code, wijk_name, buurt_code, buurt_name) with a polygon each: a DataFrame with CBS's
    column names (buurtcode, buurtnaam, wijkcode, wijknaam, gemeentecode, gemeentenaam) and
    `geometry` (shapely, RD New metres), sorted by buurtcode."""
    geo = geography.astype(str)
    geo = geo[geo["gemeente_code"] == gemeente].drop_duplicates("buurt_code")
    if geo.empty:
        raise ValueError(f"gemeente {gemeente!r} not in the geography reference")
    rng = _rng(seed, "boundaries")
    wijken = geo.drop_duplicates("wijk_code").sort_values("wijk_code")
    names = wijken["wijk_name"].tolist()
    sizes = np.array([size for _, size in wijk_profiles(gemeente, names)], dtype=float)
    centres = _centres(names, sizes, rng) * 1000 + np.array(CENTRE)
    radii = 1450 * np.sqrt(sizes / sizes.mean())
    outline = shapely.union_all(
        [_blob(x, y, r, rng) for (x, y), r in zip(centres, radii, strict=True)]
    )
    # close the gaps between the blobs and round the corners: one gemeente
    outline = outline.buffer(1300, quad_segs=4).buffer(-1300, quad_segs=4).simplify(15)
    rows = []
    for (_, w), cell in zip(wijken.iterrows(), _cells(centres, outline), strict=True):
        buurten = geo[geo["wijk_code"] == w["wijk_code"]].sort_values("buurt_code")
        seeds = _inside(cell, len(buurten), rng)
        for _ in range(3):  # Lloyd relaxation: compact buurten of similar size
            seeds = np.array(
                [
                    (c.centroid.x, c.centroid.y) if not c.is_empty else tuple(s)
                    for c, s in zip(_cells(seeds, cell), seeds, strict=True)
                ]
            )
        for (_, b), part in zip(buurten.iterrows(), _cells(seeds, cell), strict=True):
            rows.append(
                {
                    "buurtcode": b["buurt_code"],
                    "buurtnaam": b["buurt_name"],
                    "wijkcode": b["wijk_code"],
                    "wijknaam": b["wijk_name"],
                    "gemeentecode": b["gemeente_code"],
                    "gemeentenaam": b["gemeente_name"],
                    "geometry": part,
                }
            )
    out = pd.DataFrame(rows)
    out["geometry"] = _on_grid(out["geometry"].to_numpy())
    return out.sort_values("buurtcode", kind="stable").reset_index(drop=True)


def _on_grid(geoms) -> list:
    """The polygons with whole-metre corners that still tile the plane without gaps or overlaps:
    all borders noded together on the 1 m grid, the faces between them given back to the
    polygon each lies in (rounding each polygon alone would move shared borders apart)."""
    borders = shapely.union_all(shapely.boundary(geoms), grid_size=1.0)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(borders)))
    owner = [int(np.argmax(shapely.area(shapely.intersection(geoms, face)))) for face in faces]
    return [
        shapely.union_all([f for f, o in zip(faces, owner, strict=True) if o == i], grid_size=1.0)
        for i in range(len(geoms))
    ]


def _whole(obj):
    """Coordinates as whole numbers (they lie on a 1 m grid): short, exact JSON."""
    if isinstance(obj, list | tuple):
        return [_whole(o) for o in obj]
    return int(round(obj)) if isinstance(obj, float) else obj


def boundaries_geojson(buurten: pd.DataFrame) -> str:
    """`synthetic_boundaries` as GeoJSON text with its coordinate system named (EPSG:28992), one
    feature per line, in a fixed order: the same buurten give the same bytes."""
    lines = []
    for r in buurten.to_dict("records"):
        geom = mapping(r.pop("geometry"))
        feature = {"type": "Feature", "properties": r,
                   "geometry": {"type": geom["type"], "coordinates": _whole(geom["coordinates"])}}  # fmt: skip
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    head = ('{"type":"FeatureCollection","name":"buurten",'
            '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[\n')  # fmt: skip
    return head + ",\n".join(lines) + "\n]}\n"


def write_boundaries(buurten: pd.DataFrame, path: str | Path) -> None:
    """Write `boundaries_geojson(buurten)` to `path` atomically."""
    write_text(boundaries_geojson(buurten), path)
