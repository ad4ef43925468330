# Config validation and every input function; rule files hold rules only.
from pathlib import Path

from wijkzicht import paths
from wijkzicht.definitions import parse_definitions
from wijkzicht.population.conditions import SOURCES
from wijkzicht.population.reach import NARROWED, PREVIOUS
from wijkzicht.pipeline.aggregates import (
    SYNTHETIC_KERNCIJFERS,
    SYNTHETIC_ORGANISATIONS,
    SYNTHETIC_PARTNERS,
    aggregate_files,
    check_aggregate_paths,
    kerncijfers_files,
    organisation_files,
    organisation_register,
)
from wijkzicht.pipeline.config import (
    SYNTHETIC_ROOT,
    input_files,
    input_path,
    is_region,
    previous_export,
    previous_file,
    previous_measures,
    rule_resources,
    run_gemeenten,
    unkeyed_tables,
    uses_synthetic,
    validate_config,
)
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.ingest_jobs import national_tables, wide_tables, year_tables
from wijkzicht.inputs.reference import read_geography
from wijkzicht.outputs.catalogue import FIGURES
from wijkzicht.pipeline.snake import expose_package, pin_blas_threads
from wijkzicht.disclosure.residents import population_ages, residents_inputs
from wijkzicht.pipeline.code import script_version, workflow_state
from wijkzicht.release.changes import OTHER_MEASURES

expose_package(Path(workflow.basedir) / "src")
pin_blas_threads()

from wijkzicht.errors import WijkzichtError

try:
    validate_config(
        config,
        Path(workflow.basedir) / "workflow/schemas/config.schema.yaml",
        workflow.configfiles,
    )
    check_aggregate_paths(config)
except WijkzichtError as err:  # the user's to fix: the message alone, exit status 1
    raise SystemExit(str(err)) from None
DEFINITIONS = parse_definitions(config)
if not uses_synthetic(config):
    # a missing table or year is named before anything runs
    from wijkzicht.inputs.crosscheck import check_files_exist

    try:
        check_files_exist(
            [(t, y, input_path(config, t, y)) for t, y in input_files(config)]
            + aggregate_files(config),
            f"data.root {config['data']['root']!r}, data.format {config['data']['format']}"
            + (", data.tables" if config["data"]["tables"] else "")
            + (
                "; data.tables is set, so no synthetic world is made: every other table "
                "is read from data.root (docs/sources.md)"
                if config["data"]["tables"] and not config["data"]["root"]
                else ""
            ),
        )
    except WijkzichtError as err:
        raise SystemExit(str(err)) from None

YEARS = sorted(config["years"])
INTERNAL = paths.INTERNAL
EXPORT = paths.EXPORT
LOGS = f"{INTERNAL}/logs"
BENCH = f"{INTERNAL}/benchmarks"
# the dashboard's parts without data (the Vega script, the chart specifications): rule
# dashboard_assets, once per run
DASHBOARD_ASSETS = "results/assets/dashboard.json"


# what the release records of the workflow's code (wijkzicht.pipeline.code.workflow_state)
WORKFLOW_STATE = workflow_state(workflow.basedir)


def script_code(name):
    """The version of the package's code that scripts/<name>.py runs (the modules it
    imports, followed through: wijkzicht.pipeline.code): every rule's params, so that a new
    version of wijkzicht reruns exactly the jobs whose code changed (Snakemake itself reruns
    a job when its script changes, not when a module it imports does)."""
    return script_version(workflow.basedir, name)


def job_resources(rule):
    """{threads, mem_mb} of a rule's jobs (config resources.<rule>, else resources.default):
    every rule declares its threads and mem_mb with it (tests/unit/test_job_resources).
    """
    return rule_resources(config, rule)


wildcard_constraints:
    table="[A-Z]+",
    year=r"\d{4}",
    theme="[a-z]+",


def national(path):
    """A file of the national tables, read and linked once for every gemeente of the run: the
    input tables (and the synthetic world's), their validated copies, source quality and
    probabilistic linkage. `local()` keeps a region run's modules (workflow/region.smk) from
    moving it under their results/internal/<GM>/; in a single run it changes nothing."""
    return local(path)


