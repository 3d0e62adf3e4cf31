"""Photo uploads (fault reports): validate, re-encode without metadata, thumbnail, store.

Uploaded files are untrusted. They are size-checked before parsing, their format is checked
against an allow-list from the header before any pixel is decoded, their pixel count is checked
before decoding (decompression bombs), they are verified and then decoded, turned upright from
the EXIF orientation, converted to sRGB RGB and re-encoded as a fresh JPEG, so nothing of the
original file (EXIF with GPS position, XMP, ICC profile, comments, trailing data) is kept.

HEIC/HEIF is accepted only when the optional ``pillow_heif`` package is importable.

Pillow warnings are left to the process's warning filters (``warnings.catch_warnings`` is not
thread-safe); where warnings are turned into errors (as in the test suite) they are reported as
:class:`PhotoError` like any other unreadable file.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..storage import check_key, storage

log = logging.getLogger(__name__)

#: The largest upload, in megabytes (said in the forms' hints and refusals) and in bytes.
MAX_MEGABYTES = 10
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
#: The most pixels a photo may have, in megapixels (said in refusals) and in pixels.
MAX_MEGAPIXELS = 40
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
#: Long side of the thumbnail, in pixels.
THUMB_SIZE = 480
JPEG_QUALITY = 85
THUMB_QUALITY = 80
JPEG = "image/jpeg"

#: Pillow format names accepted as input (HEIF is added when pillow_heif is importable).
BASE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP")

#: PhotoError codes.
ERROR_CODES = frozenset({"empty", "too_large", "not_image", "format", "too_many_pixels", "corrupt"})


class PhotoError(ValueError):
    """An upload that is not an acceptable photo; ``code`` says why (see ERROR_CODES)."""

    def __init__(self, code: str, message: str | None = None):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown photo error code {code!r}")
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned photo ready to store: JPEG bytes, a JPEG thumbnail and facts about them."""

    data: bytes = field(repr=False)
    thumb: bytes = field(repr=False)
    width: int
    height: int
    #: SHA-256 (hex) of ``data``, the re-encoded image.
    sha256: str
    content_type: str = JPEG
    thumb_content_type: str = JPEG


@lru_cache(maxsize=1)
def _heif_available() -> bool:
    """Register the HEIF opener once if pillow_heif is installed (it is optional)."""
    try:
        pillow_heif = importlib.import_module("pillow_heif")
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def allowed_formats() -> tuple[str, ...]:
    """Pillow format names accepted now (JPEG, PNG, WEBP, and HEIF when readable)."""
    return BASE_FORMATS + (("HEIF",) if _heif_available() else ())


# Everything Pillow raises for malformed input, plus warnings when the filters make them errors.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, Warning)
_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


def _open(data: bytes, formats: tuple[str, ...]) -> Image.Image:
    return Image.open(io.BytesIO(data), formats=list(formats))


def _classify_unreadable(data: bytes) -> PhotoError:
    """Tell an image in a refused format from something that is no image at all (header only)."""
    try:
        with Image.open(io.BytesIO(data)) as other:
            name = other.format or "unknown"
    except _BOMB_ERRORS:
        return PhotoError("format", "this image format is not accepted")
    except (UnidentifiedImageError, *_DECODE_ERRORS):
        return PhotoError("not_image", "the file is not an image")
    return PhotoError("format", f"{name} images are not accepted")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels from an embedded ICC profile to sRGB, so dropping the profile is safe."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
    except (ImageCms.PyCMSError, *_DECODE_ERRORS):
        return image  # a broken profile: keep the pixels as they are
    return converted if converted is not None else image


def _upright(image: Image.Image) -> Image.Image:
    try:
        turned = ImageOps.exif_transpose(image)
    except (*_DECODE_ERRORS, KeyError, ZeroDivisionError):
        return image  # unreadable EXIF: keep the image as stored
    return turned if turned is not None else image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB with any transparency composited on white, as a fresh image without ``info``."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgb = Image.alpha_composite(background, rgba).convert("RGB")
    elif image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits before converting (convert() would clip).
        rgb = image.point(lambda value: value / 256).convert("L").convert("RGB")
    else:
        rgb = image.convert("RGB")
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())  # drops every bit of metadata


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, exif=b"")
    return out.getvalue()


