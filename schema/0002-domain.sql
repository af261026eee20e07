-- SPDX-License-Identifier: MIT
-- The domain records of DOMAIN.md: enumerations with their labels, the
-- tables, and each field described in meta_field (type, limit, required,
-- local-only). meta_field is what the program validates against and the
-- allow-list of identifiers its SQL may use; a test checks that it and the
-- tables below agree. Enum columns also carry a CHECK as a last guard,
-- written as comparisons: an IN list would build a temporary index on
-- every insert.

-- scope
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('scope', 'local', 'Samo ovaj čvor', 'This node only', 0),
  ('scope', 'hub', 'Čvorište', 'Hub', 1),
  ('scope', 'network', 'Cijela mreža', 'Whole network', 2),
  ('scope', 'public', 'Javno', 'Public', 3);

-- currency
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('currency', 'BAM', 'KM', 'BAM', 0),
  ('currency', 'EUR', 'EUR', 'EUR', 1),
  ('currency', 'CHF', 'CHF', 'CHF', 2);

-- practice_status
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('practice_status', 'idea', 'Ideja', 'Idea', 0),
  ('practice_status', 'pilot', 'Pilot', 'Pilot', 1),
  ('practice_status', 'implemented', 'Provedeno', 'Implemented', 2),
  ('practice_status', 'ongoing', 'U toku', 'Ongoing', 3),
  ('practice_status', 'completed', 'Završeno', 'Completed', 4),
  ('practice_status', 'discontinued', 'Obustavljeno', 'Discontinued', 5);

-- evidence_level
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('evidence_level', 'self_reported', 'Samoprocjena', 'Self-reported', 0),
  ('evidence_level', 'documented', 'Dokumentovano', 'Documented', 1),
  ('evidence_level', 'externally_evaluated', 'Vanjska evaluacija', 'Externally evaluated', 2),
  ('evidence_level', 'awarded', 'Nagrađeno', 'Awarded', 3);

-- transferability
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('transferability', 'low', 'Niska', 'Low', 0),
  ('transferability', 'medium', 'Srednja', 'Medium', 1),
  ('transferability', 'high', 'Visoka', 'High', 2);

-- diaspora_role
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('diaspora_role', 'none', 'Bez uloge', 'None', 0),
  ('diaspora_role', 'beneficiary', 'Korisnik', 'Beneficiary', 1),
  ('diaspora_role', 'participant', 'Učesnik', 'Participant', 2),
  ('diaspora_role', 'co_funder', 'Sufinansijer', 'Co-funder', 3),
  ('diaspora_role', 'investor', 'Investitor', 'Investor', 4),
  ('diaspora_role', 'expert', 'Stručnjak', 'Expert', 5),
  ('diaspora_role', 'initiator', 'Inicijator', 'Initiator', 6),
  ('diaspora_role', 'partner_org', 'Partnerska organizacija', 'Partner organisation', 7);

-- review_status
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('review_status', 'draft', 'Nacrt', 'Draft', 0),
  ('review_status', 'submitted', 'Podneseno', 'Submitted', 1),
  ('review_status', 'validated', 'Potvrđeno', 'Validated', 2),
  ('review_status', 'published', 'Objavljeno', 'Published', 3);

-- sector
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('sector', 'ECO', 'Ekonomski razvoj', 'Economic development', 0),
  ('sector', 'ECO.investment', 'Investicije', 'Investment', 1),
  ('sector', 'ECO.agriculture', 'Poljoprivreda', 'Agriculture', 2),
  ('sector', 'ECO.tourism', 'Turizam', 'Tourism', 3),
  ('sector', 'ECO.employment', 'Zapošljavanje', 'Employment', 4),
  ('sector', 'ECO.entrepreneurship', 'Poduzetništvo', 'Entrepreneurship', 5),
  ('sector', 'SOC', 'Društveni razvoj', 'Social development', 6),
  ('sector', 'SOC.education', 'Obrazovanje', 'Education', 7),
  ('sector', 'SOC.health', 'Zdravstvo', 'Health', 8),
  ('sector', 'SOC.social_protection', 'Socijalna zaštita', 'Social protection', 9),
  ('sector', 'SOC.youth', 'Mladi', 'Youth', 10),
  ('sector', 'SOC.culture_sport', 'Kultura i sport', 'Culture and sport', 11),
  ('sector', 'ENV', 'Okoliš i infrastruktura', 'Environment and infrastructure', 12),
  ('sector', 'ENV.environment', 'Okoliš', 'Environment', 13),
  ('sector', 'ENV.infrastructure', 'Infrastruktura', 'Infrastructure', 14),
  ('sector', 'GOV', 'Upravljanje i javne usluge', 'Governance and public services', 15),
  ('sector', 'GOV.e_services', 'E-usluge', 'E-services', 16),
  ('sector', 'GOV.transparency', 'Transparentnost', 'Transparency', 17),
  ('sector', 'GOV.finance', 'Općinske finansije', 'Municipal finance', 18),
  ('sector', 'GOV.capacity', 'Administrativni kapaciteti', 'Administrative capacity', 19),
  ('sector', 'DIA', 'Dijaspora i migracije', 'Diaspora and migration', 20),
  ('sector', 'DIA.services', 'Usluge za dijasporu', 'Services to the diaspora', 21),
  ('sector', 'DIA.information', 'Informisanje na maternjem jeziku', 'Information in the mother tongue', 22),
  ('sector', 'DIA.mother_tongue', 'Dopunska nastava na maternjem jeziku', 'Mother-tongue education abroad', 23),
  ('sector', 'DIA.identity_culture', 'Identitet i kultura', 'Identity and culture', 24),
  ('sector', 'DIA.associations', 'Udruženja dijaspore', 'Diaspora associations', 25),
  ('sector', 'DIA.representation', 'Zastupanje interesa dijaspore', 'Representing diaspora interests', 26),
  ('sector', 'DIA.investment', 'Investicije dijaspore', 'Diaspora investment', 27),
  ('sector', 'DIA.knowledge_transfer', 'Transfer znanja', 'Knowledge transfer', 28),
  ('sector', 'DIA.mapping', 'Mapiranje i registri', 'Mapping and registers', 29),
  ('sector', 'DIA.return', 'Povratak', 'Return', 30),
  ('sector', 'DIA.planning', 'Migracije u strateškom planiranju', 'Migration in strategic planning', 31);

