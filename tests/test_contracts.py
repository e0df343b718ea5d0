"""Contract loading: bundled contracts, the schema, and every validation error's text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pytest_autoglm_compat.model import contract
from pytest_autoglm_compat.model.contract import ContractError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"


@pytest.mark.parametrize("name", ["stable", "legacy", "latest"])
def test_bundled_contract_loads_validates_against_schema_and_has_reasons(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((CONTRACTS / "schema.json").read_text())
    jsonschema.validate(tomllib.loads((CONTRACTS / f"{name}.toml").read_text()), schema)
    loaded = contract.load(name)
    assert loaded.name == name
    assert loaded.chain == (f"contracts/{name}.toml", "contracts/base.toml")
    sets = [loaded.core, *loaded.sections.values()]
    reqs = [r for s in sets for r in s.items(needs_cuda=True)]
    assert reqs
    for req in reqs:
        assert req.meta.reason, req.meta.origin
        assert req.meta.source, req.meta.origin


def test_extends_merges_by_key_and_child_wins(tmp_path: Path) -> None:
    (tmp_path / "child.toml").write_text(
        'name = "child"\nextends = "stable"\n[packages.transformers]\nspec = ">=4.50,<5"\nreason = "ours"\n'
    )
    loaded = contract.load(str(tmp_path / "child.toml"))
    tf = next(p for p in loaded.core.packages if p.name == "transformers")
    assert str(tf.specifier) == "<5,>=4.50"
    assert tf.meta.origin.file.endswith("child.toml")
    assert any(p.name == "accelerate" for p in loaded.core.packages)  # inherited
    assert "gptq" in loaded.sections


def _errors(tmp_path: Path, text: str, name: str = "c.toml") -> list[str]:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ContractError) as info:
        contract.load(str(path))
    return info.value.problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "name: required key is missing (a short name such as 'stable')"),
        ('name = 3', "name: expected a non-empty string, got 3"),
        ('name = "x"\nformat = 2', "format: expected 1, got 2"),
        ('name = "x"\npackagse = {}', "packagse: unknown key (did you mean 'packages'?); expected one of *"),
        ('name = "x"\n[packages]\ntransformers = ">>4"',
         "packages.transformers.spec: expected a PEP 440 version specifier such as '>=4.38,<5', got '>>4'"),
        ('name = "x"\n[packages]\ntransformers = ">=5,<4"',
         "packages.transformers.spec: the specifier '>=5,<4' can never be satisfied"),
        ('name = "x"\n[packages]\ntransformers = 4', "packages.transformers: expected a specifier string or a table, got 4"),
        ('name = "x"\n[packages."not a name!"]\nspec = ">1"', "packages.not a name!: 'not a name!' is not a valid distribution name"),
        ('name = "x"\n[packages.x]\nabsent = true\nspec = ">1"', "packages.x: 'absent = true' cannot be combined with 'spec' or 'optional'"),
        ('name = "x"\n[packages.x]\nreason = "r"', "packages.x: expected 'spec' (a version specifier) or 'absent = true'"),
        ('name = "x"\n[packages.x]\nspec = ">1"\nmarker = "os ==="', "packages.x.marker: expected a PEP 508 environment marker*"),
        ('name = "x"\n[cuda]\nmemory = "24 parsecs"', "cuda.memory: expected a size such as '24GiB' or '80GB', got '24 parsecs'"),
        ('name = "x"\n[cuda]\ndevices = 0', "cuda.devices: expected a whole number of devices >= 1, got 0"),
        ('name = "x"\n[cuda]\nruntime = 11.8', "cuda.runtime: expected a string such as '11.8' or '>=11.8,<99', got float 11.8"),
        ('name = "x"\n[[api]]\ntarget = "a::b"', "api[0].target: expected a target 'module:qualname' such as *, got 'a::b'"),
        ('name = "x"\n[[api]]\ntarget = "a:b"\nkind = "dictionary"', "api[0].kind: expected one of *, got 'dictionary' (did you mean 'dict'?)"),
        ('name = "x"\n[[api]]\ntarget = "a:b"\nfields = "bits"', "api[0].fields: expected a list of field names, got str 'bits'"),
        ('name = "x"\n[[api]]\ntarget = "a:b"\nwhen = "gpu"', "api[0].when: expected one of always, cuda, got 'gpu'"),
        ('name = "x"\n[[extension]]\nmodule = "a:b"', "extension[0].module: expected a dotted module name such as 'autogptq_cuda_64', got 'a:b'"),
        ('name = "x"\n[sections.core]', "sections.core: section names are letters, digits, '-' and '_' ('core' is reserved)"),
        ('name = "x"\n[python]\nspec = "3.9"', "python.spec: expected a PEP 440 version specifier such as '>=3.9', got '3.9'"),
        ('name = "x"\n[packages.x]\nspec = ">1"\nverified = "yes"', "packages.x.verified: expected true or false, got 'yes'"),
        ('name = "x"\nextends = "nope"', "extends: 'nope': no bundled contract of that name*"),
        ('name = "x"\nextends = "missing.toml"', "extends: no contract at *missing.toml"),
    ],
)
def test_invalid_contract_problems_name_the_key_and_the_expectation(tmp_path: Path, text: str, problem: str) -> None:
    import re

    pattern = re.compile(re.escape(problem).replace(r"\*", ".*") + "$")
    problems = _errors(tmp_path, text)
    assert any(pattern.match(p) for p in problems), problems


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    problems = _errors(tmp_path, 'name = "x"\n[cuda]\nmemory = "x"\ndevices = 0\n[packages]\na = ">>1"')
    assert len(problems) == 3


def test_toml_syntax_error_shows_the_line_with_a_caret(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('name = "x"\n[packages\n')
    with pytest.raises(ContractError) as info:
        contract.load(str(tmp_path / "bad.toml"))
    text = str(info.value)
    assert text.startswith(f"Invalid contract {tmp_path / 'bad.toml'}: not valid TOML: ") or "not valid TOML" in text
    assert "    [packages\n    " in text
    assert text.rstrip().endswith("^")


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"\xff\xfe\x00binary", "is not UTF-8 text (byte 0); expected TOML"),
     (b'name = "x"\x00', "contains NUL bytes; expected a TOML text file")],
)
def test_binary_files_are_rejected(tmp_path: Path, content: bytes, problem: str) -> None:
    (tmp_path / "b.toml").write_bytes(content)
    with pytest.raises(ContractError) as info:
        contract.load(str(tmp_path / "b.toml"))
    assert info.value.problems == [problem]


def test_directory_and_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "d.toml").mkdir()
    with pytest.raises(ContractError, match=r"is a directory; expected a contract \.toml file"):
        contract.load(str(tmp_path / "d.toml"))
    (tmp_path / "a.toml").write_text('name = "a"\nextends = "./b.toml"\n')
    (tmp_path / "b.toml").write_text('name = "b"\nextends = "./a.toml"\n')
    with pytest.raises(ContractError, match=r"extends: cycle .*a\.toml -> .*b\.toml -> .*a\.toml"):
        contract.load(str(tmp_path / "a.toml"))


def test_loading_a_contract_never_imports_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('name = "x"\n[[api]]\ntarget = "antigravity:fly"\n')
    contract.load(str(tmp_path / "c.toml"))
    assert "antigravity" not in sys.modules
