"""The version of the package's code each rule's script runs (`pipeline.code`, every rule's
`params: code=script_code(...)`): a new version of wijkzicht reruns the jobs whose code
changed, and only those. Snakemake reruns a job when its script changes, not when a module
the script imports does: before this, a release made after a code update could hold tables
made by the old code while its manifest named the new one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from worlds import REPO

from wijkzicht.pipeline.code import code_version, script_version, source_files


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.fixture
def tree(tmp_path):
    """A package `wijkzicht` under src/ and a script: `a` imports `b` inside a function,
    `pkg` imports its modules by name at run time, `c` is imported by no one."""
    write(tmp_path, {
        "src/wijkzicht/__init__.py": "",
        "src/wijkzicht/a.py": "def f():\n    from wijkzicht import b\n    return b.g()\n",
        "src/wijkzicht/b.py": (
            "from .sub.d import h\n\nPAGE = 'page.js'\n\ndef g():\n    return h()\n"
        ),
        "src/wijkzicht/c.py": "X = 1\n",
        "src/wijkzicht/sub/__init__.py": "",
        "src/wijkzicht/sub/d.py": "def h():\n    return 1\n",
        "src/wijkzicht/pkg/__init__.py": (
            "import importlib\n\ndef __getattr__(name):\n"
            "    return importlib.import_module(f'{__name__}.x').thing\n"
        ),
        "src/wijkzicht/pkg/x.py": "thing = 2\n",
        # a script file of the package that b reads by name (as the dashboard's dashboard.js)
        "src/wijkzicht/page.js": "draw();\n",
        "src/wijkzicht/other.js": "unused();\n",
        "scripts/job.py": "import pandas\nfrom wijkzicht.a import f\nfrom wijkzicht.pkg import thing\n",
    })  # fmt: skip
    return tmp_path


def test_the_closure_follows_lazy_relative_and_dynamic_imports(tree):
    files = source_files(tree / "scripts/job.py", tree / "src")
    rel = {f.relative_to((tree / "src").resolve()).as_posix() for f in files}
    assert rel == {
        "wijkzicht/__init__.py", "wijkzicht/a.py", "wijkzicht/b.py",  # b: inside a function
        "wijkzicht/page.js",  # named by b
        "wijkzicht/sub/__init__.py", "wijkzicht/sub/d.py",  # a relative import of b
        "wijkzicht/pkg/__init__.py", "wijkzicht/pkg/x.py",  # imported by name at run time
    }  # fmt: skip


def test_the_version_changes_with_a_module_the_script_runs_only(tree):
    before = script_version.__wrapped__(tree, "job")
    (tree / "src/wijkzicht/c.py").write_text("X = 2\n")  # imported by no one
    assert script_version.__wrapped__(tree, "job") == before
    (tree / "src/wijkzicht/other.js").write_text("changed();\n")  # named by no module
    assert script_version.__wrapped__(tree, "job") == before
    (tree / "src/wijkzicht/page.js").write_text("draw(2);\n")  # a new dashboard script (U5)
    changed = script_version.__wrapped__(tree, "job")
    assert changed != before
    (tree / "src/wijkzicht/sub/d.py").write_text("def h():\n    return 3\n")
    assert script_version.__wrapped__(tree, "job") != changed


def test_the_version_is_of_paths_and_bytes(tree):
    src = tree / "src"
    a, b = src / "wijkzicht/a.py", src / "wijkzicht/b.py"
    assert code_version([a, b], src) == code_version([b, a], src)  # order does not matter
    assert code_version([a], src) != code_version([b], src)


def test_the_jobs_of_a_module_are_those_that_run_it():
    """On the package itself: a change to the report reruns the page jobs, not the counts;
    one to the kopp theme reruns the kopp jobs, not the ingest."""
    src = REPO / "src"

    def runs(script: str, module: str) -> bool:
        return (src / module).resolve() in source_files(REPO / f"scripts/{script}.py", src)

    assert runs("pages", "wijkzicht/outputs/report.py")
    # the dashboard's script, pasted into the page: a change to it reruns the dashboard (U5)
    assert runs("dashboard", "wijkzicht/outputs/dashboard.js")
    assert not runs("kopp", "wijkzicht/outputs/dashboard.js")
    assert not runs("kopp", "wijkzicht/outputs/report.py")
    assert runs("kopp", "wijkzicht/themes/kopp.py")
    assert runs("export_measures", "wijkzicht/disclosure/audit.py")
    assert not runs("ingest", "wijkzicht/themes/kopp.py")


def test_every_rule_with_a_script_has_the_version_of_its_code():
    """Each rule's params hold code=script_code("<its script>"): a rule added without it would
    not rerun when the modules its script imports change."""
    missing = []
    for smk in sorted((REPO / "workflow").rglob("*.smk")):
        blocks = re.split(r"\n\s*(?:rule\b|use rule\b)", smk.read_text())
        for block in blocks:
            script = re.search(r"script:\s*\n\s*\"[./]*scripts/(\w+)\.py\"", block)
            if script and f'code=script_code("{script[1]}")' not in block:
                missing.append(f"{smk.name}: {script[1]}")
    assert not missing, missing
