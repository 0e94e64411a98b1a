package dev.vellum.auth;

import dev.vellum.config.VellumProperties;
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
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into projects (name, jwt_secret) values ('default', ?) on conflict (name) do nothing returning id")) {
            insert.setBytes(1, ApiKeys.randomSecret());
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
        try (PreparedStatement select = connection.prepareStatement("select id from projects where name = 'default'");
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
            try (PreparedStatement revoke = connection.prepareStatement(
                    "delete from api_keys where project_id = ? and kind = ? and key_hash <> ?")) {
                revoke.setLong(1, projectId);
                revoke.setString(2, kind);
                revoke.setBytes(3, ApiKeys.digest(key));
                int revoked = revoke.executeUpdate();
                if (revoked > 0) {
                    log.info("Revoked {} {} key(s) of the default project replaced by configuration", revoked, kind);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into api_keys (key_hash, project_id, kind) values (?, ?, ?) on conflict (key_hash) do nothing")) {
            insert.setBytes(1, ApiKeys.digest(key));
            insert.setLong(2, projectId);
            insert.setString(3, kind);
            insert.executeUpdate();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
