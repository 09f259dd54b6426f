"""Catalogs: GNU gettext PO files read, written msgcat-exactly, merged as msgmerge does; extract/update."""
