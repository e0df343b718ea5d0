"""The bundled API atlas (issue 22): which releases of a package had a name or a method's keyword.

The build is tried on sources and releases written here (what ``ast`` reads, how
releases become spans); the reader on the bundled files, whose facts were each
checked against the two wheels either side of the change (docs/reliability.md).
"""

from __future__ import annotations

import ast
import gzip
import io
import json
import zipfile

import pytest
from packaging.version import Version

from pytest_autoglm_compat.knowledge.generic import atlas, atlas_limits, keyword_history
from pytest_autoglm_compat.tools.history.atlas_build import (
    ATLAS_DIR,
    Release,
    module_of,
    packed,
    read_release,
    releases_to_read,
    spans,
)
from pytest_autoglm_compat.tools.history.atlas_build import (
    atlas as build_atlas,
)
from pytest_autoglm_compat.tools.history.names import bound_names
from pytest_autoglm_compat.tools.history.signatures import class_keywords


def test_the_releases_read_are_the_first_and_last_final_release_of_each_minor_series() -> None:
    versions = [Version(v) for v in ("4.46.0rc1", "4.46.0", "4.46.1", "4.46.3", "4.47.0", "4.48.0", "4.48.1",
                                     "4.49.0.dev0", "1.0")]
    assert releases_to_read(versions, Version("4.0")) == [Version(v) for v in ("4.46.0", "4.46.3", "4.47.0",
                                                                              "4.48.0", "4.48.1")]


def test_spans_are_inclusive_runs() -> None:
    assert spans([5, 0, 1, 2, 6, 9]) == "0-2,5-6,9"
    assert spans([]) == ""


@pytest.mark.parametrize(("member", "module"), [
    ("transformers/models/llama/modeling_llama.py", "transformers.models.llama.modeling_llama"),
    ("peft/__init__.py", "peft"),
    ("peft-0.15.0.dist-info/RECORD.py", None),
    ("tests/test_x.py", None),
    ("transformers/models/x-y/m.py", None),
    # TensorFlow 1.x's wheels: the package under the wheel's purelib folder, installed into site-packages as it is
    ("tensorflow-1.14.0.data/purelib/tensorflow/python/util/tf_export.py", "tensorflow.python.util.tf_export"),
    ("tensorflow-1.14.0.data/platlib/tensorflow/__init__.py", "tensorflow"),
    ("tensorflow-1.14.0.data/scripts/freeze_graph.py", None),
    ("tensorflow-1.14.0.data/headers/tensorflow/x.py", None),
])
def test_a_wheels_member_is_a_module_where_python_can_import_it(member: str, module: str | None) -> None:
    assert module_of(member) == module


def test_a_classs_keywords_are_its_parameters_and_a_dataclasss_are_its_fields() -> None:
    tree = ast.parse(
        "from dataclasses import dataclass, field\n"
        "@dataclass\nclass LoraConfig:\n    r: int = 8\n    trainable_token_indices: list = field(default=None)\n"
        "class Rotary:\n    def __init__(self, dim, max_position_embeddings=2048, *, base=10000):\n        pass\n"
        "    def forward(self, x, **kwargs):\n        pass\n    @classmethod\n    def make(cls, n):\n        pass\n")
    assert class_keywords(tree) == {
        # its fields are attributes too; "(bases)": none, recorded as none
        "LoraConfig": {"__init__": (frozenset({"r", "trainable_token_indices"}), False), "(bases)": (frozenset(), False),
                       "r": (frozenset(), True), "trainable_token_indices": (frozenset(), True)},
        # "*N": how many a call passes by position, self (cls) counted as Python's TypeError counts it; "+K": how many
        # parameters have no default (keyword-only ones too)
        "Rotary": {"__init__": (frozenset({"dim", "max_position_embeddings", "base", "*3", "+2"}), False),
                   "forward": (frozenset({"x", "*2", "+2"}), True), "make": (frozenset({"n", "*2", "+2"}), False),
                   "(bases)": (frozenset(), False)},
    }
    assert bound_names(tree) >= {"dataclass", "field", "LoraConfig", "Rotary"}


