"""The four demo places, in a fixed order, each with its venues and ten providers."""

from __future__ import annotations

from services.catalogue.demo.blueprints import Place, Provider
from services.catalogue.demo.places import camden, milton_keynes, newham, stockport

_MODULES = (newham, stockport, milton_keynes, camden)
PLACES: tuple[Place, ...] = tuple(m.PLACE for m in _MODULES)
# Each tuple in the order of blueprints.KINDS.
PROVIDERS: tuple[tuple[Provider, ...], ...] = tuple(m.PROVIDERS for m in _MODULES)
