"""Neutral colours and shapes for entity classes and claim kinds, shared by the view and the charts.

No class or kind is drawn red or green, so that no side reads as "bad" or "good": hues mark what a
node is or what kind of statement an edge records, never who is right.
"""
from __future__ import annotations

# class family -> (fill colour, vis-network shape)
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "Organisation": ("#4e79a7", "dot"),
    "ArmedGroup": ("#9c755f", "diamond"),
    "State": ("#59a5c9", "square"),
    "GovernmentBody": ("#b07aa1", "triangle"),
    "Person": ("#edc948", "triangleDown"),
    "Event": ("#bab0ac", "star"),
    "Report": ("#d4a6c8", "hexagon"),
    "Place": ("#a0a0c8", "box"),
}
# claim kind -> (line colour, dash pattern: False for a solid line, else [dash, gap] in pixels)
KIND_STYLE: dict[str, tuple[str, bool | list[int]]] = {
    "accusation": ("#3b5b8c", False),
    "responsibility": ("#d08a3c", False),
    "denial": ("#7f6a93", [8, 5]),
    "figure": ("#7a7a7a", [2, 4]),
    "appeal": ("#8c6d46", [12, 4, 2, 4]),
}
