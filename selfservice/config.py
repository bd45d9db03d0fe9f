"""Every setting the service reads, in one table, with defaults for the embedded set-up.

Each setting comes from the environment variable of the same name prefixed ``SELFSERVICE_``
(for example ``SELFSERVICE_DATABASE_URL``). The defaults run the service on SQLite with keys
generated into ``instance/``; production sets at least ``DATABASE_URL`` and the key files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: type | Any
    doc: str


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


SETTINGS: tuple[Setting, ...] = (
    Setting("INSTANCE_PATH", str(PROJECT_ROOT / "instance"), str,
            "Folder for the SQLite file and generated keys (created with mode 0700)."),
    Setting("DATABASE_URL", "", str,
            "SQLAlchemy URL; empty means sqlite:///<INSTANCE_PATH>/selfservice.sqlite3."),
    Setting("SECRET_KEY_FILE", "", str,
            "File with the Flask session/CSRF key; empty means <INSTANCE_PATH>/secret_key."),
    Setting("RECORD_KEY_FILE", "", str,
            "File with the answer-encryption keys; empty means <INSTANCE_PATH>/record_keys."),
    Setting("IDENTITY_KEY_FILE", "", str,
            "File with the identity-encryption keys; empty means <INSTANCE_PATH>/identity_keys."),
    Setting("PSEUDONYM_KEY_FILE", "", str,
            "File with the HMAC pseudonym keys; empty means <INSTANCE_PATH>/pseudonym_keys."),
    Setting("RECORD_KEYS", "", str,
            "Answer keys as text (VERSION:BASE64;...) instead of a file, from a secret store."),
    Setting("IDENTITY_KEYS", "", str, "Identity keys as text instead of a file."),
    Setting("PSEUDONYM_KEYS", "", str, "Pseudonymisation keys as text instead of a file."),
    Setting("RECORD_RETENTION_DAYS", 365, int,
            "Days a submission is kept before purge deletes it."),
    Setting("AUDIT_RETENTION_DAYS", 1826, int,
            "Days audit entries are kept (default five years); purge never goes below this."),
    Setting("UNIT_NAME", "Enheten för ekonomiskt bistånd", str,
            "Organisational unit written into every audit entry."),
    Setting("FORMS_PATH", str(PROJECT_ROOT / "forms"), str,
            "Folder with the questionnaire definition files."),
    Setting("QUESTIONNAIRE", "instrument_x_part1", str,
            "Which questionnaire file in FORMS_PATH the applicant journey uses."),
    Setting("DRAFT_LIFETIME_DAYS", 30, int,
            "Days a draft is kept after its last change before it expires."),
    Setting("FOLLOW_UP_CODE_DAYS", 14, int,
            "Days a follow-up code a caseworker gives a person opens their reading, and how "
            "long a reading once opened may be finished."),
    Setting("CONFIRMATION_MINUTES", 60, int,
            "Minutes the phone that sent an application still shows its confirmation and PDF; "
            "after that they are closed, so a shared phone does not keep them."),
    Setting("PAIRING_MINUTES", 90, int,
            "Minutes an applicant's screen may be followed by an interpreter's device (the "
            "pairing code and what it opens) before the pairing ends by itself."),
    Setting("MUNICIPALITY_NAME", "Exempelkommunen", str,
            "Name shown to applicants and printed on documents."),
    Setting("SOCIAL_OFFICE_PHONE", "08-123 456 00", str,
            "Phone number of the social office, shown on help and safety pages."),
    Setting("SOCIAL_OFFICE_HOURS", "08.00–16.00", str,
            "When the social office answers the phone on weekdays, shown with its number."),
    Setting("SOCIAL_EMERGENCY_PHONE", "08-123 456 99", str,
            "Phone number of the social emergency service (socialjouren) for evenings, nights "
            "and weekends, shown on the urgent-help page."),
    Setting("CONTACT_WITHIN_WORKING_DAYS", 5, int,
            "Working days within which a caseworker contacts a household that has sent its "
            "application, promised on the confirmation page and in the PDF."),
    Setting("DECISION_WITHIN_DAYS", 14, int,
            "Days within which the household gets a decision once the unit has every paper it "
            "needs, promised on the confirmation page and in the PDF."),
    Setting("QUICK_EXIT_URL", "https://www.google.com/", str,
            "Neutral page the 'leave this page quickly' button opens."),
    Setting("STAFF_SECOND_FACTOR", True, _bool,
            "Staff sign in with a code from an authenticator app (TOTP) after the password; "
            "set to false only where the sign-in is protected another way."),
    Setting("CASEWORKER_IDLE_MINUTES", 20, int,
            "Minutes without activity after which a caseworker is signed out."),
    Setting("CASEWORKER_SESSION_HOURS", 10, int,
            "Hours after sign-in after which a caseworker must sign in again."),
    Setting("IDLE_WARNING_SECONDS", 120, int,
            "Seconds before the idle timeout that the page warns and offers to stay."),
    Setting("RATELIMIT_STORAGE_URI", "database://", str,
            "Where rate-limit counters live: database:// in the service's own database, shared "
            "by every process that uses it; redis://host:6379 in Redis; memory:// in each "
            "process alone (every worker then counts only its own share)."),
    Setting("REVEALS_PER_HOUR", 20, int,
            "Identities one caseworker may reveal in an hour; one more is refused and shown "
            "to administrators as unusual."),
    Setting("PROXY_HOPS", 0, int,
            "Reverse proxies in front of the service whose X-Forwarded-For/-Proto/-Host are "
            "trusted; 0 ignores those headers."),
    Setting("PDF_RENDER_SECONDS", 20.0, float,
            "Longest a PDF may take to lay out before its worker is stopped and an error shown."),
    Setting("HSTS_SECONDS", 0, int,
            "Strict-Transport-Security max-age; set e.g. 31536000 when served only over HTTPS."),
    Setting("SESSION_COOKIE_SECURE", False, _bool,
            "Send cookies only over HTTPS; set to true behind TLS."),
    Setting("MAX_CONTENT_LENGTH", 1_000_000, int,
            "Largest request body in bytes; larger posts get a clear error page."),
    Setting("STATS_PUBLICATION_EXPORTS", True, _bool,
            "Statistics CSV files are for publication: counts below the threshold are hidden, "
            "and so is whatever would give them away; false exports the true counts."),
    Setting("STATS_PUBLICATION_THRESHOLD", 5, int,
            "Smallest count a publication export shows (zero is always shown)."),
    Setting("FUNNEL_MIN_COUNT", 5, int,
            "Smallest count the drop-off funnel and the answers after sending show, on the "
            "page and in the CSV (zero is always shown); smaller ones, and any that could be "
            "worked out from the shown ones, are hidden."),
)


# Flask-Compress: text is sent compressed to every client that accepts it. Static files count
# as streamed responses, for which the library offers no gzip by default; gzip is the one
# encoding that old phones and some proxies accept, so it is offered for those too.
COMPRESSION: dict[str, Any] = {
    # Text only: PDFs and the icon (PNG inside) are compressed already.
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                           "application/json", "text/csv", "text/plain", "image/svg+xml"],
    "COMPRESS_ALGORITHM_STREAMING": ["zstd", "br", "gzip", "deflate"],
}


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the configuration from the environment, then ``overrides`` (used by tests)."""
    config: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = os.environ.get(f"SELFSERVICE_{setting.name}")
        config[setting.name] = setting.default if raw is None else setting.parse(raw)
    config.update(overrides or {})
    instance = Path(config["INSTANCE_PATH"])
    config.setdefault("DATABASE_URL", "")
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance / 'selfservice.sqlite3'}"
    config["SECRET_KEY_FILE"] = config["SECRET_KEY_FILE"] or str(instance / "secret_key")
    for purpose in ("record", "identity", "pseudonym"):
        name = f"{purpose.upper()}_KEY_FILE"
        config[name] = config[name] or str(instance / f"{purpose}_keys")
    # A draft's CSRF token must outlive the draft, or a long pause costs the applicant input.
    config["WTF_CSRF_TIME_LIMIT"] = config["DRAFT_LIFETIME_DAYS"] * 24 * 3600
    # No message of WTForms' own is shown (every type reads its answers and words its errors),
    # and looking up WTForms' catalogue for each field was a tenth of a step's time.
    config["WTF_I18N_ENABLED"] = False
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["BABEL_DEFAULT_LOCALE"] = "sv"
    config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    for name, value in COMPRESSION.items():
        config.setdefault(name, value)
    return config
