"""Documents for STAR and the minister: the follow-up note, the annual report to BEU, the letters.

Builders here are pure functions of the engine's output tables (columns fixed by docs/data-format.md), the
AMK contact log and the supervision cases; the CLI computes those tables and writes the files.
"""