def validated(table, year=None):
    return national(paths.validated(table, year))


def narrowed(table, year, previous=False):
    """Year t's copy of a validated table, narrowed to year t's reach (rule narrow)."""
    return paths.narrowed(table, year, previous)


# registrations read without RINPERSOON and linked probabilistically (the link_unkeyed job)
UNKEYED = unkeyed_tables(config)


# whether this is the single run's workflow or, in a GGD region run (workflow/region.smk), the
# first gemeente's module: the one that defines the national rules
FIRST_MODULE = run_gemeenten(config)[0] == config["gemeente"]


# the national keyed tables, validated by the one job of rule ingest
NATIONAL_TABLES = national_tables(UNKEYED)


def quality(table, year=None):
    """The source-quality figures of one read table (written by its ingest job)."""
    stem = f"{table}{year}" if year is not None else table
    return national(f"{INTERNAL}/validated/quality/{stem}.json")


def unkeyed(table):
    """An unkeyed registration as read (rule ingest_unkeyed), before linkage."""
    return national(f"{INTERNAL}/validated/unkeyed/{table}.parquet")


def linkage_summary(table):
    """What link_unkeyed found for an unkeyed registration (JSON)."""
    return national(f"{INTERNAL}/linkage/{table}.json")


# how every person-keyed source links, per gemeente of the run (rule linkage_counts, national)
LINK_COUNTS = national(f"{INTERNAL}/linkage/link_counts.parquet")


def run_residents(gm):
    """Gemeente gm's residents files of every year (made by its base jobs), named as the run
    has them (in a region run under results/internal/<GM>/), whichever module asks."""
    folder = f"{INTERNAL}/{gm}" if is_region(config) else INTERNAL
    return [national(f"{folder}/base/residents{y}.parquet") for y in YEARS]


def linkage_weights(table):
    """The best match weight of every row of an unkeyed registration (rule link_unkeyed)."""
    return national(f"{INTERNAL}/linkage/{table}_weights.parquet")


# The probabilistic linkage of an unkeyed registration is trained once (rule train_linkage, the
# model, Splink's JSON with the trained m and u, and a record of what it was trained on) and
# each configured year's rows are linked with that frozen model by a job of their own (rule
# link_unkeyed_year); rule link_unkeyed puts the years together for the jobs of every year
# (docs/linkage.md). A new year adds one link_unkeyed_year job: the model's inputs and params
# do not name the configured years, only its training years (linkage_training_years).
def linkage_model(table):
    """The trained model of an unkeyed registration (rule train_linkage; Splink's JSON)."""
    return national(f"{INTERNAL}/linkage/{table}_model.json")


def linkage_training(table):
    """What the model of an unkeyed registration was trained on (rule train_linkage; JSON
    with its training years, rows, register persons, prior, settings)."""
    return national(f"{INTERNAL}/linkage/{table}_training.json")


def linked_year(table, year):
    """The rows of one source year of an unkeyed registration, keyed by their links (rule
    link_unkeyed_year; the first year's also the rows before it and without a begin date): the
    narrow job of year t reads those of the years up to t, not a file that a later year changes.
    """
    return national(f"{INTERNAL}/validated/linked/{table}{year}.parquet")


def linkage_year_links(table, year):
    """Per row of one source year: its best match weight and its link (rule link_unkeyed_year)."""
    return national(f"{INTERNAL}/linkage/{table}/links{year}.parquet")


def linkage_year_summary(table, year):
    """The linkage's rows, links and, on the synthetic world, precision and recall of one
    source year (rule link_unkeyed_year; JSON)."""
    return national(f"{INTERNAL}/linkage/{table}/{year}.json")


