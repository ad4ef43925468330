"""Where the aggregate sources live: the partners' figure files and the Kerncijfers editions
(config keys `organisation_figures` and `public_figures`)."""

from __future__ import annotations

from wijkzicht.pipeline.config import ConfigError


def kerncijfers_path(cfg: dict, year: int) -> str:
    """The Kerncijfers edition of `year`: `public_figures.kerncijfers` with `{year}` filled in,
    or its path for that year when it maps years to paths."""
    spec = cfg["public_figures"]["kerncijfers"]
    if isinstance(spec, dict):
        return {int(k): v for k, v in spec.items()}[int(year)]
    return spec.format(year=year)


def aggregate_files(cfg: dict) -> list[tuple[str, int | None, str]]:
    """(config key, year, path) of every aggregate input, for `check_files_exist`."""
    org = cfg["organisation_figures"]
    out = [("organisation_figures.files", None, f) for f in org["files"]]
    if org["indicators"]:
        out.append(("organisation_figures.indicators", None, org["indicators"]))
    out += [
        ("public_figures.kerncijfers", y, kerncijfers_path(cfg, y)) for y in sorted(cfg["years"])
    ]
    return out


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
    if isinstance(spec, str) and "{year}" not in spec and len(years) > 1:
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
