package org.plantflow.approval.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;

/** Prints results as tables for people or as one JSON document for scripts. */
final class Output {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(v.toString());
                }
            }));

    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static void tasks(PrintWriter out, List<TaskView> tasks) {
        Table t = new Table("TASK", "INSTANCE", "TEMPLATE", "BUSINESS KEY", "NODE", "OFFERED TO", "CREATED (UTC)", "DUE (UTC)");
        for (TaskView v : tasks) {
            t.row(v.id(), v.instanceId(), v.templateKey(), v.businessKey(), v.nodeId(), String.join(",", v.candidates()),
                    time(v.createdAt()), time(v.dueAt()));
        }
        t.print(out);
    }

    static void instance(PrintWriter out, InstanceView i) {
        out.printf("instance %d  %s v%d  business key %s  %s  started by %s at %s%s%n", i.id(), i.templateKey(),
                i.templateVersion(), i.businessKey(), i.status(), i.initiator(), time(i.startedAt()),
                i.endedAt() == null ? "" : ", ended " + time(i.endedAt()));
        if (!i.waitingAt().isEmpty()) {
            out.println("waiting at: " + String.join(", ", i.waitingAt()));
        }
        i.failures().forEach(f -> out.println("FAILED " + f + "  (fix it, then: retry --instance " + i.id() + ")"));
        if (!i.openTasks().isEmpty()) {
            tasks(out, i.openTasks());
        }
        out.flush();
    }

    static void history(PrintWriter out, List<HistoryEntry> history) {
        Table t = new Table("#", "AT (UTC)", "ACTION", "ACTOR", "FROM", "TO", "COMMENT", "RULES");
        int n = 1;
        for (HistoryEntry h : history) {
            t.row(n++, time(h.at()), h.action(), h.actor(), h.fromNode(), String.join(",", h.toNodes()), h.comment(),
                    String.join("; ", h.rulesFired()));
        }
        t.print(out);
    }
}
