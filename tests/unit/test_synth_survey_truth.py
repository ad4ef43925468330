"""The survey truth of the synthetic world: every person's answers, the frame, resampling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijkzicht.synth import sample_from_truth
from wijkzicht.synth.geography import _make_world
from wijkzicht.synth.population import _simulate_population
from wijkzicht.synth.tables_survey import _survey_truth, _t_survey
from wijkzicht.synth.traits import _traits
from wijkzicht.synth.world import _default_reference

ITEMS = [f"K10_{i:02d}" for i in range(1, 11)] + [f"EENZ_{i:02d}" for i in range(1, 12)]


@pytest.fixture(scope="module")
def world():
    w = _make_world(
        7, 12_000, [2021, 2022], [2022], _default_reference("geography.csv"),
        _default_reference("countries.csv"), "GM0344",
    )  # fmt: skip
    pop = _simulate_population(w)
    tr = _traits(w, pop)
    return _t_survey(w, pop, tr, 2022), _survey_truth(w, pop, tr, 2022)


def test_respondents_answer_as_the_truth_says(world):
    survey, truth = world
    linked = survey[survey["RINPERSOONS"] == "R"]
    both = linked.merge(truth, on=["RINPERSOONS", "RINPERSOON"], suffixes=("", "_truth"))
    assert len(both) == len(linked) > 100
    for c in ITEMS:
        assert both[c].astype("Int64").equals(both[f"{c}_truth"].astype("Int64").rename(c)), c
    # every respondent is in the frame, in the stratum the survey names
    assert (both["STRATUM"] == both["frame_stratum"]).all()


def test_truth_has_every_person_and_answers_outside_the_frame(world):
    _, truth = world
    assert truth["RINPERSOON"].is_unique
    outside = truth[truth["frame_stratum"] == ""]
    assert len(outside) > 0 and outside["K10_01"].notna().mean() > 0.8
    inside = truth[truth["frame_stratum"] != ""]
    assert inside["response_propensity"].between(0, 1).all()
    assert (inside["stratum_sample_size"] >= 1).all()


def test_a_resample_has_the_design_of_the_wave(world):
    survey, truth = world
    again = sample_from_truth(truth, np.random.default_rng(3))
    # same strata sizes and the weights sum to each stratum's frame population
    pd.testing.assert_series_equal(
        again["STRATUM"].value_counts().sort_index(), survey["STRATUM"].value_counts().sort_index()
    )
    frame = truth[truth["frame_stratum"] != ""].groupby("frame_stratum").size()
    sums = again.groupby("STRATUM")["WEIGHT"].sum()
    np.testing.assert_allclose(sums.to_numpy(), frame.loc[sums.index].to_numpy())
    # another sample, not the same one; the same seed gives the same sample
    assert set(again["RINPERSOON"]) != set(survey["RINPERSOON"])
    pd.testing.assert_frame_equal(again, sample_from_truth(truth, np.random.default_rng(3)))
