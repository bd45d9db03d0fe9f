"""Everything the chat says and the words it listens for, as Swedish msgids.

Translated where they are shown, so a transcript reads in the page's language and, for an
interpreter, in Swedish beside it.
"""

from selfservice.i18n import N_

# Translators: each command has a button label and the words a person may type instead,
# separated by commas. Keep the Swedish words out: they always work as well.
COMMANDS: dict[str, tuple[str, str]] = {
    "back": (N_("Tillbaka"),
             N_("tillbaka, bakåt, förra frågan, föregående fråga, gå tillbaka")),
    "skip": (N_("Hoppa över"), N_("hoppa över, hoppa över frågan, skippa, nästa fråga")),
    "help": (N_("Hjälp"), N_("hjälp, hjälp mig, jag förstår inte, förstår inte, fattar inte, "
                             "kan du hjälpa mig")),
    "why": (N_("Varför frågar vi?"),
            N_("varför, varför frågar ni, varför frågar du, varför undrar ni, varför vill ni "
               "veta det, varför behöver ni veta")),
    "change": (N_("Ändra ett svar"),
               N_("ändra, ändra svar, ändra ett svar, rätta, ändra mitt svar, jag vill ändra "
                  "mitt svar, jag svarade fel")),
    "summary": (N_("Visa mina svar"),
                N_("visa mina svar, mina svar, visa svaren, vad har jag svarat")),
    "restart": (N_("Börja om"),
                N_("börja om, starta om, börja om samtalet, börja från början")),
    "person": (N_("Prata med en person"),
               N_("prata med en person, jag vill prata med en person, ring, människa, prata "
                  "med någon, jag vill prata med någon, prata med en handläggare")),
}
# Commands that buttons send but nobody types.
KEEP, CONFIRM_RESTART, CANCEL, KEEP_TYPED = "keep", "confirm_restart", "cancel", "keep_typed"
KEEP_LABEL = N_("Behåll svaret")
KEEP_TYPED_LABEL = N_("Spara det som mitt svar")
CONFIRM_LABEL = N_("Ja, börja om")
CANCEL_LABEL = N_("Nej, fortsätt")
BUTTON_LABELS = {KEEP: KEEP_LABEL, CONFIRM_RESTART: CONFIRM_LABEL, CANCEL: CANCEL_LABEL,
                 KEEP_TYPED: KEEP_TYPED_LABEL}

# Translators: words a question often starts with, separated by commas. A word written as
# "*ko" stands for every word of six letters or more that ends so (Finnish -ko/-kö questions).
# Add the everyday and spoken forms people type, with or without accents.
QUESTION_WORDS = N_("vad, va, vem, vilken, vilket, vilka, hur, när, var, vart, varför, kan, "
                    "får, måste, ska, behöver, finns, är, gäller, betyder, stämmer, går")
# Translators: how people begin a question without a question word ("I want to know …"),
# separated by commas.
QUESTION_STARTS = N_("jag vill veta, jag undrar, undrar, kan du förklara, förklara, berätta om")
QUESTION_MARKS = ("?", "؟", "¿")
# Translators: words that join the items of a list people type ("rent and electricity"),
# separated by commas.
AND_WORDS = N_("och, samt, plus")
QUERY_LIMIT = 300  # characters of a typed question that retrieval looks at
STORED_TEXT_LIMIT = 3000  # what the transcript keeps of one typed message

GREETING = N_("Hej! Jag ställer frågorna i ansökan, en eller några i taget. Allt du svarar "
              "sparas direkt.")
GREETING_HELP = N_("Tryck på ett svar eller skriv. Du kan också skriva en egen fråga, till "
                   "exempel ”Vad är riksnorm?”, eller trycka på knapparna under frågan.")
WELCOME_BACK = N_("Välkommen tillbaka! Vi fortsätter där du är nu.")
STALE_QUESTION = N_("Frågan hann ändras innan ditt svar kom fram. Här är frågan nu.")
YOUR_ANSWER = N_("Ditt svar nu: %(answer)s")
SKIPPED = N_("Du hoppade över frågan.")
# Translators: stands in the chat for an answer only the caseworker may read (a wish to meet
# the caseworker alone), in the person's own bubble too: the phone may be shared.
PRIVATE_ANSWER = N_("Svaret visas bara för handläggaren.")
CANNOT_SKIP = N_("Den här frågan behöver ett svar, så du kan inte hoppa över den.")
CANNOT_SKIP_ESCAPE = N_("Vet du inte, eller vill du inte svara? Då kan du välja ”%(escape)s”.")
NO_QUESTION = N_("Just nu finns det ingen fråga att svara på.")
FIRST_QUESTION = N_("Det här är den första frågan. Det finns ingen fråga före.")
NOTHING_ANSWERED = N_("Du har inte svarat på någon fråga än.")
PICK_QUESTION = N_("Vilket svar vill du ändra? Välj frågan.")
GONE_QUESTION = N_("Den frågan gäller inte längre för ditt hushåll.")
WHY_INTRO = N_("Därför frågar vi:")
NO_HELP = N_("Det finns ingen extra hjälp till den här frågan.")
ASK_ANYTHING = N_("Du kan också skriva en fråga med egna ord, till exempel ”Vad betyder "
                  "försörjningsstöd?”")
