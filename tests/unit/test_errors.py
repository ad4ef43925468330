"""One base class for the package's own errors, and how their messages reach the user:
the message alone, no traceback, exit status 1 (rule scripts and config validation)."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from worlds import snakemake

import wijkzicht
from wijkzicht.errors import WijkzichtError
from wijkzicht.inputs.ingest import InputError
from wijkzicht.pipeline import snake

SKIP = ("wijkzicht.synth",)  # slow to import, defines no errors


def package_exceptions() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(wijkzicht.__path__, "wijkzicht."):
        if info.name.startswith(SKIP):
            continue
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == info.name:
                found[f"{info.name}.{obj.__qualname__}"] = obj
    return found


def test_every_error_of_the_package_is_a_wijkzicht_error():
    errors = package_exceptions()
    assert {
        "wijkzicht.pipeline.config.ConfigError",
        "wijkzicht.inputs.ingest.InputError",
        "wijkzicht.disclosure.gate.ExportError",
        "wijkzicht.disclosure.secondary.ProtectionError",
        "wijkzicht.disclosure.control.DisclosureError",
    } <= set(errors)
    assert [n for n, cls in errors.items() if not issubclass(cls, WijkzichtError)] == []


def test_errors_keep_their_builtin_bases():
    from wijkzicht.disclosure.control import DisclosureError
    from wijkzicht.disclosure.gate import ExportError
    from wijkzicht.disclosure.secondary import ProtectionError
    from wijkzicht.pipeline.config import ConfigError

    for cls in (ConfigError, InputError, ExportError):
        assert issubclass(cls, ValueError)
    for cls in (ProtectionError, DisclosureError):
        assert issubclass(cls, RuntimeError)


@pytest.fixture
def rule(tmp_path):
    yield SimpleNamespace(log=[str(tmp_path / "rule.log")], threads=1, resources={})
    for h in logging.getLogger("wijkzicht").handlers:
        h.close()
    logging.getLogger("wijkzicht").handlers.clear()


def test_rule_script_prints_a_wijkzicht_error_without_traceback(rule, capsys):
    def main(snakemake, log):
        raise InputError("Input table GBAPERSOONTAB: column GBAGESLACHT: 1 row(s)")

    with pytest.raises(SystemExit) as exit_:
        snake.run(rule, main)
    assert exit_.value.code == 1
    logged = Path(rule.log[0]).read_text(encoding="utf-8")
    assert "InputError: Input table GBAPERSOONTAB: column GBAGESLACHT: 1 row(s)" in logged
    err = capsys.readouterr().err
    assert "Input table GBAPERSOONTAB" in err and "Traceback" not in err


def test_rule_script_reraises_any_other_error(rule):
    def main(snakemake, log):
        raise KeyError("bug")

    with pytest.raises(KeyError):
        snake.run(rule, main)
    assert "KeyError: 'bug'" in Path(rule.log[0]).read_text(encoding="utf-8")


def test_rule_script_process_exits_1_with_the_message_only(tmp_path):
    script = textwrap.dedent(
        f"""
        from types import SimpleNamespace
        from wijkzicht.pipeline.config import ConfigError
        from wijkzicht.pipeline.snake import run

        def main(snakemake, log):
            raise ConfigError("themes.kopp: condition 'ggx' is not declared")

        run(SimpleNamespace(log=[{str(tmp_path / "rule.log")!r}], threads=1, resources={{}}), main)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "themes.kopp: condition 'ggx' is not declared" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "condition 'ggx'" in (tmp_path / "rule.log").read_text(encoding="utf-8")


def test_config_error_stops_the_workflow_with_the_message_only(tmp_path):
    # a dry run in tmp_path (Snakefile and scripts from the repository, results in tmp_path)
    run = snakemake(tmp_path, {"years": [2022, 2023], "survey_waves": [2021]}, "-n")
    assert run.returncode == 1
    assert "survey_waves: wave 2021 is not one of years [2022, 2023]" in run.stderr
    out = run.stdout + run.stderr
    assert "Traceback" not in out and 'File "' not in out
    assert not (tmp_path / "results").exists()


def test_one_year_gives_kopp_and_says_why_there_are_no_newcomers(tmp_path):
    # the newcomers of year t are found with the tables of t - 1 too: a run of one year can
    # make kopp's table (the SLURM test does), not nieuwkomers'; that stops with the reason
    world = {"years": [2022], "survey_waves": [2022]}
    (tmp_path / "kopp").mkdir()
    (tmp_path / "nk").mkdir()
    kopp = snakemake(tmp_path / "kopp", world, "-n", "results/internal/measures/kopp.parquet")
    assert kopp.returncode == 0, kopp.stderr[-2000:]
    run = snakemake(tmp_path / "nk", world, "-n", "results/internal/measures/nieuwkomers.parquet")
    assert run.returncode == 1
    out = run.stdout + run.stderr  # Snakemake's InputFunctionException: rule, wildcards, message
    assert "theme nieuwkomers: no year to measure in years [2022]" in out
    assert "add the year before (e.g. years: [2021, 2022])" in out
