"""Load, validate and cross-check the configuration, and resolve where each input table lives."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from wijkzicht.definitions import THEMES, DefinitionError, implies, parse_definitions
from wijkzicht.definitions.conditions import CODE_SHAPES
from wijkzicht.errors import WijkzichtError
from wijkzicht.inputs.contracts import TABLES, table_years
from wijkzicht.inputs.reference import codelist_files, read_codelists
from wijkzicht.themes.table import CountBound

SYNTHETIC_ROOT = "results/internal/synthetic"
# the synthetic world's stand-in for CBS's Wijk- en Buurtkaart (public geography, no person data)
SYNTHETIC_BOUNDARIES = f"{SYNTHETIC_ROOT}/wijkbuurtkaart.geojson"


class ConfigError(WijkzichtError, ValueError):
    """A configuration that passes the schema but contradicts itself or the reference files."""


def validate_config(cfg: dict, schema_path: str | Path, files: list | tuple = ()) -> dict:
    """Validate against the JSON schema (filling in defaults), then cross-check. Returns the config.

    A ConfigError in the project's form, naming the config `files` (the workflow's config
    files) when given: a schema error as its dotted key and what is wrong, not jsonschema's dump.
    """
    from snakemake.exceptions import WorkflowError
    from snakemake.utils import validate

    named = list(dict.fromkeys(_shown_path(f) for f in files))
    where = f"\n  (config files: {', '.join(named)})" if named else ""
    try:
        validate(cfg, str(schema_path), set_default=True)
    except WorkflowError as err:  # snakemake raises it while handling jsonschema's error
        raise ConfigError(
            "Configuration error:\n  " + schema_error(err.__context__ or err) + where
        ) from None
    try:
        cross_check(cfg)
        check_table_paths(cfg)
    except ConfigError as err:
        raise ConfigError(str(err) + where) from None
    return cfg


def _shown_path(path) -> str:
    """A config file's path as the user gave it: relative to the working directory when inside."""
    full = Path(path).resolve()
    return str(full.relative_to(Path.cwd())) if full.is_relative_to(Path.cwd()) else str(full)


def schema_error(err: Exception) -> str:
    """jsonschema's ValidationError as `<dotted key>: <what is wrong>`; unknown keys named with
    the keys allowed there."""
    path = getattr(err, "absolute_path", None)
    if path is None:  # not a jsonschema error
        return str(err)
    key = ".".join(str(p) for p in path) or "(top level)"
    instance, schema = err.instance, err.schema
    if err.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        unknown = [k for k in instance if k not in allowed]
        what = "; ".join(f"unknown key {k!r}" for k in unknown)
        return f"{key}: {what} (allowed: {', '.join(allowed)})"
    if err.validator == "required":
        missing = [k for k in err.validator_value if k not in instance]
        return f"{key}: " + "; ".join(f"{k!r} is required" for k in missing)
    return f"{key}: {err.message}"


def load_config(path: str | Path, schema_path: str | Path, overrides: dict | None = None) -> dict:
    with open(path, encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh)
    if overrides:
        cfg = deep_update(cfg, overrides)
    return validate_config(cfg, schema_path)


