package org.plantflow.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * Counts the SQL statements an engine sends, per operation label ("pass", "pending", "start"), through JDBC
 * proxies around its DataSource. Off except while {@link #label(String)} is set on the
 * calling thread, so the timed runs are not disturbed (they get the pool's own connections); both engines get the
 * same wrapper.
 */
final class SqlCounter {
    private static final ThreadLocal<String> LABEL = new ThreadLocal<>();
    /** label -> normalized statement -> executions */
    private static final Map<String, Map<String, LongAdder>> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> COMMITS = new ConcurrentHashMap<>();

    private SqlCounter() {
    }

    static void label(String label) {
        if (label == null) {
            LABEL.remove();
        } else {
            LABEL.set(label);
        }
    }

    static void reset() {
        COUNTS.clear();
        COMMITS.clear();
    }

    /** Statements per label, sorted by text. */
    static Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        COUNTS.forEach((l, m) -> {
            Map<String, Long> s = new TreeMap<>();
            m.forEach((k, v) -> s.put(k, v.sum()));
            out.put(l, s);
        });
        return out;
    }

    static long commits(String label) {
        LongAdder a = COMMITS.get(label);
        return a == null ? 0 : a.sum();
    }

    static long total(String label) {
        Map<String, LongAdder> m = COUNTS.get(label);
        return m == null ? 0 : m.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static void count(String sql) {
        String l = LABEL.get();
        if (l == null) {
            return;
        }
        COUNTS.computeIfAbsent(l, k -> new ConcurrentHashMap<>()).computeIfAbsent(normalize(sql), k -> new LongAdder()).increment();
    }

    private static void commit() {
        String l = LABEL.get();
        if (l != null) {
            COMMITS.computeIfAbsent(l, k -> new LongAdder()).increment();
        }
    }

    static String normalize(String sql) {
        String s = sql == null ? "(null)" : sql.replaceAll("\\s+", " ").trim();
        return s.length() > 110 ? s.substring(0, 107) + "..." : s;
    }

    /** The DataSource, counting on connections taken while a label is set; the timed runs get plain connections. */
    static DataSource wrap(DataSource ds) {
        return new DataSource() {
            @Override public Connection getConnection() throws SQLException { return counted(ds.getConnection()); }
            @Override public Connection getConnection(String u, String p) throws SQLException { return counted(ds.getConnection(u, p)); }
            @Override public PrintWriter getLogWriter() throws SQLException { return ds.getLogWriter(); }
            @Override public void setLogWriter(PrintWriter out) throws SQLException { ds.setLogWriter(out); }
            @Override public void setLoginTimeout(int seconds) throws SQLException { ds.setLoginTimeout(seconds); }
            @Override public int getLoginTimeout() throws SQLException { return ds.getLoginTimeout(); }
            @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return ds.getParentLogger(); }
            @Override public <T> T unwrap(Class<T> iface) throws SQLException { return ds.unwrap(iface); }
            @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return ds.isWrapperFor(iface); }
        };
    }

    private static Connection counted(Connection c) {
        return LABEL.get() == null ? c : connection(c);
    }

    private static Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), new Class<?>[] {Connection.class},
                new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                        Object r = call(c, m, args);
                        String name = m.getName();
                        if (name.equals("commit")) {
                            commit();
                        } else if (r instanceof PreparedStatement ps && (name.equals("prepareStatement") || name.equals("prepareCall"))) {
                            return statement(ps, (String) args[0], ps instanceof CallableStatement ? CallableStatement.class : PreparedStatement.class);
                        } else if (r instanceof Statement st && name.equals("createStatement")) {
                            return statement(st, null, Statement.class);
                        }
                        return r;
                    }
                });
    }

    private static Object statement(Statement st, String sql, Class<?> type) {
        return Proxy.newProxyInstance(SqlCounter.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            String name = m.getName();
            if (name.startsWith("execute")) {
                if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                    count("(batch) " + sql);
                } else {
                    count(args != null && args.length > 0 && args[0] instanceof String s ? s : sql);
                }
            }
            return call(st, m, args);
        });
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
