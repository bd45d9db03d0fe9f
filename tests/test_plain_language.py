"""The plain-language gate: every question, help text and error message the applicant reads is
easy enough to read in each of the four languages (README.md, "Plain language")."""

from __future__ import annotations

import pytest

from tests.plain_language import (
    LANGUAGES,
    MIN_WORDS,
    STAFF_SOURCES,
    applicant_entries,
    as_read,
    is_word_list,
    kind_of,
    readability,
    too_hard,
)

KINDS = ("question", "help text", "error message", "page text")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_applicant_text_is_easy_enough_to_read(language, kind):
    hard = [f"{entry.source}: {score}" for entry in applicant_entries() if entry.kind == kind
            for text_language, text, _ in entry.texts()
            if text_language == language and (score := too_hard(text, language))]
    assert not hard, "\n".join(hard)


@pytest.mark.parametrize("kind", KINDS)
def test_the_gate_scores_texts_of_every_kind(kind):
    scored = [text for entry in applicant_entries() if entry.kind == kind
              for language, text, _ in entry.texts() if readability(text, language)]
    assert len(scored) >= 8, f"only {len(scored)} {kind}s long enough to score"


def test_a_long_swedish_sentence_fails_with_its_lix_in_the_message():
    text = ("Ansökningshandlingarna tillsammans med erforderliga kompletteringar ska inkomma "
            "till förvaltningen innan handläggningen av ärendet kan påbörjas.")
    score = too_hard(text, "sv")
    assert score is not None
    assert score.value > 70
    assert f"LIX {score.value:.1f} (limit 40)" in str(score)
    assert text in str(score)


def test_a_plain_swedish_text_passes():
    text = "Skicka in alla papper som vi ber om. Sedan kan vi börja titta på din ansökan."
    score = readability(text, "sv")
    assert score is not None and score.value < 40
    assert too_hard(text, "sv") is None


@pytest.mark.parametrize(("language", "hard", "plain"), [
    ("en", "Notwithstanding the aforementioned considerations, applicants must substantiate "
           "eligibility through comprehensive documentation of household circumstances.",
     "Send us the papers we ask for. Then we can start to look at what you need."),
    ("fi", "Hakemusasiakirjojen täydentämisvelvollisuuden laiminlyöminen viivästyttää "
           "toimeentulotukipäätöksen valmistelemista huomattavasti kaikissa tilanteissa, "
           "koska käsittelijän on selvitettävä hakijan taloudellinen tilanne.",
     "Lähetä meille paperit, joita pyydämme. Sitten voimme alkaa katsoa hakemustasi."),
    ("ar", "إنّ استكمال المستندات الثبوتية المتعلقة بالاستحقاقات الاجتماعية والاقتصادية يستلزم "
           "تقديم الإقرارات الضريبية والمستندات المصرفية المصدّقة والمترجمة ترجمةً معتمدةً.",
     "يُرجى إرسال الورق الذي نطلبه. بعد ذلك نقرأ طلبك. ثم نتصل بك."),
])
def test_each_language_tells_a_hard_text_from_a_plain_one(language, hard, plain):
    assert too_hard(hard, language) is not None
    assert too_hard(plain, language) is None


def test_a_text_of_a_few_words_is_not_scored():
    assert readability("Fortsätt till nästa steg", "sv") is None
    assert MIN_WORDS >= 8


def test_a_text_is_scored_as_read_without_markup_and_with_real_values():
    swedish = "Svaren raderas <strong>%(num)s dagar</strong> efter att du sparade."
    assert as_read(swedish, swedish, "sv") == "Svaren raderas 30 dagar efter att du sparade."


def test_a_swedish_name_kept_in_a_translation_counts_as_one_short_word():
    swedish = "Ersättning från Försäkringskassan när du är sjuk."
    english = "Money from Försäkringskassan (the Swedish Social Insurance Agency) when you are ill."
    finnish = "Ruotsin vakuutuskassan (Försäkringskassan) korvaus, kun olet sairas."
    assert as_read(english, swedish, "en") == \
        "Money from X (the Swedish Social Insurance Agency) when you are ill."
    assert as_read(finnish, swedish, "fi") == "Ruotsin vakuutuskassan korvaus, kun olet sairas."


def test_only_the_applicants_texts_are_held_to_the_gate():
    assert kind_of(["forms/instrument_x_part1.yaml"], ["instrument_x_part1.a.b.label"]) == \
        "question"
    assert kind_of(["forms/glossary.yaml"], ["glossary.entries.tolk.text"]) == "help text"
    assert kind_of(["selfservice/questionnaire/messages.py"], []) == "error message"
    assert kind_of(["forms/mi_prompts.yaml"], ["mi_prompts.prompts.x.text"]) is None
    assert kind_of(["forms/instrument_x_part1.yaml"], ["instrument_x_part1.a.aliases"]) is None


def test_the_pages_and_the_chat_are_held_to_the_gate_and_staff_pages_are_not():
    assert kind_of(["templates/intake/start.html"], []) == "page text"
    assert kind_of(["selfservice/chat/texts.py"], []) == "page text"
    assert kind_of(["templates/base.html"], []) == "page text"
    assert kind_of(["templates/intake/access_log.html"], []) == "page text"
    assert kind_of(["templates/review/record.html"], []) is None
    assert kind_of(["templates/stats/usage.html"], []) is None
    assert kind_of(["selfservice/review/views.py"], []) is None
    # A text on a staff page and an applicant's page is the applicant's too.
    assert kind_of(["templates/review/record.html", "templates/intake/check.html"], []) == \
        "page text"


def test_a_list_of_words_people_type_is_not_scored_as_a_text():
    assert is_word_list("tillbaka, bakåt, förra frågan, föregående fråga, gå tillbaka")
    assert not is_word_list("Ring socialtjänsten, din handläggare eller 112, om det brådskar.")
    assert not is_word_list("Alkohol, droger, spel eller läkemedel")


def test_the_gate_reads_the_texts_of_the_applicants_pages():
    sources = {entry.source for entry in applicant_entries() if entry.kind == "page text"}
    for source in ("templates/intake/start.html", "selfservice/chat/texts.py",
                   "templates/intake/privacy.html", "templates/macros.html"):
        assert any(source in found for found in sources), source
    staff_only = [found for found in sources
                  if all(where.startswith(STAFF_SOURCES) for where in found.split(", "))]
    assert not staff_only
