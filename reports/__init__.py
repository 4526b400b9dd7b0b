"""greengate's reports: verdicts, scoring, rendering and history."""
