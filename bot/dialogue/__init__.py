"""The conversation's plain logic: reading answers, composing the hand-off (no Rasa here)."""
