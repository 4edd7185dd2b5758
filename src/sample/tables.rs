//! Word lists for the synthetic generator: counties, fake names, offenses.
//!
//! Every string here is written into a CSV field as is (only names are
//! quoted), so none may hold a comma, a double quote or a line break; a test
//! in the parent module checks that.

/// The 58 California counties, upper case, in the DOJ's county-code order
/// (code = index + 1).
pub(super) static COUNTIES: [&str; 58] = [
    "ALAMEDA",
    "ALPINE",
    "AMADOR",
    "BUTTE",
    "CALAVERAS",
    "COLUSA",
    "CONTRA COSTA",
    "DEL NORTE",
    "EL DORADO",
    "FRESNO",
    "GLENN",
    "HUMBOLDT",
    "IMPERIAL",
    "INYO",
    "KERN",
    "KINGS",
    "LAKE",
    "LASSEN",
    "LOS ANGELES",
    "MADERA",
    "MARIN",
    "MARIPOSA",
    "MENDOCINO",
    "MERCED",
    "MODOC",
    "MONO",
    "MONTEREY",
    "NAPA",
    "NEVADA",
    "ORANGE",
    "PLACER",
    "PLUMAS",
    "RIVERSIDE",
    "SACRAMENTO",
    "SAN BENITO",
    "SAN BERNARDINO",
    "SAN DIEGO",
    "SAN FRANCISCO",
    "SAN JOAQUIN",
    "SAN LUIS OBISPO",
    "SAN MATEO",
    "SANTA BARBARA",
    "SANTA CLARA",
    "SANTA CRUZ",
    "SHASTA",
    "SIERRA",
    "SISKIYOU",
    "SOLANO",
    "SONOMA",
    "STANISLAUS",
    "SUTTER",
    "TEHAMA",
    "TRINITY",
    "TULARE",
    "TUOLUMNE",
    "VENTURA",
    "YOLO",
    "YUBA",
];

/// County seat of each county (same order): the city of its police
/// department (`CAPD <CITY>`) and of some former municipal courts.
pub(super) static SEATS: [&str; 58] = [
    "OAKLAND",
    "MARKLEEVILLE",
    "JACKSON",
    "OROVILLE",
    "SAN ANDREAS",
    "COLUSA",
    "MARTINEZ",
    "CRESCENT CITY",
    "PLACERVILLE",
    "FRESNO",
    "WILLOWS",
    "EUREKA",
    "EL CENTRO",
    "INDEPENDENCE",
    "BAKERSFIELD",
    "HANFORD",
    "LAKEPORT",
    "SUSANVILLE",
    "LOS ANGELES",
    "MADERA",
    "SAN RAFAEL",
    "MARIPOSA",
    "UKIAH",
    "MERCED",
    "ALTURAS",
    "BRIDGEPORT",
    "SALINAS",
    "NAPA",
    "NEVADA CITY",
    "SANTA ANA",
    "AUBURN",
    "QUINCY",
    "RIVERSIDE",
    "SACRAMENTO",
    "HOLLISTER",
    "SAN BERNARDINO",
    "SAN DIEGO",
    "SAN FRANCISCO",
    "STOCKTON",
    "SAN LUIS OBISPO",
    "REDWOOD CITY",
    "SANTA BARBARA",
    "SAN JOSE",
    "SANTA CRUZ",
    "REDDING",
    "DOWNIEVILLE",
    "YREKA",
    "FAIRFIELD",
    "SANTA ROSA",
    "MODESTO",
    "YUBA CITY",
    "RED BLUFF",
    "WEAVERVILLE",
    "VISALIA",
    "SONORA",
    "VENTURA",
    "WOODLAND",
    "MARYSVILLE",
];

/// Last names: invented words nobody carries.
pub(super) static LAST_NAMES: &[&str] = &[
    "SAMPLEPERSON",
    "TESTCASE",
    "EXAMPLAR",
    "FICTIONAL",
    "PLACEHOLDER",
    "MADEUPSON",
    "DUMMYNAME",
    "NOTAREALNAME",
    "SYNTHETICA",
    "FAKEWORTH",
    "PRETENDSON",
    "TESTSUBJECT",
    "IMAGINARIO",
    "MOCKINGTON",
    "STANDINSKI",
    "EXAMPLESON",
    "TRIALRECORD",
    "NONPERSON",
    "SPECIMENO",
    "MOCKUPLY",
    "FILLERTON",
    "TESTWELL",
    "SAMPLEMAN",
    "PROTOTYPO",
    "LOREMIPSUM",
    "DOLORSIT",
    "FAUXBERG",
    "SHAMWELL",
    "INVENTADO",
    "NOBODIAN",
    "DEMOGRAPHO",
    "SIMULANT",
];

