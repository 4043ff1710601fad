package org.plantflow.approval.internal.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.ibatis.exceptions.ExceptionFactory;
import org.apache.ibatis.executor.resultset.DefaultResultSetHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.ParameterMode;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.RowBounds;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;

/**
 * Write-behind for PostgreSQL: a call's writes wait here and travel with the call's next read (or the final
 * {@link #flush()}) as one multi-statement {@code PreparedStatement}, which pgjdbc sends in one round trip (one
 * Sync). The SQL and parameters come from the mapper XML ({@link MappedStatement}s); parameter values are captured
 * when a write is queued, so the engine may go on changing its row objects. Each write's update count is checked
 * when the batch returns (the optimistic-lock checks of {@link Store}); the first failed check throws and the
 * call's transaction rolls back.
 *
 * <p>Written by hand: MyBatis' {@code BATCH} executor only groups consecutive statements of the same SQL (one round
 * trip per distinct statement), and JDBC batches cannot mix statements with a query. The parameter binding repeats
 * what {@link DefaultParameterHandler} does, value by value.
 */
final class Pipeline {
    /** Checks one write's update count; throws when the write did not do what it had to. */
    interface Check {
        void verify(int updateCount);

        Check NONE = n -> { };
    }

    private record Part(MappedStatement statement, BoundSql sql, Object[] values, Check check) {
    }

    private final SqlSession session;
    private final Configuration cfg;
    private final List<Part> pending = new ArrayList<>();

    Pipeline(SqlSession session) {
        this.session = session;
        this.cfg = session.getConfiguration();
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Queues one insert, update or delete of the mapper XML; its values are taken now. */
    void write(String statementId, Object parameter, Check check) {
        MappedStatement ms = cfg.getMappedStatement(statementId);
        BoundSql sql = ms.getBoundSql(parameter);
        pending.add(new Part(ms, sql, values(sql, parameter), check));
    }

    /** One select of the mapper XML and its parameter object. */
    record Read(String statementId, Object parameter) {
    }

    /** Sends the queued writes and this select in one round trip; returns the select's rows. */
    @SuppressWarnings("unchecked")
    <E> List<E> select(String statementId, Object parameter) {
        return (List<E>) selectAll(List.of(new Read(statementId, parameter))).get(0);
    }

    /**
     * Sends the queued writes and these selects in one round trip; returns each select's rows. The server runs
     * them in order: a select after one that locks a row runs once the lock is held.
     */
    List<List<Object>> selectAll(List<Read> reads) {
        List<Part> parts = new ArrayList<>();
        for (Read r : reads) {
            MappedStatement ms = cfg.getMappedStatement(r.statementId());
            BoundSql sql = ms.getBoundSql(r.parameter());
            parts.add(new Part(ms, sql, values(sql, r.parameter()), Check.NONE));
        }
        return run(parts, reads);
    }

    /** Sends the queued writes, if any, in one round trip. */
    void flush() {
        if (!pending.isEmpty()) {
            run(List.of(), List.of());
        }
    }

    private List<List<Object>> run(List<Part> readParts, List<Read> reads) {
        List<Part> parts = new ArrayList<>(pending);
        int writes = parts.size();
        pending.clear();
        parts.addAll(readParts);
        StringBuilder text = new StringBuilder();
        for (Part p : parts) {
            text.append(text.length() == 0 ? "" : ";\n").append(p.sql().getSql());
        }
        Connection connection = session.getConnection();
        try (PreparedStatement ps = connection.prepareStatement(text.toString())) {
            int index = 1;
            for (Part p : parts) {
                index = bind(ps, index, p);
            }
            ps.execute();
            for (int i = 0; i < writes; i++) {
                parts.get(i).check().verify(ps.getUpdateCount());
                ps.getMoreResults();
            }
            List<List<Object>> results = new ArrayList<>();
            for (int i = 0; i < readParts.size(); i++) {
                Part read = readParts.get(i);
                Object parameter = reads.get(i).parameter();
                DefaultParameterHandler handler = new DefaultParameterHandler(read.statement(), parameter, read.sql());
                // handles the current result set, then moves the statement on to the next one
                results.add(new DefaultResultSetHandler(null, read.statement(), handler, null, read.sql(), RowBounds.DEFAULT)
                        .handleResultSets(ps));
            }
            return results;
        } catch (SQLException e) {
            throw ExceptionFactory.wrapException("pipelined statements of " + describe(parts) + " failed", e);
        }
    }

    private int bind(PreparedStatement ps, int index, Part p) throws SQLException {
        List<ParameterMapping> mappings = p.sql().getParameterMappings();
        for (int i = 0; i < mappings.size(); i++) {
            ParameterMapping m = mappings.get(i);
            if (m.getMode() == ParameterMode.OUT) {
                continue;
            }
            Object value = p.values()[i];
            JdbcType jdbcType = m.getJdbcType();
            if (value == null && jdbcType == null) {
                jdbcType = cfg.getJdbcTypeForNull();
            }
            @SuppressWarnings("unchecked")
            TypeHandler<Object> th = (TypeHandler<Object>) m.getTypeHandler();
            th.setParameter(ps, index++, value, jdbcType);
        }
        return index;
    }

    /** The parameter values of one statement, resolved as {@link DefaultParameterHandler} resolves them. */
    private Object[] values(BoundSql sql, Object parameter) {
        List<ParameterMapping> mappings = sql.getParameterMappings();
        Object[] values = new Object[mappings.size()];
        MetaObject meta = null;
        for (int i = 0; i < values.length; i++) {
            String property = mappings.get(i).getProperty();
            if (sql.hasAdditionalParameter(property)) {
                values[i] = sql.getAdditionalParameter(property);
            } else if (parameter == null) {
                values[i] = null;
            } else if (cfg.getTypeHandlerRegistry().hasTypeHandler(parameter.getClass())) {
                values[i] = parameter;
            } else {
                meta = meta == null ? cfg.newMetaObject(parameter) : meta;
                values[i] = meta.getValue(property);
            }
        }
        return values;
    }

    private static String describe(List<Part> parts) {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            String id = p.statement().getId();
            b.append(b.length() == 0 ? "" : ", ").append(id.substring(id.lastIndexOf('.') + 1));
        }
        return b.toString();
    }
}
