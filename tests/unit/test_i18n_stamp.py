from sitegen.i18n import stamp_text
from sitegen.parse import body_hash


def test_stamp_inserts_before_closing_delimiter():
    text = "---\ntitle: Mail\nlayout: page\n---\nBody\n"
    assert stamp_text(text, "abc123") == "---\ntitle: Mail\nlayout: page\nsource_hash: \"abc123\"\n---\nBody\n"


def test_stamp_replaces_existing_hash_and_keeps_crlf():
    text = "---\r\ntitle: Mail\r\nsource_hash: old\r\n---\r\nBody\r\n"
    assert stamp_text(text, "new") == "---\r\ntitle: Mail\r\nsource_hash: \"new\"\r\n---\r\nBody\r\n"


def test_stamp_without_front_matter():
    assert stamp_text("Body\n", "h").startswith("---\nsource_hash: \"h\"\n---\nBody")


def test_body_hash_ignores_whitespace_only_changes():
    assert body_hash("# T\n\nText  here\n") == body_hash("# T\n\n\n\nText here   \n\n")
    assert body_hash("# T\n\nText here\n") != body_hash("# T\n\nOther text\n")
