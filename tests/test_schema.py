"""contracts/schema.json (what editors validate) and the loader (what the plugin accepts) say the same thing.

Every table the validator reads has the same keys in the schema, at every level; enums and
patterns agree with the parsers; the bundled contracts are valid under the schema.
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model import contract_format
from pytest_autoglm_compat.model import values as _parse
from pytest_autoglm_compat.model.requirements import API_KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

jsonschema = pytest.importorskip("jsonschema")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SCHEMA: dict[str, Any] = json.loads((contract_mod.bundled_dir() / "schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def _object_form(schema: dict[str, Any]) -> dict[str, Any]:
    """The table form of a value that may also be written as a string ('torch = ">=2"')."""
    if "oneOf" in schema:
        (table,) = [s for s in schema["oneOf"] if s.get("type") == "object"]
        return table
    return schema


#: schema location -> (its table, the validator's keys for that table)
TABLES: dict[str, tuple[dict[str, Any], set[str]]] = {
    "top level": (SCHEMA, contract_format._TOP_KEYS),
    "sections.NAME": (DEFS["section"], contract_format._SECTION_KEYS),
    "python": (_object_form(DEFS["python"]), contract_format._PYTHON_KEYS),
    "packages.NAME": (_object_form(DEFS["packages"]["additionalProperties"]), contract_format._PACKAGE_KEYS),
    "cuda": (DEFS["cuda"], contract_format._CUDA_KEYS),
    "[[api]]": (DEFS["api"], contract_format._API_KEYS),
    "[[extension]]": (DEFS["extension"], contract_format._EXTENSION_KEYS),
    "[[kernels]]": (DEFS["kernels"], contract_format._KERNELS_KEYS),
    "consistency": (DEFS["consistency"], contract_format._CONSISTENCY_KEYS),
    "toolchain": (DEFS["toolchain"], contract_format._TOOLCHAIN_KEYS),
}


@pytest.mark.parametrize("where", sorted(TABLES))
def test_schema_and_validator_accept_the_same_keys(where: str) -> None:
    table, validator_keys = TABLES[where]
    assert table.get("additionalProperties") is False, f"{where}: the schema must reject unknown keys as the loader does"
    assert set(table["properties"]) == validator_keys


def test_every_table_in_the_schema_is_compared_with_the_validator() -> None:
    """A table added to the schema (or the loader) without the other fails here, not in a user's editor."""
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                found.append(id(node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMA)
    assert sorted(found) == sorted(id(table) for table, _ in TABLES.values())


def test_schema_enums_and_constants_match_the_loader() -> None:
    assert SCHEMA["properties"]["format"] == {"const": contract_format.FORMAT_VERSION}
    assert DEFS["api"]["properties"]["kind"]["enum"] == list(API_KINDS)
    assert DEFS["api"]["properties"]["when"]["enum"] == DEFS["extension"]["properties"]["when"]["enum"] == ["always",
                                                                                                            "cuda"]
    names = SCHEMA["properties"]["sections"]["propertyNames"]
    assert names["pattern"] == contract_format._SECTION_NAME.pattern
    assert names["not"] == {"const": contract_mod.CORE}
    assert SCHEMA["required"] == ["name"]
    assert DEFS["api"]["required"] == ["target"]
    assert DEFS["extension"]["required"] == ["module"]
    assert DEFS["kernels"]["required"] == ["package"]
    assert DEFS["kernels"]["properties"]["when"] == DEFS["extension"]["properties"]["when"]
    assert DEFS["kernels"]["properties"]["package"]["pattern"] == _parse.DISTRIBUTION_NAME.pattern.replace(
        "A-Z0-9", "A-Za-z0-9")


def _accepts(parse: Any, value: str) -> bool:
    try:
        parse(value, where="t")
    except _parse.InvalidValue:
        return False
    return True


def _schema_accepts(schema: dict[str, Any], text: str) -> bool:
    return bool(jsonschema.Draft202012Validator(schema).is_valid(text))


@given(st.text(string.ascii_letters[:6] + "_.:0 \n", max_size=12))
def test_the_target_pattern_is_the_parsers(text: str) -> None:
    assert _schema_accepts(DEFS["api"]["properties"]["target"], text) == _accepts(_parse.target, text)


@given(st.text(string.ascii_letters[:6] + "_.:0 \n", max_size=12))
def test_the_extension_module_pattern_is_the_parsers(text: str) -> None:
    assert _schema_accepts(DEFS["extension"]["properties"]["module"], text) == _accepts(_parse.module_name, text)


@given(st.from_regex(r"\A ?[0-9]{1,3}(\.[0-9]{1,2})? ?([kKmMgGtT][iI]?[bB]|[bB]|XB|GiBs)? ?\Z") | st.text(max_size=8))
def test_the_memory_pattern_is_the_parsers(text: str) -> None:
    """Sizes the parser reads are the strings the schema allows (less than one byte aside, such as '0' or
    '0.1': the schema cannot say 'positive')."""
    (string_form,) = [s for s in DEFS["cuda"]["properties"]["memory"]["oneOf"] if s["type"] == "string"]
    parsed = _accepts(_parse.size, text)
    matches = _schema_accepts(string_form, text)
    if matches and not parsed:
        with pytest.raises(ValueError, match="expected a positive size"):
            _parse.size(text, where="memory")
    else:
        assert matches == parsed, text


@pytest.mark.parametrize("name", contract_mod.bundled_names())
def test_bundled_contracts_are_valid_under_the_schema(name: str) -> None:
    data = tomllib.loads((contract_mod.bundled_dir() / f"{name}.toml").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    contract_mod.load(name)


def test_the_schema_itself_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_rejects_what_the_loader_rejects_for_keys() -> None:
    """The same typo fails in the editor and in pytest."""
    data = {"name": "t", "cuda": {"memroy": "1GiB"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_the_schema_ships_next_to_the_bundled_contracts() -> None:
    assert (contract_mod.bundled_dir() / "schema.json").is_file()
    assert Path(contract_mod.bundled_dir()).name == "contracts"
