"""Run parameters: params/defaults.yaml layered with one YAML per run, then validated.

Papermill only warns on unknown parameter names, so notebooks call
:func:`check_notebook_parameters` right after their parameters cell.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .analysis.highlights import Thresholds
from .chapters.registry import report_notebook
from .data.checks import DEFAULT_MAX_ABS_GROWTH_PCT
from .data.language import tr
from .data.periods import Period, PeriodError
from .paths import DEFAULT_PARAMS

KNOWN_KEYS = {
    "data": "data set: a folder of CSV files, an .xlsx workbook, or a name under data/",
    "region": "region_id of the unit to report on",
    "period": "cumulative period as YYYY-MM, e.g. 2021-06 for 1-6月",
    "out_dir": "folder under which reports/<period>/<region>/ is written",
    "notebooks": "list of notebook file names to run, in order (empty = all)",
    "accept_warnings": "true: implausible data (plausibility errors) become warnings shown "
    "on every page, instead of stopping the run",
    "max_abs_growth_pct": "growth rates beyond ± this many percent are implausible (e.g. 300)",
    "highlights": "thresholds of the highlights and problems (ahead_pp, top_rank, ...)",
    "document": "the drafted summary's bureau, signature and date (bureau, signature, date)",
}


class ParameterError(ValueError):
    """A parameter file or value that cannot be used."""


# A run file holds a handful of short values: anything far beyond is a mistake or an attack
# (a YAML "billion laughs": a few hundred bytes whose aliases expand to gigabytes).
MAX_PARAMS_FILE_BYTES = 256 * 1024
MAX_YAML_DEPTH = 10  # nesting of lists and mappings
MAX_YAML_NODES = 10_000  # values once every alias is expanded
MAX_TEXT_PARAM = 4096  # characters of one text value (a path, a region)

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = 4
_SHORT.maxlevel = 2


def short_repr(value: Any) -> str:
    """A bounded repr for messages: never the whole of a huge or deeply shared value."""
    return _SHORT.repr(value)


@dataclass(frozen=True)
class RunParams:
    data: str
    region: str
    period: Period
    out_dir: str = "reports"
    notebooks: tuple[str, ...] = ()
    accept_warnings: bool = False
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT
    highlights: dict = field(default_factory=dict)  # Thresholds overrides
    document: dict = field(default_factory=dict)  # the summary's bureau, signature, date

    def as_dict(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "region": self.region,
            "period": self.period.iso,
            "out_dir": self.out_dir,
            "notebooks": list(self.notebooks),
            "accept_warnings": self.accept_warnings,
            "max_abs_growth_pct": self.max_abs_growth_pct,
            "highlights": dict(self.highlights),
            "document": dict(self.document),
        }


def _yaml_extent(node: yaml.Node, depth: int, memo: dict[int, int]) -> int:
    """Values under ``node`` with every alias expanded (shared nodes counted each time they
    are used, as a consumer walking the data would see them); raises _TooBig beyond the
    limits without ever building the expansion."""
    if depth > MAX_YAML_DEPTH:
        raise _TooBig("depth")
    known = memo.get(id(node))
    if known is not None:
        return known
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    else:
        children = []
    total = 1
    for child in children:
        total += _yaml_extent(child, depth + 1, memo)
        if total > MAX_YAML_NODES:
            raise _TooBig("size")
    memo[id(node)] = total
    return total


class _TooBig(Exception):
    def __init__(self, what: str) -> None:
        self.what = what


def _key_text(node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else "…"
    return short_repr(value).strip("'")


_FLOW = re.compile(r"""'[^']*'|"(?:[^"\\]|\\.)*"|#[^\n]*|[\[\]{}]""")


