"""Quantized forward: pack a linear layer of the tiny GLM with AutoGPTQ's QuantLinear."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.autoglm_contract("gptq")

BITS = 4
GROUP_SIZE = 32


def quantize_rtn(weight, bits=BITS, group_size=GROUP_SIZE):
    """Round-to-nearest asymmetric per-group quantization: (dequantized weight, scales, zeros)."""
    import torch

    out_features, in_features = weight.shape
    maxq = 2**bits - 1
    groups = weight.reshape(out_features, in_features // group_size, group_size)
    wmin = groups.amin(-1, keepdim=True).clamp(max=0)
    wmax = groups.amax(-1, keepdim=True).clamp(min=0)
    scale = (wmax - wmin).clamp(min=1e-8) / maxq
    zero = torch.round(-wmin / scale)
    q = torch.clamp(torch.round(groups / scale) + zero, 0, maxq)
    dequant = ((q - zero) * scale).reshape(out_features, in_features)
    return dequant, scale.squeeze(-1), zero.squeeze(-1)


def pack_layer(linear, device):
    import torch
    from auto_gptq.utils.import_utils import dynamically_import_QuantLinear

    QuantLinear = dynamically_import_QuantLinear(
        use_triton=False, desc_act=False, group_size=GROUP_SIZE, bits=BITS,
        disable_exllama=True, disable_exllamav2=True,
    )
    dequant, scales, zeros = quantize_rtn(linear.weight.data.float())
    reference = torch.nn.Linear(linear.in_features, linear.out_features, bias=False)
    reference.weight.data = dequant
    g_idx = torch.tensor([i // GROUP_SIZE for i in range(linear.in_features)], dtype=torch.int32)
    qlinear = QuantLinear(bits=BITS, group_size=GROUP_SIZE, infeatures=linear.in_features,
                          outfeatures=linear.out_features, bias=False)
    qlinear.pack(reference, scales, zeros, g_idx)
    return qlinear.to(device), reference.to(device), scales


def check_forward(tiny_glm, device, dtype):
    import torch

    linear = tiny_glm.model.layers[0].mlp.down_proj
    qlinear, reference, scales = pack_layer(linear, device)
    torch.manual_seed(1)
    x = torch.randn(4, linear.in_features, device=device)
    with torch.no_grad():
        y = qlinear(x.to(dtype)).float()
        y_float = linear.to(device)(x)
        y_dequant = reference(x)
    # The packed layer computes exactly the dequantized weight (up to the kernel's dtype) ...
    torch.testing.assert_close(y, y_dequant, atol=2e-2 if dtype == torch.float16 else 1e-4, rtol=1e-3)
    # ... and differs from the float layer by at most half a quantization step per weight.
    step = scales.to(device).repeat_interleave(GROUP_SIZE, dim=1)  # [out, in]
    bound = 0.5 * x.abs() @ step.T
    assert torch.all((y - y_float).abs() <= bound + 1e-3)
    assert (y - y_float).abs().max() > 0  # 4-bit really changed the weights


def test_quantized_linear_forward_on_cpu_matches_float_within_4bit_error(tiny_glm):
    import torch

    check_forward(tiny_glm, torch.device("cpu"), torch.float32)


@pytest.mark.requires_cuda("11.8")
def test_quantized_linear_forward_with_cuda_kernels(tiny_glm, cuda_device):
    import torch

    check_forward(tiny_glm, cuda_device, torch.float16)
