/* SPDX-License-Identifier: MIT */
/*
 * words: the words of the pages in each language, and the labels of
 * fields and values.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/fold.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/url.h"
#include "spona/sig.h"
#include "web/web.h"

#include "spona/banned.h"

/* ---- words ---- */

static const char *const words[W_COUNT_][2] = {
    [W_APP] = {"spona", "spona"},
    [W_PRACTICES] = {"Dobre prakse", "Good practices"},
    [W_DIASPORA] = {"Dijaspora", "Diaspora"},
    [W_SYNC] = {"Sinhronizacija", "Sync"},
    [W_HUB] = {"Čvorište", "Hub"},
    [W_SEARCH] = {"Traži", "Search"},
    [W_SEARCH_HINT] = {"npr. maticar, dijaspora, туризам",
                       "e.g. maticar, diaspora, туризам"},
    [W_ALL] = {"sve", "all"},
    [W_SECTOR] = {"Sektor", "Sector"},
    [W_MUNICIPALITY] = {"Općina / grad", "Municipality"},
    [W_ENTITY] = {"Entitet", "Entity"},
    [W_STATUS] = {"Status", "Status"},
    [W_YEAR] = {"Godina", "Year"},
    [W_SCOPE] = {"Dijeljenje", "Sharing"},
    [W_FILTER] = {"Primijeni", "Apply"},
    [W_RESULT] = {"rezultat", "result"},
    [W_RESULTS] = {"rezultata", "results"},
    [W_NO_RESULTS] = {"Nema rezultata.", "No results."},
    [W_PAGE] = {"Stranica", "Page"},
    [W_OF] = {"od", "of"},
    [W_PREV] = {"Prethodna", "Previous"},
    [W_NEXT] = {"Sljedeća", "Next"},
    [W_ADD_PRACTICE] = {"Dodaj praksu", "Add a practice"},
    [W_EDIT] = {"Uredi", "Edit"},
    [W_SAVE] = {"Sačuvaj", "Save"},
    [W_OWNER] = {"Vlasnik", "Owner"},
    [W_OWNER_LSG] = {"Općina vlasnik", "Owner municipality"},
    [W_ARRIVED] = {"Stiglo", "Arrived"},
    [W_THROUGH] = {"Preko čvorišta", "Through hub"},
    [W_WRITTEN_HERE] = {"upisano na ovom čvoru", "written on this node"},
    [W_AUTHOR_NODE] = {"Čvor autora", "Author node"},
    [W_INDICATORS] = {"Indikatori", "Indicators"},
    [W_INDICATOR] = {"Indikator", "Indicator"},
    [W_UNIT] = {"Jedinica", "Unit"},
    [W_BASELINE] = {"Polazna vrijednost", "Baseline"},
    [W_TARGET] = {"Cilj", "Target"},
    [W_ACHIEVED] = {"Ostvareno", "Achieved"},
    [W_CREATED] = {"Upisano", "Created"},
    [W_UPDATED] = {"Izmijenjeno", "Updated"},
    [W_NOT_FOUND] = {"Stranica ne postoji.", "No such page."},
    [W_FORBIDDEN] = {"Za ovo nemate ovlaštenje.",
                     "You are not allowed to do this."},
    [W_LOGIN] = {"Prijava", "Log in"},
    [W_LOGOUT] = {"Odjava", "Log out"},
    [W_USER] = {"Korisnik", "User"},
    [W_PASSWORD] = {"Lozinka", "Password"},
    [W_BAD_LOGIN] = {"Pogrešno korisničko ime ili lozinka.",
                     "Wrong user name or password."},
    [W_EXPIRED] = {"Obrazac je istekao; učitajte stranicu ponovo.",
                   "The form has expired; reload the page."},
    [W_FORM_TOO_BIG] = {"Obrazac je prevelik.", "The form is too large."},
    [W_NOT_A_FORM] = {"Zahtjev nije obrazac.", "The request is not a form."},
    [W_PERSONS] = {"Osobe", "Persons"},
    [W_ORGANISATIONS] = {"Organizacije", "Organisations"},
    [W_SERVICES] = {"Usluge", "Services"},
    [W_EVENTS] = {"Događaji", "Events"},
    [W_NEEDS] = {"Potrebe", "Needs"},
    [W_CONSENTS] = {"Saglasnosti", "Consents"},
    [W_NO_CONSENT] = {"Nema aktivne saglasnosti.", "No active consent."},
    [W_CONSENTS_ELSEWHERE] = {"Saglasnosti vodi organizacija koja je "
                              "upisala osobu.",
                              "The consents are kept by the organisation "
                              "that recorded the person."},
    [W_AUDIT_NOTE] = {"Ovaj pregled je upisan u dnevnik pristupa.",
                      "This view was written to the audit log."},
    [W_HUB_URL] = {"Čvorište", "Hub"},
    [W_LAST_SYNC] = {"Posljednja sinhronizacija", "Last sync"},
    [W_NEVER] = {"nikad", "never"},
    [W_UNACKED] = {"Nepotvrđene izmjene", "Changes not yet acknowledged"},
    [W_CONFLICTS] = {"Konflikti", "Conflicts"},
    [W_REJECTED] = {"Odbijeni unosi", "Rejected entries"},
    [W_FORKS] = {"Račvanja", "Forks"},
    [W_WITHHELD] = {"Uskraćeni sadržaji (čvorište nije dalo sadržaj unosa; "
                    "traži se ponovo)",
                    "Withheld payloads (the hub did not give an entry's "
                    "content; asked for again)"},
    [W_EVIDENCE] = {"Dokazi protiv čvorišta", "Evidence against the hub"},
    [W_KIND] = {"Vrsta", "Kind"},
    [W_PROOF] = {"Dokaz (unos)", "Proof (entry)"},
    [W_FROM] = {"Od", "From"},
    [W_NONE] = {"nema", "none"},
    [W_FIELD] = {"Polje", "Field"},
    [W_ROW] = {"Red", "Row"},
    [W_CURRENT] = {"Važeća vrijednost", "Current value"},
    [W_LOST] = {"Odbačena vrijednost", "Losing value"},
    [W_REASON] = {"Razlog", "Reason"},
    [W_WHEN] = {"Kada", "When"},
    [W_MEMBERS] = {"Članovi", "Members"},
    [W_ORGANISATION] = {"Organizacija", "Organisation"},
    [W_NAME] = {"Naziv", "Name"},
    [W_ROLE] = {"Uloga", "Role"},
    [W_LAG] = {"Zaostatak (unosa)", "Lag (entries)"},
    [W_SKEW] = {"Odstupanje sata", "Clock skew"},
    [W_ACTIVE] = {"aktivan", "active"},
    [W_REVOKED] = {"opozvan", "revoked"},
    [W_REVOKE] = {"Opozovi", "Revoke"},
    [W_INVITE] = {"Pozovi člana", "Invite a member"},
    [W_INVITE_FOR] = {"Poziv za", "Invitation for"},
    [W_JOIN_STRING] = {"Pošaljite ovaj niz općini; vrijedi jednom, 7 dana:",
                       "Send this string to the municipality; it works "
                       "once, for 7 days:"},
    [W_COUNTS] = {"Brojevi", "Counts"},
    [W_PER_MUNICIPALITY] = {"Prakse po općini", "Practices per municipality"},
    [W_PER_SECTOR] = {"Prakse po sektoru", "Practices per sector"},
    [W_PER_COUNTRY] = {"Osobe po državi boravka",
                       "Persons per country of residence"},
    [W_EXPORT] = {"Izvoz (CSV)", "Export (CSV)"},
    [W_ROWS] = {"redova", "rows"},
    [W_NOT_HUB] = {"Ovaj čvor nije čvorište.", "This node is not a hub."},
    [W_SAVED] = {"Spremljeno.", "Saved."},
    [W_ERROR] = {"Greška", "Error"},
    [W_FIELDS_BAD] = {"Ispravite označeno polje:", "Please correct:"},
    [W_BACK] = {"Nazad", "Back"},
    [W_DETAILS] = {"Detalji", "Details"},
    [W_CHANNELS] = {"Kanali kontakta", "Contact channels"},
    [W_PURPOSE] = {"Svrha", "Purpose"},
    [W_KEY] = {"Ključ", "Key"},
    [W_NOT_JOINED] = {"nije pridružen čvorištu", "not joined to a hub"},
    [W_ENTRIES_WAITING] = {"unosa čeka", "entries waiting"},
    [W_FEDERATION] = {"Članovi drugih čvorišta (iz registra)",
                      "Members of other hubs (from the roster)"},
    [W_VOUCHED] = {"Član čvorišta", "Member of hub"},
    [W_SEARCH_ALL] = {"Traži u svemu", "Search everything"},
    [W_DID_YOU_MEAN] = {"Da li ste mislili:", "Did you mean:"},
    [W_KEEP_THIS] = {"Zadrži ovu", "Keep this one"},
    [W_PENDING] = {"Na čekanju do prve sinhronizacije (vraćeno iz kopije)",
                   "Pending until the first sync (restored from a backup)"},
    [W_SYNC_ASKED] = {"Sinhronizacija je pokrenuta; rezultat je ovdje za "
                      "nekoliko sekundi.",
                      "A sync round was started; its result shows here in "
                      "a few seconds."},
    [W_REVOKE_DONE] = {"Član je opozvan.", "The member was revoked."},
    [W_REVOKE_ASK] = {"Opozvati člana?", "Revoke this member?"},
    [W_REVOKE_WHAT] = {"Čvorište od sada odbija ovaj čvor, a svi čvorovi "
                       "odbijaju njegove kasnije unose; raniji unosi ostaju "
                       "važeći. Opoziv se ne može poništiti: općini treba "
                       "novi čvor i novi poziv.",
                       "The hub refuses this node from now on, and every "
                       "node refuses its later entries; earlier entries "
                       "stay valid. A revocation cannot be undone: the "
                       "municipality needs a new node and a new invitation."},
    [W_ROLE_NODE] = {"čvor", "node"},
    [W_ROLE_HUB] = {"čvorište", "hub"},
    [W_CANCEL] = {"Odustani", "Cancel"},
    [W_SYNC_NOW] = {"Sinhronizuj sada", "Sync now"},
    [W_ENT_FBIH] = {"Federacija BiH", "Federation of BiH"},
    [W_ENT_RS] = {"Republika Srpska", "Republika Srpska"},
    [W_ENT_BD] = {"Brčko distrikt", "Brčko District"},
    [W_SEQ] = {"Redni broj", "Sequence"},
    [W_T_PRACTICE] = {"Praksa", "Practice"},
    [W_T_PERSON] = {"Osoba", "Person"},
    [W_T_CONSENT] = {"Saglasnost", "Consent"},
    [W_T_SERVICE] = {"Usluga", "Service"},
    [W_T_EVENT] = {"Događaj", "Event"},
    [W_T_NEED] = {"Potreba", "Need"},
    [W_T_REVIEW] = {"Pregled prakse", "Practice review"},
    [W_F_WITHHELD] = {"Uskraćen sadržaj", "Withheld payload"},
    [W_F_SPLIT] = {"Različit prikaz članovima", "Split view"},
    [W_F_ROLLBACK] = {"Vraćanje unazad", "Rollback"},
    [W_F_ROOT] = {"Pogrešan korijen", "Wrong root"},
    [W_F_LOST] = {"Izgubljeni unosi", "Lost entries"},
    [W_F_BEHIND] = {"Čvorište zaostaje", "Hub behind"},
    [W_F_GAP] = {"Rupa u nizu unosa", "Gap in a feed"},
    [W_E_NOT_NUMBER] = {"nije cijeli broj (upišite npr. 1500, bez tačaka i "
                        "zareza)",
                        "is not a whole number (write e.g. 1500, without "
                        "points or commas)"},
    [W_E_RANGE] = {"nije između", "is not between"},
    [W_AND] = {"i", "and"},
    [W_E_ENUM] = {"nije jedna od ponuđenih vrijednosti",
                  "is not one of the offered values"},
    [W_E_EMAIL] = {"nije ispravna e-mail adresa",
                   "is not a valid e-mail address"},
    [W_E_URL] = {"nije ispravna adresa (počinje s http:// ili https://)",
                 "is not a valid address (starting with http:// or "
                 "https://)"},
    [W_E_DATE] = {"nije ispravan datum (GGGG-MM-DD)",
                  "is not a valid date (YYYY-MM-DD)"},
    [W_E_UUID] = {"nije ispravan ID", "is not a valid ID"},
    [W_E_TOO_LONG] = {"tekst je predug; najviše bajtova:",
                      "the text is too long; at most bytes:"},
    [W_E_TOO_MANY] = {"previše stavki", "too many items"},
    [W_E_TEXT] = {"sadrži znakove koji nisu dozvoljeni",
                  "holds characters that are not allowed"},
    [W_E_REQUIRED] = {"Obavezno polje nije popunjeno:",
                      "A required field is empty:"},
    [W_BAD_NUMBERS] = {"Godina i stranica su cijeli brojevi.",
                       "Year and page are whole numbers."},
    [W_BAD_PAGE] = {"Stranica je cijeli broj.", "The page is a whole number."},
    [W_KEEP_ASK] = {"Zadržati ovu vrijednost?", "Keep this value?"},
    [W_KEEP_WHAT] = {"Zadržana vrijednost postaje važeća na svim čvorovima "
                     "nakon sljedeće sinhronizacije; ostale se odbacuju i "
                     "ostaju samo u historiji zapisa.",
                     "The kept value becomes the current one on every node "
                     "after the next sync; the others are dropped and stay "
                     "only in the row's history."},
    [W_KEPT] = {"Zadržava se", "Kept"},
    [W_DROPPED] = {"Odbacuje se", "Dropped"},
    [W_E_DRAFT] = {"nacrt ostaje na ovom čvoru; za dijeljenje izaberite",
                   "a draft stays on this node; to share it, choose"},
    [W_OR] = {"ili", "or"},
    [W_R_REVOKED] = {"ključ autora je opozvan", "author key is revoked"},
    [W_R_NOT_MEMBER] = {"autor nije član", "author is not a member"},
    [W_R_NOT_VOUCHED] = {"za autora ne jamči nijedno čvorište od povjerenja",
                         "author is not vouched for by a trusted hub"},
    [W_R_SIGNATURE] = {"potpis nije ispravan", "signature does not verify"},
    [W_R_HASH] = {"sadržaj ne odgovara svom otisku",
                  "payload does not match its hash"},
    [W_R_FORK] = {"niz je zatvoren zbog račvanja", "feed is closed by a fork"},
    [W_R_DRAFT] = {"nacrt ne smije napustiti svoj čvor",
                   "a draft may not leave its node"},
    [W_R_ERASED] = {"zapis je izbrisan", "row was erased"},
    [W_R_OWNED] = {"zapis pripada drugoj organizaciji",
                   "the row belongs to another organisation"},
    [W_R_OWNER] = {"vlasnik nije organizacija autora",
                   "the owner is not the author's organisation"},
    [W_R_REACH] = {"izvan dosega svog niza (podaci članova drugog čvorišta)",
                   "outside its feed's reach (data of another hub's "
                   "members)"},
    [W_R_REVIEWS] = {"pregled prakse upisuje samo čvorište",
                     "only hubs write practice reviews"},
    [W_R_MISSING] = {"sadržaj unosa nedostaje", "the entry's content is "
                                                "missing"},
    [W_R_UNKNOWN] = {"nepoznata tabela ili polje (autor ima noviju verziju)",
                     "unknown table or field (the author runs a newer "
                     "version)"},
    [W_R_LOCAL_FIELD] = {"polje koje ne smije napustiti svoj čvor",
                         "a field that may not leave its node"},
    [W_IMPORT] = {"Uvoz tabele", "Import a spreadsheet"},
    [W_IMPORT_HINT] = {"CSV kako ga sprema Excel ili LibreOffice (UTF-8 ili "
                       "Windows-1250/1251, zarez ili tačka-zarez). Prvi red "
                       "imenuje kolone: nazivi polja kao na stranicama "
                       "(Naziv, Status, Godina početka) ili kodovi. Ništa se "
                       "ne uvozi dok ima grešaka, osim ako označite "
                       "preskakanje neispravnih redova.",
                       "CSV as Excel or LibreOffice saves it (UTF-8 or "
                       "Windows-1250/1251, comma or semicolon). The first "
                       "line names the columns: field labels as on the pages "
                       "(Title, Status, Start year) or codes. Nothing is "
                       "imported while there are problems, unless you tick "
                       "skipping the bad lines."},
    [W_IMPORT_TABLE] = {"Tabela", "Table"},
    [W_IMPORT_FILE] = {"Datoteka (CSV)", "File (CSV)"},
    [W_IMPORT_SKIP] = {"Uvezi ispravne redove, preskoči neispravne",
                       "Import the good lines, skip the bad ones"},
    [W_IMPORT_GO] = {"Uvezi", "Import"},
    [W_IMPORT_NO_FILE] = {"Odaberite datoteku.", "Choose a file."},
    [W_IMPORT_ROWS] = {"Redova u datoteci", "Lines in the file"},
    [W_IMPORT_DONE] = {"Uvezeno", "Imported"},
    [W_IMPORT_REFUSED] = {"S greškom", "With a problem"},
    [W_IMPORT_OTHERS] = {"Redovi drugih organizacija (preskočeni)",
                         "Lines of other organisations (skipped)"},
    [W_IMPORT_NOTHING] = {"Ništa nije uvezeno: ispravite redove ispod ili "
                          "označite preskakanje neispravnih.",
                          "Nothing was imported: correct the lines below, or "
                          "tick skipping the bad ones."},
    [W_IMPORT_ENCODING] = {"Kodiranje", "Encoding"},
    [W_IMPORT_LINE] = {"Red", "Line"},
    [W_IMPORT_COLUMN] = {"Kolona", "Column"},
    [W_IMPORT_PROBLEM] = {"Problem", "Problem"},
    [W_IMPORT_MORE] = {"Još problema (nisu prikazani)",
                       "More problems (not shown)"},
    [W_IMPORT_WARNINGS] = {"Upozorenja", "Warnings"},
    [W_IMPORT_BAD_FILE] = {"Datoteka nije tabela koja se može uvesti",
                           "The file is not a spreadsheet that can be "
                           "imported"},
    [W_P_NOT_ALLOWED] = {"nije dozvoljena vrijednost; dozvoljeno:",
                         "is not allowed; allowed:"},
    [W_P_NOT_NUMBER] = {"nije broj (upišite 1500, 1.500 ili 1.500,00)",
                        "is not a number (write 1500, 1.500 or 1.500,00)"},
    [W_P_NOT_WHOLE] = {"nije cijeli broj", "is not a whole number"},
    [W_P_TOO_LARGE] = {"je prevelik broj", "is too large"},
    [W_P_NOT_DATE] = {"nije datum: upišite DD.MM.GGGG (05.03.2024) ili "
                      "GGGG-MM-DD (2024-03-05)",
                      "is not a date: write DD.MM.YYYY (05.03.2024) or "
                      "YYYY-MM-DD (2024-03-05)"},
    [W_P_UNKNOWN_COLUMN] = {"nepoznata kolona: upišite naziv polja kao na "
                            "stranicama ili njegov kod",
                            "unknown column: write a field's label as on "
                            "the pages, or its code"},
    [W_P_FIELDS] = {"red nema onoliko polja koliko zaglavlje ima kolona",
                    "the line has not as many fields as the header has "
                    "columns"},
    [W_ADD] = {"Dodaj", "Add"},
    [W_DELETE] = {"Obriši", "Delete"},
    [W_DELETE_ASK] = {"Obrisati ovaj zapis?", "Delete this record?"},
    [W_DELETE_WHAT] = {"Zapis se briše na ovom čvoru i, nakon sljedeće "
                       "sinhronizacije, na svim čvorovima koji ga imaju; "
                       "ostaje u historiji zapisa.",
                       "The record is deleted on this node and, after the "
                       "next sync, on every node that holds it; it stays in "
                       "the record's history."},
    [W_DELETED] = {"Obrisano.", "Deleted."},
    [W_ADD_CONSENT] = {"Dodaj saglasnost", "Add a consent"},
    [W_WITHDRAW] = {"Povuci", "Withdraw"},
    [W_WITHDRAWN] = {"Saglasnost je povučena.", "The consent was withdrawn."},
    [W_ERASE] = {"Izbriši osobu svuda", "Erase this person everywhere"},
    [W_ERASE_ASK] = {"Trajno izbrisati ovu osobu?",
                     "Erase this person for good?"},
    [W_ERASE_WHAT] = {"Osoba i njene saglasnosti brišu se na ovom čvoru i "
                      "na svakom čvoru koji ih je primio, zajedno sa "
                      "starim sadržajima; ostaje samo oznaka brisanja. "
                      "Brisanje se ne može poništiti i upisuje se u "
                      "dnevnik pristupa.",
                      "The person and their consents are erased on this "
                      "node and on every node that received them, with "
                      "their old contents; only a mark of the erasure "
                      "stays. Erasure cannot be undone and is written to "
                      "the audit log."},
    [W_ERASED] = {"Osoba je izbrisana.", "The person was erased."},
    [W_E_CONSENT] = {"traži aktivnu saglasnost", "needs an active consent"},
    [W_E_CONSENT_WITH] = {"s dokazom i verzijom obavještenja o privatnosti",
                          "with evidence and a privacy notice version"},
    [W_E_PUBLIC] = {"nije dozvoljeno za lične podatke",
                    "is not allowed for personal data"},
    [W_R_PUBLIC] = {"javna može biti samo potvrđena ili objavljena praksa",
                    "only a validated or published practice may be public"},
    [W_E_UNREVIEWED] = {"javno se dijeli samo potvrđena ili objavljena praksa "
                        "(status pregleda)",
                        "only a validated or published practice may be shared "
                        "publicly (review status)"},
    [W_REVIEW_QUEUE] = {"Prakse za pregled", "Practices to review"},
    [W_REVIEW_NONE] = {"Nijedna praksa ne čeka pregled.",
                       "No practice waits for review."},
    [W_REVIEW] = {"Pregled čvorišta", "Hub review"},
    [W_REVIEWER] = {"Pregledao", "Reviewer"},
    [W_APPROVE] = {"Potvrdi", "Approve"},
    [W_RETURN] = {"Vrati na doradu", "Return for changes"},
    [W_PUBLISH] = {"Objavi", "Publish"},
    [W_REPORT] = {"Izvještaj", "Report"},
    [W_PER_ENTITY] = {"Prakse po entitetu", "Practices per entity"},
    [W_PER_CANTON] = {"Prakse po kantonu", "Practices per canton"},
    [W_PER_STATUS] = {"Prakse po statusu", "Practices per status"},
    [W_PER_YEAR] = {"Prakse po godini početka", "Practices per start year"},
    [W_COUNT] = {"Broj", "Count"},
    [W_NOT_GIVEN] = {"(nije navedeno)", "(not given)"},
    [W_CANTON_USK] = {"Unsko-sanski kanton", "Una-Sana Canton"},
    [W_CANTON_PK] = {"Posavski kanton", "Posavina Canton"},
    [W_CANTON_TK] = {"Tuzlanski kanton", "Tuzla Canton"},
    [W_CANTON_ZDK] = {"Zeničko-dobojski kanton", "Zenica-Doboj Canton"},
    [W_CANTON_BPK] = {"Bosansko-podrinjski kanton Goražde",
                      "Bosnian-Podrinje Canton Goražde"},
    [W_CANTON_SBK] = {"Srednjobosanski kanton", "Central Bosnia Canton"},
    [W_CANTON_HNK] = {"Hercegovačko-neretvanski kanton",
                      "Herzegovina-Neretva Canton"},
    [W_CANTON_ZHK] = {"Zapadnohercegovački kanton", "West Herzegovina Canton"},
    [W_CANTON_KS] = {"Kanton Sarajevo", "Sarajevo Canton"},
    [W_CANTON_K10] = {"Kanton 10", "Canton 10"},
};

