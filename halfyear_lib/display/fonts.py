"""Chinese-capable fonts for charts (matplotlib/seaborn) and for the rendered HTML report.

The font is Noto Sans SC Regular, shipped by the PyPI wheel ``pylopdf-fonts-zh-cn``
(SIL Open Font License 1.1; see ``LICENSES/README.md``). Nothing depends on fonts
installed on the machine that runs or opens the report:

* :func:`use_chinese_font` / :func:`apply_theme` make every matplotlib/seaborn text use it;
* :func:`embed_font_in_html` puts a subset of it (only the characters the report uses) into
  the HTML as a base64 WOFF ``@font-face``, so tables render on machines without CJK fonts.
"""

from __future__ import annotations

import base64
import functools
import html as html_module
import io
import os
import re
import unicodedata
from pathlib import Path

FONT_PACKAGE = "pylopdf-fonts-zh-cn"
"""The PyPI distribution that ships the font (import name ``pylopdf_fonts_zh_cn``)."""

CSS_FAMILY = "HalfyearCJK"
"""The family name the embedded ``@font-face`` is declared under in the HTML report."""

CSS_FALLBACK = '"Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

_STYLE_ID = "halfyear-cjk-font"
_STYLE_BLOCK_RE = re.compile(
    r'<style id="' + _STYLE_ID + r'">.*?</style>\n?', flags=re.DOTALL | re.IGNORECASE
)

# Always in the HTML subset besides the text's own characters: printable ASCII, CJK
# symbols and punctuation (、。〈〉《》「」【】〔〕…), full-width forms (，：；（）％！？０-９Ａ-Ｚ),
# and the general punctuation/symbols that statistics tables use.
_ALWAYS_IN_SUBSET = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0x3000, 0x3040))
    + "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    + "\u00a0·×÷±°‰—–‘’“”…※℃№→←↑↓\u2212"
)


class ChineseFontNotFoundError(FileNotFoundError):
    """The Noto Sans SC font file (from ``pylopdf-fonts-zh-cn``) is not available."""


def cjk_font_path() -> Path:
    """Path of Noto Sans SC Regular (``NotoSansSC-Regular.otf``) from ``pylopdf-fonts-zh-cn``.

    Raises :class:`ChineseFontNotFoundError` (a ``FileNotFoundError``) naming the package to
    install when it is missing or broken.
    """
    hint = (
        f"install the font package: pip install {FONT_PACKAGE} (the version pinned in "
        "pyproject.toml), or recreate the conda env from environment.yml"
    )
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:
        raise ChineseFontNotFoundError(
            f"Chinese font Noto Sans SC not available: Python package {FONT_PACKAGE!r} "
            f"is not installed; {hint}"
        ) from exc
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise ChineseFontNotFoundError(
            f"Chinese font file {path} is missing (package {FONT_PACKAGE!r} is broken); "
            f"reinstall it: {hint}"
        )
    return path


@functools.lru_cache(maxsize=8)
def _ft2font(path: str):
    from matplotlib import ft2font

    return ft2font.FT2Font(path)


def _has_glyph(path: str, char: str) -> bool:
    return _ft2font(path).get_char_index(ord(char)) != 0


def _ignored(char: str) -> bool:
    """Whitespace and control/format characters are not drawn, so need no glyph."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def missing_glyphs(text: str, font_path: str | os.PathLike | None = None) -> list[str]:
    """Distinct characters of *text* (first-seen order) that the font has no glyph for.

    *font_path* defaults to Noto Sans SC (:func:`cjk_font_path`). Whitespace and
    control/format characters are ignored.
    """
    path = os.fsdecode(font_path if font_path is not None else cjk_font_path())
    missing: list[str] = []
    seen: set[str] = set()
    for char in text:
        if char in seen:
            continue
        seen.add(char)
        if not _ignored(char) and not _has_glyph(path, char):
            missing.append(char)
    return missing


# ----------------------------------------------------------------------------- matplotlib


def _register_font() -> tuple[str, bool]:
    """Add the font to matplotlib's font manager once; return (family name, has U+2212)."""
    from matplotlib import font_manager

    path = cjk_font_path()
    fname = os.fsdecode(path)
    manager = font_manager.fontManager
    if not any(entry.fname == fname for entry in manager.ttflist):
        manager.addfont(fname)  # also clears findfont's cache
    family = _family_name(fname)
    return family, _has_glyph(fname, "\u2212")


@functools.lru_cache(maxsize=8)
def _family_name(fname: str) -> str:
    from matplotlib import font_manager

    return font_manager.FontProperties(fname=fname).get_name()


