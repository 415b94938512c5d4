"""The language of messages shown to people: Chinese by default, English on request.

Every message a user reads (data problems, CLI errors, warnings on a page) is written
once in each language at the place it is made: ``tr("English text", "中文")``. The language
is chosen per process (``--lang`` on the command line, or ``HALFYEAR_LANG=en|zh``) and
read when the message is made. Column and table names stay in English inside brackets in
Chinese messages, so a message can be matched to the data dictionary.
"""

from __future__ import annotations

import contextlib
import contextvars
import os

LANGUAGES = ("zh", "en")
_DEFAULT = os.environ.get("HALFYEAR_LANG", "zh").strip().lower()
_LANG: contextvars.ContextVar[str] = contextvars.ContextVar(
    "halfyear_lang", default=_DEFAULT if _DEFAULT in LANGUAGES else "zh"
)


def current_language() -> str:
    """ "zh" or "en"."""
    return _LANG.get()


def set_language(lang: str) -> None:
    """Choose the language of messages made from now on; ValueError for an unknown one."""
    lang = str(lang).strip().lower()
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of: {', '.join(LANGUAGES)}")
    _LANG.set(lang)


@contextlib.contextmanager
def language(lang: str):
    """Messages made inside the block are in ``lang``."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def tr(en: str, zh: str) -> str:
    """The message in the current language."""
    return zh if _LANG.get() == "zh" else en
