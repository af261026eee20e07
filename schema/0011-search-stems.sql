-- SPDX-License-Identifier: MIT
-- Search by stems (docs/ARCHITECTURE.md "Search"): the tokenizer now
-- adds each word's stem key beside the word, so the indexes are made
-- again and catch up from the whole log (search_n dropped). Each index
-- gets a vocabulary table (fts5vocab), where a query word with no match
-- looks for words within a small edit distance. More synonym groups,
-- matched by stem, so every inflected form of a synonym counts.

DROP TABLE practice_fts;
CREATE VIRTUAL TABLE practice_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE practice_vocab USING fts5vocab (practice_fts, 'row');
DROP TABLE person_fts;
CREATE VIRTUAL TABLE person_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE person_vocab USING fts5vocab (person_fts, 'row');
DROP TABLE organisation_fts;
CREATE VIRTUAL TABLE organisation_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE organisation_vocab USING fts5vocab (organisation_fts, 'row');
DROP TABLE service_fts;
CREATE VIRTUAL TABLE service_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE service_vocab USING fts5vocab (service_fts, 'row');
DROP TABLE event_fts;
CREATE VIRTUAL TABLE event_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE event_vocab USING fts5vocab (event_fts, 'row');
DROP TABLE need_fts;
CREATE VIRTUAL TABLE need_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE need_vocab USING fts5vocab (need_fts, 'row');
DELETE FROM node_meta WHERE k = 'search_n';

-- One meaning per group, as people write it; the program folds and stems
-- each term. Croatian, Bosnian and Serbian words side by side, Cyrillic
-- where it differs from the Latin by more than the script.
INSERT INTO search_synonym (grp, term) VALUES
  (1, 'општина'), (1, 'općinski'), (1, 'opštinski'), (1, 'општински'),
  (4, 'emigracija'), (4, 'емиграција'), (4, 'iseljenik'), (4, 'исељеник'),
  (11, 'ured'), (11, 'kancelarija'), (11, 'канцеларија'), (11, 'биро'),
  (11, 'biro'),
  (12, 'obitelj'), (12, 'porodica'), (12, 'породица'),
  (13, 'financiranje'), (13, 'finansiranje'), (13, 'финансирање'),
  (14, 'ulagač'), (14, 'investitor'), (14, 'инвеститор'),
  (15, 'tjedan'), (15, 'sedmica'), (15, 'седмица'),
  (16, 'kruh'), (16, 'hljeb'), (16, 'хљеб'),
  (17, 'sveučilište'), (17, 'univerzitet'), (17, 'универзитет'),
  (18, 'znanost'), (18, 'nauka'), (18, 'наука'),
  (19, 'obuka'), (19, 'izobrazba'), (19, 'trening'), (19, 'обука'),
  (20, 'tisuća'), (20, 'hiljada'), (20, 'хиљада'),
  (21, 'glazba'), (21, 'muzika'), (21, 'музика'),
  (22, 'povijest'), (22, 'historija'), (22, 'istorija'), (22, 'историја'),
  (23, 'vlak'), (23, 'voz'), (23, 'воз'),
  (24, 'poduzeće'), (24, 'preduzeće'), (24, 'предузеће'), (24, 'firma'),
  (24, 'tvrtka'),
  (25, 'poduzetnik'), (25, 'preduzetnik'), (25, 'предузетник'),
  (25, 'poduzetništvo'), (25, 'preduzetništvo'), (25, 'предузетништво'),
  (26, 'tajnik'), (26, 'sekretar'), (26, 'секретар'),
  (27, 'ravnatelj'), (27, 'direktor'), (27, 'директор'),
  (28, 'gospodarstvo'), (28, 'privreda'), (28, 'привреда'),
  (29, 'promet'), (29, 'saobraćaj'), (29, 'саобраћај'),
  (30, 'zrak'), (30, 'vazduh'), (30, 'ваздух'),
  (31, 'tvornica'), (31, 'fabrika'), (31, 'фабрика'),
  (32, 'kazalište'), (32, 'pozorište'), (32, 'позориште'),
  (33, 'knjižnica'), (33, 'biblioteka'), (33, 'библиотека'),
  (34, 'mladež'), (34, 'omladina'), (34, 'омладина'),
  (35, 'potpora'), (35, 'podrška'), (35, 'подршка'),
  (36, 'natječaj'), (36, 'konkurs'), (36, 'конкурс'),
  (37, 'proračun'), (37, 'budžet'), (37, 'буџет'),
  (38, 'sudjelovanje'), (38, 'učešće'), (38, 'учешће'),
  (39, 'ljekarna'), (39, 'apoteka'), (39, 'апотека'),
  (40, 'suradnik'), (40, 'saradnik'), (40, 'сарадник'),
  (41, 'zaklada'), (41, 'fondacija'), (41, 'фондација'),
  (42, 'tajništvo'), (42, 'sekretarijat'), (42, 'секретаријат'),
  (44, 'računalo'), (44, 'kompjuter'), (44, 'računar'), (44, 'рачунар'),
  (45, 'mirovina'), (45, 'penzija'), (45, 'пензија'),
  (46, 'umirovljenik'), (46, 'penzioner'), (46, 'пензионер'),
  (48, 'izvješće'), (48, 'izvještaj'), (48, 'извјештај'),
  (51, 'otpad'), (51, 'smeće'), (51, 'отпад'),
  (52, 'volonter'), (52, 'dobrovoljac'), (52, 'волонтер'),
  (53, 'Beograd'), (53, 'Београд'), (53, 'Belgrade'),
  (54, 'Švedska'), (54, 'Шведска'), (54, 'Sweden'), (54, 'Schweden'),
  (55, 'Austrija'), (55, 'Аустрија'), (55, 'Österreich'), (55, 'Austria');
