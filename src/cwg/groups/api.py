"""JSON API endpoints of the groups domain."""

from ninja import Router

router = Router()
