"""Property-based: whatever YAML a run file holds, reading it gives parameters or one
ParameterError naming the file, never a traceback of another kind, never a huge message."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halfyear_lib.params import KNOWN_KEYS, ParameterError, load_params, load_run_params

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2021-06",
            "2021-13",
            "1-6月",
            "lanxi",
            "清水县",
            "01_indicators.ipynb",
            "../x.ipynb",
            "/etc/passwd",
            "reports",
            "demo",
            "",
            " ",
            "\x00",
            "\u202e县",
        ]
    ),  # fmt: skip
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), children, max_size=4),
    ),
    max_leaves=20,
)
keys = st.one_of(st.sampled_from(sorted(KNOWN_KEYS)), st.text(max_size=12))
documents = st.one_of(st.dictionaries(keys, values, max_size=6), values)

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(path, text_or_bytes) -> None:
    if isinstance(text_or_bytes, bytes):
        path.write_bytes(text_or_bytes)
    else:
        path.write_text(text_or_bytes, encoding="utf-8")
    for read in (
        lambda: load_params(path),
        lambda: load_run_params([path]),
    ):
        try:
            read()
        except ParameterError as exc:
            text = str(exc)
            assert str(path) in text or text.startswith("parameter"), text
            assert len(text) < 3000, len(text)  # never the expanded value
            assert "Traceback" not in text


@SETTINGS
@given(documents)
def test_any_yaml_structure_is_read_or_refused_with_one_message(tmp_path, document):
    _check(tmp_path / "run.yaml", yaml.safe_dump(document, allow_unicode=True))


yaml_chars = string.printable + "&*!|>-:[]{}#'\"%@`,?\u202e\x00\ufeff清水"


@SETTINGS
@given(st.text(alphabet=yaml_chars, max_size=200))
def test_any_text_is_read_or_refused_with_one_message(tmp_path, text):
    _check(tmp_path / "run.yaml", text)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_with_one_message(tmp_path, data):
    _check(tmp_path / "run.yaml", data)
