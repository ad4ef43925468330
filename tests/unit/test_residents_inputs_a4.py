"""Which theme's disclosure control reads the tables decided before it: a fact of the package
(`disclosure.residents.residents_inputs`), not a theme named in the workflow (A4).

workflow/rules/common.smk's theme_residents named nieuwkomers in code; the themes whose
tables give the residents back are those with a ratio row whose reference group is every
resident (`primary.RESIDENTS_REFERENCE`) and those whose population is a part of the
residents (`primary.POPULATION_PART`: kopp's children, migratie's adults).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from wijkzicht.disclosure import residents

REPO = Path(__file__).resolve().parents[2]


def test_the_themes_that_read_the_residents_follow_their_measures():
    assert residents.residents_inputs("nieuwkomers") == ["inwoners"]
    assert residents.residents_inputs("kopp") == ["inwoners", "populations"]
    assert residents.residents_inputs("migratie") == ["inwoners", "populations"]
    assert residents.residents_inputs("organisaties") == []


def test_the_populations_ages_come_from_the_themes_settings():
    themes = yaml.safe_load((REPO / "config" / "config.yaml").read_text())["themes"]
    assert residents.population_ages(themes) == {"kopp": (0, 17), "migratie": (18, None)}


def test_themes_whose_ages_overlap_are_no_parts_of_the_residents():
    """kopp to 18 and migratie from 18 count the 18-year-olds twice: residents >= adults +
    children would not hold, so no populations are given (no relation, as before A4)."""
    import pandas as pd

    persons = pd.DataFrame({"year": 2023, "gemeente": "GM0344", "wijk": "WK034401",
                            "in_gba": True, "age": [10, 18, 40]})  # fmt: skip
    apart = residents.population_counts(persons, {"kopp": (0, 17), "migratie": (18, None)})
    assert dict(zip(apart["measure"], apart["n_numerator"], strict=False)) == {
        "register.kinderen": 1,
        "register.volwassenen": 2,
    }
    both = residents.population_counts(persons, {"kopp": (0, 18), "migratie": (18, None)})
    assert both.empty
