"""Files in and out: documents read with located errors, atomic writes, shipped resources.

Nothing here knows what a pack, an answers file or a result is; the modules that do
(`cxcheck.catalogue`, `cxcheck.answers`, `cxcheck.results`) read through these.
"""
