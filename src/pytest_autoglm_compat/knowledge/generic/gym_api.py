"""gym 0.26.0's step and reset: five values from step (obs, reward, terminated, truncated, info) where four were
(obs, reward, done, info), and (obs, info) from reset where obs was. Code and environment (or a wrapper between them)
on two sides of that change fail in Python's unpacking words (holdout54a: easy-rl#126, framework_tutorial#5,
gym#3165; holdout107a: HighwayEnv#371).

And a wrapper asked for its environment's attribute: gym 0.7.4 wrapped registered environments in TimeLimit, whose
Wrapper passed no attribute on (openai/gym#504, #537: "env.unwrapped.ale.lives()"), until Wrapper.__getattr__ forwarded
them (openai/gym#1347, 2019); gymnasium 0.29 deprecated that forwarding and 1.0.0 removed it (Gymnasium v0.29.1's
release notes, Gymnasium#836). Where a wrapper forwards, a missing attribute is named by the environment's own class.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import difflib
import re

from ...model.hints import Hint
from ..failure import Failure

_UNPACK = re.compile(r"(?:not enough|too many) values to unpack \(expected (?P<expected>\d)(?:, got (?P<got>\d))?\)")
#: the gym (gymnasium) frames or the line that unpacks a step or a reset
_GYM_FRAME = re.compile(r"^(?:gym|gymnasium)\.")
_CALL = re.compile(r"\.(?P<call>step|reset)\(")


#: "'TimeLimit' object has no attribute 'ale'", "'gymnasium.wrappers.common.TimeLimit' object has no attribute ..."
#: (holdout110a: DQN-tensorflow#25, SimplerEnv#44, #119): the wrappers gym.make puts around every environment, by name
#: (a private name is refused in other words where wrappers forward: holdout108a's mjrl#9 is another reading's)
_WRAPPER_LACKS = re.compile(r"'(?P<module>(?:gym|gymnasium)\.(?:wrappers|core)[\w.]*\.)?"
                            r"(?P<cls>TimeLimit|OrderEnforcing|PassiveEnvChecker|EnvChecker)' object has no "
                            r"attribute '(?P<attr>[A-Za-z]\w{0,80})'")


#: the public members gym's and gymnasium's Env and Wrapper have had in any release the atlas read (gym.core,
#: gymnasium.core; tests/test_session37_readings.py holds the list to the atlas): a wrapper lacking one of them (seed,
#: which gym 0.26 removed) or a near spelling of one (unwraped) is the atlas's or a typo, not the forwarding's
WRAPPER_API = ("action_space", "broadcast", "build", "class_name", "close", "compute_reward", "configure", "env",
               "event", "get_wrapper_attr", "has_wrapper_attr", "metadata", "monitor", "new_step_api", "np_random",
               "np_random_seed", "observation_space", "render", "render_mode", "reset", "reward_range", "seed",
               "set_wrapper_attr", "spec", "step", "unwrapped", "wrapper_spec")
#: a line that reaches an environment: "env.x_threshold", "self.env.ale.lives()", "envs[0]"
_ENV_ACCESS = re.compile(r"\benvs?\b|_env\b")


#: gym 0.26 removed Env.seed (seeding moved to reset(seed=...)): "'Overcooked_LLMA_V4' object has no attribute 'seed'"
#: raised through gym's Wrapper.__getattr__ forwarding (holdout186a: TWOSOME#13)
_SEED_LACKS = re.compile(r"'[\w.]{1,200}' object has no attribute 'seed'")


def gym_seed_removed(failure: Failure) -> Hint | None:
    """env.seed() forwarded by gym's wrappers to an environment of a gym (0.26 on) whose Env has no seed (None:
    anything else)."""
    if (_SEED_LACKS.fullmatch(failure.message.strip())
            and any(frame.startswith(("gym.core:", "gymnasium.core:")) for frame in failure.frames or ())):
        return Hint("the code calls env.seed(), which gym 0.26 removed from Env (seeding moved to "
                    "env.reset(seed=...)); gym's wrappers forwarded the call to the environment, which has none: the "
                    "code was written for gym before 0.26",
                    "seed through reset (env.reset(seed=seed)), or install the gym release the code was written for "
                    "(pip install 'gym<0.26')",
                    "reasoned from the log: gym's wrapper forwarding names the environment's class; gym 0.26.0's "
                    "release notes (Env.seed removed)", family="api-mismatch")
    return None


def gym_wrapper_attribute(failure: Failure) -> Hint | None:
    """A wrapper gym.make adds asked for an attribute of the environment it wraps, in a release whose wrappers do
    not pass attributes on (None: anything else)."""
    found = _WRAPPER_LACKS.fullmatch(failure.message) if "object has no attribute" in failure.message else None
    if found is None:
        return None
    attr, cls = found["attr"], found["cls"]
    # the log must show gym: its module in the class's name, a frame of it, or the failing line reaching an env (a
    # class of the user's own may be named TimeLimit: the session-37 second reader's quiz bot)
    gym_shown = bool(found["module"]) or any(_GYM_FRAME.match(frame) for frame in failure.frames or ()) or bool(
        _ENV_ACCESS.search(failure.source or ""))
    if not gym_shown or attr in WRAPPER_API or difflib.get_close_matches(attr, WRAPPER_API, n=1, cutoff=0.85):
        return None
    if found["module"] or found["cls"] == "PassiveEnvChecker":  # gymnasium's own (wrappers/common.py is 1.0's)
        cause = (f"gymnasium's {cls} wrapper (gym.make puts it around every environment) was asked for '{attr}', an "
                 "attribute of the environment it wraps: gymnasium 1.0 removed Wrapper.__getattr__, which passed such "
                 "attributes on (deprecated in 0.29), and the code was written for a release that still did")
        fix = (f"ask the environment itself: env.unwrapped.{attr} (or env.get_wrapper_attr('{attr}')), or pin "
               "'gymnasium<1.0' for code written before it")
    else:
        cause = (f"gym's {cls} wrapper (gym.make puts it around registered environments) was asked for '{attr}', an "
                 "attribute of the environment it wraps, and the installed release's wrappers do not pass attributes "
                 "on: gym from 0.7.4 until Wrapper.__getattr__ (2019), and gymnasium from 1.0")
        fix = (f"ask the environment itself: env.unwrapped.{attr} (works in every release), or install the gym or "
               "gymnasium release the code was written for")
    return Hint(cause, fix,
                "reasoned from the log: a gym wrapper named in Python's words (openai/gym#504, #1347; Gymnasium "
                "v0.29.1's release notes)", family="api-mismatch")


def gym_step_api(failure: Failure) -> Hint | None:
    """The answer for a step or reset unpacked by the other side of gym 0.26's API (None: anything else)."""
    found = _UNPACK.search(failure.message) if "values to unpack" in failure.message else None
    if found is None or not failure.is_a("builtins.ValueError"):
        return None
    call = _CALL.search(failure.source or "")
    gym_frame = any(_GYM_FRAME.match(frame) for frame in failure.frames or ())
    if call is None or not (gym_frame or "env" in (failure.source or "")):
        return None
    expected, got = int(found["expected"]), found["got"]
    step = call["call"] == "step"
    if step and not ((expected == 5 and got == "4") or (expected == 4 and got is None)):
        return None
    if not step and not (expected == 2 and got is None):
        return None
    if step and expected == 5:
        cause = ("the code unpacks five values from step() (gym 0.26's obs, reward, terminated, truncated, info), and "
                 "the environment returns the four of gym before 0.26 (obs, reward, done, info)")
    elif step:
        cause = ("the code unpacks four values from step(), as gym before 0.26 returned them, and the environment "
                 "returns the five of gym 0.26 and later")
    else:
        cause = ("the code unpacks reset() into (obs, info), as gym 0.26 returns it, and the environment returns "
                 "another shape (gym before 0.26 returned obs alone)")
    return Hint(cause,
                "use code and environments of one side of gym 0.26.0 (step returns five values, reset returns obs and "
                "info): gym>=0.26 or gymnasium with code written for them, or pin gym<0.26 for code written before "
                "(obs, reward, done, info = env.step(action))",
                "reasoned from the log: Python's unpacking of a gym step or reset (gym 0.26.0's API change)",
                family="api-mismatch")


