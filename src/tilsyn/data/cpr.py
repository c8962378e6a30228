"""CPR numbers as person_id, where a deployment accepts them: validated, then pseudonymised.

The pseudonym is a keyed hash (HMAC-SHA256 with the deployment's secret key), so the same person
gets the same pseudonym in every delivery while the number itself never reaches the store.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

KEY_ENV = "TILSYN_CPR_NOEGLE"
# CPR-kontoret has issued numbers without the modulus-11 check since 1 October 2007 (birth dates
# from then on), so the check applies only to earlier birth dates.
MODULUS_11_UNTIL = date(2007, 10, 1)
PSEUDONYM_HEX = 32


def key_from_env() -> bytes | None:
    value = os.environ.get(KEY_ENV, "")
    return value.encode("utf-8") if value else None


def problem(number: str, foedselsdato: date | None = None) -> str | None:
    """Why `number` is not a valid CPR number (Danish), or None when it is."""
    try:
        compact = stdnum_cpr.validate(number)
        born = stdnum_cpr.get_birth_date(compact)
    except ValidationError:
        return "ugyldigt CPR-nummer (forventet 10 cifre DDMMÅÅ-LLLL med en gyldig dato)"
    if born < MODULUS_11_UNTIL and stdnum_cpr.checksum(compact) != 0:
        return "ugyldigt CPR-nummer (modulus 11-kontrollen fejler)"
    if foedselsdato is not None and born != foedselsdato:
        return f"CPR-nummerets fødselsdato {born.isoformat()} passer ikke med foedselsdato"
    return None


def pseudonym(number: str, key: bytes) -> str:
    compact = stdnum_cpr.compact(number)
    return hmac.new(key, compact.encode("ascii"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


def pseudonyms(numbers: list[str], key: bytes) -> list[str]:
    return [pseudonym(n, key) for n in numbers]


def key_fingerprint(key: bytes) -> str:
    """Identifies the key (for the import ledger) without revealing it."""
    return hmac.new(key, b"tilsyn-noegle", hashlib.sha256).hexdigest()[:16]
