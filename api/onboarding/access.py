"""Why a Monitoring tenant lost Petra's access: the root causes its row shows until it is
onboarded again (Reconsent)."""

from __future__ import annotations

from api.microsoft.root_causes import RootCause

GDAP_LOST = RootCause(
    "gdap_lost",
    "The GDAP relationship with this tenant expired or was terminated: Petra can no longer "
    "reach it and stopped monitoring it.",
    "Send the client a new GDAP request; once it is Ready, Reconsent (onboard again).",
    "gdap",
)
APP_REMOVED = RootCause(
    "app_removed",
    "The client removed Petra's app from the tenant: Petra can no longer read it and stopped "
    "monitoring it.",
    "Reconsent (onboard the tenant again); Partner Center adds the app back.",
    "consent",
)
# A tenant added individually: Petra has no GDAP role there to add its app back.
APP_REMOVED_INDIVIDUAL = RootCause(
    "app_removed",
    "The client removed Petra's app from the tenant: Petra can no longer read it and stopped "
    "monitoring it.",
    "Add the tenant individually again: its Global Administrator's consent adds the app back.",
    "consent",
)
