# Year t's copies of the national tables, narrowed to what year t's jobs reach
# (wijkzicht.population.reach): the per-year jobs read these, not the national tables. In a
# region run the narrow jobs read the region's copies (rule narrow_region below) instead.
#
# One job per year. A year after the first also narrows the condition sources of year t-1 to
# year t's reach (year t's newcomers' markers of the year before), so that year t's jobs read
# no job of another year. The first configured year has no year before: its job is rule
# narrow_first, the same job without those tables (a rule's outputs are the same in every
# year, so the two kinds of year are two rules; the `year` wildcard of each allows only its
# own years). So are narrow_region and narrow_region_first.
for name, previous in (("narrow", PREVIOUS), ("narrow_first", ())):

    rule:
        name:
            name
        input:
            unpack(narrow_inputs),
            # the gemeente's wijken: its respondents in the survey file of the whole GGD region
            geography=config["reference"]["geography"],
        output:
            **{t: narrowed(t, "{year}") for t in NARROWED},
            **{f"previous_{t}": narrowed(t, "{year}", previous=True) for t in previous},
            # the reached persons with their roles (gemeente, ouder, respondent)
            reach=paths.reach("{year}"),
        log:
            f"{LOGS}/narrow{{year}}.log",
        benchmark:
            f"{BENCH}/narrow{{year}}.tsv"
        wildcard_constraints:
            year=later_years() if previous else first_year(),
        # before the theme jobs when both can start: every later job of the year waits for it
        priority: 8
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("narrow")["threads"]
        resources:
            mem_mb=job_resources("narrow")["mem_mb"],
        params:
            tables=list(NARROWED),
            previous=list(previous),
            gemeenten=[config["gemeente"]],
            narrowing=config["narrowing"],
            code=script_code("narrow"),
        script:
            "../../scripts/narrow.py"


if REGION_NARROWING:
    # A GGD region (config `gemeenten`): the national tables of year t (and the condition
    # sources of year t-1) narrowed once to the reach of the whole region (its gemeenten's
    # residents, their parents, the respondents of its strata); each gemeente's narrow job
    # narrows these copies (wijkzicht.population.reach). National like ingest: the rules come
    # from the first gemeente's module only (region.smk).
    for name, previous in (("narrow_region", PREVIOUS), ("narrow_region_first", ())):

        rule:
            name:
                name
            input:
                unpack(national_narrow_inputs),
                geography=config["reference"]["geography"],
            output:
                **{t: region_narrowed(t, "{year}") for t in NARROWED},
                **{
                    f"previous_{t}": region_narrowed(t, "{year}", previous=True)
                    for t in previous
                },
                reach=region_reach("{year}"),
            log:
                national(f"{LOGS}/narrow_region{{year}}.log"),
            benchmark:
                national(f"{BENCH}/narrow_region{{year}}.tsv")
            wildcard_constraints:
                year=later_years() if previous else first_year(),
            # as the narrow jobs: every gemeente's narrow job of the year waits for it
            priority: 8
            conda:
                "../envs/wijkzicht.yaml"
            threads: job_resources("narrow")["threads"]
            resources:
                mem_mb=job_resources("narrow")["mem_mb"],
            params:
                tables=list(NARROWED),
                previous=list(previous),
                gemeenten=run_gemeenten(config),
                narrowing=config["narrowing"],
                code=script_code("narrow"),
            script:
                "../../scripts/narrow.py"
