"""API-surface checks beyond existence and compiled extensions.

The extensions are real shared objects built here with the system C compiler,
so the loader errors are the dynamic loader's own words: a library named by
DT_NEEDED that is not there, an undefined C++ symbol of libc10, an abort in
module init.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from conftest import Machine
from pytest_autoglm_compat.facts.binaries import elf

SKIP_LINE = "SKIPPED [[]1[]] test_it.py:*: autoglm-compat: {}"

EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")
PY_INCLUDE = sysconfig.get_paths()["include"]

MODULE_C = """
#include <Python.h>
{decl}
static struct PyModuleDef mod = {{PyModuleDef_HEAD_INIT, "{name}", NULL, -1, NULL}};
PyMODINIT_FUNC PyInit_{name}(void) {{ {body} return PyModule_Create(&mod); }}
"""

#: A C10 symbol the way an extension compiled against another torch references it.
C10_SYMBOL = "_ZN3c1019UndefinedTensorImpl10_singletonE"


def _compile(out: Path, source: str, *extra: str) -> Path:
    src = out.with_suffix(".c")
    src.write_text(source)
    subprocess.run(["gcc", "-shared", "-fPIC", f"-I{PY_INCLUDE}", str(src), *extra, "-o", str(out)], check=True)
    return out


def build_extension(where: Path, name: str, *, decl: str = "", body: str = "", link: tuple[str, ...] = ()) -> Path:
    return _compile(where / f"{name}{EXT_SUFFIX}", MODULE_C.format(name=name, decl=decl, body=body), *link)


def build_cudart_stub(where: Path, major: str) -> Path:
    """A library that carries libcudart's SONAME, so that an extension's DT_NEEDED names it."""
    where.mkdir(parents=True, exist_ok=True)
    return _compile(where / f"libcudart.so.{major}", "int cudaRuntimeGetVersion(int *v) { *v = 12040; return 0; }",
                    f"-Wl,-soname,libcudart.so.{major}")


def cuda_extension(where: Path, name: str, stub: Path, *, rpath: bool) -> Path:
    link = (str(stub), f"-Wl,-rpath,{stub.parent}") if rpath else (str(stub),)
    return build_extension(where, name, decl="extern int cudaRuntimeGetVersion(int *v);",
                           body="int v; cudaRuntimeGetVersion(&v);", link=link)


needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs a C compiler to build real extensions")

EXT_TEST = """
    import pytest

    pytestmark = pytest.mark.autoglm_contract()

    def test_it():
        pass
"""


def extension_contract(pytester: pytest.Pytester, *modules: str) -> None:
    entries = "".join(f'[[extension]]\nmodule = "{m}"\nwhen = "always"\nreason = "the kernels"\n\n' for m in modules)
    pytester.path.joinpath("ext.toml").write_text(f'format = 1\nname = "ext"\n\n{entries}')
    pytester.makepyfile(test_it=EXT_TEST)


# --------------------------------------------------------------------------- API surfaces


def test_subclass_value_and_version_checks(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("json:JSONDecodeError", subclass_of="builtins:ValueError")
        def test_subclass():
            pass

        @pytest.mark.requires_api("json:JSONDecodeError", subclass_of="builtins:KeyError")
        def test_not_subclass():
            pass

        @pytest.mark.requires_api("json:JSONDecodeError", subclass_of="builtins:NoSuchBase")
        def test_unknown_base():
            pass

        @pytest.mark.requires_api("packaging:__version__", version=">=20")
        def test_version():
            pass

        @pytest.mark.requires_api("packaging:__version__", version="<1")
        def test_old_version():
            pass

        @pytest.mark.requires_api("json:__version__", equals="2.0.9")
        def test_equals():
            pass

        @pytest.mark.requires_api("json:__version__", equals=2)
        def test_equals_other_type():
            pass

        @pytest.mark.requires_api("json:dumps", version=">=1")
        def test_not_a_value():
            pass

        @pytest.mark.requires_api("sys:version_info", kind="tuple")
        def test_tuple():
            pass
    """)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(passed=4, skipped=5)
    result.stdout.fnmatch_lines_random([
        "*json:JSONDecodeError: found not a subclass of builtins:KeyError, required subclass of "
        "builtins:KeyError [[]test_it.py::test_not_subclass[]]*",
        "*json:JSONDecodeError: found base builtins:NoSuchBase unavailable (AttributeError: builtins has no "
        "attribute 'NoSuchBase'), required subclass of builtins:NoSuchBase*",
        "*packaging:__version__: found version *, required version <1 [[]test_it.py::test_old_version[]]*",
        "*json:__version__: found value '2.0.9', required == 2 [[]test_it.py::test_equals_other_type[]]*",
        "*json:dumps: found not a plain value: <function dumps at *>, required version >=1*",
    ])


