CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    legacy_field VARCHAR(50)
);
CREATE INDEX ix_customers_name ON customers (name);
INSERT INTO customers (id, name, legacy_field) VALUES (1, 'Ada', 'a'), (2, 'Grace', 'g'), (3, 'Edsger', NULL);
