#!/usr/bin/env python3
"""Writes the bundled sample corpus under samples/ (invented text only, from templates written for
this repository). Deterministic: the same files every run. Run from the repository root."""
import csv, os, random

rng = random.Random(2026)
C = rng.choice

companies = ["Northwind Traders", "Blue Harbor Logistics", "Fabrikam Print Co.", "Kestrel Software Ltd",
             "Alder & Finch Consulting", "Maple Street Bakery", "Orbit Cleaning Services", "Helios Solar GmbH",
             "Riverbend Dental", "Quartz Office Supply", "Tidewater Marine", "Copperleaf Studio",
             "Lumen Electrical", "Saffron Catering", "Greystone Legal LLP", "Pinecrest Veterinary"]
people = ["Anna Kowalski", "James Okafor", "Mei Lin", "Carlos Mendes", "Sofia Rossi", "David Cohen",
          "Priya Nair", "Tom Becker", "Léa Martin", "Omar Haddad", "Ingrid Olsen", "Ravi Shah"]
cities = ["Springfield", "Riverton", "Lakeside", "Fairview", "Brookhaven", "Millbrook", "Ashford", "Kingsport"]
streets = ["Elm Street", "Harbour Road", "Station Lane", "Oak Avenue", "Market Square", "Mill Road", "Park Terrace"]
months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
items = [("Consulting hours", 95), ("Printer toner cartridges", 48), ("Website hosting (annual)", 240),
         ("Office chairs", 189), ("Delivery and handling", 35), ("Software licence seats", 120),
         ("Catering for 20 guests", 410), ("Electrical inspection", 160), ("Window cleaning", 75),
         ("Design revisions", 60), ("Shipping pallets", 22), ("Maintenance contract", 310)]
shop_items = ["flat white", "croissant", "USB-C cable", "notebook", "paracetamol 16 tabs", "sourdough loaf",
              "phone case", "bananas 1kg", "sparkling water", "train ticket", "museum entry", "pasta carbonara",
              "house salad", "batteries AA x4", "dog food 2kg", "sunscreen"]
currencies = ["USD", "EUR", "GBP"]
sym = {"USD": "$", "EUR": "€", "GBP": "£"}

def date():
    return f"{rng.randint(1, 28)} {C(months)} 2026"

def money(x):
    return f"{x:,.2f}"

def addr():
    return f"{rng.randint(2, 220)} {C(streets)}, {C(cities)}"

def invoice():
    cur = C(currencies); n = rng.randint(1, 4)
    lines = []; total = 0
    for name, price in rng.sample(items, n):
        q = rng.randint(1, 12); total += q * price
        lines.append(f"{name} x{q} @ {sym[cur]}{price} = {sym[cur]}{money(q*price)}")
    vat = round(total * C([0.2, 0.19, 0.1, 0.0]), 2)
    num = f"{C(['INV', 'INV-', 'No. ', '#'])}{rng.randint(1000, 99999)}"
    opener = C([f"INVOICE {num}", f"Tax invoice {num}", f"Invoice number: {num}", f"{C(companies)} - Invoice {num}"])
    body = C([
        f"{opener}\nIssue date: {date()}\nBill to: {C(companies)}, {addr()}\n" + "\n".join(lines) +
        f"\nSubtotal {sym[cur]}{money(total)}, VAT {sym[cur]}{money(vat)}, amount due {sym[cur]}{money(total+vat)}.\n"
        f"Payment due within {C([14, 30, 45, 60])} days by bank transfer. Please quote the invoice number with your payment.",
        f"{opener}. From {C(companies)} to {C(companies)}. Services rendered in {C(months)}: " + "; ".join(lines) +
        f". Total payable {sym[cur]}{money(total+vat)} (including tax). Due date {date()}. Late payments may incur interest at 2% per month.",
        f"{opener}\nSupplier: {C(companies)}\nCustomer account: {rng.randint(10000,99999)}\nTerms: net {C([15,30])}\n" + "\n".join(lines) +
        f"\nBalance due: {sym[cur]}{money(total+vat)}\nRemit to IBAN ending ****{rng.randint(1000,9999)}. Thank you for your business.",
    ])
    return body

