"""Short notes that only point to an attachment ("See attached comments from X"), in six languages."""

from __future__ import annotations

import re

# A note this short that points to an attachment carries its content elsewhere: notes naming
# different organisations share most of their words, yet they are not a campaign.
MAX_WORDS = 25
# Chinese is written without spaces: a note is short by its characters.
MAX_CHARACTERS = 60

_POINTERS = {
    "en": r"attach\w*|enclos\w*|see (?:the |my |our )?(?:file|document|pdf|letter|upload)\w*"
    r"|please find (?:our|my|the) comments|uploaded",
    "fr": r"ci joint\w*|pi[eè]ces? jointes?|(?:fichier|document|lettre)s? joints?|en annexe"
    r"|voir (?:l )?annexe|joint[es]* (?:[aà] )?(?:la |ce )?pr[eé]sente",
    "es": r"adjunt\w*|anex[oa]s?\b|archivo adjunto|se acompa[nñ]a\w*",
    "ru": r"вложени\w*|приложени\w*|прилага\w*|прилож\w*|прикреп\w*|см файл\w*",
    "ar": r"\w*مرفق\w*|\w*ملحق\w*|\w*المرفقة\w*",
    "zh": r"附件|附檔|附档|随附|隨附|所附|见附|見附|附上",
}
_POINTER = re.compile("|".join(f"(?:{p})" for p in _POINTERS.values()))
_HAN = re.compile(r"[\u3400-\u9fff]")


def is_placeholder(normal: str | bytes) -> bool:
    """Whether a normalised text (`text.normalise`) is a short note pointing to an attachment."""
    if isinstance(normal, bytes):
        normal = normal.decode("utf-8", "replace")
    words = normal.replace("\x00", " ").split()
    if len(words) > MAX_WORDS:
        return False
    joined = " ".join(words)
    if len(_HAN.findall(joined)) > MAX_CHARACTERS:
        return False
    return _POINTER.search(joined) is not None
