"""Where the aggregate sources live: the partners' figure files, their indicator register and
the Kerncijfers editions (config keys `organisation_figures` and `public_figures`).

Like the person tables (`data.root` empty: the synthetic world), an empty key means the
synthetic world's files when the world is synthetic, and no such source with real data.
"""

from __future__ import annotations

from wijkzicht.pipeline.config import SYNTHETIC_ROOT, ConfigError, uses_synthetic

# what rule synthetic_aggregates writes
SYNTHETIC_PARTNERS = ("huisartsen", "woningcorporatie", "buurtteam")
SYNTHETIC_ORGANISATIONS = f"{SYNTHETIC_ROOT}/ORGANISATIES"
SYNTHETIC_KERNCIJFERS = f"{SYNTHETIC_ROOT}/KERNCIJFERS/KERNCIJFERS{{year}}.csv"


def organisation_files(cfg: dict) -> list[str]:
    """The partners' figure files: `organisation_figures.files`, else (synthetic world) the
    synthetic partners', else none."""
    if cfg["organisation_figures"]["files"]:
        return list(cfg["organisation_figures"]["files"])
    if uses_synthetic(cfg):
        return [f"{SYNTHETIC_ORGANISATIONS}/{p}.csv" for p in SYNTHETIC_PARTNERS]
    return []


def organisation_register(cfg: dict) -> list[str]:
    """The indicator register (a list of one path, or none without partners' files)."""
    if cfg["organisation_figures"]["indicators"]:
        return [cfg["organisation_figures"]["indicators"]]
    if not cfg["organisation_figures"]["files"] and uses_synthetic(cfg):
        return [f"{SYNTHETIC_ORGANISATIONS}/indicatoren.csv"]
    return []


def kerncijfers_path(cfg: dict, year: int) -> str | None:
    """The Kerncijfers edition of `year`: `public_figures.kerncijfers` with `{year}` filled in
    (or its path for that year when it maps years to paths), else (synthetic world) the
    synthetic world's, else None."""
    spec = cfg["public_figures"]["kerncijfers"]
    if isinstance(spec, dict):
        return {int(k): v for k, v in spec.items()}[int(year)]
    if spec:
        return spec.format(year=year)
    return SYNTHETIC_KERNCIJFERS.format(year=year) if uses_synthetic(cfg) else None


def kerncijfers_files(cfg: dict) -> list[str]:
    """The Kerncijfers edition of every configured year, in year order (or none)."""
    paths = [kerncijfers_path(cfg, y) for y in sorted(cfg["years"])]
    return [p for p in paths if p is not None]


def aggregate_files(cfg: dict) -> list[tuple[str, int | None, str]]:
    """(config key, year, path) of every aggregate input, for `check_files_exist`."""
    out = [("organisation_figures.files", None, f) for f in organisation_files(cfg)]
    out += [("organisation_figures.indicators", None, f) for f in organisation_register(cfg)]
    years = sorted(cfg["years"])
    out += [("public_figures.kerncijfers", y, kerncijfers_path(cfg, y)) for y in years]
    return [x for x in out if x[2] is not None]


def check_aggregate_paths(cfg: dict) -> None:
    """What the schema cannot say about the aggregate paths: partners' files need their
    indicator register, and Kerncijfers has one edition per year (a path with `{year}`, or a
    path for every configured year). Raises ConfigError naming the key."""
    errors = []
    org = cfg["organisation_figures"]
    if org["files"] and not org["indicators"]:
        errors.append(
            "organisation_figures.indicators: empty, but organisation_figures.files lists "
            f"{len(org['files'])} file(s); expected the indicator register (CSV) that defines "
            "their indicators"
        )
    spec = cfg["public_figures"]["kerncijfers"]
    years = sorted(cfg["years"])
    if isinstance(spec, str) and spec and "{year}" not in spec and len(years) > 1:
        errors.append(
            f"public_figures.kerncijfers: {spec!r} has no {{year}}, but Kerncijfers has one "
            f"edition per year and {len(years)} years are configured; write the path with "
            "{year} or give a path per year"
        )
    if isinstance(spec, dict):
        given = {int(k) for k in spec}
        missing = [y for y in years if y not in given]
        if missing:
            errors.append(
                f"public_figures.kerncijfers: no path for year(s) {', '.join(map(str, missing))}"
            )
    if errors:
        raise ConfigError("Configuration error:\n  " + "\n  ".join(errors))
