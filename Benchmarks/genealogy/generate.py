#!/usr/bin/env python3
"""Builds a realistic lot history into a Gemba database: receiving, multi-level
assemblies, splits and merges — about 1 M lots and 3 M links by default.

    gemba audit verify --db /tmp/genealogy.db    # creates the schema (migrations)
    python3 Benchmarks/genealogy/generate.py /tmp/genealogy.db [--lots 1000000]

Structure: 10 levels. Level 0 are received lots (suppliers, supplier lots). Each
higher level's lots are produced by an operation consuming 2–4 lots of the levels
below (mostly the one right below), split into 2–3 lots now and then, and merged
pairwise now and then; the top level ships to customer orders. Seeded: the same
database every time.
"""
import argparse, random, sqlite3, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--lots", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    con = sqlite3.connect(a.db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    t0 = 1_795_478_400 * 10**9
    levels = 10
    per_level = [int(a.lots * w) for w in (0.16, 0.14, 0.12, 0.11, 0.10, 0.09, 0.08, 0.07, 0.07, 0.06)]
    lots, links, ships = [], [], []
    ids_by_level = []
    n = 0
    at = t0
    for level, count in enumerate(per_level):
        ids = []
        for k in range(count):
            n += 1
            at += 10**9
            lid = f"L{level}-{k}"
            if level == 0:
                sup = rnd.randrange(200)
                lots.append((lid, "steel", 1000.0, "kg", "available", "received", f"S{sup}", f"S{sup}-{k // 50}", None, None, None, at, "rx"))
            else:
                r = rnd.random()
                if r < 0.08 and len(ids) >= 2:
                    # A merge of two lots of this level.
                    a1, a2 = rnd.sample(ids[-200:], 2)
                    lots.append((lid, f"m{level}", 2.0, "pcs", "available", "merged", None, None, None, None, None, at, "op"))
                    links.append((a1, lid, "merged", 1.0, None, None, None, at, "op"))
                    links.append((a2, lid, "merged", 1.0, None, None, None, at, "op"))
                elif r < 0.16 and ids:
                    # A split of a lot of this level into this one (and its siblings over time).
                    p = rnd.choice(ids[-500:])
                    lots.append((lid, f"m{level}", 1.0, "pcs", "available", "split", None, None, None, None, None, at, "op"))
                    links.append((p, lid, "split", 1.0, None, None, None, at, "op"))
                else:
                    machine = f"m-{rnd.randrange(40)}"
                    lots.append((lid, f"m{level}", 10.0, "pcs", "available", "produced", None, None, machine, f"WO-{level}-{k // 20}", "op", at, "op"))
                    fan = rnd.choice((3, 3, 4, 4, 5))
                    for _ in range(fan):
                        src_level = level - 1 if rnd.random() < 0.8 else rnd.randrange(level)
                        src = ids_by_level[src_level]
                        # Recent lots of the level below: what the line would have at hand.
                        p = src[min(len(src) - 1, int(len(src) * k / max(1, count)) + rnd.randrange(-50, 50)) % len(src)]
                        links.append((p, lid, "consumed", 1.0, f"WO-{level}-{k // 20}", "op", machine, at, "op"))
            ids.append(lid)
            if level == levels - 1 and rnd.random() < 0.5:
                ships.append((lid, f"CO-{k // 10}", 10.0, at, "ship"))
        ids_by_level.append(ids)
    con.executemany("INSERT INTO lot(id, material, quantity, unit, status, origin, supplier, supplier_lot, machine, work_order, operation, created_ns, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", lots)
    con.executemany("INSERT INTO lot_link(parent, child, kind, quantity, work_order, operation, machine, at_ns, user) VALUES (?,?,?,?,?,?,?,?,?)", links)
    con.executemany("INSERT INTO shipment(lot, customer_order, quantity, at_ns, user) VALUES (?,?,?,?,?)", ships)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()
    print(f"{len(lots)} lots, {len(links)} links, {len(ships)} shipments")

if __name__ == "__main__":
    main()