-- lang
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('lang', 'bs', 'bosanski', 'Bosnian', 0),
  ('lang', 'hr', 'hrvatski', 'Croatian', 1),
  ('lang', 'sr', 'srpski', 'Serbian', 2),
  ('lang', 'en', 'engleski', 'English', 3),
  ('lang', 'de', 'njemački', 'German', 4),
  ('lang', 'fr', 'francuski', 'French', 5),
  ('lang', 'it', 'italijanski', 'Italian', 6),
  ('lang', 'sv', 'švedski', 'Swedish', 7),
  ('lang', 'nl', 'holandski', 'Dutch', 8),
  ('lang', 'da', 'danski', 'Danish', 9),
  ('lang', 'no', 'norveški', 'Norwegian', 10),
  ('lang', 'sl', 'slovenački', 'Slovenian', 11),
  ('lang', 'tr', 'turski', 'Turkish', 12),
  ('lang', 'es', 'španski', 'Spanish', 13);

-- script
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('script', 'latin', 'latinica', 'Latin', 0),
  ('script', 'cyrillic', 'ćirilica', 'Cyrillic', 1);

-- interest
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('interest', 'investment', 'Investicije', 'Investment', 0),
  ('interest', 'knowledge_transfer', 'Transfer znanja', 'Knowledge transfer', 1),
  ('interest', 'culture', 'Kultura', 'Culture', 2),
  ('interest', 'education', 'Obrazovanje', 'Education', 3),
  ('interest', 'business', 'Poslovanje', 'Business', 4),
  ('interest', 'humanitarian', 'Humanitarni rad', 'Humanitarian work', 5),
  ('interest', 'return', 'Povratak', 'Return', 6),
  ('interest', 'keep_informed', 'Informisanje', 'Keep informed', 7),
  ('interest', 'volunteering', 'Volontiranje', 'Volunteering', 8),
  ('interest', 'tourism', 'Turizam', 'Tourism', 9);

-- person_source
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('person_source', 'office_visit', 'Posjeta uredu', 'Office visit', 0),
  ('person_source', 'event', 'Događaj', 'Event', 1),
  ('person_source', 'survey', 'Anketa', 'Survey', 2),
  ('person_source', 'association', 'Udruženje', 'Association', 3),
  ('person_source', 'referral', 'Preporuka', 'Referral', 4),
  ('person_source', 'web_form', 'Web obrazac', 'Web form', 5),
  ('person_source', 'other', 'Drugo', 'Other', 6);

-- consent_purpose
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('consent_purpose', 'share_hub', 'Dijeljenje u čvorištu', 'Sharing within the hub', 0),
  ('consent_purpose', 'share_network', 'Dijeljenje u mreži', 'Sharing across the network', 1),
  ('consent_purpose', 'newsletter', 'Bilten', 'Newsletter', 2),
  ('consent_purpose', 'investment_matching', 'Povezivanje za investicije', 'Investment matching', 3),
  ('consent_purpose', 'knowledge_transfer_matching', 'Povezivanje za transfer znanja', 'Knowledge-transfer matching', 4);

-- consent_method
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('consent_method', 'web_form', 'Web obrazac', 'Web form', 0),
  ('consent_method', 'signed_paper', 'Potpisani obrazac', 'Signed paper', 1),
  ('consent_method', 'email', 'E-mail', 'E-mail', 2),
  ('consent_method', 'in_person', 'Lično', 'In person', 3);

-- org_type
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('org_type', 'cultural_club', 'Kulturno društvo', 'Cultural club', 0),
  ('org_type', 'sport', 'Sportski klub', 'Sport club', 1),
  ('org_type', 'business_network', 'Poslovna mreža', 'Business network', 2),
  ('org_type', 'professional', 'Stručno ili naučno udruženje', 'Professional or scientific', 3),
  ('org_type', 'student', 'Studentsko udruženje', 'Student association', 4),
  ('org_type', 'humanitarian', 'Humanitarna organizacija', 'Humanitarian', 5),
  ('org_type', 'supplementary_school', 'Dopunska škola', 'Supplementary school', 6),
  ('org_type', 'umbrella', 'Krovna organizacija', 'Umbrella organisation', 7),
  ('org_type', 'media', 'Mediji', 'Media', 8),
  ('org_type', 'other', 'Drugo', 'Other', 9);

-- coop_status
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('coop_status', 'none', 'Bez saradnje', 'None', 0),
  ('coop_status', 'contacted', 'Uspostavljen kontakt', 'Contacted', 1),
  ('coop_status', 'active', 'Aktivna saradnja', 'Active', 2),
  ('coop_status', 'partner', 'Partner', 'Partner', 3),
  ('coop_status', 'inactive', 'Neaktivno', 'Inactive', 4);

-- service_category
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('service_category', 'focal_point', 'Kontakt osoba za dijasporu', 'Focal-point office', 0),
  ('service_category', 'info_desk', 'Info pult', 'Info desk', 1),
  ('service_category', 'online_request', 'Online zahtjevi', 'Online requests', 2),
  ('service_category', 'investor_guide', 'Vodič za investitore', 'Investor guide', 3),
  ('service_category', 'one_stop_shop', 'Jedinstveni šalter', 'One-stop shop', 4),
  ('service_category', 'language_culture', 'Jezik i kultura', 'Language and culture', 5),
  ('service_category', 'event', 'Događaji', 'Events', 6),
  ('service_category', 'grant_fund', 'Fond za grantove', 'Grant fund', 7);

