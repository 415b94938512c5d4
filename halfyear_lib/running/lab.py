"""JupyterLab that shows Chinese on a machine without CJK fonts (``make lab``).

Lab draws Markdown, tables, widgets and code with the browser's fonts; on a Linux server
or container without a CJK font every Chinese character is an empty box. ``make lab``
runs ``python -m halfyear_lib.running.lab``, which

* writes a stylesheet to ``.lab/custom/custom.css`` in the project (git-ignored) that
  declares the bundled Noto Sans SC (:func:`halfyear_lib.display.fonts.cjk_font_path`) as
  the web font "HalfyearCJK", limited to CJK characters (``unicode-range``: Latin text
  keeps Lab's own fonts), and puts it first in Lab's UI, content and code font stacks;
* starts JupyterLab with ``--LabApp.custom_css=True`` and the folders behind ``/custom/``
  set to that folder and the font package's folder (``--ServerApp.tornado_settings``), so
  Lab serves both the stylesheet and the font from this machine (nothing is downloaded);
* gives ``notebooks/explore.ipynb`` the kernel metadata of this Python (what Lab would
  write once the kernel starts: without it Lab marks the notebook modified on opening);
* opens ``notebooks/explore.ipynb``.

The user's own Jupyter configuration (``~/.jupyter``) is neither read for this nor written.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..display.fonts import CSS_FAMILY, cjk_font_path
from ..paths import NOTEBOOKS_DIR, PROJECT_ROOT

LAB_DIR = PROJECT_ROOT / ".lab"
"""Project-local folder of the Lab stylesheet (``custom/custom.css``)."""

EXPLORE_NOTEBOOK = NOTEBOOKS_DIR / "explore.ipynb"


def kernel_metadata() -> dict:
    """The notebook metadata Lab writes once this Python's ipykernel has started: the
    kernel's spec and language info (its version is this interpreter's)."""
    v = sys.version_info
    return {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3",
            "version": f"{v.major}.{v.minor}.{v.micro}",
        },
    }  # fmt: skip


def sync_notebook_metadata(path: Path) -> bool:
    """Give the notebook the kernel metadata Lab would write on opening it (else Lab
    marks it modified the moment its kernel starts); True when the file changed. Only
    the metadata change, written whole (tmp + rename), in nbformat's own layout."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    wanted = kernel_metadata()
    if all(nb.metadata.get(k) == v for k, v in wanted.items()):
        return False
    nb.metadata.update(wanted)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        nbformat.write(nb, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True


# CJK radicals, symbols and punctuation, kana, bopomofo, ideographs (with extension A and
# the compatibility block), vertical and compatibility forms, full-width forms (，：（）％),
# and the supplementary ideographs
CJK_UNICODE_RANGE = (
    "U+2E80-2FDF, U+3000-33FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FE10-FE1F, "
    "U+FE30-FE4F, U+FF00-FFEF, U+20000-2FA1F"
)
# Lab's own stacks (theme-light/dark, JupyterLab 4), kept after the CJK face
UI_STACK = (
    'system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif, '
    '"Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol"'
)
CODE_STACK = 'menlo, consolas, "DejaVu Sans Mono", monospace'


def lab_css(font_file: str) -> str:
    """The stylesheet: ``@font-face`` "HalfyearCJK" from ``font_file`` (a URL relative to
    the stylesheet) for CJK characters only, first in Lab's font variables.

    The variables are declared ``!important`` on ``:root``: Lab's theme, injected after
    this stylesheet, declares them there too.
    """
    family = f'"{CSS_FAMILY}"'
    return (
        "/* halfyear: Chinese in JupyterLab with the bundled Noto Sans SC (OFL-1.1), written\n"
        "   by halfyear_lib/running/lab.py; see `make lab`. */\n"
        "@font-face {\n"
        f"  font-family: {family};\n"
        f'  src: url("{font_file}") format("opentype");\n'
        "  font-weight: 400;\n"
        "  font-style: normal;\n"
        "  font-display: swap;\n"
        f"  unicode-range: {CJK_UNICODE_RANGE};\n"
        "}\n"
        ":root {\n"
        f"  --jp-ui-font-family: {family}, {UI_STACK} !important;\n"
        f"  --jp-content-font-family: {family}, {UI_STACK} !important;\n"
        f"  --jp-code-font-family: {CODE_STACK}, {family} !important;\n"
        "}\n"
        # form controls do not inherit fonts in browsers: the widgets' drop-downs do
        ".jupyter-widgets select, .jupyter-widgets input, .jupyter-widgets button,\n"
        ".jupyter-widgets textarea { font-family: var(--jp-ui-font-family); }\n"
    )


def prepare(folder: Path = LAB_DIR) -> list[Path]:
    """Write ``<folder>/custom/custom.css``; return the folders Lab serves under
    ``/custom/``: that one, and the folder of the font file."""
    font = cjk_font_path()
    custom = Path(folder) / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    css = custom / "custom.css"
    text = lab_css(font.name)
    if not css.is_file() or css.read_text(encoding="utf-8") != text:
        tmp = css.with_suffix(".css.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(css)
    return [custom, font.parent]


def lab_arguments(served: list[Path], notebook: Path | str | None = EXPLORE_NOTEBOOK) -> list[str]:
    """The ``jupyter lab`` options that load the stylesheet (after :func:`prepare`) and
    open ``notebook`` (a path relative to the server's root, or None)."""
    # the folders behind /custom/ are a setting of the web application only (not a
    # configurable trait): tornado_settings overrides it
    settings = {"static_custom_path": [os.fspath(p) for p in served]}
    args = ["--LabApp.custom_css=True", f"--ServerApp.tornado_settings={json.dumps(settings)}"]
    if notebook is not None:
        path = Path(notebook)
        if path.is_absolute():
            try:
                path = path.relative_to(Path.cwd())
            except ValueError:
                pass
        args.append(os.fspath(path))
    return args


def main(argv: list[str] | None = None) -> None:
    """``python -m halfyear_lib.running.lab [jupyter lab options]``: prepare the stylesheet
    and replace this process with JupyterLab on the explore notebook."""
    extra = list(sys.argv[1:] if argv is None else argv)
    os.chdir(PROJECT_ROOT)
    served = prepare()
    sync_notebook_metadata(EXPLORE_NOTEBOOK)  # opening it then leaves it unmodified
    command = [sys.executable, "-m", "jupyter", "lab", *lab_arguments(served), *extra]
    os.execv(sys.executable, command)


if __name__ == "__main__":  # pragma: no cover - exercised by `make lab`
    main()
