package dev.vellum.store;

import dev.vellum.error.VellumException;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;

/** Binds a rendered {@link Sql} to the R2DBC client: parameters by position, JSON as jsonb. */
public final class Statements {

    /** The PostgreSQL wire protocol counts a statement's parameters in 16 bits. */
    static final int MAX_PARAMETERS = 65_535;

    private Statements() {
    }

    public static DatabaseClient.GenericExecuteSpec prepare(DatabaseClient db, Sql sql) {
        List<Object> params = sql.params();
        if (params.size() > MAX_PARAMETERS) {
            // Postgres would answer "invalid message format" (08P01), which reads as an outage.
            throw VellumException.validation("the request has too many values for one query; split it into smaller requests");
        }
        List<Object> values = new ArrayList<>(params.size());
        for (Object value : params) {
            if (value instanceof JsonParam json) {
                values.add(Json.of(json.json()));
            } else if (value instanceof NullParam nullParam) {
                values.add(Parameters.in(nullParam.type()));
            } else {
                values.add(value);
            }
        }
        // One bindValues call: bind(i, v) copies every earlier binding, quadratic in the parameter count.
        return db.sql(sql.text()).bindValues(values);
    }
}
