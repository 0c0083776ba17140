"""What a translator does with the changes: review them one by one (interactive), read them
on one HTML page (report), and learn rules from their own post-edits (learn)."""

from .interactive import Decision, Reviewer, apply_decisions  # the flat layout's posteditor.review

__all__ = ["Decision", "Reviewer", "apply_decisions"]
