"""What the page jobs load at start-up: every job is a new process, and the jobs after the
measures all run again when a year is added. A library a job does not use must not be loaded
by importing the modules its script imports (about 0.3 to 1 CPU s each)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from worlds import REPO

# rule script -> the modules it imports (scripts/<name>.py), and what they must not load
JOBS = {
    # rules pages_<theme>: the maps' module (geopandas) is imported only with boundaries
    "pages": ["statsmodels.stats.multitest", "wijkzicht.outputs.pages"],
    "factsheet": ["wijkzicht.outputs.factsheet"],
    "dashboard": ["wijkzicht.outputs.dashboard"],
    "workbook": ["wijkzicht.outputs.workbook"],
    "export_gate": ["wijkzicht.disclosure.gate"],
}
# geopandas, shapely, pyproj: only with wijk boundaries (the maps); altair, vl_convert: rule
# dashboard_assets; statsmodels, scipy.stats: the findings (in the pages jobs) and the models
NOT_LOADED = [
    "geopandas",
    "shapely",
    "pyproj",
    "altair",
    "vl_convert",
    "statsmodels",
    "scipy.stats",
]
# what a job uses of them: the pages' findings test with scipy.stats and correct with
# statsmodels (Holm)
USES = {"pages": {"statsmodels", "scipy.stats"}}


def loaded(modules: list[str]) -> list[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in ["wijkzicht.pipeline.snake", *modules])
        + f"print(' '.join(m for m in {NOT_LOADED!r} if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.split()


@pytest.mark.parametrize("job", sorted(JOBS))
def test_page_job_loads_no_library_it_does_not_use(job):
    assert set(loaded(JOBS[job])) - USES.get(job, set()) == set()


def test_the_check_sees_a_loaded_library():
    # the same check on a module that does load one of them: it can fail
    assert "geopandas" in loaded(["wijkzicht.outputs.maps"])
