"""The comment form's inputs, written out in Python.

Every uncached article page shows the comment form, and Django renders each input through
two small templates (input.html and attrs.html): for the form's seven inputs that was about
a seventh of the page's time. `FastWidgetRenderer` writes the same HTML for Django's own
input and textarea templates, and hands any other template to Django. It escapes as those
templates do (test_widgets compares the two renderings of the form in every state).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in ("input", "text", "email", "url", "hidden", "checkbox", "number", "password")
}
TEXTAREA = f"{WIDGETS}textarea.html"


def as_text(value):
    """`{{ value|stringformat:'s' }}`: escaped unless it is already safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def attributes(attrs):
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{as_text(value)}"')
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is None or not isinstance(widget.get("attrs"), dict):
            return super().render(template_name, context, request)
        if template_name in INPUTS:
            value = widget["value"]
            shown = "" if value is None else f' value="{as_text(value)}"'
            return (
                f'<input type="{conditional_escape(widget["type"])}" '
                f'name="{conditional_escape(widget["name"])}"{shown}'
                f"{attributes(widget['attrs'])}>"
            )
        if template_name == TEXTAREA:
            value = widget["value"]
            return (
                f'<textarea name="{conditional_escape(widget["name"])}"'
                f"{attributes(widget['attrs'])}>\n"
                f"{conditional_escape(value) if value else ''}</textarea>"
            )
        return super().render(template_name, context, request)
