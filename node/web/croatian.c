/* SPDX-License-Identifier: MIT */
/*
 * croatian: the interface in Croatian. Its words are the Bosnian ones
 * (both ijekavian, in Latin) except where Croatian says it otherwise
 * ("sinkronizacija", "privola", "spremi"). Labels of fields and values
 * come from the schema (meta_label, 'hr'), Bosnian where it has none.
 */
#include "web/web.h"

#include "spona/banned.h"

/* Croatian where it differs from the Bosnian word. */
static const char *const croatian[W_COUNT_] = {
    [W_SYNC] = "Sinkronizacija",
    [W_SAVE] = "Spremi",
    [W_EXPIRED] = "Obrazac je istekao; ponovno učitajte stranicu.",
    [W_CONSENTS] = "Privole",
    [W_NO_CONSENT] = "Nema aktivne privole.",
    [W_CONSENTS_ELSEWHERE] = "Privole vodi organizacija koja je upisala "
                             "osobu.",
    [W_LAST_SYNC] = "Posljednja sinkronizacija",
    [W_CONFLICTS] = "Sukobi izmjena",
    [W_WITHHELD] = "Uskraćeni sadržaji (čvorište nije dalo sadržaj unosa; "
                   "traži se ponovno)",
    [W_ERROR] = "Pogreška",
    [W_DID_YOU_MEAN] = "Jeste li mislili:",
    [W_PENDING] = "Na čekanju do prve sinkronizacije (vraćeno iz kopije)",
    [W_SYNC_ASKED] = "Sinkronizacija je pokrenuta; rezultat je ovdje za "
                     "nekoliko sekunda.",
    [W_SYNC_NOW] = "Sinkroniziraj sada",
    [W_T_CONSENT] = "Privola",
    [W_E_NOT_NUMBER] = "nije cijeli broj (upišite npr. 1500, bez točaka i "
                       "zareza)",
    [W_E_TEXT] = "sadrži znakove koji nisu dopušteni",
    [W_KEEP_WHAT] = "Zadržana vrijednost postaje važeća na svim čvorovima "
                    "nakon sljedeće sinkronizacije; ostale se odbacuju i "
                    "ostaju samo u povijesti zapisa.",
    [W_R_UNKNOWN] = "nepoznata tablica ili polje (autor ima noviju inačicu)",
    [W_SEARCH_HINT] = "npr. matičar, iseljeništvo, turizam",
    [W_IMPORT] = "Uvoz tablice",
    [W_IMPORT_HINT] = "CSV kako ga sprema Excel ili LibreOffice (UTF-8 ili "
                      "Windows-1250/1251, zarez ili točka-zarez). Prvi redak "
                      "imenuje stupce: nazivi polja kao na stranicama "
                      "(Naziv, Status, Godina početka) ili kodovi. Ništa se "
                      "ne uvozi dok ima pogrešaka, osim ako označite "
                      "preskakanje neispravnih redaka.",
    [W_IMPORT_TABLE] = "Tablica",
    [W_IMPORT_FILE] = "Datoteka (CSV)",
    [W_IMPORT_SKIP] = "Uvezi ispravne retke, preskoči neispravne",
    [W_IMPORT_ROWS] = "Redaka u datoteci",
    [W_IMPORT_REFUSED] = "S pogreškom",
    [W_IMPORT_OTHERS] = "Retci drugih organizacija (preskočeni)",
    [W_IMPORT_NOTHING] = "Ništa nije uvezeno: ispravite retke ispod ili "
                         "označite preskakanje neispravnih.",
    [W_IMPORT_LINE] = "Redak",
    [W_IMPORT_COLUMN] = "Stupac",
    [W_IMPORT_BAD_FILE] = "Datoteka nije tablica koja se može uvesti",
    [W_P_NOT_ALLOWED] = "nije dopuštena vrijednost; dopušteno:",
    [W_P_NOT_NUMBER] = "nije broj (upišite 1500, 1.500 ili 1.500,00)",
    [W_P_UNKNOWN_COLUMN] = "nepoznat stupac: upišite naziv polja kao na "
                           "stranicama ili njegov kod",
    [W_P_FIELDS] = "redak nema onoliko polja koliko zaglavlje ima stupaca",
    [W_DELETE_WHAT] = "Zapis se briše na ovom čvoru i, nakon sljedeće "
                      "sinkronizacije, na svim čvorovima koji ga imaju; "
                      "ostaje u povijesti zapisa.",
    [W_ADD_CONSENT] = "Dodaj privolu",
    [W_E_CONSENT] = "traži aktivnu privolu",
    [W_E_PUBLIC] = "nije dopušteno za osobne podatke",
    [W_WITHDRAWN] = "Privola je povučena.",
    [W_ERASE_WHAT] = "Osoba i njezine privole brišu se na ovom čvoru i na "
                     "svakom čvoru koji ih je primio, zajedno sa starim "
                     "sadržajima; ostaje samo oznaka brisanja. Brisanje se "
                     "ne može poništiti i upisuje se u dnevnik pristupa.",
    [W_REPORT] = "Izvješće",
    [W_PER_CANTON] = "Prakse po županiji",
    [W_CANTON_USK] = "Unsko-sanska županija",
    [W_CANTON_PK] = "Županija Posavska",
    [W_CANTON_TK] = "Tuzlanska županija",
    [W_CANTON_ZDK] = "Zeničko-dobojska županija",
    [W_CANTON_BPK] = "Bosansko-podrinjska županija Goražde",
    [W_CANTON_SBK] = "Županija Središnja Bosna",
    [W_CANTON_HNK] = "Hercegovačko-neretvanska županija",
    [W_CANTON_ZHK] = "Županija Zapadnohercegovačka",
    [W_CANTON_KS] = "Sarajevska županija",
    [W_CANTON_K10] = "Hercegbosanska županija",
};

const char *web_word_hr(enum web_word w)
{
    const char *t = (size_t)w < W_COUNT_ ? croatian[w] : NULL;
    return t ? t : web_word(false, w);
}
