"""The page editor's form for clips (``ClipPage.base_form_class``).

Each caption track is checked by its own form (``CaptionTrack.clean`` parses it); what only
the whole set can tell (two tracks in one language, two defaults) is checked here, so that
the editor shows it as a form error instead of failing when the revision is saved.
"""

from types import SimpleNamespace

from wagtail.admin.forms import WagtailAdminPageForm

from clips.captions import tracks_problem


class ClipPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("caption_tracks")
        if formset is not None and formset.is_valid():
            kept = [
                SimpleNamespace(
                    language=form.cleaned_data["language"],
                    is_default=form.cleaned_data["is_default"],
                )
                for form in formset.forms
                if form.cleaned_data and not formset._should_delete_form(form)
            ]
            problem = tracks_problem(kept)
            if problem:
                self.add_error(None, problem)
        return cleaned
