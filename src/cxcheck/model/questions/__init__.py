"""The question types, one module each; `Question` is any of them, told apart by `type`."""

from typing import Annotated

from pydantic import Field

from cxcheck.model.questions.base import QuestionBase
from cxcheck.model.questions.choice import ChoiceOption, ChoiceQuestion
from cxcheck.model.questions.number import Band, NumberQuestion, WordAnswer
from cxcheck.model.questions.scale import ScaleQuestion
from cxcheck.model.questions.yes_no import YesNoQuestion

Question = Annotated[
    YesNoQuestion | ScaleQuestion | ChoiceQuestion | NumberQuestion,
    Field(discriminator="type"),
]

__all__ = [
    "Band",
    "ChoiceOption",
    "ChoiceQuestion",
    "NumberQuestion",
    "Question",
    "QuestionBase",
    "ScaleQuestion",
    "WordAnswer",
    "YesNoQuestion",
]
