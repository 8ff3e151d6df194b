"""The demo's forces, places and figures: where each force deploys live facial
recognition, how it words and numbers its records, and whose usage returns it sends.

The places are real streets, stations and grounds, with their borough or town; the
figures are made up (see oversight.demo.deployments)."""

from __future__ import annotations

from dataclasses import dataclass

from oversight.complaints.enums import Technology
from oversight.deployments.records.enums import Via


@dataclass(frozen=True)
class Site:
    name: str
    area: str
    latitude: float
    longitude: float
    busy: float  # how many people pass, relative to an ordinary high street


@dataclass(frozen=True)
class ForcePlan:
    slug: str
    per_year: int  # deployments over the last twelve months, besides those beside cases
    reference: str | None  # the force's reference pattern, if it gives one
    via: Via
    source: str
    link: str
    watchlist: tuple[int, int]
    rank: str
    purpose: str
    sites: tuple[Site, ...]


WANTED = (
    "To find people wanted by the police or the courts, and people breaking conditions "
    "set by a court, in a busy public place."
)
CATEGORIES = (
    "Wanted by the police or the courts; suspected of serious violent or sexual offences; "
    "subject to bail or court-imposed conditions"
)

PLANS = (
    ForcePlan(
        slug="metropolitan",
        per_year=196,
        reference="LFR/{year}/{number:03d}",
        via=Via.IMPORT,
        source="published_record",
        link="https://www.met.police.uk/advice/advice-and-information/fr/facial-recognition/",
        watchlist=(9_000, 17_500),
        rank="Superintendent",
        purpose=WANTED,
        sites=(
            Site("Oxford Circus, Regent Street", "Westminster", 51.5152, -0.1418, 3.0),
            Site("Leicester Square", "Westminster", 51.5103, -0.1301, 2.4),
            Site("Stratford Broadway", "Newham", 51.5416, -0.0033, 2.2),
            Site("East Croydon station", "Croydon", 51.3755, -0.0925, 1.8),
            Site("North End, Croydon", "Croydon", 51.3741, -0.0998, 1.6),
            Site("High Road, Wood Green", "Haringey", 51.5975, -0.1097, 1.2),
            Site("Rye Lane, Peckham", "Southwark", 51.4700, -0.0690, 1.1),
            Site("Lewisham High Street", "Lewisham", 51.4585, -0.0116, 1.1),
            Site("Brixton Road, Brixton", "Lambeth", 51.4627, -0.1145, 1.3),
            Site("Camden High Street", "Camden", 51.5390, -0.1426, 1.5),
            Site("Ilford High Road", "Redbridge", 51.5590, 0.0741, 1.0),
            Site("South Street, Romford", "Havering", 51.5752, 0.1830, 0.9),
            Site("Powis Street, Woolwich", "Greenwich", 51.4912, 0.0668, 0.9),
            Site("King Street, Hammersmith", "Hammersmith and Fulham", 51.4927, -0.2290, 1.0),
            Site("Wembley Park Boulevard", "Brent", 51.5590, -0.2817, 1.4),
            Site("Edmonton Green", "Enfield", 51.6246, -0.0611, 0.8),
            Site("Whitechapel Road", "Tower Hamlets", 51.5194, -0.0610, 1.2),
            Site("Clapham Junction, St John’s Road", "Wandsworth", 51.4630, -0.1683, 1.1),
            Site("Station Road, Harrow", "Harrow", 51.5802, -0.3346, 0.8),
            Site("Ladbroke Grove, Notting Hill", "Kensington and Chelsea", 51.5173, -0.2107, 1.0),
            Site("Uxbridge High Street", "Hillingdon", 51.5446, -0.4812, 0.7),
            Site("Bromley High Street", "Bromley", 51.4048, 0.0153, 0.8),
        ),
    ),
    ForcePlan(
        slug="south-wales",
        per_year=34,
        reference=None,
        via=Via.IMPORT,
        source="published_record",
        link=(
            "https://www.south-wales.police.uk/police-forces/south-wales-police/areas/"
            "about-us/about-us/facial-recognition-technology/"
        ),
        watchlist=(400, 1_600),
        rank="Superintendent",
        purpose=(
            "To find people wanted for offences, or banned from the event, among the crowds "
            "at a major event."
        ),
        sites=(
            Site("Principality Stadium, Westgate Street", "Cardiff", 51.4782, -3.1826, 2.5),
            Site("Queen Street", "Cardiff", 51.4822, -3.1735, 1.6),
            Site("Cardiff Central station", "Cardiff", 51.4760, -3.1792, 1.4),
            Site("St Mary Street", "Cardiff", 51.4788, -3.1773, 1.2),
            Site("Utilita Arena, Mary Ann Street", "Cardiff", 51.4776, -3.1718, 1.0),
            Site("Oxford Street, Swansea", "Swansea", 51.6195, -3.9439, 1.0),
            Site("Swansea.com Stadium", "Swansea", 51.6428, -3.9351, 1.3),
            Site("Wind Street, Swansea", "Swansea", 51.6196, -3.9395, 0.7),
            Site("Caroline Street, Bridgend", "Bridgend", 51.5047, -3.5770, 0.5),
        ),
    ),
    ForcePlan(
        slug="essex",
        per_year=6,
        reference="EP-LFR-{number:03d}",
        via=Via.FORM,
        source="published_record",
        link=(
            "https://www.essex.police.uk/police-forces/essex-police/areas/essex-police/"
            "about-us/live-facial-recognition/"
        ),
        watchlist=(5_000, 8_000),
        rank="Chief Inspector",
        purpose=WANTED,
        sites=(
            Site("High Street, Chelmsford", "Chelmsford", 51.7335, 0.4737, 1.0),
            Site("Marine Parade, Southend seafront", "Southend-on-Sea", 51.5357, 0.7170, 1.1),
            Site("Town Square, Basildon", "Basildon", 51.5762, 0.4887, 0.7),
            Site("High Street, Colchester", "Colchester", 51.8891, 0.9008, 0.8),
        ),
    ),
    ForcePlan(
        slug="northamptonshire",
        per_year=4,
        reference=None,
        via=Via.FORM,
        source="foi",
        link="https://www.northants.police.uk/foi-ai/northamptonshire-police/disclosure-log/",
        watchlist=(600, 2_500),
        rank="Superintendent",
        purpose=WANTED,
        sites=(
            Site("Abington Street, Northampton", "Northampton", 52.2380, -0.8936, 0.8),
            Site("Silverstone Circuit", "Towcester", 52.0786, -1.0169, 2.0),
            Site("Corporation Street, Corby", "Corby", 52.4881, -0.7003, 0.4),
        ),
    ),
    ForcePlan(
        slug="bedfordshire",
        per_year=5,
        reference="BED-{number:02d}",
        via=Via.FORM,
        source="force_submission",
        link="https://www.bedfordshire.police.uk/",
        watchlist=(1_500, 4_000),
        rank="Superintendent",
        purpose=WANTED,
        sites=(
            Site("George Street, Luton", "Luton", 51.8797, -0.4175, 0.9),
            Site("Midland Road, Bedford", "Bedford", 52.1360, -0.4698, 0.6),
            Site("Luton Airport Parkway station", "Luton", 51.8723, -0.3957, 0.7),
        ),
    ),
)

