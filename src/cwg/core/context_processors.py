"""Template context shared by every page."""

from cwg.core.i18n import document_language


def platform(request):
    return {"document_language": document_language()}