def deep_update(base: dict, new: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_update(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def cross_check(cfg: dict) -> None:
    """What the schema cannot say: names that must refer to each other. The definitions
    (conditions and themes) are checked by parsing them (`wijkzicht.definitions`)."""
    errors = []
    try:
        definitions = parse_definitions(cfg)
    except DefinitionError as err:
        errors.extend(err.errors)
    else:
        errors.extend(codelist_errors(cfg, definitions.conditions))
        if not errors:
            errors.extend(nested_registry_errors(cfg, definitions))
    errors.extend(wave_errors(cfg["years"], cfg.get("survey_waves", [])))
    errors.extend(rounding_errors(cfg.get("disclosure", {}), cfg.get("personas", {})))
    errors.extend(previous_release_errors(cfg))
    for table in cfg["data"]["tables"]:
        if table not in TABLES:
            errors.append(f"data.tables: unknown table {table!r} (known: {', '.join(TABLES)})")
    for key, path in sorted(cfg.get("reference", {}).items()):
        if not Path(path).is_file():  # relative paths are read from the working directory
            errors.append(
                f"reference.{key}: file {path!r} not found from {Path.cwd()}; relative paths "
                "are read from the directory Snakemake runs in (with --directory, give "
                "absolute paths)"
            )
    if errors:
        raise ConfigError("Configuration error:\n  " + "\n  ".join(errors))


def rounding_errors(disclosure: dict, personas: dict | None = None) -> list[str]:
    """A rounding base that does not divide the threshold: refused when the workflow starts.
    Counts are rounded to the nearest multiple, halves up (disclosure.rounding), so with base 3
    and threshold 10 a true 10 is published as 9, which the export gate then refuses as a
    small count (docs/rules.md#e7) at the end of the run. The persona cards' counts
    (`personas.rounding_base`, R8: threshold 12 and base 5 publish a persona of 12 as 10) too."""
    threshold = disclosure.get("threshold", 10)
    bases = [("disclosure.rounding_base", disclosure.get("rounding_base", 0))]
    if personas is not None:
        bases.append(("personas.rounding_base", personas.get("rounding_base", 0)))
    errors = []
    for key, base in bases:
        if not base or threshold % base == 0:
            continue
        shown = (2 * threshold + base) // (2 * base) * base  # round_to_base, in whole numbers
        what = (
            f"a count of {threshold} is published as {shown}, below the threshold, which the "
            "export gate refuses as a small count"
            if shown < threshold
            else f"the threshold is no multiple of the base (a count of {threshold} is "
            f"published as {shown})"
        )
        divisors = ", ".join(str(b) for b in range(2, threshold + 1) if threshold % b == 0)
        errors.append(
            f"{key}: {base} does not divide disclosure.threshold {threshold}: {what}; give a "
            f"base that divides {threshold} ({divisors}) or 0 (no rounding)"
        )
    return errors


def codelist_errors(cfg: dict, conditions) -> list[str]:
    """Each condition's codelists registered in `reference.codelists` and readable, checked when
    the workflow starts rather than in the first job that reads the codes. `conditions`: the
    parsed conditions (`definitions.Condition`, each with `.name` and `.codelists`). A missing
    registry file is reported by the check of the reference files."""
    path = cfg.get("reference", {}).get("codelists")
    if not path or not Path(path).is_file():
        return []
    try:
        registry = read_codelists(path)
    except (OSError, ValueError) as err:
        return [f"reference.codelists: {err}"]
    known = ", ".join(sorted(registry)) or "none"
    errors = [
        f"conditions.{condition.name}: codelist {name!r} is not in the codelist registry "
        f"{path} (known: {known}); add it there with the CSV of its codes (config/README.md, "
        "Codelists)"
        for condition in conditions
        for name in condition.codelists
        if name not in registry
    ]
    files = codelist_files(path)
    seen = set()
    for condition in conditions:
        for setting in condition.settings:
            name = getattr(condition, setting, None)
            if setting in CODE_SHAPES and name in files and (name, setting) not in seen:
                seen.add((name, setting))
                errors.extend(code_shape_errors(name, files[name], setting, condition.name))
    return errors


def code_shape_errors(
    name: str, csv_path: str | Path, setting: str, condition: str = ""
) -> list[str]:
    """Each code of codelist `name` (its CSV) that does not have the shape of the column a
    condition's `setting` compares it with (definitions.conditions.CODE_SHAPES): such a code
    matches nothing, and the measure would publish 0% everywhere as if it were a real zero.
    At most 5 codes named per list, with their line in the CSV."""
    import csv
    import re

    pattern, words = CODE_SHAPES[setting]
    shape = re.compile(pattern)
    bad = []
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = csv.DictReader(fh)
        for row in rows:
            code = (row.get("code") or "").strip()
            if code and not shape.fullmatch(code):
                bad.append(f"line {rows.line_num}: {code!r}")
    if not bad:
        return []
    shown = "; ".join(bad[:5]) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
    return [
        f"{f'conditions.{condition}.{setting}: ' if condition else ''}codelist {name} "
        f"({csv_path}): {shown}: not {words}; a code of "
        "another shape matches no row, and every share would be published as 0% "
        "(config/README.md, Codelists)"
    ]


def nested_registry_errors(cfg: dict, definitions) -> list[str]:
    """Two migratie registry measures of which one lies inside the other (its condition
    implies the other's: `definitions.implication.implies`, with the codelists), or two
    markers of nieuwkomers.concentratie of which one lies inside the other: disclosure control
    bounds definitions inside each other within nieuwkomers.aandeel and kopp.aandeel only
    (docs/rules.md#e7), so their difference (1 to 9 adults or residents in a buurt, say)
    would be published unprotected. Refused until the audit relates them."""
    from wijkzicht.themes.nieuwkomers import count_bounds

    path = cfg.get("reference", {}).get("codelists")
    codelists = read_codelists(path) if path and Path(path).is_file() else None
    errors = []
    if definitions.migratie is not None:
        measures = list(definitions.migratie.definitions)
        errors += [
            f"themes.migratie.definitions: {a.name!r} ({a.condition.name}) lies inside "
            f"{b.name!r} ({b.condition.name}): every adult it counts, {b.name!r} counts too, "
            "and disclosure control does not yet protect the difference of two migratie "
            "measures; keep one of them, or give the narrower one as a KOPP definition "
            "(config/README.md)"
            for i, x in enumerate(measures)
            for y in measures[i + 1 :]
            for a, b in ((x, y), (y, x))
            if implies(a.condition, b.condition, codelists)
        ]
    if definitions.nieuwkomers is not None:
        # nieuwkomers.concentratie's residents with a marker: bounded in aandeel only
        shown = set(definitions.nieuwkomers.concentratie_names)
        errors += [
            f"themes.nieuwkomers.concentratie: {b.lower!r} lies inside {b.upper!r}: disclosure "
            "control does not yet protect the difference of their residents; keep one of them "
            "in concentratie (both stay markers of nieuwkomers.aandeel)"
            for b in count_bounds(definitions.nieuwkomers, codelists)
            if isinstance(b, CountBound) and {b.lower, b.upper} <= shown
        ]
    return errors[:10]


def previous_export(cfg: dict, gemeente: str | None = None) -> Path | None:
    """The folder of the previous release's measures for `gemeente` (default: the config's):
    `previous_release.export/<gemeente>` when it holds `<theme>/measures.csv` (the export of a
    region run, one folder per gemeente), else `previous_release.export` itself; None when no
    previous release is configured."""
    prev = cfg.get("previous_release", {}).get("export", "")
    if not prev:
        return None
    own = Path(prev) / (gemeente or cfg["gemeente"])
    return own if any(own.glob("*/measures.csv")) else Path(prev)


def previous_file(cfg: dict, relative: str) -> list[str]:
    """The previous release's file `relative` to its export folder (`kopp/measures.csv`,
    `organisaties/cijfers.csv`): [] without a previous release, or when it had no such file."""
    folder = previous_export(cfg)
    path = folder / relative if folder else None
    return [str(path)] if path and path.is_file() else []


def previous_measures(cfg: dict, theme: str) -> list[str]:
    """The previous release's measures.csv of `theme` ([] without a previous release, or when
    it had no such theme): read by disclosure control and the comparison of releases."""
    return previous_file(cfg, f"{theme}/measures.csv")


def previous_release_errors(cfg: dict) -> list[str]:
    """`previous_release.export` must hold a release's measures for each gemeente of the run:
    a wrong folder would otherwise make every figure 'new' and protect nothing across the two
    releases."""
    prev = cfg.get("previous_release", {}).get("export", "")
    if not prev:
        return []
    if not Path(prev).is_dir():
        return [f"previous_release.export: folder {prev!r} not found from {Path.cwd()}"]
    own = (Path.cwd() / "results").resolve()
    if Path(prev).resolve().is_relative_to(own):
        return [
            f"previous_release.export: {prev!r} lies in this run's own results/ folder, which "
            "this run writes over (a release there would be deleted before the jobs read it). "
            "Copy the previous release's export folder elsewhere first (e.g. cp -a "
            "results/export releases/2024), name that copy, and keep it: it is the release "
            "the next one must protect"
        ]
    errors = []
    for gm in run_gemeenten(cfg):
        folder = previous_export(cfg, gm)
        if not any(folder.glob("*/measures.csv")):
            errors.append(
                f"previous_release.export: no <theme>/measures.csv in {prev!r} (nor in "
                f"{prev}/{gm}) for gemeente {gm}; give the previous release's export folder (its "
                "results/export, or the unpacked release's export folder), which holds "
                "kopp/measures.csv and the other themes"
            )
            continue
        settings = previous_settings_errors(cfg, folder / "manifest.json", gm)
        errors.extend(
            settings
            or [
                *previous_definition_errors(cfg, folder),
                *previous_key_errors(cfg, folder, gm),
                *previous_persona_errors(cfg, folder),
            ]
        )
    return list(dict.fromkeys(errors))  # the reason, said per gemeente, once


# the disclosure settings a release must share with the previous one it names
SAME_DISCLOSURE = ("threshold", "publish_zeros", "rounding_base")


def previous_settings_errors(cfg: dict, manifest: Path, gemeente: str | None = None) -> list[str]:
    """The previous release's disclosure settings (its manifest's config) must be this run's:
    what it published stays published (`disclosure.control.protect`), which protects the two
    releases together only under the same rule. A higher threshold now would hide rows that
    release published (10 to 14 persons under 15) while their counts stay public, and the new
    pattern could give other counts away beside them."""
    import json

    if not manifest.is_file():
        return [
            f"previous_release.export: no manifest.json in {str(manifest.parent)!r}: the "
            "previous release's disclosure settings are unknown (a release's export folder "
            "holds its manifest.json)"
        ]
    try:
        config = json.loads(manifest.read_text(encoding="utf-8"))["config"]
        before = config["disclosure"]
    except (ValueError, KeyError, TypeError) as err:
        return [f"previous_release.export: {manifest} has no config.disclosure ({err})"]
    gemeente = gemeente or cfg["gemeente"]
    if config.get("gemeente") != gemeente:  # another gemeente's release shares no row
        return [
            f"previous_release.export: {manifest.parent} is a release of "
            f"{config.get('gemeente')!r}, this run's gemeente is {gemeente!r}; give the export "
            f"folder of {gemeente}'s previous release (in a region's export: its {gemeente} "
            "folder)"
        ]
    now = cfg["disclosure"]
    differ = [k for k in SAME_DISCLOSURE if before.get(k) != now.get(k)]
    return [
        f"previous_release.export: the previous release ({manifest.parent}) was made with "
        f"disclosure.{k}: {before.get(k)!r}, this run has {now.get(k)!r}; what that release "
        "published is public, so a release naming it must use its disclosure settings (with "
        f"another {k} the two releases together can give small counts away). Keep "
        f"disclosure.{k}: {before.get(k)!r}, or leave previous_release.export empty only for a "
        "release that replaces one never made public"
        for k in differ
    ]


# where a measure's definition is set in the config, for the messages
def _definition_key(theme: str, measure: str, definition: str) -> str:
    t = f"themes.{theme}"
    keys = {
        "kopp.aandeel": f"{t}.definitions.{definition}",
        "kopp.jeugdteam": f"{t}.jeugdteam",
        "kopp.overlap": f"{t}.overlap_conditions",
        "kopp.ouders_onbekend": f"{t}.min_age/max_age",
        "migratie.k10_hoog": f"{t}.survey",
        "migratie.eenzaam": f"{t}.survey",
        "migratie.zorgkloof": f"{t}.definitions.{definition} and {t}.survey",
        "migratie.or_ggz": f"{t}.definitions.{definition}",
        f"migratie.{definition}": f"{t}.definitions.{definition}",
        "nieuwkomers.aandeel": f"{t}.definitions.{definition}",
        "nieuwkomers.concentratie": f"{t}.concentratie ({definition})",
    }
    return keys.get(measure, t)


def _codelist_hashes(cfg: dict) -> dict[str, str | None]:
    """This run's codelists: name -> sha256 of its CSV file (None: the file is missing)."""
    from wijkzicht.inputs.reference import codelist_files
    from wijkzicht.release.manifest import sha256

    path = cfg.get("reference", {}).get("codelists")
    try:
        listed = codelist_files(path) if path and Path(path).is_file() else {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}  # reported by codelist_errors
    return {name: sha256(f) if Path(f).is_file() else None for name, f in listed.items()}


# the measures whose rows carry a definition of their own name (a KOPP definition, a migratie
# registry measure, a nieuwkomers marker), which a changed definition can take anew
def _named(measure: str, definition: str) -> bool:
    return measure in ("kopp.aandeel", "nieuwkomers.aandeel", f"migratie.{definition}")


def _changed_definition(
    folder: Path, theme: str, measure: str, definition: str, before: dict | None,
    now: dict | None,
) -> str:  # fmt: skip
    """The message for a definition the previous release published that this run lacks
    (`now` None) or has with another meaning (`before`: its parts, None when unknown)."""
    key = _definition_key(theme, measure, definition)
    differ = []
    if now is not None and before is not None:
        # the keys both have with another value (a condition no longer referred to follows
        # from its definition's key); else whatever differs
        differ = sorted(k for k in now.keys() & before.keys() if now[k] != before[k]) or sorted(
            k for k in now.keys() | before.keys() if now.get(k) != before.get(k)
        )
    what = "this run has it with other settings or codelists"
    if now is None:
        what = "this run does not have it"
    elif differ:
        what = "this run has another " + ", ".join(
            f"{k} (the codes in its file)" if k.startswith("codelists.") and k in before else k
            for k in differ
        )
    restore = f"put back {', '.join(differ or [key])} as the previous release had it"
    if now is None:
        restore = f"put back {key} as the previous release had it"
    advice = restore
    if measure.startswith("migratie."):
        # two migratie measures of which one lies inside the other are refused at start-up
        # (definitions: docs/rules.md#e7), so a narrowed one under a new name is no way out
        advice = (
            f"keep {definition!r} as it was ({restore}); a changed one may stand beside it "
            "under a new name only when neither lies inside the other: a narrower migratie "
            "measure beside a published one is refused (disclosure control does not protect "
            "their difference yet; config/README.md, Conditions), as a KOPP definition it "
            "is possible"
        )
    elif _named(measure, definition):
        advice = (
            f"keep {definition!r} as it was ({restore}), and add the changed one under a new "
            f"name, e.g. '{definition}_2' (a changed codelist under a new name in the codelist "
            "registry, with a condition of its own)"
        )
    return (
        f"previous_release.export: {key} (theme {theme}, {measure} {definition!r}): the "
        f"previous release ({folder}) published it, {what}; {advice}"
    )


# said once after the definitions the previous release published that this run changed
WHY_SAME_DEFINITIONS = (
    "previous_release.export: why: what the previous release published is public. Counted the "
    "same way, its figures are published again with the same counts; a definition it "
    "published changed under the same name (a narrower codelist, say), or dropped for a "
    "narrower one under a new name, gives new counts that nothing in this release's "
    "disclosure check ties to the old ones, and the two releases together can give small "
    "counts away. A definition kept as it was beside a changed one under a new name is "
    "checked together with it. Leave previous_release.export empty only for a release that "
    "replaces one never made public (README, 'A second release of the same data names the "
    "first')"
)


def previous_definition_errors(cfg: dict, folder: Path) -> list[str]:
    """Every definition the previous release (export `folder`) published, in this run with the
    same meaning: the same settings and the same content of every codelist it reads (the
    fingerprints of `release.manifest.definition_parts`). Its rows are public; a definition
    changed under the same name (a narrower codelist, say) gives other counts that nothing in
    this release's audit ties to them, and a definition dropped for a narrower one under a new
    name does the same; kept as it was, its rows are published again with the same counts, or
    the audit relates the new definition to it (`definitions.implication`). A release made
    before releases recorded fingerprints: they are computed the same way from its
    manifest.json (the config it was made with, its codelist files' sha256)."""
    import json

    from wijkzicht.release import manifest as mf

    published = {
        p.parent.name: pairs
        for p in sorted(folder.glob(f"*/{mf.MEASURES}"))
        if p.parent.name in THEMES and (pairs := mf.published_definitions(p))
    }
    if not published:
        return []
    try:
        before = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        config_before = before["config"]
    except (OSError, ValueError, KeyError, TypeError):  # reported by previous_settings_errors
        return []
    recorded = before.get("definitions")
    if not (isinstance(recorded, dict)
            and recorded.get("fingerprint_version") == mf.FINGERPRINT_VERSION):  # fmt: skip
        recorded = None  # made before fingerprints (or another version): computed here
    codelists_before = mf.codelist_hashes(before.get("inputs") or {})
    if recorded is None and not isinstance(config_before.get("themes"), dict):
        return [
            f"previous_release.export: the manifest.json of {str(folder)!r} does not say which "
            "definitions the previous release published (no fingerprints, no config.themes), so "
            "this run cannot check that it counts them the same way. Give the export folder as "
            "the pipeline wrote it (with the manifest.json of that run), or leave "
            "previous_release.export empty only for a release that replaces one never made public"
        ]
    now = _codelist_hashes(cfg)
    errors = []
    for theme, pairs in published.items():
        if not isinstance((cfg.get("themes") or {}).get(theme), dict):
            errors.append(
                f"previous_release.export: the previous release ({folder}) published theme "
                f"{theme}, this run has no themes.{theme}; keep themes.{theme} as it was"
            )
            continue
        for measure, definition in pairs:
            parts_before = mf.definition_parts(
                config_before, codelists_before, theme, measure, definition
            )
            if recorded is not None:
                was = recorded.get("themes", {}).get(theme, {}).get(measure, {}).get(definition)
            else:
                was = None if parts_before is None else mf.fingerprint(parts_before)
            parts = mf.definition_parts(cfg, now, theme, measure, definition)
            if parts is not None and mf.fingerprint(parts) == was:
                continue
            errors.append(_changed_definition(folder, theme, measure, definition,
                                              parts_before, parts))  # fmt: skip
    return [*errors, WHY_SAME_DEFINITIONS] if errors else []


def _published_keys(folder: Path, years) -> tuple[set[str], set[str]]:
    """(area codes, herkomst groups) of the rows the previous release (export `folder`)
    published (status ok) for one of `years` (a row of another year has another key): its
    themes' measures.csv (group herkomst) and personas.csv (column herkomst)."""
    import csv

    areas: set[str] = set()
    groups: set[str] = set()
    wanted = {str(y) for y in years}
    for theme in THEMES:
        for name in ("measures.csv", "personas.csv"):
            path = folder / theme / name
            if not path.is_file():
                continue
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if row.get("status") != "ok" or row.get("year", "") not in wanted:
                        continue
                    areas.add(row.get("area_code", ""))
                    if name == "personas.csv":
                        groups.add(row.get("herkomst", ""))
                    elif row.get("group") == "herkomst":
                        groups.add(row.get("group_value", ""))
    return areas - {""}, groups - {""}


def _keys_before(
    before: dict, manifest: Path, what: str, now_path: str
) -> tuple[dict | None, str | None]:
    """(mapping, None) of the previous release's `what` (buurten or herkomst): as its manifest
    recorded it, or for a release made before releases recorded them, read from its
    reference file where that is still the file it used (its path in the manifest, relative
    to that run's folder, with the recorded sha256; or this run's file with that sha256);
    (None, the reason) when it cannot be known."""
    from wijkzicht.release import manifest as mf

    recorded = before.get("keys")
    if (isinstance(recorded, dict) and recorded.get("keys_version") == mf.KEYS_VERSION
            and isinstance(recorded.get(what), dict)):  # fmt: skip
        return recorded[what], None
    key = {"buurten": "geography", "herkomst": "countries"}[what]
    entry = (before.get("inputs") or {}).get(f"reference/{key}")
    if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)):
        return None, f"its manifest.json records neither the mapping nor reference.{key}"
    root = mf.run_root(manifest) or Path()
    for candidate in (root / str(entry.get("path", "")), Path(now_path)):
        if candidate.is_file() and mf.sha256(candidate) == entry["sha256"]:
            gemeente = (before.get("config") or {}).get("gemeente")
            read = (mf.area_keys(candidate, gemeente) if what == "buurten"
                    else mf.herkomst_keys(candidate))  # fmt: skip
            return read, None
    return None, (
        f"its manifest.json does not record the mapping (a release made before releases "
        f"recorded it), and the reference.{key} it was made with ({entry.get('path')}, sha256 "
        f"{entry['sha256'][:12]}...) is not this run's file and is not found at "
        f"{root / str(entry.get('path', ''))}"
    )


