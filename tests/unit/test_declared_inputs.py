"""Every value or file a job reads is a declared params: or input: of its rule.

A rule script or package module that reads `snakemake.config` depends on a value Snakemake
does not know about: changing it would rerun nothing, and a release could state a value its
numbers were not made with. This check fails on any such read.
"""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ALLOWED = {
    "input",
    "output",
    "params",
    "wildcards",
    "log",
    "threads",
    "resources",
    "scriptdir",
    "rule",
}


def _reads(path: Path) -> list[str]:
    """`snakemake.<attr>` reads in a file other than the declared job attributes."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = path.relative_to(REPO) if path.is_relative_to(REPO) else path.name
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "snakemake"
            and node.attr not in ALLOWED
        ):
            found.append(f"{name}:{node.lineno}: snakemake.{node.attr}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr":
            args = node.args
            if len(args) >= 2 and getattr(args[0], "id", None) == "snakemake":
                name = getattr(args[1], "value", None)
                if name not in ALLOWED:
                    found.append(f"{name}:{node.lineno}: getattr(snakemake, {name!r})")
    return found


def test_no_script_or_module_reads_snakemake_config():
    files = sorted([*(REPO / "scripts").glob("*.py"), *(REPO / "src").rglob("*.py")])
    assert len(files) > 40
    bad = [hit for f in files for hit in _reads(f)]
    assert not bad, (
        "read these values through params: or input: of the rule instead:\n" + "\n".join(bad)
    )


def test_the_check_finds_a_config_read(tmp_path):
    # the check itself can fail
    f = tmp_path / "probe.py"
    f.write_text(
        'x = snakemake.config["disclosure"]\ny = getattr(snakemake, "config")\nz = snakemake.params.k\n'
    )
    assert len(_reads(f)) == 2


def test_every_job_naming_the_persona_cards_sources_gets_zorg_steun():
    """The persona cards' Bron line names the conditions of config personas.zorg_steun's care
    categories (figure_specs.persona_tables): each job that draws persona cards (dashboard,
    infographic in the pages, factsheets) has it as a param and its script passes it on;
    without it the line falls back to every known condition."""
    rules = (REPO / "workflow/rules/export.smk").read_text(encoding="utf-8")
    for rule, script in (
        ("rule dashboard:", "dashboard.py"),
        ("rule factsheets:", "factsheet.py"),
        ('f"pages_{theme}"', "pages.py"),
    ):
        body = rules[rules.index(rule) :].split("\nrule ", 1)[0].split("\n    rule:", 1)[0]
        params = body.split("params:", 1)[1].split("script:", 1)[0]
        assert 'zorg_steun=config["personas"]["zorg_steun"],' in params, rule
        assert "zorg_steun=" in (REPO / "scripts" / script).read_text(encoding="utf-8"), script
