"""JSON API endpoints of the meetings domain."""

from ninja import Router

router = Router()
