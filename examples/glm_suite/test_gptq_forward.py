"""Quantized forward: a linear layer of the tiny GLM packed as 4-bit GPTQ, and the whole model calibrated.

The same tests run on the 2024 stack (contract ``stable``: AutoGPTQ 0.7.1's QuantLinear) and on the
2026 one (contract ``latest``: gptqmodel's TorchLinear, and transformers 5's GPTQ integration through
optimum and gptqmodel). No GPU, no hub, no tokenizer: calibration is token ids.
"""

from __future__ import annotations

import contextlib

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


@contextlib.contextmanager
def eager():
    """gptqmodel's TorchLinear wraps its dequantize in torch.compile: a C++ build per fresh cache (10-20 s on
    two cores) and an InductorError where no compiler is installed. Eager gives the same numbers.
    (config.patch, not monkeypatch.setattr: torch's config module undoes its own patches.)"""
    try:
        import torch._dynamo
    except ImportError:
        yield
        return
    with torch._dynamo.config.patch(disable=True):
        yield


def quant_linear(linear, scales, zeros, reference):
    """The installed GPTQ implementation's packed layer: AutoGPTQ's QuantLinear, else gptqmodel's TorchLinear."""
    import torch

    g_idx = torch.tensor([i // GROUP_SIZE for i in range(linear.in_features)], dtype=torch.int32)
    try:
        from auto_gptq.utils.import_utils import dynamically_import_QuantLinear
    except ImportError:
        from gptqmodel.nn_modules.qlinear.torch import TorchLinear

        qlinear = TorchLinear(bits=BITS, group_size=GROUP_SIZE, sym=False, desc_act=False,
                              in_features=linear.in_features, out_features=linear.out_features, bias=False)
        qlinear.pack(reference, scales, zeros, g_idx)  # stores the real zero points: no v1 -> v2 conversion
        qlinear.post_init()
        return qlinear.eval()
    QuantLinear = dynamically_import_QuantLinear(
        use_triton=False, desc_act=False, group_size=GROUP_SIZE, bits=BITS,
        disable_exllama=True, disable_exllamav2=True,
    )
    qlinear = QuantLinear(bits=BITS, group_size=GROUP_SIZE, infeatures=linear.in_features,
                          outfeatures=linear.out_features, bias=False)
    qlinear.pack(reference, scales, zeros, g_idx)
    return qlinear


def pack_layer(linear, device):
    import torch

    dequant, scales, zeros = quantize_rtn(linear.weight.data.float())
    reference = torch.nn.Linear(linear.in_features, linear.out_features, bias=False)
    reference.weight.data = dequant
    qlinear = quant_linear(linear, scales, zeros, reference)
    return qlinear.to(device), reference.to(device), scales


def check_forward(tiny_glm, device, dtype):
    import torch

    linear = tiny_glm.model.layers[0].mlp.down_proj
    with eager():
        qlinear, reference, scales = pack_layer(linear, device)
        torch.manual_seed(1)
        x = torch.randn(4, linear.in_features, device=device)
        with torch.no_grad():
            y = qlinear(x.to(dtype)).float()
            y_float = linear.to(device)(x)
            y_dequant = reference(x)
    # The packed layer computes the dequantized weight (up to the kernel's dtype; gptqmodel keeps its scales in
    # float16, about 1e-4 off in float32) ...
    torch.testing.assert_close(y, y_dequant, atol=2e-2 if dtype == torch.float16 else 1e-3, rtol=1e-3)
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


@pytest.mark.requires_api("transformers:GPTQConfig", params=["backend"])
def test_gptq_calibrated_glm_forward_on_cpu(tiny_glm, input_ids, tmp_path):
    """The whole tiny GLM quantized by transformers' own GPTQ path (optimum + gptqmodel), saved and reloaded."""
    import torch
    from transformers import AutoModelForCausalLM, GPTQConfig

    tiny_glm.save_pretrained(tmp_path / "float")
    generator = torch.Generator().manual_seed(2)
    calibration = [{"input_ids": [torch.randint(3, 128, (32,), generator=generator).tolist()],
                    "attention_mask": [[1] * 32]} for _ in range(16)]
    config = GPTQConfig(bits=BITS, group_size=GROUP_SIZE, sym=True, desc_act=False, backend="torch",
                        dataset=calibration)
    with eager():
        quantized = AutoModelForCausalLM.from_pretrained(tmp_path / "float", quantization_config=config,
                                                         device_map="cpu", dtype=torch.bfloat16)
        packed = {type(m).__name__ for name, m in quantized.named_modules() if name.endswith("_proj")}
        assert packed == {"TorchLinear"}, packed
        with torch.no_grad():
            expected = tiny_glm(input_ids).logits.float()
            actual = quantized(input_ids).logits.float()
        relative = ((actual - expected).norm() / expected.norm()).item()
        assert 0 < relative < 0.3, relative  # 4-bit moved the logits, and not far (bfloat16 alone: about 0.009)
        quantized.save_pretrained(tmp_path / "gptq")
        reloaded = AutoModelForCausalLM.from_pretrained(tmp_path / "gptq", device_map="cpu",
                                                        quantization_config=GPTQConfig(bits=BITS, backend="torch"))
        with torch.no_grad():
            again = reloaded(input_ids).logits.float()
    torch.testing.assert_close(again, actual)
