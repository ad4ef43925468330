"""Disclosure control follows from the definitions, not from the order the configuration lists
them in. A reviewer (U6) reran the default world's nieuwkomers disclosure job from the
release's manifest, which records the configuration with sorted keys: 148 of its 2,536 rows got
another status (602 suppressed instead of 454), as secondary suppression broke ties by the
order of the relations between the definitions. `disclosure.control.canonical_relations`
puts them in one order before anything uses them."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from test_disclosure_buurt import geography
from test_kopp_cover import BUURTEN, NAMES, config_with_union, table

from wijkzicht.definitions.parse import parse_definitions
from wijkzicht.disclosure import control
from wijkzicht.themes.relations import count_relations
from wijkzicht.themes.table import CountBound, CountCover, CountNest, CountUnion

RELATIONS = [
    CountBound("nieuwkomers.aandeel", "ggz", "breed"),
    CountBound("nieuwkomers.aandeel", "laag_inkomen", "breed"),
    CountBound("nieuwkomers.aandeel", "uitstroom_bw_mo", "breed"),
    CountCover("nieuwkomers.aandeel", "breed", ("ggz", "laag_inkomen", "uitstroom_bw_mo")),
    CountNest("migratie.zorgkloof", "ggz", "migratie.k10_hoog", "k10"),
]
UNIONS = [
    CountUnion("kopp.aandeel", "ggz", "kopp.overlap", "combinatie", ("ggz", "ggz+verslaving")),
    CountUnion("kopp.aandeel", "verslaving", "kopp.overlap", "combinatie", ("verslaving",)),
]


def shuffled(relations, rnd: random.Random) -> list:
    out = []
    for r in rnd.sample(relations, len(relations)):
        if isinstance(r, CountCover):
            r = r._replace(parts=tuple(rnd.sample(r.parts, len(r.parts))))
        if isinstance(r, CountUnion):
            r = r._replace(values=tuple(rnd.sample(r.values, len(r.values))))
        out.append(r)
    return out


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 3))
def test_any_order_of_the_same_relations_gives_one_order(seed, repeat):
    rnd = random.Random(seed)
    canonical = control.canonical_relations(UNIONS, RELATIONS)
    # shuffled, and some listed twice (two themes' relations joined): the same list
    doubled = RELATIONS + RELATIONS[:repeat]
    assert control.canonical_relations(shuffled(UNIONS, rnd), shuffled(doubled, rnd)) == canonical
    unions, bounds = canonical
    assert isinstance(bounds[0], CountCover)  # covers first, then bounds, then nests
    assert [type(b) for b in bounds[1:]] == [CountBound] * 3 + [CountNest]


def test_reordered_definitions_give_the_same_relations_to_disclosure_control():
    cfg = config_with_union()
    defs = cfg["themes"]["kopp"]["definitions"]
    cfg["themes"]["kopp"]["definitions"] = dict(reversed(list(defs.items())))
    one = count_relations(parse_definitions(config_with_union()).param("kopp", "conditions"))
    two = count_relations(parse_definitions(cfg).param("kopp", "conditions"))
    assert one != two  # the configuration's order reaches the relations
    assert control.canonical_relations(*one) == control.canonical_relations(*two)


def test_protect_hands_its_lp_one_order_whatever_order_it_is_given(monkeypatch):
    """What `_protect_counts` (secondary suppression and the audit) receives, and the
    pattern, for the relations of a small kopp table listed in two orders."""
    seen = []
    inner = control._protect_counts

    def spy(df, *args, **kw):
        seen.append((list(kw["unions"]), list(kw["bounds"])))
        return inner(df, *args, **kw)

    monkeypatch.setattr(control, "_protect_counts", spy)
    _, bounds = count_relations(parse_definitions(config_with_union()).param("kopp", "conditions"))
    bounds = [b for b in bounds if {getattr(b, "lower", None), getattr(b, "whole", None)} & set(NAMES)]  # fmt: skip
    geo = geography({"WK034401": list(BUURTEN)})
    one, _ = control.protect(table(), 10, True, None, geo, bounds=bounds)
    two, _ = control.protect(table(), 10, True, None, geo, bounds=bounds[::-1])
    assert seen[0] == seen[1]
    assert one["status"].tolist() == two["status"].tolist()


def test_the_manifest_keeps_the_configurations_order(tmp_path):
    """The manifest's `config` is the run's configuration in its own order (the pages list
    the definitions in it); the rest of the manifest has its keys sorted."""
    import json

    from wijkzicht.release import manifest

    cfg = {
        "themes": {"nieuwkomers": {"definitions": {"ggz": {}, "breed": {}}}},
        "gemeente": "GM0344",
    }
    m = {"outputs": {"b.csv": "2", "a.csv": "1"}, "config": cfg, "code": {"z": 1, "a": 2}}
    manifest.write(m, tmp_path / "manifest.json")
    text = (tmp_path / "manifest.json").read_text()
    back = json.loads(text)
    assert list(back) == ["code", "config", "outputs"]
    assert list(back["outputs"]) == ["a.csv", "b.csv"] and list(back["code"]) == ["a", "z"]
    assert list(back["config"]) == ["themes", "gemeente"]
    assert list(back["config"]["themes"]["nieuwkomers"]["definitions"]) == ["ggz", "breed"]