# the settings the model is trained with: the threshold is applied when linking (a new threshold
# links again with the same model), the histogram's width only in the linkage report
TRAINING_SETTINGS = {
    k: config["linkage"][k] for k in ("seed", "max_pairs_u", "max_pairs_em")
}
LINKAGE_SETTINGS = {
    **TRAINING_SETTINGS,
    "threshold_match_weight": config["linkage"]["threshold_match_weight"],
}


def _declared_training_years():
    """linkage.training_years, checked against the configured years (a training year's
    VSLGWBTAB is read: it must be a year of the run)."""
    declared = sorted(config["linkage"].get("training_years") or [])
    outside = [y for y in declared if y not in YEARS]
    if UNKEYED and outside:
        raise SystemExit(
            f"linkage.training_years {declared}: {', '.join(map(str, outside))} not among the "
            f"configured years {YEARS}; the model of the linkage is trained on years of the run"
        )
    return declared


DECLARED_TRAINING_YEARS = _declared_training_years()


def linkage_training_years(table):
    """The years the linkage model of `table` is trained on (rule train_linkage), those of
    linkage.training_years, else the configured years. Read from the config alone, so that a
    rerun from a release's manifest (its config) trains the same model: pinned, a new year keeps
    the model and its links (only that year is linked); empty, a new year retrains the model
    and every year is linked again (docs/linkage.md)."""
    return DECLARED_TRAINING_YEARS or YEARS


def train_inputs(wildcards):
    """What train_linkage reads: the unkeyed registration, the register (persons, address
    spells) and the addresses (VSLGWBTAB) of the training years."""
    return {
        "source": unkeyed(wildcards.table),
        "persoon": validated("GBAPERSOONTAB"),
        "adres": validated("GBAADRESOBJECTBUS"),
        "geo": [
            validated("VSLGWBTAB", y) for y in linkage_training_years(wildcards.table)
        ],
    }


def link_year_inputs(wildcards):
    """What link_unkeyed_year reads: the unkeyed registration, the register, the trained model
    and, for the synthetic world, the truth (no year's VSLGWBTAB: a pair shares an address).
    """
    ins = {
        "source": unkeyed(wildcards.table),
        "persoon": validated("GBAPERSOONTAB"),
        "adres": validated("GBAADRESOBJECTBUS"),
        "model": linkage_model(wildcards.table),
    }
    if uses_synthetic(config):
        ins["truth"] = national(f"{SYNTHETIC_ROOT}/truth/{wildcards.table}.parquet")
    return ins


def link_inputs(wildcards):
    """What link_unkeyed reads: the unkeyed registration and every configured year's links."""
    t = wildcards.table
    return {
        "source": unkeyed(t),
        "links": [linkage_year_links(t, y) for y in YEARS],
        "summaries": [linkage_year_summary(t, y) for y in YEARS],
    }


def truth_files():
    """The person behind each row of the synthetic world's unkeyed registrations."""
    if not uses_synthetic(config):
        return []
    return [national(f"{SYNTHETIC_ROOT}/truth/{t}.parquet") for t in UNKEYED]


def ingest_job_tables(wildcards):
    """[table, year] of each table an ingest job validates (wijkzicht.inputs.ingest_jobs): the
    job of a year (rules ingest_year, ingest_wave) every per-year table of that year, the job
    of a wide table's year (ingest_wide) that table, the job of an unkeyed registration
    (ingest_unkeyed) that table, the national job (ingest) the national keyed tables."""
    year = getattr(wildcards, "year", None)
    table = getattr(wildcards, "table", None)
    if year is not None and table:
        return [[table, int(year)]]
    if year is not None:
        y = int(year)
        return [
            [t, y] for t in year_tables(wave=y in config["survey_waves"], wide=False)
        ]
    return [[t, None] for t in ([table] if table else NATIONAL_TABLES)]


def ingest_inputs(wildcards):
    """The file of each table an ingest job validates, named by the table: a new file of one
    table reruns its job. VSLGWBTAB is one wide file, read by the job of each of its years.
    """
    return {
        t: national(input_path(config, t, y if TABLES[t].per_year else None))
        for t, y in ingest_job_tables(wildcards)
    }


