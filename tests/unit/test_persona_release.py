"""Persona cards across two releases (an attacker, Z9): cards of the same year made with
another merge order cut the same persons along other attributes, and one published card less
the other gave a small group away (20 beside 25: 7 children of other origin, true 7). A run
naming a previous release that published cards of a year it makes cards for again must make
them the same way (`pipeline.config.previous_persona_errors`)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from worlds import config

from wijkzicht.pipeline.config import _codelist_hashes, previous_persona_errors

CARDS = (
    "theme,year,target,area_level,area_code,area_name,rank,leeftijd,huishouden,herkomst,"
    "inkomen,zorg_steun,n_persons,n_target,rounding_base,status\n"
    "kopp,2023,breed,gemeente,GM0344,Utrecht,1,0-3,paar_met_kinderen,Nederland,overig,geen,"
    "20,180,5,{status}\n"
)


def release(root: Path, cfg: dict, status: str = "ok") -> Path:
    (root / "kopp").mkdir(parents=True)
    (root / "kopp/measures.csv").write_text("theme\n", encoding="utf-8")
    (root / "kopp/personas.csv").write_text(CARDS.format(status=status), encoding="utf-8")
    # a manifest as the manifest rule writes it: the config and each codelist file's sha256
    inputs = {f"codelist/{k}": {"sha256": v} for k, v in _codelist_hashes(cfg).items()}
    (root / "manifest.json").write_text(json.dumps({"config": cfg, "inputs": inputs}))
    return root


def test_the_same_persona_settings_pass(tmp_path):
    cfg = config()
    assert previous_persona_errors(cfg, release(tmp_path / "a", cfg)) == []


def test_another_merge_order_for_a_year_with_published_cards_is_refused(tmp_path):
    cfg = config()
    folder = release(tmp_path / "a", cfg)
    now = copy.deepcopy(cfg)
    now["personas"]["merge_order"] = ["huishouden", "inkomen", "zorg_steun", "herkomst"]
    errors = previous_persona_errors(now, folder)
    assert len(errors) == 1
    assert "kopp 2023" in errors[0] and "personas.merge_order: ['inkomen'," in errors[0]
    assert "Keep personas.merge_order as it was, or make cards of other years only" in errors[0]
    # a zorg_steun condition defined otherwise changes the cards too
    now = copy.deepcopy(cfg)
    now["conditions"]["bw_mo"] = {**now["conditions"]["bw_mo"], "extra": 1}
    assert any("conditions.bw_mo" in e for e in previous_persona_errors(now, folder))


def test_cards_of_other_years_or_none_published_may_be_made_another_way(tmp_path):
    cfg = config()
    now = copy.deepcopy(cfg)
    now["personas"]["merge_order"] = ["huishouden", "inkomen", "zorg_steun", "herkomst"]
    now["personas"]["years"] = [2022]  # the previous release's cards are of 2023
    assert previous_persona_errors(now, release(tmp_path / "a", cfg)) == []
    now["personas"]["years"] = []
    assert previous_persona_errors(now, release(tmp_path / "b", cfg, "suppressed")) == []
