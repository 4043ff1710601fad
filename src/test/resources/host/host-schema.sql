-- A sample host schema (the plant MIS's own tables), used by the business-fact tests.
CREATE TABLE host_supplier (
    id      INTEGER PRIMARY KEY,
    name    VARCHAR(100) NOT NULL,
    rating  VARCHAR(1)   NOT NULL
);
CREATE TABLE host_contract (
    contract_no  VARCHAR(50) PRIMARY KEY,
    supplier_id  INTEGER NOT NULL REFERENCES host_supplier (id),
    amount       NUMERIC(15, 2) NOT NULL,
    coal_type    VARCHAR(50)
);
INSERT INTO host_supplier VALUES (1, 'Shenhua Coal Trading', 'A');
INSERT INTO host_supplier VALUES (2, 'Small Pit Mining Co.', 'C');
INSERT INTO host_contract VALUES ('HC-SMALL-A', 1, 1200000.00, '5500 kcal');
INSERT INTO host_contract VALUES ('HC-BIG-A', 1, 8600000.00, '5500 kcal');
INSERT INTO host_contract VALUES ('HC-SMALL-C', 2, 900000.00, '5000 kcal');
