# Disclosure control into results/export/, and what is built from the export alone.

# the covariates of the model estimates (config small_area.factors and .flags), named on the
# report and in the workbook: their names only, so that the other small_area settings rerun neither
SMALL_AREA_COVARIATES = {
    "factors": list(config["small_area"]["factors"]),
    "flags": list(config["small_area"]["flags"]),
}


# One job per theme: the yearly measures combined (with the trend rows), disclosure control of
# the measures, then the persona table (its selection and LP audit against the published target
# rows of measures.csv): the steps that turn the theme's internal data into releasable data.
rule export_measures:
    input:
        unpack(persona_inputs),
        years=theme_year_measures,
        geography=config["reference"]["geography"],
        # the codelists: a definition by a narrower codelist lies inside one by a wider
        codelists=config["reference"]["codelists"],
        codelist_csvs=codelist_csvs(),
        # the previous release's rows of the theme (config previous_release.export): what it
        # published stays published
        previous=previous_theme_measures,
        # the residents as kerncijfers/inwoners.csv publishes or hides them and the themes'
        # populations, decided first with the partners' figures (nieuwkomers: concentratie's
        # value and se give them back; kopp, migratie: residents = adults + children + those
        # without an age)
        residents=theme_residents,
        # every input checked first: a run with a bad input writes nothing under results/export/
        checked=f"{INTERNAL}/validated/inputs_checked.json",
    output:
        # the theme's yearly measures as one table, before disclosure control (internal)
        measures=f"{INTERNAL}/measures/{{theme}}.parquet",
        csv=report(
            f"{EXPORT}/{{theme}}/measures.csv",
            caption="../report/measures.rst",
            category="Tabellen",
            labels={"thema": "{theme}"},
        ),
        status=f"{INTERNAL}/disclosure/{{theme}}_status.parquet",
        audit=f"{INTERNAL}/disclosure/{{theme}}_audit.parquet",
        summary=f"{INTERNAL}/disclosure/{{theme}}_summary.json",
        personas=report(
            f"{EXPORT}/{{theme}}/personas.csv",
            caption="../report/personas.rst",
            category="Tabellen",
            labels={"thema": "{theme}", "tabel": "persona's"},
        ),
        personas_audit=f"{INTERNAL}/disclosure/{{theme}}_personas_audit.parquet",
    log:
        f"{LOGS}/export/{{theme}}.log",
    benchmark:
        f"{BENCH}/export/{{theme}}.tsv"
    # the themes only: organisaties_summary.json is export_organisation_figures' (an
    # unconstrained theme made Snakemake try this rule for it and print its input's traceback)
    wildcard_constraints:
        theme="|".join(THEMES),
    priority: 3  # before the pages: a theme's pages start when its export is done
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("export_measures")["threads"]
    resources:
        mem_mb=job_resources("export_measures")["mem_mb"],
    params:
        group_order=group_order,
        disclosure=config["disclosure"],
        gemeente=config["gemeente"],
        personas=config["personas"],
        persona_years=lambda wildcards: persona_years_of(wildcards.theme),
        definitions=lambda wildcards: DEFINITIONS.param(wildcards.theme, "conditions"),
        code=script_code("export_measures"),
    script:
        "../../scripts/export_measures.py"


rule manifest:
    input:
        exports=export_files(),
        inputs=list(release_inputs().values()),
    output:
        f"{EXPORT}/manifest.json",
    log:
        f"{LOGS}/manifest.log",
    benchmark:
        f"{BENCH}/manifest.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("manifest")["threads"]
    resources:
        mem_mb=job_resources("manifest")["mem_mb"],
    params:
        # the logical name of each file of input `inputs`, in its order (the paths come from
        # the input: a region run's module moves its gemeente's files under results/*/<GM>/)
        inputs=list(release_inputs()),
        # the release states the configuration every job was built from; each job declares
        # the values it uses as params, so a changed value reruns the jobs and this record
        # (not the threads and memory of the jobs: they change no number)
        config={k: v for k, v in config.items() if k != "resources"},
        synthetic=uses_synthetic(config),
        code=script_code("manifest"),
        # the commit, uncommitted changes to the code and the rule files' version: a release
        # says which code made it (a commit or an edit reruns this record, not the tables)
        workflow=WORKFLOW_STATE,
        # the code of the rules that make counts: the next release tells by it whether its
        # figures were made by the same code (changes.csv's reden)
        count_code=COUNT_CODE,
    script:
        "../../scripts/manifest.py"


