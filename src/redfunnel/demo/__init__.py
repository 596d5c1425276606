"""A seeded, realistic demo world for redfunnel, written in the real file formats.

``write_demo_world`` builds Chinese banks' Xiaohongshu accounts (calibrated to the 2025 Beijing
Business Daily survey: 招商银行 48.1万, 29 accounts above 1万, the 宁波银行 matrix, 中国银行's
branch accounts, slowing and stopped small banks), their notes, comments and DMs, the home bank's
creator-centre and 聚光 exports, bank-side CSVs and WeChat/Douyin metrics, and writes them as
MediaCrawler, creator-centre and bank files. The world ends at :data:`DEMO_NOW`, so the output
never depends on the wall clock; the same seed gives byte-identical files.
"""

from redfunnel.demo.build import DemoManifest, build_world, write_demo_world
from redfunnel.demo.world import DEMO_NOW, World

__all__ = ["DEMO_NOW", "DemoManifest", "World", "build_world", "write_demo_world"]
