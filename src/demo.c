/* demo.c: the demo database (see demo.h).
 *
 * The world comes from the seeds (shared/seeds/) and the list of
 * oblasts (shared/reference/regions.tsv), embedded here so that the
 * binary needs neither at run time. Names of people, suppliers, contract
 * and document numbers are invented but shaped like the real ones.
 *
 * How it is written, fast enough for a million assets:
 *  1. offices, funding projects and the two extra kinds go through the
 *     core (office_add, funding_add, kind_add);
 *  2. each asset's life is planned in memory (procurement, assignment,
 *     transfers, repairs, returns, a few missing or written off), and the
 *     asset row is written once, in the state its plan ends in, through a
 *     staging table in batches (the asset table's triggers fill the
 *     search index; its segments are merged once at the end);
 *  3. all planned events are sorted by time and appended through
 *     event_append with their `at` preset, so the hash chain runs in
 *     chronological order and each event's from-values are the previous
 *     event's to-values of the same asset.
 * All of it in one transaction, with statements prepared once; large
 * scales load with a big page cache and a rollback journal (fast_begin). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/bulk.h"
#include "inventar/demo.h"
#include "inventar/history.h"
#include "inventar/event.h"
#include "inventar/funding.h"
#include "inventar/kind.h"
#include "inventar/limits.h"
#include "inventar/office.h"
#include "inventar/util.h"

/* ---- deterministic pseudo-random numbers (splitmix64) ---- */

#define DEMO_SEED 0x41535020494e5654ull /* "ASP INVT" */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r) { return mix64(r->s += 0x9e3779b97f4a7c15ull); }

/* Uniform in [0, n). */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* 1 with probability permille/1000. */
static int chance(rng *r, uint32_t permille) { return rng_below(r, 1000) < permille; }

/* ---- calendar (days since 1970-01-01, proleptic Gregorian, UTC) ---- */

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)yoe + era * 400 + (*m <= 2);
}

/* Day number of an ISO date written in this file (always valid). */
static uint32_t iso_day(const char *iso)
{
    int y = 0;
    unsigned m = 1, d = 1;
    sscanf(iso, "%d-%u-%u", &y, &m, &d);
    return (uint32_t)days_from_civil(y, m, d);
}

/* "2019-07-22" of a day number into out[11]. */
static void day_iso(uint32_t day, char out[INV_DATE_MAX])
{
    int y;
    unsigned m, d;
    civil_from_days((int32_t)day, &y, &m, &d);
    snprintf(out, INV_DATE_MAX, "%04d-%02u-%02u", y, m, d);
}

/* "22.07.2019" (as Bulgarian documents write dates) into out[11]. */
static void day_bg(uint32_t day, char out[INV_DATE_MAX])
{
    int y;
    unsigned m, d;
    civil_from_days((int32_t)day, &y, &m, &d);
    snprintf(out, INV_DATE_MAX, "%02u.%02u.%04d", d, m, y);
}

/* The day `months` after `day` (clamped to the month's end). */
static uint32_t add_months(uint32_t day, int months)
{
    int y;
    unsigned m, d;
    civil_from_days((int32_t)day, &y, &m, &d);
    int mm = (int)m - 1 + months;
    y += mm / 12;
    m = (unsigned)(mm % 12) + 1;
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last) d = last;
    return (uint32_t)days_from_civil(y, m, d);
}

/* "YYYY-MM-DDTHH:MM:SSZ" of seconds since the epoch into out[21]. */
static void fmt_time(uint32_t t, char out[INV_TIME_MAX])
{
    int y;
    unsigned m, d, s = t % 86400;
    civil_from_days((int32_t)(t / 86400), &y, &m, &d);
    unsigned v[6] = {(unsigned)y, m, d, s / 3600, s / 60 % 60, s % 60};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    char *p = out;
    for (int i = 0; i < 6; i++) {
        if (i == 0) {
            *p++ = (char)('0' + v[0] / 1000 % 10);
            *p++ = (char)('0' + v[0] / 100 % 10);
        }
        *p++ = (char)('0' + v[i] / 10 % 10);
        *p++ = (char)('0' + v[i] % 10);
        *p++ = sep[i];
    }
    *p = '\0';
}

/* The working day on or after day: not a Saturday or Sunday, nor one of
 * Bulgaria's fixed public holidays. */
