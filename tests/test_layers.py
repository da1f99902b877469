"""The layer contract (``[tool.importlinter]`` in pyproject.toml, run by scripts/test)
holds, and bites: a copy of the three packages with one deliberate upward import, or one
import cycle, fails it with a sentence naming the import. The imports inside functions
count as much as those at the top of a module. And only ``bot/settings.py`` reads the
environment: everything else is handed its settings by the composition root."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = "from importlinter.cli import lint_imports_command as main; main()"


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--no-logo"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_of_the_packages(tmp_path: Path) -> Path:
    for package in ("bot", "handlers", "jobs"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_to(module: Path, code: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + "\n\n" + code, encoding="utf-8")


def test_the_packages_keep_the_contract(tmp_path: Path) -> None:
    done = lint_imports(copy_of_the_packages(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "code", "said"),
    [
        (  # the desk reaching up to a door
            "bot/sla.py",
            "import handlers.web  # noqa\n",
            "bot is not allowed to import handlers:\n\n- bot.sla -> handlers.web",
        ),
        (  # a timer choosing a notifier, inside a function (how the old cycle hid)
            "jobs/runtime.py",
            "def notifiers() -> object:\n    import handlers.notifiers\n\n"
            "    return handlers.notifiers\n",
            "jobs is not allowed to import handlers:\n\n- jobs.runtime -> handlers.notifiers",
        ),
        (  # a door reaching into the composition root
            "handlers/up.py",
            "def build() -> object:\n    from bot import app\n\n    return app\n",
            "handlers is not allowed to import bot.app",
        ),
        (  # two modules of one package importing each other
            "bot/policy.py",
            "def later() -> object:\n    from bot import sla\n\n    return sla\n",
            "No import cycles between the modules of a package BROKEN",
        ),
    ],
)
def test_an_upward_import_or_a_cycle_breaks_the_contract(
    tmp_path: Path, module: str, code: str, said: str
) -> None:
    where = copy_of_the_packages(tmp_path)
    add_to(where / module, code)
    done = lint_imports(where)
    assert done.returncode == 1, done.stdout + done.stderr
    assert said in done.stdout


def test_only_the_settings_read_the_environment() -> None:
    reads = re.compile(r"\bos\.environ\b|\bgetenv\b|\bfrom os import environ\b")
    readers = sorted(
        str(path.relative_to(ROOT))
        for package in ("bot", "handlers", "jobs")
        for path in (ROOT / package).rglob("*.py")
        if reads.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["bot/settings.py"]
