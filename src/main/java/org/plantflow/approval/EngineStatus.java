package org.plantflow.approval;

import java.time.Duration;
import java.time.Instant;

/**
 * How the engine is doing, for a health check and metrics ({@link ApprovalEngine#status()}).
 *
 * @param databaseReachable  a trivial query answered
 * @param databaseError      why not, when not (the driver's or pool's message), else null
 * @param rules              the active rules' activation (null only if none is active yet)
 * @param decisionsTaken     decisions asked of the rules since the engine started
 * @param decisionTime       their total time
 * @param sweepInterval      how often the engine sweeps by itself (zero: the host sweeps)
 * @param lastSweepEnded     when its last automatic sweep ended (system clock), null before the first or when off
 * @param lastSweepFailed    whether that sweep threw
 * @param overdueTasks       open tasks past their due time as of the engine's clock (-1 when the database did not answer)
 * @param engineStarted      when the engine was built (system clock)
 * @param starts             instances started by this engine since it was built (calls that completed without an exception)
 * @param passes             passes that completed without an exception, since the engine was built
 * @param returns            returns that completed without an exception, since the engine was built
 */
public record EngineStatus(boolean databaseReachable, String databaseError, RulesActivation rules, long decisionsTaken,
                           Duration decisionTime, Duration sweepInterval, Instant lastSweepEnded, boolean lastSweepFailed,
                           long overdueTasks, Instant engineStarted, long starts, long passes, long returns) {

    /**
     * How far the automatic sweeper is behind at {@code now}: the time since its last sweep ended (or since the engine
     * started, before the first) beyond one interval; zero when on time or when the sweeper is off.
     */
    public Duration sweeperLag(Instant now) {
        if (sweepInterval.isZero()) {
            return Duration.ZERO;
        }
        Instant since = lastSweepEnded == null ? engineStarted : lastSweepEnded;
        Duration behind = Duration.between(since, now).minus(sweepInterval);
        return behind.isNegative() ? Duration.ZERO : behind;
    }
}
