import pytest
from harness import Spec, check


@pytest.fixture
def rule(tmp_path):
    """Run one rule: `rule(contract=[...], tables={...}, question=..., expected=...)`."""

    def run(**spec):
        check(Spec(**spec), tmp_path)

    return run
