"""A host name in the ASCII form DNS and the Host header carry, one spelling for every part of the program."""
from __future__ import annotations


def ascii_host(host: str) -> str:
    """The host in ASCII: an internationalised one by IDNA 2008 with UTS 46 mapping, as browsers spell it (faß.de
    is xn--fa-hia.de; Python's own codec, IDNA 2003, makes it fass.de, another domain), else as the idna codec
    checks it (an underscore, which IDNA 2008 refuses, stays allowed in an ASCII host); UnicodeError when invalid."""
    if not host.isascii():
        import idna

        try:
            return idna.encode(host, uts46=True, transitional=False).decode("ascii")
        except idna.IDNAError:
            pass  # a name IDNA 2008 refuses, as the idna codec reads it (or refuses it)
    return host.encode("idna").decode("ascii")
