"""Bad input gets a clear error, never a traceback: a corpus of broken contracts, markers and options.

Every contract case is tried three ways: the loader (the project's own error type),
the plugin (pytest usage error, exit 4) and the command (``contracts lint``, exit 2),
each naming the file, the key and what was expected.
"""

from __future__ import annotations

import os
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model import contract_format
from pytest_autoglm_compat.plugin import markers

hypothesis = pytest.importorskip("hypothesis")
tomli_w = pytest.importorskip("tomli_w")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

H = 'format = 1\nname = "bad"\n'
DEEP = 100_000

#: file name -> (content, what the message must say after "Invalid contract <file>")
CONTRACTS: dict[str, tuple[str | bytes, str]] = {
    "unterminated-string": ('format = 1\nname = "bad\n', "not valid TOML: Illegal character '\\n' (at line 2, column 12)"),
    "unclosed-table": (H + "[packages\n", "not valid TOML: Expected ']' at the end of a table declaration (at line 3, column 10)"),
    "duplicate-key": (H + 'name = "again"\n', "not valid TOML: Cannot overwrite a value (at line 3, column 15)"),
    "empty-file": ("", "name: required key is missing (a short name such as 'stable')"),
    "only-comments": ("# nothing here\n", "name: required key is missing (a short name such as 'stable')"),
    "invalid-utf8": (b'format = 1\nname = "\xff\xfe"\n', "is not UTF-8 text (byte 19); expected TOML"),
    "binary": (b"\x00\x01\x02\x03", "contains NUL bytes; expected a TOML text file"),
    "utf16": ("format = 1\n".encode("utf-16"), "is not UTF-8 text (byte 0); expected TOML"),
    "format-2": ('format = 2\nname = "bad"\n', "format: expected 1, got 2"),
    "format-string": ('format = "1"\nname = "bad"\n', "format: expected 1, got '1'"),
    "name-int": ("format = 1\nname = 3\n", "name: expected a non-empty string, got 3"),
    "description-list": (H + "description = []\n", "description: expected a string, got []"),
    "packages-string": (H + 'packages = "torch"\n', "packages: expected a table of package names, got 'torch'"),
    "package-int": (H + "packages.torch = 2\n", "packages.torch: expected a specifier string or a table, got 2"),
    "package-bad-spec": (H + '[packages.torch]\nspec = ">>2"\n',
                         "packages.torch.spec: expected a PEP 440 version specifier such as '>=4.38,<5', got '>>2'"),
    "package-impossible": (H + '[packages.torch]\nspec = ">=3,<2"\n',
                           "packages.torch.spec: the specifier '>=3,<2' can never be satisfied"),
    "package-bad-name": (H + '[packages."not a name!"]\nspec = ">=1"\n',
                         "packages.not a name!: 'not a name!' is not a valid distribution name"),
    "package-bad-marker": (H + '[packages.torch]\nspec = ">=2"\nmarker = "python_version >> \'3\'"\n',
                           "packages.torch.marker: expected a PEP 508 environment marker such as \"sys_platform == "
                           "'linux'\", got \"python_version >> '3'\""),
    "package-optional-string": (H + '[packages.torch]\nspec = ">=2"\noptional = "yes"\n',
                                "packages.torch.optional: expected true or false, got 'yes'"),
    "package-typo-key": (H + '[packages.torch]\nspce = ">=2"\n',
                         "packages.torch.spce: unknown key (did you mean 'spec'?); expected one of absent, fix, "
                         "marker, optional, reason, source, spec, verified"),
    "package-absent-with-spec": (H + '[packages.torch]\nspec = ">=2"\nabsent = true\n',
                                 "packages.torch: 'absent = true' cannot be combined with 'spec' or 'optional'"),
    "package-twice-normalized": (H + '[packages.Torch]\nspec = ">=2"\n[packages.torch]\nspec = "<2"\n',
                                 "packages.torch: the same distribution as packages.Torch (names are compared "
                                 "normalised); declare it once"),
    "python-float": (H + "python = 3.9\n", "python: expected a specifier string or a table with 'spec', got 3.9"),
    "python-impossible": (H + 'python = ">=3.9,<3.8"\n', "python.spec: the specifier '>=3.9,<3.8' can never be satisfied"),
    "cuda-string": (H + 'cuda = "11.8"\n', "cuda: expected a table, got '11.8'"),
    "cuda-runtime-float": (H + "[cuda]\nruntime = 11.8\n",
                           "cuda.runtime: expected a string such as '11.8' or '>=11.8,<99', got float 11.8"),
    "cuda-memory-words": (H + '[cuda]\nmemory = "24 GB of ram"\n',
                          "cuda.memory: expected a size such as '24GiB' or '80GB', got '24 GB of ram'"),
    "cuda-memory-unit": (H + '[cuda]\nmemory = "24XB"\n', "cuda.memory: expected a size such as '24GiB' or '80GB', got '24XB'"),
    "cuda-devices-zero": (H + "[cuda]\ndevices = 0\n", "cuda.devices: expected a whole number of devices >= 1, got 0"),
    "cuda-devices-string": (H + '[cuda]\ndevices = "two"\n', "cuda.devices: expected a whole number of devices >= 1, got 'two'"),
    "cuda-capability-sm": (H + '[cuda]\ncapability = "sm_90"\n',
                           "cuda.capability: expected a PEP 440 version specifier such as '>=8.0', got 'sm_90'"),
    "cuda-driver-bad": (H + '[cuda]\ndriver = ">=abc"\n',
                        "cuda.driver: expected a PEP 440 version specifier such as '>=535.54.03', got '>=abc'"),
    "cuda-typo": (H + '[cuda]\nmemroy = "1GiB"\n',
                  "cuda.memroy: unknown key (did you mean 'memory'?); expected one of capability, devices, driver, "
                  "fix, memory, reason, runtime, source, verified"),
    "api-double-colon": (H + '[[api]]\ntarget = "transformers::X"\n',
                         "api[0].target: expected a target 'module:qualname' such as "
                         "'transformers:GlmForCausalLM._tied_weights_keys', got 'transformers::X'"),
    "api-no-target": (H + '[[api]]\nkind = "class"\n',
                      "api[0].target: expected a target 'module:qualname' such as "
                      "'transformers:GlmForCausalLM._tied_weights_keys', got NoneType None"),
    "api-kind-typo": (H + '[[api]]\ntarget = "json:dumps"\nkind = "klass"\n',
                      "api[0].kind: expected one of None, bool, callable, class, dict, function, int, list, module, "
                      "property, str, tuple, got 'klass' (did you mean 'class'?)"),
    "api-fields-string": (H + '[[api]]\ntarget = "json:dumps"\nfields = "bits"\n',
                          "api[0].fields: expected a list of field names, got str 'bits'"),
    "api-absent-and-kind": (H + '[[api]]\ntarget = "json:dumps"\nkind = "function"\nabsent = true\n',
                            "api[0].absent: 'absent' cannot be combined with kind"),
    "api-contradiction": (H + '[[api]]\ntarget = "json:dumps"\nkind = "function"\n'
                          '[[api]]\ntarget = "json:dumps"\nkind = "class"\n',
                          "api[1]: json:dumps is already declared in api[0]; declare each target once with all its checks"),
    "api-version-bad": (H + '[[api]]\ntarget = "auto_gptq:__version__"\nversion = "new"\n',
                        "api[0].version: expected a PEP 440 version specifier such as '>=0.7', got 'new'"),
    "extension-colon": (H + '[[extension]]\nmodule = "a:b"\n',
                        "extension[0].module: expected a dotted module name such as 'autogptq_cuda_64', got 'a:b'"),
    "extension-when": (H + '[[extension]]\nmodule = "kernels"\nwhen = "sometimes"\n',
                       "extension[0].when: expected one of always, cuda, got 'sometimes'"),
    "extension-twice": (H + '[[extension]]\nmodule = "k"\n[[extension]]\nmodule = "k"\n',
                        "extension[1]: k is already declared in extension[0]; declare each module once"),
    "extends-unknown": (H + 'extends = "nope"\n',
                        "extends: 'nope': no bundled contract of that name; bundled contracts: base, latest, legacy, "
                        "stable; or give a path to a .toml file"),
    "extends-int": (H + "extends = 5\n", "extends: expected a bundled contract name or a path, got 5"),
    "extends-missing-file": (H + 'extends = "./parent.toml"\n', "extends: no contract at "),
    "extends-cycle": (H + 'extends = "./extends-cycle.toml"\n', "extends: cycle "),
    "section-int": (H + "sections.gptq = 3\n", "sections.gptq: expected a table, got 3"),
    "section-bad-name": (H + '[sections."bad name"]\n',
                         "sections.bad name: section names are letters, digits, '-' and '_' ('core' is reserved)"),
    "unknown-top-key": (H + '[packagse.torch]\nspec = ">=2"\n',
                        "packagse: unknown key (did you mean 'packages'?); expected one of api, consistency, cuda, "
                        "description, extends, extension, format, kernels, known_failures, name, packages, python, "
                        "sections, toolchain"),
    "reason-int": (H + '[packages.torch]\nspec = ">=2"\nreason = 5\n', "packages.torch.reason: expected a string, got 5"),
    "verified-string": (H + '[packages.torch]\nspec = ">=2"\nverified = "no"\n',
                        "packages.torch.verified: expected true or false, got 'no'"),
    # resource exhaustion: each would reach the TOML parser's recursion, Python's int limits or all memory
    "deep-arrays": (H + "a = " + "[" * DEEP + "]" * DEEP + "\n",
                    "line 3: nested deeper than 32 levels (arrays, tables or dotted keys)"),
    "deep-inline-tables": (H + "a = " + "{b = " * DEEP + "1" + "}" * DEEP + "\n",
                           "line 3: nested deeper than 32 levels (arrays, tables or dotted keys)"),
    "deep-unclosed-arrays": (H + "packages.torch = " + "[" * DEEP + "\n",
                             "line 3: nested deeper than 32 levels (arrays, tables or dotted keys)"),
    "long-dotted-key": (H + "a" + ".a" * DEEP + " = 1\n", "line 3: a key of more than 32 dotted parts"),
    "long-table-header": (H + "[[a" + ".a" * DEEP + "]]\n", "line 3: a key of more than 32 dotted parts"),
    "dotted-keys-in-inline-tables": (H + "a = " + "{b.c.d.e = " * 20 + "1" + "}" * 20 + "\n",
                                     "a" + ".b.c.d.e" * 8 + ": nested deeper than 32 levels (arrays, tables or "
                                     "dotted keys)"),
    "brackets-in-strings": (H + 'description = """' + "[{" * DEEP + '\\""" "[{"""\nreason = \'' + "[" * 100
                            + "'\n[packages.torch]\nspec = \"[[[\"\n", "packages.torch.spec: expected a PEP 440"),
    "integer-beyond-64-bits": (H + "[cuda]\ndevices = 0x" + "F" * 5000 + "\n",
                               "cuda.devices: integer out of range (TOML integers are 64-bit, -2**63 to 2**63-1)"),
    "integer-of-5000-digits": (H + "[cuda]\ndevices = 1" + "0" * 5000 + "\n",
                               "not valid TOML: an integer literal too long to read (TOML integers are 64-bit)"),
    "version-of-5000-digits": (H + "[packages.torch]\nspec = \">=1" + "0" * 5000 + "\"\n",
                               "packages.torch.spec: the version in '>=1000"),
    "memory-overflows-a-float": (H + '[cuda]\nmemory = "1' + "0" * 400 + 'GiB"\n',
                                 "cuda.memory: expected a size below 1 EiB, got '1000"),
    "over-1-MiB": (H + "#" * 2**20 + "\n",
                   "is larger than 1 MiB, the limit for a contract file; contracts are a few KiB"),
}

