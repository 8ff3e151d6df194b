"""The demo complaints: three named ones, then the stories, places, people and plan from
which the rest of the demo queue is made (see oversight.demo.complaints)."""

from __future__ import annotations

from oversight.complaints.answers import Answers
from oversight.complaints.enums import Concern, Finding

DEMO: list[tuple[str, str, Answers]] = [
    (
        "demo-1",
        "DEMO-TRAK-0001",
        {
            "technology": "lfr",
            "force": "metropolitan",
            "incident_date": "2026-10-03",
            "incident_date_approximate": False,
            "place": "Outside Oxford Circus station, London",
            "what_happened": "A van with cameras was parked by the station. Officers stopped me and said I matched someone on a watchlist. I showed my ID and they let me go after 20 minutes.",
            "concerns": ["misidentification", "stopped_after_alert", "no_notice"],
            "relation": "subject",
            "outcome_wanted": "An apology and confirmation that my image has been deleted.",
            "wants_contact": "yes",
            "name": "Sam Example",
            "email": "sam@example.com",
            "phone": None,
            "preferred_contact": "email",
            "accessibility_needs": None,
            "consent_to_share": "yes",
        },
    ),
    (
        "demo-2",
        "DEMO-TRAK-0002",
        {
            "technology": "rfr",
            "force": "unknown",
            "incident_date": "2026-09-01",
            "incident_date_approximate": True,
            "place": "Online",
            "what_happened": "I believe a photo from my social media was searched against police databases after a protest.",
            "concerns": ["image_source", "protest_or_event", "retention"],
            "relation": "subject",
            "outcome_wanted": "To know whether my image was searched and to have it deleted.",
            "wants_contact": "no",
        },
    ),
    (
        "demo-3",
        "DEMO-TRAK-0003",
        {
            "technology": "oifr",
            "force": "south-wales",
            "incident_date": "2026-11-02",
            "incident_date_approximate": False,
            "place": "Queen Street, Cardiff",
            "what_happened": "An officer took a photo of a teenager on a phone app and checked it against a database over a minor matter.",
            "concerns": ["minor_or_non_crime", "officer_conduct"],
            "relation": "witness",
            "outcome_wanted": "A review of when officers may use the app.",
            "wants_contact": "yes",
            "name": "Alex Example",
            "email": None,
            "phone": "07700 900 982",
            "preferred_contact": "phone",
            "accessibility_needs": "Please call after 5pm.",
            "consent_to_share": "no",
        },
    ),
]


