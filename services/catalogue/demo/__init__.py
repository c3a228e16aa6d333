"""The demo catalogue: fictional services in four real places, covering what the field notes describe."""

from services.catalogue.demo.generate import demo_records

__all__ = ["demo_records"]
