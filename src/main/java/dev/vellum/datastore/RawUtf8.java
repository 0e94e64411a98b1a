package dev.vellum.datastore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * JSON text already in UTF-8, for a {@code RawValue}: a generator writing bytes (the HTTP
 * response's) copies the bytes as they are, with no String decoded and encoded again in between.
 * The quoted and char forms, which a raw value never asks for, are made from the decoded text.
 */
final class RawUtf8 implements SerializableString {

    private final byte[] utf8;
    private String text;

    RawUtf8(byte[] utf8) {
        this.utf8 = utf8;
    }

    @Override
    public String getValue() {
        if (text == null) {
            text = new String(utf8, StandardCharsets.UTF_8);
        }
        return text;
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return utf8.clone();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + utf8.length > buffer.length) {
            return -1;
        }
        System.arraycopy(utf8, 0, buffer, offset, utf8.length);
        return utf8.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (utf8.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(utf8);
        return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        return append(getValue().toCharArray(), buffer, offset);
    }

    @Override
    public char[] asQuotedChars() {
        return JsonStringEncoder.getInstance().quoteAsCharArray(getValue());
    }

    @Override
    public byte[] asQuotedUTF8() {
        return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        byte[] quoted = asQuotedUTF8();
        if (offset + quoted.length > buffer.length) {
            return -1;
        }
        System.arraycopy(quoted, 0, buffer, offset, quoted.length);
        return quoted.length;
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return append(asQuotedChars(), buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        byte[] quoted = asQuotedUTF8();
        if (quoted.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(quoted);
        return quoted.length;
    }

    @Override
    public String toString() {
        return getValue();
    }

    private static int append(char[] chars, char[] buffer, int offset) {
        if (offset + chars.length > buffer.length) {
            return -1;
        }
        System.arraycopy(chars, 0, buffer, offset, chars.length);
        return chars.length;
    }
}
