"""NVIDIA's custom-op builders (StyleGAN's ``dnnlib/tflib/custom_ops.py`` for TensorFlow, ``torch_utils/custom_ops.py``
for torch) reporting that a CUDA plugin did not compile, in their own words.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: 'Setting up TensorFlow plugin "fused_bias_act.cu": Compiling... Failed!' (holdout146b: stylegan2-ada#91),
#: 'Setting up PyTorch plugin "bias_act_plugin"... Failed!' (holdout44b: stylegan2-ada-pytorch#97)
_FAILED = re.compile(r'Setting up (?P<framework>TensorFlow|PyTorch) plugin "(?P<plugin>[^"\n]{1,100})"'
                     r"(?::? ?(?:Compiling|Loading)?\.\.\.)* ?Failed!")
#: the answer's source: it yields to any other answer of a build's (knowledge.answers), which says why it failed
VAGUE_CUSTOM_OP = "reasoned from the log: the custom-op builder's own words (its CUDA plugin did not compile)"
#: the words the reading needs on a line (knowledge.relevance keeps those lines)
WORDS = ("plugin \"",)


def custom_op_failed(failure: Failure) -> Hint | None:
    """The builder's line for a plugin it could not compile: a build of the project's CUDA op (None: anything else)."""
    found = _FAILED.search(failure.message) if "Failed!" in failure.message else None
    if found is None:
        return None
    framework, plugin = found["framework"], found["plugin"]
    toolkit = ("the CUDA toolkit and GCC the TensorFlow build was made with (1.14: CUDA 10.0 and GCC 4.8; 2.0: CUDA "
               "10.0 and GCC 7.3.1; tensorflow.org's tested build configurations)" if framework == "TensorFlow" else
               "a CUDA toolkit of the CUDA torch was built with (python -c 'import torch; print(torch.version.cuda)') "
               "and a host compiler it supports")
    return Hint(f"the project's custom-op builder could not compile its CUDA plugin {plugin} for {framework}: nvcc, "
                "the host compiler or the CUDA toolkit it found does not fit (the compiler's errors above this line, "
                "or the builder's verbose mode, say which)",
                f"install {toolkit}, put its nvcc first on PATH (CUDA_HOME), then run again; the builder's "
                "verbosity='full' prints the compiler's own error",
                VAGUE_CUSTOM_OP, family="extension-build")
