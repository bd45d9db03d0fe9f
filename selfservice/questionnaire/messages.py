"""Every validation message of the form engine, lazily translated, in one place."""

from flask_babel import lazy_gettext as _l

REQUIRED_TEXT = _l("Fyll i ett svar.")
REQUIRED_CHOICE = _l("Välj ett av alternativen.")
REQUIRED_CHOICES = _l("Välj minst ett alternativ.")
UNKNOWN_CHOICE = _l("Välj ett av alternativen i listan.")
ESCAPE_ALONE = _l("Välj ”Jag vet inte” eller ”Jag vill inte svara” bara om du inte svarar.")
ESCAPE_EXCLUSIVE = _l("Välj antingen ett svar eller ”Jag vet inte”/”Jag vill inte svara”.")
CONTROL_CHARACTERS = _l("Svaret innehåller tecken som inte kan sparas. Skriv det igen.")
TOO_LONG = _l("Svaret är för långt. Skriv högst %(max)s tecken (nu %(length)s).")
NOT_A_NUMBER = _l("Skriv ett heltal med siffror, till exempel 3.")
NUMBER_TOO_SMALL = _l("Talet måste vara %(min)s eller större.")
NUMBER_TOO_LARGE = _l("Talet måste vara %(max)s eller mindre.")
NOT_AN_AMOUNT = _l("Skriv beloppet i hela kronor med siffror, till exempel 4 500.")
NEGATIVE_AMOUNT = _l("Beloppet kan inte vara mindre än noll. Skriv 0 om du inte har något.")
AMOUNT_TOO_LARGE = _l("Beloppet är orimligt stort. Kontrollera det. Högst %(max)s kronor.")
NOT_A_DATE = _l("Skriv ett riktigt datum som år-månad-dag, till exempel 1985-04-23.")
DATE_IN_FUTURE = _l("Datumet kan inte vara senare än i dag.")
DATE_IN_PAST = _l("Datumet kan inte vara tidigare än i dag.")
DATE_TOO_EARLY = _l("Kontrollera årtalet. Datumet kan inte vara före år 1900.")
NOT_A_PERSONNUMMER = _l(
    "Skriv ett personnummer eller samordningsnummer med 12 siffror, till exempel 19850423-1234."
)
PERSONNUMMER_CHECKSUM = _l(
    "Numret stämmer inte. Kontrollera siffrorna, särskilt de fyra sista."
)
PERSONNUMMER_IN_FUTURE = _l("Numret anger ett födelsedatum som inte har varit än.")
NOT_A_PHONE = _l("Skriv ett telefonnummer med siffror, till exempel 070-123 45 67.")
NOT_AN_EMAIL = _l("Skriv en e-postadress som namn@exempel.se.")
