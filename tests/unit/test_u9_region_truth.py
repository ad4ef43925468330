"""The linkage truth of a region's synthetic world (wijkzicht.synth.region): each row of the
region's unkeyed registration is named once in its truth frame, by its own position in the
region's table, and that row's person is the one the sub-world drew for it. Before, each
sub-world's truth kept its own numbers 1..n, so a region of five gemeenten reported a
precision and recall of about 0.2 in linkage/probabilistisch.csv (every row matched against
five persons, one per gemeente) while the links themselves were 99% right."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijkzicht.synth import generate_world
from wijkzicht.synth.region import generate_region

ROOT = Path(__file__).resolve().parents[2]
A, B = "GM0344", "GM0356"
ARGS = dict(n_residents=1500, years=[2022, 2023], survey_waves=[2022], unkeyed=["GEMBUURTTEAM"])


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "config" / "reference" / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def worlds():
    common = dict(
        ARGS, geography=_reference("geography.csv"), countries=_reference("countries.csv")
    )
    single = generate_world(seed=5, gemeente=A, **common)
    region = generate_region([A, B], seed=5, **common)
    return single, region


def test_every_row_of_the_region_table_is_named_once(worlds):
    _, region = worlds
    rows = region.truth["GEMBUURTTEAM"]["row"].to_numpy()
    assert np.array_equal(rows, np.arange(1, len(region["GEMBUURTTEAM"]) + 1))


def test_the_rows_of_the_second_gemeente_name_its_own_persons(worlds):
    single, region = worlds
    n_a = len(single["GEMBUURTTEAM"])
    truth = region.truth["GEMBUURTTEAM"]
    persons_a = set(single["GBAPERSOONTAB"]["RINPERSOON"])
    later = truth[truth["row"] > n_a]
    named = later.loc[later["RINPERSOON"] != "", "RINPERSOON"]
    assert len(named) > 0
    # B's rows are B's registrations: none of their persons is a person of A's single world
    assert not set(named) & persons_a
    # and A's own rows keep A's single-world truth
    first = truth[truth["row"] <= n_a].reset_index(drop=True)
    pd.testing.assert_frame_equal(first, single.truth["GEMBUURTTEAM"])
