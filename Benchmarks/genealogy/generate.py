#!/usr/bin/env python3
"""Builds a plant's lot history into a Gemba database: receiving, part routings,
multi-level assemblies, splits, merges and shipments — about 1 M lots and 3 M links.

    touch /tmp/genealogy.db && gemba audit verify --db /tmp/genealogy.db    # creates the schema (migrations)
    python3 Benchmarks/genealogy/generate.py /tmp/genealogy.db [--lots 1000000]

The plant it models (seeded: the same database every time):
- Raw material (6 kinds: coil, bar, sheet…) arrives in large lots; each one is cut
  into 30–60 blanks before the next is opened. A supplier lot covers 10–30
  consecutive deliveries of one material.
- Consumables (12 kinds: cutting fluid, weld wire, paint, fasteners…) arrive in lots
  that 80–400 operations each draw from; most operations draw 1–3 of them.
- Nine part families, each routed blank → 3 operations on their own machines; now and
  then a part lot is split in two (the sibling waits for a later assembly) or two
  part lots are merged before assembly.
- Three subassemblies, each built from one lot of three part families plus
  fasteners, then 2 operations.
- The product: one lot of each subassembly plus consumables, then test and pack; the
  packed lot is split into 2–4 delivery lots, most of which ship to customer orders.

So a delivery lot traced backward goes down ≥ 10 levels to raw material and
suppliers (a few hundred lots), a raw lot traced forward goes up ≥ 10 levels to
deliveries and customers (hundreds to a few thousand), and a supplier lot of a
consumable reaches tens of thousands: the recall case. Lot ids say what they are:
R- raw, C- consumable, P- part, S- subassembly, F- product, D- delivery.
"""
import argparse, random, sqlite3

RAW = ["coil", "bar", "sheet", "tube", "plate", "wire-rod"]
CONSUMABLES = ["cutting-fluid", "weld-wire", "paint", "fasteners", "adhesive", "gas",
               "grease", "labels", "packaging", "sealant", "primer", "solder"]
SECONDS_PER_LOT = 30


