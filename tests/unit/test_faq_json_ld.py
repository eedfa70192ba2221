"""The FAQPage JSON-LD, written question by question (and each question
kept), is the text one ``json.dumps`` of the whole document gives, made
inert for a ``<script>`` element."""

from __future__ import annotations

import json
import random

from sitegen import faq


def whole_document(questions, lang):
    document = {"@context": "https://schema.org", "@type": "FAQPage", "inLanguage": lang,
                "mainEntity": [{"@type": "Question", "name": q, "inLanguage": lang,
                                "acceptedAnswer": {"@type": "Answer", "text": a, "inLanguage": lang}}
                               for q, a in questions]}
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def test_same_text_as_one_dump_of_the_document():
    rng = random.Random(7)
    alphabet = 'ab<>&"\\\n\t \u3042\u2028</script><!--\x00\x1f'
    cases = [[], [("質問", "<p>答え &amp; <a href=\"/x/\">リンク</a></p>\n")]]
    cases += [[("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))),
                "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))) for _ in range(rng.randint(0, 4))]
              for _ in range(200)]
    for questions in cases:
        for lang in ("ja", "en"):
            assert faq.json_ld(questions, lang) == whole_document(questions, lang)
            assert faq.json_ld(questions, lang) == whole_document(questions, lang)  # from the kept questions


def test_inert_in_a_script_element():
    text = faq.json_ld([("</script><!--", "<script>alert(1)</script>&")], "ja")
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["mainEntity"][0]["acceptedAnswer"]["text"] == "<script>alert(1)</script>&"


def test_written_in_parts_as_the_questions_are_taken():
    taken = []

    def questions():
        for i in range(3):
            taken.append(i)
            yield f"質問{i}", f"<p>答え{i}</p>"
    parts = faq.json_ld_parts(questions(), "ja")
    head = next(parts)
    assert taken == [] and head.startswith("{")  # nothing read for the head
    rest = list(parts)
    assert head + "".join(rest) == whole_document([(f"質問{i}", f"<p>答え{i}</p>") for i in range(3)], "ja")
    assert len(rest) == 4  # a part per question, and the end
    assert "".join(faq.json_ld_parts([], "en")) == whole_document([], "en")
