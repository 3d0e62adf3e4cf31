"""Photo uploads: validation, metadata stripping, orientation, thumbnails and storage.

Every image is built in memory with Pillow. The storage tests run on the test app's storage:
its upload folder, and a bucket on a real S3 server on loopback (moto).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import uuid
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from heka_asoy.services import photos
from heka_asoy.services.photos import (
    MAX_BYTES,
    MAX_PIXELS,
    PhotoError,
    ProcessedPhoto,
    delete_stored,
    process_photo,
    read_stored,
    store_photo,
)
from heka_asoy.storage import LocalStorage, make_storage, storage
from tests.factories import GPS_IFD, gps_exif
from tests.s3_server import make_bucket, storage_url

ORIENTATION = 0x0112


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def noisy(size: tuple[int, int] = (64, 48)) -> Image.Image:
    """An image with detail, so JPEG data is not trivially small."""
    return Image.frombytes("RGB", size, bytes((i * 37) % 251 for i in range(size[0] * size[1] * 3)))


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def code_of(data: bytes, **limits) -> str:
    with pytest.raises(PhotoError) as info:
        process_photo(data, **limits)
    return info.value.code


# --- metadata -----------------------------------------------------------------------------------


def test_gps_exif_is_stripped() -> None:
    original = encode(noisy(), "JPEG", exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the input has GPS
    assert b"Exif" in original

    photo = process_photo(original)

    out = reopen(photo.data)
    assert out.format == "JPEG"
    assert dict(out.getexif()) == {}
    assert out.getexif().get_ifd(GPS_IFD) == {}
    assert b"Exif" not in photo.data
    assert b"PhoneMaker" not in photo.data
    assert b"Exif" not in photo.thumb


def test_icc_xmp_and_comments_are_not_kept() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = encode(
        noisy(),
        "JPEG",
        icc_profile=srgb,
        comment=b"secret comment",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>where I live</x:xmpmeta>",
    )
    assert b"ICC_PROFILE" in original
    assert b"where I live" in original

    photo = process_photo(original)

    for blob in (photo.data, photo.thumb):
        assert b"ICC_PROFILE" not in blob
        assert b"where I live" not in blob
        assert b"secret comment" not in blob
        assert b"http://ns.adobe.com/xap" not in blob
    out = reopen(photo.data)
    assert "icc_profile" not in out.info
    assert "comment" not in out.info


# --- orientation, modes, formats ----------------------------------------------------------------


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (80, 40), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 40, 40))  # left half red
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # display rotated 90 degrees clockwise
    photo = process_photo(encode(image, "JPEG", exif=exif, quality=95))

    assert (photo.width, photo.height) == (40, 80)
    out = reopen(photo.data).convert("RGB")
    assert out.size == (40, 80)
    red, green, blue = out.getpixel((20, 10))  # the left half is now on top
    assert red > 200
    assert blue < 60
    red, green, blue = out.getpixel((20, 70))
    assert blue > 200
    assert red < 60
    assert dict(out.getexif()) == {}


def test_png_with_alpha_becomes_rgb_on_white() -> None:
    image = Image.new("RGBA", (30, 20), (0, 0, 0, 0))  # fully transparent black
    image.paste((200, 0, 0, 255), (0, 0, 10, 20))
    photo = process_photo(encode(image, "PNG"))

    out = reopen(photo.data)
    assert out.format == "JPEG"
    assert out.mode == "RGB"
    assert all(channel > 245 for channel in out.getpixel((25, 10)))  # white, not black
    assert out.getpixel((3, 10))[0] > 180
    assert photo.content_type == photo.thumb_content_type == "image/jpeg"


@pytest.mark.parametrize("mode", ["1", "L", "P", "LA", "RGB", "I;16"])
def test_png_modes_become_rgb(mode: str) -> None:
    photo = process_photo(encode(Image.new(mode, (12, 9)), "PNG"))
    assert reopen(photo.data).mode == "RGB"
    assert (photo.width, photo.height) == (12, 9)


def test_palette_with_transparency_is_composited_on_white() -> None:
    image = Image.new("P", (10, 10), 0)
    image.putpalette([0, 0, 0] * 256)
    photo = process_photo(encode(image, "PNG", transparency=0))
    assert all(channel > 245 for channel in reopen(photo.data).getpixel((5, 5)))


def test_cmyk_jpeg_is_accepted() -> None:
    photo = process_photo(encode(Image.new("CMYK", (20, 10), (0, 0, 0, 0)), "JPEG"))
    assert reopen(photo.data).mode == "RGB"


def test_webp_is_accepted() -> None:
    photo = process_photo(encode(noisy(), "WEBP", quality=80))
    out = reopen(photo.data)
    assert out.format == "JPEG"
    assert out.size == (64, 48)


def test_thumbnail_and_hash() -> None:
    photo = process_photo(encode(noisy((1200, 600)), "PNG"))
    assert (photo.width, photo.height) == (1200, 600)
    assert reopen(photo.thumb).size == (480, 240)
    assert reopen(photo.thumb).format == "JPEG"
    assert re.fullmatch(r"[0-9a-f]{64}", photo.sha256)
    assert photo.sha256 == hashlib.sha256(photo.data).hexdigest()
    small = process_photo(encode(noisy((100, 300)), "PNG"))
    assert reopen(small.thumb).size == (100, 300)  # never enlarged


def test_jpeg_quality_85() -> None:
    photo = process_photo(encode(noisy((200, 200)), "PNG"))
    baseline = encode(reopen(photo.data), "JPEG", quality=85)
    assert abs(len(baseline) - len(photo.data)) < len(photo.data) * 0.2


# --- refusals -----------------------------------------------------------------------------------


def test_empty() -> None:
    assert code_of(b"") == "empty"


def test_too_large_is_checked_before_parsing() -> None:
    data = encode(noisy(), "PNG")
    assert code_of(data, max_bytes=len(data) - 1) == "too_large"
    assert process_photo(data, max_bytes=len(data)).width == 64
    assert code_of(b"x" * (MAX_BYTES + 1)) == "too_large"  # not even looked at


def test_gif_is_refused_as_format() -> None:
    assert code_of(encode(Image.new("P", (10, 10)), "GIF")) == "format"


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_other_image_formats_are_refused(fmt: str) -> None:
    assert code_of(encode(Image.new("RGB", (16, 16)), fmt)) == "format"


@pytest.mark.parametrize(
    "data",
    [
        b"Hello, this is a text file\n",
        b"%PDF-1.7\n1 0 obj\n",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"\x00" * 100,
    ],
)
def test_not_an_image(data: bytes) -> None:
    assert code_of(data) == "not_image"


def test_truncated_jpeg_is_corrupt() -> None:
    data = encode(noisy((256, 256)), "JPEG", quality=95)
    assert code_of(data[: len(data) // 2]) == "corrupt"


def test_png_with_bad_checksum_is_corrupt() -> None:
    data = bytearray(encode(noisy((32, 32)), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # a byte of compressed pixels; its CRC no longer matches
    assert code_of(bytes(data)) == "corrupt"


def test_too_many_pixels() -> None:
    data = encode(Image.new("RGB", (100, 100)), "PNG")
    assert code_of(data, max_pixels=9_999) == "too_many_pixels"
    assert process_photo(data, max_pixels=10_000).width == 100
    assert MAX_PIXELS == 40_000_000


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size but has no pixel data (what a decompression bomb looks like)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [7_000, 100_000])  # over our limit; over Pillow's bomb limit
def test_decompression_bomb_is_refused_before_decoding(side: int) -> None:
    assert code_of(png_header_only(side, side)) == "too_many_pixels"


def test_photo_error_is_a_value_error() -> None:
    error = PhotoError("format")
    assert isinstance(error, ValueError)
    assert error.code == "format"
    with pytest.raises(ValueError, match="unknown"):
        PhotoError("nope")


def test_heic_only_when_pillow_heif_is_installed() -> None:
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        assert "HEIF" not in photos.allowed_formats()
    else:  # pragma: no cover - not installed in this environment
        assert "HEIF" in photos.allowed_formats()
    assert set(photos.allowed_formats()) >= {"JPEG", "PNG", "WEBP"}


# --- fuzzing ------------------------------------------------------------------------------------

SEEDS = [
    encode(noisy((24, 16)), "JPEG", exif=gps_exif()),
    encode(noisy((24, 16)), "PNG"),
    encode(noisy((24, 16)), "WEBP"),
]


def _check_never_crashes(data: bytes) -> None:
    try:
        photo = process_photo(data, max_pixels=1_000_000)
    except PhotoError as error:
        code = error.code
    else:
        code = None
        assert isinstance(photo, ProcessedPhoto)
        assert reopen(photo.data).format == "JPEG"
    assert code is None or code in photos.ERROR_CODES


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_random_bytes_only_raise_photo_error(data: bytes) -> None:
    _check_never_crashes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.integers(0, 10_000),
)
def test_damaged_images_only_raise_photo_error(
    seed: bytes, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(seed)
    for position, value in edits:
        data[position % len(data)] = value
    _check_never_crashes(bytes(data[: max(1, len(data) - cut % len(data))]))


# --- storage ------------------------------------------------------------------------------------


@pytest.fixture
def photo() -> ProcessedPhoto:
    return process_photo(encode(noisy((600, 300)), "PNG"))


@pytest.fixture(params=["local", "s3"])
def files(request, app):
    """The app's storage: its upload folder, or a bucket on a real S3 server (moto)."""
    if request.param == "s3":
        request.getfixturevalue("s3_env")
        endpoint = request.getfixturevalue("s3_endpoint")
        app.extensions["heka_storage"] = make_storage(
            {"STORAGE_URL": storage_url(endpoint, make_bucket(endpoint))}
        )
    return storage()


