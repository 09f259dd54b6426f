"""Review: unit states and stamps, QA checks, glossary, the status index, review actions and the queue."""
