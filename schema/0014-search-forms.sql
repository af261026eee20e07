-- SPDX-License-Identifier: MIT
-- Search, more word forms (docs/ARCHITECTURE.md "Search"): the stem rules
-- now take the fleeting a before n and r (tjedan, tjedna; centar,
-- centra), the loss of voice before c and k (Srbac, Srpca) and l to o
-- (čitalac, čitaoca), so the indexes are made again and catch up from
-- the whole log (search_n dropped). More synonym groups: the words the
-- three standards say differently, months, and the adjectives of the
-- nouns already grouped (a stem does not join an adjective to its noun).

DROP TABLE practice_vocab;
DROP TABLE practice_fts;
CREATE VIRTUAL TABLE practice_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE practice_vocab USING fts5vocab (practice_fts, 'row');
DROP TABLE person_vocab;
DROP TABLE person_fts;
CREATE VIRTUAL TABLE person_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE person_vocab USING fts5vocab (person_fts, 'row');
DROP TABLE organisation_vocab;
DROP TABLE organisation_fts;
CREATE VIRTUAL TABLE organisation_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE organisation_vocab USING fts5vocab (organisation_fts, 'row');
DROP TABLE service_vocab;
DROP TABLE service_fts;
CREATE VIRTUAL TABLE service_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE service_vocab USING fts5vocab (service_fts, 'row');
DROP TABLE event_vocab;
DROP TABLE event_fts;
CREATE VIRTUAL TABLE event_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE event_vocab USING fts5vocab (event_fts, 'row');
DROP TABLE need_vocab;
DROP TABLE need_fts;
CREATE VIRTUAL TABLE need_fts USING fts5 (title, body, tokenize = 'spona');
CREATE VIRTUAL TABLE need_vocab USING fts5vocab (need_fts, 'row');
DELETE FROM node_meta WHERE k = 'search_n';

