"""Wagtail hooks of the submissions: members fetch the documents they uploaded before the editors approve
them.

The documents of a submission under review live in a collection only the group Redaktion may view (see
uploads.py). Wagtail's own `before_serve_document` hook turns everyone else away; this one runs first and
serves the file to the member who uploaded it, with the same protective headers as Wagtail's document view.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from wagtail import hooks

from .models import SubmissionDocument


@hooks.register("before_serve_document", order=-10)
def serve_own_submission_document(document, request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not SubmissionDocument.objects.filter(document=document, submission__author=user).exists():
        return None
    if not document.collection.get_view_restrictions().exists():
        return None  # public by now: Wagtail serves it like any other document
    # Wagtail only stops at an HttpResponse (not a streaming one); member documents are at most 10 MB.
    with document.open_file() as file:
        response = HttpResponse(file.read(), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.filename
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
