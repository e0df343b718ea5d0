"""What a paste puts around the line a program printed: logger prefixes, colours, box borders, curly quotes.

Split from ``logs`` (which reads the lines once cleaned): each prefix here is one seen in a real log.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_CURLY = re.compile("[\u2018\u2019\u201c\u201d\u00b4]")  # translate() only where one is: it costs per character
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "`": "`"})

BUILDKIT = r"^#\d{1,4} \d{1,6}\.\d{1,4}(?: |$)"  # docker build's plain progress: "#24 5.773 "
# Prefixes a line can carry before what the program printed; stripped repeatedly, in any order.
_PREFIXES = tuple(re.compile(p) for p in (
    r"^\s*[│┃|]\s?(?=\S)",  # a rich box's left border, a docker compose "name  | " already gone below
    # "2025-01-10 14:08:19,223::DEBUG: [stdout] " (a test harness's logger, survey16c: transformers#35621)
    r"^\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s*(?:[|:-]{1,2}\s*)?",
    r"^\s*\[?\d{2}/\d{2}/\d{4}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?\s*(?:[|:-]\s*)?",
    r"^\s*\[?\d{2}:\d{2}:\d{2}(?:[.,-]\d+)?\]?\s+(?:[|:-]\s*)?",  # kohya_ss: "17:22:43-020113 "
    r"^\s*(?:ERROR|WARNING|INFO|DEBUG|CRITICAL):[\w.]+:",  # logging's basicConfig: ERROR:root:
    r"^\s*\[?(?:ERROR|WARNING|WARN|INFO|DEBUG|CRITICAL|FATAL)\]?\s*(?:\||:|-)\s*(?:[\w.<>-]+\s*[|-]\s)?",
    r"^\s*\[(?:ERROR|WARNING|WARN|INFO|DEBUG|CRITICAL)\|[^\]]*\]\s*",  # [WARNING|logging.py:329]
    r"^\s*\[rank\d+\]:\s?",  # torch.distributed
    r"^\s*\[(?:stdout|stderr)\]\s",  # a harness relaying a child's streams
    # journald / syslog: "Aug 12 10:38:34 host unsloth[407]: "
    r"^\s*[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} [\w.-]+ [\w.@-]+(?:\[\d+\])?: ",  # (a host has no colon)
    # a CI service's timestamp alone: "Aug 23 23:25:17 Traceback (most recent call last):" (holdout165b:
    # docker-python#280)
    r"^\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} ",
    # the same without its date, before an exception: "near-node srvcheck[183195]: AttributeError: ..." (holdout11a)
    r"^\s*[\w.-]+ [\w.@-]+\[\d+\]: (?=Traceback|File \"|(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*(?:Error|Exception|Warning): )",
    r"^\s*\((?:[\w-]+ )?pid=\d+(?:, ip=[\d.]+)?\)\s*",  # vllm / ray workers: (EngineCore pid=169)
    # vllm's logger: "ERROR 03-28 00:18:12 [engine.py:400] ", before 0.8 "... engine.py:400] " (survey16c: vllm#15685)
    r"^\s*(?:ERROR|WARNING|INFO|DEBUG) \d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: \[[^\]]*\]| [\w.]+:\d+\])?\s*",
    r"^\s*!!! Exception during processing ?!!!\s*",  # ComfyUI
    # a host program's log of a plugin, before its traceback's lines: "Error: VailantPiec: File ..." (Domoticz;
    # holdout22a), and a tool's "Error: " before an exception's type ("Error: ModuleNotFoundError: ...")
    r"^\s*Error:\s+(?:[\w .-]{1,40}:\s+)?(?=File \"|Traceback|(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*(?:Error|Exception): )",
    r"^\s*[\w.-]+-\d+\s+\|\s",  # docker compose: api-1  | ...
    r"^\s*E\s{2,}",  # pytest's failure lines
    r"^\s*>(?: >)+ ?",  # a reply's quote of a quote, "> > > " (holdout109a: astropy#2246; pytest's is one ">")
    r"^\s*(?:>>>|\.\.\.|\(Pdb\))\s",  # an interactive session, pdb's prompt
    # pdb's line for an exception a command raised: "*** ModuleNotFoundError: ..." (holdout63a: modelscope#1122)
    r"^\s*\*\*\* (?=(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*(?:Error|Exception|Warning): )",
    # uv -v's level before a build backend's traceback: "DEBUG   File ...", "DEBUG RuntimeError: ..." (holdout139a:
    # uv#8863)
    r"^(?:DEBUG|TRACE) (?=\s*(?:Traceback|File \"|(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*(?:Error|Exception|Warning): ))",
    BUILDKIT,
))
# Any one of them, to test a line once before trying each (most lines have none): their common "^\s*" tried once, then
# the alternatives (a line the one admits and its own pattern refuses is only tried in vain)
_ANY_PREFIX = re.compile(r"\s*(?:" + "|".join("(?:" + p.pattern.removeprefix("^").removeprefix(r"\s*") + ")"
                                            for p in _PREFIXES) + ")")
# From the end of a line's text only ((?<!\s)): tried at every offset of a long run of spaces, \s*
# rescanned the rest of the run each time (quadratic).
_BOX_RIGHT = re.compile(r"(?<!\s)\s*[│┃]\s*$")
#: a pair of Markdown's bold markers around text that neither begins nor ends with a space or a star
_BOLD = re.compile(r"(?<![\S*])\*\*(?=[^\s*])([^\n]{1,2000}?)(?<=[^\s*])\*\*(?![\w*])")
#: bold italic ("**_protobuf<=3.20.0,>=3.1.0_**": holdout137a's PaddleX#1656, pip's conflict lines so marked)
_BOLD_ITALIC = re.compile(r"(?<![\S*])\*\*_(?=[^\s*_])([^\n]{1,2000}?)(?<=[^\s*_])_\*\*(?![\w*])")
#: Markdown's two other spellings of it, "_**x**_" and "***x***" (the session-41 second reader's pip lines)
_ITALIC_BOLD = re.compile(r"(?<![\S*_])_\*\*(?=[^\s*_])([^\n]{1,2000}?)(?<=[^\s*_])\*\*_(?![\w*])"
                          r"|(?<![\S*])\*\*\*(?=[^\s*])([^\n]{1,2000}?)(?<=[^\s*])\*\*\*(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]{1,1000})\]\([^)\s]{0,4000}\)")

#: nose's line for a module it could not import (holdout28a: mlxtend#112), the exception's words in parentheses
_NOSE_FAILURE = re.compile(r"^\s*(?:ERROR|FAIL): Failure: (?P<type>(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*(?:Error|Exception))"
                           r" \((?P<message>[^\n]{1,2000})\)$")


def clean(line: str) -> str:
    """One line as the program printed it: no ANSI colours, logger prefixes, box borders or curly quotes."""
    text = ANSI.sub("", line) if "\x1b" in line else line
    text = (text.translate(QUOTES) if not text.isascii() and _CURLY.search(text) else text).rstrip()
    if "](" in text:  # a notebook's rendered traceback: "File [~/x/m.py:563](https://...), in f(a)"
        text = _LINK.sub(r"\1", text)
    if "**" in text:  # Markdown's bold a paste kept: "undefined **symbol: PyUnicodeUCS2_AsUTF8String**" (holdout131b:
        if "_**" in text or "***" in text:
            text = _ITALIC_BOLD.sub(lambda found: found[1] or found[2], text)
        text = _BOLD.sub(r"\1", _BOLD_ITALIC.sub(r"\1", text) if "**_" in text else text)  # ultrajson#289); never a
        # lone "**kwargs" or a "***" banner
    if "Failure: " in text and text.endswith(")"):  # nose's "ERROR: Failure: ImportError (No module named 'x')"
        text = _NOSE_FAILURE.sub(r"\g<type>: \g<message>", text)
    for _ in range(6):
        before = text
        if _ANY_PREFIX.match(text):
            for prefix in _PREFIXES:
                found = prefix.match(text)
                if found:
                    text = text[found.end():]
        # the pattern is tried at every offset: only where it can match (a border is not ASCII)
        if not text.isascii() and text.rstrip()[-1:] in ("│", "┃"):
            text = _BOX_RIGHT.sub("", text)
        if text == before:
            break
    return text.strip()


#: a traceback pasted onto one line (the breaks lost): its frames' `File "...", line N, in f` and, after a space, the
#: exception's type and message ("... in <module> from importlib.resources import files ImportError: cannot ...";
#: holdout21a: nda-tools#110). Only a line that holds a frame's words is split, and only before a frame or a type.
_FLATTENED = re.compile(r'(?<=\S) (?=File "[^"\n]{1,400}", line \d+, in |(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*'
                        # and a message before the traceback's header (holdout23a: OpenSfM#362, NumPy's ABI words)
                        r'(?:Error|Exception): |Traceback \(most recent call last\):)')


#: a statement's source line with the exception's line run onto it, no frame's words (an issue's title, a paste whose
#: breaks were lost): "attention_mask = FalconModel._prepare_attn_mask(...) AttributeError: type object ..."
#: (holdout38a: petals#608), "from diffusers import (AutoencoderKL, CogVideoXDDIMScheduler, ImportError: cannot
#: import name ..." (holdout45a: VideoX-Fun#4). Split where the statement's text ends (a name, a bracket, a comma).
_STATEMENT_THEN_TYPE = re.compile(r"^\s*(?:from [\w.]{1,200} import |import [\w.]{1,200}|"
                                  r"[\w.]{1,200}(?:, ?[\w.]{1,200}){0,5} = )[^\n]{0,2000}?(?<=[\w)\],]) "
                                  r"(?=(?:[A-Za-z_]\w*\.){0,4}[A-Z]\w*(?:Error|Exception): )")


def unflattened(text: str) -> str:
    """``text`` with a traceback that was flattened onto one line put back on lines of its own, and a statement's
    line with an exception run onto it on two; only the lines that hold their words are read."""
    typed = "Error: " in text or "Exception: " in text
    framed = '", line ' in text
    if not (typed or framed):
        return text
    pieces: list[str] = []
    done = 0  # the text up to here is copied or put back
    for hit in _LINE_WORDS.finditer(text):  # only a line with the words either split needs can change
        if hit.start() < done:
            continue
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.end())
        end = len(text) if end < 0 else end
        pieces += [text[done:start], _unflattened_line(text[start:end], typed, framed)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


#: the words a line needs for either split (a C search finds them: a Python call per line of 100,000 took 0.3 s)
_LINE_WORDS = re.compile(r'Error: |Exception: |", line ')


def _unflattened_line(line: str, typed: bool, framed: bool) -> str:
    found = _STATEMENT_THEN_TYPE.match(line) if typed and ("Error: " in line or "Exception: " in line) else None
    parts = (line,) if found is None else (line[:found.end() - 1], line[found.end():])
    return "\n".join(_frames_apart(part) if framed else part for part in parts)


def _frames_apart(line: str) -> str:
    return _FLATTENED.sub("\n", line) if '", line ' in line and ", in " in line and _two_parts(line) else line


def _two_parts(line: str) -> bool:
    """A frame's line holds a second frame or an exception's type after it: what _FLATTENED splits before."""
    return (' File "' in line.lstrip() or "Error: " in line or "Exception: " in line
            or " Traceback (most recent call last):" in line)


_MAX_LINES = 200_000  # of a log read: its first _HEAD_LINES and its last _MAX_LINES - _HEAD_LINES
_HEAD_LINES = 20_000


#: a dunder as markdown renders it pasted back as text (bold): only Python's own method names, called ("**init**(")
#: or named as a frame's function or an attribute ("in **init**", ".**call**"), never prose's "**main** branch"
#: (each branch begins with the "**" it asks of what came before, so the regex engine searches for that literal)
_MARKDOWN_DUNDER = re.compile(r"\*\*(?:(?<=\.\*\*)|(?<=in \*\*))(init|call|getattr|getattribute|setattr|enter|exit|"
                              r"new|del|getitem|setitem|iter|next|len|str|repr|main)\*\*(?=\W|$)"
                              r"|\*\*(init|call|getattr|getattribute|setattr|enter|exit|new|del|getitem|setitem|iter|"
                              r"next|len|str|repr)\*\*(?=\()")


#: "x.so: undefined" / "symbol: " / "_ZN2at4_ops..." as a narrow terminal wrapped the loader's one line
_WRAPPED_SYMBOL = re.compile(r"(?<=\.so: undefined)[ \t]?\nsymbol:[ \t]*\n?(?=_Z|\w)")  # (a space kept: KPConv#36)

#: pip's "... is not a supported wheel on this p" / "latform." as a narrow terminal wrapped it
_WRAPPED_PLATFORM = re.compile(r"is not a supported wheel on this (p[a-z]{0,7})\n([a-z]{1,8})(?![a-z])")


#: the next line's end of a frame's line that Windows' console wrapped: the path's closing quote, then its line number
_FRAME_LINE_END = re.compile(r'[^"\n]{0,300}", line \d')


def _console_unwrapped(text: str) -> str:
    """Frames' lines as Windows' console of 80 columns wrapped them inside their paths ("...\\lib\\site-pack" /
    "ages\\zmq\\__init__.py", line 37, in <module>": holdout150b's pyzmq#858): a line of exactly 80 characters whose
    path's quote is not closed, joined to the next line where that closes it before the line number. Each frame line
    is found by str.find, not a regex tried at every offset of a long log."""
    parts, start, at = [], 0, text.find('  File "')
    while at >= 0:
        end = text.find("\n", at)
        if end < 0:
            break
        if end - at == 80 and (at == 0 or text[at - 1] == "\n") and '"' not in text[at + 8:end] \
                and _FRAME_LINE_END.match(text, end + 1):
            parts.append(text[start:end])
            start = end + 1
        at = text.find('  File "', end)
    return "".join(parts) + text[start:] if parts else text


def lines_of(text: str) -> list[str]:
    """The lines of a log read: all of up to _MAX_LINES; of a longer one its first (versions) and last (failure).

    Cut before splitting: 16 MiB of short lines split whole took 450 MB.
    """
    if text.count("\n") > _MAX_LINES:
        head = 0
        for _ in range(_HEAD_LINES):
            head = text.index("\n", head) + 1
        tail = len(text) - text.endswith("\n")  # a last "\n" ends the last line
        for _ in range(_MAX_LINES - _HEAD_LINES):
            tail = text.rindex("\n", head, tail)
        text = text[:head] + text[tail + 1:]
    if "**" in text:  # GitHub's markdown ate a dunder's underscores: "TypeError: **init**() got ..."
        text = _MARKDOWN_DUNDER.sub(lambda found: f"__{found[1] or found[2]}__", text)
    if "\\'" in text and "\\n" in text:  # a string's repr pasted whole, its quotes escaped ("GLIBC_2.14\\'")
        text = text.replace("\\'", "'")  # (holdout118b: jack#224, pytest's assertion of a subprocess's stderr)
    if "is not a supported wheel on this p" in text:  # the same inside pip's last word (holdout146b: tensorflow#10061)
        text = _WRAPPED_PLATFORM.sub(lambda found: "is not a supported wheel on this platform"
                                     if found[1] + found[2] == "platform" else found[0], text)
    # a terminal's wrap inside the loader's words (holdout27b: IF#92; a space kept before it: holdout146b's KPConv#36)
    if "undefined\nsymbol:" in text or "undefined \nsymbol:" in text:
        text = _WRAPPED_SYMBOL.sub(" symbol: ", text)
    if '  File "' in text:
        text = _console_unwrapped(text)
    raws = unflattened(text).splitlines()
    if len(raws) > _MAX_LINES:  # other line breaks than "\n" ("\r", "\x0c", ...)
        raws = raws[:_HEAD_LINES] + raws[len(raws) - _MAX_LINES + _HEAD_LINES:]
    return raws


#: a name and a bar before each line: docker compose's service column ("api_server  | "), a tool's stream
#: ("stderr | "); only stripped where most of the log's lines carry the same one
_COLUMN = re.compile(r"[A-Za-z][\w.-]{0,60}\s*\|\s")
_COLUMN_SAMPLE = 5000


def prefix_column(raws: list[str]) -> str | None:
    """The "name | " that most of a log's first lines begin with (at least three), or None."""
    counts: dict[str, int] = {}
    lines = 0
    for raw in raws[:_COLUMN_SAMPLE]:
        if not raw.strip():
            continue
        lines += 1
        found = _COLUMN.match(raw)
        if found:
            counts[found.group(0)] = counts.get(found.group(0), 0) + 1
    if not counts:
        return None
    column, count = max(counts.items(), key=lambda item: item[1])
    return column if count >= 3 and count * 2 > lines else None
