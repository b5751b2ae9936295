"""JSON API endpoints of the decisions domain."""

from ninja import Router

router = Router()