const char *web_word(bool en, enum web_word w)
{
    const char *t = (size_t)w < W_COUNT_ ? words[w][en] : NULL;
    return t ? t : "?";
}

const char *web_t(const struct web_page *p, enum web_word w)
{
    if (p->sr && p->w && (size_t)w < W_COUNT_ && p->w->sr_words[w])
        return p->w->sr_words[w];
    if (p->hr)
        return web_word_hr(w);
    return web_word(p->en, w);
}

const char *web_enum_label(const struct web_page *p,
                           const struct sync_enum *dom, const char *value)
{
    if (!dom || !value)
        return value;
    if ((p->sr || p->hr) && p->w) {
        const char *l =
            sync_schema_label_in(sync_engine_schema(p->w->e), false, dom->name,
                                 value, p->sr ? SYNC_LANG_SR : SYNC_LANG_HR);
        if (l)
            return l;
    }
    return sync_schema_label(dom, value, p->en);
}

const char *web_reason_label(const struct web_page *p, const char *reason)
{
    /* The reasons a member meets, each matched as the start of what the
     * engine wrote (the rest names a row or a field); the others are
     * for developers and stay as the engine wrote them. */
    static const struct {
        const char *reason;
        enum web_word word;
    } names[] = {
        {"author key is revoked", W_R_REVOKED},
        {"author is not a member", W_R_NOT_MEMBER},
        {"author is not vouched for by a trusted hub", W_R_NOT_VOUCHED},
        {"signature does not verify", W_R_SIGNATURE},
        {"payload does not match its hash", W_R_HASH},
        {"feed is closed by a fork", W_R_FORK},
        {"a draft may not leave its node", W_R_DRAFT},
        {"row was erased", W_R_ERASED},
        {"row belongs to '", W_R_OWNED},
        {"owner '", W_R_OWNER},
        {"outside its feed's reach", W_R_REACH},
        {"only hubs write practice reviews", W_R_REVIEWS},
        {"payload missing", W_R_MISSING},
        {"unknown table '", W_R_UNKNOWN},
        {"unknown field '", W_R_UNKNOWN},
        {"field '", W_R_LOCAL_FIELD},
        {"only a validated or published", W_R_PUBLIC},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strncmp(names[i].reason, reason, strlen(names[i].reason)) == 0)
            return web_t(p, names[i].word);
    return reason;
}

