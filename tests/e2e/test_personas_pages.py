"""The persona's of the shared small world (no run of their own): the tables of the three themes
pass the export gate and their LP audit, stand for at least the threshold, carry the published
target counts, and their cards on the factsheets and in the dashboard cite them."""

import pandas as pd
import pytest
from worlds import PERSONA_COLUMNS, check_persona_cards, config

from wijkzicht.disclosure.audit import TOLERANCE
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.rounding import round_to_base

pytestmark = pytest.mark.e2e

THEMES = ("kopp", "migratie", "nieuwkomers")


def test_persona_tables_pass_the_gate_and_the_audit(small_world):
    wd, overrides = small_world
    cfg = config(**overrides)
    threshold, base = cfg["disclosure"]["threshold"], cfg["personas"]["rounding_base"]
    export = wd / "results/export"
    shown = 0
    for theme in THEMES:
        path = export / theme / "personas.csv"
        assert path.read_text(encoding="utf-8").splitlines()[0] == PERSONA_COLUMNS
        assert check_export(path, threshold) == [], theme
        p = pd.read_csv(path, keep_default_na=False, na_values=[""])
        ok = p[p["rank"].notna()]
        shown += len(ok)
        assert (ok["status"] == "ok").all() and (ok["n_persons"] >= threshold).all()
        assert (
            ok.groupby(["year", "area_code"])["rank"].max() <= cfg["personas"]["max_per_area"]
        ).all()
        # one row per area without persona's, its counts blank unless nobody is in the target group
        none = p[p["rank"].isna()]
        assert (none.groupby(["year", "area_code"]).size() == 1).all()
        assert set(none["status"]) <= {"ok", "suppressed"}  # never primary or secondary
        assert (none.loc[none["status"] == "ok", "n_target"] == 0).all()
        # n_target is the published numerator of the target row, rounded to the persona base
        spec = cfg["personas"]["themes"][theme]["target"]
        measure = {"kopp": "kopp.aandeel", "nieuwkomers": "nieuwkomers.aandeel"}.get(
            theme, f"migratie.{spec}"
        )
        m = read_measures_csv(export / theme / "measures.csv")
        m = m[(m["measure"] == measure) & (m["definition"] == spec) & (m["group"] == "totaal")
              & (m["method"] == "wilson")]  # fmt: skip
        published = {(int(r.year), r.area_code): r for r in m.itertuples()}
        for r in p[p["n_target"].notna()].itertuples():
            cell = published[(int(r.year), r.area_code)]
            assert cell.status == "ok"
            assert r.n_target == round_to_base(cell.n_numerator, base), (theme, r.area_code)
        # the LP audit of the persona table: every attacked count protected
        audit = pd.read_parquet(wd / f"results/internal/disclosure/{theme}_personas_audit.parquet")
        assert len(audit) and audit["protected"].all()
        assert ((audit["upper"] - audit["lower"]) >= audit["required"] - TOLERANCE).all()
    assert shown >= 10  # the small world has persona's to show


def test_the_cards_cite_the_persona_tables(small_world):
    wd, _ = small_world
    export = wd / "results/export"
    assert check_persona_cards(export, "nl") >= 20
    overvecht = (export / "factsheets/overvecht.html").read_text(encoding="utf-8")
    assert 'class="persona"' in overvecht or 'class="personas-none"' in overvecht
