"""References: "the organization", "the rights group", "it", "they" resolved to the actors they mean.

An antecedent must be of a class the word can name (lexicon.toml, [coreference]); among those, the
most salient recent mention wins: subjects, speakers, and a head that repeats the word score high.
A descriptor with a modifier that no recent mention repeats ("the health ministry") takes an earlier
name holding all its words, however far back ("the Gaza health ministry"). A descriptor its owner
names ("Myanmar's ruling junta") is the gazetteer's body of that owner ("Myanmar junta") when there is one.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from kgraph.extract.context import NAME_OR_DEMONYM, NAMING, DocumentContext, MentionKind
from kgraph.extract.mentions import add_gazetteer_actor
from kgraph.extract.officials import gazetteer_body
from kgraph.vocab import ENTITY_CLASSES

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


def resolve_references(ctx: DocumentContext) -> None:
    """Mark every pronoun and definite descriptor that refers to an actor as a mention of it."""
    lexicon = ctx.knowledge.lexicon.coreference
    descriptors, narrowing = lexicon.descriptors, lexicon.narrowing
    pronouns = set(lexicon.pronouns) - {"we", "our"}  # "we" in a quote is the quoted speaker
    for token in ctx.doc:
        if token.i in ctx.mentions:
            continue
        word = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
        if token.pos_ == "PRON" and word in pronouns:
            types = pronoun_types(word)
        elif token.pos_ in ("NOUN", "PROPN") and word in descriptors and ctx.is_definite(token) \
                and not (word in lexicon.member_nouns and token.tag_ not in ("NNS", "NNPS")) \
                and not named_inside(ctx, token):
            types = set(descriptors[word])
            narrowed = {t for c in token.children if c.lower_ in narrowing for t in narrowing[c.lower_]}
            types = (types & narrowed) or narrowed or types
        else:
            continue
        key = owned_body(ctx, token) if token.pos_ != "PRON" else None
        key = key or antecedent(ctx, token, types)
        if key:
            start = min(c.i for c in token.subtree) if token.pos_ != "PRON" else token.i
            ctx.mark(start if start <= token.i else token.i, token.i + 1, key, MentionKind.REFERENCE)
            if token.tag_ == "NNS" or word in ("they", "their", "them"):
                refer_to_group(ctx, token, key, types)


def owned_body(ctx: DocumentContext, token: Token) -> str | None:
    """ "Myanmar's ruling junta": the gazetteer's body named by its owner and the descriptor ("Myanmar
    junta"), rather than whichever compatible actor the text names most."""
    owner = next((m for c in token.children if c.dep_ == "poss" and (m := ctx.mentions.get(c.i)) is not None
                  and m.kind == MentionKind.NAME and m.key.startswith("actor/")), None)
    if owner is None or not (known := gazetteer_body(ctx, "", owner, token.lower_)):
        return None
    return add_gazetteer_actor(ctx, known)


def named_inside(ctx: DocumentContext, token: Token) -> bool:
    """ "Yemen's [Huthi] authorities": a descriptor that a name qualifies is no reference (a possessive
    owner may still be one: "the country's authorities")."""
    return any((mention := ctx.mentions.get(child.i)) is not None and mention.kind in NAME_OR_DEMONYM
               for child in token.children if child.dep_ in ("compound", "nmod", "amod"))


def refer_to_group(ctx: DocumentContext, token: Token, key: str, types: set[str]) -> None:
    """ "Amnesty and HRW said ... The rights groups urged": a plural refers to the whole list, when every
    member is of a class it can name ("the authorities" after "the army and armed groups" is the army)."""
    named = next((i for i in range(token.i - 1, -1, -1)
                  if (m := ctx.mentions.get(i)) and m.key == key and m.kind == MentionKind.NAME), None)
    if named is not None and len(members := ctx.actors(ctx.doc[named])) > 1 \
            and all(compatible(ctx, member, types) for member in members):
        ctx.refer_to_group(token.i, members)


