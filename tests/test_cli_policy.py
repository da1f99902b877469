"""`supportbot policy …`: due (one JSON object per receipt), calendar, version-status; bad
input exits 2 with one sentence on standard error and no traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.policy import Policy

ROOT = Path(__file__).resolve().parent.parent
KEYS = {
    "clock_start",
    "response_due",
    "same_day_due",
    "deadline",
    "reminders",
    "same_day_alert",
    "review_due",
}
CATALOG = """
[[release]]
product = "Acomba"
version = "9.0"
released = 2024-03-01

[[release]]
product = "Acomba"
version = "10.0"
released = 2025-08-31
"""


MISSING_CATALOG = [
    "policy", "version-status", "--catalog", "nowhere.toml", "--product", "A", "--version", "1",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; argparse refusals (SystemExit) count as exit codes."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("supportbot: ")
    return lines[0]


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "products.toml"
    path.write_text(CATALOG, encoding="utf-8")
    return path


# -- due --------------------------------------------------------------------------------------


def test_due_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "policy", "due", "--tier", "P1", "--received", "2026-11-26T16:30:00-05:00"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == KEYS
    assert data == {
        "clock_start": "2026-11-26T16:30:00-05:00",
        "response_due": "2026-11-27T10:30:00-05:00",
        "same_day_due": "2026-11-26T17:00:00-05:00",
        "deadline": "2026-11-26T17:00:00-05:00",
        "reminders": ["2026-11-27T10:00:00-05:00", "2026-11-27T10:20:00-05:00"],
        "same_day_alert": "2026-11-26T16:30:00-05:00",
        "review_due": "2026-12-10T16:30:00-05:00",
    }


def test_due_answers_in_the_policy_zone_across_dst(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "policy", "due", "--tier", "P1", "--received", "2026-03-06T21:30:00Z"
    )
    assert code == 0
    data = json.loads(out)
    assert data["clock_start"] == "2026-03-06T16:30:00-05:00"
    assert data["response_due"] == "2026-03-09T10:30:00-04:00"
    assert data["deadline"] == "2026-03-06T17:00:00-05:00"


def test_due_p2_p3(capsys: pytest.CaptureFixture[str]) -> None:
    for tier, due in (("P2", "2026-11-30T17:00:00-05:00"), ("P3", "2026-12-01T17:00:00-05:00")):
        code, out, _ = run(
            capsys, "policy", "due", "--tier", tier, "--received", "2026-11-27T18:00:00-05:00"
        )
        assert code == 0
        data = json.loads(out)
        assert data["clock_start"] == "2026-11-30T09:00:00-05:00"
        assert data["response_due"] == data["deadline"] == due
        assert data["same_day_due"] is None
        assert data["reminders"] == []


def test_due_24x7(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "policy", "due", "--tier", "P1", "--calendar", "24x7",
        "--received", "2026-11-28T03:00:00-05:00",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {
        "clock_start": "2026-11-28T03:00:00-05:00",
        "response_due": "2026-11-28T05:00:00-05:00",
        "same_day_due": None,
        "deadline": "2026-11-28T05:00:00-05:00",
        "reminders": ["2026-11-28T04:30:00-05:00", "2026-11-28T04:50:00-05:00"],
        "same_day_alert": None,
        "review_due": "2026-12-11T17:00:00-05:00",  # business days from Monday 30 Nov
    }


def test_due_reads_stdin_one_json_per_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("2026-11-26T16:30:00-05:00\n\n  2026-11-27T18:00:00-05:00  \n")
    )
    code, out, err = run(capsys, "policy", "due", "--tier", "P2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == set(second) == KEYS
    assert first["response_due"] == "2026-11-27T16:30:00-05:00"
    assert second["clock_start"] == "2026-11-30T09:00:00-05:00"
    assert second["response_due"] == "2026-11-30T17:00:00-05:00"


def test_due_stdin_reports_bad_lines_and_keeps_going(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("2026-11-26T16:30:00-05:00\nlundi\n2026-11-27T10:00:00-05:00\n")
    )
    code, out, err = run(capsys, "policy", "due", "--tier", "P1", "--lang", "fr")
    assert code == 2
    assert len(out.splitlines()) == 2
    line = one_sentence(err)
    assert "« lundi »" in line
    assert "n'est pas une date et heure" in line


def test_due_in_a_subprocess() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SUPPORTBOT_POLICY"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "policy", "due", "--tier", "P1"],
        input="2026-06-23T16:59:00-04:00\n2026-03-06T16:30:00-05:00\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["response_due"] == "2026-06-25T10:59:00-04:00"
    assert first["reminders"] == ["2026-06-25T10:29:00-04:00", "2026-06-25T10:49:00-04:00"]
    assert first["same_day_alert"] == "2026-06-23T16:59:00-04:00"  # at once
    assert second["response_due"] == "2026-03-09T10:30:00-04:00"


def test_due_with_a_policy_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[targets]\nP1 = "1h"\n[holidays]\nclosures = ["2026-11-27"]\n')
    code, out, _ = run(
        capsys,
        "--policy", str(policy), "policy", "due", "--tier", "P1",
        "--received", "2026-11-26T16:30:00-05:00",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["response_due"] == "2026-11-30T09:30:00-05:00"


def test_due_with_the_policy_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[calendar]\nzone = "Europe/Paris"\n')
    monkeypatch.setenv("SUPPORTBOT_POLICY", str(policy))
    code, out, _ = run(
        capsys, "policy", "due", "--tier", "P1", "--received", "2026-05-13T10:00:00+02:00"
    )
    assert code == 0
    assert json.loads(out)["deadline"] == "2026-05-13T12:00:00+02:00"


# -- calendar ---------------------------------------------------------------------------------


def test_calendar_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "policy", "calendar", "--from", "2026-06-20", "--to", "2026-07-05", "--lang", "fr"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 16
    by_day = {line.split()[0]: line for line in lines}
    assert "Fête nationale du Québec" in by_day["2026-06-24"]
    assert "fermé" in by_day["2026-06-24"]
    assert "Fête du Canada" in by_day["2026-07-01"]
    assert "fin de semaine" in by_day["2026-06-20"]
    assert "ouvert 09:00–17:00" in by_day["2026-06-23"]
    assert "ouvert 09:00–17:00" in by_day["2026-06-25"]
    closed = [day for day, line in by_day.items() if "ouvert" not in line]
    assert closed == [
        "2026-06-20", "2026-06-21", "2026-06-24", "2026-06-27", "2026-06-28",
        "2026-07-01", "2026-07-04", "2026-07-05",
    ]  # fmt: skip


def test_calendar_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "policy", "calendar", "--from", "2026-06-20", "--to", "2026-07-05")
    assert code == 0
    by_day = {line.split()[0]: line for line in out.splitlines()}
    assert "Saint Jean Baptiste Day" in by_day["2026-06-24"]
    assert "Canada Day" in by_day["2026-07-01"]
    assert "closed (weekend)" in by_day["2026-06-21"]
    assert "open 09:00–17:00" in by_day["2026-06-22"]


def test_calendar_shows_closure_dates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[holidays]\nclosures = ["2026-12-24"]\n')
    code, out, _ = run(
        capsys, "--policy", str(policy), "policy", "calendar", "--from", "2026-12-23",
        "--to", "2026-12-28",
    )  # fmt: skip
    assert code == 0
    by_day = {line.split()[0]: line for line in out.splitlines()}
    assert "closure" in by_day["2026-12-24"]
    assert "Christmas Day" in by_day["2026-12-25"]
    assert "open" in by_day["2026-12-28"]


# -- version-status ---------------------------------------------------------------------------


def test_version_status(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    base = ("policy", "version-status", "--catalog", str(catalog), "--product", "Acomba")
    code, out, _ = run(capsys, *base, "--version", "9.0", "--today", "2026-02-27")
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "supported"
    assert data["supported_until"] == "2026-02-28"
    assert data["withdrawn_from_sale"] == "2025-08-31"
    assert data["last_supported_day"] == "2026-02-27"
    assert "supported until 2026-02-27 inclusive" in data["message"]  # supported on the 27th

    code, out, _ = run(capsys, *base, "--version", "9.0", "--today", "2026-02-28", "--lang", "fr")
    data = json.loads(out)
    assert data["status"] == "discontinued"
    assert data["discontinued_since"] == "2026-02-28"
    assert "discontinuée depuis le 2026-02-28" in data["message"]
    assert "services professionnels" in data["message"]

    code, out, _ = run(capsys, *base, "--version", "10.0", "--today", "2026-02-28")
    assert json.loads(out)["status"] == "current"


def test_version_status_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text("product,version,released\nAcomba,9.0,2024-03-01\nAcomba,10.0,2025-08-31\n")
    code, out, _ = run(
        capsys, "policy", "version-status", "--catalog", str(path), "--product", "acomba",
        "--version", "9.0", "--today", "2026-03-01",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["discontinued_since"] == "2026-02-28"


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["policy", "due", "--tier", "P4", "--received", "2026-11-26T16:30:00-05:00"], "P4"),
        (["policy", "due", "--tier", "P1", "--received", "yesterday"], "“yesterday”"),
        (["policy", "due", "--tier", "P1", "--received", "2026-11-26T16:30:00"], "UTC offset"),
        (["policy", "due", "--tier", "P1", "--received", "2026-11-26 25:00-05:00"], "25:00"),
        (["policy", "due", "--tier", "P1", "--calendar", "9to5"], "9to5"),
        (["policy", "calendar", "--from", "2026-13-01", "--to", "2026-07-05"], "2026-13-01"),
        (MISSING_CATALOG, "nowhere.toml"),
        (["policy", "bogus"], "bogus"),
        (["policy"], "required"),
    ],
)
def test_bad_input_exits_2_with_one_sentence(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert needle in one_sentence(err)


def test_unknown_version(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    code, out, err = run(
        capsys, "policy", "version-status", "--catalog", str(catalog), "--product", "Acomba",
        "--version", "8.0", "--today", "2026-01-01",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert one_sentence(err) == "supportbot: Acomba version 8.0 is not in the product catalog."


def test_naive_time_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "policy", "due", "--tier", "P1", "--received", "2026-11-26T16:30", "--lang", "fr"
    )
    assert code == 2
    assert "n'a pas de décalage UTC" in one_sentence(err)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[calendar]\nzone = "Mars/Olympus"\n', "calendar.zone"),
        ('[targets]\nP1 = "soon"\n', "targets.P1"),
        ("[calendar\n", "not valid TOML"),
        ('[escalation]\nafter = "1h"\n', "escalation"),
    ],
)
def test_bad_policy_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, needle: str
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(text)
    code, out, err = run(
        capsys, "--policy", str(policy), "policy", "due", "--tier", "P1",
        "--received", "2026-11-26T16:30:00-05:00",
    )  # fmt: skip
    assert (code, out) == (2, "")
    line = one_sentence(err)
    assert line.startswith("supportbot: The policy file is wrong: ")
    assert needle in line


def test_missing_policy_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "--policy", str(tmp_path / "none.toml"), "policy", "calendar",
        "--from", "2026-06-20", "--to", "2026-06-21",
    )  # fmt: skip
    assert code == 2
    assert "does not exist" in one_sentence(err)


def test_bad_input_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[calendar]\nzone = "Mars/Olympus"\n')
    env = {k: v for k, v in os.environ.items() if k != "SUPPORTBOT_POLICY"}
    for argv in (
        ["policy", "due", "--tier", "P1", "--received", "2026-11-26T16:30:00"],
        ["policy", "due", "--tier", "P9", "--received", "2026-11-26T16:30:00-05:00"],
        ["--policy", str(policy), "policy", "due", "--tier", "P1", "--received", "2026-11-26"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        one_sentence(done.stderr)


def test_times_at_the_ends_of_the_calendar_are_refused_politely(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "policy", "due", "--tier", "P1", "--received", "9999-12-31T10:00:00-05:00"
    )
    assert code == 2
    one_sentence(err)


def test_policy_option_reaches_the_worker_and_the_web_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``supportbot --policy FILE worker|web``: the timers and the desk they build use the
    file, not the defaults (the composition root hands the loaded policy down)."""
    from bot import cli
    from jobs.runtime import Runtime

    path = tmp_path / "policy.toml"
    path.write_text('[targets]\nP1 = "1h"\n', encoding="utf-8")
    seen: list[str] = []
    policies: list[Policy] = []

    def run_worker(url: object, burst: bool = False, *, runtime: Runtime, **_: object) -> int:
        seen.append("worker")
        policies.append(runtime.policy)
        return 0

    def serve(config: object, policy: Policy) -> None:
        seen.append("web")
        policies.append(policy)

    monkeypatch.setattr("bot.app.run_worker", run_worker)
    monkeypatch.setattr("bot.app.serve", serve)
    monkeypatch.setattr("bot.app.configure_logging", lambda name, settings: None)
    for command in ("worker", "web"):
        assert cli.main(["--policy", str(path), command]) == 0
        assert policies[-1].target("P1") == timedelta(hours=1)
    assert seen[-1] == "web" and len(seen) == 2
