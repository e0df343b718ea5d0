"""Compiled modules in the atlas (tools.history.compiled) and the pickled file that names one (generic.pickled).

The wheel names are the real ones of the releases they stand for (NumPy 1.15.4's
Linux wheel has multiarray.cpython-36m-x86_64-linux-gnu.so, its macOS wheel a bare
multiarray.so; torchvision's Linux wheel a bare _C.so); the atlas facts were read
from NumPy's wheels on PyPI (docs/reliability.md).
"""

from __future__ import annotations

import json

import pytest
from packaging.version import Version

from pytest_autoglm_compat.knowledge.generic import atlas
from pytest_autoglm_compat.knowledge.generic.atlas import Change, module_change
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.tools.history.compiled import (
    _binary_preference,
    cython_modules,
    extension_modules,
    with_compiled,
)
from real_answers import answers, first


@pytest.mark.parametrize(("member", "module"), [
    ("numpy/core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", "numpy.core._multiarray_umath"),
    ("numpy/core/multiarray.cpython-36m-x86_64-linux-gnu.so", "numpy.core.multiarray"),
    ("numpy/core/multiarray.so", "numpy.core.multiarray"),
    ("torch/_C.abi3.so", "torch._C"),
    ("torchvision/_C.so", "torchvision._C"),
    ("yaml/_yaml.cp39-win_amd64.pyd", "yaml._yaml"),
    ("sentencepiece/_sentencepiece.pyd", "sentencepiece._sentencepiece"),
    ("torch/lib/libtorch.so", None),  # a library the loader opens, not a module
    ("bitsandbytes/libbitsandbytes_cuda118.so", None),
    ("numpy.libs/libgfortran-040039e1.so.5.0.0", None),
    ("numpy/core/tests/_umath_tests.cpython-39-darwin.so", None),
    ("numpy-1.26.4.dist-info/RECORD", None),
    ("numpy/core/_methods.py", None),  # atlas_build reads Python files
])
def test_an_extension_module_is_named_as_python_imports_it(member: str, module: str | None) -> None:
    assert extension_modules([member]) == (frozenset({module}) if module else frozenset())


def test_the_wheel_listed_is_a_linux_one_for_python_3_first() -> None:
    ranked = sorted(["numpy-1.15.4-cp27-cp27mu-manylinux1_x86_64.whl",
                     "numpy-1.15.4-cp34-cp34m-macosx_10_6_intel.macosx_10_9_intel.whl",
                     "numpy-1.15.4-cp36-cp36m-win_amd64.whl", "numpy-1.15.4-cp36-cp36m-manylinux1_x86_64.whl",
                     "numpy-1.15.4-cp36-cp36m-manylinux1_i686.whl"],
                    key=lambda name: (_binary_preference(name) is None, _binary_preference(name) or 0))
    assert ranked[:4] == ["numpy-1.15.4-cp36-cp36m-manylinux1_x86_64.whl",
                          "numpy-1.15.4-cp34-cp34m-macosx_10_6_intel.macosx_10_9_intel.whl",
                          "numpy-1.15.4-cp36-cp36m-win_amd64.whl", "numpy-1.15.4-cp27-cp27mu-manylinux1_x86_64.whl"]
    assert _binary_preference("numpy-1.15.4-cp36-cp36m-manylinux1_i686.whl") is None
    assert _binary_preference("transformers-4.47.0-py3-none-any.whl") is None


def test_a_module_compiled_where_no_python_file_was_read_is_marked_so_and_a_read_one_is_not() -> None:
    entry = {"at": "2", "names": {"_ARRAY_API": ""}, "classes": {}}
    data = {"dist": "numpy", "releases": ["1.15.4", "1.16.0", "2.0.0"],
            "modules": {"numpy.core._multiarray_umath": json.dumps(entry), "numpy.core": json.dumps(
                {"at": "0-2", "names": {}, "classes": {}})}}
    compiled = {"1.15.4": frozenset({"numpy.core.multiarray"}), "1.16.0": frozenset({"numpy.core._multiarray_umath"}),
                "2.0.0": frozenset({"numpy.core._multiarray_umath"}), }
    updated = with_compiled(data, compiled)
    assert json.loads(updated["modules"]["numpy.core._multiarray_umath"]) == {**entry, "compiled": "1"}
    assert json.loads(updated["modules"]["numpy.core.multiarray"]) == {"at": "", "names": {}, "classes": {},
                                                                       "compiled": "0"}
    assert updated["modules"]["numpy.core"] == data["modules"]["numpy.core"]
    assert with_compiled(updated, compiled) == updated  # run again: the same


