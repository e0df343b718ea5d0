"""The autoglm-compat command, run for real as a subprocess (python -m pytest_autoglm_compat).

Snapshots in tests/data were written by ``autoglm-compat probe`` inside the real
nox stacks; the lock files are real pip-compile and pip freeze output.
GPU situations are hand-made from them (no GPU here).
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Machine
from pytest_autoglm_compat import cli
from pytest_autoglm_compat.model import contract as contract_mod

DATA = Path(__file__).parent / "data"


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", *args], capture_output=True, text=True,
                          cwd=cwd, input=stdin, timeout=300, check=False)


def gpu_snapshot(tmp_path: Path, name: str, *, torch: str, cuda: str, driver: str, gpus: int = 1) -> Path:
    """The real autogptq snapshot moved onto a GPU machine we do not have."""
    data = json.loads((DATA / "snapshot-autogptq.json").read_text())
    data["torch"].update(version=torch, cuda=cuda)
    data["packages"]["torch"] = torch
    data["driver"] = driver
    data["gpus"] = [{"index": i, "name": "NVIDIA H100 80GB HBM3", "uuid": f"GPU-{i}", "capability": "9.0",
                     "memory_total": 85520809984, "physical_index": i} for i in range(gpus)]
    data["gpu_source"], data["gpu_problem"] = "nvml", None
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    return path


def test_version_and_help() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("autoglm-compat 0.")
    result = run("--help")
    for command in ("check", "probe", "contracts", "constraints", "diff", "matrix", "explain"):
        assert command in result.stdout


def test_help_imports_no_command_module() -> None:
    """``autoglm-compat --help`` stays cheap: a command's module (and the engine below it) is imported when it runs."""
    script = ("import sys\nfrom pytest_autoglm_compat.cli import main\ntry:\n    main(['--help'])\n"
              "except SystemExit:\n    pass\nprint(' '.join(sorted(m for m in sys.modules if m.startswith('pytest_autoglm_compat.'))))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    imported = done.stdout.splitlines()[-1].split()
    assert "pytest_autoglm_compat.cli.parser" in imported
    assert [m for m in imported if not m.startswith("pytest_autoglm_compat.cli") or ".commands" in m] == []


def test_contracts_list() -> None:
    result = run("contracts", "list")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "base     Requirements shared by every bundled contract [sections: chatglm, gptq]",
        "latest   transformers 5.x with native GLM models; GPTQ via optimum + gptqmodel [sections: chatglm, glm4, gptq, peft]",
        "legacy   2023 ChatGLM2/3 deployment stack: torch 2.0.1+cu118, transformers 4.35.2, auto-gptq 0.4.2 "
        "[sections: chatglm, gptq]",
        "stable   Newest stack verified end to end with AutoGPTQ (auto-gptq 0.7.1, transformers >=4.46,<5) "
        "[sections: chatglm, chatglm-int4, gptq]",
    ]


@pytest.mark.parametrize("name", ["stable", "legacy", "latest"])
def test_contracts_show_writes_a_contract_that_loads_to_the_same_requirements(tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}-resolved.toml"
    assert run("contracts", "show", name, "-o", str(out)).returncode == 0
    lint = run("contracts", "lint", str(out))
    assert lint.returncode == 0, lint.stderr
    assert lint.stdout.startswith(f"ok {out}: contract {name}, ")
    original, shown = contract_mod.load(name), contract_mod.load(str(out))

    def strip(reqset: object) -> list[str]:
        return sorted(repr(r).split("origin=")[0] + repr(r).split("), ", 1)[-1] for r in reqset.items(needs_cuda=True))  # type: ignore[attr-defined]

    assert strip(shown.core) == strip(original.core)
    assert sorted(shown.sections) == sorted(original.sections)
    for section in original.sections:
        assert strip(shown.sections[section]) == strip(original.sections[section])
    assert shown.core.packages[0].meta.reason == original.core.packages[0].meta.reason


def test_contracts_lint_reports_every_problem_like_the_plugin(tmp_path: Path) -> None:
    bad = tmp_path / "ours.toml"
    bad.write_text('format = 1\nname = "ours"\n[packages.transformers]\nspec = ">>4"\n[cuda]\nmemroy = "1GiB"\n')
    result = run("contracts", "lint", str(bad))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Invalid contract {bad}:",
        "  packages.transformers.spec: expected a PEP 440 version specifier such as '>=4.38,<5', got '>>4'",
        "  cuda.memroy: unknown key (did you mean 'memory'?); expected one of capability, devices, driver, fix, "
        "memory, reason, runtime, source, verified",
    ]


