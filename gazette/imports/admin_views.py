"""Admin: upload an archive file, import it, and read the report."""

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import services

# One upload, imported while the editor waits: big archives belong on the
# command line (docs/import.md), where progress shows and nothing times out.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FORMATS = {
    "wordpress": (_("WordPress export (WXR .xml)"), (".xml",)),
    "ninjs": (_("ninjs (.json or .jsonl)"), (".json", ".jsonl", ".ndjson")),
    "newsml": (_("NewsML-G2 news item (.xml)"), (".xml",)),
    "feed": (_("RSS or Atom feed (.xml, .rss, .atom)"), (".xml", ".rss", ".atom")),
}
PERMISSION = "imports.add_importeditem"


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(key, label) for key, (label, _s) in FORMATS.items()],
    )
    file = forms.FileField(label=_("File"))
    dry_run = forms.BooleanField(
        label=_("Dry run: report what would happen, change nothing"),
        required=False,
        initial=True,
    )

    def clean(self):
        data = super().clean()
        upload, chosen = data.get("file"), data.get("format")
        if upload is None or chosen is None:
            return data
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error(
                "file",
                _("The file is larger than 50 MB: import it with `gazette import`."),
            )
        suffixes = FORMATS[chosen][1]
        if not upload.name.lower().endswith(suffixes):
            self.add_error(
                "file",
                _("A %(format)s file ends with %(suffixes)s.")
                % {"format": FORMATS[chosen][0], "suffixes": ", ".join(suffixes)},
            )
        return data


def _run(chosen: str, path: Path, dry_run: bool) -> services.ImportReport:
    if chosen == "wordpress":
        return services.import_wordpress(path, dry_run=dry_run)
    if chosen == "ninjs":
        return services.import_ninjs(path, dry_run=dry_run)
    if chosen == "feed":
        return services.import_feed(str(path), dry_run=dry_run)
    return services.import_newsml(path, dry_run=dry_run)


def import_archive(request):
    """Show the upload form; on a valid upload, import it and show the report."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.TemporaryDirectory(prefix="gazette-import-") as folder:
                path = Path(folder) / f"upload{suffix}"
                with path.open("wb") as target:
                    for chunk in upload.chunks():
                        target.write(chunk)
                try:
                    report = _run(
                        form.cleaned_data["format"], path, form.cleaned_data["dry_run"]
                    )
                except services.ImportError_ as error:
                    form.add_error("file", str(error))
            if report is not None:
                # The messages name the temporary copy; the editor knows it
                # by its own name.
                report.messages = [
                    message.replace(str(path), upload.name)
                    for message in report.messages
                ]
    else:
        form = ImportForm()
    return render(
        request,
        "imports/admin/import.html",
        {
            "form": form,
            "report": report,
            "shown": (report.messages[:200] if report else []),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )
