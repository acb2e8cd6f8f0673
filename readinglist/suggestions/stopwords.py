"""English words that say nothing about what a paper is about, left out of its terms.

The kit's own list, made for titles and abstracts: function words (articles, pronouns,
prepositions, conjunctions, auxiliary and modal verbs, quantifiers, common adverbs) and
the connectives abstracts are written with ("however", "thus"). Words a paper uses to name
what it studies stay in, even common ones ("system", "model", "computer", "network"): a
word every paper of a list uses is dropped there by its document frequency instead.
Tokens of one character never become terms, so they need no entry.
"""

from __future__ import annotations

ARTICLES_AND_DETERMINERS = """
    an the this that these those such each every either neither another other others
    some any all both few many much more most less least several enough own same
"""
PRONOUNS = """
    me my mine myself we us our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs themselves
    who whom whose which what whatever whoever whichever one ones oneself someone
    something somebody anyone anything anybody everyone everything everybody nobody
    nothing none
"""
PREPOSITIONS = """
    about above across after against along amid among amongst around as at before behind
    below beneath beside besides between beyond by despite down during except for from
    in inside into like near of off on onto out outside over past per since through
    throughout till to toward towards under underneath unlike until up upon via with
    within without
"""
CONJUNCTIONS = """
    and but or nor so yet if then else than because although though whereas while whilst
    unless whether once lest
"""
AUXILIARIES_AND_MODALS = """
    am is are was were be been being have has had having do does did doing done can could
    may might must shall should will would ought cannot
"""
ADVERBS = """
    also again already always almost ever never often sometimes usually here there where
    when why how now just only even still very too quite rather really perhaps maybe
    indeed instead else elsewhere anywhere everywhere somewhere nowhere thereby therein
    thereof herein hereby whereby wherein meanwhile otherwise namely etc
"""
CONNECTIVES = """
    however thus hence therefore moreover furthermore nevertheless nonetheless
    accordingly consequently additionally finally first firstly second secondly
"""
CONTRACTION_PARTS = """
    don doesn didn isn aren wasn weren hasn haven hadn won wouldn shouldn couldn ll ve re
"""
NEGATIONS_AND_FILLERS = """
    no not yes ok
"""

ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    " ".join(
        (
            ARTICLES_AND_DETERMINERS,
            PRONOUNS,
            PREPOSITIONS,
            CONJUNCTIONS,
            AUXILIARIES_AND_MODALS,
            ADVERBS,
            CONNECTIVES,
            CONTRACTION_PARTS,
            NEGATIONS_AND_FILLERS,
        )
    ).split()
)