def test_constraints_export() -> None:
    result = run("constraints", "stable")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "# pip constraints from contract stable (contracts/stable.toml), sections: chatglm, chatglm-int4, gptq",
        "# use: pip install -c <this file> ...; generated by autoglm-compat constraints stable",
        "# Python >=3.9 (not expressible as a constraint)",
        "# CUDA runtime of torch >=11.8: choose the torch index URL (https://download.pytorch.org/whl/cuXYZ)",
        "accelerate>=0.26.0",
        "auto-gptq==0.7.1",
        "peft>=0.5.0,!=0.18.0,<0.19",
        "torch>=2.0",
        "transformers>=4.46.0,<4.49,<5",
    ]
    latest = run("constraints", "latest", "--section", "gptq").stdout.splitlines()
    assert "# auto-gptq must not be installed (not expressible as a constraint)" in latest
    assert not any(line.startswith("peft") for line in latest)  # peft's bound sits in the peft section
    with_peft = run("constraints", "latest", "--section", "peft").stdout.splitlines()
    assert "peft>=0.22.0" in with_peft  # optional: a constraint applies only if installed


def test_check_a_pip_compile_lock_file_before_installing() -> None:
    lock = DATA / "requirements-autogptq.txt"
    result = run("check", "-c", "stable", "--requirements", str(lock), "--cpu-only", "-v")
    assert result.returncode == 0, result.stdout  # what a lock file cannot answer is not counted
    lines = result.stdout.splitlines()
    assert lines[1].startswith(f"checked: pip-compile lock {lock}: Python 3.11 (named in the file)")
    assert "torch 2.13.0+cpu" in lines[1]
    assert f"ok Python of the lock file: found Python 3.11 (the pip-compile header of {lock}), required >=3.9" in lines
    assert lines[-1] == "satisfied: 7 met, 0 unmet, 0 unknown, 9 not checked"
    assert lines[-2] == "packages: 5 guaranteed, 0 allowed but not guaranteed (not a failure without --strict), 0 conflict"
    assert lines[-3].startswith("not checked (9 API/extension checks need a live environment): accelerate:")
    with_cuda = run("check", "-c", "stable", "--requirements", str(lock), "--section", "gptq")
    assert with_cuda.returncode == 1
    assert "UNMET CUDA runtime of torch: found CPU-only build (torch 2.13.0+cpu), required >=11.8" in with_cuda.stdout
    assert "UNKNOWN GPU: found unknown (no GPU visible (not known from a lock file)), required 1 NVIDIA GPU" \
        in with_cuda.stdout


