"""A release naming a previous one (previous_release.export) gives the keys of that release's
rows the same meaning: every buurt of the gemeente in the same wijk, every country in the same
herkomst group (README, 'A second release of the same data names the first').

A buurt placed in another wijk under the same codes (a new CBS edition of the geography, say)
makes the previous release's wijk rows and this one's differ by the buurt's residents: the two
releases side by side give the buurt's count away, often small and suppressed in both. A
country in another herkomst group does the same for the groups. Each release records both
mappings (its manifest's `keys`); the run naming it is refused at start-up when one moved
where the previous release published a row of the wijk or group."""

import copy
import json
from pathlib import Path

import pytest
from worlds import config

from wijkzicht.inputs.reference import codelist_files
from wijkzicht.pipeline.config import ConfigError, cross_check
from wijkzicht.release import manifest

CFG = config()
REPO = Path(__file__).parents[2]
GEOGRAPHY = (REPO / CFG["reference"]["geography"]).read_text(encoding="utf-8")
COUNTRIES = (REPO / CFG["reference"]["countries"]).read_text(encoding="utf-8")
COLUMNS = (
    "theme,measure,definition,year,area_level,area_code,group,group_value,numerator,"
    "denominator,status\n"
)
ROWS = [  # migratie.ggz 2023: West and the herkomst groups published, Noordwest suppressed
    ("wijk", "WK034401", "totaal", "totaal", "ok"),
    ("wijk", "WK034402", "totaal", "totaal", "suppressed_primary"),
    ("wijk", "WK034403", "totaal", "totaal", "ok"),
    ("gemeente", "GM0344", "herkomst", "Marokko", "ok"),
    ("gemeente", "GM0344", "herkomst", "overig Afrika", "ok"),
    ("gemeente", "GM0344", "herkomst", "overig Azië", "suppressed_primary"),
    ("gemeente", "GM0344", "herkomst", "Indonesië", "suppressed_primary"),
]


def _files(folder: Path, geography: str = GEOGRAPHY, countries: str = COUNTRIES) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "geography.csv").write_text(geography, encoding="utf-8")
    (folder / "countries.csv").write_text(countries, encoding="utf-8")
    return {"geography": str(folder / "geography.csv"), "countries": str(folder / "countries.csv")}


def _release(
    run: Path, record: bool = True, rows=ROWS, gemeente: str = "GM0344", region: bool = False
) -> Path:
    """A previous release made in the run folder `run` with its own reference files
    (run/reference/, recorded relative to the run folder as the pipeline does): migratie
    rows of 2023 and the manifest (`record` False: one made before releases recorded keys;
    `region`: the gemeente's folder of a region's export)."""
    reference = _files(run / "reference")
    cfg = copy.deepcopy(CFG)
    cfg["gemeente"] = gemeente
    export = run / "results/export" / (gemeente if region else "")
    (export / "migratie").mkdir(parents=True)
    lines = [
        f"migratie,migratie.ggz,ggz,2023,{lv},{a},{g},{v},12,40,{s}\n" for lv, a, g, v, s in rows
    ]
    measures = export / "migratie/measures.csv"
    measures.write_text(COLUMNS + "".join(lines), encoding="utf-8")
    inputs = {f"codelist/{n}": p for n, p in codelist_files(cfg["reference"]["codelists"]).items()}
    inputs["reference/geography"] = reference["geography"]
    inputs["reference/countries"] = reference["countries"]
    m = manifest.build(inputs, [str(measures)], export, cfg, run, synthetic=True)
    if not record:
        del m["keys"]
        for key in ("geography", "countries"):  # as the pipeline records them: run-relative
            m["inputs"][f"reference/{key}"]["path"] = f"reference/{key}.csv"
    manifest.write(m, export / "manifest.json")
    return export


def _naming(export: Path, reference: dict | None = None) -> dict:
    cfg = copy.deepcopy(CFG)
    cfg["previous_release"] = {"export": str(export), "tolerance": 1e-9}
    cfg["reference"].update(reference or {})
    return cfg


def _refusal(cfg: dict) -> str:
    with pytest.raises(ConfigError) as err:
        cross_check(cfg)
    return str(err.value)


