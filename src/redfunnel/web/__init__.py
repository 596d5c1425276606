"""Users and the analyses around them."""
