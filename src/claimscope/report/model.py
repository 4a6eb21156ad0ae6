"""The report: one typed model that the CLI, library, store and web all share.

Field names follow ``shared/spec/report-schema.md`` (``claimscope.report/1``);
``report/schema.json`` is the machine-checkable form of the same contract.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "claimscope.report/1"

Genre = Literal["news", "opinion", "interview", "analysis", "other"]
QuoteKind = Literal["direct", "indirect", "headline"]
ClaimType = Literal["fact", "opinion", "prediction", "recommendation"]
Certainty = Literal["asserted", "hedged", "attributed", "negated"]
Modality = Literal["asserted", "alleged", "recommended", "possible", "negated", "hypothetical"]
ActorKind = Literal["country", "organization", "group", "person"]
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict, the contract form."""
        return self.model_dump(mode="json", by_alias=True)


class Mention(_Model):
    start: int
    end: int
    text: str
    code: str | None = None  # actor mentions: full CAMEO code incl. role, e.g. AZEGOV


class Document(_Model):
    id: str
    source: str
    title: str | None = None
    published: str | None = None
    sections: list[str] = Field(default_factory=list)
    genre: Genre = "other"
    outlet: str | None = None
    language: str = "en"
    url: str | None = None
    text: str


class Person(_Model):
    id: str
    name: str
    roles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Actor(_Model):
    id: str
    name: str
    kind: ActorKind
    code: str
    mentions: list[Mention] = Field(default_factory=list)


class Quote(_Model):
    id: str
    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_text: str | None = None  # the source as written, also when it is not a person
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


class Claim(_Model):
    id: str
    text: str
    start: int
    end: int
    type: ClaimType
    checkworthiness: float = Field(ge=0.0, le=1.0)
    speaker: str | None = None
    quote: str | None = None
    certainty: Certainty = "asserted"
    evidence: Literal["none", "cited"] | None = None
    actors: list[str] = Field(default_factory=list)


class Event(_Model):
    id: str
    source: str | None
    target: str | None
    code: str
    label: str
    modality: Modality
    speaker: str | None = None
    claim: str | None = None
    start: int
    end: int
    via: list[str] = Field(default_factory=list)
    goldstein: float | None = None


class Stance(_Model):
    holder: str
    target: str
    polarity: float = Field(ge=-1.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)


class Technique(_Model):
    technique: str
    start: int
    end: int
    text: str
    speaker: str | None = None


class Report(_Model):
    schema_: str = Field(default=SCHEMA_ID, alias="schema")
    document: Document
    people: list[Person] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    pipeline: str | None = None  # "claimscope X.Y.Z / model name version": which run made it

    def person(self, pid: str | None) -> Person | None:
        """Look up a speaker id, as renderers and tests need."""
        return next((p for p in self.people if p.id == pid), None)