def process_photo(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS
) -> ProcessedPhoto:
    """Validate and clean one uploaded image; raise :class:`PhotoError` when it is unacceptable.

    Checks, in order: not empty, at most ``max_bytes``, an image in an accepted format (from its
    header), at most ``max_pixels`` pixels, verified, decodable. The result is an upright RGB JPEG
    (quality 85) without any metadata, and a thumbnail of at most 480 px on the long side.
    """
    if not data:
        raise PhotoError("empty", "the file is empty")
    if len(data) > max_bytes:
        raise PhotoError("too_large", f"the file is larger than {max_bytes} bytes")
    formats = allowed_formats()

    # 1. Header only: format and size, before a single pixel is decoded.
    try:
        with _open(data, formats) as header:
            width, height = header.size
    except _BOMB_ERRORS as exc:
        raise PhotoError("too_many_pixels", "the image has too many pixels") from exc
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise _classify_unreadable(data) from exc
    if width <= 0 or height <= 0:
        raise PhotoError("corrupt", "the image has no pixels")
    if width * height > max_pixels:
        raise PhotoError("too_many_pixels", f"the image has more than {max_pixels} pixels")

    # 2. verify() checks the file's structure (e.g. PNG checksums); the object is unusable after.
    try:
        with _open(data, formats) as checked:
            checked.verify()
        # 3. A fresh open to decode.
        with _open(data, formats) as image:
            image.load()
            upright = _upright(image)
            if upright.size[0] * upright.size[1] > max_pixels:  # pragma: no cover - same count
                raise PhotoError("too_many_pixels", "the image has too many pixels")
            clean = _flatten(_to_srgb(upright))
    except PhotoError:
        raise
    except _BOMB_ERRORS as exc:
        raise PhotoError("too_many_pixels", "the image has too many pixels") from exc
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise PhotoError("corrupt", "the image file is damaged or incomplete") from exc

    encoded = _jpeg(clean, JPEG_QUALITY)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        data=encoded,
        thumb=_jpeg(thumb, THUMB_QUALITY),
        width=clean.width,
        height=clean.height,
        sha256=hashlib.sha256(encoded).hexdigest(),
    )


# --- storage ------------------------------------------------------------------------------------


def store_photo(photo: ProcessedPhoto, prefix: str = "faults") -> tuple[str, str]:
    """Store the photo and its thumbnail as ``<prefix>/YYYY/MM/<uuid>.jpg`` and
    ``<prefix>/YYYY/MM/<uuid>_thumb.jpg`` in the app's storage; return the two storage keys.
    Each file appears whole; on failure neither is left."""
    now = datetime.now(UTC)
    stem = f"{prefix.strip('/')}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"
    key, thumb_key = f"{stem}.jpg", f"{stem}_thumb.jpg"
    check_key(key)
    check_key(thumb_key)
    files = storage()
    files.write(key, photo.data, photo.content_type)
    try:
        files.write(thumb_key, photo.thumb, photo.thumb_content_type)
    except BaseException:
        discard_stored([key])
        raise
    return key, thumb_key


def delete_stored(keys: Iterable[str]) -> None:
    """Remove stored files (cleanup when a later step fails); missing files are fine.

    A key that could leave the storage raises ValueError before anything is deleted.
    """
    keys = list(keys)
    if keys:
        storage().delete(keys)


def discard_stored(keys: Iterable[str]) -> None:
    """Remove the files of a step that failed, as far as the storage lets us: a storage that
    fails now too (the bucket unreachable) leaves them, logged, and the step's own error is the
    one the caller sees."""
    keys = list(keys)
    try:
        delete_stored(keys)
    except Exception:  # noqa: BLE001 - the cleanup must never hide the failure it cleans up
        log.warning("stored files left behind after a failed step: %s", keys, exc_info=True)


def read_stored(key: str | None) -> bytes | None:
    """The bytes of a stored file; None when there is no key, it is unsafe or the file is gone
    (the caller answers 404 or leaves it out)."""
    if not key:
        return None
    try:
        return storage().read(key)
    except (FileNotFoundError, IsADirectoryError, ValueError):
        return None
