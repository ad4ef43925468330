"""A second release on a region's synthetic world (U9 finding 11): the README's recipe gave
`data.root` alone, and the second run had no boundaries (no maps), no partners' figures and no
Kerncijfers, which the synthetic world writes per gemeente beside its tables. The copy made by
`python -m wijkzicht.synth.region` keeps them, and its world.yaml names them."""

from pathlib import Path

import yaml

from wijkzicht.inputs.aggregates import read_aggregate
from wijkzicht.inputs.boundaries import read_boundaries
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.aggregates import (
    kerncijfers_files,
    organisation_files,
    organisation_register,
)
from wijkzicht.pipeline.config import (
    SYNTHETIC_BOUNDARIES_SOURCE,
    boundaries_path,
    boundaries_source,
    load_config,
    unkeyed_tables,
    uses_synthetic,
)
from wijkzicht.synth.aggregates import indicator_register, write_csv
from wijkzicht.synth.boundaries import synthetic_boundaries, write_boundaries
from wijkzicht.synth.region import BOUNDARIES_SOURCE, WORLD_CONFIG, main

REPO = Path(__file__).resolve().parents[2]
GEO = REPO / "config/reference/geography.csv"
REGION = ["GM0344", "GM0356"]
YEARS = [2022, 2023]
PARTNERS = ("buurtteam", "huisartsen", "woningcorporatie")


def _results(root: Path) -> Path:
    """The synthetic files of a region run of REGION, as its rules write them."""
    results = root / "results"
    world = results / "internal/synthetic"
    for table in ("GBAPERSOONTAB", "GEMBUURTTEAM", "truth"):
        (world / table).mkdir(parents=True)
        (world / table / f"{table}.parquet").write_bytes(b"PAR1")
    geo = read_geography(GEO)
    for gm in REGION:
        part = results / "internal" / gm / "synthetic"
        part.mkdir(parents=True)
        write_boundaries(synthetic_boundaries(1, geo, gm), part / "wijkbuurtkaart.geojson")
        org = part / "ORGANISATIES"
        org.mkdir()
        for p in PARTNERS:
            (org / f"{p}.csv").write_text(
                f"source;indicator;year;area_code;numerator;denominator\n{p};x;2022;{gm};1;10\n",
                encoding="utf-8",
            )
        name = geo.loc[geo["gemeente_code"] == gm, "gemeente_name"].iloc[0]
        write_csv(indicator_register(name), org / "indicatoren.csv")
        (part / "KERNCIJFERS").mkdir()
        for y in YEARS:
            (part / "KERNCIJFERS" / f"KERNCIJFERS{y}.csv").write_text(
                f"WijkenEnBuurten;AantalInwoners_5\n{gm};{y}\n", encoding="utf-8"
            )
    return results


def test_the_copy_keeps_boundaries_partners_and_kerncijfers(tmp_path):
    results = _results(tmp_path)
    regio = tmp_path / "regio.yaml"
    regio.write_text(
        yaml.safe_dump({"gemeenten": REGION, "years": YEARS, "survey_waves": [2022]}),
        encoding="utf-8",
    )
    dest = tmp_path / "releases/world"
    main([str(REPO / "config/config.yaml"), str(regio), "--to", str(dest),
          "--results", str(results)])  # fmt: skip
    world = yaml.safe_load((dest / WORLD_CONFIG).read_text(encoding="utf-8"))
    over = {**yaml.safe_load(regio.read_text(encoding="utf-8")), **world}
    cfg = load_config(REPO / "config/config.yaml", REPO / "workflow/schemas/config.schema.yaml",
                      over)  # fmt: skip
    assert not uses_synthetic(cfg) and cfg["data"]["root"] == str(dest.resolve())
    assert (dest / "GBAPERSOONTAB/GBAPERSOONTAB.parquet").exists()
    assert not (dest / "truth").exists()  # the world's truth stays behind
    # the registrations the world wrote without RINPERSOON are still linked probabilistically
    assert unkeyed_tables(cfg) == ["GEMBUURTTEAM"]
    # the maps: both gemeenten's areas in one file, named as the synthetic world's
    assert boundaries_path(cfg) == str(dest.resolve() / "wijkbuurtkaart.geojson")
    assert boundaries_source(cfg) == SYNTHETIC_BOUNDARIES_SOURCE["nl"]
    for gm in REGION:
        wijken = read_boundaries(boundaries_path(cfg), "wijk", gm)
        assert len(wijken) and wijken["area_code"].str.startswith("WK" + gm[2:]).all()
    # the partners: each partner's figures of every gemeente in one file, one register
    files = organisation_files(cfg)
    assert sorted(Path(f).stem for f in files) == sorted(PARTNERS)
    for f in files:
        assert sorted(read_aggregate("ORGANISATIECIJFERS", f).rows["area_code"]) == REGION
    assert len(organisation_register(cfg)) == 1 and Path(organisation_register(cfg)[0]).exists()
    # Kerncijfers: every year's edition with every gemeente's rows
    editions = kerncijfers_files(cfg)
    assert [Path(p).name for p in editions] == [f"KERNCIJFERS{y}.csv" for y in YEARS]
    for p in editions:
        assert [line.split(";")[0] for line in Path(p).read_text().splitlines()[1:]] == REGION


def test_the_boundaries_words_are_the_pipelines():
    assert BOUNDARIES_SOURCE == SYNTHETIC_BOUNDARIES_SOURCE
