package org.plantflow.approval.internal.persistence;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Stores a {@link CandidateKind} as its one-letter code. */
final class CandidateKindTypeHandler extends BaseTypeHandler<CandidateKind> {
    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, CandidateKind kind, JdbcType jdbcType) throws SQLException {
        ps.setString(i, kind.code());
    }

    @Override
    public CandidateKind getNullableResult(ResultSet rs, String column) throws SQLException {
        return of(rs.getString(column));
    }

    @Override
    public CandidateKind getNullableResult(ResultSet rs, int column) throws SQLException {
        return of(rs.getString(column));
    }

    @Override
    public CandidateKind getNullableResult(CallableStatement cs, int column) throws SQLException {
        return of(cs.getString(column));
    }

    private static CandidateKind of(String code) {
        return code == null ? null : CandidateKind.ofCode(code.strip());
    }
}
