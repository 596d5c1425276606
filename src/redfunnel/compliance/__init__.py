"""Drafts and the analyses around them."""
