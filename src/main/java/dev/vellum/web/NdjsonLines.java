package dev.vellum.web;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One JSON tree as an NDJSON line: its compact UTF-8 bytes and {@code \n}. */
public final class NdjsonLines {

    private final JsonMapper json;

    public NdjsonLines(JsonMapper json) {
        this.json = json;
    }

    public byte[] of(JsonNode doc) {
        byte[] bytes = json.writeValueAsBytes(doc);
        byte[] line = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, line, 0, bytes.length);
        line[bytes.length] = '\n';
        return line;
    }
}
