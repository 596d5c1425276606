"""Routers of the web app, one module per area; every route depends on ``deps.require``."""
