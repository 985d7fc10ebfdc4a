SELECT 1 FROM customers WHERE id = 1;
