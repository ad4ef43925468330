"""Disclosure control of model estimates (disclosure/model_estimates.py) and the gate's check.

Rules (docs/small_area.md, config disclosure.modelschatting): a model estimate is published
only for an area with at least min_residents residents and min_respondents respondents; a
withheld buurt's counts cannot be derived from its wijk's counts minus its published
siblings; estimates rounded to whole percentages, se to one more decimal.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.model_estimates import protect_model_rows, respondents_shown
from wijkzicht.themes.table import finalise

RULES = {"min_residents": 100, "min_respondents": 10, "decimals": 2}
PARENTS = {"BU1": "WK1", "BU2": "WK1", "BU3": "WK1", "BU4": "WK2", "BU5": "WK2",
           "WK1": "GM0344", "WK2": "GM0344"}  # fmt: skip
GEOGRAPHY = pd.DataFrame({
    "gemeente_code": "GM0344", "gemeente_name": "Utrecht",
    "wijk_code": ["WK1", "WK1", "WK1", "WK2", "WK2"], "wijk_name": ["Eén"] * 3 + ["Twee"] * 2,
    "buurt_code": ["BU1", "BU2", "BU3", "BU4", "BU5"], "buurt_name": list("ABCDE"),
})  # fmt: skip


def model_rows(buurten: dict[str, tuple[int, int]], measure="migratie.k10_hoog") -> pd.DataFrame:
    """Rows of model estimates: buurt -> (residents, respondents); value 0.12345 each."""
    rows = [
        {"theme": "migratie", "measure": measure, "definition": measure.split(".")[1],
         "year": 2022, "area_level": "buurt", "area_code": b, "area_name": b,
         "group": "totaal", "group_value": "totaal", "method": "modelschatting",
         "denominator": float(res), "n_denominator": resp, "value": 0.12345,
         "ci_lower": 0.0812, "ci_upper": 0.17777, "se": 0.023456}
        for b, (res, resp) in buurten.items()
    ]  # fmt: skip
    return finalise(pd.DataFrame(rows))


def survey_rows(wijken: dict[str, str], measure="migratie.k10_hoog") -> pd.DataFrame:
    """Survey rows (group totaal) of the wijken: wijk -> status after disclosure control."""
    rows = [
        {"theme": "migratie", "measure": measure, "definition": measure.split(".")[1],
         "year": 2022, "area_level": "wijk", "area_code": w, "area_name": w,
         "group": "totaal", "group_value": "totaal", "method": "survey_taylor",
         "n_numerator": 30, "n_denominator": 150, "status": s}
        for w, s in wijken.items()
    ]  # fmt: skip
    return finalise(pd.DataFrame(rows))


# both wijken's survey rows published: the model rows may show their respondents (rule 4)
SURVEY = survey_rows({"WK1": "ok", "WK2": "ok"})


def status(df: pd.DataFrame) -> dict[str, str]:
    return dict(zip(df["area_code"], df["status"], strict=True))


def test_small_buurten_are_withheld_and_a_sibling_protects_their_counts():
    # BU2 has 5 respondents, alone withheld in WK1: its 5 = WK1 - BU1 - BU3, so the smallest
    # published sibling (BU3, 40 respondents) is withheld too. BU5 has 60 residents (< 100)
    # and 12 respondents: WK2's withheld total 12 respondents and 60 residents are >= 10.
    df = model_rows({"BU1": (900, 80), "BU2": (400, 5), "BU3": (500, 40),
                     "BU4": (800, 70), "BU5": (60, 12)})  # fmt: skip
    out = protect_model_rows(df, RULES, 10, PARENTS, SURVEY)
    assert status(out) == {
        "BU1": "ok", "BU2": "suppressed_primary", "BU3": "suppressed_secondary",
        "BU4": "ok", "BU5": "suppressed_primary",
    }  # fmt: skip


def test_a_withheld_buurt_without_respondents_needs_no_partner():
    # 0 respondents and 300 residents: neither count lies in 1..9, nothing to protect
    df = model_rows({"BU1": (900, 80), "BU2": (300, 0), "BU3": (500, 40)})
    assert status(protect_model_rows(df, RULES, 10, PARENTS, SURVEY)) == {
        "BU1": "ok", "BU2": "suppressed_primary", "BU3": "ok",
    }  # fmt: skip


def test_a_threshold_above_min_respondents_withholds_fewer_respondents_too():
    # the respondents are a published count: at threshold 15, BU3's 12 respondents break the
    # primary rule though min_respondents is 10 (CI: the gate refused a buurt of 10 respondents
    # after a rerun at threshold 15); BU1 (80) stays, and BU2 (40) partners BU3 in WK1
    df = model_rows({"BU1": (900, 80), "BU2": (400, 40), "BU3": (500, 12)})
    assert status(protect_model_rows(df, RULES, 15, PARENTS, SURVEY)) == {
        "BU1": "ok", "BU2": "suppressed_secondary", "BU3": "suppressed_primary",
    }  # fmt: skip
    assert status(protect_model_rows(df, RULES, 10, PARENTS, SURVEY))["BU3"] == "ok"


def test_estimates_are_rounded_to_whole_percentages_and_empty_buurten_stay_empty():
    df = model_rows({"BU1": (900, 80), "BU2": (0, 0), "BU3": (500, 40)})
    out = protect_model_rows(df, RULES, 10, PARENTS, SURVEY).set_index("area_code")
    assert out.loc["BU1", ["value", "ci_lower", "ci_upper"]].tolist() == [0.12, 0.08, 0.18]
    assert out.loc["BU1", "se"] == 0.023
    assert out.loc["BU2", "status"] == "ok" and np.isnan(out.loc["BU2", "value"])
    one = protect_model_rows(df, {**RULES, "decimals": 3}, 10, PARENTS, SURVEY).set_index(
        "area_code"
    )
    assert out.loc["BU3", "value"] != one.loc["BU3", "value"] == 0.123


def _export(tmp_path: Path, df: pd.DataFrame) -> Path:
    root = tmp_path / "export"
    write_measures_csv(df, root / "migratie" / "measures.csv")
    return root


def test_gate_refuses_a_too_small_buurt_published(tmp_path):
    df = protect_model_rows(
        model_rows({"BU1": (900, 80), "BU2": (400, 5), "BU3": (500, 40)}),
        RULES, 10, PARENTS, SURVEY,
    )  # fmt: skip
    assert check_export(_export(tmp_path / "a", df), 10, model_rules=RULES) == []
    leaked = df.assign(status="ok")  # BU2 published with 5 respondents, BU3 as well
    problems = check_export(_export(tmp_path / "b", leaked), 10, model_rules=RULES)
    text = "\n".join(map(str, problems))
    assert "BU2" in text and "5 respondents (at least 10 required)" in text
    assert "BU1" not in text


def test_gate_refuses_too_few_residents_more_decimals_a_numerator_and_no_rules(tmp_path):
    df = protect_model_rows(
        model_rows({"BU1": (900, 80), "BU4": (800, 70)}), RULES, 10, PARENTS, SURVEY
    )
    small = df.assign(denominator=[900.0, 90.0])
    text = "\n".join(map(str, check_export(_export(tmp_path / "a", small), 10, model_rules=RULES)))
    assert "90 residents (at least 100 required)" in text and "BU4" in text
    fine = df.assign(value=[0.123, 0.12])
    text = "\n".join(map(str, check_export(_export(tmp_path / "b", fine), 10, model_rules=RULES)))
    assert "value 0.123 has more than 2 decimals" in text
    counted = df.assign(n_numerator=pd.array([12, 11], dtype="Int64"), numerator=[12.0, 11.0])
    text = "\n".join(
        map(str, check_export(_export(tmp_path / "c", counted), 10, model_rules=RULES))
    )
    assert "a model estimate carries n_numerator" in text
    text = "\n".join(map(str, check_export(_export(tmp_path / "d", df), 10)))
    assert "without model rules" in text


def test_protect_keeps_model_rows_out_of_the_audit_and_in_place():
    registry = finalise(pd.DataFrame([
        {"theme": "migratie", "measure": "migratie.ggz", "definition": "ggz", "year": 2022,
         "area_level": level, "area_code": code, "area_name": code, "group": "totaal",
         "group_value": "totaal", "method": "wilson", "n_numerator": num,
         "n_denominator": den, "numerator": float(num), "denominator": float(den),
         "value": num / den}
        for level, code, num, den in [("gemeente", "GM0344", 120, 2600),
                                      ("wijk", "WK1", 70, 1800), ("wijk", "WK2", 50, 800)]
    ]))  # fmt: skip
    model = model_rows({"BU1": (900, 80), "BU2": (400, 5), "BU3": (500, 40),
                        "BU4": (800, 70), "BU5": (60, 12)})  # fmt: skip
    # the survey rows of the wijken, published: the buurten show their respondents (rule 4)
    survey = SURVEY.drop(columns="status").assign(
        n_denominator=[125, 82], numerator=[30.0, 30.0], denominator=[125.0, 82.0]
    )
    df = finalise(pd.concat([registry, survey, model], ignore_index=True))
    safe, audit = protect(df, 10, True, None, GEOGRAPHY, RULES)
    assert safe[["measure", "area_code", "method"]].equals(df[["measure", "area_code", "method"]])
    assert (safe.loc[safe["method"] != "modelschatting", "status"] == "ok").all()
    assert status(safe[safe["method"] == "modelschatting"])["BU3"] == "suppressed_secondary"
    assert not audit["row"].isin(df.index[df["method"] == "modelschatting"]).any()
    with pytest.raises(ValueError, match="model_rules"):
        protect(df, 10, True, None, GEOGRAPHY)


# -- rule 4: a model row shows its respondents only where its wijk's survey row is published


def reviewers_wijk() -> pd.DataFrame:
    """A reviewer's case (GM0353 WK035301 k10_hoog 2023, codes of this file): the survey row
    of WK1 is primary (5 of 29 with the outcome), the Dutch group's 20 respondents are
    published, the two migrant groups (7 and 2) are primary; the model estimates of WK1 and
    its buurten, with 29 respondents in all (16 + 13)."""
    groups = [
        ("totaal", "totaal", 5, 29),
        ("generatie", "Nederlandse herkomst", 0, 20),
        ("generatie", "migrant", 3, 7),
        ("generatie", "kind van migrant(en)", 2, 2),
    ]
    survey = [
        {"theme": "migratie", "measure": "migratie.k10_hoog", "definition": "k10_hoog",
         "year": 2022, "area_level": "wijk", "area_code": "WK1", "area_name": "WK1",
         "group": g, "group_value": v, "method": "survey_taylor", "n_numerator": num,
         "n_denominator": den, "numerator": float(num), "denominator": float(den),
         "value": num / den}
        for g, v, num, den in groups
    ]  # fmt: skip
    wijk = model_rows({"WK1": (1800, 29)}).assign(area_level="wijk")
    buurten = model_rows({"BU1": (900, 16), "BU3": (900, 13)})
    return finalise(pd.concat([pd.DataFrame(survey), wijk, buurten], ignore_index=True))


def test_a_suppressed_survey_row_keeps_its_respondents_out_of_the_model_rows():
    df = reviewers_wijk()
    geography = GEOGRAPHY[GEOGRAPHY["wijk_code"] == "WK1"]
    safe, _ = protect(df, 10, True, None, geography, RULES)
    survey = safe[safe["method"] == "survey_taylor"].set_index("group_value")
    assert survey.loc["totaal", "status"] != "ok"  # 5 of 29: primary
    assert survey.loc["Nederlandse herkomst", "status"] == "ok"  # 0 of 20, zeros published
    model = safe[safe["method"] == "modelschatting"].set_index("area_code")
    # the estimates stay published, without the respondents: 29 (or 16 + 13) minus the Dutch
    # group's published 20 would give the two small groups' 9 respondents
    assert (model["status"] == "ok").all()
    assert model["n_denominator"].isna().all(), model["n_denominator"].tolist()
    assert model["value"].notna().all() and (model["denominator"] == [1800, 900, 900]).all()
    # an attacker adding up what is published learns no respondent count below 10
    published = safe[(safe["status"] == "ok") & safe["n_denominator"].notna()]
    wijk_total = published.loc[published["method"] == "modelschatting", "n_denominator"]
    groups = published.loc[published["group"] == "generatie", "n_denominator"].sum()
    assert wijk_total.empty or not 1 <= wijk_total.max() - groups <= 9


def test_respondents_shown_follows_the_survey_row_of_the_wijk():
    models = pd.concat(
        [model_rows({"WK1": (1800, 60), "WK2": (900, 40)}).assign(area_level="wijk"),
         model_rows({"BU1": (900, 30), "BU2": (900, 30), "BU4": (900, 40)})],
        ignore_index=True,
    )  # fmt: skip
    survey = survey_rows({"WK1": "ok", "WK2": "suppressed_secondary"})
    shown = respondents_shown(models, survey, PARENTS)
    assert dict(zip(models["area_code"], shown, strict=True)) == {
        "WK1": True, "WK2": False, "BU1": True, "BU2": True, "BU4": False,
    }  # fmt: skip
    # another measure's or year's published survey row does not count
    other = survey_rows({"WK1": "ok", "WK2": "ok"}, measure="migratie.eenzaam")
    assert not respondents_shown(models, other, PARENTS).any()
    later = survey_rows({"WK1": "ok", "WK2": "ok"}).assign(year=2023)
    assert not respondents_shown(models, later, PARENTS).any()


def test_withheld_respondents_need_no_sibling_withheld_for_them():
    # BU2 has 5 respondents (withheld, rule 1). With WK1's survey row published, the
    # respondents are shown and BU3 must be withheld with BU2 (5 = WK1 - BU1 - BU3). With it
    # suppressed, no respondents are shown, nothing gives BU2's 5 away, and BU3 stays.
    df = model_rows({"BU1": (900, 80), "BU2": (400, 5), "BU3": (500, 40)})
    shown = protect_model_rows(df, RULES, 10, PARENTS, SURVEY)
    assert status(shown)["BU3"] == "suppressed_secondary"
    assert shown["n_denominator"].notna().all()
    hidden = protect_model_rows(df, RULES, 10, PARENTS, survey_rows({"WK1": "suppressed_primary"}))
    assert status(hidden) == {"BU1": "ok", "BU2": "suppressed_primary", "BU3": "ok"}
    assert hidden["n_denominator"].isna().all()


def test_gate_accepts_withheld_respondents_only_where_the_survey_row_is_suppressed(tmp_path):
    df = reviewers_wijk()
    geography = GEOGRAPHY[GEOGRAPHY["wijk_code"] == "WK1"]
    safe, _ = protect(df, 10, True, None, geography, RULES)
    assert check_export(_export(tmp_path / "a", safe), 10, model_rules=RULES) == []
    # the survey row published (as if it had 29 with the outcome): the blank respondents of
    # the model rows now hide a count that could be checked
    whole = (safe["method"] == "survey_taylor") & (safe["group"] == "totaal")
    shown = safe.copy()
    shown.loc[whole, ["status", "n_numerator", "n_denominator", "numerator", "denominator"]] = [
        "ok",
        15,
        29,
        15.0,
        29.0,
    ]
    problems = check_export(_export(tmp_path / "b", shown), 10, model_rules=RULES)
    text = "\n".join(map(str, problems))
    assert len(problems) == 3, text  # WK1 and its two buurten
    assert "without its respondents, while its wijk's survey row publishes them" in text
    assert all(code in text for code in ("WK1", "BU1", "BU3"))
