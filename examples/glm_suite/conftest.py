"""Shared fixtures of the example GLM suite: a tiny GLM model built locally (no hub download)."""

from __future__ import annotations

import pytest


def tiny_glm_config():
    from transformers import GlmConfig

    return GlmConfig(
        vocab_size=128,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=64,
        tie_word_embeddings=True,
        pad_token_id=0,
        bos_token_id=1,
        eos_token_id=2,
    )


@pytest.fixture(scope="session")
def tiny_glm():
    import torch
    from transformers import GlmForCausalLM

    torch.manual_seed(0)
    model = GlmForCausalLM(tiny_glm_config())
    model.eval()
    return model


@pytest.fixture(scope="session")
def input_ids():
    import torch

    return torch.arange(1, 17).reshape(2, 8) % 128


def build_chat_prompt(turns: list[tuple[str, str]]) -> str:
    """ChatGLM3-style prompt text from (role, content) turns."""
    parts = [f"<|{role}|>\n{content}" for role, content in turns]
    return "".join(parts) + "<|assistant|>"
