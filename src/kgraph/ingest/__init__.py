"""Files to documents: read article text, its optional `date YYYY-MM-DD` and `source NAME` headers,
and its id."""
from __future__ import annotations

import codecs
import hashlib
import os
import re
from datetime import date
from pathlib import Path

from kgraph.errors import InputError
from kgraph.records import Document

# A header may follow leading whitespace and may share its line with the article text.
DATE_HEADER = re.compile(r"\s*date[ \t]+(\d\S*)", re.IGNORECASE)  # "Date palms" is no header
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
# The publisher's name runs to the end of its own line and starts as a name does ("source close to
# the army said" is text, not a header).
SOURCE_HEADER = re.compile(r"source[ \t]+([A-Z0-9][^\r\n]*?)[ \t]*(?:\r?\n|$)")
MAX_PUBLISHER = 120
MAX_BYTES = 20_000_000


def find_articles(folder: Path) -> list[Path]:
    """Every `*.txt` file directly in `folder` (`*.TXT` too, which read_document then refuses by name),
    sorted by name so builds are deterministic.

    Hidden files are skipped, as the shell's `*.txt` skips them: macOS copies leave a binary
    `._name.txt` beside each article, and a "...txt" would get the document id "..".
    """
    if not folder.exists():
        raise InputError(f"{shown(folder)}: no such file or directory")
    if folder.is_file():
        return [folder]
    if not folder.is_dir():  # a device or a pipe, which reading could block on
        raise InputError(f"{shown(folder)}: neither a folder of articles nor an article file")
    try:
        paths = sorted(p for p in folder.iterdir()
                       if p.suffix.lower() == ".txt" and not p.name.startswith(".") and p.is_file())
    except OSError as error:
        raise InputError(f"{shown(folder)}: cannot list the folder ({error.strerror})") from None
    if not paths:
        raise InputError(f"{shown(folder)}: no .txt articles in this folder")
    return paths


def read_document(path: Path, encoding: str = "utf-8", corpus: Path | None = None,
                  follow_links: bool = False) -> Document:
    """Read one article file into a Document, or raise InputError naming the file and line.

    corpus: the folder the file was found in; its files must be named *.txt, and a symbolic link to a
    file outside it is refused unless `follow_links`.
    """
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if name != path.name:  # the document id would not survive into RDF, which is Unicode
        raise InputError(f"{shown(path)}: the file name is not valid UTF-8; rename the file")
    if corpus is not None:
        check_place(path, corpus, follow_links)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{shown(path)}: cannot read the file ({error.strerror})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: {len(data):,} bytes is over the {MAX_BYTES:,}-byte limit for one article")
    text = decode(path, data, encoding)
    if "\x00" in text:  # after decoding: UTF-16 text is full of NUL bytes, but not of NUL characters
        raise InputError(f"{path}: binary file (NUL character at offset {text.index(chr(0))}), not an article")
    if not text.strip():
        raise InputError(f"{path}: empty article")
    published, body_start = parse_header(path, text)
    publisher, body_start = parse_source_header(path, text, body_start)
    return Document(
        id=path.stem,
        text=text,
        date=published,
        publisher=publisher,
        body_start=body_start,
        source=path.name,
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def check_place(path: Path, corpus: Path, follow_links: bool) -> None:
    """InputError for a file a folder's listing holds but the build will not read: `*.TXT`, or a link out."""
    if path.suffix != ".txt":
        raise InputError(f"{path}: not read: articles are named *.txt, in lower case; rename the file")
    if path.is_symlink() and not follow_links:
        target = path.resolve()
        if not target.is_relative_to(corpus.resolve()):
            raise InputError(f"{path}: not read: a symbolic link to {target}, outside {corpus}; "
                             "build with --follow-links to read it")


def shown(path: Path) -> str:
    """A path as text that can be printed: bytes that are not UTF-8 appear as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def decode(path: Path, data: bytes, encoding: str) -> str:
    """Decode bytes, dropping a UTF-8 byte-order mark; offsets count characters of this text."""
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = ("it starts with a UTF-16 byte-order mark: build with --encoding utf-16"
                if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else
                "name the file's encoding with --encoding")
        raise InputError(
            f"{path}:{line}: not valid {encoding} (byte 0x{data[error.start]:02x} at offset {error.start}); {hint}"
        ) from None
    except LookupError:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    return text


def parse_header(path: Path, text: str) -> tuple[date | None, int]:
    """The publication date from a leading `date YYYY-MM-DD` header and where the body begins."""
    header = DATE_HEADER.match(text)
    if not header:
        return None, 0
    value = header.group(1)
    line = text.count("\n", 0, header.start(1)) + 1
    parts = ISO_DATE.match(value)
    if not parts:
        raise InputError(f"{path}:{line}: malformed date header {value!r}; expected date YYYY-MM-DD")
    try:
        published = date(*map(int, parts.groups()))
    except ValueError as error:
        raise InputError(f"{path}:{line}: impossible date {value!r} ({error})") from None
    body_start = header.end()
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    return published, body_start


def parse_source_header(path: Path, text: str, start: int) -> tuple[str | None, int]:
    """The publisher from a `source NAME` line where the body would begin (after any date header),
    and where the body then begins."""
    header = SOURCE_HEADER.match(text, start)
    if not header:
        return None, start
    name = header.group(1)
    if len(name) > MAX_PUBLISHER:
        line = text.count("\n", 0, header.start(1)) + 1
        raise InputError(f"{path}:{line}: source header of {len(name)} characters; expected source NAME "
                         f"(at most {MAX_PUBLISHER}) on its own line")
    body_start = header.end()
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    return name, body_start