-- channel
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('channel', 'in_person', 'Lično', 'In person', 0),
  ('channel', 'phone', 'Telefon', 'Phone', 1),
  ('channel', 'email', 'E-mail', 'E-mail', 2),
  ('channel', 'web', 'Web', 'Web', 3),
  ('channel', 'social_media', 'Društvene mreže', 'Social media', 4),
  ('channel', 'post', 'Pošta', 'Post', 5);

-- event_kind
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('event_kind', 'diaspora_days', 'Dani dijaspore', 'Diaspora Days', 0),
  ('event_kind', 'business_forum', 'Poslovni forum', 'Business forum', 1),
  ('event_kind', 'training', 'Obuka', 'Training', 2),
  ('event_kind', 'cultural', 'Kulturni događaj', 'Cultural event', 3),
  ('event_kind', 'conference', 'Konferencija', 'Conference', 4),
  ('event_kind', 'other', 'Drugo', 'Other', 5);

-- need_category
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('need_category', 'documents', 'Dokumenti', 'Documents', 0),
  ('need_category', 'citizenship', 'Državljanstvo', 'Citizenship', 1),
  ('need_category', 'property', 'Imovina', 'Property', 2),
  ('need_category', 'pension', 'Penzija', 'Pension', 3),
  ('need_category', 'investment_info', 'Informacije o investiranju', 'Investment information', 4),
  ('need_category', 'mother_tongue_education', 'Nastava na maternjem jeziku', 'Mother-tongue education', 5),
  ('need_category', 'health', 'Zdravstvo', 'Health', 6),
  ('need_category', 'employment', 'Zapošljavanje', 'Employment', 7),
  ('need_category', 'return', 'Povratak', 'Return', 8),
  ('need_category', 'other', 'Drugo', 'Other', 9);

-- need_source
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('need_source', 'survey', 'Anketa', 'Survey', 0),
  ('need_source', 'office_visit', 'Posjeta uredu', 'Office visit', 1),
  ('need_source', 'online_form', 'Online obrazac', 'Online form', 2),
  ('need_source', 'other', 'Drugo', 'Other', 3);

