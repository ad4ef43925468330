"""Two releases of one world, the second with a KOPP definition added and the first named as
its previous release (config previous_release.export).

A reviewer (Z6) showed that two such releases, each safe alone, narrowed primary counts
together: their secondary patterns differed. With the previous release named, every row it
published with the same counts is published again, so the union of both releases is the new
release, which passed its own audit; changes.csv names the new definition's rows as new.
"""

import shutil

import pandas as pd
import pytest
from worlds import config, snakemake

pytestmark = pytest.mark.e2e

KEY = ["measure", "definition", "year", "area_code", "group", "group_value", "method"]


def test_a_second_release_publishes_what_the_first_published(small_world, tmp_path):
    wd, overrides = small_world
    previous = tmp_path / "release1"
    shutil.copytree(wd / "results/export", previous)
    second = tmp_path / "run2"
    shutil.copytree(wd, second, symlinks=True)  # timestamps kept: only what changed reruns
    definitions = config()["themes"]["kopp"]["definitions"]
    run = snakemake(
        second,
        {
            **overrides,
            "themes": {
                "kopp": {
                    "definitions": {
                        **definitions,
                        "ggz_of_verslaving": {"conditions": ["ggz", "verslaving"]},
                    }
                }
            },
            "previous_release": {"export": str(previous)},
        },
        "results/export/kopp/measures.csv",
        "results/export/changes.csv",
    )
    assert run.returncode == 0, run.stderr[-5000:]
    old = pd.read_csv(previous / "kopp/measures.csv", dtype=str, keep_default_na=False)
    new = pd.read_csv(second / "results/export/kopp/measures.csv", dtype=str, keep_default_na=False)
    assert (new["definition"] == "ggz_of_verslaving").any()
    both = old.merge(new, on=KEY, suffixes=("_old", "_new"))
    assert len(both) == len(old)  # every row of the first release is in the second
    same = (both["numerator_old"] == both["numerator_new"]) & (
        both["denominator_old"] == both["denominator_new"]
    )
    published = both[(both["status_old"] == "ok") & same]
    assert len(published) > 100
    assert (published["status_new"] == "ok").all(), published.loc[
        published["status_new"] != "ok", KEY + ["status_new"]
    ].head()
    # changes.csv: one row per figure that differs (3581bf9): the new definition's rows added,
    # no figure of the first release now suppressed
    changes = pd.read_csv(second / "results/export/changes.csv", dtype=str)
    added = changes[changes["change"] == "added"]
    assert (added["definition"] == "ggz_of_verslaving").any()
    assert (changes["change"] != "newly_suppressed").all(), changes
    # and why (reden, from the two releases' manifests): the same files, code and settings but
    # a definition added, so a figure of the first release whose status changed did so by
    # disclosure control's choice alone
    explained = changes[changes["change"].isin(["changed", "newly_published"])]
    assert set(explained["reden"]) <= {"privacyregels"}, explained
    assert changes.loc[changes["change"] == "added", "reden"].isna().all()