def receipt():
    cur = C(currencies); n = rng.randint(1, 5)
    lines = []; total = 0
    for it in rng.sample(shop_items, n):
        p = round(rng.uniform(1.2, 45), 2); total += p
        lines.append(f"{it} {sym[cur]}{money(p)}")
    shop = C(["Maple Street Bakery", "City Pharmacy", "Corner Electronics", "Green Grocer", "Café Lumière",
              "Metro Rail", "Trattoria Sole", "PetWorld", "Bookish & Co", "FreshMart"])
    pay = C(["Paid by Visa ending 4821", "Paid by card (contactless)", "Cash tendered, change given",
             "Paid with Mastercard ****7733", "Payment received via mobile wallet"])
    return C([
        f"{shop}\n{addr()}\nRECEIPT\n" + "\n".join(lines) + f"\nTOTAL {sym[cur]}{money(total)}\n{pay}.\nThank you for shopping with us! Keep this receipt for returns within 30 days.",
        f"Thanks for your order! Order #{rng.randint(100000,999999)} placed {date()}. Items: " + ", ".join(lines) +
        f". Total charged {sym[cur]}{money(total)}. {pay}. This is your receipt; no further payment is needed.",
        f"Payment confirmation - {shop}. Transaction {rng.randint(10**7,10**8)} on {date()} at {rng.randint(8,21)}:{rng.randint(10,59)}. " +
        "; ".join(lines) + f". Amount paid: {sym[cur]}{money(total)}. {pay}. Receipt number R-{rng.randint(1000,9999)}.",
    ])

def statement():
    cur = C(currencies); bal = round(rng.uniform(200, 9000), 2); opening = bal
    rows = []
    for _ in range(rng.randint(3, 7)):
        desc = C(["Card purchase FRESHMART", "Salary ACME CORP", "Direct debit ELECTRICITY", "Transfer to savings",
                  "ATM withdrawal", "Standing order RENT", "Interest paid", "Card purchase METRO RAIL",
                  "Refund ONLINE STORE", "Direct debit MOBILE PHONE"])
        amt = round(rng.uniform(5, 1500), 2) * (1 if any(k in desc for k in ["Salary", "Interest", "Refund"]) else -1)
        bal = round(bal + amt, 2)
        rows.append(f"{rng.randint(1,28):02d}/{rng.randint(1,12):02d} {desc} {'+' if amt>0 else '-'}{money(abs(amt))} balance {money(bal)}")
    bank = C(["First Riverton Bank", "Harbour Savings", "Union Mutual Bank", "Crescent Credit Union"])
    return C([
        f"{bank}\nAccount statement for {C(people)}\nAccount number ****{rng.randint(1000,9999)}, sort code 00-00-00\n"
        f"Statement period: 1 {C(months)} to 30 {C(months)} 2026\nOpening balance {sym[cur]}{money(opening)}\n" +
        "\n".join(rows) + f"\nClosing balance {sym[cur]}{money(bal)}",
        f"{bank} monthly statement. Current account ****{rng.randint(1000,9999)}. Opening balance {money(opening)} {cur}. Transactions: " +
        "; ".join(rows) + f". Closing balance {money(bal)} {cur}. Overdraft limit {money(rng.choice([0,500,1000]))}.",
        f"STATEMENT OF ACCOUNT - {bank}\nPeriod ending {date()}\nDate Description Amount Balance\n" + "\n".join(rows) +
        f"\nTotal credits and debits shown above. Available balance {sym[cur]}{money(bal)}. Report unrecognised transactions within 60 days.",
    ])

def letter():
    a, b = rng.sample(people, 2)
    topic = C([
        "I am writing to thank you for hosting us last weekend. The dinner was wonderful and the children still talk about the garden.",
        "Following our meeting on Tuesday, I would like to confirm that we are happy to proceed with the partnership we discussed.",
        "I am pleased to offer you the position of project coordinator, starting on the first Monday of next month.",
        "I hope this letter finds you well. It has been far too long since we last spoke, and I wanted to share some news from home.",
        "Please accept this letter as formal notice of my resignation from my role, effective four weeks from today.",
        "We are writing to let our neighbours know that building work on number 14 will begin next week and should last about a month.",
        "Thank you for your recommendation letter; it made a real difference to my application and I was accepted.",
        "On behalf of the committee, I would like to invite you to speak at our annual community gathering in the autumn.",
    ])
    more = C([
        "We would love to see you again soon, perhaps in the spring when the weather improves.",
        "Please let me know if you have any questions, and do give my regards to your family.",
        "I have enclosed a copy of the agreement for your records.",
        "It was a difficult decision, and I am grateful for everything I have learned here.",
        "We apologise in advance for any noise and will do our best to keep disruption to a minimum.",
        "Do write back when you have a moment; I always enjoy hearing your news.",
    ])
    return C([
        f"Dear {a.split()[0]},\n\n{topic} {more}\n\nWith warm regards,\n{b}",
        f"{addr()}\n{date()}\n\nDear {C(['Mr', 'Ms', 'Dr'])} {a.split()[1]},\n\n{topic}\n\n{more}\n\nYours sincerely,\n{b}\n{C(companies)}",
        f"Dear friends,\n{topic} {more} Looking forward to hearing from you.\nBest wishes, {b}",
    ])