def test_subclass_of_implies_a_class(pytester: pytest.Pytester) -> None:
    """A function is never a subclass; the check says so instead of raising in the child."""
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("json:dumps", subclass_of="builtins:object")
        def test_it():
            pass
    """)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*json:dumps: found not a subclass of builtins:object, required "
                                 "subclass of builtins:object*"])


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ('requires_api("json:dumps", subclass_of="builtins")',
         "requires_api(subclass_of='builtins'): expected a class as 'module:QualName' such as "
         "'torch.nn:Module', got 'builtins'"),
        ('requires_api("json:dumps", equals=[1])',
         "requires_api(equals=[[]1[]]): expected a string, number or boolean to compare with, got list [[]1[]]"),
        ('requires_api("json:dumps", version="~=1")',
         "requires_api(version='~=1'): expected a PEP 440 version specifier such as '>=0.7', got '~=1'"),
        ('requires_api("json:dumps", absent=True, kind="function")',
         "requires_api(absent=True): 'absent' cannot be combined with kind"),
        ('requires_api("json:x", equals="1", version=">=1")',
         "requires_api(equals='1'): give either 'equals' or 'version', not both"),
    ],
)
def test_bad_api_options_fail_only_that_test(pytester: pytest.Pytester, marker: str, message: str) -> None:
    pytester.makepyfile(test_it=f"""
        import pytest

        @pytest.mark.{marker}
        def test_bad():
            pass
    """)
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"Invalid marker on test_it.py::test_bad: {message}"])


def test_contract_api_options_are_validated_with_their_key(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", ours="""
        format = 1
        name = "ours"

        [[api]]
        target = "json:dumps"
        subclass_of = 3
        absent = true
    """)
    pytester.makepyfile(test_it=EXT_TEST)
    result = pytester.runpytest("--autoglm-contract=ours.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "ERROR: Invalid contract ours.toml:",
        "  api[[]0[]].subclass_of: expected a target 'module:qualname' such as "
        "'transformers:GlmForCausalLM._tied_weights_keys', got int 3",
        "  api[[]0[]].absent: 'absent' cannot be combined with subclass_of",
    ])


def test_import_failure_of_the_target_module_is_the_finding(pytester: pytest.Pytester) -> None:
    """The import error itself is reported, not 'attribute missing'. This peft is a bare module with no
    distribution metadata, so no installed peft version scopes a hint (the real one: tests/integration)."""
    pytester.makepyfile(
        gptq_like="from peft.peft_model import PEFT_TYPE_TO_MODEL_MAPPING\n",
        peft="",
    )
    pytester.mkpydir("peft").joinpath("peft_model.py").write_text("OTHER = 1\n")
    pytester.path.joinpath("peft.py").unlink()
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("gptq_like:anything")
        def test_it():
            pass
    """)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([
        "*gptq_like:anything: found import gptq_like fails: ImportError: cannot import name "
        "'PEFT_TYPE_TO_MODEL_MAPPING' from 'peft.peft_model' (*), required exists "
        "[[]test_it.py::test_it[]]*",
    ])


# --------------------------------------------------------------------------- compiled extensions


@needs_gcc
@pytest.mark.parametrize(
    ("torch", "cuda", "expected"),
    [
        ("2.5.1+cu121", "12.1",
         "*extension kernels_cu12: found missing CUDA library: ImportError: libcudart.so.12: cannot open shared "
         "object file: No such file or directory; built for CUDA 12 (links libcudart.so.12), required imports "
         "[[]ext.toml: extension[[]kernels_cu12[]][]]; the extension was built for CUDA 12 (it links "
         "libcudart.so.12); installed: torch 2.5.1+cu121 (CUDA 12.1), yet libcudart.so.12 is not on the loader "
         "path (torch's copy comes from the nvidia-cuda-runtime-cu12 wheel or a system CUDA); why: the kernels; "
         "fix: pip install nvidia-cuda-runtime-cu12 (or the CUDA 12 toolkit), or add the directory that holds it "
         "to LD_LIBRARY_PATH"),
        ("2.0.1+cu118", "11.8",
         "*extension kernels_cu12: found wrong CUDA major: ImportError: libcudart.so.12: *; built for CUDA 12 "
         "(links libcudart.so.12), required imports*; installed: torch 2.0.1+cu118 (CUDA 11.8); why: the kernels; "
         "fix: install the extension built for CUDA 11 (the package's cu11x wheel) or a torch built for CUDA 12, "
         "so that both use one CUDA major"),
        ("2.13.0+cpu", None,
         "*extension kernels_cu12: found missing CUDA library: *; installed: torch 2.13.0+cpu (CPU-only build); "
         "why: the kernels; fix: pip install 'torch==2.13.0+cu129' --index-url https://download.pytorch.org/whl/cu129 (a CUDA 12 "
         "build of torch), or rebuild the extension against the installed torch"),
    ],
    ids=["same-major-library-missing", "other-major", "cpu-torch"],
)
def test_extension_whose_cuda_library_cannot_be_loaded(pytester: pytest.Pytester, machine: Machine, torch: str,
                                                       cuda: str | None, expected: str) -> None:
    stub = build_cudart_stub(pytester.path.parent / "cuda12", "12")
    cuda_extension(pytester.path, "kernels_cu12", stub, rpath=False)
    extension_contract(pytester, "kernels_cu12")
    machine.torch(torch, cuda)
    result = pytester.runpytest("--autoglm-contract=ext.toml", "-rs", "-v")
    result.assert_outcomes(skipped=1)
    head, fix = expected.split("; fix: ", 1)  # the fix is the summary's: one text per requirement everywhere
    result.stdout.fnmatch_lines([f"[0-9]. {fix}"])
    result.stdout.fnmatch_lines([f"{head}; fix: see the autoglm-compat summary*"])


