"""The label of a `make bench` run (bench/run.py): by default it names every setting that
differs from its default, and a run with --docs does not replace a section another command
made unless --replace is given. No benchmark runs: the functions, and `main` up to the point
where it would start generating a world."""

import re
from itertools import combinations

import pytest
from worlds import bench_module


@pytest.fixture(scope="module")
def bench_run():
    return bench_module("run", "bench_run_labels")


def label(bench_run, *args: str, world_only: bool = False) -> str:
    s = bench_run.settings(bench_run.parser().parse_args(list(args)))
    return bench_run.default_label(s, world_only)


def test_a_number_of_persons_is_short_and_exact(bench_run):
    assert bench_run.label_of(2_000_000) == "2M"
    assert bench_run.label_of(18_000_000) == "18M"
    assert bench_run.label_of(360_000) == "360k"
    assert bench_run.label_of(2_500_000) == "2500k"
    # 1,000 and 1,500 were both '1k'
    assert bench_run.label_of(1000) == "1k"
    assert bench_run.label_of(1500) == "1500"


def test_the_default_label_names_every_setting_that_differs_from_its_default(bench_run):
    assert label(bench_run) == "2M"
    # the default residents of 2,000,000 in one gemeente is 360,000: given, it is no part
    assert label(bench_run, "--residents", "360000") == "2M"
    # of five gemeenten min(2,000,000 // 5, 360,000) = 360,000, so 20,000 is a part; the
    # waves within 2022-2023 are 2022 by default, so --waves 2022 is none
    region = ["--residents", "20000", "--gemeenten", "5", "--years", "2022", "2023"]
    assert label(bench_run, *region, "--waves", "2022") == "2M-r20k-5gm-y2022-2023"
    assert label(bench_run, *region, "--analysed", "1") == "2M-r20k-1of5gm-y2022-2023"
    assert label(bench_run, *region, "--analysed", "5") == "2M-r20k-5gm-y2022-2023"
    assert (
        label(bench_run, "--persons", "18000000", "--residents", "50000", "--gemeenten", "5")
        == "18M-r50k-5gm"
    )
    assert label(bench_run, "--persons", "360000", "--pages", "--noop", "--add-year") == (
        "360k-pages-noop-addyear"
    )
    assert label(bench_run, "--seed", "7", "--cores", "4", "--floor") == "2M-seed7-4cores-floor"
    assert label(bench_run, "--years", "2023") == "2M-y2023"
    # 2019, 2021, 2023 hold none of the default waves 2020 and 2022: no waves is the default
    assert label(bench_run, "--years", "2023", "2019", "2021") == "2M-y2019+2021+2023"
    assert label(bench_run, "--waves") == "2M-nowaves"
    assert label(bench_run, "--waves", "2021", "2020") == "2M-w2020+2021"


def test_the_order_of_years_and_waves_and_repeats_make_no_other_run(bench_run):
    # `--waves 2022 2020` was 2M-w2022+2020 and a workdir of its own: a new world
    for args in (["--waves", "2022", "2020"], ["--waves", "2020", "2022", "2022"],
                 ["--years", "2023", "2022", "2021", "2020", "2019", "2019"]):  # fmt: skip
        assert label(bench_run, *args) == "2M", args
        assert label(bench_run, *args, world_only=True) == "2M", args
        assert bench_run.settings(bench_run.parser().parse_args(args)) == bench_run.settings(
            bench_run.parser().parse_args([])
        )
    assert label(bench_run, "--years", "2023", "2022", "2023", "--waves", "2023", "2022") == (
        "2M-y2022-2023-w2022+2023"
    )
    assert bench_run.years_and_waves([2023, 2021, 2023], [2023, 2020, 2021]) == (
        [2021, 2023],
        [2021, 2023],
    )


def test_the_default_residents_are_documented_alike_everywhere(bench_run):
    # the docstring and the Makefile said min(N, 360000): 1,000,000 in 5 gemeenten is 200,000
    # residents each, not 360,000
    make = (bench_run.REPO / "Makefile").read_text()
    texts = {
        "docstring": bench_run.__doc__,
        "--help": bench_run.parser().format_help(),
        "--label help": bench_run.LABEL_HELP,
        "Makefile": make[make.index("# PERSONS:") : make.index("PERSONS ?=")],
    }
    names = {"N", "persons", "PERSONS", "K", "gemeenten"}
    for persons, k in ((1_000_000, 5), (100_000, 1), (2_000_000, 1), (2_000_000, 2)):
        args = ["--persons", str(persons), "--gemeenten", str(k)]
        default = bench_run.settings(bench_run.parser().parse_args(args))["residents"]
        assert default == min(persons // k, 360_000)
        for where, text in texts.items():
            found = re.findall(r"min\(([^,()]+), 360000\)", " ".join(text.split()))
            assert found, where
            for formula in found:
                assert set(re.findall(r"[A-Za-z_]+", formula)) <= names, (where, formula)
                value = eval(formula, {}, {"N": persons, "persons": persons, "PERSONS": persons,
                                           "K": k, "gemeenten": k})  # fmt: skip
                assert min(value, 360_000) == default, (where, formula, persons, k)


def test_runs_of_other_settings_never_share_a_default_label(bench_run):
    runs = [
        [],
        ["--persons", "360000"],
        ["--persons", "360000", "--pages"],
        ["--persons", "360000", "--residents", "20000"],
        ["--persons", "360000", "--years", "2022", "2023"],
        ["--persons", "360000", "--noop"],
        ["--persons", "360000", "--add-year"],
        ["--gemeenten", "5"],
        ["--gemeenten", "5", "--analysed", "1"],
        ["--gemeenten", "5", "--residents", "20000"],
        ["--years", "2022", "2023", "--waves", "2023"],
        ["--years", "2022", "2023"],
        ["--seed", "1"],
        ["--cores", "1"],
        ["--floor"],
    ]
    for one, other in combinations(runs, 2):
        assert label(bench_run, *one) != label(bench_run, *other), (one, other)


def test_the_workdir_is_named_after_the_world_alone(bench_run):
    # one gemeente of the five-gemeente world runs on the region run's world: the same folder
    assert label(bench_run, "--gemeenten", "5", "--analysed", "1", world_only=True) == "2M-5gm"
    assert label(bench_run, "--persons", "360000", "--pages", "--noop", world_only=True) == "360k"
    args = ["--residents", "20000", "--years", "2022", "2023", "--waves", "2023", "--seed", "3"]
    assert label(bench_run, *args, world_only=True) == "2M-r20k-y2022-2023-w2023-seed3"


def docs_with(label: str, command: str) -> str:
    return (
        f"# Benchmarks\n\n<!-- bench:{label} -->\n## 360 000 persons ({label})\n\nA note.\n\n"
        f"Made on 2026-11-30 07:03 UTC with `{command}`; every page.\nMachine: 2 cores.\n"
        f"<!-- /bench:{label} -->\n"
    )


def test_a_section_made_by_the_same_settings_may_be_replaced(bench_run):
    s = bench_run.settings(bench_run.parser().parse_args(["--persons", "360000", "--pages"]))
    recorded = (
        "python bench/run.py --cores 2 --docs docs/BENCHMARKS.md --persons 360000 --pages "
        "--workdir /tmp/h14/b360k --label 360k"
    )
    text = docs_with("360k", recorded)
    assert bench_run.recorded_command(text, "360k") == recorded
    # other option order, the defaults given or not, elsewhere: the same run
    assert bench_run.refusal(text, "360k", s, "B.md") is None
    # no section of that label: nothing to refuse
    assert bench_run.recorded_command(text, "2M") is None
    assert bench_run.refusal(text, "2M", s, "B.md") is None


def test_a_section_made_by_other_settings_is_refused(bench_run):
    recorded = "python bench/run.py --persons 360000 --pages --noop"
    text = docs_with("360k", recorded)
    s = bench_run.settings(bench_run.parser().parse_args(["--persons", "360000", "--pages"]))
    # the file, the command that made the section, each setting that differs (this run's value
    # and the recorded one) and the label to give: this run's default
    assert bench_run.refusal(text, "360k", s, "docs/B.md") == (
        f"section '360k' of docs/B.md was made with `{recorded}`, a run of other settings than "
        "this one:\n"
        "  --noop: no in this run, yes in the recorded one\n"
        "Give this run its own label, --label 360k-pages (its default label: leave --label out "
        "for it), or give --replace to replace that section."
    )
    # every setting that differs, in the order of `settings`, lists and defaults written out
    other = bench_run.settings(
        bench_run.parser().parse_args(["--persons", "360000", "--years", "2022", "2023",
                                       "--waves", "--residents", "20000"])
    )  # fmt: skip
    assert bench_run.differences(other, bench_run.settings_of(recorded)) == [
        "--residents: 20000 in this run, 360000 in the recorded one",
        "--years: 2022 2023 in this run, 2019 2020 2021 2022 2023 in the recorded one",
        "--waves: none in this run, 2020 2022 in the recorded one",
        "--pages: no in this run, yes in the recorded one",
        "--noop: no in this run, yes in the recorded one",
    ]
    # a section with no command, or one that bench/disclosure.py or an unknown option made
    assert "'360k' of B.md records no command" in bench_run.refusal(
        "<!-- bench:360k -->\nhand-written\n<!-- /bench:360k -->\n", "360k", s, "B.md"
    )
    for other in ("python bench/disclosure.py --persons 360000", "python bench/run.py --gone 1"):
        assert bench_run.settings_of(other) is None
        why = bench_run.refusal(docs_with("360k", other), "360k", s, "B.md")
        assert f"made with `{other}`, a command this version cannot read" in why


def test_the_label_suggested_is_this_runs_default_unless_it_is_taken(bench_run):
    s = bench_run.settings(bench_run.parser().parse_args(["--persons", "360000"]))
    # an old section '360k' of a --pages --noop run: '360k' is this run's default label too
    text = docs_with("360k", "python bench/run.py --persons 360000 --pages --noop")
    assert bench_run.refusal(text, "360k", s, "B.md").endswith(
        "\nLabel '360k' is already this run's default: give it another --label, or give "
        "--replace to replace that section."
    )
    # given --label 360k-x, with 360k (the default) another run's section: no label to suggest
    text += docs_with("360k-x", "python bench/run.py --persons 360000 --noop")
    assert bench_run.refusal(text, "360k-x", s, "B.md").endswith(
        "\nGive this run another --label (section '360k', its default, is another run's), or "
        "give --replace to replace that section."
    )


def test_main_refuses_before_it_generates_a_world_unless_told_to_replace(
    bench_run, tmp_path, monkeypatch, capsys
):
    class Started(Exception):
        pass

    def generate(*args, **kwargs):
        raise Started

    monkeypatch.setattr(bench_run, "generate", generate)
    docs = tmp_path / "BENCHMARKS.md"
    before = docs_with("360k", "python bench/run.py --persons 360000 --pages --noop")
    docs.write_text(before)
    out, work = str(tmp_path / "out"), str(tmp_path / "work")
    run = ["--persons", "360000", "--pages", "--docs", str(docs), "--out", out, "--workdir", work]
    # the default label of this run (360k-pages) is not the section's: it goes ahead
    with pytest.raises(Started):
        bench_run.main(run)
    capsys.readouterr()
    # given the section's label, it stops with the reason (exit status 2), before any work:
    # the reason alone, no usage
    assert bench_run.main([*run, "--label", "360k"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"bench/run.py: section '360k' of {docs} was made with `python bench/run.py --persons "
        "360000 --pages --noop`, a run of other settings than this one:\n"
        "  --noop: no in this run, yes in the recorded one\n"
        "Give this run its own label, --label 360k-pages (its default label: leave --label out "
        "for it), or give --replace to replace that section.\n"
    )
    assert docs.read_text() == before
    with pytest.raises(Started):
        bench_run.main([*run, "--label", "360k", "--replace"])
