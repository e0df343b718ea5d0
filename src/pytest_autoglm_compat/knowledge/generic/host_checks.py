"""A library's check of the release of the host it plugs into or the runtime it runs on, in its own words: a backend
that supports one series of its host ("This simulator only supports Nengo 2.1.x (got 2.2.0)"), JupyterLab's checks of
its extensions, PySpark's of its workers' Python, numba's of llvmlite.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .names import distribution_of, possessive, top

#: a library's own check of the one release series it supports: "ValueError: This simulator only supports Nengo 2.1.x
#: (got 2.2.0)" (holdout94a: nengo-ocl#127)
_ONE_SERIES = re.compile(r"only supports (?P<name>[A-Za-z][\w.-]{0,40}) (?P<series>\d+(?:\.\d+){0,2})\.x "
                         r"\(got (?P<found>\d+(?:\.\d+){1,3}[\w.+-]*)\)")
#: a library's own floor on another, the release found on the line after where the terminal wrapped it:
#: "SpikeInterface only supports kilosort versions 4.0.16 and above. You are running version 4.0.12." (holdout149a:
#: spikeinterface#4001)
_FLOOR_AND_ABOVE = re.compile(r"(?P<who>[A-Z][\w.-]{0,40}) only supports (?P<name>[A-Za-z][\w.-]{0,40}) versions? "
                              r"(?P<floor>\d+(?:\.\d+){0,3}) and (?:above|newer|later)\.?(?:\s+You\s+are\s+running\s+"
                              r"version\s+(?P<found>\d+(?:\.\d+){0,3}))?")
#: JupyterLab's check of an installed extension against its own @jupyterlab/* packages (a table of their ranges below):
#: '"@jupyterlab/github@0.5.0" is not compatible with the current JupyterLab' (holdout94a: jupyterlab#4408), 'The
#: extension "jupyterlab-flake8" does not yet support the current version of JupyterLab.' (jupyterlab-flake8#33)
_LAB_EXTENSION = re.compile(r'"(?P<ext>@?[\w.-]+(?:/[\w.-]+)?)@(?P<version>\d[\w.-]*)" is not compatible with the '
                            r'current JupyterLab|The extension "(?P<ext2>@?[\w.-]+(?:/[\w.-]+)?)" does not yet support '
                            r"the current version of JupyterLab|(?P<this>This) extension does not yet support the "
                            r"current version of JupyterLab")
#: a JupyterLab extension's check of its two halves: "The @jupyterlab/git frontend extension has version: 0.50.0 while
#: the python package has version 0.50.1." (holdout96a: jupyterlab-git#1333)
_HALVES = re.compile(r"The (?P<ext>@?[\w.-]+(?:/[\w.-]+)?) frontend extension has version:? (?P<front>\d[\w.]*?) while "
                     r"the python package has version:? (?P<back>\d[\w.]*?)\.?(?:\s|$)")
#: PySpark's check of the Python its workers run against the driver's: "Python in worker has different version 3.5 than
#: that in driver 3.7, PySpark cannot run with different minor versions." (holdout99a: docker-spark#58,
#: initialization-actions#291)
_PYSPARK_PYTHONS = re.compile(r"Python in worker has different version:? (?P<worker>\d+\.\d+) than that in driver:? "
                              r"(?P<driver>\d+\.\d+), PySpark cannot run with different minor versions")
#: numba's check of llvmlite at import: "Numba requires at least version 0.21.0 of llvmlite. Installed version is
#: 0.13.0." (holdout99a: radio#3)
_NUMBA_LLVMLITE = re.compile(r"Numba requires at least version (?P<need>\d[\w.]*?) of llvmlite\."
                             r"(?:\s+Installed version is (?P<found>\d[\w.]*?)\.?(?:\s|$))?")
#: PySpark's own floors (pyspark.sql.pandas.utils' require_minimum_pandas_version, ..._pyarrow_version): "Pandas >=
#: 0.19.2 must be installed; however, your version was 0.16.0." (holdout106a: spark#20487, python_mozetl#314,
#: koalas#1579)
_MUST_BE_INSTALLED = re.compile(r"(?P<name>[A-Za-z][\w.-]{0,40}) >= (?P<need>\d[\w.]*) must be installed; however, "
                                r"your version was (?P<found>\d[\w.+]*)")
#: a library's check of the Python that imports it: "Python 3.5 or later is required for NetworkX (2.7 detected)."
#: (holdout106a: networkx#3903); a setup.py's: "Matplotlib 3.0+ does not support Python 2.x, 3.0, 3.1, 3.2, 3.3, or
#: 3.4." (holdout106a: aiida-quantumespresso#206)
_PYTHON_FLOOR = re.compile(r"Python (?P<need>\d+\.\d+) or later is required for (?P<lib>[A-Za-z][\w.-]{0,40}) "
                           r"\((?P<found>\d+\.\d+(?:\.\d+)?) detected\)"
                           r"|(?P<lib2>[A-Z][\w.-]{0,40}) (?P<release>\d+(?:\.\d+)*)\+ does not support Python "
                           r"(?P<pythons>\d[\w., ]{0,80}?(?:, or|or) \d[\w.]*)\.")
#: llvmlite's build script refusing the LLVM it finds: "Building llvmlite requires LLVM 10.0.x or 9.0.x, got '13.0.1'.
#: Be sure to set LLVM_CONFIG to the right executable path." (holdout106a: bugbug#2855, an old pin built on Apple M1)
_LLVMLITE_BUILD = re.compile(r"Building llvmlite requires LLVM (?P<need>\d[\w.]*(?:,? (?:or )?\d[\w.]*)*), got "
                             r"'?(?P<found>\d[\w.]*)")
#: and of the LLVM that llvmlite was built against: "Numba requires at least version 14.0.0 of LLVM."
_NUMBA_LLVM = re.compile(r"Numba requires at least version (?P<need>\d[\w.]*?) of LLVM\b")
#: a library's own check of the release of another it was built against, naming the releases it takes: "TensorFlow
#: Decision Forests 1.8.1 is compatible with the following TensorFlow Versions: ['2.15.0']. However, TensorFlow 2.15.1
#: was detected." (holdout102a: tfjs#8301)
_COMPATIBLE_LIST = re.compile(r"(?P<lib>[A-Z][\w .-]{1,60}?) (?P<version>\d[\w.]*) is compatible with the following "
                              r"(?P<name>[A-Za-z][\w-]{0,40}) [Vv]ersions: \[(?P<list>[^\]\n]{1,400})\]\. However, "
                              r"(?P=name) (?P<found>\d[\w.+]*) was detected")
#: NVIDIA's custom-op builder (StyleGAN2-ADA, StyleGAN3, EG3D: torch_utils/custom_ops.py) finding no C++ compiler for
#: its plugin: "Could not find MSVC/GCC/CLANG installation on this computer. Check _find_compiler_bindir()"
#: (holdout102b: stylegan3#202)
_NO_COMPILER = "Could not find MSVC/GCC/CLANG installation"
#: a wrapper's check of the SDK it was built against: "ZED (Init) >> ERROR: Executable was designed for SDK v2.3.3 /
#: installed v2.4.1" (holdout102b: zed-python-api#59)
_SDK_BUILT_FOR = re.compile(r"was designed for (?P<sdk>[A-Za-z][\w-]{0,20}) v?(?P<built>\d[\w.]*) / installed "
                            r"v?(?P<found>\d[\w.]*)")
#: an extension's own import check naming the Windows DLL it needs: "ImportError: Cannot import k4a_module. DLL
#: directory added was C:\...\bin. You can provide a different path containing `k4a.dll`" (holdout102b: pyk4a#142)
_DLL_NAMED = re.compile(r"Cannot import (?P<module>[A-Za-z_]\w{0,60})\.[^\n]{0,400}?\b(?P<dll>[\w.-]{1,60}\.dll)\b")
#: `jupyter labextension list`'s headline over the extensions its check marked (JupyterLab 1 and 2)
_LAB_OUTDATED = re.compile(r"The following extensions? (?:are|is) outdated:(?:$|\s)")
#: the header of JupyterLab's table of the @jupyterlab/* ranges it has and an extension asks (JupyterLab 1's
#: `jupyter labextension install`, under "Conflicting Dependencies:"; holdout124a: jupyterlab-fonts#15,
#: theme-nord-extension#1)
_LAB_TABLE = re.compile(r"JupyterLab {2,}Extension {2,}Package")
#: simulators' checks of the Python client against the simulator it talks to (holdout128a): ML-Agents' "The API number
#: is not compatible between Unity and python. Python API : API-4, Unity API : API-8." (ml-agents#2182, #1883, #1232;
#: its "communication API version" in later releases: animal-ai#22), CARLA's "Version mismatch detected: You are trying
#: to connect to a simulator that might be incompatible with this API" (its versions on the next two lines: carla#7030,
#: #2341, #2926), Malmo's "MALMOERRORVERSIONMISMATCH (Got 0.19.0, expected 0.21.0" (gym-minecraft#10)
_UNITY_API = re.compile(r"The (?:communication )?API (?:number|version) is not compatible between Unity and python\. "
                        r"Python API ?: ?(?P<python>[\w.-]{1,40}), Unity API ?: ?(?P<unity>[\w.-]{1,40}?)\.?(?:\s|$)")
_CARLA = "You are trying to connect to a simulator that might be incompatible with this API"
_MALMO = re.compile(r"MALMOERRORVERSIONMISMATCH \(Got (?P<got>\d[\w.]{0,20}), expected (?P<expected>\d[\w.]{0,20})")
#: what "only supports" may name that pip does not install
_NOT_PIP = frozenset({"python", "cpython", "cuda", "cudnn", "gcc", "clang", "msvc", "glibc", "driver", "nvidia",
                      "rocm"})
#: JupyterLab's headlines naming the extension its check refuses (situation.py reads them for the table below them)
LAB_HEADLINES = ("is not compatible with the current JupyterLab", "support the current version of JupyterLab")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("only supports", *LAB_HEADLINES,
         "frontend extension has version", "PySpark cannot run with different minor versions",
         "Numba requires at least version", "extension are outdated", "extensions are outdated",
         "is compatible with the following", _NO_COMPILER, "was designed for ", "Cannot import ",
         "Building llvmlite requires LLVM", "must be installed; however", "or later is required for ",
         "does not support Python ", "JupyterLab  ", "is not compatible between Unity and python",
         _CARLA, "MALMOERRORVERSIONMISMATCH")


def host_check(failure: Failure, lab_headline: bool = False) -> Hint | None:
    """A plugin's, backend's or host's own check that refuses a release it runs with (None: none of their words).

    ``lab_headline``: the log shows JupyterLab's headline naming the extension, which its table below then only repeats.
    """
    message = failure.message
    series = _ONE_SERIES.search(message) if "only supports" in message and "(got " in message else None
    if series is not None:
        name, wanted, found = series["name"], series["series"], series["found"]
        if found.startswith(f"{wanted}."):
            return None  # the release found is of the series it supports: the words say no mismatch
        checker = (top(failure.frames[-1].partition(":")[0]) if failure.frames else "")
        who = distribution_of(checker) if checker and checker != name.lower() else "the checking library"
        dist = name.lower()
        # a Python, a CUDA or a compiler is no distribution pip installs (the second reader's cases)
        install = (f"use {name} {wanted}.x" if dist in _NOT_PIP else
                   f"install {name} {wanted}.x (pip install \"{dist}=={wanted}.*\")")
        return Hint(f"{who}'s own check supports {name} {wanted}.x only, and {name} {found} is installed",
                    f"{install}, or a release of {who} that supports {name} {found}",
                    f"reasoned from the log: {who}'s own check of the {name} release", family="version-guard")
    floor = _FLOOR_AND_ABOVE.search(message) if "only supports" in message and " and " in message else None
    if floor is not None:
        name, dist = floor["name"], floor["name"].lower()
        found = f" (the installed one is {floor['found']})" if floor["found"] else ""
        install = (f"use {name} {floor['floor']} or newer" if dist in _NOT_PIP else
                   f"pip install -U \"{dist}>={floor['floor']}\"")
        return Hint(f"{floor['who']}'s own check needs {name} {floor['floor']} or newer{found}",
                    f"{install}, or a release of {floor['who']} that supports the installed {name}",
                    f"reasoned from the log: {floor['who']}'s own check of the {name} release", family="version-guard")
    if _NO_COMPILER in message:
        return Hint("the project's custom-op builder (NVIDIA's torch_utils/custom_ops.py) found no C++ compiler to "
                    "build its CUDA plugin: on Windows it looks for Visual Studio's cl.exe in its default install "
                    "folders",
                    "install Visual Studio (or its Build Tools) with \"Desktop development with C++\" and run from its "
                    "x64 Native Tools prompt, or add cl.exe's folder (VC\\Tools\\MSVC\\<version>\\bin\\Hostx64\\x64) "
                    "to PATH; on Linux, install gcc and g++",
                    "reasoned from the log: the custom-op builder's own check", family="extension-build")
    sdk = _SDK_BUILT_FOR.search(message) if "was designed for " in message else None
    if sdk is not None and sdk["built"] != sdk["found"]:
        return Hint(f"the program (or its Python wrapper) was built against {sdk['sdk']} {sdk['built']}, and "
                    f"{sdk['sdk']} {sdk['found']} is installed: its own check refuses the SDK it runs with",
                    f"rebuild (reinstall) the wrapper against the installed {sdk['sdk']} {sdk['found']}, or install "
                    f"{sdk['sdk']} {sdk['built']}",
                    f"reasoned from the log: the program's own check of the {sdk['sdk']} release",
                    family="binary-mismatch")
    dll = _DLL_NAMED.search(message) if failure.is_a("builtins.ImportError") and ".dll" in message else None
    if dll is not None:
        return Hint(f"the extension {dll['module']} could not be loaded on Windows: the DLL it needs ({dll['dll']}, "
                    "its SDK's library) was not found where it looked, or the extension was not built against the "
                    "installed SDK",
                    f"install the SDK that provides {dll['dll']} and point the package at its bin folder (the "
                    "variable its message names), or reinstall the package built against that SDK",
                    "reasoned from the log: the extension's own import check", family="extension-dll-load")
    listed = _COMPATIBLE_LIST.search(message) if "is compatible with the following" in message else None
    if listed is not None:
        library = listed["lib"].strip()
        lib, name, found = f"{library} {listed['version']}", listed["name"], listed["found"]
        versions = ", ".join(v.strip(" '\"") for v in listed["list"].split(","))
        return Hint(f"{possessive(lib)} own check takes {name} {versions} only (the releases it was built against), "
                    f"and {name} {found} is installed",
                    f"install the {name} release it names ({name} {versions}), or the release of {library} built "
                    f"against {name} {found}",
                    f"reasoned from the log: {possessive(library)} own check of the {name} release",
                    family="version-guard")
    spark = _PYSPARK_PYTHONS.search(message) if "PySpark cannot run" in message else None
    if spark is not None:
        return Hint(f"PySpark's workers run Python {spark['worker']} and its driver Python {spark['driver']}: PySpark "
                    "refuses workers of another minor Python than the driver's",
                    "run the driver and the workers with the same Python minor release: point PYSPARK_PYTHON (the "
                    "workers') and PYSPARK_DRIVER_PYTHON (the driver's) at interpreters of one version, or install "
                    "that Python on every node",
                    "reasoned from the log: PySpark's own check of the workers' Python", family="version-guard")
    floor = _MUST_BE_INSTALLED.search(message) if "must be installed; however" in message else None
    if floor is not None:
        name, need, found = floor["name"], floor["need"], floor["found"].rstrip(".")
        modules = [frame.partition(":")[0] for frame in failure.frames or ()]
        who = ("PySpark" if any(m.startswith("pyspark") for m in modules) else ".".join(modules[-1].split(".")[:2])
               if modules and "." in modules[-1] else "the importing library")  # its module path: "databricks.koalas"
        return Hint(f"{possessive(who)} own check needs {name} {need} or newer, and {name} {found} is installed",
                    f"pip install -U \"{name.lower()}>={need}\" (or a release of {who} whose floor this {name} "
                    "meets)", f"reasoned from the log: {possessive(who)} own check of the {name} release",
                    family="version-guard")
    python = (_PYTHON_FLOOR.search(message) if "or later is required for " in message
              or "does not support Python " in message else None)
    if python is not None and python["lib"]:
        lib, need, found = python["lib"], python["need"], python["found"]
        return Hint(f"{lib}'s own check at import needs Python {need} or later, and Python {found} imports it: the "
                    f"installed {lib} release dropped this Python",
                    f"run it with Python {need} or later, or install a {lib} release that still supports Python "
                    f"{found} (its changelog names the last)",
                    f"reasoned from the log: {possessive(lib)} own check of the Python release", family="version-guard")
    if python is not None:
        lib, release, pythons = python["lib2"], python["release"], python["pythons"]
        return Hint(f"{lib} {release} and later do not support Python {pythons} (its setup's own check): pip took a "
                    f"{lib} release newer than this Python's last",
                    f"pin {lib} below {release} for this Python (pip install \"{lib.lower()}<{release}\"), or use a "
                    f"newer Python", f"reasoned from the log: {possessive(lib)} own check of the Python release",
                    family="version-guard")
    build = _LLVMLITE_BUILD.search(message) if "Building llvmlite requires LLVM" in message else None
    if build is not None:
        return Hint(f"llvmlite's build checks the LLVM it compiles against: it needs LLVM {build['need']}, and "
                    f"LLVM_CONFIG (or the llvm-config on PATH) is LLVM {build['found']}; pip built llvmlite from "
                    "source because no wheel of the pinned release fits this Python or platform",
                    "install a llvmlite release with a wheel for this Python and platform (with the numba release that "
                    f"pins it: pip install -U numba llvmlite), or install LLVM {build['need']} and point LLVM_CONFIG "
                    "at its llvm-config", "reasoned from the log: llvmlite's own check of LLVM at build time",
                    family="version-guard")
    llvm = _NUMBA_LLVM.search(message) if "of LLVM" in message else None
    if llvm is not None:  # its check of the LLVM llvmlite was built against (the session-35 second reader's numba#8908)
        return Hint(f"numba's own check at import needs an llvmlite built against LLVM {llvm['need']} or newer, and "
                    "the installed llvmlite was built against an older LLVM",
                    "install the llvmlite release its numba release pins (pip install -U numba llvmlite together; a "
                    "source build of llvmlite against the LLVM that numba release names)",
                    "reasoned from the log: numba's own check of llvmlite's LLVM", family="version-guard")
    numba = _NUMBA_LLVMLITE.search(message) if "Numba requires at least version" in message else None
    if numba is not None:
        found = f"llvmlite {numba['found']} is installed" if numba["found"] else "the installed llvmlite is older"
        return Hint(f"numba's own check at import needs llvmlite {numba['need']} or newer, and {found}",
                    f"pip install -U \"llvmlite>={numba['need']}\" (or numba and llvmlite together: each numba release "
                    "pins the llvmlite releases it works with), or a numba release that takes this llvmlite; a "
                    "development numba may need llvmlite's development build (numba's conda channel, numba/label/dev) "
                    "where no release meets it yet",
                    "reasoned from the log: numba's own check of llvmlite", family="version-guard")
    halves = _HALVES.search(message) if "frontend extension has version" in message else None
    if halves is not None and halves["front"] != halves["back"]:
        return Hint(f"the JupyterLab extension {halves['ext']}'s own check finds its frontend at {halves['front']} and "
                    f"its Python package at {halves['back']}: the two halves of one extension are of different "
                    "releases (one upgraded without the other, or an older copy in another Jupyter data folder)",
                    "install the same release of both: pip install --upgrade (or ==) the extension's Python package, "
                    "then check jupyter labextension list for a second, older copy of the frontend and remove it",
                    "reasoned from the log: the extension's own check of its frontend and backend",
                    family="version-guard")
    if _LAB_OUTDATED.match(message.strip()):
        # `jupyter labextension list`'s own check: the extensions listed below it were built for another JupyterLab
        # (holdout94a: dask-labextension#118, under JupyterLab 2.0)
        return Hint("JupyterLab's own check marks the extensions listed below it outdated: they were built against the "
                    "@jupyterlab/* packages of an older JupyterLab release than the one installed",
                    "install releases of those extensions built for this JupyterLab (jupyter labextension update "
                    "--all; a release may not exist yet), or the JupyterLab release they were built for",
                    "reasoned from the log: JupyterLab's own check of its extensions", family="version-guard")
    unity = _UNITY_API.search(message) if "between Unity and python" in message else None
    if unity is not None:
        client, server = (v if v.startswith("API") else f"API {v}" for v in (unity["python"], unity["unity"]))
        return Hint(f"ML-Agents' own check: the Python package ({client}) and the Unity environment's ML-Agents "
                    f"package ({server}) are releases that do not talk to each other",
                    "install the ml-agents (mlagents-envs) Python release that goes with the Unity package the "
                    "environment was built with (ML-Agents' release table pairs them), or rebuild the environment with "
                    "the Unity package of the Python release installed",
                    "reasoned from the log: ML-Agents' own check of its two halves", family="version-guard")
    if _CARLA in message:
        return Hint("CARLA's own check: the Python client (the carla package) and the simulator it connects to are "
                    "different releases (the next two lines name both: Client API version, Simulator API version)",
                    "install the carla client of the simulator's release (pip install carla==<the simulator's "
                    "version>, or the .egg or .whl in the simulator's PythonAPI/carla/dist), or run the simulator "
                    "release the client was made for",
                    "reasoned from the log: CARLA's own check of client and simulator", family="version-guard")
    malmo = _MALMO.search(message) if "MALMOERRORVERSIONMISMATCH" in message else None
    if malmo is not None:
        return Hint(f"Malmo's own handshake: the Minecraft mod ({malmo['expected']}) got a client of Malmo "
                    f"{malmo['got']}: an older MalmoPython (or MalmoJava) is found first on the path",
                    f"use the MalmoPython of the mod's release ({malmo['expected']}) and take older Malmo folders off "
                    "PYTHONPATH and the path (or launch the Minecraft of the client's release)",
                    "reasoned from the log: Malmo's own version handshake", family="version-guard")
    if not lab_headline and "Extension" in message and _LAB_TABLE.fullmatch(message.strip()):
        return Hint("JupyterLab's own check refuses an extension: its table of conflicting dependencies lists the "
                    "@jupyterlab/* ranges this JupyterLab has (first column) and those the extension was built "
                    "against (second): they are of another JupyterLab release",
                    "install a release of the extension built for this JupyterLab (jupyter labextension update <name>, "
                    "or its pip package's newer release), or the JupyterLab release it was built for",
                    "reasoned from the log: JupyterLab's own check of its extensions", family="version-guard")
    lab = _LAB_EXTENSION.search(message) if "JupyterLab" in message else None
    if lab is not None:
        extension = lab["ext"] or lab["ext2"] or "the extension"
        release = f"{extension} {lab['version']}" if lab["version"] else extension
        named = f"the extension {release}" if lab["this"] is None else "an extension (the log names it above)"
        return Hint(f"JupyterLab's own check refuses {named}: it was built against the "
                    "@jupyterlab/* packages of another JupyterLab release (its table of conflicting dependencies, "
                    "where printed, lists the ranges each asks)",
                    f"install a release of {extension} built for this JupyterLab (jupyter labextension update "
                    f"{extension if lab['this'] is None else '<name>'}, or its pip package's newer release), or the "
                    "JupyterLab release it was built for",
                    "reasoned from the log: JupyterLab's own check of its extensions", family="version-guard")
    return None
