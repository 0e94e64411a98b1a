package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.message.Format;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class UtcTimestampCodecTest {

    private final UtcTimestampCodec codec = new UtcTimestampCodec();

    @Test
    void postgres_text_in_utc_becomes_the_client_form_with_milliseconds() {
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.123+00")).isEqualTo("2024-01-15T10:30:00.123Z");
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00+00")).isEqualTo("2024-01-15T10:30:00.000Z");
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.5+00")).isEqualTo("2024-01-15T10:30:00.500Z");
        // microseconds are cut, as Timestamps.format cuts them
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.123987+00")).isEqualTo("2024-01-15T10:30:00.123Z");
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.123987+00"))
                .isEqualTo(Timestamps.format(OffsetDateTime.parse("2024-01-15T10:30:00.123987Z")));
    }

    @Test
    void every_other_form_is_left_to_the_driver() {
        assertThat(UtcTimestampCodec.ofText("2024-01-15 12:30:00.123+02")).isNull();
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.123+00:30")).isNull();
        assertThat(UtcTimestampCodec.ofText("12024-01-15 10:30:00+00")).isNull();
        assertThat(UtcTimestampCodec.ofText("0044-03-15 10:30:00+00 BC")).isNull();
        assertThat(UtcTimestampCodec.ofText("infinity")).isNull();
        assertThat(UtcTimestampCodec.ofText("-infinity")).isNull();
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.+00")).isNull();
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:00.1234567+00")).isNull();
        assertThat(UtcTimestampCodec.ofText("2024-01-15T10:30:00.123+00")).isNull();
        assertThat(UtcTimestampCodec.ofText("2024-01-15 10:30:0x.123+00")).isNull();
    }

    @Test
    void it_answers_only_for_its_own_type_in_text_form() {
        int timestamptz = PostgresqlObjectId.TIMESTAMPTZ.getObjectId();
        assertThat(codec.canDecode(timestamptz, Format.FORMAT_TEXT, UtcTimestamp.class)).isTrue();
        assertThat(codec.canDecode(timestamptz, Format.FORMAT_TEXT, OffsetDateTime.class)).isFalse();
        assertThat(codec.canDecode(timestamptz, Format.FORMAT_BINARY, UtcTimestamp.class)).isFalse();
        assertThat(codec.canDecode(PostgresqlObjectId.TIMESTAMP.getObjectId(), Format.FORMAT_TEXT, UtcTimestamp.class)).isFalse();
        assertThat(codec.canEncode(new UtcTimestamp("2024-01-15T10:30:00.000Z"))).isFalse();
        assertThat(codec.decode(Unpooled.copiedBuffer("2024-01-15 10:30:00.12+00", StandardCharsets.US_ASCII),
                timestamptz, Format.FORMAT_TEXT, UtcTimestamp.class)).isEqualTo(new UtcTimestamp("2024-01-15T10:30:00.120Z"));
    }
}
