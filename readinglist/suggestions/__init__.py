"""Suggestions learned from the group's own ratings, statuses and tags, with their reasons.

`api.py` has the two entry points (`suggest`, `suggest_tags`); `features.py` the tf-idf
features, `cache.py` their cache beside the list, `signals.py` the training labels,
`learn.py` the models, `explain.py` the reasons. scikit-learn is imported only when
features are built or a model is fitted.
"""

from __future__ import annotations

from .api import candidates_for_session, suggest, suggest_tags
from .results import PaperTags, Suggestion, Suggestions, TagSuggestion, TagSuggestions

__all__ = [
    "PaperTags",
    "Suggestion",
    "Suggestions",
    "TagSuggestion",
    "TagSuggestions",
    "candidates_for_session",
    "suggest",
    "suggest_tags",
]