def form():
    kind = C(["Membership application form", "Insurance claim form", "Change of address form", "Patient registration form",
              "Leave request form", "Vehicle parking permit application", "Volunteer registration form", "Expense claim form"])
    fields = rng.sample([
        f"Full name: {C(people)}", f"Date of birth: {rng.randint(1,28):02d}/{rng.randint(1,12):02d}/19{rng.randint(60,99)}",
        f"Address: {addr()}", f"Postcode: {rng.randint(10000,99999)}", "Phone number: ____________",
        f"Email: {C(['a','m','j','s'])}.{C(['lee','ng','diaz','ross'])}@example.org", "Signature: ____________",
        f"Date: {date()}", "Emergency contact: ____________", f"Policy number: P-{rng.randint(100000,999999)}",
        "Reason for request: ____________", "Please tick one: [ ] Yes [ ] No", f"Employee ID: E{rng.randint(1000,9999)}",
        "Office use only: Received by ____ Approved [ ]", "Preferred contact method: [ ] phone [ ] email [ ] post",
    ], rng.randint(5, 8))
    intro = C(["Please complete all sections in block capitals.", "Fields marked * are required.",
               "Return the completed form to the front desk or by post.", "Incomplete forms cannot be processed."])
    return C([
        f"{kind.upper()}\n{intro}\n" + "\n".join(fields) + "\nI declare that the information given is true and complete.",
        f"{kind} - Section A: applicant details. " + ". ".join(fields) + f". Section B: declaration. {intro}",
        f"{kind}\n" + "\n".join(f"{i+1}. {f}" for i, f in enumerate(fields)) + f"\n{intro} Sign and date below.",
    ])

def ticket():
    product = C(["the mobile app", "the billing portal", "the desktop client", "my router", "the printer driver",
                 "the password reset page", "the API", "the checkout page", "the sync service", "the export feature"])
    problem = C([
        f"{product} crashes every time I open the settings screen", f"I cannot log in to {product}; it says my session expired",
        f"{product} has been extremely slow since the last update", f"error 500 when I submit the form on {product}",
        f"{product} shows the wrong time zone for all my appointments", f"files uploaded through {product} never appear",
        f"{product} keeps asking me to verify my email even though I already did", f"the export from {product} produces an empty file",
    ])
    tid = f"{C(['TKT', 'SUP', 'CASE', 'REQ'])}-{rng.randint(10000,99999)}"
    prio = C(["Low", "Normal", "High", "Urgent"])
    steps = C(["Steps to reproduce: open the app, go to Settings, tap Profile.", "I have already tried restarting and reinstalling.",
               "This started yesterday afternoon.", "Several colleagues see the same behaviour.", "Screenshot attached."])
    return C([
        f"Ticket {tid}\nPriority: {prio}\nCustomer: {C(people)}\nSubject: {problem.capitalize()}\nDescription: Hi support team, {problem}. {steps} Please help, this is blocking my work.",
        f"Support request {tid} ({prio} priority). Hello, {problem}. {steps} Expected: it works as before. Actual: it fails. Browser/OS: {C(['Chrome on Windows 11','Firefox on Ubuntu','Safari on iOS 18','Android 15'])}.",
        f"[{tid}] Status: Open. Reported by {C(people)}. Issue: {problem}. {steps} Agent notes: awaiting logs from the customer. Priority {prio}.",
    ])

gens = {"INVOICE": invoice, "RECEIPT": receipt, "BANK_STATEMENT": statement, "LETTER": letter, "FORM": form, "SUPPORT_TICKET": ticket}