-- country
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('country', 'AD', 'Andorra', 'Andorra', 0),
  ('country', 'AE', 'United Arab Emirates', 'United Arab Emirates', 1),
  ('country', 'AF', 'Afghanistan', 'Afghanistan', 2),
  ('country', 'AG', 'Antigua and Barbuda', 'Antigua and Barbuda', 3),
  ('country', 'AI', 'Anguilla', 'Anguilla', 4),
  ('country', 'AL', 'Albania', 'Albania', 5),
  ('country', 'AM', 'Armenia', 'Armenia', 6),
  ('country', 'AO', 'Angola', 'Angola', 7),
  ('country', 'AQ', 'Antarctica', 'Antarctica', 8),
  ('country', 'AR', 'Argentina', 'Argentina', 9),
  ('country', 'AS', 'American Samoa', 'American Samoa', 10),
  ('country', 'AT', 'Austrija', 'Austria', 11),
  ('country', 'AU', 'Australija', 'Australia', 12),
  ('country', 'AW', 'Aruba', 'Aruba', 13),
  ('country', 'AX', 'Åland Islands', 'Åland Islands', 14),
  ('country', 'AZ', 'Azerbaijan', 'Azerbaijan', 15),
  ('country', 'BA', 'Bosna i Hercegovina', 'Bosnia and Herzegovina', 16),
  ('country', 'BB', 'Barbados', 'Barbados', 17),
  ('country', 'BD', 'Bangladesh', 'Bangladesh', 18),
  ('country', 'BE', 'Belgija', 'Belgium', 19),
  ('country', 'BF', 'Burkina Faso', 'Burkina Faso', 20),
  ('country', 'BG', 'Bulgaria', 'Bulgaria', 21),
  ('country', 'BH', 'Bahrain', 'Bahrain', 22),
  ('country', 'BI', 'Burundi', 'Burundi', 23),
  ('country', 'BJ', 'Benin', 'Benin', 24),
  ('country', 'BL', 'Saint Barthélemy', 'Saint Barthélemy', 25),
  ('country', 'BM', 'Bermuda', 'Bermuda', 26),
  ('country', 'BN', 'Brunei Darussalam', 'Brunei Darussalam', 27),
  ('country', 'BO', 'Bolivia', 'Bolivia', 28),
  ('country', 'BQ', 'Bonaire, Sint Eustatius and Saba', 'Bonaire, Sint Eustatius and Saba', 29),
  ('country', 'BR', 'Brazil', 'Brazil', 30),
  ('country', 'BS', 'Bahamas', 'Bahamas', 31),
  ('country', 'BT', 'Bhutan', 'Bhutan', 32),
  ('country', 'BV', 'Bouvet Island', 'Bouvet Island', 33),
  ('country', 'BW', 'Botswana', 'Botswana', 34),
  ('country', 'BY', 'Belarus', 'Belarus', 35),
  ('country', 'BZ', 'Belize', 'Belize', 36),
  ('country', 'CA', 'Kanada', 'Canada', 37),
  ('country', 'CC', 'Cocos (Keeling) Islands', 'Cocos (Keeling) Islands', 38),
  ('country', 'CD', 'Congo, The Democratic Republic of the', 'Congo, The Democratic Republic of the', 39),
  ('country', 'CF', 'Central African Republic', 'Central African Republic', 40),
  ('country', 'CG', 'Congo', 'Congo', 41),
  ('country', 'CH', 'Švicarska', 'Switzerland', 42),
  ('country', 'CI', 'Côte d''Ivoire', 'Côte d''Ivoire', 43),
  ('country', 'CK', 'Cook Islands', 'Cook Islands', 44),
  ('country', 'CL', 'Chile', 'Chile', 45),
  ('country', 'CM', 'Cameroon', 'Cameroon', 46),
  ('country', 'CN', 'China', 'China', 47),
  ('country', 'CO', 'Colombia', 'Colombia', 48),
  ('country', 'CR', 'Costa Rica', 'Costa Rica', 49),
  ('country', 'CU', 'Cuba', 'Cuba', 50),
  ('country', 'CV', 'Cabo Verde', 'Cabo Verde', 51),
  ('country', 'CW', 'Curaçao', 'Curaçao', 52),
  ('country', 'CX', 'Christmas Island', 'Christmas Island', 53),
  ('country', 'CY', 'Cyprus', 'Cyprus', 54),
  ('country', 'CZ', 'Czechia', 'Czechia', 55),
  ('country', 'DE', 'Njemačka', 'Germany', 56),
  ('country', 'DJ', 'Djibouti', 'Djibouti', 57),
  ('country', 'DK', 'Danska', 'Denmark', 58),
  ('country', 'DM', 'Dominica', 'Dominica', 59),
  ('country', 'DO', 'Dominican Republic', 'Dominican Republic', 60),
  ('country', 'DZ', 'Algeria', 'Algeria', 61),
  ('country', 'EC', 'Ecuador', 'Ecuador', 62),
  ('country', 'EE', 'Estonia', 'Estonia', 63),
  ('country', 'EG', 'Egypt', 'Egypt', 64),
  ('country', 'EH', 'Western Sahara', 'Western Sahara', 65),
  ('country', 'ER', 'Eritrea', 'Eritrea', 66),
  ('country', 'ES', 'Španija', 'Spain', 67),
  ('country', 'ET', 'Ethiopia', 'Ethiopia', 68),
  ('country', 'FI', 'Finska', 'Finland', 69),
  ('country', 'FJ', 'Fiji', 'Fiji', 70),
  ('country', 'FK', 'Falkland Islands (Malvinas)', 'Falkland Islands (Malvinas)', 71),
  ('country', 'FM', 'Micronesia, Federated States of', 'Micronesia, Federated States of', 72),
  ('country', 'FO', 'Faroe Islands', 'Faroe Islands', 73),
  ('country', 'FR', 'Francuska', 'France', 74),
  ('country', 'GA', 'Gabon', 'Gabon', 75),
  ('country', 'GB', 'Ujedinjeno Kraljevstvo', 'United Kingdom', 76),
  ('country', 'GD', 'Grenada', 'Grenada', 77),
  ('country', 'GE', 'Georgia', 'Georgia', 78),
  ('country', 'GF', 'French Guiana', 'French Guiana', 79),
  ('country', 'GG', 'Guernsey', 'Guernsey', 80),
  ('country', 'GH', 'Ghana', 'Ghana', 81),
  ('country', 'GI', 'Gibraltar', 'Gibraltar', 82),
  ('country', 'GL', 'Greenland', 'Greenland', 83),
  ('country', 'GM', 'Gambia', 'Gambia', 84),
  ('country', 'GN', 'Guinea', 'Guinea', 85),
  ('country', 'GP', 'Guadeloupe', 'Guadeloupe', 86),
  ('country', 'GQ', 'Equatorial Guinea', 'Equatorial Guinea', 87),
  ('country', 'GR', 'Greece', 'Greece', 88),
  ('country', 'GS', 'South Georgia and the South Sandwich Islands', 'South Georgia and the South Sandwich Islands', 89),
  ('country', 'GT', 'Guatemala', 'Guatemala', 90),
  ('country', 'GU', 'Guam', 'Guam', 91),
  ('country', 'GW', 'Guinea-Bissau', 'Guinea-Bissau', 92),
  ('country', 'GY', 'Guyana', 'Guyana', 93),
  ('country', 'HK', 'Hong Kong', 'Hong Kong', 94),
  ('country', 'HM', 'Heard Island and McDonald Islands', 'Heard Island and McDonald Islands', 95),
  ('country', 'HN', 'Honduras', 'Honduras', 96),
  ('country', 'HR', 'Hrvatska', 'Croatia', 97),
  ('country', 'HT', 'Haiti', 'Haiti', 98),
  ('country', 'HU', 'Hungary', 'Hungary', 99),
  ('country', 'ID', 'Indonesia', 'Indonesia', 100),
  ('country', 'IE', 'Irska', 'Ireland', 101),
  ('country', 'IL', 'Israel', 'Israel', 102),
  ('country', 'IM', 'Isle of Man', 'Isle of Man', 103),
  ('country', 'IN', 'India', 'India', 104),
  ('country', 'IO', 'British Indian Ocean Territory', 'British Indian Ocean Territory', 105),
  ('country', 'IQ', 'Iraq', 'Iraq', 106),
  ('country', 'IR', 'Iran', 'Iran', 107),
  ('country', 'IS', 'Iceland', 'Iceland', 108),
  ('country', 'IT', 'Italija', 'Italy', 109),
  ('country', 'JE', 'Jersey', 'Jersey', 110),
  ('country', 'JM', 'Jamaica', 'Jamaica', 111),
  ('country', 'JO', 'Jordan', 'Jordan', 112),
  ('country', 'JP', 'Japan', 'Japan', 113),
  ('country', 'KE', 'Kenya', 'Kenya', 114),
  ('country', 'KG', 'Kyrgyzstan', 'Kyrgyzstan', 115),
  ('country', 'KH', 'Cambodia', 'Cambodia', 116),
  ('country', 'KI', 'Kiribati', 'Kiribati', 117),
  ('country', 'KM', 'Comoros', 'Comoros', 118),
  ('country', 'KN', 'Saint Kitts and Nevis', 'Saint Kitts and Nevis', 119),
  ('country', 'KP', 'North Korea', 'North Korea', 120),
  ('country', 'KR', 'South Korea', 'South Korea', 121),
  ('country', 'KW', 'Kuwait', 'Kuwait', 122),
  ('country', 'KY', 'Cayman Islands', 'Cayman Islands', 123),
  ('country', 'KZ', 'Kazakhstan', 'Kazakhstan', 124),
  ('country', 'LA', 'Laos', 'Laos', 125),
  ('country', 'LB', 'Lebanon', 'Lebanon', 126),
  ('country', 'LC', 'Saint Lucia', 'Saint Lucia', 127),
  ('country', 'LI', 'Liechtenstein', 'Liechtenstein', 128),
  ('country', 'LK', 'Sri Lanka', 'Sri Lanka', 129),
  ('country', 'LR', 'Liberia', 'Liberia', 130),
  ('country', 'LS', 'Lesotho', 'Lesotho', 131),
  ('country', 'LT', 'Lithuania', 'Lithuania', 132),
  ('country', 'LU', 'Luksemburg', 'Luxembourg', 133),
  ('country', 'LV', 'Latvia', 'Latvia', 134),
  ('country', 'LY', 'Libya', 'Libya', 135),
  ('country', 'MA', 'Morocco', 'Morocco', 136),
  ('country', 'MC', 'Monaco', 'Monaco', 137),
  ('country', 'MD', 'Moldova', 'Moldova', 138),
  ('country', 'ME', 'Crna Gora', 'Montenegro', 139),
  ('country', 'MF', 'Saint Martin (French part)', 'Saint Martin (French part)', 140),
  ('country', 'MG', 'Madagascar', 'Madagascar', 141),
  ('country', 'MH', 'Marshall Islands', 'Marshall Islands', 142),
  ('country', 'MK', 'North Macedonia', 'North Macedonia', 143),
  ('country', 'ML', 'Mali', 'Mali', 144),
  ('country', 'MM', 'Myanmar', 'Myanmar', 145),
  ('country', 'MN', 'Mongolia', 'Mongolia', 146),
  ('country', 'MO', 'Macao', 'Macao', 147),
  ('country', 'MP', 'Northern Mariana Islands', 'Northern Mariana Islands', 148),
  ('country', 'MQ', 'Martinique', 'Martinique', 149),
  ('country', 'MR', 'Mauritania', 'Mauritania', 150),
  ('country', 'MS', 'Montserrat', 'Montserrat', 151),
  ('country', 'MT', 'Malta', 'Malta', 152),
  ('country', 'MU', 'Mauritius', 'Mauritius', 153),
  ('country', 'MV', 'Maldives', 'Maldives', 154),
  ('country', 'MW', 'Malawi', 'Malawi', 155),
  ('country', 'MX', 'Mexico', 'Mexico', 156),
  ('country', 'MY', 'Malaysia', 'Malaysia', 157),
  ('country', 'MZ', 'Mozambique', 'Mozambique', 158),
  ('country', 'NA', 'Namibia', 'Namibia', 159),
  ('country', 'NC', 'New Caledonia', 'New Caledonia', 160),
  ('country', 'NE', 'Niger', 'Niger', 161),
  ('country', 'NF', 'Norfolk Island', 'Norfolk Island', 162),
  ('country', 'NG', 'Nigeria', 'Nigeria', 163),
  ('country', 'NI', 'Nicaragua', 'Nicaragua', 164),
  ('country', 'NL', 'Holandija', 'Netherlands', 165),
  ('country', 'NO', 'Norveška', 'Norway', 166),
  ('country', 'NP', 'Nepal', 'Nepal', 167),
  ('country', 'NR', 'Nauru', 'Nauru', 168),
  ('country', 'NU', 'Niue', 'Niue', 169),
  ('country', 'NZ', 'Novi Zeland', 'New Zealand', 170),
  ('country', 'OM', 'Oman', 'Oman', 171),
  ('country', 'PA', 'Panama', 'Panama', 172),
  ('country', 'PE', 'Peru', 'Peru', 173),
  ('country', 'PF', 'French Polynesia', 'French Polynesia', 174),
  ('country', 'PG', 'Papua New Guinea', 'Papua New Guinea', 175),
  ('country', 'PH', 'Philippines', 'Philippines', 176),
  ('country', 'PK', 'Pakistan', 'Pakistan', 177),
  ('country', 'PL', 'Poland', 'Poland', 178),
  ('country', 'PM', 'Saint Pierre and Miquelon', 'Saint Pierre and Miquelon', 179),
  ('country', 'PN', 'Pitcairn', 'Pitcairn', 180),
  ('country', 'PR', 'Puerto Rico', 'Puerto Rico', 181),
  ('country', 'PS', 'Palestine, State of', 'Palestine, State of', 182),
  ('country', 'PT', 'Portugal', 'Portugal', 183),
  ('country', 'PW', 'Palau', 'Palau', 184),
  ('country', 'PY', 'Paraguay', 'Paraguay', 185),
  ('country', 'QA', 'Qatar', 'Qatar', 186),
  ('country', 'RE', 'Réunion', 'Réunion', 187),
  ('country', 'RO', 'Romania', 'Romania', 188),
  ('country', 'RS', 'Srbija', 'Serbia', 189),
  ('country', 'RU', 'Russian Federation', 'Russian Federation', 190),
  ('country', 'RW', 'Rwanda', 'Rwanda', 191),
  ('country', 'SA', 'Saudi Arabia', 'Saudi Arabia', 192),
  ('country', 'SB', 'Solomon Islands', 'Solomon Islands', 193),
  ('country', 'SC', 'Seychelles', 'Seychelles', 194),
  ('country', 'SD', 'Sudan', 'Sudan', 195),
  ('country', 'SE', 'Švedska', 'Sweden', 196),
  ('country', 'SG', 'Singapore', 'Singapore', 197),
  ('country', 'SH', 'Saint Helena, Ascension and Tristan da Cunha', 'Saint Helena, Ascension and Tristan da Cunha', 198),
  ('country', 'SI', 'Slovenija', 'Slovenia', 199),
  ('country', 'SJ', 'Svalbard and Jan Mayen', 'Svalbard and Jan Mayen', 200),
  ('country', 'SK', 'Slovakia', 'Slovakia', 201),
  ('country', 'SL', 'Sierra Leone', 'Sierra Leone', 202),
  ('country', 'SM', 'San Marino', 'San Marino', 203),
  ('country', 'SN', 'Senegal', 'Senegal', 204),
  ('country', 'SO', 'Somalia', 'Somalia', 205),
  ('country', 'SR', 'Suriname', 'Suriname', 206),
  ('country', 'SS', 'South Sudan', 'South Sudan', 207),
  ('country', 'ST', 'Sao Tome and Principe', 'Sao Tome and Principe', 208),
  ('country', 'SV', 'El Salvador', 'El Salvador', 209),
  ('country', 'SX', 'Sint Maarten (Dutch part)', 'Sint Maarten (Dutch part)', 210),
  ('country', 'SY', 'Syria', 'Syria', 211),
  ('country', 'SZ', 'Eswatini', 'Eswatini', 212),
  ('country', 'TC', 'Turks and Caicos Islands', 'Turks and Caicos Islands', 213),
  ('country', 'TD', 'Chad', 'Chad', 214),
  ('country', 'TF', 'French Southern Territories', 'French Southern Territories', 215),
  ('country', 'TG', 'Togo', 'Togo', 216),
  ('country', 'TH', 'Thailand', 'Thailand', 217),
  ('country', 'TJ', 'Tajikistan', 'Tajikistan', 218),
  ('country', 'TK', 'Tokelau', 'Tokelau', 219),
  ('country', 'TL', 'Timor-Leste', 'Timor-Leste', 220),
  ('country', 'TM', 'Turkmenistan', 'Turkmenistan', 221),
  ('country', 'TN', 'Tunisia', 'Tunisia', 222),
  ('country', 'TO', 'Tonga', 'Tonga', 223),
  ('country', 'TR', 'Turska', 'Türkiye', 224),
  ('country', 'TT', 'Trinidad and Tobago', 'Trinidad and Tobago', 225),
  ('country', 'TV', 'Tuvalu', 'Tuvalu', 226),
  ('country', 'TW', 'Taiwan', 'Taiwan', 227),
  ('country', 'TZ', 'Tanzania', 'Tanzania', 228),
  ('country', 'UA', 'Ukraine', 'Ukraine', 229),
  ('country', 'UG', 'Uganda', 'Uganda', 230),
  ('country', 'UM', 'United States Minor Outlying Islands', 'United States Minor Outlying Islands', 231),
  ('country', 'US', 'SAD', 'United States', 232),
  ('country', 'UY', 'Uruguay', 'Uruguay', 233),
  ('country', 'UZ', 'Uzbekistan', 'Uzbekistan', 234),
  ('country', 'VA', 'Holy See (Vatican City State)', 'Holy See (Vatican City State)', 235),
  ('country', 'VC', 'Saint Vincent and the Grenadines', 'Saint Vincent and the Grenadines', 236),
  ('country', 'VE', 'Venezuela', 'Venezuela', 237),
  ('country', 'VG', 'Virgin Islands, British', 'Virgin Islands, British', 238),
  ('country', 'VI', 'Virgin Islands, U.S.', 'Virgin Islands, U.S.', 239),
  ('country', 'VN', 'Vietnam', 'Vietnam', 240),
  ('country', 'VU', 'Vanuatu', 'Vanuatu', 241),
  ('country', 'WF', 'Wallis and Futuna', 'Wallis and Futuna', 242),
  ('country', 'WS', 'Samoa', 'Samoa', 243),
  ('country', 'YE', 'Yemen', 'Yemen', 244),
  ('country', 'YT', 'Mayotte', 'Mayotte', 245),
  ('country', 'ZA', 'South Africa', 'South Africa', 246),
  ('country', 'ZM', 'Zambia', 'Zambia', 247),
  ('country', 'ZW', 'Zimbabwe', 'Zimbabwe', 248);

