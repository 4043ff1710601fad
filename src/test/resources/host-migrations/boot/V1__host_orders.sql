-- A Spring Boot host's own Flyway migration (SpringBootHostTest): its table lives next to plantflow's pf_ tables.
CREATE TABLE host_orders (
    id      BIGINT PRIMARY KEY,
    note    VARCHAR(100)
);