#: Stable-Baselines3's check of the environment's spaces: "The algorithm only supports (<class
#: 'gym.spaces.box.Box'>, ...) as action spaces but Box(-1.0, 1.0, (29,), float32) was provided" (holdout156a:
#: FinRL-Tutorials#64, stable-baselines3#1371 and #1714, godot_rl_agents#119): the space provided is of a class the
#: check names, under the other package's module (gym's and gymnasium's spaces share their names)
_SPACES_REFUSED = re.compile(r"only supports \((?P<supported>[^)\n]{1,600})\) as (?:action|observation) spaces? but "
                             r"(?P<given>[A-Z]\w{1,40})\(")
_SPACE_CLASS = re.compile(r"<class '(?P<package>gym|gymnasium)\.spaces\.[\w.]+\.(?P<name>[A-Z]\w{1,40})'>")
#: the words the reading needs on a line (knowledge.relevance keeps those lines)
WORDS = (" as action spaces but ", " as observation spaces but ")


def gym_spaces_mixed(failure: Failure) -> Hint | None:
    """The answer for Stable-Baselines3 refusing a space of a class it names, from the other of gym and gymnasium
    (None: not its words, or a space of another class)."""
    found = _SPACES_REFUSED.search(failure.message) if "spaces but " in failure.message else None
    if found is None:
        return None
    supported = {m["name"]: m["package"] for m in _SPACE_CLASS.finditer(found["supported"])}
    package = supported.get(found["given"])
    if package is None:
        return None  # a space of a class the algorithm does not take (MultiDiscrete where Box is): the user's choice
    other = "gymnasium" if package == "gym" else "gym"
    fix = ("install a Stable-Baselines3 release built on gym (stable-baselines3<2.0) for gym environments"
           if package == "gym" else "build the environment's spaces from gymnasium (gymnasium.spaces) for "
           "Stable-Baselines3 2.0 and later, or wrap a gym environment with shimmy's compatibility layer")
    return Hint(f"the algorithm takes {package}'s {found['given']} spaces (Stable-Baselines3 "
                f"{'before 2.0' if package == 'gym' else '2.0 and later'}), and the environment's "
                f"{found['given']} is {other}'s, a class of the same name: the environment and the algorithm's "
                "release are written for different ones of gym and gymnasium",
                f"{fix}; or the environment's release written for {package}",
                "reasoned from the log: Stable-Baselines3's own check of the environment's spaces",
                family="api-mismatch")
