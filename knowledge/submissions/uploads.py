"""Images and documents uploaded with a submission: checked by content, stored as Wagtail images and
documents, private until the editors approve the post.

Where the files live and who can fetch them before approval:

- Both go into the collection "Mitgliederbeiträge (in Prüfung)", a child of the root collection. The editors
  see and manage them in the admin like any other file (their permissions on the root collection apply).
  On approval they move to "Mitgliederbeiträge" (see `publish_files`).
- Documents are served by Wagtail's document view (/dokumente/<id>/<name>), which enforces collection view
  restrictions: the private collection carries a CollectionViewRestriction for the group Redaktion, so only
  editors can fetch them; the member who uploaded a document gets it through our `before_serve_document` hook
  (wagtail_hooks.py). After the move, the public collection has no restriction. Documents are stored under a
  random folder (documents/<128 random bits>/<name>), so that even a web server that serves the media folder
  directly cannot be used to guess them.
- Images have no view restrictions in Wagtail: the original and every rendition are plain files under the
  media URL. We therefore store each one under a random name of 128 bits (original_images/<32 hex digits>.jpg;
  renditions keep at least 21 of those digits, i.e. 84 bits) and only ever show their URLs to the member and
  the editors until the post is approved; nobody else can guess them. Every image is also decoded and written
  anew without any metadata (no EXIF, GPS position or camera serial number), so a published photo never
  reveals where it was taken.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import secrets
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

EDITORS_GROUP = "Redaktion"  # community.members.roles.EDITORS; knowledge/ does not import community/
PRIVATE_COLLECTION_NAME = "Mitgliederbeiträge (in Prüfung)"
PUBLIC_COLLECTION_NAME = "Mitgliederbeiträge"

MAX_IMAGES = 6
MAX_DOCUMENTS = 5
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 12_000
MIN_IMAGE_SIDE = 200
# Larger photos are scaled down on upload: the site never shows more than 1200 pixels wide.
STORED_IMAGE_SIDE = 3000

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp")

# Extension -> what the content must be.
DOCUMENT_KINDS = {
    "pdf": ("pdf", None),
    "docx": ("ooxml", "word/document.xml"),
    "xlsx": ("ooxml", "xl/workbook.xml"),
    "pptx": ("ooxml", "ppt/presentation.xml"),
    "odt": ("odf", "application/vnd.oasis.opendocument.text"),
    "ods": ("odf", "application/vnd.oasis.opendocument.spreadsheet"),
}
DOCUMENT_EXTENSIONS = tuple(DOCUMENT_KINDS)
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024
# Names in a PDF that start programs, run scripts or carry other files. Compressed object streams can hide
# them from this scan, so it is a second line of defence: the document view serves every file as a download
# with "Content-Security-Policy: default-src 'none'" and nosniff, so browsers never run what is inside.
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)(?![A-Za-z0-9])")

_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, MemoryError)


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""


def readable_file_name(name: str, fallback: str) -> str:
    """An ASCII file name stem for storage and downloads: umlauts spelled out, nothing but letters, digits and
    hyphens, at most 60 characters."""
    stem = (name or "").rsplit(".", 1)[0]
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        stem = stem.replace(umlaut, spelled)
    stem = stem.replace("ß", "ss")
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")[:60].strip("-")
    return stem or fallback


def display_name(upload) -> str:
    """The uploaded file's name as the member knows it, safe to show (no path, no control characters)."""
    from .text import clean_text

    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return clean_text(name, multiline=False)[:200]


# --- Images -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    extension: str
    width: int
    height: int


def _normalise_mode(image: PillowImage.Image) -> PillowImage.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode == "CMYK":
        image = image.convert("RGB")
    return image.convert("RGBA" if has_alpha else "RGB")