# said once after the buurten (areas) or countries (herkomst) whose meaning changed
WHY_SAME_KEYS = {
    "areas": (
        "previous_release.export: why: what the previous release published is public. Its wijk "
        "rows counted the residents of the buurten that lay in the wijk then; the same rows "
        "counting other buurten, published beside them, give the difference away: the count "
        "of the buurt that moved, often small and suppressed in both releases (README, 'A "
        "second release of the same data names the first')"
    ),
    "herkomst": (
        "previous_release.export: why: what the previous release published is public. Its "
        "herkomst rows counted the residents born in the countries of the group then; the same "
        "rows counting other countries, published beside them, give the difference away: the "
        "count of the country that moved, often small and suppressed in both releases (README, "
        "'A second release of the same data names the first')"
    ),
}


def _made_with(before: dict, key: str) -> str:
    """' (path, sha256 ...)' of the previous release's reference file `key`, as its manifest
    names it ('' when it does not)."""
    entry = (before.get("inputs") or {}).get(f"reference/{key}")
    if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)):
        return ""
    return f" ({entry.get('path')}, sha256 {entry['sha256'][:12]}...)"


def _one_level(parts: dict) -> dict:
    """`parts` with each dict value spread into its keys (`personas.merge_order`), so that a
    message names the setting that differs, not the whole block."""
    out = {}
    for k, v in parts.items():
        if isinstance(v, dict):
            out.update({f"{k}.{sub}": x for sub, x in v.items()})
        else:
            out[k] = v
    return out


