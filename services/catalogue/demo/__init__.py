"""The demo catalogue: fictional services in four real places, as the field notes describe."""

from services.catalogue.demo.generate import DEMO_DATE, NAMESPACE, demo_records

__all__ = ["DEMO_DATE", "NAMESPACE", "demo_records"]