def test_the_bundled_atlas_dates_numpy_s_compiled_core_to_1_16_for_a_pickled_file_only() -> None:
    assert atlas.module_change("numpy", "numpy.core._multiarray_umath", compiled=True).added_in.public == "1.16.0"
    # elsewhere a compiled module missing is as often one not built (a source checkout) as a release's, and the
    # releases that ship it compiled are unknown, not without it: no change (not "2.0.0 added it", its Python shim)
    assert atlas.module_change("numpy", "numpy.core._multiarray_umath") is None
    # a release that ships it compiled has it, its names unknown: not "present throughout", not a change
    assert not atlas.name_present_throughout("numpy", "numpy.core._multiarray_umath", "_ARRAY_API")
    assert atlas.name_change("numpy", "numpy.core._multiarray_umath", "_ARRAY_API") is None


def test_a_file_pickled_by_a_newer_numpy_is_told_as_the_file_s_release() -> None:
    family, cause, fix = first("holdout25a", "GaitSet-27.log")
    assert family == "api-mismatch"
    assert cause == ("the pickled file being loaded names the module numpy.core._multiarray_umath, which the installed "
                     "numpy does not have: numpy 1.16.0 added it (the releases before it lack it), so the file was "
                     "written by a newer numpy than the one reading it")
    assert fix.startswith('load it with the numpy release that wrote it: install numpy>=1.16.0 (pip install '
                          '"numpy>=1.16.0")')


_PICKLED = """Traceback (most recent call last):
  File "/home/u/run.py", line 9, in <module>
    model = joblib.load("model.pkl")
  File "/home/u/.venv/lib/python3.9/site-packages/joblib/numpy_pickle.py", line 587, in load
    obj = _unpickle(fobj, filename, mmap_mode)
  File "/home/u/.venv/lib/python3.9/site-packages/joblib/numpy_pickle.py", line 506, in _unpickle
    obj = unpickler.load()
  File "/usr/lib/python3.9/pickle.py", line 1212, in load
    dispatch[key[0]](self)
  File "/usr/lib/python3.9/pickle.py", line 1528, in load_global
    klass = self.find_class(module, name)
  File "/usr/lib/python3.9/pickle.py", line 1579, in find_class
    __import__(module, level=0)
ModuleNotFoundError: No module named '{module}'
"""


def test_a_pickled_module_a_release_removed_is_told_as_a_file_of_an_older_release() -> None:
    found, _ = explain_log(_PICKLED.format(module="sklearn.ensemble.forest"))
    assert found
    assert found[0].hint.family == "api-mismatch"
    assert "the pickled file being loaded names the module sklearn.ensemble.forest" in found[0].hint.cause
    assert "so the file was written by an older scikit-learn than the one reading it" in found[0].hint.cause


@pytest.mark.parametrize("module", ["models.yolo", "mypackage.layers", "numpy.core.nonexistent_thing"])
def test_a_pickled_module_no_release_read_had_is_no_release_s(module: str) -> None:
    # a user's own class moved or renamed, or a name no release has: the file's own history, not a release's
    found, _ = explain_log(_PICKLED.format(module=module))
    assert not any("pickled file" in item.hint.cause for item in found)


def test_a_compiled_module_missing_from_a_source_checkout_is_still_no_claim() -> None:
    assert answers("holdout2", "vllm-1367.log") == []


def test_an_sdist_s_cython_sources_name_its_compiled_modules() -> None:
    # member names as CuPy 8.0.0's and 4.0.0's sdists list them (the .pyx, or the .cpp Cython made of one)
    members = ["cupy-8.0.0/cupy/__init__.py", "cupy-8.0.0/cupy/_util.pyx", "cupy-8.0.0/cupy/cuda/__init__.py",
               "cupy-8.0.0/cupy/cuda/cublas.pyx", "cupy-8.0.0/cupy/core/include/cupy/carray.cuh",
               "cupy-8.0.0/tests/cupy_tests/test_x.pyx", "cupy-8.0.0/setup.py", "cupy-8.0.0/cupy.egg-info/x.pyx"]
    assert cython_modules(members) == frozenset({"cupy._util", "cupy.cuda.cublas"})


def test_the_bundled_atlas_knows_cupy_s_compiled_modules_from_its_sdists() -> None:
    # CuPy publishes no binary wheel as "cupy": cupy/util.pyx (compiled, 4.0.0 to 7.8.0) from the sdists
    assert module_change("cupy", "cupy.util", compiled=True) == Change(
        "cupy", Version("8.0.0"), Version("7.8.0.post1"), None, Version("4.0.0"), Version("14.2.0"), 76)
    assert module_change("cupy", "cupy.util") is None  # its names unknown: no Python file of it read
