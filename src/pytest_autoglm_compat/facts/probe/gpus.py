"""The NVIDIA GPUs a CUDA process here would see: NVML or nvidia-smi, then CUDA_VISIBLE_DEVICES.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

NVIDIA_SMI_QUERY = "index,name,uuid,driver_version,memory.total,compute_cap"
NVIDIA_SMI_QUERY_OLD = "index,name,uuid,driver_version,memory.total"


@dataclass(frozen=True)
class Gpu:
    index: int  # index as CUDA in this process sees it (after CUDA_VISIBLE_DEVICES)
    name: str
    uuid: str
    capability: str | None  # "9.0"
    memory_total: int | None  # bytes
    physical_index: int = 0



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
    """Filter and renumber GPUs as CUDA_VISIBLE_DEVICES makes a CUDA process see them.

    NVIDIA's rules (CUDA programming guide, "CUDA Environment Variables"; MIG user guide,
    "CUDA Device Enumeration"): entries are indices or UUIDs as nvidia-smi prints them, a GPU
    UUID may be shortened to a prefix that names one GPU; the first invalid entry ends the list;
    ``MIG-<uuid>`` (drivers >= R470) or ``MIG-GPU-<uuid>/<gi>/<ci>`` (older) names a MIG device,
    and a process enumerates one MIG device at most.
    """
    value = environ.get("CUDA_VISIBLE_DEVICES")
    if value is None:
        return gpus, None
    chosen: list[Gpu] = []
    has_mig = False
    for token in (t.strip() for t in value.split(",")):
        if not token:
            break
        if token.startswith("MIG-"):
            mig = _mig_device(token, gpus)
            if mig is None:
                break
            if not has_mig:  # later MIG devices are not enumerated
                chosen.append(mig)
                has_mig = True
            continue
        match = _gpu_for(token, gpus)
        if match is None or any(g.uuid == match.uuid for g in chosen):
            break  # CUDA stops at the first invalid (or repeated) entry
        chosen.append(match)
    renumbered = [
        Gpu(i, g.name, g.uuid, g.capability, g.memory_total, g.physical_index)
        for i, g in enumerate(chosen)
    ]
    if gpus and not renumbered:
        return [], f"CUDA_VISIBLE_DEVICES={value!r} hides all {len(gpus)} GPU(s)"
    return renumbered, None


def _gpu_for(token: str, gpus: list[Gpu]) -> Gpu | None:
    if re.fullmatch(r"-?\d+", token):
        index = int(token)
        return next((g for g in gpus if g.physical_index == index), None) if index >= 0 else None
    exact = [g for g in gpus if g.uuid == token or g.uuid == f"GPU-{token}"]
    if exact:
        return exact[0]
    prefixed = [g for g in gpus if token.startswith("GPU-") and g.uuid.startswith(token)]
    return prefixed[0] if len(prefixed) == 1 else None  # an ambiguous prefix is invalid


def _mig_device(token: str, gpus: list[Gpu]) -> Gpu | None:
    """The MIG device a ``MIG-`` entry names, as far as the physical GPUs tell.

    Its memory is a slice of its GPU's and not probed (None: memory requirements stay unknown).
    A ``MIG-<uuid>`` does not name its GPU; where the GPUs are all of one model, that model's
    capability holds, otherwise it is unknown.
    """
    if not gpus:
        return None
    parent: Gpu | None = None
    if token.startswith("MIG-GPU-"):
        parent = next((g for g in gpus if g.uuid == token[4:].split("/", 1)[0]), None)
        if parent is None:
            return None
    models = {(g.name, g.capability) for g in gpus}
    if parent is None and len(models) == 1:
        parent = gpus[0]
    if parent is None:
        return Gpu(0, "MIG device", token, None, None, gpus[0].physical_index)
    return Gpu(0, f"{parent.name} MIG", token, parent.capability, None, parent.physical_index)


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


