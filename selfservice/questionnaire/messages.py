"""Every validation message of the form engine, in one place; translated when shown."""

from selfservice.bidi import left_to_right
from selfservice.i18n import N_, N_plural

REQUIRED_TEXT = N_("Fyll i ett svar.")
REQUIRED_CHOICE = N_("Välj ett av alternativen.")
REQUIRED_CHOICES = N_("Välj minst ett alternativ.")
UNKNOWN_CHOICE = N_("Välj ett av alternativen i listan.")
UNKNOWN_CHOICES = N_("Jag känner inte igen ”%(part)s”. Välj ett eller flera av alternativen, "
                     "eller skriv dem med kommatecken emellan.")
ESCAPE_ALONE = N_("Välj ”Jag vet inte” eller ”Jag vill inte svara” bara om du inte svarar.")
ESCAPE_EXCLUSIVE = N_("Välj antingen ett svar eller ”Jag vet inte”/”Jag vill inte svara”.")
CONTROL_CHARACTERS = N_("Svaret innehåller tecken som inte kan sparas. Skriv det igen.")
# A count in words ("300 tecken") has its number's form: Arabic has six.
TOO_LONG = N_plural("Svaret är för långt. Skriv högst %(num)s tecken (nu %(length)s).",
                    "Svaret är för långt. Skriv högst %(num)s tecken (nu %(length)s).")
NOT_A_NUMBER = N_("Skriv ett heltal med siffror, till exempel 3.")
NUMBER_TOO_SMALL = N_("Talet måste vara %(min)s eller större.")
NUMBER_TOO_LARGE = N_("Talet måste vara %(max)s eller mindre.")
NOT_AN_AMOUNT = N_("Skriv beloppet i hela kronor med siffror, till exempel %(example)s.")
NEGATIVE_AMOUNT = N_("Beloppet kan inte vara mindre än noll. Skriv 0 om du inte har något.")
AMOUNT_TOO_LARGE = N_("Beloppet är orimligt stort. Kontrollera det. Högst %(max)s kronor.")
NOT_A_DATE = N_("Skriv ett riktigt datum som år-månad-dag, till exempel %(example)s.")
DATE_IN_FUTURE = N_("Datumet kan inte vara senare än i dag.")
DATE_IN_PAST = N_("Datumet kan inte vara tidigare än i dag.")
DATE_TOO_EARLY = N_("Kontrollera årtalet. Datumet kan inte vara före år 1900.")
NOT_A_PERSONNUMMER = N_("Skriv hela numret med 12 siffror, till exempel %(example)s.")
PERSONNUMMER_CHECKSUM = N_(
    "Numret stämmer inte. Kontrollera siffrorna, särskilt de fyra sista."
)
PERSONNUMMER_IN_FUTURE = N_("Numret anger ett födelsedatum som inte har varit än.")
NOT_A_PHONE = N_("Skriv ett telefonnummer med siffror, till exempel %(example)s.")
NOT_AN_EMAIL = N_("Skriv en e-postadress som namn@exempel.se.")
NOT_A_POSTCODE = N_("Skriv postnumret med 5 siffror, till exempel %(example)s.")
NOT_A_SWEDISH_POSTCODE = N_(
    "Ett postnummer i Sverige börjar aldrig med 0. Skriv ditt postnummer i Sverige, till "
    "exempel %(example)s."
)
EXCLUSIVE_CHOICE = N_("”%(choice)s” kan inte väljas tillsammans med andra svar.")
NOT_ON_RULER = N_("Välj en siffra från 0 till 10.")

# A message's example is a value, not words in it: no translation can change it, and it is
# isolated left to right, or an Arabic sentence would show "19850423-1234" as "1234-19850423".
EXAMPLES = {
    NOT_AN_AMOUNT: "4 500",
    NOT_A_DATE: "1985-04-23",
    NOT_A_PERSONNUMMER: "19850423-1234",
    NOT_A_PHONE: "070-123 45 67",
    NOT_A_POSTCODE: "151 72",
    NOT_A_SWEDISH_POSTCODE: "151 72",
}


def example(msgid: str) -> dict[str, str]:
    """Return the message's example as its value, isolated; nothing for other messages."""
    return {"example": left_to_right(EXAMPLES[msgid])} if msgid in EXAMPLES else {}
