"""Jupyter's tools in their own words: nbconvert's check of pandoc, its template names before 6.0, and the widget
manager's check of a widget module's version.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: nbconvert's check of pandoc (nbconvert/utils/pandoc.py, check_pandoc_version), as nbsphinx runs it: "You are using
#: an unsupported version of pandoc (2.2.3.2). Your version must be at least (1.12.1) but less than (2.0.0)."
#: (holdout111a: new-docs#73, nbsphinx#750; the ceiling was 2.0.0, then 3.0.0, and 4.0.0 from nbconvert 7.6:
#: jupyter/nbconvert#1996, #1997)
#: (the range on the warning's next line, where the log joins them)
_PANDOC = re.compile(r"unsupported version of pandoc \((?P<found>[\w.]{1,40})\)(?:\.?\s+Your version must be at least "
                     r"\((?P<low>[\w.]{1,40})\) but less than \((?P<high>[\w.]{1,40})\))?")
#: the widget manager's semver check of a widget's module (@jupyter-widgets/base's registry): "Module
#: @jupyter-widgets/controls, version ^1.5.0 is not registered, however, 2.0.0 is" (holdout111a: ipywidgets#3647)
_NOT_REGISTERED = re.compile(r"Module (?P<module>@?[\w./-]{1,100}), version (?P<asked>[\^~]?[\w.*-]{1,40}) is not "
                             r"registered, however,\s+(?P<found>[\w.-]{1,40}) is")
#: nbconvert 5's own template names (nbconvert/templates in 5.6.1); 6.0 keeps templates as folders of .j2 files (lab,
#: classic, base, latex) (holdout111a: RunNotebook#12, rsd-engineeringcourse#186); an app's own "full" or ".tpl" file
#: and IPython 2's names ("html_basic.tpl") are not these (the session-37 second reader's look-alikes)
_OLD_TEMPLATE = re.compile(r"^(?:jinja2\.exceptions\.TemplateNotFound: )?'?(?P<name>full|basic|(?:full|basic|markdown|"
                           r"rst|python|script|null|display_priority|slides_reveal|celltags)\.tpl|(?:article|report|base|"
                           r"style_ipython|style_python|style_bw_ipython|style_bw_python)\.tplx)'?$")
#: the log's marks of notebooks or of a docs build that renders them (Sphinx's "Exception occurred:"), or a template
#: of the user's extending nbconvert's own
_NOTEBOOK_MARKS = ("nbconvert", "jupyter", "Jupyter", ".ipynb", "nbsphinx", "Exception occurred:",
                   "extends 'basic.tpl'", "extends 'full.tpl'")
#: the widget modules ipywidgets itself ships (@jupyter-widgets/controls 1.x with ipywidgets 7, 2.x with 8)
_IPYWIDGETS_MODULES = ("@jupyter-widgets/controls", "@jupyter-widgets/base", "@jupyter-widgets/output")
#: nbconvert 5 shown installed: pinning below 6 changes nothing (the second reader's look-alike)
_NBCONVERT_5 = re.compile(r"nbconvert(?:==|\s{1,40}|-)5\.")
WORDS = ("unsupported version of pandoc", "is not registered, however", "TemplateNotFound")


def nbconvert_5_templates_asked(text: str) -> bool:
    """Whether a log shows notebooks (or a docs build rendering them) and no nbconvert 5 installed."""
    return any(mark in text for mark in _NOTEBOOK_MARKS) and not _NBCONVERT_5.search(text)


def notebook_tools(failure: Failure, notebooks: bool = False) -> Hint | None:
    """The answer Jupyter's tools give in their own words (None where none of them is there); ``notebooks``: the log
    shows notebooks and no nbconvert 5 (nbconvert_5_templates_asked)."""
    message = failure.message
    if not any(words in message for words in WORDS):
        return None
    pandoc = _PANDOC.search(message)
    if pandoc is not None:
        found, low, high = pandoc["found"], pandoc["low"], pandoc["high"]
        supported = f"pandoc >={low},<{high}" if low else "another range of pandoc (printed below the warning)"
        return Hint(f"nbconvert's check of pandoc refuses pandoc {found}: the installed nbconvert supports {supported} "
                    "(a warning: the conversion goes on, \"with doubts\")",
                    f"install a pandoc in that range, or an nbconvert whose range admits pandoc {found} (nbconvert "
                    "7.6 raised the ceiling to 4.0.0)",
                    "reasoned from the log: nbconvert's own check of pandoc's version "
                    "(nbconvert/utils/pandoc.py; jupyter/nbconvert#1997)", family="version-guard")
    registered = _NOT_REGISTERED.search(message)
    if registered is not None and registered["module"] not in _IPYWIDGETS_MODULES:
        module, asked, found = registered["module"], registered["asked"], registered["found"]
        return Hint(f"the kernel's widget asks the frontend for {module} {asked}, and the frontend registered {module} "
                    f"{found}: the widget's kernel-side package and its frontend extension are of different releases",
                    "install the same release of the widget's package in the kernel's environment and of its "
                    "frontend extension (JupyterLab's or the notebook's), then reload the page",
                    "reasoned from the log: the widget manager's own check of the module's version",
                    family="version-guard")
    if registered is not None:
        module, asked, found = registered["module"], registered["asked"], registered["found"]
        return Hint(f"the kernel's widget asks the frontend for {module} {asked}, and the frontend's widget manager "
                    f"registered {module} {found}: the kernel's and the frontend's widget releases are of different "
                    "majors (@jupyter-widgets/controls 1.x is ipywidgets 7's, 2.x ipywidgets 8's)",
                    "install one ipywidgets major in both: ipywidgets in the kernel's environment and "
                    "jupyterlab_widgets (JupyterLab) or widgetsnbextension (the classic notebook) in the frontend's, "
                    "then reload the page",
                    "reasoned from the log: the widget manager's own check of the module's version",
                    family="version-guard")
    # jinja2's exception as Python prints it, or its line as a log shows it (a dotted type read as a line)
    template = (_OLD_TEMPLATE.match(message.strip()) if failure.is_a("jinja2.exceptions.TemplateNotFound")
                or message.startswith("jinja2.exceptions.TemplateNotFound: ") else None)
    if template is not None and notebooks:
        name = template["name"]
        return Hint(f"the code asks nbconvert for the template '{name}', a name of nbconvert 5's templates: nbconvert "
                    "6.0 replaced them with template folders of .j2 files (lab, classic, base, latex), so the code "
                    "was written for nbconvert 5",
                    "pin nbconvert<6 (pip install \"nbconvert<6\"), or port the code to nbconvert 6's templates (a "
                    "template_name such as 'classic' or 'lab'; extends of 'basic.tpl' become 'classic/base.html.j2')",
                    "reasoned from the log: jinja2's TemplateNotFound for a name of nbconvert 5's templates",
                    family="api-mismatch")
    return None