def test_check_pip_freeze_output_of_the_broken_stack() -> None:
    result = run("check", "--requirements", str(DATA / "freeze-autogptq-newpeft.txt"), "--cpu-only",
                 "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["schema"] == "pytest-autoglm-compat/report/1"
    freeze = DATA / "freeze-autogptq-newpeft.txt"
    assert report["checked"]["source"] == f"pip freeze {freeze}"
    unmet = [v for v in report["verdicts"] if v["status"] == "unmet"]
    assert [(v["subject"], v["found"], v["required"]) for v in unmet] == [
        ("peft", f"peft==0.19.0 ({freeze}:32)", "peft>=0.5.0,!=0.18.0,<0.19")]
    assert [v["fix"] for v in unmet] == [f"replace peft on {freeze}:32 with 'peft>=0.5.0,!=0.18.0,<0.19'"]
    judged = {j["package"]: j["judgement"] for j in report["checked"]["input"]["judgements"]}
    assert judged == {"accelerate": "guaranteed", "auto-gptq": "guaranteed", "peft": "conflict",
                      "torch": "guaranteed", "transformers": "guaranteed"}


def test_check_a_torch_pin_without_local_label_leaves_cuda_unknown(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.txt"
    lock.write_text("torch==2.5.1\ntransformers==4.46.3\naccelerate==0.34.2\n")
    result = run("check", "--requirements", str(lock), "--section", "gptq", "--format", "markdown")
    assert "| unknown | CUDA runtime of torch | torch 2.5.1 pinned without a +cuXYZ or +cpu label | >=11.8 |" \
        in result.stdout
    assert result.stdout.splitlines()[0] == f"### Contract `stable` on pinned requirements {lock}"


def test_check_a_snapshot_taken_on_a_gpu_machine(tmp_path: Path) -> None:
    snap = gpu_snapshot(tmp_path, "h100", torch="2.5.1+cu121", cuda="12.1", driver="470.82.01")
    result = run("check", "--snapshot", str(snap), "--section", "gptq")
    assert result.returncode == 1
    assert ("UNMET NVIDIA driver: found 470.82.01, required able to run CUDA 12.1 (>= 530.30.02, or >= 525 with "
            "minor-version compatibility)") in result.stdout
    ok = gpu_snapshot(tmp_path, "h100-ok", torch="2.5.1+cu121", cuda="12.1", driver="550.54.15")
    result = run("check", "--snapshot", str(ok), "--section", "gptq", "--allow-unknown")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "satisfied: 9 met, 0 unmet, 0 unknown, 11 not checked"


def test_check_this_environment_runs_the_api_checks(tmp_path: Path) -> None:
    contract = tmp_path / "mini.toml"
    contract.write_text('format = 1\nname = "mini"\n[packages.packaging]\nspec = ">=20"\n'
                        '[[api]]\ntarget = "packaging.version:Version"\nkind = "class"\n'
                        '[[api]]\ntarget = "packaging.version:Nope"\n')
    result = run("check", "-c", str(contract), "-v")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"contract mini ({contract}), sections: none"
    assert "UNMET packaging.version:Nope: found packaging.version has no attribute 'Nope', required exists" in lines
    assert "ok packaging.version:Version: found class, required kind class" in lines
    assert lines[-1] == "violated: 2 met, 1 unmet, 0 unknown"


def test_probe_and_diff_against_this_environment(tmp_path: Path) -> None:
    snap = tmp_path / "now.json"
    assert run("probe", "-o", str(snap)).returncode == 0
    data = json.loads(snap.read_text())
    assert data["schema"] == "pytest-autoglm-compat/snapshot/1"
    result = run("diff", str(snap), "-c", "stable")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [f"{snap} -> this environment: 0 change(s)", "no change breaks contract stable"]


def test_diff_of_two_real_stacks_names_the_breaking_upgrade() -> None:
    old, new = DATA / "snapshot-autogptq.json", DATA / "snapshot-autogptq-newpeft.json"
    result = run("diff", str(old), str(new), "-c", "stable", "--cpu-only")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{old} -> {new}: 1 change(s)",
        "~ peft 0.13.2 -> 0.19.0 (upgraded)",
        "    BREAKS peft: found 0.19.0, required peft>=0.5.0,!=0.18.0,<0.19 [contracts/stable.toml: sections.gptq.packages.peft]",
        "1 change(s) break contract stable",
    ]
    across = run("diff", str(old), str(DATA / "snapshot-current.json"))
    assert across.returncode == 0  # no contract: drift is reported, nothing is judged
    assert "- auto-gptq 0.7.1" in across.stdout.splitlines()
    assert any(line.startswith("~ transformers 4.46.3 -> 5.") and line.endswith("(upgraded)")
               for line in across.stdout.splitlines())


def test_diff_flags_a_driver_downgrade_on_a_gpu_runner(tmp_path: Path) -> None:
    old = gpu_snapshot(tmp_path, "before", torch="2.5.1+cu121", cuda="12.1", driver="550.54.15", gpus=2)
    new = gpu_snapshot(tmp_path, "after", torch="2.5.1+cu121", cuda="12.1", driver="470.82.01", gpus=1)
    result = run("diff", str(old), str(new), "-c", "stable")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1] == "~ NVIDIA driver 550.54.15 -> 470.82.01 (downgraded)"
    assert lines[2].startswith("    BREAKS NVIDIA driver: found 470.82.01, required able to run CUDA 12.1")
    assert lines[3] == ("~ GPUs NVIDIA H100 80GB HBM3 (9.0), NVIDIA H100 80GB HBM3 (9.0) -> "
                        "NVIDIA H100 80GB HBM3 (9.0) (changed)")


def _report(tmp_path: Path, name: str, snapshot: Path, outcomes: dict[str, str]) -> Path:
    result = run("check", "--snapshot", str(snapshot), "--cpu-only", "--format", "json")
    data = json.loads(result.stdout)
    data["tests"] = {k: {"outcome": v, "unmet": [], "by_autoglm": False} for k, v in outcomes.items()}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    return path


def test_matrix_of_reports_as_markdown_and_html(tmp_path: Path) -> None:
    a = _report(tmp_path, "autogptq", DATA / "snapshot-autogptq.json", {"t.py::test_load": "passed"})
    b = _report(tmp_path, "newpeft", DATA / "snapshot-autogptq-newpeft.json", {"t.py::test_load": "failed"})
    result = run("matrix", str(a), str(b))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| environment | Python: >=3.9 | accelerate: accelerate>=0.26.0 |")
    assert lines[0].endswith("| t.py::test_load |")
    assert lines[2].startswith("| **autogptq** (Python 3.11.7, torch 2.13.0+cpu, no GPU, driver -; stable) | pass |")
    assert "| unmet |" in lines[3]
    assert lines[3].endswith("| failed |")
    page = tmp_path / "matrix.html"
    assert run("matrix", str(a), str(b), "--format", "html", "-o", str(page)).returncode == 0
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert '<td class="bad">unmet</td>' in text
    assert '<td class="ok">passed</td>' in text


def test_matrix_rejects_what_is_not_a_report(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"schema": "other"}')
    result = run("matrix", str(junk))
    assert result.returncode == 2
    assert result.stderr == f"autoglm-compat: error: {junk}: not a report of schema 'pytest-autoglm-compat/report/1'\n"