-- Reference list of municipalities and cities (filled by 0003).
CREATE TABLE lsg_unit (
    id       TEXT PRIMARY KEY,  -- ASCII slug of the Latin name
    name_lat TEXT NOT NULL,
    name_cyr TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind = 'opcina' OR kind = 'opstina' OR
        kind = 'grad' OR kind = 'distrikt'),
    entity   TEXT NOT NULL CHECK (entity = 'FBiH' OR entity = 'RS' OR
        entity = 'BD'),
    canton   TEXT CHECK (canton = 'USK' OR canton = 'PK' OR canton = 'TK' OR
        canton = 'ZDK' OR canton = 'BPK' OR canton = 'SBK' OR canton = 'HNK' OR
        canton = 'ZHK' OR canton = 'KS' OR canton = 'K10'),
    parent   TEXT REFERENCES lsg_unit (id)  -- two-tier city it belongs to
) STRICT;

CREATE TABLE practice (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    title TEXT,
    summary TEXT,
    problem TEXT,
    solution TEXT,
    results TEXT,
    resources TEXT,
    cost_amount INTEGER,
    cost_currency TEXT
        CHECK (cost_currency = 'BAM' OR cost_currency = 'EUR' OR
            cost_currency = 'CHF'),
    funding TEXT,
    start_year INTEGER,
    end_year INTEGER,
    status TEXT
        CHECK (status = 'idea' OR status = 'pilot' OR status = 'implemented' OR
            status = 'ongoing' OR status = 'completed' OR
            status = 'discontinued'),
    evidence TEXT
        CHECK (evidence = 'self_reported' OR evidence = 'documented' OR
            evidence = 'externally_evaluated' OR evidence = 'awarded'),
    transferability TEXT
        CHECK (transferability = 'low' OR transferability = 'medium' OR
            transferability = 'high'),
    conditions TEXT,
    lessons TEXT,
    sectors TEXT,
    diaspora_role TEXT,
    contact_email TEXT,
    lang TEXT
        CHECK (lang = 'bs' OR lang = 'hr' OR lang = 'sr' OR lang = 'en' OR
            lang = 'de' OR lang = 'fr' OR lang = 'it' OR lang = 'sv' OR
            lang = 'nl' OR lang = 'da' OR lang = 'no' OR lang = 'sl' OR
            lang = 'tr' OR lang = 'es'),
    script TEXT
        CHECK (script = 'latin' OR script = 'cyrillic'),
    review_status TEXT
        CHECK (review_status = 'draft' OR review_status = 'submitted' OR
            review_status = 'validated' OR review_status = 'published'),
    owner_lsg TEXT
);

