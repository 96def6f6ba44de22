"""Bilingual support-triage bot."""
