"""The web's routes, one module per resource: `konto` (signing in and out), `oversigt` (`/`),
`kommuner` (a municipality's pages), `arbejdsliste` (its worklist, notes and absences), `kvoter`, `kvoteplan`,
`sager` (`/sager`, `/tilsynsfrister`), `udvaelgelse` (STAR's desk), `regler`, and `api` (the JSON
API under /api/v1, an application of its own). Who may call a route is in its signature
(`tilsyn.web.deps`)."""

from tilsyn.web.routes import arbejdsliste, kommuner, konto, kvoteplan, kvoter, oversigt, regler, sager, udvaelgelse

ROUTERE = tuple(m.router for m in (konto, oversigt, kommuner, arbejdsliste, kvoter, kvoteplan, sager, udvaelgelse, regler))
