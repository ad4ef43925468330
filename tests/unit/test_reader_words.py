"""Words the reader pages share: a term the style guide retired stays out of every reader string
of the output modules (their word tables, labels and docstrings), so that a figure axis or an alt
text cannot keep it after the report and the dashboard dropped it (review of 1 December)."""

import importlib
import inspect
import pkgutil
import re

import pytest

import wijkzicht.outputs

MODULES = [
    importlib.import_module(f"wijkzicht.outputs.{m.name}")
    for m in pkgutil.iter_modules(wijkzicht.outputs.__path__)
]
# 'gestandaardiseerd naar leeftijd en geslacht' became 'gecorrigeerd voor leeftijd en geslacht
# (gestandaardiseerd)' / 'adjusted for age and sex (standardised)' (STYLE.md: the plain word first)
RETIRED = re.compile(r"gestandaardiseerd naar|standardi[sz]ed (for|to) age", re.IGNORECASE)


def strings(value, seen=None):
    """Every string in a module-level value: dicts (keys and values), lists, tuples, sets."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k, seen)
            yield from strings(v, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from strings(v, seen)


def reader_strings(module):
    """The word tables of a module (TEXT, WORDS, FIGURE_WORDS, METHODS, ...) and its docstrings,
    with line breaks and indentation made single spaces."""
    for name, value in vars(module).items():
        if name.isupper():
            yield from (f"{name}: {s}" for s in strings(value))
        elif (
            inspect.isfunction(value) or inspect.isclass(value)
        ) and value.__module__ == module.__name__:
            yield f"{name}: {value.__doc__ or ''}"
    yield f"module: {module.__doc__ or ''}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_no_reader_string_says_standardised_to_age_and_sex(module):
    found = [s for s in reader_strings(module) if RETIRED.search(" ".join(s.split()))]
    assert not found, found


def test_the_scan_finds_the_retired_term():
    """The scan reaches the tables this review found it in (figure_specs.TEXT, report.FIGURE_WORDS,
    a labels docstring): a string put back there is found."""
    from wijkzicht.outputs import figure_specs, labels, report

    assert any(
        "adults_std" in s or "Percentage van de volwassenen" in s
        for s in reader_strings(figure_specs)
    )
    assert any("95%-interval als band" in s for s in reader_strings(report))
    assert any(s.startswith("method_label: ") for s in reader_strings(labels))
