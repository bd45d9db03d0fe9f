import textwrap

import pytest

from selfservice.config import PROJECT_ROOT
from selfservice.questionnaire.definition import DefinitionError, load_questionnaire

MINIMAL = """\
id: tiny
version: 1
title: Liten
sections:
  - id: about
    title: Om dig
    pages:
      - id: about
        title: Om dig
        questions:
          - id: name
            type: text
            label: Namn
            why: För att veta vem du är.
"""


def write(tmp_path, text):
    path = tmp_path / "tiny.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_the_shipped_questionnaire_loads_with_its_five_areas():
    questionnaire = load_questionnaire(PROJECT_ROOT / "forms" / "instrument_x_part1.yaml")
    section_ids = [s.id for s in questionnaire.sections]
    assert section_ids == ["urgent", "household", "personal", "occupation", "economy", "family",
                           "housing", "self_rating"]
    assert questionnaire.page("personal").repeat == "adults"
    assert questionnaire.page("child").repeat == "children"
    assert all(q.why for page in questionnaire.pages for q in page.questions)


def test_a_minimal_file_loads(tmp_path):
    questionnaire = load_questionnaire(write(tmp_path, MINIMAL))
    assert questionnaire.page("about").question("name").required is True


def test_unknown_type_is_reported_with_file_and_line(tmp_path):
    path = write(tmp_path, MINIMAL.replace("type: text", "type: texxt"))
    with pytest.raises(DefinitionError) as error:
        load_questionnaire(path)
    assert f"{path}:12:" in str(error.value)
    assert "texxt" in str(error.value)


def test_missing_why_text_is_an_error(tmp_path):
    path = write(tmp_path, MINIMAL.replace("            why: För att veta vem du är.\n", ""))
    with pytest.raises(DefinitionError, match="'why' is a required property"):
        load_questionnaire(path)


def test_condition_on_an_unknown_question_names_the_line(tmp_path):
    text = MINIMAL + """\
          - id: nickname
            type: text
            label: Smeknamn
            why: Test.
            when: {question: nmae, answered: true}
"""
    path = write(tmp_path, text)
    with pytest.raises(DefinitionError, match=r"tiny.yaml:19: .*unknown earlier question 'nmae'"):
        load_questionnaire(path)


def test_unquoted_yes_in_a_condition_is_caught(tmp_path):
    text = MINIMAL.replace("type: text", "type: yes_no") + """\
          - id: why_not
            type: text
            label: Varför?
            why: Test.
            when: {question: name, equals: yes}
"""
    with pytest.raises(DefinitionError, match="in quotes"):
        load_questionnaire(write(tmp_path, text))


def test_duplicate_question_ids_and_reserved_choice_codes_are_errors(tmp_path):
    text = MINIMAL + """\
          - id: name
            type: single_choice
            label: Igen
            why: Test.
            choices:
              - {value: dont_know, label: Vet ej}
              - {value: other, label: Annat}
"""
    with pytest.raises(DefinitionError) as error:
        load_questionnaire(write(tmp_path, text))
    assert "used twice" in str(error.value)
    assert "use 'escapes'" in str(error.value)


def test_choice_question_without_choices_is_an_error(tmp_path):
    path = write(tmp_path, MINIMAL.replace("type: text", "type: single_choice"))
    with pytest.raises(DefinitionError, match="needs choices"):
        load_questionnaire(path)


def test_broken_yaml_is_reported(tmp_path):
    with pytest.raises(DefinitionError, match="not valid YAML"):
        load_questionnaire(write(tmp_path, MINIMAL + "  - [unclosed\n"))


def test_the_app_refuses_to_start_with_a_broken_definition(tmp_path):
    from selfservice import create_app

    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "instrument_x_part1.yaml").write_text("id: x\n")
    with pytest.raises(DefinitionError, match=r"instrument_x_part1\.yaml:1"):
        create_app({"INSTANCE_PATH": str(tmp_path / "i"), "FORMS_PATH": str(forms)})


def test_a_recording_per_language_is_read_and_must_be_there(tmp_path):
    recorded = MINIMAL + "            audio: {ar: sample.wav}\n"
    question = load_questionnaire(write(tmp_path, recorded)).page("about").question("name")
    assert question.audio_file("ar") == "sample.wav" and question.audio_file("fi") is None
    with pytest.raises(DefinitionError, match=r"no recording 'missing\.mp3'"):
        load_questionnaire(write(tmp_path, recorded.replace("sample.wav", "missing.mp3")))
    with pytest.raises(DefinitionError, match="audio"):
        load_questionnaire(write(tmp_path, recorded.replace("sample.wav", "../secret.wav")))