# The rest of the demo queue: what people complain about, where, and how far each case
# has got. Every case is made and worked through the real services, so its timeline,
# audit events and messages are what a caseworker would have left. (The services stamp
# each step with the time the demo is loaded; the receipt dates are spread back, and each
# acknowledgement is dated at its complaint's receipt.)
# technology | concerns | relation | what happened | outcome wanted
STORIES = [
    "lfr | misidentification stopped_after_alert | subject | Cameras on a police van flagged me as a match for someone wanted. Officers held my arms and searched my bag before checking my ID. It was not me. | An apology, and my image deleted.",
    "lfr | no_notice | passer_by | There was a facial recognition van on the street but I saw no signs until I had already walked past it. | Clear signs before anyone reaches the cameras.",
    "lfr | protest_or_event watchlist | third_party | Live facial recognition was used at a peaceful protest. We want to know who was on the watchlist and why. | The watchlist criteria made public.",
    "lfr | discrimination stopped_after_alert | subject | I was stopped after an alert. Everyone I saw being stopped was a young black man. | An explanation of how the system was tested for bias.",
    "rfr | image_source retention | subject | I was told a photo from my social media profile was searched against the custody database after a fight I was not part of. | To know where the photo came from, and to have it deleted.",
    "rfr | image_source data_sharing | subject | Police took footage from a neighbour's doorbell camera and ran my face through their system. | Confirmation that the footage has been destroyed.",
    "rfr | misidentification | subject | A search of shop CCTV matched me to a theft. I was interviewed under caution before they accepted it was not me. | My details removed from the investigation.",
    "oifr | minor_or_non_crime officer_conduct | witness | An officer photographed a teenager with a phone app because he was cycling on the pavement. | A review of when officers may use the app.",
    "oifr | officer_conduct no_notice | subject | An officer pointed a phone at my face without saying why. When I asked, he said it was none of my business. | An apology and an explanation.",
    "other_biometric | retention data_sharing | subject | When I called the police I was told my voice might be kept for voice matching. | My voice recording deleted.",
    "not_sure | no_notice retention | passer_by | Cameras on poles at the station entrance seemed to pick out faces. Nobody could tell me what they were. | To know what the system was and how long images are kept.",
    "lfr | retention watchlist | subject | I was arrested years ago and never charged. I think my custody photo is still on the watchlist. | My custody image deleted.",
    "lfr | minor_or_non_crime protest_or_event | witness | Facial recognition cameras were used outside a football match to look for people banned from grounds. | Limits on its use at sports events.",
    "rfr | data_sharing other | third_party | A shopping centre shares its CCTV with the police, who search it with facial recognition. | A review of the data sharing agreement.",
    "lfr | misidentification officer_conduct | third_party | My 15-year-old son was stopped after an alert and kept for 40 minutes without an adult. | An apology to my son and a change of procedure.",
    "oifr | image_source | subject | Officers photographed me at a traffic stop and said it would be checked against all their databases. | To know which databases were searched.",
]
PLACES = {
    "metropolitan": [
        "Outside Croydon station, London",
        "Oxford Street, London",
        "Stratford Centre, London",
        "Notting Hill Carnival, London",
    ],
    "south-wales": [
        "Queen Street, Cardiff",
        "Outside the Principality Stadium, Cardiff",
        "Swansea city centre",
    ],
    "essex": ["Chelmsford High Street", "Southend seafront"],
    "west-midlands": ["The Bullring, Birmingham"],
    "greater-manchester": ["Piccadilly Gardens, Manchester"],
    "hampshire": ["Southampton city centre"],
    "northamptonshire": ["Northampton town centre"],
    "bedfordshire": ["Luton town centre"],
    "btp": ["King's Cross station, London"],
    "west-yorkshire": ["Briggate, Leeds"],
    "police-scotland": ["Buchanan Street, Glasgow"],
    "psni": ["Donegall Place, Belfast"],
    "unknown": ["Online", "I am not sure where the images were taken"],
}
PEOPLE = [
    ("Priya Shah", "email"),
    (None, None),
    ("Tom Evans", "phone"),
    ("Aisha Bello", "email"),
    (None, None),
    ("Gareth Jones", "email"),
]