CREATE TABLE person (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    given_name TEXT,
    family_name TEXT,
    name_script TEXT
        CHECK (name_script = 'latin' OR name_script = 'cyrillic'),
    country TEXT,
    city TEXT,
    occupation TEXT,
    languages TEXT,
    interests TEXT,
    willing TEXT,
    preferred_lang TEXT
        CHECK (preferred_lang = 'bs' OR preferred_lang = 'hr' OR
            preferred_lang = 'sr' OR preferred_lang = 'en' OR
            preferred_lang = 'de' OR preferred_lang = 'fr' OR
            preferred_lang = 'it' OR preferred_lang = 'sv' OR
            preferred_lang = 'nl' OR preferred_lang = 'da' OR
            preferred_lang = 'no' OR preferred_lang = 'sl' OR
            preferred_lang = 'tr' OR preferred_lang = 'es'),
    preferred_script TEXT
        CHECK (preferred_script = 'latin' OR preferred_script = 'cyrillic'),
    source TEXT
        CHECK (source = 'office_visit' OR source = 'event' OR source = 'survey' OR
            source = 'association' OR source = 'referral' OR
            source = 'web_form' OR source = 'other'),
    birth_year INTEGER,
    email TEXT,
    phone TEXT,
    notes TEXT
);

CREATE TABLE consent (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    person_id TEXT,
    purpose TEXT
        CHECK (purpose = 'share_hub' OR purpose = 'share_network' OR
            purpose = 'newsletter' OR purpose = 'investment_matching' OR
            purpose = 'knowledge_transfer_matching'),
    granted_at TEXT,
    withdrawn_at TEXT,
    method TEXT
        CHECK (method = 'web_form' OR method = 'signed_paper' OR
            method = 'email' OR method = 'in_person'),
    evidence TEXT,
    notice_version TEXT
);

