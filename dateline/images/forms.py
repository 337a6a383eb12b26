from django import forms
from django.template.defaultfilters import filesizeformat

from dateline.images import conf, services
from dateline.images.models import LeadImage
from dateline.images.validation import ALLOWED_NAMES, inspect_upload, megapixels


class LeadImageUploadField(forms.ImageField):
    """An upload checked by `validation.inspect_upload`, each failure with its own message.

    Django's own ImageField says only "Upload a valid image" whatever went wrong, so its
    check is replaced rather than run first.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        info = inspect_upload(upload)
        # Store it under the extension of what it is, whatever it was called.
        stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
        upload.name = f"{stem or 'lead'}.{info.extension}"
        upload.content_type = info.mime_type
        upload.image_info = info
        return upload


class LeadImageForm(forms.ModelForm):
    class Meta:
        model = LeadImage
        fields = ["image", "alt_text", "caption", "credit"]
        field_classes = {"image": LeadImageUploadField}
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

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
            info = self.cleaned_data["image"].image_info
            self.instance.width, self.instance.height = info.width, info.height
        lead_image = super().save(commit=commit)
        if commit and image_changed:
            services.image_changed(lead_image, previous_name=self.previous_image_name)
        return lead_image
