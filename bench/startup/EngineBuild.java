import java.nio.file.Path;
import java.time.Duration;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalEngineBuilder;

/**
 * One engine build, as a host does it: {@code ApprovalEngine.builder().build()} on the embedded H2 default in the
 * current folder (automatic sweeper off), then closed. bench/startup.sh compiles it against target/plantflow-cli.jar
 * and runs {@code java -cp target/plantflow-cli.jar:CLASSES EngineBuild [CACHE_DIR]}. Prints the time
 * the build took inside the process; startup.sh times the whole process.
 */
public class EngineBuild {
    public static void main(String[] args) {
        long started = System.nanoTime();
        ApprovalEngineBuilder b = ApprovalEngine.builder().sweepInterval(Duration.ZERO);
        if (args.length > 0) {
            b.rulesCacheDirectory(Path.of(args[0]));
        }
        try (ApprovalEngine engine = b.build()) {
            System.out.printf("build %d ms (%s)%n", (System.nanoTime() - started) / 1_000_000,
                    args.length > 0 ? "rules cache " + args[0] : "no rules cache");
        }
    }
}