rule compare_releases:
    input:
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        # the organisation figures and the register against Kerncijfers: measures tables too
        other=[f"{EXPORT}/{t}" for t in OTHER_MEASURES],
        previous=previous_release_files(),
        # why a figure changed (changes.csv's reden, release.changes.reasons): the previous
        # release's manifest beside this run's inputs, settings and code of the counts
        previous_manifest=previous_manifest(),
        inputs=list(release_inputs_of_this_run().values()),
    output:
        report(
            f"{EXPORT}/changes.csv",
            caption="../report/changes.rst",
            category="Wat is veranderd",
        ),
    log:
        f"{LOGS}/compare_releases.log",
    benchmark:
        f"{BENCH}/compare_releases.tsv"
    priority: 7  # every pages job reads it (with a previous release)
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("compare_releases")["threads"]
    resources:
        mem_mb=job_resources("compare_releases")["mem_mb"],
    params:
        previous=str(previous_export(config) or ""),
        tolerance=config["previous_release"]["tolerance"],
        inputs=list(release_inputs_of_this_run()),
        config={k: v for k, v in config.items() if k != "resources"},
        count_code=COUNT_CODE,
        code=script_code("compare_releases"),
    script:
        "../../scripts/compare_releases.py"


rule export_gate:
    input:
        files=export_files(),
        manifest=f"{EXPORT}/manifest.json",
    output:
        f"{INTERNAL}/export_gate.txt",
    log:
        f"{LOGS}/export_gate.log",
    benchmark:
        f"{BENCH}/export_gate.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("export_gate")["threads"]
    resources:
        mem_mb=job_resources("export_gate")["mem_mb"],
    params:
        disclosure=config["disclosure"],
        code=script_code("export_gate"),
    script:
        "../../scripts/export_gate.py"


rule bundle:
    input:
        files=export_files(),
        manifest=f"{EXPORT}/manifest.json",
        # the suppressions per table for OUTPUTCONTROLE.md: the themes' and the partners' figures
        summaries=[
            *expand(f"{INTERNAL}/disclosure/{{theme}}_summary.json", theme=THEMES),
            f"{INTERNAL}/disclosure/organisaties_summary.json",
        ],
        surveys=expand(
            f"{INTERNAL}/migratie/survey_design{{year}}.json",
            year=sorted(config["survey_waves"]),
        ),
        gate=f"{INTERNAL}/export_gate.txt",
        # the previous release's manifest, named in OUTPUTCONTROLE.md (previous_release.export)
        previous=previous_manifest(),
        # the internal status of the measures tables' rows (primary or secondary; the release
        # says `suppressed` alone): the rows published before and primary now (primary_now)
        statuses=[
            *expand(f"{INTERNAL}/disclosure/{{theme}}_status.parquet", theme=THEMES),
            f"{INTERNAL}/disclosure/organisaties_status.parquet",
            f"{INTERNAL}/disclosure/inwoners_status.parquet",
        ],
    output:
        zip="results/release/wijkzicht-release.zip",
        # those rows for the output checker: in the release they would say which are primary
        primary_now=f"{INTERNAL}/release/primary_now.csv",
    log:
        f"{LOGS}/bundle.log",
    benchmark:
        f"{BENCH}/bundle.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("bundle")["threads"]
    resources:
        mem_mb=job_resources("bundle")["mem_mb"],
    params:
        disclosure=config["disclosure"],
        code=script_code("bundle"),
    script:
        "../../scripts/bundle.py"