/// Last names with accents, hyphens and apostrophes (UTF-8), equally invented.
pub(super) static ACCENTED_LAST_NAMES: &[&str] = &[
    "NÚÑEZFAKE-O'SAMPLE",
    "FICTÍCIO-O'TESTCASE",
    "MUÑECO-EJEMPLAR",
    "PRUÉBA-O'DUMMY",
    "ÉXEMPLAR",
    "PLACÉHOLDER-MUÑOZTEST",
    "TESTÇASE",
    "SÄMPLEPERSON",
    "O'FICTIONAL",
    "DE LA MUESTRA-FALSÓN",
];

/// First names: spelling-alphabet words and stock placeholder names.
pub(super) static FIRST_NAMES: &[&str] = &[
    "ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA", "JULIETT", "KILO", "LIMA",
    "MIKE", "NOVEMBER", "OSCAR", "PAPA", "QUEBEC", "ROMEO", "SIERRA", "TANGO", "UNIFORM", "VICTOR", "WHISKEY", "XRAY",
    "YANKEE", "ZULU", "JANE", "JOHN", "TESTY", "SAMPLE", "EXAMPLE", "NOBODY", "ANYONE", "DEMO",
];

/// First names with accents (always combined with an invented last name).
pub(super) static ACCENTED_FIRST_NAMES: &[&str] =
    &["JOSÉ", "ÁNGEL", "RENÉE", "ZOË", "FRANÇOIS", "MARÍA", "JOSÉ ÁNGEL", "IÑIGO", "CHLOÉ"];

/// An offense as the DOJ writes it: `OFFENSE_DESCR` and `OFFENSE_TOC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Offense {
    pub descr: &'static str,
    pub toc: &'static str,
}

const fn o(descr: &'static str, toc: &'static str) -> Offense {
    Offense { descr, toc }
}

/// Prop 64 offenses as convicted before November 2016, in the spellings real
/// data uses (repeats weight the common ones).
pub(super) static CANNABIS_PRE: &[Offense] = &[
    o("11357(B) HS-POSSESS MARIJUANA 28.5 GRAMS OR LESS", "M"),
    o("11357(B) HS-POSSESS MARIJUANA 28.5 GRAMS OR LESS", "M"),
    o("11357(B) HS-POSSESS MARIJUANA 28.5 GRAMS OR LESS", "I"),
    o("11357(b) hs-possess marijuana 28.5 grams or less", "I"),
    o("11357(C)HS-POSSESS MARIJUANA OVER 28.5 GRAMS", "M"),
    o("11357(C) HS-POSSESS MARIJUANA OVER 28.5 GRAMS", "M"),
    o("11357 HS-POSSESS MARIJUANA", "M"),
    o("11357 HS-POSSESS MARIJUANA", "F"),
    o(" 11357  HS-POSSESS MARIJUANA", "M"),
    o("11357(A) HS-POSSESS CONCENTRATED CANNABIS", "F"),
    o("11357A-POSSESS CONCENTRATED CANNABIS", "F"),
    o("11357(D) HS-POSSESS MARIJUANA ON SCHOOL GROUNDS", "M"),
    o("11357(E) HS-MINOR POSSESS MARIJUANA ON SCHOOL GROUNDS", "M"),
    o("664/11357 HS-ATTEMPT POSSESS MARIJUANA", "M"),
    o("664/11357-ATTEMPT POSSESS MARIJUANA", "M"),
    o("11358 HS-CULTIVATE MARIJUANA", "F"),
    o("11358 HS-CULTIVATE MARIJUANA", "F"),
    o(" 11358  HS-PLANT/CULTIVATE MARIJUANA", "F"),
    o("11358 hs-cultivate marijuana", "F"),
    o("11359 HS-POSSESS MARIJUANA FOR SALE", "F"),
    o("11359 HS-POSSESS MARIJUANA FOR SALE", "F"),
    o("11359HS-POSSESS MARIJUANA FOR SALE", "F"),
    o("11359 HS-POSS MARIJ FOR SALE", "F"),
    o("11360(A) HS-TRANSPORT/SELL MARIJUANA", "F"),
    o("11360(A) HS-TRANSPORT/SELL MARIJUANA", "F"),
    o("11360(a) HS-TRANSPORT/SELL MARIJUANA", "F"),
    o("11360A HS-TRANSPORT/SELL MARIJUANA", "F"),
    o("11360 HS-SELL/FURNISH/ETC MARIJUANA", "F"),
    o("11360(B) HS-GIVE AWAY 28.5 GRAMS OR LESS MARIJUANA", "M"),
];