#: files made by the fixture rather than written from text -> what the message says
SPECIAL = {
    "a-directory": "is a directory; expected a contract .toml file",
    "sparse-300-MiB": "is larger than 1 MiB, the limit for a contract file; contracts are a few KiB",
    "symlink-loop": "cannot be read: Too many levels of symbolic links",
    "inside-a-file": "cannot be read: Not a directory",
    "extends-chain-of-40": "extends: more than 16 contracts in one chain (",
}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("corpus")
    for name, (content, _) in CONTRACTS.items():
        data = content if isinstance(content, bytes) else content.encode()
        (where / f"{name}.toml").write_bytes(data)
    (where / "a-directory.toml").mkdir()
    with (where / "sparse-300-MiB.toml").open("wb") as sparse:  # 300 MiB that take no disk
        sparse.truncate(300 * 2**20)
    (where / "symlink-loop.toml").symlink_to(where / "symlink-loop.toml")
    (where / "inside-a-file").write_text("x")
    chain = where / "chain"
    chain.mkdir()
    for i in range(40):
        (chain / f"c{i}.toml").write_text(f'format = 1\nname = "c{i}"\nextends = "./c{i + 1}.toml"\n')
    (chain / "c40.toml").write_text('format = 1\nname = "c40"\n')
    return where


