"""Whether a module's source defines a name, and which release first did or last did.

A name counts as in a module when the module's top level binds it (``def``, ``class``, an
assignment, an import), lists it as a string (``__all__``, transformers' lazy
``_import_structure``) or names it in a module ``__getattr__`` (a deprecation shim), and
does not ``del`` it after: what ``from module import name`` can find. Read from the source
with ``ast``, never imported.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from packaging.version import Version


def _top_level(body: Sequence[ast.stmt], *, type_checking: bool = True) -> Iterator[ast.stmt]:
    """The module's own statements, those under if/try/with included (TYPE_CHECKING, fallbacks); without
    ``type_checking``, the statements that may run when it is imported (an ``if TYPE_CHECKING:`` body left out)."""
    for node in body:
        yield node
        if not type_checking and isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            yield from _top_level(node.orelse, type_checking=type_checking)
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody"):
                yield from _top_level(getattr(node, field, []) or [], type_checking=type_checking)
            for handler in getattr(node, "handlers", []) or []:
                yield from _top_level(handler.body, type_checking=type_checking)


#: the exceptions a try around an import catches when what it imports is optional
_IMPORT_FAILURES = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _catches_import_failure(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(kind is None or (isinstance(kind, ast.Name) and kind.id in _IMPORT_FAILURES)
               or (isinstance(kind, ast.Attribute) and kind.attr in _IMPORT_FAILURES) for kind in kinds)


def optional_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run only where an import succeeds: the body (and else) of a ``try`` whose handler catches
    ImportError (SciPy 1.0's ``scipy/misc/__init__.py``: ``try: from .pilutil import *`` ``except ImportError: pass``,
    so ``scipy.misc.imread`` is there only with Pillow installed)."""
    for node in body:
        if isinstance(node, ast.Try) and any(_catches_import_failure(h) for h in node.handlers):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, (ast.If, ast.With, ast.Try)):
            for field in ("body", "orelse", "finalbody"):
                yield from optional_statements(getattr(node, field, []) or [])


def defines(source: str, name: str) -> bool:
    """``from <this module> import name`` would find ``name`` in this source."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return name in source  # a file this Python cannot parse (a newer syntax): the text decides
    return name in bound_names(tree)


#: the tables in which a module lists, as strings, names it exports: ``__all__``, the lazy loaders' tables
#: (transformers', diffusers' and trl's ``_import_structure``, huggingface_hub's ``_SUBMOD_ATTRS``, vLLM's
#: ``MODULE_ATTRS``)
_NAME_TABLES = re.compile(r"__all__|_import_structure|_SUBMOD_ATTRS|MODULE_ATTRS")


def bound_names(tree: ast.Module) -> frozenset[str]:
    """Every name ``from <this module> import name`` can find in a parsed module (where its optional imports
    succeed: the release bisection asks whether a release can have the name)."""
    found, listed = bound_and_listed_names(tree)
    return found | (listed & optionally_bound(tree))


def optionally_bound(tree: ast.Module) -> frozenset[str]:
    """The names statements under an optional import's ``try`` bind (some may be bound elsewhere too)."""
    return frozenset(name for node in optional_statements(tree.body) for name in _bound_by(node))


#: the tables a module's ``__getattr__`` serves deprecated names from (NumPy 1.20-1.25's ``__deprecated_attrs__``:
#: ``np.float`` until 1.23, ``np.typeDict`` until 1.23): the module still has those names
_SERVED_TABLES = re.compile(r"__deprecated_attrs__")
#: the tables in which a module lists the names it no longer has, to say so in its error (NumPy's
#: ``__former_attrs__`` from 1.24.4, ``__expired_functions__``, NumPy 2's ``__expired_attributes__``)
_FORMER_TABLES = re.compile(r"__former_attrs__|__expired_functions__|__expired_attributes__")


#: more strings than this in one statement outside a name table are data, not names (spaCy's lemma lookups: 1.3
#: million strings in spacy.lang.tr.lemmatizer, 34 MB of atlas)
_DATA_STRINGS = 2000


