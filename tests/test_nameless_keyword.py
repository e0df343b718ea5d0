"""A refused keyword with no class named ("__init__() got an unexpected keyword argument 'k'", Python before 3.10):
told from the atlas's keyword index where one package's classes alone took it, in some releases."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic.atlas import keyword_owners
from pytest_autoglm_compat.knowledge.generic.nameless import nameless_keyword
from real_answers import first


def _none(name: str) -> str | None:
    return None


def test_a_keyword_only_one_package_s_classes_took_names_that_package_and_its_releases() -> None:
    family, cause, fix = first("survey16a", "transformers-7974.log")  # transformers 3.x, before TrainingArguments had it
    assert family == "api-mismatch"
    assert cause == ("__init__() is called with the keyword evaluation_strategy, which of the packages the atlas reads "
                     "only transformers' TrainingArguments.__init__() (transformers.training_args) ever took, and not "
                     "in every release: transformers 3.2.0 added it and 4.51.0 removed it (4.50.3 is the last release "
                     "with it); with the installed transformers, the calling code (or the saved settings it passes) "
                     "was written for another transformers")
    assert fix.startswith('install transformers>=3.2.0,<4.51.0 (pip install "transformers>=3.2.0,<4.51.0")')
    family, cause, fix = first("holdout8a", "llamafactory-6654.log")  # LLaMA-Factory under vLLM 0.5.0
    assert family == "api-mismatch"
    assert "only vllm's EngineArgs.__init__(), ModelConfig.__init__() (vllm.engine.arg_utils) ever took" in cause
    assert fix.startswith('install vllm>=0.5.5')


def test_the_installed_release_that_takes_it_or_a_keyword_of_several_packages_claims_nothing() -> None:
    message = "__init__() got an unexpected keyword argument 'evaluation_strategy'"
    failure = Failure(("builtins.TypeError",), message)
    assert nameless_keyword(failure, lambda dist: "4.40.0" if dist == "transformers" else None) is None
    assert nameless_keyword(failure, lambda dist: "5.0.0" if dist == "transformers" else None) is not None
    # peft's LoraConfig and vLLM's EngineArgs both took enable_lora: whose it is, the message does not say
    assert keyword_owners("__init__", "enable_lora") is None
    assert nameless_keyword(Failure(("builtins.TypeError",), "__init__() got an unexpected keyword argument "
                                                              "'enable_lora'"), _none) is None
    # a class named, or a local function: other readings' (or none)
    for named in ("Trainer.__init__()", "f.<locals>.__init__()"):
        failure = Failure(("builtins.TypeError",), f"{named} got an unexpected keyword argument 'evaluation_strategy'")
        assert nameless_keyword(failure, _none) is None, named
    # another exception type quoting the words says nothing of the call
    assert nameless_keyword(Failure(("builtins.ValueError",), message), _none) is None


def test_a_module_s_function_keyword_and_a_decorator_that_handles_arguments() -> None:
    failure = Failure(("builtins.TypeError",), "dispatch_model() got an unexpected keyword argument 'offload_index'")
    hint = nameless_keyword(failure, _none)
    assert hint is not None
    assert hint.cause.startswith("dispatch_model() is called with the keyword offload_index, which of the packages the "
                                 "atlas reads only accelerate's dispatch_model() (accelerate.big_modeling) ever took")
    assert hint.fix.startswith('install accelerate>=0.15.0')
    # huggingface_hub's validate_hf_hub_args took use_auth_token for token from 0.11: the signature says nothing there
    assert nameless_keyword(Failure(("builtins.TypeError",), "hf_hub_download() got an unexpected keyword argument "
                                                             "'use_auth_token'"), _none) is None