def special_path(corpus_dir: Path, name: str) -> Path:
    odd = {"inside-a-file": "inside-a-file/x.toml", "extends-chain-of-40": "chain/c0.toml"}
    return corpus_dir / odd.get(name, f"{name}.toml")


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_odd_files_are_contract_errors_naming_the_file(pytester: pytest.Pytester, corpus_dir: Path, name: str) -> None:
    path = special_path(corpus_dir, name)
    with pytest.raises(contract_mod.ContractError) as info:
        contract_mod.load(str(path))
    assert SPECIAL[name] in str(info.value)
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    result = pytester.runpytest(f"--autoglm-contract={path}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert "ERROR: Invalid contract " in err
    assert SPECIAL[name] in err
    assert "Traceback" not in err + result.stdout.str()
    lint = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "contracts", "lint", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert lint.returncode == 2
    assert lint.stderr.startswith("Invalid contract ")
    assert SPECIAL[name] in lint.stderr


def test_a_long_extends_chain_names_every_file_up_to_the_limit(corpus_dir: Path) -> None:
    with pytest.raises(contract_mod.ContractError) as info:
        contract_mod.load(str(corpus_dir / "chain" / "c0.toml"))
    chain = " -> ".join(str(corpus_dir / "chain" / f"c{i}.toml") for i in range(17))
    assert str(info.value) == (f"Invalid contract {corpus_dir / 'chain' / 'c16.toml'}: extends: more than 16 "
                               f"contracts in one chain ({chain})")
    assert contract_mod.load(str(corpus_dir / "chain" / "c25.toml")).chain[-1].endswith("c40.toml")


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_loader_raises_only_its_own_error_naming_file_and_key(corpus_dir: Path, name: str) -> None:
    with pytest.raises(contract_mod.ContractError) as info:
        contract_mod.load(str(corpus_dir / f"{name}.toml"))
    message = str(info.value)
    assert message.startswith(f"Invalid contract {corpus_dir / name}.toml")
    assert CONTRACTS[name][1] in message


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_plugin_turns_each_into_a_usage_error(pytester: pytest.Pytester, corpus_dir: Path, name: str) -> None:
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    result = pytester.runpytest(f"--autoglm-contract={corpus_dir / name}.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert f"ERROR: Invalid contract {corpus_dir / name}.toml" in err
    assert CONTRACTS[name][1] in err
    assert "Traceback" not in err + result.stdout.str()


def test_command_lints_the_whole_corpus_with_the_same_messages(corpus_dir: Path) -> None:
    files = [str(corpus_dir / f"{name}.toml") for name in sorted(CONTRACTS)]
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "contracts", "lint", *files],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for name, (_, expected) in CONTRACTS.items():
        assert f"Invalid contract {corpus_dir / name}.toml" in result.stderr, name
        assert expected in result.stderr, name


@pytest.mark.parametrize(
    ("target", "expected"),
    [("a-directory.toml", "is a directory; expected a contract .toml file"), ("missing.toml", "no such file")],
)
def test_directory_or_missing_file_as_contract(corpus_dir: Path, target: str, expected: str) -> None:
    path = corpus_dir / target
    with pytest.raises(contract_mod.ContractError, match=expected):
        contract_mod.load(str(path))
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", str(path)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr == f"autoglm-compat: error: Invalid contract {path}: {expected}\n"


def test_a_named_pipe_as_contract_is_an_error_not_a_hang(tmp_path: Path, pytester: pytest.Pytester) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(contract_mod.ContractError, match=r"is a named pipe or socket; expected a contract \.toml file"):
        contract_mod.load(str(fifo))
    pytester.makepyfile(test_it="def test_x():\n    pass\n")
    result = pytester.runpytest_subprocess(f"--autoglm-contract={fifo}", timeout=60)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: Invalid contract {fifo}: is a named pipe or socket; expected a contract "
                                 ".toml file"])


