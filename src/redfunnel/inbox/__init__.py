"""Inbox threads and the analyses around them."""