def test_store_photo_writes_both_files(files, photo: ProcessedPhoto) -> None:
    key, thumb_key = store_photo(photo)

    assert re.fullmatch(r"faults/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", key)
    assert thumb_key == key.removesuffix(".jpg") + "_thumb.jpg"
    assert files.read(key) == photo.data
    assert files.read(thumb_key) == photo.thumb
    assert sorted(files.keys()) == sorted([key, thumb_key])  # no temp files left behind

    other, _ = store_photo(photo, prefix="messages")
    assert other.startswith("messages/")
    assert other != key


def test_store_photo_leaves_nothing_when_the_thumbnail_fails(
    app, photo: ProcessedPhoto, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = storage()
    folder = Path(app.config["UPLOAD_FOLDER"])
    fixed = uuid.UUID(int=42)
    monkeypatch.setattr(photos.uuid, "uuid4", lambda: fixed)
    key, thumb_key = store_photo(photo)
    files.delete([key, thumb_key])
    (folder / thumb_key).mkdir()  # the thumbnail cannot replace a directory

    with pytest.raises(OSError):  # noqa: PT011 - the OS error varies by platform
        store_photo(photo)

    assert not files.exists(key)
    assert list(files.keys()) == []
    assert not list(folder.rglob("*.tmp"))


def test_store_photo_leaves_nothing_when_the_bucket_fails(
    files, photo: ProcessedPhoto, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thumbnail's write fails (a full disk, a bucket gone away): the photo goes too."""
    real_write = files.write

    def write(key, data, content_type=""):
        if key.endswith("_thumb.jpg"):
            raise OSError("storage failed")
        real_write(key, data, content_type)

    monkeypatch.setattr(files, "write", write)
    with pytest.raises(OSError, match="storage failed"):
        store_photo(photo)
    assert list(files.keys()) == []


def test_delete_stored_and_read_stored(files, photo: ProcessedPhoto) -> None:
    keys = store_photo(photo)
    assert read_stored(keys[0]) == photo.data
    delete_stored(keys)
    assert not any(files.exists(key) for key in keys)
    assert read_stored(keys[0]) is None  # gone: the caller answers 404
    delete_stored(keys)  # already gone: fine
    with pytest.raises(ValueError, match="relative|\\.\\."):
        delete_stored(["../outside.jpg"])
    assert read_stored("../outside.jpg") is None
    assert read_stored("") is None


@pytest.mark.parametrize(
    "key",
    [
        "../x",
        "faults/../../x",
        "faults/2026/../../../etc/passwd",
        "/etc/passwd",
        "//server/share",
        "C:/Windows/win.ini",
        "C:x",
        "faults\\..\\..\\x",
        "./x",
        "faults//x",
        "",
        "x\x00.jpg",
    ],
)
def test_local_storage_refuses_traversal(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - several messages, all ValueError
        LocalStorage(tmp_path).path(key)


def test_local_storage_refuses_symlinks_out_of_the_folder(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    outside = tmp_path / "outside"
    uploads.mkdir()
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"secret")
    (uploads / "link").symlink_to(outside, target_is_directory=True)
    files = LocalStorage(uploads)
    with pytest.raises(ValueError, match="leaves"):
        files.path("link/secret.jpg")
    with pytest.raises(ValueError, match="leaves"):
        files.read("link/secret.jpg")
    assert files.path("faults/2026/03/a.jpg") == uploads.resolve() / "faults/2026/03/a.jpg"