def check_image(upload) -> CheckedImage:
    """Check an uploaded image by its content and return it written anew without metadata, or raise a
    ValidationError with a German message. The file name and the browser's content type count for nothing."""
    name = display_name(upload)
    if upload.size > MAX_IMAGE_BYTES:
        raise _error(
            _("“%(name)s” is too large (%(size)s). Images may be at most %(limit)s."),
            "file_size",
            name=name,
            size=filesizeformat(upload.size),
            limit=filesizeformat(MAX_IMAGE_BYTES),
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
        try:
            upload.seek(0)
            with PillowImage.open(upload, formats=tuple(IMAGE_FORMATS)) as probe:
                image_format = probe.format
                width, height = probe.size
                if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
                    raise _error(
                        _(
                            "“%(name)s” has too many pixels (%(width)s × %(height)s). Please use a smaller picture."
                        ),
                        "dimensions",
                        name=name,
                        width=width,
                        height=height,
                    )
                if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
                    raise _error(
                        _("“%(name)s” is too small. Images need at least %(size)s × %(size)s pixels."),
                        "dimensions",
                        name=name,
                        size=MIN_IMAGE_SIDE,
                    )
                probe.verify()
            upload.seek(0)
            with PillowImage.open(upload, formats=tuple(IMAGE_FORMATS)) as image:
                image.load()
                with contextlib.suppress(*_DECODE_ERRORS):  # malformed orientation data: keep it as stored
                    image = ImageOps.exif_transpose(image)
                image = _normalise_mode(image)
        except ValidationError:
            raise
        except UnidentifiedImageError as exc:
            raise _error(
                _("“%(name)s” is not a JPEG, PNG or WebP image."), "invalid_image", name=name
            ) from exc
        except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning) as exc:
            raise _error(
                _("“%(name)s” has too many pixels. Please use a smaller picture."), "dimensions", name=name
            ) from exc
        except _DECODE_ERRORS as exc:
            raise _error(
                _("“%(name)s” is damaged or incomplete. Please try another file."), "invalid_image", name=name
            ) from exc

    if max(image.size) > STORED_IMAGE_SIDE:
        image.thumbnail((STORED_IMAGE_SIDE, STORED_IMAGE_SIDE), PillowImage.Resampling.LANCZOS)
    clean = PillowImage.new(image.mode, image.size)  # a fresh image carries no metadata at all
    clean.paste(image)
    if image_format == "JPEG" and clean.mode == "RGBA":
        clean = clean.convert("RGB")
    output = io.BytesIO()
    if image_format == "JPEG":
        clean.save(output, "JPEG", quality=88, optimize=True, progressive=True)
    elif image_format == "PNG":
        clean.save(output, "PNG", optimize=True)
    else:
        clean.save(output, "WEBP", quality=85, method=4)
    return CheckedImage(
        content=output.getvalue(),
        extension=IMAGE_FORMATS[image_format],
        width=clean.width,
        height=clean.height,
    )


# --- Documents ----------------------------------------------------------------------------------------------


def _document_types_label() -> str:
    return "PDF, DOCX, ODT, XLSX, ODS, PPTX"


def check_document(upload) -> bytes:
    """Check an uploaded document by extension and content; return its bytes or raise a ValidationError."""
    name = display_name(upload)
    extension = extension_of(name)
    if extension not in DOCUMENT_KINDS:
        raise _error(
            _("“%(name)s” has a file type we do not accept. Allowed are: %(types)s."),
            "file_type",
            name=name,
            types=_document_types_label(),
        )
    if upload.size > MAX_DOCUMENT_BYTES:
        raise _error(
            _("“%(name)s” is too large (%(size)s). Documents may be at most %(limit)s."),
            "file_size",
            name=name,
            size=filesizeformat(upload.size),
            limit=filesizeformat(MAX_DOCUMENT_BYTES),
        )
    upload.seek(0)
    content = upload.read()
    if not content:
        raise _error(_("“%(name)s” is empty."), "empty", name=name)
    family, marker = DOCUMENT_KINDS[extension]
    mismatch = _error(
        _("“%(name)s” is not really a %(type)s file. Please export it again and upload that file."),
        "content_mismatch",
        name=name,
        type=extension.upper(),
    )
    if family == "pdf":
        if not content.startswith(b"%PDF-"):
            raise mismatch
        if PDF_ACTIVE_CONTENT.search(content):
            raise _error(
                _(
                    "“%(name)s” contains scripts, attachments or other active content. Please save it as a "
                    "plain PDF (e.g. “Drucken als PDF”) and upload that file."
                ),
                "active_content",
                name=name,
            )
        return content
    _check_zip_document(content, family, marker, name, mismatch)
    return content


