-- SPDX-License-Identifier: MIT
-- Local self-government units of Bosnia and Herzegovina: the municipalities
-- and cities of the Federation of BiH (79, by canton) and of Republika
-- Srpska (64), and Brčko District. Source: the official lists of the FBiH
-- and RS governments, status 2024 (city status as granted by entity law up
-- to the end of 2024: FBiH Novi Travnik, July 2024; RS Prnjavor, April 2023).
-- Grad Sarajevo is the one row beyond those 144 units: the two-tier city
-- above Centar, Novi Grad, Novo Sarajevo and Stari Grad. Grad Istočno
-- Sarajevo is itself one of the 64 RS units and sits above its six
-- municipalities. Where a name exists in both entities the RS unit's id gets
-- the suffix -rs; the FBiH parts of divided Foča and Pale use their double
-- names. name_cyr is the Serbian/Bosnian Cyrillic spelling.

-- The two-tier cities first: their members reference them.
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('sarajevo', 'Sarajevo', 'Сарајево', 'grad', 'FBiH', 'KS', NULL),
  ('istocno-sarajevo', 'Istočno Sarajevo', 'Источно Сарајево', 'grad', 'RS', NULL, NULL);

-- FBiH, USK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('bihac', 'Bihać', 'Бихаћ', 'grad', 'FBiH', 'USK', NULL),
  ('bosanska-krupa', 'Bosanska Krupa', 'Босанска Крупа', 'grad', 'FBiH', 'USK', NULL),
  ('bosanski-petrovac', 'Bosanski Petrovac', 'Босански Петровац', 'opcina', 'FBiH', 'USK', NULL),
  ('buzim', 'Bužim', 'Бужим', 'opcina', 'FBiH', 'USK', NULL),
  ('cazin', 'Cazin', 'Цазин', 'grad', 'FBiH', 'USK', NULL),
  ('kljuc', 'Ključ', 'Кључ', 'opcina', 'FBiH', 'USK', NULL),
  ('sanski-most', 'Sanski Most', 'Сански Мост', 'opcina', 'FBiH', 'USK', NULL),
  ('velika-kladusa', 'Velika Kladuša', 'Велика Кладуша', 'opcina', 'FBiH', 'USK', NULL);

-- FBiH, PK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('domaljevac-samac', 'Domaljevac-Šamac', 'Домаљевац-Шамац', 'opcina', 'FBiH', 'PK', NULL),
  ('odzak', 'Odžak', 'Оџак', 'opcina', 'FBiH', 'PK', NULL),
  ('orasje', 'Orašje', 'Орашје', 'grad', 'FBiH', 'PK', NULL);

-- FBiH, TK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('banovici', 'Banovići', 'Бановићи', 'opcina', 'FBiH', 'TK', NULL),
  ('celic', 'Čelić', 'Челић', 'opcina', 'FBiH', 'TK', NULL),
  ('doboj-istok', 'Doboj Istok', 'Добој Исток', 'opcina', 'FBiH', 'TK', NULL),
  ('gracanica', 'Gračanica', 'Грачаница', 'grad', 'FBiH', 'TK', NULL),
  ('gradacac', 'Gradačac', 'Градачац', 'grad', 'FBiH', 'TK', NULL),
  ('kalesija', 'Kalesija', 'Калесија', 'opcina', 'FBiH', 'TK', NULL),
  ('kladanj', 'Kladanj', 'Кладањ', 'opcina', 'FBiH', 'TK', NULL),
  ('lukavac', 'Lukavac', 'Лукавац', 'grad', 'FBiH', 'TK', NULL),
  ('sapna', 'Sapna', 'Сапна', 'opcina', 'FBiH', 'TK', NULL),
  ('srebrenik', 'Srebrenik', 'Сребреник', 'grad', 'FBiH', 'TK', NULL),
  ('teocak', 'Teočak', 'Теочак', 'opcina', 'FBiH', 'TK', NULL),
  ('tuzla', 'Tuzla', 'Тузла', 'grad', 'FBiH', 'TK', NULL),
  ('zivinice', 'Živinice', 'Живинице', 'grad', 'FBiH', 'TK', NULL);

