"""Collecting a case: which fields it needs and how each answer is validated."""
