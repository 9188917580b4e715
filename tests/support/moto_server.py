"""`python3 -m moto.server <args>`, as the tests start it, with two changes that alter no answer.

moto (5.2) routes every request by listing its own package folder, one stat call per service
(backends.list_of_moto_modules); in the tests that was a fifth of moto's time. The listing is read
once here. werkzeug's line per request is not printed either (errors still are).
"""
import functools
import logging
import sys

import moto.backends
from moto import server

if hasattr(moto.backends, "list_of_moto_modules"):
    moto.backends.list_of_moto_modules = functools.cache(
        lambda listing=moto.backends.list_of_moto_modules: tuple(listing())
    )
logging.getLogger("werkzeug").setLevel(logging.WARNING)

server.main(sys.argv[1:])
