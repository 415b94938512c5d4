"""environment.yml (conda) and pyproject.toml (pip) must declare the same packages and pins."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-only entries that are the environment itself, not project dependencies.
CONDA_IGNORED = {"python", "pip"}
# conda-forge names that differ from the PyPI name (conda name -> PyPI name), if ever needed.
CONDA_TO_PYPI: dict[str, str] = {}

_REQ_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*$")


def normalise_name(name: str) -> str:
    """Lower-case, with runs of ``_``, ``-`` and ``.`` as one ``-`` (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _normalise_spec(spec: str, *, conda: bool) -> str:
    spec = re.sub(r"\s+", "", spec)
    if conda and re.fullmatch(r"=[^=<>!~,|]+", spec):
        # conda "pkg=1.2" means "1.2.*", i.e. pip's "==1.2.*"
        spec = f"={spec}" if spec.endswith(".*") else f"={spec}.*"
    return ",".join(sorted(filter(None, spec.split(","))))


def _parse(requirement: str, *, conda: bool) -> tuple[str, str]:
    """(normalised name, normalised version specifier) of one dependency string."""
    text = requirement.split(";", 1)[0]  # environment markers are not compared
    if conda:
        text = text.split("::", 1)[-1]  # "conda-forge::pandas>=2.2"
        text = re.sub(r"^([A-Za-z0-9._-]+)\s+(?=[0-9])", r"\1=", text)  # "pandas 2.2"
    match = _REQ_RE.match(text)
    if not match or (match.group(3) and not re.match(r"[<>=!~]", match.group(3))):
        raise ValueError(f"cannot parse dependency {requirement!r}")
    name = normalise_name(match.group(1))
    if conda:
        name = CONDA_TO_PYPI.get(name, name)
    return name, _normalise_spec(match.group(3), conda=conda)


def _collect(entries, *, conda: bool, where: str, problems: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in entries:
        name, spec = _parse(str(entry), conda=conda)
        if conda and name in CONDA_IGNORED:
            continue
        if name in found:
            problems.append(f"{name}: listed twice in {where}")
        found[name] = spec
    return found


def pyproject_requirements(pyproject: dict, problems: list[str] | None = None) -> dict[str, str]:
    """{name: specifier} of ``[project].dependencies`` + ``[project.optional-dependencies].dev``."""
    project = pyproject.get("project", {})
    entries = [
        *project.get("dependencies", []),
        *project.get("optional-dependencies", {}).get("dev", []),
    ]
    return _collect(
        entries, conda=False, where="pyproject.toml", problems=[] if problems is None else problems
    )


def environment_requirements(env: dict, problems: list[str] | None = None) -> dict[str, str]:
    """{name: specifier} of environment.yml conda dependencies + its ``pip:`` list.

    ``python`` and ``pip`` are the environment itself; ``-e .`` (the project) and other pip
    options (``-r``, ``--index-url``) are skipped.
    """
    problems = [] if problems is None else problems
    conda_entries: list[str] = []
    pip_entries: list[str] = []
    for entry in env.get("dependencies") or []:
        if isinstance(entry, dict):
            pip_entries.extend(str(e) for e in entry.get("pip") or [])
        else:
            conda_entries.append(str(entry))
    conda = _collect(conda_entries, conda=True, where="environment.yml", problems=problems)
    pip = _collect(
        [e for e in pip_entries if not e.lstrip().startswith("-")],
        conda=False,
        where="environment.yml pip:",
        problems=problems,
    )
    for name in conda.keys() & pip.keys():
        problems.append(f"{name}: listed both as conda and pip package in environment.yml")
    return {**conda, **pip}


def dependency_drift(pyproject: dict, env: dict) -> list[str]:
    """Differences between the two dependency lists, one message each; [] when in sync."""
    problems: list[str] = []
    pip_side = pyproject_requirements(pyproject, problems)
    conda_side = environment_requirements(env, problems)
    for name in sorted(pip_side.keys() - conda_side.keys()):
        problems.append(f"{name}: in pyproject.toml but not in environment.yml")
    for name in sorted(conda_side.keys() - pip_side.keys()):
        problems.append(f"{name}: in environment.yml but not in pyproject.toml")
    for name in sorted(pip_side.keys() & conda_side.keys()):
        if pip_side[name] != conda_side[name]:
            problems.append(
                f"{name}: pyproject.toml has {pip_side[name] or '(no pin)'!r}, "
                f"environment.yml has {conda_side[name] or '(no pin)'!r}"
            )
    return problems


# ----------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def env() -> dict:
    with open(ROOT / "environment.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_environment_yml_matches_pyproject(pyproject, env):
    drift = dependency_drift(pyproject, env)
    assert drift == [], "environment.yml and pyproject.toml disagree:\n" + "\n".join(drift)
    # Not vacuous: both files were actually read.
    names = pyproject_requirements(pyproject)
    assert {"pandas", "matplotlib", "pylopdf-fonts-zh-cn", "pytest"} <= names.keys()
    assert environment_requirements(env).keys() == names.keys()


def _remove(entries: list, prefix: str) -> None:
    entries[:] = [e for e in entries if not (isinstance(e, str) and e.startswith(prefix))]


def _pip_list(env: dict) -> list:
    return next(e["pip"] for e in env["dependencies"] if isinstance(e, dict))


def test_drift_is_detected(pyproject, env):
    # package missing from environment.yml
    e = copy.deepcopy(env)
    _remove(e["dependencies"], "ruff")
    assert dependency_drift(pyproject, e) == ["ruff: in pyproject.toml but not in environment.yml"]

    # package missing from pyproject.toml (runtime and dev lists)
    p = copy.deepcopy(pyproject)
    _remove(p["project"]["dependencies"], "statsmodels")
    _remove(p["project"]["optional-dependencies"]["dev"], "nbval")
    assert dependency_drift(p, env) == [
        "nbval: in environment.yml but not in pyproject.toml",
        "statsmodels: in environment.yml but not in pyproject.toml",
    ]

    # extra package only in the pip: sub-list
    e = copy.deepcopy(env)
    _pip_list(e).append("scipy>=1.11")
    assert dependency_drift(pyproject, e) == ["scipy: in environment.yml but not in pyproject.toml"]

    # different pin (conda side, and pip: side)
    e = copy.deepcopy(env)
    e["dependencies"] = ["pandas>=2.1" if d == "pandas>=2.2" else d for d in e["dependencies"]]
    pins = _pip_list(e)
    pins[:] = ["pylopdf-fonts-zh-cn==0.1.2" if d.startswith("pylopdf") else d for d in pins]
    assert dependency_drift(pyproject, e) == [
        "pandas: pyproject.toml has '>=2.2', environment.yml has '>=2.1'",
        "pylopdf-fonts-zh-cn: pyproject.toml has '==0.1.1', environment.yml has '==0.1.2'",
    ]

    # pin dropped on one side
    p = copy.deepcopy(pyproject)
    p["project"]["dependencies"] = [
        "numpy" if d.startswith("numpy") else d for d in p["project"]["dependencies"]
    ]
    assert dependency_drift(p, env) == [
        "numpy: pyproject.toml has '(no pin)', environment.yml has '>=1.26'"
    ]


def test_normalisation_and_ignored_entries(pyproject, env):
    e = copy.deepcopy(env)
    deps = e["dependencies"]
    # spelling differences that are the same package and pin
    deps[deps.index("pyyaml>=6.0")] = "PyYAML >= 6.0"
    deps[deps.index("pandas>=2.2")] = "conda-forge::pandas>=2.2"
    pins = _pip_list(e)
    pins[pins.index("pylopdf-fonts-zh-cn==0.1.1")] = "pylopdf_fonts_zh_cn == 0.1.1"
    # the environment itself and the editable project are not dependencies
    deps[deps.index("python=3.11")] = "python=3.12"
    pins.append("--extra-index-url https://example.invalid/simple")
    assert dependency_drift(pyproject, e) == []

    # conda "=" is a prefix match: "=1.26" equals pip "==1.26.*", not "==1.26"
    assert _parse("numpy=1.26", conda=True) == _parse("numpy==1.26.*", conda=False)
    assert _parse("numpy=1.26", conda=True) != _parse("numpy==1.26", conda=False)
    assert _parse("numpy 1.26", conda=True) == _parse("numpy==1.26.*", conda=False)
    assert _parse("a>=1,<2", conda=False) == _parse("a<2,>=1", conda=False)


def test_duplicates_are_reported(pyproject, env):
    e = copy.deepcopy(env)
    _pip_list(e).append("pandas>=2.2")  # also a conda package
    assert dependency_drift(pyproject, e) == [
        "pandas: listed both as conda and pip package in environment.yml"
    ]
    p = copy.deepcopy(pyproject)
    p["project"]["optional-dependencies"]["dev"].append("pandas>=2.2")
    assert dependency_drift(p, env) == ["pandas: listed twice in pyproject.toml"]


def test_unparseable_entry_is_an_error(pyproject, env):
    e = copy.deepcopy(env)
    _pip_list(e).append("git+https://example.invalid/pkg.git")
    with pytest.raises(ValueError, match="cannot parse"):
        dependency_drift(pyproject, e)