PYTEST_LOG = """\
    def test_quantized():
>       from auto_gptq import AutoGPTQForCausalLM
E       ImportError: cannot import name 'no_init_weights' from 'transformers.modeling_utils' (/venv/lib/python3.11/site-packages/transformers/modeling_utils.py)

tests/test_q.py:3: ImportError
RuntimeError: CUDA driver version is insufficient for CUDA runtime version
"""


def test_explain_a_pasted_log() -> None:
    result = run("explain", stdin=PYTEST_LOG)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "ImportError: cannot import name 'no_init_weights' from 'transformers.modeling_utils' "
        "(/venv/lib/python3.11/site-packages/transformers/modeling_utils.py)",
        "  cause: transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every auto-gptq "
        "release imports it from transformers.modeling_utils",
        "  fix: pip install 'transformers<5' (or move to gptqmodel + optimum for transformers 5)",
        "  source: transformers 5.0.0 initialization.py; auto_gptq/modeling/_base.py (all tags 0.4.2-0.7.1)",
        "  caught by: contracts/stable.toml: packages.transformers",
        "",
        "RuntimeError: CUDA driver version is insufficient for CUDA runtime version",
        "  cause: the CUDA runtime finds no NVIDIA driver it can use: the installed driver is older than the CUDA "
        "runtime torch was built with, or there is none to find (a machine without an NVIDIA GPU and driver, or a "
        "container started without the GPU: the runtime reports an absent driver in the same words)",
        "  fix: upgrade the driver, or install a torch build for an older CUDA (see NVIDIA's driver table); in a "
        "container, start it with the GPU (docker --gpus all, NVIDIA_VISIBLE_DEVICES) first; without an NVIDIA GPU, "
        "run on the CPU",
        "  source: NVIDIA CUDA Toolkit Release Notes, Table 3; SYSTRAN/faster-whisper#1229 (the container case)",
        "  caught by: requires_cuda / [cuda] (the driver check)",
    ]
    nothing = run("explain", stdin="AssertionError: 1 != 2\n")
    assert nothing.returncode == 1
    assert nothing.stderr == "no known GLM-stack failure found in the input\n"