def synthetic_outputs():
    return [
        national(input_path(config, t, y)) for t, y in input_files(config)
    ] + truth_files()


def first_year():
    """The `year` wildcard of the first configured year's jobs (rules narrow_first,
    base_first): that year has no year before it in the run."""
    return str(YEARS[0])


def later_years():
    """The `year` wildcard of the jobs of every configured year after the first (rules narrow,
    base): they also read or make the condition sources of year t-1."""
    return years_pattern(YEARS[1:])


def years_pattern(years):
    """A `year` wildcard that allows exactly these years ('(?!)': none)."""
    return "|".join(str(y) for y in years) or "(?!)"


def has_previous(year):
    """Whether year t's jobs read the tables of year t-1: every year but the first."""
    return int(year) != YEARS[0]


def condition_inputs(wildcards):
    """The condition sources of year t, narrowed to year t's reach (rule narrow), and after the
    first year those of year t-1 narrowed to year t's reach (`previous_<table>`; a table of
    all years: the same file as year t's)."""
    ins = {t: narrowed(t, wildcards.year) for t in SOURCES}
    if has_previous(wildcards.year):
        ins.update(
            {
                f"previous_{t}": narrowed(
                    t, wildcards.year, previous=TABLES[t].per_year
                )
                for t in SOURCES
            }
        )
    return ins


def national_narrow_inputs(wildcards):
    """The national validated tables of year t (NARROWED), the survey wave of t and, after the
    first year, the per-year condition sources of year t-1 (`previous_<table>`)."""
    y = int(wildcards.year)
    ins = {
        t: validated(t, y if TABLES[t].per_year or TABLES[t].wide_years else None)
        for t in NARROWED
    }
    # an unkeyed registration: its rows of the source years up to t, linked by each year's job
    # (no row begun after year t is active in t or t-1: docs/rules.md#c5, docs/rules.md#c6), so
    # a later year's links leave year t's jobs alone
    for t in UNKEYED:
        if t in ins:
            ins[t] = [linked_year(t, v) for v in YEARS if v <= y]
    if y in config["survey_waves"]:
        ins["survey"] = validated("GEZOMONITOR", y)
    if has_previous(y):  # the per-year condition sources of year t-1
        ins.update({f"previous_{t}": validated(t, y - 1) for t in PREVIOUS})
    return ins


# A region run narrows the national tables of a year once for the whole region (rule
# narrow_region, once like ingest), then each gemeente narrows the region's copies
REGION_NARROWING = is_region(config) and config["narrowing"]


def region_narrowed(table, year, previous=False):
    """Year t's copy of a validated table narrowed to the reach of the whole region (rule
    narrow_region; `previous`: the table of year t-1)."""
    sub = "previous/" if previous else ""
    return national(f"{INTERNAL}/regio/narrowed/{year}/{sub}{table}.parquet")


def region_reach(year):
    """The persons year t reaches in any gemeente of the region (rule narrow_region)."""
    return national(f"{INTERNAL}/regio/narrowed/{year}/reach.parquet")


def narrow_inputs(wildcards):
    """What the narrow job of year t narrows: the national tables (national_narrow_inputs), in
    a region run the region's copies of them; the survey wave of t (not narrowed)."""
    ins = national_narrow_inputs(wildcards)
    if REGION_NARROWING:
        ins.update({t: region_narrowed(t, wildcards.year) for t in NARROWED})
        if has_previous(wildcards.year):
            ins.update(
                {
                    f"previous_{t}": region_narrowed(t, wildcards.year, previous=True)
                    for t in PREVIOUS
                }
            )
    return ins


def codelist_csvs():
    """The CSV file of every codelist in the registry (read by the base jobs)."""
    from wijkzicht.inputs.reference import codelist_files

    return sorted(codelist_files(config["reference"]["codelists"]).values())


def checked_tables():
    """(table, year) of every validated file; VSLGWBTAB, one wide file, is validated per year."""
    out = []
    for t, y in input_files(config):
        if TABLES[t].wide_years:
            out.extend((t, year) for year in YEARS)
        else:
            out.append((t, y))
    return out


