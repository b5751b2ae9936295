"""JSON API endpoints of the documents domain."""

from ninja import Router

router = Router()
