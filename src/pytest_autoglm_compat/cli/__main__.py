"""``python -m pytest_autoglm_compat.cli``: the same command as ``python -m pytest_autoglm_compat``.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