def _moved(text: str, code: str, wijk: str, name: str) -> str:
    """`text` (geography.csv) with buurt `code` in wijk `wijk` (`name`)."""
    out = []
    for line in text.splitlines(True):
        f = line.rstrip("\n").split(",")
        if f[4] == code:
            f[2], f[3] = wijk, name
            line = ",".join(f) + "\n"
        out.append(line)
    return "".join(out)


def _regrouped(text: str, code: str, group: str) -> str:
    """`text` (countries.csv) with country `code` in herkomst group `group`."""
    out = []
    for line in text.splitlines(True):
        f = line.rstrip("\n").split(",")
        if f[0] == code:
            line = ",".join([*f[:2], group]) + "\n"
        out.append(line)
    return "".join(out)


def test_the_release_records_the_buurten_of_its_gemeente_and_the_herkomst_groups(tmp_path):
    export = _release(tmp_path / "run1")
    keys = json.loads((export / "manifest.json").read_text(encoding="utf-8"))["keys"]
    assert keys["gemeente"] == "GM0344"
    assert len(keys["buurten"]) == 56  # the 56 buurten of GM0344 in the reference, no other's
    assert keys["buurten"]["BU03440100"] == {"buurt": "Lombok", "wijk": "WK034401",
                                            "wijk_name": "West"}  # fmt: skip
    assert not any(code.startswith("BU0356") for code in keys["buurten"])
    assert keys["herkomst"]["5022"] == {"country": "Marokko", "herkomst": "Marokko"}
    assert len(keys["herkomst"]) == 26


def test_an_unchanged_run_passes_and_so_does_another_gemeentes_change(tmp_path):
    export = _release(tmp_path / "run1")
    cross_check(_naming(export))
    # a new edition that moves only a buurt of another gemeente (Nieuwegein, GM0356)
    other = [x for x in GEOGRAPHY.splitlines() if x.startswith("GM0356")][0].split(",")
    moved = _moved(GEOGRAPHY, other[4], "WK035699", "Nieuw")
    assert moved != GEOGRAPHY
    cross_check(_naming(export, _files(tmp_path / "new", geography=moved)))
    # a buurt moved between two wijken whose rows the previous release did not publish
    # (Noordwest suppressed, Noordoost no row): no published key changes its meaning
    moved = _moved(GEOGRAPHY, "BU03440200", "WK034404", "Noordoost")
    cross_check(_naming(export, _files(tmp_path / "quiet", geography=moved)))
    # a country moved between groups the previous release did not publish
    regrouped = _regrouped(COUNTRIES, "5015", "Indonesië")  # Syrië: overig Azië -> Indonesië
    cross_check(_naming(export, _files(tmp_path / "quiet2", countries=regrouped)))
    # a run of other years only: the previous release's rows have other keys
    cfg = _naming(export, _files(tmp_path / "later", geography=_moved(
        GEOGRAPHY, "BU03440100", "WK034402", "Noordwest")))  # fmt: skip
    cfg["years"] = [2024]
    cfg["survey_waves"] = []
    cross_check(cfg)


def test_a_buurt_moved_to_another_wijk_is_refused(tmp_path):
    export = _release(tmp_path / "run1")
    moved = _moved(GEOGRAPHY, "BU03440100", "WK034402", "Noordwest")
    text = _refusal(_naming(export, _files(tmp_path / "new", geography=moved)))
    assert (
        "previous_release.export: reference.geography: buurt BU03440100 (Lombok) lay in wijk "
        f"WK034401 (West) in the previous release ({export}), and lies in wijk WK034402 "
        "(Noordwest) in this run's reference.geography; that release published rows of wijk "
        "WK034401 (West), which would now count other buurten under the same code. For a "
        "release of the same data give reference.geography the edition the previous release "
        "was made with" in text
    )
    assert "why: what the previous release published is public. Its wijk rows" in text
    assert "herkomst rows" not in text  # no country moved
    # the advice names the file the previous release was made with, as its manifest does
    assert f"made with ({tmp_path / 'run1/reference/geography.csv'}, sha256 " in text
    assert "BU03440101" not in text  # the buurten that stayed are not named
    # into a published wijk from one that was not: the published one changes too
    moved = _moved(GEOGRAPHY, "BU03440200", "WK034403", "Overvecht")
    text = _refusal(_naming(export, _files(tmp_path / "new2", geography=moved)))
    assert "buurt BU03440200 (Zuilen) lay in wijk WK034402 (Noordwest)" in text
    assert "published rows of wijk WK034403 (Overvecht), which" in text


