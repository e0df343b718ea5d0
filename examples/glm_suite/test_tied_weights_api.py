"""Code written against one transformers major's private API; markers say which."""

from __future__ import annotations

import pytest


@pytest.mark.requires_api("transformers:GlmForCausalLM._tied_weights_keys", kind="list")
def test_tied_weights_keys_extend_as_list_in_transformers_4():
    from transformers import GlmForCausalLM

    keys = GlmForCausalLM._tied_weights_keys + ["model.embed_tokens.weight"]
    assert keys[0] == "lm_head.weight"


@pytest.mark.requires_api("transformers:GlmForCausalLM._tied_weights_keys", kind="dict")
def test_tied_weights_keys_map_target_to_source_in_transformers_5():
    from transformers import GlmForCausalLM

    assert GlmForCausalLM._tied_weights_keys["lm_head.weight"] == "model.embed_tokens.weight"


def test_chat_prompt_is_untouched_by_the_plugin():
    from conftest import build_chat_prompt

    prompt = build_chat_prompt([("user", "hi")])
    assert prompt == "<|user|>\nhi<|assistant|>"
