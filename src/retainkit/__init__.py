"""retainkit: stay and exit interviews, follow-up contacts and attrition reports for HR."""

__version__ = "0.1.0"
