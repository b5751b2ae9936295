"""JSON API endpoints of the consultations domain."""

from ninja import Router

router = Router()