static uint32_t weekday(uint32_t day)
{
    static const unsigned short holidays[] = {101, 303, 501, 506, 524, 906, 922, 1224,
                                              1225, 1226};
    for (;;) {
        unsigned wd = (day + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */
        int y;
        unsigned m, d, off = wd == 6 || wd == 0;
        civil_from_days((int32_t)day, &y, &m, &d);
        for (size_t i = 0; !off && i < sizeof holidays / sizeof holidays[0]; i++)
            off = holidays[i] == m * 100 + d;
        if (!off) return day;
        day++;
    }
}

/* A moment within office hours (08:30 to 16:30 in Sofia, in UTC). */
static uint32_t office_hours(uint32_t day, rng *r)
{
    return day * 86400u + 6 * 3600 + 1800 + rng_below(r, 8 * 3600);
}

/* Nothing in the demo history happens after this day. */
#define DEMO_LAST_DAY "2026-10-30"

/* ---- the world: oblasts and offices ---- */

typedef struct region {
    const char *iso;      /* "BG-11" */
    const char *rd_place; /* in the regional directorate's name */
    const char *dsp_town; /* where its local directorate sits */
    const char *dsp_code; /* Latin, for office codes */
    const char *plate;    /* registration plate prefix (Latin letters) */
} region;

/* regions.tsv, in its order. Sofia city and Sofia oblast share a centre;
 * their directorates are named "София-град" and "София-област" as the
 * agency names them, and Sofia oblast's local directorate is put in
 * Botevgrad (a town of the oblast) so that the two are told apart. */
static const region regions[28] = {
    {"BG-01", "Благоевград", "Благоевград", "BLAGOEVGRAD", "E"},
    {"BG-02", "Бургас", "Бургас", "BURGAS", "A"},
    {"BG-03", "Варна", "Варна", "VARNA", "B"},
    {"BG-04", "Велико Търново", "Велико Търново", "VELIKO-TARNOVO", "BT"},
    {"BG-05", "Видин", "Видин", "VIDIN", "BH"},
    {"BG-06", "Враца", "Враца", "VRATSA", "BP"},
    {"BG-07", "Габрово", "Габрово", "GABROVO", "EB"},
    {"BG-08", "Добрич", "Добрич", "DOBRICH", "TX"},
    {"BG-09", "Кърджали", "Кърджали", "KARDZHALI", "K"},
    {"BG-10", "Кюстендил", "Кюстендил", "KYUSTENDIL", "KH"},
    {"BG-11", "Ловеч", "Ловеч", "LOVECH", "OB"},
    {"BG-12", "Монтана", "Монтана", "MONTANA", "M"},
    {"BG-13", "Пазарджик", "Пазарджик", "PAZARDZHIK", "PA"},
    {"BG-14", "Перник", "Перник", "PERNIK", "PK"},
    {"BG-15", "Плевен", "Плевен", "PLEVEN", "EH"},
    {"BG-16", "Пловдив", "Пловдив", "PLOVDIV", "PB"},
    {"BG-17", "Разград", "Разград", "RAZGRAD", "PP"},
    {"BG-18", "Русе", "Русе", "RUSE", "P"},
    {"BG-19", "Силистра", "Силистра", "SILISTRA", "CC"},
    {"BG-20", "Сливен", "Сливен", "SLIVEN", "CH"},
    {"BG-21", "Смолян", "Смолян", "SMOLYAN", "CM"},
    {"BG-22", "София-град", "София", "SOFIA", "CA"},
    {"BG-23", "София-област", "Ботевград", "BOTEVGRAD", "CO"},
    {"BG-24", "Стара Загора", "Стара Загора", "STARA-ZAGORA", "CT"},
    {"BG-25", "Търговище", "Търговище", "TARGOVISHTE", "T"},
    {"BG-26", "Хасково", "Хасково", "HASKOVO", "X"},
    {"BG-27", "Шумен", "Шумен", "SHUMEN", "H"},
    {"BG-28", "Ямбол", "Ямбол", "YAMBOL", "Y"},
};
#define R_BURGAS 1
#define R_LOVECH 10
#define R_HASKOVO 25

/* Local directorates outside the oblast centres, named in the seeds:
 * the four other municipalities of Lovech oblast with social services,
 * and Aytos (Burgas oblast), whose municipality opened a front office. */
static const struct {
    int region;
    const char *town, *code;
} extra_dsp[] = {
    {R_LOVECH, "Луковит", "LUKOVIT"},
    {R_LOVECH, "Тетевен", "TETEVEN"},
    {R_LOVECH, "Троян", "TROYAN"},
    {R_LOVECH, "Летница", "LETNITSA"},
    {R_BURGAS, "Айтос", "AYTOS"},
};
#define N_EXTRA_DSP ((int)(sizeof extra_dsp / sizeof extra_dsp[0]))

/* The 19 social services of Lovech oblast: Ловеч 11, Луковит 3,
 * Тетевен 2, Троян 2, Летница 1 (seed 002). town is the local
 * directorate they report to. */
static const struct {
    const char *town, *code, *name, *short_name;
} services[] = {
    {"Ловеч", "SU-LOV-01", "Център за обществена подкрепа – Ловеч", "ЦОП Ловеч"},
    {"Ловеч", "SU-LOV-02", "Дневен център за деца и младежи с увреждания – Ловеч", "ДЦДМУ Ловеч"},
    {"Ловеч", "SU-LOV-03", "Център за настаняване от семеен тип за деца без увреждания „Слънце“ – Ловеч", "ЦНСТДБУ „Слънце“ Ловеч"},
    {"Ловеч", "SU-LOV-04", "Център за настаняване от семеен тип за деца с увреждания – Ловеч", "ЦНСТДУ Ловеч"},
    {"Ловеч", "SU-LOV-05", "Защитено жилище за лица с интелектуални затруднения – Ловеч", "ЗЖЛИЗ Ловеч"},
    {"Ловеч", "SU-LOV-06", "Преходно жилище – Ловеч", "ПЖ Ловеч"},
    {"Ловеч", "SU-LOV-07", "Център за социална рехабилитация и интеграция – Ловеч", "ЦСРИ Ловеч"},
    {"Ловеч", "SU-LOV-08", "Дневен център за възрастни хора с увреждания – Ловеч", "ДЦВХУ Ловеч"},
    {"Ловеч", "SU-LOV-09", "Кризисен център за деца – Ловеч", "КЦД Ловеч"},
    {"Ловеч", "SU-LOV-10", "Звено „Майка и бебе“ – Ловеч", "ЗМБ Ловеч"},
    {"Ловеч", "SU-LOV-11", "Домашен социален патронаж – Ловеч", "ДСоцП Ловеч"},
    {"Луковит", "SU-LUK-01", "Център за настаняване от семеен тип за пълнолетни лица с увреждания – Луковит", "ЦНСТПЛУ Луковит"},
    {"Луковит", "SU-LUK-02", "Дневен център за пълнолетни лица с увреждания – Луковит", "ДЦПЛУ Луковит"},
    {"Луковит", "SU-LUK-03", "Център за обществена подкрепа – Луковит", "ЦОП Луковит"},
    {"Тетевен", "SU-TET-01", "Център за социална рехабилитация и интеграция – Тетевен", "ЦСРИ Тетевен"},
    {"Тетевен", "SU-TET-02", "Защитено жилище за пълнолетни лица – Тетевен", "ЗЖПЛ Тетевен"},
    {"Троян", "SU-TRO-01", "Център за обществена подкрепа – Троян", "ЦОП Троян"},
    {"Троян", "SU-TRO-02", "Център за настаняване от семеен тип за деца – Троян", "ЦНСТД Троян"},
    {"Летница", "SU-LET-01", "Център за настаняване от семеен тип за възрастни хора – Летница", "ЦНСТВХ Летница"},
};
#define N_SERVICES ((int)(sizeof services / sizeof services[0]))

/* The municipal front offices (seeds 003 and 004). */
static const struct {
    int region;
    const char *town, *code, *name, *address, *short_name;
} fronts[] = {
    {R_HASKOVO, "Хасково", "FO-HASKOVO", "Фронт офис за социални услуги – Община Хасково",
     "гр. Хасково, пл. „Общински“ № 1", "ФО Хасково"},
    {R_BURGAS, "Айтос", "FO-AYTOS",
     "Фронт офис в Общински център за социални и здравни услуги – Айтос", "гр. Айтос",
     "ФО Айтос"},
};
#define N_FRONTS 2

/* ---- funding projects ---- */

static const struct {
    const char *code, *title, *programme;
    int64_t amount; /* stotinki */
    const char *from, *to, *durable;
} projects[] = {
    /* Seed 000 names no project code: this one is made up in the
     * programme's 2007-2013 shape. */
    {"BG051PO001-6.2.17-0001",
     "Развитие на системата за планиране и предоставяне на социални услуги на "
     "регионално равнище",
     "ОП „Развитие на човешките ресурси“ 2007-2013", 572654595, "2011-10-03", "2014-10-31",
     ""},
    /* Seed 001: activities from 2016, final conference 27.09.2023. */
    {"BG05M9OP001-3.006-0001",
     "Повишаване на капацитета на служителите в сферата на закрилата на детето, "
     "социалните услуги и социалното подпомагане",
     "ОП „Развитие на човешките ресурси“ 2014-2020", 2950000000, "2016-02-01", "2023-09-30",
     "2028-09-30"},
    /* Seed 003. */
    {"BG05SFPR002-2.002-0164", "Укрепване на общинския капацитет в община Хасково",
     "Програма „Развитие на човешките ресурси“ 2021-2027", 23094288, "2023-04-01",
     "2025-04-01", ""},
    /* Seed 004 gives only the procedure, BG05SFPR002-2.002: the project
     * number -0211 is made up. From 01.04.2023 for 24 months. */
    {"BG05SFPR002-2.002-0211",
     "Укрепване на капацитета на Община Айтос за предоставяне на социални услуги",
     "Програма „Развитие на човешките ресурси“ 2021-2027", 8881100, "2023-04-01",
     "2025-03-31", ""},
};
#define N_PROJECTS ((int)(sizeof projects / sizeof projects[0]))
#define F_OPHRD 1
#define F_HASKOVO 2
#define F_AYTOS 3

/* ---- asset kinds and procurement lots ---- */

enum { K_VEHICLE, K_TABLET, K_COMPUTER, K_WORKPLACE, K_MFD, K_COUNT };

static const struct {
    const char *code, *name, *prefix, *fields;
    int per_copy; /* assets of this kind per --scale step */
} kinds[K_COUNT] = {
    {"vehicle", "", "VEH", "", 85},
    {"tablet", "", "TAB", "", 330},
    {"computer", "", "PC", "", 1200},
    /* The front offices' equipment: their own kinds, so that the
     * project's 85/330/1,200 stay exact. */
    {"workplace", "Оборудвано работно място", "RM", "components", 5},
    {"mfd", "Многофункционално устройство", "MFD", "", 2},
};

typedef struct lot {
    int kind;
    const char *make, *model, *supplier, *contract;
    const char *delivered; /* ISO date of delivery (the purchase date) */
    int64_t cost;          /* unit price, stotinki, BGN */
    int warranty_months;
    int funding;           /* index into projects[] */
    const char *components;
    const char *serial_prefix; /* then serial_len base-36 characters */
    int serial_len;
    const char *vin_wmi, *vin_vds; /* vehicles: VIN = WMI VDS check year plant serial */
    char vin_plant;
} lot;

static const lot lots[] = {
    /* 0-2: the 85 vehicles, three lots of one contract procedure. */
    {K_VEHICLE, "Dacia", "Duster 4x4 1.5 dCi", "Балкан Ауто Трейд ЕООД", "Д-19-031/12.06.2019",
     "2019-07-22", 3145000, 36, F_OPHRD, NULL, NULL, 0, "UU1", "HSDJ9", 'M'},
    {K_VEHICLE, "Dacia", "Logan MCV 1.0 SCe", "Балкан Ауто Трейд ЕООД", "Д-19-032/12.06.2019",
     "2019-08-05", 2189000, 36, F_OPHRD, NULL, NULL, 0, "UU1", "KS5DA", 'M'},
    {K_VEHICLE, "Skoda", "Octavia Combi 1.6 TDI", "Сердика Моторс ЕАД", "Д-19-047/03.07.2019",
     "2019-09-16", 3764000, 24, F_OPHRD, NULL, NULL, 0, "TMB", "JJ7NE", 'P'},
    /* 3: the 330 tablets for the reception offices. */
    {K_TABLET, "Samsung", "Galaxy Tab A7 10.4 LTE (SM-T505)", "Инфотех Дистрибуция ООД",
     "Д-20-112/28.08.2020", "2020-10-19", 48990, 24, F_OPHRD, NULL, "R52R", 7, NULL, NULL, 0},
    /* 4-5: the 1,200 computer configurations, two lots. */
    {K_COMPUTER, "Lenovo", "ThinkCentre M70s SFF", "Компютърни системи Сердика ООД",
     "Д-20-145/02.11.2020", "2020-12-07", 168900, 36, F_OPHRD,
     "Intel Core i5-10400, 8 GB RAM, SSD 256 GB, монитор ThinkVision E24-20, клавиатура, "
     "мишка, Windows 10 Pro",
     "MJ0", 5, NULL, NULL, 0},
    {K_COMPUTER, "HP", "ProDesk 400 G7 SFF", "Дата Системс България ЕООД", "Д-21-009/18.01.2021",
     "2021-03-01", 164250, 36, F_OPHRD,
     "Intel Core i5-10500, 8 GB RAM, SSD 512 GB, монитор HP P24 G4, клавиатура, мишка, "
     "Windows 10 Pro",
     "CZC1", 6, NULL, NULL, 0},
    /* 6-7: Haskovo's front office. */
    {K_WORKPLACE, "Dell", "OptiPlex 5000 SFF", "Булсофт Системи ЕООД", "93-00-512/14.08.2023",
     "2023-09-12", 238000, 36, F_HASKOVO,
     "Intel Core i5-12500, 16 GB RAM, SSD 512 GB, монитор Dell P2422H, уеб камера, "
     "слушалки, Windows 11 Pro",
     "", 7, NULL, NULL, 0},
    {K_MFD, "Canon", "i-SENSYS MF455dw", "Булсофт Системи ЕООД", "93-00-512/14.08.2023",
     "2023-09-12", 114900, 24, F_HASKOVO, NULL, "XEA", 6, NULL, NULL, 0},
    /* 8-9: Aytos' front office, two workplaces. */
    {K_WORKPLACE, "Lenovo", "ThinkCentre neo 50s", "Айтос Компютърс ЕООД", "ОП-14/02.10.2023",
     "2023-10-16", 206000, 36, F_AYTOS,
     "Intel Core i5-12400, 8 GB RAM, SSD 512 GB, монитор ThinkVision T24i-30, уеб камера, "
     "Windows 11 Pro",
     "PW0", 5, NULL, NULL, 0},
    {K_MFD, "Kyocera", "ECOSYS M2540dn", "Айтос Компютърс ЕООД", "ОП-14/02.10.2023",
     "2023-10-16", 98000, 24, F_AYTOS, NULL, "R4P", 7, NULL, NULL, 0},
};
#define N_LOTS ((int)(sizeof lots / sizeof lots[0]))

/* The lot of the i-th asset of a kind within one --scale step. */
static int lot_of(int kind, int i)
{
    switch (kind) {
    case K_VEHICLE: return i < 30 ? 0 : i < 60 ? 1 : 2;
    case K_TABLET: return 3;
    case K_COMPUTER: return 4 + (i & 1);
    case K_WORKPLACE: return i < 3 ? 6 : 8;
    default: return i == 0 ? 7 : 9;
    }
}

/* ---- people ---- */

static const char *const female[] = {
    "Мария", "Иванка", "Елена", "Йорданка", "Пенка", "Даниела", "Силвия", "Галина",
    "Светла", "Надежда", "Валентина", "Цветелина", "Десислава", "Теодора", "Росица",
    "Красимира", "Анелия", "Милена", "Гергана", "Христина", "Веселина", "Николина",
    "Снежана", "Радка", "Стефка", "Петя", "Мариана", "Вяра", "Боряна", "Деница",
};
static const char *const male[] = {
    "Георги", "Иван", "Димитър", "Николай", "Петър", "Христо", "Стоян", "Тодор",
    "Александър", "Васил", "Пламен", "Любомир", "Мартин", "Кирил", "Емил", "Цветан",
    "Ангел", "Борислав", "Йордан", "Светослав",
};
/* Patronymics: the father's name with -ов/-ев (and -а for women). */
static const char *const fathers[] = {
    "Иванов", "Георгиев", "Димитров", "Петров", "Николаев", "Стоянов", "Христов",
    "Тодоров", "Василев", "Атанасов", "Йорданов", "Стефанов", "Крумов", "Асенов",
    "Цветанов", "Борисов", "Пламенов", "Ангелов", "Кирилов", "Методиев", "Емилов",
    "Михайлов", "Костадинов", "Илиев",
};
/* Family names, the most common first (people draw more often from the
 * top of the list). All end in -ов/-ев, so a woman's form adds -а. */
static const char *const surnames[] = {
    "Иванов", "Георгиев", "Димитров", "Петров", "Николов", "Христов", "Стоянов",
    "Тодоров", "Илиев", "Василев", "Атанасов", "Петков", "Ангелов", "Колев", "Йорданов",
    "Маринов", "Стефанов", "Попов", "Михайлов", "Кръстев", "Костов", "Димов", "Павлов",
    "Янков", "Марков", "Костадинов", "Александров", "Симеонов", "Цветков", "Лазаров",
    "Славов", "Найденов", "Русев", "Пенчев", "Митев", "Киров", "Генчев", "Андонов",
    "Младенов", "Кирилов", "Борисов", "Енчев", "Райков", "Желев", "Станчев", "Алексиев",
    "Вълчев", "Пеев", "Добрев", "Здравков", "Бонев", "Станев", "Златев", "Трифонов",
    "Сотиров", "Миланов", "Неделчев", "Гочев", "Денев", "Мирчев", "Панайотов", "Радев",
    "Начев", "Шопов", "Велев", "Минчев", "Евтимов", "Цонев", "Методиев", "Чолаков",
    "Банков", "Дечев", "Мутафов", "Тончев", "Тотев", "Узунов", "Чакъров", "Манолов",
    "Белчев", "Джамбазов", "Куртев", "Шишков", "Калчев", "Ламбов", "Гатев", "Кънчев",
    "Ганчев", "Рачев", "Кехайов", "Бояджиев", "Каракашев", "Терзиев", "Кабаиванов",
    "Чорбаджиев", "Пехливанов", "Дюлгеров", "Казанджиев", "Сарафов", "Табаков",
};
/* Some family names carry a prefix: Хаджипетров, Караиванов, Попгеоргиев. */
static const char *const name_prefix[] = {"Хаджи", "Кара", "Поп"};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Append s to out at *o with its first Cyrillic capital made small. */
static void add_lowered_first(char *out, size_t n, size_t *o, const char *s)
{
    unsigned char c0 = (unsigned char)s[0], c1 = (unsigned char)s[1];
    char buf[4] = "";
    if (c0 == 0xD0 && c1 >= 0x90 && c1 <= 0x9F) { /* А..П -> а..п */
        buf[0] = (char)0xD0;
        buf[1] = (char)(c1 + 0x20);
        s += 2;
    } else if (c0 == 0xD0 && c1 >= 0xA0 && c1 <= 0xAF) { /* Р..Я -> р..я */
        buf[0] = (char)0xD1;
        buf[1] = (char)(c1 - 0x20);
        s += 2;
    }
    int k = snprintf(out + *o, n - *o, "%s%s", buf, s);
    if (k > 0) *o += (size_t)k < n - *o ? (size_t)k : n - *o - 1;
}

/* The full name (first, father's, family) of person p; "" for 0.
 * People are numbers: the name is drawn from the number, so the same
 * person has the same name wherever they appear. */
static void person_name(uint32_t p, char *out, size_t n)
{
    if (!p) {
        out[0] = '\0';
        return;
    }
    uint64_t h = mix64(DEMO_SEED ^ ((uint64_t)p * 0x9e3779b97f4a7c15ull));
    int woman = (h & 0xff) < 200; /* most social workers are women */
    const char *first = woman ? female[(h >> 8) % NELEM(female)] : male[(h >> 8) % NELEM(male)];
    const char *father = fathers[(h >> 16) % NELEM(fathers)];
    uint64_t v = (h >> 24) & 0xffff; /* skewed towards the common names */
    const char *family = surnames[(((v * v) >> 16) * (uint64_t)NELEM(surnames)) >> 16];
    const char *end = woman ? "а" : "";
    size_t o = 0;
    int k = snprintf(out, n, "%s %s%s ", first, father, end);
    o = k > 0 && (size_t)k < n ? (size_t)k : n - 1;
    if (((h >> 40) & 0xff) < 64) { /* a quarter carry a prefix */
        k = snprintf(out + o, n - o, "%s", name_prefix[(h >> 48) % NELEM(name_prefix)]);
        if (k > 0) o += (size_t)k < n - o ? (size_t)k : n - o - 1;
        add_lowered_first(out, n, &o, family);
    } else {
        k = snprintf(out + o, n - o, "%s", family);
        if (k > 0) o += (size_t)k < n - o ? (size_t)k : n - o - 1;
    }
    snprintf(out + o, n - o, "%s", end);
}

/* ---- identifiers: serials, VINs, IMEIs, plates ---- */

/* The g-th serial of a series that starts somewhere in 0..mod-1 (the
 * series of a lot runs on from its start, as makers number them). */
static uint64_t series(uint64_t g, uint64_t start, uint64_t mod)
{
    return (start % mod + g) % mod;
}

static void base36(uint64_t v, int len, char *out)
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = len - 1; i >= 0; i--) {
        out[i] = digits[v % 36];
        v /= 36;
    }
    out[len] = '\0';
}

