package dev.vellum.kv;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.subdoc.Durability;
import dev.vellum.subdoc.MutateRequest;

/**
 * The one statement of {@code mutate_in}: the specs travel as one jsonb parameter to
 * {@code vellum_mutate_in} (sql/R__vellum_mutate_in.sql), which locks the row, applies them in order
 * and stores the result — see docs/subdoc-wire-format.md.
 */
final class SubdocSql {

    private SubdocSql() {
    }

    static Sql mutateIn(KvTarget target, MutateRequest request, Long cas, String specs) {
        SqlBuilder sql = new SqlBuilder().sql("select version, results from vellum_mutate_in(")
                .param(target.projectId()).sql(", ").param(target.collection()).sql(", ").param(target.key()).sql(", ");
        target.ownerValue(sql);
        sql.sql(", ").param(cas == null ? new NullParam(Long.class) : cas, "bigint")
                .sql(", ").param(request.semantics().wireName())
                .sql(", ").param(new JsonParam(specs), "jsonb")
                .sql(", ").param(request.expirySeconds().<Object>map(Integer::valueOf).orElse(new NullParam(Integer.class)), "integer")
                .sql(", ").param(request.durability().<Object>map(Durability::wireName).orElse(new NullParam(String.class)), "text")
                .sql(")");
        return sql.build();
    }
}
