"""The shapes of cxcheck's data: rule packs, answers files and results.

These pydantic models are the single source of the JSON Schemas (`cxcheck schema`). Answer
values are checked by the question types themselves in plain Python: an answers file of
thousands of respondents should not pay for a pydantic model per answer.
"""

from cxcheck.model.action import Action
from cxcheck.model.answers import AnswersFile, Given, Respondent, Response
from cxcheck.model.base import (
    NOT_APPLICABLE,
    SLUG_PATTERN,
    UNKNOWN,
    AnswerRejected,
    Horizon,
    Level,
    Slug,
    Strict,
)
from cxcheck.model.pack import Pack, Source
from cxcheck.model.questions import (
    Band,
    ChoiceOption,
    ChoiceQuestion,
    NumberQuestion,
    Question,
    QuestionBase,
    ScaleQuestion,
    WordAnswer,
    YesNoQuestion,
)
from cxcheck.model.result import (
    RESULT_SCHEMA_VERSION,
    ActionItem,
    Comparison,
    Disagreement,
    Figure,
    InconsistentFigure,
    KnowledgeGap,
    NoteResult,
    PackResult,
    QuestionResult,
    RespondentInfo,
    Result,
    ScoreChange,
    Side,
    Status,
    Strength,
    ThresholdFailure,
    Thresholds,
)

__all__ = [
    "NOT_APPLICABLE",
    "RESULT_SCHEMA_VERSION",
    "SLUG_PATTERN",
    "UNKNOWN",
    "Action",
    "ActionItem",
    "AnswerRejected",
    "AnswersFile",
    "Band",
    "ChoiceOption",
    "ChoiceQuestion",
    "Comparison",
    "Disagreement",
    "Figure",
    "Given",
    "Horizon",
    "InconsistentFigure",
    "KnowledgeGap",
    "Level",
    "NoteResult",
    "NumberQuestion",
    "Pack",
    "PackResult",
    "Question",
    "QuestionBase",
    "QuestionResult",
    "Respondent",
    "RespondentInfo",
    "Response",
    "Result",
    "ScaleQuestion",
    "ScoreChange",
    "Side",
    "Slug",
    "Source",
    "Status",
    "Strength",
    "Strict",
    "ThresholdFailure",
    "Thresholds",
    "WordAnswer",
    "YesNoQuestion",
]
