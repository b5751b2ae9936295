"""Request building blocks of the API: strict bodies, bounded numbers, bounded pagination."""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import ConfigDict

# The largest value of a PostgreSQL bigint (and of SQLite's integer): every primary key fits.
MAX_DB_ID = 2**63 - 1
# Far beyond any list the platform holds, and small enough that page × size stays a valid offset.
MAX_PAGE = 1_000_000
# A century: the longest span of days a filter or a setting may meaningfully ask for.
MAX_DAYS = 36_600
FIRST_YEAR = 1865  # the founding of the ITU: no record of the platform is older
LAST_YEAR = 2100

DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID, description="A record id.")]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
DayCount = Annotated[int, Field(ge=0, le=MAX_DAYS, description="A number of days.")]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description="A calendar year.")]
# Small counts such as an order or a number within a meeting.
Ordinal = Annotated[int, Field(ge=0, le=1_000_000)]
ListOffset = Annotated[int, Field(ge=0, le=MAX_DB_ID)]


class InputSchema(Schema):
    """A request body. A field the endpoint does not know is a 400 naming it: a misspelt field
    would otherwise be dropped silently and the request answered as if it had worked."""

    model_config = ConfigDict(extra="forbid")


class BoundedPageNumberPagination(PageNumberPagination):
    """Page-number pagination whose page number is bounded, so no page turns into an offset
    the database cannot hold (a 400 naming `page`, not a 500)."""

    class Input(Schema):
        page: PageNumber = 1
        page_size: Annotated[int, Field(ge=1, le=1000)] | None = None
