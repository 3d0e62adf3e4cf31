"""What a backend raises when it cannot do its work, the same for every backend."""

from __future__ import annotations


class StorageUnavailable(OSError):
    """The storage did not take (or give) a file: a bucket that is gone or unreachable, refused
    credentials. The local folder raises the OSError of the failing call itself (a full disk),
    so callers that tell the user "not saved, try again" catch ``OSError``."""
