package org.plantflow.approval.internal.persistence;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.apache.ibatis.transaction.TransactionFactory;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.internal.resources.ResourceFolder;

/**
 * Builds the engine's own MyBatis configuration (never the host's). Mapper XML comes from the built-in
 * {@code mappers/} folder; a host folder adds its fact queries and may replace a built-in file by giving
 * one of the same name.
 */
public final class MyBatisSetup {
    private MyBatisSetup() {
    }

    public static SqlSessionFactory build(DataSource dataSource, TransactionFactory transactions, String databaseId,
                                          ResourceFolder hostMappers) {
        Configuration cfg = new Configuration(new Environment("plantflow", transactions, dataSource));
        cfg.setDatabaseId(databaseId);
        cfg.setMapUnderscoreToCamelCase(true);
        cfg.setJdbcTypeForNull(org.apache.ibatis.type.JdbcType.NULL);
        // No session cache: a read after taking a lock (the sweeper re-reads its task under the instance lock) must
        // see the table, not an earlier read of the same call; the engine keeps what it needs itself.
        cfg.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
        cfg.getTypeAliasRegistry().registerAlias("TemplateRow", Rows.TemplateRow.class);
        cfg.getTypeAliasRegistry().registerAlias("NodeRow", Rows.NodeRow.class);
        cfg.getTypeAliasRegistry().registerAlias("EdgeRow", Rows.EdgeRow.class);
        cfg.getTypeAliasRegistry().registerAlias("InstanceRow", Rows.InstanceRow.class);
        cfg.getTypeAliasRegistry().registerAlias("TaskRow", Rows.TaskRow.class);
        cfg.getTypeAliasRegistry().registerAlias("CandidateRow", Rows.CandidateRow.class);
        cfg.getTypeAliasRegistry().registerAlias("ActivationRow", Rows.ActivationRow.class);
        cfg.getTypeAliasRegistry().registerAlias("HistoryRow", Rows.HistoryRow.class);
        cfg.getTypeAliasRegistry().registerAlias("RulesActivationRow", Rows.RulesActivationRow.class);
        cfg.getTypeAliasRegistry().registerAlias("RulesFileRow", Rows.RulesFileRow.class);
        cfg.getTypeHandlerRegistry().register(CandidateKind.class, new CandidateKindTypeHandler());

        Map<String, ResourceFolder.Entry> files = new LinkedHashMap<>();
        ResourceFolder builtIn = ResourceFolder.builtIn("mappers");
        builtIn.list(".xml").forEach(e -> files.put(e.relativePath(), e));
        if (hostMappers != null) {
            hostMappers.list(".xml").forEach(e -> files.put(e.relativePath(), e));
        }
        if (!files.containsKey("plantflow-engine.xml")) {
            throw new ApprovalException("mappers/plantflow-engine.xml not found in " + builtIn
                    + (hostMappers == null ? "" : " or " + hostMappers) + "; the engine JAR is incomplete");
        }
        for (ResourceFolder.Entry e : files.values()) {
            String resource = (hostMappers != null ? hostMappers.description() : "mappers") + "/" + e.relativePath();
            try {
                new XMLMapperBuilder(new ByteArrayInputStream(e.content()), cfg, resource, cfg.getSqlFragments()).parse();
            } catch (RuntimeException ex) {
                throw new ApprovalException("mapper " + resource + " is not valid: " + ex.getMessage(), ex);
            }
        }
        return new DefaultSqlSessionFactory(cfg);
    }
}
