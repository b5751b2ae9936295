"""JSON API endpoints of the registry domain."""

from ninja import Router

router = Router()
