"""What every definition type shares: the error type, named collections, labels and wording helpers.

Definition objects are frozen dataclasses holding tuples, so they are immutable, hashable and
have a deterministic repr. Snakemake decides reruns on the repr of params, but only of builtin
values (a bare dataclass is left out of the comparison): rules pass definition objects inside a
dict, whose repr includes theirs (see `Definitions.param`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from wijkzicht.errors import WijkzichtError

LANGUAGES = ("nl", "en")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class DefinitionError(WijkzichtError, ValueError):
    """Definitions in the configuration that refer to names that do not exist, or contradict
    themselves. `errors` holds one message per problem, each naming the config key, the bad
    value and what is allowed."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("Definition error:\n  " + "\n  ".join(self.errors))


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


@dataclass(frozen=True)
class Wording:
    """A label given in the configuration (`label: {nl: ..., en: ...}`); empty: generated."""

    nl: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return getattr(self, check_lang(lang))


def wording(spec: dict | None) -> Wording | None:
    if not spec:
        return None
    return Wording(nl=str(spec.get("nl", "")), en=str(spec.get("en", "")))


T = TypeVar("T")


@dataclass(frozen=True)
class Named(Generic[T]):
    """An ordered, immutable collection of objects with a `name`, looked up by name."""

    items: tuple[T, ...] = ()

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, name: object) -> bool:
        return any(x.name == name for x in self.items)

    def __getitem__(self, name: str) -> T:
        for x in self.items:
            if x.name == name:
                return x
        raise KeyError(f"{name!r} is not one of {', '.join(self.names) or 'nothing'}")

    def get(self, name: str, default=None):
        return next((x for x in self.items if x.name == name), default)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(x.name for x in self.items)


# ------------------------------------------------------------------------------ wording


def human(name: str) -> str:
    """A configured name (a codelist, say) as words: underscores become spaces."""
    return name.replace("_", " ")


def join_or(words: list[str] | tuple[str, ...], lang: str) -> str:
    """'a', 'a of b', 'a, b of c' (en: or)."""
    words = list(words)
    last = " of " if check_lang(lang) == "nl" else " or "
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + last + words[-1]


def join_list(words: list[str] | tuple[str, ...]) -> str:
    """Items that may themselves contain 'of': separated by semicolons."""
    return "; ".join(words)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(value: float) -> str:
    """30.0 -> '30', 2.5 -> '2.5'."""
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)
