"""What of the process environment may be recorded: a fixed list of variables, never a secret.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Variables worth recording: they change what CUDA and the HF stack do.
RECORDED_ENV = (
    "CUDA_VISIBLE_DEVICES",
    "CUDA_DEVICE_ORDER",
    "NVIDIA_VISIBLE_DEVICES",
    "CUDA_HOME",
    "CUDA_PATH",
    "CUDA_MODULE_LOADING",
    "PYTORCH_CUDA_ALLOC_CONF",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "LD_LIBRARY_PATH",
)
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|PASSWD|PWD|KEY|CREDENTIAL|AUTH|COOKIE|SESSION", re.I)
# The look-behind starts a scheme only at the start of a run of scheme characters: linear time on
# long reports instead of re-scanning every run from each of its characters. The credentials run to
# the last "@" of the host part, as pip and urllib split it: a password may hold a raw "@"
# (https://user:p@ss@host/simple), and stopping at the first one left its tail in the output.
_URL_CREDENTIALS = re.compile(r"(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<cred>[^/?#\s]*)@")


def scrub_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """Keep the recorded variables, never a secret-looking one, never URL credentials."""
    out = {}
    for name in RECORDED_ENV:
        if name in environ and not _SECRET_NAME.search(name):
            out[name] = redact_url_credentials(environ[name])
    return out


def redact_url_credentials(value: str) -> str:
    if "://" not in value:
        return value
    return _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}***@", value)
