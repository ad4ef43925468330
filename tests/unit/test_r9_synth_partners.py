"""The synthetic partners' supplier carries the gemeente's name: in a GGD region run every
gemeente's pages said 'Bron: Huisartsencoöperatie Utrecht' (Nieuwegein and Zeist too; a new
user, U3 F3)."""

from wijkzicht.synth.aggregates import indicator_register


def test_the_gp_cooperative_is_named_after_the_gemeente_of_the_run():
    for name in ("Nieuwegein", "Zeist"):
        reg = indicator_register(name)
        gp = reg.loc[reg["source"] == "huisartsen", "supplier"].iloc[0]
        assert gp == f"Huisartsencoöperatie {name} (synthetisch)"
        assert not reg["supplier"].str.contains("Utrecht").any()
    # without a name: no place at all, never another gemeente's
    reg = indicator_register()
    assert reg.loc[reg["source"] == "huisartsen", "supplier"].iloc[0] == (
        "Huisartsencoöperatie (synthetisch)"
    )
    assert not reg["supplier"].str.contains("{", regex=False).any()
    assert list(reg.columns) == list(indicator_register("Utrecht").columns)
