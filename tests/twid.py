"""Valid Taiwan national IDs for tests (letter + 9 digits with the check digit)."""

import random

LETTERS = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True)}


def national_id(rng: random.Random, letter: str = "A", sex: int = 1) -> str:
    body = [sex] + [rng.randrange(10) for _ in range(7)]
    code = LETTERS[letter]
    total = code // 10 + (code % 10) * 9 + sum(d * w for d, w in zip(body, (8, 7, 6, 5, 4, 3, 2, 1), strict=True))
    return f"{letter}{''.join(map(str, body))}{(10 - total % 10) % 10}"