CREATE TABLE organisation (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    name TEXT,
    org_type TEXT
        CHECK (org_type = 'cultural_club' OR org_type = 'sport' OR
            org_type = 'business_network' OR org_type = 'professional' OR
            org_type = 'student' OR org_type = 'humanitarian' OR
            org_type = 'supplementary_school' OR org_type = 'umbrella' OR
            org_type = 'media' OR org_type = 'other'),
    country TEXT,
    city TEXT,
    website TEXT,
    email TEXT,
    coop_status TEXT
        CHECK (coop_status = 'none' OR coop_status = 'contacted' OR
            coop_status = 'active' OR coop_status = 'partner' OR
            coop_status = 'inactive'),
    description TEXT
);

CREATE TABLE service (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    name TEXT,
    category TEXT
        CHECK (category = 'focal_point' OR category = 'info_desk' OR
            category = 'online_request' OR category = 'investor_guide' OR
            category = 'one_stop_shop' OR category = 'language_culture' OR
            category = 'event' OR category = 'grant_fund'),
    channels TEXT,
    url TEXT,
    launched TEXT,
    description TEXT,
    lang TEXT
        CHECK (lang = 'bs' OR lang = 'hr' OR lang = 'sr' OR lang = 'en' OR
            lang = 'de' OR lang = 'fr' OR lang = 'it' OR lang = 'sv' OR
            lang = 'nl' OR lang = 'da' OR lang = 'no' OR lang = 'sl' OR
            lang = 'tr' OR lang = 'es')
);

CREATE TABLE event (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    name TEXT,
    kind TEXT
        CHECK (kind = 'diaspora_days' OR kind = 'business_forum' OR
            kind = 'training' OR kind = 'cultural' OR kind = 'conference' OR
            kind = 'other'),
    start_date TEXT,
    end_date TEXT,
    place TEXT,
    participants INTEGER,
    diaspora_participants INTEGER,
    description TEXT
);

