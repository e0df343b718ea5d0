"""The user's pip configuration as pip itself reports it, for the tools that do not read pip.conf.

``plan`` hands it to uv's resolver and ``bisect`` to uv's installer and its own index reader; both
read it here, once, the same way.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping


def parse_pip_config_list(text: str) -> dict[str, str]:
    """``global.find-links='/opt/wheels'`` lines -> {key: value}."""
    items: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        items[key.strip()] = value
    return items


def pip_config_items(python: str = sys.executable, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``pip config list`` of ``python`` (files and ``PIP_*`` variables); without a pip there, the
    environment's ``PIP_*`` variables, which still say what pip would use."""
    env = dict(os.environ if environ is None else environ)
    try:
        done = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True, env=env,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is not None and done.returncode == 0:
        return parse_pip_config_list(done.stdout)
    return {":env:." + var[4:].lower().replace("_", "-"): value for var, value in env.items() if var.startswith("PIP_")}


def install_settings(items: Mapping[str, str]) -> dict[str, str]:
    """The settings ``pip install`` sees: environment variables over ``[install]`` over ``[global]``
    (files are already merged by ``pip config list``: user over global); names as pip's options."""
    merged: dict[str, str] = {}
    for section in ("global", "install", ":env:"):
        for key, value in items.items():
            where, _, name = key.partition(".")
            if where == section:
                merged[name.replace("_", "-")] = value
    return merged
