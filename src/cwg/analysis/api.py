"""JSON API endpoints of the analysis domain."""

from ninja import Router

router = Router()
