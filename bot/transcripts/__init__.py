"""Voice-call transcripts: readers per format, speaker separation, spoken-text normalisation,
the per-call triage record and the live intake (docs/transcripts.md)."""
