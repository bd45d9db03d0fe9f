"""Identity typed into free text is masked for staff until the identity is revealed."""

from __future__ import annotations

import pytest

from selfservice.records.masking import mask

NAMES = ["Rami", "Haddad", "Layla Haddad"]


@pytest.mark.parametrize(("typed", "shown"), [
    ("rami.haddad@example.com 19840312-2388",
     "[e-post dold] [personnummer dolt]"),
    ("mitt nummer 840312-2388 och 198403122388", "mitt nummer [personnummer dolt] och "
     "[personnummer dolt]"),
    ("samordningsnummer 19840372 2385", "samordningsnummer [personnummer dolt]"),
    ("ring mig 070-123 45 67 eller +46 70 123 45 67 eller 0046701234567",
     "ring mig [telefonnummer dolt] eller [telefonnummer dolt] eller [telefonnummer dolt]"),
    ("Rami och LAYLA vill jobba", "[namn dolt] och [namn dolt] vill jobba"),
    ("شو رقمي 0701234567", "شو رقمي [telefonnummer dolt]"),
    # Not identity: amounts, dates, short numbers, a word that only contains a name.
    ("hyran är 5 400 kr sedan 2015-06-01, 3 barn", "hyran är 5 400 kr sedan 2015-06-01, 3 barn"),
    ("12 500 000 kr i skuld", "12 500 000 kr i skuld"),
    ("Ramiro bor här", "Ramiro bor här"),
])
def test_identity_in_free_text_is_masked_and_the_rest_kept(shared_app, typed, shown):
    with shared_app.test_request_context("/?lang=sv"):
        assert mask(typed, NAMES) == shown
