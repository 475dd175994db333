"""Request and response models of the directory."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, Literal

from carenet_core.pagination import Page
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from . import rules

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TimeOfDay = Annotated[str, Field(pattern=r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$", examples=["09:00"])]
Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$", examples=["zh-TW", "nan", "en"])]
Text100 = Annotated[str, Field(min_length=1, max_length=100)]


def _category(value: str) -> str:
    try:
        return rules.category_of(value).value
    except ValueError:
        raise ValueError(f"{value!r} is not a category ({', '.join(c.value for c in rules.Category)})") from None


CategoryCode = Annotated[
    str,
    Field(
        max_length=40,
        description="a category code, or its Chinese label (法律扶助 …): " + ", ".join(c.value for c in rules.Category),
        examples=["psychiatric_care"],
    ),
    AfterValidator(_category),
]


class OpeningInterval(BaseModel):
    model_config = ConfigDict(extra="forbid")
    opens: TimeOfDay
    closes: TimeOfDay = Field(description="after `opens`; 24:00 for the end of the day")


class DayException(BaseModel):
    """A dated exception (holiday, typhoon closure, extra hours): its own intervals; none = closed all day."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    intervals: list[OpeningInterval] = Field(default_factory=list, max_length=6)
    note: str | None = Field(None, max_length=100, examples=["元旦"])


class OpeningHours(BaseModel):
    """Weekly hours (a missing day is closed) and dated exceptions, Asia/Taipei wall-clock time."""

    model_config = ConfigDict(extra="forbid")
    weekly: dict[Weekday, list[OpeningInterval]] = Field(default_factory=dict)
    exceptions: list[DayException] = Field(default_factory=list, max_length=400)

    @model_validator(mode="after")
    def _consistent(self) -> OpeningHours:
        to_rules(self).check()  # ValueError → 422 with the reason
        return self


def to_rules(hours: OpeningHours) -> rules.Hours:
    return rules.Hours(
        weekly={d: [rules.Interval(iv.opens, iv.closes) for iv in ivs] for d, ivs in hours.weekly.items()},
        exceptions=[
            rules.DayException(ex.date, [rules.Interval(iv.opens, iv.closes) for iv in ex.intervals])
            for ex in hours.exceptions
        ],
    )


class _Editable(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    district: str | None = Field(None, min_length=1, max_length=40, examples=["頭份市"])
    name: str | None = Field(None, min_length=1, max_length=200)
    categories: list[CategoryCode] | None = Field(None, min_length=1, max_length=12)
    address: str | None = Field(None, min_length=1, max_length=300)
    lat: float | None = Field(None, ge=-90, le=90, description="WGS84 latitude")
    lon: float | None = Field(None, ge=-180, le=180, description="WGS84 longitude")
    phone: str | None = Field(None, max_length=60, pattern=r"^[0-9+#()\- ,~轉分機]*$", examples=["037-558000"])
    hours: OpeningHours | None = None
    languages: list[Language] | None = Field(None, max_length=20)
    accessibility: list[Text100] | None = Field(None, max_length=20, examples=[["wheelchair", "accessible_toilet"]])
    fees: str | None = Field(None, max_length=500, examples=["免費"])
    eligibility: str | None = Field(None, max_length=1000, description="who may use it", examples=["設籍本縣居民"])
    source: str | None = Field(None, max_length=300, description="where the entry comes from")
    last_checked_on: date | None = Field(None, description="the day the entry was last verified (default: today)")

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else sorted(set(v))


class ResourceIn(_Editable):
    """A new entry: `name`, `county`, `district`, `categories`, `address`, `lat`, `lon` are required."""

    county: str = Field(pattern=r"^TW-[A-Z]{3}$", examples=["TW-MIA"])
    district: str = Field(min_length=1, max_length=40, examples=["頭份市"])
    name: str = Field(min_length=1, max_length=200, examples=["苗栗縣社區心理衛生中心"])
    categories: list[CategoryCode] = Field(min_length=1, max_length=12)
    address: str = Field(min_length=1, max_length=300)
    lat: float = Field(ge=-90, le=90, description="WGS84 latitude", examples=[24.5602])
    lon: float = Field(ge=-180, le=180, description="WGS84 longitude", examples=[120.8214])
    languages: list[Language] = Field(default_factory=list, max_length=20)
    accessibility: list[Text100] = Field(default_factory=list, max_length=20)
    source_id: str | None = Field(
        None, min_length=1, max_length=100, description="the id in the county's source list (unique per county)"
    )


class ResourcePatch(_Editable):
    """The fields to change (the county and source id never change); send `If-Match`."""


class ResourceOut(BaseModel):
    id: str
    county: str
    district: str
    name: str
    categories: list[str]
    address: str
    lat: float
    lon: float
    phone: str | None
    hours: OpeningHours | None
    languages: list[str]
    accessibility: list[str]
    fees: str | None
    eligibility: str | None
    source: str | None
    source_id: str
    last_checked_on: date
    stale: bool = Field(description="not checked for the configured number of months")
    version: int
    created_at: datetime
    updated_at: datetime
    distance_km: float | None = Field(None, description="great-circle distance from `near`, when it is given")


class ResourcePage(Page[ResourceOut]):
    """A page of resources (nearest first when `near` is given)."""


class RevisionOut(BaseModel):
    version: int
    changed_at: datetime
    changed_by: str
    via: Literal["created", "edit", "import"]
    changes: dict[str, Any] = Field(description="field → [old, new]")


class RevisionList(BaseModel):
    items: list[RevisionOut]
