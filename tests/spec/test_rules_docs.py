"""docs/rules.md is generated from the rule specs (tests/spec/rules/) and is up to date; the
code cites those rules, never a contract file outside the repository."""

import importlib.util
import re
import sys

from worlds import REPO

DOCS = REPO / "docs" / "rules.md"
CODE_DIRS = ("src", "scripts", "workflow")
EXTERNAL = re.compile(r"measures\.md|inputs\.md|\.\./shared")
CITATION = re.compile(r"docs/rules\.md#([a-z0-9-]+)")


def _spec_docs():
    if "spec_docs" not in sys.modules:
        spec = importlib.util.spec_from_file_location("spec_docs", REPO / "tools" / "spec_docs.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["spec_docs"] = module
        spec.loader.exec_module(module)
    return sys.modules["spec_docs"]


def _code_files():
    for top in CODE_DIRS:
        for path in sorted((REPO / top).rglob("*")):
            skip = {"__pycache__", ".snakemake"} & set(path.parts) or any(
                p.endswith(".egg-info") for p in path.parts
            )
            if path.is_file() and not skip and path.suffix not in (".pyc", ".parquet"):
                yield path


def test_docs_are_up_to_date():
    text = _spec_docs().render()
    assert DOCS.exists() and DOCS.read_text(encoding="utf-8") == text, (
        "docs/rules.md is out of date: run python tools/spec_docs.py to update"
    )


def test_rule_ids_are_unique_and_every_contract_part_is_stated():
    docs = _spec_docs()
    rules = [r for s in docs.sections() for r in s.rules]
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    stated = {part for r in rules for part in r.spec.contract}
    assert set(docs.harness.CONTRACT_PARTS) <= stated, set(docs.harness.CONTRACT_PARTS) - stated


def test_code_cites_no_contract_outside_the_repository():
    found = []
    for path in _code_files():
        for i, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            if EXTERNAL.search(line):
                found.append(f"{path.relative_to(REPO)}:{i}: {line.strip()}")
    assert not found, "cite docs/rules.md#<rule> instead:\n" + "\n".join(found)


def test_code_citations_point_at_rules_that_exist():
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', DOCS.read_text(encoding="utf-8")))
    broken = []
    for path in _code_files():
        for i, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            broken += [
                f"{path.relative_to(REPO)}:{i}: #{a}"
                for a in CITATION.findall(line)
                if a not in anchors
            ]
    assert not broken, "citations of rules docs/rules.md does not have:\n" + "\n".join(broken)
