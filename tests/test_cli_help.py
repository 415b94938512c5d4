"""Every command's --help prints its usage, in both languages (argparse formats help with %)."""

from __future__ import annotations

import pytest
from conftest import halfyear


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "command",
    [[], ["run"], ["batch"], ["index"], ["list"], ["validate"], ["demo-data"], ["template"]],
)
def test_help_prints_usage(command, lang):
    proc = halfyear(*command, "--help", lang=lang, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: halfyear") and "Traceback" not in proc.stderr