def previous_persona_errors(cfg: dict, folder: Path) -> list[str]:
    """The persona cards the previous release (export `folder`) published for a year this run
    makes cards for again must be made the same way: the same `personas` settings, age bands
    and zorg_steun conditions (`release.manifest.persona_parts`, from its manifest's config and
    codelist hashes). Cards of one year made another way (another merge order, say) cut the
    same persons along other attributes: one card less the other is a small group (an
    attacker, Z9: a published 20 beside a published 25 gave 7 children of other origin). Cards
    of other years may be made another way."""
    import json

    import pandas as pd

    from wijkzicht.release.manifest import codelist_hashes, persona_parts

    published: set[tuple[str, int]] = set()
    for f in sorted(folder.glob("*/personas.csv")):
        try:
            cards = pd.read_csv(f, dtype=str, keep_default_na=False)
            ok = cards[cards["status"] == "ok"]
            published |= {(t, int(y)) for t, y in zip(ok["theme"], ok["year"], strict=True)}
        except (OSError, ValueError, KeyError) as err:
            return [f"previous_release.export: {f} cannot be read as persona cards ({err})"]
    personas = cfg.get("personas") or {}
    years = [int(y) for y in personas.get("years") or [max(cfg["years"])]]
    themes = set(personas.get("themes") or {})
    again = sorted(f"{t} {y}" for t, y in published if y in years and t in themes)
    if not again:
        return []
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    before = _one_level(
        persona_parts(manifest["config"], codelist_hashes(manifest.get("inputs", {})))
    )
    now = _one_level(persona_parts(cfg, _codelist_hashes(cfg)))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    return [
        f"previous_release.export: the previous release ({folder}) published persona cards "
        f"({', '.join(again)}) made with {k}: {before.get(k)!r}; this run has {now.get(k)!r}. "
        "Cards of the same year made another way cut the same persons along other attributes, "
        "and the two sets together give small groups away. Keep "
        f"{k} as it was, or make cards of other years only (personas.years)"
        for k in differ
    ]


