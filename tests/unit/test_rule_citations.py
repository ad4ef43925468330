"""The code cites every rule of docs/rules.md by its anchor, and only rules that exist.

docs/REVIEWING.md promises a reviewer that `grep -rn "rules.md#k2" src/ workflow/` leads from a
rule to the code that decides it. These tests keep that true: every rule id (`### K2 ...`) is
cited at least once in the code (src/wijkzicht/ and workflow/), and every `rules.md#<anchor>`
cited there names an anchor of docs/rules.md (a rule or a section), so no citation goes stale
when a rule is renumbered or removed.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "docs" / "rules.md"
# the code a citation may sit in: the package and the workflow (a rule decided by the
# workflow's graph, such as which years have newcomer measures, is cited in its .smk file)
CODE_DIRS = [REPO / "src" / "wijkzicht", REPO / "workflow"]
CODE_SUFFIXES = {".py", ".smk", ".js", ".sql", ".typ"}

RULE_HEADING = re.compile(r"^### ([A-Z]\d+) ", re.MULTILINE)
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
CITATION = re.compile(r"rules\.md#([A-Za-z0-9_-]+)")

# Rule ids whose code lies in files other helpers own now (2 December 2026); the lead adds the
# citation and then removes the id here (test_pending_rules_are_not_cited fails once it is
# cited, so this set cannot go stale):
PENDING: set[str] = set()  # every rule is cited now; an id added here must not be cited


def rule_ids(text: str) -> list[str]:
    """The rule ids of docs/rules.md, in order: the `### <ID> <heading>` lines."""
    return RULE_HEADING.findall(text)


def _slug(heading: str) -> str:
    """The anchor a markdown renderer gives a heading (GitHub's rule)."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor of docs/rules.md: the explicit `<a id>` of each rule and section, and the
    slug of each heading (`#how-to-read-the-tables`)."""
    slugs = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}
    return set(ANCHOR.findall(text)) | slugs


def citations(text: str) -> list[str]:
    """The anchors cited in a text as `rules.md#<anchor>`, lower-cased."""
    return [a.lower() for a in CITATION.findall(text)]


def code_citations() -> dict[str, list[str]]:
    """{anchor: ['path:line', ...]} over every code file of CODE_DIRS."""
    out: dict[str, list[str]] = {}
    for root in CODE_DIRS:
        for path in sorted(root.rglob("*")):
            if path.suffix not in CODE_SUFFIXES or not path.is_file():
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for a in citations(line):
                    out.setdefault(a, []).append(f"{path.relative_to(REPO)}:{n}")
    return out


def test_parsers_on_a_small_text():
    doc = '<a id="kopp"></a>\n\n## KOPP/KOV\n\n<a id="k2"></a>\n\n### K2 A child\n\n### K10 x\n'
    assert rule_ids(doc) == ["K2", "K10"]
    assert {"kopp", "k2", "k10-x", "koppkov"} <= anchors(doc)
    line = "x  # (docs/rules.md#k2), docs/rules.md#N10; rules.md#how-to-read-the-tables"
    assert citations(line) == ["k2", "n10", "how-to-read-the-tables"]
    assert citations("docs/rules.md, no anchor") == []


def test_rules_md_has_the_rules():
    ids = rule_ids(RULES.read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids)) >= 50, ids
    assert {"L1", "K2", "E7"} <= set(ids)
    assert set(ids) >= PENDING, f"PENDING names no rule: {sorted(PENDING - set(ids))}"


def test_every_rule_is_cited_in_the_code():
    cited = code_citations()
    ids = rule_ids(RULES.read_text(encoding="utf-8"))
    missing = [i for i in ids if i.lower() not in cited and i not in PENDING]
    assert not missing, (
        f"rules cited nowhere in src/wijkzicht/ or workflow/: {missing}; add "
        "`(docs/rules.md#<id>)` to the docstring of the function that decides each"
    )


def test_pending_rules_are_not_cited():
    cited = code_citations()
    done = sorted(i for i in PENDING if i.lower() in cited)
    assert not done, f"cited now, remove from PENDING: {done} ({[cited[i.lower()] for i in done]})"


def test_no_citation_names_a_missing_anchor():
    known = anchors(RULES.read_text(encoding="utf-8"))
    stale = {a: where for a, where in code_citations().items() if a not in known}
    assert not stale, f"citations of anchors docs/rules.md does not have: {stale}"
