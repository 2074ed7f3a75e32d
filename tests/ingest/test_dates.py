"""Date expressions to ISO 8601, anchored on the publication date (2025-12-11, a Thursday)."""
from datetime import date

import pytest

from kgraph.ingest.dates import normalise_date

ANCHOR = date(2025, 12, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 October 2023", "2023-10-07"),
        ("October 7, 2023", "2023-10-07"),
        ("on 2024-01-26", "2024-01-26"),
        ("October 7", "2025-10-07"),  # no year given: the latest October 7 on or before publication
        ("December 25", "2024-12-25"),
        ("December 1", "2025-12-01"),
        ("on Thursday", "2025-12-11"),
        ("on Monday", "2025-12-08"),
        ("yesterday", "2025-12-10"),
        ("last month", "2025-11"),
        ("this year", "2025"),
        ("last year", "2024"),
        ("in June", "2025-06"),
        ("March 2024", "2024-03"),
        ("in 2023", "2023"),
        ("February 30", None),
        ("soon", None),
    ],
)
def test_normalise(text, expected):
    assert normalise_date(text, ANCHOR) == expected


def test_year_stated_elsewhere_in_the_document_wins():
    assert normalise_date("October 7", ANCHOR, known_years={(10, 7): 2023}) == "2023-10-07"


def test_relative_dates_need_an_anchor():
    assert normalise_date("last month", None) is None
    assert normalise_date("7 October 2023", None) == "2023-10-07"


@pytest.mark.parametrize("text", ["yesterday", "last month", "last year", "on Sunday", "in June", "December 25"])
def test_counting_back_from_the_first_day_of_the_calendar_gives_no_date(text):
    """An article dated 0001-01-01 that says "yesterday" stopped the whole build with an OverflowError."""
    assert normalise_date(text, date(1, 1, 1)) is None


def test_the_first_day_of_the_calendar_still_dates_what_it_can():
    assert normalise_date("today", date(1, 1, 1)) == "0001-01-01"
    assert normalise_date("in 0000", date(2025, 1, 1)) is None