def test_a_country_moved_to_another_herkomst_group_is_refused(tmp_path):
    export = _release(tmp_path / "run1")
    regrouped = _regrouped(COUNTRIES, "5022", "overig Afrika")
    text = _refusal(_naming(export, _files(tmp_path / "new", countries=regrouped)))
    assert (
        "previous_release.export: reference.countries: country 5022 (Marokko) counted in "
        f"herkomst group 'Marokko' in the previous release ({export}), and counts in 'overig "
        "Afrika' in this run's reference.countries; that release published rows of 'Marokko' "
        "and 'overig Afrika', which would now count other countries under the same name. Give "
        "reference.countries the file the previous release was made with" in text
    )
    assert "why: what the previous release published is public. Its herkomst rows" in text
    assert "Its wijk rows" not in text  # no buurt moved
    assert f"made with ({tmp_path / 'run1/reference/countries.csv'}, sha256 " in text
    # a country left out of the reference counts as onbekend: Ghana leaves overig Afrika
    dropped = "".join(x for x in COUNTRIES.splitlines(True) if not x.startswith("5028,"))
    text = _refusal(_naming(export, _files(tmp_path / "new2", countries=dropped)))
    assert "country 5028 (Ghana) counted in herkomst group 'overig Afrika'" in text
    assert "and counts in 'onbekend'" in text


def test_a_release_made_before_keys_is_checked_from_its_reference_files(tmp_path):
    export = _release(tmp_path / "run1", record=False)
    assert "keys" not in json.loads((export / "manifest.json").read_text())
    cross_check(_naming(export))
    moved = _moved(GEOGRAPHY, "BU03440100", "WK034402", "Noordwest")
    new = _files(tmp_path / "new", geography=moved)
    assert "buurt BU03440100 (Lombok) lay in wijk WK034401 (West)" in _refusal(_naming(export, new))
    # its reference file gone and this run's another: what cannot be checked, and what to do
    (tmp_path / "run1/reference/geography.csv").unlink()
    text = _refusal(_naming(export, new))
    assert (
        "reference.geography: the previous release "
        f"({export}) published wijk rows, and this run cannot check that its "
        "reference.geography gives them the same meaning: its manifest.json does not record "
        "the mapping (a release made before releases recorded it), and the "
        "reference.geography it was made with (reference/geography.csv, sha256 " in text
    )
    assert "Put that file back at that path, or give reference.geography that file" in text
    # this run's file is the one it was made with (the same sha256): checked against it
    cross_check(_naming(export))


def test_each_gemeente_of_a_region_is_checked_against_its_own_buurten(tmp_path):
    # a region's export: one folder per gemeente, each with its manifest and its own buurten
    nieuwegein = [x.split(",") for x in GEOGRAPHY.splitlines() if x.startswith("GM0356")][0]
    wijk, buurt, name = nieuwegein[2], nieuwegein[4], nieuwegein[5]
    run = tmp_path / "run1"
    _release(run, region=True)
    rows = [("wijk", wijk, "totaal", "totaal", "ok")]
    _release(run, rows=rows, gemeente="GM0356", region=True)
    region = run / "results/export"
    keys = json.loads((region / "GM0356/manifest.json").read_text(encoding="utf-8"))["keys"]
    assert keys["gemeente"] == "GM0356" and buurt in keys["buurten"]
    cfg = _naming(region)
    cfg["gemeenten"] = ["GM0344", "GM0356"]
    cross_check(cfg)
    cfg["reference"].update(_files(tmp_path / "new", geography=_moved(GEOGRAPHY, buurt,
                                                                      "WK035699", "Nieuw")))  # fmt: skip
    text = _refusal(cfg)
    assert (
        f"buurt {buurt} ({name}) lay in wijk {wijk} ({nieuwegein[3]}) in the previous release "
        f"({region / 'GM0356'}), and lies in wijk WK035699 (Nieuw)" in text
    )
    assert "GM0344" not in text.replace(str(tmp_path), "")  # Utrecht's buurten stayed
