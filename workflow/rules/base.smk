# The person-year base and the person conditions per year, and the linkage report.


# Year t's base in one job: the residents of 1 January (person-year base), the person
# conditions of year t and, after the first year, the conditions of year t-1 of year t's reach
# (the newcomers' markers of the year before). The first configured year has no year before:
# its job is rule base_first, the same job without conditions_previous (a rule's outputs are
# the same in every year; the `year` wildcard of each allows only its own years).
for name, previous in (("base", True), ("base_first", False)):

    rule:
        name:
            name
        input:
            unpack(condition_inputs),
            adres=narrowed("GBAADRESOBJECTBUS", "{year}"),
            geo=narrowed("VSLGWBTAB", "{year}"),
            persoon=narrowed("GBAPERSOONTAB", "{year}"),
            countries=config["reference"]["countries"],
            codelists=config["reference"]["codelists"],
            # the CSV of every codelist: editing one line reruns the base jobs and all after
            codelist_files=codelist_csvs(),
        output:
            **(
                {
                    "conditions_previous": f"{INTERNAL}/base/conditions_previous{{year}}.parquet"
                }
                if previous
                else {}
            ),
            residents=f"{INTERNAL}/base/residents{{year}}.parquet",
            conditions=f"{INTERNAL}/base/conditions{{year}}.parquet",
        log:
            f"{LOGS}/base{{year}}.log",
        benchmark:
            f"{BENCH}/base{{year}}.tsv"
        wildcard_constraints:
            year=later_years() if previous else first_year(),
        # before the theme jobs when both can start: every later job of the year waits for it
        priority: 8
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("base")["threads"]
        resources:
            mem_mb=job_resources("base")["mem_mb"],
        params:
            age_bands=config["age_bands"]["kinderen"]
            + config["age_bands"]["volwassenen"],
            gemeente=config["gemeente"],
            # definition objects go in a dict: Snakemake compares the repr of builtin params only
            definitions=DEFINITIONS.param("conditions"),
            code=script_code("base"),
        script:
            "../../scripts/base.py"


# How every person-keyed source links to the register and to each gemeente's residents
# (wijkzicht.population.linkage.link_counts). National, like ingest: one job for the run, and a
# GGD region counts the national part of each source once for all its gemeenten, not once per
# gemeente (at 18 M persons 44 CPU s each); each gemeente's linkage_report takes its rows. In a
# region run the rule comes from the first gemeente's module only (region.smk).
rule linkage_counts:
    input:
        sources=[validated(t, y) for t, y in linkage_sources()],
        persoon=validated("GBAPERSOONTAB"),
        # the residents of every gemeente of the run, per gemeente (run order) and year
        residents=[f for gm in run_gemeenten(config) for f in run_residents(gm)],
        # the gemeenten's wijken: their respondents in the survey file of the whole GGD region
        geography=config["reference"]["geography"],
    output:
        LINK_COUNTS,
    log:
        national(f"{LOGS}/linkage_counts.log"),
    benchmark:
        national(f"{BENCH}/linkage_counts.tsv")
    # at 18 M persons the longest job after the per-year ones (61 s): started as soon as the
    # residents of every year are made, beside the theme jobs, not after them; and every pages
    # job waits for the linkage report
    priority: 7
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("linkage_counts")["threads"]
    resources:
        mem_mb=job_resources("linkage_counts")["mem_mb"],
    params:
        sources=linkage_sources(),
        years=YEARS,
        gemeenten=run_gemeenten(config),
        code=script_code("linkage_counts"),
    script:
        "../../scripts/linkage_counts.py"


rule linkage_report:
    input:
        # this gemeente's rows of the run's linkage counts
        counts=LINK_COUNTS,
        # the survey waves: the quality figures of the gemeente's own respondents
        surveys=[validated(t, y) for t, y in linkage_sources() if t == "GEZOMONITOR"],
        # every input checked first: a run with a bad input writes nothing under results/export/
        checked=f"{INTERNAL}/validated/inputs_checked.json",
        # the source-quality figures counted by each ingest job
        quality=[quality(t, y) for t, y in checked_tables()],
        # the probabilistic linkage of the unkeyed registrations
        summaries=[linkage_summary(t) for t in UNKEYED],
        weights=[linkage_weights(t) for t in UNKEYED],
        # the gemeente's wijken: its respondents in the survey file of the whole GGD region
        geography=config["reference"]["geography"],
    output:
        linkage=report(
            f"{EXPORT}/linkage/linkage.csv",
            caption="../report/linkage.rst",
            category="Bronnen en koppeling",
        ),
        quality=report(
            f"{EXPORT}/linkage/bronkwaliteit.csv",
            caption="../report/bronkwaliteit.rst",
            category="Bronnen en koppeling",
        ),
        probabilistic=f"{EXPORT}/linkage/probabilistisch.csv",
        weights=f"{EXPORT}/linkage/matchgewichten.csv",
    log:
        f"{LOGS}/linkage_report.log",
    benchmark:
        f"{BENCH}/linkage_report.tsv"
    priority: 7  # every pages job reads it: before the theme jobs
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("linkage_report")["threads"]
    resources:
        mem_mb=job_resources("linkage_report")["mem_mb"],
    params:
        surveys=[y for t, y in linkage_sources() if t == "GEZOMONITOR"],
        threshold=config["disclosure"]["threshold"],
        unkeyed=UNKEYED,
        linkage=config["linkage"],
        gemeente=config["gemeente"],
        code=script_code("linkage_report"),
    script:
        "../../scripts/linkage_report.py"
