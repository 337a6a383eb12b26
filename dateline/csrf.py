"""The CSRF token for a page's form, made as Django's `get_token` makes it, in a few calls.

Django's `django.middleware.csrf.get_token` draws each letter of a new secret and of the
mask that hides it with `secrets.choice`: 64 draws, about 700 Python calls, a fifth of the
work of an article page served from its stored parts for a reader without a CSRF cookie.
`get_token` here draws the same letters from the same source (`secrets.token_bytes`, the
operating system's randomness) and does the masking with bytes methods that run in C:

- a random byte below 248 (4 x 62) is kept and taken modulo 62, so each of the 62 letters
  is equally likely, as with `secrets.choice`; bytes from 248 up are dropped;
- the token is the mask followed by secret + mask letter by letter (modulo 62), exactly the
  format Django's `_unmask_cipher_token` reads, so CsrfViewMiddleware checks it unchanged.

Like Django's, it keeps the secret in request.META["CSRF_COOKIE"] (a new one when the
reader has none) and asks the middleware to send the cookie. With CSRF_USE_SESSIONS, or a
secret of another shape, it leaves the work to Django's own function.
"""

import operator
import secrets

from django.conf import settings
from django.middleware import csrf

LETTERS = csrf.CSRF_ALLOWED_CHARS.encode()
COUNT = len(LETTERS)  # 62
KEPT = 256 - 256 % COUNT  # 248: bytes from here up would make some letters likelier
LENGTH = csrf.CSRF_SECRET_LENGTH

# bytes.translate tables: a kept random byte -> a letter's number; a letter's number ->
# the letter; a letter -> its number; the sum of two numbers -> the sum modulo 62.
BYTE_TO_NUMBER = bytes(byte % COUNT for byte in range(KEPT)) + bytes(256 - KEPT)
DROPPED = bytes(range(KEPT, 256))
NUMBER_TO_LETTER = bytes.maketrans(bytes(range(COUNT)), LETTERS)
LETTER_TO_NUMBER = bytes.maketrans(LETTERS, bytes(range(COUNT)))
SUM_MODULO = bytes(total % COUNT for total in range(256))


def random_numbers(count):
    """`count` letter numbers (0-61), each equally likely."""
    numbers = b""
    while len(numbers) < count:
        numbers += secrets.token_bytes(count + 8).translate(BYTE_TO_NUMBER, DROPPED)
    return numbers[:count]


def get_token(request):
    """Return a masked CSRF token for `request`, as django.middleware.csrf.get_token does."""
    secret = request.META.get("CSRF_COOKIE")
    if settings.CSRF_USE_SESSIONS or not (secret is None or is_secret(secret)):
        return csrf.get_token(request)
    if secret is None:
        secret_numbers = random_numbers(LENGTH)
        request.META["CSRF_COOKIE"] = secret_numbers.translate(NUMBER_TO_LETTER).decode()
    else:
        secret_numbers = secret.encode().translate(LETTER_TO_NUMBER)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_numbers(LENGTH)
    cipher = bytes(map(operator.add, secret_numbers, mask)).translate(SUM_MODULO)
    return (mask + cipher).translate(NUMBER_TO_LETTER).decode()


def is_secret(value):
    return len(value) == LENGTH and value.isascii() and value.isalnum()
