"""The refusal of a published migratie measure changed under its own name (U9): it must not
advise the narrowed one under a new name ('psychofarmaca_2'), since two migratie measures of
which one lies inside the other are refused at start-up too; a user who followed the advice
met that second refusal and had no way left. KOPP keeps the advice (there it works)."""

from __future__ import annotations

from pathlib import Path

from wijkzicht.pipeline.config import _changed_definition

BEFORE = {"codelists.psychofarmaca": "a" * 64}
NOW = {"codelists.psychofarmaca": "b" * 64}


def test_a_migratie_measure_is_not_advised_a_narrower_twin():
    text = _changed_definition(
        Path("prev/GM0356"), "migratie", "migratie.psychofarmaca", "psychofarmaca", BEFORE, NOW
    )
    assert "keep 'psychofarmaca' as it was (put back codelists.psychofarmaca" in text
    assert "psychofarmaca_2" not in text
    assert "only when neither lies inside the other" in text


def test_a_kopp_definition_keeps_the_new_name_advice():
    text = _changed_definition(
        Path("prev/GM0356"), "kopp", "kopp.aandeel", "psychofarmaca", BEFORE, NOW
    )
    assert "add the changed one under a new name, e.g. 'psychofarmaca_2'" in text
