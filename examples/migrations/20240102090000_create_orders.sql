-- migrate:up
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    total DECIMAL(10, 2) NOT NULL DEFAULT 0
);
CREATE INDEX ix_orders_customer ON orders (customer_id);

-- migrate:down
DROP TABLE orders;
