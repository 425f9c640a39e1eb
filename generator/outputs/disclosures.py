"""The files security teams look for: /.well-known/security.txt and, with `security.csaf`, the
CSAF provider's folder, signed with OpenPGP when a key is given (OPENBOOK_CSAF_SIGNING_KEY).

Written once, by the default edition at the site's root: RFC 9116 and CSAF name one place.
"""

from __future__ import annotations

from generator.facts import Facts
from generator.outputs import csaf_provider, openpgp, security_txt


def files(facts: Facts) -> dict[str, bytes]:
    portal = facts.content.portal
    security = portal.security
    if security is None or portal.language != portal.languages[0]:
        return {}
    with openpgp.signing() as signer:
        out = security_txt.files(security, portal.url, portal.languages, facts.now, signer)
        if security.csaf is not None:
            out |= csaf_provider.files(
                facts.content.advisories,
                security.csaf,
                portal.url,
                facts.now,
                portal.language,
                signer,
            )
    return out