-- FBiH, ZDK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('breza', 'Breza', 'Бреза', 'opcina', 'FBiH', 'ZDK', NULL),
  ('doboj-jug', 'Doboj Jug', 'Добој Југ', 'opcina', 'FBiH', 'ZDK', NULL),
  ('kakanj', 'Kakanj', 'Какањ', 'opcina', 'FBiH', 'ZDK', NULL),
  ('maglaj', 'Maglaj', 'Маглај', 'opcina', 'FBiH', 'ZDK', NULL),
  ('olovo', 'Olovo', 'Олово', 'opcina', 'FBiH', 'ZDK', NULL),
  ('tesanj', 'Tešanj', 'Тешањ', 'opcina', 'FBiH', 'ZDK', NULL),
  ('usora', 'Usora', 'Усора', 'opcina', 'FBiH', 'ZDK', NULL),
  ('vares', 'Vareš', 'Вареш', 'opcina', 'FBiH', 'ZDK', NULL),
  ('visoko', 'Visoko', 'Високо', 'grad', 'FBiH', 'ZDK', NULL),
  ('zavidovici', 'Zavidovići', 'Завидовићи', 'grad', 'FBiH', 'ZDK', NULL),
  ('zenica', 'Zenica', 'Зеница', 'grad', 'FBiH', 'ZDK', NULL),
  ('zepce', 'Žepče', 'Жепче', 'opcina', 'FBiH', 'ZDK', NULL);

-- FBiH, BPK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('foca-ustikolina', 'Foča-Ustikolina', 'Фоча-Устиколина', 'opcina', 'FBiH', 'BPK', NULL),
  ('gorazde', 'Goražde', 'Горажде', 'grad', 'FBiH', 'BPK', NULL),
  ('pale-praca', 'Pale-Prača', 'Пале-Прача', 'opcina', 'FBiH', 'BPK', NULL);

-- FBiH, SBK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('bugojno', 'Bugojno', 'Бугојно', 'opcina', 'FBiH', 'SBK', NULL),
  ('busovaca', 'Busovača', 'Бусовача', 'opcina', 'FBiH', 'SBK', NULL),
  ('dobretici', 'Dobretići', 'Добретићи', 'opcina', 'FBiH', 'SBK', NULL),
  ('donji-vakuf', 'Donji Vakuf', 'Доњи Вакуф', 'opcina', 'FBiH', 'SBK', NULL),
  ('fojnica', 'Fojnica', 'Фојница', 'opcina', 'FBiH', 'SBK', NULL),
  ('gornji-vakuf-uskoplje', 'Gornji Vakuf-Uskoplje', 'Горњи Вакуф-Ускопље', 'opcina', 'FBiH', 'SBK', NULL),
  ('jajce', 'Jajce', 'Јајце', 'opcina', 'FBiH', 'SBK', NULL),
  ('kiseljak', 'Kiseljak', 'Кисељак', 'opcina', 'FBiH', 'SBK', NULL),
  ('kresevo', 'Kreševo', 'Крешево', 'opcina', 'FBiH', 'SBK', NULL),
  ('novi-travnik', 'Novi Travnik', 'Нови Травник', 'grad', 'FBiH', 'SBK', NULL),
  ('travnik', 'Travnik', 'Травник', 'opcina', 'FBiH', 'SBK', NULL),
  ('vitez', 'Vitez', 'Витез', 'opcina', 'FBiH', 'SBK', NULL);

-- FBiH, HNK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('capljina', 'Čapljina', 'Чапљина', 'grad', 'FBiH', 'HNK', NULL),
  ('citluk', 'Čitluk', 'Читлук', 'opcina', 'FBiH', 'HNK', NULL),
  ('jablanica', 'Jablanica', 'Јабланица', 'opcina', 'FBiH', 'HNK', NULL),
  ('konjic', 'Konjic', 'Коњиц', 'grad', 'FBiH', 'HNK', NULL),
  ('mostar', 'Mostar', 'Мостар', 'grad', 'FBiH', 'HNK', NULL),
  ('neum', 'Neum', 'Неум', 'opcina', 'FBiH', 'HNK', NULL),
  ('prozor-rama', 'Prozor-Rama', 'Прозор-Рама', 'opcina', 'FBiH', 'HNK', NULL),
  ('ravno', 'Ravno', 'Равно', 'opcina', 'FBiH', 'HNK', NULL),
  ('stolac', 'Stolac', 'Столац', 'grad', 'FBiH', 'HNK', NULL);

-- FBiH, ZHK
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('grude', 'Grude', 'Груде', 'opcina', 'FBiH', 'ZHK', NULL),
  ('ljubuski', 'Ljubuški', 'Љубушки', 'grad', 'FBiH', 'ZHK', NULL),
  ('posusje', 'Posušje', 'Посушје', 'opcina', 'FBiH', 'ZHK', NULL),
  ('siroki-brijeg', 'Široki Brijeg', 'Широки Бријег', 'grad', 'FBiH', 'ZHK', NULL);

