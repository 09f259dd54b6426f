"""Publish: the static site build, page model, feeds and sitemap, the build manifest."""
