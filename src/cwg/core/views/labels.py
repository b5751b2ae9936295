"""The labels of the domain's choices (states, roles, kinds), marked for translation.

Models keep their choice labels in English; pages show them with {% translate obj.get_x_display %},
which finds them in the catalogues because they are listed here. Regenerate when choices change.
"""

from django.utils.translation import gettext_noop

LABELS = [
    gettext_noop("Within ITU's mandate"),  # analysis.Classification
    gettext_noop("Shared with other organisations"),  # analysis.Classification
    gettext_noop("Another organisation's mandate"),  # analysis.Classification
    gettext_noop("Not covered (gap)"),  # analysis.Classification
    gettext_noop("Lead facilitator"),  # analysis.HolderRole
    gettext_noop("Co-facilitator"),  # analysis.HolderRole
    gettext_noop("Focal point (interim or provisional)"),  # analysis.HolderRole
    gettext_noop("Reported on the line"),  # analysis.HolderRole
    gettext_noop("Holds the mandate"),  # analysis.HolderRole
    gettext_noop("WSIS action line"),  # analysis.MandateKind
    gettext_noop("Resolution"),  # analysis.MandateKind
    gettext_noop("Mandate of a group"),  # analysis.MandateKind
    gettext_noop("BM25 (lexical)"),  # analysis.Ranker
    gettext_noop("Sentence embeddings"),  # analysis.Ranker
    gettext_noop("BM25 and sentence embeddings combined"),  # analysis.Ranker
    gettext_noop("Open"),  # consultations.ConsultationState
    gettext_noop("Closed"),  # consultations.ConsultationState
    gettext_noop("Compiled"),  # consultations.ConsultationState
    gettext_noop("Examined"),  # consultations.ConsultationState
    gettext_noop("New submissions"),  # consultations.JobKind
    gettext_noop("Full re-run"),  # consultations.JobKind
    gettext_noop("Queued"),  # consultations.JobStatus
    gettext_noop("Running"),  # consultations.JobStatus
    gettext_noop("Done"),  # consultations.JobStatus
    gettext_noop("Failed"),  # consultations.JobStatus
    gettext_noop("Hidden"),  # consultations.ModerationAction
    gettext_noop("Restored"),  # consultations.ModerationAction
    gettext_noop("In progress"),  # decisions.ActionStatus
    gettext_noop("Dropped"),  # decisions.ActionStatus
    gettext_noop("Member States"),  # decisions.AddresseeKind
    gettext_noop("Contribution"),  # documents.DocumentType
    gettext_noop("Meeting report"),  # documents.DocumentType
    gettext_noop("Chair's report"),  # documents.DocumentType
    gettext_noop("Consultation compilation"),  # documents.DocumentType
    gettext_noop("Annual report"),  # documents.DocumentType
    gettext_noop("Information document"),  # documents.DocumentType
    gettext_noop("Agenda"),  # documents.DocumentType
    gettext_noop("العربية"),  # documents.Language
    gettext_noop("中文"),  # documents.Language
    gettext_noop("English"),  # documents.Language
    gettext_noop("Français"),  # documents.Language
    gettext_noop("Русский"),  # documents.Language
    gettext_noop("Español"),  # documents.Language
    gettext_noop("Draft"),  # documents.ReportState
    gettext_noop("Circulated"),  # documents.ReportState
    gettext_noop("Approved"),  # documents.ReportState
    gettext_noop("Member State(s)"),  # documents.SourceKind
    gettext_noop("Another group"),  # documents.SourceKind
    gettext_noop("Translation requested"),  # documents.TranslationStatus
    gettext_noop("Translation in progress"),  # documents.TranslationStatus
    gettext_noop("Available"),  # documents.TranslationStatus
    gettext_noop("Plenipotentiary Conference"),  # groups.Instrument
    gettext_noop("Council"),  # groups.Instrument
    gettext_noop("World Telecommunication Standardization Assembly"),  # groups.Instrument
    gettext_noop("World Telecommunication Development Conference"),  # groups.Instrument
    gettext_noop("Radiocommunication Assembly"),  # groups.Instrument
    gettext_noop("United Nations General Assembly"),  # groups.Instrument
    gettext_noop("Member States only"),  # groups.Participation
    gettext_noop("Member States and Sector Members"),  # groups.Participation
    gettext_noop("Open to all stakeholders"),  # groups.Participation
    gettext_noop("Establishes the group"),  # groups.ResolutionRole
    gettext_noop("Defines the mandate"),  # groups.ResolutionRole
    gettext_noop("Instructs the group"),  # groups.ResolutionRole
    gettext_noop("The group acts in accordance with it"),  # groups.ResolutionRole
    gettext_noop("Lists the issues the group studies"),  # groups.ResolutionRole
    gettext_noop("Original"),  # groups.RevisionKind
    gettext_noop("Revised (Rev.)"),  # groups.RevisionKind
    gettext_noop("Modified (Mod.)"),  # groups.RevisionKind
    gettext_noop("Public"),  # groups.Visibility
    gettext_noop("Members only"),  # groups.Visibility
    gettext_noop("Planned"),  # meetings.MeetingStatus
    gettext_noop("Held"),  # meetings.MeetingStatus
    gettext_noop("Cancelled"),  # meetings.MeetingStatus
    gettext_noop("Delegate"),  # meetings.ParticipantKind
    gettext_noop("Head of delegation"),  # meetings.ParticipantKind
    gettext_noop("Observer"),  # meetings.ParticipantKind
    gettext_noop("Government"),  # registry.OrganisationCategory
    gettext_noop("Private sector"),  # registry.OrganisationCategory
    gettext_noop("Civil society"),  # registry.OrganisationCategory
    gettext_noop("Academia"),  # registry.OrganisationCategory
    gettext_noop("Technical community"),  # registry.OrganisationCategory
    gettext_noop("Intergovernmental organisation"),  # registry.OrganisationCategory
    gettext_noop("Individual"),  # registry.OrganisationCategory
    gettext_noop("Sourced (ITU election results)"),  # registry.RegionBasis
    gettext_noop("Derived by the documented geographic rule"),  # registry.RegionBasis
    gettext_noop("Delegate of a Member State"),  # registry.Role
    gettext_noop("Chair"),  # registry.Role
    gettext_noop("Vice-Chair"),  # registry.Role
    gettext_noop("Secretariat"),  # registry.Role
    gettext_noop("Council member"),  # registry.Role
    gettext_noop("Registered stakeholder"),  # registry.Role
    gettext_noop("Word (DOCX)"),  # reports.ReportFormat
    gettext_noop("PDF"),  # reports.ReportFormat
    gettext_noop("HTML"),  # reports.ReportFormat
    gettext_noop("Chair's report to Council"),  # reports.ReportKind
    gettext_noop("Report to the Plenipotentiary Conference"),  # reports.ReportKind
]
