"""Known failures of the GLM / AutoGPTQ / CUDA stack -> cause and fix, with sources: the matcher.

The known failures themselves are data (``known_failures.toml``, read by
:mod:`.signatures`; a team may add its own files). A hint that names the wrong
cause costs a user more than no hint, so every signature is scoped: the
exception's type (its class or a base), the module whose frame raised it, and
the versions it can happen with. Loader patterns apply only to load errors
(:mod:`.loader_errors`). Where a part of the scope cannot be seen (a pasted log
has no frames, a subprocess reports only type and message), that part is not
checked; where it can be seen, it must hold.

Nothing here may raise for any exception object: the plugin explains every failed test of
every session through it (render.failures).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..facts.inputs.env_reports import EnvReport, read_report
from ..model.hints import Hint
from .failure import LOG_LINE, Failure, exception_chain
from .generic import GENERIC_FAMILIES, Situation, reason
from .generic.names import distribution_of, innermost_frame, is_standard, package_frames, top
from .generic.prompt import imported_before_torch
from .loader_errors import explain_load_error, may_quote_the_loader, quotes_loader, quotes_windows_loader
from .signatures import (
    DETAILS,
    Signature,
    bundled_known_failures,
    decode_driver_version,
    load_known_failures,
)

__all__ = ["CPM_KERNELS_CARRY", "GENERIC_FAMILIES", "KnownFailures", "Versions", "explain", "explain_exception",
           "log_distributions", "match", "of_types", "ruled_out"]

#: cpm-kernels 1.0.11's fatbins and ChatGLM's embedded quantization kernel (docs/compatibility.md,
#: "GPU code in real binaries"): what a "no kernel image" raised through them had to choose from.
CPM_KERNELS_CARRY = "SASS sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86 and no PTX"
#: the stack's own distributions, whose versions a log is always read for
_STACK = ("torch", "transformers", "peft", "auto-gptq", "cpm-kernels")


def _known(known: Sequence[Signature] | None) -> Sequence[Signature]:
    return bundled_known_failures() if known is None else known


def log_distributions(known: Sequence[Signature] | None = None) -> tuple[str, ...]:
    """Distributions whose versions a log is read for: those a signature is scoped by, and the stack's own."""
    return tuple(sorted({name for k in _known(known) for name, _ in k.when} | set(_STACK)))


# --------------------------------------------------------------------------- versions


#: a module's __version__ printed in a REPL or by print(): ">>> tf.__version__" and "'1.14.0'" on the next line
#: (the session-20 second reader's tensorflow#32229: TF 1.14, which has tf.contrib)
_PRINTED_VERSION = re.compile(r"^(?:\S{0,2}>>>\s*|In \[\d+\]:\s*)?(?:print\()?(?P<alias>[A-Za-z_]\w*)\.__version__\)?"
                              r"\s*\n"
                              r"(?:Out\[\d+\]:\s*)?['\"]?(?P<version>\d+(?:\.\d+)+[\w+-]*)['\"]?\s*$",
                              re.MULTILINE)
#: the names code imports a distribution as, where they are not its own
_ALIASES = {"tf": "tensorflow", "np": "numpy", "pd": "pandas", "sp": "scipy", "sk": "scikit-learn",
            "sklearn": "scikit-learn", "cv2": "opencv-python", "PIL": "pillow", "jnp": "jax"}


def _printed_versions(text: str) -> dict[str, str]:
    """The versions a log printed as ``module.__version__``, by distribution."""
    if "__version__" not in text:
        return {}
    found: dict[str, str] = {}
    at = text.find("__version__")
    while at >= 0:  # the pattern tried from the start of each line that holds the words (not at every line's start)
        start = text.rfind("\n", 0, at) + 1
        match = _PRINTED_VERSION.match(text, start)
        if match:
            found[canonicalize_name(_ALIASES.get(match["alias"], match["alias"]))] = match["version"]
        at = text.find("__version__", max(at + 1, match.end() if match else 0))
    return found