def bound_and_listed_names(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """The module's bound names, and the names its top level writes as strings outside its name tables (NumPy's
    ``__future_scalars__``): the module may or may not have those, and its ``__getattr__`` may or may not answer
    for them, release by release. The keys of a table of deprecated names its ``__getattr__`` serves are its
    names; the keys of a table of former names are not, nor maybe."""
    found: set[str] = set()
    listed: set[str] = set()
    former: set[str] = set()
    literals: dict[str, ast.expr] = {}  # a top-level name bound to a list, tuple or set literal (NumPy's _type_info)
    optional = {id(node) for node in optional_statements(tree.body)}
    certain: set[str] = set()  # what the module binds outside an optional import's try
    for node in _top_level(tree.body):
        if id(node) not in optional:
            certain.update(_bound_by(node))
        deprecation = _deprecation_table(node)
        if deprecation is not None:
            name, keys = deprecation
            (found if _SERVED_TABLES.fullmatch(name) else former).update(_keys(keys, literals))
            if isinstance(node, ast.Assign):
                found.update(t.id for t in node.targets if isinstance(t, ast.Name))
            continue
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.List, ast.Tuple, ast.Set))):
            literals[node.targets[0].id] = node.value
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
            if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":  # a deprecation shim (PEP 562)
                found.update(_strings(node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((alias.asname or alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)):
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            found.update(t.id for t in targets if isinstance(t, ast.Name))
            table = any(_NAME_TABLES.fullmatch(name) for name in _written(node))
            strings = _strings(node)
            if table or len(strings) <= _DATA_STRINGS:
                (found if table else listed).update(strings)
        elif isinstance(node, ast.Delete):  # NumPy 1.24's "del sys, warnings": np.warnings is gone
            found.difference_update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.For):
            found.update(_bound_in_loop(node, literals))
    found.discard("*")
    # a name only an optional import binds may or may not be there, by what is installed beside the package
    only_optional = optionally_bound(tree) - certain
    found -= only_optional
    listed |= only_optional
    return frozenset(found), frozenset(listed - found - former)


def _bound_in_loop(loop: ast.For, literals: dict[str, ast.expr]) -> set[str]:
    """The names a top-level loop binds through the module's namespace, one per string of a literal it walks:
    SciPy 1.1-1.12's ``for name in deprecated_windows: locals()[name] = deco(name)`` (``scipy.signal.kaiser``)."""
    if not isinstance(loop.target, ast.Name):
        return set()
    source = literals.get(loop.iter.id) if isinstance(loop.iter, ast.Name) else loop.iter
    if not isinstance(source, (ast.List, ast.Tuple, ast.Set)):
        return set()
    for node in loop.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Name)
                and target.slice.id == loop.target.id and isinstance(target.value, ast.Call)
                and isinstance(target.value.func, ast.Name) and target.value.func.id in ("locals", "globals")):
            return {item.value for item in source.elts
                    if isinstance(item, ast.Constant) and isinstance(item.value, str)}
    return set()


def _bound_by(node: ast.stmt) -> set[str]:
    """The names one statement binds at the top level (an import, a definition, an assignment to names)."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name.split(".")[0]) for alias in node.names} - {"*"}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    return set()


def _deprecation_table(node: ast.stmt) -> tuple[str, ast.expr] | None:
    """(table, what gives its keys) where a statement writes a table of deprecated or former names:
    ``T = {...}``, ``T["name"] = ...``, ``T.update({...})``."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name) and _is_deprecation_table(target.id):
            return target.id, node.value
        if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                and _is_deprecation_table(target.value.id)):
            return target.value.id, ast.Set(elts=[target.slice])
    if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and len(node.value.args) == 1
            and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "update"
            and isinstance(node.value.func.value, ast.Name) and _is_deprecation_table(node.value.func.value.id)):
        return node.value.func.value.id, node.value.args[0]
    return None


def _is_deprecation_table(name: str) -> bool:
    return bool(_SERVED_TABLES.fullmatch(name) or _FORMER_TABLES.fullmatch(name))