class Plant:
    def __init__(self, rnd):
        self.rnd = rnd
        self.at = 1_795_478_400 * 10**9
        self.lots, self.links, self.ships = [], [], []
        self.counters = {}
        self.open_raw = {}        # material → [lot id, uses left]
        self.open_consumable = {}
        self.supplier_lot = {}    # material → [supplier lot, deliveries left]
        self.spare_parts = {}     # family → part lots split off, waiting
        self.order = 0

    def new_id(self, prefix):
        k = self.counters.get(prefix, 0)
        self.counters[prefix] = k + 1
        return f"{prefix}-{k}"

    def tick(self):
        self.at += SECONDS_PER_LOT * 10**9
        return self.at

    def receive(self, prefix, material, uses):
        sl = self.supplier_lot.get(material)
        if sl is None or sl[1] == 0:
            supplier = f"SUP-{material}-{self.rnd.randrange(3)}"
            sl = [f"{supplier}/{self.new_id('SL')}", self.rnd.randint(10, 30), supplier]
            self.supplier_lot[material] = sl
        sl[1] -= 1
        lid = self.new_id(prefix)
        self.lots.append((lid, material, 1000.0, "kg", "available", "received", sl[2], sl[0], None, None, None, self.tick(), "receiving"))
        return [lid, uses]

    def draw(self, pool, prefix, material, lo, hi):
        cur = pool.get(material)
        if cur is None or cur[1] == 0:
            cur = self.receive(prefix, material, self.rnd.randint(lo, hi))
            pool[material] = cur
        cur[1] -= 1
        return cur[0]

    def produce(self, prefix, material, inputs, machine, operation, consumables):
        """An operation on a machine: consumes `inputs` and some consumables, makes one lot."""
        self.order += 1
        wo = f"WO-{self.order // 25}"
        lid = self.new_id(prefix)
        at = self.tick()
        self.lots.append((lid, material, 10.0, "pcs", "available", "produced", None, None, machine, wo, operation, at, "operator"))
        for p in inputs:
            self.links.append((p, lid, "consumed", 10.0, wo, operation, machine, at, "operator"))
        for _ in range(consumables):
            c = self.draw(self.open_consumable, "C", self.rnd.choice(CONSUMABLES), 80, 400)
            self.links.append((c, lid, "consumed", 0.5, wo, operation, machine, at, "operator"))
        return lid

    def split(self, parent, prefix, material, into):
        out = []
        for _ in range(into):
            lid = self.new_id(prefix)
            at = self.tick()
            self.lots.append((lid, material, 5.0, "pcs", "available", "split", None, None, None, None, None, at, "operator"))
            self.links.append((parent, lid, "split", 5.0, None, None, None, at, "operator"))
            out.append(lid)
        return out

    def merge(self, parents, prefix, material):
        lid = self.new_id(prefix)
        at = self.tick()
        self.lots.append((lid, material, 20.0, "pcs", "available", "merged", None, None, None, None, None, at, "operator"))
        for p in parents:
            self.links.append((p, lid, "merged", 10.0, None, None, None, at, "operator"))
        return lid

    def part(self, family):
        spare = self.spare_parts.get(family)
        if spare:
            return spare.pop()
        material = f"part-{family}"
        coil = self.draw(self.open_raw, "R", RAW[family % len(RAW)], 30, 60)
        lot = self.produce("P", material, [coil], f"M-P{family}-10", "10", self.rnd.choice((1, 2, 2)))
        for op in (20, 30, 40):
            lot = self.produce("P", material, [lot], f"M-P{family}-{op}", str(op), self.rnd.choice((1, 2, 3, 3)))
        r = self.rnd.random()
        if r < 0.06:
            first, second = self.split(lot, "P", material, 2)
            self.spare_parts.setdefault(family, []).append(second)
            lot = first
        elif r < 0.10:
            lot = self.merge([lot, self.part(family)], "P", material)
        return lot

    def subassembly(self, kind):
        material = f"sub-{kind}"
        parts = [self.part(3 * kind + j) for j in range(3)]
        lot = self.produce("S", material, parts, f"M-S{kind}-10", "10", self.rnd.choice((1, 2)))
        for op in (20, 30):
            lot = self.produce("S", material, [lot], f"M-S{kind}-{op}", str(op), self.rnd.choice((1, 2, 2, 3)))
        return lot

    def product(self, customer_orders):
        subs = [self.subassembly(k) for k in range(3)]
        lot = self.produce("F", "product", subs, "M-F-10", "10", self.rnd.choice((1, 2, 3)))
        lot = self.produce("F", "product", [lot], "M-F-20", "20", 1)       # test
        lot = self.produce("F", "product", [lot], "M-F-30", "30", 2)       # pack
        for d in self.split(lot, "D", "product", self.rnd.randint(2, 4)):
            if self.rnd.random() < 0.7:
                self.ships.append((d, f"CO-{customer_orders // 4}", 5.0, self.tick(), "shipping"))
                customer_orders += 1
        return customer_orders


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--lots", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    plant = Plant(random.Random(a.seed))
    orders = 0
    while len(plant.lots) < a.lots:
        orders = plant.product(orders)
    shipped = {s[0] for s in plant.ships}
    consumed = {l[0] for l in plant.links}
    lots = [l[:4] + (("shipped" if l[0] in shipped else "consumed" if l[0] in consumed else "available"),) + l[5:] for l in plant.lots]
    con = sqlite3.connect(a.db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.executemany("INSERT INTO lot(id, material, quantity, unit, status, origin, supplier, supplier_lot, machine, work_order, operation, created_ns, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", lots)
    con.executemany("INSERT INTO lot_link(parent, child, kind, quantity, work_order, operation, machine, at_ns, user) VALUES (?,?,?,?,?,?,?,?,?)", plant.links)
    con.executemany("INSERT INTO shipment(lot, customer_order, quantity, at_ns, user) VALUES (?,?,?,?,?)", plant.ships)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(plant.counters.items()))
    print(f"{len(lots)} lots, {len(plant.links)} links, {len(plant.ships)} shipments ({counts})")


if __name__ == "__main__":
    main()
