"""Each body a complaint can be referred to, in English and Welsh: its name as a
sentence uses it, and what it does and how to reach it (the ((referral_body)) and
((what_they_do)) of the triage_referred_<body> templates)."""

from __future__ import annotations

from oversight.complaints.enums import Language, ReferralBody

E, W = Language.ENGLISH, Language.WELSH

NAMES: dict[ReferralBody, dict[Language, str]] = {
    ReferralBody.IOPC: {
        E: "the Independent Office for Police Conduct (IOPC)",
        W: "Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)",
    },
    ReferralBody.ICO: {
        E: "the Information Commissioner’s Office (ICO)",
        W: "Swyddfa’r Comisiynydd Gwybodaeth (ICO)",
    },
    ReferralBody.FORCE_PROFESSIONAL_STANDARDS: {
        E: "the force’s professional standards department",
        W: "adran safonau proffesiynol yr heddlu",
    },
    ReferralBody.INVESTIGATORY_POWERS_TRIBUNAL: {
        E: "the Investigatory Powers Tribunal",
        W: "Tribiwnlys Pwerau Ymchwilio",
    },
    ReferralBody.PIRC: {
        E: "the Police Investigations and Review Commissioner (PIRC)",
        W: "Comisiynydd Ymchwiliadau ac Adolygu’r Heddlu (PIRC)",
    },
    ReferralBody.POLICE_OMBUDSMAN_NI: {
        E: "the Police Ombudsman for Northern Ireland",
        W: "Ombwdsmon Heddlu Gogledd Iwerddon",
    },
}

WHAT_THEY_DO: dict[ReferralBody, dict[Language, str]] = {
    ReferralBody.IOPC: {
        E: "The IOPC oversees the police complaints system in England and Wales and"
        " investigates the most serious matters involving the police. You can find out how"
        " to complain at www.policeconduct.gov.uk or call 0300 020 0096.",
        W: "Mae’r IOPC yn goruchwylio system gwynion yr heddlu yng Nghymru a Lloegr ac yn"
        " ymchwilio i’r materion mwyaf difrifol sy’n ymwneud â’r heddlu. Gallwch gael"
        " gwybod sut i gwyno yn www.policeconduct.gov.uk neu ffonio 0300 020 0096.",
    },
    ReferralBody.ICO: {
        E: "The ICO upholds information rights. It can look at how the police collect, use,"
        " share and keep your personal data, including images of your face. You can raise"
        " a concern at ico.org.uk/make-a-complaint or call 0303 123 1113.",
        W: "Mae’r ICO yn diogelu hawliau gwybodaeth. Mae’n gallu edrych ar sut mae’r heddlu’n"
        " casglu, defnyddio, rhannu a chadw eich data personol, gan gynnwys delweddau o’ch"
        " wyneb. Gallwch godi pryder yn ico.org.uk/make-a-complaint neu ffonio"
        " 0303 123 1113.",
    },
    ReferralBody.FORCE_PROFESSIONAL_STANDARDS: {
        E: "Every police force has a professional standards department that deals with"
        " complaints about how its officers and staff behaved. You can complain to the"
        " force through its website or at a police station. If you are unhappy with how"
        " the force deals with your complaint, you may be able to ask for a review.",
        W: "Mae gan bob heddlu adran safonau proffesiynol sy’n delio â chwynion am ymddygiad"
        " ei swyddogion a’i staff. Gallwch gwyno i’r heddlu drwy ei wefan neu mewn gorsaf"
        " heddlu. Os nad ydych yn fodlon â’r ffordd y mae’r heddlu’n delio â’ch cwyn,"
        " efallai y gallwch ofyn am adolygiad.",
    },
    ReferralBody.INVESTIGATORY_POWERS_TRIBUNAL: {
        E: "The Investigatory Powers Tribunal hears complaints about the use of covert"
        " surveillance and other investigatory powers by public bodies, including the"
        " police. You can find out how to make a claim at www.ipt-uk.com.",
        W: "Mae’r Tribiwnlys Pwerau Ymchwilio yn gwrando ar gwynion am y ffordd y mae cyrff"
        " cyhoeddus, gan gynnwys yr heddlu, yn defnyddio gwyliadwriaeth gudd a phwerau"
        " ymchwilio eraill. Gallwch gael gwybod sut i wneud hawliad yn www.ipt-uk.com.",
    },
    ReferralBody.PIRC: {
        E: "PIRC deals with complaints about the police in Scotland. You first complain to"
        " Police Scotland; if you are unhappy with how it handled your complaint, you can"
        " ask PIRC to review it. You can find out more at pirc.scot.",
        W: "Mae PIRC yn delio â chwynion am yr heddlu yn yr Alban. Yn gyntaf, rydych yn cwyno"
        " i Heddlu’r Alban; os nad ydych yn fodlon â’r ffordd y deliodd â’ch cwyn, gallwch"
        " ofyn i PIRC ei hadolygu. Gallwch gael rhagor o wybodaeth yn pirc.scot.",
    },
    ReferralBody.POLICE_OMBUDSMAN_NI: {
        E: "The Police Ombudsman investigates complaints about police officers in Northern"
        " Ireland, independently of the police. You can find out how to complain at"
        " www.policeombudsman.org.",
        W: "Mae’r Ombwdsmon Heddlu yn ymchwilio i gwynion am swyddogion yr heddlu yng"
        " Ngogledd Iwerddon, yn annibynnol ar yr heddlu. Gallwch gael gwybod sut i gwyno yn"
        " www.policeombudsman.org.",
    },
}