def _keys(node: ast.expr, literals: dict[str, ast.expr]) -> set[str]:
    """The string keys a table expression gives: a dict's or a set's constants, or a comprehension's keys taken
    from a literal the module bound before (``{n: ... for n, msg in _type_info}``)."""
    if isinstance(node, ast.Dict):
        return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    if isinstance(node, ast.Set):
        return {k.value for k in node.elts if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    if not (isinstance(node, ast.DictComp) and isinstance(node.key, ast.Name) and len(node.generators) == 1):
        return set()
    loop = node.generators[0]
    source = literals.get(loop.iter.id) if isinstance(loop.iter, ast.Name) else loop.iter
    if not isinstance(source, (ast.List, ast.Tuple, ast.Set)):
        return set()
    if isinstance(loop.target, ast.Name) and loop.target.id == node.key.id:
        items = list(source.elts)
    elif isinstance(loop.target, ast.Tuple):
        places = [i for i, t in enumerate(loop.target.elts) if isinstance(t, ast.Name) and t.id == node.key.id]
        if not places:
            return set()
        items = [e.elts[places[0]] for e in source.elts
                 if isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) == len(loop.target.elts)]
    else:
        return set()
    return {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier()}


def _written(node: ast.stmt) -> list[str]:
    """The names a statement writes to: its targets' base names (``_import_structure["x"] = ...``), or the
    object whose method an expression calls (``__all__.extend(...)``, ``_import_structure["x"].append(...)``)."""
    if isinstance(node, ast.Expr):
        bases = [node.value.func] if isinstance(node.value, ast.Call) else []
    else:
        bases = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
    names = []
    for base in bases:
        while isinstance(base, (ast.Attribute, ast.Subscript)):
            base = base.value
        if isinstance(base, ast.Name):
            names.append(base.id)
    return names


def exported_names(tree: ast.Module) -> frozenset[str]:
    """The names a module's ``__all__`` lists: what a package that gathers its submodules' ``__all__`` at import
    time (transformers' ``define_import_structure``, 4.47 and later) exports from it. An ``__all__`` computed from
    ``dir()`` (TensorFlow 1.x's ``tensorflow/python/__init__.py``: every public name it bound) lists none of its own:
    the module's public names are what it exports (empty here, as for a module without ``__all__``)."""
    found: set[str] = set()
    for node in _top_level(tree.body):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "dir"
                   for n in ast.walk(node)):
                return frozenset()
            found.update(n.value for n in ast.walk(node)
                         if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier())
    return frozenset(found)


def imported_names(tree: ast.Module) -> frozenset[str]:
    """The names a module's own top-level imports bind (what it only passes on, not what it defines)."""
    found: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((alias.asname or alias.name.split(".")[0]) for alias in node.names)
    found.discard("*")
    return frozenset(found)


def absolute_module(node: ast.ImportFrom, package: str) -> str:
    """The module a ``from ... import`` reads, as an absolute name."""
    if not node.level:
        return node.module or ""
    base = package.split(".")
    base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, *([node.module] if node.module else [])])


def _imported_modules(tree: ast.Module, package: str) -> tuple[dict[str, str], set[str]]:
    """The names ``from .x import y [as z]`` binds, each to the absolute name it may be a module of, and the
    modules a star import reads."""
    imported: dict[str, str] = {}
    starred: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.ImportFrom):
            source = absolute_module(node, package)
            for alias in node.names:
                if alias.name == "*":
                    starred.add(source)
                else:
                    imported[alias.asname or alias.name] = f"{source}.{alias.name}" if source else alias.name
    return imported, starred


