from django.utils.translation import get_language


def reader_reads_chinese() -> bool:
    return (get_language() or "en").lower().startswith("zh")


def pick(zh: str, en: str) -> str:
    """Return the name for the active language; fall back to the other when one is empty."""
    if reader_reads_chinese():
        return zh or en
    return en or zh


def written_in_chinese(text: str) -> bool:
    """Whether `text` has a Chinese character (CJK ideographs, their extension A and compatibility block)."""
    return any(
        "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff" for ch in text
    )


def typed_pair(original: str, other: str = "") -> tuple[str, str]:
    """(Chinese, English) of a name someone typed in either language (`original`) and its optional
    translation (`other`): the one rule behind `localized` and core.translatable.typed_names."""
    original, other = original or "", (other or "").strip()
    return (original, other) if written_in_chinese(original) else (other, original)


def localized(original: str, other: str = "") -> str:
    """A name someone typed (`original`, in either language) and its optional translation (`other`), shown
    in the reader's language: the original when it is written in that language or has no translation, else
    the translation. "2026年12月晋升" with "December 2026 promotions" reads in English as the latter; an
    English original reads in Chinese as its translation.
    """
    return pick(*typed_pair(original, other))