const char *web_table_label(const struct web_page *p, const char *table)
{
    static const struct {
        const char *table;
        enum web_word word;
    } names[] = {
        {"practice", W_T_PRACTICE},
        {"person", W_T_PERSON},
        {"consent", W_T_CONSENT},
        {"organisation", W_ORGANISATION},
        {"service", W_T_SERVICE},
        {"event", W_T_EVENT},
        {"need", W_T_NEED},
        {"practice_indicator", W_INDICATOR},
        {"practice_review", W_T_REVIEW},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].table, table) == 0)
            return web_t(p, names[i].word);
    return table;
}

const char *web_finding_label(const struct web_page *p, const char *kind)
{
    static const struct {
        const char *kind;
        enum web_word word;
    } names[] = {
        {"withheld", W_F_WITHHELD}, {"split", W_F_SPLIT},
        {"rollback", W_F_ROLLBACK}, {"root", W_F_ROOT},
        {"lost", W_F_LOST},         {"behind", W_F_BEHIND},
        {"gap", W_F_GAP},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].kind, kind) == 0)
            return web_t(p, names[i].word);
    return kind;
}

const char *web_entity_label(const struct web_page *p, const char *entity)
{
    if (strcmp(entity, "FBiH") == 0)
        return web_t(p, W_ENT_FBIH);
    if (strcmp(entity, "RS") == 0)
        return web_t(p, W_ENT_RS);
    if (strcmp(entity, "BD") == 0)
        return web_t(p, W_ENT_BD);
    return entity;
}

