"""The tiny GLM on a GPU gives the CPU's logits."""

from __future__ import annotations

import copy

import pytest

pytestmark = pytest.mark.autoglm_contract()


@pytest.mark.requires_cuda("11.8", memory="1GiB")
def test_tiny_glm_forward_on_gpu_matches_cpu(tiny_glm, input_ids, cuda_device):
    import torch

    model = copy.deepcopy(tiny_glm).to(cuda_device)
    with torch.no_grad():
        expected = tiny_glm(input_ids).logits
        actual = model(input_ids.to(cuda_device)).logits.cpu()
    torch.testing.assert_close(actual, expected, atol=1e-4, rtol=1e-4)
