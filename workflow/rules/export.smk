# Disclosure control into results/export/, and what is built from the export alone.


rule combine_measures:
    input:
        theme_year_measures,
    output:
        f"{INTERNAL}/measures/{{theme}}.parquet",
    log:
        f"{LOGS}/{{theme}}/combine.log",
    benchmark:
        f"{BENCH}/{{theme}}/combine.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        group_order=group_order,
    script:
        "../../scripts/combine_measures.py"


rule export_measures:
    input:
        measures=f"{INTERNAL}/measures/{{theme}}.parquet",
        geography=config["reference"]["geography"],
        # every input checked first: a run with a bad input writes nothing under results/export/
        checked=f"{INTERNAL}/validated/inputs_checked.json",
    output:
        csv=report(
            f"{EXPORT}/{{theme}}/measures.csv",
            caption="../report/measures.rst",
            category="Tabellen",
            labels={"thema": "{theme}"},
        ),
        status=f"{INTERNAL}/disclosure/{{theme}}_status.parquet",
        audit=f"{INTERNAL}/disclosure/{{theme}}_audit.parquet",
        summary=f"{INTERNAL}/disclosure/{{theme}}_summary.json",
    log:
        f"{LOGS}/export/{{theme}}.log",
    benchmark:
        f"{BENCH}/export/{{theme}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    threads: job_resources("export_measures")["threads"]
    resources:
        mem_mb=job_resources("export_measures")["mem_mb"],
    params:
        disclosure=config["disclosure"],
        gemeente=config["gemeente"],
    script:
        "../../scripts/export_measures.py"


rule figure:
    input:
        measures=f"{EXPORT}/{{theme}}/measures.csv",
        # which wijken differ from the city (the marks) and which trends rise or fall
        differences=f"{EXPORT}/{{theme}}/verschillen.csv",
    output:
        png=report(
            f"{EXPORT}/{{theme}}/{{name}}.png",
            caption="../report/figure.rst",
            category="Figuren",
            labels={"thema": "{theme}", "figuur": "{name}"},
        ),
        svg=f"{EXPORT}/{{theme}}/{{name}}.svg",
        # the rows the figure draws: its data for screen readers and tests
        csv=f"{EXPORT}/{{theme}}/{{name}}.csv",
    log:
        f"{LOGS}/figures/{{theme}}/{{name}}.log",
    benchmark:
        f"{BENCH}/figures/{{theme}}/{{name}}.tsv"
    wildcard_constraints:
        # the catalogue's names only: <theme>/<name>.csv must not match the other tables
        name=figure_names(),
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        # the figure's theme only; in a dict: Snakemake compares the repr of builtin params only
        definitions=lambda wildcards: DEFINITIONS.param(wildcards.theme),
    script:
        "../../scripts/figure.py"


rule findings:
    input:
        f"{EXPORT}/{{theme}}/measures.csv",
    output:
        report(
            f"{EXPORT}/{{theme}}/verschillen.csv",
            caption="../report/verschillen.rst",
            category="Tabellen",
            labels={"thema": "{theme}", "tabel": "verschillen"},
        ),
    log:
        f"{LOGS}/findings/{{theme}}.log",
    benchmark:
        f"{BENCH}/findings/{{theme}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        alpha=config["findings"]["alpha"],
    script:
        "../../scripts/findings.py"