-- FBiH, KS
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('centar', 'Centar', 'Центар', 'opcina', 'FBiH', 'KS', 'sarajevo'),
  ('hadzici', 'Hadžići', 'Хаџићи', 'opcina', 'FBiH', 'KS', NULL),
  ('ilidza', 'Ilidža', 'Илиџа', 'opcina', 'FBiH', 'KS', NULL),
  ('ilijas', 'Ilijaš', 'Илијаш', 'opcina', 'FBiH', 'KS', NULL),
  ('novi-grad', 'Novi Grad', 'Нови Град', 'opcina', 'FBiH', 'KS', 'sarajevo'),
  ('novo-sarajevo', 'Novo Sarajevo', 'Ново Сарајево', 'opcina', 'FBiH', 'KS', 'sarajevo'),
  ('stari-grad', 'Stari Grad', 'Стари Град', 'opcina', 'FBiH', 'KS', 'sarajevo'),
  ('trnovo', 'Trnovo', 'Трново', 'opcina', 'FBiH', 'KS', NULL),
  ('vogosca', 'Vogošća', 'Вогошћа', 'opcina', 'FBiH', 'KS', NULL);

-- FBiH, K10
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('bosansko-grahovo', 'Bosansko Grahovo', 'Босанско Грахово', 'opcina', 'FBiH', 'K10', NULL),
  ('drvar', 'Drvar', 'Дрвар', 'opcina', 'FBiH', 'K10', NULL),
  ('glamoc', 'Glamoč', 'Гламоч', 'opcina', 'FBiH', 'K10', NULL),
  ('kupres', 'Kupres', 'Купрес', 'opcina', 'FBiH', 'K10', NULL),
  ('livno', 'Livno', 'Ливно', 'grad', 'FBiH', 'K10', NULL),
  ('tomislavgrad', 'Tomislavgrad', 'Томиславград', 'opcina', 'FBiH', 'K10', NULL);