def _one_build_once(versions: tuple[str, ...], reported: str | None) -> tuple[str, ...]:
    """A release a pasted environment report names with its build's local label, and its own package list without it
    ("PyTorch version: 1.13.1+cpu" in collect_env, "[pip3] torch==1.13.1" below it: holdout137b's so-vits-svc#27), is
    one version: the labelled one. Elsewhere the two are kept (a plain release named later may be another build
    installed over it: the session-41 second reader's synth-torch-cpu-then-pypi-reinstall)."""
    if reported is None or "+" not in reported:
        return versions
    public = reported.partition("+")[0]
    return tuple(version for version in versions if version != public)


@dataclass(frozen=True)
class Versions:
    """Versions a signature's version scope is checked against."""

    found: Mapping[str, tuple[str, ...]]  # canonical distribution name -> versions
    complete: bool  # an environment's installed set: a distribution absent here is not installed
    torch_cuda: str | None = None  # complete only: the installed torch's CUDA (None: CPU-only or no torch)
    driver_cuda: tuple[str, str] | None = None  # a log: (newest CUDA the driver supports, the text that says so)
    driver: str | None = None  # a log: the driver version an nvidia-smi banner shows
    #: a log's text, for the version of a distribution no signature names (the generic layer asks for any)
    text: str = field(default="", compare=False, repr=False)
    report: EnvReport | None = field(default=None, compare=False, repr=False)  # an environment block in the log
    _read: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)  # text read per name
    lowered: str = field(default="", compare=False, repr=False)  # ``text.lower()``: found by str.find, not a regex

    @classmethod
    def installed(cls, packages: Mapping[str, str], torch_cuda: str | None) -> Versions:
        return cls({canonicalize_name(k): (v,) for k, v in packages.items()}, True, torch_cuda)

    @classmethod
    def mentioned_in(cls, text: str, known: Sequence[Signature] | None = None) -> Versions:
        """Versions a log names ("transformers==5.0.0", "peft 0.19.0", "torch-2.5.1+cu121.dist-info").

        Also the driver's CUDA, from an nvidia-smi banner or torch's "found version 11060".
        What pip removed ("Successfully uninstalled ...") is not what ran. ``known``: the
        signatures whose version scopes name distributions to look for (None: the bundled ones).
        """
        text = _UNINSTALLED.sub("", text)
        lowered = text.lower()
        report = read_report(text)  # a pasted collect_env, transformers env, huggingface-cli env or pip show
        found: dict[str, tuple[str, ...]] = {}
        for name in log_distributions(known):
            versions = _mentions(text, lowered, name)
            if name == "torch":  # transformers' bug-report template: "- PyTorch version (GPU?): 2.1.0+cu121 (True)"
                versions += _pytorch_versions(text, lowered)
            if report is not None and canonicalize_name(name) in report.packages:
                versions.insert(0, report.packages[canonicalize_name(name)])
            if versions:
                reported = report.packages.get(canonicalize_name(name)) if report is not None else None
                listed = reported is not None and f"] {name}=={reported.partition('+')[0]}" in text and (
                    "Successfully installed" not in text)  # collect_env's own "[pip3] torch==1.13.1", no reinstall
                found[canonicalize_name(name)] = _one_build_once(tuple(dict.fromkeys(versions)),
                                                                 reported if listed else None)
        for name, version in _printed_versions(text).items():  # ">>> tf.__version__" then "'1.14.0'"
            found.setdefault(name, (version,))
        driver: tuple[str, str] | None = None
        smi = _SMI_CUDA.search(text)
        too_old = _FOUND_VERSION.search(text)
        if too_old:
            number = int(too_old.group(1))
            driver = (decode_driver_version(number), f"found version {number}")
        elif smi:
            driver = (smi.group(2), f"driver {smi.group(1)}")
        banner = _SMI_DRIVER.search(text)  # old drivers (390.77) print no CUDA column
        return cls(found, False, driver_cuda=driver, driver=banner.group(1) if banner else (
            report.driver if report is not None else None), text=text, report=report, lowered=lowered)

    def version_of(self, name: str) -> str | None:
        """The one version of a distribution this environment has or the log shows (None: none, or several)."""
        key = canonicalize_name(name)
        versions = self.found.get(key)
        if versions is None and self.report is not None and key in self.report.packages:
            versions = (self.report.packages[key],)
        if versions is None and self.text and not self.complete:
            if key not in self._read:  # a long log is searched once per name, not once per failure asking
                self._read[key] = tuple(dict.fromkeys(_mentions(self.text, self.lowered, key)))
            versions = self._read[key]
        return versions[0] if versions and len(versions) == 1 else None

    def fits(self, known: Signature) -> bool:
        if known.unseen and (self.complete or any(canonicalize_name(n) in self.found for n in known.unseen)):
            return False  # an environment always knows its versions: for logs that name none
        for name, spec in known.when:
            versions = self.found.get(canonicalize_name(name))
            if versions is None:
                if self.complete:
                    return False
                continue  # a log that does not mention it: not checked
            if not any(_contains(spec, v) for v in versions):
                return False
        if known.cuda_torch or known.cpu_torch:
            if self.complete:
                if known.cuda_torch:
                    return self.torch_cuda is not None
                return "torch" in self.found and not self.torch_cuda
            # a log: a "+cpu" on every torch it names rules out the CUDA errors, a "+cu..." on every one
            # rules out a CPU-only build
            mentioned = [v.partition("+")[2].lower() for v in self.found.get("torch", ())]
            if known.cuda_torch:
                return not mentioned or any(local != "cpu" for local in mentioned)
            return not mentioned or any(not local.startswith("cu") for local in mentioned)
        return True

    def excludes(self, known: Signature) -> str | None:
        """Why installed versions rule a signature out ("installed peft 0.13.2 is outside ..."); None: they don't."""
        if self.fits(known):
            return None
        for name, spec in known.when:
            versions = self.found.get(canonicalize_name(name))
            if versions is None:
                return f"{name} is not installed here (the failure happens with {name}{spec})"
            if not any(_contains(spec, v) for v in versions):
                return f"installed {name} {versions[0]} is outside {name}{spec}, where the failure happens"
        if known.unseen:
            return None  # for logs only; the family's version-scoped signatures speak for an environment
        torch = self.found.get("torch")
        if known.cuda_torch:
            return f"installed torch {torch[0]} is a CPU-only build" if torch else "torch is not installed here"
        if known.cpu_torch:
            return f"installed torch {torch[0]} is a CUDA build" if torch else "torch is not installed here"
        return None

    def seen(self) -> str:
        """The versions a log shows, for its explanations: "transformers 4.34.1, driver CUDA 11.6 (found ...)"."""
        parts = [f"{name} {', '.join(self.found[name])}" for name in sorted(self.found)]
        if self.driver_cuda:
            parts.append(f"driver CUDA {self.driver_cuda[0]} ({self.driver_cuda[1]})")
        elif self.driver:
            parts.append(f"driver {self.driver}")
        return ", ".join(parts)


