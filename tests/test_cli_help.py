"""Every command's --help prints its usage, in both languages (argparse formats help with %)."""

from __future__ import annotations

import pytest
from conftest import halfyear


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "command",
    [[], ["run"], ["batch"], ["index"], ["list"], ["validate"], ["import"], ["demo-data"],
     ["template"]],
)  # fmt: skip
def test_help_prints_usage_entirely_in_the_chosen_language(command, lang):
    proc = halfyear(*command, "--help", lang=lang, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    usage = "用法：halfyear" if lang == "zh" else "usage: halfyear"
    assert proc.stdout.startswith(usage), proc.stdout[:80]
    if lang == "zh":
        # argparse's own words too: no English sentence left beside the Chinese help
        for english in ("show this help", "usage:", "options:", "positional arguments", "exit"):
            assert english not in proc.stdout, english
        assert "显示本帮助并退出" in proc.stdout
    else:  # (Chinese examples such as 1-6月 or 万元 are data, not words of the help)
        for chinese in ("用法", "选项：", "显示本帮助", "位置参数"):
            assert chinese not in proc.stdout, chinese


def test_a_usage_error_is_in_the_chosen_language():
    proc = halfyear("run", "--lang", "zh", "--nonsense", timeout=60)
    assert proc.returncode == 2
    assert "错误：无法识别的参数：--nonsense" in proc.stderr and "error:" not in proc.stderr