def previous_key_errors(cfg: dict, folder: Path, gemeente: str | None = None) -> list[str]:
    """The keys of the rows the previous release (export `folder`) published mean the same in
    this run: every buurt of `gemeente` lies in the same wijk (reference.geography) and every
    country counts in the same herkomst group (reference.countries), as far as a wijk or group
    of a published row of one of this run's years is concerned. A buurt in another wijk under
    the same codes (a new CBS edition, say) makes the old and the new rows of both wijken
    differ by its residents; a country in another group does the same for the groups. A
    release made before releases recorded these mappings (its manifest's `keys`): read from
    its reference files where they are still the files it used, else refused with what
    cannot be checked."""
    import json

    from wijkzicht.release import manifest as mf

    gemeente = gemeente or cfg["gemeente"]
    areas, groups = _published_keys(folder, cfg.get("years", []))
    if not areas and not groups:
        return []
    manifest = folder / "manifest.json"
    try:
        before = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # reported by previous_settings_errors
        return []
    if not isinstance(before, dict):
        return []
    reference = cfg.get("reference") or {}
    errors = []
    geography = str(reference.get("geography", ""))
    if areas and Path(geography).is_file():
        now = mf.area_keys(geography, gemeente)
        old, why = _keys_before(before, manifest, "buurten", geography)
        if old is None and areas & {b["wijk"] for b in now.values()}:
            moved = [_unknown_keys(folder, "geography", "wijk", why)]
        else:
            moved = _moved_buurten(folder, old or {}, now, areas, _made_with(before, "geography"))
        errors += [*moved, WHY_SAME_KEYS["areas"]] if moved else []
    countries = str(reference.get("countries", ""))
    if groups and Path(countries).is_file():
        now = mf.herkomst_keys(countries)
        old, why = _keys_before(before, manifest, "herkomst", countries)
        if old is None:
            moved = [_unknown_keys(folder, "countries", "herkomst", why)]
        else:
            moved = _moved_countries(folder, old, now, groups, _made_with(before, "countries"))
        errors += [*moved, WHY_SAME_KEYS["herkomst"]] if moved else []
    return errors


