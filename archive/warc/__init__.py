"""WARC writing: captures in, valid WARC/1.1 files and their CDXJ indexes out."""

from .capture import Decision, HttpCapture, Original, WrittenRecord
from .writer import ClosedWarc, RollingWarcWriter

__all__ = ["ClosedWarc", "Decision", "HttpCapture", "Original", "RollingWarcWriter",
           "WrittenRecord"]
