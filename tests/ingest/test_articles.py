"""Reading article files: headers, encodings and the clear errors bad files get."""
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import InputError
from kgraph.ingest import find_articles, read_document

from helpers.paths import SEED


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_seed_header_shares_its_line_with_the_text():
    document = read_document(SEED)
    assert document.id == "000_001a2dfaae7811e2"
    assert document.date == date(2025, 12, 11)
    assert document.text.startswith(" date 2025-12-11 ")
    assert document.text[document.body_start:].startswith("Amnesty International")


def test_header_on_its_own_line(tmp_path):
    document = read_document(write(tmp_path, b"date 2024-03-01\nThe UN said so.\n"))
    assert document.date == date(2024, 3, 1)
    assert document.body == "The UN said so.\n"


def test_no_header_means_no_date(tmp_path):
    document = read_document(write(tmp_path, b"Date palms grew in Gaza.\n"))
    assert document.date is None
    assert document.body_start == 0


@pytest.mark.parametrize(
    ("data", "publisher", "body"),
    [
        (b"date 2024-03-01\nsource Human Rights Watch\nThe UN said so.\n", "Human Rights Watch", "The UN said so.\n"),
        (b"source Amnesty International  \r\n\r\nThe UN said so.", "Amnesty International", "The UN said so."),
        (b"date 2024-03-01 source of the fire was unclear.\n", None, "source of the fire was unclear.\n"),
        (b"date 2024-03-01\nsources close to the army said so.\n", None, "sources close to the army said so.\n"),
        (b"date 2024-03-01\nThe UN said so.\nsource Reuters\n", None, "The UN said so.\nsource Reuters\n"),
    ],
)
def test_source_header_names_the_publisher(tmp_path, data, publisher, body):
    document = read_document(write(tmp_path, data))
    assert (document.publisher, document.body) == (publisher, body)


def test_bom_is_dropped_and_offsets_count_characters(tmp_path):
    document = read_document(write(tmp_path, "\ufeffdate 2024-03-01 Ä said.".encode("utf-8")))
    assert document.text == "date 2024-03-01 Ä said."
    assert document.text[document.body_start:] == "Ä said."


def test_crlf_is_accepted(tmp_path):
    document = read_document(write(tmp_path, b"date 2024-03-01\r\nLine one.\r\nLine two.\r\n"))
    assert document.date == date(2024, 3, 1)
    assert document.body == "Line one.\r\nLine two.\r\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty article"),
        (b"  \n\t\n", "empty article"),
        (b"abc\x00def", "binary file (NUL character at offset 3)"),
        (b"line one\nbad \xff byte\n", ":2: not valid utf-8 (byte 0xff at offset 13)"),
        (b"date 2025-02-30 Text.", ":1: impossible date '2025-02-30'"),
        (b"\n\ndate 11/12/2025 Text.", ":3: malformed date header '11/12/2025'"),
        (b"date 2025-02-03\nsource " + b"A" * 130 + b"\nText.", ":2: source header of 130 characters"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path, data, message):
    path = write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_other_encoding_by_name(tmp_path):
    path = write(tmp_path, "Genève said.".encode("latin-1"))
    with pytest.raises(InputError, match="--encoding"):
        read_document(path)
    assert read_document(path, encoding="latin-1").text == "Genève said."


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("kgraph.ingest.MAX_BYTES", 10)
    with pytest.raises(InputError, match="11 bytes is over the 10-byte limit"):
        read_document(write(tmp_path, b"x" * 11))


def test_find_articles_sorted_txt_only(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md", "C.TXT"):
        write(tmp_path, b"text", name)
    assert [p.name for p in find_articles(tmp_path)] == ["C.TXT", "a.txt", "b.txt"]  # .TXT: for read_document to name


def test_a_device_or_an_unlistable_folder_is_one_input_error(tmp_path, monkeypatch):
    """Before: NotADirectoryError and PermissionError from iterdir, tracebacks."""
    with pytest.raises(InputError, match="^/dev/null: neither a folder of articles nor an article file$"):
        find_articles(Path("/dev/null"))

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(InputError, match=f"^{tmp_path}: cannot list the folder \\(Permission denied\\)$"):
        find_articles(tmp_path)


def test_find_articles_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        find_articles(tmp_path / "missing")
    with pytest.raises(InputError, match="no .txt articles"):
        find_articles(tmp_path)


@pytest.mark.parametrize(("text", "stripped", "named"), [
    ("the Gaza war", "Gaza war", True),
    ("\u201cThe Hamas\u201d", "Hamas", True),
    ("\u2029Hamas\u2028", "Hamas", True),
    ("Theresa May", "Theresa May", True),
    ("the\u2028 ", "", False),  # a fragment the NER left beside a line separator
    (" the\n ", "", False),
    ("--", "--", False),
])
def test_strip_article_and_is_name(text, stripped, named):
    from kgraph.ingest.naming import is_name, strip_article

    assert (strip_article(text), is_name(text)) == (stripped, named)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=80), encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-32", "cp1252"]))
def test_any_bytes_in_any_encoding_are_an_article_or_one_input_error(tmp_path_factory, data, encoding):
    path = tmp_path_factory.mktemp("any") / "a.txt"
    path.write_bytes(data)
    try:
        document = read_document(path, encoding)
    except InputError as error:
        assert str(error).startswith(str(path))
        return
    assert "\x00" not in document.text and document.text.strip()
