-- Services in the customer's language, and the salon's own email address (the default Reply-To of its emails).

CREATE TABLE service_names (
  service_id INTEGER NOT NULL REFERENCES services(id),
  lang TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (service_id, lang)
);

CREATE TABLE salon_contact (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  email TEXT NOT NULL DEFAULT ''
);
