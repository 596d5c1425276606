"""redfunnel: run, measure and govern a bank's Xiaohongshu, WeChat and Douyin accounts."""

__version__ = "0.1.0"
