"""Issue 20, items 2 and 3: test modules that fail to import with a known failure, and the autoglm_apply ini key."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import Machine
from pytest_autoglm_compat.model.apply import ApplyError, Selector, parse_apply

# auto-gptq 0.7.1's kernels beside a CPU torch, as the loader says it (tests/data/autogptq-0.7.1-tests)
KERNEL_MODULE = """
    import importlib.machinery
    raise ImportError("libcudart.so.12: cannot open shared object file: No such file or directory",
                      name="gptq_kernels", path="/site/gptq_kernels" + importlib.machinery.EXTENSION_SUFFIXES[0])

    def test_kernel():
        pass
"""
CONTRACT = """
    format = 1
    name = "ours"

    [cuda]
    runtime = ">=11.8"

    [sections.gptq.packages.pytest]
    spec = ">=1"
"""
UNMET = "CUDA runtime of torch: found CPU-only build (torch 2.13.0+cpu), required >=11.8"
CAUSE = "cause: the extension was built for CUDA 12 (it links libcudart.so.12); installed: torch 2.13.0+cpu (CPU-only build)"


@pytest.fixture
def cpu(machine: Machine, pytester: pytest.Pytester) -> pytest.Pytester:
    machine.torch("2.13.0+cpu", cuda=None)
    pytester.makefile(".toml", ours=CONTRACT)
    return pytester


def _report(pytester: pytest.Pytester) -> dict:
    data = json.loads(pytester.path.joinpath("r.json").read_text())
    schema = json.loads((Path(__file__).parents[1] / "docs" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    return data


# -- item 2: collection errors -------------------------------------------------------------


def test_a_module_failing_to_import_with_a_known_failure_gets_cause_and_fix(cpu: pytest.Pytester) -> None:
    cpu.makepyfile(test_cuda_ext_import=KERNEL_MODULE, test_plain="def test_ok():\n    pass\n")
    result = cpu.runpytest("--continue-on-collection-errors")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*- autoglm-compat: known failure -*",
        "ImportError: libcudart.so.12: cannot open shared object file: No such file or directory",
        CAUSE,
        "fix: pip install 'torch==2.13.0+cu12*' --index-url https://download.pytorch.org/whl/cu12* (a CUDA 12 build of torch), "
        "or rebuild the extension against the installed torch",
        "*= autoglm-compat: test modules that could not be imported =*",
        "test_cuda_ext_import.py: error",
        "  ImportError: libcudart.so.12: cannot open shared object file: No such file or directory",
    ])


def test_under_skip_a_module_mapped_to_cuda_is_skipped_with_the_verdicts_reason(cpu: pytest.Pytester) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    test_cuda_ext*.py: gptq cuda\n")
    cpu.makepyfile(test_cuda_ext_import=KERNEL_MODULE)
    result = cpu.runpytest("--autoglm-contract=ours.toml", "--autoglm-report=r.json", "-rs")
    result.assert_outcomes(skipped=1)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.fnmatch_lines([
        "test_cuda_ext_import.py: skipped (" + UNMET + ")",
        f"  caught by: ours.toml: cuda.runtime, unmet here ({UNMET}); it applies to this module through "
        "autoglm_apply line 1 ('test_cuda_ext*.py: gptq cuda')",
        "SKIPPED ?1? test_cuda_ext_import.py:2: autoglm-compat: GPU: found no GPU visible (*(+1 more); fix: see the "
        "autoglm-compat summary",
    ])
    entry = _report(cpu)["collection_errors"]["test_cuda_ext_import.py"]
    assert entry["outcome"] == "skipped"
    assert entry["by_autoglm"] is True
    assert entry["unmet"][0] == UNMET
    assert entry["known_failure"][1] == CAUSE


@pytest.mark.parametrize("policy", ["fail", "gate"])
def test_under_fail_and_gate_the_module_stays_an_error_now_explained(cpu: pytest.Pytester, policy: str) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    test_cuda_ext_import.py: cuda\n")
    cpu.makepyfile(test_cuda_ext_import=KERNEL_MODULE)
    result = cpu.runpytest("--autoglm-contract=ours.toml", f"--autoglm-policy={policy}", "--autoglm-report=r.json")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([CAUSE, f"policy {policy}: autoglm-compat: GPU: found no GPU visible (*(+1 more); fix: see the autoglm-compat summary"])
    entry = _report(cpu)["collection_errors"]["test_cuda_ext_import.py"]
    assert (entry["outcome"], entry["by_autoglm"]) == ("error", True)


def test_a_module_the_contract_does_not_reach_stays_an_error_naming_the_requirement_to_map(
        cpu: pytest.Pytester) -> None:
    cpu.makepyfile(test_cuda_ext_import=KERNEL_MODULE)
    result = cpu.runpytest("--autoglm-contract=ours.toml", "--autoglm-scope=all")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        f"would be caught by: ours.toml: cuda.runtime in contract 'ours', unmet here ({UNMET}), which does not "
        "apply to this module; map the module to it with the autoglm_apply ini key (such as "
        "'tests/test_x.py: gptq cuda')",
    ])


def test_an_import_error_nobody_knows_is_left_as_pytest_reported_it(cpu: pytest.Pytester) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    *: cuda\n")
    cpu.makepyfile(test_own="import no_such_module_anywhere\n")
    result = cpu.runpytest("--autoglm-contract=ours.toml")
    result.assert_outcomes(errors=1)
    assert "autoglm-compat: known failure" not in result.stdout.str()
    assert "could not be imported" not in result.stdout.str()


def test_if_explaining_fails_the_original_collection_error_stands(
        cpu: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_autoglm_compat.render import collection_errors

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(collection_errors, "explain_collection_error", broken)
    cpu.makeini("[pytest]\nautoglm_apply =\n    *: cuda\n")
    cpu.makepyfile(test_cuda_ext_import=KERNEL_MODULE)
    result = cpu.runpytest("--autoglm-contract=ours.toml")
    result.assert_outcomes(errors=1)
    assert "INTERNALERROR" not in result.stdout.str()
    result.stdout.fnmatch_lines(["E   ImportError: libcudart.so.12: cannot open shared object file*"])
    assert "autoglm-compat: known failure" not in result.stdout.str()


# -- item 3: autoglm_apply -------------------------------------------------------------------

SUITE = {
    "test_q4": """
        def test_q4_kernel():
            pass

        def test_multigpu():
            pass
    """,
    "test_cpu": """
        import pytest

        @pytest.mark.gpu
        def test_marked_gpu():
            pass

        def test_on_cpu():
            pass

        def test_quantize_on_cpu():
            pass
    """,
}


@pytest.mark.parametrize(("rules", "skipped"), [
    ("test_q4*.py: gptq cuda", {"test_q4.py::test_q4_kernel", "test_q4.py::test_multigpu"}),
    ("test_q4*.py !node:*::test_multigpu: cuda", {"test_q4.py::test_q4_kernel"}),
    ("mark:gpu: cuda", {"test_cpu.py::test_marked_gpu"}),
    ("node:test_cpu.py::test_on_*: core cuda", {"test_cpu.py::test_on_cpu"}),
    ("keyword:QUANTIZE: cuda", {"test_cpu.py::test_quantize_on_cpu"}),
    ("test_cpu.py: gptq", set()),  # the contract's core and gptq section are met here; no GPU asked for
], ids=["path", "negation", "mark", "node", "keyword", "section-only"])
def test_autoglm_apply_skips_exactly_the_tests_its_rules_select(
        cpu: pytest.Pytester, rules: str, skipped: set[str]) -> None:
    cpu.makeini(f"[pytest]\nmarkers = gpu\nautoglm_apply =\n    {rules}\n")
    cpu.makepyfile(**SUITE)
    result = cpu.runpytest("--autoglm-contract=ours.toml", "-rs", "--autoglm-report=r.json")
    tests = _report(cpu)["tests"]
    assert {n for n, e in tests.items() if e["outcome"] == "skipped"} == skipped
    assert all(tests[n]["unmet"][0] == UNMET for n in skipped)
    result.assert_outcomes(passed=5 - len(skipped), skipped=len(skipped))


def test_a_rule_acts_as_the_equivalent_marks_would(cpu: pytest.Pytester) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    test_by_rule.py: gptq cuda\n")
    cpu.makepyfile(test_by_rule="def test_it():\n    pass\n", test_by_mark="""
        import pytest

        @pytest.mark.autoglm_contract("gptq")
        def test_it(cuda_device):
            pass
    """)
    result = cpu.runpytest("--autoglm-contract=ours.toml", "--autoglm-report=r.json")
    result.assert_outcomes(skipped=2)
    tests = _report(cpu)["tests"]
    assert tests["test_by_rule.py::test_it"]["unmet"] == tests["test_by_mark.py::test_it"]["unmet"]


def test_without_a_contract_cuda_means_requires_cuda(cpu: pytest.Pytester) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    test_q4.py: cuda\n")
    cpu.makepyfile(**SUITE)
    result = cpu.runpytest("-rs")
    result.assert_outcomes(passed=3, skipped=2)


@pytest.mark.parametrize(("line", "message"), [
    ("tests/test_q4*.py", "Invalid autoglm_apply line 1 ('tests/test_q4*.py'): expected 'SELECTORS: WORDS', such as "
     "'tests/test_q4*.py: gptq cuda' or 'mark:gpu: cuda' (selectors: a path glob, mark:NAME, node:GLOB, "
     "keyword:WORD; words: core, cuda, section names)"),
    ("mrk:gpu: cuda", "Invalid autoglm_apply line 1 ('mrk:gpu: cuda'): unknown selector kind 'mrk:' (did you mean "
     "'mark'?); expected a path glob, mark:NAME, node:GLOB or keyword:WORD (a node id goes after node:)"),
    ("mark:: cuda", "Invalid autoglm_apply line 1 ('mark:: cuda'): selector 'mark:' names nothing; expected mark:NAME"),
    ("mark:a/b: cuda", "Invalid autoglm_apply line 1 ('mark:a/b: cuda'): 'a/b' is not a marker name; expected "
     "mark:NAME, such as mark:gpu"),
    ("!tests/cpu.py: cuda", "Invalid autoglm_apply line 1 ('!tests/cpu.py: cuda'): only excluding selectors (!...); "
     "expected at least one that selects, such as 'tests/*.py !tests/test_cpu.py: cuda'"),
    ("tests/*.py: gptq $x", "Invalid autoglm_apply line 1 ('tests/*.py: gptq $x'): '$x' is not a section name; "
     "expected core, cuda or a section of the contract"),
])
def test_invalid_rules_are_named_with_their_line(line: str, message: str) -> None:
    with pytest.raises(ApplyError) as info:
        parse_apply([line])
    assert str(info.value) == message


def test_valid_rules_parse_into_selectors_and_words() -> None:
    rules = parse_apply(["", "tests/test_q4*.py ./tests/b.py !node:*::test_multigpu: gptq, cuda", "mark:gpu: core"])
    assert rules[0].selectors == (Selector("path", "tests/test_q4*.py"), Selector("path", "tests/b.py"),
                                  Selector("node", "*::test_multigpu", negated=True))
    assert (rules[0].sections, rules[0].cuda, rules[0].line) == (("gptq",), True, 1)
    assert (rules[1].selectors, rules[1].sections, rules[1].cuda, rules[1].line) == (
        (Selector("mark", "gpu"),), (), False, 2)


def test_a_bad_rule_is_a_usage_error_naming_the_key_and_line(cpu: pytest.Pytester) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    test_q4.py: cuda\n    mrk:gpu: cuda\n")
    result = cpu.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: Invalid autoglm_apply line 2 ('mrk:gpu: cuda'): unknown selector kind 'mrk:'*"])


def test_a_section_the_contract_lacks_is_a_usage_error(cpu: pytest.Pytester) -> None:
    cpu.makeini("[pytest]\nautoglm_apply =\n    test_q4.py: gtpq cuda\n")
    result = cpu.runpytest("--autoglm-contract=ours.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "ERROR: Invalid autoglm_apply line 1 ('test_q4.py: gtpq cuda'): contract 'ours' (*ours.toml) has no "
        "section 'gtpq' (did you mean 'gptq'?); expected core, cuda or one of its sections: gptq",
    ])