def _unknown_keys(folder: Path, key: str, rows: str, why: str | None) -> str:
    return (
        f"previous_release.export: reference.{key}: the previous release ({folder}) published "
        f"{rows} rows, and this run cannot check that its reference.{key} gives them the same "
        f"meaning: {why}. "
        + (
            f"Put that file back at that path, or give reference.{key} that file (the one "
            "with the sha256 its manifest.json records)"
            if "not found at" in why
            else "Give the export folder as the pipeline wrote it (with the manifest.json of "
            "that run)"
        )
        + ", or leave previous_release.export empty only for a release that replaces one "
        "never made public"
    )


def _moved_buurten(
    folder: Path, old: dict, now: dict, published: set[str], made_with: str = ""
) -> list[str]:
    """A message per buurt in another wijk now, where one of both wijken had a published row
    (`made_with`: the previous release's file, for the advice)."""
    errors = []
    for code in sorted(old.keys() & now.keys()):
        was, new = old[code], now[code]
        if not (isinstance(was, dict) and isinstance(new, dict)):
            continue
        if was.get("wijk") == new.get("wijk") or not {was.get("wijk"), new["wijk"]} & published:
            continue
        named = [f"{w} ({n})" for w, n in ((was.get("wijk"), was.get("wijk_name")),
                                            (new["wijk"], new["wijk_name"])) if w in published]  # fmt: skip
        errors.append(
            f"previous_release.export: reference.geography: buurt {code} ({new['buurt']}) lay in "
            f"wijk {was.get('wijk')} ({was.get('wijk_name')}) in the previous release "
            f"({folder}), and lies in wijk {new['wijk']} ({new['wijk_name']}) in this run's "
            f"reference.geography; that release published rows of wijk {' and '.join(named)}, "
            "which would now count other buurten under the same code. For a release of the "
            "same data give reference.geography the edition the previous release was made "
            f"with{made_with}; a new edition only in a release of other years than the "
            "previous one"
        )
    return errors


