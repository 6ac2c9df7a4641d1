"""The shared sentence splitter (text.sentences): the edge cases health drafts are full of."""
from __future__ import annotations

import pytest

from healthlint.words import sentences


def split(text):
    return [text[a:b] for a, b in sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("Dr. Patel sees patients on Monday. She is busy.", ["Dr. Patel sees patients on Monday.", "She is busy."]),
    ("Nakamura et al. found less pain. Others did not.", ["Nakamura et al. found less pain.", "Others did not."]),
    ("Use a cold pack, e.g. frozen peas. Then rest.", ["Use a cold pack, e.g. frozen peas.", "Then rest."]),
    ("Take 2.5 mg twice a day. Stop after 3 days.", ["Take 2.5 mg twice a day.", "Stop after 3 days."]),
    ("J. R. Moreno wrote the guide. It is short.", ["J. R. Moreno wrote the guide.", "It is short."]),
    ("It hurt… then it eased. Later it came back.", ["It hurt… then it eased.", "Later it came back."]),
    ("Wait... Then stretch.", ["Wait...", "Then stretch."]),
    ("She moved to the U.S. in May. Then she ran.", ["She moved to the U.S. in May.", "Then she ran."]),
    ("See Fig. 2 for the pose. Hold it.", ["See Fig. 2 for the pose.", "Hold it."]),
    ("Is it serious? Usually not.", ["Is it serious?", "Usually not."]),
    ("\u201cRest first.\u201d Then walk.", ["\u201cRest first.\u201d", "Then walk."]),
    ("Swelling, bruising, etc. See a doctor if it lasts.", ["Swelling, bruising, etc.", "See a doctor if it lasts."]),
    ("Take vitamin D. Vitamin D helps bones.", ["Take vitamin D.", "Vitamin D helps bones."]),
    ("Get the hepatitis B vaccine. It is safe.", ["Get the hepatitis B vaccine.", "It is safe."]),
    # a citation number glued to the full stop stays with its sentence
    ("Red flags mislead.18 Check them anyway.", ["Red flags mislead.18", "Check them anyway."]),
    ("Walking helps.[4] So does rest.", ["Walking helps.[4]", "So does rest."]),
    ("Walking helps.\u00b3 So does rest.", ["Walking helps.\u00b3", "So does rest."]),
    ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
    # abbreviations that are also words end a sentence where they are words
    ("Is it contagious? No. It is not.", ["Is it contagious?", "No.", "It is not."]),
    ("See No. 5 and Fig. 2 first. Done.", ["See No. 5 and Fig. 2 first.", "Done."]),
    ("Avoid the sun. Wear a hat.", ["Avoid the sun.", "Wear a hat."]),
    ("Open Sat. and Sun. only. Call ahead.", ["Open Sat. and Sun. only.", "Call ahead."]),
    ("The clinic closes at 5 p.m. Call before then.", ["The clinic closes at 5 p.m.", "Call before then."]),
    ("At 5 p.m. the clinic closes.", ["At 5 p.m. the clinic closes."]),
])
def test_sentence_edge_cases(text, expected):
    assert split(text) == expected


def test_offsets_are_exact_and_trimmed():
    text = "  One.   Two.  "
    assert sentences(text) == [(2, 6), (9, 13)]
