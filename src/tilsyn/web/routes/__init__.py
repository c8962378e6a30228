"""The web's routes, one module per resource: `konto` (signing in and out), `oversigt` (`/`),
`kommuner` (a municipality's pages), `arbejdsliste` (its worklist, notes and absences), `kvoter`,
`kvoteplan`, `rettidighed` (a municipality's rettidighed and quotas by month and team), `sager`
(`/sager`, `/tilsynsfrister`), `udvaelgelse` (STAR's desk), `regler`, `brugere` (the admin's users),
`tabeller` (each figure table as .csv and .xlsx), and `api` (the JSON API under /api/v1, an
application of its own). Who may call a route is in its signature (`tilsyn.web.deps`)."""

from tilsyn.web.routes import (
    arbejdsliste, brugere, kommuner, konto, kvoteplan, kvoter, oversigt, regler, rettidighed, sager, tabeller,
    udvaelgelse,
)

ROUTERE = tuple(m.router for m in (konto, oversigt, kommuner, arbejdsliste, kvoter, kvoteplan, rettidighed, sager,
                                   udvaelgelse, regler, brugere, tabeller))
