"""What is known of one failure: its type and bases, message, raising module and frames.

A live exception shows all of it; a pasted log or a subprocess shows less
(``None`` marks what was not seen), and the matcher checks only what was seen.
Nothing here may raise for any exception object: every failed test of every
session passes through it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import builtins
import collections
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.machinery import EXTENSION_SUFFIXES

LOG_LINE = "log line"  # the "type" of a line a log printed outside any exception (a logged warning)
CUT_TRACEBACK = "cut traceback"  # the "type" of a traceback's frames whose exception line the log does not show

#: TensorFlow's load_op_library raises the loader's words as its NotFoundError (holdout73b: tensorflow/models#9962,
#: tensorflow/text#961, serving#880: an op library's undefined tensorflow symbol)
LOAD_ERROR_TYPES = ("builtins.ImportError", "builtins.OSError", "tensorflow.python.framework.errors_impl.NotFoundError")

# Frames that only pass an error on: the import machinery, and nn.Module.__getattr__ raising the
# AttributeError for the module that asked. The frame that "raised" a failure is the innermost other one.
_RELAY = ("importlib.", "torch.nn.modules.module")
_MAX_LINKS = 64  # of a __cause__/__context__ chain; real chains have a handful
_MAX_MESSAGE = 20_000  # characters of a message searched
_INSTALLED = re.compile(r"[\\/](?:site-packages|dist-packages|transformers_modules)[\\/]")


@dataclass(frozen=True)
class Failure:
    """One exception as far as it can be seen: a live one, or a type and message from a log or a subprocess."""

    types: tuple[str, ...]  # qualified names of its class and bases; a bare name where only that is known
    message: str
    raised_in: str | None = None  # module of the raising frame ("" if it has none); None: frames not seen
    loading: bool | None = None  # raised while importing an extension; None: not seen (the type decides)
    frames: tuple[str, ...] | None = None  # "module:function" of its innermost frames; None: not seen
    #: top-level names of the frames that ran installed or remote model code (not a script's, not a test's);
    #: None: not seen (a frame of a dotted module counts then)
    packages: frozenset[str] | None = None
    #: the innermost frame's source line as a log shows it, where it does: an old Python's message leaves out the
    #: module ("cannot import name 'X'", Python 2's "'module' object has no attribute 'X'") that the line names
    source: str | None = None
    #: the source line a log shows under each of ``frames`` ("" where none): which call asked (``df.map(`` or a
    #: chained result's ``.map(``: the session-36 second reader's msda#1); not compared: frames and message tell it
    sources: tuple[str, ...] | None = field(default=None, compare=False)

    @classmethod
    def from_name(cls, type_name: str, message: str) -> Failure:
        """A failure known by its type's name only; a builtin's bases are known too."""
        return cls(_named_types(type_name), message)

    @classmethod
    def from_exception(cls, exc: BaseException) -> Failure:
        frames, importing, packages = _frames(exc)
        raised_in = next((f.partition(":")[0] for f in reversed(frames) if not f.startswith(_RELAY)), "")
        types = _qualified_mro(type(exc))
        loading = (_is_a(types, "builtins.ImportError") and _extension_path(exc)) or (
            _is_a(types, "builtins.OSError") and importing)
        return cls(types, _safe_str(exc), raised_in, loading, tuple(frames), packages)

    def is_a(self, qualified: str) -> bool:
        return _is_a(self.types, qualified)

    @property
    def raised(self) -> bool:
        """An exception the program raised of its own: neither a line of the log nor a warning."""
        return bool(self.types) and self.types != (LOG_LINE,) and not self.is_a("builtins.Warning")

    @property
    def is_load_error(self) -> bool:
        if not any(self.is_a(t) for t in LOAD_ERROR_TYPES):
            return False
        return self.loading is not False


#: exception classes of the stack a log names (by their bare names, as a log's line is read), with the builtin each
#: subclasses: torch 2.8's AcceleratorError is a RuntimeError (torch/csrc/Exceptions.cpp), so a signature for
#: RuntimeError reads it as a live exception would (holdout51b: vllm#37140). CuPy's CUDA errors are RuntimeErrors too,
#: but signatures written for torch's words would read CuPy's as torch's: a signature names them where it fits them
_KNOWN_BASES: dict[str, type[BaseException]] = {"AcceleratorError": RuntimeError}


@functools.lru_cache(maxsize=256)
def _named_types(type_name: str) -> tuple[str, ...]:
    """A type known by its name: a builtin's qualified names and its bases', a known class of the stack's name and its
    builtin base's, else the bare name."""
    builtin = getattr(builtins, type_name, None)
    if isinstance(builtin, type) and issubclass(builtin, BaseException):
        return _qualified_mro(builtin)
    base = _KNOWN_BASES.get(type_name)
    return (type_name, *_qualified_mro(base)) if base is not None else (type_name,)


def _is_a(types: tuple[str, ...], qualified: str) -> bool:
    """One of ``types`` is ``qualified`` or its bare name (a type known by its name only: no dot)."""
    return qualified in types or qualified.rpartition(".")[2] in types


def _qualified_mro(cls: type) -> tuple[str, ...]:
    names = []
    for klass in getattr(cls, "__mro__", (cls,)):
        module, name = getattr(klass, "__module__", None), getattr(klass, "__qualname__", None)
        if isinstance(module, str) and isinstance(name, str):
            names.append(f"{module}.{name}")
    return tuple(names)


def _safe_str(exc: BaseException) -> str:
    """``str(exc)``, or "" where its ``__str__`` raises (as pytest's saferepr, Ctrl-C and exit still pass)."""
    try:
        text = str(exc)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return ""
    return text[:_MAX_MESSAGE] if isinstance(text, str) else ""


def _frames(exc: BaseException) -> tuple[list[str], bool, frozenset[str]]:
    """"module:function" of the innermost frames of ``exc``'s traceback, whether any runs a module's body, and
    the top-level names of those that run installed or remote model code."""
    frames: collections.deque[str] = collections.deque(maxlen=16)
    packages: set[str] = set()
    importing = False
    tb = getattr(exc, "__traceback__", None)
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        module = _frame_module(frame.f_globals, code.co_filename)
        frames.append(f"{module}:{code.co_name}")
        if module and _INSTALLED.search(code.co_filename):
            packages.add(module.partition(".")[0])
        importing = importing or code.co_name == "<module>"
        tb = tb.tb_next
    return list(frames), importing, frozenset(packages)


def _frame_module(globals_: Mapping[str, object], filename: str) -> str:
    name = globals_.get("__name__")
    if isinstance(name, str):
        return name
    parts = filename.replace("\\", "/").split("/")  # code without a module name: where its file lies
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            rest = parts[len(parts) - parts[::-1].index(anchor):]
            return ".".join(rest).removesuffix(".py")
    return ""


def _extension_path(exc: BaseException) -> bool:
    """An ImportError of the interpreter's own extension loader carries the extension's path."""
    try:
        path = getattr(exc, "path", None)
    except Exception:
        return False
    return isinstance(path, str) and path.endswith(tuple(EXTENSION_SUFFIXES))


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then its causes and the contexts Python would print: ``raise ... from None`` ends it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < _MAX_LINKS:
        seen.add(id(current))
        yield current
        try:
            cause = current.__cause__
            context = None if current.__suppress_context__ else current.__context__
        except Exception:
            return
        following = cause if cause is not None else context
        current = following if isinstance(following, BaseException) else None

