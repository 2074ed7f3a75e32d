"""Small PNG charts for the report (claims per month, most accused actors), byte-identical run to run."""
from __future__ import annotations

import contextlib
import datetime
import io
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kgraph.read.view.palette import KIND_STYLE

# No date stamp or software version in the PNG, so the same graph gives the same bytes.
PNG_METADATA = {"Software": None}
BAR_COLOUR = "#4e79a7"
TOP = 10


def chart_files(report: dict, stem: str) -> dict[str, tuple[str, bytes]]:
    """The charts a report has data for: name -> (file name, PNG bytes); none when there is nothing to draw."""
    charts = {}
    if any(row["month"] != "undated" for row in report["timeline"]):
        charts["claims_per_month"] = (f"{stem}-claims-per-month.png", claims_per_month(report["timeline"]))
    if report["most_accused"]:
        charts["most_accused"] = (f"{stem}-most-accused.png", most_accused(report["most_accused"][:TOP]))
    return charts


def claims_per_month(timeline: list[dict]) -> bytes:
    """Stacked bars: claims of each kind per month, on a time axis (1993-05 and 2025-12 stand 32 years apart)."""
    with chart_style():
        return png(claims_per_month_figure(timeline))


def claims_per_month_figure(timeline: list[dict]) -> Figure:
    dated = [row for row in timeline if row["month"] != "undated"]
    undated = sum(row["claims"] for row in timeline if row["month"] == "undated")
    figure = Figure(figsize=(6.4, 3.2), dpi=100)
    axes = figure.subplots()
    months = [float(date2num(mid_month(row["month"]))) for row in dated]  # days on matplotlib's time axis
    span_days = max(months) - min(months) if months else 0
    width = max(20.0, span_days / 120)  # a month's bar, wide enough to see over decades
    bottom = [0] * len(months)
    for kind, (colour, _) in KIND_STYLE.items():
        counts = [row["by_kind"].get(kind, 0) for row in dated]
        if any(counts):
            axes.bar(months, counts, bottom=bottom, color=colour, label=kind, width=width)
            bottom = [b + c for b, c in zip(bottom, counts)]
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if months:
        pad = max(30.0, span_days * 0.03)
        axes.set_xlim(min(months) - pad, max(months) + pad)
    axes.set_ylabel("claims")
    note = f"; {undated} undated not shown" if undated else ""
    axes.set_title(f"Claims per month (by date made, else first published{note})")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(frameon=False, fontsize=8, ncols=min(5, len(KIND_STYLE)), loc="upper left",
                bbox_to_anchor=(0, -0.18))
    return figure


def mid_month(month: str) -> datetime.date:
    """The middle of a YYYY-MM month, where its bar stands on the time axis."""
    year, number = month.split("-")[:2] if "-" in month else (month, "06")
    return datetime.date(int(year), int(number), 15)


def most_accused(rows: list[dict]) -> bytes:
    """Horizontal bars: distinct accusations against each actor, with the number of source documents."""
    with chart_style():
        figure = Figure(figsize=(6.4, 0.9 + 0.32 * len(rows)), dpi=100)
        axes = figure.subplots()
        labels = [row["actor"] for row in reversed(rows)]
        counts = [row["statements"] for row in reversed(rows)]
        bars = axes.barh(labels, counts, color=BAR_COLOUR, height=0.6)
        notes = [f"{row['statements']} ({row['sources']} source{'s' if row['sources'] != 1 else ''})"
                 for row in reversed(rows)]
        axes.bar_label(bars, labels=notes, padding=3, fontsize=8)
        axes.set_xlim(0, max(counts) * 1.35)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel("accusing statements reported (a sentence naming several charges counts once)")
        axes.set_title("Most accused actors, as reported")
        return png(figure)


def chart_style() -> contextlib.AbstractContextManager:
    """Fixed fonts and sizes, so that a user's matplotlibrc cannot change the picture."""
    return matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False,
                                  "axes.spines.right": False})


def png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata=PNG_METADATA)
    return buffer.getvalue()


def write_charts(report: dict, folder: Path, stem: str) -> dict[str, Path]:
    """Write the report's charts into `folder`, each atomically; name -> path."""
    from kgraph.atomic import write_atomically

    written = {}
    for name, (file_name, data) in chart_files(report, stem).items():
        write_atomically(folder / file_name, data)
        written[name] = folder / file_name
    return written
