"""Translation: machine drafts (engines, masking), the translation memory and TMX."""
