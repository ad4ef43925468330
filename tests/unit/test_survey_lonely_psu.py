"""The shared case survey-lonely-psu at theme and release level (the estimator against R is in
test_stats_r.py): one respondent left in stratum 034406 of wave 2020.

With the default (survey.lonely_psu: adjust) the migratie survey measures are computed and
the stratum is named in the log; with `fail` the theme stops with the product's error naming
the wave, the stratum and the key to set; the release notes list, per wave, the strata with a
single respondent and the option used.
"""

from __future__ import annotations

import json
import logging
import zipfile

import numpy as np
import pandas as pd
import pytest
from worlds import REPO, config

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.gate import check_export
from wijkzicht.errors import WijkzichtError
from wijkzicht.inputs.reference import herkomst_groups, read_countries, read_geography
from wijkzicht.release import bundle
from wijkzicht.statistics.survey import LonelyStratumError, design_summary
from wijkzicht.synth.world import generate_world
from wijkzicht.themes import migratie as mg

THEME = parse_definitions(config()).migratie
GEO = read_geography(REPO / "config/reference/geography.csv", "GM0344")
HERKOMST = herkomst_groups(read_countries(REPO / "config/reference/countries.csv"))


def case_inputs(seed: int = 20260101) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The survey, residents and conditions of the case: wave 2020 of a 3,000-resident
    synthetic world, then the case's edit (../shared/cases/survey-lonely-psu/make_world.py):
    only the first respondent of stratum 034406 is kept. Every respondent is made a resident
    aged 40 of the stratum's wijk, with herkomst and generatie in turn; the ones the world
    could not link (RINPERSOONS 'I') are outside the population, as in the pipeline."""
    survey = generate_world(seed=seed, n_residents=3000, years=(2020,), survey_waves=(2020,))
    survey = survey["GEZOMONITOR2020"]
    keep = survey[survey.STRATUM != "034406"]
    survey = pd.concat([keep, survey[survey.STRATUM == "034406"].head(1)], ignore_index=True)
    n = len(survey)
    residents = pd.DataFrame(
        {
            "RINPERSOONS": "R",
            "RINPERSOON": survey["RINPERSOON"],
            "gemeente": "GM0344",
            "wijk": "WK" + survey["STRATUM"],
            "herkomst": np.resize(HERKOMST, n),
            "generatie": np.resize(mg.GENERATIES, n),
            "age": 40,
            "in_gba": True,
        }
    )
    conditions = pd.DataFrame(
        {
            "condition": "ggz",
            "RINPERSOONS": "R",
            "RINPERSOON": survey["RINPERSOON"].iloc[::4],
        }
    )
    return survey, residents, conditions


def case_design(seed: int = 20260101) -> pd.DataFrame:
    return mg.survey_persons(*case_inputs(seed), THEME)


@pytest.fixture(scope="module")
def design():
    return case_design()


def test_case_the_stratum_has_one_respondent(design):
    sizes = design["STRATUM"].value_counts()
    assert sizes["034406"] == 1 and (sizes.drop("034406") > 1).all()
    lonely = design[design["STRATUM"] == "034406"].iloc[0]
    assert lonely["in_population"] and lonely["k10_hoog"] in (0.0, 1.0)
    assert design_summary(design) == {
        "strata": 10,
        "lonely_strata": ["034406"],
        "lonely_psu": "adjust",
    }


def test_case_default_runs_and_names_the_stratum(design, caplog):
    with caplog.at_level(logging.WARNING, logger="wijkzicht"):
        m = mg.survey_measures(design, 2020, GEO, HERKOMST)
    warned = [r.getMessage() for r in caplog.records if "034406" in r.getMessage()]
    assert warned == [
        "survey wave 2020: strata with a single respondent (lonely PSUs): 034406; "
        "treated with survey.lonely_psu = adjust"
    ]
    assert set(m["measure"]) == {"migratie.k10_hoog", "migratie.eenzaam", "migratie.zorgkloof"}
    k10 = m[(m["measure"] == "migratie.k10_hoog") & (m["group"] == "totaal")]
    k10 = k10.set_index("area_code")
    gem = k10.loc["GM0344"]
    assert gem["n_denominator"] == design["in_population"].sum() - design["k10_hoog"].isna().sum()
    assert np.isfinite(gem["se"]) and gem["se"] > 0
    assert k10.loc["WK034406", "n_denominator"] == 1
    # adjust adds the lonely respondent's variance: the gemeente SE is larger than with remove
    removed = mg.survey_measures(design, 2020, GEO, HERKOMST, lonely_psu="remove")
    r = removed[(removed["measure"] == "migratie.k10_hoog") & (removed["group"] == "totaal")]
    r = r.set_index("area_code")
    assert gem["value"] == r.loc["GM0344", "value"]
    assert gem["se"] > r.loc["GM0344", "se"]
    # wijken without the lonely stratum's respondent: the same under every option
    other = [a for a in k10.index if a.startswith("WK") and a != "WK034406"]
    np.testing.assert_allclose(k10.loc[other, "se"], r.loc[other, "se"], rtol=1e-12)
    certainty = mg.survey_measures(design, 2020, GEO, HERKOMST, lonely_psu="certainty")
    pd.testing.assert_frame_equal(certainty, removed)


def test_wave_design_is_in_key_order_whatever_the_order_of_the_file():
    """The design a wave's migratie job writes and estimates on is sorted by key: the same rows
    in another order in the extract give the same design (and bytes)."""
    survey, residents, conditions = case_inputs()
    design = mg.wave_design(survey, residents, conditions, THEME)
    shuffled = survey.sample(frac=1, random_state=7).reset_index(drop=True)
    assert not shuffled["RINPERSOON"].equals(survey["RINPERSOON"])
    pd.testing.assert_frame_equal(mg.wave_design(shuffled, residents, conditions, THEME), design)
    keys = design[["RINPERSOONS", "RINPERSOON"]]
    pd.testing.assert_frame_equal(keys, keys.sort_values(list(keys)).reset_index(drop=True))


def test_case_fail_names_wave_stratum_and_key(design):
    with pytest.raises(LonelyStratumError) as err:
        mg.survey_measures(design, 2020, GEO, HERKOMST, lonely_psu="fail")
    assert isinstance(err.value, WijkzichtError)
    msg = str(err.value)
    for part in ("survey wave 2020", "GEZOMONITOR2020", "stratum 034406", "survey.lonely_psu"):
        assert part in msg, part
    assert err.value.strata == ["034406"]


def test_fail_without_an_estimate_in_the_lonely_stratum_runs(design):
    """As R: the lonely respondent outside the population meets no estimate."""
    d = design.copy()
    d.loc[d["STRATUM"] == "034406", "in_population"] = False
    m = mg.survey_measures(d, 2020, GEO, HERKOMST, lonely_psu="fail")
    adjusted = mg.survey_measures(d, 2020, GEO, HERKOMST, lonely_psu="adjust")
    pd.testing.assert_frame_equal(m, adjusted)


def _export(tmp_path):
    root = tmp_path / "export"
    (root / "migratie").mkdir(parents=True)
    (root / "migratie" / "measures.csv").write_text("theme,status\nmigratie,ok\n")
    (root / "manifest.json").write_text("{}\n")
    return root, [str(root / "migratie" / "measures.csv"), str(root / "manifest.json")]


def test_release_notes_list_lonely_strata_per_wave(tmp_path, design):
    """The design JSON that the migratie jobs write per year reaches the bundle: release.json
    and OUTPUTCONTROLE.md name, per wave, the strata with one respondent and the option."""
    root, files = _export(tmp_path)
    surveys = [
        {"year": 2022, "survey_wave": True, "strata": 10, "lonely_strata": [],
         "lonely_psu": "adjust"},
        {"year": 2020, "survey_wave": True, **design_summary(design)},
        {"year": 2021, "survey_wave": False},
    ]  # fmt: skip
    surveys = [json.loads(json.dumps(s)) for s in surveys]  # as read back from the files
    disclosure = {"threshold": 10, "publish_zeros": True, "rounding_base": 0}
    suppression = {
        "migratie/measures.csv": {
            "rows": 1, "published": 1, "suppressed_primary": 0, "suppressed_secondary": 0
        }
    }  # fmt: skip
    out = tmp_path / "release.zip"
    bundle.build(root, files, disclosure, suppression, out, surveys=surveys)
    with zipfile.ZipFile(out) as zf:
        release = json.loads(zf.read("release.json"))
        notes = zf.read("OUTPUTCONTROLE.md").decode()
    assert release["survey"] == {
        "2020": {"strata": 10, "lonely_strata": ["034406"], "lonely_psu": "adjust"},
        "2022": {"strata": 10, "lonely_strata": [], "lonely_psu": "adjust"},
    }
    assert release["suppression"] == suppression  # the disclosure summary is intact
    assert "| migratie/measures.csv | 1 | 1 | 0 | 0 |" in notes
    assert "## Surveyontwerp: strata met één respondent" in notes
    row_2020 = next(line for line in notes.splitlines() if line.startswith("| 2020 |"))
    assert row_2020.startswith("| 2020 | 10 | 034406 | adjust: ")
    assert "| 2022 | 10 | geen | adjust |" in notes
    assert notes.index("Surveyontwerp") < notes.index("## Bestanden")
    assert check_export(out, 10) == []


def test_release_without_survey_waves_has_no_survey_section(tmp_path):
    root, files = _export(tmp_path)
    disclosure = {"threshold": 10, "publish_zeros": True, "rounding_base": 0}
    out = tmp_path / "release.zip"
    bundle.build(root, files, disclosure, {}, out)
    with zipfile.ZipFile(out) as zf:
        assert "survey" not in json.loads(zf.read("release.json"))
        assert "Surveyontwerp" not in zf.read("OUTPUTCONTROLE.md").decode()
