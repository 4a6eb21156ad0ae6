"""The report: one typed model that the CLI, library, store and web all share.

Field names follow ``shared/spec/report-schema.md`` (``claimscope.report/2``);
``report/schema.json`` is the machine-checkable form of the same contract.

Voice: every quote, claim, event and technique says whose words it is in.
``voice="outlet"`` is the publication's own words (no speaker fields);
``voice="source"`` is words the text attributes to someone, named as far as the
analysis resolved it: ``speaker`` (a people id), ``speaker_actor`` (a CAMEO
actor code) and ``speaker_text`` (the source as written).  An unresolved
source keeps ``voice="source"`` with ``speaker=None``.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_ID = "claimscope.report/2"

GENRES: tuple[str, ...] = ("news", "opinion", "interview", "analysis", "transcript", "other")
Genre = Literal["news", "opinion", "interview", "analysis", "transcript", "other"]
Voice = Literal["outlet", "source"]
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


class _Voiced(_Model):
    """A record in someone's voice: the outlet's own, or a source's (see the module docstring)."""

    @model_validator(mode="before")
    @classmethod
    def _default_voice(cls, data: Any) -> Any:
        # a record built without ``voice`` is a source's when anything names one, else the outlet's
        if isinstance(data, dict) and data.get("voice") is None:
            named = any(data.get(k) is not None for k in ("speaker", "speaker_actor", "speaker_text", "quote"))
            data = {**data, "voice": "source" if named else "outlet"}
        return data


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
    actor: str | None = None  # CAMEO code of the person's affiliation ("RUSGOV"), when known
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
    voice: Literal["source"] = "source"  # a quote is always someone else's words
    speaker: str | None = None  # people id; None when the source is not a resolved person
    speaker_actor: str | None = None  # actor code when the source is a state or organisation
    speaker_text: str | None = None  # the source as written, also when it is not a person
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


class Claim(_Voiced):
    id: str
    text: str
    start: int
    end: int
    type: ClaimType
    checkworthiness: float = Field(ge=0.0, le=1.0)
    voice: Voice = "outlet"
    speaker: str | None = None
    speaker_actor: str | None = None
    speaker_text: str | None = None
    quote: str | None = None
    certainty: Certainty = "asserted"
    evidence: Literal["none", "cited"] | None = None
    actors: list[str] = Field(default_factory=list)


class Event(_Voiced):
    id: str
    source: str | None
    target: str | None
    code: str
    label: str
    modality: Modality
    voice: Voice = "outlet"
    speaker: str | None = None
    speaker_actor: str | None = None
    speaker_text: str | None = None
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


class Technique(_Voiced):
    technique: str
    start: int
    end: int
    text: str
    voice: Voice = "outlet"
    speaker: str | None = None
    speaker_actor: str | None = None
    speaker_text: str | None = None


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

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """A report dict under an older contract (``claimscope.report/1``) is read as the current one."""
        if isinstance(data, dict) and data.get("schema") not in (None, SCHEMA_ID):
            from .upgrade import upgrade

            data = upgrade(data)
        return data

    def person(self, pid: str | None) -> Person | None:
        """Look up a speaker id, as renderers and tests need."""
        return next((p for p in self.people if p.id == pid), None)
