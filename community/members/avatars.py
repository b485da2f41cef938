"""Profile pictures: checked by content, cleaned and re-encoded before anything is stored.

An upload is accepted only if Pillow recognises it as JPEG, PNG or WebP from its bytes (the file name and the
browser's content type are ignored), it is at most 5 MB, its dimensions are sane (no decompression bombs) and it
decodes completely. It is then turned upright (EXIF orientation), converted to sRGB, cropped to a centred
square of at most 512 x 512 pixels and written as a new WebP file without any metadata (no EXIF, GPS, XMP or
colour profile), under a random name (see Profile.avatar's upload_to).
"""

import contextlib
import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 36_000_000  # more than any camera photo within 5 MB; far below what would exhaust memory
MAX_SIDE = 12_000
MIN_SIDE = 32
SIZE = 512
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
OUTPUT_FORMAT = "WEBP"
OUTPUT_QUALITY = 85

# Everything Pillow may raise on a crafted or truncated file.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, MemoryError)


def _error(message, code):
    return ValidationError(message, code=code)


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _error(
            _(
                "The image is too large (%(width)s × %(height)s pixels). Please use a picture of at most 6000 × 6000 pixels."
            )
            % {"width": width, "height": height},
            "dimensions",
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise _error(
            _("The image is too small. Please use a picture of at least %(size)s × %(size)s pixels.")
            % {"size": MIN_SIDE},
            "dimensions",
        )


def _open(upload) -> Image.Image:
    upload.seek(0)
    return Image.open(upload, formats=ACCEPTED_FORMATS)


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, target, outputMode=image.mode) or image
    except (ImageCms.PyCMSError, *_DECODE_ERRORS):
        return image  # a broken profile: keep the pixels as they are


def _normalise_mode(image: Image.Image) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode == "CMYK":
        image = image.convert("RGB")
    return image.convert("RGBA" if has_alpha else "RGB")


def process_avatar(upload) -> ContentFile:
    """Check an uploaded file and return the cleaned picture, or raise ValidationError (German message)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise _error(
            _("The file is too large (%(size)s). Profile pictures may be at most 5 MB.")
            % {"size": filesizeformat(upload.size)},
            "file_size",
        )
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; here every decompression bomb is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with _open(upload) as probe:
                _check_dimensions(*probe.size)
                probe.verify()
            with _open(upload) as image:
                if image.format == "JPEG":
                    image.draft(
                        "RGB", (SIZE * 2, SIZE * 2)
                    )  # decode JPEGs at a reduced size: faster, less memory
                image.load()
                with contextlib.suppress(*_DECODE_ERRORS):  # malformed orientation data: keep it as stored
                    image = ImageOps.exif_transpose(image)
                image = _normalise_mode(_to_srgb(image))
        except UnidentifiedImageError as exc:
            raise _error(_("Please upload a JPEG, PNG or WebP image."), "invalid_image") from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _error(
                _("The image is too large. Please use a picture of at most 6000 × 6000 pixels."), "dimensions"
            ) from exc
        except ValidationError:
            raise
        except _DECODE_ERRORS as exc:
            raise _error(
                _("The image file is damaged or incomplete. Please try another picture."), "invalid_image"
            ) from exc

    side = min(SIZE, *image.size)
    square = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    clean = Image.new(square.mode, square.size)  # a fresh image carries no metadata at all
    clean.paste(square)
    output = io.BytesIO()
    clean.save(output, OUTPUT_FORMAT, quality=OUTPUT_QUALITY, method=4)
    return ContentFile(output.getvalue(), name="avatar.webp")
