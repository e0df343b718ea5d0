"""A binary built for CPU instructions this CPU does not have: a library's own check of them, or the kernel's SIGILL.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint

#: the kernel's SIGILL as the shell reports it: bash's "Illegal instruction (core dumped)", zsh's
#: "[1]    3760 illegal hardware instruction  python3" (survey16b: tensorflow#44701)
#: (a Rust binary's panic handler capitalises it: "Illegal Instruction (core dumped)", holdout87b: mistral.rs#1269)
_ILLEGAL = re.compile(r"Illegal [Ii]nstruction(?: \(core dumped\))?"
                      r"|^(?:zsh: |\[\d+\]\s+\d+ )illegal hardware instruction")
#: glibc's translations of SIGILL's name, as a shell in another language prints it: Spanish "Instrucción ilegal
#: (`core' generado)" (holdout163b: VSFlow#9), German "Ungültiger Maschinenbefehl (Speicherabzug geschrieben)", Chinese
#: "非法指令 (核心已转储)"
LOCALIZED_SIGILL = ("Instrucción ilegal", "Ungültiger Maschinenbefehl", "非法指令")
#: Windows' STATUS_ILLEGAL_INSTRUCTION as Python's faulthandler ("Windows fatal exception: code 0xc000001d") and an IDE
#: ("Process finished with exit code -1073741795 (0xC000001D)") report it, and faulthandler's own words for SIGILL
#: ("Fatal Python error: Illegal instruction"): holdout173b's polars#19160, #13316, open-ontologies#223
_FAULT_REPORTS = re.compile(r"Windows fatal exception: code 0xc000001d|exit code -1073741795|\(0xC000001D\)|"
                            r"^Fatal Python error: Illegal instruction$", re.IGNORECASE)
WORDS = ("xc000001d", "xC000001D", "-1073741795")
#: bash's words for a command of a script it ran: "/bin/bash: line 1: 1758339 Illegal instruction     (core dumped)
#: barbet ..." (holdout74b: barbet#11)
#: the kernel's log (dmesg) of a process stopped on an instruction its CPU lacks: "python[24460] trap invalid opcode
#: ip:7fb4d67981ad sp:7ffd16de66c0 error:0 in dlib.cpython-36m-x86_64-linux-gnu.so[7fb4d6309000+5c5000]" (holdout119b:
#: faceswap-playground#37)
_SYSTEM_LIBRARIES = ("libc.so", "libc-", "ld-linux", "libpthread", "libm.so")
_TRAP = re.compile(r"trap invalid opcode ip:\w+ sp:\w+ error:\w+ in (?P<library>[^\s\[]{1,200})\[")
_SHELL_SAYS = re.compile(r"^(?:/\S{0,100}/)?(?:ba|z)?sh: line \d+: {1,8}\d+ Illegal instruction")
#: Polars' own check of the CPU (polars/_cpu_check.py): "The following required CPU features were not detected:
#: avx2, fma, bmi1, bmi2, movbe" (holdout74b: barbet#11, an old CPU; polars-lts-cpu is its build without them)
#: the source of an answer from a library's own check
_OWN_CHECK = "reasoned from the log: the library's own check of the CPU's features"
_BASELINE = re.compile(r"\b(?:sse3|ssse3|sse4\.1|sse4\.2|popcnt)\b")
_NOT_DETECTED = re.compile(r"The following required CPU features were not detected:\s*"
                           r"(?P<features>[\w.]+(?:, [\w.]+)*)")
#: TensorFlow's start-up check (cpu_feature_guard.cc): "The TensorFlow library was compiled to use AVX instructions,
#: but these aren't available on your machine." (holdout42b: tensorflow#6896 and four more)
_INSTRUCTIONS = re.compile(r"The (?P<what>\w[\w ]{0,40}?) library was compiled to use (?P<set>[\w.]{2,20}) "
                           r"instructions, but these aren.t available on your machine"
                           # jaxlib's own: "This version of jaxlib was built using AVX instructions, which your CPU
                           # and/or operating system do not support" (holdout75b: jax#31723)
                           r"|This version of (?P<what2>\w{1,40}) was built using (?P<set2>[\w.]{2,20}) instructions, "
                           r"which your CPU")


def cpu_lacks(message: str) -> Hint | None:
    """The answer for a build that uses instructions the CPU lacks, as the library or the shell reports it."""
    instructions = _INSTRUCTIONS.search(message) if "compiled to use" in message or "built using" in message else None
    if instructions:
        what, used = instructions["what"] or instructions["what2"], instructions["set"] or instructions["set2"]
        return Hint(f"the installed {what} is a build that uses {used} instructions, and this CPU (or the emulator or "
                    "virtual machine it runs in) does not have them",
                    f"install a build of it for CPUs without {used} (a community no-AVX wheel, an older release built "
                    f"without it), build it from source on this machine, or run on a CPU that has {used}",
                    _OWN_CHECK, family="binary-mismatch")
    features = _NOT_DETECTED.search(message) if "CPU features were not detected" in message else None
    if features:
        lacking = features["features"]
        if _BASELINE.search(lacking):  # what even the build for older CPUs needs (the second reader's polars#17746)
            return Hint(f"the installed build uses CPU features this CPU (or the virtual machine it runs in) does not "
                        f"expose ({lacking}), as the library's own check of the CPU reports; its build for older CPUs "
                        "needs SSSE3 and SSE4 too", "run on a CPU, or a virtual machine that passes the host's CPU "
                        "features through, that has them", _OWN_CHECK, family="binary-mismatch")
        return Hint(f"the installed build uses CPU features this CPU does not have ({lacking}), as the library's own "
                    "check of the CPU reports: an older CPU, or an x86-64 Python emulated on an ARM Mac (Rosetta)",
                    "install the library's build for older CPUs (Polars: pip install \"polars[rtcompat]\", or "
                    "polars-lts-cpu for releases before it), or run a native Python on a CPU that has them",
                    _OWN_CHECK, family="binary-mismatch")
    trapped = _TRAP.search(message) if "trap invalid opcode" in message else None
    if trapped is not None and (trapped["library"].startswith(_SYSTEM_LIBRARIES)
                                or "panicked while panicking" in message):
        trapped = None  # the system's own C library (the machine's, no user's build); Rust's abort is this trap too
    if trapped is not None:
        library = trapped["library"]
        return Hint(f"{library} uses CPU instructions this CPU does not have (the kernel's trap for an invalid opcode "
                    "inside it: a build for AVX/SSE4 or newer running on an older or emulated CPU)",
                    f"install a build of {library} for this CPU, or build it here so that it targets this CPU (its "
                    "build's options for the instruction sets: SSE2 only, no AVX)",
                    "reasoned from the log: the kernel's invalid-opcode trap, naming the library",
                    family="binary-mismatch")
    stripped = message.strip()
    if ("llegal" in stripped or "1073741795" in stripped or "00001d" in stripped.lower()) and _FAULT_REPORTS.search(
            stripped):
        return Hint("a compiled library uses CPU instructions this CPU does not have (a build for AVX2/AVX-512 "
                    "running on an older or emulated CPU): the process stopped on an illegal instruction",
                    "install a build for this CPU (a no-AVX / generic build: for Polars, polars[rtcompat] or "
                    "polars-lts-cpu), or build the package here so that it targets this CPU",
                    "reasoned from the log: the system's report of an illegal instruction", family="binary-mismatch")
    # the capitalised form as the whole line only (a program's advice may begin with the words: the session-34 second
    # reader's "Illegal Instruction errors on start-up mean ...")
    if (_ILLEGAL.search(stripped) or stripped.startswith(LOCALIZED_SIGILL)) and (
            stripped.startswith(("Illegal instruction", "zsh: illegal", "[", *LOCALIZED_SIGILL))
                                      or stripped in ("Illegal Instruction", "Illegal Instruction (core dumped)")
                                      or _SHELL_SAYS.match(stripped)):
        return Hint("a compiled library uses CPU instructions this CPU does not have (a build for AVX2/AVX-512 "
                    "running on an older or emulated CPU)",
                    "install a build for this CPU (a no-AVX / generic build), or build the package here so that "
                    "it targets this CPU", "reasoned from the log: the kernel's SIGILL report",
                    family="binary-mismatch")
    return None