/// Conspiracies to commit a cannabis offense (PC 182): cannabis charges, but
/// not Prop 64 offenses.
pub(super) static CANNABIS_CONSPIRACY: &[Offense] = &[
    o("182/11360 HS-CONSPIRACY TO SELL MARIJUANA", "F"),
    o("182(A)(1)/11359 HS-CONSPIRACY: POSSESS MARIJUANA FOR SALE", "F"),
];

/// Cannabis offenses as written after Prop 64 (convictions from November
/// 2016 on, which are not eligible; some of these sections are still felonies).
pub(super) static CANNABIS_POST: &[Offense] = &[
    o("11357(A)(2) HS-POSSESS MARIJUANA UNDER 21", "I"),
    o("11357(B)(2) HS-POSSESS MARIJUANA OVER 28.5 GRAMS", "M"),
    o("11358(C) HS-CULTIVATE MORE THAN SIX PLANTS", "M"),
    o("11359(B) HS-POSSESS MARIJUANA FOR SALE", "M"),
    o("11359(c)(3)-POSSESS MARIJUANA FOR SALE WITH PRIOR", "F"),
    o("11360A2 HS-TRANSPORT/SELL MARIJUANA", "M"),
    o("11360(A)(3)(C) HS-TRANSPORT/SELL MARIJUANA WITH PRIOR", "F"),
    o("11360(a)(3)(D) HS-IMPORT MARIJUANA INTO STATE", "F"),
];

/// Everything else people are arrested for, near-misses of listed sections
/// included (`1170 PC` is not `170`/`187`, `653F(A)` is not `653f(b)`,
/// `261.5` is not `261`).
pub(super) static OTHER: &[Offense] = &[
    o("23152(A) VC-DUI ALCOHOL/DRUGS", "M"),
    o("23152(A) VC-DUI ALCOHOL/DRUGS", "M"),
    o("23152(B) VC-DUI 0.08 PERCENT ALCOHOL", "M"),
    o("484 PC-THEFT", "M"),
    o("484 PC-THEFT", "M"),
    o("488 PC-PETTY THEFT", "M"),
    o("459 PC-BURGLARY", "F"),
    o("459 PC-BURGLARY", "F"),
    o("148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER", "M"),
    o("148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER", "M"),
    o("245(A)(1) PC-ASSAULT WITH DEADLY WEAPON", "F"),
    o("242 PC-BATTERY", "M"),
    o("273.5(A) PC-INFLICT CORPORAL INJURY ON SPOUSE/COHABITANT", "F"),
    o("211 PC-ROBBERY", "F"),
    o("10851(A) VC-TAKE VEHICLE WITHOUT OWNER'S CONSENT", "F"),
    o("496(A) PC-RECEIVE STOLEN PROPERTY", "F"),
    o("594(A) PC-VANDALISM", "M"),
    o("647(F) PC-DISORDERLY CONDUCT: INTOXICATION", "M"),
    o("11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE", "F"),
    o("11350 HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE", "F"),
    o("11377(A) HS-POSSESS CONTROLLED SUBSTANCE", "M"),
    o("11377 HS-POSSESS CONTROLLED SUBSTANCE", "F"),
    o("11378 HS-POSSESS CONTROLLED SUBSTANCE FOR SALE", "F"),
    o("11351 HS-POSSESS NARCOTIC FOR SALE", "F"),
    o("11550(A) HS-UNDER INFLUENCE OF CONTROLLED SUBSTANCE", "M"),
    o("11364 HS-POSSESS UNLAWFUL PARAPHERNALIA", "M"),
    o("11364.1 HS-POSSESS DRUG PARAPHERNALIA", "M"),
    o("11366 HS-OPEN/MAINTAIN PLACE FOR CONTROLLED SUBSTANCE", "F"),
    o("11361(A) HS-EMPLOY MINOR TO SELL MARIJUANA", "F"),
    o("32 PC-ACCESSORY AFTER THE FACT", "F"),
    o("4573.6 PC-POSSESS CONTROLLED SUBSTANCE IN JAIL", "F"),
    o("12500(A) VC-DRIVE WITHOUT LICENSE", "M"),
    o("14601.1(A) VC-DRIVE WHILE LICENSE SUSPENDED", "M"),
    o("22350 VC-UNSAFE SPEED", "I"),
    o("4000(A) VC-UNREGISTERED VEHICLE", "I"),
    o("1170 PC-FELONY SENTENCING", "F"),
    o("1203.2 PC-PROBATION VIOLATION", "M"),
    o("1320(B) PC-FAIL TO APPEAR ON FELONY CHARGE", "F"),
    o("2800.2 VC-EVADE PEACE OFFICER: RECKLESS DRIVING", "F"),
    o("12025(A)(1) PC-CARRY CONCEALED WEAPON IN VEHICLE", "M"),
    o("653F(A) PC-SOLICIT SPECIFIED CRIME", "F"),
    o("261.5(C) PC-UNLAWFUL SEX WITH MINOR 3 YEARS YOUNGER", "F"),
];

