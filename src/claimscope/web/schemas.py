"""Response and request bodies of the REST API (they also document it in /docs).

The article report itself is not repeated here: ``/api/articles/{id}`` and
``POST /api/analyze`` return the contract JSON of ``claimscope.report.model.Report``.
"""
from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..report.model import Genre

__all__ = [
    "ArticleRow", "PersonRow", "ActorRow", "EventRow", "ClusterRow", "ListPage", "QuoteItem", "ClaimItem",
    "StanceSummary", "SeriesPoint", "Series", "Edge", "PersonDetail", "ActorDetail", "ClusterMember", "ClusterDetail",
    "AnalyzeRequest", "ErrorBody", "Facet",
]

T = TypeVar("T")

VOICE = Field(None, description='Whose words: "outlet" (the publication\'s own) or "source" (someone it attributes them to).')
SPEAKER = Field(None, description="The person speaking, when the source was resolved to one (their name).")
SPEAKER_ACTOR = Field(None, description="CAMEO code of the state or organisation speaking, when the source is one.")
SPEAKER_TEXT = Field(None, description='The source as written ("officials", "he"), resolved or not.')


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListPage(_Out, Generic[T]):
    """One page of a filtered list; ``total`` counts every match, not just this page."""

    total: int
    total_exact: bool = Field(True, description="False when a filtered total was counted only up to a cap (it is then a lower bound); "
                                                "pass exact=true to count them all.")
    limit: int
    offset: int
    items: list[T]


class ArticleRow(_Out):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    genre: str | None
    url: str | None
    snippet: str | None = Field(None, description="Matching text, matches between [[ and ]]; only with q.")
    rank: float | None = Field(None, description="Full-text relevance, higher is better; only with q.")


class PersonRow(_Out):
    name: str
    documents: int


class ActorRow(_Out):
    code: str
    name: str
    kind: str
    documents: int


class EventRow(_Out):
    document_id: str
    title: str | None
    outlet: str | None
    published: str | None
    event: str = Field(description="The event's id inside its report (e1, e2…).")
    source: str | None
    target: str | None
    code: str
    label: str
    quad_class: int | None
    goldstein: float | None
    modality: str
    voice: Literal["outlet", "source"] | None = VOICE
    speaker: str | None = SPEAKER
    speaker_actor: str | None = SPEAKER_ACTOR
    speaker_text: str | None = SPEAKER_TEXT
    via: list[str]


class ClusterRow(_Out):
    id: int
    label: str
    method: str
    size: int
    first_published: str | None
    first_outlet: str | None
    first_speaker: str | None
    first_document_id: str | None


class Facet(_Out):
    value: str
    documents: int


class QuoteItem(_Out):
    document_id: str
    title: str | None
    outlet: str | None
    published: str | None
    quote: str
    kind: str
    text: str
    cue: str | None


class ClaimItem(_Out):
    document_id: str
    title: str | None
    outlet: str | None
    published: str | None
    claim: str
    type: str
    text: str
    checkworthiness: float
    certainty: str
    voice: Literal["outlet", "source"] | None = VOICE
    speaker: str | None = SPEAKER
    speaker_actor: str | None = SPEAKER_ACTOR
    speaker_text: str | None = SPEAKER_TEXT


class StanceSummary(_Out):
    key: str = Field(description="Who or what: an actor code, a speaker's name or an outlet.")
    name: str | None = None
    polarity: float = Field(description="Mean polarity, -1..1.")
    count: int


class SeriesPoint(_Out):
    period: str = Field(description="YYYY-MM")
    polarity: float
    count: int


class Series(_Out):
    name: str
    points: list[SeriesPoint]


class Edge(_Out):
    source: str
    target: str
    count: int
    root_code: str = Field(description="The most frequent CAMEO root class between the two.")
    label: str | None
    quad_class: int | None
    goldstein: float | None = Field(description="Mean Goldstein score of the events.")
    codes: dict[str, int] = Field(default_factory=dict, description="Root code → events.")


class PersonDetail(_Out):
    name: str
    roles: list[str]
    documents: int
    quotes_total: int
    quotes: list[QuoteItem]
    claims_total: int
    claims: list[ClaimItem]
    stances: list[StanceSummary]
    stance_series: list[Series]
    techniques: list[Facet]
    sampled: bool = Field(False, description="True when lists and stances cover only the latest rows (see the API docs).")


class ActorDetail(_Out):
    code: str
    name: str
    kind: str
    documents: int
    claims: list[ClaimItem] = Field(description="Recent claims naming the actor, with who made them.")
    speakers: list[Facet] = Field(description="Who is quoted most in articles about the actor.")
    stance_by_outlet: list[StanceSummary]
    stance_by_speaker: list[StanceSummary]
    outlet_series: list[Series]
    speaker_series: list[Series]
    network: list[Edge]
    sampled: bool = Field(False, description="True when stances, events and claims cover only the latest rows.")


class ClusterMember(_Out):
    claim_id: int
    document_id: str
    title: str | None
    outlet: str | None
    published: str | None
    voice: Literal["outlet", "source"] | None = VOICE
    speaker: str | None = SPEAKER
    speaker_actor: str | None = SPEAKER_ACTOR
    speaker_text: str | None = SPEAKER_TEXT
    text: str
    similarity: float | None


class ClusterDetail(ClusterRow):
    members: list[ClusterMember]


class AnalyzeRequest(BaseModel):
    """An article to analyse; metadata you give wins over what is read from the text."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=500_000, description="Plain article text, headline first.")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=32, pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
    url: str | None = Field(None, max_length=2000)
    genre: Genre | None = None
    source: str | None = Field(None, max_length=1000, description="Where it came from (a path or URL); default <api>.")
    store: bool = Field(False, description="Also store it (needs --allow-write and the token).")


class ErrorBody(_Out):
    """Every error: a one-line ``message``, and ``detail`` (a string, or the validation errors)."""

    message: str
    detail: str | list[dict[str, object]] | None = None
    status: int


Sort = Literal["documents", "name"]
