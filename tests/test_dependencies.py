"""Every package a module imports is declared in pyproject.toml (deptry), and the pins in
constraints.txt cover every declared package.

deptry reads the imports of bot/, handlers/, jobs/, tests/ and benchmarks/ and the
dependencies of pyproject.toml (the main list and every extra); an import that only works
because another package happened to pull it in (PyYAML arrived that way once) fails here.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def deptry(folder: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "deptry", "."]
    venv = Path(sys.prefix).resolve()
    if venv.is_relative_to(folder.resolve()):  # installed packages, not ours (scripts/test)
        command += ["--extend-exclude", str(venv.relative_to(folder.resolve()))]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_import_is_declared() -> None:
    result = deptry(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_undeclared_import_fails(tmp_path: Path) -> None:
    """The check itself: a module importing an installed but undeclared package fails."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "__init__.py").write_text("")
    # sortedcontainers is installed (a dependency of a dependency), never declared here.
    (tmp_path / "bot" / "stray.py").write_text("import sortedcontainers\nimport yaml\n")
    result = deptry(tmp_path)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "'sortedcontainers' imported but it is a transitive dependency" in said


def test_every_declared_package_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    names = {normalized(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in declared}
    pins = (ROOT / "constraints.txt").read_text()
    pinned = {normalized(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", pins, re.MULTILINE)}
    assert names - pinned == set()
