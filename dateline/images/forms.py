from django import forms
from django.template.defaultfilters import filesizeformat

from dateline.images import conf, services
from dateline.images.models import LeadImage, LibraryImage
from dateline.images.validation import ALLOWED_NAMES, inspect_upload, megapixels


class PictureUploadField(forms.ImageField):
    """An upload checked by `validation.inspect_upload`, each failure with its own message.

    Django's own ImageField says only "Upload a valid image" whatever went wrong, so its
    check is replaced rather than run first.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        info = inspect_upload(upload)
        upload.original_name = upload.name
        # Store it under the extension of what it is, whatever it was called.
        stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
        upload.name = f"{stem or 'lead'}.{info.extension}"
        upload.content_type = info.mime_type
        upload.image_info = info
        return upload


class PictureForm(forms.ModelForm):
    """A picture's upload and words, as the admin edits them: a lead image on the article
    form, or an image in the media library."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_image_name = self.instance.image.name if self.instance.pk else ""
        image = self.fields["image"]
        image.widget.attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        image.help_text = (
            f"{ALLOWED_NAMES}; at least {conf.min_width()} pixels wide, at most "
            f"{filesizeformat(conf.max_upload_bytes())} and "
            f"{megapixels(conf.max_pixels())} megapixels. Readers get resized copies."
        )

    def save(self, commit=True):
        """With commit=False, call `services.image_changed` after saving, as here."""
        image_changed = "image" in self.changed_data
        if image_changed:
            upload = self.cleaned_data["image"]
            info = upload.image_info
            self.instance.width, self.instance.height = info.width, info.height
            self.upload_changed(upload)
        picture = super().save(commit=commit)
        if commit and image_changed:
            services.image_changed(picture, previous_name=self.previous_image_name)
        return picture

    def upload_changed(self, upload):
        """A new upload is about to be saved: keep what else this kind of picture records."""


class LeadImageForm(PictureForm):
    class Meta:
        model = LeadImage
        fields = ["image", "alt_text", "caption", "credit"]
        field_classes = {"image": PictureUploadField}
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}


class LibraryImageForm(PictureForm):
    class Meta:
        model = LibraryImage
        fields = ["image", "alt_text", "caption", "credit"]
        field_classes = {"image": PictureUploadField}
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Stories show the copies of this very upload: a different picture is a new
            # library image, which the stories that need it then use.
            image = self.fields["image"]
            image.disabled = True
            image.help_text = "To use a different picture, add it to the library as a new one."

    def upload_changed(self, upload):
        # As the editor's computer called it: the library is searched by it.
        self.instance.original_filename = upload.original_name[:255]