def _font_rc(family: str, has_minus: bool) -> dict:
    import matplotlib as mpl

    others = [name for name in mpl.rcParams["font.sans-serif"] if name != family]
    return {
        "font.family": ["sans-serif"],
        "font.sans-serif": [family, *others],
        # Noto Sans SC has U+2212 MINUS SIGN, so matplotlib's typographic minus can stay;
        # a font without it would draw tofu for every negative tick label.
        "axes.unicode_minus": has_minus,
    }


def use_chinese_font() -> str:
    """Make all matplotlib text (titles, ticks, legends, seaborn) use Noto Sans SC.

    Registers the font file with ``matplotlib.font_manager.fontManager`` (once), sets
    ``font.family = ["sans-serif"]`` with Noto Sans SC first in ``font.sans-serif`` (the
    previous entries stay as fallbacks) and ``axes.unicode_minus`` according to whether
    the font has U+2212. Idempotent and cheap to call again. Returns the family name.
    """
    import matplotlib as mpl

    family, has_minus = _register_font()
    mpl.rcParams.update(_font_rc(family, has_minus))
    return family


def apply_theme(
    style: str = "whitegrid",
    context: str = "notebook",
    palette: str | None = "deep",
    rc: dict | None = None,
) -> str:
    """seaborn ``set_theme`` with the Chinese font kept; returns the font family name.

    ``set_theme`` resets rcParams (and its ``font=`` only sets ``font.family``), so the
    font settings of :func:`use_chinese_font` are applied again afterwards. *rc* entries
    are passed to seaborn, but cannot override the font settings. For an analyst's own
    charts; the report's charts use :func:`chart_theme` (the same look without seaborn).
    """
    import matplotlib as mpl
    import seaborn as sns

    family = use_chinese_font()
    sns.set_theme(context=context, style=style, palette=palette, font=family, rc=rc)
    # names from data are drawn as they are: a "$" in a name must not start mathtext
    mpl.rcParams["text.parse_math"] = False
    return use_chinese_font()


# What seaborn 0.13's set_theme(context="notebook", style="whitegrid", palette="deep") sets,
# written out: the report's charts look the same without importing seaborn, whose import
# pulls in scipy.stats (1.5 s in a kernel that needs neither). tests/display/test_fonts.py
# checks these against seaborn itself, so a seaborn that changes its theme is noticed.
_DEEP = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3",
         "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd")  # fmt: skip
THEME_RC: dict[str, object] = {
    "axes.axisbelow": True,
    "axes.edgecolor": ".8",
    "axes.grid": True,
    "axes.labelcolor": ".15",
    "axes.labelsize": 12.0,
    "axes.linewidth": 1.25,
    "axes.titlesize": 12.0,
    "font.size": 12.0,
    "font.sans-serif": [
        "Arial",
        "DejaVu Sans",
        "Liberation Sans",
        "Bitstream Vera Sans",
        "sans-serif",
    ],  # fmt: skip
    "grid.color": ".8",
    "grid.linewidth": 1.0,
    "legend.fontsize": 11.0,
    "legend.title_fontsize": 12.0,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.color": ".15",
    "xtick.labelsize": 11.0,
    "xtick.major.size": 6.0,
    "xtick.major.width": 1.25,
    "xtick.minor.size": 4.0,
    "xtick.minor.width": 1.0,
    "ytick.color": ".15",
    "ytick.labelsize": 11.0,
    "ytick.left": False,
    "ytick.major.size": 6.0,
    "ytick.major.width": 1.25,
    "ytick.minor.size": 4.0,
    "ytick.minor.width": 1.0,
}