@needs_gcc
def test_extension_with_undefined_torch_symbol(pytester: pytest.Pytester) -> None:
    build_extension(pytester.path, "kernels_abi", decl=f"extern void {C10_SYMBOL}(void);", body=f"{C10_SYMBOL}();")
    extension_contract(pytester, "kernels_abi")
    result = pytester.runpytest("--autoglm-contract=ext.toml", "-rs", "-v")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["[0-9]. rebuild the extension against the installed torch (pip install --no-cache-dir "
                                "--force-reinstall --no-deps --no-build-isolation --no-binary*"])
    result.stdout.fnmatch_lines([
        f"*extension kernels_abi: found undefined symbol: ImportError: */kernels_abi{EXT_SUFFIX}: undefined "
        f"symbol: {C10_SYMBOL}, required imports*; ABI mismatch: the extension was compiled against a different "
        f"torch than no torch (missing symbol {C10_SYMBOL}); why: the kernels; fix: see the autoglm-compat summary*",
    ])


@needs_gcc
def test_extension_that_aborts_the_process_and_the_rest_still_run(pytester: pytest.Pytester) -> None:
    build_extension(pytester.path, "kernels_abort", decl="#include <stdlib.h>", body="abort();")
    stub = build_cudart_stub(pytester.path.parent / "cuda12", "12")
    cuda_extension(pytester.path, "kernels_ok", stub, rpath=True)
    extension_contract(pytester, "kernels_abort", "kernels_ok", "kernels_absent")
    result = pytester.runpytest("--autoglm-contract=ext.toml", "-rs", "-v", "--autoglm-report=r.json")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines_random([
        "*extension kernels_abort: found crashes the process: loading it the subprocess was killed by SIGABRT, "
        "required imports*",
        "[0-9]. reinstall the package that provides it; run python -X faulthandler -c 'import kernels_abort' to see "
        "where it dies*",
        "*extension kernels_absent: found not installed (ModuleNotFoundError: No module named 'kernels_absent'), "
        "required imports*",
    ])
    import json

    verdicts = {v["subject"]: v for v in json.loads(pytester.path.joinpath("r.json").read_text())["verdicts"]}
    ok = verdicts["extension kernels_ok"]
    assert ok["status"] == "pass"
    assert ok["found"].endswith(f"kernels_ok{EXT_SUFFIX}); built for CUDA 12 (links libcudart.so.12)")


@needs_gcc
def test_extension_that_loads_with_another_cuda_major_passes_with_a_note(
    pytester: pytest.Pytester, machine: Machine
) -> None:
    stub = build_cudart_stub(pytester.path.parent / "cuda12", "12")
    cuda_extension(pytester.path, "kernels_cu12", stub, rpath=True)
    extension_contract(pytester, "kernels_cu12")
    machine.torch("2.0.1+cu118", "11.8")
    result = pytester.runpytest("--autoglm-contract=ext.toml", "--autoglm-report=r.json")
    result.assert_outcomes(passed=1)
    import json

    (verdict,) = json.loads(pytester.path.joinpath("r.json").read_text())["verdicts"]
    assert verdict["note"] == (
        "it was built for CUDA 12 (links libcudart.so.12) but torch uses CUDA 11.8; it loads, yet two CUDA "
        "runtimes in one process are fragile"
    )


@needs_gcc
def test_needed_libraries_read_from_the_elf_file(tmp_path: Path) -> None:
    stub = build_cudart_stub(tmp_path / "cuda13", "13")
    ext = cuda_extension(tmp_path, "k", stub, rpath=False)
    needed = elf.needed_libraries(str(ext))
    assert needed is not None
    assert "libcudart.so.13" in needed
    assert elf.built_for(needed, None) == elf.BuiltFor("13", "links libcudart.so.13", False)
    assert elf.needed_libraries(str(tmp_path / "k.c")) is None
    assert elf.needed_libraries(str(tmp_path / "nope.so")) is None


def test_cuda_major_from_wheel_version_when_nothing_is_linked() -> None:
    assert elf.built_for([], "0.7.1+cu118") == elf.BuiltFor("11", "wheel version 0.7.1+cu118", False)
    assert elf.built_for(["libc10.so"], "0.7.1") == elf.BuiltFor(None, None, True)