const char *web_role_label(const struct web_page *p, const char *role)
{
    if (strcmp(role, "node") == 0)
        return web_t(p, W_ROLE_NODE);
    if (strcmp(role, "hub") == 0)
        return web_t(p, W_ROLE_HUB);
    return role;
}

/* Field labels the schema lacks; a field not listed shows its name. */
static const char *const field_labels[][3] = {
    {"title", "Naziv", "Title"},
    {"summary", "Sažetak", "Summary"},
    {"problem", "Problem", "Problem"},
    {"solution", "Rješenje", "Solution"},
    {"results", "Rezultati", "Results"},
    {"resources", "Resursi", "Resources"},
    {"cost_amount", "Trošak", "Cost"},
    {"cost_currency", "Valuta", "Currency"},
    {"funding", "Finansiranje", "Funding"},
    {"start_year", "Godina početka", "Start year"},
    {"end_year", "Godina završetka", "End year"},
    {"status", "Status", "Status"},
    {"evidence", "Dokazi", "Evidence"},
    {"transferability", "Prenosivost", "Transferability"},
    {"conditions", "Uslovi za prenos", "Conditions for transfer"},
    {"lessons", "Naučene lekcije", "Lessons learned"},
    {"sectors", "Sektori", "Sectors"},
    {"diaspora_role", "Uloga dijaspore", "Diaspora role"},
    {"contact_email", "E-mail za kontakt", "Contact e-mail"},
    {"lang", "Jezik", "Language"},
    {"script", "Pismo", "Script"},
    {"review_status", "Status pregleda", "Review status"},
    {"owner_lsg", "Općina vlasnik", "Owner municipality"},
    {"scope", "Dijeljenje", "Sharing"},
    {"given_name", "Ime", "Given name"},
    {"family_name", "Prezime", "Family name"},
    {"country", "Država", "Country"},
    {"city", "Grad", "City"},
    {"occupation", "Zanimanje", "Occupation"},
    {"languages", "Jezici", "Languages"},
    {"interests", "Interesi", "Interests"},
    {"email", "E-mail", "E-mail"},
    {"phone", "Telefon", "Phone"},
    {"name", "Naziv", "Name"},
    {"description", "Opis", "Description"},
    {"category", "Kategorija", "Category"},
    {"place", "Mjesto", "Place"},
    {"start_date", "Početak", "Start"},
    {"end_date", "Kraj", "End"},
    {"owner", "Vlasnik", "Owner"},
    {"purpose", "Svrha", "Purpose"},
    {"granted_at", "Data", "Granted"},
    {"withdrawn_at", "Povučena", "Withdrawn"},
    {"channels", "Kanali", "Channels"},
};

const char *web_field_label(const struct web_page *p, const char *table,
                            const char *field)
{
    /* The schema's labels (meta_label): the table's own, then those of
     * the columns every table has. */
    const struct sync_schema *s =
        p->w && p->w->e ? sync_engine_schema(p->w->e) : NULL;
    enum sync_lang lang = p->sr   ? SYNC_LANG_SR
                          : p->en ? SYNC_LANG_EN
                          : p->hr ? SYNC_LANG_HR
                                  : SYNC_LANG_BS;
    const char *l =
        s && table ? sync_schema_label_in(s, true, table, field, lang) : NULL;
    if (!l && s)
        l = sync_schema_label_in(s, true, "*", field, lang);
    if (!l && lang == SYNC_LANG_HR) { /* Bosnian where Croatian agrees */
        struct web_page bs = *p;
        bs.hr = false;
        return web_field_label(&bs, table, field);
    }
    if (l)
        return l;
    for (size_t i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]); i++)
        if (strcmp(field_labels[i][0], field) == 0)
            return field_labels[i][p->en ? 2 : 1];
    return field;
}
