"""Privacy levels in the DAG: only the disclosure steps read internal files and write releasable
ones; everything else that writes under results/export/ reads releasable files or config only."""

import re

import pytest
from worlds import REPO, snakemake

from wijkzicht.pipeline.config import SYNTHETIC_BOUNDARIES

pytestmark = pytest.mark.e2e

# the rules that turn internal data into releasable data, each applying disclosure control
# (export_measures: the measures and the persona tables, each through its own LP audit,
# disclosure/personas.py;
# export_organisation_figures: protect() as the themes, with the register's residents per wijk as
# one table (disclosure.residents); export_public_figures: CBS's public Kerncijfers and those
# residents with the statuses decided there)
DISCLOSURE_RULES = {
    "export_measures", "linkage_report", "export_organisation_figures",
    "export_public_figures",
}  # fmt: skip
# the manifest reads the raw inputs only to hash them; no value of them is written
HASH_ONLY = {"manifest"}
# summaries the release notes quote: disclosure summaries (suppressions per table) and the survey
# design notes (number of strata, strata treated by survey.lonely_psu); no person-level values
RELEASE_NOTES = ("results/internal/disclosure/", "results/internal/migratie/survey_design")
# made from the code alone, no data (rule dashboard_assets): read by the dashboard
ASSETS = "results/assets/"
# the synthetic world's Wijk- en Buurtkaart: public geography (boundaries), read by the pages
PUBLIC_GEOGRAPHY = {SYNTHETIC_BOUNDARIES}


def jobs(text: str) -> list[dict]:
    out = []
    for block in re.split(r"\n(?=(?:local)?rule \w+:)", text):
        m = re.match(r"(?:local)?rule (\w+):", block.strip())
        if not m:
            continue
        job = {"rule": m[1], "input": [], "output": []}
        for key in ("input", "output"):
            found = re.search(rf"^\s+{key}: (.*)$", block, re.M)
            if found:
                job[key] = [p.strip() for p in found[1].split(",") if p.strip()]
        out.append(job)
    return out


def test_only_disclosure_rules_cross_from_internal_to_export(tmp_path):
    run = snakemake(tmp_path, {"synthetic": {"n_residents": 500}}, "--dry-run", "--forceall")
    assert run.returncode == 0, run.stderr[-3000:]
    found = jobs(run.stdout)
    assert {j["rule"] for j in found} >= {
        "export_measures",
        "pages_kopp",
        "bundle",
    }
    for j in found:
        releasable = [
            o for o in j["output"] if o.startswith(("results/export/", "results/release/"))
        ]
        if not releasable or j["rule"] in DISCLOSURE_RULES | HASH_ONLY:
            continue
        internal = [i for i in j["input"] if i.startswith("results/internal/")
                    and i != "results/internal/export_gate.txt" and i not in PUBLIC_GEOGRAPHY
                    and not (j["rule"] == "bundle" and i.startswith(RELEASE_NOTES))]  # fmt: skip
        assert not internal, f"rule {j['rule']} writes {releasable} from internal files {internal}"
    # every internal output stays internal: no rule writes person-level files to the export;
    # results/assets/ holds what is made from the code alone (the dashboard's Vega script and
    # chart specifications): only a job that reads no file but the package's code writes there
    code = str(REPO / "src/wijkzicht") + "/"
    for j in found:
        for o in j["output"]:
            if o.startswith(ASSETS):
                data = [i for i in j["input"] if not (i.startswith(code) and i.endswith(".py"))]
                assert not data, f"rule {j['rule']} writes {o} from files {data}"
                continue
            assert o.startswith(("results/internal/", "results/export/", "results/release/")), o
    assert any(o.startswith(ASSETS) for j in found for o in j["output"])  # dashboard_assets