rule workbook:
    input:
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        # which wijken differ from the city (the marks) and which trends rise or fall
        differences=expand(f"{EXPORT}/{{theme}}/verschillen.csv", theme=THEMES),
        similar=expand(f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv", theme=THEMES),
        # the organisation figures and CBS's inhabitants beside the register: sheets of their own
        aggregates=AGGREGATE_EXPORTS,
        # what changed since the previous release, said in the Leeswijzer (none without one)
        changes=changes_input(),
    output:
        report(
            f"{EXPORT}/wijkzicht.xlsx",
            caption="../report/workbook.rst",
            category="Tabellen",
            labels={"thema": "alle", "tabel": "werkmap"},
        ),
    log:
        f"{LOGS}/workbook.log",
    benchmark:
        f"{BENCH}/workbook.tsv"
    priority: 1
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("workbook")["threads"]
    resources:
        mem_mb=job_resources("workbook")["mem_mb"],
    params:
        language=config["language"],
        definitions=DEFINITIONS.param(),
        disclosure=config["disclosure"],
        # the level verschillen.csv was tested at and its share for a slight trend, stated in
        # the Leeswijzer
        alpha=config["findings"]["alpha"],
        slight=config["findings"]["slight"],
        # the covariates of the model estimates, named in the Leeswijzer
        small_area=SMALL_AREA_COVARIATES,
        # a region run: its gemeenten, whose adults are the standard population (Leeswijzer)
        standard=STANDARD_NAMES,
        code=script_code("workbook"),
    script:
        "../../scripts/workbook.py"


rule factsheets:
    input:
        # public geography: the locator map of each page (none without boundaries)
        boundaries=boundaries_input(),
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        similar=expand(f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv", theme=THEMES),
        # what the three wijken like one share with it (outputs.similar_wijken.group_alike)
        profile=expand(f"{EXPORT}/{{theme}}/wijkprofiel.csv", theme=THEMES),
        findings=expand(f"{EXPORT}/{{theme}}/verschillen.csv", theme=THEMES),
        # organisation figures and CBS's public figures (workflow/rules/aggregates.smk)
        aggregates=AGGREGATE_EXPORTS,
        # the persona cards of each wijk (outputs.personas)
        personas=expand(f"{EXPORT}/{{theme}}/personas.csv", theme=THEMES),
        # what changed since the previous release, a line on each page (none without one)
        changes=changes_input(),
    output:
        [
            report(
                f"{EXPORT}/factsheets/{page}.html",
                caption="../report/factsheet.rst",
                category="Factsheets",
                labels={"wijk": page},
            )
            for page in WIJKEN
        ],
    log:
        f"{LOGS}/factsheets.log",
    benchmark:
        f"{BENCH}/factsheets.tsv"
    priority: 1  # with the workbook before the dashboard, which waits for its assets
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("factsheets")["threads"]
    resources:
        mem_mb=job_resources("factsheets")["mem_mb"],
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        definitions=DEFINITIONS.param(*THEMES),
        wijken=WIJKEN,
        # the share under which a trend is 'licht', stated in the trend rule on each page
        slight=config["findings"]["slight"],
        # a region run: its gemeenten, whose adults are the standard population
        standard=STANDARD_NAMES,
        # the persona cards' care and support categories, whose conditions their Bron line names
        zorg_steun=config["personas"]["zorg_steun"],
        code=script_code("factsheet"),
    script:
        "../../scripts/factsheet.py"


# What the dashboard holds that depends on no data, only on the code and the language: made
# once, so that adding a year does not redo it (about 4 CPU s: vl_convert, altair). Not under
# results/internal/ (it holds nothing of the microdata) and national like the input tables: a
# region run makes it once for all its gemeenten (workflow/region.smk).
rule dashboard_assets:
    output:
        national(DASHBOARD_ASSETS),
    log:
        national(f"{LOGS}/dashboard_assets.log"),
    benchmark:
        national(f"{BENCH}/dashboard_assets.tsv")
    # last: it reads nothing, so it fills a core that would otherwise wait beside the last pages job
    priority: 0
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("dashboard_assets")["threads"]
    resources:
        mem_mb=job_resources("dashboard_assets")["mem_mb"],
    params:
        language=config["language"],
        code=script_code("dashboard_assets"),
    script:
        "../../scripts/dashboard_assets.py"


rule dashboard:
    input:
        # public geography: the map view (none without boundaries)
        boundaries=boundaries_input(),
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        similar=expand(f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv", theme=THEMES),
        # which wijken differ from the city (the marks ▲ ▼) and which trends rise or fall
        findings=expand(f"{EXPORT}/{{theme}}/verschillen.csv", theme=THEMES),
        # organisation figures and CBS's public figures (workflow/rules/aggregates.smk)
        aggregates=AGGREGATE_EXPORTS,
        # the persona cards of each area (outputs.personas)
        personas=expand(f"{EXPORT}/{{theme}}/personas.csv", theme=THEMES),
        # the Vega script and chart specifications: no data, made once (rule dashboard_assets)
        assets=national(DASHBOARD_ASSETS),
        # what changed since the previous release, a section of its own (none without one)
        changes=changes_input(),
    output:
        report(
            f"{EXPORT}/dashboard.html",
            caption="../report/dashboard.rst",
            category="Dashboard",
        ),
    log:
        f"{LOGS}/dashboard.log",
    benchmark:
        f"{BENCH}/dashboard.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("dashboard")["threads"]
    resources:
        mem_mb=job_resources("dashboard")["mem_mb"],
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        # every condition too: the combinations of kopp.overlap are named by them
        definitions=DEFINITIONS.param(),
        # the boundaries of the map view, named on its 'Bron:' line
        map_source=boundaries_source(),
        # a region run: the link to its copy of the region overview ('' in a single run)
        region=region_overview_link(),
        # the share under which a trend is 'licht', stated in the trend rule
        slight=config["findings"]["slight"],
        # the covariates of the model estimates, named in the lead of the buurten
        small_area=SMALL_AREA_COVARIATES,
        # a region run: its gemeenten, whose adults are the standard population
        standard=STANDARD_NAMES,
        # the care and support categories' conditions, named on the persona cards' 'Bron:' line
        zorg_steun=config["personas"]["zorg_steun"],
        code=script_code("dashboard"),
    script:
        "../../scripts/dashboard.py"


# A theme's pages, from the export alone, in one job (a new process costs about 0.8 CPU s and
# the libraries' imports as much again): the findings (verschillen.csv) and the comparable
# wijken, the figures, the maps (with boundaries), the infographic and last the report, which
# reads them all (outputs.pages). One rule per theme: the themes have different figures.
for theme in THEMES:

    rule:
        name:
            f"pages_{theme}"
        input:
            measures=f"{EXPORT}/{theme}/measures.csv",
            # the persona cards of the infographic (rule export_measures)
            personas=f"{EXPORT}/{theme}/personas.csv",
            # public geography (CBS's Wijk- en Buurtkaart or the synthetic world's): the maps and
            # the infographic's map panel (none without boundaries)
            boundaries=boundaries_input(),
            linkage=f"{EXPORT}/linkage/linkage.csv",
            # the report's section on the quality of the sources
            quality=f"{EXPORT}/linkage/bronkwaliteit.csv",
            probabilistic=f"{EXPORT}/linkage/probabilistisch.csv",
            # organisation figures and CBS's public figures (workflow/rules/aggregates.smk)
            aggregates=AGGREGATE_EXPORTS,
            changes=changes_input(),
        output:
            # which wijken differ from the city (key messages, marks) and which trends rise or fall
            findings=report(
                f"{EXPORT}/{theme}/verschillen.csv",
                caption="../report/verschillen.rst",
                category="Tabellen",
                labels={"thema": theme, "tabel": "verschillen"},
            ),
            profile=report(
                f"{EXPORT}/{theme}/wijkprofiel.csv",
                caption="../report/wijkprofiel.rst",
                category="Vergelijkbare wijken",
                labels={"thema": theme, "tabel": "profiel"},
            ),
            similar=report(
                f"{EXPORT}/{theme}/vergelijkbare_wijken.csv",
                caption="../report/vergelijkbare_wijken.rst",
                category="Vergelijkbare wijken",
                labels={"thema": theme, "tabel": "vergelijkbaar"},
            ),
            # each figure (PNG, SVG) with the rows it draws (CSV): its data for screen readers
            figures=[
                report(
                    f"{EXPORT}/{theme}/{name}.png",
                    caption="../report/figure.rst",
                    category="Figuren",
                    labels={"thema": theme, "figuur": name},
                )
                for name in FIGURES[theme]
            ],
            figure_svgs=[f"{EXPORT}/{theme}/{name}.svg" for name in FIGURES[theme]],
            figure_tables=[f"{EXPORT}/{theme}/{name}.csv" for name in FIGURES[theme]],
            # the maps with the rows they draw (with boundaries; none without)
            maps=[
                report(
                    f"{EXPORT}/{theme}/{name}.png",
                    caption="../report/kaart.rst",
                    category="Kaarten",
                    labels={"thema": theme, "kaart": name},
                )
                for name in theme_maps(theme)
            ],
            map_svgs=[f"{EXPORT}/{theme}/{name}.svg" for name in theme_maps(theme)],
            map_tables=[f"{EXPORT}/{theme}/{name}.csv" for name in theme_maps(theme)],
            infographic_pdf=report(
                f"{EXPORT}/{theme}/infographic.pdf",
                caption="../report/infographic.rst",
                category="Infographics",
                labels={"thema": theme},
            ),
            infographic_png=f"{EXPORT}/{theme}/infographic.png",
            html=report(
                f"{EXPORT}/{theme}/rapport.html",
                caption="../report/rapport.rst",
                category="Rapporten",
                labels={"thema": theme},
            ),
            pdf=f"{EXPORT}/{theme}/rapport.pdf",
        log:
            f"{LOGS}/pages/{theme}.log",
        benchmark:
            f"{BENCH}/pages/{theme}.tsv"
        priority: 2
        conda:
            "../envs/wijkzicht.yaml"
        threads: job_resources("pages")["threads"]
        resources:
            mem_mb=job_resources("pages")["mem_mb"],
        params:
            theme=theme,
            language=config["language"],
            gemeente=config["gemeente"],
            # the theme's definitions and the conditions (the model estimates' covariates are named
            # by their labels); in a dict: Snakemake compares the repr of builtin params only
            definitions=DEFINITIONS.param(theme, "conditions"),
            # the family-wise error rate of the findings, named in the report's reading guide
            alpha=config["findings"]["alpha"],
            # a clear trend changing the figure by less than this share is 'licht' (verschillen.csv,
            # the figures' and the report's trend rule)
            slight=config["findings"]["slight"],
            k=config["comparable"]["k"],
            n_indicators=config["comparable"]["n_indicators"],
            # the maps' boundaries, named on their 'Bron:' line
            map_source=boundaries_source(),
            # the covariates of the model estimates, named in the report
            small_area=SMALL_AREA_COVARIATES,
            # a region run: its gemeenten, whose adults are the standard population
            standard=STANDARD_NAMES,
            # the persona cards' care and support categories (the infographic's Bron line)
            zorg_steun=config["personas"]["zorg_steun"],
            code=script_code("pages"),
        script:
            "../../scripts/pages.py"
