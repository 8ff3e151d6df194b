"""The wording the register ships with, in Welsh (formal "chi", the glossary's terms):
version 1 of every template in Cymraeg. Placeholders as in defaults.py."""

from __future__ import annotations

from oversight.complaints.enums import Finding, ReferralBody, ReviewOutcome
from oversight.notify.wording import keys

SIGN_OFF = "Cofrestr Goruchwylio Adnabod Wynebau"
TRACK = "Gallwch weld eich cwyn ar-lein yn ((tracking_url)) gyda’ch cyfeirnod a’ch cod dilyn."


def _referred() -> tuple[str, str]:
    # "mae ((referral_body)) yn gallu": no mutation falls on the body's name.
    return (
        "Eich cwyn ((reference)): pwy all helpu",
        "Rydym wedi asesu eich cwyn ((reference)). Nid yw’n rhywbeth y gallwn ymchwilio"
        " iddo ein hunain, ond mae ((referral_body)) yn gallu edrych arno.\n\n"
        "((what_they_do))\n\n"
        "((note))\n\n"
        "Rydym wedi cau eich cwyn gyda ni. Os byddwch yn cysylltu â nhw, dywedwch wrthynt"
        " beth ddigwyddodd; gallwch ddyfynnu ein cyfeirnod ((reference)).\n\n" + SIGN_OFF,
    )


_OVERALL = {
    Finding.UPHELD: "Mae eich cwyn wedi’i chadarnhau.",
    Finding.PARTLY_UPHELD: "Mae eich cwyn wedi’i chadarnhau’n rhannol: rydym yn cytuno â"
    " rhywfaint o’r hyn y gwnaethoch gwyno amdano, ond nid y cyfan.",
    Finding.NOT_UPHELD: "Nid yw eich cwyn wedi’i chadarnhau: ni wnaethom ganfod bod yr"
    " heddlu wedi gwneud rhywbeth o’i le.",
    Finding.UNABLE_TO_DETERMINE: "Rydym yn methu penderfynu ar eich cwyn: ni allem ddod o"
    " hyd i ddigon o dystiolaeth i ddweud a ddigwyddodd pethau fel y gwnaethoch eu"
    " disgrifio.",
}


def _decision(outcome: Finding) -> tuple[str, str]:
    return (
        "Ein penderfyniad ar eich cwyn ((reference))",
        "Rydym wedi gwneud penderfyniad ar eich cwyn ((reference)).\n\n"
        + _OVERALL[outcome]
        + "\n\nBeth a ganfuom ar bob un o’ch pryderon:\n((findings))\n\n"
        "((summary))\n\n"
        "Yr hyn rydym wedi’i argymell i’r heddlu:\n((recommendations))\n\n"
        "Os ydych yn anghytuno â’n penderfyniad, gallwch ofyn am adolygiad erbyn"
        " ((review_deadline)). Gallwch ofyn unwaith am bob penderfyniad. Gofynnwch ar-lein"
        " yn ((tracking_url)) gyda’ch cyfeirnod a’ch cod dilyn.\n\n" + SIGN_OFF,
    )


