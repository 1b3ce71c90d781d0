"""Fusion time for 1k, 10k and 100k synthetic event mentions, and its growth rate.

Synthetic events are scattered over five years and 3,000 places in 60 countries; each is reported by
1-5 articles with jittered dates, nearby places and paraphrased evidence. Prints seconds, mentions/s,
pairs compared, the growth exponent between sizes (1.0 = linear, 2.0 = quadratic) and pairwise
fusion precision/recall against the synthetic truth.

    python benchmarks/fusion.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import math
import random
import time
from datetime import date, timedelta

from eventwire.fuse.fusion import Fuser
from eventwire.model import DateRange, EventMention, Place, Span

VERBS = ["clashed with", "attacked", "shelled", "fought", "exchanged fire with", "ambushed"]


def synth(n_mentions: int, seed: int = 7) -> tuple[list[EventMention], dict[str, int]]:
    rng = random.Random(seed)
    places = [Place(text=f"Town{i}", name=f"Town{i}", geonameid=i, lat=rng.uniform(-10, 40),
                    lon=rng.uniform(-10, 60), country=f"C{i % 60}") for i in range(3000)]
    mentions: list[EventMention] = []
    truth: dict[str, int] = {}
    base = date(2023, 1, 1)
    event = 0
    while len(mentions) < n_mentions:
        day = base + timedelta(days=rng.randrange(1826))
        place = rng.choice(places)
        typ = rng.choice(["FIGHT", "ASSAULT"])
        sides = (place.country or "C0", f"C{(int((place.country or 'C0')[1:]) + 1) % 60}")
        words = f"forces of {sides[0]} {rng.choice(VERBS)} fighters near {place.name} killing {rng.randint(2, 90)}"
        for r in range(rng.randint(1, 5)):
            mid = f"a{event}-{r}-e1"
            jitter = rng.choice([0, 0, 0, 1])
            text = words if rng.random() < 0.6 else f"{place.name}: {words.split(' near ')[0]} in heavy fighting"
            mentions.append(EventMention(
                id=mid, article_id=f"a{event}-{r}", type=typ,
                date=DateRange(start=day, end=day + timedelta(days=jitter), precision="day"),
                span=Span(start=0, end=len(text), text=text), places=(place,), countries=sides))
            truth[mid] = event
        event += 1
    kept = mentions[:n_mentions]
    return kept, {m.id: truth[m.id] for m in kept}


def pairwise(truth: dict[str, int], clusters: list[list[EventMention]]) -> tuple[float, float]:
    sys_of = {m.id: i for i, c in enumerate(clusters) for m in c}
    def pairs(assign: dict[str, int]) -> int:
        sizes: dict[int, int] = {}
        for v in assign.values():
            sizes[v] = sizes.get(v, 0) + 1
        return sum(s * (s - 1) // 2 for s in sizes.values())
    joint: dict[tuple[int, int], int] = {}
    for mid in truth:
        key = (truth[mid], sys_of[mid])
        joint[key] = joint.get(key, 0) + 1
    tp = sum(s * (s - 1) // 2 for s in joint.values())
    sp, gp = pairs(sys_of), pairs(truth)
    return (tp / sp if sp else 1.0), (tp / gp if gp else 1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = ap.parse_args()
    print(f"{'mentions':>10}{'seconds':>10}{'mentions/s':>12}{'compared':>12}{'P':>7}{'R':>7}{'growth':>8}")
    prev: tuple[int, float] | None = None
    for n in args.sizes:
        mentions, truth = synth(n)
        f = Fuser()
        t = time.perf_counter()
        f.add(mentions)
        clusters = f.clusters()
        secs = time.perf_counter() - t
        p, r = pairwise(truth, clusters)
        growth = "" if prev is None else f"{math.log(secs / prev[1]) / math.log(n / prev[0]):.2f}"
        print(f"{n:>10}{secs:>10.2f}{n / secs:>12.0f}{f.compared:>12}{p:>7.3f}{r:>7.3f}{growth:>8}")
        prev = (n, secs)


if __name__ == "__main__":
    main()