static void make_serial(const lot *l, uint64_t g, char *out, size_t n)
{
    uint64_t mod = 1;
    for (int i = 0; i < l->serial_len; i++) mod *= 36;
    char tail[16];
    base36(series(g, mix64((uint64_t)l->cost), mod), l->serial_len, tail);
    snprintf(out, n, "%s%s", l->serial_prefix, tail);
}

/* ISO 3779 check digit (the North American rule; optional in Europe,
 * harmless here). */
static char vin_check(const char *vin)
{
    static const int weight[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    /* Values of A..Z (I, O, Q never occur). */
    static const int letter[26] = {1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9,
                                   2, 3, 4, 5, 6, 7, 8, 9};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        char c = vin[i];
        int v = c >= '0' && c <= '9' ? c - '0' : letter[c - 'A'];
        sum += v * weight[i];
    }
    sum %= 11;
    return sum == 10 ? 'X' : (char)('0' + sum);
}

static void make_vin(const lot *l, int year, uint64_t g, char out[18])
{
    static const char years[] = "ABCDEFGHJKLMNPRSTVWXY"; /* 2010.. */
    int yi = year - 2010;
    snprintf(out, 18, "%s%s0%c%c%06u", l->vin_wmi, l->vin_vds,
             years[yi >= 0 && yi < 21 ? yi : 0], l->vin_plant,
             (unsigned)(100000 + g % 900000));
    out[8] = vin_check(out);
}

