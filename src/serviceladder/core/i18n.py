from django.utils.translation import get_language


def pick(zh: str, en: str) -> str:
    """Return the name for the active language; fall back to the other when one is empty."""
    lang = (get_language() or "en").lower()
    if lang.startswith("zh"):
        return zh or en
    return en or zh