-- One meaning per group, as people write it; the program folds and stems
-- each term (ijekavian and ekavian forms meet by stem, so one is enough).
INSERT INTO search_synonym (grp, term) VALUES
  (15, 'nedelja'), (15, 'недеља'),
  (56, 'kolodvor'), (56, 'stanica'), (56, 'станица'),
  (57, 'zrakoplov'), (57, 'avion'), (57, 'авион'),
  (58, 'inozemstvo'), (58, 'inostranstvo'), (58, 'иностранство'),
  (59, 'tržnica'), (59, 'pijaca'), (59, 'пијаца'),
  (60, 'poticaj'), (60, 'podsticaj'), (60, 'подстицај'),
  (61, 'putovnica'), (61, 'pasoš'), (61, 'пасош'),
  (62, 'veleposlanstvo'), (62, 'ambasada'), (62, 'амбасада'),
  (63, 'uvjet'), (63, 'uslov'), (63, 'услов'),
  (64, 'sigurnost'), (64, 'bezbjednost'), (64, 'безбједност'),
  (65, 'plaća'), (65, 'plata'), (65, 'плата'),
  (66, 'kemija'), (66, 'hemija'), (66, 'хемија'),
  (67, 'sudac'), (67, 'sudija'), (67, 'судија'),
  (68, 'liječnik'), (68, 'ljekar'), (68, 'doktor'), (68, 'љекар'),
  (69, 'nogomet'), (69, 'fudbal'), (69, 'фудбал'),
  (70, 'zapošljavanje'), (70, 'upošljavanje'), (70, 'запошљавање'),
  (71, 'vrtić'), (71, 'obdanište'), (71, 'вртић'),
  (72, 'odgoj'), (72, 'vaspitanje'), (72, 'васпитање'),
  (73, 'tisak'), (73, 'štampa'), (73, 'штампа'),
  (74, 'kat'), (74, 'sprat'), (74, 'спрат'),
  (75, 'zemljopis'), (75, 'geografija'), (75, 'географија'),
  (76, 'glasovanje'), (76, 'glasanje'), (76, 'гласање'),
  (77, 'obavijest'), (77, 'obavještenje'), (77, 'обавјештење'),
  (78, 'priopćenje'), (78, 'saopćenje'), (78, 'saopštenje'),
  (78, 'саопштење'),
  (79, 'financije'), (79, 'finansije'), (79, 'финансије'),
  (80, 'cesta'), (80, 'put'), (80, 'пут'),
  (81, 'autocesta'), (81, 'autoput'), (81, 'аутопут'),
  (82, 'opskrba'), (82, 'snabdijevanje'), (82, 'снабдијевање'),
  (83, 'prehrana'), (83, 'ishrana'), (83, 'исхрана'),
  (84, 'obrt'), (84, 'zanat'), (84, 'занат'),
  (85, 'obrtnik'), (85, 'zanatlija'), (85, 'занатлија'),
  (86, 'kino'), (86, 'bioskop'), (86, 'биоскоп'),
  (87, 'bolesnik'), (87, 'pacijent'), (87, 'пацијент'),
  (88, 'znanstvenik'), (88, 'naučnik'), (88, 'научник'),
  (89, 'točka'), (89, 'tačka'), (89, 'тачка'),
  (90, 'pristojba'), (90, 'taksa'), (90, 'такса'),
  (91, 'osobni'), (91, 'lični'), (91, 'лични'),
  (92, 'opći'), (92, 'opšti'), (92, 'општи'),
  (94, 'Evropa'), (94, 'Europa'), (94, 'Европа'),
  (95, 'evropski'), (95, 'europski'), (95, 'европски'),
  (96, 'Nizozemska'), (96, 'Holandija'), (96, 'Холандија'),
  (97, 'okoliš'), (97, 'okolina'), (97, 'околина'),
  (98, 'kava'), (98, 'kafa'), (98, 'кафа'),
  (99, 'županija'), (99, 'kanton'), (99, 'кантон'),
  (112, 'sufinanciranje'), (112, 'sufinansiranje'), (112, 'суфинансирање'),
  (113, 'ulaganje'), (113, 'investicija'), (113, 'инвестиција'),
  (114, 'baština'), (114, 'naslijeđe'), (114, 'наслијеђе'),
  (115, 'stoljeće'), (115, 'vijek'), (115, 'вијек'),
  (116, 'mobitel'), (116, 'mobilni'), (116, 'мобилни'),
  -- months: Croatian, then Bosnian and Serbian
  (100, 'siječanj'), (100, 'januar'), (100, 'јануар'),
  (101, 'veljača'), (101, 'februar'), (101, 'фебруар'),
  (102, 'ožujak'), (102, 'mart'), (102, 'март'),
  (103, 'travanj'), (103, 'april'), (103, 'април'),
  (104, 'svibanj'), (104, 'maj'), (104, 'мај'),
  (105, 'lipanj'), (105, 'juni'), (105, 'jun'), (105, 'јун'),
  (106, 'srpanj'), (106, 'juli'), (106, 'jul'), (106, 'јул'),
  (107, 'kolovoz'), (107, 'avgust'), (107, 'august'), (107, 'август'),
  (108, 'rujan'), (108, 'septembar'), (108, 'септембар'),
  (109, 'listopad'), (109, 'oktobar'), (109, 'октобар'),
  (110, 'studeni'), (110, 'novembar'), (110, 'новембар'),
  (111, 'prosinac'), (111, 'decembar'), (111, 'децембар'),
  -- adjectives of grouped nouns
  (121, 'obiteljski'), (121, 'porodični'), (121, 'породични'),
  (122, 'sveučilišni'), (122, 'univerzitetski'), (122, 'универзитетски'),
  (123, 'glazbeni'), (123, 'muzički'), (123, 'музички'),
  (124, 'povijesni'), (124, 'historijski'), (124, 'istorijski'),
  (124, 'историјски'),
  (125, 'računalni'), (125, 'računarski'), (125, 'рачунарски'),
  (126, 'gospodarski'), (126, 'privredni'), (126, 'привредни'),
  (127, 'znanstveni'), (127, 'naučni'), (127, 'научни'),
  (128, 'kazališni'), (128, 'pozorišni'), (128, 'позоришни'),
  (129, 'zrakoplovni'), (129, 'avionski'), (129, 'авионски'),
  (130, 'financijski'), (130, 'finansijski'), (130, 'финансијски'),
  (131, 'inozemni'), (131, 'inostrani'), (131, 'инострани'),
  (132, 'tjedni'), (132, 'sedmični'), (132, 'nedeljni'), (132, 'недељни'),
  (133, 'iseljenički'), (133, 'dijasporski'), (133, 'исељенички');
