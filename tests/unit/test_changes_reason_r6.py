"""changes.csv's `reden` per figure's own sources, and the previous number of a figure suppressed
now (U11 findings 1, 2 and 11).

1. A corrected MEDICIJNTAB of 2022 gave every nieuwkomers figure of 2022 and after `gegevens`,
   though no nieuwkomers definition reads medication: a figure is made from the tables behind
   its own definition (its conditions' sources, as the manifest's config records them) and the
   tables every figure reads; where a manifest cannot tell, every table of its year and before.
2. `linkage.training_years` written out as the years that empty already meant gave `werkwijze`,
   while the linkage model had the same sha256 in both manifests: where both record the model,
   it is compared, not the settings it is trained with.
3. A newly suppressed figure's `value_old` was empty, though the previous release published it.
"""

import copy
import json

import pandas as pd
import pytest

from wijkzicht.release import changes
from wijkzicht.release.changes import reasons, rows

YEARS = [2019, 2020, 2021, 2022, 2023]
TABLES = ["GBAPERSOONTAB", "GBAADRESOBJECTBUS", "GBAHUISHOUDENSBUS", "KINDOUDERTAB", "VSLGWBTAB",
          "GEMWMOVOORZIENINGEN", "GEMBUURTTEAM"]  # fmt: skip
PER_YEAR = ["MEDICIJNTAB", "ZVWZORGKOSTENTAB", "GGZDBCTRAJECTENHOOFDDIAGTAB", "INHATAB",
            "KOPPELPERSOONHUISHOUDEN"]  # fmt: skip
OTHER = ["codelist/psychofarmaca", "codelist/verslaving_circuit", "codelist/verslaving_diagnose",
         "reference/geography", "reference/codelists", "linkage_model/GEMBUURTTEAM",
         "GEZOMONITOR/2022"]  # fmt: skip


def manifest() -> dict:
    """A release's manifest as `release.manifest.build` writes it (the parts `reasons` reads):
    its inputs, and a config with the conditions and themes of the default one."""
    names = [*TABLES, *(f"{t}/{y}" for t in PER_YEAR for y in YEARS), *OTHER]
    conditions = {
        "ggz": {"source": "ggz_kosten"},
        "psychofarmaca": {"source": "medicijnen", "codelist": "psychofarmaca"},
        "verslaving": {"source": "ggz_dbc", "circuit_codelist": "verslaving_circuit",
                       "diagnosis_codelist": "verslaving_diagnose"},
        "bw_mo": {"source": "wmo", "voorzieningen": ["BW", "MO"]},
        "jeugdteam": {"source": "buurtteam", "teams": ["JG"]},
        "laag_inkomen": {"source": "inkomen", "percentile_min": 1, "percentile_max": 10},
    }  # fmt: skip
    four = ["ggz", "psychofarmaca", "verslaving", "bw_mo"]
    themes = {
        "kopp": {"definitions": {"ggz": {"conditions": ["ggz"]},
                                 "psychofarmaca": {"conditions": ["psychofarmaca"]},
                                 "breed": {"conditions": four}},
                 "overlap_conditions": four,
                 "jeugdteam": {"condition": "jeugdteam", "definition": "breed"}},
        "migratie": {"min_age": 18, "definitions": {"ggz": "ggz", "psychofarmaca": "psychofarmaca"},
                     "survey": {"k10_min_items": 8, "k10_cutoff": 30}},
        "nieuwkomers": {
            "definitions": {
                "ggz": {"conditions_t": ["ggz"], "conditions_t_minus_1": ["ggz"]},
                "uitstroom_bw_mo": {"uitstroom": {"voorzieningen": ["BW", "MO"], "days": 365}},
                "laag_inkomen": {"conditions_t_minus_1": ["laag_inkomen"]},
                "breed": {"any_of": ["ggz", "uitstroom_bw_mo", "laag_inkomen"]},
            },
            "concentratie": ["ggz", "laag_inkomen"],
        },
    }  # fmt: skip
    return {
        "inputs": {n: {"path": f"data/{n}", "sha256": f"sha-{n}"} for n in names},
        "config": {
            "years": YEARS,
            "survey_waves": [2022],
            "data": {"root": "", "tables": {}, "unkeyed": []},
            "synthetic": {"seed": 1, "unkeyed": ["GEMBUURTTEAM"]},
            "linkage": {
                "threshold_match_weight": -6,
                "seed": 1,
                "max_pairs_u": 10,
                "max_pairs_em": 10,
                "histogram_width": 2,
                "training_years": [],
            },
            "conditions": conditions,
            "themes": themes,
            "small_area": {"measures": ["eenzaam"], "flags": ["psychofarmaca"]},
        },  # fmt: skip
        "code": {"counts": {"kopp": "k1"}, "package_sha256": "p1", "workflow_sha256": "w1"},
    }


