"""Scoring: place an organisation on a maturity model from its answers (pure, no Django).

``score(definition, scoring_input)`` takes a framework definition and the answers and
returns an ``AssessmentResult``; ``input_errors`` says, one line each, what is wrong with
answers or targets that do not fit the definition (a value that is no ``AnswerValue`` at
all, such as "maybe", is already refused by pydantic when the input is built). The rules,
normative:

Values
- A rubric answer is the chosen level (an integer 1..N); a statement answer is yes = 1,
  partly = 0.5, no = 0; ``na`` means not applicable; a question with no answer is
  unanswered.

Several respondents
- A question's effective value is the recorded consensus if there is one, else the mean
  of the respondents' values, leaving out ``na``. If every respondent who answered said
  ``na``, it is ``na``; if nobody answered, it is unanswered.
- Spread = max - min of the respondents' values (none with fewer than two values; the
  consensus plays no part). Disagreement: a spread of 2 levels or more (rubric), or a yes
  against a no (statement, spread 1). A subdimension's spread is the largest spread of
  its questions.

Continuous models (Gartner)
- Subdimension score = weighted mean (question weights) of its effective values, leaving
  out ``na`` and unanswered; none left: no score (None).
- Dimension score = weighted mean (subdimension weights) of its subdimensions' scores that
  exist; overall score = weighted mean (dimension weights) of the dimensions' scores that
  exist.
- A score's level = floor(score), within 1..N.

Staged models (PTC)
- Fulfilment of level L = sum(weight x value) / sum(weight) over the statements of L that
  are not ``na``; an unanswered statement counts as 0. A level with no applicable
  statement has no fulfilment (None) and is not met.
- Level L (L >= 2) is met when its fulfilment >= the framework's threshold, compared
  exactly. Level 1 is the floor and always reached, so statements of level 1 count only
  for completion and for their subdimension's fulfilment.
- Placement = the largest L such that every level from 2 to L is met; 1 if level 2 is not
  met. A level can be met without being reached, when a level below it is not met.
- Score = placement + fulfilment of the next level (0 if it has none); at the top level,
  score = N. The overall level is the placement.
- Dimensions and subdimensions of a staged model have no score or level (None): a level
  is a property of the whole model. Each instead has a ``fulfilment``: the same weighted
  mean as a level's, over all its statements (subdimension), or the weighted mean
  (subdimension weights) of its subdimensions' fulfilments (dimension). Only an
  ``overall`` target is accepted.

Both
- Completion = (answered + ``na``) / all questions; the result is provisional while
  completion < 1.
- A target named ``overall`` is the target of the whole and (continuous) of every
  subdimension without a target of its own; other targets name a subdimension.
  Gap = max(0, target - score) wherever there are a target and a score; else None.
- Recommendations, most important first. Continuous: the subdimensions with a gap > 0,
  ordered by gap x subdimension weight x dimension weight (descending), then framework
  order, each with the descriptor of the level above its current one (floor(score) + 1,
  at most N) as text and that descriptor's guidance. Staged: the statements of the first
  unmet level whose value is below 1 (unanswered counts as 0), in framework order, with
  gap = 1 - value, the statement as text and the question's help as guidance.
- Explanation. Staged: the first unmet level, its fulfilment, the threshold and the
  statements holding it back (those recommended). Continuous: the subdimensions scoring
  below the overall score, lowest first ("pulling the score down").
- Perception split (``by_role``): for every distinct non-empty respondent role, the same
  scores from only that role's respondents, without consensus.
- Arithmetic is exact (fractions); scores become floats only in the result, never
  rounded. A float target is read as the decimal it prints as (2.1 is 21/10).

The package: ``types`` (inputs and results), ``values`` (input checks, effective values,
spread), ``placement`` (continuous and staged scores, levels, targets and gaps), ``advice``
(recommendations, explanation), ``result`` (``score``: the result, perception split),
``votes`` (a workshop's vote summary). The answer vocabulary is ``maturity.answers``.
"""

from assessments.scoring.result import score
from assessments.scoring.types import (
    AssessmentResult,
    DimensionScore,
    Explanation,
    LevelScore,
    OverallScore,
    QuestionScore,
    Recommendation,
    RespondentAnswers,
    RoleScore,
    RoleSubdimensionScore,
    ScoringInput,
    SubdimensionScore,
    TargetValue,
    VoteSummary,
)
from assessments.scoring.values import input_errors, is_disagreement
from assessments.scoring.votes import summarise_votes
from maturity.answers import AnswerValue

__all__ = [
    "AnswerValue",
    "AssessmentResult",
    "DimensionScore",
    "Explanation",
    "LevelScore",
    "OverallScore",
    "QuestionScore",
    "Recommendation",
    "RespondentAnswers",
    "RoleScore",
    "RoleSubdimensionScore",
    "ScoringInput",
    "SubdimensionScore",
    "TargetValue",
    "VoteSummary",
    "input_errors",
    "is_disagreement",
    "score",
    "summarise_votes",
]
