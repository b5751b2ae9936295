"""JSON API endpoints of the reports domain."""

from ninja import Router

router = Router()