def test_a_classs_attributes_are_those_its_body_and_its_init_bind() -> None:
    # networkx 1.x's Graph set self.node in __init__; 2.0 to 2.3 kept "node = nodes" in the class body; a nested
    # function's self is another's, and Python's own dunders are no package's
    tree = ast.parse(
        "class Graph(object):\n    __slots__ = ()\n    node_dict_factory = dict\n"
        "    def __init__(self, data=None, **attr):\n        self.graph = {}\n        if data:\n"
        "            self.node = {}\n        def inner(other):\n            other.edge = 1\n"
        "    def nodes(self):\n        pass\n    node = nodes\n")
    methods = class_keywords(tree)["Graph"]
    assert {name for name, (keywords, any_keyword) in methods.items() if keywords == frozenset() and any_keyword} == {
        "node", "node_dict_factory", "graph"}
    assert methods["nodes"] == (frozenset({"*1", "+1"}), False)  # a method bound to a second name stays a method
    assert methods["(bases)"] == (frozenset({"object"}), False)


def _two_releases() -> dict[str, object]:
    old = Release({"pkg": frozenset({"kept", "gone"})},
                  {("pkg", "Model"): {"__init__": (frozenset({"size", "old_kw"}), False)}})
    new = Release({"pkg": frozenset({"kept", "fresh"}), "pkg.sub": frozenset()},
                  {("pkg", "Model"): {"__init__": (frozenset({"size", "new_kw"}), False)}})
    return packed(build_atlas("pkg", [Version("1.0.0"), Version("2.0.0")], [old, new]))


