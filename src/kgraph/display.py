"""Text from articles made safe where people see it: on a terminal, and in a spreadsheet.

Article text is whatever the files hold. Printed as is, an escape sequence in it (ESC, or the 8-bit
CSI and OSC) would drive the reader's terminal: retitle it, hide lines, plant a link. Opened in a
spreadsheet, a CSV cell that starts with "=" is a formula. Machine formats (JSON, RDF) stay exact.
"""
from __future__ import annotations

import re

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
