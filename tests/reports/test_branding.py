"""An organisation's report branding: who may set it, which logos are taken (and how they
are kept), and what the PDF and its preview show with it and without it.

The branded report is rendered once for the module, from rows rolled back as soon as it is
rendered (as in test_pdf); its cover and second page are kept as PNGs in tests/output/
(git-ignored) for a person to look at.
"""

import io
import struct
import subprocess
import zlib
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, PngImagePlugin
from pypdf import PdfReader

from assessments.models import Assessment, Organization
from assessments.services import submit_assessment
from reports import pdf
from reports.branding import (
    brand_for,
    contrast_on_white,
    logo_data_uri,
    page_branding,
    png_from_data_uri,
    save_branding,
)
from reports.documents.model import Brand
from reports.forms import MAX_LOGO_BYTES, BrandingForm, Logo
from reports.models import Branding
from tests.conftest import ASSESSMENT_ROLES, client_for
from tests.reports.test_pdf import (
    OUTPUT,
    WORKED,
    answer,
    new_assessment,
    owner_respondent,
    throwaway_rows,
)

pytestmark = pytest.mark.django_db

RED = "#c8102e"
FOOTER = "Confidential · Prepared for Acme Devices by Northwind Consulting GmbH"
#                  anon outsider respondent member manager consultant other admin
MAY_EDIT = dict(zip(ASSESSMENT_ROLES, (302, 404, 404, 404, 200, 200, 404, 200), strict=True))


# --- images made for the tests ---------------------------------------------------------


