"""Readings holdout22's misses and false claims (tests/data/real/holdout22*.toml, measured blind in session 15 on
edd2bc9, training data since) showed the engine lacked: each held to its real log's answer."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.failure import LOG_LINE, Failure
from pytest_autoglm_compat.knowledge.generic import reason
from real_answers import answers, first


def test_sphinx_s_floor_met_by_the_sphinx_running_claims_nothing() -> None:
    # "Running Sphinx v1.0.4", then "needs at least Sphinx v1.0.4": needs_sphinx with a micro, compared as text
    assert answers("holdout22a", "sphinx-527.log") == []
    # the floor with the release running older (holdout21a) or no other version shown (holdout16a): the guard
    assert first("holdout21a", "readthedocsorg-6292.log")[0] == "version-guard"
    assert first("holdout16a", "readthedocs-2280.log")[0] == "version-guard"


def test_pyopenssl_under_a_cryptography_without_its_binding_is_a_known_failure() -> None:
    for log in ("pyopenssl-1114.log", "fortigate-2.log", "protool-14.log"):
        family, cause, fix = first("holdout22a", log)
        assert family == "api-mismatch"
        assert cause.startswith("pyOpenSSL (OpenSSL/crypto.py) reads a symbol from cryptography's OpenSSL bindings "
                                "that cryptography 37.0.0 and later no longer provide")
        assert fix.startswith("pip install -U pyopenssl")


def test_cuda_error_803_is_the_kernel_driver_and_libcuda_apart() -> None:
    for log in ("easydiffusion-379.log", "easydiffusion-134.log"):
        family, cause, fix = first("holdout22b", log)
        assert family == "cuda-driver-too-old"
        assert cause.startswith("the NVIDIA kernel driver and the user-space CUDA driver (libcuda.so) on this machine "
                                "are of different versions")
        assert fix.startswith("install one current NVIDIA driver")


def test_a_host_program_s_error_prefix_and_older_guard_words() -> None:
    family, cause, _ = first("holdout22a", "domoticzebusd-10.log")  # "Error: VailantPiec: AttributeError: ..."
    assert (family, cause.split(" (")[0]) == ("api-mismatch", "the code asks for collections.MutableMapping, which "
                                              "Python 3.10 and later do not have")
    family, cause, _ = first("holdout22a", "datadreamer-38.log")  # "Error: ModuleNotFoundError: ..."
    assert family == "api-mismatch"
    assert "huggingface-hub 0.8.1 added it and 0.25.0 removed it" in cause
    assert first("holdout22a", "stratumminingproxy-90.log")[:2] == (
        "version-guard", "the library's own version check requires sphinx<1.3; found sphinx 1.6.5")
    assert first("holdout22a", "loom-86.log")[:2] == (
        "version-guard", "the library's own version check requires numpy>=1.7.0; found numpy 1.6.1")
    # the version the message names meets the floor it asks for: not why it failed
    assert reason(Failure((LOG_LINE,), "your numpy version is 1.8.0. Please upgrade numpy to >= 1.7.0")) is None
