"""A plugin asking its host application for a name the host's checkout does not have: a ComfyUI custom node of
ComfyUI's own modules, a webui extension of the webui's ``modules`` package.

The hosts are git checkouts, not releases of an index: no atlas holds their history, and the fix is a version of
one that fits the other (holdout60a: efficiency-nodes-comfyui#149's ``comfy.samplers.wrap_model``, which a ComfyUI
commit removed; ComfyUI_IPAdapter_plus#596's ``node_helpers``, which an older ComfyUI lacks; three
AUTOMATIC1111 extensions asking ``modules.shared``, ``modules.script_callbacks`` and ``modules.ui_extra_networks``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation

#: ComfyUI's own top-level modules (its repository's root: comfy/, comfy_extras/, nodes.py, folder_paths.py,
#: node_helpers.py, ...), which custom nodes import as the host's API
COMFYUI_MODULES = frozenset({"comfy", "comfy_extras", "comfy_execution", "comfy_api", "comfy_api_nodes",
                             "comfy_config", "nodes", "folder_paths", "node_helpers", "latent_preview", "execution",
                             "server", "api_server", "comfyui_version"})
#: what a plugin asks of a module: a name from it, a submodule of it, an attribute of it
_ASKED = re.compile(r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'"
                    r"|No module named '(?P<missing>[\w.]+)'"
                    r"|module '(?P<of>[\w.]+)' has no attribute '(?P<attribute>\w+)'")


#: the webui's own top-level packages (stable-diffusion-webui's and text-generation-webui's checkouts); an extension's
#: own ``scripts`` folder is found as ``scripts`` too, so only ``modules`` is read as the host's
WEBUI_MODULES = frozenset({"modules", "scripts", "extensions", "extensions-builtin", "repositories"})
#: Python's own words that the module found is not the one asked for: a file or folder shadowing it, a circular import
_NOT_THE_MODULE = ("is not a package", "partially initialized module", "circular import")
#: the file Python names for "cannot import name 'X' from 'M' (PATH)": the module it found
_FOUND_AT = re.compile(r"from '[\w.]+' \((?P<path>[^)\n]{1,400})\)")
#: folders that are not the host's own code: a plugin's, an installed package's
_NOT_HOST_FOLDER = re.compile(r"[\\/](?:custom_nodes|extensions|extensions-builtin|site-packages|dist-packages)[\\/]")


def asks_host(failure: Failure, situation: Situation) -> bool:
    """The failure asks a module of the host application the log shows (its checkout's, or a plugin's folder of the
    same name): :func:`host_plugin` answers it, or nothing does (no index's release history holds these names:
    the session-24 second reader's webui ``scripts.reactor_helpers``, ``extensions.sd_civitai_extension``)."""
    found = _ASKED.search(failure.message) if situation.plugin_host is not None else None
    if found is None:
        return False
    top = (found["module"] or found["missing"] or found["of"]).partition(".")[0]
    return top in (COMFYUI_MODULES if situation.plugin_host == "ComfyUI" else WEBUI_MODULES)


def host_plugin(failure: Failure, situation: Situation) -> Hint | None:
    """A plugin's import or attribute its host's checkout lacks, where the log shows the host loading the plugin."""
    kinds = ("builtins.ImportError", "builtins.AttributeError")
    if situation.plugin_host is None or not any(failure.is_a(kind) for kind in kinds):
        return None
    found = _ASKED.search(failure.message)
    at = _FOUND_AT.search(failure.message)
    if (found is None or any(words in failure.message for words in _NOT_THE_MODULE)
            or (at is not None and _NOT_HOST_FOLDER.search(at["path"]))):
        return None  # the module Python found is a plugin's, an installed package's, or a file shadowing the host's
    module = found["module"] or found["missing"] or found["of"]
    top, _, rest = module.partition(".")
    if situation.plugin_host == "Forge":
        return None  # Forge removed parts of the webui's API on purpose: no version of it fits such an extension
    if situation.plugin_host == "ComfyUI":
        # the host's whole package missing ("No module named 'comfy'") is code run outside ComfyUI, not a version
        if top not in COMFYUI_MODULES or (found["missing"] and not rest and top in ("comfy", "nodes", "folder_paths")):
            return None
    elif top != "modules" or not rest:
        return None
    host, plugin = situation.plugin_host, situation.plugin
    asked = (f"the name {found['name']} from {module}" if found["name"]
             else f"the module {module}" if found["missing"] else f"{module}.{found['attribute']}")
    kind = "custom node" if host == "ComfyUI" else "extension"
    who = f"the {kind} {plugin}" if plugin else f"a {kind}"
    update = ("git pull in ComfyUI's folder, or ComfyUI-Manager's Update ComfyUI; the portable build's "
              "update/update_comfyui.bat" if host == "ComfyUI" else "git pull in the webui's folder")
    return Hint(f"{who} asks {host}'s own code for {asked}, which this {host} checkout does not have: the {kind} "
                f"and {host} are from versions that do not fit ({host} changes its internal API between commits, and "
                f"its {kind}s follow it)",
                f"update {host} ({update}) and the {kind} to their current versions; where the {kind} is no longer "
                f"maintained, use a version of {host} from before the change, or a maintained fork of the {kind}",
                f"reasoned from the log: {host} loading the {kind}, and the module it asks for is {host}'s own",
                family="api-mismatch")