def checked_sources():
    """The user's file of each checked_tables() entry, named in the checks' messages."""
    return [
        input_path(config, t, y if TABLES[t].per_year else None)
        for t, y in checked_tables()
    ]


def linkage_sources():
    """(table, year) of every person-keyed source, in a fixed order."""
    return [
        (t, y)
        for t, y in input_files(config)
        if TABLES[t].person_key == ("RINPERSOONS", "RINPERSOON")
    ]


def theme_years(theme):
    # newcomers in year t need the tables of t-1 (docs/rules.md#n1)
    return YEARS[1:] if theme == "nieuwkomers" else YEARS


def theme_year_measures(wildcards):
    t = wildcards.theme
    years = theme_years(t)
    # one year: the run's kopp and migratie can be made, its nieuwkomers not
    if not years:
        raise WijkzichtError(
            f"theme {t}: no year to measure in years {YEARS}: the newcomers of year t are "
            "found with the tables of year t - 1 as well; add the year before (e.g. years: "
            f"[{YEARS[0] - 1}, {YEARS[0]}])"
        )
    return [f"{INTERNAL}/measures/{t}/{t}{y}.parquet" for y in years]


# A GGD region run: one standard population for every gemeente's standardised migratie
# measures, the adults of all its gemeenten together in the first configured year (rule
# migratie_standard, national like narrow_region: from the first gemeente's module only)
REGION_STANDARD = (
    national(f"{INTERNAL}/regio/migratie/standard{YEARS[0]}.parquet")
    if is_region(config)
    else None
)


def standard_names():
    """The names of a GGD region's gemeenten (run order), whose adults together are the standard
    population of every gemeente's standardised figures: the pages name them; [] in a single
    run (the gemeente's own adults)."""
    if not is_region(config):
        return []
    geo = read_geography(config["reference"]["geography"])
    names = dict(zip(geo["gemeente_code"], geo["gemeente_name"]))
    return [names.get(gm, gm) for gm in run_gemeenten(config)]


STANDARD_NAMES = standard_names()


def migratie_inputs(wildcards):
    """The standard population of the age-sex standardised measures: the adults of the first
    configured year (made by that year's migratie job; in that year, its own), in a region run
    those of all its gemeenten together (`region_standard`, every year); in a survey wave the
    wave and the households (the small-area model's household type)."""
    y = int(wildcards.year)
    ins = {}
    if REGION_STANDARD:
        ins["region_standard"] = REGION_STANDARD
    elif has_previous(y):
        ins["standard"] = f"{INTERNAL}/migratie/adults{YEARS[0]}.parquet"
    if y in config["survey_waves"]:
        ins["survey"] = validated("GEZOMONITOR", y)
        ins["households"] = narrowed("GBAHUISHOUDENSBUS", y)
    return ins


def survey_waves():
    """The `year` wildcard of the survey waves' migratie jobs (rule migratie_wave)."""
    return years_pattern([y for y in YEARS if y in config["survey_waves"]])


def years_without_wave():
    """The `year` wildcard of the other years' migratie jobs (rule migratie)."""
    return years_pattern([y for y in YEARS if y not in config["survey_waves"]])


def group_order(wildcards):
    from wijkzicht.themes.kopp import combinations
    from wijkzicht.inputs.reference import herkomst_groups, read_countries
    from wijkzicht.themes.migratie import GENERATIES, INKOMEN, SEXES
    from wijkzicht.themes.nieuwkomers import ORIGINS

    bands = config["age_bands"]
    return {
        "leeftijd": bands["kinderen"] + bands["volwassenen"],
        "combinatie": combinations(DEFINITIONS.kopp.overlap_names),
        "kopp_breed": ["ja", "nee", "ja_vs_nee"],
        "origin": ORIGINS,
        "herkomst": herkomst_groups(read_countries(config["reference"]["countries"])),
        "generatie": GENERATIES,
        "geslacht": SEXES,
        "inkomen": INKOMEN,
    }


