"""Generated articles for benchmarks: realistic lengths, quote density and actor mentions.

Generated, not copied: the vocabulary below is ours, so the benchmark needs no ../shared.
"""
from __future__ import annotations

import random
from collections.abc import Iterator

_PEOPLE = ["Anna Kowalska", "Marek Nowak", "Li Wei", "Omar Haddad", "Sara Jones", "Pedro Alvarez", "Ivan Petrov", "Grace Okafor"]
_ROLES = ["political scientist", "finance minister", "opposition leader", "economist", "analyst", "foreign minister", "expert"]
_ACTORS = ["Russia", "Ukraine", "Azerbaijan", "Turkey", "France", "Germany", "China", "the United States", "Moscow", "Kyiv", "Beijing", "NATO", "the EU", "Iran", "India", "Brazil"]
_VERBS = ["supplies weapons to", "imposes sanctions on", "condemns", "threatens", "negotiates with", "criticises", "signs an agreement with", "accuses"]
_OPINION = ["This is a very dangerous situation", "The policy is wrong", "It is a serious mistake", "The decision is reasonable", "Nobody trusts these promises"]
_FILLER = ["The talks continued late into the night", "Officials gave no further details", "Markets reacted calmly to the news", "The statement was published on the ministry website", "Observers expect more meetings next month"]


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    a, b = rng.sample(_ACTORS, 2)
    if kind < 0.4:
        return f"{a[0].upper() + a[1:]} {rng.choice(_VERBS)} {b}."
    if kind < 0.6:
        return f"{rng.choice(_OPINION)}, because {a} {rng.choice(['will not forgive this', 'should respond', 'may change course'])}."
    return f"{rng.choice(_FILLER)}."


def article(rng: random.Random, paragraphs: int | None = None) -> str:
    person = rng.choice(_PEOPLE)
    surname = person.split()[-1]
    role = rng.choice(_ROLES)
    paras = [f"{person}: {sentence(rng)[:-1]}", f"March {rng.randint(1, 28)} 2024, {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", "News | Politics"]
    paras.append(f"Speaking with Example News, {role} {person} commented on the news that {sentence(rng)[:-1].lower()}.")
    for _ in range(paragraphs or rng.randint(6, 14)):
        body = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        roll = rng.random()
        if roll < 0.3:
            paras.append(f"“{body[:-1]},” {surname} said.")
        elif roll < 0.45:
            paras.append(f"According to the {role.split()[-1]}, {body[0].lower()}{body[1:]}")
        else:
            paras.append(body)
    return "\n\n".join(paras) + "\n"


def articles(n: int, seed: int = 13) -> Iterator[str]:
    """The articles one at a time, so a benchmark need not hold the corpus (its memory would count as ours)."""
    rng = random.Random(seed)
    for _ in range(n):
        yield article(rng)


def corpus(n: int, seed: int = 13) -> list[str]:
    return list(articles(n, seed))
