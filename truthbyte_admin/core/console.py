"""A management command's own output can't stop or break it.

- A reader that went away (``load_questions FILE | head -1``) made the next progress line a
  BrokenPipeError, which stopped an import partway. Output to a closed pipe is dropped instead
  and the command finishes its work; its exit status still says how that went.
- Text the terminal's encoding can't show (``PYTHONIOENCODING=ascii``, a file name that is not
  UTF-8) is written escaped (``\\u201c``) instead of failing after the work was done.
- A command started with its output closed (``>&-``) writes into nothing instead of failing.
"""

from __future__ import annotations

import os
import sys


class _ReaderMayLeave:
    """``stream``, except that once its reader has gone, what is written is dropped."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._reader_left()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_left()

    def _reader_left(self) -> None:
        self.reader_gone = True
        # What is still buffered, and the interpreter's last flush at exit, go nowhere (Python's
        # own advice for SIGPIPE), instead of "Exception ignored ... BrokenPipeError".
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def protect_output(*, escape_stdout: bool = True) -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` safe for commands (see the module's doc);
    ``escape_stdout`` False keeps standard output's encoding strict (for output that is data)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with that descriptor closed
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            continue
        if hasattr(stream, "reconfigure") and (name == "stderr" or escape_stdout):
            stream.reconfigure(errors="backslashreplace")
        setattr(sys, name, _ReaderMayLeave(stream))
