"""What the knowledge circle gets (figures, reports, factsheets, workbook, dashboard) is built from
results/export/ alone: in a directory that holds nothing but a copy of the export, every builder
runs, a Python audit hook sees no file read outside that copy (apart from the Python installation
and the system's fonts), and the pages and the workbook come out byte-identical to the workflow's."""

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from worlds import REPO

pytestmark = pytest.mark.e2e

DRIVER = r"""
import json, os, sys
from pathlib import Path

READS = []


def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path, mode, flags = args
        writing = (mode is not None and any(c in mode for c in "wax+")) or (
            mode is None and flags is not None and flags & (os.O_WRONLY | os.O_RDWR))
        if not writing:
            READS.append(os.path.abspath(os.fsdecode(path)))


sys.addaudithook(hook)

from wijkzicht.definitions import parse_definitions  # noqa: E402
from wijkzicht.disclosure.export import read_measures_csv  # noqa: E402
from wijkzicht.outputs import dashboard, factsheet, infographic, maps, report, workbook  # noqa: E402
from wijkzicht.outputs.catalogue import map_name, report_figures  # noqa: E402
from wijkzicht.outputs.figure_specs import FIGURES, write_from_export  # noqa: E402
from wijkzicht.pipeline.config import boundaries_source, map_levels  # noqa: E402

config = json.loads(Path(sys.argv[1]).read_text())
definitions, lang, gemeente = parse_definitions(config), config["language"], config["gemeente"]
# what the page rules pass besides (workflow/rules/export.smk: findings.slight, and the names of
# the model estimates' covariates, SMALL_AREA_COVARIATES)
slight = config["findings"]["slight"]
small_area = {k: list(config["small_area"][k]) for k in ("factors", "flags")}
# the persona cards' care categories, named on their Bron lines (the dashboard, pages and
# factsheets rules pass personas.zorg_steun)
zorg_steun = config["personas"]["zorg_steun"]
root, out = Path("results/export"), Path("built")
# the boundaries: public geography, the one file the pages read besides the export
boundaries, source, levels = Path(sys.argv[2]), boundaries_source(config), map_levels(config)
for theme, names in FIGURES.items():
    for name in names:  # the rows each figure draws (CSV) and the figure drawn from them
        write_from_export(name, root, definitions, {e: out / theme / f"{name}.{e}" for e in ("png", "svg", "csv")},
                          lang=lang, gemeente=gemeente, slight=slight)
    for level in levels:  # the map per wijk, and per buurt
        maps.write_from_export(theme, root, definitions, boundaries,
                               {e: out / theme / f"{map_name(theme, level)}.{e}" for e in ("png", "svg", "csv")},
                               lang=lang, gemeente=gemeente, source=source, level=level)
    personas = root / theme / "personas.csv"
    # the report's first page says what the infographic holds: the content drawn here
    drawn = infographic.write_from_export(theme, root, definitions, out / theme / "infographic.pdf",
                                          out / theme / "infographic.png", lang=lang, gemeente=gemeente,
                                          boundaries=boundaries, source=source,
                                          personas=personas if personas.exists() else None,
                                          zorg_steun=zorg_steun)
    figures = [root / theme / f"{name}.png" for name in report_figures(theme, True, levels)]
    report.write_theme_report(theme, root, definitions, figures, out / theme / "rapport.html",
                              out / theme / "rapport.pdf", lang=lang, alpha=config["findings"]["alpha"],
                              slight=slight, map_source=source, small_area=small_area, infographic=drawn)
# the pages are named after the wijken, as the workflow names them from the geography
pages = factsheet.page_names(factsheet.export_wijken(root))
factsheet.write_factsheets(root, definitions, [out / "factsheets" / p.name for p in sorted((root / "factsheets").glob("*.html"))],
                           pages, lang=lang, gemeente=gemeente, boundaries=boundaries, slight=slight,
                           zorg_steun=zorg_steun)
# the figures' CSVs are the figures' data, not workbook sheets (the workflow's export_tables())
figure_csvs = {f"{t}/{n}.csv" for t, ns in FIGURES.items() for n in ns}
figure_csvs |= {f"{t}/{map_name(t, lv)}.csv" for t in FIGURES for lv in levels}  # the maps' data too
tables = [str(p) for p in sorted(root.rglob("*.csv")) if p.relative_to(root).as_posix() not in figure_csvs]
workbook.build(root, tables, definitions, out / "wijkzicht.xlsx", lang=lang, disclosure=config["disclosure"],
               alpha=config["findings"]["alpha"], slight=slight, small_area=small_area)
dashboard.write(root, definitions, out / "dashboard.html", lang=lang, gemeente=gemeente, boundaries=boundaries,
                map_source=source, slight=slight, small_area=small_area, zorg_steun=zorg_steun)
Path("reads.json").write_text(json.dumps(sorted(set(READS))))
"""


