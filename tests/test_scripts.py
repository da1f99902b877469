"""``scripts/install``, which scripts/shell and scripts/test source: it installs this
checkout when ``python3`` has none, another checkout's, or an install older than
pyproject.toml, and otherwise leaves the interpreter alone. Run here in a copy of the
script with a stand-in ``python3`` that records what pip was asked to do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAKE_PYTHON = r"""#!/usr/bin/env bash
# A python3 that knows where "bot" is installed (a state file) and records pip installs.
if [ "$1" = "-" ]; then  # the probe: a venv, a system Python that refuses packages, or not
  cat >/dev/null
  case "$0" in
    *.venv*) echo venv;;
    *) [ -n "${FAKE_MANAGED:-}" ] && echo managed || echo plain;;
  esac
  exit 0
fi
if [ "$1" = "-c" ]; then
  case "$2" in
    *sys.prefix*) dirname "$(dirname "$0")"; exit 0;;
    *"import bot"*) [ -s "$FAKE_STATE" ] && cat "$FAKE_STATE"; [ -s "$FAKE_STATE" ]; exit;;
  esac
fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"; cp "$0" "$3/bin/python3"; exit 0
fi
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  echo "$0 $*" >> "$FAKE_PIP_LOG"; pwd -P > "$FAKE_STATE"; exit 0
fi
exit 3
"""


class Checkout:
    def __init__(self, tmp: Path) -> None:
        self.root = tmp / "checkout"
        (self.root / "scripts").mkdir(parents=True)
        shutil.copy(ROOT / "scripts" / "install", self.root / "scripts" / "install")
        (self.root / "pyproject.toml").write_text('[project]\nname = "supportbot"\n')
        (self.root / "constraints.txt").write_text("redis==8.1.0\n")
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "python3").write_text(FAKE_PYTHON)
        (bin_dir / "python3").chmod(0o755)
        self.state = tmp / "installed-at"
        self.pip_log = tmp / "pip.log"
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        self.env = env | {"PATH": f"{bin_dir}:/usr/bin:/bin", "FAKE_STATE": str(self.state),
                          "FAKE_PIP_LOG": str(self.pip_log)}  # fmt: skip

    def source(self, **env: str) -> subprocess.CompletedProcess[str]:
        """What scripts/shell does: source the script, then use $SUPPORTBOT_PYTHON."""
        return subprocess.run(["bash", "-c", 'source scripts/install && echo "$SUPPORTBOT_PYTHON"'],
                              cwd=self.root, env=self.env | env, capture_output=True, text=True,
                              timeout=60, check=True)  # fmt: skip

    def installs(self) -> list[str]:
        return self.pip_log.read_text().splitlines() if self.pip_log.exists() else []


def test_installs_once_then_only_when_something_changed(tmp_path: Path) -> None:
    checkout = Checkout(tmp_path)
    first = checkout.source()
    assert "installing supportbot and its pinned packages" in first.stderr
    assert checkout.installs()[-1].endswith("-m pip install -q --disable-pip-version-check "
                                            "-c constraints.txt -e .[dev]")  # fmt: skip
    assert checkout.source().stderr == ""  # installed, nothing changed: nothing to do
    assert len(checkout.installs()) == 1

    with (checkout.root / "pyproject.toml").open("a") as file:
        file.write('dependencies = ["redis"]\n')
    checkout.source()
    assert len(checkout.installs()) == 2
    (checkout.root / "constraints.txt").write_text("redis==8.1.1\n")
    checkout.source()
    assert len(checkout.installs()) == 3
    assert (checkout.root / ".install-stamp").is_file()


def test_another_checkouts_supportbot_is_replaced(tmp_path: Path) -> None:
    checkout = Checkout(tmp_path)
    checkout.source()
    checkout.state.write_text("/home/someone/old-supportbot\n")  # pip install -e elsewhere
    again = checkout.source()
    assert "had the supportbot of /home/someone/old-supportbot" in again.stderr
    assert len(checkout.installs()) == 2
    assert checkout.state.read_text().strip() == str(checkout.root.resolve())


def test_a_system_python_that_refuses_packages_gets_a_venv(tmp_path: Path) -> None:
    checkout = Checkout(tmp_path)
    used = checkout.source(FAKE_MANAGED="1")
    venv_python = checkout.root.resolve() / ".venv" / "bin" / "python3"
    assert used.stdout.strip() == str(venv_python)
    assert checkout.installs()[-1].startswith(f"{venv_python} -m pip install")
    assert checkout.source(FAKE_MANAGED="1").stdout.strip() == str(venv_python)
    assert len(checkout.installs()) == 1
