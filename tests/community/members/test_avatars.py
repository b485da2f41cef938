"""Profile pictures: accepted by content only, cleaned of all metadata, resized, stored under random names."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.members.avatars import MAX_UPLOAD_BYTES, process_avatar
from community.members.models import Profile

from .conftest import image_bytes
from .test_profile_edit import URL, form_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_location_and_orientation() -> bytes:
    """800 x 400, left half red, right half blue, with camera EXIF, GPS position and "rotate 90° clockwise"."""
    image = Image.new("RGB", (800, 400), (220, 20, 20))
    image.paste((20, 20, 220), (400, 0, 800, 400))
    exif = Image.Exif()
    exif[0x010F] = "Beispielkamera"
    exif[0x0112] = 6  # orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 6.0)})
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, quality=95)
    data = output.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test file really carries a position
    return data


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims a huge picture (a decompression bomb's shape)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str = "urlaub.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_image(profile: Profile) -> Image.Image:
    profile.avatar.open("rb")
    try:
        image = Image.open(io.BytesIO(profile.avatar.read()))
        image.load()
        return image
    finally:
        profile.avatar.close()


def test_photo_is_stripped_turned_upright_resized_and_renamed(
    client, member_with_profile, media_root, django_capture_on_commit_callbacks
):
    client.force_login(member_with_profile)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form_data(), "avatar": upload(jpeg_with_location_and_orientation())})
    assert response.status_code == 302
    profile = Profile.objects.get(user=member_with_profile)
    name = profile.avatar.name
    assert name.startswith("avatars/") and name.endswith(".webp") and "urlaub" not in name
    assert len(Path(name).stem) >= 20  # random, not guessable
    image = stored_image(profile)
    assert image.format == "WEBP" and image.size == (400, 400)
    assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    assert not {"exif", "xmp", "icc_profile"} & set(image.info)
    raw = (media_root / name).read_bytes()
    assert b"Exif" not in raw and b"Beispielkamera" not in raw
    # Turned upright: the red left half of the stored picture is now at the top.
    red, blue = image.convert("RGB").getpixel((200, 20)), image.convert("RGB").getpixel((200, 380))
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]


def test_large_picture_is_cropped_to_a_square_of_at_most_512(media_root):
    cleaned = process_avatar(upload(image_bytes("JPEG", size=(3000, 2000))))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.size == (512, 512) and image.format == "WEBP"


@pytest.mark.parametrize(
    ("fmt", "mode"), [("PNG", "RGBA"), ("WEBP", "RGBA"), ("PNG", "RGB"), ("JPEG", "RGB")]
)
def test_accepted_formats(fmt, mode):
    color = (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)
    cleaned = process_avatar(upload(image_bytes(fmt, size=(300, 300), color=color), name="bild.bin"))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "WEBP" and image.size == (300, 300) and image.mode == mode


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (image_bytes("GIF", size=(100, 100)), "Bitte lade ein Bild im Format JPEG, PNG oder WebP hoch."),
        (image_bytes("BMP", size=(100, 100)), "Bitte lade ein Bild im Format JPEG, PNG oder WebP hoch."),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "Bitte lade ein Bild im Format JPEG, PNG oder WebP hoch.",
        ),
        (b"%PDF-1.4 kein Bild", "Bitte lade ein Bild im Format JPEG, PNG oder WebP hoch."),
        (image_bytes("JPEG", size=(600, 600))[:1500], "Die Bilddatei ist beschädigt oder unvollständig."),
        (image_bytes("PNG", size=(600, 600))[:-40], "Die Bilddatei ist beschädigt oder unvollständig."),
        (png_claiming_size(30000, 30000), "Das Bild ist zu groß"),
        (png_claiming_size(12001, 100), "Das Bild ist zu groß (12001 × 100 Pixel)"),
        (png_claiming_size(7000, 7000), "Das Bild ist zu groß (7000 × 7000 Pixel)"),
        (image_bytes("PNG", size=(10, 10)), "Das Bild ist zu klein."),
        (b"\xff\xd8\xff" + b"\0" * MAX_UPLOAD_BYTES, "Die Datei ist zu groß"),
    ],
    ids=[
        "gif",
        "bmp",
        "svg",
        "pdf",
        "truncated-jpeg",
        "truncated-png",
        "bomb",
        "too-wide",
        "too-many-pixels",
        "tiny",
        "over-5-mb",
    ],
)
def test_rejected_uploads_get_a_german_error_and_keep_the_other_input(
    client, member_with_profile, media_root, data, message
):
    client.force_login(member_with_profile)
    response = client.post(
        URL, {**form_data(organisation="Bleibt stehen e. V."), "avatar": upload(data, name="bild.jpg")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Bleibt stehen e. V."' in html
    assert not Profile.objects.get(user=member_with_profile).avatar
    assert not (media_root / "avatars").exists() or not any((media_root / "avatars").iterdir())


def test_picture_must_be_chosen_again_after_another_error(client, member_with_profile, media_root):
    client.force_login(member_with_profile)
    response = client.post(URL, {**form_data(display_name=""), "avatar": upload(image_bytes("PNG"))})
    assert response.status_code == 400
    assert "Bitte wähle es noch einmal aus." in response.content.decode()


def test_replacing_and_removing_delete_the_old_file(
    client, member_with_profile, media_root, django_capture_on_commit_callbacks
):
    client.force_login(member_with_profile)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form_data(), "avatar": upload(image_bytes("JPEG"))})
    first = Profile.objects.get(user=member_with_profile).avatar.name
    assert (media_root / first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form_data(), "avatar": upload(image_bytes("PNG"), name="neu.png")})
    second = Profile.objects.get(user=member_with_profile).avatar.name
    assert second != first and (media_root / second).exists() and not (media_root / first).exists()
    # Saving without a new picture keeps the current one.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data())
    assert Profile.objects.get(user=member_with_profile).avatar.name == second
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form_data(), "remove_avatar": "on"})
    assert not Profile.objects.get(user=member_with_profile).avatar
    assert not (media_root / second).exists()


def test_deleting_a_profile_deletes_its_picture(
    client, member_with_profile, media_root, django_capture_on_commit_callbacks
):
    client.force_login(member_with_profile)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form_data(), "avatar": upload(image_bytes("JPEG"))})
    name = Profile.objects.get(user=member_with_profile).avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        member_with_profile.delete()
    assert not (media_root / name).exists()


def test_avatar_is_shown_only_where_visible(client, member_with_profile, other_member, media_root):
    client.force_login(member_with_profile)
    client.post(URL, {**form_data(visibility_display_name="public"), "avatar": upload(image_bytes("JPEG"))})
    url = Profile.objects.get(user=member_with_profile).avatar.url
    client.logout()
    assert url not in client.get(f"/mitglieder/{member_with_profile.pk}/").content.decode()  # members only
    client.force_login(other_member)
    assert url in client.get(f"/mitglieder/{member_with_profile.pk}/").content.decode()
