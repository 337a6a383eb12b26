from django import forms


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label="The reader's email address")
