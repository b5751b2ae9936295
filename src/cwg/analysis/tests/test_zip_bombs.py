"""A zip bomb given as the document to analyse is refused before python-docx expands it."""

import pytest

from cwg.analysis.paragraphs import read_lines
from cwg.core.exceptions import TooLarge
from cwg.testing import archives as bombs


@pytest.mark.parametrize("build", [bombs.docx_bomb, bombs.nested_bomb, bombs.deep_archive])
def test_a_bomb_is_refused_without_expanding_it(build):
    data = build()
    refused = []

    def read():
        with pytest.raises(TooLarge) as caught:
            read_lines(data, "plan.docx")
        refused.append(caught.value)

    assert bombs.peak_growth(read) < 50 * bombs.MB
    assert refused[0].field == "file" and "plan.docx" in refused[0].message
