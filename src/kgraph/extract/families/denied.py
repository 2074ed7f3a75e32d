"""What a denial denies: the charges its object names and whose claim it answers, read through the
parser's usual slips ("denied [the force] had bombed", "rejected what it called a report by X")."""
from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.charges import charges_in, dedupe
from kgraph.extract.context import DocumentContext
from kgraph.extract.grammar import CLAUSE_DEPS, core_phrase, reduced_passive
from kgraph.extract.speakers import accuser_of_noun
from kgraph.ingest.naming import as_written, strip_article


def denied_content(ctx: DocumentContext, verb: Token, denied: Token | None = None
                   ) -> tuple[list[tuple[str | None, str]], list[str]]:
    """The charges a denial names and whose claim it answers, as far as its own sentence tells.

    Charges outside the taxonomy keep the denial's own words: "denied committing atrocities".
    """
    claim_nouns = ctx.knowledge.lexicon.denial.claim_nouns
    objects = [antecedent(named_by_free_relative(c)) for c in verb.children
               if c.dep_ in ("dobj", "ccomp", "xcomp", "pcomp") and not subject_parsed_as_object(c)]
    if not objects and denied is None:  # "dismissed as false a report by X": the parser may lose the object
        objects = [w for w in verb.subtree if w.i > verb.i and w.lemma_.lower() in claim_nouns][:1]
    if denied is not None:
        objects.append(denied)  # "the accusation was rejected by X"
    if (verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBN")) \
            and verb.head.lemma_.lower() in claim_nouns:
        objects.append(verb.head)  # "an allegation Israel denies", "a claim rejected by India"
    charges: list[tuple[str | None, str]] = []
    accusers: list[str] = []
    for obj in objects:
        nouns = [obj] + ([obj.head] if obj.dep_ == "appos" else [])  # "its accusation that ..., an allegation X denies"
        for noun in nouns:
            if noun.lemma_.lower() in claim_nouns:
                accusers += accuser_of_noun(ctx, noun) or owner_of_claim(ctx, noun) or agent_of_naming(ctx, noun, verb)
                for child in noun.children:
                    if child.dep_ in CLAUSE_DEPS | {"prep"} and child != verb:
                        said = reported_in(ctx, child)
                        charges += charges_in(ctx, child) or (
                            [(None, clause_text(said))] if said is not None else [])
            elif noun == obj:
                # "denied that its fighters were there, calling the account lies ...": the aside is not denied
                found = charges_in(ctx, obj, skipping=tuple(t for t in obj.subtree if t.dep_ == "advcl"))
                # "the presence of troops has been denied": what a passive denial is said of
                if not found and obj.dep_ in ("xcomp", "ccomp", "pcomp", "dobj", "nsubjpass") and not ctx.actors(obj):
                    found = [(None, strip_article(clause_text(obj)) if obj.dep_ == "nsubjpass" else clause_text(obj))]
                charges += found
            elif obj.lemma_.lower() in claim_nouns and noun.pos_ == "NOUN":  # "Y's role in Z, a claim X rejected"
                charges += charges_in(ctx, noun) or [(None, strip_article(clause_text(noun)))]
    return dedupe(charges), list(dict.fromkeys(accusers))


def antecedent(word: Token) -> Token:
    """ "accusations against X, which X rejected": a relative pronoun stands for the noun its clause describes."""
    clause = word.head
    if word.tag_ in ("WDT", "WP") and clause.dep_ == "relcl" and clause.head != clause:
        return clause.head
    return word


def reported_in(ctx: DocumentContext, clause: Token) -> Token | None:
    """What a claim noun says: "claims [that Rwanda backs the M23]", "a report that said [Y killed 60
    people]" (the clause a relative reporting verb reports), "allegations [of mistreatment of minorities]"."""
    if clause.dep_ == "prep" and clause.lower_ == "of":
        content = next((g for g in clause.children if g.dep_ == "pobj"), None)
        lexicon = ctx.knowledge.lexicon  # "the findings of the UN", "allegations of the report" name an owner
        return content if content is not None and not ctx.actors(content) and not ctx.report_at(content) \
            and content.lemma_.lower() not in lexicon.denial.claim_nouns | lexicon.reports.nouns else None
    if clause.dep_ == "acl" and reduced_passive(clause):
        return None  # "a report [published last year]": a participle describes the claim, it is not what it says
    if clause.dep_ in ("acl", "ccomp") or (clause.dep_ == "relcl" and any(c.dep_ == "mark" for c in clause.children)):
        return clause  # the parser's "relative" clause opened by a conjunction "that" says what the noun claims
    if clause.dep_ == "relcl" and clause.lemma_.lower() in ctx.knowledge.lexicon.denial.speech_verbs:
        return next((c for c in clause.children if c.dep_ == "ccomp"), None)
    return None


def named_by_free_relative(clause: Token) -> Token:
    """ "rejected [what it called a baseless report]", "what they described as accusations": the
    free relative stands for the claim noun it names."""
    if clause.dep_ != "ccomp" or not any(c.dep_ == "dobj" and c.lower_ == "what" for c in clause.children):
        return clause
    named = [c for c in clause.children if c.dep_ in ("oprd", "attr")] + [
        g for c in clause.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
    return named[0] if named else clause


def agent_of_naming(ctx: DocumentContext, noun: Token, verb: Token) -> list[str]:
    """ "what they called an allegation [by Y]": a naming verb with a subject of its own has no agent,
    so the parser's "by Y" belongs to the noun named."""
    naming = noun.head
    if naming == verb or not any(c.dep_ == "nsubj" for c in naming.children):
        return []
    return [a for c in naming.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
            for a in ctx.actors(g)]


def subject_parsed_as_object(word: Token) -> bool:
    """ "denied [the force] had bombed ...": an object just before a clause with no subject of its own
    is that clause's subject, misparsed; the clause is what is denied."""
    clause = next((t for t in word.head.children if t.dep_ == "ccomp" and t.i > word.i), None)
    return (word.dep_ == "dobj" and clause is not None and word.right_edge.i + 1 == clause.left_edge.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children))


def owner_of_claim(ctx: DocumentContext, noun: Token) -> list[str]:
    """ "rejected an Amnesty International report", "the findings of the UN commission", "the report"
    its publisher put out: whose claim it is."""
    if owner := ctx.actor_at(noun):
        return [owner]
    return [a for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "from")
            for g in p.children if g.dep_ == "pobj" for a in ctx.actors(g)]


def clause_text(clause: Token) -> str:
    """ "claims [that Rwanda backs the M23]": the clause without its "that" and its asides (", calling it lies")."""
    asides = {t.i for aside in clause.subtree if aside.dep_ == "advcl" and aside != clause for t in aside.subtree}
    words = [t for t in core_phrase(clause) if t.i not in asides and not (t.dep_ == "mark" and t.head == clause)]
    while words and words[-1].is_punct:
        words.pop()
    return as_written(words)
