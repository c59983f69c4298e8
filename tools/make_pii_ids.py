"""Print synthetic personal data with valid check digits, for writing tests/data/pii_comments.csv.

    python tools/make_pii_ids.py [--seed 7] [-n 12]

Every value is random (fixed seed) and completed with python-stdnum's own check-digit helpers, so
it passes the same validators real documents pass but belongs to nobody. Phones are random numbers
that ``phonenumbers`` accepts for their country. The comments of the test set were written by hand
around values printed by this script.
"""

from __future__ import annotations

import argparse
import random

import phonenumbers
from stdnum import iban, luhn
from stdnum.ar import cbu, cuit
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import ccc, dni, nie
from stdnum.mx import curp, rfc
from stdnum.pe import cui, ruc
from stdnum.ve import rif

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(n))


def birth(rng: random.Random) -> str:
    return f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def clabe(rng: random.Random) -> str:
    body = rng.choice(["002", "012", "014", "021", "072", "127", "137", "638"]) + digits(rng, 14, "0123456789")
    total = sum(int(c) * (3, 7, 1)[i % 3] % 10 for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def card(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + digits(rng, length - len(prefix) - 1, "0123456789")
    return body + luhn.calc_check_digit(body)


def phone(rng: random.Random, region: str) -> str:
    kind = rng.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
    example = str(phonenumbers.example_number_for_type(region, kind).national_number)
    while True:
        keep = 2 if example[0] == "0" else 1
        number = phonenumbers.parse(example[:keep] + digits(rng, len(example) - keep, "0123456789"), region)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def generators(rng: random.Random) -> dict:
    return {
        "es_dni": lambda: (lambda b: b + dni.calc_check_digit(b))(digits(rng, 8, "0123456789")),
        "es_nie": lambda: (lambda b: b + nie.calc_check_digit(b))(rng.choice("XYZ") + digits(rng, 7, "0123456789")),
        "mx_curp": lambda: (lambda b: b + curp.calc_check_digit(b))(
            letters(rng, 4) + birth(rng) + rng.choice("HM") + rng.choice(["DF", "JC", "NL", "PL", "MC"])
            + letters(rng, 3) + "0"),
        "mx_rfc": lambda: (lambda b: b + rfc.calc_check_digit(b))(letters(rng, 4) + birth(rng) + letters(rng, 2)),
        "cl_rut": lambda: (lambda b: rut.format(b + rut.calc_check_digit(b)))(str(rng.randint(5_000_000, 26_000_000))),
        "ar_cuit": lambda: (lambda b: cuit.format(b + cuit.calc_check_digit(b)))(
            rng.choice(["20", "27", "23"]) + str(rng.randint(10_000_000, 45_000_000))),
        "co_nit": lambda: (lambda b: nit.format(b + nit.calc_check_digit(b)))("9" + digits(rng, 8, "0123456789")),
        "pe_ruc": lambda: (lambda b: b + ruc.calc_check_digit(b))(
            rng.choice(["10", "20"]) + digits(rng, 8, "0123456789")),
        "pe_cui": lambda: (lambda b: b + "-" + cui.calc_check_digits(b)[0])(digits(rng, 8)),
        "ve_rif": lambda: (lambda b: b + rif.calc_check_digit(b))("V" + digits(rng, 8, "12")),
        "iban_es": lambda: (lambda b: iban.format("ES" + iban.calc_check_digits("ES00" + b) + b))(
            (lambda c: c[:8] + ccc.calc_check_digits(c) + c[10:])(digits(rng, 20, "0123456789"))),
        "ccc_es": lambda: (lambda c: c[:8] + ccc.calc_check_digits(c) + c[10:])(digits(rng, 20, "0123456789")),
        "clabe_mx": lambda: clabe(rng),
        "cbu_ar": lambda: (lambda a: (lambda b: b + cbu.calc_check_digit(b[8:]))(a + cbu.calc_check_digit(a)
                                                                                 + digits(rng, 13, "0123456789")))(
            "0" + digits(rng, 6, "0123456789")),
        "visa": lambda: card(rng, "4", 16),
        "mastercard": lambda: card(rng, rng.choice(["51", "52", "53", "54", "55"]), 16),
        "amex": lambda: card(rng, rng.choice(["34", "37"]), 15),
        **{f"tel_{r.lower()}": (lambda r=r: phone(rng, r)) for r in ("ES", "MX", "AR", "CO", "CL", "PE", "EC", "UY",
                                                                     "VE", "US")},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-n", type=int, default=12, help="values of each kind")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    for name, make in generators(rng).items():
        print(f"{name:11}", "  ".join(make() for _ in range(args.n)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
