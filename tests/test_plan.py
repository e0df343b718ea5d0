"""`autoglm-compat plan`: the torch build a contract needs, resolver outputs in contract terms, usage errors.

The resolver outputs are real: tests/data/real/resolver/*.txt are what pip and uv printed on this
project's machine for the bundled contracts and the user files next to them (record.py re-records them).
Runs of the real resolvers are in tests/integration/test_plan_resolver.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pytest_autoglm_compat import cli
from pytest_autoglm_compat.cli.common import EXIT_USAGE
from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model import export, torch_index
from pytest_autoglm_compat.model.contract import ContractError
from pytest_autoglm_compat.model.requirements import CudaRequirement, ExtensionRequirement, Meta, Origin
from pytest_autoglm_compat.tools import pip_config
from pytest_autoglm_compat.tools.plan import conflicts, make, resolvers

RESOLVER = Path(__file__).parent / "data" / "real" / "resolver"
META = Meta(Origin("x"))
LINUX = {"sys_platform": "linux", "python_version": "3.11", "python_full_version": "3.11.7"}
DARWIN = {**LINUX, "sys_platform": "darwin"}


# --------------------------------------------------------------------------- one torch build


@pytest.mark.parametrize(
    ("name", "sections", "tag", "reasons"),
    [
        ("stable", None, "cu121", ("[cuda] runtime >=11.8", "autogptq_cuda_64, autogptq_cuda_256 built for CUDA 12",
                                   "autogptq_cuda_64, autogptq_cuda_256 built against torch 2.2")),
        ("stable", ["chatglm"], "cu130", ("[cuda] runtime >=11.8",)),
        ("legacy", None, "cu118", ("[cuda] runtime ==11.8",)),
        ("latest", None, None, None),
    ],
)
def test_the_torch_index_of_each_bundled_contract(name: str, sections: list[str] | None, tag: str | None,
                                                  reasons: tuple[str, ...] | None) -> None:
    index = torch_index.contract_torch_index(contract_mod.load(name), sections)
    if reasons is None:
        assert index is None or index.tag == tag
        return
    assert index is not None
    assert (index.tag, index.reasons, index.conflict) == (tag, reasons, None)


def test_the_driver_narrows_the_torch_index() -> None:
    cuda = CudaRequirement(META, runtime=SpecifierSet(">=11.8"))
    index = torch_index.torch_index(cuda, [], driver="470.42.01")
    assert index is not None
    assert (index.tag, index.fix) == ("cu118", "pip install torch --index-url https://download.pytorch.org/whl/cu118")


def test_extensions_built_for_two_cuda_majors_have_no_torch_build() -> None:
    exts = [ExtensionRequirement(META, "a", built_for_cuda="11"), ExtensionRequirement(META, "b", built_for_cuda="12")]
    index = torch_index.torch_index(None, exts)
    assert index is not None
    assert index.fix == ("no single torch build fits: the compiled extensions were built for different CUDA majors "
                         "(a built for CUDA 11; b built for CUDA 12)")


def test_built_for_cuda_is_validated_and_written_back(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nname = "bad"\n[[extension]]\nmodule = "k"\nbuilt_for_cuda = "twelve"\n')
    with pytest.raises(ContractError) as info:
        contract_mod.load(str(bad))
    assert str(info.value).endswith("extension[0].built_for_cuda: expected a CUDA major version such as \"12\", "
                                    "got 'twelve'")
    shown = export.contract_toml(contract_mod.load("stable"))
    assert shown.count('built_for_cuda = "12"') == 2
    again = tmp_path / "again.toml"
    again.write_text(shown)
    assert [e.built_for_cuda for e in contract_mod.load(str(again)).sections["gptq"].extensions] == ["12", "12"]


# --------------------------------------------------------------------------- resolver outputs in contract terms

CASES = {
    "glm4-transformers5": ("stable", ["chatglm", "gptq"], {
        "both": ["transformers: contract stable requires transformers>=4.46.0,<5 [contracts/stable.toml: "
                 "packages.transformers]; glm4-transformers5.in:2 asks transformers>=5.0"],
    }),
    "old-peft": ("stable", ["gptq"], {
        "both": ["peft: contract stable requires peft>=0.5.0,!=0.18.0,<0.19 [contracts/stable.toml: sections.gptq.packages.peft]; "
                 "old-peft.in:1 asks peft==0.4.0"],
    }),
    "old-tokenizers": ("legacy", [], {
        "pip": ["tokenizers: contract legacy requires transformers==4.35.2 [contracts/legacy.toml: "
                "packages.transformers], and transformers 4.35.2 depends on tokenizers>=0.14,<0.19; "
                "old-tokenizers.in:1 asks tokenizers==0.13.3"],
        "uv": ["tokenizers: contract legacy requires transformers==4.35.2 [contracts/legacy.toml: "
               "packages.transformers], and transformers==4.35.2 depends on tokenizers>=0.14,<0.19; "
               "old-tokenizers.in:1 asks tokenizers==0.13.3"],
    }),
    "torch21": ("legacy", [], {
        "pip": ["torch: contract legacy requires torch==2.0.1 [contracts/legacy.toml: packages.torch]; torch21.in:1 "
                "asks torch>=2.1; a constraint (your pip configuration has /etc/xdg/pip/constraints.txt) asks "
                "torch<=2.14.1"],
        "uv": ["torch: contract legacy requires torch==2.0.1 [contracts/legacy.toml: packages.torch]; torch21.in:1 "
               "asks torch>=2.1"],
    }),
    "glm4-torch24": ("stable", ["gptq"], {  # GLM-4 basic_demo's torch>=2.4.0 against auto-gptq's torch 2.2 line
        "pip": ["torch: contract stable requires torch>=2.0 [contracts/stable.toml: packages.torch]; contract stable "
                "requires torch>=2.2,<2.3 (autogptq_cuda_64, autogptq_cuda_256 built against torch 2.2) "
                "[contracts/stable.toml: sections.gptq.extension[autogptq_cuda_64]]; glm4-torch24.in:1 asks "
                "torch>=2.4.0; a constraint (your pip configuration has /etc/xdg/pip/constraints.txt) asks torch<=2.14.1"],
        "uv": ["torch: contract stable requires torch>=2.2,<2.3 (autogptq_cuda_64, autogptq_cuda_256 built against "
               "torch 2.2) [contracts/stable.toml: sections.gptq.extension[autogptq_cuda_64]]; glm4-torch24.in:1 "
               "asks torch>=2.4.0"],
    }),
    "no-such-peft": ("stable", [], {
        "both": ["peft: contract stable does not bound peft; no-such-peft.in:1 asks peft==99.0; no release of peft "
                 "on the configured indexes matches peft==99.0"],
    }),
}


@pytest.mark.parametrize("resolver", ["pip", "uv"])
@pytest.mark.parametrize("case", list(CASES))
def test_real_resolver_conflicts_name_the_contract_requirement_and_the_user_line(
    case: str, resolver: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, sections, expected = CASES[case]
    monkeypatch.chdir(RESOLVER)
    contract = contract_mod.load(name)
    sides = make.sides_for(contract, sections, make.read_requirement_lines(f"{case}.in", LINUX),
                           ("/etc/xdg/pip/constraints.txt",))
    output = (RESOLVER / f"{case}.{resolver}.txt").read_text(encoding="utf-8")
    parse = conflicts.conflicts_from_pip if resolver == "pip" else conflicts.conflicts_from_uv
    assert [c.line for c in parse(output, sides)] == expected.get(resolver, expected.get("both"))


@pytest.mark.parametrize("resolver", ["pip", "uv"])
def test_a_conflict_names_the_line_of_an_included_file_and_not_one_for_another_platform(
    resolver: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The recorded old-peft conflict, with the user's peft pin moved into a file the user's file ``-r``-includes.

    The resolver reads includes itself and does not say which file asked; plan must follow the ``-r``
    to name that line, and skip a line whose marker is false on the platform resolved for.
    """
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "base.in").write_text("# shared pins\npeft==0.4.0\n", encoding="utf-8")
    (tmp_path / "app.in").write_text('peft==0.4.0 ; sys_platform == "win32"\n-r sub/base.in\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    contract = contract_mod.load("stable")
    sides = conflicts.Sides(contract, make.contract_packages_by_name(contract, ["gptq"]),
                       make.read_requirement_lines("app.in", LINUX))
    output = (RESOLVER / f"old-peft.{resolver}.txt").read_text(encoding="utf-8")
    parse = conflicts.conflicts_from_pip if resolver == "pip" else conflicts.conflicts_from_uv
    assert [c.line for c in parse(output, sides)] == [
        "peft: contract stable requires peft>=0.5.0,!=0.18.0,<0.19 [contracts/stable.toml: sections.gptq.packages.peft]; "
        "sub/base.in:2 asks peft==0.4.0"]


def test_requirement_lines_skip_options_comments_urls_and_other_platforms(tmp_path: Path) -> None:
    req = tmp_path / "requirements.txt"
    req.write_text("# GLM-4\n--extra-index-url https://example.org/simple\n-e .\ntransformers>=4.46 \\\n"
                   "  ,<5  # pinned below 5\n\ntorch>=2.0; sys_platform == 'linux'\n./local/wheel.whl\n")
    lines = make.read_requirement_lines(str(req), LINUX)
    assert [(line.where, line.text) for line in lines] == [
        (f"{req}:4", "transformers>=4.46    ,<5"), (f"{req}:7", "torch>=2.0; sys_platform == 'linux'")]
    assert [line.where for line in make.read_requirement_lines(str(req), DARWIN)] == [f"{req}:4"]


def test_the_marker_environment_is_the_one_of_the_python_resolved_for(tmp_path: Path) -> None:
    here = make.marker_environment(sys.executable)
    assert here["python_full_version"] == ".".join(map(str, sys.version_info[:3]))
    other = tmp_path / "python"  # another interpreter on this machine, reporting another version
    other.write_text("#!/bin/sh\necho 3.8.18\n", encoding="utf-8")
    other.chmod(0o755)
    there = make.marker_environment(str(other))
    assert (there["python_version"], there["python_full_version"]) == ("3.8", "3.8.18")
    assert {k: v for k, v in there.items() if not k.startswith("python_")} == \
        {k: v for k, v in here.items() if not k.startswith("python_")}


# --------------------------------------------------------------------------- the user's pip configuration


def test_pip_configuration_is_read_from_pip_and_translated_for_uv() -> None:
    env = {"PATH": os.environ["PATH"], "PIP_CONFIG_FILE": os.devnull,
           "PIP_EXTRA_INDEX_URL": "file:///opt/a/simple file:///opt/b/simple", "PIP_FIND_LINKS": "/opt/wheels",
           "PIP_CONSTRAINT": "/etc/c.txt", "PIP_INDEX_URL": "https://mirror.example/simple"}
    config = pip_config.read_pip_config(sys.executable, env)
    assert config == pip_config.PipConfig("https://mirror.example/simple",
                                          ("file:///opt/a/simple", "file:///opt/b/simple"), ("/opt/wheels",),
                                          ("/etc/c.txt",))
    assert pip_config.uv_flags(config) == [
        "--index-url", "https://mirror.example/simple",
        "--extra-index-url", "file:///opt/a/simple", "--extra-index-url", "file:///opt/b/simple",
        "--find-links", "/opt/wheels", "--constraint", "/etc/c.txt", "--index-strategy", "unsafe-best-match"]
    only_binary = pip_config.read_pip_config(sys.executable, {**env, "PIP_ONLY_BINARY": ":all:"})
    assert only_binary.untranslated == ("only-binary",)


def test_plan_and_bisect_hand_uv_one_translation() -> None:
    """No index-url: uv is told PyPI, as pip would use (uv's own UV_INDEX_URL or uv.toml do not decide);
    trusted-host is uv's --allow-insecure-host; pip's cert is the bundle uv verifies with."""
    config = pip_config.PipConfig.from_items({"global.trusted-host": "mirror.example other.example:8443",
                                              "global.cert": "/etc/pip-ca.pem"})
    assert (config.trusted_hosts, config.untranslated) == (("mirror.example", "other.example:8443"), ())
    assert pip_config.uv_flags(config) == [
        "--index-url", "https://pypi.org/simple", "--allow-insecure-host", "mirror.example",
        "--allow-insecure-host", "other.example:8443", "--index-strategy", "unsafe-best-match"]
    assert pip_config.uv_env(config, {"SSL_CERT_FILE": "/etc/other.pem", "HOME": "/h"}) == {
        "SSL_CERT_FILE": "/etc/pip-ca.pem", "HOME": "/h"}
    assert pip_config.uv_env(pip_config.PipConfig(), {"SSL_CERT_FILE": "/etc/other.pem"}) == {
        "SSL_CERT_FILE": "/etc/other.pem"}


# --------------------------------------------------------------------------- usage errors: exit 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-c", "stabel"], "autoglm-compat: error: Invalid contract 'stabel': no bundled contract of that name*"),
        (["-c", "stable", "--section", "gtpq"],
         "autoglm-compat: error: contract stable has no section 'gtpq'*; sections: chatglm, chatglm-int4, gptq"),
        (["-c", "stable", "-r", "missing.txt"], "autoglm-compat: error: cannot read missing.txt: No such file or directory"),
        (["-c", "stable", "--resolver", "fast"], "*argument --resolver: invalid choice: 'fast'*"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = cli.main(["plan", *argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert any(fnmatch(line, message) for line in err.splitlines()), err


def test_no_resolver_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An interpreter without pip, and no uv on PATH: nothing can resolve."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "bare")], check=True)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setattr(resolvers, "find_uv", lambda: None)
    bare = str(tmp_path / "bare" / "bin" / "python")
    assert cli.main(["plan", "-c", "stable", "--python", bare]) == EXIT_USAGE
    assert capsys.readouterr().err == (
        f"autoglm-compat: error: no resolver: {bare} -m pip does not run and uv is not installed; install pip into "
        "that interpreter (python -m ensurepip) or uv (pip install uv)\n")


@pytest.mark.parametrize(("alternatives", "expected"), [
    (["peft>=0.5.0,<0.18.0", "peft>0.18.0,<0.19"], "peft>=0.5.0,!=0.18.0,<0.19"),  # old-peft.uv.txt
    (["torch>=2.0,<2.1.0", "torch>2.1.0,<2.1.2", "torch>2.1.2"], "torch>=2.0,!=2.1.0,!=2.1.2"),
    (["peft>=0.5.0,<0.18.0", "peft>=0.18.1,<0.19"], None),  # a gap that no single != says
    (["peft<0.18.0", "accelerate>0.18.0"], None),
])
def test_uv_unions_of_ranges_are_read_back_as_the_specifier_they_came_from(alternatives: list[str],
                                                                           expected: str | None) -> None:
    assert conflicts._union_as_specifier(alternatives) == expected


def _hanging_pip(tmp_path: Path, started: Path) -> Path:
    """An interpreter whose pip never answers an install (a stalled index): everything else is the real one."""
    fake = tmp_path / "python"
    fake.write_text(f'#!/bin/sh\nif [ "$1 $2 $3" = "-m pip install" ]; then\n'
                    f'  echo $$ > {started}\n  exec sleep 600\nfi\nexec {sys.executable} "$@"\n')
    fake.chmod(0o755)
    return fake


def test_a_resolver_that_never_answers_is_ended_after_the_timeout(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    started = tmp_path / "pid"
    fake = _hanging_pip(tmp_path, started)
    assert cli.main(["plan", "-c", "stable", "--python", str(fake), "--resolver", "pip", "--timeout", "3"]) == EXIT_USAGE
    assert capsys.readouterr().err.splitlines()[-1] == (
        "autoglm-compat: error: pip did not finish in 3 s; ended it (plan --timeout SECONDS to wait longer)")
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)


def test_sigterm_ends_plan_with_its_resolver_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    import signal
    import time

    started = tmp_path / "pid"
    fake = _hanging_pip(tmp_path, started)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "pytest_autoglm_compat", "plan", "-c", "stable", "--python", str(fake),
                             "--resolver", "pip"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmp)})
    deadline = time.monotonic() + 120
    while not started.exists() or not started.read_text().strip():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert any(p.name.startswith("autoglm-plan-") for p in tmp.iterdir())
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err.splitlines()[-1] == "autoglm-compat: terminated"
    assert list(tmp.iterdir()) == []
    assert _ended(int(started.read_text())), "the resolver outlived plan"


def _ended(pid: int, within: float = 10.0) -> bool:
    """Whether a process is gone, or dead and waiting for its reaping: a grandchild killed with plan's process group is
    reaped by init, which on a loaded machine (or in a container whose init reaps late) takes a while (a fresh-clone
    run of session 23 saw it alive for an instant)."""
    import time

    deadline = time.monotonic() + within
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            state = ""
        if state in ("Z", "X"):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def test_the_install_command_quotes_the_plan_file() -> None:
    plan = make.Plan(contract_mod.load("base"), [], [], make.Outcome("uv 0.13.9", [resolvers.Pin("packaging", "24.0")]),
                     None)
    assert plan.command("my plans/plan's.txt") == "pip install -r 'my plans/plan'\"'\"'s.txt'"
    assert plan.command("plan.txt") == "pip install -r plan.txt"


@pytest.mark.parametrize("resolver", ["uv", "pip"])
def test_torch_at_a_url_in_the_users_file_is_kept_as_asked(tmp_path: Path, resolver: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """With a CUDA contract this ended in Version('') (exit 3); with pip the user's URL was replaced."""
    from packaging.tags import sys_tags
    from packaging.utils import parse_wheel_filename

    here = set(sys_tags())
    wheels = [w for w in sorted(Path("/opt/wheels").glob("torch-2.13.0+cpu-*.whl")) if Path("/opt/wheels").is_dir()
              and parse_wheel_filename(w.name)[3] & here]
    if not wheels:
        pytest.skip("no local torch wheel for this interpreter in /opt/wheels (this machine kind's find-links: "
                    "CPython 3.11)")
    url = wheels[0].as_uri()
    (tmp_path / "req.txt").write_text(f"torch @ {url}\n")
    assert cli.main(["plan", "-c", "stable", "--section", "chatglm", "-r", str(tmp_path / "req.txt"),
                     "--resolver", resolver]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"torch @ {url}" in lines
    assert "# torch: the one your file names by URL, kept as it is (the contract's build is not chosen)" in lines
    assert not any(line.startswith("torch==") for line in lines)


def test_plan_and_constraints_merge_a_core_bound_and_a_platform_only_cap_by_one_rule(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A section's Windows-only cap took the core's unconditional requirement with it: on Linux the plan
    was empty (exit 0). Bounds are joined per environment marker, never across."""
    contract = tmp_path / "c.toml"
    contract.write_text('format = 1\nname = "c"\n[packages.packaging]\nspec = ">=20"\n'
                        '[sections.win.packages.packaging]\nspec = "<24"\nmarker = "sys_platform == \'win32\'"\n')
    loaded = contract_mod.load(str(contract))
    assert make.contract_lines(loaded, ["win"]) == ["packaging>=20", "packaging<24 ; sys_platform == \"win32\""]
    assert export.constraints(loaded, ["win"]).splitlines()[-2:] == [
        "packaging>=20", "packaging<24; sys_platform == \"win32\""]
    assert cli.main(["plan", "-c", str(contract), "--section", "win"]) == 0
    pins = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert len(pins) == 1
    name, _, version = pins[0].partition("==")
    assert name == "packaging"
    assert Version(version) >= Version("24")  # the newest: the Windows cap does not apply here
