"""A name no release of its package has, where the releases spell it in another letter case.

transformers' first LLaMA code (a commit before 4.28.0) named its classes ``LLaMAForCausalLM`` and
``LLaMATokenizer``; every release names them ``LlamaForCausalLM`` and ``LlamaTokenizer``. Code written against
such a build asks for a name no release has, and the atlas shows the name the releases give it instead. Only an
acronym in capitals where the releases capitalise one letter is read so (two letters or more): a slip of the
hand lowers letters ("AutoModelforcausallm") or changes one.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import asked
from .atlas import respelled


def respelled_name(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The release's spelling of a name asked for in another letter case (None: the name is not so)."""
    if "cannot import name" not in failure.message and "has no attribute" not in failure.message:
        return None
    shape = asked(failure)
    if shape is None or shape.owner is None or shape.module is None:
        return None
    found = respelled(shape.owner, shape.module, shape.name)
    if found is None:
        return None
    spelled, change = found
    installed = version_of(shape.owner)
    since = f" (from {shape.owner} {change.added_in})" if change.added_in is not None else ""
    # the pin where the installed release (or an unknown one) may lack the releases' spelling too
    pin = f", with {shape.owner}>={change.added_in}" if change.added_in is not None and change.fits(installed) else ""
    where = f" in {shape.module}" if shape.module != shape.owner else ""
    return Hint(f"no release of {shape.owner} read has {shape.name}{where}: its releases spell it "
                f"{spelled}{since}, so the code that asks for {shape.name} was written for a build of "
                f"{shape.owner} that spelled it so (an unreleased one, or a fork)",
                f"change {shape.name} to {spelled} in the code that asks for it (or install a release of that code "
                f"that did){pin}",
                f"reasoned from the log and {change.source}", family="api-mismatch")


def respelled_tokenizer(cls: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A checkpoint's tokenizer_config.json naming a tokenizer class no transformers release has, where the releases
    spell it in another case: the checkpoint was converted with an unreleased build ("LLaMATokenizer")."""
    found = respelled("transformers", "transformers", cls)
    if found is None:
        return None
    spelled, change = found
    installed = version_of("transformers")
    pin = (f"; install transformers>={change.added_in}" if change.added_in is not None and change.fits(installed)
           else "")
    return Hint(f"the checkpoint's tokenizer_config.json names the tokenizer class {cls}, which no release of "
                f"transformers read has: its releases spell it {spelled}, so the checkpoint was converted with a "
                "build of transformers that spelled it so (an unreleased one, or a fork)",
                f"set \"tokenizer_class\": \"{spelled}\" in the checkpoint's tokenizer_config.json (or use a "
                f"conversion of the checkpoint made with a release){pin}",
                f"reasoned from the log and {change.source}", family="api-mismatch")
