package dev.vellum.kv;

import dev.vellum.auth.Caller;
import dev.vellum.collections.CollectionNames;
import dev.vellum.docstore.DocumentAddress;
import dev.vellum.error.VellumException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;

/**
 * The collection and key of a KV route, decoded from the raw path segments. Spring's path
 * variables drop {@code ;params} and turn malformed UTF-8 into U+FFFD, which would silently alias
 * keys, so the segments are decoded here, strictly.
 */
public record KvPath(String collection, String key) {

    static final int MAX_KEY_BYTES = 250;

    /** This document as {@code caller} sees it. */
    DocumentAddress target(Caller caller) {
        return DocumentAddress.of(caller, collection, key);
    }

    /** Reads {@code /v1/kv/{collection}/{key}}: the third and fourth segments. */
    public static KvPath of(PathContainer path) {
        List<String> segments = path.elements().stream()
                .filter(PathContainer.PathSegment.class::isInstance)
                .map(PathContainer.Element::value)
                .toList();
        String collection = CollectionNames.require(decode(segments.get(2), "collection"));
        String key = segments.size() > 3 ? decode(segments.get(3), "key") : "";
        return new KvPath(collection, requireKey(key));
    }

    /** A collection and key given as they are (not percent-encoded), validated as the routes validate them. */
    public static KvPath of(String collection, String key) {
        return new KvPath(CollectionNames.require(collection), requireKey(key));
    }

    static String requireKey(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_KEY_BYTES) {
            throw invalid("key", "keys are 1 to " + MAX_KEY_BYTES + " bytes of UTF-8");
        }
        if (key.indexOf('\0') >= 0) {
            throw invalid("key", "keys cannot contain the NUL character");
        }
        return key;
    }

    /** Percent-decodes one raw segment; a broken escape or malformed UTF-8 is a 400. */
    static String decode(String raw, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw invalid(field, "incomplete percent-escape in the " + field);
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw invalid(field, "invalid percent-escape in the " + field);
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                int codePoint = raw.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(field, "the " + field + " is not valid UTF-8");
        }
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }
}