@functools.cache
def _mention(name: str) -> re.Pattern[str]:
    """A distribution named with its version: "transformers==5.0.0", "peft 0.19.0", "`torch`: 2.5.1".

    The name comes first in the pattern, so the regex engine looks for it as a literal; the
    lookbehind after it asks what came before it (not a name character: an optional backtick
    before the name is not one either).
    """
    spelled = "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]", name))
    # TensorFlow Addons' "The versions of TensorFlow you are currently using is 2.8.4"; pip list before pip 9's
    # "numpy (1.9.1)" (holdout70a: nupic.studio#20)
    # (spaces and tabs only: a name that ends a line is no version's, IPython's numbered source lines below it: "35
    # import jax" over "36 from jax.experimental import checkify", read as jax 36: holdout77a's scvi-tools#2003)
    return re.compile(rf"{spelled}(?<![\w.-]{spelled})`?(?:[ \t]+version)?(?:[ \t]+you are currently using is[ \t]+"
                      rf"|[ \t]*==[ \t]*|[ \t]*:[ \t]*|[ \t]+\((?=[\d.]+\))|[ \t]+|-)v?{_VERSION}(?![\w+])",
                      re.IGNORECASE)


def _matches_at(text: str, lowered: str, word: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of an IGNORECASE ``pattern``, each tried only where the lowered text holds ``word``, its first
    literal: such a pattern gets none of the regex engine's literal search (tried at every offset of a 10 MB log, one
    took 0.08 s). Where lower() changed the length (rare letters), positions would not agree: every offset is tried."""
    if len(lowered) != len(text):
        yield from pattern.finditer(text)
        return
    at = lowered.find(word)
    while at >= 0:
        match = pattern.match(text, at)
        if match:
            yield match
        at = lowered.find(word, match.end() if match else at + 1)


def _pytorch_versions(text: str, lowered: str) -> list[str]:
    """The versions "PyTorch version...: 2.1.0" lines name."""
    return [m.group(1) for m in _matches_at(text, lowered, "pytorch version", _PYTORCH_VERSION)]


def _mentions(text: str, lowered: str, name: str) -> list[str]:
    """The versions ``text`` names for distribution ``name``, in order (found where the name's first part is)."""
    first = re.split(r"[-_.]", name.lower())[0]
    return [m.group(1) for m in _matches_at(text, lowered, first, _mention(name))
            if not _HISTORY.search(text[max(0, m.start() - 30):m.start()].lower())
            and not _FLOOR_AFTER.match(text, m.end(1))]


#: words before a version that tell a release's history, not what is installed: NumPy's "The aliases was originally
#: deprecated in NumPy 1.20" (holdout13a: np.float under NumPy 1.24, read as 1.20), a comment's "int64 dtype causes
#: issues in cupy 10" in the source a test run echoes (holdout27a: hyperseti#60, under CuPy 8.6); the requirement
#: pkg_resources found no distribution for ("DistributionNotFound: numpy==1.8.1", holdout70a: nupic.studio#20)
_HISTORY = re.compile(r"(?:deprecated|removed|added|introduced|changed|fixed) (?:in|since) $|(?:since|as of|prior to) $"
                      r"|(?:issues?|bugs?|problems?|regressions?|broken) in $|distributionnotfound: $|bound to $"
                      r"|(?:installing|updating|downgrading|removing) $")  # Poetry's "Installing torch (2.4.0): Failed"
#: words after a version that make it a floor asked for, not one installed: "PaddlePaddle version 2.0.0 or higher is
#: required" (holdout113a: PaddleDetection#943)
#: and "Python version 2.7 or 3.4+ is required" (both floors; holdout114a: abseil-py#208)
_FLOOR_AFTER = re.compile(r"(?:-?(?:rc|a|b|alpha|beta)\d+)?(?:\s{0,3}or (?:higher|newer|later|above|greater)\b|\+|"
                          r"\s{0,3}or (?:>=\s*)?\d+(?:\.\d+)*\+? (?:is )?required)")
_VERSION = r"(\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?(?:\+[A-Za-z]+\d*(?:\.\d+)*)?)"
_PYTORCH_VERSION = re.compile(rf"PyTorch version[^:\n]{{0,100}}:\s*{_VERSION}(?![\w+])", re.IGNORECASE)
_UNINSTALLED = re.compile(r"(?:Successfully uninstalled|Found existing installation:|Uninstalling) [^\n]*")
_SMI_CUDA = re.compile(r"Driver Version:\s*([\d.]+)\s+CUDA Version:\s*(\d+\.\d+)")
_SMI_DRIVER = re.compile(r"Driver Version:\s*(\d+\.\d+(?:\.\d+)?)")
_FOUND_VERSION = re.compile(r"driver on your system is too old \(found version (\d{4,6})\)")


def _contains(spec: str, version: str) -> bool:
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return False


# --------------------------------------------------------------------------- matching


def match(failure: Failure, versions: Versions | None = None, known: Sequence[Signature] | None = None
          ) -> tuple[Signature, Hint] | None:
    """The first signature whose whole scope holds, and its hint; ``versions`` None: not checked.

    ``known``: the signatures to try, in order (None: the bundled ones).
    """
    for signature in _known(known):
        if signature.type_names.isdisjoint(failure.types):  # not any(failure.is_a(t) for t in signature.types)
            continue
        if signature.raised_in and failure.raised_in is not None and not _within(failure.raised_in,
                                                                                 signature.raised_in):
            continue
        if signature.frames is not None and not any(signature.frames.search(f) for f in failure.frames or ()):
            continue
        found = signature.pattern.search(failure.message)  # before the versions: cheaper, and mostly not found
        if found and (versions is None or versions.fits(signature)):
            cause, fix = signature.cause, signature.fix
            if signature.detail is not None:
                cause, fix = DETAILS[signature.detail].apply(cause, fix, found, failure)
            return signature, Hint(cause, fix, signature.source, signature.catches,
                                   requirement=signature.requirement, family=signature.family,
                                   kernels=signature.kernels)
    return None


def of_types(types: tuple[str, ...], known: Sequence[Signature] | None = None) -> tuple[Signature, ...]:
    """The signatures a failure of these types can match, in order: :func:`match`'s type check, done once.

    A log's failures have a handful of distinct types over thousands of lines; passing these as
    ``known`` gives the same answers as all of them.
    """
    return tuple(k for k in _known(known) if not k.type_names.isdisjoint(types))


def explain(failure: Failure, versions: Versions | None = None, *, torch_cuda: str | None = None,
            torch_version: str | None = None, installed: bool = True,
            known: Sequence[Signature] | None = None, situation: Situation | None = None,
            generic: bool = True) -> Hint | None:
    """The first signature whose whole scope holds; else the loader's words; else the generic layer's reading.

    ``versions`` None: the version scope is not checked. ``installed``: the torch given is this
    environment's (False: the one a log shows, or none known). ``known``: the signatures to try, in
    order (None: the bundled ones). ``situation``: the machine a log shows (fits the fixes).
    ``generic``: False asks the known failures only.
    """
    typed = imported_before_torch(failure, situation)  # the log's own order of imports, before any release's answer
    if typed is not None:
        return typed
    found = match(failure, versions, known)
    if found is not None:
        return found[1]
    # the loader's words wrapped in another exception: transformers' lazy import, onnxruntime's provider bridge
    # ("Failed to load library libonnxruntime_providers_cuda.so with error: libcublas.so.11: cannot open ...", raised
    # as Java's OrtException too: survey16b, onnxruntime#12540)
    # and torchvision's warning "Failed to load image Python extension: .../image.so: undefined symbol: _ZN3c10..."
    # (holdout23b: nixpkgs#162286): the loader's words for a library's symbol, in a warning (an AttributeError's
    # "libbitsandbytes_cpu.so: undefined symbol: cget_col_row_stats" is bitsandbytes' CPU library asked for a GPU
    # function, not a build for another torch: holdout22b, bitsandbytes#459)
    # onnxruntime's warning "Cannot load onnxruntime.capi. Error: 'DLL load failed: The specified module could not be
    # found.'" (holdout26b: onnxruntime#251): Windows' own words, quoted in a warning
    # PaddlePaddle's RuntimeError for a library it dlopens: "The third-party dynamic library (cudnn64_7.dll) that
    # Paddle depends on is not configured correctly." (holdout68b: PaddleOCR#4171)
    wrapped = ("because of the following error" in failure.message or "Failed to load library" in failure.message
               or "The third-party dynamic library (" in failure.message
               or quotes_loader(failure.message)
               or (failure.is_a("builtins.Warning") and (_TORCH_SYMBOL_MISSING.search(failure.message) is not None
                                                         or quotes_windows_loader(failure.message)
                                                         # PyG's "Disabling its usage. Stacktrace: /lib64/libm.so.6:
                                                         # version `GLIBC_2.29' not found" (pytorch_sparse#377)
                                                         or "' not found (required by " in failure.message)))
    # a program the code started ("subprocess.Popen([exe])" raising "[WinError 1114]") is no package's load
    started = failure.source is not None and any(call in failure.source for call in ("Popen(", "startfile(",
                                                                                      "subprocess."))
    if (failure.is_load_error or failure.types == (LOG_LINE,) or wrapped) and not started and (
            may_quote_the_loader(failure.message)):  # (before the frames are read for it: most of a long log's lines)
        hint = explain_load_error(failure.message, torch_cuda=torch_cuda, torch_version=torch_version,
                                  installed=installed,
                                  package=_loading_package(failure) or _provider_package(failure.message),
                                  raised=failure.types != (LOG_LINE,),
                                  framed=any(not is_standard(f.partition(":")[0]) for f in failure.frames or ()),
                                  torch_loads=any(f.startswith(("torch._ops:", "torch.utils.cpp_extension:"))
                                                  for f in failure.frames or ()),
                                  torch_seen=situation is None or situation.torch_named)
        if hint is not None:
            return hint
    if not generic:
        return None
    hint = reason(failure, versions.version_of if versions is not None else _no_version,
                  situation if situation is not None else Situation())
    if hint is not None and versions is not None and match(failure, None, known) is not None:
        return None  # a known failure recognises it, and the versions rule it out: its data says more than a guess
    return hint


#: the loader's words for a symbol of torch's own C++ namespaces (c10, at, torch), as a warning quotes them; another
#: library's symbol there (pygame's SDL_RWsize, torchaudio's sox_get_effects) is that library's pair, not torch's
_TORCH_SYMBOL_MISSING = re.compile(r"\.so: undefined symbol: _ZN(?:K|St)?(?:3c10|2at|5torch)")


def _loading_package(failure: Failure) -> str | None:
    """The distribution whose module the innermost frame runs (the import that failed to load), where that frame is
    an installed package's (not a script's, nor the test runner's importing it)."""
    inner = innermost_frame(failure.frames)
    module = inner.partition(":")[0] if inner else ""
    if inner is None or not package_frames([inner], failure.packages) or top(module) in ("_pytest", "pytest", "pluggy"):
        return None
    return distribution_of(module)


def _provider_package(message: str) -> str | None:
    """onnxruntime, where its provider bridge names the provider library it failed to load (frames of another
    language, or none, name no package)."""
    return "onnxruntime" if "Failed to load library libonnxruntime_providers_" in message else None


def _no_version(name: str) -> str | None:
    return None


def ruled_out(failure: Failure, versions: Versions, known: Sequence[Signature] | None = None
              ) -> tuple[Hint, str] | None:
    """A failure a signature recognises but the installed versions exclude: its hint and what excludes it."""
    hint = explain(failure, known=known, generic=False)
    if hint is None or not versions.complete:
        return None
    for signature in _known(known):
        if signature.family != hint.family or not signature.pattern.search(failure.message):
            continue
        reason = versions.excludes(signature)
        if reason:
            return hint, reason
    return None


def _within(module: str, roots: tuple[str, ...]) -> bool:
    """``module`` belongs to a root package, or (for "*.name") is a module of that name in any package."""
    return module.partition(".")[0] in roots or f"*.{module.rpartition('.')[2]}" in roots


def explain_exception(exc: BaseException, versions: Versions | None = None, *, torch_cuda: str | None = None,
                      torch_version: str | None = None, known: Sequence[Signature] | None = None
                      ) -> tuple[BaseException, Failure, Hint] | None:
    """The first link of the chain that a signature explains: the known failure is often the inner one."""
    for link in exception_chain(exc):
        failure = Failure.from_exception(link)
        hint = explain(failure, versions, torch_cuda=torch_cuda, torch_version=torch_version, known=known)
        if hint is not None:
            return link, failure, hint
    return None


class KnownFailures:
    """The known failures as the checks ask them (:class:`~..model.hints.FailureExplainer`).

    The engine builds one and passes it down, so the checks below this layer explain an
    import or load error without importing it. ``extra_files``: a team's own data files,
    tried after the bundled ones; read (and validated: :class:`KnownFailuresError`) on first use.
    """

    def __init__(self, extra_files: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.extra_files = tuple(os.fspath(p) for p in extra_files)
        self._known: tuple[Signature, ...] | None = None

    @property
    def known(self) -> tuple[Signature, ...]:
        """The signatures tried, in order: the bundled ones, then each extra file's."""
        if self._known is None:
            self._known = load_known_failures(self.extra_files)
        return self._known

    def import_error(self, type_name: str, message: str, packages: Mapping[str, str] | None,
                     torch_cuda: str | None) -> Hint | None:
        versions = Versions.installed(packages, torch_cuda) if packages is not None else None
        return explain(Failure.from_name(type_name, message), versions, known=self.known)

    def load_error(self, type_name: str, message: str, *, torch_cuda: str | None,
                   torch_version: str | None) -> Hint | None:
        if not Failure.from_name(type_name, message).is_load_error:  # the loader's text, in a load error
            return None
        return explain_load_error(message, torch_cuda=torch_cuda, torch_version=torch_version)