def antecedent(ctx: DocumentContext, token: Token, types: set[str]) -> str | None:
    """The most salient earlier actor of a compatible class; else the document's most named one."""
    sentence = token.sent
    speaking = token.dep_ in SUBJECTS and token.head.lemma_ in ctx.knowledge.lexicon.reported_speech.verbs
    best, best_score, best_heads = None, float("-inf"), False
    seen: set[tuple[int, str]] = set()
    for index in range(token.i - 1, max(-1, sentence.start - 400), -1):
        mention = ctx.mentions.get(index)
        if not mention or mention.kind not in NAMING or (mention.start, mention.key) in seen:
            continue
        seen.add((mention.start, mention.key))
        head = ctx.doc[mention.start:mention.end].root
        if not compatible(ctx, mention.key, types) or not agrees_in_number(token, head):
            continue
        distance = ctx.sentence_number[sentence.start] - ctx.sentence_number[ctx.doc[index].sent.start]
        if distance > 3:
            break
        score = salience(ctx, phrase_head(ctx.doc[mention.start:mention.end].root), speaking) - 2 * distance
        heads = same_head(ctx, mention.end, token) or same_root(ctx, mention.start, mention.end, token)
        if heads:
            score += 5  # head match: "the coalition" is the "Saudi-led coalition"
        if score > best_score:
            best, best_score, best_heads = mention.key, score, heads
    ahead = subject_ahead(ctx, token, types)
    if ahead and (best is None or token.dep_ == "poss"):
        return ahead  # "In its report, Amnesty said": the possessive points forward
    if not best_heads and (named := named_in_full(ctx, token, types)):
        return named  # "the health ministry", paragraphs after "the Gaza health ministry said"
    if best is None:
        # "Ethiopia's state human rights body" is Ethiopia's: never the most named body of another owner
        owner = next((m.key for c in token.children if c.dep_ == "poss" and (m := ctx.mentions.get(c.i)) is not None
                      and m.kind == MentionKind.NAME and m.key.startswith("actor/")), None)
        counts = Counter({k: d.count for k, d in ctx.drafts.items() if compatible(ctx, k, types)
                          and (owner is None or k in ctx.related_actors(owner))})
        best = counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] > 0 else None
    return best


def agrees_in_number(token: Token, head: Token) -> bool:
    """ "it" cannot mean "Tigrayan forces" or "the rebels": a plural common noun needs a plural word
    (a plural name such as "Rapid Support Forces" may still be "it")."""
    return not (token.lower_ in ("it", "its") and head.tag_ == "NNS")


def same_head(ctx: DocumentContext, mention_end: int, token: Token) -> bool:
    """Whether a mention ends in the descriptor's own word (never so for a pronoun)."""
    return token.pos_ != "PRON" and ctx.doc[mention_end - 1].lemma_.lower() == token.lemma_.lower()


def same_root(ctx: DocumentContext, start: int, end: int, token: Token) -> bool:
    """Whether a name is headed by the descriptor's word before its last: "the Fact-Finding [Mission] on
    Libya" is "the mission"."""
    return token.pos_ != "PRON" and ctx.doc[start:end].root.lemma_.lower() == token.lemma_.lower()


def named_in_full(ctx: DocumentContext, token: Token, types: set[str]) -> str | None:
    """For a descriptor with a modifier ("the health ministry"), the latest earlier name of a compatible
    actor, anywhere before, that ends in its word and holds its modifiers ("the Gaza health ministry")."""
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    if token.pos_ == "PRON" or not modifiers:
        return None
    for index in range(token.i - 1, -1, -1):
        mention = ctx.mentions.get(index)
        if not (mention and mention.kind == MentionKind.NAME and index == mention.end - 1
                and same_head(ctx, mention.end, token)):
            continue
        words = {t.lemma_.lower() for t in ctx.doc[mention.start:mention.end]}
        if modifiers <= words and compatible(ctx, mention.key, types):
            return mention.key
    return None


def phrase_head(root: Token) -> Token:
    """The noun a name qualifies, whose place in the clause the name shares: "[The HRW] report accuses"."""
    return root.head if root.dep_ in ("compound", "poss") and root.head.pos_ == "NOUN" else root


def salience(ctx: DocumentContext, head: Token, speaking: bool) -> float:
    speech = ctx.knowledge.lexicon.reported_speech.verbs | ctx.knowledge.lexicon.figure.source_verbs
    score = 0.0
    if head.dep_ in SUBJECTS:
        score += 2
        if head.head.lemma_ in speech:
            score += 3 + (3 if speaking else 0)
    if head.dep_ == "pobj" and head.head.lower_ in ctx.knowledge.lexicon.coreference.locative_preps:
        score -= 3
    return score


def subject_ahead(ctx: DocumentContext, token: Token, types: set[str]) -> str | None:
    """For a reference before its clause's subject, that subject if it is a compatible actor."""
    root = token.sent.root
    for child in root.children:
        if child.dep_ in SUBJECTS and child.i > token.i:
            mention = ctx.mentions.get(child.i)
            if mention and mention.kind == MentionKind.NAME and compatible(ctx, mention.key, types):
                return mention.key
    return None


def compatible(ctx: DocumentContext, key: str, types: set[str]) -> bool:
    """Whether an entity is an actor of one of the classes a word can name. An organisation's kinds
    must be named ("the group" is never the UN, a court or a news agency); an army is still one of
    the government bodies "the authorities" can mean."""
    if not key.startswith("actor/"):
        return False
    type_ = ctx.type_of(key)
    family = ENTITY_CLASSES[type_][0]
    return type_ in types or (family in types and family != "Organisation")


def pronoun_types(word: str) -> set[str]:
    """The actor classes a pronoun can refer to."""
    if word in ("he", "him", "his", "she", "her"):
        return {"Person"}
    # "it", "they": any body, of every kind ("they" may be the UN, a court or an army)
    return {type_ for type_, family in ENTITY_CLASSES.items()
            if family[0] in ("Organisation", "ArmedGroup", "State", "GovernmentBody")}
