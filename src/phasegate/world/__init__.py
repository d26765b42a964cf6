"""The demo world: Tarn & Ridge, a DTC outdoor brand with 39 weeks of support history (docs/demo-world.md).

`world.generate.generate(seed, scale)` returns the world as plain dataclasses (a fixture factory for tests);
`world.persist` writes it into a workspace; `world.stats` describes what a workspace's history contains.
Nothing is imported here, so `phasegate --help` stays quick.
"""
