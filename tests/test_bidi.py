"""Numbers, identity numbers, e-mails and Swedish words stay whole inside Arabic text."""

from __future__ import annotations

from bs4 import BeautifulSoup

from selfservice.bidi import isolated, isolated_plain, mark_swedish_terms
from tests.builders import household_inputs
from tests.conftest import page
from tests.journey import complete_household, fill_step, start

ARABIC = "رقمي 19880921-4623 وبريدي rami.haddad@example.com والمبلغ 9 800 كرونة في Storgatan 5"


def runs(html: str) -> list[str]:
    return [b.get_text() for b in BeautifulSoup(str(html), "html.parser").select("bdi[dir=ltr]")]


def test_each_left_to_right_run_in_arabic_text_is_isolated():
    assert runs(isolated(ARABIC)) == ["19880921-4623", "rami.haddad@example.com", "9 800",
                                      "Storgatan 5"]
    plain = isolated_plain(ARABIC)
    assert "\u206619880921-4623\u2069" in plain and "\u20669 800\u2069" in plain
    assert plain.replace("\u2066", "").replace("\u2069", "") == ARABIC


def test_a_masked_marker_in_arabic_text_keeps_its_brackets_with_it():
    masked = "لهجة حلبية [personnummer dolt] اتصلوا على [telefonnummer dolt]"
    assert runs(isolated(masked)) == ["[personnummer dolt]", "[telefonnummer dolt]"]
    assert runs(isolated("قرب (Göteborg) 5")) == ["(Göteborg)", "5"]


def test_text_without_right_to_left_letters_and_markup_in_it_are_left_alone():
    assert str(isolated("Storgatan 5, 151 72")) == "Storgatan 5, 151 72"
    assert isolated_plain("070-174 06 10") == "070-174 06 10"
    typed = str(isolated("<b>9 800</b> كرونة"))
    assert "<b>" not in typed and '&lt;<bdi dir="ltr">b</bdi>&gt;' in typed


def test_a_swedish_term_kept_in_a_translation_is_marked_swedish():
    arabic = mark_swedish_terms("الأسرة المعيشية (hushåll) و %(num)s (Storgatan)",
                                "Hushåll och %(num)s", right_to_left=True)
    assert str(arabic) == ('الأسرة المعيشية <bdi lang="sv" dir="ltr">(hushåll)</bdi> و '
                           '%(num)s (Storgatan)')
    finnish = mark_swedish_terms("toimeentulotuki (försörjningsstöd) (Ruotsin verovirasto)",
                                 "Försörjningsstöd från Skatteverket", right_to_left=False)
    assert str(finnish) == ('toimeentulotuki (<span lang="sv">försörjningsstöd</span>) '
                            '(Ruotsin verovirasto)')


def test_every_number_date_postcode_phone_email_and_identity_input_is_left_to_right(client, app):
    start(client)
    inputs = household_inputs(adults=1, children=1)
    complete_household(client, app, adults=1, children=1, inputs=inputs)
    kinds = {}
    for url in ("/apply/household?lang=ar", "/apply/personal/1?lang=ar",
                "/apply/income/1?lang=ar", "/apply/child/1?lang=ar", "/apply/housing?lang=ar"):
        for field in page(client.get(url)).soup.select("input.input"):
            kinds[field["id"]] = field.get("dir")
    for name in ("child_count", "identity_number", "date_of_birth", "phone", "email",
                 "salary_amount", "address_postcode"):
        assert kinds.get(name) == "ltr", (name, kinds.get(name))
    assert kinds["first_name"] is None  # a name is written in the person's own script


def test_the_postcode_is_read_as_people_write_it(client, app):
    start(client)
    inputs = household_inputs(adults=1, children=0)
    inputs["housing"] = {"housing_kind": "first_hand", "address_street": "Exempelgatan 1",
                         "address_postcode": "SE-15172", "address_city": "Södertälje"}
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    check = page(client.get("/check")).soup.get_text(" ", strip=True)
    assert "151 72" in check


def test_identity_numbers_and_emails_in_arabic_free_text_read_left_to_right_on_the_check_page(
        client, app):
    start(client)
    inputs = household_inputs(adults=1, children=0)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    # The person writes it on the Arabic page.
    fill_step(client, app, "/apply/occupation/1?lang=ar",
              {"status": ["unemployed"], "work_goal": ARABIC})
    check = page(client.get("/check?lang=ar")).soup
    typed = next(b for b in check.select("bdi[lang]") if "رقمي" in b.get_text())
    assert typed["lang"] == "ar"
    assert runs(typed) == ["19880921-4623", "rami.haddad@example.com", "9 800", "Storgatan 5"]


def test_swedish_terms_in_an_arabic_page_carry_their_language(client):
    shown = page(client.get("/safety?lang=ar")).soup
    terms = [b.get_text() for b in shown.select("main bdi[lang=sv][dir=ltr]")]
    assert terms, "the Arabic safety page keeps Swedish terms in brackets"
    assert all(term.startswith("(") and term.endswith(")") for term in terms)
