"""Snapshot of an environment, taken without importing torch, transformers or auto-gptq.

Versions come from distribution metadata, torch's build from the text of its
``version.py``, GPUs from NVML (``nvidia-ml-py``) or ``nvidia-smi``. Secrets in
the environment never enter a snapshot.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

SNAPSHOT_SCHEMA = "pytest-autoglm-compat/snapshot/1"

NVIDIA_SMI_QUERY = "index,name,uuid,driver_version,memory.total,compute_cap"
NVIDIA_SMI_QUERY_OLD = "index,name,uuid,driver_version,memory.total"

#: Variables worth recording: they change what CUDA and the HF stack do.
RECORDED_ENV = (
    "CUDA_VISIBLE_DEVICES",
    "NVIDIA_VISIBLE_DEVICES",
    "CUDA_HOME",
    "CUDA_PATH",
    "CUDA_MODULE_LOADING",
    "PYTORCH_CUDA_ALLOC_CONF",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "LD_LIBRARY_PATH",
)
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSW|PASSWD|PWD|KEY|CREDENTIAL|AUTH|COOKIE|SESSION", re.I)
# The look-behind starts a scheme only at the start of a run of scheme characters: linear time on
# long reports instead of re-scanning every run from each of its characters.
_URL_CREDENTIALS = re.compile(r"(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<cred>[^/@\s]+)@")


#: ``gpu_source`` of a snapshot made from a lock file: the hardware is unknown, not absent.
LOCKFILE_SOURCE = "lockfile"
LOCKFILE_GPU_PROBLEM = "not known from a lock file"


@dataclass(frozen=True)
class Gpu:
    index: int  # index as CUDA in this process sees it (after CUDA_VISIBLE_DEVICES)
    name: str
    uuid: str
    capability: str | None  # "9.0"
    memory_total: int | None  # bytes
    physical_index: int = 0


@dataclass(frozen=True)
class TorchBuild:
    version: str
    cuda: str | None
    hip: str | None
    git_version: str | None
    path: str


@dataclass(frozen=True)
class Snapshot:
    fingerprint: str
    python: str
    implementation: str
    executable: str
    platform: str
    machine: str
    marker_env: Mapping[str, str]
    packages: Mapping[str, str]
    torch: TorchBuild | None
    driver: str | None
    gpus: tuple[Gpu, ...]
    gpu_source: str | None  # "nvml", "nvidia-smi", "snapshot" or None
    gpu_problem: str | None  # why no GPU is visible, when none is
    environment: Mapping[str, str] = field(default_factory=dict)
    shadowed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    broken: tuple[str, ...] = ()
    torch_problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SNAPSHOT_SCHEMA
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Snapshot:
        if data.get("schema") != SNAPSHOT_SCHEMA:
            raise ValueError(f"not a snapshot of schema {SNAPSHOT_SCHEMA!r}")
        body = {k: v for k, v in data.items() if k != "schema"}
        body["gpus"] = tuple(Gpu(**g) for g in body.get("gpus", ()))
        body["torch"] = TorchBuild(**body["torch"]) if body.get("torch") else None
        body["shadowed"] = {k: tuple(v) for k, v in body.get("shadowed", {}).items()}
        body["broken"] = tuple(body.get("broken", ()))
        return cls(**body)

    @property
    def torch_summary(self) -> str:
        if self.torch is None:
            return "torch not installed"
        if self.torch.cuda:
            return f"torch {self.torch.version} (CUDA {self.torch.cuda})"
        if self.torch.hip:
            return f"torch {self.torch.version} (ROCm {self.torch.hip})"
        if self.gpu_source == LOCKFILE_SOURCE and "+" not in self.torch.version:
            return f"torch {self.torch.version} (build not recorded in the lock file)"
        return f"torch {self.torch.version} (CPU build)"

    @property
    def gpu_summary(self) -> str:
        if not self.gpus:
            return f"no GPU visible ({self.gpu_problem})" if self.gpu_problem else "no GPU visible"
        names: dict[str, int] = {}
        for gpu in self.gpus:
            label = f"{gpu.name} sm_{(gpu.capability or '?').replace('.', '')}"
            names[label] = names.get(label, 0) + 1
        gpus = ", ".join(f"{n}x {label}" for label, n in names.items())
        return f"{gpus}, driver {self.driver or 'unknown'}"


# --------------------------------------------------------------------------- environment


def scrub_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """Keep the recorded variables, never a secret-looking one, never URL credentials."""
    out = {}
    for name in RECORDED_ENV:
        if name in environ and not _SECRET_NAME.search(name):
            out[name] = redact_url_credentials(environ[name])
    return out


def redact_url_credentials(value: str) -> str:
    if "://" not in value:
        return value
    return _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}***@", value)


# --------------------------------------------------------------------------- fingerprint

_DIST_SUFFIXES = (".dist-info", ".egg-info", ".egg-link", ".pth")


def fingerprint(environ: Mapping[str, str] | None = None, path: list[str] | None = None) -> str:
    """Cheap identity of an environment: names of installed dists, driver, visible GPUs.

    Directory listings only; no metadata is read and nothing is hashed beyond names.
    Dist-info directory names carry versions, so an install or upgrade changes it.
    """
    environ = os.environ if environ is None else environ
    h = hashlib.sha256()
    h.update(sys.executable.encode())
    h.update(sys.version.encode())
    for entry in path if path is not None else sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        names = sorted(n for n in listing if n.endswith(_DIST_SUFFIXES))
        has_torch = "torch" in listing
        if not names and not has_torch:
            continue  # a test directory on sys.path changes nothing the snapshot holds
        h.update(b"\0path\0" + entry.encode("utf-8", "surrogateescape"))
        for name in names:
            h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        if has_torch:
            _add_mtime(h, os.path.join(entry, "torch", "version.py"))
    for name in ("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "PATH", "LD_LIBRARY_PATH"):
        h.update(f"\0{name}={environ.get(name, '<unset>')}".encode())
    try:
        h.update(Path("/proc/driver/nvidia/version").read_bytes())
    except OSError:
        h.update(b"no-proc-driver")
    try:
        h.update(" ".join(sorted(n for n in os.listdir("/dev") if n.startswith("nvidia"))).encode())
    except OSError:
        pass
    return h.hexdigest()[:32]


def _add_mtime(h: Any, path: str) -> None:
    try:
        h.update(str(os.stat(path).st_mtime_ns).encode())
    except OSError:
        h.update(b"missing")


# --------------------------------------------------------------------------- distributions


def installed_packages() -> tuple[dict[str, str], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(name -> version as import would see it, shadowed duplicates, unreadable dists)."""
    packages: dict[str, str] = {}
    shadowed: dict[str, list[str]] = {}
    broken: list[str] = []
    if sys.version_info >= (3, 10):
        from importlib import metadata
    else:  # pragma: no cover
        import importlib_metadata as metadata

    for dist in metadata.distributions():
        where = str(getattr(dist, "_path", "?"))
        try:
            text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
        except Exception as exc:  # unreadable METADATA: report, never crash the session
            broken.append(f"{where}: {type(exc).__name__}: {exc}")
            continue
        if text is None:
            broken.append(f"{where}: no METADATA file")
            continue
        name, version = _name_and_version(text)
        if not name or not version:
            broken.append(f"{where}: METADATA has no {'Name' if not name else 'Version'}")
            continue
        key = canonicalize_name(name)
        if key in packages:
            shadowed.setdefault(key, []).append(version)
        else:
            packages[key] = version
    return (
        dict(sorted(packages.items())),
        {k: tuple(v) for k, v in shadowed.items()},
        tuple(broken),
    )


