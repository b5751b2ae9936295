"""Small domain exceptions raised by services and turned into 4xx answers by views and the API."""


class DomainError(Exception):
    """A request the domain refuses; the message is shown to the user as is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.__class__.__name__


class InvalidInput(DomainError):
    status_code = 400


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class RateLimited(DomainError):
    status_code = 429


class TooLarge(InvalidInput):
    """The request (or a file in it, once expanded) is larger than the platform accepts."""

    status_code = 413


class StorageFull(DomainError):
    """The file store has no room left: nothing was stored, the request may be sent again later."""

    status_code = 503