def _moved_countries(
    folder: Path, old: dict, now: dict, published: set[str], made_with: str = ""
) -> list[str]:
    """A message per country in another herkomst group now (not listed: onbekend), where one
    of both groups had a published row (`made_with`: the previous release's file)."""
    from wijkzicht.inputs.reference import HERKOMST_ONBEKEND

    def group(mapping: dict, code: str) -> str:
        entry = mapping.get(code)
        return (
            entry.get("herkomst", HERKOMST_ONBEKEND)
            if isinstance(entry, dict)
            else HERKOMST_ONBEKEND
        )

    errors = []
    for code in sorted(old.keys() | now.keys()):
        was, new = group(old, code), group(now, code)
        if was == new or not {was, new} & published:
            continue
        name = (now.get(code) or old.get(code) or {}).get("country", code)
        named = " and ".join(repr(g) for g in (was, new) if g in published)
        errors.append(
            f"previous_release.export: reference.countries: country {code} ({name}) counted in "
            f"herkomst group {was!r} in the previous release ({folder}), and counts in {new!r} "
            f"in this run's reference.countries; that release published rows of {named}, "
            "which would now count other countries under the same name. Give "
            f"reference.countries the file the previous release was made with{made_with}; "
            "another grouping only in a release of other years than the previous one"
        )
    return errors


def wave_errors(years: list[int], waves: list[int]) -> list[str]:
    """A survey wave must be one of the years; the message says what to set instead: the
    waves that are (none: an empty list, a run without survey)."""
    outside = [w for w in waves if w not in years]
    if not outside:
        return []
    within = [w for w in waves if w in years]
    what = (
        f"wave {outside[0]} is not"
        if len(outside) == 1
        else f"waves {', '.join(map(str, outside))} are not"
    )
    fix = f"here {within}" if within else "here [] (no survey wave)"
    return [
        f"survey_waves: {what} one of years {years}; set survey_waves to the waves "
        f"within years, {fix}"
    ]


def rule_resources(cfg: dict, rule: str) -> dict:
    """{threads, mem_mb} of a rule's jobs: `resources.<rule>`, and `resources.default` for
    what it leaves out (a rule not listed: `default` alone). Every rule declares its threads
    and memory with it (workflow/rules/common.smk `job_resources`)."""
    res = cfg["resources"]
    return {**res["default"], **res.get(rule, {})}


def run_gemeenten(cfg: dict) -> list[str]:
    """The gemeenten of this run, in config order: `gemeenten` (a GGD region), or when that
    is empty the one `gemeente` (the single run)."""
    return list(cfg.get("gemeenten") or [cfg["gemeente"]])


def is_region(cfg: dict) -> bool:
    """True for a region run (`gemeenten` non-empty, even with one entry): results per
    gemeente under `results/{internal,export,release}/<GM>/` and a region overview; False
    for the single run of `gemeente` with the results layout without a gemeente folder."""
    return bool(cfg.get("gemeenten"))


def check_region(cfg: dict) -> None:
    """Every gemeente of `gemeenten` must be in the geography reference (`reference.geography`).
    Raises ConfigError naming the missing codes and the file."""
    from wijkzicht.inputs.reference import read_geography

    path = cfg["reference"]["geography"]
    known = set(read_geography(path)["gemeente_code"])
    missing = [gm for gm in cfg.get("gemeenten", []) if gm not in known]
    if missing:
        raise ConfigError(
            f"Configuration error:\n  gemeenten: {', '.join(missing)} not in the geography "
            f"reference {path} (it holds {', '.join(sorted(known))})"
        )


def uses_synthetic(cfg: dict) -> bool:
    return not cfg["data"]["root"] and not cfg["data"]["tables"]