def _name_and_version(text: str) -> tuple[str | None, str | None]:
    """Name and Version from core-metadata headers (the lines before the first blank one).

    importlib.metadata finds and reads the file; parsing all of it as e-mail, as
    ``dist.metadata`` does, costs most of a cold probe and is not needed for two fields.
    """
    name = version = None
    for line in text.splitlines():
        if not line.strip():
            break
        if line[:5].lower() == "name:":
            name = line[5:].strip()
        elif line[:8].lower() == "version:":
            version = line[8:].strip()
        if name and version:
            break
    return name, version


def torch_build() -> tuple[TorchBuild | None, str | None]:
    """Read torch/version.py as text: locating a package does not import it."""
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError) as exc:
        return None, f"torch could not be located: {exc}"
    if spec is None or not spec.submodule_search_locations:
        return None, None
    base = Path(next(iter(spec.submodule_search_locations)))
    version_file = base / "version.py"
    import ast

    try:
        tree = ast.parse(version_file.read_text(encoding="utf-8"))
    except OSError:
        return None, f"torch is installed at {base} but has no readable version.py"
    except SyntaxError as exc:
        return None, f"torch's version.py does not parse: {exc.msg} (line {exc.lineno})"
    values: dict[str, Any] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for t in targets:
            if isinstance(t, ast.Name) and isinstance(value, ast.Constant):
                values[t.id] = value.value
    version = values.get("__version__")
    if not isinstance(version, str):
        return None, f"torch's version.py at {version_file} has no __version__"

    def text(name: str) -> str | None:
        v = values.get(name)
        return v if isinstance(v, str) else None

    return TorchBuild(version, text("cuda"), text("hip"), text("git_version"), str(base)), None


