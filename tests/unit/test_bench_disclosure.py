"""The table `make bench-disclosure` writes to docs/BENCHMARKS.md (bench/disclosure.py): a run
for some sizes replaces their rows and keeps those of the others, as `make bench`'s overview
merges its rows (the same code, bench/run.py merge_rows). No benchmark runs."""

import pytest
from worlds import bench_module


@pytest.fixture(scope="module")
def disclosure():
    return bench_module("disclosure", "bench_disclosure")


def result(date: str, command: str, sizes: dict[int, float], themes=("kopp", "migratie")):
    """A run of bench/disclosure.py: per size, every theme `wall` seconds and `wall` LPs."""

    def size(persons: int, wall: float) -> dict:
        ts = [
            {"theme": t, "rows": persons // 10, "primary": 3, "secondary": 2, "lps": int(wall),
             "wall_s": wall, "cpu_s": wall, "audit_passed": True}
            for t in themes
        ]  # fmt: skip
        return {"persons": persons, "years": [2019, 2023], "themes": ts,
                "load_start": [wall, 0.0, 0.0], "load_end": [0.5, 0.0, 0.0],
                "wall_s": wall * len(ts), "cpu_s": wall * len(ts)}  # fmt: skip

    return {"date": date, "command": command, "commit": "c0ffee0",
            "machine": {"cores": 2, "memory_gb": 23.5},
            "sizes": [size(p, w) for p, w in sizes.items()]}  # fmt: skip


def docs_of(section: str) -> str:
    return (
        "# Benchmarks\n\n<!-- bench:disclosure -->\n"
        + section
        + "<!-- /bench:disclosure -->\n<!-- bench:overview -->\n## Overview\n"
        "<!-- /bench:overview -->\n"
    )


def rows_and_runs(disclosure, section: str) -> tuple[list[str], list[str]]:
    rows = disclosure.table_rows(section, "| residents |")
    runs = [x for x in section.splitlines() if x.startswith("- ")]
    return rows, runs


def test_a_run_of_one_size_replaces_its_rows_and_keeps_the_other_sizes(disclosure, tmp_path):
    sizes = {3000: 6.0, 10000: 2.0, 30000: 1.0}
    three = result("2026-12-01 15:31 UTC", "python bench/disclosure.py", sizes)
    docs = tmp_path / "BENCHMARKS.md"
    docs.write_text(docs_of(disclosure.markdown(three)))
    old_rows, old_runs = rows_and_runs(disclosure, docs.read_text())
    # three sizes of two themes and their total: 9 rows, one line of the run per size
    assert len(old_rows) == 9 and len(old_runs) == 3

    one = result("2026-12-01 17:00 UTC", "python bench/disclosure.py --persons 10000",
                 {10000: 4.0})  # fmt: skip
    text = disclosure.merged(docs.read_text(), "disclosure", disclosure.markdown(one))
    disclosure.update_docs(docs, "disclosure", text)
    rows, runs = rows_and_runs(disclosure, docs.read_text())
    sizes = [r.split("|")[1].strip() for r in rows]
    assert sizes == ["3,000"] * 3 + ["10,000"] * 3 + ["30,000"] * 3
    # 3,000 and 30,000 untouched; 10,000 now 4.0 s per theme (was 2.0), 8.0 s in all
    assert rows[:3] == old_rows[:3] and rows[6:] == old_rows[6:]
    assert rows[3] == "| 10,000 | 2019-2023 | kopp | 1,000 | 3 | 2 | 4 | 4.0 | 4.0 | yes |"
    # the total of the two themes run: it said "all three"
    assert rows[5] == (
        "| 10,000 | 2019-2023 | **kopp and migratie** | | | | 8 | **8.0** | **8.0** | |"
    )
    assert runs[0] == old_runs[0] and runs[2] == old_runs[2]
    assert runs[1].startswith(
        "- 10,000 residents: made on 2026-12-01 17:00 UTC with "
        "`python bench/disclosure.py --persons 10000` (commit c0ffee0); machine: 2 cores, 23.5 "
        "GB; load average (1, 5, 15 min) 4.00 / 0.00 / 0.00 at the start"
    )
    # the sections around it stay
    assert docs.read_text().endswith(
        "<!-- bench:overview -->\n## Overview\n<!-- /bench:overview -->\n"
    )