def boundaries_path(cfg: dict) -> str | None:
    """The boundaries file the maps are drawn on: `boundaries.path`; when empty, with synthetic
    data and `synthetic.boundaries`, the synthetic world's own; else None (no maps)."""
    if cfg["boundaries"]["path"]:
        return cfg["boundaries"]["path"]
    if uses_synthetic(cfg) and cfg["synthetic"]["boundaries"]:
        return SYNTHETIC_BOUNDARIES
    return None


def unkeyed_tables(cfg: dict) -> list[str]:
    """The registrations read without RINPERSOON and linked probabilistically:
    `synthetic.unkeyed` for the synthetic world, else `data.unkeyed` (sorted)."""
    return sorted(cfg["synthetic" if uses_synthetic(cfg) else "data"]["unkeyed"])


def map_levels(cfg: dict) -> tuple[str, ...]:
    """The area levels with a map of each theme's main measure: wijk, and buurt when the
    measures have buurt rows (`buurt.registry_measures`)."""
    return ("wijk", "buurt") if cfg["buurt"]["registry_measures"] else ("wijk",)


SYNTHETIC_BOUNDARIES_SOURCE = {
    "nl": "fictieve grenzen van de synthetische wereld",
    "en": "fictitious boundaries of the synthetic world",
}


def boundaries_source(cfg: dict) -> str:
    """The words for the boundaries on a map's 'Bron:' line: `boundaries.source`, or for the
    synthetic world's own boundaries words that say they are made up."""
    if boundaries_path(cfg) == SYNTHETIC_BOUNDARIES and not cfg["boundaries"]["path"]:
        return SYNTHETIC_BOUNDARIES_SOURCE[cfg["language"]]
    return cfg["boundaries"]["source"]


def data_root(cfg: dict) -> str:
    return SYNTHETIC_ROOT if uses_synthetic(cfg) else cfg["data"]["root"]


def data_format(cfg: dict) -> str:
    return cfg["synthetic"]["format"] if uses_synthetic(cfg) else cfg["data"]["format"]


def check_table_paths(cfg: dict) -> None:
    """Explicit table paths (`data.tables`) that cannot be right.

    A per-year table takes a path with `{year}` or a mapping year -> path with a path for
    every year it is read; one fixed path would silently reuse one year's file for all years.
    A table that is not per year takes one path without `{year}`.

    Raises ConfigError naming the table, the path and what is expected.
    """
    errors = []
    for table, spec in cfg["data"]["tables"].items():
        if table not in TABLES:
            continue  # reported by cross_check
        tbl = TABLES[table]
        where = f"data.tables.{table}"
        if not tbl.per_year:
            if not isinstance(spec, str) or "{year}" in spec:
                errors.append(
                    f"{where}: {table} is one file for all years; give one path without "
                    f"{{year}} (got {spec!r})"
                )
            continue
        if isinstance(spec, str):
            if "{year}" not in spec:
                errors.append(
                    f"{where}: {table} is a table per year, but the path {spec!r} has no "
                    f"{{year}}; write the path with {{year}} (e.g. .../{table}{{year}}.parquet) "
                    f"or give one path per year (2021: .../{table}2021V2.parquet)"
                )
            continue
        years = {_year_key(where, k, errors) for k in spec}
        needed = set(table_years(tbl, cfg["years"], cfg["survey_waves"]))
        missing = sorted(needed - years)
        if missing:
            errors.append(
                f"{where}: no path for year(s) {', '.join(map(str, missing))} "
                f"(paths given for {', '.join(str(y) for y in sorted(y for y in years if y))})"
            )
        # one file given for several years: each year would read every year's rows (a file
        # with all years, or a copied line), and nothing in a file tells its year
        by_path: dict[str, list[str]] = {}
        for k, path in spec.items():
            if _year_key(where, k, []) in needed:
                by_path.setdefault(str(path), []).append(str(k))
        for path, ys in by_path.items():
            if len(ys) > 1:
                errors.append(
                    f"{where}: the same file {path!r} for the years {', '.join(sorted(ys))}; "
                    f"{table} is a table per year: give each year the file of that year (a "
                    f"file holding several years must be split by year first)"
                )
    if errors:
        raise ConfigError("Configuration error:\n  " + "\n  ".join(errors))


def _year_key(where: str, key, errors: list[str]) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        errors.append(f"{where}: {key!r} is not a year")
        return None


def input_path(cfg: dict, table: str, year: int | None = None) -> str:
    """The file holding `table` (of `year`): an explicit path, else the root layout.

    An explicit path of a per-year table is a `{year}` pattern or a mapping year -> path
    (checked by `check_table_paths`).
    """
    explicit = cfg["data"]["tables"].get(table)
    if explicit:
        if isinstance(explicit, dict):
            by_year = {int(k): v for k, v in explicit.items()}
            return by_year[year]
        return explicit.format(year=year) if year is not None else explicit
    stem = f"{table}{year}" if year is not None else table
    return f"{data_root(cfg)}/{table}/{stem}.{data_format(cfg)}"


def input_files(cfg: dict) -> list[tuple[str, int | None]]:
    """Every (table, year) the pipeline reads; year None for tables not published per year."""
    out: list[tuple[str, int | None]] = []
    for name, tbl in TABLES.items():
        if tbl.per_year:
            out.extend((name, y) for y in table_years(tbl, cfg["years"], cfg["survey_waves"]))
        else:
            out.append((name, None))
    return out