def chart_theme() -> str:
    """The report charts' look (seaborn's whitegrid theme, :data:`THEME_RC`) with the
    Chinese font; returns the font family name. Idempotent and cheap to call again."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(THEME_RC)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=list(_DEEP))
    # names from data are drawn as they are: a "$" in a name must not start mathtext
    mpl.rcParams["text.parse_math"] = False
    return use_chinese_font()


# ----------------------------------------------------------------------------- HTML


def _subset_chars(text: str) -> str:
    chars = {c for c in set(text) if not _ignored(c)} | set(_ALWAYS_IN_SUBSET)
    return "".join(sorted(chars))


def _subset_cache_file(chars: str) -> Path | None:
    """Where the subset for *chars* is kept between runs (in the fit cache, ``fonts/``; None when
    the cache is off): a rerun of a report, whose pages hold the same characters, reuses
    it instead of subsetting the font again (half a second)."""
    from ..forecast.cache import cache_dir

    root = cache_dir()
    if root is None:
        return None
    import hashlib

    key = hashlib.sha256((str(cjk_font_path()) + "\0" + chars).encode("utf-8")).hexdigest()
    return root / "fonts" / f"{key[:32]}.woff"  # inside the folder the user chose


@functools.lru_cache(maxsize=16)
def _subset_woff(chars: str) -> tuple[str, bytes]:
    """(format, font bytes) of Noto Sans SC reduced to *chars*; WOFF (zlib) when possible;
    kept on disk between runs (:func:`_subset_cache_file`)."""
    cached = _subset_cache_file(chars)
    try:
        data = cached.read_bytes() if cached is not None else b""
    except OSError:
        data = b""
    if data[:4] == b"wOFF":  # anything else (damaged, foreign) is made again
        return "woff", data
    fmt, data = _make_subset(chars)
    if cached is not None and fmt == "woff":
        import contextlib
        import tempfile

        with contextlib.suppress(OSError):  # a cache that cannot be written never fails
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, cached)
    return fmt, data


def _make_subset(chars: str) -> tuple[str, bytes]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.desubroutinize = True  # compresses better than the subroutinized CFF
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # keep copyright + OFL notice
    options.drop_tables = [*options.drop_tables, "VORG", "vhea", "vmtx", "BASE"]
    options.ignore_missing_unicodes = True
    # recalcTimestamp=False: same characters -> byte-identical font -> reproducible HTML.
    # recalcBBoxes=False: the full font's bounds (a superset of the subset's) are kept
    # instead of drawing every glyph again to recompute them (half the time of a subset)
    font = TTFont(cjk_font_path(), recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    for flavor in ("woff", None):  # woff needs only zlib; woff2 would need brotli
        options.flavor = flavor
        buf = io.BytesIO()
        try:
            subset.save_font(font, buf, options)
        except Exception:  # pragma: no cover - zlib is part of the standard library
            if flavor is None:
                raise
            continue
        return (flavor or "opentype"), buf.getvalue()
    raise AssertionError("unreachable")  # pragma: no cover


def html_font_css(text: str) -> str:
    """A ``<style>`` block embedding a Noto Sans SC subset for *text* as family "HalfyearCJK".

    The subset holds the characters of *text* plus ASCII and common CJK/full-width
    punctuation, as a base64 ``data:`` WOFF (about 180 KB of CSS for 500 distinct
    Chinese characters). The CSS also points ``body, table, th, td, h1-h3, p, li`` and
    the JupyterLab content-font variable at it.
    """
    fmt, data = _subset_woff(_subset_chars(text))
    mime = "font/woff" if fmt == "woff" else "font/otf"
    b64 = base64.b64encode(data).decode("ascii")
    stack = f'"{CSS_FAMILY}", {CSS_FALLBACK}'
    return (
        f'<style id="{_STYLE_ID}">\n'
        "@font-face {\n"
        f'  font-family: "{CSS_FAMILY}";\n'
        f'  src: url(data:{mime};base64,{b64}) format("{fmt}");\n'
        "  font-weight: 400;\n"
        "  font-style: normal;\n"
        "}\n"
        f":root {{ --jp-content-font-family: {stack}; }}\n"
        f"body, table, th, td, h1, h2, h3, p, li {{ font-family: {stack}; }}\n"
        "</style>\n"
    )


# base64 images and fonts: ASCII (always in the subset) and most of a page's bytes
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")


def page_characters(text: str) -> str:
    """The distinct characters a page shows (entities like ``&#28165;`` decoded), without
    scanning its embedded images: a short string standing for megabytes of HTML."""
    text = _DATA_URI.sub("", text)
    return "".join(sorted(set(text) | set(html_module.unescape(text))))


def embed_font_in_html(html: str, also: str = "") -> str:
    """*html* with :func:`html_font_css` for all its characters inserted before ``</head>``.

    Characters written as entities (``&#28165;``) count too. A block from an earlier call
    is replaced, so calling it again is safe. Without ``</head>`` the block is prepended.
    ``also``: more text (HTML) whose characters the subset covers as well: the pages of
    one run pass all their text, so they share one subset, made once.
    """
    html = _STYLE_BLOCK_RE.sub("", html)
    css = html_font_css(page_characters(html + also))
    match = re.search(r"</head\s*>", html, flags=re.IGNORECASE)
    if match is None:
        return css + html
    return html[: match.start()] + css + html[match.start() :]
