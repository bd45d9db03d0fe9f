import itertools

from selfservice import codes


def test_reference_code_shape_and_check_character():
    for _ in range(200):
        code = codes.new_reference_code()
        assert len(code) == 9 and code[4] == "-"
        assert codes.is_valid_reference_code(code)


def test_every_single_character_error_is_caught():
    code = codes.normalise(codes.new_reference_code())
    for position, char in itertools.product(range(len(code)), codes.ALPHABET):
        if char != code[position]:
            typo = code[:position] + char + code[position + 1:]
            assert not codes.is_valid_reference_code(typo), typo


def test_look_alike_letters_are_read_as_digits():
    assert codes.normalise("abcd-efgh o i l") == "ABCDEFGH011"


def test_resume_codes_are_long_random_and_stored_as_keyed_hashes():
    first, second = codes.new_resume_code(), codes.new_resume_code()
    assert first != second and len(codes.normalise(first)) == 16
    hashed = codes.hash_resume_code(first, secret=b"k" * 32)
    assert codes.normalise(first) not in hashed
    assert hashed == codes.hash_resume_code(first.lower().replace("-", " "), secret=b"k" * 32)
    assert hashed != codes.hash_resume_code(first, secret=b"j" * 32)
