"""The atlas build reads a module's functions' keywords; an argument-handling decorator makes any keyword possible."""

from __future__ import annotations

import ast

from pytest_autoglm_compat.tools.history.signatures import function_keywords


def test_functions_of_the_top_level_with_their_keywords() -> None:
    tree = ast.parse('''
import functools

def plain(repo_id, *, token=None):
    pass

@validate_hf_hub_args
def download(repo_id, token=None):
    pass

@utils.deprecate_kwarg("old", new_name="new")
def renamed(new=None):
    pass

@functools.lru_cache()
def cached(size):
    pass

if True:
    def guarded(a, **kwargs):
        pass

class K:
    def method(self, x):
        pass
''')
    assert function_keywords(tree) == {
        # "*N": how many it takes by position (none recorded where an argument decorator decides), "+K": how many
        # have no default
        "plain": (frozenset({"repo_id", "token", "*1", "+1"}), False),
        "download": (frozenset({"repo_id", "token"}), True),
        "renamed": (frozenset({"new"}), True),
        "cached": (frozenset({"size", "*1", "+1"}), False),
        "guarded": (frozenset({"a", "*1", "+1"}), True),
    }


def test_a_count_by_position_is_not_recorded_where_args_takes_any() -> None:
    tree = ast.parse("def mel(*, sr, n_fft):\n    pass\ndef stack(*arrays, axis=0):\n    pass\n")
    assert function_keywords(tree) == {"mel": (frozenset({"sr", "n_fft", "*0", "+2"}), False),
                                       "stack": (frozenset({"axis"}), False)}


def test_a_msgspec_struct_s_constructor_takes_its_fields() -> None:
    # vLLM 0.6.0's vllm/sampling_params.py, cut to the lines that matter
    from pytest_autoglm_compat.tools.history.signatures import class_keywords

    tree = ast.parse("import msgspec\n"
                     "class SamplingParams(msgspec.Struct, omit_defaults=True, dict=True):\n"
                     "    n: int = 1\n    use_beam_search: bool = False\n"
                     "    def __post_init__(self) -> None:\n        pass\n"
                     "class Plain(Base):\n    n: int = 1\n")
    classes = class_keywords(tree)
    assert classes["SamplingParams"]["__init__"] == (frozenset({"n", "use_beam_search"}), False)
    assert "__init__" not in classes["Plain"]  # an annotated class of another base: its constructor is unknown


def test_a_module_that_copies_another_distribution_s_names_records_that_module() -> None:
    # SciPy 1.9.3's scipy/__init__.py and 1.3.0's, cut to the lines that matter
    import io
    import zipfile

    from pytest_autoglm_compat.tools.history.atlas_build import foreign_names, read_release

    def wheel(source: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("scipy/__init__.py", source)
        return buffer.getvalue()

    copied = ("import numpy as np\nfor _key in np.__all__:\n    if _key.startswith('_'):\n        continue\n"
              "    _fun = getattr(np, _key)\n    globals()[_key] = _fun\ndel np\n"
              "from numpy.lib import scimath\nfor _key in scimath.__all__:\n    globals()[_key] = 1\n")
    assert read_release(wheel(copied)).foreign == {"scipy": frozenset({"numpy", "numpy.lib.scimath"})}
    assert read_release(wheel("import numpy as _num\nfrom numpy import *\n")).foreign == {
        "scipy": frozenset({"numpy"})}
    assert read_release(wheel("import numpy as np\nfor _key in np.__all__:\n    print(_key)\n")).foreign == {}
    # resolved from the bundled NumPy atlas: names some release of numpy had
    assert {"interp", "diff", "pi"} <= foreign_names("numpy")
    assert not any(name.startswith("_") for name in foreign_names("numpy"))
