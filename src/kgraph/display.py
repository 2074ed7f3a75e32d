"""Text for people: safe on a terminal and in a spreadsheet, and tables that fit a terminal.

Article text is whatever the files hold. Printed as is, an escape sequence in it (ESC, or the 8-bit
CSI and OSC) would drive the reader's terminal: retitle it, hide lines, plant a link. Opened in a
spreadsheet, a CSV cell that starts with "=" is a formula. Machine formats (JSON, RDF) stay exact.
"""
from __future__ import annotations

import re
import shutil

# C0 and C1 control characters but tab and newline (carriage return included: it rewrites the line),
# DEL, and the bidirectional overrides and isolates that make text read in another order than it runs.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What spreadsheets read as the start of a formula (OWASP's list, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_terminal(text: str) -> str:
    """`text` with each control character shown as its escape (ESC as \\x1b), so none reaches the terminal."""
    return CONTROL.sub(escaped, text)


def escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_spreadsheet(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with =, +, -, @, tab or carriage return gets a
    leading apostrophe, which spreadsheets hide."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


# --- tables that fit a terminal ------------------------------------------------------------------

MIN_WIDTH = 10  # a column narrower than this says too little to be worth showing


def terminal_width() -> int:
    """The terminal's columns (120 when not a terminal), never under 80."""
    return max(80, shutil.get_terminal_size((120, 24)).columns)


def aligned(cells: list[list[str]], header: list[str], width: int = 40, total: int | None = None,
            keep: tuple[str, ...] = (), least: int = MIN_WIDTH) -> str:
    """Columns padded to their widest cell, cut at `width` characters; with `total`, the widest
    columns (but those named in `keep`) are narrowed until a line fits in `total` characters. Control
    characters (escape sequences from an article) are shown escaped."""
    cells = [[for_terminal(value) for value in row] for row in cells]
    header = [for_terminal(name) for name in header]
    widths = [max(len(h), min(width if h not in keep else len(h) + 999, max([0] + [len(row[i]) for row in cells])))
              for i, h in enumerate(header)]
    if total is not None:
        widths = fitted(widths, header, total, keep, least)
    cells = [[value if len(value) <= w else value[: w - 1] + "…" for value, w in zip(row, widths)] for row in cells]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def floors(widths: list[int], header: list[str], keep: tuple[str, ...], least: int = MIN_WIDTH) -> list[int]:
    """How narrow each column may get: not at all for `keep`, else to `least` (or its header)."""
    return [w if h in keep else min(w, max(len(h), least)) for w, h in zip(widths, header)]


def narrowest_line(cells: list[list[str]], header: list[str], keep: tuple[str, ...]) -> int:
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    return sum(floors(widths, header, keep)) + 2 * (len(header) - 1)


def fitted(widths: list[int], header: list[str], total: int, keep: tuple[str, ...], least: int) -> list[int]:
    """Column widths whose line (with two spaces between columns) fits `total`, narrowing the widest first."""
    widths = list(widths)
    floor = floors(widths, header, keep, least)
    narrowable = [i for i, h in enumerate(header) if h not in keep]
    while sum(widths) + 2 * (len(widths) - 1) > total:
        i = max(narrowable, key=lambda i: (widths[i] - floor[i], -i), default=None)
        if i is None or widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths
