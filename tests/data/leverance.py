"""A small valid delivery (every table, CSV) that tests copy and then break on purpose."""

from __future__ import annotations

from pathlib import Path

VALID = {
    "personer": """person_id,foedselsdato
p1,1980-01-01
p2,1990-05-05
p3,2000-12-31
""",
    "ydelser": """person_id,kommune_kode,ydelse,visitation,start,slut
p1,0153,kontanthjaelp,jobparat,2024-01-01,2024-03-31
p1,0153,kontanthjaelp,aktivitetsparat,2024-04-01,
p2,0101,dagpenge,,2024-02-01,
p3,0101,sygedagpenge,,2024-01-15,2024-06-30
""",
    "samtaler": """person_id,kommune_kode,dato,form,art,sagsbehandler_id
p1,0153,2024-01-10,fysisk,individuel,s1
p2,0101,2024-02-20,telefon,faelles,
""",
    "tilbud": """person_id,kommune_kode,art,start,slut
p2,0101,virksomhedspraktik,2024-03-01,2024-03-28
""",
    "beskaeftigelse": """person_id,maaned,timer
p1,2024-01,12.5
p1,2024-02,0
""",
    "fritagelser": """person_id,grund,start,slut
p2,barsel,2024-05-01,2024-09-30
""",
    "aftaler": """person_id,dato,art
p1,2024-05-02,samtale
""",
    "sagsbehandlere": """sagsbehandler_id,navn,team,kommune_kode
s1,Anna,Team Nord,0153
s2,Bo,,0153
""",
    "sagsstammer": """person_id,sagsbehandler_id,start,slut
p1,s1,2024-01-01,
""",
    "fravaer": """sagsbehandler_id,start,slut,vikar_id
s1,2024-02-01,2024-02-14,s2
""",
    "rammevilkaar": """kommune_kode,aar,befolkning_16_66,ledighed
153,2024,23000,4.5
101,2024,420000,5.1
""",
}


def write_dir(path: Path, tables: dict[str, str | bytes], suffix: str = ".csv") -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, content in tables.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (path / f"{name}{suffix}").write_bytes(data)
    return path