os.makedirs("samples/unseen/scans-2026", exist_ok=True)
with open("samples/training.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    rows = [(label, gen()) for label, gen in gens.items() for _ in range(30)]
    rng.shuffle(rows)
    w.writerows(rows)

unseen = [(label, gen()) for label, gen in gens.items() for _ in range(3)]
rng.shuffle(unseen)
with open("samples/unseen-labels.csv", "w", encoding="utf-8") as labels:
    for i, (label, text) in enumerate(unseen, 1):
        name = f"scans-2026/doc-{i:02d}.txt" if i > 14 else f"doc-{i:02d}.txt"
        open(f"samples/unseen/{name}", "w", encoding="utf-8").write(text + "\n")
        labels.write(f"{name},{label}\n")

spam_t = [
    "WINNER!! You have been selected for a {p} prize. Call {n} now to claim, T&Cs apply",
    "Congratulations, your mobile number won {p} in our weekly draw! Text CLAIM to {n}",
    "URGENT: your account will be suspended. Verify now at bit.ly/{c} to avoid charges",
    "Free entry into our {p} competition, just reply WIN. Std msg rates apply",
    "You have an unclaimed refund of {p}. Click the link to collect: secure-refund{c}.example",
    "Hot singles in your area want to chat! Reply YES to {n} for free, 18+ only",
    "Final notice: your parcel is held, pay the {p} customs fee at parcel{c}.example",
    "Get a loan of up to {p} today, no credit checks, text LOAN to {n}",
    "Cheap meds, no prescription needed, {p} off today only, visit pills{c}.example",
    "You are a lucky customer! Claim your free iPhone now, call {n} before midnight",
]
ham_t = [
    "Hey, are we still on for {d} at {t}?", "Running {m} minutes late, sorry! Start without me",
    "Can you pick up milk and bread on the way home?", "Happy birthday {name}! Hope you have a great day",
    "Meeting moved to {t}, same room", "Did you see the match last night? Unbelievable ending",
    "Thanks for dinner, it was lovely, let's do it again soon", "I left the keys under the mat, back around {t}",
    "Mum says call her when you get a chance", "Can you send me the notes from {d}'s lecture?",
    "The plumber is coming {d} morning, can you be home?", "Just landed, will text when I'm at the hotel",
    "Ok see you at the station, I'll be by the clock", "Lunch {d}? There's a new place near the office, good reviews",
]
def fill(t):
    return t.format(p=C(["£1000", "$500", "€2,000", "a cash", "a holiday"]), n=rng.randint(80000, 89999),
                    c=rng.randint(100, 999), d=C(["Monday", "Tuesday", "Friday", "Saturday", "tomorrow"]),
                    t=C(["10am", "3pm", "6:30", "noon"]), m=rng.randint(5, 25), name=C(people).split()[0])
os.makedirs("samples/sms", exist_ok=True)
with open("samples/sms/train.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    rows = [("spam", fill(C(spam_t))) for _ in range(70)] + [("ham", fill(C(ham_t))) for _ in range(70)]
    rng.shuffle(rows)
    w.writerows(rows)
msgs = [("spam", fill(C(spam_t))) for _ in range(18)] + [("ham", fill(C(ham_t))) for _ in range(22)]
rng.shuffle(msgs)
with open("samples/sms/messages.txt", "w", encoding="utf-8") as f:
    f.writelines(m + "\n" for _, m in msgs)
with open("samples/sms/messages-labels.txt", "w", encoding="utf-8") as f:
    f.writelines(l + "\n" for l, _ in msgs)

ml_parts = {
    "billing": ["I was charged twice for my subscription", "my invoice shows the wrong amount", "please refund the extra charge on my card",
                "why did my monthly price go up", "the payment failed but money left my account"],
    "technical": ["the app crashes when I upload a photo", "sync stops with an error code", "the page will not load in my browser",
                  "notifications stopped working after the update", "the export button does nothing"],
    "account": ["I need to change the email on my account", "please close my account", "I cannot reset my password",
                "how do I add a second user to my profile", "my account was locked after too many attempts"],
    "urgent": ["this is urgent, our whole team is blocked", "please respond today, it is critical", "we have a deadline in two hours",
               "production is down right now", "ASAP please, customers are affected"],
    "feedback": ["I love the new dashboard design", "suggestion: add a dark mode", "the onboarding was confusing, just so you know",
                 "great support last time, thank you", "it would be nice to export to PDF"],
}
combos = [("billing",), ("technical",), ("account",), ("feedback",), ("billing", "urgent"), ("technical", "urgent"),
          ("account", "urgent"), ("billing", "account"), ("technical", "feedback"), ("account", "technical")]
os.makedirs("samples/multilabel", exist_ok=True)
with open("samples/multilabel/train.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    rows = []
    for i in range(120):
        combo = combos[i % len(combos)]
        text = ". ".join(C(ml_parts[l]).capitalize() for l in combo) + "."
        rows.append(("|".join(combo), text))
    rng.shuffle(rows)
    w.writerows(rows)
