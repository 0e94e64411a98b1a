package dev.vellum.store;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;

/** Binds a rendered {@link Sql} to the R2DBC client: parameters by position, JSON as jsonb. */
public final class Statements {

    private Statements() {
    }

    public static DatabaseClient.GenericExecuteSpec prepare(DatabaseClient db, Sql sql) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.text());
        List<Object> params = sql.params();
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof JsonParam json) {
                spec = spec.bind(i, Json.of(json.json()));
            } else if (value instanceof NullParam nullParam) {
                spec = spec.bindNull(i, nullParam.type());
            } else {
                spec = spec.bind(i, value);
            }
        }
        return spec;
    }
}
