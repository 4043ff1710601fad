package org.plantflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by the local PostgreSQL server processes, from /proc: how much of a pass is the database's
 * own work. The embedded server's postmaster and its children when its pid is known ({@link #server}), else every
 * process named {@code postgres} (on a machine shared with other PostgreSQL servers that counts theirs too). Linux
 * only; -1 elsewhere or for an external server.
 */
final class ServerCpu {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
    private static volatile long postmaster = -1;

    private ServerCpu() {
    }

    /** The embedded server's postmaster: only it and its children count from now on. */
    static void server(long postmasterPid) {
        postmaster = postmasterPid;
    }

    static long nanos() {
        if (System.getenv("BENCH_PG_URL") != null || !Files.isDirectory(Path.of("/proc/self"))) {
            return -1;
        }
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (postmaster > 0 && pid != postmaster && Long.parseLong(f[1]) != postmaster) { // f[1]: ppid
                        continue;
                    }
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * TICK_NANOS;
    }
}