/* IMEI: type allocation code, serial number, Luhn check digit. */
static void make_imei(uint64_t g, char out[16])
{
    snprintf(out, 16, "%08u%06u0", (unsigned)(35260911 + g / 1000000),
             (unsigned)series(g % 1000000, 271828, 1000000));
    int sum = 0;
    for (int i = 0; i < 14; i++) {
        int d = out[i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    out[14] = (char)('0' + (10 - sum % 10) % 10);
}

/* A Bulgarian plate: the oblast's letters, four digits, two letters
 * (those that read alike in Cyrillic and Latin). Unique per g. */
static void make_plate(const char *prefix, uint64_t g, char *out, size_t n)
{
    static const char letters[] = "ABEKMHOPCTYX";
    unsigned num = (unsigned)((g + 4321) % 9000 * 7919 % 9000) + 1000;
    unsigned pair = (unsigned)((g / 9000 + 37) % 144);
    snprintf(out, n, "%s%04u%c%c", prefix, num, letters[pair / 12], letters[pair % 12]);
}

/* ---- the plan of every asset's life ---- */

enum { S_IN_STOCK, S_ASSIGNED, S_IN_REPAIR, S_MISSING, S_WRITTEN_OFF, S_NONE = 0xff };
static const char *const status_code[] = {"in_stock", "assigned", "in_repair", "missing",
                                          "written_off"};

enum { T_CREATED, T_ASSIGNED, T_TRANSFERRED, T_RETURNED, T_STATUS };
static const char *const type_code[] = {"created", "assigned", "transferred", "returned",
                                        "status_changed"};

/* Documents: the number is drawn from the day and office, so assets
 * handed over together share their protocol. */
enum { D_NONE, D_DELIVERY, D_HANDOVER, D_ORDER, D_SERVICE, D_INVENTORY, D_WRITEOFF };

enum {
    N_NONE, N_TRANSFER, N_CUSTODIAN, N_WARRANTY, N_REPAIR, N_REPAIRED, N_LEFT,
    N_MISSING, N_WO_VEHICLE, N_WO_DEVICE, N_TO_WRITE_OFF,
};
static const char *const notes[] = {
    "",
    "Преразпределение между структурите в областта",
    "Смяна на материално отговорното лице",
    "Гаранционен ремонт",
    "Извънгаранционен ремонт",
    "Върнат от ремонт",
    "Служителят напуска; върнат на склад",
    "Не е открит при годишната инвентаризация",
    "Тотална щета след ПТП",
    "Негоден за ремонт",
    "Предаден за бракуване",
};

/* One planned event: 20 bytes, so that millions fit. */
typedef struct plan_ev {
    uint32_t at;     /* seconds since the epoch */
    uint32_t asset;  /* index of the asset */
    uint32_t person; /* the custodian after it (0: none) */
    uint16_t office; /* the office after it */
    uint8_t type, status, seq, doc, note, pad_;
} plan_ev;

typedef struct d_office {
    int64_t id;
    char code[INV_CODE_MAX + 1];
    char kind;  /* 'h' head, 'r' regional, 'l' local, 's' service, 'f' front, 'w' warehouse */
    int region; /* index into regions[], -1 for the head office and its warehouse */
    int wh;     /* the office returns from here go to (office_owning_warehouse) */
} d_office;

#define MAX_OFFICES 160

typedef struct demo {
    inv_db *db;
    int scale;
    d_office off[MAX_OFFICES];
    int noff;
    int hq, central; /* head office, central warehouse */
    int rdsa[28], dsp[28 + N_EXTRA_DSP], su[N_SERVICES], fo[N_FRONTS];
    int ndsp;
    int64_t kind_id[K_COUNT];
    int64_t funding_id[N_PROJECTS];
    uint32_t last_day;
    uint32_t next_person;
    /* per lot: assets made so far (for serials) and in all (for times) */
    uint64_t lot_made[N_LOTS];
    uint64_t lot_total[N_LOTS];
    uint64_t vehicles_made;
    /* planned events */
    plan_ev *ev;
    size_t nev, capev;
    /* asset ids, by asset index */
    int64_t *asset_id;
    uint32_t nassets;
    int64_t first_id; /* id of asset index 0 */
    /* first asset index of each kind's block */
    uint32_t kind_first[K_COUNT + 1];
    demo_summary sum;
} demo;

static int add_office(demo *x, const char *code, const char *name, const char *short_name,
                      const char *kind, int parent, int region, const char *address)
{
    if (x->noff >= MAX_OFFICES) abort(); /* the tables above are fixed */
    inv_office o;
    memset(&o, 0, sizeof o);
    str_copy(o.code, sizeof o.code, code);
    str_copy(o.name, sizeof o.name, name);
    str_copy(o.short_name, sizeof o.short_name, short_name);
    str_copy(o.kind, sizeof o.kind, kind);
    if (parent >= 0) str_copy(o.parent_code, sizeof o.parent_code, x->off[parent].code);
    if (region >= 0) str_copy(o.oblast, sizeof o.oblast, regions[region].iso);
    else if (!strcmp(kind, "head")) str_copy(o.oblast, sizeof o.oblast, "BG-22");
    str_copy(o.address, sizeof o.address, address ? address : "");
    if (office_add(x->db, &o) != INV_OK) return -1;
    d_office *d = &x->off[x->noff];
    d->id = o.id;
    str_copy(d->code, sizeof d->code, o.code);
    d->kind = !strcmp(kind, "warehouse") ? 'w' : kind[0];
    d->region = region;
    d->wh = -1;
    return x->noff++;
}

static inv_status build_offices(demo *x)
{
    char code[64], name[INV_NAME_MAX + 1], sname[INV_NAME_MAX + 1], addr[128];
    x->hq = add_office(x, "ASP-HQ", "Централно управление на АСП", "ЦУ АСП", "head", -1, -1,
                       "гр. София 1051, ул. „Триадица“ № 2");
    if (x->hq < 0) return db_error(x->db)->code;
    x->central = add_office(x, "ASP-WH", "Централен склад на АСП", "Склад ЦУ АСП",
                            "warehouse", x->hq, -1,
                            "гр. София");
    if (x->central < 0) return db_error(x->db)->code;
    for (int r = 0; r < 28; r++) {
        snprintf(code, sizeof code, "RDSA-%02d", r + 1);
        snprintf(name, sizeof name, "Регионална дирекция за социално подпомагане – %s",
                 regions[r].rd_place);
        snprintf(sname, sizeof sname, "РДСП %s", regions[r].rd_place);
        /* Sofia oblast's directorate sits in Sofia, like the city's. */
        snprintf(addr, sizeof addr, "гр. %s", r == 22 ? "София" : regions[r].dsp_town);
        if ((x->rdsa[r] = add_office(x, code, name, sname, "regional", x->hq, r, addr)) < 0)
            return db_error(x->db)->code;
        snprintf(code, sizeof code, "RDSA-%02d-WH", r + 1);
        snprintf(name, sizeof name, "Склад на РДСП – %s", regions[r].rd_place);
        snprintf(sname, sizeof sname, "Склад РДСП %s", regions[r].rd_place);
        if (add_office(x, code, name, sname, "warehouse", x->rdsa[r], r, addr) < 0)
            return db_error(x->db)->code;
    }
    x->ndsp = 0;
    for (int i = 0; i < 28 + N_EXTRA_DSP; i++) {
        int r = i < 28 ? i : extra_dsp[i - 28].region;
        const char *town = i < 28 ? regions[i].dsp_town : extra_dsp[i - 28].town;
        const char *c = i < 28 ? regions[i].dsp_code : extra_dsp[i - 28].code;
        snprintf(code, sizeof code, "DSP-%s", c);
        snprintf(name, sizeof name, "Дирекция „Социално подпомагане“ – %s", town);
        snprintf(sname, sizeof sname, "ДСП %s", town);
        snprintf(addr, sizeof addr, "гр. %s", town);
        if ((x->dsp[x->ndsp++] = add_office(x, code, name, sname, "local", x->rdsa[r], r,
                                            addr)) < 0)
            return db_error(x->db)->code;
    }
    for (int i = 0; i < N_SERVICES; i++) {
        int parent = -1;
        for (int j = 0; j < x->ndsp; j++) {
            const char *town = j < 28 ? regions[j].dsp_town : extra_dsp[j - 28].town;
            if (!strcmp(town, services[i].town) && x->off[x->dsp[j]].region == R_LOVECH)
                parent = x->dsp[j];
        }
        snprintf(addr, sizeof addr, "гр. %s", services[i].town);
        if ((x->su[i] = add_office(x, services[i].code, services[i].name,
                                   services[i].short_name, "service", parent,
                                   R_LOVECH, addr)) < 0)
            return db_error(x->db)->code;
    }
    for (int i = 0; i < N_FRONTS; i++) {
        int parent = -1;
        for (int j = 0; j < x->ndsp; j++) {
            const char *town = j < 28 ? regions[j].dsp_town : extra_dsp[j - 28].town;
            if (!strcmp(town, fronts[i].town)) parent = x->dsp[j];
        }
        if ((x->fo[i] = add_office(x, fronts[i].code, fronts[i].name, fronts[i].short_name,
                                   "front", parent,
                                   fronts[i].region, fronts[i].address)) < 0)
            return db_error(x->db)->code;
    }
    /* Where returns go, as the core decides it. */
    for (int i = 0; i < x->noff; i++) {
        inv_office wh;
        inv_status rc = office_owning_warehouse(x->db, x->off[i].id, &wh);
        if (rc != INV_OK) return rc;
        for (int j = 0; j < x->noff; j++)
            if (x->off[j].id == wh.id) x->off[i].wh = j;
        if (x->off[i].wh < 0)
            return db_fail(x->db, INV_EDB, "demo: no warehouse for %s", x->off[i].code);
    }
    x->sum.offices = x->noff;
    return INV_OK;
}

static inv_status build_funding_and_kinds(demo *x)
{
    inv_status rc;
    for (int i = 0; i < N_PROJECTS; i++) {
        inv_funding f;
        memset(&f, 0, sizeof f);
        str_copy(f.code, sizeof f.code, projects[i].code);
        str_copy(f.title, sizeof f.title, projects[i].title);
        str_copy(f.programme, sizeof f.programme, projects[i].programme);
        f.has_amount = 1;
        f.amount = projects[i].amount;
        str_copy(f.currency, sizeof f.currency, "BGN");
        str_copy(f.date_from, sizeof f.date_from, projects[i].from);
        str_copy(f.date_to, sizeof f.date_to, projects[i].to);
        str_copy(f.durable_until, sizeof f.durable_until, projects[i].durable);
        if ((rc = funding_add(x->db, &f)) != INV_OK) return rc;
        x->funding_id[i] = f.id;
    }
    x->sum.funding = N_PROJECTS;
    for (int k = 0; k < K_COUNT; k++) {
        inv_kind kd;
        if (kind_find(x->db, kinds[k].code, &kd) != INV_OK) {
            if (!kinds[k].name[0]) return db_error(x->db)->code; /* a built-in kind */
            memset(&kd, 0, sizeof kd);
            str_copy(kd.code, sizeof kd.code, kinds[k].code);
            str_copy(kd.name, sizeof kd.name, kinds[k].name);
            str_copy(kd.prefix, sizeof kd.prefix, kinds[k].prefix);
            str_copy(kd.fields, sizeof kd.fields, kinds[k].fields);
            if ((rc = kind_add(x->db, &kd)) != INV_OK) return rc;
        } else if (strcmp(kd.prefix, kinds[k].prefix) ||
                   (kinds[k].fields[0] && !kind_has_field(&kd, kinds[k].fields))) {
            return db_fail(x->db, INV_ESTATE,
                           _("the database has a kind '%s' that is not the demo's (prefix "
                             "%s); use an empty database"), kd.code, kd.prefix);
        }
        x->kind_id[k] = kd.id;
    }
    return INV_OK;
}

static void push_ev(demo *x, uint32_t asset, uint8_t seq, uint32_t at, int type, int office,
                    int status, uint32_t person, int doc, int note)
{
    if (x->nev == x->capev) {
        size_t cap = x->capev ? x->capev * 2 : 4096;
        plan_ev *p = realloc(x->ev, cap * sizeof *p);
        if (!p) abort();
        x->ev = p;
        x->capev = cap;
    }
    plan_ev *e = &x->ev[x->nev++];
    e->at = at;
    e->asset = asset;
    e->person = person;
    e->office = (uint16_t)office;
    e->type = (uint8_t)type;
    e->status = (uint8_t)status;
    e->seq = seq;
    e->doc = (uint8_t)doc;
    e->note = (uint8_t)note;
    e->pad_ = 0;
}

/* The state an asset's plan has reached. */
typedef struct life {
    demo *x;
    rng *r;
    uint32_t asset;
    uint8_t seq;
    uint32_t day; /* day of the last event */
    int office, status;
    uint32_t person;
    int ended; /* the plan has run past DEMO_LAST_DAY */
} life;

/* Move on by at least min_gap days (plus up to spread more); 0 when that
 * is past the demo's last day. Sets *at to a moment in office hours. */
static int advance(life *l, uint32_t min_gap, uint32_t spread, uint32_t *at)
{
    if (l->ended) return 0;
    uint32_t day = weekday(l->day + min_gap + (spread ? rng_below(l->r, spread) : 0));
    if (day > l->x->last_day) {
        l->ended = 1;
        return 0;
    }
    l->day = day;
    *at = office_hours(day, l->r);
    return 1;
}

static void act(life *l, uint32_t at, int type, int office, int status, uint32_t person,
                int doc, int note)
{
    push_ev(l->x, l->asset, l->seq++, at, type, office, status, person, doc, note);
    l->office = office;
    l->status = status;
    l->person = person;
}

/* Offices of the same oblast an asset of this kind may move to. */
static int pick_other_office(life *l, int kind)
{
    demo *x = l->x;
    int region = x->off[l->office].region;
    if (region < 0) return -1;
    int cand[64], n = 0;
    for (int i = 0; i < x->noff && n < 64; i++) {
        const d_office *o = &x->off[i];
        if (i == l->office || o->region != region) continue;
        int ok = o->kind == 'r' || o->kind == 'l' || (o->kind == 's' && kind == K_COMPUTER);
        if (ok) cand[n++] = i;
    }
    return n ? cand[rng_below(l->r, (uint32_t)n)] : -1;
}

/* What happens to an asset after it was handed out. */
typedef struct fate {
    int transfers, custodian, repair, back_from_repair, ret, reassign, missing, written_off;
} fate;

static void draw_fate(rng *r, int kind, fate *f)
{
    /* per mille:          transfer custodian repair return missing write-off */
    static const int p[K_COUNT][6] = {
        {120, 80, 180, 10, 0, 25},  /* vehicles: more repairs, a few crashes */
        {60, 50, 60, 20, 10, 8},    /* tablets */
        {100, 60, 70, 30, 6, 8},    /* computers */
        {0, 40, 100, 0, 0, 0},      /* front-office workplaces */
        {0, 0, 150, 0, 0, 0},       /* front-office printers */
    };
    memset(f, 0, sizeof *f);
    f->transfers = chance(r, (uint32_t)p[kind][0]) ? 1 + chance(r, 200) : 0;
    f->custodian = chance(r, (uint32_t)p[kind][1]);
    f->repair = chance(r, (uint32_t)p[kind][2]);
    f->back_from_repair = !chance(r, 60); /* a few wait for parts */
    f->ret = chance(r, (uint32_t)p[kind][3]);
    f->reassign = f->ret && chance(r, 500);
    if (chance(r, (uint32_t)p[kind][4])) f->missing = 1;
    else if (chance(r, (uint32_t)p[kind][5])) f->written_off = 1;
}

/* Write the life after the first assignment. */
static void live(life *l, int kind, const fate *f, uint32_t warranty_day)
{
    demo *x = l->x;
    uint32_t at;
    for (int t = 0; t < f->transfers && l->status == S_ASSIGNED; t++) {
        int to = pick_other_office(l, kind);
        if (to < 0 || !advance(l, 60, 420, &at)) break;
        act(l, at, T_TRANSFERRED, to, S_ASSIGNED, ++x->next_person, D_ORDER, N_TRANSFER);
    }
    if (f->custodian && l->status == S_ASSIGNED && advance(l, 30, 400, &at))
        act(l, at, T_ASSIGNED, l->office, S_ASSIGNED, ++x->next_person, D_HANDOVER,
            N_CUSTODIAN);
    if (f->repair && l->status == S_ASSIGNED && advance(l, 30, 500, &at)) {
        act(l, at, T_STATUS, l->office, S_IN_REPAIR, l->person, D_SERVICE,
            l->day <= warranty_day ? N_WARRANTY : N_REPAIR);
        /* Back after days or weeks: assigned again to the same office and
         * person, as `assign --to` records it. */
        if (f->back_from_repair && advance(l, 5, 40, &at))
            act(l, at, T_ASSIGNED, l->office, S_ASSIGNED, l->person, D_SERVICE, N_REPAIRED);
    }
    if (f->ret && l->status == S_ASSIGNED && advance(l, 30, 400, &at)) {
        act(l, at, T_RETURNED, x->off[l->office].wh, S_IN_STOCK, 0, D_HANDOVER, N_LEFT);
        if (f->reassign && advance(l, 20, 200, &at)) {
            /* From the region's stock to an office of the region. */
            int to = pick_other_office(l, kind);
            if (to >= 0)
                act(l, at, T_ASSIGNED, to, S_ASSIGNED, ++x->next_person, D_HANDOVER, N_NONE);
        }
    }
    if (f->missing && (l->status == S_ASSIGNED || l->status == S_IN_STOCK) &&
        advance(l, 30, 400, &at)) {
        /* Found missing at the yearly stock-take, in December. */
        int y;
        unsigned m, d;
        civil_from_days((int32_t)l->day, &y, &m, &d);
        uint32_t dec = (uint32_t)days_from_civil(y, 12, 1) + rng_below(l->r, 15);
        if (dec > l->day) {
            l->day = weekday(dec);
            at = office_hours(l->day, l->r);
        }
        if (l->day <= x->last_day)
            act(l, at, T_STATUS, l->office, S_MISSING, l->person, D_INVENTORY, N_MISSING);
        else
            l->ended = 1;
    }
    if (f->written_off && l->status != S_IN_REPAIR && l->status != S_MISSING &&
        !l->ended) {
        if (l->status != S_IN_STOCK) {
            if (!advance(l, 30, 500, &at)) return;
            act(l, at, T_RETURNED, x->off[l->office].wh, S_IN_STOCK, 0, D_HANDOVER,
                N_TO_WRITE_OFF);
        }
        if (advance(l, 3, 30, &at))
            act(l, at, T_STATUS, l->office, S_WRITTEN_OFF, 0, D_WRITEOFF,
                kind == K_VEHICLE ? N_WO_VEHICLE : N_WO_DEVICE);
    }
}

/* The office the i-th asset of a kind goes to (within one scale step). */
static int target_office(const demo *x, int kind, int i)
{
    switch (kind) {
    case K_VEHICLE: /* three per regional directorate, one for the head office */
        return i < 84 ? x->rdsa[i % 28] : x->hq;
    case K_TABLET: /* ten per reception office of the local directorates */
        return x->dsp[i % x->ndsp];
    case K_COMPUTER: /* the social workers: 28 per local directorate, 8 per social
                        service, 4 per regional directorate, 12 at the head office */
        if (i < 28 * x->ndsp) return x->dsp[i % x->ndsp];
        i -= 28 * x->ndsp;
        if (i < 8 * N_SERVICES) return x->su[i % N_SERVICES];
        i -= 8 * N_SERVICES;
        if (i < 4 * 28) return x->rdsa[i % 28];
        return x->hq;
    case K_WORKPLACE: return i < 3 ? x->fo[0] : x->fo[1];
    default: return i == 0 ? x->fo[0] : x->fo[1];
    }
}

/* Assets go straight into `asset`, a statement each: the load is a bulk
 * load (bulk.h), so no search-index trigger fires per row, and the
 * demo's references are checked once at the end (check_references). */
static const char ASSET_INSERT[] =
    "INSERT INTO asset(id, tag, kind_id, make, model, serial, description, status,"
    " office_id, custodian, purchase_date, cost, currency, supplier, contract,"
    " funding_id, warranty_end, attrs, scan_code, tag_key) VALUES(:id, :tag, :kind, :make,"
    " :model, :serial, '', :status, :office, :cust, :pdate, :cost, 'BGN', :supplier,"
    " :contract, :funding, :warranty, :attrs, :tag, upper(:tag))"; /* tags are ASCII */

static void tag_of(const demo *x, uint32_t a, char *out, size_t n)
{
    int k = 0;
    while (k + 1 < K_COUNT && a >= x->kind_first[k + 1]) k++;
    snprintf(out, n, "%s-%06u", kinds[k].prefix, (unsigned)(a - x->kind_first[k] + 1));
}

/* Plan asset a (the i-th of its kind in scale step `step`) and insert
 * its row in the state the plan ends in. */
static inv_status plan_asset(demo *x, rng *r, uint32_t a, int kind, int step, int i)
{
    const int li = lot_of(kind, i);
    const lot *L = &lots[li];
    uint64_t g = x->lot_made[li]++;
    int target = target_office(x, kind, i);
    uint32_t delivered = iso_day(L->delivered);
    uint32_t warranty = add_months(delivered, L->warranty_months);
    life l = {x, r, a, 0, weekday(delivered), 0, S_NONE, 0, 0};

    /* Showcase assets of the first step, for documentation and tests:
     * VEH-000001 moved twice and repaired, VEH-000002 written off,
     * TAB-000001 repaired, PC-000001 transferred, PC-000002 returned
     * and handed out again, PC-000003 missing. */
    fate f;
    int reserve = 0;
    if (step == 0 && kind == K_VEHICLE && i == 0)
        f = (fate){2, 0, 1, 1, 0, 0, 0, 0};
    else if (step == 0 && kind == K_VEHICLE && i == 1)
        f = (fate){0, 0, 0, 0, 0, 0, 0, 1};
    else if (step == 0 && kind == K_TABLET && i == 0)
        f = (fate){0, 0, 1, 1, 0, 0, 0, 0};
    else if (step == 0 && kind == K_COMPUTER && i == 0)
        f = (fate){1, 0, 0, 0, 0, 0, 0, 0};
    else if (step == 0 && kind == K_COMPUTER && i == 1)
        f = (fate){0, 0, 0, 0, 1, 1, 0, 0};
    else if (step == 0 && kind == K_COMPUTER && i == 2)
        f = (fate){0, 0, 0, 0, 0, 0, 1, 0};
    else {
        draw_fate(r, kind, &f);
        /* A few tablets are kept in the central warehouse as reserve. */
        reserve = kind == K_TABLET && chance(r, 15);
    }

    /* Delivery: the lot arrives on one day and is registered through it. */
    uint32_t at = l.day * 86400u + 6 * 3600 + 1800 +
         (uint32_t)(g * (8 * 3600 - 1) / (x->lot_total[li] ? x->lot_total[li] : 1));
    if (kind == K_WORKPLACE || kind == K_MFD) {
        /* Bought by the municipality and put straight into its office. */
        act(&l, at, T_CREATED, target, S_ASSIGNED, ++x->next_person, D_HANDOVER, N_NONE);
    } else {
        act(&l, at, T_CREATED, x->central, S_IN_STOCK, 0, D_DELIVERY, N_NONE);
        uint32_t person;
        if (kind == K_TABLET) /* the reception's two custodians */
            person = 0x80000000u | (uint32_t)(((uint32_t)step * MAX_OFFICES + (uint32_t)target) *
                                              2 + (uint32_t)((i / x->ndsp) & 1));
        else
            person = ++x->next_person;
        if (!reserve && advance(&l, 7, 28, &at))
            act(&l, at, T_ASSIGNED, target, S_ASSIGNED, person, D_HANDOVER, N_NONE);
    }
    live(&l, kind, &f, warranty);

    /* The row, in its final state. */
    char tag[INV_TAG_MAX + 1], serial[32], attrs[INV_ATTRS_MAX + 1], cust[INV_TEXT_MAX + 1];
    char pdate[INV_DATE_MAX], wdate[INV_DATE_MAX], why[256];
    tag_of(x, a, tag, sizeof tag);
    day_iso(delivered, pdate);
    day_iso(warranty, wdate);
    if (kind == K_VEHICLE) {
        char vin[18], plate[16];
        int year = 2019;
        make_vin(L, year, g, vin);
        make_plate(regions[x->off[target].region >= 0 ? x->off[target].region : 21].plate,
                   x->vehicles_made++, plate, sizeof plate);
        if (kind_check_attr("vin", vin, why, sizeof why) != 0)
            return db_fail(x->db, INV_EDB, "demo: %s", why);
        str_copy(serial, sizeof serial, vin);
        snprintf(attrs, sizeof attrs, "{\"plate\":\"%s\",\"vin\":\"%s\",\"year\":\"%d\"}",
                 plate, vin, year);
    } else if (kind == K_TABLET) {
        char imei[16];
        make_imei(g, imei);
        if (kind_check_attr("imei", imei, why, sizeof why) != 0)
            return db_fail(x->db, INV_EDB, "demo: %s", why);
        make_serial(L, g, serial, sizeof serial);
        snprintf(attrs, sizeof attrs, "{\"imei\":\"%s\"}", imei);
    } else {
        make_serial(L, g, serial, sizeof serial);
        if (L->components)
            snprintf(attrs, sizeof attrs, "{\"components\":\"%s\"}", L->components);
        else
            str_copy(attrs, sizeof attrs, "{}");
    }
    person_name(l.person, cust, sizeof cust);

    sqlite3_stmt *st = db_stmt(x->db, ASSET_INSERT);
    if (!st) return db_error(x->db)->code;
    /* The buffers live until the step: bound without copies. */
    x->asset_id[a] = x->first_id + a;
    db_bind_int(st, ":id", x->asset_id[a]);
    db_bind_text_ref(st, ":tag", tag);
    db_bind_int(st, ":kind", x->kind_id[kind]);
    db_bind_text_ref(st, ":make", L->make);
    db_bind_text_ref(st, ":model", L->model);
    db_bind_text_ref(st, ":serial", serial);
    db_bind_text_ref(st, ":status", status_code[l.status]);
    db_bind_int(st, ":office", x->off[l.office].id);
    db_bind_text_ref(st, ":cust", cust);
    db_bind_text_ref(st, ":pdate", pdate);
    db_bind_int(st, ":cost", L->cost);
    db_bind_text_ref(st, ":supplier", L->supplier);
    db_bind_text_ref(st, ":contract", L->contract);
    db_bind_int(st, ":funding", x->funding_id[L->funding]);
    db_bind_text_ref(st, ":warranty", wdate);
    db_bind_text_ref(st, ":attrs", attrs);
    return db_exec_stmt(x->db, st, tag);
}

static int ev_cmp(const void *pa, const void *pb)
{
    const plan_ev *a = pa, *b = pb;
    if (a->at != b->at) return a->at < b->at ? -1 : 1;
    if (a->asset != b->asset) return a->asset < b->asset ? -1 : 1;
    return (int)a->seq - (int)b->seq;
}

/* A document number drawn from what it is, the day and the office. */
static unsigned doc_no(unsigned what, uint32_t day, unsigned key, unsigned range)
{
    uint64_t h = mix64(DEMO_SEED + ((uint64_t)what << 56) + ((uint64_t)day << 20) + key);
    return (unsigned)(h % range);
}

static void doc_text(const demo *x, const plan_ev *e, char *out, size_t n)
{
    uint32_t day = e->at / 86400;
    char d[INV_DATE_MAX];
    day_bg(day, d);
    unsigned off = e->office;
    switch (e->doc) {
    case D_DELIVERY:
        snprintf(out, n, "Протокол за доставка № %u/%s", 10 + doc_no(1, day, 0, 90), d);
        break;
    case D_HANDOVER:
        snprintf(out, n, "ПП № %u/%s", 100 + doc_no(2, day, off, 900), d);
        break;
    case D_ORDER:
        snprintf(out, n, "Заповед № РД-%02d-%u/%s",
                 x->off[e->office].region >= 0 ? x->off[e->office].region + 1 : 0,
                 100 + doc_no(3, day, off, 900), d);
        break;
    case D_SERVICE:
        snprintf(out, n, "Сервизна карта № %u", 10000 + doc_no(4, 0, e->asset, 90000));
        break;
    case D_INVENTORY:
        snprintf(out, n, "Протокол от инвентаризация № %u/%s", 10 + doc_no(5, day, off, 90),
                 d);
        break;
    case D_WRITEOFF:
        snprintf(out, n, "Протокол за бракуване № %u/%s", 10 + doc_no(6, day, off, 90), d);
        break;
    default: out[0] = '\0';
    }
}

/* Who entered the act: head-office logistics for deliveries and the first
 * hand-out, the regional directorate for what happens in its oblast, the
 * municipality for its front office. */
static void actor_of(const demo *x, const plan_ev *e, int from_office, char *out, size_t n)
{
    const d_office *to = &x->off[e->office];
    if (to->kind == 'f') {
        snprintf(out, n, "%s", to->region == R_HASKOVO ? "obshtina.haskovo" : "obshtina.aytos");
        return;
    }
    if (e->type == T_CREATED || from_office == x->central || to->region < 0) {
        snprintf(out, n, "s.koleva");
        return;
    }
    snprintf(out, n, "rdsp%02d.logistika", to->region + 1);
}

/* Where each asset stands while its events are made (by asset index). */
typedef struct ev_state {
    uint16_t *office;
    uint8_t *status;
    uint32_t *person;
} ev_state;

static void ev_state_init(ev_state *t, uint32_t n)
{
    t->office = malloc((size_t)n * sizeof *t->office);
    t->status = malloc((size_t)n);
    t->person = malloc((size_t)n * sizeof *t->person);
    if (!t->office || !t->status || !t->person) abort();
    memset(t->status, S_NONE, (size_t)n);
}

static void ev_state_free(ev_state *t)
{
    free(t->office);
    free(t->status);
    free(t->person);
}

/* The i-th planned event (in time order) as an event row, unhashed. */
static void make_event(const demo *x, ev_state *t, size_t i, inv_event *ev)
{
    const plan_ev *e = &x->ev[i];
    uint32_t a = e->asset;
    ev->id = 0;
    ev->asset_id = x->asset_id[a];
    tag_of(x, a, ev->tag, sizeof ev->tag);
    fmt_time(e->at, ev->at);
    actor_of(x, e, t->status[a] == S_NONE ? -1 : t->office[a], ev->actor, sizeof ev->actor);
    str_copy(ev->type, sizeof ev->type, type_code[e->type]);
    ev->has_from = t->status[a] != S_NONE;
    if (ev->has_from) {
        ev->from_office_id = x->off[t->office[a]].id;
        str_copy(ev->from_office, sizeof ev->from_office, x->off[t->office[a]].code);
        str_copy(ev->from_status, sizeof ev->from_status, status_code[t->status[a]]);
        person_name(t->person[a], ev->from_custodian, sizeof ev->from_custodian);
    } else {
        ev->from_office_id = 0;
        ev->from_office[0] = ev->from_status[0] = ev->from_custodian[0] = '\0';
    }
    ev->to_office_id = x->off[e->office].id;
    str_copy(ev->to_office, sizeof ev->to_office, x->off[e->office].code);
    str_copy(ev->to_status, sizeof ev->to_status, status_code[e->status]);
    person_name(e->person, ev->to_custodian, sizeof ev->to_custodian);
    doc_text(x, e, ev->doc, sizeof ev->doc);
    str_copy(ev->note, sizeof ev->note, notes[e->note]);
    ev->changes = NULL;
    ev->check_id = 0;
    /* The slots are reused and never cleared: no act date (the date of
     * `at`), no reverted event. */
    ev->act_date[0] = '\0';
    ev->reverts = 0;
    t->office[a] = e->office;
    t->status[a] = e->status;
    t->person[a] = e->person;
}

/* The events are made and hashed on a second thread (the maker) while
 * this one writes them: a ring of batches between the two. */
#define EV_BATCH 256
#define EV_NBATCH 4

typedef struct ev_pipe {
    const demo *x;
    inv_event *slot;           /* EV_NBATCH batches of EV_BATCH */
    size_t count[EV_NBATCH];   /* events in each full batch */
    int full[EV_NBATCH];
    int stop;                  /* the writer failed: the maker ends */
    char head[65];             /* the chain's head before the first */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} ev_pipe;

static void *ev_maker(void *arg)
{
    ev_pipe *p = arg;
    const demo *x = p->x;
    ev_state t;
    ev_state_init(&t, x->nassets);
    char prev[65];
    memcpy(prev, p->head, 65);
    size_t i = 0;
    for (int b = 0; i < x->nev; b = (b + 1) % EV_NBATCH) {
        pthread_mutex_lock(&p->mu);
        while (p->full[b] && !p->stop) pthread_cond_wait(&p->cv, &p->mu);
        int stop = p->stop;
        pthread_mutex_unlock(&p->mu);
        if (stop) break;
        size_t n = 0;
        for (; n < EV_BATCH && i < x->nev; n++, i++) {
            inv_event *ev = &p->slot[(size_t)b * EV_BATCH + n];
            make_event(x, &t, i, ev);
            memcpy(ev->prev_hash, prev, 65);
            event_hash(ev, prev, ev->hash);
            memcpy(prev, ev->hash, 65);
        }
        pthread_mutex_lock(&p->mu);
        p->count[b] = n;
        p->full[b] = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    ev_state_free(&t);
    return NULL;
}

/* One thread: make and append each event in turn. */
static inv_status append_events_here(demo *x)
{
    ev_state t;
    ev_state_init(&t, x->nassets);
    inv_event *ev = calloc(1, sizeof *ev);
    if (!ev) abort();
    inv_status rc = INV_OK;
    for (size_t i = 0; i < x->nev && rc == INV_OK; i++) {
        make_event(x, &t, i, ev);
        rc = event_append(x->db, ev);
        if (((i + 1) & 1023) == 0)
            db_progress(x->db, N_("Writing the history"), (int64_t)i + 1, (int64_t)x->nev);
    }
    free(ev);
    ev_state_free(&t);
    return rc;
}

static inv_status append_events(demo *x)
{
    qsort(x->ev, x->nev, sizeof *x->ev, ev_cmp);
    x->sum.events = (int64_t)x->nev;
    ev_pipe *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->x = x;
    inv_status rc = event_chain_head(x->db, p->head);
    if (rc != INV_OK) {
        free(p);
        return rc;
    }
    p->slot = malloc((size_t)EV_NBATCH * EV_BATCH * sizeof *p->slot);
    if (!p->slot) abort();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    pthread_t th;
    if (x->nev < EV_BATCH || pthread_create(&th, NULL, ev_maker, p) != 0) {
        rc = append_events_here(x); /* small, or no thread to be had */
    } else {
        size_t done = 0;
        for (int b = 0; done < x->nev && rc == INV_OK; b = (b + 1) % EV_NBATCH) {
            pthread_mutex_lock(&p->mu);
            while (!p->full[b]) pthread_cond_wait(&p->cv, &p->mu);
            size_t n = p->count[b];
            pthread_mutex_unlock(&p->mu);
            rc = event_append_hashed_many(x->db, &p->slot[(size_t)b * EV_BATCH], n);
            done += n;
            db_progress(x->db, N_("Writing the history"), (int64_t)done, (int64_t)x->nev);
            pthread_mutex_lock(&p->mu);
            p->full[b] = 0;
            if (rc != INV_OK) p->stop = 1;
            pthread_cond_broadcast(&p->cv);
            pthread_mutex_unlock(&p->mu);
        }
        pthread_join(th, NULL);
    }
    db_progress(x->db, N_("Writing the history"), (int64_t)x->nev, (int64_t)x->nev);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p->slot);
    free(p);
    return rc;
}

/* Refuse a database that already holds something. */
static inv_status check_empty(inv_db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT (SELECT count(*) FROM office),"
                                   " (SELECT count(*) FROM asset),"
                                   " (SELECT count(*) FROM funding)");
    if (!st) return db_error(db)->code;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail_sqlite(db, _("reading the database"));
    }
    long long offices = sqlite3_column_int64(st, 0);
    long long assets = sqlite3_column_int64(st, 1);
    long long funding = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    if (offices || assets || funding)
        return db_fail(db, INV_ESTATE,
                       _("%s is not empty (offices: %lld, assets: %lld, funding projects: "
                         "%lld); demo fills only an empty database (give another --db)"),
                       db_path(db), offices, assets, funding);
    return INV_OK;
}