#: marker call -> the collection error of that test alone
MARKERS = {
    "requires_cuda(11.8)": "requires_cuda(11.8): expected a string such as '11.8' or '>=11.8,<99', got float 11.8",
    'requires_cuda("11.8", "12.1")': ("requires_cuda() takes one positional argument (the CUDA runtime spec), got 2: "
                                      "'11.8', '12.1'; pass capability=, devices=, memory= by keyword"),
    'requires_cuda(devices="2")': "requires_cuda(devices='2'): expected a whole number of devices >= 1, got '2'",
    'requires_cuda(memory="lots")': "requires_cuda(memory='lots'): expected a size such as '24GiB' or '80GB', got 'lots'",
    'requires_cuda(capabilty="8.0")': "requires_cuda() got an unexpected keyword argument 'capabilty' (did you mean "
                                      "'capability'?)",
    "requires_package()": "requires_package() needs at least one PEP 508 requirement",
    'requires_package("torch>>2")': ("requires_package('torch>>2'): expected a PEP 508 requirement such as "
                                    "'transformers>=4.38,<5', got 'torch>>2' (*)"),
    'requires_package(["torch"])': ("requires_package([[]'torch'[]]): expected a PEP 508 requirement such as "
                                    "'transformers>=4.38,<5', got list [[]'torch'[]]"),
    'requires_package("torch", absent=3)': "requires_package(absent=3): expected a list of package names",
    "requires_api()": "requires_api() needs at least one 'module:qualname' target",
    "requires_api(3)": ("requires_api(3): expected a target 'module:qualname' such as "
                        "'transformers:GlmForCausalLM._tied_weights_keys', got int 3"),
    'requires_api("json:dumps", kind="fn")': "requires_api(kind='fn'): expected one of *, got 'fn'",
    'requires_api("json:dumps", fields="bits")': "requires_api(fields='bits'): expected a list of field names, got str 'bits'",
    "autoglm_contract(3)": "autoglm_contract(3): expected section names as strings",
}