THEMES = ["kopp", "migratie", "nieuwkomers"]


def wijk_pages():
    """{file stem: wijk code} of the factsheets, named after the wijken: factsheets/overvecht.html."""
    from wijkzicht.outputs.factsheet import page_names

    geo = read_geography(config["reference"]["geography"], config["gemeente"])
    return page_names(dict(zip(geo["wijk_code"], geo["wijk_name"])))


WIJKEN = wijk_pages()


def release_inputs():
    """Every file the release depends on, by a logical name: tables, reference files, codelists."""
    from wijkzicht.inputs.reference import codelist_files

    named = {
        (f"{t}/{y}" if y is not None else t): national(input_path(config, t, y))
        for t, y in input_files(config)
    }
    for key in ("geography", "countries", "codelists"):
        named[f"reference/{key}"] = config["reference"][key]
    for name, path in codelist_files(config["reference"]["codelists"]).items():
        named[f"codelist/{name}"] = path
    named.update(aggregate_inputs())
    # the trained linkage model of each unkeyed registration, with its sha256: the reviewer
    # sees which model linked the release's registrations (retrained: another hash)
    for t in UNKEYED:
        named[f"linkage_model/{t}"] = linkage_model(t)
    if BOUNDARIES:  # public geography, the maps' boundaries
        named["reference/boundaries"] = BOUNDARIES
    named.update(previous_release_inputs())
    return named


# the rules whose code makes the counts of a release's figures (the inputs read, linked,
# narrowed, the conditions, the themes, disclosure control, the aggregate sources): their code
# versions, recorded in the manifest and compared with the previous release's (changes.csv)
COUNT_CODE = {
    r: script_code(r)
    for r in (
        "synthetic_world",
        "synthetic_aggregates",
        "ingest",
        "train_linkage",
        "link_unkeyed_year",
        "link_unkeyed",
        "narrow",
        "base",
        "kopp",
        "migratie",
        "migratie_standard",
        "nieuwkomers",
        "export_measures",
        "organisation_figures",
        "public_figures",
        "export_organisation_figures",
        "export_public_figures",
    )
}


def release_inputs_of_this_run():
    """release_inputs() without the previous release's files (they change what is published,
    not a count): what changes.csv's reden compares with the previous release's manifest.
    """
    return {
        n: p
        for n, p in release_inputs().items()
        if not n.startswith("previous_release/")
    }


# the synthetic partners' figures and Kerncijfers (the synthetic_aggregates job): with a synthetic
# world, empty organisation_figures and public_figures keys point at these files
SYNTHETIC_AGGREGATES = {
    **{p: f"{SYNTHETIC_ORGANISATIONS}/{p}.csv" for p in SYNTHETIC_PARTNERS},
    "indicators": f"{SYNTHETIC_ORGANISATIONS}/indicatoren.csv",
    "kerncijfers": [SYNTHETIC_KERNCIJFERS.format(year=y) for y in YEARS],
}


# what the aggregate sources release (rules export_organisation_figures, export_public_figures)
AGGREGATE_EXPORTS = [
    f"{EXPORT}/organisaties/cijfers.csv",
    f"{EXPORT}/organisaties/indicatoren.csv",
    f"{EXPORT}/kerncijfers/kerncijfers.csv",
    f"{EXPORT}/kerncijfers/inwoners.csv",
]


def aggregate_inputs():
    """The partners' files, their indicator register and the Kerncijfers editions, by name."""
    named = {
        f"organisation_figures/{Path(f).name}": f for f in organisation_files(config)
    }
    for f in organisation_register(config):
        named["organisation_figures/indicators"] = f
    for f in kerncijfers_files(config):
        named[f"kerncijfers/{Path(f).name}"] = f
    return named


def all_outputs():
    return [
        f"{EXPORT}/manifest.json",
        f"{INTERNAL}/export_gate.txt",
        "results/release/wijkzicht-release.zip",
    ]


