# import_gen.awk: generate a CSV of realistic assets for the import
# benchmark and the crash test (deterministic: the same n gives the same
# bytes).
#
#   awk -v n=1000000 -v offices=RDSA-01,RDSA-02 [-v funding=CODE] \
#       [-v start=1] [-v stock=1] -f tests/data/import_gen.awk > assets.csv
#
# stock=1: the offices are warehouses, where assets are in stock and have
# no custodian: the custodian column is left empty (import refuses a
# custodian for an asset in stock).
#
# Mix: 75% computer configurations, 20% tablets (valid IMEIs), 5% vehicles
# (Cyrillic plates, VINs). Every row has a unique tag and a serial unique
# within its make; IMEIs, VINs and plates are unique (up to 11 million
# vehicles). Costs are Bulgarian amounts ("1 234,56", quoted),
# dates alternate between 01.04.2023 and 2023-04-01, descriptions and
# component lists hold commas and doubled quotes.
function luhn(s,    i, d, sum) {
    sum = 0
    for (i = length(s); i >= 1; i--) {
        d = substr(s, i, 1) + 0
        if ((length(s) - i) % 2 == 0) { d *= 2; if (d > 9) d -= 9 }
        sum += d
    }
    return (10 - sum % 10) % 10
}
function money(c,    lv, st, s) {
    lv = int(c / 100); st = c % 100
    s = sprintf("%d", lv)
    if (lv >= 1000) s = sprintf("%d %03d", int(lv / 1000), lv % 1000)
    return sprintf("\"%s,%02d\"", s, st)
}
BEGIN {
    if (n == "") n = 1000
    if (start == "") start = 1
    no = split(offices, off, ",")
    split("Dell,HP,Lenovo,Fujitsu,Acer", pcmake, ",")
    split("OptiPlex 7010,ProDesk 400 G9,ThinkCentre M70q,Esprimo D7010,Veriton X", pcmodel, ",")
    split("Samsung,Lenovo,Apple", tabmake, ",")
    split("Galaxy Tab A8,Tab M10 Plus,iPad 10.2", tabmodel, ",")
    split("Dacia,Toyota,Skoda,Opel", vehmake, ",")
    split("Duster,Corolla,Octavia,Combo", vehmodel, ",")
    split("Иван Петров,Мария Иванова,Георги Димитров,Елена Николова,Петър Стоянов,Десислава Георгиева,Николай Тодоров,Анна Христова", who, ",")
    split("А,В,Е,К,М,Н,О,Р,С,Т,У,Х", pl, ",")
    split("СА,СВ,ОВ,ЕН,Х,ВН,РВ,ВТ", plreg, ",")
    split("Техномаркет ООД,Десктоп БГ ЕООД,Авто Юг АД,Мобилни решения ООД", sup, ",")
    print "tag,kind,make,model,serial,description,office,custodian,purchase_date,cost,currency,supplier,contract,funding,imei,plate,vin,year,components"
    for (i = start; i < start + n; i++) {
        r = i % 20
        o = off[(i * 7) % no + 1]
        c = stock ? "" : who[(i * 3) % 8 + 1]
        d = (i % 28) + 1; m = (i % 12) + 1; y = 2016 + (i % 9)
        date = (i % 2) ? sprintf("%02d.%02d.%d", d, m, y) : sprintf("%d-%02d-%02d", y, m, d)
        s = sup[i % 4 + 1]
        ctr = sprintf("Д-%d/%d", (i % 977) + 1, y)
        f = (i % 3 == 0) ? funding : ""
        # A serial in scattered order, unique for every i.
        ser = sprintf("%09d", (i * 7919) % 1000000007)
        if (r == 0) {
            k = "vehicle"; mk = vehmake[i % 4 + 1]; md = vehmodel[i % 4 + 1]
            tag = sprintf("VEH-%07d", i)
            # Plates are unique within the kind: from the vehicle's number v.
            v = int(i / 20); L = int(v / 80000)
            plate = sprintf("%s %04d %s%s", plreg[v % 8 + 1], int(v / 8) % 10000, pl[L % 12 + 1], pl[int(L / 12) % 12 + 1])
            vin = sprintf("WVWZZZ%s%s", substr("ABCDEFGHJKLMNPRSTUVWXYZ", i % 23 + 1, 1), ser "12")
            vin = substr(vin, 1, 17)
            row = sprintf("%s,%s,%s,%s,VS%s,\"Служебен автомобил, %s %s\",%s,%s,%s,%s,BGN,%s,%s,%s,,%s,%s,%d,",
                          tag, k, mk, md, ser, mk, md, o, c, date, money(1800000 + (i % 500) * 1000),
                          s, ctr, f, plate, vin, 2015 + i % 10)
        } else if (r <= 4) {
            k = "tablet"; mk = tabmake[i % 3 + 1]; md = tabmodel[i % 3 + 1]
            tag = sprintf("TAB-%07d", i)
            base = sprintf("35%012.0f", (i * 7919) % 1000000000000)
            imei = base luhn(base)
            row = sprintf("%s,%s,%s,%s,R9%s,Таблет за обслужване на хора с увреден слух,%s,%s,%s,%s,BGN,%s,%s,%s,%s,,,,",
                          tag, k, mk, md, ser, o, c, date, money(45000 + (i % 300) * 100),
                          s, ctr, f, imei)
        } else {
            k = "computer"; mk = pcmake[i % 5 + 1]; md = pcmodel[i % 5 + 1]
            tag = sprintf("PC-%07d", i)
            row = sprintf("%s,%s,%s,%s,%s,\"Компютърна конфигурация за социален работник, стая %d\",%s,%s,%s,%s,BGN,%s,%s,%s,,,,,\"Intel Core i5, 16 GB RAM, 512 GB SSD; монитор 24\"\"\"",
                          tag, k, mk, md, ser, i % 400 + 1, o, c, date,
                          money(150000 + (i % 700) * 100), s, ctr, f)
        }
        print row
    }
}