rule comparable_wijken:
    input:
        f"{EXPORT}/{{theme}}/measures.csv",
    output:
        profile=report(
            f"{EXPORT}/{{theme}}/wijkprofiel.csv",
            caption="../report/wijkprofiel.rst",
            category="Vergelijkbare wijken",
            labels={"thema": "{theme}", "tabel": "profiel"},
        ),
        similar=report(
            f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv",
            caption="../report/vergelijkbare_wijken.rst",
            category="Vergelijkbare wijken",
            labels={"thema": "{theme}", "tabel": "vergelijkbaar"},
        ),
    log:
        f"{LOGS}/comparable/{{theme}}.log",
    benchmark:
        f"{BENCH}/comparable/{{theme}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        k=config["comparable"]["k"],
        n_indicators=config["comparable"]["n_indicators"],
    script:
        "../../scripts/comparable_wijken.py"


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
    params:
        # the logical name of each file of input `inputs`, in its order (the paths come from
        # the input: a region run's module moves its gemeente's files under results/*/<GM>/)
        inputs=list(release_inputs()),
        # the release states the configuration every job was built from; each job declares
        # the values it uses as params, so a changed value reruns the jobs and this record
        # (not the threads and memory of the jobs: they change no number)
        config={k: v for k, v in config.items() if k != "resources"},
        synthetic=uses_synthetic(config),
    script:
        "../../scripts/manifest.py"


rule compare_releases:
    input:
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        previous=previous_release_files(),
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
    conda:
        "../envs/wijkzicht.yaml"
    params:
        previous=config["previous_release"]["export"],
        tolerance=config["previous_release"]["tolerance"],
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
    params:
        disclosure=config["disclosure"],
    script:
        "../../scripts/export_gate.py"


rule bundle:
    input:
        files=export_files(),
        manifest=f"{EXPORT}/manifest.json",
        summaries=expand(f"{INTERNAL}/disclosure/{{theme}}_summary.json", theme=THEMES),
        surveys=expand(
            f"{INTERNAL}/migratie/survey_design{{year}}.json",
            year=sorted(config["survey_waves"]),
        ),
        gate=f"{INTERNAL}/export_gate.txt",
    output:
        "results/release/wijkzicht-release.zip",
    log:
        f"{LOGS}/bundle.log",
    benchmark:
        f"{BENCH}/bundle.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        disclosure=config["disclosure"],
    script:
        "../../scripts/bundle.py"


