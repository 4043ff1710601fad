package org.plantflow.approval.internal.decision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.LoggerFactory;

/**
 * Drools logs some warnings about a rule (a constraint on another pattern's variable that "causes class reactivity",
 * an {@code eval}) while it builds a KieBase, without file or line. When the host logs with Logback, those warnings
 * are collected during a compile on the compiling thread so that they can be reported with the rule's file and line
 * ({@link CompiledRules#warnings()}); without Logback nothing is collected (Drools still logs them itself).
 */
final class DroolsWarnings implements AutoCloseable {
    private final List<String> messages;
    private final Runnable detach;

    private DroolsWarnings(List<String> messages, Runnable detach) {
        this.messages = messages;
        this.detach = detach;
    }

    /** Starts collecting the warnings Drools logs on this thread. */
    static DroolsWarnings capture() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext");
        } catch (ClassNotFoundException | LinkageError e) {
            return new DroolsWarnings(List.of(), () -> { });
        }
        return LogbackCapture.attach();
    }

    /** Kept apart so that nothing of Logback is loaded when the host does not have it. */
    private static final class LogbackCapture {
        static DroolsWarnings attach() {
            if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
                return new DroolsWarnings(List.of(), () -> { });
            }
            Thread thread = Thread.currentThread();
            List<String> sink = Collections.synchronizedList(new ArrayList<>());
            ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                    new ch.qos.logback.core.AppenderBase<>() {
                        @Override
                        protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                            if (Thread.currentThread() == thread
                                    && event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
                                sink.add(event.getFormattedMessage());
                            }
                        }
                    };
            appender.setContext(context);
            appender.start();
            ch.qos.logback.classic.Logger drools = context.getLogger("org.drools");
            drools.addAppender(appender);
            return new DroolsWarnings(sink, () -> {
                drools.detachAppender(appender);
                appender.stop();
            });
        }
    }

    /** The warnings collected so far, as Drools worded them. */
    List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public void close() {
        detach.run();
    }
}