def company_logo(size: tuple[int, int] = (520, 140), mode: str = "RGBA") -> Image.Image:
    """A company's logo: a red rounded square with an N, the name beside it, transparent."""
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    draw = ImageDraw.Draw(image)
    height = size[1]
    draw.rounded_rectangle((0, 0, height - 1, height - 1), height // 5, fill=RED)
    draw.text((height * 0.5, height * 0.5), "N", fill="white", anchor="mm", font_size=height * 0.6)
    draw.text((height * 1.2, height * 0.5), "Northwind", fill="#23282f", anchor="lm",
              font_size=height * 0.4)  # fmt: skip
    return image


def encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds (almost) no pixels: what a decompression bomb
    looks like to a reader that trusts the header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def submitted_logo_form(content: bytes, name: str = "logo.png", **data: str) -> BrandingForm:
    fields = {"colour": RED, "footer": FOOTER, **data}
    return BrandingForm(fields, {"logo": upload(content, name)})


def errors(form: BrandingForm, field: str) -> str:
    return " ".join(str(error) for error in form.errors[field])


def logo_error(content: bytes, name: str = "logo.png") -> str:
    form = submitted_logo_form(content, name)
    assert not form.is_valid()
    return errors(form, "logo")


def stored_logo(branding: Branding) -> bytes:
    assert branding.logo is not None
    return bytes(branding.logo)


# --- who may set it --------------------------------------------------------------------


def branding_urls(organization: Organization) -> dict[str, str]:
    return {
        "edit": reverse("reports:branding", args=[organization.pk]),
        "logo": reverse("reports:branding_logo", args=[organization.pk]),
    }


@pytest.fixture
def branded(acme: Organization, people: dict[str, User | None]) -> Branding:
    logo = Logo(png=encoded(company_logo(), "PNG"), width=520, height=140)
    admin = people["admin"]
    assert admin is not None
    return save_branding(organization=acme, by=admin, colour=RED, footer=FOOTER, logo=logo)


@pytest.mark.parametrize("role", ASSESSMENT_ROLES)
def test_admins_the_clients_consultants_and_its_managers_alone_reach_the_branding(
    role: str, everyone: dict[str, Any], acme: Organization, branded: Branding
) -> None:
    client = client_for(everyone[role])
    got = {name: client.get(url).status_code for name, url in branding_urls(acme).items()}
    assert got == {"edit": MAY_EDIT[role], "logo": MAY_EDIT[role]}


def test_anonymous_visitors_are_sent_to_sign_in(acme: Organization, branded: Branding) -> None:
    for url in branding_urls(acme).values():
        assert client_for(None).get(url)["Location"].startswith(reverse("login"))


def test_the_logo_is_the_stored_png_kept_from_shared_caches(
    people: dict[str, Any], acme: Organization, branded: Branding
) -> None:
    response = client_for(people["manager"]).get(branding_urls(acme)["logo"])
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == stored_logo(branded)


def test_the_logo_is_only_read(
    people: dict[str, Any], acme: Organization, branded: Branding
) -> None:
    url = branding_urls(acme)["logo"]
    assert client_for(people["manager"]).post(url).status_code == 405
    assert client_for(people["member"]).post(url).status_code == 404  # unseen comes first


def test_without_a_logo_its_url_is_not_found(people: dict[str, Any], acme: Organization) -> None:
    assert client_for(people["manager"]).get(branding_urls(acme)["logo"]).status_code == 404


def test_a_manager_saves_logo_colour_and_footer(people: dict[str, Any], acme: Organization) -> None:
    client = client_for(people["manager"])
    data = {"colour": "#C8102E", "footer": FOOTER, "logo": upload(encoded(company_logo(), "PNG"))}
    response = client.post(branding_urls(acme)["edit"], data, follow=True)
    saved = Branding.objects.get(organization=acme)
    assert response.redirect_chain == [(branding_urls(acme)["edit"], 302)]
    assert "Branding saved" in response.content.decode()
    assert (saved.colour, saved.footer, saved.updated_by) == (RED, FOOTER, people["manager"])
    assert (saved.logo_width, saved.logo_height) == (520, 140)
    # The page then shows the stored logo and offers to remove it.
    html = response.content.decode()
    assert branding_urls(acme)["logo"] in html and 'name="remove_logo"' in html


def test_the_page_labels_every_control_and_posts_files(
    people: dict[str, Any], acme: Organization, branded: Branding
) -> None:
    html = client_for(people["consultant"]).get(branding_urls(acme)["edit"]).content.decode()
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    for name in ("logo", "remove_logo", "colour", "footer"):
        assert f'for="id_{name}"' in html and f'id="id_{name}"' in html
    assert 'type="color"' in html and f'value="{RED}"' in html


def test_a_member_cannot_post_a_branding(people: dict[str, Any], acme: Organization) -> None:
    response = client_for(people["member"]).post(
        branding_urls(acme)["edit"], {"colour": RED, "footer": "Ours now"}
    )
    assert response.status_code == 404
    assert not Branding.objects.exists()


def test_a_failed_save_changes_nothing_and_shows_the_error_at_the_field(
    people: dict[str, Any], acme: Organization, branded: Branding
) -> None:
    data = {"colour": "red", "footer": "A new footer", "remove_logo": "on"}
    response = client_for(people["manager"]).post(branding_urls(acme)["edit"], data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a colour as # and six hexadecimal digits" in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    kept = Branding.objects.get(organization=acme)
    assert (kept.colour, kept.footer, stored_logo(kept)) == (RED, FOOTER, stored_logo(branded))


def test_the_logo_can_be_removed(
    people: dict[str, Any], acme: Organization, branded: Branding
) -> None:
    data = {"colour": RED, "footer": FOOTER, "remove_logo": "on"}
    client_for(people["manager"]).post(branding_urls(acme)["edit"], data)
    kept = Branding.objects.get(organization=acme)
    assert (kept.logo, kept.logo_width, kept.logo_height, kept.footer) == (None, None, None, FOOTER)


def test_a_new_logo_and_its_removal_at_once_are_refused() -> None:
    form = submitted_logo_form(encoded(company_logo(), "PNG"), remove_logo="on")
    assert not form.is_valid()
    assert "not both" in errors(form, "remove_logo")


def test_a_footer_of_more_than_120_characters_is_refused() -> None:
    form = BrandingForm({"colour": RED, "footer": "x" * 121})
    assert not form.is_valid() and "footer" in form.errors


def test_the_assessment_page_links_to_the_branding_for_those_who_may_edit_it(
    people: dict[str, Any], acme: Organization, gartner_assessment: Assessment, frameworks: None
) -> None:
    url = branding_urls(acme)["edit"]
    page = reverse("assessments:detail", args=[gartner_assessment.pk])
    for role in ("manager", "consultant", "admin"):
        assert f'href="{url}"' in client_for(people[role]).get(page).content.decode(), role
    # A member who owns an assessment manages it, but not the organisation's branding.
    owned = new_assessment(people["member"], acme, "gartner-iot")
    mine = reverse("assessments:detail", args=[owned.pk])
    html = client_for(people["member"]).get(mine).content.decode()
    assert "Respondents" in html and f'href="{url}"' not in html


# --- which logos are taken ---------------------------------------------------------------


def test_a_png_is_kept_with_its_transparency() -> None:
    form = submitted_logo_form(encoded(company_logo(), "PNG"))
    assert form.is_valid(), form.errors
    logo = form.cleaned_data["logo"]
    kept = Image.open(io.BytesIO(logo.png))
    assert (kept.format, kept.mode, kept.size) == ("PNG", "RGBA", (520, 140))
    assert (logo.width, logo.height) == (520, 140)
    assert kept.getchannel("A").getpixel((519, 0)) == 0  # the corner stays transparent


def test_a_jpeg_is_kept_as_a_png() -> None:
    content = encoded(company_logo(mode="RGB"), "JPEG", quality=90)
    form = submitted_logo_form(content, name="logo.jpg")
    assert form.is_valid(), form.errors
    kept = Image.open(io.BytesIO(form.cleaned_data["logo"].png))
    assert (kept.format, kept.mode, kept.size) == ("PNG", "RGB", (520, 140))


def test_a_large_logo_is_scaled_down_to_600_by_300_keeping_its_shape() -> None:
    wide = submitted_logo_form(encoded(company_logo((1800, 400)), "PNG"))
    tall = submitted_logo_form(encoded(company_logo((900, 900)), "PNG"))
    assert wide.is_valid() and tall.is_valid()
    assert (wide.cleaned_data["logo"].width, wide.cleaned_data["logo"].height) == (600, 133)
    assert (tall.cleaned_data["logo"].width, tall.cleaned_data["logo"].height) == (300, 300)


def test_metadata_of_the_upload_is_dropped_and_the_photo_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show
    exif[0x010E] = "Taken at the secret lab"  # image description
    jpeg = encoded(company_logo((200, 100), mode="RGB"), "JPEG", exif=exif.tobytes())
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Taken at the secret lab")
    png = encoded(company_logo(), "PNG", pnginfo=text)
    for content in (jpeg, png):
        form = submitted_logo_form(content)
        assert form.is_valid(), form.errors
        stored = form.cleaned_data["logo"].png
        assert b"secret lab" not in stored and b"eXIf" not in stored and b"tEXt" not in stored
    upright = submitted_logo_form(jpeg)
    assert upright.is_valid()
    assert (upright.cleaned_data["logo"].width, upright.cleaned_data["logo"].height) == (100, 200)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (encoded(company_logo(), "GIF"), "logo.gif"),
        (encoded(company_logo(), "GIF"), "logo.png"),  # the name is not what counts
        (encoded(company_logo(), "WEBP"), "logo.webp"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>', "logo.svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png"),
        (b"Northwind Consulting", "logo.txt"),
        (b"", "logo.png"),
    ],
)
def test_anything_but_png_and_jpeg_is_refused_naming_what_is_taken(
    content: bytes, name: str
) -> None:
    form = submitted_logo_form(content, name)
    assert not form.is_valid()
    if content:
        assert "Upload a PNG or JPEG image" in errors(form, "logo")


def test_a_file_over_one_megabyte_is_refused() -> None:
    noise = Image.frombytes("RGB", (800, 800), bytes(range(256)) * 7500)
    content = encoded(noise, "PNG", compress_level=0)
    assert len(content) > MAX_LOGO_BYTES
    assert "it may be at most 1.0" in logo_error(content)


@pytest.mark.parametrize(
    ("size", "says"),
    [
        ((31, 200), "31 × 200 pixels; it must be at least 32 × 32"),
        ((20, 20), "it must be at least 32 × 32"),
        ((4001, 100), "4001 × 100 pixels; it may be at most 4000 × 4000"),
        ((100, 4200), "it may be at most 4000 × 4000"),
    ],
)
def test_logos_too_small_or_too_large_are_refused(size: tuple[int, int], says: str) -> None:
    content = encoded(Image.new("L", size, 255), "PNG")
    assert says in logo_error(content)


def test_a_decompression_bomb_is_refused_without_reading_its_pixels() -> None:
    content = png_header_only(60_000, 60_000)  # 3.6 billion pixels in about 100 bytes
    assert len(content) < 200
    assert "too many pixels to be read safely" in logo_error(content)


def test_pillows_pixel_limit_applies_below_our_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # Between Pillow's limit and twice it, Pillow only warns; the form refuses.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    content = encoded(Image.new("L", (40, 40), 255), "PNG")
    with pytest.warns(Image.DecompressionBombWarning):
        assert "too many pixels" in logo_error(content)


def test_a_damaged_png_is_refused_with_a_message() -> None:
    whole = encoded(company_logo(), "PNG")
    assert "could not be read" in logo_error(whole[: len(whole) // 2])


# --- what the report takes of it ---------------------------------------------------------


def test_only_a_hex_colour_reaches_the_page_and_light_ones_are_darkened_for_text() -> None:
    assert page_branding(Brand(colour="red;}</style><script>")).colour == ""
    assert page_branding(Brand(colour="#1F3A5F")) == page_branding(None)  # ours
    yellow = page_branding(Brand(colour="#ffcc00"))
    ink = tuple(int(yellow.ink[i : i + 2], 16) for i in (1, 3, 5))
    assert yellow.colour == "#ffcc00" and contrast_on_white(ink) >= 4.5
    assert page_branding(Brand(colour=RED)).ink == RED  # dark enough already


def test_the_logo_travels_as_a_png_data_uri_and_nothing_else_does() -> None:
    png = encoded(company_logo(), "PNG")
    uri = logo_data_uri(png)
    assert uri.startswith("data:image/png;base64,") and png_from_data_uri(uri) == png
    assert logo_data_uri(b"<svg/>") == ""
    assert png_from_data_uri("data:image/svg+xml;base64,PHN2Zy8+") is None
    assert png_from_data_uri("data:image/png;base64,PHN2Zy8+") is None  # not a PNG inside


@pytest.fixture(scope="module")
def reports(django_db_setup: None, django_db_blocker: Any) -> dict[str, bytes]:
    """The same submitted assessment's PDF without branding, then with it."""
    with django_db_blocker.unblock(), throwaway_rows() as (manager, acme):
        assessment = new_assessment(manager, acme, "gartner-iot", targets={"overall": 4})
        answer(owner_respondent(assessment), WORKED)
        assessment = submit_assessment(assessment=assessment, by=manager)
        plain = pdf.report_pdf(assessment)
        logo = Logo(png=encoded(company_logo(), "PNG"), width=520, height=140)
        save_branding(organization=acme, by=manager, colour=RED, footer=FOOTER, logo=logo)
        return {"plain": plain, "branded": pdf.report_pdf(assessment)}


def test_the_branded_pdf_has_the_logo_on_the_cover_and_atop_the_other_pages(
    reports: dict[str, bytes],
) -> None:
    pages = PdfReader(io.BytesIO(reports["branded"])).pages
    assert len(pages[0].images) == 1
    assert Image.open(io.BytesIO(pages[0].images[0].data)).size == (520, 140)
    # The running header's logo, from the second page on (the cover has none).
    assert all(len(page.images) >= 1 for page in pages[1:])


def test_the_branded_pdf_has_the_footer_text_on_every_page(reports: dict[str, bytes]) -> None:
    pages = PdfReader(io.BytesIO(reports["branded"])).pages
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert FOOTER in text, number
        assert f"Page {number} of {len(pages)}" in text


def test_an_unbranded_pdf_has_no_image_and_no_footer_text(reports: dict[str, bytes]) -> None:
    pages = PdfReader(io.BytesIO(reports["plain"])).pages
    assert all(not page.images for page in pages)
    assert all(FOOTER not in page.extract_text() for page in pages)
    # The running header is the organisation and title, as it was before branding.
    assert "Acme Devices · gartner-iot check" in pages[1].extract_text()


def test_the_pdf_pages_are_kept_to_look_at(reports: dict[str, bytes]) -> None:
    OUTPUT.mkdir(exist_ok=True)
    source = OUTPUT / "branded.pdf"
    source.write_bytes(reports["branded"])
    prefix = OUTPUT / "branded"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(source), str(prefix)],
        check=True,
    )
    source.unlink()
    cover = Image.open(sorted(OUTPUT.glob("branded-*.png"))[0]).convert("RGB")
    # The cover's band runs along the top edge in the brand's red.
    middle = cover.width // 2
    band = cover.crop((middle, 3, middle + 1, 4)).tobytes()  # one pixel: red, green, blue
    assert all(abs(a - b) < 30 for a, b in zip(band, (0xC8, 0x10, 0x2E), strict=True))


def test_the_preview_shows_the_brand_as_the_pdf_does(
    people: dict[str, Any], acme: Organization, branded: Branding, gartner_assessment: Assessment
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    url = reverse("reports:report_preview", args=[gartner_assessment.pk])
    html = client_for(people["manager"]).get(url).content.decode()
    assert '<img src="data:image/png;base64,' in html
    assert f"--brand: {RED};" in html
    assert FOOTER in html
    assert "element(brand-header)" not in html  # page boxes are the PDF's alone


def test_a_footer_is_text_in_the_page_never_markup(
    people: dict[str, Any], acme: Organization, gartner_assessment: Assessment
) -> None:
    save_branding(organization=acme, by=people["admin"], colour=RED, footer="</style><b>x</b>")
    html, _report = pdf.report_document(gartner_assessment)
    assert "&lt;/style&gt;&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_brand_for_reads_the_saved_branding(acme: Organization, branded: Branding) -> None:
    brand = brand_for(acme)
    assert (brand.colour, brand.footer, brand.logo_size) == (RED, FOOTER, (520, 140))
    assert brand.logo == stored_logo(branded)
