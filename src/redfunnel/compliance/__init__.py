"""Drafts and the analyses around them."""

from redfunnel.compiled import fresh_source

fresh_source(__name__ + ".checker")
