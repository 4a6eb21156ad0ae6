#!/usr/bin/env python
"""Web latency over a large corpus: p50/p95 of the search, article, person and actor pages and the API.

Synthetic reports (valid ``claimscope.report/1``, spans and all) are written
through the store's own batch writer — the NLP pipeline never runs (100k
articles take ~15 minutes on two busy cores).  Speakers (20k names), actors
(the ~200 countries of the package gazetteer plus organisations), outlets and
words follow Zipf-like laws, as in real news: the top speaker is in ~8% of the
articles and the top country in ~40%, so some person and actor pages are big.  The app then runs under uvicorn on 127.0.0.1 and is measured over HTTP
with keep-alive (target: p95 < 100 ms for every route).

    python bench/web.py [--articles 100000] [--requests 200] [--db PATH --reuse] [--routes actors,people] [--json out.json]

``--db PATH`` keeps the database it builds; ``--reuse`` measures it again
without rebuilding; ``--routes`` times only the routes whose names contain one
of the given words (say on a busy machine, to rerun the one that matters).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

FIRST = ["Anna", "Marek", "Li", "Omar", "Sara", "Pedro", "Ivan", "Grace", "Tomas", "Elif", "Kwame", "Mei", "Jonas", "Aisha", "Dmitri",
         "Lucia", "Hassan", "Ingrid", "Rahul", "Yuki", "Carlos", "Fatima", "Olga", "Samuel", "Nadia"]
LAST = ["Kowalska", "Nowak", "Wei", "Haddad", "Jones", "Alvarez", "Petrov", "Okafor", "Novak", "Yilmaz", "Mensah", "Chen", "Berg",
        "Rahman", "Sokolov", "Moreau", "Khan", "Larsen", "Gupta", "Tanaka", "Silva", "Diallo", "Ivanova", "Cohen", "Costa",
        "Fischer", "Rossi", "Dubois", "Kim", "Nagy", "Popescu", "Horvat", "Jensen", "Murphy", "Schmidt", "Santos", "Ali", "Ortiz"]
ROLES = ["foreign minister", "political scientist", "economist", "opposition leader", "analyst", "spokesperson", "general"]
COUNTRIES = ["RUS", "UKR", "USA", "CHN", "TUR", "FRA", "DEU", "GBR", "IRN", "ISR", "IND", "BRA", "AZE", "ARM", "GEO", "POL", "JPN",
             "KOR", "PRK", "SYR", "IRQ", "SAU", "EGY", "ZAF", "NGA", "KEN", "ETH", "MEX", "CAN", "AUS", "ITA", "ESP", "NLD", "SWE",
             "FIN", "NOR", "BLR", "KAZ", "UZB", "PAK", "AFG", "VNM", "THA", "IDN", "PHL", "MYS", "ARG", "CHL", "COL", "VEN"]
ORGS = [("NATO", "NATO"), ("EU", "the EU"), ("UN", "the UN"), ("IMF", "the IMF"), ("WHO", "the WHO")]
ROLE_SUFFIX = ["", "", "", "GOV", "MIL"]
VERBS = [("accuses", "112"), ("supplies weapons to", "0712"), ("imposes sanctions on", "163"), ("condemns", "122"),
         ("negotiates with", "046"), ("threatens", "130"), ("praises", "051"), ("attacks", "190"), ("meets", "040"),
         ("offers aid to", "070"), ("criticises", "111"), ("signs a deal with", "057")]
WORDS = ("talks economy border security energy prices sanctions ceasefire elections reform trade army treaty summit pipeline "
         "grain refugees inflation drones missiles diplomacy parliament protest court budget loans investment coal gas oil "
         "wheat ports railway satellite cyber attack ministry embassy").split()
SYLLABLES = "ka lo mi ne ra su ti po de va ru shi ko na be to li mo ga fe".split()
# a Zipf-distributed vocabulary of made-up words, so full-text queries hit realistic fractions of the corpus
VOCAB = WORDS + sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:12]})[:5000]
TECHNIQUES = ["Loaded_Language", "Name_Calling,Labeling", "Doubt", "Appeal_to_fear-prejudice", "Flag-Waving", "Exaggeration,Minimisation"]
GENRES = ["news", "news", "news", "opinion", "analysis", "interview", "other"]
MODALITIES = ["asserted", "asserted", "asserted", "alleged", "possible", "negated", "hypothetical", "recommended"]


def _countries() -> list[tuple[str, str]]:
    """The package's country gazetteer (ISO alpha-3, name): ~200 actors, as in international news."""
    from importlib import resources

    rows = []
    for line in resources.files("claimscope").joinpath("data/countries.tsv").read_text("utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 2 or cells[0] == "alpha3":
            continue
        rows.append((cells[0], cells[1]))
    return rows or [(c, c.title()) for c in COUNTRIES]


def _zipf(rng: random.Random, items: list[Any], s: float = 1.1) -> Any:
    """A Zipf-like pick: the first items are much more frequent, as popular speakers and countries are."""
    n = len(items)
    weights = _zipf_weights(n, s)
    return items[min(int(rng.choices(range(n), cum_weights=weights)[0]), n - 1)]


_WEIGHTS: dict[tuple[int, float], list[float]] = {}


def _zipf_weights(n: int, s: float) -> list[float]:
    key = (n, s)
    if key not in _WEIGHTS:
        total, cum = 0.0, []
        for i in range(n):
            total += 1.0 / (i + 1) ** s
            cum.append(total)
        _WEIGHTS[key] = cum
    return _WEIGHTS[key]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(_zipf(rng, VOCAB, 1.0) for _ in range(n))


class _Text:
    """Builds an article text while recording the span of every piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def value(self) -> str:
        return "".join(self.parts)


def synthetic_report(rng: random.Random, n: int, people: list[str], outlets: list[str], actors: list[tuple[str, str, str]]) -> dict[str, Any]:
    """One valid report with people, actors, quotes, claims, events, stances and techniques on real offsets."""
    text = _Text()
    title = f"{' '.join(rng.sample(WORDS, 4)).capitalize()} {n}"
    text.add(title + "\n\n")
    speakers = list(dict.fromkeys(_zipf(rng, people, 0.8) for _ in range(3)))
    cast = list(dict.fromkeys(_zipf(rng, actors, 0.9) for _ in range(4)))
    pmentions: dict[str, list[dict[str, Any]]] = {p: [] for p in speakers}
    amentions: dict[str, list[dict[str, Any]]] = {a[0]: [] for a in cast}
    quotes, claims, events, techniques = [], [], [], []
    for i in range(7):
        (src_code, src_name, _), (tgt_code, tgt_name, _) = rng.sample(cast, 2) if len(cast) > 1 else (cast[0], cast[0])
        verb, code = rng.choice(VERBS)
        if i % 2 == 0:
            who = speakers[i // 2 % len(speakers)]
            pid = f"p{speakers.index(who) + 1}"
            ps = text.add(who)
            pmentions[who].append({"start": ps[0], "end": ps[1], "text": who, "code": None})
            cue = text.add(" said")
            text.add(': "')
            qs = text.length
            a1 = text.add(src_name[0].upper() + src_name[1:])
            text.add(f" {verb} ")
            a2 = text.add(tgt_name)
            text.add(f" over {_words(rng, 6)}")
            qe = text.length
            text.add('."\n\n')
            qid = f"q{len(quotes) + 1}"
            quotes.append({"id": qid, "kind": "direct", "text": text.value()[qs:qe], "start": qs, "end": qe, "speaker": pid,
                           "speaker_text": who, "speaker_start": ps[0], "speaker_end": ps[1], "cue": "said", "cue_start": cue[0] + 1, "cue_end": cue[1]})
            speaker, quote = pid, qid
        else:
            qs = text.length
            a1 = text.add(src_name[0].upper() + src_name[1:])
            text.add(f" {verb} ")
            a2 = text.add(tgt_name)
            text.add(f", officials said about {_words(rng, 10)}")
            qe = text.length
            text.add(".\n\n")
            speaker, quote = None, None
        amentions[src_code].append({"start": a1[0], "end": a1[1], "text": text.value()[a1[0]:a1[1]], "code": src_code})
        amentions[tgt_code].append({"start": a2[0], "end": a2[1], "text": tgt_name, "code": tgt_code})
        cid = f"c{len(claims) + 1}"
        claims.append({"id": cid, "text": text.value()[qs:qe], "start": qs, "end": qe,
                       "type": rng.choice(["fact", "fact", "opinion", "prediction", "recommendation"]),
                       "checkworthiness": round(rng.random(), 4), "speaker": speaker, "quote": quote,
                       "certainty": rng.choice(["asserted", "hedged", "attributed"]), "evidence": None, "actors": [src_code, tgt_code]})
        if src_code != tgt_code:
            role = rng.choice(ROLE_SUFFIX) if len(src_code) == 3 else ""
            events.append({"id": f"e{len(events) + 1}", "source": src_code + role, "target": tgt_code, "code": code,
                           "label": verb, "modality": rng.choice(MODALITIES), "speaker": speaker, "claim": cid,
                           "start": qs, "end": qe, "via": [], "goldstein": round(rng.uniform(-10, 10), 1)})
        if rng.random() < 0.3:
            techniques.append({"technique": rng.choice(TECHNIQUES), "start": a2[0], "end": qe, "text": text.value()[a2[0]:qe], "speaker": speaker})
    body = text.value()
    stances = [{"holder": rng.choice(["outlet"] + [f"p{i + 1}" for i in range(len(speakers))]), "target": a[0],
                "polarity": round(max(-1.0, min(1.0, rng.gauss(0, 0.5))), 3), "evidence": ["c1"]} for a in cast[:3]]
    year, day = rng.randint(2020, 2024), rng.randint(0, 364)
    published = time.strftime("%Y-%m-%dT%H:%M:00", time.gmtime(time.mktime((year, 1, 1, 0, 0, 0, 0, 0, 0)) + day * 86400 + rng.randint(0, 86399)))
    return {
        "schema": "claimscope.report/1",
        "document": {"id": hashlib.sha256(body.encode()).hexdigest(), "source": f"bench:{n}", "title": title, "published": published,
                     "sections": [], "genre": rng.choice(GENRES), "outlet": _zipf(rng, outlets, 0.8), "language": "en", "url": None, "text": body},
        "people": [{"id": f"p{i + 1}", "name": p, "roles": [ROLES[sum(map(ord, p)) % len(ROLES)]], "mentions": pmentions[p]} for i, p in enumerate(speakers)],
        "actors": [{"id": a[0], "name": a[1], "kind": a[2], "code": a[0], "mentions": amentions[a[0]]} for a in cast],
        "quotes": quotes, "claims": claims, "events": events, "stances": stances, "techniques": techniques,
        "pipeline": "bench synthetic",
    }


def build(db: str, articles: int, seed: int = 7, batch: int = 1000) -> None:
    """Fill ``db`` with ``articles`` synthetic reports and some claim clusters."""
    from sqlalchemy import insert, select

    from claimscope.store import Batch, StoredReport, open_store
    from claimscope.store import models as m

    rng = random.Random(seed)
    people = [f"{f} {chr(65 + i)}. {last}" for last in LAST for f in FIRST for i in range(26)]
    rng.shuffle(people)
    people = people[: max(50, min(len(people), articles // 5))]
    outlets = [f"{w.capitalize()} {kind}" for w in WORDS[:20] for kind in ("Times", "Post")][:40]
    actors = [(c, name, "country") for c, name in _countries()] + [(code, name, "organization") for code, name in ORGS]
    rng.shuffle(actors)
    store = open_store(db)
    started = time.perf_counter()
    for lo in range(0, articles, batch):
        reports = [synthetic_report(rng, n, people, outlets, actors) for n in range(lo, min(lo + batch, articles))]
        store.write_batch(Batch(reports=[StoredReport(r, r["document"]["source"], None) for r in reports], seen=len(reports)))
        done = min(lo + batch, articles)
        if done % 10_000 == 0 or done == articles:
            print(f"  {done:,} articles stored ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    with store.engine.begin() as conn:
        top = conn.execute(select(m.Claim.id, m.Claim.text, m.Claim.document_id, m.Claim.speaker_name).order_by(m.Claim.id)
                           .limit(min(articles * 7, 200_000))).all()
        docs = dict(conn.execute(select(m.Document.id, m.Document.published)).all()) if articles <= 200_000 else {}
        outlets_of = dict(conn.execute(select(m.Document.id, m.Document.outlet)).all()) if articles <= 200_000 else {}
        for k in range(max(1, articles // 100)):
            members = rng.sample(top, min(len(top), rng.randint(3, 40)))
            members.sort(key=lambda c: docs.get(c.document_id) or "")
            first = members[0]
            cid = conn.execute(insert(m.ClaimCluster).values(
                label=first.text, method="bench", size=len(members), first_claim_id=first.id, first_document_id=first.document_id,
                first_published=docs.get(first.document_id), first_outlet=outlets_of.get(first.document_id), first_speaker=first.speaker_name,
            )).inserted_primary_key[0]
            conn.execute(insert(m.ClaimClusterMember), [{"cluster_id": cid, "claim_id": c.id, "similarity": round(rng.uniform(0.6, 1), 3)} for c in members])
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sample(db: str, rng: random.Random) -> dict[str, list[str]]:
    """Ids, names and codes to request: popular and rare ones alike."""
    from sqlalchemy import func, select

    from claimscope.store import models as m
    from claimscope.store import open_store

    store = open_store(db)
    with store.engine.connect() as conn:
        max_num = conn.execute(select(func.max(m.Document.num))).scalar_one()
        nums = [rng.randint(1, max_num) for _ in range(300)]
        ids = list(conn.execute(select(m.Document.id).where(m.Document.num.in_(nums))).scalars())
        names = list(conn.execute(select(m.Person.name).where(m.Person.document_id.in_(ids))).scalars())
        codes = list(conn.execute(select(m.Actor.code).where(m.Actor.document_id.in_(ids))).scalars())
        outlets = list(conn.execute(select(m.Document.outlet).where(m.Document.id.in_(ids))).scalars())
        clusters = [str(i) for i in conn.execute(select(m.ClaimCluster.id).limit(200)).scalars()]
    store.close()
    return {"ids": ids, "names": names, "codes": codes, "outlets": outlets, "clusters": clusters or ["1"]}


def _query_word(rng: random.Random) -> str:
    """A word a user might search for: neither the commonest nor unseen (vocabulary ranks 20-2000)."""
    return VOCAB[rng.randint(20, 2000)]


def routes(s: dict[str, list[str]], rng: random.Random) -> dict[str, Callable[[], str]]:
    pick = rng.choice

    def search() -> str:
        kind = rng.randrange(5)
        if kind == 0:
            return "/"
        if kind == 1:
            return f"/?q={_query_word(rng)}"
        if kind == 2:
            return f"/?outlet={quote(pick(s['outlets']))}"
        if kind == 3:
            return f"/?actor={pick(s['codes'])}&published_from=2022-01-01"
        return f"/?speaker={quote(pick(s['names']))}"

    return {
        "page /  (search)": search,
        "page /articles/{id}": lambda: f"/articles/{pick(s['ids'])}",
        "page /people/{name}": lambda: f"/people/{quote(pick(s['names']), safe='')}",
        "page /actors/{code}": lambda: f"/actors/{pick(s['codes'])}",
        "page /clusters/{id}": lambda: f"/clusters/{pick(s['clusters'])}",
        "api /api/articles?q&filters": lambda: f"/api/articles?q={_query_word(rng)}&genre={pick(GENRES)}",
        "api /api/articles/{id}": lambda: f"/api/articles/{pick(s['ids'])}",
        "api /api/people?name": lambda: f"/api/people?name={quote(pick(s['names']).split()[-1])}",
        "api /api/people/{name}": lambda: f"/api/people/{quote(pick(s['names']), safe='')}",
        "api /api/actors": lambda: f"/api/actors?outlet={quote(pick(s['outlets']))}",
        "api /api/actors/{code}": lambda: f"/api/actors/{pick(s['codes'])}",
        "api /api/events?actor&modality": lambda: f"/api/events?actor={pick(s['codes'])}&modality={pick(MODALITIES)}",
        "api /api/clusters": lambda: "/api/clusters?published_from=2021-01-01",
    }


def measure(db: str, requests: int, seed: int = 11, only: list[str] | None = None) -> list[dict[str, Any]]:
    """Run the app under uvicorn and time ``requests`` GETs per route over keep-alive HTTP.

    ``only``: time just the routes whose names contain one of these words; the
    others are still drawn from the random generator, so a route sees the same
    URLs whether it is timed alone or with the rest.
    """
    import httpx
    import uvicorn

    from claimscope.web import create_app

    rng = random.Random(seed)
    samples = _sample(db, rng)
    app = create_app(db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    results = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            client.get("/")  # warm: facet cache, pools
            for name, make in routes(samples, rng).items():
                if only and not any(word in name for word in only):
                    for _ in range(5 + requests):
                        make()  # same draws as a full run
                    continue
                for _ in range(5):
                    client.get(make())
                times, errors, statuses = [], 0, {}
                for _ in range(requests):
                    url = make()
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    errors += response.status_code >= 500
                times.sort()
                results.append({"route": name, "n": len(times), "p50_ms": round(statistics.median(times), 1),
                                "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "max_ms": round(times[-1], 1),
                                "errors": errors, "statuses": statuses})
                print(f"  {name:34s} p50 {results[-1]['p50_ms']:7.1f} ms   p95 {results[-1]['p95_ms']:7.1f} ms   "
                      f"max {results[-1]['max_ms']:7.1f} ms   {statuses}", file=sys.stderr)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return results


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per route")
    parser.add_argument("--db", help="SQLite file to build (or reuse, if it exists and --reuse is given)")
    parser.add_argument("--reuse", action="store_true", help="measure an existing --db without rebuilding it")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--routes", help="comma-separated words: time only the routes whose names contain one (e.g. 'api/actors,people')")
    args = parser.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = Path(tempfile.mkdtemp(prefix="claimscope-bench-"))
        db = str(tmp / "bench.db")
    else:
        db = args.db
    if not (args.reuse and Path(db).exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
        print(f"building {args.articles:,} synthetic articles in {db}", file=sys.stderr)
        build(db, args.articles)
    size = sum(Path(db + s).stat().st_size for s in ("", "-wal") if Path(db + s).exists())
    print(f"measuring ({size / 1e6:.0f} MB database, {args.requests} requests per route)", file=sys.stderr)
    results = measure(db, args.requests, only=[w.strip() for w in args.routes.split(",") if w.strip()] if args.routes else None)
    worst = max(r["p95_ms"] for r in results)
    print(f"worst p95: {worst:.1f} ms (target < 100 ms): {'OK' if worst < 100 else 'OVER'}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"articles": args.articles, "results": results}, indent=2))
    if tmp is not None and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp is not None:
        print(f"kept {db}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
