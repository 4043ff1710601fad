-- A sample host schema: the plant MIS's own fuel tables, with seed rows. Used by the demo and the tests;
-- the business-fact queries in mappers/*-facts.xml read it by business key. Separate from the engine's schema
-- (its own Flyway history table, pf_demo_schema_history). Portable SQL: runs on H2, PostgreSQL and Oracle.

CREATE TABLE demo_supplier (
    supplier_id   INTEGER       NOT NULL PRIMARY KEY,
    name          VARCHAR(100)  NOT NULL,
    rating        VARCHAR(1)    NOT NULL
);

CREATE TABLE demo_contract (
    contract_no          VARCHAR(50)    NOT NULL PRIMARY KEY,
    supplier_id          INTEGER        NOT NULL REFERENCES demo_supplier (supplier_id),
    coal_type            VARCHAR(50)    NOT NULL,
    quantity_t           NUMERIC(12, 2) NOT NULL,
    unit_price           NUMERIC(10, 2) NOT NULL,
    amount               NUMERIC(15, 2) NOT NULL,
    spec_calorific_kcal  NUMERIC(6, 0)  NOT NULL,
    spec_sulphur_pct     NUMERIC(4, 2)  NOT NULL,
    spec_moisture_pct    NUMERIC(4, 2)  NOT NULL
);

CREATE TABLE demo_coal_batch (
    batch_no            VARCHAR(50)    NOT NULL PRIMARY KEY,
    contract_no         VARCHAR(50)    NOT NULL REFERENCES demo_contract (contract_no),
    weight_t            NUMERIC(10, 2) NOT NULL,
    lab_calorific_kcal  NUMERIC(6, 0)  NOT NULL,
    lab_sulphur_pct     NUMERIC(4, 2)  NOT NULL,
    lab_moisture_pct    NUMERIC(4, 2)  NOT NULL
);

CREATE TABLE demo_settlement (
    settlement_no  VARCHAR(50)    NOT NULL PRIMARY KEY,
    contract_no    VARCHAR(50)    NOT NULL REFERENCES demo_contract (contract_no),
    period         VARCHAR(7)     NOT NULL,
    amount         NUMERIC(15, 2) NOT NULL
);

CREATE TABLE demo_stocktake (
    stocktake_no  VARCHAR(50)    NOT NULL PRIMARY KEY,
    yard          VARCHAR(50)    NOT NULL,
    period        VARCHAR(7)     NOT NULL,
    book_t        NUMERIC(12, 2) NOT NULL,
    measured_t    NUMERIC(12, 2) NOT NULL
);

INSERT INTO demo_supplier VALUES (1, 'Shenhua Coal Trading', 'A');
INSERT INTO demo_supplier VALUES (2, 'Jinneng Fuel Co.', 'B');
INSERT INTO demo_supplier VALUES (3, 'Small Pit Mining Co.', 'C');

-- contracts: a small one from an A supplier (fast track), a big one (general manager), a middle one from a C supplier
INSERT INTO demo_contract VALUES ('FPC-2026-0101', 1, '5500 kcal thermal coal', 1200.00, 633.00, 759600.00, 5500, 0.80, 12.00);
INSERT INTO demo_contract VALUES ('FPC-2026-0102', 1, '5500 kcal thermal coal', 60000.00, 633.00, 37980000.00, 5500, 0.80, 12.00);
INSERT INTO demo_contract VALUES ('FPC-2026-0103', 3, '5000 kcal thermal coal', 5000.00, 560.00, 2800000.00, 5000, 1.00, 14.00);

-- coal batches under contract FPC-2026-0102: one within tolerance, one far beyond it
INSERT INTO demo_coal_batch VALUES ('CB-2026-1101', 'FPC-2026-0102', 3000.00, 5460, 0.85, 12.60);
INSERT INTO demo_coal_batch VALUES ('CB-2026-1102', 'FPC-2026-0102', 3000.00, 5180, 1.25, 15.10);

INSERT INTO demo_settlement VALUES ('FS-2026-11-01', 'FPC-2026-0102', '2026-11', 18990000.00);

-- stocktakes of the east yard: a small loss within the tolerance rate, and a large one beyond it
INSERT INTO demo_stocktake VALUES ('ST-2026-10-EAST', 'east yard', '2026-10', 120000.00, 119640.00);
INSERT INTO demo_stocktake VALUES ('ST-2026-11-EAST', 'east yard', '2026-11', 118000.00, 116820.00);