def _flow_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in ``text`` (quoted strings and comments skipped): a
    quick bound before the YAML reader, which recurses once per level."""
    depth = deepest = 0
    for m in _FLOW.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(0, depth - 1)
    return deepest


def _check_yaml_limits(text: str, path: Path) -> None:
    """Refuse a document that nests deeper than MAX_YAML_DEPTH or expands (aliases) to more
    than MAX_YAML_NODES values, naming the top-level key and its line; nothing is built."""
    if _flow_depth(text) > MAX_YAML_DEPTH:
        raise RecursionError  # reported as too deep by read_yaml
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return
    pairs = root.value if isinstance(root, yaml.MappingNode) else [(None, root)]
    seen: dict[object, int] = {}
    for key_node, _ in pairs:
        if isinstance(key_node, yaml.ScalarNode):
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                raise ParameterError(
                    tr(
                        f"{path}: line {line}: {_key_text(key_node)} is given twice (first "
                        f"on line {seen[key_node.value]}); keep one",
                        f"{path}：第 {line} 行：参数 {_key_text(key_node)} 重复（第一次在第 "
                        f"{seen[key_node.value]} 行）；请只保留一个",
                    )
                )
            seen[key_node.value] = line
    memo: dict[int, int] = {}
    total = 0
    for key_node, value_node in pairs:
        where = (
            tr(f"key {_key_text(key_node)}", f"参数 {_key_text(key_node)}")
            if key_node is not None
            else tr("the document", "文档")
        )
        line = (key_node or value_node).start_mark.line + 1
        try:
            total += _yaml_extent(value_node, 1, memo)
            if total > MAX_YAML_NODES:
                raise _TooBig("size")
        except _TooBig as exc:
            if exc.what == "depth":
                reason = tr(
                    f"nests lists or mappings more than {MAX_YAML_DEPTH} levels deep",
                    f"列表或映射嵌套超过 {MAX_YAML_DEPTH} 层",
                )
            else:
                reason = tr(
                    f"expands to more than {MAX_YAML_NODES:,} values (YAML aliases "
                    "repeating each other: a run file needs none of that)",
                    f"展开后超过 {MAX_YAML_NODES} 个值（YAML 别名层层重复；参数文件不需要这样）",
                )
            raise ParameterError(
                tr(
                    f"{path}: line {line}, {where}: the value {reason}; write plain values",
                    f"{path}：第 {line} 行，{where}：其值{reason}；请写简单的值",
                )
            ) from None


def read_yaml(path: str | Path) -> dict[str, Any]:
    """A parameter file as a mapping, every key known and every value of its type.

    Read with ``yaml.safe_load`` after checks on its size, nesting and alias expansion
    (see the MAX_* limits); every error names the file, and the key where there is one."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PARAMS_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise ParameterError(
            tr(f"parameter file {path} not found", f"找不到参数文件 {path}")
        ) from exc
    except IsADirectoryError as exc:
        raise ParameterError(
            tr(
                f"parameter file {path} is a folder; give a YAML file",
                f"参数文件 {path} 是文件夹；请给出 YAML 文件",
            )
        ) from exc
    if len(raw) > MAX_PARAMS_FILE_BYTES:
        raise ParameterError(
            tr(
                f"parameter file {path} is larger than {MAX_PARAMS_FILE_BYTES // 1024} KB; a "
                "run file holds a few short values",
                f"参数文件 {path} 超过 {MAX_PARAMS_FILE_BYTES // 1024} KB；参数文件只应包含几个简短的值",
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParameterError(
            tr(
                f"parameter file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8",
                f"参数文件 {path} 不是 UTF-8 文本（第 {exc.start} 字节）；请另存为 UTF-8",
            )
        ) from None
    try:
        _check_yaml_limits(text, path)
        data = yaml.safe_load(text)
    except RecursionError:  # the YAML reader itself recurses: nesting thousands deep
        raise ParameterError(
            tr(
                f"{path}: lists or mappings nest more than {MAX_YAML_DEPTH} levels deep; "
                "write plain values",
                f"{path}：列表或映射嵌套超过 {MAX_YAML_DEPTH} 层；请写简单的值",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise ParameterError(
            tr(
                f"parameter file {path} is not valid YAML: {exc}",
                f"参数文件 {path} 不是有效的 YAML：{exc}",
            )
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParameterError(
            tr(
                f"parameter file {path} must hold a mapping of name: value, not {_type_name(data)}",
                f"参数文件 {path} 应为“名称: 值”的映射，不能是{_type_name(data)}",
            )
        )
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        raise ParameterError(
            tr(
                f"{path}: parameter names must be words, not {short_repr(bad_keys[0])}",
                f"{path}：参数名必须是文字，不能是 {short_repr(bad_keys[0])}",
            )
        )
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        known = "; ".join(f"{k} ({v})" for k, v in KNOWN_KEYS.items())
        shown = [short_repr(k).strip("'") for k in unknown[:10]]
        raise ParameterError(
            tr(
                f"{path}: unknown parameter(s) {', '.join(shown)}; known: {known}",
                f"{path}：未知参数 {'、'.join(shown)}；可用的参数：{'、'.join(KNOWN_KEYS)}",
            )
        )
    for key, value in data.items():
        problem = value_problem(key, value)
        if problem:
            raise ParameterError(f"{path}{tr(': ', '：')}{problem}")
    return data


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return tr("true/false", "真/假值")
    if isinstance(value, int | float):
        return tr(f"the number {short_repr(value)}", f"数字 {short_repr(value)}")
    if isinstance(value, str):
        return tr(f"the text {short_repr(value)}", f"文字 {short_repr(value)}")
    if isinstance(value, list | tuple):
        return tr("a list", "列表")
    if isinstance(value, dict):
        return tr("a mapping", "映射")
    if value is None:
        return tr("empty", "空值")
    return tr(f"a {type(value).__name__}", f"{type(value).__name__} 类型的值")


EXPECTED_KEYS = (
    "data", "region", "period", "out_dir", "notebooks", "accept_warnings",
    "max_abs_growth_pct", "highlights", "document",
)  # fmt: skip


def _expected(key: str) -> str:
    """What parameter ``key`` must be, in the language of the messages."""
    return {
        "data": tr("a folder or workbook path (text)", "文件夹或工作簿路径（文字）"),
        "region": tr("one region id or Chinese name", "一个地区代码或中文名称"),
        "period": tr(
            'one period such as "2021-06" (in quotes)', '一个期间，如 "2021-06"（加引号）'
        ),
        "out_dir": tr("a folder path (text)", "文件夹路径（文字）"),
        "notebooks": tr(
            "a list of report notebook names, e.g. [01_indicators.ipynb]",
            "报告笔记本名称的列表，如 [01_indicators.ipynb]",
        ),
        "accept_warnings": tr("true or false", "true 或 false"),
        "max_abs_growth_pct": tr("a positive number of percent (e.g. 300)", "正的百分数（如 300）"),
        "highlights": tr("a mapping of thresholds (name: number)", "阈值的映射（名称: 数字）"),
        "document": tr(
            'a mapping of bureau, signature (text) and date ("YYYY-MM-DD")',
            '含 bureau、signature（文字）和 date（"YYYY-MM-DD"）的映射',
        ),
    }[key]


# the drafted summary's letterhead (text/zh/draft/letterhead.py): who sends it and when
DOCUMENT_KEYS = {
    "bureau": "the issuing bureau, printed in the title",
    "signature": "the signature line at the end (the bureau when absent)",
    "date": 'the date of the document as "YYYY-MM-DD"',
}
MAX_DOCUMENT_TEXT = 200  # characters of a bureau or signature


def document_date(value: Any) -> dt.date | None:
    """The ``document.date`` parameter as a date (a YAML date or "YYYY-MM-DD"), or None
    when it is not one."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _document_problem(value: Any) -> str | None:
    """What is wrong with the ``document`` mapping (None: fine), naming the entry."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return ""  # the generic message: a mapping is expected
    unknown = sorted(set(value) - set(DOCUMENT_KEYS))
    if unknown:
        shown = ", ".join(short_repr(k).strip("'") for k in unknown[:5])
        return tr(
            f"unknown entry {shown}; known: {', '.join(DOCUMENT_KEYS)}",
            f"未知的项 {shown}；可用的项：{'、'.join(DOCUMENT_KEYS)}",
        )
    for name in ("bureau", "signature"):
        text = value.get(name)
        if text is None:
            continue
        if not isinstance(text, str) or len(text) > MAX_DOCUMENT_TEXT or "\x00" in text:
            return tr(
                f"{name} must be text of at most {MAX_DOCUMENT_TEXT} characters, not "
                f"{_type_name(text)}",
                f"{name} 应为不超过 {MAX_DOCUMENT_TEXT} 个字的文字，不能是{_type_name(text)}",
            )
    date = value.get("date")
    if date not in (None, "") and document_date(date) is None:
        return tr(
            f'date must be a date such as "2021-07-15", not {_type_name(date)}',
            f'date 应为日期，如 "2021-07-15"，不能是{_type_name(date)}',
        )
    return None


def document_entries(value: dict | None) -> dict[str, str]:
    """The ``document`` parameter as results.json keeps it: the non-empty entries, the
    bureau and signature stripped, the date as "YYYY-MM-DD"."""
    out: dict[str, str] = {}
    for name in ("bureau", "signature"):
        text = (value or {}).get(name)
        if isinstance(text, str) and text.strip():
            out[name] = text.strip()
    date = document_date((value or {}).get("date"))
    if date is not None:
        out["date"] = date.isoformat()
    return out


def value_problem(key: str, value: Any) -> str | None:
    """What is wrong with ``value`` for parameter ``key`` (None: fine): the key, what is
    expected and what was given, never the whole value."""
    if key not in EXPECTED_KEYS:
        return None
    ok = True
    detail = ""
    if key in ("data", "out_dir"):
        ok = isinstance(value, str) and 0 < len(value.strip()) <= MAX_TEXT_PARAM
        ok = ok and "\x00" not in value
    elif key == "region":
        ok = (isinstance(value, str) and 0 < len(value.strip()) <= MAX_TEXT_PARAM) or (
            isinstance(value, int) and not isinstance(value, bool)
        )
    elif key == "period":
        ok = (isinstance(value, str) and 0 < len(value) <= 40) or (
            isinstance(value, int | Period) and not isinstance(value, bool)
        )
    elif key == "notebooks":
        names = [value] if isinstance(value, str) else value
        ok = isinstance(names, list | tuple)
        bad = [n for n in names if not isinstance(n, str)] if ok else []
        if bad:  # a list, but not of names: say what is in it
            return tr(
                f"parameter notebooks must be {_expected(key)}; {_type_name(bad[0])} is "
                "not a notebook name",
                f"参数 notebooks 应为{_expected(key)}；{_type_name(bad[0])} 不是笔记本名称",
            )
        if ok:
            for name in names:
                try:
                    report_notebook(name)
                except ValueError as exc:
                    detail = str(exc)
                    break
    elif key == "accept_warnings":
        ok = isinstance(value, bool)
    elif key == "max_abs_growth_pct":
        ok = (
            not isinstance(value, bool)
            and isinstance(value, int | float)
            and value > 0
            and value != float("inf")
        )
    elif key == "document":
        problem = _document_problem(value)
        ok = problem != ""
        detail = problem or ""
    elif key == "highlights":
        ok = value is None or (isinstance(value, dict) and all(isinstance(k, str) for k in value))
        if ok:
            try:
                Thresholds.from_mapping(value)
            except (ValueError, TypeError) as exc:
                detail = str(exc)  # names the threshold and what it must be
    if ok and not detail:
        return None
    expected = _expected(key)
    if detail:
        return tr(f"parameter {key}: {detail}", f"参数 {key}：{detail}")
    return tr(
        f"parameter {key} must be {expected}, not {_type_name(value)}",
        f"参数 {key} 应为{expected}，不能是{_type_name(value)}",
    )


def load_params(*files: str | Path | None, overrides: dict[str, Any] | None = None) -> RunParams:
    """defaults.yaml, then each file, then non-empty overrides (command-line flags).

    ``out_dir`` set in a parameter file and, differently, by a flag (``--out``) is an
    error: which folder the reports go to is never decided silently."""
    layered: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    for f in (DEFAULT_PARAMS, *files):
        if f:
            data = read_yaml(f)
            layered.update(data)
            origin.update(dict.fromkeys(data, Path(f)))
    for key, value in (overrides or {}).items():
        if value not in (None, ""):
            if key not in KNOWN_KEYS:
                raise ParameterError(f"unknown parameter {key!r}")
            problem = value_problem(key, value)
            if problem:
                raise ParameterError(problem)
            source = origin.get(key)
            if (
                key == "out_dir"
                and source is not None
                and source.resolve() != DEFAULT_PARAMS.resolve()
                and not _same_value(key, layered[key], value)
            ):
                raise ParameterError(
                    tr(
                        f"{source}: out_dir is {short_repr(layered[key])}, but --out says "
                        f"{short_repr(value)}; give the reports folder once: remove out_dir "
                        "from the file or leave out --out",
                        f"{source}：out_dir 为 {short_repr(layered[key])}，而 --out 为 "
                        f"{short_repr(value)}；报告文件夹只能指定一次：请从文件中删去 out_dir，"
                        "或不用 --out",
                    )
                )
            layered[key] = value
            origin.pop(key, None)  # a flag: no file to name
    try:
        return make_params(**layered)
    except ParameterError as exc:
        text = str(exc)
        key = next(
            (k for k in KNOWN_KEYS if text.startswith(tr(f"parameter {k}", f"参数 {k}"))), None
        )
        source = origin.get(key) if key else None
        if source is not None and not text.startswith(str(source)):
            raise ParameterError(f"{source}{tr(': ', '：')}{text}") from None
        raise


def make_params(
    data: Any = None,
    region: Any = None,
    period: Any = None,
    out_dir: Any = "reports",
    notebooks: Any = (),
    accept_warnings: Any = False,
    max_abs_growth_pct: Any = DEFAULT_MAX_ABS_GROWTH_PCT,
    highlights: Any = None,
    document: Any = None,
) -> RunParams:
    missing = [k for k, v in (("data", data), ("region", region), ("period", period)) if not v]
    if missing:
        raise ParameterError(
            tr(
                f"parameter(s) {', '.join(missing)} not set (see params/defaults.yaml)",
                f"未设置参数 {'、'.join(missing)}（见 params/defaults.yaml）",
            )
        )
    values = {
        "data": data,
        "region": region,
        "period": period,
        "out_dir": out_dir,
        "notebooks": notebooks,
        "accept_warnings": accept_warnings,
        "max_abs_growth_pct": max_abs_growth_pct,
        "highlights": highlights,
        "document": document,
    }
    for key, value in values.items():
        problem = value_problem(key, value)
        if problem:
            raise ParameterError(problem)
    try:
        p = period if isinstance(period, Period) else Period.parse(str(period))
    except PeriodError as exc:
        raise ParameterError(tr(f"parameter period: {exc}", f"参数 period：{exc}")) from exc
    if isinstance(notebooks, str):
        notebooks = [notebooks]
    names = tuple(report_notebook(n).name for n in notebooks or ())
    return RunParams(
        str(data),
        str(region),
        p,
        str(out_dir),
        names,
        accept_warnings,
        float(max_abs_growth_pct),
        dict(highlights or {}),
        document_entries(document),
    )


# the names of a report notebook's parameters cell (see notebooks/0*.ipynb)
NOTEBOOK_PARAMETERS = (
    "data",
    "region",
    "period",
    "results_dir",
    "snapshot",
    "accept_warnings",
    "max_abs_growth_pct",
    "highlights",
)


def check_notebook_parameters(**values: Any) -> RunParams:
    """Validate the values of a notebook's parameters cell; raise a clear error if bad."""
    unknown = sorted(set(values) - set(NOTEBOOK_PARAMETERS))
    if unknown:
        raise ParameterError(f"unknown notebook parameter(s): {', '.join(unknown)}")
    return make_params(
        values.get("data"),
        values.get("region"),
        values.get("period"),
        accept_warnings=values.get("accept_warnings", False),
        max_abs_growth_pct=values.get("max_abs_growth_pct", DEFAULT_MAX_ABS_GROWTH_PCT),
        highlights=values.get("highlights") or {},
    )


# --------------------------------------------------------------------------- batch run files

# what one batch shares: the data set is validated once, the reports go under one folder
BATCH_KEYS = ("data", "out_dir", "accept_warnings", "max_abs_growth_pct")
PARAMS_SUFFIXES = (".yaml", ".yml")


def params_files_in(folder: str | Path) -> list[Path]:
    """The run files of a folder: its ``*.yaml`` / ``*.yml`` files (not its subfolders),
    by name; ``params/defaults.yaml`` itself is the base layer, never a run."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ParameterError(
            tr(
                f"params folder {folder} not found (or not a folder); give a folder of YAML "
                "files, one per run",
                f"找不到参数文件夹 {folder}（或它不是文件夹）；请给出每次运行一个 YAML 文件的文件夹",
            )
        )
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in PARAMS_SUFFIXES
        and p.resolve() != DEFAULT_PARAMS.resolve()
    )
    if not files:
        raise ParameterError(
            tr(
                f"no params files (*.yaml) in {folder}; write one file per run, e.g. "
                'region: lanxi and period: "2021-06"',
                f"{folder} 中没有参数文件（*.yaml）；请每次运行写一个文件，如 region: lanxi 和 "
                'period: "2021-06"',
            )
        )
    return files


def load_run_params(
    run_files: list[str | Path],
    base_files: list[str | Path] | tuple = (),
    overrides: dict[str, Any] | None = None,
) -> list[tuple[Path, RunParams]]:
    """One RunParams per run file, layered as ``halfyear run`` layers them:
    params/defaults.yaml, each of ``base_files`` (``--params``), the run file, then
    ``overrides`` (command-line flags).

    The keys of BATCH_KEYS must come out the same for every run (one batch validates one
    data set once and writes under one folder). Every error names the file and the key.
    """
    base = load_params(*base_files, overrides=overrides)
    # region and period must be chosen for the batch (a run file, a --params file or a
    # flag), never taken silently from params/defaults.yaml (the demo's unit)
    chosen = {k for k, v in (overrides or {}).items() if v not in (None, "")}
    for f in base_files:
        chosen |= set(read_yaml(Path(f)))
    out: list[tuple[Path, RunParams]] = []
    for f in run_files:
        path = Path(f)
        try:
            raw = read_yaml(path)
            params = load_params(*base_files, path, overrides=overrides)
        except ParameterError as exc:
            message = str(exc)
            raise ParameterError(
                message if message.startswith(str(path)) else f"{path}: {message}"
            ) from None
        for key in BATCH_KEYS:
            mine, batch = getattr(params, key), getattr(base, key)
            if not _same_value(key, mine, batch):
                raise ParameterError(
                    tr(
                        f"{path}: {key} is {short_repr(mine)}, but the batch's is {short_repr(batch)}; a batch "
                        f"shares {', '.join(BATCH_KEYS)}: set {key} in a --params file for "
                        "every run (or the flag) and leave it out of the run files",
                        f"{path}：{key} 为 {short_repr(mine)}，而本批次为 {short_repr(batch)}；同一批次共用 "
                        f"{'、'.join(BATCH_KEYS)}：请在所有运行共用的 --params 文件（或命令行选项）"
                        f"中设置 {key}，不要写在各运行的文件里",
                    )
                )
        for key in ("region", "period"):
            if key not in raw and key not in chosen:
                raise ParameterError(
                    tr(
                        f"{path}: no {key}: write {key}: … in the file (the default of "
                        "params/defaults.yaml is not used for a batch run)",
                        f"{path}：没有 {key}：请在文件中写明 {key}: …（批量运行不使用 "
                        "params/defaults.yaml 的默认值）",
                    )
                )
        out.append((path, params))
    return out


def _same_value(key: str, a: Any, b: Any) -> bool:
    """Two values of a batch key mean the same (data: the same data set wherever named)."""
    if a == b:
        return True
    if key in ("data", "out_dir"):
        from .paths import resolve_data_path

        try:
            if key == "data":
                return resolve_data_path(a) == resolve_data_path(b)
            return Path(a).resolve() == Path(b).resolve()
        except OSError:
            return False
    return False