GENERAL_HELP = N_("Svara på frågan genom att trycka på ett svar eller skriva. Knapparna under "
                  "frågan tar dig tillbaka, visar dina svar eller låter dig ändra ett svar.")
# Translators: a question typed where an answer was expected is not saved until the person
# says it was their answer (a button with KEEP_TYPED_LABEL).
ANSWER_OR_QUESTION = N_("Jag sparade inte det du skrev, eftersom det ser ut som en fråga. Var "
                        "det ditt svar, tryck på ”Spara det som mitt svar”. Annars kan du svara "
                        "på frågan nu.")
# Translators: several questions asked in one message; what is said about one of them (what
# is wrong with its answer, or why we ask it).
LABELLED = N_("%(question)s – %(text)s")
# Translators: several questions asked in one message; what was typed for one of them looks
# like a question, so it was answered instead of saved. Sending it again saves it.
KEPT_BACK = N_("Jag sparade inte det du skrev vid ”%(question)s”, eftersom det ser ut som en "
               "fråga. Var det ditt svar, skicka det igen.")
# Translators: %(member)s is "Person 1"; the answer box already holds that person's answer.
SAME_AS_FIRST = N_("Jag har fyllt i samma svar som för %(member)s. Ändra det om det inte "
                   "stämmer.")
DONT_KNOW = N_("Det vet jag tyvärr inte säkert.")
DID_YOU_MEAN = N_("Menade du kanske det här?")
CLOSEST = N_("Kanske hjälper något av det här:")
ASK_CASEWORKER = N_("Du kan också fråga en handläggare på socialtjänsten. Ring %(phone)s.")
PERSON = N_("Du kan prata med en handläggare på socialtjänsten i %(municipality)s. "
            "Ring %(phone)s.")
PERSON_MORE = N_("Säg att du vill boka ett nybesök eller ställa en fråga om ekonomiskt "
                 "bistånd. Du kan få tolk. Dina svar finns sparade här, så du kan fortsätta "
                 "senare.")
RESTART_QUESTION = N_("Vill du börja om samtalet? Det som står i chatten tas bort. Dina "
                      "sparade svar finns kvar.")
RESTART_CANCELLED = N_("Vi fortsätter samtalet.")
RESTARTED = N_("Samtalet började om. Dina sparade svar finns kvar.")
SUMMARY_INTRO = N_("Det här har du svarat hittills:")
SUMMARY_EMPTY = N_("Du har inte svarat på någon fråga än.")
ALL_DONE = N_("Nu har du svarat på alla frågor. Kontrollera dina svar innan du skickar "
              "ansökan.")
CHECK_LINK = N_("Kontrollera dina svar och skicka")
BACK_TO_TASKS = N_("Tillbaka till översikten")
APPLICATION_INTRO = N_("Samma frågor som i formuläret, en eller några i taget. Dina svar "
                       "sparas i samma ansökan.")
FOLLOW_UP_INTRO = N_("Samma frågor som i formuläret för uppföljningen, en i taget. Dina svar "
                     "sparas direkt.")
FOLLOW_UP_GREETING = N_("Hej! Jag ställer frågorna i din uppföljning, en i taget: hur det går "
                        "för dig nu, vilken grupp du själv väljer och dina egna mål. Allt du "
                        "svarar sparas direkt.")
FOLLOW_UP_DONE = N_("Nu har du svarat på alla frågor. Din nya bedömning är sparad och din "
                    "handläggare ser den.")
FOLLOW_UP_DONE_LINK = N_("Avsluta uppföljningen")
SAFETY_TEXT = N_("Eftersom någon i hushållet har skyddade personuppgifter frågar vi inte "
                 "efter din adress. Läs hur du kan söka på ett säkert sätt.")
SAFETY_LINK = N_("Om du har skyddade personuppgifter")
URGENT_TEXT = N_("Ring socialtjänsten redan i dag på %(phone)s. Kvällar, nätter och helger "
                 "ringer du socialjouren på %(emergency)s. Är någon i fara nu? Ring 112. Vi "
                 "ser inte dina svar förrän du har skickat ansökan.")
URGENT_LINK = N_("Vad du kan göra i dag")
