"""Tracking codes and the analyses around them."""
