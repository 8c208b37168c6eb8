"""phrasecheck: checks call transcripts and scripts against speech standards."""

__version__ = "0.1.0"
