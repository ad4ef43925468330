"""Model estimates (modelschatting) in the shared small world: against the world's own truth,
disclosure in the export, and the pages (docs/small_area.md)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from wijkzicht.definitions import parse_definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.statistics.survey import survey_proportion
from wijkzicht.synth import generate_world
from wijkzicht.themes.migratie import survey_outcomes
from wijkzicht.themes.small_area import KEYS

pytestmark = pytest.mark.e2e

WAVE = 2022
MEASURES = ("k10_hoog", "eenzaam")


def _config(overrides):
    from worlds import config

    return config(**overrides)


@pytest.fixture(scope="module")
def truth(small_world):
    """The true share per buurt in the small world: the answers of every resident 18+."""
    wd, overrides = small_world
    cfg = _config(overrides)
    from worlds import REPO

    world = generate_world(
        seed=cfg["synthetic"]["seed"], n_residents=cfg["synthetic"]["n_residents"],
        years=cfg["years"], survey_waves=cfg["survey_waves"],
        geography=read_geography(REPO / cfg["reference"]["geography"]),
        countries=read_countries(REPO / cfg["reference"]["countries"]),
        gemeente=cfg["gemeente"], survey_truth=True,
    )  # fmt: skip
    scored = survey_outcomes(world.truth[f"survey{WAVE}"], parse_definitions(cfg).migratie)
    frame = pd.read_parquet(wd / f"results/internal/migratie/small_area_frame{WAVE}.parquet")
    persons = frame[[*KEYS, "buurt"]].merge(scored[[*KEYS, *MEASURES]], on=KEYS, how="left")
    return persons.groupby("buurt")[list(MEASURES)].mean()


def test_model_beats_the_direct_estimate_against_the_truth(small_world, truth):
    wd, _ = small_world
    model = pd.read_parquet(wd / f"results/internal/migratie/small_area{WAVE}.parquet")
    design = pd.read_parquet(wd / f"results/internal/migratie/survey{WAVE}.parquet")
    frame = pd.read_parquet(wd / f"results/internal/migratie/small_area_frame{WAVE}.parquet")
    design = design.merge(frame[[*KEYS, "buurt"]], on=KEYS, how="left")
    for outcome in MEASURES:
        m = model[(model["definition"] == outcome) & (model["area_level"] == "buurt")]
        m = m.set_index("area_code").reindex(truth.index)
        # every buurt with residents has an estimate and an interval around it
        assert m["value"].notna().all() and (m["ci_lower"] <= m["value"]).all()
        assert (m["value"] <= m["ci_upper"]).all()
        d = survey_proportion(
            design,
            outcome,
            by=["buurt"],
            where=design["in_population"].to_numpy(),
            lonely_psu="adjust",
        )
        d = d.set_index("buurt").reindex(truth.index)
        t = truth[outcome]
        rmse_model = np.sqrt(((m["value"] - t) ** 2).mean())
        have = d["value"].notna()
        rmse_direct = np.sqrt(((d["value"] - t)[have] ** 2).mean())
        rmse_model_same = np.sqrt(((m["value"] - t)[have] ** 2).mean())
        # the validation (docs/small_area.md) finds the model's RMSE well below the direct one's
        assert rmse_model_same < 0.75 * rmse_direct, (outcome, rmse_model_same, rmse_direct)
        assert rmse_model < 0.12, (outcome, rmse_model)
        # one sample: coverage over the buurten is a rough check of the intervals only (the
        # validation over repeated samples is the real one)
        covered = ((m["ci_lower"] <= t) & (t <= m["ci_upper"])).mean()
        assert covered >= 0.6, (outcome, covered)


def test_export_publishes_model_rows_by_the_rules(small_world):
    wd, overrides = small_world
    rules = _config(overrides)["disclosure"]["modelschatting"]
    m = read_measures_csv(wd / "results/export/migratie/measures.csv")
    rows = m[m["method"] == "modelschatting"]
    assert set(rows["definition"]) == set(MEASURES)
    assert set(rows["area_level"]) == {"buurt", "wijk"} and set(rows["group"]) == {"totaal"}
    ok = rows[rows["status"] == "ok"]
    assert len(ok[ok["area_level"] == "buurt"]) > 0
    assert (ok["denominator"] >= rules["min_residents"]).all()
    # respondents shown only where the wijk's survey row is published (model_estimates rule 4)
    survey = m[(m["method"] != "modelschatting") & (m["group"] == "totaal")]
    published = {(r.definition, r.area_code) for r in survey[survey["status"] == "ok"].itertuples()}
    wijk = [
        code if level == "wijk" else code[:2].replace("BU", "WK") + code[2:8]
        for code, level in zip(ok["area_code"], ok["area_level"], strict=True)
    ]
    shown = [(d, w) in published for d, w in zip(ok["definition"], wijk, strict=True)]
    assert ok["n_denominator"].notna().tolist() == shown
    assert (ok["n_denominator"].dropna() >= rules["min_respondents"]).all()
    assert ok["numerator"].isna().all() and ok["n_numerator"].isna().all()
    for c in ("value", "ci_lower", "ci_upper"):
        assert np.allclose(ok[c] * 100, np.round(ok[c] * 100)), c
    hidden = rows[rows["status"] != "ok"]
    assert hidden[["value", "denominator", "n_denominator"]].isna().all().all()
    # the internal table has the withheld rows' numbers; the export has not
    internal = pd.read_parquet(wd / f"results/internal/migratie/small_area{WAVE}.parquet")
    assert internal["value"].notna().sum() > len(ok)


def test_pages_name_the_model_estimates(small_world):
    wd, _ = small_world
    report = (wd / "results/export/migratie/rapport.html").read_text(encoding="utf-8")
    assert "Modelschatting per buurt" in report
    assert "geschat met een model uit de antwoorden van de enquête" in report
    dashboard = (wd / "results/export/dashboard.html").read_text(encoding="utf-8")
    assert re.search(
        r'"model_measures":\s*\["migratie\.eenzaam",\s*"migratie\.k10_hoog"\]', dashboard
    )
    assert "modelschatting (model uit enquête en registers)" in dashboard
    import zipfile

    with zipfile.ZipFile(wd / "results/export/wijkzicht.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "modelschatting (model uit enquête en registers)" in strings
    assert "Modelschatting" in strings