def allowed_outside(path: str) -> bool:
    """The Python installation, the system's shared files and fonts, and caches of libraries."""
    prefixes = {sys.prefix, sys.base_prefix, "/usr/", "/etc/", "/proc/", "/sys/", "/dev/",
                os.path.expanduser("~/.cache/"), os.path.expanduser("~/.config/matplotlib")}  # fmt: skip
    prefixes |= {
        p for p in sys.path if p and os.path.isdir(p) and not p.startswith(str(REPO / "tests"))
    }
    return any(path.startswith(p) for p in prefixes)


def _same(a, b) -> bool:
    """Whether two files hold the same bytes (a plain bool: pytest's diff of two pages that
    differ would take minutes)."""
    return a.read_bytes() == b.read_bytes()


def test_builders_read_nothing_but_the_export(small_world, tmp_path):
    from wijkzicht.pipeline.config import load_config

    wd, _ = small_world
    shutil.copytree(wd / "results/export", tmp_path / "results/export")
    overrides = yaml.safe_load((wd / "test.yaml").read_text())
    config = load_config(
        REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml", overrides
    )
    (tmp_path / "config.json").write_text(json.dumps(config))
    (tmp_path / "driver.py").write_text(DRIVER)
    # the builders' own scratch space (temporary files, matplotlib's cache) is a folder of its own
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "MPLBACKEND": "Agg", "TMPDIR": str(scratch), "MPLCONFIGDIR": str(scratch)}
    # the boundaries (public geography) beside the export copy: the one other file the pages read
    from wijkzicht.pipeline.config import SYNTHETIC_BOUNDARIES

    boundaries = tmp_path / "geography" / "wijkbuurtkaart.geojson"
    boundaries.parent.mkdir()
    shutil.copyfile(wd / SYNTHETIC_BOUNDARIES, boundaries)
    run = subprocess.run([sys.executable, "driver.py", "config.json", str(boundaries)], cwd=tmp_path,
                         capture_output=True, text=True,
                         env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]

    reads = json.loads((tmp_path / "reads.json").read_text())
    export = str(tmp_path / "results/export") + os.sep
    # (GDAL reads the boundaries outside Python's audit hook; the maps below show they were read)
    own = {str(tmp_path / "config.json"), str(tmp_path / "driver.py"), str(boundaries)}
    inside = [p for p in reads if p.startswith(str(tmp_path) + os.sep) and p not in own
              and not (p + os.sep).startswith(str(scratch) + os.sep)]  # fmt: skip
    assert inside and all(p.startswith(export) for p in inside), [
        p for p in inside if not p.startswith(export)
    ]
    # it did read the tables, the figures and the similar wijken of the export
    for rel in (
        "kopp/measures.csv",
        "migratie/vergelijkbare_wijken.csv",
        "kopp/kopp_trend.png",
        "kopp/verschillen.csv",
    ):
        assert export + rel in reads, rel
    outside = [
        p for p in reads if not p.startswith(str(tmp_path) + os.sep) and not allowed_outside(p)
    ]
    assert outside == [], outside
    # in particular nothing of any other results/ folder, such as the run's own results/internal/
    assert [p for p in reads if "/results/" in p and not p.startswith(export)] == []

    # and what it built is what the workflow built
    built = tmp_path / "built"
    pages = ["dashboard.html", "wijkzicht.xlsx"]
    pages += [
        f"{t}/rapport.{ext}" for t in ("kopp", "migratie", "nieuwkomers") for ext in ("html", "pdf")
    ]
    pages += [
        f"factsheets/{p.name}" for p in sorted((wd / "results/export/factsheets").glob("*.html"))
    ]
    for rel in pages:
        assert _same(built / rel, wd / "results/export" / rel), rel
    from wijkzicht.outputs.catalogue import FIGURES

    for theme, names in FIGURES.items():  # every figure: PNG, SVG and the rows it draws
        for rel in [f"{theme}/{name}.{ext}" for name in names for ext in ("png", "svg", "csv")]:
            assert _same(built / rel, wd / "results/export" / rel), rel
    from wijkzicht.outputs.catalogue import map_name
    from wijkzicht.pipeline.config import map_levels

    for theme in FIGURES:  # every map (PNG, SVG, the rows it draws) and every infographic
        rels = [f"{theme}/{map_name(theme, level)}.{ext}" for level in map_levels(config)
                for ext in ("png", "svg", "csv")]  # fmt: skip
        rels += [f"{theme}/infographic.{ext}" for ext in ("pdf", "png")]
        for rel in rels:
            assert _same(built / rel, wd / "results/export" / rel), rel
