"""The errors minekg raises. The CLI turns each into one line for the user."""


class MinekgError(Exception):
    """Base class of every error minekg reports to its users."""


class BadRecord(MinekgError):
    """One input record cannot be ingested; the rest of the batch goes on.

    >>> str(BadRecord("articles.jsonl:3", "malformed JSON (Expecting value)"))
    'articles.jsonl:3: malformed JSON (Expecting value)'
    """

    def __init__(self, record: str, reason: str):
        self.record = record
        self.reason = reason
        super().__init__(f"{record}: {reason}")


class SourceError(MinekgError):
    """A whole input (a file or directory) cannot be read."""


class StoreError(MinekgError):
    """The store cannot be opened, read or written."""


class QueryError(MinekgError):
    """A SPARQL query is invalid or fails."""


class RegistryError(MinekgError):
    """The company registry is malformed."""
