package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.UtcTimestamp;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Row;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A document's timestamps as clients see them, read from PostgreSQL's text: copied in a UTC
 * session (Vellum's), and through the driver's parse in any other (a server set to another zone
 * behind a setting that did not reach the session), with the same answer.
 */
class DocumentRowTimesIntegrationTest extends IntegrationTest {

    private static final String SELECT = "select 'k' as key, null::text as owner, '{}'::jsonb as body, 1::bigint as version,"
            + " timestamptz '2024-01-15 10:30:00.123456+00' as created_at,"
            + " timestamptz '2024-01-15 10:30:00+00' as modified_at";

    @Autowired
    private ConnectionFactory connections;

    @Test
    void a_utc_session_hands_the_text_to_the_copying_codec_and_another_zone_does_not() {
        Function<Row, Optional<UtcTimestamp>> copied = row -> Optional.ofNullable(row.get("created_at", UtcTimestamp.class));
        Optional<UtcTimestamp> utc = read("UTC", copied);
        assertThat(utc).contains(new UtcTimestamp("2024-01-15T10:30:00.123Z"));
        Optional<UtcTimestamp> kolkata = read("Asia/Kolkata", copied);
        assertThat(kolkata).isEmpty();
    }

    @Test
    void the_same_times_in_a_utc_session_and_in_any_other() {
        for (String zone : List.of("UTC", "Asia/Kolkata", "America/St_Johns")) {
            DocumentRow row = read(zone, DocumentRow::read);
            assertThat(row.createdAt()).as(zone).isEqualTo("2024-01-15T10:30:00.123Z");
            assertThat(row.modifiedAt()).as(zone).isEqualTo("2024-01-15T10:30:00.000Z");
        }
    }

    private <T> T read(String zone, Function<Row, T> reader) {
        return Mono.usingWhen(connections.create(),
                (Connection c) -> Flux.from(c.createStatement("set time zone '" + zone + "'").execute())
                        .flatMap(result -> result.getRowsUpdated()).then()
                        .thenMany(Flux.from(c.createStatement(SELECT).execute())
                                .flatMap(result -> result.map((row, meta) -> reader.apply(row))))
                        .single()
                        .flatMap(row -> Flux.from(c.createStatement("reset time zone").execute())
                                .flatMap(result -> result.getRowsUpdated()).then(Mono.just(row))),
                Connection::close).block(Duration.ofSeconds(30));
    }
}
