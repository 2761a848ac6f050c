"""HTTP for the assessments app: self-assessments and live workshops."""
