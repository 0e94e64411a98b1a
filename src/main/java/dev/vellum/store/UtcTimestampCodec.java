package dev.vellum.store;

import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.message.Format;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code timestamptz} in PostgreSQL's text form for UTC sessions,
 * {@code 2024-01-15 10:30:00.123456+00}, into {@link UtcTimestamp} ({@code 2024-01-15T10:30:00.123Z})
 * by moving characters: no {@code OffsetDateTime} is parsed and formatted again on the way. A
 * profile of the NDJSON export found the driver's parse (a {@code DateTimeFormatter} with
 * optional sections) at 35 % of the JVM's time and the formatting at another 10 %. A value of any
 * other form (another offset, a year past 9999, BC, infinity) decodes to {@code null}, and the
 * reader falls back to the driver's {@code OffsetDateTime} ({@code DocumentRow}). Decoding only.
 */
public final class UtcTimestampCodec implements Codec<UtcTimestamp> {

    private static final int TIMESTAMPTZ = PostgresqlObjectId.TIMESTAMPTZ.getObjectId();
    /** {@code YYYY-MM-DD HH:MM:SS}: the part copied as it is, but for the {@code T}. */
    private static final int SECONDS_END = 19;

    @Override
    public boolean canDecode(int dataType, Format format, Class<?> type) {
        return dataType == TIMESTAMPTZ && format == Format.FORMAT_TEXT && type.isAssignableFrom(UtcTimestamp.class);
    }

    @Override
    public UtcTimestamp decode(ByteBuf buffer, int dataType, Format format, Class<? extends UtcTimestamp> type) {
        if (buffer == null) {
            return null;
        }
        String text = ofText(buffer.toString(buffer.readerIndex(), buffer.readableBytes(),
                StandardCharsets.US_ASCII));
        return text == null ? null : new UtcTimestamp(text);
    }

    /** {@code 2024-01-15 10:30:00[.f{1,6}]+00} as {@code 2024-01-15T10:30:00.fffZ}; null for any other form. */
    static String ofText(String value) {
        int length = value.length();
        if (length < SECONDS_END + 3 || !value.endsWith("+00") || !shaped(value)) {
            return null;
        }
        int fractionEnd = length - 3;
        char[] out = new char[24];
        value.getChars(0, SECONDS_END, out, 0);
        out[10] = 'T';
        out[19] = '.';
        int digits = 0;
        if (fractionEnd > SECONDS_END) {
            if (value.charAt(SECONDS_END) != '.' || fractionEnd - SECONDS_END - 1 > 6 || fractionEnd - SECONDS_END < 2) {
                return null;
            }
            for (int i = SECONDS_END + 1; i < fractionEnd; i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                if (digits < 3) {
                    out[20 + digits++] = c;
                }
            }
        }
        while (digits < 3) {
            out[20 + digits++] = '0';
        }
        out[23] = 'Z';
        return new String(out);
    }

    /** Digits and separators where {@code YYYY-MM-DD HH:MM:SS} has them. */
    private static boolean shaped(String value) {
        for (int i = 0; i < SECONDS_END; i++) {
            char c = value.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == ' ';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean canEncode(Object value) {
        return false;
    }

    @Override
    public boolean canEncodeNull(Class<?> type) {
        return false;
    }

    @Override
    public EncodedParameter encode(Object value) {
        throw new UnsupportedOperationException("UtcTimestamp is read only");
    }

    @Override
    public EncodedParameter encode(Object value, int dataType) {
        throw new UnsupportedOperationException("UtcTimestamp is read only");
    }

    @Override
    public EncodedParameter encodeNull() {
        throw new UnsupportedOperationException("UtcTimestamp is read only");
    }
}