def test_explain_scopes_by_type_and_by_the_versions_the_log_mentions() -> None:
    log = (
        "Successfully installed transformers-4.46.3 torch-2.5.1+cpu\n"
        "E       ImportError: cannot import name 'no_init_weights' from 'transformers.modeling_utils'\n"
        "RuntimeError: CUDA driver version is insufficient for CUDA runtime version\n"
        "AssertionError: libcudart.so.12: cannot open shared object file: No such file or directory\n"
    )
    result = run("explain", stdin=log)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "no known GLM-stack failure found in the input\n"
    accelerator = run("explain", stdin="torch.AcceleratorError: CUDA error: no kernel image is available for "
                      "execution on the device\n")
    assert accelerator.returncode == 0
    assert accelerator.stdout.splitlines()[1] == (
        "  cause: the compiled kernels contain no code for this GPU's compute capability: the GPU is newer than "
        "the archs the build carries (e.g. sm_90 on a cu117 build, sm_100/sm_120 before cu128) or older than them "
        "(e.g. a P100's sm_60 or a K80's sm_37 on a cu128 build, which starts at sm_75)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "-c", "stabel"], "autoglm-compat: error: Invalid contract 'stabel': no bundled contract of that "
         "name (did you mean 'stable'?); bundled contracts: base, latest, legacy, stable; or give a path to a .toml file"),
        (["check", "--snapshot", "missing.json"], "autoglm-compat: error: missing.json: no such snapshot file"),
        (["check", "--section", "gtpq"], "autoglm-compat: error: contract stable has no section 'gtpq' (did you mean "
         "'gptq'?); sections: chatglm, chatglm-int4, gptq"),
        (["check", "--requirements", "missing.txt"], "autoglm-compat: error: missing.txt: no such file"),
        (["explain", "missing.log"], "autoglm-compat: error: cannot read missing.log: No such file or directory"),
        (["nonsense"], "autoglm-compat: error: argument command: invalid choice: 'nonsense' (choose from *"),
        (["plan", "stable"], "autoglm-compat: error: unrecognized arguments: stable (see autoglm-compat --help)"),
        (["plan", "-c", "stable", "--python", "/no/such/python"],
         "autoglm-compat: error: --python /no/such/python: no such interpreter"),
        (["bisect", "peft", "--good", "1"], "autoglm-compat bisect: error: the following arguments are required: "
         "--bad (see autoglm-compat bisect --help)"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    (last,) = result.stderr.strip().splitlines()  # one line: argparse's usage block is not printed
    assert last == message or (message.endswith("*") and last.startswith(message[:-1])), result.stderr
    assert "Traceback" not in result.stderr


def test_internal_error_exits_3_with_the_traceback(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr("pytest_autoglm_compat.cli.commands.probe.run", broken)
    assert cli.main(["probe"]) == 3
    err = capsys.readouterr().err
    assert "RuntimeError: boom" in err
    assert err.endswith("autoglm-compat: internal error (a bug: please report it with the traceback above)\n")


def test_reports_of_the_plugin_and_the_command_follow_the_documented_schema(pytester: pytest.Pytester,
                                                                          machine: Machine) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    machine.torch("2.5.1+cu121", "12.1")  # the driver hint is about a CUDA build of torch
    schema = json.loads((Path(__file__).parents[1] / "docs" / "report.schema.json").read_text())
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging<1")
        def test_old():
            pass

        def test_known():
            raise RuntimeError("CUDA driver version is insufficient for CUDA runtime version")
    """)
    pytester.runpytest("--autoglm-contract=stable", "--autoglm-report=r.json")
    plugin_report = json.loads(pytester.path.joinpath("r.json").read_text())
    assert plugin_report["tests"]["test_it.py::test_known"]["known_failure"]
    jsonschema.validate(plugin_report, schema)
    command = run("check", "--requirements", str(DATA / "requirements-autogptq.txt"), "--format", "json")
    jsonschema.validate(json.loads(command.stdout), schema)


def test_check_a_pylock_toml_written_by_pip_lock() -> None:
    result = run("check", "--requirements", str(DATA / "pylock.toml"), "--cpu-only", "--allow-unknown")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "satisfied: 7 met, 0 unmet, 0 unknown, 9 not checked"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no requirements found (empty, or only comments and options)"),
        ("# only a comment\n--index-url https://example.org/simple\n",
         "no requirements found (empty, or only comments and options)"),
        ("-e .\n<<<<<<< HEAD\n", "nothing readable as requirements (2 unreadable line(s), not shown; first: *:1: "
                                   "editable without a package name (add '#egg=NAME' or 'NAME @ URL'))"),
        ("torch==2.0\nTorch==2.1\n", "2: Torch pinned twice (2.0 and 2.1)"),
        ("\0\1binary", "binary data, expected a requirements file or a package listing"),
    ],
)
def test_bad_lock_files_exit_2_naming_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    lock = tmp_path / "requirements.txt"
    lock.write_text(content)
    result = run("check", "--requirements", str(lock))
    assert result.returncode == 2
    separator = ":" if message[0].isdigit() else ": "
    line = result.stderr.strip()
    assert fnmatch.fnmatch(line, f"autoglm-compat: error: {lock}{separator}{message}"), line


def test_check_a_universal_uv_lock_picks_this_platforms_versions() -> None:
    """uv.lock written by `uv lock` for the autogptq pins; numpy has one entry per Python range."""
    lock = DATA / "uv-autogptq" / "uv.lock"
    result = run("check", "--requirements", str(lock), "--cpu-only", "--format", "json", "--allow-unknown")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    packages = report["snapshot"]["packages"]
    assert packages["auto-gptq"] == "0.7.1"
    assert packages["torch"] == "2.13.0"
    assert "glm-app" not in packages  # the project itself is not a pin
    import sys as _sys

    assert packages["numpy"] == ("2.4.6" if _sys.version_info < (3, 12) else "2.5.5")
    text = run("check", "--requirements", str(lock), "--section", "gptq").stdout
    assert "UNKNOWN CUDA runtime of torch: found unknown (torch 2.13.0 pinned without a +cuXYZ or +cpu label)" in text
    assert "torch 2.13.0 (build not recorded in the lock file)" in text.splitlines()[1]


def test_pylock_entries_with_markers_count_only_where_they_apply(tmp_path: Path) -> None:
    from pytest_autoglm_compat.facts.inputs import lockfile

    lock = tmp_path / "pylock.toml"
    lock.write_text('lock-version = "1.0"\ncreated-by = "hand"\n\n'
                    '[[packages]]\nname = "numpy"\nversion = "2.4.6"\nmarker = "python_version < \'3.12\'"\n\n'
                    '[[packages]]\nname = "numpy"\nversion = "2.5.5"\nmarker = "python_version >= \'3.12\'"\n')
    assert lockfile.read_pins(lock, {"python_version": "3.11"}).packages == {"numpy": "2.4.6"}
    assert lockfile.read_pins(lock, {"python_version": "3.13"}).packages == {"numpy": "2.5.5"}
    requirements = tmp_path / "requirements.txt"  # requirement files are requirement_input's
    requirements.write_text("numpy==2.4.6\n")
    with pytest.raises(lockfile.LockfileError, match=r"requirements\.txt: not a lock file \(pylock\.toml, "):
        lockfile.read_pins(requirements)


# --------------------------------------------------------------------------- defects of issue 12, point 7


def test_requirement_lines_with_markers_count_only_where_the_marker_holds(tmp_path: Path) -> None:
    """Two platform pins of one package are not 'pinned twice'; each platform takes its own."""
    from pytest_autoglm_compat.facts.inputs import requirement_files as requirement_input

    lock = tmp_path / "requirements.txt"
    lock.write_text('torch==2.0.1; sys_platform == "linux"\n'
                    'torch==2.0.1+cpu; sys_platform == "darwin"\n'
                    'transformers==4.35.2 ; python_version >= "3.8"\n'
                    'numpy==1.26.4; python_version < "3.0"\n')
    linux = {"sys_platform": "linux", "python_version": "3.11"}
    darwin = {"sys_platform": "darwin", "python_version": "3.11"}
    assert requirement_input.read(lock, linux).exact_versions() == {"torch": "2.0.1", "transformers": "4.35.2"}
    assert requirement_input.read(lock, darwin).exact_versions() == {"torch": "2.0.1+cpu", "transformers": "4.35.2"}
    result = run("check", "-c", "legacy", "--requirements", str(lock), "--cpu-only", "--format", "json")
    # no "pinned twice" error; what legacy pins beyond this file is not constrained by it (allowed), not missing
    report = json.loads(result.stdout)
    # legacy's [python] is <3.12: the interpreter running check is judged too, not this file
    unmet = [v["subject"] for v in report["verdicts"] if v["status"] == "unmet"]
    assert unmet == ([] if sys.version_info < (3, 12) else ["Python"]), unmet
    assert result.returncode == (0 if sys.version_info < (3, 12) else 1), result.stderr
    packages = report["snapshot"]["packages"]
    assert packages["torch"] == ("2.0.1" if sys.platform == "linux" else packages["torch"])
    assert "numpy" not in packages


def test_two_pins_for_the_same_platform_are_still_pinned_twice(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.txt"
    lock.write_text('torch==2.0.1; python_version >= "3"\ntorch==2.1.0\n')
    result = run("check", "--requirements", str(lock))
    assert result.returncode == 2
    assert result.stderr == f"autoglm-compat: error: {lock}:2: torch pinned twice (2.0.1 and 2.1.0)\n"


@pytest.mark.parametrize(
    ("requires_python", "status"),
    [(">=3.13", "UNMET"), (">=3.11", "ok"), (">=3.8,<3.10", "ok"), ("<3.8", "UNMET")],
)
def test_a_lock_files_own_python_is_checked_against_the_contract(tmp_path: Path, requires_python: str,
                                                                 status: str) -> None:
    contract = tmp_path / "py.toml"
    contract.write_text('format = 1\nname = "py"\n[python]\nspec = ">=3.9,<3.13"\nfix = "use 3.11"\n')
    lock = tmp_path / "uv.lock"
    lock.write_text(f'version = 1\nrequires-python = "{requires_python}"\n\n'
                    '[[package]]\nname = "numpy"\nversion = "2.4.6"\n')
    result = run("check", "-c", str(contract), "--requirements", str(lock), "-v")
    line = (f"{status} Python of the lock file: found requires-python {requires_python!r} in {lock}, "
            "required >=3.9,<3.13")
    assert line in result.stdout.splitlines(), result.stdout
    this_python_unmet = not ((3, 9) <= sys.version_info < (3, 13))  # the ordinary Python verdict, of this interpreter
    assert result.returncode == (1 if status == "UNMET" or this_python_unmet else 0)
    if status == "UNMET":
        assert "  fix: use 3.11" in result.stdout.splitlines()


def test_a_pip_compile_header_python_outside_the_contract_is_unmet(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.txt"
    lock.write_text("# This file is autogenerated by pip-compile with Python 3.7\nnumpy==1.21.0\n")
    result = run("check", "-c", "stable", "--requirements", str(lock), "--cpu-only")
    assert (f"UNMET Python of the lock file: found Python 3.7 (the pip-compile header of {lock}), required >=3.9"
            in result.stdout.splitlines())


def test_check_exits_1_on_unknown_unless_allowed(tmp_path: Path) -> None:
    """One rule with the plugin: unknown is not met; --allow-unknown is the explicit way out.

    A lock file cannot say which GPUs will run it: the CUDA requirement's GPU part is unknown.
    """
    lock = tmp_path / "requirements.txt"
    lock.write_text("torch==2.5.1+cu121\n")
    contract = tmp_path / "gpu.toml"
    contract.write_text('format = 1\nname = "gpu"\n[cuda]\nruntime = ">=12.1"\n')
    strict = run("check", "-c", str(contract), "--requirements", str(lock))
    assert strict.returncode == 1
    last = strict.stdout.splitlines()[-1]
    assert re.fullmatch(r"violated: \d+ met, 0 unmet, [1-9]\d* unknown \(unknown counts as not met; "
                        r"--allow-unknown accepts it\)", last), last
    allowed = run("check", "-c", str(contract), "--requirements", str(lock), "--allow-unknown", "--format", "json")
    assert allowed.returncode == 0
    assert json.loads(allowed.stdout)["exit_status"] == 0
    markdown = run("check", "-c", str(contract), "--requirements", str(lock), "--format", "markdown")
    assert markdown.returncode == 1
    assert markdown.stdout.splitlines()[-1].startswith("**violated: ")


def test_check_leaves_checks_a_snapshot_cannot_answer_out_of_the_exit_code(tmp_path: Path) -> None:
    """API checks need a live environment: against a snapshot they are 'not checked', neither met nor unknown."""
    snap = gpu_snapshot(tmp_path, "h100", torch="2.5.1+cu121", cuda="12.1", driver="550.54.15")
    contract = tmp_path / "api.toml"
    contract.write_text('format = 1\nname = "api"\n[[api]]\ntarget = "json:dumps"\n')
    result = run("check", "-c", str(contract), "--snapshot", str(snap))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "satisfied: 0 met, 0 unmet, 0 unknown, 1 not checked"


def test_diff_help_promises_no_default_contract() -> None:
    help_text = " ".join(run("diff", "--help").stdout.split())
    assert "--contract NAME|PATH" in help_text
    assert ("mark the changes that break this contract (bundled name or .toml path) and exit 1 if any does; "
            "without it, changes are only listed") in help_text
    assert "default: $AUTOGLM_CONTRACT" not in help_text


def test_diff_without_contract_judges_nothing_even_with_the_variable_set(tmp_path: Path) -> None:
    env_run = subprocess.run(
        [sys.executable, "-m", "pytest_autoglm_compat", "diff", str(DATA / "snapshot-autogptq.json"),
         str(DATA / "snapshot-autogptq-newpeft.json")],
        capture_output=True, text=True, timeout=300, check=False,
        env={**__import__("os").environ, "AUTOGLM_CONTRACT": "stable"})
    assert env_run.returncode == 0
    assert "BREAKS" not in env_run.stdout


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "abc"])
def test_command_timeouts_must_be_finite_and_positive(value: str) -> None:
    result = run("probe", f"--timeout={value}")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"autoglm-compat probe: error: argument --timeout: invalid timeout "
                                          f"{value!r}; expected a finite number of seconds > 0, such as 120 or 2.5 "
                                          "(see autoglm-compat probe --help)"]


def _contract_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text('format = 1\nname = "c"\n' + body)
    return path


def test_constraints_intersect_a_core_bound_with_a_sections(tmp_path: Path) -> None:
    path = _contract_file(tmp_path, '[packages]\ntorch = ">=2.0"\ntransformers = ">=4.40"\n'
                                    '[sections.gptq.packages]\ntorch = "<2.6"\ntransformers = ">=4.40"\n'
                                    '[sections.new.packages]\ntorch = ">=2.4"\n')
    result = run("constraints", str(path))
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if not line.startswith("#")] == [
        "torch>=2.0,>=2.4,<2.6", "transformers>=4.40"]
    only_gptq = run("constraints", str(path), "--section", "gptq").stdout.splitlines()
    assert "torch>=2.0,<2.6" in only_gptq


def test_constraints_that_no_version_meets_are_an_error_naming_both(tmp_path: Path) -> None:
    path = _contract_file(tmp_path, '[packages]\ntorch = ">=2.4"\n[sections.old.packages]\ntorch = "==2.0.1"\n')
    result = run("constraints", str(path))
    assert result.returncode == 2
    assert result.stderr == (f"autoglm-compat: error: Invalid contract {path}: packages.torch: no version satisfies "
                             f">=2.4 ({path}: packages.torch) and ==2.0.1 ({path}: sections.old.packages.torch)\n")


def test_constraints_keep_bounds_under_different_markers_apart(tmp_path: Path) -> None:
    path = _contract_file(tmp_path, '[packages.torch]\nspec = ">=2.0"\n'
                                    '[sections.mac.packages.torch]\nspec = "<2.3"\nmarker = "sys_platform == \'darwin\'"\n')
    lines = run("constraints", str(path)).stdout.splitlines()
    assert lines[-2:] == ["torch>=2.0", 'torch<2.3; sys_platform == "darwin"']


def _requirements(contract: contract_mod.Contract) -> list[tuple[str, list[str]]]:
    """Everything but where each requirement was declared."""
    def plain(reqset: object) -> list[str]:
        out = []
        for r in reqset.items(needs_cuda=True):  # type: ignore[attr-defined]
            meta = r.meta
            out.append(repr(r).replace(repr(meta), repr((meta.reason, meta.fix, meta.source, meta.verified))))
        return sorted(out)
    return [("core", plain(contract.core))] + [(n, plain(s)) for n, s in sorted(contract.sections.items())] + [
        ("descriptions", sorted(contract.section_descriptions.items()))]  # type: ignore[list-item]


@pytest.mark.parametrize("name", [*contract_mod.bundled_names(), "odd"])
def test_contracts_show_round_trips(tmp_path: Path, name: str) -> None:
    """show -> load gives the same contract, for every bundled one and one with every odd value."""
    if name == "odd":
        name = str(_contract_file(tmp_path, 'description = "all the corners"\n'
                                            '[python]\nspec = ""\n'
                                            '[packages]\nanything = ""\nTorch_Nightly = { spec = ">=2", optional = true }\n'
                                            'auto-gptq = { absent = true, reason = "quote \\" and \\\\ backslash" }\n'
                                            '[packages.win]\nspec = "==1.0"\nmarker = "os_name == \'nt\'"\nverified = false\n'
                                            '[cuda]\nmemory = "1.5GiB"\ndevices = 2\ncapability = "8.0"\n'
                                            '[[api]]\ntarget = "m:X"\nequals = 1.5\n[[api]]\ntarget = "m:Y"\nversion = ""\n'
                                            '[[api]]\ntarget = "m:Z"\nfields = ["a", "b"]\nwhen = "cuda"\n'
                                            '[[extension]]\nmodule = "k"\nwhen = "always"\n'
                                            '[sections.s]\ndescription = "ünïcode"\n[sections.s.packages]\nx = ""\n'))
    out = tmp_path / "shown.toml"
    shown = run("contracts", "show", name, "-o", str(out))
    assert shown.returncode == 0, shown.stderr
    original, again = contract_mod.load(name), contract_mod.load(str(out))
    assert _requirements(again) == _requirements(original)
    assert (again.name, again.description) == (original.name, original.description)
    twice = tmp_path / "twice.toml"
    assert run("contracts", "show", str(out), "-o", str(twice)).returncode == 0
    def content(path: Path) -> list[str]:  # comments name the file each entry came from
        return [line for line in path.read_text().splitlines() if not line.startswith("#")]

    assert content(twice) == content(out)


FOREIGN_LOG = """\
torch 2.0.1+cu117
2023-12-20 13:39:58 | ERROR | stderr | /venv/lib/python3.10/site-packages/torch/cuda/__init__.py:107: \
UserWarning: CUDA initialization: The NVIDIA driver on your system is too old (found version 11060).
2023-12-20 13:39:59 | ERROR | stderr | OSError: libcudart.so.12: cannot open shared object file: No such file or directory
"""


def test_explain_a_foreign_log_by_what_the_log_shows_not_this_machine() -> None:
    result = run("explain", stdin=FOREIGN_LOG)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("UserWarning: CUDA initialization: The NVIDIA driver on your system is too old "
                        "(found version 11060).")
    assert lines[5] == "  seen in the log: torch 2.0.1+cu117, driver CUDA 11.6 (found version 11060)"
    assert lines[7] == "OSError: libcudart.so.12: cannot open shared object file: No such file or directory"
    assert lines[8] == ("  cause: the extension was built for CUDA 12 (it links libcudart.so.12); the log shows: "
                        "torch 2.0.1+cu117 (CUDA 11.7)")
    assert "installed" not in result.stdout
    bare = run("explain", stdin="ImportError: libc10_cuda.so: undefined symbol: _ZN3c104cuda9SetDeviceEi\n")
    assert bare.stdout.splitlines()[1] == ("  cause: ABI mismatch: the extension was compiled against a different "
                                           "torch than the torch that imports it (missing symbol "
                                           "_ZN3c104cuda9SetDeviceEi)")


def test_a_not_checked_api_does_not_hide_the_package_verdict_of_the_same_subject(tmp_path: Path) -> None:
    contract = tmp_path / "c.toml"
    contract.write_text('name = "c"\n[packages.transformers]\nspec = "<5"\n[[api]]\ntarget = "transformers"\n')
    result = run("check", "-c", str(contract), "--snapshot", str(DATA / "snapshot-current.json"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "UNMET transformers: found 5.24.0, required transformers<5" in lines
    assert "not checked (1 API/extension checks need a live environment): transformers" in lines


def test_a_torch_range_in_a_requirement_file_leaves_its_cuda_build_unknown_not_missing() -> None:
    real = DATA / "real" / "requirements" / "chatglm3-2023-12-17.txt"
    result = run("check", "-c", "stable", "--offline", "--requirements", str(real))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (f"UNKNOWN CUDA runtime of torch: found unknown (build not known from the file: torch>=2.1.0 ({real}:4)), "
            "required >=11.8") in lines
    assert (f"  fix: pin torch to a CUDA build on {real}:4: pip install 'torch>=2.2,<2.3' 'numpy<2' --index-url "
            "https://download.pytorch.org/whl/cu121") in lines
    assert "torch not installed" not in result.stdout
