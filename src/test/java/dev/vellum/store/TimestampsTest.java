package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void utc_with_milliseconds_truncated_whatever_the_offset() {
        assertThat(Timestamps.format(OffsetDateTime.of(2026, 12, 3, 9, 5, 1, 250_999_999, ZoneOffset.ofHours(2))))
                .isEqualTo("2026-12-03T07:05:01.250Z");
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void the_same_text_as_the_formatter_it_replaces_across_the_years() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_402_300_799L), random.nextInt(1_000_000_000));
            assertThat(Timestamps.format(instant)).isEqualTo(REFERENCE.format(instant));
        }
        for (Instant edge : new Instant[] {Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertThat(Timestamps.format(edge)).isEqualTo(REFERENCE.format(edge));
        }
    }
}
