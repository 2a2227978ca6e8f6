"""What the model must answer, per prompt (the `output` named in each prompt file's front matter)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..models import AgendaSectionKey, GrowStage, SmartCriterion


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")  # models add fields; what we need is checked


class LLMQuestion(_Answer):
    text: str = Field(min_length=8, max_length=400)
    stage: GrowStage
    rationale: str = Field(default="", max_length=400)


class LLMQuestionSet(_Answer):
    questions: list[LLMQuestion] = Field(min_length=1, max_length=12)


class LLMSmartQuestion(_Answer):
    criterion: SmartCriterion
    text: str = Field(min_length=8, max_length=400)


class LLMSmartRewrite(_Answer):
    rewrite: str = Field(min_length=8, max_length=1000)
    questions: list[LLMSmartQuestion] = Field(default_factory=list, max_length=6)


class LLMSamrRationale(_Answer):
    rationale: str = Field(min_length=20, max_length=1200)
    questions: list[str] = Field(default_factory=list, max_length=4)


class LLMAgendaQuestion(_Answer):
    text: str = Field(min_length=8, max_length=400)
    findings: list[int] = Field(default_factory=list, max_length=8)


class LLMAgendaSection(_Answer):
    key: AgendaSectionKey
    questions: list[LLMAgendaQuestion] = Field(min_length=1, max_length=5)


class LLMAgenda(_Answer):
    sections: list[LLMAgendaSection] = Field(min_length=1, max_length=6)


SCHEMAS: dict[str, type[BaseModel]] = {
    "LLMAgenda": LLMAgenda,
    "LLMQuestionSet": LLMQuestionSet,
    "LLMSmartRewrite": LLMSmartRewrite,
    "LLMSamrRationale": LLMSamrRationale,
}
