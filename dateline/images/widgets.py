"""The article body's editor with pictures from the media library: django-prose-editor's
admin widget, plus the editor extension that places them (static/images/body_pictures.js)
and the address of the library's picker it opens."""

from django.templatetags.static import static
from django.urls import reverse
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media


class BodyEditorWidget(AdminProseEditorWidget):
    """Every body editor reads and writes library pictures (without the extension the editor
    would drop them); `with_picker` adds the button that opens the library's picker, for
    those who may open it."""

    def __init__(self, *args, with_picker=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_picker = with_picker

    @property
    def media(self):
        return super().media + Media(css={"all": ["images/body_pictures.css"]})

    def get_config(self):
        # django-prose-editor's documented way to add an extension is a setting
        # (DJANGO_PROSE_EDITOR_EXTENSIONS); here the images app brings its own, and the
        # editor loads the module from the config it is given (configurable.js).
        config = super().get_config()
        extensions = {
            **config["extensions"],
            "BodyPicture": {
                "pickerUrl": reverse("admin:images_libraryimage_picker")
                if self.with_picker
                else None
            },
        }
        modules = [*config.get("js_modules", []), static("images/body_pictures.js")]
        return {**config, "extensions": extensions, "js_modules": modules}