static inv_status load(demo *x);

static inv_status fill(demo *x)
{
    inv_status rc;
    if ((rc = check_empty(x->db)) != INV_OK) return rc;
    /* The offices, kinds and funding projects begin their history after
     * the planned one (history_baseline at the end), at its last moment:
     * the same demo gives the same database. */
    db_set_history_paused(x->db, 1);
    rc = build_offices(x);
    if (rc == INV_OK) rc = build_funding_and_kinds(x);
    db_set_history_paused(x->db, 0);
    if (rc != INV_OK) return rc;

    /* The lots are data of this file: hold them to the core's limits. */
    for (int i = 0; i < N_LOTS; i++)
        if (strlen(lots[i].model) > INV_TEXT_MAX || strlen(lots[i].contract) > INV_TEXT_MAX ||
            (lots[i].components && strlen(lots[i].components) > INV_TEXT_MAX))
            return db_fail(x->db, INV_EDB, "demo: lot %d exceeds a field limit", i);

    uint32_t n = 0;
    for (int k = 0; k < K_COUNT; k++) {
        x->kind_first[k] = n;
        n += (uint32_t)kinds[k].per_copy * (uint32_t)x->scale;
        for (int i = 0; i < kinds[k].per_copy; i++)
            x->lot_total[lot_of(k, i)] += (uint64_t)x->scale;
    }
    x->kind_first[K_COUNT] = n;
    x->nassets = n;
    x->asset_id = malloc((size_t)n * sizeof *x->asset_id);
    if (!x->asset_id) abort();
    x->capev = (size_t)n * 5 / 2 + 64;
    x->ev = malloc(x->capev * sizeof *x->ev);
    if (!x->ev) abort();

    inv_bulk *bulk;
    if ((rc = bulk_begin(x->db, BULK_FULL, &bulk)) != INV_OK) return rc;
    rc = load(x);
    if (rc == INV_OK && (rc = bulk_end(bulk)) == INV_OK) {
        /* Every row's facts in the chain, at the demo history's last
         * moment (deterministic), by "demo". */
        char at[INV_TIME_MAX] = "";
        sqlite3_stmt *st = db_stmt(x->db, "SELECT max(at) FROM event");
        if (!st) return db_error(x->db)->code;
        if (sqlite3_step(st) == SQLITE_ROW) str_copy(at, sizeof at, db_col_text(st, 0));
        sqlite3_reset(st);
        return history_baseline_at(x->db, "demo", at, "{\"@demo\":true}", NULL);
    }
    if (rc == INV_OK) return rc;
    bulk_abort(bulk);
    return rc;
}

