"""JSON API endpoints of the search domain."""

from ninja import Router

router = Router()