def extended_from(tree: ast.Module, module: str, is_package: bool) -> frozenset[str]:
    """The modules whose ``__all__`` this one adds to its own: ``__all__ += numeric.__all__``,
    ``__all__.extend(core.__all__)``, or a helper of the module's that extends ``__all__`` with a module's
    (NumPy's ``extend_all(numerictypes)``). Absolute names; what NumPy's top level gathers from ``numpy.core``
    with a star import is its ``__all__`` so extended (``np.typeDict`` before 1.21)."""
    imported, starred = _imported_modules(tree, module if is_package else module.rpartition(".")[0])
    if is_package:  # "from .type_check import *" binds the submodule type_check in its package too
        imported.update({source.rpartition(".")[2]: source for source in starred
                         if source.rpartition(".")[0] == module and source.rpartition(".")[2] not in imported})
    helpers = {node.name for node in _top_level(tree.body)
               if isinstance(node, ast.FunctionDef) and len(node.args.args) == 1
               and any(isinstance(n, ast.Name) and n.id == "__all__" for n in ast.walk(node))}
    found: set[str] = set()

    def modules_all(node: ast.AST) -> None:  # every "<module>.__all__" an expression reads
        for item in ast.walk(node):
            if (isinstance(item, ast.Attribute) and item.attr == "__all__" and isinstance(item.value, ast.Name)
                    and item.value.id in imported):
                found.add(imported[item.value.id])

    for node in _top_level(tree.body):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                modules_all(node.value)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if (isinstance(call.func, ast.Attribute) and call.func.attr == "extend"
                    and isinstance(call.func.value, ast.Name) and call.func.value.id == "__all__"):
                modules_all(call)
            elif (isinstance(call.func, ast.Name) and call.func.id in helpers and len(call.args) == 1
                  and isinstance(call.args[0], ast.Name) and call.args[0].id in imported):
                found.add(imported[call.args[0].id])
    found.discard(module)
    return frozenset(found)


def optionally_gathered(tree: ast.Module, module: str, is_package: bool) -> frozenset[str]:
    """The modules whose names this one star-imports only where an import succeeds (``optional_statements``)."""
    package = module if is_package else module.rpartition(".")[0]
    return frozenset(absolute_module(node, package) for node in optional_statements(tree.body)
                     if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names))


def gathered_modules(tree: ast.Module, module: str, is_package: bool) -> frozenset[str]:
    """The modules whose names this one re-exports without listing them: ``from .x import *``, and
    ``dir(x)`` of a module it imported (transformers before 4.52 exported its dummy objects so, and what they
    import with them). Absolute names; the caller adds the public names of those that are in the same wheel."""
    imported, starred = _imported_modules(tree, module if is_package else module.rpartition(".")[0])
    found: set[str] = set(starred)
    for node in _top_level(tree.body):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "dir"
                    and len(call.args) == 1 and isinstance(call.args[0], ast.Name) and call.args[0].id in imported):
                found.add(imported[call.args[0].id])
    found.discard("")
    return frozenset(found)


def copied_alls(tree: ast.Module, module: str, is_package: bool) -> frozenset[str]:
    """The modules whose ``__all__`` this one binds name by name at import: ``for _key in np.__all__: ...
    globals()[_key] = _fun`` (SciPy 1.4 to 1.11's copies of NumPy's names). Absolute names."""
    aliases, _ = _imported_modules(tree, module if is_package else module.rpartition(".")[0])
    aliases.update(((a.asname, a.name) if a.asname else (a.name.partition(".")[0],) * 2)
                   for node in _top_level(tree.body) if isinstance(node, ast.Import) for a in node.names)
    found: set[str] = set()
    for node in _top_level(tree.body):
        if not (isinstance(node, ast.For) and isinstance(node.target, ast.Name) and isinstance(node.iter, ast.Attribute)
                and node.iter.attr == "__all__" and isinstance(node.iter.value, ast.Name)
                and node.iter.value.id in aliases):
            continue
        key = node.target.id
        if any(isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store) and isinstance(n.value, ast.Call)
               and isinstance(n.value.func, ast.Name) and n.value.func.id == "globals"
               and isinstance(n.slice, ast.Name) and n.slice.id == key for n in ast.walk(node)):
            found.add(aliases[node.iter.value.id])
    return frozenset(found)


@dataclass(frozen=True)
class Boundary:
    """Where a name appears or disappears among a package's releases, as far as the releases read show."""

    removed_in: Version | None = None  # first release without it, after one with it
    last_with: Version | None = None
    added_in: Version | None = None  # first release with it, after one without it
    never: bool = False  # no release read has it
    always: bool = False  # every release read has it
    read: int = 0  # releases whose files were read