def test_each_bad_marker_is_a_collection_error_of_its_own_test(pytester: pytest.Pytester) -> None:
    body = ["import pytest", ""]
    for i, marker in enumerate(MARKERS):
        body += [f"@pytest.mark.{marker}", f"def test_bad_{i}():", "    pass", ""]
    body += ["def test_good():", "    pass", ""]
    pytester.makepyfile(test_it="\n".join(body))
    result = pytester.runpytest("--continue-on-collection-errors")
    result.assert_outcomes(passed=1, errors=len(MARKERS))
    result.stdout.fnmatch_lines_random(
        [f"*Invalid marker on test_it.py::test_bad_{i}: {message}*" for i, message in enumerate(MARKERS.values())]
    )
    assert "Traceback" not in result.stdout.str()


OPTIONS = {
    "--autoglm-policy=sometimes": "ERROR: --autoglm-policy: invalid policy 'sometimes'; expected one of skip, fail, gate, warn",
    "--autoglm-scope=some": "ERROR: --autoglm-scope: invalid scope 'some'; expected one of marked, all",
    "--autoglm-timeout=-1": ("ERROR: --autoglm-timeout: invalid timeout '-1'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=abc": ("ERROR: --autoglm-timeout: invalid timeout 'abc'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=nan": ("ERROR: --autoglm-timeout: invalid timeout 'nan'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=inf": ("ERROR: --autoglm-timeout: invalid timeout 'inf'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=-inf": ("ERROR: --autoglm-timeout: invalid timeout '-inf'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=0": ("ERROR: --autoglm-timeout: invalid timeout '0'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=NaN": ("ERROR: --autoglm-timeout: invalid timeout 'NaN'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-timeout=1e999": ("ERROR: --autoglm-timeout: invalid timeout '1e999'; expected a finite number of seconds > 0, "
                              "such as 120 or 2.5"),
    "--autoglm-report=.": "ERROR: --autoglm-report: '.' is a directory; expected a file path for the JSON report",
    "--autoglm-report=no/such/dir/r.json": "ERROR: --autoglm-report: cannot write 'no/such/dir/r.json': directory * does not exist",
    "--autoglm-max-skipped=lots": "ERROR: --autoglm-max-skipped: invalid value 'lots'; expected a number of tests *",
    "--autoglm-snapshot=missing.json": "ERROR: --autoglm-snapshot: no snapshot file at 'missing.json'",
    "--autoglm-contract=stabel": "ERROR: Invalid contract 'stabel': no bundled contract of that name (did you mean 'stable'?)*",
}


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_bad_option_values_are_usage_errors(pytester: pytest.Pytester, option: str) -> None:
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    result = pytester.runpytest(option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([OPTIONS[option]])


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-5"])
def test_bad_timeout_in_the_ini_file_is_a_usage_error_naming_the_key(pytester: pytest.Pytester, value: str) -> None:
    pytester.makeini(f"[pytest]\nautoglm_timeout = {value}\n")
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.lines[0] == (f"ERROR: autoglm_timeout (ini): invalid timeout {value!r}; expected a finite "
                                      "number of seconds > 0, such as 120 or 2.5")


def test_report_path_whose_parent_is_a_file(pytester: pytest.Pytester) -> None:
    """Unwritable without relying on permissions (the CI user may be root)."""
    pytester.makefile(".txt", blocker="x")
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    result = pytester.runpytest("--autoglm-report=blocker.txt/r.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --autoglm-report: cannot write 'blocker.txt/r.json': directory * does not exist"])


def test_the_corpus_is_big_enough() -> None:
    assert len(CONTRACTS) + len(SPECIAL) + 1 + len(MARKERS) + len(OPTIONS) + 1 >= 40


# --------------------------------------------------------------------------- properties

KEYS = ["format", "name", "description", "extends", "python", "packages", "cuda", "api", "extension", "sections",
        "spec", "marker", "absent", "optional", "runtime", "capability", "devices", "memory", "driver", "target",
        "kind", "fields", "params", "module", "when", "reason", "fix", "source", "verified", "gptq", "torch",
        "subclass_of", "equals", "version"]
scalars = st.one_of(st.booleans(), st.integers(-3, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(string.printable, max_size=20), st.sampled_from([">=1", "==0.7.1", "11.8", "24GiB",
                                                                               "json:dumps", "cuda", "class"]))
keys = st.one_of(st.sampled_from(KEYS), st.text(string.ascii_letters + "-_.", min_size=1, max_size=8))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.dictionaries(keys, documents, max_size=8))
def test_any_toml_document_loads_or_raises_contract_error(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "generated.toml"
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return  # not expressible as TOML (a list of tables mixed with values, ...)
    path.write_text(text)
    try:
        contract_mod.load(str(path))
    except contract_mod.ContractError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_load_or_raise_contract_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bytes.toml"
    path.write_bytes(raw)
    try:
        contract_mod.load(str(path))
    except contract_mod.ContractError:
        pass


marker_values = st.recursive(scalars | st.none(), lambda inner: st.lists(inner, max_size=3) | st.tuples(inner),
                             max_leaves=6)


@settings(max_examples=500, deadline=None)
@given(which=st.sampled_from(["requires_cuda", "requires_package", "requires_api", "autoglm_contract"]),
       args=st.lists(marker_values, max_size=3),
       kwargs=st.dictionaries(st.sampled_from(["spec", "capability", "devices", "memory", "driver", "absent", "kind",
                                               "fields", "params", "subclass_of", "equals", "version", "other"]),
                              marker_values, max_size=3))
def test_any_marker_arguments_parse_or_raise_marker_error(which: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    parse = {
        "requires_cuda": lambda: markers.requires_cuda(args, kwargs, "t.py::t"),
        "requires_package": lambda: markers.requires_package(args, kwargs, "t.py::t"),
        "requires_api": lambda: markers.requires_api(args, kwargs, "t.py::t"),
        "autoglm_contract": lambda: markers.contract_sections(args, kwargs),
    }[which]
    try:
        parse()
    except markers.MarkerError:
        pass


#: every key the validator reads, as (table path, key); a value of any type is set there
KEY_PATHS = [((), k) for k in sorted(contract_format._TOP_KEYS)] + [
    (("sections", "gptq"), k) for k in sorted(contract_format._SECTION_KEYS)] + [
    (("packages", "torch"), k) for k in sorted(contract_format._PACKAGE_KEYS)] + [
    (("python",), k) for k in sorted(contract_format._PYTHON_KEYS)] + [
    (("cuda",), k) for k in sorted(contract_format._CUDA_KEYS)] + [
    (("api", 0), k) for k in sorted(contract_format._API_KEYS)] + [
    (("extension", 0), k) for k in sorted(contract_format._EXTENSION_KEYS)]
any_value = st.recursive(
    scalars | st.integers() | st.floats() | st.datetimes() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(KEY_PATHS), value=any_value)
def test_any_value_at_any_key_loads_or_raises_contract_error(tmp_path: Path, where: tuple[tuple[Any, ...], str],
                                                              value: Any) -> None:
    doc: dict[str, Any] = {"format": 1, "name": "t", "api": [{"target": "json:dumps"}],
                           "extension": [{"module": "k"}]}
    table: Any = doc
    for part in where[0]:
        table = table.setdefault(part, {}) if isinstance(part, str) else table[part]
    table[where[1]] = value
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return
    path = tmp_path / "typed.toml"
    path.write_text(text)
    try:
        contract_mod.load(str(path))
    except contract_mod.ContractError as exc:
        message = str(exc)
    else:
        return
    assert message.startswith(f"Invalid contract {path}")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(contract_mod.bundled_names()), at=st.floats(0, 1), cut=st.integers(0, 40),
       insert=st.binary(max_size=20) | st.sampled_from([b"[" * 5000, b"{a=" * 5000, b".a" * 5000, b"0x" + b"F" * 40]))
def test_a_damaged_bundled_contract_loads_or_raises_contract_error(tmp_path: Path, name: str, at: float, cut: int,
                                                                  insert: bytes) -> None:
    raw = (contract_mod.bundled_dir() / f"{name}.toml").read_bytes()
    i = int(len(raw) * at)
    path = tmp_path / "damaged.toml"
    path.write_bytes(raw[:i] + insert + raw[i + cut:])
    try:
        contract_mod.load(str(path))
    except contract_mod.ContractError as exc:
        message = str(exc)
    else:
        return
    assert message.startswith(f"Invalid contract {path}")


def test_an_extends_name_too_long_for_a_file_name_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'name = "c"\nextends = "{"b" * 5000}"\n')
    with pytest.raises(contract_mod.ContractError) as info:
        contract_mod.load(str(path))
    assert "no bundled contract of that name" in str(info.value)


def test_a_file_that_is_not_a_contract_is_never_quoted(tmp_path: Path) -> None:
    """`extends = "~/.netrc"` (or -c /etc/passwd) quoted the file's first line, password and all."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine pypi.example login alice password S3cr3tPw\n")
    contract = tmp_path / "c.toml"
    contract.write_text(f'format = 1\nname = "c"\nextends = "{netrc}"\n')
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", str(contract)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "S3cr3tPw" not in result.stdout + result.stderr
    assert result.stderr == (f"autoglm-compat: error: Invalid contract {netrc}: not valid TOML: Expected '=' after a "
                             "key in a key/value pair (at line 1, column 9) (not a .toml file: its lines are not "
                             "shown)\n")


def test_a_long_bad_line_of_a_contract_is_quoted_around_the_error_only(tmp_path: Path) -> None:
    contract = tmp_path / "c.toml"
    contract.write_text('format = 1\nname = "c"\nx = ' + "a" * 5000 + "\n")
    with pytest.raises(contract_mod.ContractError) as info:
        contract_mod.load(str(contract))
    quoted = str(info.value).splitlines()
    assert quoted[-2] == "      x = " + "a" * 76 + "..."
    assert quoted[-1] == "          ^"
