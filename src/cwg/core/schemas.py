"""The base of every JSON request body of the API: unknown fields are refused, not ignored."""

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    """A request body. A field the endpoint does not know is a 422 naming it: a misspelt field
    would otherwise be dropped silently and the request answered as if it had worked."""

    model_config = ConfigDict(extra="forbid")
