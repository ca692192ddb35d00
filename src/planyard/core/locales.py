"""The interface languages a client may ask for (Accept-Language) and their text direction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    code: str
    name: str
    bidi: bool = False


LOCALES = (
    Locale("ar", "العربية", bidi=True),
    Locale("ca", "Català"),
    Locale("da", "Dansk"),
    Locale("de", "Deutsch"),
    Locale("en", "English (US)"),
    Locale("es", "Español"),
    Locale("eu", "Euskara"),
    Locale("fa", "فارسی", bidi=True),
    Locale("fi", "Suomi"),
    Locale("fr", "Français"),
    Locale("he", "עברית", bidi=True),
    Locale("it", "Italiano"),
    Locale("ja", "日本語"),
    Locale("ko", "한국어"),
    Locale("lv", "Latviešu"),
    Locale("nb", "Norsk (bokmål)"),
    Locale("nl", "Nederlands"),
    Locale("pl", "Polski"),
    Locale("pt-br", "Português (Brasil)"),
    Locale("ru", "Русский"),
    Locale("sr", "Српски"),
    Locale("sv", "Svenska"),
    Locale("tr", "Türkçe"),
    Locale("uk", "Українська"),
    Locale("vi", "Tiếng Việt"),
    Locale("zh-hans", "中文(简体)"),
    Locale("zh-hant", "中文(香港)"),
)


def available_locales() -> list[Locale]:
    return list(LOCALES)