/* The assets and their history (fill holds a bulk load open). */
static inv_status load(demo *x)
{
    inv_status rc;
    sqlite3_stmt *st = db_stmt(x->db, "SELECT coalesce(max(id), 0) + 1 FROM asset");
    if (!st) return db_error(x->db)->code;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail_sqlite(x->db, _("reading the database"));
    }
    x->first_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);

    rng r = {DEMO_SEED};
    uint32_t a = 0;
    int64_t all = 0;
    for (int k = 0; k < K_COUNT; k++) all += (int64_t)kinds[k].per_copy * x->scale;
    for (int k = 0; k < K_COUNT; k++) {
        int per = kinds[k].per_copy;
        for (int step = 0; step < x->scale; step++)
            for (int i = 0; i < per; i++) {
                if ((rc = plan_asset(x, &r, a++, k, step, i)) != INV_OK) return rc;
                if ((a & 1023) == 0) db_progress(x->db, N_("Creating assets"), a, all);
            }
        /* Tags after these are generated from here on. */
        st = db_stmt(x->db, "UPDATE asset_kind SET next_no = :n WHERE id = :id");
        if (!st) return db_error(x->db)->code;
        db_bind_int(st, ":n", (int64_t)per * x->scale + 1);
        db_bind_int(st, ":id", x->kind_id[k]);
        if ((rc = db_exec_stmt(x->db, st, kinds[k].code)) != INV_OK) return rc;
    }
    x->sum.vehicles = (int64_t)kinds[K_VEHICLE].per_copy * x->scale;
    x->sum.tablets = (int64_t)kinds[K_TABLET].per_copy * x->scale;
    x->sum.computers = (int64_t)kinds[K_COMPUTER].per_copy * x->scale;
    x->sum.front = (int64_t)(kinds[K_WORKPLACE].per_copy + kinds[K_MFD].per_copy) * x->scale;
    x->sum.assets = x->nassets;
    db_progress(x->db, N_("Creating assets"), all, all);
    return append_events(x);
}