/// Felonies behind the long prison terms of people still serving.
pub(super) static SERVING_OTHER: &[Offense] = &[
    o("211 PC-ROBBERY", "F"),
    o("459 PC-BURGLARY", "F"),
    o("11351 HS-POSSESS NARCOTIC FOR SALE", "F"),
    o("11378 HS-POSSESS CONTROLLED SUBSTANCE FOR SALE", "F"),
    o("245(A)(1) PC-ASSAULT WITH DEADLY WEAPON", "F"),
];

/// Convictions that make a cannabis charge in the same cycle look like a plea
/// bargain (PC 32, HS 11364, HS 11366).
pub(super) static PLEA: &[Offense] = &[
    o("32 PC-ACCESSORY AFTER THE FACT", "F"),
    o("11364 HS-POSSESS UNLAWFUL PARAPHERNALIA", "M"),
    o("11366 HS-OPEN/MAINTAIN PLACE FOR CONTROLLED SUBSTANCE", "F"),
];

/// A superstrike (PC 667(e)(2)(C)(iv)) or PC 290(c) registrable offense.
#[derive(Debug, Clone, Copy)]
pub(super) struct Serious {
    pub offense: Offense,
    /// Requires sex-offender registration (a `REGISTRATION` step may follow).
    pub registrable: bool,
    /// Prison years of the first sentence part.
    pub years: u32,
    /// A second part in years (`25 years to life` is written as two parts).
    pub extra_years: u32,
}

const fn s(descr: &'static str, toc: &'static str, registrable: bool, years: u32, extra_years: u32) -> Serious {
    Serious { offense: o(descr, toc), registrable, years, extra_years }
}

pub(super) static SERIOUS: &[Serious] = &[
    s("187 PC-MURDER", "F", false, 15, 10),
    s("187(A) PC-MURDER", "F", false, 25, 0),
    s("664/187 PC-ATTEMPTED MURDER", "F", false, 9, 0),
    s("261(A)(2) PC-RAPE BY FORCE/FEAR", "F", true, 8, 0),
    s("288(A) PC-LEWD OR LASCIVIOUS ACTS WITH CHILD UNDER 14", "F", true, 6, 0),
    s("288(A) PC-LEWD OR LASCIVIOUS ACTS WITH CHILD UNDER 14", "F", true, 8, 0),
    s("207 PC-KIDNAPPING", "F", false, 5, 0),
    s("209(B)(1) PC-KIDNAP TO COMMIT ROBBERY", "F", false, 12, 0),
    s("191.5(A) PC-GROSS VEHICULAR MANSLAUGHTER WHILE INTOXICATED", "F", false, 10, 0),
    s("261 PC-RAPE", "F", true, 6, 0),
    s("311.11(A) PC-POSSESS CHILD PORNOGRAPHY", "F", true, 2, 0),
    s("314 PC-INDECENT EXPOSURE", "M", true, 0, 0),
    s("314.1 PC-INDECENT EXPOSURE", "M", true, 0, 0),
];

/// The offense of a PC 290 `REGISTRATION` step.
pub(super) const REGISTRATION_OFFENSE: &str = "290 PC-REGISTRATION OF SEX OFFENDER";

/// Comments that mention a Prop 64 section while the offense field names
/// another charge (a review case, not an ordinary comment-only charge).
pub(super) static CANNABIS_MENTIONS: &[&str] = &[
    "AMENDED FROM 11359 HS",
    "ORIG CHG 11360(A) HS",
    "PLEA IN LIEU OF 11359 HS",
    "REDUCED FROM 11357(A) HS",
    "ORIGINAL CHARGE 11358 HS",
];

/// Comments on ordinary rows.
pub(super) static PLAIN_COMMENTS: &[&str] =
    &["CONCURRENT", "PROBATION MODIFIED", "CONSECUTIVE", "CREDIT TIME SERVED", "RESTITUTION ORDERED"];

/// Arrest outcomes when no court action followed.
pub(super) static NO_COURT_DISPOSITIONS: &[&str] = &[
    "PROS REL-DETENTION ONLY",
    "PROS REL-DETENTION ONLY",
    "PROS REJ-LACK OF SUFF EVIDENCE",
    "PROS REJ-INTEREST OF JUSTICE",
    "",
    "",
];