def test_a_new_size_goes_between_and_a_size_run_for_fewer_themes_loses_the_others(disclosure):
    two = result("d1", "c1", {3000: 6.0, 30000: 1.0})
    new = result("d2", "c2", {10000: 2.0, 30000: 5.0}, themes=("migratie",))
    section = disclosure.merged(docs_of(disclosure.markdown(two)), "disclosure",
                                disclosure.markdown(new))  # fmt: skip
    rows, runs = rows_and_runs(disclosure, section)
    assert [(r.split("|")[1].strip(), r.split("|")[3].strip()) for r in rows] == [
        ("3,000", "kopp"), ("3,000", "migratie"), ("3,000", "**kopp and migratie**"),
        ("10,000", "migratie"), ("10,000", "**migratie alone**"),
        ("30,000", "migratie"), ("30,000", "**migratie alone**"),
    ]  # fmt: skip
    assert [x.split(" with ")[1][:4] for x in runs] == ["`c1`", "`c2`", "`c2`"]
    # a docs file without the section: this run's alone
    assert disclosure.merged("# Benchmarks\n", "disclosure", disclosure.markdown(new)) == (
        disclosure.markdown(new)
    )


def test_a_table_written_before_the_lines_per_size_gives_its_paragraph_to_each(disclosure):
    legacy = (
        "\nMade on 2026-12-01 15:31 UTC with `python bench/disclosure.py --label disclosure` "
        "(commit 5162eec).\nMachine: 2 cores, 23.5 GB; load average (1, 5, 15 min) 2.24 / 2.00 "
        "/ 2.06 at the start, 1.82 / 1.83 / 1.97 at the end.\n\n"
        + "\n".join(disclosure.TABLE_HEAD)
        + "\n| 3,000 | 2019-2023 | kopp | 2,571 | 1,513 | 488 | 1,486 | 6.2 | 6.2 | yes |"
        "\n| 30,000 | 2019-2023 | kopp | 2,579 | 617 | 354 | 286 | 0.9 | 0.9 | yes |\n"
    )
    new = result("d2", "c2", {3000: 2.0})
    section = disclosure.merged(docs_of(legacy), "disclosure", disclosure.markdown(new))
    rows, runs = rows_and_runs(disclosure, section)
    assert rows[-1] == "| 30,000 | 2019-2023 | kopp | 2,579 | 617 | 354 | 286 | 0.9 | 0.9 | yes |"
    assert runs[0].startswith("- 3,000 residents: made on d2 with `c2`")
    assert runs[1] == (
        "- 30,000 residents: made on 2026-12-01 15:31 UTC with `python bench/disclosure.py "
        "--label disclosure` (commit 5162eec). Machine: 2 cores, 23.5 GB; load average (1, 5, "
        "15 min) 2.24 / 2.00 / 2.06 at the start, 1.82 / 1.83 / 1.97 at the end."
    )


def test_the_total_row_names_the_themes_it_sums(disclosure):
    three = result("d", "c", {3000: 1.0}, themes=disclosure.THEMES)
    assert disclosure.table_rows(disclosure.markdown(three), "| residents |")[-1] == (
        "| 3,000 | 2019-2023 | **all three** | | | | 3 | **3.0** | **3.0** | |"
    )
    assert disclosure.total(["kopp"]) == "**kopp alone**"
    assert disclosure.total(["kopp", "nieuwkomers"]) == "**kopp and nieuwkomers**"


def settings(disclosure, *args: str) -> dict:
    return disclosure.settings(disclosure.parser().parse_args(list(args)))


def test_the_settings_of_a_size_are_what_its_rows_measure(disclosure):
    default = settings(disclosure)
    assert default == {
        "years": [2019, 2020, 2021, 2022, 2023],
        "waves": [2020, 2022],
        "seed": 20260101,
        "themes": ["kopp", "migratie", "nieuwkomers"],
    }
    # the order of years, waves and themes, the sizes, where it goes and --cores: the same rows
    same = ["--persons", "10000", "--years", "2023", "2022", "2021", "2020", "2019", "--waves",
            "2022", "2020", "--themes", "nieuwkomers", "kopp", "migratie", "--cores", "1",
            "--workdir", "/tmp/w", "--out", "/tmp/o", "--docs", "B.md",
            "--profile", "/tmp/p"]  # fmt: skip
    assert settings(disclosure, *same) == default
    # read from a recorded command with bench/run.py's code
    command = "python bench/disclosure.py " + " ".join(same)
    assert disclosure.settings_of(command, "bench/disclosure.py", disclosure.parser,
                                  disclosure.settings) == default  # fmt: skip
    for other in (["--years", "2022", "2023"], ["--seed", "1"], ["--themes", "kopp"],
                  ["--waves", "2022"]):  # fmt: skip
        assert settings(disclosure, *other) != default, other


