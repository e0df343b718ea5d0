"""Load path of a GLM model: save_pretrained -> from_pretrained, with and without accelerate."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.autoglm_contract()  # the active contract's core requirements


def test_tiny_glm_saves_and_reloads_with_equal_logits(tiny_glm, input_ids, tmp_path):
    import torch
    from transformers import AutoModelForCausalLM

    tiny_glm.save_pretrained(tmp_path)
    reloaded = AutoModelForCausalLM.from_pretrained(tmp_path)
    reloaded.eval()
    assert type(reloaded).__name__ == "GlmForCausalLM"
    with torch.no_grad():
        expected = tiny_glm(input_ids).logits
        actual = reloaded(input_ids).logits
    torch.testing.assert_close(actual, expected)


def test_reload_through_accelerate_device_map(tiny_glm, input_ids, tmp_path):
    import torch
    from transformers import AutoModelForCausalLM

    tiny_glm.save_pretrained(tmp_path)
    reloaded = AutoModelForCausalLM.from_pretrained(tmp_path, device_map={"": "cpu"})
    assert {p.device.type for p in reloaded.parameters()} == {"cpu"}
    # transformers 4.x records the map; 5.x leaves hf_device_map unset for a single device
    assert {str(v) for v in getattr(reloaded, "hf_device_map", {"": "cpu"}).values()} == {"cpu"}
    with torch.no_grad():
        torch.testing.assert_close(reloaded(input_ids).logits, tiny_glm(input_ids).logits)


def test_reloaded_model_ties_lm_head_to_embeddings(tiny_glm, tmp_path):
    from transformers import AutoModelForCausalLM

    tiny_glm.save_pretrained(tmp_path)
    reloaded = AutoModelForCausalLM.from_pretrained(tmp_path)
    head = reloaded.get_output_embeddings().weight
    embed = reloaded.get_input_embeddings().weight
    assert head.data_ptr() == embed.data_ptr()