WELSH: dict[str, tuple[str, str]] = {
    "acknowledgement": (
        "Mae eich cwyn ((reference)) wedi dod i law",
        "Mae eich cwyn am ddefnydd yr heddlu o adnabod wynebau wedi dod i law.\n\n"
        "Eich cyfeirnod yw ((reference)).\n\n"
        "Bydd gweithiwr achos yn edrych ar eich cwyn ac yn penderfynu a allwn ymchwilio"
        " iddi. Ein nod yw gwneud hyn erbyn ((triage_date)). Efallai y byddwn yn cysylltu"
        " â chi i ofyn am ragor o wybodaeth.\n\n"
        "Ein nod yw anfon ein penderfyniad atoch erbyn ((decision_date)).\n\n"
        "Gallwch ddilyn eich cwyn, ateb ein cwestiynau ac ychwanegu tystiolaeth ar-lein yn"
        " ((tracking_url)) gyda’ch cyfeirnod a’r cod dilyn a ddangoswyd i chi pan"
        " anfonoch hi.\n\n" + SIGN_OFF,
    ),
    "request_for_information": (
        "Mae angen rhagor o wybodaeth arnom am eich cwyn ((reference))",
        "Mae angen rhagor o wybodaeth arnom am eich cwyn ((reference)).\n\n"
        "((questions))\n\n"
        "Atebwch ar-lein yn ((tracking_url)) gyda’ch cyfeirnod a’ch cod dilyn. Rydym wedi"
        " oedi’r amser a gymerwn i benderfynu nes y byddwn yn clywed gennych.\n\n" + SIGN_OFF,
    ),
    "reply_received": (
        "Mae eich ateb am eich cwyn ((reference)) wedi dod i law",
        "Mae eich ateb am eich cwyn ((reference)) wedi dod i law.\n\n"
        "Bydd eich gweithiwr achos yn ei ddarllen. Mae’r amser a gymerwn i benderfynu wedi"
        " ailddechrau.\n\n"
        "Gallwch weld yr hyn a anfonoch, ac ychwanegu tystiolaeth tra bo’ch cwyn ar agor,"
        " ar-lein yn ((tracking_url)) gyda’ch cyfeirnod a’ch cod dilyn.\n\n" + SIGN_OFF,
    ),
    "triage_in_remit": (
        "Byddwn yn ymchwilio i’ch cwyn ((reference))",
        "Rydym wedi asesu eich cwyn ((reference)). Mae’n ymwneud â rhywbeth rydym yn ei"
        " oruchwylio, felly byddwn yn ymchwilio iddi.\n\n"
        "((note))\n\n"
        "Bydd gweithiwr achos yn edrych ar yr hyn a ddigwyddodd ac ar y dystiolaeth. Efallai"
        " y bydd yn cysylltu â’r heddlu, ac yn gofyn i chi am ragor o wybodaeth. Ein nod yw"
        " anfon ein penderfyniad atoch erbyn ((decision_date)).\n\n"
        "Gallwch ddilyn eich cwyn ac ychwanegu tystiolaeth ar-lein yn ((tracking_url))"
        " gyda’ch cyfeirnod a’ch cod dilyn.\n\n" + SIGN_OFF,
    ),
    **{keys.triage_referred(body): _referred() for body in ReferralBody},
    "triage_out_of_remit": (
        "Mae eich cwyn ((reference)) y tu allan i’n cylch gwaith",
        "Rydym wedi asesu eich cwyn ((reference)). Ni allwn ymchwilio iddi: rydym yn"
        " goruchwylio defnydd yr heddlu o adnabod wynebau a thechnoleg biometreg debyg, ac"
        " mae eich cwyn am rywbeth arall, y tu allan i’n cylch gwaith.\n\n"
        "((note))\n\n"
        "Rydym wedi cau eich cwyn. Os ydych am gwyno am rywbeth arall a wnaeth yr heddlu,"
        " gallwch gysylltu â’r heddlu neu, yng Nghymru a Lloegr, â Swyddfa Annibynnol"
        " Ymddygiad yr Heddlu (IOPC) yn www.policeconduct.gov.uk.\n\n"
        "Os ydych yn credu ein bod wedi camddeall eich cwyn, gallwch wneud cwyn newydd yn"
        " ((new_complaint_url)) a dweud rhagor wrthym.\n\n" + SIGN_OFF,
    ),
    **{keys.decision(outcome): _decision(outcome) for outcome in Finding},
    keys.review_outcome(ReviewOutcome.UPHELD): (
        "Ein hadolygiad o’r penderfyniad ar eich cwyn ((reference))",
        "Rydym wedi adolygu ein penderfyniad ar eich cwyn ((reference)), fel y"
        " gofynnoch.\n\n"
        "Rydym yn cytuno y dylid edrych eto ar ein penderfyniad. Byddwn yn edrych eto ar y"
        " canfyddiadau a’n nod yw anfon penderfyniad newydd atoch erbyn"
        " ((decision_date)).\n\n"
        "((explanation))\n\n" + SIGN_OFF,
    ),
    keys.review_outcome(ReviewOutcome.NOT_UPHELD): (
        "Ein hadolygiad o’r penderfyniad ar eich cwyn ((reference))",
        "Rydym wedi adolygu ein penderfyniad ar eich cwyn ((reference)), fel y"
        " gofynnoch.\n\n"
        "Nid ydym wedi canfod unrhyw reswm i newid ein penderfyniad. Mae ein penderfyniad"
        " yn sefyll ac mae eich cwyn bellach wedi cau.\n\n"
        "((explanation))\n\n" + SIGN_OFF,
    ),
    "withdrawal": (
        "Rydych wedi tynnu eich cwyn ((reference)) yn ôl",
        "Rydych wedi tynnu eich cwyn ((reference)) yn ôl.\n\n"
        "Rydym wedi rhoi’r gorau i weithio arni ac wedi’i chau fel cwyn a dynnwyd yn"
        " ôl.\n\n"
        "Os byddwch yn newid eich meddwl, gallwch wneud cwyn newydd unrhyw bryd yn"
        " ((new_complaint_url)).\n\n" + TRACK + "\n\n" + SIGN_OFF,
    ),
    "rights_acknowledgement": (
        "Mae eich cais am eich data personol wedi dod i law",
        "Annwyl ((requester_name)),\n\n"
        "Mae eich cais wedi dod i law: ((request_kind)). Fe’i cawsom ar"
        " ((received_date)).\n\n"
        "Byddwn yn gwirio pwy ydych chi cyn gweithredu arno, ac efallai y byddwn yn gofyn"
        " i chi am brawf o’ch hunaniaeth. Byddwn yn ateb erbyn ((due_date)). Os yw eich"
        " cais yn gymhleth, gallwn gymryd hyd at ddau fis arall; byddem yn dweud wrthych"
        " pam cyn hynny.\n\n" + SIGN_OFF,
    ),
    "rights_outcome": (
        "Ein hateb i’ch cais am eich data personol",
        "Annwyl ((requester_name)),\n\n"
        "Rydym wedi gorffen delio â’ch cais: ((request_kind)), a gawsom ar"
        " ((received_date)).\n\n"
        "((outcome))\n\n"
        "Os nad ydych yn fodlon â’r ffordd y gwnaethom ddelio â’ch cais, gallwch gwyno i"
        " Swyddfa’r Comisiynydd Gwybodaeth (ICO) yn ico.org.uk/make-a-complaint neu ar"
        " 0303 123 1113.\n\n" + SIGN_OFF,
    ),
}