CREATE TABLE need (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    category TEXT
        CHECK (category = 'documents' OR category = 'citizenship' OR
            category = 'property' OR category = 'pension' OR
            category = 'investment_info' OR
            category = 'mother_tongue_education' OR category = 'health' OR
            category = 'employment' OR category = 'return' OR
            category = 'other'),
    description TEXT,
    count INTEGER,
    source TEXT
        CHECK (source = 'survey' OR source = 'office_visit' OR
            source = 'online_form' OR source = 'other'),
    year INTEGER,
    lsg TEXT
);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('practice', 'title', 'text', 0, 1, 0, 300, NULL, 0),
  ('practice', 'summary', 'text', 0, 0, 0, 4000, NULL, 1),
  ('practice', 'problem', 'text', 0, 0, 0, 8000, NULL, 2),
  ('practice', 'solution', 'text', 0, 0, 0, 8000, NULL, 3),
  ('practice', 'results', 'text', 0, 0, 0, 8000, NULL, 4),
  ('practice', 'resources', 'text', 0, 0, 0, 2000, NULL, 5),
  ('practice', 'cost_amount', 'int', 0, 0, 0, 0, NULL, 6),
  ('practice', 'cost_currency', 'enum', 0, 0, 0, 0, 'currency', 7),
  ('practice', 'funding', 'text', 0, 0, 0, 1000, NULL, 8),
  ('practice', 'start_year', 'year', 0, 0, 0, 0, NULL, 9),
  ('practice', 'end_year', 'year', 0, 0, 0, 0, NULL, 10),
  ('practice', 'status', 'enum', 0, 1, 0, 0, 'practice_status', 11),
  ('practice', 'evidence', 'enum', 0, 0, 0, 0, 'evidence_level', 12),
  ('practice', 'transferability', 'enum', 0, 0, 0, 0, 'transferability', 13),
  ('practice', 'conditions', 'text', 0, 0, 0, 2000, NULL, 14),
  ('practice', 'lessons', 'text', 0, 0, 0, 4000, NULL, 15),
  ('practice', 'sectors', 'enum', 1, 0, 0, 0, 'sector', 16),
  ('practice', 'diaspora_role', 'enum', 1, 0, 0, 0, 'diaspora_role', 17),
  ('practice', 'contact_email', 'email', 0, 0, 0, 0, NULL, 18),
  ('practice', 'lang', 'enum', 0, 0, 0, 0, 'lang', 19),
  ('practice', 'script', 'enum', 0, 0, 0, 0, 'script', 20),
  ('practice', 'review_status', 'enum', 0, 0, 0, 0, 'review_status', 21),
  ('practice', 'owner_lsg', 'enum', 0, 0, 0, 0, 'lsg', 22);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('person', 'given_name', 'text', 0, 1, 0, 100, NULL, 0),
  ('person', 'family_name', 'text', 0, 1, 0, 100, NULL, 1),
  ('person', 'name_script', 'enum', 0, 0, 0, 0, 'script', 2),
  ('person', 'country', 'enum', 0, 1, 0, 0, 'country', 3),
  ('person', 'city', 'text', 0, 0, 0, 100, NULL, 4),
  ('person', 'occupation', 'text', 0, 0, 0, 200, NULL, 5),
  ('person', 'languages', 'enum', 1, 0, 0, 0, 'lang', 6),
  ('person', 'interests', 'enum', 1, 0, 0, 0, 'interest', 7),
  ('person', 'willing', 'text', 0, 0, 0, 500, NULL, 8),
  ('person', 'preferred_lang', 'enum', 0, 0, 0, 0, 'lang', 9),
  ('person', 'preferred_script', 'enum', 0, 0, 0, 0, 'script', 10),
  ('person', 'source', 'enum', 0, 0, 0, 0, 'person_source', 11),
  ('person', 'birth_year', 'year', 0, 0, 1, 0, NULL, 12),
  ('person', 'email', 'email', 0, 0, 0, 0, NULL, 13),
  ('person', 'phone', 'text', 0, 0, 0, 40, NULL, 14),
  ('person', 'notes', 'text', 0, 0, 1, 4000, NULL, 15);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('consent', 'person_id', 'uuid', 0, 1, 0, 0, NULL, 0),
  ('consent', 'purpose', 'enum', 0, 1, 0, 0, 'consent_purpose', 1),
  ('consent', 'granted_at', 'date', 0, 1, 0, 0, NULL, 2),
  ('consent', 'withdrawn_at', 'date', 0, 0, 0, 0, NULL, 3),
  ('consent', 'method', 'enum', 0, 0, 0, 0, 'consent_method', 4),
  ('consent', 'evidence', 'text', 0, 0, 0, 500, NULL, 5),
  ('consent', 'notice_version', 'text', 0, 0, 0, 40, NULL, 6);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('organisation', 'name', 'text', 0, 1, 0, 300, NULL, 0),
  ('organisation', 'org_type', 'enum', 0, 1, 0, 0, 'org_type', 1),
  ('organisation', 'country', 'enum', 0, 0, 0, 0, 'country', 2),
  ('organisation', 'city', 'text', 0, 0, 0, 100, NULL, 3),
  ('organisation', 'website', 'url', 0, 0, 0, 0, NULL, 4),
  ('organisation', 'email', 'email', 0, 0, 0, 0, NULL, 5),
  ('organisation', 'coop_status', 'enum', 0, 0, 0, 0, 'coop_status', 6),
  ('organisation', 'description', 'text', 0, 0, 0, 4000, NULL, 7);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('service', 'name', 'text', 0, 1, 0, 300, NULL, 0),
  ('service', 'category', 'enum', 0, 1, 0, 0, 'service_category', 1),
  ('service', 'channels', 'enum', 1, 0, 0, 0, 'channel', 2),
  ('service', 'url', 'url', 0, 0, 0, 0, NULL, 3),
  ('service', 'launched', 'date', 0, 0, 0, 0, NULL, 4),
  ('service', 'description', 'text', 0, 0, 0, 4000, NULL, 5),
  ('service', 'lang', 'enum', 0, 0, 0, 0, 'lang', 6);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('event', 'name', 'text', 0, 1, 0, 300, NULL, 0),
  ('event', 'kind', 'enum', 0, 0, 0, 0, 'event_kind', 1),
  ('event', 'start_date', 'date', 0, 1, 0, 0, NULL, 2),
  ('event', 'end_date', 'date', 0, 0, 0, 0, NULL, 3),
  ('event', 'place', 'text', 0, 0, 0, 200, NULL, 4),
  ('event', 'participants', 'int', 0, 0, 0, 1000000, NULL, 5),
  ('event', 'diaspora_participants', 'int', 0, 0, 0, 1000000, NULL, 6),
  ('event', 'description', 'text', 0, 0, 0, 4000, NULL, 7);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max, dom, pos) VALUES
  ('need', 'category', 'enum', 0, 1, 0, 0, 'need_category', 0),
  ('need', 'description', 'text', 0, 0, 0, 2000, NULL, 1),
  ('need', 'count', 'int', 0, 0, 0, 1000000, NULL, 2),
  ('need', 'source', 'enum', 0, 0, 0, 0, 'need_source', 3),
  ('need', 'year', 'year', 0, 0, 0, 0, NULL, 4),
  ('need', 'lsg', 'enum', 0, 0, 0, 0, 'lsg', 5);
