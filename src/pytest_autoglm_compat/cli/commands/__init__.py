"""One module per command: take the parsed arguments, call the engine or a tool, render, return the exit code.

:mod:`..parser` names each command's module and function; :mod:`..app` imports a module only
when its command runs.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
