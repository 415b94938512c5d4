"""The drafted half-year summary: sentences written from ``results.json`` only.

``core`` holds the sentence machinery (:class:`Writer`, :class:`Sentence`, traced slots);
one module per part of the document writes its sentences; ``document`` puts the draft
together (:func:`build_draft`).
"""

from .core import (
    BAD_INPUT,
    Draft,
    Missing,
    Section,
    Sentence,
    Slot,
    TemplateError,
    Writer,
    clean_text,
    cn_numeral,
    heading_number,
    lookup,
)
from .document import build_draft, notice_sentences
from .indicators import amount_rank_sentence, city_task_sentence, ranks_sentence

__all__ = [
    "BAD_INPUT",
    "Draft",
    "Missing",
    "Section",
    "Sentence",
    "Slot",
    "TemplateError",
    "Writer",
    "amount_rank_sentence",
    "build_draft",
    "city_task_sentence",
    "clean_text",
    "cn_numeral",
    "heading_number",
    "lookup",
    "notice_sentences",
    "ranks_sentence",
]