def test_a_built_atlas_tells_a_removed_name_from_an_added_one_and_from_one_no_release_had(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = _two_releases()
    monkeypatch.setattr(atlas, "_atlas", lambda dist: data)
    atlas._entry.cache_clear()
    atlas.name_change.cache_clear()
    keyword_history.keyword_change.cache_clear()
    atlas._releases.cache_clear()
    gone = atlas.name_change("pkg", "pkg", "gone")
    fresh = atlas.name_change("pkg", "pkg", "fresh")
    assert gone is not None
    assert gone.told == "pkg 2.0.0 removed it (1.0.0 is the last release with it)"
    assert gone.pin == "pkg<2.0.0"
    assert fresh is not None
    assert fresh.pin == "pkg>=2.0.0"
    assert fresh.told == (
        "pkg 2.0.0 added it (the releases before it lack it)")
    assert atlas.name_change("pkg", "pkg", "kept") is None  # every release has it: not a release's doing
    assert atlas.name_change("pkg", "pkg", "misspelt") is None  # no release has it: a typo
    old_kw = keyword_history.keyword_change("pkg", "Model", "__init__", "old_kw")
    assert old_kw is not None
    assert old_kw[0] == "pkg"
    assert old_kw[1].pin == "pkg<2.0.0"
    assert keyword_history.keyword_change("pkg", "Model", "__init__", "typo_kw") is None


def test_an_installed_version_on_the_side_that_has_the_name_is_not_the_change() -> None:
    change = atlas.Change("pkg", Version("2.0.0"), Version("1.4.2"), None, Version("0.1"), Version("3.0"), 9)
    assert change.fits(None)
    assert change.fits("2.0.0")
    assert change.fits("2.1")
    assert not change.fits("1.4.2")
    assert change.pin == "pkg<2.0.0"
    within_series = atlas.Change("pkg", Version("1.4.3"), Version("1.4.0"), None, Version("0.1"), Version("3.0"), 9)
    assert within_series.pin == "pkg<=1.4.0"  # releases between the two were not read


@pytest.mark.parametrize(("dist", "module", "name", "told"), [
    # each checked against the two wheels either side (docs/reliability.md, "The API atlas")
    ("huggingface-hub", "huggingface_hub", "cached_download",
     "huggingface-hub 0.26.0 removed it (0.25.2 is the last release with it)"),
    ("peft", "peft.peft_model", "PEFT_TYPE_TO_MODEL_MAPPING",
     "peft 0.3.0 added it and 0.19.0 removed it (0.18.1 is the last release with it)"),
])
def test_the_bundled_atlas_holds_the_releases_that_removed_names(dist: str, module: str, name: str,
                                                                 told: str) -> None:
    change = atlas.name_change(dist, module, name)
    assert change is not None
    assert change.told == told


def test_the_bundled_atlas_holds_the_release_that_added_a_dataclass_field() -> None:
    found = keyword_history.keyword_change("peft", "LoraConfig", "__init__", "trainable_token_indices")
    assert found is not None
    assert found[0] == "peft.tuners.lora.config"
    assert found[1].pin == "peft>=0.15.0"


def test_every_bundled_file_is_a_distributions_atlas() -> None:
    assert {"transformers", "huggingface-hub", "peft", "accelerate"} <= set(atlas.atlas_distributions())
    for dist in atlas.atlas_distributions():
        data = json.loads(gzip.decompress((ATLAS_DIR / f"{dist}.json.gz").read_bytes()))
        assert data["dist"] == dist
        assert len(data["releases"]) >= 4


def test_a_name_some_releases_export_only_where_a_backend_is_missing_is_no_release_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """transformers before 5.0 exported its dummy objects' module with dir(), and with it requires_backends, which
    they import: present wherever flax (or another backend) is missing. A release change across those releases
    is not one (holdout5's transformer-smaller-training-vocab#20: the atlas said 5.0.0 added it)."""
    dummy = "from ..utils import DummyObject, requires_backends\n\nclass FlaxThing(metaclass=DummyObject):\n    pass\n"
    init = ("try:\n    raise ImportError\nexcept ImportError:\n    from .utils import dummy_flax_objects\n"
            "    _import_structure = [n for n in dir(dummy_flax_objects) if not n.startswith('_')]\n")
    old = read_release(_wheel({"pkg/__init__.py": init, "pkg/utils/__init__.py": "def requires_backends(): pass\n",
                               "pkg/utils/dummy_flax_objects.py": dummy}))
    assert "FlaxThing" in old.modules["pkg"]
    assert "requires_backends" not in old.modules["pkg"]
    assert old.maybe["pkg"] == frozenset({"DummyObject", "requires_backends"})
    new = Release({"pkg": frozenset({"requires_backends"})})
    none = Release({"pkg": frozenset()})
    data = packed(build_atlas("pkg", [Version("1.0"), Version("2.0"), Version("3.0")], [none, old, new]))
    monkeypatch.setattr(atlas, "_atlas", lambda dist: data)
    atlas._entry.cache_clear()
    atlas.name_change.cache_clear()
    atlas._releases.cache_clear()
    assert atlas.name_change("pkg", "pkg", "requires_backends") is None
    assert atlas.name_change("pkg", "pkg", "FlaxThing") is not None  # defined there: a release's own name


def _wheel(files: dict[str, str]) -> bytes:
    """A wheel's zip with these files (what read_release reads of one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _sdist(files: dict[str, str]) -> bytes:
    """An sdist's tar.gz with these files under its top folder."""
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"pkg-1.0/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_an_sdist_is_read_as_the_modules_it_installs_wherever_its_packages_lie() -> None:
    """NumPy, vLLM and flash-attn publish no pure wheel: their sdists are read (``src/`` and ``python/src/``
    layouts, sentencepiece's), without setup.py, tests or vendored code."""
    release = read_release(_sdist({
        "setup.py": "import setuptools\n",
        "python/src/pkg/__init__.py": "from .core import *\nimport warnings\ndel warnings\n",
        "python/src/pkg/core.py": "__all__ = ['Processor']\nclass Processor:\n    def encode(self, text, *, bos=False):\n"
                                  "        pass\n",
        "python/src/pkg/tests/test_core.py": "def test_x():\n    pass\n",
        "tests/helpers/__init__.py": "x = 1\n",
        "third_party/vendored/__init__.py": "y = 1\n",
    }), "pkg-1.0.tar.gz")
    assert sorted(release.modules) == ["pkg", "pkg.core"]
    assert "Processor" in release.modules["pkg"]
    assert "warnings" not in release.modules["pkg"]
    assert release.classes[("pkg.core", "Processor")] == {"encode": (frozenset({"text", "bos", "*2", "+2"}), False),
                                                          "(bases)": (frozenset(), False)}


def test_a_name_the_module_deletes_after_binding_it_is_not_one_of_its_names() -> None:
    """NumPy 1.24's ``del sys, warnings``: ``np.warnings`` went with it (1.23's ``__init__`` kept it)."""
    assert "warnings" not in bound_names(ast.parse("import sys\nimport warnings\ndel sys, warnings\n"))
    assert "warnings" in bound_names(ast.parse("import sys\nimport warnings\ndel sys\n"))


def test_names_written_as_strings_outside_a_name_table_may_or_may_not_be_the_modules() -> None:
    """NumPy 1.24.4's ``_type_info`` lists "float" with the message for the alias it removed: the atlas read it as
    a name of numpy again and told np.float as back in 1.24.4. A lazy loader's table (``_import_structure``,
    ``__all__``) still lists names."""
    tree = ast.parse("_type_info = [('float', 'msg')]\n__all__ = ['ones']\n_import_structure = {'x': ['Model']}\n"
                     "_import_structure['y'].append('Other')\n")
    assert bound_names(tree) >= {"ones", "Model", "Other", "_type_info"}
    assert "float" not in bound_names(tree)
    release = read_release(_wheel({"pkg/__init__.py": "_type_info = [('float', 'msg')]\n"}))
    assert release.maybe["pkg"] == frozenset({"float", "msg"})


def test_a_table_of_deprecated_names_a_module_serves_holds_its_names_and_a_table_of_former_ones_does_not() -> None:
    """NumPy 1.20-1.23 serve ``np.float`` from ``__deprecated_attrs__`` (keys from a comprehension over
    ``_type_info``), 1.24.4 lists it in ``__former_attrs__`` only to say it is gone (read in the 1.23.5 and 1.24.4
    sdists)."""
    served = ast.parse("_type_info = [('object', ''), ('float', 'msg')]\n__deprecated_attrs__ = {}\n"
                       "__deprecated_attrs__.update({n: (1, m) for n, m in _type_info})\n"
                       "__deprecated_attrs__['typeDict'] = (2, 'msg')\n")
    assert bound_names(served) >= {"object", "float", "typeDict"}
    former = ast.parse("_type_info = [('object', ''), ('float', 'msg')]\n"
                       "__former_attrs__ = {n: m for n, m in _type_info}\n"
                       "_financial_names = ['fv', 'pv']\n__expired_functions__ = {n: 'gone' for n in _financial_names}\n")
    assert not bound_names(former) & {"object", "float", "fv", "pv"}
    release = read_release(_wheel({"pkg/__init__.py": "_type_info = [('float', 'msg')]\n"
                                                      "__former_attrs__ = {n: m for n, m in _type_info}\n"}))
    assert "float" not in release.maybe.get("pkg", frozenset())


def test_a_packages_all_extended_with_its_submodules_all_is_what_a_star_import_of_it_finds() -> None:
    """NumPy's ``numpy.core`` adds ``numeric.__all__`` to its own, ``numeric`` adds ``numerictypes``' with a helper
    of its own (``extend_all``), and ``numpy`` star-imports ``numpy.core``."""
    release = read_release(_wheel({
        "pkg/__init__.py": "from .core import *\n",
        "pkg/core/__init__.py": "from . import numeric\nfrom .numeric import *\nfrom .shape import *\n"
                                "__all__ = ['char']\n__all__ += numeric.__all__\n__all__.extend(shape.__all__)\n",
        "pkg/core/numeric.py": "from . import numerictypes\n__all__ = ['ones']\n"
                               "def extend_all(module):\n    __all__.extend(module.__all__)\n"
                               "extend_all(numerictypes)\n",
        "pkg/core/numerictypes.py": "__all__ = ['typeDict']\ntypeDict = {}\n",
        "pkg/core/shape.py": "__all__ = ['stack']\n",
    }))
    assert release.modules["pkg"] >= {"char", "ones", "typeDict", "stack"}


@pytest.mark.parametrize(("dist", "module", "name", "told"), [
    # np.float: numpy/__init__.py of the 1.23.5 and 1.24.0 sdists (2026-12-03); NumPy 1.23's release notes list
    # np.alen and np.asscalar among the expired deprecations
    ("numpy", "numpy", "float", "numpy 1.24.0 removed it (1.23.5 is the last release with it)"),
    ("numpy", "numpy", "typeDict", "numpy 1.24.0 removed it (1.23.5 is the last release with it)"),
    ("numpy", "numpy", "alen", "numpy 1.23.0 removed it (1.22.4 is the last release with it)"),
    # the packages beyond the stack whose removed names break code in the field, each as its release notes say
    ("pillow", "PIL.Image", "ANTIALIAS", "pillow 10.0.0 removed it (9.5.0 is the last release with it)"),
    ("packaging", "packaging.version", "LegacyVersion", "packaging 22.0 removed it (21.3 is the last release with it)"),
    # torch, read from its macOS wheels (the same Python files as its Linux wheels, a tenth of their size);
    # each as torch's release notes and its files at the tag say
    ("torch", "torch", "compiler", "torch 2.1.0 added it (the releases before it lack it)"),
    ("torch", "torch.library", "register_fake", "torch 2.4.0 added it (the releases before it lack it)"),
    ("torch", "torch.utils._pytree", "register_pytree_node", "torch 2.2.0 added it (the releases before it lack it)"),
    ("torch", "torch.amp", "custom_fwd", "torch 2.4.0 added it (the releases before it lack it)"),
    # gradio 4.0 removed the layout Box and the gradio.inputs/outputs namespaces (its 4.0 migration guide)
    ("gradio", "gradio", "Box", "gradio 4.0.0 removed it (3.50.2 is the last release with it)"),
    # pydantic 2.0 moved BaseSettings to pydantic-settings (its migration guide)
    ("pydantic", "pydantic", "BaseSettings", "pydantic 2.0 removed it (1.10.27 is the last release with it)"),
    ("typing-extensions", "typing_extensions", "TypeAliasType",
     "typing-extensions 4.6.0 added it (the releases before it lack it)"),
    # Werkzeug 3.0 removed its deprecated URL helpers (its 3.0.0 changelog); pandas 1.2 removed Panel
    ("werkzeug", "werkzeug.urls", "url_quote", "werkzeug 3.0.0 removed it (2.3.8 is the last release with it)"),
    ("pandas", "pandas", "Panel", "pandas 1.2.0 removed it (1.1.5 is the last release with it)"),
])
def test_the_bundled_atlas_holds_names_beyond_the_stack(dist: str, module: str, name: str, told: str) -> None:
    change = atlas.name_change(dist, module, name)
    assert change is not None
    assert change.told == told


def test_a_compiled_modules_stub_gives_maybe_names_and_a_stub_beside_its_module_is_not_read() -> None:
    """torch/_C/__init__.pyi is all the text torch._C has, and torch star-imports it; torch 2.1.0's stub lacks
    float8_e4m3fn, which that release's torch._C has: a stub's names are maybe, never the ground for a change."""
    release = read_release(_wheel({
        "pkg/__init__.py": "from pkg._C import *\nfrom pkg import sub\n",
        "pkg/_C/__init__.pyi": "from typing import Any\nfloat32: Any = ...\ndef isin(x: Any) -> Any: ...\n",
        "pkg/sub.py": "def own(): pass\n",
        "pkg/sub.pyi": "def own() -> None: ...\ndef only_in_the_stub() -> None: ...\n",
    }))
    assert release.modules["pkg._C"] == frozenset()
    assert release.maybe["pkg._C"] >= {"float32", "isin"}
    assert {"float32", "isin"} <= release.maybe["pkg"]
    assert not {"float32", "isin"} & release.modules["pkg"]
    assert "sub" in release.modules["pkg"]
    assert release.modules["pkg.sub"] == {"own"}


@pytest.mark.parametrize(("dist", "module", "told"), [
    ("torch", "torch._six", "torch 2.0.0 removed it (1.13.1 is the last release with it)"),
    # timm 0.9 moved timm.models.layers to timm.layers and left a shim package without the submodules
    ("timm", "timm.models.layers.helpers", "timm 0.9.0 removed it (0.6.13 is the last release with it)"),
    # MoviePy 2.0 dropped moviepy.editor (its v2 migration guide); setuptools 82.0.0 dropped pkg_resources (its
    # changelog), which the setuptools distribution shipped as a top-level package of its own
    ("moviepy", "moviepy.editor", "moviepy 2.0.0 removed it (1.0.3 is the last release with it)"),
    ("setuptools", "pkg_resources", "setuptools 82.0.0 removed it (81.0.0 is the last release with it)"),
    ("protobuf", "google.protobuf.internal.builder", "protobuf 3.20.0 added it (the releases before it lack it)"),
])
def test_the_bundled_atlas_holds_submodules_torch_and_timm_removed(dist: str, module: str, told: str) -> None:
    change = atlas.module_change(dist, module)
    assert change is not None
    assert change.told == told


def test_a_torch_name_only_its_stub_shows_is_not_told_as_a_change() -> None:
    """torch.isin lives in torch._C._VariableFunctions, whose stub lists it: maybe, so no release is named."""
    assert atlas.name_change("torch", "torch", "isin") is None


# TensorFlow's wheels, as their files are laid out (session 19): the shapes read from tensorflow 1.5.0, 1.15.0, 2.0.0
# and 2.10.0's wheels, cut to the lines that matter

_TF1_INIT = "from tensorflow.python import *\nfrom tensorflow.python.util.lazy_loader import LazyLoader\n" \
            "contrib = LazyLoader('contrib', globals(), 'tensorflow.contrib')\ndel LazyLoader\n"
_TF1_PYTHON = ("from tensorflow.python.client.client_lib import *\nfrom tensorflow.python.ops.array_ops import *\n"
               "__all__ = [s for s in dir() if s in _exported_dunders or not s.startswith('_')]\n")


def test_tensorflow_1_s_package_under_the_wheel_s_purelib_is_read_through_its_star_imports() -> None:
    release = read_release(_wheel({
        "tensorflow-1.5.0.data/purelib/tensorflow/__init__.py": _TF1_INIT,
        "tensorflow-1.5.0.data/purelib/tensorflow/python/__init__.py": _TF1_PYTHON,
        "tensorflow-1.5.0.data/purelib/tensorflow/python/client/client_lib.py":
            "from tensorflow.python.client.session import Session\n",
        "tensorflow-1.5.0.data/purelib/tensorflow/python/client/session.py": "class Session: pass\n",
        "tensorflow-1.5.0.data/purelib/tensorflow/python/ops/array_ops.py": "def placeholder(): pass\n",
        "tensorflow-1.5.0.data/purelib/tensorflow/contrib/__init__.py": "",
        "tensorflow-1.5.0.data/scripts/freeze_graph.py": "x = 1\n",
    }), "tensorflow-1.5.0-cp36-cp36m-macosx_10_11_x86_64.whl")
    # an __all__ computed from dir() exports every public name; what a star-imported module only imports is maybe
    assert {"placeholder", "contrib"} <= release.modules["tensorflow"]
    assert "Session" in release.maybe["tensorflow"]
    assert "tensorflow.contrib" in release.modules
    assert release.virtual == set()  # contrib has files of its own


def test_tensorflow_core_is_read_under_tensorflow_s_names_for_the_subpackages_it_forwards() -> None:
    init = ('_top_level_modules = ["tensorflow._api", "tensorflow.python", "tensorflow.keras"]\n'
            "def _forward_module(old_name):\n    parts = old_name.split('.')\n    parts[0] = parts[0] + '_core'\n"
            "from tensorflow_core import *\n")
    release = read_release(_wheel({
        "tensorflow/__init__.py": init,
        "tensorflow_core/__init__.py": "from tensorflow_core.python.client.session import Session\n",
        "tensorflow_core/python/__init__.py": "",
        "tensorflow_core/python/util/tf_export.py": "def keras_export(): pass\n",
        "tensorflow_core/contrib/__init__.py": "class Stub:\n    def run(self, x): pass\n",  # 2.0's stub, not forwarded
    }), "tensorflow-2.0.0-cp37-cp37m-macosx_10_11_x86_64.whl")
    assert release.modules["tensorflow.python.util.tf_export"] == frozenset({"keras_export"})
    assert "tensorflow.contrib" not in release.modules
    assert "tensorflow_core.contrib" in release.modules
    assert ("tensorflow.contrib", "Stub") not in release.classes  # its classes no more forwarded than its module
    assert "tensorflow.keras" in release.virtual  # named, with no file: made at import time
    assert "Session" in release.modules["tensorflow"]
    assert "Session" not in release.maybe.get("tensorflow", ())


def test_the_generated_api_folder_a_package_adds_to_its_path_is_read_under_the_package_s_names() -> None:
    # the lines that matter of tensorflow 1.12.0's and 2.2.0's tensorflow/__init__.py, and 1.15.0's tensorflow_core's
    tf112 = ("import os as _os\nfrom tensorflow._api.v1 import app\nfrom tensorflow._api.v1 import math\n"
             "_tf_api_dir = _os.path.dirname(_os.path.dirname(app.__file__))  # pylint: disable=undefined-variable\n"
             "if _tf_api_dir not in __path__:\n  __path__.append(_tf_api_dir)\n")
    tf22 = ("import sys as _sys\nfrom ._api.v2 import bitwise\nfrom ._api.v2 import math\n"
            "_API_MODULE = _sys.modules[__name__].bitwise\n"
            "_tf_api_dir = _os.path.dirname(_os.path.dirname(_API_MODULE.__file__))\n"
            "if not hasattr(_current_module, '__path__'):\n  __path__ = [_tf_api_dir]\n"
            "elif _tf_api_dir not in __path__:\n  __path__.append(_tf_api_dir)\n")
    tf115_core = tf22.replace("from ._api.v2 import", "from tensorflow._api.v1 import")
    api = {"app/__init__.py": "", "bitwise/__init__.py": "", "math/__init__.py": "from x import add\n",
           "python/__init__.py": "class Generated: pass\n"}
    for wheel, package, folder in ((tf112, "tensorflow", "tensorflow/_api/v1"),
                                   (tf22, "tensorflow", "tensorflow/_api/v2"),
                                   (tf115_core, "tensorflow_core", "tensorflow_core/_api/v1")):
        files = {f"{package}/__init__.py": wheel, f"{package}/python/__init__.py": "class Own: pass\n",
                 **{f"{folder}/{name}": source for name, source in api.items()}}
        release = read_release(_wheel(files))
        assert release.modules[f"{package}.math"] == frozenset({"add"}), package
        assert f"{package}.bitwise" in release.modules
        # the package's own folder comes first on __path__: its own module wins
        assert release.modules[f"{package}.python"] == frozenset({"Own"})
        assert (f"{package}.python", "Generated") not in release.classes
    # TensorFlow 1.11's __init__ adds only estimator's folder, another distribution's: nothing is read so
    tf111 = ("import os\nfrom tensorflow.python.estimator import api as estimator_api\n"
             "__path__ += [os.path.dirname(estimator_api.__file__)]\n")
    release = read_release(_wheel({"tensorflow/__init__.py": tf111, "tensorflow/_api/v1/math/__init__.py": ""}))
    assert "tensorflow.math" not in release.modules


def test_a_name_bound_to_a_lazy_loader_is_a_submodule_made_at_import_time() -> None:
    init = ('_keras_module = "keras.api._v2.keras"\n_keras = _LazyLoader("keras", globals(), _keras_module)\n'
            'setattr(_current_module, "keras", _keras)\n'
            'setattr(_current_module, "losses", _KerasLazyLoader(globals(), submodule="losses"))\n'
            "estimator = _LazyLoader('estimator', globals(), 'tensorflow_estimator')\n")
    release = read_release(_wheel({"tensorflow/__init__.py": init, "tensorflow/estimator/__init__.py": ""}),
                           "tensorflow-2.10.0-cp310-cp310-macosx_10_14_x86_64.whl")
    assert release.virtual == {"tensorflow.keras", "tensorflow.losses"}  # estimator has a file
    data = build_atlas("tensorflow", [Version("2.10.0")], [release])
    assert data["modules"]["tensorflow.keras"]["compiled"] == "0"  # type: ignore[index]


def test_a_name_only_an_optional_import_binds_is_one_a_release_may_or_may_not_have() -> None:
    # SciPy 1.0's scipy/misc/__init__.py: imread and imsave only where Pillow imports (holdout33a's distractor
    # mglearn#5: Pillow missing, an old SciPy)
    release = read_release(_wheel({
        "scipy/__init__.py": "",
        "scipy/misc/__init__.py": ("from .common import *\n__all__ = ['face']\ntry:\n    from .pilutil import *\n"
                                   "    from . import pilutil\n    __all__ += pilutil.__all__\nexcept ImportError:\n"
                                   "    pass\n"),
        "scipy/misc/common.py": "def face(): pass\n",
        "scipy/misc/pilutil.py": "from PIL import Image\n__all__ = ['imread', 'imsave']\ndef imread(): pass\n"
                                 "def imsave(): pass\n",
    }))
    assert "face" in release.modules["scipy.misc"]
    assert not {"imread", "imsave", "pilutil"} & release.modules["scipy.misc"]
    assert {"imread", "imsave", "pilutil"} <= release.maybe["scipy.misc"]
    # the release bisection (explain --index) asks whether a release can have the name: it can
    assert bound_names(ast.parse("try:\n    from .pilutil import imread\nexcept ImportError:\n    pass\n")) == {"imread"}


def test_scipy_misc_imread_was_there_only_with_pillow_until_scipy_1_3_0_removed_it() -> None:
    # SciPy 1.0 to 1.2's scipy/misc/__init__.py imports its PIL helpers in a try (session 19's rebuild of the atlas)
    assert atlas.name_change("scipy", "scipy.misc", "imread") is None
    assert atlas_limits.optional_then_gone("scipy", "scipy.misc", "imread") == (Version("1.2.3"), Version("1.3.0"))
    assert atlas_limits.optional_then_gone("scipy", "scipy.misc", "face") is None
