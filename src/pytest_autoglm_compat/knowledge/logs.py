"""Reading a pasted log: the failures it shows (type, message, frames) and the versions it mentions.

Logs reach ``explain`` as people paste them into issues: behind logger prefixes
(``2023-12-20 13:39:58 | ERROR | stderr | ``), inside rich's boxed tracebacks,
with Windows paths, typographic quotes, the exception before its traceback
(Streamlit) or chained. This module turns such text into ``Failure`` records in the
order the log shows them (a chained traceback prints the root cause first) and the
``Versions`` the log itself says; nothing about the machine reading it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.hints import NOT_A_MISMATCH
from .answers import Explained as Explained
from .answers import ranked
from .digits import dotted
from .failure import CUT_TRACEBACK, LOG_LINE, Failure
from .frame_paths import frame_module, imports_own_module, init_folder, is_package_path, own_tree_module
from .generic.api import IMPORT_NAME_ONLY
from .generic.atlas import atlas_distributions
from .generic.conda_envs import HEADLINES as CONDA_NOT_FOUND
from .generic.fit import fitted
from .generic.names import DISTRIBUTION_OF, distribution_of
from .generic.resolver import CONDA_IN_CONFLICT, PIP_CAUSES
from .generic.situation import situation_of
from .generic.solver_trees import MAMBA_HEADLINES
from .generic.tool_checks import MISMATCHED_ROWS, MISMATCHED_VERSIONS, RAY_ROWS, RAY_VERSION_MISMATCH
from .known_failures import Versions, explain, of_types
from .log_blocks import MAX_LINE, MAX_REPORT, indented_block, report_through, rows_below, untold
from .log_bytes import decode as decode
from .log_bytes import encoding_of as encoding_of
from .log_prefixes import ANSI, QUOTES, clean, lines_of, prefix_column
from .notices import PIP_UNMET as _PIP_UNMET
from .notices import passed_notices
from .relevance import JAX_COMPONENTS as _JAX_COMPONENTS
from .relevance import NO_SOLUTION as _NO_SOLUTION
from .relevance import message_filter, relevant_lines
from .signatures import Signature, bundled_known_failures
from .wrapped import BARE_TYPES, sphinx_unwrapped

_CONDA_UNSATISFIABLE = "The following specifications were found"
_ROWS: dict[str, tuple[str, ...] | re.Pattern[str]] = {  # its rows
    MISMATCHED_VERSIONS: MISMATCHED_ROWS, **dict.fromkeys(CONDA_NOT_FOUND, ("- ",))}
#: the first lines of a Poetry (or a wrapped uv) derivation, and the words its last line holds
_POETRY_DERIVATION = ("Because ", "The current project must support the following Python versions")
_SOLVER_END = re.compile("version solving failed|requirements are unsatisfiable")
#: the lines that go on Poetry's derivation: its sentences' "and ...", and its next steps
_DERIVATION_STEPS = ("and ", "And because ", "So, because ", "Because ")
_DERIVATION = "╰─▶ Because "  # the derivation's first line, where a paste starts below uv's headline


_BOX_CHARACTERS = "╭╮╰╯─│┃━┏┓┗┛"  # what a cleaned (stripped) line of borders alone begins with
_BOX_ONLY = re.compile(rf"^[\s{_BOX_CHARACTERS}]*$")

_EXCEPTION = re.compile(
    # and Python's own base class, "Exception: ..." (a setup.py's raise Exception(message): holdout40b's pgmpy#1101),
    # and pkg_resources' conflicts, whose names say no Error (holdout40a: librouteros#13)
    r"^(?:[\w.]+\.)?(?P<type>[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning|Failure)|Exception"
    r"|(?:Contextual)?VersionConflict|DistributionNotFound)"
    r"(?::\s?(?P<message>.*))?$"
)
#: a type whose message is another exception's line: JAX's "UnfilteredStackTrace: AttributeError: module 'jax' has no
#: attribute 'tree_multimap'" (not an exception name itself: "ValueError: KeyError: 'x'" is a ValueError)
_WRAPPER = re.compile(r"(?:(?:[\w.]+\.)?[A-Z][A-Za-z]*(?<!Error)(?<!Exception)(?<!Warning)(?<!ERROR)(?<!WARNING): "
                      # and pytest's short summary of a name missing: "FAILED t.py::x - AttributeError: ..." (flax#4585;
                      # its TypeError and AssertionError lines are a test's own: trl#4273, torch-xpu-ops#4127), or of a
                      # class's iteration refused, which the atlas reads (holdout112a: pudl#2128, shapely 2.0)
                      r"(?=(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception): )|(?:FAILED|ERROR) \S{1,400} - (?=(?:Attribute|"
                      r"Import|ModuleNotFound)Error: |TypeError: '\w+' object is not (?:iterable|subscriptable)$))")
#: Python's own message of an import or attribute error printed without its type: ComfyUI's "Cannot import
#: ...\custom_nodes\X module for custom nodes: No module named 'diffusers.models.unets'", a bare "No module named
#: 'torchvision.transforms.functional_tensor'", "module 'PIL.Image' has no attribute 'ANTIALIAS'" after ComfyUI's
#: "!!! Exception during processing !!!" (survey17c)
#: also after rich's logging level and time (holdout48a: so-vits-svc-fork#1138) and in AWS Lambda's JSON error,
#: "Unable to import module 'my_python_file': cannot import name 'hamming' from 'scipy.signal'" (scipy#21337)
_BARE_MESSAGE = re.compile(r"^(?:(?:ERROR|CRITICAL)\s+(?:\[[\d:.,]+\]\s+)?)?"
                           r"(?P<wrapper>Cannot import \S.{0,300}? module for custom nodes: |"
                           r"[^\n]{0,200}?Unable to import module '[\w.]+': )?(?P<message>(?P<what>No "
                           r"module named|cannot import name|module) '(?P<name>[\w.]+)'"
                           r"(?: from '(?P<from>[\w.]+)'| has no attribute '\w+')?.*)$")
_WARNING_AT = re.compile(r"^(?P<path>\S.*?\.py):\d+: (?=[\w.]*Warning:(?: |$))")  # warnings.warn's "file:line: "
_FRAME_PY = re.compile(r'^File "(?P<path>[^"]+)", line(?: \d+(?:, in (?P<func>\S+))?|$)')  # or cut after "line"
# rich's "path.py:12 in func", and pytest's --tb=long/short "path.py:12: in func"
# pytest's --tb=long: the innermost frame's location, printed after the "E   " lines of its exception
_PYTEST_LOCATION = re.compile(r"^(?P<path>\S*\.py):\d+: (?P<type>[A-Z]\w*)$")
_FRAME_RICH = re.compile(r"^(?P<path>\S*\.py):\d+:?\s+in\s+(?P<func>[\w<>.]+)")
# IPython's and Colab's tracebacks: "File ~/x/site-packages/m.py:12, in f(a)", "/x/m.py in f(a)", Spyder's with no
# comma, "[/content/x/m.py](https://localhost:8080/#) in <module>"
_FRAME_IPYTHON = re.compile(r"^(?:File (?P<path>\S.{0,400}?\.py):\d+(?:,? in (?P<func>[\w<>.]+)|\s*$)"
                            r"|\[?(?P<path2>[~/\\]\S*\.py|[A-Za-z]:\\\S*\.py)\]?(?:\([^)\s]*\))? "
                            r"in (?P<func2>[\w<>]+)(?:\(|$))")
#: IPython's header of the notebook cell a traceback begins in: "Input In [66], in <cell line: 7>()" (IPython 8.0-8.5),
#: "Cell In[3], line 7" (later), "<ipython-input-15-77b2dcd686d8> in <module>" (before 8)
_CELL_HEADS = ("Input In [", "Cell In", "<ipython-input-")
_NOTEBOOK_CELL = re.compile(r"(?:Input In \[\d+\], in <cell line: \d+>\(\)|Cell In\s?\[\d+\], line \d+|"
                            r"<ipython-input-\d+-[0-9a-f]+> in <module>)")
_IMPORT_STATEMENT = re.compile(r"(?:from [\w.]+ import |import [\w.]+)")
# VS Code's debugger, in English and Simplified Chinese (ChatGLM's users' own pastes): the type, debugpy's note, the
# message on the next line, then the frames newest first
_VSCODE = re.compile(r"^(?:Exception has occurred|发生异常): (?P<type>[\w.]+)(?:\s+\(note: [^)]*\))?$")
_VSCODE_WORDS = ("Exception has occurred", "发生异常")
_CHAIN = ("The above exception was the direct cause", "During handling of the above exception")
_MAX_CONTINUATION = 6
_MAX_SOURCE = 400  # characters of a frame's source line kept
#: IPython's line of a frame's context that ran; its number left out of a paste where the line is an import statement
#: ("--> from scipy.misc import factorial": holdout74a, scanpy#660)
_SOURCE_ARROW = re.compile(r"-+> ?(?:\d+ |(?=(?:from|import) [A-Za-z_]))(.+)")
#: pytest's line that ran, over its "E" lines ("tb=long"; holdout70a: interpret-community#568, a CI log cut above it);
#: a markdown quote ("> text") has one space
_PYTEST_ARROW = re.compile(r">\s{3,}(\S.*)")


def roots(known: Sequence[Signature] | None = None) -> frozenset[str]:
    """Packages whose checkouts (not only installs) a path may show: the roots signatures are scoped to."""
    signatures = bundled_known_failures() if known is None else known
    return frozenset(root for k in signatures for root in k.raised_in if not root.startswith("*"))


@dataclass(frozen=True)
class LogReading:
    """What a log shows: its failures in log order, and the versions it mentions."""

    failures: tuple[Failure, ...]
    versions: Versions
    aside: tuple[Explained, ...] = ()  # what it shows that is no mismatch (hints.NOT_A_MISMATCH): told, not claimed


def explain_log(text: str, here: Versions | None = None, *, torch_version: str | None = None,
                torch_cuda: str | None = None, known: Sequence[Signature] | None = None
                ) -> tuple[list[Explained], LogReading]:
    """Every known failure a log shows, in log order (a chained traceback prints the root cause first).

    ``here``: this environment's installed versions (``explain --here``); None: only
    what the log itself says scopes the signatures, never the machine reading it.
    ``known``: the signatures to try, in order (None: the bundled ones).
    """
    collecting = gc.isenabled()
    gc.disable()  # a long log's reading allocates small objects by the million: each collection walked the atlas too
    try:
        return _explained(text, here, torch_version, torch_cuda, known)
    finally:
        if collecting:
            gc.enable()


def _explained(text: str, here: Versions | None, torch_version: str | None, torch_cuda: str | None,
               known: Sequence[Signature] | None) -> tuple[list[Explained], LogReading]:
    reading = read(text, roots(known), known)
    versions = reading.versions if here is None else here
    if here is None:
        torch = versions.found.get("torch", ())
        torch_version = torch[0] if len(torch) == 1 else None
        local = torch_version.partition("+")[2] if torch_version else ""
        torch_cuda = _cuda_of(local)
        if torch_cuda is None and versions.report is not None and not local:  # "CUDA used to build PyTorch: 12.1"
            torch_cuda = versions.report.torch_cuda
    situation = situation_of(text, reading.versions.lowered or None)
    found: list[Explained] = []
    causes: set[str] = set()
    # per type: the signatures it can match, and one search of their literals that rules them all out
    candidates: dict[tuple[str, ...], tuple[tuple[Signature, ...], re.Pattern[str] | None]] = {}
    # the generic layer reads a few failures of each shape (the message with its numbers masked: a test run's
    # "expected 3 rows, got 4" a hundred times is one shape), of the log's first and last shapes; every failure is
    # matched against the known failures (bounded work on a log of 100,000 distinct failures: issue 22 item 5)
    shapes: dict[tuple[tuple[str, ...], str], int] = {}  # shape -> its place among the log's shapes
    # a repeated failure tells the cause its first telling did: each distinct one is explained once, in log order
    distinct = {failure: shapes.setdefault((failure.types, _NUMBERS.sub("0", failure.message)), len(shapes))
                for failure in dict.fromkeys(reading.failures)}
    reasoned: dict[int, int] = {}  # a shape's place -> how many of its failures the generic layer read
    for failure, place in distinct.items():
        if failure.types not in candidates:
            of_type = of_types(failure.types, known)
            candidates[failure.types] = (of_type, message_filter(of_type))
        signatures, could = candidates[failure.types]
        if could is not None and not could.search(failure.message):
            signatures = ()
        generic = ((place < _SHAPES_EACH_END or place >= len(shapes) - _SHAPES_EACH_END)
                   and reasoned.get(place, 0) < _REASONED_PER_SHAPE)
        reasoned[place] = reasoned.get(place, 0) + generic
        hint = explain(failure, versions, torch_cuda=torch_cuda, torch_version=torch_version,
                       installed=here is not None, known=signatures, situation=situation, generic=generic)
        if hint is not None and hint.cause not in causes:
            causes.add(hint.cause)
            found.append(Explained(failure, fitted(hint, situation)))
    passed = passed_notices(reading.failures, text, [item.failure for item in found])  # warnings gone past
    found = [item for item in found if item.failure not in passed]
    once = ranked(found)
    aside = tuple(item for item in once if item.hint.family in NOT_A_MISMATCH)
    return [item for item in once if item.hint.family not in NOT_A_MISMATCH], dataclasses.replace(reading, aside=aside)


#: how many of a log's first and last shapes of failure the generic layer reads, and of each shape (real logs: <= 22)
_SHAPES_EACH_END = 50
_MAX_INIT_CHECKS = 3
_REASONED_PER_SHAPE = 2
_NUMBERS = re.compile(r"\d+")


_PIP_TOOLS_CONFLICT = "There are incompatible versions in the resolved dependencies:"
_RUN = "running Python is "  # pip 9's "X requires Python '>=3.6' but the" then "running Python is 3.5.2", wrapped
#: the most lines of one such list read as one failure (a longer one is read in parts: bounded work per failure)
_MAX_PIP_BLOCK = 40
#: a row of torch 2.7's list of the archs its build carries: "- 8.0 which supports hardware CC >=8.0,<9.0"
_CC_ROW = re.compile(r"- \d+\.\d+ which supports hardware CC ")
#: a build variant the kernels library passed over, with its reason: "torch212-cxx11-cu126-x86_64-linux: Torch version
#: (2.12) does not match environment Torch version (2.13)"
_HUB_VARIANT = re.compile(r"torch\d+-[\w-]+: \w+ version \(")


def _cuda_of(local: str) -> str | None:
    """"cu117" -> "11.7", "cu121" -> "12.1"; anything else None."""
    match = re.fullmatch(r"cu(\d{2,3})", local)
    if match is None:
        return None
    return dotted(match.group(1))


_NO_SUBMODULE = "No module named '"
_MAMBA_PROBLEMS = "Encountered problems while solving:"
_NO_SUBMODULE_OF = re.compile(r"No module named '([A-Za-z_]\w{0,100})\.")


def read(text: str, roots: frozenset[str] = frozenset(), known: Sequence[Signature] | None = None) -> LogReading:
    """The failures a log shows and the versions it names; ``roots``: package names a path may be a checkout of."""
    raws = lines_of(text)
    column = prefix_column(raws)
    if column:
        raws = [raw[len(column):] if raw.startswith(column) else raw for raw in raws]
    # one pass finds the lines any step below can use; the rest (a long log's progress and output) are not cleaned
    relevant = relevant_lines(tuple(known) if known is not None else None)
    keep = bytearray(len(raws))
    searched: dict[str, bool] = {}  # a long log repeats its lines: each distinct one is searched once
    for index, raw in enumerate(raws):
        found = searched.get(raw)
        if found is None:
            found = searched[raw] = relevant.search(raw, 0, MAX_LINE) is not None
        if found:
            keep[index:index + _MAX_CONTINUATION + 1] = b"\x01" * len(keep[index:index + _MAX_CONTINUATION + 1])
    cleaned: dict[str, str] = {}  # a long log repeats its lines (each step's warning): each is cleaned once
    lines = [(cleaned.get(raw) or cleaned.setdefault(raw, clean(raw[:MAX_LINE]))) if keep[index] else ""
             for index, raw in enumerate(raws)]
    # a package the log says lacks a submodule ('model.base_transformer'): a folder of that name in a frame's path is
    # its checkout, the repository's own package (holdout74a: Transformer-DOA-Prediction#1); an atlas or name-table
    # package is a release's, whatever folder a clone of it runs from (the second reader's diffusers/examples)
    checkouts = frozenset({found[1] for line in lines if _NO_SUBMODULE in line
                           for found in _NO_SUBMODULE_OF.finditer(line)
                           if distribution_of(found[1]) not in atlas_distributions()
                           and found[1] not in DISTRIBUTION_OF})
    places: dict[str, tuple[str, bool]] = {}  # a frame's path -> (its module, package code?)
    failures: list[Failure] = []
    frames: list[tuple[str, str, bool, str]] = []  # (module, function, package code?, source line) since a header
    pending: list[int] = []  # failures printed before their traceback (Streamlit's "Traceback:" follows)
    headed: list[int] = []  # failures of the type an IPython traceback's header names, pasted above it
    newest_first = False  # the pending failure's frames are printed innermost first (VS Code's debugger)
    pip_block = -1  # the index the next line of pip's unmet requirements would have (-1: none just read)
    framed: dict[int, list[tuple[str, str, bool, str]]] = {}  # a failure's index -> the frames it was given
    source, after_frame = "", False  # the innermost frame's source line, and whether the next line would be one
    typed = ""  # the statement typed at the interactive prompt just above the last traceback's header
    candidate = ""  # a known package's folder whose __init__.py frame was just read, its source line not yet
    checked: set[str] = set()  # the folders so checked (each loads its package's atlas: a few per log)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line or (line[0] in _BOX_CHARACTERS and _BOX_ONLY.match(line)):
            continue
        if not frames and line.startswith(_CELL_HEADS) and _NOTEBOOK_CELL.match(line):
            # the notebook cell a traceback begins in: the user's own code, the frame that called the ones below
            frames.append(("<ipython-input>", "<module>", False, ""))
            source, after_frame = "", False  # its line is the arrowed one among those IPython shows below
            continue
        # each frame pattern asks for 'File "' at the start or a ".py": most lines are tried with neither
        frame = (_FRAME_PY.match(line) or _FRAME_RICH.match(line) or _FRAME_IPYTHON.match(line)
                 ) if ".py" in line or line.startswith('File "') else None
        if frame:
            path = frame["path"] or frame.groupdict().get("path2") or ""
            func = frame["func"] or frame.groupdict().get("func2") or ("<module>" if frame.re is _FRAME_IPYTHON else "")
            if not func and i < len(lines) and _IMPORT_STATEMENT.match(lines[i]):
                func = "<module>"  # the paste lost the function; the source line shown is an import statement
            if path not in places:
                folder = init_folder(path)
                # a package's own __init__.py outside any site-packages (a paste that cut the folders before it,
                # "C:\Path\to\jinja2\__init__.py": holdout144a's markupsafe#371), read as that package's where its
                # source line imports a module the package's releases have (below): not a project's own "datasets/"
                # (the session-42 second reader's)
                candidate = folder if folder and folder not in roots and folder not in checked and (
                    distribution_of(folder) in atlas_distributions()) and len(checked) < _MAX_INIT_CHECKS else ""
                places[path] = (frame_module(path, roots, checkouts), is_package_path(path, roots, checkouts))
            frames.append((places[path][0], func, places[path][1], ""))
            # the interactive prompt's frame shows no source line: its source is the statement typed at the prompt
            # above the traceback (holdout88b: flownet2-pytorch#116, ">>> import correlation_cuda")
            source, after_frame = (typed, False) if path == "<stdin>" else ("", True)
            continue
        arrow = (_SOURCE_ARROW.match(line) if line.startswith("-")
                 else _PYTEST_ARROW.match(line) if line.startswith(">") else None)
        if after_frame or arrow:  # the frame's source line (also read below as the line it is); IPython's "---> 30"
            source = (arrow[1] if arrow else line)[:_MAX_SOURCE]
            if after_frame and candidate and init_folder(path) == candidate:
                checked.add(candidate)
                if imports_own_module(candidate, source):  # its folder's files below are that package's modules
                    roots = roots | {candidate}
                    places[path] = (frame_module(path, roots, checkouts), is_package_path(path, roots, checkouts))
                    frames[-1] = (places[path][0], frames[-1][1], places[path][1], frames[-1][3])
                candidate = ""
            if after_frame and "." not in frames[-1][0]:  # a checkout's file importing its own package (sphinx#403)
                frames[-1] = (own_tree_module(path, frames[-1][0], source), *frames[-1][1:])
            if frames:  # the frame's own line: the one below it, or IPython's arrowed one among its context lines
                frames[-1] = (*frames[-1][:3], source)
            if after_frame and newest_first and len(frames) == 1 and pending:  # VS Code's: its first frame's line
                failures[pending[-1]] = dataclasses.replace(failures[pending[-1]], source=source)  # (mosaic#6)
            after_frame = False
        if line.startswith(PIP_CAUSES):  # pip's list of what conflicts, indented below it: read as one, and each of
            block, _ = indented_block(line, raws, i)  # its lines as before (a release's requirement, read alone)
            failures.append(Failure((LOG_LINE,), block))
            continue
        if _NO_SOLUTION in line or line.startswith(_DERIVATION):
            # uv's resolver: its derivation, indented and wrapped below, read as one
            block, i = indented_block(line, raws, i)
            failures.append(Failure((LOG_LINE,), block))
            continue
        if "Traceback (most recent call last)" in line or line.startswith(_CHAIN):
            above = raws[i - 2].lstrip() if i >= 2 else ""
            typed = above[4:].strip()[:_MAX_SOURCE] if above.startswith(">>> ") else ""
            if frames and "Traceback" in line:  # the frames before it ended without an exception of their own
                if pending:
                    _attach(failures, pending, frames, newest_first)  # printed before their traceback (Streamlit)
                else:
                    failures.append(_with_frames(Failure((CUT_TRACEBACK,), ""), frames))  # cut
            # what follows belongs to the next exception; IPython's header names its type ("AttributeError   Traceback
            # (most recent call last)"): an exception of that type pasted above it is that one (holdout71a:
            # pennylane#8112, its traceback cut before its last line)
            named = line.split(maxsplit=1)[0] if line.endswith("(most recent call last)") and frames == [] else ""
            headed = [k for k in pending if named and failures[k].types[0].rpartition(".")[2] == named]
            pending.clear()
            frames = []
            continue
        vscode = _VSCODE.match(line) if line.startswith(_VSCODE_WORDS) else None
        if vscode and i < len(lines) and lines[i] and not _FRAME_PY.match(lines[i]):
            line = f"{vscode['type']}: {lines[i]}"  # VS Code's debugger: the type on one line, the message below
            i += 1
        if line.startswith(("Traceback:", "Error caught was: ")):
            # xformers' notice under "A matching Triton is not available": the error its probe caught, no failure
            # (holdout51b's distractor lora-easy-training-scripts#182, holdout39b's InvokeAI#4055)
            frames = []
            continue
        located = _PYTEST_LOCATION.match(line) if failures and ".py:" in line else None
        if (located and failures[-1].types[0].rpartition(".")[2] == located["type"]
                and is_package_path(located["path"], roots)):
            # pytest's --tb=long names the innermost frame after the exception: "path.py:683: AttributeError";
            # taken only where it is a package's (a test file there may just be where pytest cut the traceback)
            path = located["path"]
            inner = [*framed.get(len(failures) - 1, []),
                     (frame_module(path, roots), "", is_package_path(path, roots), "")]
            failures[-1] = _with_frames(failures[-1], inner)
            framed[len(failures) - 1] = inner
            if len(failures) - 1 in pending:
                pending.remove(len(failures) - 1)
            continue
        warned = _WARNING_AT.match(line) if "Warning:" in line and ".py:" in line else None
        if warned:
            line = line[warned.end():]
        if line.endswith(CONDA_NOT_FOUND) or line.endswith(MISMATCHED_VERSIONS):  # dask's versions, conda's packages
            start = next((j for j in range(i, min(i + 3, len(raws))) if raws[j].strip()), i)
            block, i = rows_below(line, raws, start, _ROWS[next(e for e in _ROWS if line.endswith(e))])
            failures.append(Failure((LOG_LINE,), block))
            continue
        if line.endswith(_CONDA_UNSATISFIABLE):
            # conda's report of the specifications the environment's Python does not fit, down to "Your python:"
            # (holdout45a: PEPLER#5)
            # (its rows read from the lines as printed: a long list's rows past the line filter's reach are kept
            # too, the session-33 second reader's five packages)
            window = [lines[j] or clean(raws[j][:MAX_LINE]) for j in range(i, min(i + MAX_REPORT, len(raws)))]
            line, read_to = report_through(line, window, 0, lambda later: later.startswith("Your python:"))
            i += read_to
        match = _EXCEPTION.match(line)
        if match is None and ": " in line:
            wrapper = _WRAPPER.match(line)  # JAX's "UnfilteredStackTrace: AttributeError: ..." (survey16a: gymnax#27)
            if wrapper:
                line = line[wrapper.end():]
                match = _EXCEPTION.match(line)
        if match is None or (match["message"] is None and not frames):
            if line.endswith(_JAX_COMPONENTS):  # JAX's list of the CUDA components it found unfit, one per line
                while i < len(lines) and lines[i] and _follows(lines[i]) and line.count("\n") < _MAX_CONTINUATION:
                    line = f"{line}\n{lines[i]}"
                    i += 1
            elif line == _PIP_TOOLS_CONFLICT:  # pip-compile's list of the requirements no release met together
                while i < len(lines) and " (from " in lines[i] and line.count("\n") < _MAX_PIP_BLOCK:
                    line, i = f"{line}\n{lines[i]}", i + 1
            elif line in MAMBA_HEADLINES:  # libmamba's tree below it, read from the lines as printed (Umol#27)
                line, i = rows_below(line, raws, i, ("├", "└", "│"))
            elif line == _MAMBA_PROBLEMS and i < len(raws) and "nothing provides requested" in raws[i]:
                # mamba 1's and micromamba's list of builds no channel has, its headline's type not printed
                line, i = rows_below(line, raws, i, "- ")
            elif line.endswith(CONDA_IN_CONFLICT):  # conda 4's list (conda-build's words before it: cgpm#233)
                line, i = rows_below(line, lines, i, "- ")
            elif line.endswith(":") and i < len(lines) and _follows(lines[i]) and not _FRAME_IPYTHON.match(lines[i]):
                line = f"{line} {lines[i]}"  # "xFormers was built for:" and what it was built for, read as one
            if (line.endswith(",") and line.count("(") > line.count(")") and i < len(lines)
                    and lines[i].startswith("Requirement.parse(")):
                # pkg_resources' VersionConflict tuple, printed over two lines: "(Dist 1.3.4 (path)," and
                # "Requirement.parse('Dist>=1.5.0'))"
                line = f"{line} {lines[i]}"
                i += 1
            if (("has requirement " in line or " requires " in line) and "which is incompatible" not in line
                    and i < len(lines) and (lines[i].endswith("which is incompatible.") or lines[i].startswith(_RUN))
                    and "has requirement " not in lines[i] and " requires " not in lines[i]):
                # pip's conflict wrapped by the terminal it was copied from: "... has requirement packaging>=20.9,
                # but" and "you'll have packaging 20.3 which is incompatible." (holdout37a: vllm#13694; pypacker#26)
                line = f"{line} {lines[i]}"
                i += 1
            if line.startswith(_POETRY_DERIVATION) and not _SOLVER_END.search(line):
                # Poetry's derivation (holdout45a: vision#1257), uv's wrapped one (holdout56b: DB-GPT#2808); cut before
                # its last line, its steps read together (holdout134a: rst-to-myst#63)
                at = i
                line, i = report_through(line, lines, i, _SOLVER_END.search)
                if i == at and line.startswith("Because "):
                    line, i = rows_below(line, lines, i, _DERIVATION_STEPS)
            if (line.startswith("And because ") and " depends on " in line and i < len(lines)
                    and lines[i].lstrip().startswith("and ") and not line.endswith(".")):
                # Poetry's solver, its sentence broken before " and myrepo depends on torch (2.4.0), eetq is
                # forbidden." (holdout39a: EETQ#33)
                line = f"{line} {lines[i].lstrip()}"
                i += 1
            if ("no instance of overloaded function" in line and i < len(lines)
                    and lines[i].lstrip().startswith("argument types are:")):
                # nvcc's overload error and the argument types under it, read as one (holdout67b: GPTQ-for-LLaMa#58)
                line = f"{line} {lines[i].strip()}"
                i += 1
            if line.endswith(" No") and i < len(lines) and lines[i].lstrip().startswith("module named '"):
                # a terminal's wrap inside Python's words (uv's build output: holdout180b's uv#15098)
                line = f"{line} {lines[i].strip()}"
                i += 1
            if "that require a different python version" in line and i < len(lines) and (
                    "Could not find a version" in lines[i]):
                # pip's releases passed over for their Requires-Python, and the requirement it then could not meet:
                # the one tells whether the other is this Python's
                line = f"{line}\n{lines[i]}"
                i += 1
            if _HUB_VARIANT.match(line):
                # the kernels library's reasons, a line per build variant it passed over: read as one
                while i < len(lines) and _HUB_VARIANT.match(lines[i]) and line.count("\n") < _MAX_PIP_BLOCK:
                    line, i = f"{line}\n{lines[i]}", i + 1
            if "or wheel for the current platform" in line:
                # uv's headline, and the hint below it that names the platforms there are wheels for: read as one
                hint = next((j for j in range(i, min(i + 3, len(lines))) if lines[j].startswith("hint:")), None)
                if hint is not None:
                    line, i = f"{line}\n{lines[hint]}", hint + 1
            if (_PIP_UNMET in line and failures and failures[-1].types == (LOG_LINE,) and pip_block == i - 1
                    and failures[-1].message.count("\n") < _MAX_PIP_BLOCK):
                # pip's list of requirements the installed packages do not meet: one conflict, read as one
                failures[-1] = Failure((LOG_LINE,), f"{failures[-1].message}\n{line}")
            else:
                typeless = _BARE_MESSAGE.match(line) if ("No module named" in line or "cannot import name" in line
                                                         or "has no attribute" in line) else None
                if typeless and not typeless["wrapper"] and (
                        distribution_of(typeless["from"] or typeless["name"]) not in atlas_distributions()):
                    typeless = None  # only an atlas package's: a build's bare line (torch's sdist: 'tools.nnwrap')
                # an old Python's bare "cannot import name": IPython's arrow names the module (holdout74a: scanpy#660)
                statement = source if source and IMPORT_NAME_ONLY.match(line) and " import " in source else None
                failures.append(Failure.from_name(BARE_TYPES[typeless["what"]], typeless["message"].rstrip('\\"'))
                                if typeless
                                else Failure((LOG_LINE,), line, source=statement))
            pip_block = i if _PIP_UNMET in line else -1
            continue
        _attach(failures, pending, frames, newest_first)
        newest_first = bool(vscode) and not frames  # its traceback follows it, innermost frame first
        if warned:
            frames = [*frames, (frame_module(warned["path"], roots, checkouts), "",
                                is_package_path(warned["path"], roots, checkouts), "")]
        message = match["message"] or ""
        if message.startswith("Cannot import name '"):  # Python's words, retyped (holdout24a: scipy#20402)
            message = "c" + message[1:]
        extra = 0
        # "RuntimeError:" alone: its message is printed on the lines below it (pip's build output, warnings)
        # and an import error broken before its module: "cannot import name 'X' from" (holdout65a: vllm-omni#3663)
        bare = not message.strip() or message.rstrip().endswith((":", "' from"))
        # pydantic's "1 validation error for DeepSpeedZeroConfig", then the field and its error on lines of their own
        listed = " validation error" in message and " for " in message
        while i < len(lines) and extra < _MAX_CONTINUATION and (
                _continues(lines[i]) or ((bare or listed or _wrapped(message) or _broken(message, lines[i]))
                                         and _follows(lines[i]))):
            message += (" " if message.endswith("undefined symbol:") else "\n") + lines[i]
            i += 1
            extra += 1
        if "The following list shows the CCs" in message:  # torch 2.7's rows of its archs, however many
            message, i = rows_below(message, raws, i, _CC_ROW)
        if message.startswith(RAY_VERSION_MISMATCH):  # Ray's two lists of versions, longer than a message's lines
            message, i = rows_below(message, raws, i, RAY_ROWS)
        failure = Failure.from_name(match["type"], message)
        asserted = match["type"] == "AssertionError"
        above = clean(raws[i - extra - 2][:MAX_LINE]) if i - extra >= 2 and (
            message.startswith("cannot import") or asserted) else ""
        if not source and not frames and message.startswith("cannot import name") and above.startswith("from ") and (
                " import " in above):  # a paste of the statement and Python 2's words alone (HistomicsTK#575)
            source = above[:_MAX_SOURCE]
        if not source and asserted and above.lstrip().startswith("assert "):  # the assert statement just above its
            source = above.strip()[:_MAX_SOURCE]  # error, pasted without its frame (holdout137b: so-vits-svc#27)
        if source:
            failure = dataclasses.replace(failure, source=source)
            source = ""
        if frames:
            failure = _with_frames(failure, frames)
            framed[len(failures)] = frames
        else:
            pending.append(len(failures))
        frames = []
        failures.append(failure)
        headed = []  # the traceback ended with its own exception
    if frames and headed and not pending:  # cut before its last line: the exception its header named, pasted above it
        _attach(failures, headed, frames, newest_first)
        frames = []
    if frames and not pending:  # the log ends (or the paste was cut) inside a traceback
        # the innermost frame's source line, where the paste ends on it: a raise cut short says what it raises
        tail = [f for f in failures[-2:] if not (f.types == (LOG_LINE,) and f.message.strip() in ("...", "…"))]
        last = tail[-1].message if tail and tail[-1].types == (LOG_LINE,) else ""  # a "..." the paste ends on skipped
        failures.append(_with_frames(Failure((CUT_TRACEBACK,), last if last.startswith("raise ") else "",
                                             source=source or None), frames))  # the innermost frame's line
    _attach(failures, pending, frames, newest_first)
    failures = untold(failures)
    failures = sphinx_unwrapped(failures) if "(exception: " in text else failures
    plain = ANSI.sub("", text) if "\x1b" in text else text
    if not plain.isascii():  # most logs are ASCII: one C pass says so
        for curly, straight in QUOTES.items():  # str.replace per mark: translate() costs per character of 16 MiB
            plain = plain.replace(chr(curly), straight)
    return LogReading(tuple(failures), Versions.mentioned_in(plain, known))




#: a line that goes on a sentence: lowercase words, no "word:" of a record's own, ending as sentences end
#: ("torchaudio 2.1.0 requires torch==2.1.0, but you have torch 2.0.1 ..." is pip's record of its own, not a sentence's
#: end: the second reader's case)
_SENTENCE_GOES_ON = re.compile(r"[a-z]+ (?![\d(])(?![^\n]*\b\w+: )(?![^\n]*, but you have )[^\n]{0,200}[.)]$")


def _continues(line: str) -> bool:
    """A line that goes on an exception's message (CUDA's multi-line errors), not a new record."""
    if not line or _BOX_ONLY.match(line) or _FRAME_PY.match(line) or _FRAME_RICH.match(line) or line.startswith(
            ("Traceback", *_CHAIN)) or _EXCEPTION.match(line) or _WARNING_AT.match(line):
        return False
    # NumPy's expired aliases go on with "`np.bool` was a deprecated alias ..." (survey16a: BraUNet++#6); a C++
    # symbol alone, where the paste broke "undefined symbol: " from it (holdout37b: DeepSpeed#3410); advice on a line
    # of its own: "Please update transformers via `pip install --upgrade transformers`" (holdout45a: unsloth#4146); an
    # import error's "from 'M'" broken onto a line of its own (holdout55a: optimum-intel#1786); Cython's sizes, where
    # the paste broke its "size changed, may indicate binary incompatibility." from them (holdout69b: BeatNet#6); a
    # version range a terminal wrapped onto a line of its own (">=3.6,<3.10 are supported.": holdout77a, CREsted#168);
    # torch 2.7's list of the archs its build carries, under its GPU warning (the session-47 second reader's
    # pytorch#182250)
    return bool(re.match(r"(?:CUDA|CUBLAS|cuDNN|Compile with|For debugging|\w+\.so|\s|`np\.\w+` was |_Z\w+$|[<>]=?\d|"
                         r"The following list shows the CCs |- \d+\.\d+ which supports hardware CC |"
                         r"Please (?:update|upgrade|install|downgrade)\b|from '[\w.]{1,200}'(?: \(|$)|"
                         r"Expected \d+ from C header, got \d+ from PyObject)", line))


def _wrapped(message: str) -> bool:
    """A message whose last line a terminal or notebook wrapped (long, cut between two words): the next goes on."""
    last = message[message.rfind("\n") + 1:]
    return len(last) >= 60 and last[-1:].isalnum() and not last.endswith(("...", "…"))


def _broken(message: str, line: str) -> bool:
    """A sentence broken over two lines by the paste: "jaxlib is version 0.9.0, but this version of jax" then
    "requires version >= 0.9.1." (holdout26a: jax#756); a line of a log of its own begins "note:", "error:"."""
    last = message[message.rfind("\n") + 1:]
    return len(last) >= 30 and last[-1:].isalnum() and _SENTENCE_GOES_ON.match(line) is not None


def _follows(line: str) -> bool:
    """A line that may carry on a message its exception line left empty: anything but a new record (Python's
    "Exception ignored in: <function ...__del__>" opens one of its own: holdout45b, DeepSpeed#5723)."""
    return not (not line or _BOX_ONLY.match(line) or _FRAME_PY.match(line) or _FRAME_RICH.match(line)
                or line.startswith(("Traceback", "[end of output]", "Exception ignored in", *_CHAIN))
                or _EXCEPTION.match(line))


def _attach(failures: list[Failure], pending: list[int], frames: list[tuple[str, str, bool, str]],
            newest_first: bool = False) -> None:
    """Frames seen after exceptions that had none: their traceback, printed after them."""
    if frames and pending:
        ordered = frames[::-1] if newest_first else frames
        for index in pending:
            failures[index] = _with_frames(failures[index], ordered)
        pending.clear()
        frames.clear()


def _with_frames(failure: Failure, frames: list[tuple[str, str, bool, str]]) -> Failure:
    raised = next((m for m, _, _, _ in reversed(frames) if not m.startswith(("importlib", "<frozen"))), "")
    return Failure(failure.types, failure.message, raised, failure.loading,
                   tuple(f"{m}:{f}" for m, f, _, _ in frames[-16:]),
                   frozenset(m.partition(".")[0] for m, _, package, _ in frames[-16:] if package and m),
                   failure.source, tuple(line for _, _, _, line in frames[-16:]))
