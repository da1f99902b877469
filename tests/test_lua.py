"""The Lua scripts live in ``bot/lua/*.lua`` and ship with the package: every file is a
named script, every named script loads, and the build's package data takes them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot import scripts

ROOT = Path(__file__).resolve().parent.parent


def test_every_script_file_is_named_and_loads() -> None:
    files = {path.stem for path in (ROOT / "bot" / "lua").glob("*.lua")}
    assert files == set(scripts.NAMES)
    for name in scripts.NAMES:
        source = scripts.source(name)
        assert "redis.call" in source
        assert source.startswith("-- ")  # what its KEYS and ARGV are, first


def test_the_package_data_takes_the_scripts() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "lua/*.lua" in config["tool"]["setuptools"]["package-data"]["bot"]
