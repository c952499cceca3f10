"""Step 4, site: MkDocs with mkdocs-material turns build/docs into site/."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(config_file: Path, nav: list, site_dir: Path, docs_dir: Path | None = None) -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    extra = {"docs_dir": str(docs_dir)} if docs_dir else {}
    config = load_config(str(config_file), nav=nav, site_dir=str(site_dir), **extra)
    build(config)