def table(*specs) -> pd.DataFrame:
    """changes.csv's key columns: (theme, measure, definition, method, year, change) per row."""
    cols = ["theme", "measure", "definition", "method", "year", "change"]
    return pd.DataFrame([dict(zip(cols, s, strict=True)) for s in specs])


def changed(**shas) -> dict:
    """The manifest with other bytes for the named inputs."""
    m = manifest()
    for name, sha in shas.items():
        m["inputs"][name] = {"path": f"data/{name}", "sha256": sha}
    return m


def reason_of(rows_: pd.DataFrame, old: dict, new: dict) -> list[str]:
    return list(reasons(rows_, old, new))


# U11's second release: 60 medication rows more in MEDICIJNTAB of 2022
NIEUWKOMERS = table(
    ("nieuwkomers", "nieuwkomers.aandeel", "ggz", "wilson", 2022, "newly_published"),
    ("nieuwkomers", "nieuwkomers.aandeel", "breed", "wilson", 2023, "newly_published"),
    ("nieuwkomers", "nieuwkomers.concentratie", "laag_inkomen", "ratio_katz", 2022,
     "newly_published"),
    ("nieuwkomers", "nieuwkomers.aandeel", "uitstroom_bw_mo", "wilson", 2023, "newly_published"),
)  # fmt: skip
KOPP = table(
    ("kopp", "kopp.aandeel", "breed", "wilson", 2022, "changed"),
    ("kopp", "kopp.aandeel", "psychofarmaca", "wilson", 2023, "newly_suppressed"),
    ("kopp", "kopp.aandeel", "ggz", "wilson", 2022, "newly_suppressed"),
    ("kopp", "kopp.jeugdteam", "breed", "wilson", 2022, "newly_suppressed"),
    ("kopp", "kopp.overlap", "breed", "count", 2022, "newly_suppressed"),
    ("kopp", "kopp.ouders_onbekend", "geen_koppelbare_ouder", "wilson", 2022, "newly_published"),
    ("kopp", "kopp.aandeel", "breed", "wilson", 2021, "newly_suppressed"),
)  # fmt: skip
MIGRATIE = table(
    ("migratie", "migratie.psychofarmaca", "psychofarmaca", "wilson", 2022, "newly_suppressed"),
    ("migratie", "migratie.ggz", "ggz", "wilson", 2022, "newly_suppressed"),
    ("migratie", "migratie.eenzaam", "eenzaam", "modelschatting", 2022, "changed"),
    ("migratie", "migratie.eenzaam", "eenzaam", "survey_proportion", 2022, "newly_suppressed"),
)  # fmt: skip