def export_files():
    return [
        *export_tables(),
        f"{EXPORT}/wijkzicht.xlsx",
        f"{EXPORT}/dashboard.html",
        *export_figures(),
        *export_maps(),
        *expand(
            f"{EXPORT}/{{theme}}/rapport.{{ext}}", theme=THEMES, ext=["html", "pdf"]
        ),
        *expand(f"{EXPORT}/factsheets/{{page}}.html", page=list(WIJKEN)),
        # a region run: the region overview, for the dashboard's link to it
        *region_overview_copy(),
    ]


def previous_release_files():
    """The measures tables of the previous release that compare_releases reads."""
    folder = previous_export(config)
    if not folder:
        return []
    found = [*folder.glob("*/measures.csv"), *(folder / t for t in OTHER_MEASURES)]
    return sorted(str(p) for p in found if p.is_file())


def previous_manifest():
    """The previous release's manifest.json ([] without one): the bundle names it."""
    folder = previous_export(config)
    return [str(folder / "manifest.json")] if folder else []


def previous_release_inputs():
    """Every file the run reads from the previous release (previous_release.export), by a
    logical name `previous_release/<its path in that export folder>`: the measures tables
    (disclosure control, the release comparison, the organisations' figures) and its
    manifest.json (the bundle, the start-up checks of its definitions and keys). In the
    manifest's inputs with their sha256, so `verify` checks them like any input and a reviewer
    sees which release the disclosure control took into account; {} without one."""
    folder = previous_export(config)
    if not folder:
        return {}
    return {
        f"previous_release/{Path(p).relative_to(folder).as_posix()}": p
        for p in [*previous_release_files(), *previous_manifest()]
    }


def previous_theme_measures(wildcards):
    """The previous release's measures of the theme: the rows it published stay published
    (disclosure control across releases, `disclosure.control.protect`)."""
    return previous_measures(config, wildcards.theme)


def theme_residents(wildcards):
    """The tables decided before a theme's own whose rows its disclosure control reads
    (`disclosure.residents.residents_inputs`, a fact of the package): the register's residents
    with the status export_organisation_figures gave them (inwoners_status) where a ratio row
    gives them back (nieuwkomers.concentratie's n0) or the theme's population is a part of
    them (kopp's children, migratie's adults), and for the latter the populations decided
    with them (populations_status)
    """
    return [
        f"{INTERNAL}/disclosure/{name}_status.parquet"
        for name in residents_inputs(wildcards.theme)
    ]


def changes_input():
    """The release comparison (changes.csv) when a previous release is configured."""
    return [f"{EXPORT}/changes.csv"] if config["previous_release"]["export"] else []


def export_figures():
    """Every figure with the rows it draws (CSV; not a workbook sheet: see export_tables)."""
    return [
        f"{EXPORT}/{theme}/{name}.{ext}"
        for theme, names in FIGURES.items()
        for name in names
        for ext in ("png", "svg", "csv")
    ]


