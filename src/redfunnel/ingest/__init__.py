"""Ingest: real Xiaohongshu, WeChat, Douyin and bank files into the store."""
