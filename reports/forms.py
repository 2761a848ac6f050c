"""HTML input for reports: an organisation's branding. Validation only; the write is
`reports.branding.save_branding`.

A logo is read by its content with Pillow, never by its name or declared type, and only
what we re-encode is kept: a PNG of at most LOGO_BOX pixels without the upload's metadata.
"""

import io
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from reports.models import Branding, colour_validator

MAX_LOGO_BYTES = 1024 * 1024
MIN_LOGO_SIDE = 32
MAX_LOGO_SIDE = 4000
LOGO_BOX = (600, 300)  # what is kept: enough for a cover printed at about 240 dpi
# What Pillow calls the formats we take by content; a phone's JPEG often opens as MPO.
LOGO_FORMATS = {"PNG", "JPEG", "MPO"}


@dataclass(frozen=True)
class Logo:
    """A logo as we keep it: PNG bytes and their size in pixels."""

    png: bytes
    width: int
    height: int


class LogoError(ValueError):
    """Why an uploaded file cannot be a logo, in words for the person who sent it."""


class BrandingForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    colour = Branding._meta.get_field("colour").formfield(
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color", "class": "form-control-color"}),
        help_text=_("Used for the report's headings, rules and accents."),
    )
    footer = Branding._meta.get_field("footer").formfield(
        help_text=_(
            "Printed at the bottom of every page, for instance “Confidential · Prepared by …”."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Made per form, in the language of the request that shows it.
        self.fields["logo"].help_text = gettext(
            "PNG or JPEG, at most %(size)s, at least %(min)d × %(min)d and at most "
            "%(max)d × %(max)d pixels. A PNG with a transparent background looks best."
        ) % {"size": filesizeformat(MAX_LOGO_BYTES), "min": MIN_LOGO_SIDE, "max": MAX_LOGO_SIDE}

    def clean_colour(self) -> str:
        # <input type="color"> shows only lower-case values.
        return str(self.cleaned_data["colour"]).lower()

    def clean_logo(self) -> Logo | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        try:
            return read_logo(upload)
        except LogoError as error:
            raise forms.ValidationError(str(error), code="logo") from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove_logo") and data.get("logo"):
            self.add_error(
                "remove_logo", _("Either upload a new logo or remove the logo, not both.")
            )
        return data


def read_logo(upload: UploadedFile) -> Logo:
    """The upload as a logo we keep; LogoError when it cannot be one."""
    limit = filesizeformat(MAX_LOGO_BYTES)
    if (upload.size or 0) > MAX_LOGO_BYTES:
        size = filesizeformat(upload.size or 0)
        raise LogoError(
            gettext("The logo is %(size)s; it may be at most %(limit)s.")
            % {"size": size, "limit": limit}
        )
    data = upload.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:  # larger than the upload said
        raise LogoError(gettext("The logo may be at most %(limit)s.") % {"limit": limit})
    image = _opened(data)
    _check_size(image)
    try:
        return _reencoded(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise LogoError(gettext("The image could not be read; it may be damaged.")) from error


def _opened(data: bytes) -> Image.Image:
    """The image with its header read; its pixels are decoded once its size is checked."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise LogoError(_too_many_pixels()) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise LogoError(_wrong_type()) from error
    if image.format not in LOGO_FORMATS:
        raise LogoError(_wrong_type())
    try:
        # A damaged file must be refused even where WeasyPrint, once imported, has told
        # Pillow to decode truncated images (ImageFile.LOAD_TRUNCATED_IMAGES): verify()
        # reads the whole file whatever that switch says.
        Image.open(io.BytesIO(data)).verify()
    except (OSError, SyntaxError, ValueError) as error:
        raise LogoError(gettext("The image could not be read; it may be damaged.")) from error
    return image


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    sizes = {"w": width, "h": height, "min": MIN_LOGO_SIDE, "max": MAX_LOGO_SIDE}
    if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
        raise LogoError(_too_many_pixels())
    if min(width, height) < MIN_LOGO_SIDE:
        message = gettext(
            "The logo is %(w)d × %(h)d pixels; it must be at least %(min)d × %(min)d."
        )
        raise LogoError(message % sizes)
    if max(width, height) > MAX_LOGO_SIDE:
        message = gettext("The logo is %(w)d × %(h)d pixels; it may be at most %(max)d × %(max)d.")
        raise LogoError(message % sizes)


def _reencoded(image: Image.Image) -> Logo:
    """A fresh PNG of the pixels alone: upright, in sRGB, fitted into LOGO_BOX. Nothing else of
    the upload (EXIF, text chunks, colour profile) is carried over."""
    image = _in_srgb(ImageOps.exif_transpose(image))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=True)
    return Logo(png=buffer.getvalue(), width=clean.width, height=clean.height)


def _in_srgb(image: Image.Image) -> Image.Image:
    """The pixels converted from the image's embedded colour profile to sRGB, since the
    profile itself is dropped; other modes than RGB(A) are left to `convert`."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the pixels as they are
    return converted or image


def _wrong_type() -> str:
    return gettext(
        "Upload a PNG or JPEG image. Other files (SVG, GIF, PDF, …) are not accepted as a logo."
    )


def _too_many_pixels() -> str:
    return gettext(
        "The image has too many pixels to be read safely. Upload one of at most "
        "%(max)d × %(max)d pixels."
    ) % {"max": MAX_LOGO_SIDE}
