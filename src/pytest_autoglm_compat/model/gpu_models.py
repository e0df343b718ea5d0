"""GPU models as logs and environment reports name them -> compute capability.

NVIDIA's "CUDA GPUs" table (developer.nvidia.com/cuda-gpus); longest names first where
one contains another ("A100" before "A10", "GH200" before "H200").

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

GPU_CAPABILITY = (
    ("K80", "3.7"), ("K40", "3.5"), ("M40", "5.2"), ("M60", "5.2"), ("P100", "6.0"), ("P40", "6.1"),
    ("P4", "6.1"), ("GTX 10", "6.1"), ("TITAN Xp", "6.1"), ("V100", "7.0"), ("TITAN V", "7.0"), ("T4", "7.5"),
    ("RTX 20", "7.5"), ("GTX 16", "7.5"), ("Quadro RTX", "7.5"), ("A100", "8.0"), ("A800", "8.0"), ("A30", "8.0"),
    ("A10", "8.6"), ("A40", "8.6"), ("RTX 30", "8.6"), ("RTX A", "8.6"), ("Orin", "8.7"), ("L40", "8.9"),
    ("L4", "8.9"), ("RTX 40", "8.9"), ("GH200", "9.0"), ("H100", "9.0"), ("H800", "9.0"), ("H200", "9.0"),
    ("GB200", "10.0"), ("B200", "10.0"), ("B100", "10.0"), ("RTX 50", "12.0"),
)


def capability_of(model: str) -> str | None:
    """The compute capability of a GPU model name ("NVIDIA A100-SXM4-80GB" -> "8.0"); None where not listed."""
    for key, capability in GPU_CAPABILITY:
        if key in model:
            return capability
    return None


#: the first CUDA toolkit whose nvcc builds SASS for a compute capability, for the desktop GPUs of the last lines:
#: 8.0 and 8.6 from clang's map of the toolkits (CudaArch::SM_80 -> CUDA 11.0, SM_86 -> CUDA 11.1,
#: reviews.llvm.org/D88668); 8.9 and 9.0 from CUDA 11.8 (pytorch/pytorch#87611: "versions less than 11.8 support only
#: up to sm_86"); 10.0 and 12.0 from CUDA 12.8 (NVIDIA's Blackwell compatibility guide; docs/compatibility.md); 10.3
#: and 12.1 (GB10, DGX Spark) from CUDA 12.9 (CUDA Features Archive 12.9: "adds compiler target support for SM
#: architecture 10.3 (sm_103, sm_103f, sm_103a) and 12.1 (sm_121)"); 11.0 (Jetson Thor) from CUDA 13.0, which renamed
#: Thor's sm_101 to sm_110 (NVIDIA's MathDx release notes: "Thor SM renaming from sm_101 to sm_110 starting from CUDA
#: 13.0; for CUDA 12.9 and older releases Thor stays labeled as sm_101")
FIRST_CUDA_FOR = {"8.0": "11.0", "8.6": "11.1", "8.9": "11.8", "9.0": "11.8", "10.0": "12.8", "12.0": "12.8",
                  "10.3": "12.9", "12.1": "12.9", "11.0": "13.0"}