# (days ago, story, force, channel, what happened next, who has it, priority)
# Scripts: received, triage, asked_in_triage, investigating, asked, replied, decided,
# closed, review (asked for, not yet decided), review:upheld (a second decision follows),
# review:not_upheld, referred:<body>, out_of_remit, withdrawn, withdrawn_waiting,
# duplicate:<key>, vexatious. Who: casey, sam, assign (Sam gives it to Casey) or "".
# Casey's findings are signed off by Sam, Sam's by Robin; Robin decides the reviews.
PLAN = [
    (0, 1, "metropolitan", "web", "received", "", ""),
    (0, 10, "btp", "web", "received", "", ""),
    (1, 4, "unknown", "web", "received", "", ""),
    (1, 8, "south-wales", "phone", "received", "", ""),
    (2, 6, "essex", "web", "received", "", ""),
    (3, 13, "west-midlands", "email", "received", "", ""),
    (4, 2, "metropolitan", "web", "received", "", ""),
    (6, 9, "unknown", "post", "received", "", ""),
    (3, 3, "metropolitan", "web", "triage", "casey", ""),
    (5, 0, "south-wales", "web", "triage", "", ""),
    (7, 11, "bedfordshire", "web", "triage", "sam", ""),
    (9, 5, "hampshire", "email", "triage", "casey", ""),
    (12, 12, "south-wales", "web", "triage", "", ""),
    (18, 7, "northamptonshire", "web", "triage", "casey", ""),
    (24, 15, "essex", "phone", "triage", "sam", ""),
    (30, 1, "greater-manchester", "web", "triage", "", ""),
    (8, 4, "unknown", "web", "asked_in_triage", "casey", ""),
    (15, 13, "west-yorkshire", "web", "asked_in_triage", "sam", ""),
    (21, 9, "metropolitan", "email", "asked_in_triage", "casey", ""),
    (16, 14, "metropolitan", "web", "investigating", "casey", "urgent"),
    (22, 3, "metropolitan", "web", "investigating", "sam", "high"),
    (28, 0, "essex", "web", "investigating", "assign", ""),
    (35, 5, "unknown", "web", "investigating", "casey", ""),
    (44, 2, "south-wales", "post", "investigating", "sam", ""),
    (52, 6, "west-midlands", "web", "investigating", "casey", "high"),
    (63, 10, "btp", "web", "investigating", "assign", ""),
    (75, 12, "south-wales", "web", "investigating", "sam", ""),
    (95, 7, "hampshire", "web", "investigating", "casey", ""),
    (120, 0, "metropolitan", "web", "investigating", "sam", "urgent"),
    (40, 11, "essex", "web", "asked", "casey", ""),
    (58, 15, "bedfordshire", "phone", "asked", "sam", ""),
    (80, 4, "unknown", "web", "asked", "casey", ""),
    (47, 8, "northamptonshire", "web", "replied", "casey", ""),
    (70, 1, "metropolitan", "email", "replied", "sam", "high"),
    (65, 2, "essex", "web", "decided", "casey", ""),
    (78, 0, "south-wales", "web", "decided", "assign", "high"),
    (88, 13, "greater-manchester", "web", "decided", "casey", ""),
    (100, 5, "unknown", "web", "decided", "casey", ""),
    (90, 1, "metropolitan", "web", "closed", "casey", ""),
    (110, 9, "west-yorkshire", "web", "closed", "casey", ""),
    (130, 6, "hampshire", "post", "closed", "casey", ""),
    (140, 12, "south-wales", "web", "closed", "assign", ""),
    (150, 11, "metropolitan", "web", "closed", "casey", ""),
    (85, 14, "metropolitan", "web", "review", "casey", "urgent"),
    (105, 3, "south-wales", "web", "review:not_upheld", "casey", ""),
    (115, 4, "essex", "web", "review:upheld", "assign", ""),
    (125, 11, "metropolitan", "web", "closed", "sam", ""),
    (20, 8, "metropolitan", "web", "referred:iopc", "casey", ""),
    (26, 9, "unknown", "email", "referred:ico", "sam", ""),
    (33, 8, "west-midlands", "web", "referred:force_professional_standards", "casey", ""),
    (13, 0, "police-scotland", "web", "referred:pirc", "sam", ""),
    (19, 15, "psni", "phone", "referred:police_ombudsman_ni", "casey", ""),
    (11, 10, "unknown", "web", "out_of_remit", "sam", ""),
    (36, 13, "btp", "web", "out_of_remit", "casey", ""),
    (42, 11, "essex", "web", "withdrawn", "casey", ""),
    (55, 4, "unknown", "web", "withdrawn_waiting", "sam", ""),
    (2, 0, "metropolitan", "web", "duplicate:demo-1", "", ""),
    (10, 2, "metropolitan", "web", "duplicate:demo-10", "casey", ""),
    (60, 9, "unknown", "email", "vexatious", "sam", ""),
]
# The decision's summary for the complainant: the first decision, and one made again
# after a review that was upheld.
SUMMARIES = [
    "We looked at the force's records of the deployment and its policy.",
    "We looked again, with the footage you sent, at the force's records and its policy.",
]
REVIEW_REASONS = [
    "You did not look at the footage I sent.",
    "The force's account of the stop is not what happened.",
]
FINDINGS = [Finding.UPHELD, Finding.PARTLY_UPHELD, Finding.NOT_UPHELD, Finding.UNABLE_TO_DETERMINE]
RECOMMENDATIONS = {
    Concern.NO_NOTICE: "Put up signs at every entrance to the area the cameras cover.",
    Concern.MISIDENTIFICATION: "Check identity before any stop that follows an alert.",
    Concern.STOPPED_AFTER_ALERT: "Record every stop that follows an alert, and its result.",
    Concern.RETENTION: "Delete images of people not on the watchlist at once.",
    Concern.WATCHLIST: "Publish how people are chosen for a watchlist.",
    Concern.IMAGE_SOURCE: "Stop searching images taken from social media.",
}
