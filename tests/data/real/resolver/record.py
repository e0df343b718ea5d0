"""Re-record the real resolver outputs kept here: `python record.py` (needs uv and this machine's index).

Each CASE runs `autoglm-compat plan`'s own pip and uv invocations (run_pip, run_uv in tools/plan/resolvers.py) on a
bundled contract and the user file <case>.in; <case>.pip.txt and <case>.uv.txt are what they printed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model import torch_index, torch_lines
from pytest_autoglm_compat.model.values import spec_text
from pytest_autoglm_compat.tools.pip_config import find_uv, read_pip_config
from pytest_autoglm_compat.tools.plan.make import contract_lines
from pytest_autoglm_compat.tools.plan.resolvers import run_pip, run_uv

HERE = Path(__file__).parent
CASES = {
    "glm4-transformers5": ("stable", ["chatglm", "gptq"]),
    "old-peft": ("stable", ["gptq"]),
    "old-tokenizers": ("legacy", []),
    "torch21": ("legacy", []),
    "no-such-peft": ("stable", []),
    "glm4-torch24": ("stable", ["gptq"]),
}


def main() -> None:
    uv = find_uv()
    assert uv is not None, "pip install uv"
    config = read_pip_config()
    for case in sys.argv[1:] or CASES:
        name, sections = CASES[case]
        contract = contract_mod.load(name)
        with tempfile.TemporaryDirectory(prefix="autoglm-plan-") as tmp:
            lines = Path(tmp) / f"autoglm-contract-{name}.txt"
            lines.write_text("\n".join(contract_lines(contract, sections)) + "\n", encoding="utf-8")
            inputs = [("-r", str(lines)), ("-r", f"{case}.in")]
            torch = torch_index.contract_torch_index(contract, sections)
            if torch is not None and torch.line:  # the torch line compiled extensions impose, as make_plan adds it
                constraints = Path(tmp) / f"autoglm-constraints-{name}.txt"
                constraints.write_text("\n".join([f"torch{spec_text(torch.spec)}",
                                                  *torch_lines.companions(torch.line)]) + "\n", encoding="utf-8")
                inputs.insert(1, ("-c", str(constraints)))
            _code, pip_out, _report = run_pip(sys.executable, inputs)
            _code, uv_out, _pins = run_uv(uv, sys.executable, config, inputs)
        (HERE / f"{case}.pip.txt").write_text(pip_out, encoding="utf-8")
        (HERE / f"{case}.uv.txt").write_text(uv_out, encoding="utf-8")


if __name__ == "__main__":
    main()
