"""Jinja for the pages: our templates, GOV.UK Frontend's macros, and cache-busted static URLs."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

HTTP_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = HTTP_DIR / "templates"
STATIC_DIR = HTTP_DIR / "static"
SITE_NAME = "Signpost"


@cache
def _fingerprint(name: str) -> str:
    path = STATIC_DIR / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: build the page assets with `make assets` (needs npm)."
        )
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    return f"/static/{name}?v={_fingerprint(name)}"


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES_DIR),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(static_url=static_url, site_name=SITE_NAME)
    return env


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(engine=JinjaTemplateEngine.from_environment(environment()))