def _check_zip_document(
    content: bytes, family: str, marker: str, name: str, mismatch: ValidationError
) -> None:
    if not content.startswith(b"PK\x03\x04"):
        raise mismatch
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_ZIP_UNCOMPRESSED:
                raise mismatch
            names = {entry.filename for entry in entries}
            macros = _error(
                _("“%(name)s” contains macros. Please save it without macros and upload it again."),
                "macros",
                name=name,
            )
            if family == "ooxml":
                if "[Content_Types].xml" not in names or marker not in names:
                    raise mismatch
                if any(n.lower().endswith(("vbaproject.bin", "vbadata.xml")) for n in names):
                    raise macros
                content_types = archive.getinfo("[Content_Types].xml")
                if content_types.file_size > 1024 * 1024:
                    raise mismatch
                if b"macroenabled" in archive.read(content_types).lower():
                    raise macros
            else:
                # ODF: the first entry is "mimetype", stored uncompressed, holding the document type.
                if not entries or entries[0].filename != "mimetype" or entries[0].file_size > 200:
                    raise mismatch
                if archive.read(entries[0]).strip() != marker.encode() or "content.xml" not in names:
                    raise mismatch
                if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                    raise macros
    except ValidationError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        *_DECODE_ERRORS,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise mismatch from exc


# --- Collections and storage --------------------------------------------------------------------------------


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _child_collection(name: str):
    root = _root_collection()
    existing = root.get_children().filter(name=name).first()
    if existing is not None:
        return existing
    return root.add_child(name=name)


def private_collection():
    """The collection of files whose post is not approved yet; only the group Redaktion may fetch its
    documents. Created on first use (and after every migrate)."""
    from wagtail.models import BaseViewRestriction, CollectionViewRestriction

    collection = _child_collection(PRIVATE_COLLECTION_NAME)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if (
        restriction.restriction_type != BaseViewRestriction.GROUPS
        or not restriction.groups.filter(pk=editors.pk).exists()
    ):
        restriction.restriction_type = BaseViewRestriction.GROUPS
        restriction.save(update_fields=["restriction_type"])
        restriction.groups.add(editors)
    return collection


def public_collection():
    return _child_collection(PUBLIC_COLLECTION_NAME)


def ensure_collections() -> None:
    private_collection()
    public_collection()


def store_image(checked: CheckedImage, *, title: str, user, collection):
    from wagtail.images import get_image_model

    image_model = get_image_model()
    # Only the random part: renditions keep just the first 21-32 characters of the name.
    file_name = f"{secrets.token_hex(16)}.{checked.extension}"
    image = image_model(
        title=(title or file_name)[:255],
        collection=collection,
        uploaded_by_user=user,
        file=ContentFile(checked.content, name=file_name),
        file_size=len(checked.content),
        file_hash=hashlib.sha1(checked.content).hexdigest(),  # noqa: S324  # nosec B324: Wagtail's own duplicate-file check (file_hash), not a security use
    )
    image.save()
    return image


def store_document(content: bytes, *, original_name: str, title: str, user, collection):
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    extension = extension_of(original_name)
    file_name = f"{secrets.token_hex(16)}/{readable_file_name(original_name, 'dokument')}.{extension}"
    document = document_model(
        title=(title or original_name or file_name)[:255],
        collection=collection,
        uploaded_by_user=user,
        file=ContentFile(content, name=file_name),
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324  # nosec B324: Wagtail's own duplicate-file check (file_hash), not a security use
    )
    document.save()
    return document


def publish_files(submission) -> None:
    """Move the submission's images and documents into the public collection (on approval)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    collection = public_collection()
    image_ids = list(submission.images.values_list("image_id", flat=True))
    document_ids = list(submission.documents.values_list("document_id", flat=True))
    if image_ids:
        get_image_model().objects.filter(pk__in=image_ids).update(collection=collection)
    if document_ids:
        get_document_model().objects.filter(pk__in=document_ids).update(collection=collection)


def delete_files(submission) -> None:
    """Delete the submission's images and documents with their files (Wagtail removes the files from storage
    once the deletion is committed). Files the editors meanwhile use elsewhere are kept."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    private = private_collection()
    image_ids = list(submission.images.values_list("image_id", flat=True))
    document_ids = list(submission.documents.values_list("document_id", flat=True))
    with transaction.atomic():
        for image in get_image_model().objects.filter(pk__in=image_ids, collection=private):
            image.delete()
        for document in get_document_model().objects.filter(pk__in=document_ids, collection=private):
            document.delete()
