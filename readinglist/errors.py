"""Every error the kit raises on purpose.

Hierarchy::

    ReadingListError                 base of all of them; `str()` is one line for the user
    +-- InputError (ValueError)      bad user input: a file, a value, a name
    |   +-- ListFormatError          a list or review file breaks the format (carries problems)
    |   |   +-- UnsavableError       a change the format cannot hold: refused, nothing written
    |   +-- NoPapersError            an import source holds no paper at all
    |   +-- ReaderNameError          a reader name that is not a short slug
    |   +-- UnknownPaperError        a paper id the list does not hold
    |   +-- MissingPathError         a file or list named by the user does not exist
    |   +-- UnreadableFileError      a link, FIFO, device, folder or oversized file where a file is read
    +-- StoreError (OSError)         the store refused to write
    |   +-- ChangedOnDiskError       the file changed since it was loaded
    |   +-- LockTimeoutError         another process holds the list's lock
    |   +-- UnwritableFileError      the system refused a write (disk full, read-only, ...) or a link
    +-- ExportError (RuntimeError)   a handout could not be made
        +-- MissingToolError         a program an export needs (Chromium) is not installed

Bugs in our own code are not wrapped: they surface as ordinary exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass

from .words import plural

PROBLEMS_SHOWN = 50  # problems listed after an import; a broken file can have one per line, the first say what is wrong


@dataclass(frozen=True)
class Problem:
    """One located problem: in which file, at which line (1-based), about which field."""

    file: str
    line: int | None
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class ReadingListError(Exception):
    """Base class: anything the kit refuses on purpose."""


class InputError(ReadingListError, ValueError):
    """Input from the user (a file, a value, a name) that the kit cannot accept."""


class ListFormatError(InputError):
    """A list or review file that breaks the format; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ListFormatError needs at least one problem")
        self.problems = list(problems)
        first = str(self.problems[0])
        more = len(self.problems) - 1
        super().__init__(first if not more else f"{first} (and {plural(more, 'more problem')})")

    @classmethod
    def at(cls, file: str, line: int | None, message: str, field: str | None = None) -> ListFormatError:
        return cls([Problem(file, line, message, field)])


class UnsavableError(ListFormatError):
    """A change that would write a file the loader refuses (a note over the size limit, an
    empty title): refused before anything is written."""

    def __str__(self) -> str:
        return f"{super().__str__()}; nothing was written"


class NoPapersError(InputError):
    """A source that holds no paper at all."""


class FetchError(InputError):
    """A web API (arXiv, Hugging Face, Semantic Scholar) could not be reached or answered with an error."""


class ReaderNameError(InputError):
    """A reader name that is not a short slug of [a-z0-9_-]."""


class UnknownPaperError(InputError, KeyError):
    """A paper id that the list does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class MissingPathError(InputError, FileNotFoundError):
    """A file or list folder named by the user that does not exist (a usage mistake)."""


class UnreadableFileError(InputError):
    """A path that is not a regular file of sane size where one is read (a symbolic link where
    links are refused, a FIFO or device, a folder), or one the system could not read."""

    def __init__(self, file: str, reason: str) -> None:
        self.file, self.reason = file, reason
        super().__init__(f"{file}: {reason}")


class StoreError(ReadingListError, OSError):
    """The store refused to write."""


class ChangedOnDiskError(StoreError):
    """The file changed on disk since it was loaded (another kernel, a git pull)."""


class LockTimeoutError(StoreError):
    """Another process kept the list's lock for too long."""


class UnwritableFileError(StoreError):
    """A file that could not be written: the system refused a step of the save (no space, a
    read-only disk, no permission, an I/O error), or the path is a link. The old file is intact."""

    def __init__(self, file: str, reason: str) -> None:
        self.file, self.reason = file, reason
        super().__init__(f"{file}: {reason}")

    def __str__(self) -> str:  # OSError would format its own way
        return str(self.args[0])


class ExportError(ReadingListError, RuntimeError):
    """A handout could not be made (for example, the browser printing a PDF failed)."""


class MissingToolError(ExportError):
    """A program that an export needs is not installed; the message names the package."""
