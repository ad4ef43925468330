"""What a release proves about its code (U6): besides the package's hash, the commit, the code
paths changed since it (uncommitted), and a hash of the workflow's own files (Snakefile, rule
files, scripts), which hold logic too (which years have newcomer measures, what a rule hands
its job) and were in no hash."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from wijkzicht.pipeline import code
from wijkzicht.release import manifest


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for rel, text in {
        "Snakefile": "include: 'workflow/rules/a.smk'\n",
        "workflow/rules/a.smk": "rule a:\n    params: years=[2022]\n",
        "workflow/profiles/slurm/config.yaml": "jobs: 10\n",
        "scripts/a.py": "print('a')\n",
        "src/wijkzicht/__init__.py": "",
        "tests/test_a.py": "",
    }.items():
        f = repo / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    return repo


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True, capture_output=True,
    )  # fmt: skip


def test_workflow_version_follows_rules_and_scripts_not_profiles(tmp_path):
    repo = _repo(tmp_path)
    names = [f.relative_to(repo).as_posix() for f in code.workflow_files(repo)]
    assert names == ["Snakefile", "scripts/a.py", "workflow/rules/a.smk"]
    before = code.workflow_version.__wrapped__(repo)
    (repo / "workflow/profiles/slurm/config.yaml").write_text("jobs: 20\n")
    assert code.workflow_version.__wrapped__(repo) == before  # where jobs run, not what
    (repo / "workflow/rules/a.smk").write_text("rule a:\n    params: years=[2023]\n")
    assert code.workflow_version.__wrapped__(repo) != before


def test_git_state_names_uncommitted_code_not_tests(tmp_path):
    repo = _repo(tmp_path)
    assert code.git_state(repo) == {"git_commit": None, "uncommitted": None}  # not a checkout
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "x")
    state = code.git_state(repo)
    assert len(state["git_commit"]) == 40 and state["uncommitted"] == []
    (repo / "scripts/a.py").write_text("print('b')\n")
    (repo / "src/wijkzicht/new.py").write_text("")
    (repo / "tests/test_a.py").write_text("x = 1\n")  # not code a release runs
    assert code.git_state(repo)["uncommitted"] == ["scripts/a.py", "src/wijkzicht/new.py"]


def test_the_manifest_records_the_workflow_state(tmp_path):
    out = tmp_path / "export" / "x.csv"
    out.parent.mkdir()
    out.write_text("a\n")
    state = {"git_commit": "0" * 40, "uncommitted": ["scripts/a.py"], "workflow_sha256": "ab"}
    m = manifest.build({}, [str(out)], out.parent, {"synthetic": {"seed": 1}}, tmp_path, True,
                       code=state)  # fmt: skip
    manifest.write(m, tmp_path / "manifest.json")
    back = json.loads((tmp_path / "manifest.json").read_text())["code"]
    assert back["uncommitted"] == ["scripts/a.py"] and back["workflow_sha256"] == "ab"
    assert back["git_commit"] == "0" * 40 and len(back["package_sha256"]) == 64


def test_the_manifest_rule_is_handed_the_workflow_state():
    repo = Path(__file__).resolve().parents[2]
    rules = (repo / "workflow/rules/export.smk").read_text()
    manifest_rule = rules.split("rule manifest:", 1)[1].split("\nrule ", 1)[0]
    assert "workflow=WORKFLOW_STATE" in manifest_rule
    assert "code=snakemake.params.workflow" in (repo / "scripts/manifest.py").read_text()