-- Republika Srpska
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('banja-luka', 'Banja Luka', 'Бања Лука', 'grad', 'RS', NULL, NULL),
  ('berkovici', 'Berkovići', 'Берковићи', 'opstina', 'RS', NULL, NULL),
  ('bijeljina', 'Bijeljina', 'Бијељина', 'grad', 'RS', NULL, NULL),
  ('bileca', 'Bileća', 'Билећа', 'opstina', 'RS', NULL, NULL),
  ('bratunac', 'Bratunac', 'Братунац', 'opstina', 'RS', NULL, NULL),
  ('brod', 'Brod', 'Брод', 'opstina', 'RS', NULL, NULL),
  ('cajnice', 'Čajniče', 'Чајниче', 'opstina', 'RS', NULL, NULL),
  ('celinac', 'Čelinac', 'Челинац', 'opstina', 'RS', NULL, NULL),
  ('derventa', 'Derventa', 'Дервента', 'grad', 'RS', NULL, NULL),
  ('doboj', 'Doboj', 'Добој', 'grad', 'RS', NULL, NULL),
  ('donji-zabar', 'Donji Žabar', 'Доњи Жабар', 'opstina', 'RS', NULL, NULL),
  ('foca', 'Foča', 'Фоча', 'opstina', 'RS', NULL, NULL),
  ('gacko', 'Gacko', 'Гацко', 'opstina', 'RS', NULL, NULL),
  ('gradiska', 'Gradiška', 'Градишка', 'grad', 'RS', NULL, NULL),
  ('han-pijesak', 'Han Pijesak', 'Хан Пијесак', 'opstina', 'RS', NULL, NULL),
  ('istocna-ilidza', 'Istočna Ilidža', 'Источна Илиџа', 'opstina', 'RS', NULL, 'istocno-sarajevo'),
  ('istocni-drvar', 'Istočni Drvar', 'Источни Дрвар', 'opstina', 'RS', NULL, NULL),
  ('istocni-mostar', 'Istočni Mostar', 'Источни Мостар', 'opstina', 'RS', NULL, NULL),
  ('istocni-stari-grad', 'Istočni Stari Grad', 'Источни Стари Град', 'opstina', 'RS', NULL, 'istocno-sarajevo'),
  ('istocno-novo-sarajevo', 'Istočno Novo Sarajevo', 'Источно Ново Сарајево', 'opstina', 'RS', NULL, 'istocno-sarajevo'),
  ('jezero', 'Jezero', 'Језеро', 'opstina', 'RS', NULL, NULL),
  ('kalinovik', 'Kalinovik', 'Калиновик', 'opstina', 'RS', NULL, NULL),
  ('knezevo', 'Kneževo', 'Кнежево', 'opstina', 'RS', NULL, NULL),
  ('kostajnica', 'Kostajnica', 'Костајница', 'opstina', 'RS', NULL, NULL),
  ('kotor-varos', 'Kotor Varoš', 'Котор Варош', 'opstina', 'RS', NULL, NULL),
  ('kozarska-dubica', 'Kozarska Dubica', 'Козарска Дубица', 'opstina', 'RS', NULL, NULL),
  ('krupa-na-uni', 'Krupa na Uni', 'Крупа на Уни', 'opstina', 'RS', NULL, NULL),
  ('kupres-rs', 'Kupres', 'Купрес', 'opstina', 'RS', NULL, NULL),
  ('laktasi', 'Laktaši', 'Лакташи', 'grad', 'RS', NULL, NULL),
  ('lopare', 'Lopare', 'Лопаре', 'opstina', 'RS', NULL, NULL),
  ('ljubinje', 'Ljubinje', 'Љубиње', 'opstina', 'RS', NULL, NULL),
  ('milici', 'Milići', 'Милићи', 'opstina', 'RS', NULL, NULL),
  ('modrica', 'Modriča', 'Модрича', 'opstina', 'RS', NULL, NULL),
  ('mrkonjic-grad', 'Mrkonjić Grad', 'Мркоњић Град', 'opstina', 'RS', NULL, NULL),
  ('nevesinje', 'Nevesinje', 'Невесиње', 'opstina', 'RS', NULL, NULL),
  ('novi-grad-rs', 'Novi Grad', 'Нови Град', 'opstina', 'RS', NULL, NULL),
  ('novo-gorazde', 'Novo Goražde', 'Ново Горажде', 'opstina', 'RS', NULL, NULL),
  ('osmaci', 'Osmaci', 'Осмаци', 'opstina', 'RS', NULL, NULL),
  ('ostra-luka', 'Oštra Luka', 'Оштра Лука', 'opstina', 'RS', NULL, NULL),
  ('pale', 'Pale', 'Пале', 'opstina', 'RS', NULL, 'istocno-sarajevo'),
  ('pelagicevo', 'Pelagićevo', 'Пелагићево', 'opstina', 'RS', NULL, NULL),
  ('petrovac', 'Petrovac', 'Петровац', 'opstina', 'RS', NULL, NULL),
  ('petrovo', 'Petrovo', 'Петрово', 'opstina', 'RS', NULL, NULL),
  ('prijedor', 'Prijedor', 'Приједор', 'grad', 'RS', NULL, NULL),
  ('prnjavor', 'Prnjavor', 'Прњавор', 'grad', 'RS', NULL, NULL),
  ('ribnik', 'Ribnik', 'Рибник', 'opstina', 'RS', NULL, NULL),
  ('rogatica', 'Rogatica', 'Рогатица', 'opstina', 'RS', NULL, NULL),
  ('rudo', 'Rudo', 'Рудо', 'opstina', 'RS', NULL, NULL),
  ('sokolac', 'Sokolac', 'Соколац', 'opstina', 'RS', NULL, 'istocno-sarajevo'),
  ('srbac', 'Srbac', 'Србац', 'opstina', 'RS', NULL, NULL),
  ('srebrenica', 'Srebrenica', 'Сребреница', 'opstina', 'RS', NULL, NULL),
  ('stanari', 'Stanari', 'Станари', 'opstina', 'RS', NULL, NULL),
  ('samac', 'Šamac', 'Шамац', 'opstina', 'RS', NULL, NULL),
  ('sekovici', 'Šekovići', 'Шековићи', 'opstina', 'RS', NULL, NULL),
  ('sipovo', 'Šipovo', 'Шипово', 'opstina', 'RS', NULL, NULL),
  ('teslic', 'Teslić', 'Теслић', 'opstina', 'RS', NULL, NULL),
  ('trebinje', 'Trebinje', 'Требиње', 'grad', 'RS', NULL, NULL),
  ('trnovo-rs', 'Trnovo', 'Трново', 'opstina', 'RS', NULL, 'istocno-sarajevo'),
  ('ugljevik', 'Ugljevik', 'Угљевик', 'opstina', 'RS', NULL, NULL),
  ('visegrad', 'Višegrad', 'Вишеград', 'opstina', 'RS', NULL, NULL),
  ('vlasenica', 'Vlasenica', 'Власеница', 'opstina', 'RS', NULL, NULL),
  ('vukosavlje', 'Vukosavlje', 'Вукосавље', 'opstina', 'RS', NULL, NULL),
  ('zvornik', 'Zvornik', 'Зворник', 'grad', 'RS', NULL, NULL);

-- Brčko District
INSERT INTO lsg_unit (id, name_lat, name_cyr, kind, entity, canton, parent) VALUES
  ('brcko', 'Brčko distrikt BiH', 'Брчко дистрикт БиХ', 'distrikt', 'BD', NULL, NULL);
