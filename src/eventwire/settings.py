"""One table of settings: name, default, help. It feeds CLI help, docs and validation.

Values come from (lowest to highest priority) the defaults, an environment mapping (``EVENTWIRE_<NAME>``)
and explicit overrides (CLI flags). Unknown keys are errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    name: str
    default: Any
    help: str
    type: type = str
    choices: tuple[str, ...] = ()  # when given, the only accepted values


SETTINGS: tuple[Setting, ...] = (
    Setting(name="db", default="sqlite:///eventwire.db",
            help="Store URL: sqlite:///path.db (default) or postgresql://user@host/dbname"),
    Setting(name="max_bytes", default=8 * 1024 * 1024, type=int,
            help="Largest single article accepted, in bytes (a file, a JSON line, a WARC record)"),
    Setting(name="max_words", default=250_000, type=int,
            help="Articles longer than this are extracted only up to this many words (with a warning)"),
    Setting(name="extract_mode", default="cascade",
            help="cascade: parse only sentences a tokenizer-only first pass picks (fast); "
                 "thorough: parse every sentence (the full-parse baseline, --thorough)"),
    Setting(name="http_timeout", default=20.0, type=float,
            help="Seconds to wait when fetching a URL given to ingest"),
    Setting(name="token", default="", help="Token required by the REST API's write endpoints"),
    Setting(name="fusion_similarity", default="lexical", choices=("lexical", "embedding"),
            help="Text similarity fusion weighs: lexical (content-word overlap) or embedding (a static "
                 "MiniLM-distilled sentence model shipped in the package; see benchmarks/similarity.py)"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    values: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, ``EVENTWIRE_*`` variables in ``environ`` and ``overrides``.

    Overrides whose value is None are ignored (so unset CLI options fall through).
    """
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    for key, raw in (environ or {}).items():
        if not key.startswith("EVENTWIRE_"):
            continue
        name = key[len("EVENTWIRE_"):].lower()
        if name not in _BY_NAME:
            continue  # other tools may share the prefix (e.g. EVENTWIRE_TEST_PG_URL)
        values[name] = _coerce(_BY_NAME[name], raw)
    for name, value in overrides.items():
        if name not in _BY_NAME:
            raise ConfigError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}")
        if value is not None:
            values[name] = _coerce(_BY_NAME[name], value)
    return Settings(values)


def _coerce(setting: Setting, value: Any) -> Any:
    try:
        coerced = setting.type(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"setting {setting.name}: {value!r} is not a valid {setting.type.__name__}") from e
    if setting.choices and coerced not in setting.choices:
        raise ConfigError(f"setting {setting.name}: {value!r} is not one of {', '.join(setting.choices)}")
    return coerced
