"""What a module's classes and functions take: their keywords, how many arguments by position, the attributes a
class binds. Read by the atlas build from each release's files with ``ast``.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence

from ...knowledge.generic.atlas import BASES
from .names import _top_level

#: a method's keywords: its parameter names, and whether it takes any keyword (``**kwargs``)
Keywords = tuple[frozenset[str], bool]


def class_keywords(tree: ast.Module) -> dict[str, dict[str, Keywords]]:
    """Per class the module defines, per method, the keywords it takes; a dataclass's ``__init__`` takes its own
    fields (those it inherits are its bases'), so a dataclass without an ``__init__`` of its own is given one."""
    classes: dict[str, dict[str, Keywords]] = {}
    for node in _top_level(tree.body):
        if not isinstance(node, ast.ClassDef):
            continue
        methods: dict[str, Keywords] = {}
        fields: set[str] = set()
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = item.args
                names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
                decorated = any(_ARGUMENT_DECORATOR.search(_decorator_name(d)) for d in item.decorator_list)
                methods[item.name] = (frozenset(names[1:] if names[:1] in (["self"], ["cls"]) else names)
                                      | _positional(args, decorated, item.decorator_list), args.kwarg is not None)
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                fields.add(item.target.id)
        if "__init__" not in methods and _is_dataclass(node):
            methods["__init__"] = (frozenset(fields), False)
        for attribute in _attributes(node) - methods.keys():  # read, never called through: any keyword is theirs
            methods[attribute] = (frozenset(), True)
        bases = frozenset(base.id if isinstance(base, ast.Name) else base.attr for base in node.bases
                          if isinstance(base, (ast.Name, ast.Attribute)))
        # the names of its bases, as a pseudo-method's keywords: what it inherits is theirs to say (recorded where it
        # has none too: a class without bases inherits nothing, which an atlas that never read them cannot say)
        methods[BASES] = (bases, False)
        classes[node.name] = methods
    return classes


def _attributes(node: ast.ClassDef) -> set[str]:
    """The attributes a class binds without ``def``: in its body (networkx 2.0's ``node = nodes``, kept for 1.x
    code until 2.4; transformers 3's ``pretrained_config_archive_map``) and on ``self`` in its ``__init__``
    (networkx 1.x's ``self.node = {}``), so "'Graph' object has no attribute 'node'" finds the release that
    dropped it. Dunder names are Python's, not the package's."""
    names: set[str] = set()
    for item in node.body:
        names.update(t.id for t in _targets(item) if isinstance(t, ast.Name))
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "__init__" and item.args.args:
            own = item.args.args[0].arg
            for statement in _own_statements(item.body):
                names.update(t.attr for t in _targets(statement) if isinstance(t, ast.Attribute)
                             and isinstance(t.value, ast.Name) and t.value.id == own)
    return {name for name in names if not name.startswith("__")}


def _targets(statement: ast.stmt) -> list[ast.expr]:
    """What an assignment (annotated or not) writes to; nothing for any other statement."""
    if isinstance(statement, ast.Assign):
        return statement.targets
    return [statement.target] if isinstance(statement, ast.AnnAssign) else []


def _own_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a function's body, within its ifs, loops, withs and trys, not within nested functions or
    classes (whose ``self`` is another)."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _own_statements(getattr(statement, field, ()))
        for handler in getattr(statement, "handlers", ()):
            yield from _own_statements(handler.body)


#: a decorator whose name says it handles the call's arguments (huggingface_hub's ``validate_hf_hub_args``, which
#: took ``use_auth_token`` for ``token`` until 1.0; transformers' ``deprecate_kwarg``): the function may take keywords
#: its signature does not name
_ARGUMENT_DECORATOR = re.compile(r"deprecat|validate|kwarg|_args$|argument", re.IGNORECASE)


def function_keywords(tree: ast.Module) -> dict[str, Keywords]:
    """Per function the module defines at its top level (``hf_hub_download``), the keywords it takes; one that an
    argument-handling decorator wraps is taken to accept any keyword (what it takes is the decorator's to say)."""
    functions: dict[str, Keywords] = {}
    for node in _top_level(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
            decorated = any(_ARGUMENT_DECORATOR.search(_decorator_name(d)) for d in node.decorator_list)
            functions[node.name] = (frozenset(names) | _positional(args, decorated, node.decorator_list),
                                    args.kwarg is not None or decorated)
    return functions


def _positional(args: ast.arguments, decorated: bool, decorators: Sequence[ast.expr] = ()) -> frozenset[str]:
    """How many arguments a call may pass by position, as the pseudo-keyword ``*N`` (a method's ``self`` counted,
    as Python's "takes N positional arguments" counts it): librosa 0.9.0 made ``mel(sr, n_fft)`` keyword-only,
    ``*8`` became ``*0``. A decorator that deprecates positional calls (librosa 0.9.1's ``deprecate_positional_args``,
    scikit-learn's ``_deprecate_positional_args``, pandas' ``deprecate_nonkeyword_arguments``) still takes every
    parameter by position, with a warning. None for ``*args``, or where another argument decorator decides. Beside
    it, ``+K``: how many parameters have no default (by position or keyword-only), which a call must pass: librosa
    0.9's ``resample(y, *, orig_sr, target_sr)`` needs 3, so a call passing 2 by position and none by name was wrong
    there too (holdout74a's distractor librosa#1696)."""
    if args.vararg is not None:
        return frozenset()
    positional = len(args.posonlyargs) + len(args.args)
    required = f"+{positional - len(args.defaults) + sum(default is None for default in args.kw_defaults)}"
    if any(_POSITIONAL_DEPRECATED.search(_decorator_name(d)) for d in decorators):
        return frozenset({f"*{positional + len(args.kwonlyargs)}", required})
    if decorated:
        return frozenset()
    return frozenset({f"*{positional}", required})


_POSITIONAL_DEPRECATED = re.compile(r"deprecate_positional_args|deprecate_nonkeyword_arguments")


def _decorator_name(node: ast.expr) -> str:
    """"validate_hf_hub_args" of ``@validate_hf_hub_args``, ``@utils.validate_hf_hub_args`` or ``@x(...)``."""
    target = node.func if isinstance(node, ast.Call) else node
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def _is_dataclass(node: ast.ClassDef) -> bool:
    """A dataclass, or a msgspec Struct (vLLM's SamplingParams from 0.5.5): its ``__init__`` takes its fields."""
    for base in node.bases:
        if (isinstance(base, ast.Attribute) and base.attr == "Struct" and isinstance(base.value, ast.Name)
                and base.value.id == "msgspec"):
            return True
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "dataclass":
            return True
    return False
