"""Helpers the test suites share (importable as `helpers.*` because pyproject puts tests/ on the path)."""