# Usage returns: force, technology, searches a quarter (about), share that gave a match.
RETURNS = (
    ("metropolitan", Technology.RFR, 6_800, 0.34),
    ("south-wales", Technology.RFR, 1_350, 0.28),
    ("south-wales", Technology.OIFR, 140, 0.22),
    ("gwent", Technology.OIFR, 65, 0.25),
    ("west-midlands", Technology.RFR, 1_900, 0.31),
    ("greater-manchester", Technology.RFR, 1_150, 0.27),
    ("essex", Technology.RFR, 720, 0.30),
    ("hampshire", Technology.RFR, 540, 0.26),
)
QUARTERS = 4
RETURN_LINKS = {
    "metropolitan": "https://www.met.police.uk/advice/advice-and-information/fr/facial-recognition/",
    "south-wales": "https://www.south-wales.police.uk/",
    "gwent": "https://www.gwent.police.uk/",
    "west-midlands": "https://www.westmidlands.police.uk/",
    "greater-manchester": "https://www.gmp.police.uk/",
    "essex": "https://www.essex.police.uk/",
    "hampshire": "https://www.hampshire.police.uk/",
}

# A few records the force republished with a figure changed: (force, nth record, note).
CORRECTIONS = (
    ("metropolitan", 7, "faces_seen", "The force re-counted the faces seen and republished."),
    ("metropolitan", 31, "arrests", "Two more arrests followed from alerts on the day."),
    ("metropolitan", 88, "false_alerts", "An alert first recorded as true was found false."),
    ("metropolitan", 140, "end_time", "The deployment ended early; the force corrected it."),
    ("south-wales", 5, "watchlist_size", "The force published the final watchlist size."),
)