/* Settings for a bulk load, and what they were before. */
typedef struct fast {
    long long cache_size, synchronous;
    char journal[16];
    int switched; /* the journal mode was changed */
} fast;

/* One integer or text value of a pragma (no parameters: pragmas take
 * none). Returns 0 or -1. */
static int pragma_value(inv_db *db, const char *sql, long long *iv, char *tv, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (iv) *iv = sqlite3_column_int64(st, 0);
        if (tv) str_copy(tv, n, db_col_text(st, 0));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* For a big load into an empty database: a page cache large enough for
 * the random-order indexes (the history's hash index above all), and a
 * rollback journal instead of the write-ahead log, so that the data is
 * written once to the database file instead of to the log and then
 * again by the checkpoint. The journal of an empty database is tiny, and
 * a crash still rolls the whole load back. synchronous=OFF: a killed
 * process loses nothing (the data is in the operating system), only a
 * power cut during the load could, and the load is all there is. When
 * another process has the database open the mode cannot change; the
 * load then runs in the write-ahead log. */
static void fast_begin(inv_db *db, int scale, fast *b)
{
    memset(b, 0, sizeof *b);
    if (pragma_value(db, "PRAGMA cache_size", &b->cache_size, NULL, 0) != 0 ||
        pragma_value(db, "PRAGMA synchronous", &b->synchronous, NULL, 0) != 0 ||
        pragma_value(db, "PRAGMA journal_mode", NULL, b->journal, sizeof b->journal) != 0) {
        b->journal[0] = '\0';
        return;
    }
    if (scale < 8) return; /* small: the defaults do */
    db_exec(db, "PRAGMA cache_size=-1048576"); /* 1 GiB at most, used as needed */
    db_exec(db, "PRAGMA synchronous=OFF");
    char mode[16] = "";
    if (strcmp(b->journal, "wal") == 0 &&
        pragma_value(db, "PRAGMA journal_mode=DELETE", NULL, mode, sizeof mode) == 0 &&
        strcmp(mode, "delete") == 0)
        b->switched = 1;
}

static void fast_end(inv_db *db, int scale, const fast *b)
{
    char sql[64];
    if (!b->journal[0] || scale < 8) return;
    if (b->switched) {
        char mode[16];
        pragma_value(db, "PRAGMA journal_mode=WAL", NULL, mode, sizeof mode);
    }
    /* Integers read back from the database, not user text. */
    snprintf(sql, sizeof sql, "PRAGMA synchronous=%lld", b->synchronous);
    db_exec(db, sql);
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", b->cache_size);
    db_exec(db, sql);
}

inv_status demo_fill(inv_db *db, int scale, demo_summary *out)
{
    if (scale < 1 || scale > DEMO_SCALE_MAX)
        return db_fail(db, INV_EINVAL, _("the scale must be 1 to %d, not %d"), DEMO_SCALE_MAX,
                       scale);
    demo *x = calloc(1, sizeof *x);
    if (!x) return db_fail(db, INV_ENOMEM, _("out of memory"));
    x->db = db;
    x->scale = scale;
    x->last_day = iso_day(DEMO_LAST_DAY);
    /* Refuse a database in use before touching its settings (and again
     * inside the transaction, where it counts). */
    inv_status rc = check_empty(db);
    if (rc != INV_OK) {
        free(x);
        return rc;
    }
    fast b;
    fast_begin(db, scale, &b);
    /* References are checked once by bulk_end, not row by row (bulk.h). */
    db_exec(db, "PRAGMA foreign_keys=OFF");
    rc = db_begin(db, DB_HERE);
    if (rc == INV_OK) {
        rc = fill(x);
        if (rc == INV_OK) rc = db_commit(db);
        else db_rollback(db);
    }
    db_exec(db, "PRAGMA foreign_keys=ON");
    fast_end(db, scale, &b);
    if (rc == INV_OK && out) *out = x->sum;
    free(x->ev);
    free(x->asset_id);
    free(x);
    return rc;
}
