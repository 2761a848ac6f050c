"""An organisation's branding for its reports: the logo (checked and stored as PNG), the
primary colour and the footer text; the page where it is set, and what the report's HTML
takes of it."""

import base64
import hashlib
import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from assessments.selectors import Organization, creatable_organizations
from config.http import AuthenticatedRequest
from reports.documents.model import Brand
from reports.forms import MAX_LOGO_BYTES as MAX_LOGO_BYTES  # the limit, named here too
from reports.forms import BrandingForm, Logo
from reports.models import Branding

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA_URI_PREFIX = "data:image/png;base64,"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# The report's own blue (static/css/report.css) and the documents' default: a brand in
# either colour leaves the report's colours as they are.
HOUSE_COLOUR = str(Branding._meta.get_field("colour").default)
HOUSE_COLOURS = frozenset({HOUSE_COLOUR, Brand().colour})
# WCAG's contrasts on white: for text (headings, and the white figure on the level badge),
# and for large text and graphics (chapter numbers, the roadmap's bars). A light brand
# colour is darkened until it reaches them; its rules and bands keep it as it is.
TEXT_CONTRAST = 4.5
GRAPHICS_CONTRAST = 3.0


def brand_for(organization: Organization) -> Brand:
    """The organisation's branding as the documents take it; ours when it has none."""
    branding = Branding.objects.filter(organization=organization).first()
    if branding is None:
        return Brand(name=organization.name)
    size = (
        (branding.logo_width, branding.logo_height)
        if branding.logo and branding.logo_width and branding.logo_height
        else None
    )
    return Brand(
        name=organization.name,
        colour=branding.colour,
        footer=branding.footer,
        logo=bytes(branding.logo) if branding.logo else None,
        logo_size=size,
    )


def fingerprint(brand: Brand) -> str:
    """What an output made with this branding is named by (part of its key)."""
    digest = hashlib.sha256()
    for part in (brand.name, brand.colour, brand.footer):
        digest.update(part.encode() + b"\0")
    digest.update(brand.logo or b"")
    return digest.hexdigest()


# --- writing -----------------------------------------------------------------------------


def save_branding(
    *,
    organization: Organization,
    by: User,
    colour: str,
    footer: str,
    logo: Logo | None = None,
    remove_logo: bool = False,
) -> Branding:
    """Set the organisation's branding; a new `logo` replaces the old one, `remove_logo`
    drops it, neither keeps it."""
    fields: dict[str, object] = {"colour": colour, "footer": footer, "updated_by": by}
    if logo is not None:
        fields.update(logo=logo.png, logo_width=logo.width, logo_height=logo.height)
    elif remove_logo:
        fields.update(logo=None, logo_width=None, logo_height=None)
    branding, _created = Branding.objects.update_or_create(
        organization=organization, defaults=fields
    )
    return branding


# --- what the report's HTML takes --------------------------------------------------------


@dataclass(frozen=True)
class PageBranding:
    """A brand as the report's templates use it. Every value is checked here, so that the
    templates may put them in a <style> element and a data: URI as they are."""

    colour: str = ""  # "#rrggbb" for rules and bands; "" keeps ours
    ink: str = ""  # the colour as text on white, darkened where too light (TEXT_CONTRAST)
    accent: str = ""  # the colour for large text and graphics (GRAPHICS_CONTRAST)
    footer: str = ""
    logo_uri: str = ""  # data:image/png;base64,…

    @property
    def branded(self) -> bool:
        """Whether the report takes the brand's look (its colour or its logo); a footer
        alone changes only the page footer."""
        return bool(self.colour or self.logo_uri)


def page_branding(brand: Brand | None) -> PageBranding:
    if brand is None:
        return PageBranding()
    colour = brand.colour.lower() if COLOUR.fullmatch(brand.colour) else ""
    colour = "" if colour in HOUSE_COLOURS else colour
    return PageBranding(
        colour=colour,
        ink=readable_on_white(colour, TEXT_CONTRAST) if colour else "",
        accent=readable_on_white(colour, GRAPHICS_CONTRAST) if colour else "",
        footer=brand.footer.strip(),
        logo_uri=logo_data_uri(brand.logo),
    )


def logo_data_uri(logo: bytes | None) -> str:
    """The logo inside the page, so that the PDF fetches nothing; only a PNG (which the
    logo always is, as re-encoded on upload) is named."""
    if not logo or not logo.startswith(PNG_SIGNATURE):
        return ""
    return DATA_URI_PREFIX + base64.b64encode(logo).decode("ascii")


def png_from_data_uri(url: str) -> bytes | None:
    """The PNG inside a URI made by `logo_data_uri`; None for any other URI."""
    if not url.startswith(DATA_URI_PREFIX):
        return None
    try:
        png = base64.b64decode(url.removeprefix(DATA_URI_PREFIX), validate=True)
    except ValueError:
        return None
    return png if png.startswith(PNG_SIGNATURE) else None


def readable_on_white(colour: str, contrast: float) -> str:
    """The colour ("#rrggbb"), darkened in steps until it has `contrast` on white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    # Five per cent darker each step; the last, black, has the most contrast there is (21).
    shades = ((*(c * (20 - step) // 20 for c in rgb),) for step in range(21))
    shade = next(s for s in shades if contrast_on_white(s) >= contrast)
    return "#{:02x}{:02x}{:02x}".format(*shade)


def contrast_on_white(rgb: tuple[int, ...]) -> float:
    """WCAG 2 contrast ratio of a colour against white."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


# --- the page ----------------------------------------------------------------------------


def _editable(request: AuthenticatedRequest, pk: int) -> Organization:
    """The organisation, if the user may brand it: whoever may start its assessments
    (admins, its consultants, its managers); a 404 for everyone else."""
    return get_object_or_404(creatable_organizations(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organization = _editable(request, pk)
    branding = Branding.objects.filter(organization=organization).first()
    if request.method == "POST":
        form = BrandingForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            save_branding(
                organization=organization,
                by=request.user,
                colour=data["colour"],
                footer=data["footer"],
                logo=data["logo"],
                remove_logo=data["remove_logo"],
            )
            messages.success(request, _("Branding saved. Reports made from now on use it."))
            return redirect("reports:branding", pk=organization.pk)
    else:
        form = BrandingForm(initial=_initial(branding))
    context = {
        "organization": organization,
        "branding": branding,
        "form": form,
        "preview": page_branding(brand_for(organization)),
        "house_colour": HOUSE_COLOUR,
    }
    return render(request, "reports/branding.html", context)


def _initial(branding: Branding | None) -> dict[str, str]:
    if branding is None:
        return {"colour": HOUSE_COLOUR}
    return {"colour": branding.colour, "footer": branding.footer}


@cache_control(private=True, max_age=3600)
@login_required
def logo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The stored logo, to whoever may edit the branding. Its URL on the page carries the
    time of the last change, so a new logo is a new URL and the hour's cache is harmless."""
    organization = _editable(request, pk)  # unseen is 404 first, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    branding = Branding.objects.filter(organization=organization).only("logo").first()
    if branding is None or not branding.logo:
        raise Http404(_("This organisation has no logo."))
    response = HttpResponse(bytes(branding.logo), content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="logo.png"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
