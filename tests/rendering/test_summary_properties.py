"""Word's core properties of summary.docx stay within Word's limits whatever the names."""

from __future__ import annotations

import docx
import pytest

from halfyear_lib.rendering.summary import CORE_PROPERTY_MAX, core_property, docx_document
from halfyear_lib.text.zh.draft import build_draft

LONG_NAME = "清水" * 5001 + "县"  # 10,003 characters, as a pasted cell can hold


def results(name: str) -> dict:
    return {
        "region": "qingshui",
        "region_name": "清水县",
        "period": "2021-06",
        "document": {"bureau": name},
    }


def saved_properties(name: str, tmp_path):
    path = tmp_path / "summary.docx"
    docx_document(build_draft(results(name))).save(str(path))
    return docx.Document(str(path)).core_properties


def test_a_name_of_10003_characters_gives_a_title_of_255(tmp_path):
    assert len(LONG_NAME) == 10_003
    props = saved_properties(LONG_NAME, tmp_path)
    # python-docx refuses more than 255 ("exceeded 255 char limit for property")
    assert len(props.title) == CORE_PROPERTY_MAX == 255
    assert props.title == LONG_NAME[:254] + "…"
    assert props.author == props.last_modified_by == LONG_NAME[:254] + "…"
    # the document itself keeps the whole name: only the property is cut
    doc = docx.Document(str(tmp_path / "summary.docx"))
    assert doc.paragraphs[0].text.startswith(LONG_NAME + "关于2021年上半年")


def test_control_bidi_and_surrogate_characters_leave_the_title(tmp_path):
    name = "清\u202e水\u2066县\u2069\u202a\x07\x1b\ud800"
    props = saved_properties(name, tmp_path)
    assert props.title == "清水县关于2021年上半年工作总结和下半年工作安排"
    assert props.author == "清水县"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("清水县", "清水县"),
        ("清水\n\t 县", "清水 县"),  # one line
        ("\u202b\u202c\u202d\u2067\u2068", ""),
        ("a" * 255, "a" * 255),  # at the limit: unchanged
        ("a" * 256, "a" * 254 + "…"),
        ("𠮷" * 300, "𠮷" * 254 + "…"),  # characters, not UTF-16 units or bytes
        (12.5, "12.5"),
    ],
)
def test_core_property(text, expected):
    assert core_property(text) == expected
    assert len(core_property(text)) <= 255


def test_the_hover_text_of_a_number_never_shows_a_negative_zero():
    from halfyear_lib.rendering.summary import _html_sentence
    from halfyear_lib.text.zh.draft import Sentence, Slot

    # a gap stored as -0.0 (rounded in results.json) prints 0.0 and hovers "= 0.0"
    s = Sentence("差{0}个百分点", [Slot("indicators.output.growth_gap_pp", -0.0, "0.0")])
    html = _html_sentence(s)
    assert 'title="indicators.output.growth_gap_pp = 0.0"' in html and "-0.0" not in html