def test_a_table_no_definition_of_the_figure_reads_is_not_its_reason():
    new = changed(**{"MEDICIJNTAB/2022": "other"})
    # no nieuwkomers definition reads medication (ggz: ZVWZORGKOSTENTAB, uitstroom: Wmo,
    # laag_inkomen: INHATAB): only disclosure control's choice moved them
    assert reason_of(NIEUWKOMERS, manifest(), new) == ["privacyregels"] * 4
    # the broad KOPP definition, psychofarmaca, the youth team's (breed) and the overlap read
    # it; ggz alone, the children without a parent and a year before 2022 do not
    assert reason_of(KOPP, manifest(), new) == [
        "gegevens", "gegevens", "privacyregels", "gegevens", "gegevens", "privacyregels",
        "privacyregels",
    ]  # fmt: skip
    # migratie: psychofarmaca, and the model estimate whose covariates flag psychofarmaca; not
    # ggz, nor the survey's own estimate
    assert reason_of(MIGRATIE, manifest(), new) == [
        "gegevens", "privacyregels", "gegevens", "privacyregels",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "nieuwkomers"),
    [
        ("ZVWZORGKOSTENTAB/2021", ["gegevens", "gegevens", "privacyregels", "privacyregels"]),
        ("INHATAB/2021", ["privacyregels", "gegevens", "gegevens", "privacyregels"]),
        ("GEMWMOVOORZIENINGEN", ["privacyregels", "gegevens", "privacyregels", "gegevens"]),
        ("GBAADRESOBJECTBUS", ["gegevens"] * 4),  # every figure's
        ("VSLGWBTAB", ["gegevens"] * 4),
        # the unkeyed registration: read by the buurtteam condition alone, no newcomers' marker
        # (R7: every figure said `gegevens`)
        ("GEMBUURTTEAM", ["privacyregels"] * 4),
        ("reference/geography", ["gegevens"] * 4),
        ("reference/something_new", ["gegevens"] * 4),  # an input not known here
        ("codelist/psychofarmaca", ["privacyregels"] * 4),
        ("GEZOMONITOR/2022", ["privacyregels"] * 4),
    ],
)
def test_each_definition_reads_its_own_sources(name, nieuwkomers):
    new = changed(**{name: "other"})
    assert reason_of(NIEUWKOMERS, manifest(), new) == nieuwkomers


def test_a_codelist_and_the_survey_are_read_by_the_figures_that_name_them():
    new = changed(**{"codelist/psychofarmaca": "other"})
    assert reason_of(KOPP, manifest(), new)[:3] == ["gegevens", "gegevens", "privacyregels"]
    new = changed(**{"GEZOMONITOR/2022": "other"})
    assert reason_of(MIGRATIE, manifest(), new) == [
        "privacyregels", "privacyregels", "gegevens", "gegevens",
    ]  # fmt: skip


def test_where_a_manifest_cannot_tell_every_table_of_the_year_and_before_counts():
    new = changed(**{"MEDICIJNTAB/2022": "other"})
    # a previous release whose manifest has no definitions' settings (an old manifest)
    old = manifest()
    del old["config"]["themes"]
    assert reason_of(NIEUWKOMERS, old, new) == ["gegevens"] * 4
    # a condition of a source not known here
    old = manifest()
    old["config"]["conditions"]["ggz"]["source"] = "iets_nieuws"
    assert reason_of(NIEUWKOMERS, old, new)[:2] == ["gegevens", "gegevens"]
    # a definition one manifest does not have
    assert reason_of(
        table(("nieuwkomers", "nieuwkomers.aandeel", "nieuw", "wilson", 2022, "newly_published")),
        manifest(), new,
    ) == ["gegevens"]  # fmt: skip


def test_the_definitions_of_both_releases_count():
    # the previous release's ggz marker read medication: its figures may have changed by it
    old = manifest()
    old["config"]["conditions"]["ggz"] = {"source": "medicijnen", "codelist": "psychofarmaca"}
    new = changed(**{"MEDICIJNTAB/2022": "other"})
    assert reason_of(NIEUWKOMERS, old, new)[:2] == ["gegevens", "gegevens"]


def test_training_years_written_out_with_the_same_model_say_privacyregels():
    # U11: linkage.training_years empty, then the years that empty meant; the model has the
    # same sha256 in both manifests (it was not trained again)
    new = manifest()
    new["config"]["linkage"]["training_years"] = YEARS
    rows_ = table(
        ("kopp", "kopp.aandeel", "verslaving", "wilson", 2019, "newly_published"),
        ("nieuwkomers", "nieuwkomers.aandeel", "breed", "wilson", 2021, "newly_published"),
    )
    assert reason_of(rows_, manifest(), new) == ["privacyregels", "privacyregels"]
    for key, value in (("seed", 2), ("max_pairs_u", 20), ("max_pairs_em", 20)):
        other = copy.deepcopy(new)
        other["config"]["linkage"][key] = value
        assert reason_of(rows_, manifest(), other) == ["privacyregels"] * 2, key
    # the threshold is applied when linking, with the same model: the settings' for a figure
    # whose definition this manifest does not have (kopp verslaving: cannot tell), not for one
    # that reads no unkeyed registration (the newcomers' breed)
    other = copy.deepcopy(new)
    other["config"]["linkage"]["threshold_match_weight"] = -5
    assert reason_of(rows_, manifest(), other) == ["werkwijze", "privacyregels"]
    # a model trained again: its file differs, a file of the figures that read the registration
    # (the buurtteam condition's); the newcomers' figure does not, and the KOPP definition
    # this manifest does not have cannot tell (every file)
    other = copy.deepcopy(new)
    other["inputs"]["linkage_model/GEMBUURTTEAM"]["sha256"] = "retrained"
    assert reason_of(rows_, manifest(), other) == ["gegevens", "privacyregels"]
    # a manifest that does not record the model: the settings decide, as before
    old = manifest()
    for m in (old, new):
        del m["inputs"]["linkage_model/GEMBUURTTEAM"]
    assert reason_of(rows_, old, new) == ["werkwijze"] * 2


