package dev.vellum.auth;

import dev.vellum.config.VellumProperties;
import dev.vellum.projects.ProjectSql;
import dev.vellum.store.JdbcStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates the {@code default} project on first start, right after the migrations and before the
 * server takes requests. Configured bootstrap keys are registered on every start; keys it has to
 * generate are printed once, because only their digests are stored.
 */
@Component
public class DefaultProjectBootstrap implements Callback {

    private static final Logger log = LoggerFactory.getLogger(DefaultProjectBootstrap.class);

    private final VellumProperties.Bootstrap bootstrap;

    public DefaultProjectBootstrap(VellumProperties properties) {
        this.bootstrap = properties.bootstrap();
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            bootstrap(context.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the default project", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "vellum-default-project";
    }

    private void bootstrap(Connection connection) throws SQLException {
        Long created = null;
        try (PreparedStatement insert = JdbcStatements.prepare(connection, ProjectSql.insertDefault(ApiKeys.randomSecret()))) {
            try (ResultSet rows = insert.executeQuery()) {
                if (rows.next()) {
                    created = rows.getLong(1);
                }
            }
        }
        long projectId = created != null ? created : defaultProjectId(connection);
        String publicKey = blankToNull(bootstrap.publicKey());
        String secretKey = blankToNull(bootstrap.secretKey());
        boolean printPublic = false;
        boolean printSecret = false;
        if (publicKey == null && created != null) {
            publicKey = ApiKeys.generate(Caller.KeyKind.PUBLIC);
            printPublic = true;
        }
        if (secretKey == null && created != null) {
            secretKey = ApiKeys.generate(Caller.KeyKind.SECRET);
            printSecret = true;
        }
        register(connection, projectId, publicKey, "public", !printPublic);
        register(connection, projectId, secretKey, "secret", !printSecret);
        if (created != null) {
            log.info("Created the default project (id {})", projectId);
        }
        if (printPublic || printSecret) {
            // Printed once: only digests are stored, so these cannot be shown again.
            System.out.println("""

                    ==================== Vellum default project ====================
                      public key: %s
                      secret key: %s
                    Keep them now: they are stored hashed and will not be shown again.
                    ================================================================
                    """.formatted(printPublic ? publicKey : "(configured)", printSecret ? secretKey : "(configured)"));
        }
    }

    private static long defaultProjectId(Connection connection) throws SQLException {
        try (PreparedStatement select = JdbcStatements.prepare(connection, ProjectSql.defaultId());
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A configured key is the default project's only key of its kind: changing it revokes the old one. */
    private static void register(Connection connection, long projectId, String key, String kind, boolean configured)
            throws SQLException {
        if (key == null) {
            return;
        }
        if (configured) {
            try (PreparedStatement revoke = JdbcStatements.prepare(connection,
                    AuthSql.revokeOtherKeys(projectId, kind, ApiKeys.digest(key)))) {
                int revoked = revoke.executeUpdate();
                if (revoked > 0) {
                    log.info("Revoked {} {} key(s) of the default project replaced by configuration", revoked, kind);
                }
            }
        }
        try (PreparedStatement insert = JdbcStatements.prepare(connection, AuthSql.insertKey(ApiKeys.digest(key), projectId, kind))) {
            insert.executeUpdate();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
