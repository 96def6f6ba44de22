"""Rasa dialogue policies of our own, named in config.yml (part of the model's inputs)."""
