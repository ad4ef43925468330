"""The release manifest: hashes of inputs and outputs, the resolved config, code and package versions.

`python -m wijkzicht.release.manifest verify results/export/manifest.json` recomputes every hash
and says plainly what differs: exit status 0 when all match, 1 when anything differs, 2 when the
manifest cannot be read (missing, broken JSON, not a manifest) or the command is wrong. The
inputs' paths are relative to the run's folder (the one results/ sits in), found from the
manifest's place or given with `--root`; `--outputs-only` checks the released files alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from wijkzicht import files
from wijkzicht.errors import WijkzichtError

PACKAGES = [
    "wijkzicht", "snakemake", "pandas", "numpy", "pyarrow", "duckdb", "scipy", "statsmodels",
    "matplotlib", "pyreadstat", "pyyaml", "jsonschema",
]  # fmt: skip
MANIFEST = "manifest.json"


def sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def package_hash() -> str:
    """A hash of the package's source files: the code version when git cannot tell."""
    root = Path(__file__).parents[1]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".yaml", ".sql", ".js"):
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def git_commit(repo: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


def build(
    inputs: dict[str, str], outputs: list[str], export_root: str | Path, config: dict, repo: Path,
    synthetic: bool, code: dict | None = None, count_code: dict | None = None,
) -> dict:  # fmt: skip
    """The manifest as a dict. `inputs` maps a logical name (e.g. 'MEDICIJNTAB/2021') to a path;
    output paths are recorded relative to `export_root`. `config` is the configuration the
    manifest rule received as a parameter; `synthetic` says the inputs were generated (and
    `config.synthetic.seed` made them). `code`: what the workflow knew of its code at start-up
    (the manifest rule's parameter: `git_commit`, `uncommitted`, the code paths changed since
    that commit, and `workflow_sha256`, `pipeline.code.workflow_state`), recorded beside the
    package's hash; without it the commit is read here. `count_code`: the code version of each
    rule that makes counts (`pipeline.code.script_version`, {rule: sha256}), recorded as
    `code.counts`: the next release tells by it whether its figures were made by the same code
    (`release.changes.reasons`) without the package's hash, which any module changes."""
    export_root = Path(export_root)
    hashed = {name: {"path": str(p), "sha256": sha256(p)} for name, p in sorted(inputs.items())}
    return {
        "manifest_version": 1,
        "code": {
            **({"git_commit": git_commit(repo)} if code is None else dict(code)),
            "package_sha256": package_hash(),
            **({"counts": dict(sorted(count_code.items()))} if count_code else {}),
        },
        "versions": versions(),
        "seed": config["synthetic"]["seed"] if synthetic else None,
        "config": config,
        "inputs": hashed,
        "outputs": {
            Path(p).relative_to(export_root).as_posix(): sha256(p)
            for p in sorted(outputs, key=lambda x: Path(x).as_posix())
        },
        "definitions": release_definitions(config, codelist_hashes(hashed), outputs, export_root),
        "keys": release_keys(
            config.get("gemeente"),
            inputs.get("reference/geography"),
            inputs.get("reference/countries"),
        ),  # fmt: skip
    }


# What a published definition means, for the next release that names this one
# (previous_release.export, `pipeline.config.previous_definition_errors`): per theme, per
# measure, per definition that has a published row, the sha256 of its settings (the config
# keys its counts depend on, reader labels left out) and of the content of every codelist it
# reads. The same definition with the same settings and codelists gives the same fingerprint.
FINGERPRINT_VERSION = 1
CODELIST_KEYS = ("codelist", "circuit_codelist", "diagnosis_codelist")
MEASURES = "measures.csv"


def codelist_hashes(inputs: dict) -> dict[str, str | None]:
    """Each codelist's sha256 (of its CSV file's bytes), from a manifest's `inputs`."""
    prefix = "codelist/"
    return {
        name.removeprefix(prefix): entry.get("sha256")
        for name, entry in inputs.items()
        if name.startswith(prefix) and isinstance(entry, dict)
    }


def _unlabelled(spec):
    """A config value without its reader words (`label`): no count depends on them."""
    if isinstance(spec, dict):
        return {k: _unlabelled(v) for k, v in spec.items() if k != "label"}
    return spec


def _condition_parts(config: dict, names, codelists: dict) -> dict:
    """`conditions.<name>` of each condition in `names` (None: not declared) and
    `codelists.<list>`: the sha256 of each codelist they read (None: not known)."""
    declared = config.get("conditions") or {}
    parts = {}
    for name in names:
        spec = declared.get(name)
        parts[f"conditions.{name}"] = _unlabelled(spec) if isinstance(spec, dict) else None
        for key in CODELIST_KEYS:
            if isinstance(spec, dict) and spec.get(key):
                parts[f"codelists.{spec[key]}"] = codelists.get(spec[key])
    return parts


def persona_parts(config: dict, codelists: dict) -> dict:
    """What the persona cards of a run depend on besides the data and its definitions: the
    `personas` settings (targets, attributes, merge order, sizes, zorg_steun), the age bands,
    and each zorg_steun condition with the codelists it reads (`_condition_parts`). Cards of
    one year made with other parts cut the same persons along other attributes."""
    personas = config.get("personas") or {}
    names = sorted({c for cs in (personas.get("zorg_steun") or {}).values() for c in cs})
    return {
        "personas": _unlabelled(personas),
        "age_bands": config.get("age_bands"),
        **_condition_parts(config, names, codelists),
    }


def _marker_names(markers: dict, name: str) -> list[str]:
    """The conditions a nieuwkomers marker reads, with those of the markers of its any_of."""
    spec = markers.get(name) or {}
    names = [*spec.get("conditions_t", []), *spec.get("conditions_t_minus_1", [])]
    for other in spec.get("any_of", []):
        if other != name:
            names += _marker_names({k: v for k, v in markers.items() if k != name}, other)
    return names


def definition_parts(
    config: dict, codelists: dict, theme: str, measure: str, definition: str
) -> dict | None:
    """What the rows of `measure` and `definition` (a row key of `theme`'s measures.csv) count,
    as {config key: its value} from `config` (reader labels left out), with the sha256 of each
    codelist they read (`codelists`: name -> sha256 of its file); None when `config` has no
    such definition (the theme, the definition or the marker is not configured)."""
    themes = config.get("themes") or {}
    spec = themes.get(theme)
    if not isinstance(spec, dict):
        return None
    t = f"themes.{theme}"
    bands = config.get("age_bands") or {}  # a group value names its band: other bands, other rows
    if theme == "kopp":
        parts = {f"{t}.min_age": spec.get("min_age", 0), f"{t}.max_age": spec.get("max_age", 17),
                 "age_bands.kinderen": bands.get("kinderen")}  # fmt: skip
        definitions = spec.get("definitions") or {}
        jeugdteam = spec.get("jeugdteam") or {}

        def aandeel(name: str) -> dict | None:
            d = definitions.get(name)
            if not isinstance(d, dict):
                return None
            conditions = sorted(d.get("conditions", []))
            return {f"{t}.definitions.{name}": conditions,
                    **_condition_parts(config, conditions, codelists)}  # fmt: skip

        if measure == "kopp.aandeel":
            own = aandeel(definition)
            return None if own is None else {**parts, **own}
        if measure == "kopp.jeugdteam":
            own = aandeel(definition)
            if own is None or jeugdteam.get("definition", "breed") != definition:
                return None
            condition = jeugdteam.get("condition", "jeugdteam")
            return {**parts, **own, f"{t}.jeugdteam": {"condition": condition},
                    **_condition_parts(config, [condition], codelists)}  # fmt: skip
        if measure == "kopp.overlap":  # group values name the conditions: their order counts
            names = list(spec.get("overlap_conditions", []))
            return {**parts, f"{t}.overlap_conditions": names,
                    **_condition_parts(config, names, codelists)}  # fmt: skip
        if measure == "kopp.ouders_onbekend":
            return parts
    if theme == "migratie":
        # the age bands: the groups leeftijd, the standardisation and the odds ratios
        parts = {f"{t}.min_age": spec.get("min_age", 18),
                 "age_bands.volwassenen": bands.get("volwassenen")}  # fmt: skip
        survey = spec.get("survey") or {}
        k10 = {k: survey.get(k) for k in ("k10_min_items", "k10_cutoff")}
        registry = spec.get("definitions") or {}

        def measured(name: str) -> dict | None:
            if name not in registry:
                return None
            return {f"{t}.definitions.{name}": registry[name],
                    **_condition_parts(config, [registry[name]], codelists)}  # fmt: skip

        if measure == "migratie.k10_hoog":
            return {**parts, f"{t}.survey.k10": k10}
        if measure == "migratie.eenzaam":
            keys = ("eenzaamheid_negative_items", "eenzaamheid_positive_items",
                    "eenzaamheid_cutoff")  # fmt: skip
            return {**parts, f"{t}.survey.eenzaamheid": {k: survey.get(k) for k in keys}}
        if measure in ("migratie.zorgkloof", "migratie.or_ggz"):
            care = measured(definition)
            if care is None:
                return None
            extra = {f"{t}.survey.k10": k10} if measure == "migratie.zorgkloof" else {}
            return {**parts, **care, **extra}
        if measure == f"migratie.{definition}":
            own = measured(definition)
            return None if own is None else {**parts, **own}
    if theme == "nieuwkomers":
        markers = spec.get("definitions") or {}
        if measure in ("nieuwkomers.aandeel", "nieuwkomers.concentratie"):
            if definition not in markers:
                return None
            names = [definition, *markers[definition].get("any_of", [])]
            parts = {f"{t}.definitions.{n}": _unlabelled(markers.get(n)) for n in names}
            parts.update(_condition_parts(config, _marker_names(markers, definition), codelists))
            if measure == "nieuwkomers.concentratie":
                if definition not in spec.get("concentratie", []):
                    return None
                parts[f"{t}.concentratie"] = definition
            return parts
    # a measure not described above: the whole theme and every condition
    return {t: _unlabelled(spec),
            **_condition_parts(config, sorted(config.get("conditions") or {}), codelists)}  # fmt: skip


def fingerprint(parts: dict) -> str:
    """The sha256 of a definition's parts (`definition_parts`), as canonical JSON."""
    text = json.dumps(
        {"fingerprint_version": FINGERPRINT_VERSION, "parts": parts},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def published_definitions(path: str | Path) -> list[tuple[str, str]]:
    """The (measure, definition) pairs of a measures.csv that have a published row (status
    ok), sorted; [] for a table without these columns."""
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        if not {"measure", "definition", "status"} <= set(rows.fieldnames or ()):
            return []
        return sorted({(r["measure"], r["definition"]) for r in rows if r["status"] == "ok"})


def definition_fingerprints(
    config: dict, codelists: dict, published: dict[str, list[tuple[str, str]]]
) -> dict[str, dict[str, dict[str, str]]]:
    """{theme: {measure: {definition: fingerprint}}} of the `published` pairs of each theme
    that `config` defines (`definition_parts`)."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for theme, pairs in sorted(published.items()):
        for measure, definition in pairs:
            parts = definition_parts(config, codelists, theme, measure, definition)
            if parts is not None:
                out.setdefault(theme, {}).setdefault(measure, {})[definition] = fingerprint(parts)
    return out


def release_definitions(
    config: dict, codelists: dict, outputs: list[str], export_root: str | Path
) -> dict:
    """The manifest's `definitions`: the fingerprint of every definition the release publishes
    (a row with status ok in `<theme>/measures.csv` among `outputs`), for the next release."""
    themes = config.get("themes") or {}
    published = {}
    for p in outputs:
        rel = Path(p).relative_to(export_root).parts
        if len(rel) == 2 and rel[1] == MEASURES and rel[0] in themes:
            published[rel[0]] = published_definitions(p)
    return {
        "fingerprint_version": FINGERPRINT_VERSION,
        "themes": definition_fingerprints(config, codelists, published),
    }


# What the rows' keys mean for this gemeente, for the next release that names this one
# (`pipeline.config.previous_key_errors`): the wijk of each of its buurten (reference.geography)
# and the herkomst group of each country (reference.countries). A buurt placed in another wijk,
# or a country in another group, under the same codes and names gives other counts under the
# same keys: beside this release's rows they give the difference away (the buurt's persons).
KEYS_VERSION = 1


def area_keys(geography: str | Path, gemeente: str) -> dict[str, dict[str, str]]:
    """{buurt code: {buurt, wijk, wijk_name}} of the buurten of `gemeente` in the geography
    reference (other gemeenten's areas are no key of its rows)."""
    from wijkzicht.inputs.reference import read_geography

    geo = read_geography(geography)
    own = geo[geo["gemeente_code"] == gemeente].sort_values("buurt_code")
    return {
        r.buurt_code: {"buurt": r.buurt_name, "wijk": r.wijk_code, "wijk_name": r.wijk_name}
        for r in own.itertuples(index=False)
    }


def herkomst_keys(countries: str | Path) -> dict[str, dict[str, str]]:
    """{country code: {country, herkomst}}: the herkomst group a resident born in that country
    counts in (`population.residents`; a country not listed counts as onbekend)."""
    from wijkzicht.inputs.reference import read_countries

    c = read_countries(countries).sort_values("country_code")
    return {
        r.country_code: {"country": r.country_name, "herkomst": r.herkomst}
        for r in c.itertuples(index=False)
    }


def release_keys(
    gemeente: str | None, geography: str | Path | None, countries: str | Path | None
) -> dict:
    """The manifest's `keys`: the buurt -> wijk mapping of `gemeente` and the country ->
    herkomst mapping (None: that reference file was not among the inputs)."""
    return {
        "keys_version": KEYS_VERSION,
        "gemeente": gemeente,
        "buurten": area_keys(geography, gemeente) if geography and gemeente else None,
        "herkomst": herkomst_keys(countries) if countries else None,
    }


def write(manifest: dict, path: str | Path) -> None:
    """`manifest` as JSON at `path`: keys sorted (stable bytes), except within the run's
    configuration (`config`), which keeps the order it was given in. The order of the
    definitions is part of it: the pages list them in that order, so a rerun from a
    configuration with sorted keys gave other pages (a reviewer's rerun, U6)."""
    text = json.dumps(_sorted_keys(manifest), indent=2, ensure_ascii=False) + "\n"
    files.write_text(text, path)


def _sorted_keys(value, top: bool = True):
    if isinstance(value, dict):
        return {
            k: v if top and k == "config" else _sorted_keys(v, top=False)
            for k, v in sorted(value.items())
        }
    if isinstance(value, list):
        return [_sorted_keys(v, top=False) for v in value]
    return value


class ManifestError(WijkzichtError):
    """The manifest cannot be read as a release manifest: the message names the file, what is
    wrong and what was expected."""


EXPECTED = (
    "expected the release manifest the pipeline writes (results/export/manifest.json): "
    "a JSON object with 'outputs' (file: sha256) and 'inputs' (name: path and sha256)"
)
# the files the release zip (release/bundle.py) adds beside the manifest, written after it
BUNDLE_FILES = ("release.json", "OUTPUTCONTROLE.md")


def load(path: str | Path) -> dict:
    """The manifest at `path`, checked to be one (ManifestError: a missing or unreadable file,
    broken JSON, or JSON that is not a manifest)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such file; {EXPECTED}") from None
    except IsADirectoryError:
        raise ManifestError(f"{path}: a folder, not a file; {EXPECTED}") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8 text; {EXPECTED}") from None
    except OSError as err:
        raise ManifestError(f"{path}: cannot be read ({err.strerror}); {EXPECTED}") from None
    try:
        m = json.loads(text)
    except json.JSONDecodeError as err:
        raise ManifestError(
            f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); {EXPECTED}"
        ) from None
    if not isinstance(m, dict):
        raise ManifestError(f"{path}: JSON {type(m).__name__}, not an object; {EXPECTED}")
    for key in ("outputs", "inputs"):
        if not isinstance(m.get(key), dict):
            what = "missing" if key not in m else f"a {type(m[key]).__name__}, not an object"
            raise ManifestError(f"{path}: '{key}' {what}; {EXPECTED}")
    for rel, digest in m["outputs"].items():
        if not isinstance(digest, str):
            raise ManifestError(f"{path}: output '{rel}' has no sha256 string; {EXPECTED}")
    for name, entry in m["inputs"].items():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("sha256"), str)
        ):
            raise ManifestError(f"{path}: input '{name}' has no path and sha256; {EXPECTED}")
    return m


def run_root(path: str | Path) -> Path | None:
    """The run's folder: the folder the manifest's results/export sits in (the manifest's input
    paths are relative to it); None when the manifest does not sit under a results/export."""
    folder = Path(os.path.abspath(path)).parent
    for d in (folder, *folder.parents):
        if d.name == "export" and d.parent.name == "results":
            return d.parent.parent
    return None


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256(path)
    except OSError:  # e.g. no permission to read it
        return None


def unlisted_files(folder: Path, listed: set[str], skip: Sequence[Path] = ()) -> list[Path]:
    """The files under `folder` whose path relative to it is not in `listed`, sorted; those
    under a folder of `skip` (another release's, `release.stale`) left out."""
    return [
        f
        for f in sorted(folder.rglob("*"))
        if f.is_file()
        and f.relative_to(folder).as_posix() not in listed
        and not any(f.is_relative_to(s) for s in skip)
    ]


def check_outputs(m: dict, folder: Path) -> list[str]:
    """Differences between the manifest's outputs and the files in `folder` (its own folder)."""
    problems = []
    for rel, expected in m["outputs"].items():
        f = folder / rel
        if not f.is_file():
            problems.append(f"output missing: {f}")
        elif (found := _sha256_or_none(f)) is None:
            problems.append(f"output cannot be read: {f}")
        elif found != expected:
            problems.append(
                f"output differs: {f} (sha256 in manifest {expected[:12]}..., now {found[:12]}...)"
            )
    listed = set(m["outputs"]) | {MANIFEST}
    bundle = folder / "release.json"
    if bundle.is_file():  # an unpacked release zip: its release.json must list the same hashes
        listed |= set(BUNDLE_FILES)
        problems += _check_bundle(m, bundle, folder)
    problems += [f"output not in manifest: {f}" for f in unlisted_files(folder, listed)]
    return problems


def _check_bundle(m: dict, release: Path, folder: Path) -> list[str]:
    """release.json of an unpacked release zip against the manifest: the same files with the
    same hashes (and the manifest's own hash)."""
    try:
        files = json.loads(release.read_text(encoding="utf-8")).get("files")
    except (ValueError, AttributeError):
        files = None
    if not isinstance(files, dict):
        return [f"output differs: {release} (not a release zip's release.json: no 'files')"]
    expected = {**m["outputs"], MANIFEST: sha256(folder / MANIFEST)}
    wrong = sorted(k for k in set(files) | set(expected) if files.get(k) != expected.get(k))
    if wrong:
        return [
            f"output differs: {release} (its hash of {', '.join(wrong[:5])} is not the manifest's)"
        ]
    return []


def input_file(path: str, root: Path, moves: Sequence[tuple[Path, Path]] = ()) -> Path:
    """Where an input the manifest records at `path` is now: a relative path under `root`
    (the run's folder); an absolute path as it is, or, under the first folder FROM of `moves`
    (FROM, TO) it lies in, at the same place under TO (a release's microdata copied to
    another machine or folder)."""
    p = Path(path)
    if not p.is_absolute():
        return root / p
    for old, new in moves:
        if p.is_relative_to(old):
            return new / p.relative_to(old)
    return p


def check_inputs(m: dict, root: Path, moves: Sequence[tuple[Path, Path]] = ()) -> list[str]:
    """Differences between the manifest's inputs and the files now on disk (`input_file`: a
    relative input path looked for under `root`, the run's folder; an absolute one where it
    is, or moved by `moves`)."""
    problems = []
    for name, entry in m["inputs"].items():
        f = input_file(entry["path"], root, moves)
        if not f.is_file():
            problems.append(f"input missing: {name} ({f})")
        elif (found := _sha256_or_none(f)) is None:
            problems.append(f"input cannot be read: {name} ({f})")
        elif found != entry["sha256"]:
            problems.append(
                f"input differs: {name} ({f}; sha256 in manifest {entry['sha256'][:12]}..., "
                f"now {found[:12]}...)"
            )
    return problems


def verify(
    path: str | Path,
    root: str | Path | None = None,
    outputs_only: bool = False,
    moves: Sequence[tuple[Path, Path]] = (),
) -> list[str]:
    """Differences between the manifest at `path` and the files now on disk (empty: all match).
    Relative input paths are looked for under `root`, by default the run's folder (`run_root`),
    else the current folder; absolute ones where they are, or moved by `moves` (`input_file`);
    `outputs_only`: the inputs are not checked."""
    path = Path(path)
    m = load(path)
    problems = check_outputs(m, path.parent)
    if not outputs_only:
        here = Path(root) if root is not None else run_root(path) or Path()
        problems += check_inputs(m, here, moves)
    return problems


def _where(m: dict, where: str, moves: Sequence[tuple[Path, Path]]) -> str:
    """Where the inputs were looked for, truthfully: relative paths under `where`, absolute
    paths at themselves or where `--move` put them."""
    paths = [Path(e["path"]) for e in m["inputs"].values()]
    relative = sum(not p.is_absolute() for p in paths)
    absolute = [p for p in paths if p.is_absolute()]
    moved = sum(any(p.is_relative_to(old) for old, _ in moves) for p in absolute)
    parts = []
    if relative:
        parts.append(f"{relative} with a relative path under {where}")
    if absolute:
        kept = len(absolute) - moved
        parts += [f"{moved} moved by --move"] if moved else []
        if kept:
            shown = ", ".join(sorted({str(p.parent) for p in absolute})[:3])
            parts.append(
                f"{kept} with an absolute path at that path (--root does not move them; "
                f"--move FROM=TO does; e.g. under {shown})"
            )
    return "; ".join(parts) if parts else "(the manifest lists no inputs)"


def _moves(values: Sequence[str]) -> list[tuple[Path, Path]]:
    out = []
    for v in values:
        old, sep, new = v.partition("=")
        if not sep or not old or not new:
            raise ValueError(f"--move {v}: expected FROM=TO, two folders")
        out.append((Path(old), Path(new)))
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m wijkzicht.release.manifest",
        description="Recompute every hash of a release manifest and say what differs "
        "(exit status 0: all match, 1: something differs, 2: the manifest or the command "
        "cannot be used).",
    )
    p.add_argument("command", choices=["verify"])
    p.add_argument("manifest", help="the manifest, e.g. results/export/manifest.json")
    p.add_argument(
        "--root",
        help="the run's folder, under which the manifest's relative input paths are looked for "
        "(default: the folder the manifest's results/export sits in)",
    )
    p.add_argument(
        "--move",
        action="append",
        default=[],
        metavar="FROM=TO",
        help="an input recorded with an absolute path under the folder FROM is looked for at "
        "the same place under TO (microdata copied to another machine or folder); repeatable",
    )
    p.add_argument(
        "--outputs-only",
        action="store_true",
        help="check the outputs only, not the inputs (for a release without its microdata, "
        "e.g. the unpacked release zip)",
    )
    return p


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # a usage error (status 2) or --help (status 0)
        return int(stop.code or 0)
    path = Path(args.manifest)
    try:
        m = load(path)
    except ManifestError as err:
        print(f"verify: {err}", file=sys.stderr)
        # a region run's export: one release per gemeente, results/export/<GM>/manifest.json
        releases = [] if path.exists() else sorted(path.parent.glob(f"*/{MANIFEST}"))
        if releases:
            shown = ", ".join(str(r) for r in releases[:3]) + (", ..." if len(releases) > 3 else "")
            print(
                f"verify: {path.parent} holds {len(releases)} release(s) in folders of their "
                f"own, as a GGD region run writes one per gemeente: verify each manifest, "
                f"{shown}",
                file=sys.stderr,
            )
        return 2
    if args.root is not None:
        root = Path(args.root)
        if not root.is_dir():
            print(f"verify: --root {root}: no such folder; expected the run's folder, the "
                  "one that holds results/", file=sys.stderr)  # fmt: skip
            return 2
        where = f"{root.absolute()}, given with --root"
    elif (found := run_root(path)) is not None:
        root = found
        where = f"{root}, the folder the manifest's results/export sits in"
    else:
        root = Path()
        where = f"{Path.cwd()}, the current folder (the manifest is not in a results/export folder)"
    try:
        moves = _moves(args.move)
    except ValueError as err:
        print(f"verify: {err}", file=sys.stderr)
        return 2
    where = _where(m, where, moves)
    problems = check_outputs(m, path.parent)
    n_out, n_in = len(m["outputs"]), len(m["inputs"])
    if not args.outputs_only:
        problems += check_inputs(m, root, moves)
    if problems:
        print(f"verify: {len(problems)} difference(s) with {path}:")
        for p in problems:
            print("  " + p)
    if extra := sum(p.startswith("output not in manifest:") for p in problems):
        print(
            f"verify: {extra} file(s) beside the release are not in its manifest: no part of "
            "this release (the release zip leaves them out), e.g. files an earlier run made "
            "that this one did not; make run (python -m wijkzicht.pipeline.run) moves those "
            "to results/internal/export_earlier/ at the end of a finished run"
        )
    if (path.parent / "release.json").is_file():
        print(
            "verify: release.json and OUTPUTCONTROLE.md are the release zip's own files, not in "
            "the manifest: release.json's hashes checked against it, OUTPUTCONTROLE.md (a "
            "summary for the output check) not checked"
        )
    if args.outputs_only:
        print(
            f"verify: {'' if problems else f'all {n_out} outputs match {path}; '}"
            f"the {n_in} inputs were not checked (--outputs-only)"
        )
    elif missing := sum(p.startswith("input missing:") for p in problems):
        print(
            f"verify: {missing} of {n_in} inputs missing; looked for: {where}. Give the "
            "run's folder with --root (and a moved folder of inputs with --move FROM=TO), or "
            "without the microdata check the outputs alone with --outputs-only"
        )
    elif not problems:
        print(f"verify: all {n_out} outputs and {n_in} inputs match {path}")
        print(f"verify: inputs looked for: {where}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
