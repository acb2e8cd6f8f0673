import pytest

from readinglist.errors import ReaderNameError
from readinglist.readers import check_reader, default_reader, reader_slug


@pytest.mark.parametrize("name", ["ann", "reader-a", "r_2", "0x"])
def test_good_names(name):
    assert check_reader(name) == name


@pytest.mark.parametrize("name", ["", "Ann", "../x", "a/b", "a b", "-a", "_a", "é", "a" * 65, "a.yaml", "a\n"])
def test_bad_names(name):
    with pytest.raises(ReaderNameError):
        check_reader(name)


def test_slug_of_a_full_name():
    assert reader_slug("Ada Lovelace") == "ada-lovelace"
    assert reader_slug("Zoë O'Brien") == "zoe-o-brien"
    assert reader_slug("李") == ""


def test_default_order_env_then_git_then_login():
    assert default_reader({"READINGLIST_READER": "ann"}, lambda: "Git Name", lambda: "login") == "ann"
    assert default_reader({}, lambda: "Git Name", lambda: "login") == "git-name"
    assert default_reader({}, lambda: "", lambda: "login") == "login"
    assert default_reader({}, lambda: "李", lambda: "Login.Name") == "login-name"


def test_bad_environment_value_is_an_error_not_a_fallback():
    with pytest.raises(ReaderNameError, match="READINGLIST_READER"):
        default_reader({"READINGLIST_READER": "../x"}, lambda: "g", lambda: "l")


def test_no_name_at_all():
    def no_login():
        raise OSError("no login")

    with pytest.raises(ReaderNameError, match="--reader"):
        default_reader({}, lambda: "", no_login)