rule workbook:
    input:
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        # which wijken differ from the city (the marks) and which trends rise or fall
        differences=expand(f"{EXPORT}/{{theme}}/verschillen.csv", theme=THEMES),
        similar=expand(f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv", theme=THEMES),
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
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
        definitions=DEFINITIONS.param(),
        disclosure=config["disclosure"],
        # the level verschillen.csv was tested at, stated in the Leeswijzer
        alpha=config["findings"]["alpha"],
    script:
        "../../scripts/workbook.py"


rule report:
    input:
        measures=f"{EXPORT}/{{theme}}/measures.csv",
        # which wijken differ from the city (key messages, marks) and which trends rise or fall
        findings=f"{EXPORT}/{{theme}}/verschillen.csv",
        similar=f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv",
        linkage=f"{EXPORT}/linkage/linkage.csv",
        # the section on the quality of the sources
        quality=f"{EXPORT}/linkage/bronkwaliteit.csv",
        probabilistic=f"{EXPORT}/linkage/probabilistisch.csv",
        # organisation figures and CBS's public figures (workflow/rules/aggregates.smk)
        aggregates=AGGREGATE_EXPORTS,
        figures=theme_figures,
        # the rows each figure draws: its title, alt text and source line
        figure_tables=theme_figure_tables,
        changes=changes_input,
    output:
        html=report(
            f"{EXPORT}/{{theme}}/rapport.html",
            caption="../report/rapport.rst",
            category="Rapporten",
            labels={"thema": "{theme}"},
        ),
        pdf=f"{EXPORT}/{{theme}}/rapport.pdf",
    log:
        f"{LOGS}/report/{{theme}}.log",
    benchmark:
        f"{BENCH}/report/{{theme}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
        definitions=lambda wildcards: DEFINITIONS.param(wildcards.theme),
        # the family-wise error rate of the findings, named in the reading guide
        alpha=config["findings"]["alpha"],
        # the maps' boundaries, named on their 'Bron:' line
        map_source=boundaries_source(),
    script:
        "../../scripts/report.py"


rule factsheets:
    input:
        # public geography: the locator map of each page (none without boundaries)
        boundaries=boundaries_input(),
        measures=expand(f"{EXPORT}/{{theme}}/measures.csv", theme=THEMES),
        similar=expand(f"{EXPORT}/{{theme}}/vergelijkbare_wijken.csv", theme=THEMES),
        findings=expand(f"{EXPORT}/{{theme}}/verschillen.csv", theme=THEMES),
        # organisation figures and CBS's public figures (workflow/rules/aggregates.smk)
        aggregates=AGGREGATE_EXPORTS,
        # the persona cards of each wijk (outputs.personas)
        personas=expand(f"{EXPORT}/{{theme}}/personas.csv", theme=THEMES),
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
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        definitions=DEFINITIONS.param(*THEMES),
        wijken=WIJKEN,
    script:
        "../../scripts/factsheet.py"


# What the dashboard holds that depends on no data, only on the code and the language: made
# once, so that adding a year does not redo it (about 4 CPU s: vl_convert, altair). Not under
# results/internal/ (it holds nothing of the microdata) and national like the input tables: a
# region run makes it once for all its gemeenten (workflow/region.smk).
rule dashboard_assets:
    input:
        code=PACKAGE_CODE,
    output:
        national(DASHBOARD_ASSETS),
    log:
        national(f"{LOGS}/dashboard_assets.log"),
    benchmark:
        national(f"{BENCH}/dashboard_assets.tsv")
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
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
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        # every condition too: the combinations of kopp.overlap are named by them
        definitions=DEFINITIONS.param(),
        # the boundaries of the map view, named on its 'Bron:' line
        map_source=boundaries_source(),
        # a region run: the link back to the region overview ('' in a single run)
        region=region_overview_link(),
    script:
        "../../scripts/dashboard.py"


rule map:
    input:
        measures=f"{EXPORT}/{{theme}}/measures.csv",
        # which wijken differ from the city (the marks ▲ ▼)
        differences=f"{EXPORT}/{{theme}}/verschillen.csv",
        # public geography (CBS's Wijk- en Buurtkaart or the synthetic world's): no person data
        boundaries=boundaries_input(),
    output:
        png=report(
            f"{EXPORT}/{{theme}}/{{name}}.png",
            caption="../report/kaart.rst",
            category="Kaarten",
            labels={"thema": "{theme}", "kaart": "{name}"},
        ),
        svg=f"{EXPORT}/{{theme}}/{{name}}.svg",
        # the rows the map draws: its data for screen readers and tests
        csv=f"{EXPORT}/{{theme}}/{{name}}.csv",
    log:
        f"{LOGS}/maps/{{theme}}/{{name}}.log",
    benchmark:
        f"{BENCH}/maps/{{theme}}/{{name}}.tsv"
    wildcard_constraints:
        name=map_names(),
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        definitions=lambda wildcards: DEFINITIONS.param(wildcards.theme),
        source=boundaries_source(),
    script:
        "../../scripts/map.py"


rule infographic:
    input:
        measures=f"{EXPORT}/{{theme}}/measures.csv",
        # the wijken that stand out (▲ ▼) and the trend in words
        differences=f"{EXPORT}/{{theme}}/verschillen.csv",
        # public geography: the map panel (none without boundaries)
        boundaries=boundaries_input(),
        # the theme's persona table when the workflow makes one
        personas=personas_input,
    output:
        pdf=report(
            f"{EXPORT}/{{theme}}/infographic.pdf",
            caption="../report/infographic.rst",
            category="Infographics",
            labels={"thema": "{theme}"},
        ),
        png=f"{EXPORT}/{{theme}}/infographic.png",
    log:
        f"{LOGS}/infographic/{{theme}}.log",
    benchmark:
        f"{BENCH}/infographic/{{theme}}.tsv"
    conda:
        "../envs/wijkzicht.yaml"
    params:
        language=config["language"],
        gemeente=config["gemeente"],
        definitions=lambda wildcards: DEFINITIONS.param(wildcards.theme),
        source=boundaries_source(),
    script:
        "../../scripts/infographic.py"
