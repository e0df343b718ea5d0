"""Readings session 43 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 43)."""

from __future__ import annotations

from real_answers import answered, first


def test_a_one_word_attribute_its_class_had_until_a_release() -> None:
    # holdout91a: covalent#1845, the class itself asked, the log its line alone
    assert first("holdout91a", "covalent-1845.log")[:2] == (
        "api-mismatch", "the code asks pennylane's class DefaultQubit itself for operations, which the installed "
        "pennylane does not have: pennylane 0.33.0 removed it (0.32.0 is the last release with it), so the code was "
        "written for an older pennylane")
    # an object of it, not the class: the same history (told before, by the one class of its name that had it)
    assert answered("AttributeError: 'DefaultQubit' object has no attribute 'operations'\n") == [
        "the code asks a DefaultQubit (pennylane's class, the one of its name that had operations) for operations, which the installed pennylane does not "
        "have: pennylane 0.33.0 removed it (0.32.0 is the last release with it), so the code was written for an older "
        "pennylane"]
    # a name releases had only between two of them (holdout142a's distractor sentence-transformers#1699), a class of
    # one word, an attribute no release of the class had, or one the code asks of its own object: nothing
    assert not answered("AttributeError: 'SentenceTransformer' object has no attribute 'tokenizer'\n")
    assert not answered("AttributeError: type object 'Qubit' has no attribute 'operations'\n")
    assert not answered("AttributeError: type object 'DefaultQubit' has no attribute 'frobnicate'\n")
    assert not answered('  File "run.py", line 3, in go\n    self.operations.append(1)\n'
                        "AttributeError: 'DefaultQubit' object has no attribute 'operations'\n")