def export_tables():
    return [
        *expand(f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv", theme=THEMES),
        *expand(f"{EXPORT}/{{theme}}/wijkprofiel.csv", theme=THEMES),
        *expand(f"{EXPORT}/{{theme}}/verschillen.csv", theme=THEMES),
        f"{EXPORT}/kopp/measures.csv",
        f"{EXPORT}/nieuwkomers/measures.csv",
        f"{EXPORT}/migratie/measures.csv",
        f"{EXPORT}/linkage/linkage.csv",
        *expand(f"{EXPORT}/{{theme}}/personas.csv", theme=THEMES),
        # source quality per source and year; the probabilistic linkage and its weights
        f"{EXPORT}/linkage/bronkwaliteit.csv",
        f"{EXPORT}/linkage/probabilistisch.csv",
        f"{EXPORT}/linkage/matchgewichten.csv",
        *AGGREGATE_EXPORTS,
        *([f"{EXPORT}/changes.csv"] if config["previous_release"]["export"] else []),
    ]


# the wijk and buurt boundaries the maps are drawn on (public geography, no person data), or
# None: no maps (boundaries.path empty and no synthetic world's own)
def _boundaries():
    from wijkzicht.pipeline.config import SYNTHETIC_BOUNDARIES, boundaries_path

    return boundaries_path(config), SYNTHETIC_BOUNDARIES


BOUNDARIES, SYNTHETIC_BOUNDARIES = _boundaries()


def boundaries_input(wildcards=None):
    """The boundaries file as a list of inputs; empty without boundaries."""
    return [BOUNDARIES] if BOUNDARIES else []


def boundaries_source():
    """The words for the boundaries on a map's 'Bron:' line."""
    from wijkzicht.pipeline.config import boundaries_source as source

    return source(config)


# a region gemeente's copy of the region overview within its export folder, without the
# extension: what its dashboard links (region_overview_link) is what is copied there
# (region_overview_copy)
REGION_OVERVIEW = "regio/overzicht"


def region_overview_link():
    """In a region run, the gemeente's copy of the region overview (workflow/region.smk rule
    region_overview_copies: results/export/<GM>/regio/overzicht.html, in its release) as a
    link from its dashboard (results/export/<GM>/); '' in a single run, whose dashboard has
    no link."""
    from wijkzicht.pipeline.config import is_region

    return f"{REGION_OVERVIEW}.html" if is_region(config) else ""


def region_overview_copy():
    """In a region run, the gemeente's copy of the region overview, table and page (rule
    region_overview_copies), among its export files; none in a single run."""
    from wijkzicht.pipeline.config import is_region

    if not is_region(config):
        return []
    return [f"{EXPORT}/{REGION_OVERVIEW}.{ext}" for ext in ("csv", "html")]


# maps of the main measure per wijk, and per buurt when the measures have buurt rows
def _map_levels():
    from wijkzicht.pipeline.config import map_levels

    return map_levels(config)


MAP_LEVELS = _map_levels()


def theme_maps(theme):
    """The names of a theme's maps: its main measure per area level (with boundaries; none
    without)."""
    from wijkzicht.outputs.catalogue import maps

    return maps(MAP_LEVELS)[theme] if BOUNDARIES else []


def export_maps():
    """Every map with its SVG and the rows it draws (CSV; with boundaries), and each theme's
    infographic (PDF and PNG)."""
    from wijkzicht.outputs.catalogue import INFOGRAPHIC

    out = []
    for theme in THEMES:
        out += [
            f"{EXPORT}/{theme}/{name}.{ext}"
            for name in theme_maps(theme)
            for ext in ("png", "svg", "csv")
        ]
        out += [f"{EXPORT}/{theme}/{INFOGRAPHIC}.{ext}" for ext in ("pdf", "png")]
    return out


if BOUNDARIES is None:

    onstart:
        logger.info(
            "No boundaries (boundaries.path is empty): the reports, infographics, factsheets "
            "and dashboard are made without maps."
        )


def persona_years_of(theme):
    """The years with persona's of a theme (personas.years; default the theme's last year)."""
    from wijkzicht.themes.personas import persona_years

    return persona_years(config["personas"], YEARS, theme_years(theme))


def persona_newcomers(wildcards):
    """The newcomers of a year that has them (their moves get a household on the move date)."""
    y = int(wildcards.year)
    if y in theme_years("nieuwkomers"):
        return [f"{INTERNAL}/nieuwkomers/newcomers{y}.parquet"]
    return []


PERSONS = {
    "kopp": "kopp/children{year}.parquet",
    "migratie": "migratie/adults{year}.parquet",
    "nieuwkomers": "nieuwkomers/newcomers{year}.parquet",
}


def persona_inputs(wildcards):
    """Per persona year of the theme: its person table, the persona attributes and conditions."""
    years = persona_years_of(wildcards.theme)
    persons = f"{INTERNAL}/{PERSONS[wildcards.theme]}"
    return {
        "persons": [persons.format(year=y) for y in years],
        "attributes": [f"{INTERNAL}/personas/attributes{y}.parquet" for y in years],
        "conditions": [f"{INTERNAL}/base/conditions{y}.parquet" for y in years],
    }
