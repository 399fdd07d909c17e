"""What every API shape is built from: input and output bases, the one datetime rule, ids."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer

MAX_DB_ID = 2**63 - 1

# The one datetime rule of the API: what comes in carries its timezone (a naive time is
# refused, naming the field); what goes out is ISO 8601 with its offset.
Moment = AwareDatetime
Stamp = Annotated[datetime, PlainSerializer(lambda value: value.isoformat(), return_type=str,
                                            when_used="json")]
DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID)]
JsonObject = dict[str, Any]


def omissible(description: str | None = None) -> Any:
    """A field a partial change may leave out; when sent, it must not be null. (The view
    passes on only what was sent: ``model_dump(exclude_unset=True)``.)"""
    return Field(default=None, description=description)


class Input(BaseModel):
    """A request body: exactly the declared fields, of exactly the declared types."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Query(BaseModel):
    """Query parameters: text converted to the declared types; unknown ones are ignored."""

    model_config = ConfigDict(extra="ignore")


class Output(BaseModel):
    """An answer: the view's data must be exactly this shape (a missing or extra field is a
    bug, caught by the tests rather than sent to clients). Built from a row (or any object)
    by its attributes: a view returns the row, and only what the model names goes out."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class UserRef(Output):
    """Who did something, as people see them (their name, not an id)."""

    id: int
    login: str
    display_name: str


class Error(Output):
    code: str = Field(description="stable error code, e.g. invalid_input, conflict")
    message: str
    details: JsonObject = Field(description="structured details, e.g. the field at fault")


class Extended:
    """A row seen with a few more attributes: what an answer adds to the row it is built
    from (a joined column, a computed list), read by ``Output.model_validate``."""

    def __init__(self, row: object, **extra: Any) -> None:
        self._row = row
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        if name in self._extra:
            return self._extra[name]
        return getattr(self._row, name)
