"""Sources: the release model and its Markdown form, import, segmentation into units."""
