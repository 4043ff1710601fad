package org.plantflow.approval.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.EngineStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health and metrics of the engine, for hosts with Spring Boot Actuator and Micrometer (an auto-configuration after
 * {@link PlantflowAutoConfiguration}; each part only when its library is present and there is an engine bean).
 * <ul>
 *   <li>health {@code plantflow}: DOWN when the database does not answer, no rules are active, or the automatic
 *       sweeper's last sweep failed or it is more than {@link #SWEEPER_LAG_DOWN} intervals behind; details: database,
 *       rules activation and checksum, overdue tasks, sweeper lag;</li>
 *   <li>metrics: {@code plantflow.decisions} (timer: count and total time of the questions to the rules),
 *       {@code plantflow.starts}, {@code plantflow.passes}, {@code plantflow.returns} (counters),
 *       {@code plantflow.tasks.overdue} (gauge, one query per read) and {@code plantflow.sweeper.lag} (seconds).</li>
 * </ul>
 */
@org.springframework.boot.autoconfigure.AutoConfiguration(after = PlantflowAutoConfiguration.class)
public class PlantflowActuatorConfiguration {
    /** The sweeper is reported DOWN when it is this many intervals behind. */
    static final int SWEEPER_LAG_DOWN = 3;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(ApprovalEngine.class)
    static class Healths {
        @Bean(name = "plantflowHealthIndicator")
        HealthIndicator plantflowHealthIndicator(ApprovalEngine engine) {
            return () -> health(engine.status(), Instant.now());
        }

        static Health health(EngineStatus s, Instant now) {
            Duration lag = s.sweeperLag(now);
            boolean sweeperBehind = !s.sweepInterval().isZero()
                    && lag.compareTo(s.sweepInterval().multipliedBy(SWEEPER_LAG_DOWN)) > 0;
            Health.Builder h = s.databaseReachable() && s.rules() != null && !s.lastSweepFailed() && !sweeperBehind
                    ? Health.up() : Health.down();
            h.withDetail("database", s.databaseReachable() ? "reachable" : "unreachable: " + s.databaseError());
            if (s.rules() != null) {
                h.withDetail("rulesActivation", s.rules().id()).withDetail("rulesChecksum", s.rules().checksum())
                        .withDetail("rulesSource", s.rules().source());
            } else {
                h.withDetail("rules", "none active");
            }
            h.withDetail("overdueTasks", s.overdueTasks());
            h.withDetail("sweeper", s.sweepInterval().isZero() ? "off (the host sweeps)"
                    : (s.lastSweepFailed() ? "last sweep failed; " : "") + "every " + s.sweepInterval() + ", lag " + lag);
            return h.build();
        }
    }

    /** The engine's status, read at most once a second (one scrape reads every meter; the status asks the database). */
    static final class Memo {
        private final ApprovalEngine engine;
        private EngineStatus last;
        private long readAt;

        Memo(ApprovalEngine engine) {
            this.engine = engine;
        }

        synchronized EngineStatus status() {
            long now = System.nanoTime();
            if (last == null || now - readAt > 1_000_000_000L) {
                last = engine.status();
                readAt = now;
            }
            return last;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(ApprovalEngine.class)
    static class Metrics {
        @Bean
        MeterBinder plantflowMeters(ApprovalEngine rawEngine) {
            Memo engine = new Memo(rawEngine);
            return registry -> {
                FunctionTimer.builder("plantflow.decisions", engine, m -> m.status().decisionsTaken(),
                                m -> m.status().decisionTime().toNanos(), TimeUnit.NANOSECONDS)
                        .description("Questions to the rules (route, assign, act, complete, join, return, deadline)")
                        .register(registry);
                FunctionCounter.builder("plantflow.starts", engine, m -> m.status().starts())
                        .description("Instances started").register(registry);
                FunctionCounter.builder("plantflow.passes", engine, m -> m.status().passes())
                        .description("Tasks passed").register(registry);
                FunctionCounter.builder("plantflow.returns", engine, m -> m.status().returns())
                        .description("Tasks returned").register(registry);
                Gauge.builder("plantflow.tasks.overdue", engine, m -> m.status().overdueTasks())
                        .description("Open tasks past their due time").register(registry);
                Gauge.builder("plantflow.sweeper.lag", engine, m -> m.status().sweeperLag(Instant.now()).toMillis() / 1000.0)
                        .baseUnit("seconds").description("How far the automatic deadline sweeper is behind its interval")
                        .register(registry);
            };
        }
    }
}