def measures_row(value, status="ok", **key) -> dict:
    row = {"theme": "kopp", "measure": "kopp.aandeel", "definition": "breed", "year": 2022,
           "area_level": "wijk", "area_code": "WK034401", "area_name": "Binnenstad",
           "group": "totaal", "group_value": "totaal", "method": "wilson"}  # fmt: skip
    row.update(key)
    names = ("value", "ci_lower", "ci_upper", "numerator", "denominator")
    values = dict.fromkeys(names)
    if status == "ok":
        values = dict(zip(names, (value, value - 0.02, value + 0.02, 28, 100), strict=True))
    return {**row, **values, "status": status}


def test_a_figure_suppressed_now_keeps_the_number_the_previous_release_published():
    old = pd.DataFrame([measures_row(0.28), measures_row(0.30, area_code="WK034402",
                                                         area_name="Noordoost")])  # fmt: skip
    new = pd.DataFrame([measures_row(None, "suppressed"), measures_row(0.31, area_code="WK034402",
                                                                       area_name="Noordoost")])  # fmt: skip
    got = rows(old, new).set_index("change")
    hidden = got.loc["newly_suppressed"]
    assert (hidden["value_old"], hidden["ci_lower_old"], hidden["ci_upper_old"]) == (
        0.28, pytest.approx(0.26), pytest.approx(0.30),
    )  # fmt: skip
    assert hidden[["value_new", "ci_lower_new", "ci_upper_new", "difference"]].isna().all()
    assert got.loc["changed", "value_old"] == 0.30


def test_the_command_writes_the_previous_number_and_the_reason(tmp_path):
    for name, rows_ in (("old", [measures_row(0.28)]), ("new", [measures_row(None, "suppressed")])):
        (tmp_path / name / "kopp").mkdir(parents=True)
        pd.DataFrame(rows_).to_csv(tmp_path / name / "kopp/measures.csv", index=False)
        m = changed(**{"ZVWZORGKOSTENTAB/2022": "other"}) if name == "new" else manifest()
        (tmp_path / name / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    out = tmp_path / "changes.csv"
    assert changes.main([str(tmp_path / "old"), str(tmp_path / "new"), "--out", str(out)]) == 0
    got = pd.read_csv(out, keep_default_na=False).iloc[0]
    assert (got["change"], got["reden"], got["value_old"], got["value_new"]) == (
        "newly_suppressed", "gegevens", 0.28, "",
    )  # fmt: skip


def test_the_linkage_settings_are_a_reason_of_the_figures_that_read_the_linked_registration():
    """A changed threshold of the probabilistic linkage (or a registration no longer unkeyed)
    gave every figure `werkwijze` (R7 noticed it); linking only adds rows of the unkeyed
    registration (GEMBUURTTEAM), which the buurtteam condition alone reads."""
    figures = table(
        ("kopp", "kopp.jeugdteam", "breed", "wilson", 2022, "newly_suppressed"),
        ("kopp", "kopp.aandeel", "ggz", "wilson", 2022, "newly_suppressed"),
        ("migratie", "migratie.ggz", "ggz", "wilson", 2022, "newly_published"),
        ("nieuwkomers", "nieuwkomers.aandeel", "breed", "wilson", 2022, "newly_published"),
    )
    new = manifest()
    new["config"]["linkage"]["threshold_match_weight"] = -5
    assert reason_of(figures, manifest(), new) == ["werkwijze", *["privacyregels"] * 3]
    new = manifest()
    new["config"]["synthetic"]["unkeyed"] = []
    assert reason_of(figures, manifest(), new) == ["werkwijze", *["privacyregels"] * 3]
