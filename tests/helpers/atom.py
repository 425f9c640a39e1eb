"""RFC 4287's grammar of Atom, from its compact syntax (tests/fixtures/atom.rnc), to validate the
feeds a site publishes."""

from __future__ import annotations

import re

import rnc2rng
from lxml import etree

from ..conftest import FIXTURES


def atom_grammar() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.load(str(FIXTURES / "atom.rnc")))
    # rnc2rng declares the empty namespace as a prefix, which XML does not allow; the grammar
    # refers to it by ns="" only.
    return etree.RelaxNG(etree.fromstring(re.sub(r'\s+xmlns:local=""', "", rng).encode()))