# --------------------------------------------------------------------------- GPUs


@dataclass
class _GpuProbe:
    driver: str | None = None
    gpus: list[Gpu] = field(default_factory=list)
    source: str | None = None
    problem: str | None = None


def _with_timeout(fn: Callable[[], _GpuProbe], timeout: float, what: str) -> _GpuProbe:
    """NVML calls can hang on a wedged driver; never let that hang the test session."""
    result: list[_GpuProbe] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:
            errors.append(exc)

    import threading

    thread = threading.Thread(target=run, name=f"autoglm-{what}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return _GpuProbe(problem=f"{what} did not answer within {timeout:g} s")
    if errors:
        exc = errors[0]
        return _GpuProbe(problem=f"{what} failed: {type(exc).__name__}: {exc}")
    return result[0]


def probe_nvml() -> _GpuProbe:
    try:
        import pynvml
    except ImportError:
        return _GpuProbe(problem="nvidia-ml-py is not installed")
    try:
        pynvml.nvmlInit()
    except Exception as exc:
        return _GpuProbe(problem=f"NVML could not be initialised: {exc}")
    try:
        driver = _text(pynvml.nvmlSystemGetDriverVersion())
        gpus = []
        for i in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(i)
            major, minor = pynvml.nvmlDeviceGetCudaComputeCapability(handle)
            gpus.append(
                Gpu(
                    index=i,
                    name=_text(pynvml.nvmlDeviceGetName(handle)),
                    uuid=_text(pynvml.nvmlDeviceGetUUID(handle)),
                    capability=f"{major}.{minor}",
                    memory_total=int(pynvml.nvmlDeviceGetMemoryInfo(handle).total),
                    physical_index=i,
                )
            )
        return _GpuProbe(driver=driver, gpus=gpus, source="nvml")
    finally:
        try:
            pynvml.nvmlShutdown()
        except Exception:
            pass


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def probe_nvidia_smi(timeout: float, environ: Mapping[str, str]) -> _GpuProbe:
    import shutil
    import subprocess

    exe = shutil.which("nvidia-smi", path=environ.get("PATH"))
    if exe is None:
        return _GpuProbe(problem="nvidia-smi not found on PATH")
    env = {k: environ[k] for k in ("PATH", "LD_LIBRARY_PATH", "HOME", "LANG") if k in environ}
    env["LC_ALL"] = "C"
    for query in (NVIDIA_SMI_QUERY, NVIDIA_SMI_QUERY_OLD):
        argv = [exe, f"--query-gpu={query}", "--format=csv,noheader,nounits"]
        try:
            proc = subprocess.run(
                argv, capture_output=True, text=True, timeout=timeout, env=env, check=False,
                errors="replace",
            )
        except subprocess.TimeoutExpired:
            return _GpuProbe(problem=f"nvidia-smi did not answer within {timeout:g} s")
        except OSError as exc:
            return _GpuProbe(problem=f"nvidia-smi could not be run: {exc.strerror or exc}")
        output = (proc.stdout + proc.stderr).strip()
        if proc.returncode != 0:
            if query == NVIDIA_SMI_QUERY and "compute_cap" in output:
                continue  # drivers before compute_cap existed as a query field
            first = output.splitlines()[0] if output else "no output"
            return _GpuProbe(problem=f"nvidia-smi exited with {proc.returncode}: {first}")
        return _parse_smi(proc.stdout, has_cap=query == NVIDIA_SMI_QUERY)
    return _GpuProbe(problem="nvidia-smi rejected every query")  # pragma: no cover


def _parse_smi(stdout: str, *, has_cap: bool) -> _GpuProbe:
    gpus = []
    driver = None
    width = 6 if has_cap else 5
    for line in stdout.splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != width:
            return _GpuProbe(problem=f"nvidia-smi printed an unexpected line: {line.strip()[:80]!r}")
        try:
            index = int(cells[0])
            memory = int(float(cells[4])) * 2**20 if cells[4] not in ("[N/A]", "") else None
        except ValueError:
            return _GpuProbe(problem=f"nvidia-smi printed an unexpected line: {line.strip()[:80]!r}")
        capability = cells[5] if has_cap and re.match(r"^\d+\.\d+$", cells[5]) else None
        driver = cells[3]
        gpus.append(Gpu(index, cells[1], cells[2], capability, memory, physical_index=index))
    if not gpus:
        return _GpuProbe(driver=None, problem="nvidia-smi listed no GPU", source="nvidia-smi")
    return _GpuProbe(driver=driver, gpus=gpus, source="nvidia-smi")


def apply_visible_devices(gpus: list[Gpu], environ: Mapping[str, str]) -> tuple[list[Gpu], str | None]:
    """Filter and renumber GPUs as CUDA_VISIBLE_DEVICES makes a CUDA process see them."""
    value = environ.get("CUDA_VISIBLE_DEVICES")
    if value is None:
        return gpus, None
    chosen: list[Gpu] = []
    for token in (t.strip() for t in value.split(",")):
        if not token:
            break
        match: Gpu | None = None
        if re.fullmatch(r"-?\d+", token):
            if int(token) < 0:
                break  # CUDA stops at the first invalid entry
            match = next((g for g in gpus if g.physical_index == int(token)), None)
        else:
            match = next((g for g in gpus if g.uuid.startswith(token) or g.uuid == f"GPU-{token}"), None)
        if match is None:
            break
        chosen.append(match)
    renumbered = [
        Gpu(i, g.name, g.uuid, g.capability, g.memory_total, g.physical_index)
        for i, g in enumerate(chosen)
    ]
    if gpus and not renumbered:
        return [], f"CUDA_VISIBLE_DEVICES={value!r} hides all {len(gpus)} GPU(s)"
    return renumbered, None


def probe_gpus(timeout: float, environ: Mapping[str, str]) -> _GpuProbe:
    nvml = _with_timeout(probe_nvml, timeout, "NVML")
    result = nvml
    if nvml.source is None:
        smi = probe_nvidia_smi(timeout, environ)
        if smi.source is None:
            smi.problem = f"{smi.problem}; {nvml.problem}"
        result = smi
    visible, hidden = apply_visible_devices(result.gpus, environ)
    result.gpus = visible
    if hidden:
        result.problem = hidden
    return result


# --------------------------------------------------------------------------- snapshot


def _marker_environment() -> Mapping[str, str]:
    from packaging.markers import default_environment

    return {k: str(v) for k, v in default_environment().items()}


def take_snapshot(
    *, timeout: float = 10.0, environ: Mapping[str, str] | None = None, fp: str | None = None
) -> Snapshot:
    import platform  # here: a warm run takes its snapshot from the cache

    environ = dict(os.environ if environ is None else environ)
    packages, shadowed, broken = installed_packages()
    torch, torch_problem = torch_build()
    gpu = probe_gpus(timeout, environ)
    return Snapshot(
        fingerprint=fp or fingerprint(environ),
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        executable=sys.executable,
        platform=sys.platform,
        machine=platform.machine(),
        marker_env={k: str(v) for k, v in _marker_environment().items()},
        packages=packages,
        torch=torch,
        driver=gpu.driver,
        gpus=tuple(gpu.gpus),
        gpu_source=gpu.source,
        gpu_problem=gpu.problem if not gpu.gpus else None,
        environment=scrub_environment(environ),
        shadowed=shadowed,
        broken=broken,
        torch_problem=torch_problem,
    )


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    with open(path, encoding="utf-8") as fh:
        import json

        return Snapshot.from_json(json.load(fh))
