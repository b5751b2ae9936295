"""Forms of the drafting pages: proposing, building a revision, recording agreement, importing."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cwg.drafting.models import Mark

ROWS = 5
REWORDINGS = 3
_ITEM_ERROR = re.compile(r"^proposals\[(\d+)\]\.(\w+)$")


class ProposalForm(forms.Form):
    """A contribution's proposals, up to five rows at a time; an empty row is skipped."""

    origin = forms.CharField(
        label=_("Origin"),
        max_length=12,
        help_text=_("Your State's code (FRA), or a region's for a common proposal (EUR)."),
    )
    document_number = forms.IntegerField(label=_("Document number"), min_value=1, max_value=100000)
    supporters = forms.CharField(
        label=_("Supporting States"),
        required=False,
        max_length=2000,
        help_text=_("For a common proposal: the supporting States' codes, separated by commas."),
    )

    def __init__(self, *args, provisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        refs = [("", "—"), *((p.ref, p.ref) for p in provisions)]
        marks = [("", "—"), *Mark.choices]
        for i in range(ROWS):
            n = i + 1
            self.fields[f"mark_{i}"] = forms.ChoiceField(
                label=_("Mark (%(n)s)") % {"n": n}, choices=marks, required=False
            )
            self.fields[f"ref_{i}"] = forms.CharField(
                label=_("Provision (%(n)s)") % {"n": n},
                required=False,
                max_length=120,
                help_text=_("An existing provision, or the number of a new one for ADD."),
            )
            self.fields[f"after_{i}"] = forms.ChoiceField(
                label=_("ADD: after (%(n)s)") % {"n": n}, choices=refs, required=False
            )
            self.fields[f"wording_{i}"] = forms.CharField(
                label=_("New wording (%(n)s)") % {"n": n},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"reasons_{i}"] = forms.CharField(
                label=_("Reasons (%(n)s)") % {"n": n},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.row_map: list[int] = []

    def clean(self):
        data = super().clean()
        if not self.errors and not self.items():
            raise forms.ValidationError(_("Fill in at least one proposal."))
        return data

    def items(self) -> list[dict]:
        data, out, self.row_map = self.cleaned_data, [], []
        for i in range(ROWS):
            row = {
                k: (data.get(f"{k}_{i}") or "").strip()
                for k in ("mark", "ref", "after", "wording", "reasons")
            }
            if any(row.values()):
                out.append(row)
                self.row_map.append(i)
        return out

    def supporter_codes(self) -> list[str]:
        raw = self.cleaned_data.get("supporters") or ""
        return [code.strip().upper() for code in raw.split(",") if code.strip()]

    def add_domain_error(self, error) -> None:
        found = _ITEM_ERROR.match(error.field or "")
        if found and int(found.group(1)) < len(self.row_map):
            name = f"{found.group(2)}_{self.row_map[int(found.group(1))]}"
            if name in self.fields:
                self.add_error(name, error.message)
                return
        self.add_error(error.field if error.field in self.fields else None, error.message)


class RevisionForm(forms.Form):
    """The chair's next revision: the proposals accepted, and rewordings over them, each of which
    may quote a consultation response or a decision."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"] = forms.MultipleChoiceField(
            label=_("Proposals accepted"),
            required=False,
            choices=[(str(p.pk), f"{p.symbol} {p.mark} {p.target_ref}") for p in proposals],
            widget=forms.CheckboxSelectMultiple,
        )
        for i in range(REWORDINGS):
            self.fields[f"reword_ref_{i}"] = forms.CharField(
                label=_("Reword provision (%(n)s)") % {"n": i + 1}, required=False, max_length=120
            )
            self.fields[f"reword_text_{i}"] = forms.CharField(
                label=_("Chair's wording (%(n)s)") % {"n": i + 1},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"reword_source_{i}"] = forms.CharField(
                label=_("Quoted from (%(n)s)") % {"n": i + 1},
                required=False,
                max_length=120,
                help_text=_(
                    "Optional: the receipt of a consultation response, or a decision's number "
                    "(the number in the address of its page, e.g. decision 12)."
                ),
            )

    def clean(self):
        data = super().clean()
        for i in range(REWORDINGS):
            if (data.get(f"reword_source_{i}") or "").strip() and not (
                data.get(f"reword_ref_{i}") or ""
            ).strip():
                self.add_error(
                    f"reword_source_{i}", _("Say which provision takes its words from this source.")
                )
        return data

    def rewordings(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            data[f"reword_ref_{i}"].strip(): data[f"reword_text_{i}"]
            for i in range(REWORDINGS)
            if (data.get(f"reword_ref_{i}") or "").strip()
        }

    def sources(self) -> dict[str, str]:
        """{provision: "decision:ID" or "response:RECEIPT"}, as the service and the API take it."""
        data, out = self.cleaned_data, {}
        for i in range(REWORDINGS):
            ref = (data.get(f"reword_ref_{i}") or "").strip()
            source = source_key(data.get(f"reword_source_{i}") or "")
            if ref and source:
                out[ref] = source
        return out

    def add_domain_error(self, error) -> None:
        """A refused source goes next to the row that quotes it."""
        ref = getattr(error, "ref", None)
        if ref is not None:
            for i in range(REWORDINGS):
                if (self.cleaned_data.get(f"reword_ref_{i}") or "").strip() == ref:
                    self.add_error(f"reword_source_{i}", error.message)
                    return
        self.add_error(error.field if error.field in self.fields else None, error.message)


# A number alone, or after one word in any language ("decision 12", "décision 12", "قرار 12").
_DECISION = re.compile(r"^(?:[^\W\d_]+\s*:?\s*)?#?(\d+)$")
_DECISION_ADDRESS = re.compile(r"/decisions/(\d+)/?$")
_KIND = re.compile(r"^(decision|response)\s*:\s*(\S+)$", re.IGNORECASE)
# "Response" in the six languages, before a receipt: never read as a decision's number.
_RESPONSE = re.compile(
    r"^(?:response|réponse|respuesta|ответ|رد|答复|回复)\s*:?\s*(\S+)$", re.IGNORECASE
)


def source_key(value: str) -> str:
    """What the chair typed as a source, as "kind:key": a decision by its number (12, decision 12,
    décision 12, #12 or the address of its page), a response by its receipt (receipts are upper case), or
    either spelled as the API takes it (decision:12, response:RECEIPT). Empty for nothing."""
    value = " ".join(value.split())
    if not value:
        return ""
    if found := _KIND.match(value):
        kind, key = found.group(1).lower(), found.group(2)
        return f"{kind}:{key.upper() if kind == 'response' else key}"
    if found := _RESPONSE.match(value):
        return f"response:{found.group(1).upper()}"
    if found := _DECISION.match(value) or _DECISION_ADDRESS.search(value):
        return f"decision:{found.group(1)}"
    return f"response:{value.upper()}"


class AgreeForm(forms.Form):
    meeting = forms.ChoiceField(label=_("Meeting where the group agreed it"))

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(str(m.pk), str(m)) for m in meetings]


class ImportForm(forms.Form):
    """A Word document with tracked changes, read back as the delegate's proposals."""

    file = forms.FileField(label=_("Word document (.docx) with tracked changes"))
    document_number = forms.IntegerField(label=_("Document number"), min_value=1, max_value=100000)
    reasons = forms.CharField(
        label=_("Reasons"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