def test_a_size_made_by_other_settings_is_refused_unless_replaced(disclosure):
    made = "python bench/disclosure.py --persons 3000 10000 --docs docs/BENCHMARKS.md"
    text = docs_of(disclosure.markdown(result("d1", made, {3000: 6.0, 10000: 2.0})))
    mine = settings(disclosure, "--themes", "kopp", "--seed", "7")
    why = disclosure.refusal(text, "disclosure", mine, [10000], "docs/B.md")
    assert why == (
        f"the rows of 10,000 residents in section 'disclosure' of docs/B.md were made with "
        f"`{made}`, a run of other settings than this one:\n"
        "  --seed: 7 in this run, 20260101 in the recorded one\n"
        "  --themes: kopp in this run, kopp migratie nieuwkomers in the recorded one\n"
        "Give this run its own --label (a table of its own), or give --replace to replace those "
        "rows."
    )
    # every size refused is named; a size the table does not have is not
    why = disclosure.refusal(text, "disclosure", mine, [3000, 30000, 10000], "B.md")
    assert "the rows of 3,000 residents" in why and "the rows of 10,000 residents" in why
    assert "30,000" not in why
    assert disclosure.refusal(text, "disclosure", mine, [30000], "B.md") is None
    # the same settings, another section or a docs file without it: nothing to refuse
    same = settings(disclosure, "--persons", "10000", "--years", "2023", "2022", "2021", "2020",
                    "2019")  # fmt: skip
    assert disclosure.refusal(text, "disclosure", same, [3000, 10000], "B.md") is None
    assert disclosure.refusal(text, "disclosure-kopp", mine, [10000], "B.md") is None
    assert disclosure.refusal("# Benchmarks\n", "disclosure", mine, [10000], "B.md") is None
    # rows whose run is a command this version cannot read, or none
    other = docs_of(
        disclosure.markdown(result("d1", "python bench/disclosure.py --gone", {3000: 1}))
    )
    assert "a command this version cannot read" in disclosure.refusal(
        other, "disclosure", same, [3000], "B.md"
    )
    row = "| 3,000 | 2019-2023 | kopp | 1 | 1 | 1 | 1 | 1.0 | 1.0 | yes |"
    bare = docs_of("\n".join([*disclosure.TABLE_HEAD, row, ""]))
    why = disclosure.refusal(bare, "disclosure", same, [3000], "B.md")
    assert why.startswith("the rows of 3,000 residents in section 'disclosure' of B.md record no ")


def test_a_table_written_before_the_lines_per_size_is_compared_by_its_paragraph(disclosure):
    legacy = (
        "\nMade on 2026-12-01 15:31 UTC with `python bench/disclosure.py --workdir /tmp/idle/disc "
        "--label disclosure` (commit 5162eec).\n\n" + "\n".join(disclosure.TABLE_HEAD)
        + "\n| 3,000 | 2019-2023 | kopp | 2,571 | 1,513 | 488 | 1,486 | 6.2 | 6.2 | yes |\n"
    )  # fmt: skip
    text = docs_of(legacy)
    assert disclosure.refusal(text, "disclosure", settings(disclosure), [3000], "B.md") is None
    why = disclosure.refusal(text, "disclosure", settings(disclosure, "--seed", "3"), [3000], "B")
    assert "--seed: 3 in this run, 20260101 in the recorded one" in why


def test_main_refuses_before_any_work_and_leaves_the_table(disclosure, tmp_path, monkeypatch,
                                                           capsys):  # fmt: skip
    class Started(Exception):
        pass

    def prepare(*args, **kwargs):
        raise Started

    monkeypatch.setattr(disclosure, "prepare", prepare)
    docs = tmp_path / "BENCHMARKS.md"
    made = "python bench/disclosure.py --persons 3000 10000"
    before = docs_of(disclosure.markdown(result("d1", made, {3000: 6.0, 10000: 2.0})))
    docs.write_text(before)
    run = ["--persons", "10000", "--docs", str(docs), "--out", str(tmp_path / "out"),
           "--workdir", str(tmp_path / "work")]  # fmt: skip
    # the same settings: it goes ahead
    with pytest.raises(Started):
        disclosure.main(run)
    capsys.readouterr()
    assert disclosure.main([*run, "--themes", "kopp"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"bench/disclosure.py: the rows of 10,000 residents in section 'disclosure' of {docs} "
        f"were made with `{made}`, a run of other settings than this one:\n  --themes: kopp in "
        "this run, kopp migratie nieuwkomers in the recorded one\n"
    )
    assert docs.read_text() == before
    for ok in (["--replace"], ["--label", "disclosure-kopp"]):
        with pytest.raises(Started):
            disclosure.main([*run, "--themes", "kopp", *ok])
