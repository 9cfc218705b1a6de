"""Type stubs for jxl_demo, so editors can complete and check calls to it.

The module is compiled from Rust; this file describes what it exports to Python.
"""

__all__ = [
    "count_occurrences",
]

def count_occurrences(contents: str, needle: str) -> int:
    """Count the words of `contents` that are equal to `needle`."""