def boundary(releases: Sequence[Version], has: Callable[[Version], bool | None]) -> Boundary:
    """Bisect ``releases`` (oldest first) for where ``has`` changes; ``has`` answers None for a release it
    cannot read (no wheel, an error), which is skipped. A removed name is looked for backwards from the
    newest release in doubling steps, then bisected; an added one between the oldest and the newest."""
    answers: dict[int, bool] = {}

    def ask(index: int) -> bool | None:
        if index not in answers:
            found = has(releases[index])
            if found is None:
                return None
            answers[index] = found
        return answers[index]

    def nearest(index: int, step: int) -> int | None:  # the closest readable release from index, going by step
        while 0 <= index < len(releases):
            if ask(index) is not None:
                return index
            index += step
        return None

    newest = nearest(len(releases) - 1, -1)
    if newest is None:
        return Boundary()
    start: int | None = None
    if answers[newest]:
        start = nearest(0, 1)
        if start is None or answers[start]:
            return Boundary(always=True, read=len(answers))
    else:
        step = 1
        while newest - step >= 0:
            probe = nearest(newest - step, -1)
            if probe is None:
                break
            if answers[probe]:
                start = probe
                break
            step *= 2
        if start is None:  # the doubling steps passed the oldest release: ask it too
            oldest = nearest(0, 1)
            start = oldest if oldest is not None and answers[oldest] else None
        if start is None:
            return Boundary(never=True, read=len(answers))
    low: int = start
    high: int = newest  # the two differ: low without and high with it (added), or the other way (removed)
    want = answers[low]
    while high - low > 1:
        middle = (low + high) // 2
        found = nearest(middle, 1)
        if found is None or found >= high:
            found = nearest(middle, -1)
            if found is None or found <= low:
                break
        probe = found
        if answers[probe] == want:
            low = probe
        else:
            high = probe
    if want:
        return Boundary(removed_in=releases[high], last_with=releases[low], read=len(answers))
    return Boundary(added_in=releases[high], read=len(answers))


def lazily_bound(tree: ast.Module) -> set[str]:
    """The names a module binds to a lazy loader at its top level: ``keras = _LazyLoader("keras", ...)``, and
    ``setattr(_current_module, "keras", _keras)`` of a name so bound, or of a loader made in the call (TensorFlow)."""
    def lazy(value: ast.expr | None) -> bool:
        func = value.func if isinstance(value, ast.Call) else None
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return "LazyLoader" in name
    loaders: set[str] = set()
    bound: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and lazy(node.value):
            loaders.update(t.id for t in node.targets if isinstance(t, ast.Name))
        call = node.value if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) else None
        if (call is not None and isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3
                and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str)
                and (lazy(call.args[2]) or (isinstance(call.args[2], ast.Name) and call.args[2].id in loaders))):
            bound.add(call.args[1].value)
    return bound | {name for name in loaders if not name.startswith("_")}


def api_dir_on_path(tree: ast.Module, package: str) -> str | None:
    """The package of generated API modules a top package's ``__init__`` appends to its ``__path__``; None where the
    ``__init__`` does not read so. TensorFlow 1.12 on: ``from tensorflow._api.v1 import app``, then
    ``__path__.append(_os.path.dirname(_os.path.dirname(app.__file__)))``, so ``tensorflow.math`` imports
    ``tensorflow/_api/v1/math`` (1.14 on name the module ``_API_MODULE = bitwise`` or
    ``_sys.modules[__name__].bitwise`` first)."""
    def last_name(node: ast.expr | None) -> str | None:
        return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None

    def dirname_of(node: ast.AST | None) -> ast.expr | None:
        """``x`` of ``os.path.dirname(x)`` or ``dirname(x)``."""
        if isinstance(node, ast.Call) and node.args and last_name(node.func) == "dirname":
            return node.args[0]
        return None

    marker = next((last_name(inner.value) for node in ast.walk(tree)
                   if isinstance(inner := dirname_of(dirname_of(node)), ast.Attribute) and inner.attr == "__file__"),
                  None)
    assigned = {t.id: last_name(node.value) for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    marker = assigned.get(marker or "") or marker
    for node in tree.body:
        if (isinstance(node, ast.ImportFrom) and marker is not None
                and any(alias.name == marker and alias.asname is None for alias in node.names)):
            absolute = absolute_module(node, package)
            if package.endswith("_core") and absolute.startswith(f"{package[:-5]}."):
                absolute = package + absolute[len(package) - 5:]  # 1.15's tensorflow_core imports tensorflow._api.v1
            return absolute if absolute.startswith(f"{package}.") else None
    return None
