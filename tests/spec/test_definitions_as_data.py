"""A new definition variant is a config edit: a codelist, a condition and a definition."""

import shutil

import yaml
from test_kopp import YEARS, kopp_tables
from worlds import REPO, config, ingest_all, run_kopp, write_world


def test_new_kopp_variant_appears(tmp_path):
    codelists = tmp_path / "codelists"
    shutil.copytree(REPO / "config/codelists", codelists)
    # psychofarmaca excluding hypnotics (N05C)
    (codelists / "psychofarmaca_zonder_n05c.csv").write_text(
        "code,term\nN05A,Antipsychotica\nN05B,Anxiolytica\nN06A,Antidepressiva\nN06B,Psychostimulantia\nN06C,Combinaties\n"
    )
    registry = yaml.safe_load((codelists / "codelists.yaml").read_text())
    registry["psychofarmaca_zonder_n05c"] = {
        "file": "psychofarmaca_zonder_n05c.csv", "version": "test", "source": "test", "match": "exact",
    }  # fmt: skip
    (codelists / "codelists.yaml").write_text(yaml.safe_dump(registry))
    base = config(years=YEARS, survey_waves=[])
    cfg = config(
        years=YEARS,
        survey_waves=[],
        reference={"codelists": str(codelists / "codelists.yaml")},
        conditions={"psychofarmaca_zonder_n05c": {"source": "medicijnen", "codelist": "psychofarmaca_zonder_n05c"}},
        themes={"kopp": {"definitions": {**base["themes"]["kopp"]["definitions"],
                "psychofarmaca_zonder_n05c": {"conditions": ["psychofarmaca_zonder_n05c"]}}}},
    )  # fmt: skip
    write_world(tmp_path / "world", kopp_tables(), YEARS)
    validated = ingest_all(tmp_path / "world", tmp_path / "validated", cfg)
    _, _, _, measures = run_kopp(validated, cfg, 2021)
    new = measures[measures["definition"] == "psychofarmaca_zonder_n05c"]
    assert len(new) == 11 * 4  # gemeente + 10 wijken, totaal + 3 age bands
    gem = new[(new["area_code"] == "GM0344") & (new["group"] == "totaal")].iloc[0]
    old = measures[(measures["definition"] == "psychofarmaca") & (measures["area_code"] == "GM0344")
                   & (measures["group"] == "totaal")].iloc[0]  # fmt: skip
    # child 2's mother only uses N05C: in the old definition, not in the new one
    assert (old["n_numerator"], gem["n_numerator"]) == (1, 0)
